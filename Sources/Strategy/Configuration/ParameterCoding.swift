/// The JSON objects the parameters' dotted keys spell, and reading and writing a
/// configuration through them: `core.bwbDelta` is the field `bwbDelta` of the object `core`.
///
/// Reading is forgiving about what is missing and strict about what is wrong: a missing or
/// null key keeps the value the configuration had (or, inside a given fee object, zero); a
/// key the object does not declare, or a value the parameter's type cannot hold, is an error
/// naming the key by its full path.
enum ParameterCoding {
    /// One JSON object of the configuration: its fields in declaration order.
    struct Object: Sendable {
        var fields: [(name: String, node: Node)] = []
    }

    indirect enum Node: Sendable {
        case parameter(StrategyParameter)
        case object(Object)
    }

    /// The root object of ``StrategyConfig/parameters``.
    static let root: Object = {
        var root = Object()
        for parameter in StrategyConfig.parameters {
            root.insert(parameter, at: parameter.key.split(separator: ".").map(String.init)[...])
        }
        return root
    }()

    /// The object at a dotted group path (`"fills.spxFees"`), or nil; `""` is the root.
    static func object(at path: String) -> Object? {
        var object = root
        for name in path.split(separator: ".") {
            guard case .object(let inner)? = object.fields.first(where: { $0.name == name })?.node else { return nil }
            object = inner
        }
        return object
    }

    /// Reads the JSON object `decoder` holds as the object at `path` into `config`.
    static func decode(_ config: inout StrategyConfig, at path: String, from decoder: any Decoder) throws {
        guard let object = object(at: path) else { return }
        try read(object, from: try decoder.container(keyedBy: AnyConfigKey.self), into: &config)
    }

    /// Writes the object at `path` of `config` to `encoder`.
    static func encode(_ config: StrategyConfig, at path: String, to encoder: any Encoder) throws {
        guard let object = object(at: path) else { return }
        var container = encoder.container(keyedBy: AnyConfigKey.self)
        try write(object, of: config, into: &container)
    }

    private static func read(_ object: Object, from container: KeyedDecodingContainer<AnyConfigKey>,
                             into config: inout StrategyConfig) throws {
        let allowed = object.fields.map(\.name)
        // Sorted so that a file with several mistakes always reports the same one first.
        if let unknown = container.allKeys.map(\.stringValue).filter({ !allowed.contains($0) }).sorted().first {
            let path = ConfigPath.text(container.codingPath + [AnyConfigKey(stringValue: unknown)])
            throw StrategyConfigError.unknownKey(path, allowed: allowed.sorted())
        }
        for (name, node) in object.fields {
            let codingKey = AnyConfigKey(stringValue: name)
            let path = container.codingPath + [codingKey]
            let given = try container.contains(codingKey) && !container.decodeNil(forKey: codingKey)
            switch node {
            case .parameter(let parameter):
                if given {
                    do {
                        try parameter.decodeValue(&config, container, codingKey)
                    } catch {
                        let failed = deepest(path, error)
                        let expected = failed.count > path.count ? parameter.elementExpectation : nil
                        throw StrategyConfigError.invalid(key: ConfigPath.text(failed),
                                                          reason: "expected \(expected ?? parameter.expectation)")
                    }
                } else if let omitted = parameter.valueWhenOmittedFromGivenObject {
                    try parameter.set(omitted, in: &config)
                }
            case .object(let inner):
                guard given else { continue }
                let nested: KeyedDecodingContainer<AnyConfigKey>
                do {
                    nested = try container.nestedContainer(keyedBy: AnyConfigKey.self, forKey: codingKey)
                } catch {
                    throw StrategyConfigError.invalid(key: ConfigPath.text(path), reason: "expected an object")
                }
                try read(inner, from: nested, into: &config)
            }
        }
    }

    /// The path of a list element that failed (`probe.probeDays[1]`) when the decoder names
    /// one below the parameter, else the parameter's own path.
    private static func deepest(_ path: [any CodingKey], _ error: any Error) -> [any CodingKey] {
        let context: DecodingError.Context?
        switch error as? DecodingError {
        case .typeMismatch(_, let c)?, .valueNotFound(_, let c)?, .dataCorrupted(let c)?: context = c
        default: context = nil
        }
        guard let failed = context?.codingPath, failed.count > path.count,
              zip(failed, path).allSatisfy({ $0.stringValue == $1.stringValue }) else { return path }
        return failed
    }

    private static func write(_ object: Object, of config: StrategyConfig,
                              into container: inout KeyedEncodingContainer<AnyConfigKey>) throws {
        for (name, node) in object.fields {
            let codingKey = AnyConfigKey(stringValue: name)
            switch node {
            case .parameter(let parameter):
                try parameter.encodeValue(config, &container, codingKey)
            case .object(let inner):
                var nested = container.nestedContainer(keyedBy: AnyConfigKey.self, forKey: codingKey)
                try write(inner, of: config, into: &nested)
            }
        }
    }
}

extension ParameterCoding.Object {
    /// Adds `parameter` at the remaining components of its key, creating objects on the way.
    /// A key that would make a parameter also an object is ignored (a test checks that every
    /// declared key is reachable).
    mutating func insert(_ parameter: StrategyParameter, at components: ArraySlice<String>) {
        guard let name = components.first else { return }
        let rest = components.dropFirst()
        guard let index = fields.firstIndex(where: { $0.name == name }) else {
            if rest.isEmpty {
                fields.append((name, .parameter(parameter)))
            } else {
                var inner = ParameterCoding.Object()
                inner.insert(parameter, at: rest)
                fields.append((name, .object(inner)))
            }
            return
        }
        guard !rest.isEmpty, case .object(var inner) = fields[index].node else { return }
        inner.insert(parameter, at: rest)
        fields[index].node = .object(inner)
    }
}

/// A key spelled by whatever the JSON holds, for finding keys a type does not know.
struct AnyConfigKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

enum ConfigPath {
    /// `core.bwbDelta`, `probe.probeDays[1]`.
    static func text(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
