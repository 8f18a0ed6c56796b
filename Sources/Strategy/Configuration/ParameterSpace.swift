import Foundation

/// The tunable parameters of the strategy with the ranges a search may sample them from: what
/// `spx30dte config --space` prints, and what an optimizer reads back (perhaps narrowed, or
/// with fewer entries) as its search space.
///
/// The JSON form is `{"parameters": [entry, ...]}`, entries sorted by key, each entry with
/// `key`, `type` (`double` or `integer`), `default`, `min`, `max` (the static range, in `unit`),
/// `unit`, `doc` and, where other parameters bound it, `atLeast`/`atMost` (lists of
/// `{"key", "offset"}`: the value must be at least / at most that parameter's value plus the
/// offset). A point inside `min...max` may still break such a limit; ``StrategyConfig/applying(_:)-([String:Double])``
/// reports it.
public struct ParameterSpace: Sendable, Hashable {
    /// One searchable parameter.
    public struct Dimension: Sendable, Hashable {
        /// The parameter's full key (`core.bwbDelta`).
        public var key: String
        /// `double` or `integer`.
        public var type: ParameterType
        /// The plan's value.
        public var defaultValue: Double
        /// The range searched, within the declared range.
        public var range: ClosedRange<Double>
        /// The unit of the values (as `config --space` prints it).
        public var unit: String
        /// What the parameter is, in words.
        public var doc: String
        /// Parameters whose values (plus offsets) bound this one from below.
        public var atLeast: [ParameterLimit]
        /// Parameters whose values (plus offsets) bound this one from above.
        public var atMost: [ParameterLimit]

        /// The dimension of a tunable numeric declaration, over its whole declared range.
        init?(_ parameter: StrategyParameter) {
            guard parameter.isTunable, parameter.type.isNumeric, let range = parameter.range,
                  case .number(let defaultValue) = parameter.defaultValue else { return nil }
            key = parameter.key
            type = parameter.type
            self.defaultValue = defaultValue
            self.range = range
            unit = parameter.unit
            doc = parameter.doc
            atLeast = parameter.atLeast
            atMost = parameter.atMost
        }
    }

    /// The dimensions, sorted by key, no key twice.
    public private(set) var dimensions: [Dimension]

    /// Every tunable parameter of ``StrategyConfig/parameters`` over its declared range.
    public static let strategy = ParameterSpace(sorting: StrategyConfig.parameters.compactMap(Dimension.init))

    init(sorting dimensions: [Dimension]) {
        self.dimensions = dimensions.sorted { $0.key < $1.key }
    }

    /// The dimension with full key `key`, or nil.
    public func dimension(_ key: String) -> Dimension? { dimensions.first { $0.key == key } }

    // MARK: JSON

    /// The space as pretty-printed JSON with sorted keys, integers written without a
    /// fraction: stable text, byte for byte.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return (try? encoder.encode(SpaceFile(parameters: dimensions))) ?? Data("{}".utf8)
    }

    /// ``jsonData()`` as text, ending with a newline.
    public func jsonString() -> String {
        String(decoding: jsonData(), as: UTF8.self) + "\n"
    }

    /// Reads a space file in the form ``jsonData()`` writes. Each entry names a tunable
    /// parameter by `key`; `min` and `max` (each optional, the declared bound when left out)
    /// must lie within the declared range, be whole for an integer parameter and keep
    /// `min <= max`; `type` and `default`, when given, must agree with the declaration; `unit`,
    /// `doc`, `atLeast` and `atMost` are descriptive and taken from the declaration. Errors
    /// name the parameter's key (or the entry's position when it has no key).
    public static func decode(json data: Data) throws(StrategyConfigError) -> ParameterSpace {
        let file: SpaceFile
        do {
            file = try JSONDecoder().decode(SpaceFile.self, from: data)
        } catch let error as StrategyConfigError {
            throw error
        } catch let error as DecodingError {
            throw StrategyConfigError(decodingError: error)
        } catch {
            throw .invalid(key: "", reason: "\(error)")
        }
        var seen = Set<String>()
        for dimension in file.parameters where !seen.insert(dimension.key).inserted {
            throw .invalid(key: dimension.key, reason: "listed twice in the space")
        }
        return ParameterSpace(sorting: file.parameters)
    }

    /// Reads a space file from a JSON string (see ``decode(json:)-(Data)``).
    public static func decode(json text: String) throws(StrategyConfigError) -> ParameterSpace {
        try decode(json: Data(text.utf8))
    }
}

/// `{"parameters": [...]}`.
private struct SpaceFile: Codable {
    var parameters: [ParameterSpace.Dimension]

