/// Call or put. Parsed from the codes users write: `c`, `p`, `call`, `put` (any case).
public enum OptionType: Sendable, Hashable, CustomStringConvertible {
    /// The right to buy at the strike.
    case call
    /// The right to sell at the strike.
    case put

    /// Parses `c`, `p`, `call` or `put`, ignoring ASCII case; nil for anything else.
    public init?<S: StringProtocol>(code: S) {
        switch code.lowercased() {
        case "c", "call": self = .call
        case "p", "put": self = .put
        default: return nil
        }
    }

    /// The kernels' code: +1 call, -1 put.
    @inlinable public var kernelCode: Int8 { self == .call ? 1 : -1 }

    /// Inverse of ``kernelCode``; nil for any other byte.
    @inlinable public init?(kernelCode: Int8) {
        switch kernelCode {
        case 1: self = .call
        case -1: self = .put
        default: return nil
        }
    }

    /// `"call"` or `"put"`.
    public var description: String { self == .call ? "call" : "put" }
}

/// Written as `"call"` or `"put"`; read from any code ``OptionType/init(code:)`` accepts.
extension OptionType: Codable {
    /// Reads a string such as `"call"` or `"p"`.
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the string when it is no option type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard let type = OptionType(code: code) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(code)' is not an option type (call or put)")
        }
        self = type
    }

    /// Writes ``description``: `"call"` or `"put"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
