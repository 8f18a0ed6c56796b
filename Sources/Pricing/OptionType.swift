/// Call or put. Parsed from the codes users write: `c`, `p`, `call`, `put` (any case).
public enum OptionType: Sendable, Hashable, CustomStringConvertible {
    case call
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

    /// Inverse of `kernelCode`; nil for any other byte.
    @inlinable public init?(kernelCode: Int8) {
        switch kernelCode {
        case 1: self = .call
        case -1: self = .put
        default: return nil
        }
    }

    public var description: String { self == .call ? "call" : "put" }
}
<<<<<<< HEAD

/// The instruction-set path a batch kernel runs on.
public enum SIMDPath: String, CaseIterable, Sendable {
    /// The widest path the running CPU supports.
    case automatic = "auto"
    case scalar
    case avx2
    case avx512

    var cValue: spx_simd_path {
        switch self {
        case .automatic: SPX_SIMD_AUTO
        case .scalar: SPX_SIMD_SCALAR
        case .avx2: SPX_SIMD_AVX2
        case .avx512: SPX_SIMD_AVX512
        }
    }

    /// The widest path this CPU supports (never `.automatic`).
    public static var best: SIMDPath { SIMDPath(spx_simd_best()) }

    /// Whether this CPU can run the path.
    public var isSupported: Bool { spx_simd_supported(cValue) != 0 }

    /// The concrete path a kernel called with `self` runs on here.
    public var resolved: SIMDPath { SIMDPath(spx_simd_resolve(cValue)) }

    init(_ c: spx_simd_path) {
        switch c {
        case SPX_SIMD_SCALAR: self = .scalar
        case SPX_SIMD_AVX2: self = .avx2
        case SPX_SIMD_AVX512: self = .avx512
        default: self = .automatic
        }
    }
}

/// Written as `"call"` or `"put"`; read from any code ``OptionType/init(code:)`` accepts.
extension OptionType: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard let type = OptionType(code: code) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(code)' is not an option type (call or put)")
        }
        self = type
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
=======
>>>>>>> twins