    init(parameters: [ParameterSpace.Dimension]) { self.parameters = parameters }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyConfigKey.self)
        if let unknown = container.allKeys.map(\.stringValue).filter({ $0 != "parameters" }).sorted().first {
            throw StrategyConfigError.unknownKey(unknown, allowed: ["parameters"])
        }
        var list: UnkeyedDecodingContainer
        do {
            list = try container.nestedUnkeyedContainer(forKey: AnyConfigKey(stringValue: "parameters"))
        } catch {
            throw StrategyConfigError.invalid(key: "parameters", reason: "expected a list of parameter entries")
        }
        var parameters: [ParameterSpace.Dimension] = []
        while !list.isAtEnd {
            parameters.append(try list.decode(ParameterSpace.Dimension.self))
        }
        self.parameters = parameters
    }
}

extension ParameterSpace.Dimension: Codable {
    private static let fields = ["atLeast", "atMost", "default", "doc", "key", "max", "min", "type", "unit"]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyConfigKey.self)
        func field(_ name: String) -> AnyConfigKey { AnyConfigKey(stringValue: name) }
        try container.encode(key, forKey: field("key"))
        try container.encode(type, forKey: field("type"))
        try encodeNumber(defaultValue, forKey: field("default"), in: &container)
        try encodeNumber(range.lowerBound, forKey: field("min"), in: &container)
        try encodeNumber(range.upperBound, forKey: field("max"), in: &container)
        try container.encode(unit, forKey: field("unit"))
        try container.encode(doc, forKey: field("doc"))
        if !atLeast.isEmpty { try container.encode(atLeast, forKey: field("atLeast")) }
        if !atMost.isEmpty { try container.encode(atMost, forKey: field("atMost")) }
    }

    /// An integer parameter's numbers as JSON integers (`25`, not `25.0`).
    private func encodeNumber(_ number: Double, forKey key: AnyConfigKey,
                              in container: inout KeyedEncodingContainer<AnyConfigKey>) throws {
        if type != .double, let whole = Int(exactly: number) {
            try container.encode(whole, forKey: key)
        } else {
            try container.encode(number, forKey: key)
        }
    }

    /// Reads one entry and checks it against the declaration of its key (see
    /// ``ParameterSpace/decode(json:)-(Data)``).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyConfigKey.self)
        let entry = ConfigPath.text(decoder.codingPath)
        func field(_ name: String) -> AnyConfigKey { AnyConfigKey(stringValue: name) }
        guard let key = try? container.decode(String.self, forKey: field("key")) else {
            throw StrategyConfigError.invalid(key: entry, reason: "an entry needs a \"key\" naming a tunable parameter")
        }
        if let unknown = container.allKeys.map(\.stringValue).filter({ !Self.fields.contains($0) }).sorted().first {
            throw StrategyConfigError.unknownKey("\(key).\(unknown)", allowed: Self.fields)
        }
        guard let parameter = StrategyConfig.parameter(key) else {
            throw StrategyConfigError.unknownKey(key, allowed: ParameterSpace.strategy.dimensions.map(\.key))
        }
        guard let declared = Self(parameter) else {
            throw StrategyConfigError.invalid(key: key, reason: "is not a tunable parameter")
        }
        self = declared
        func number(_ name: String) throws -> Double? {
            do {
                return try container.decodeIfPresent(Double.self, forKey: field(name))
            } catch {
                throw StrategyConfigError.invalid(key: key, reason: "the space's \(name) must be a number")
            }
        }
        let typeName: String?
        do {
            typeName = try container.decodeIfPresent(String.self, forKey: field("type"))
        } catch {
            throw StrategyConfigError.invalid(key: key, reason: "the space's type must be a string")
        }
        if let typeName, typeName != type.rawValue {
            throw StrategyConfigError.invalid(key: key, reason: "the space's type \(typeName) is not the declared \(type.rawValue)")
        }
        let declaredText = "\(parameter.text(range.lowerBound))...\(parameter.text(range.upperBound))"
        let lower = try number("min") ?? range.lowerBound
        let upper = try number("max") ?? range.upperBound
        for (name, bound) in [("min", lower), ("max", upper)] {
            guard range.contains(bound) else {
                throw StrategyConfigError.outOfRange(key: key, value: "\(name) \(parameter.text(bound))", allowed: declaredText)
            }
            if type == .integer, bound.rounded() != bound {
                throw StrategyConfigError.invalid(key: key, reason: "the space's \(name) \(bound) is not an integer")
            }
        }
        guard lower <= upper else {
            throw StrategyConfigError.invalid(
                key: key, reason: "the space's min \(parameter.text(lower)) exceeds its max \(parameter.text(upper))")
        }
        if let given = try number("default"), given != defaultValue {
            throw StrategyConfigError.invalid(
                key: key, reason: "the space's default \(parameter.text(given)) is not the declared \(parameter.text(defaultValue))")
        }
        range = lower...upper
    }
}
