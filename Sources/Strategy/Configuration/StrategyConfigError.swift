/// Why a configuration was rejected; every case names the key by its JSON path.
public enum StrategyConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A key the configuration does not have; `allowed` lists the keys of that object.
    case unknownKey(String, allowed: [String])
    /// A number outside its allowed range.
    case outOfRange(key: String, value: String, allowed: String)
    /// A value of the wrong type or one that breaks a rule between fields.
    case invalid(key: String, reason: String)

    /// The JSON path of the offending key.
    public var key: String {
        switch self {
        case .unknownKey(let key, _): return key
        case .outOfRange(let key, _, _): return key
        case .invalid(let key, _): return key
        }
    }

    public var description: String {
        switch self {
        case .unknownKey(let key, let allowed):
            return "unknown configuration key '\(key)' (allowed here: \(allowed.joined(separator: ", ")))"
        case .outOfRange(let key, let value, let allowed):
            return "configuration key '\(key)' is \(value), outside its allowed range \(allowed)"
        case .invalid(let key, let reason):
            return "configuration key '\(key)' is invalid: \(reason)"
        }
    }

    /// A decoding failure outside any one parameter (text that is not JSON, a document that
    /// is not an object), named by the path the decoder was at.
    init(decodingError: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String { ConfigPath.text(codingPath) }
        switch decodingError {
        case .typeMismatch(let type, let context):
            self = .invalid(key: path(context.codingPath), reason: "expected \(type)")
        case .valueNotFound(let type, let context):
            self = .invalid(key: path(context.codingPath), reason: "expected \(type)")
        case .keyNotFound(let key, let context):
            self = .invalid(key: path(context.codingPath + [key]), reason: "missing")
        case .dataCorrupted(let context):
            self = .invalid(key: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            self = .invalid(key: "", reason: "\(decodingError)")
        }
    }
}
