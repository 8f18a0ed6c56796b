/// One strategy parameter, declared once: its key, type, default, allowed range, unit, doc
/// and whether an optimizer may tune it. Decoding, encoding, validation, `config --default`
/// and the parameter space all read ``StrategyConfig/parameters``, the list of these.
///
/// The descriptor reaches its field of ``StrategyConfig`` through a key path held behind
/// closures, so one array holds parameters of every Swift type.
public struct StrategyParameter: Sendable {
    /// The full JSON path of the key, groups joined by dots: `core.bwbDelta`.
    public let key: String
    /// The value's type (double, integer, unsigned, a choice, ...), which decoding checks.
    public let type: ParameterType
    /// The plan's value (``StrategyConfig/default`` holds the same; a test checks it).
    public let defaultValue: ParameterValue
    /// The static allowed range of a numeric parameter, in its unit; nil when any value of
    /// the type is allowed (the seed) or the parameter is not a number.
    public let range: ClosedRange<Double>?
    /// Lower bounds other parameters set, on top of ``range`` (the value is at least each).
    public let atLeast: [ParameterLimit]
    /// Upper bounds other parameters set, on top of ``range`` (the value is at most each).
    public let atMost: [ParameterLimit]
    /// The names a choice (or each element of a list of days) may take; empty otherwise.
    public let choices: [String]
    /// What the number measures: `delta`, `calendar days`, `dollars`, `fraction`, `SPX points`.
    public let unit: String
    /// One line saying what the parameter does.
    public let doc: String
    /// Whether an optimizer may search over it. Numbers with a range are, except where the
    /// declaration says why not (the capital, the cost model, a level the other parameters
    /// are written at); the seed, choices and lists are not.
    public let isTunable: Bool
    /// Rules beyond the range, checked before it.
    let rules: [ParameterRule]
    /// The value a field takes when the JSON object holding it is given without it (the fee
    /// objects: a product's fees written out are written out in full, what is left out is
    /// zero); nil keeps the default.
    let valueWhenOmittedFromGivenObject: ParameterValue?

    let read: @Sendable (StrategyConfig) -> ParameterValue
    let write: @Sendable (inout StrategyConfig, ParameterValue) -> Bool
    let describe: @Sendable (StrategyConfig) -> String
    let expectation: String
    let elementExpectation: String?
    let decodeValue: @Sendable (inout StrategyConfig, KeyedDecodingContainer<AnyConfigKey>, AnyConfigKey) throws -> Void
    let encodeValue: @Sendable (StrategyConfig, inout KeyedEncodingContainer<AnyConfigKey>, AnyConfigKey) throws -> Void

    init<Value: ParameterRepresentable>(
        _ key: String,
        _ field: WritableKeyPath<StrategyConfig, Value> & Sendable,
        default defaultValue: Value,
        range: ClosedRange<Double>? = nil,
        atLeast: [ParameterLimit] = [],
        atMost: [ParameterLimit] = [],
        unit: String = "",
        tunable: Bool,
        doc: String,
        rules: [ParameterRule] = [],
        whenOmittedFromGivenObject omitted: Value? = nil
    ) {
        self.key = key
        self.type = Value.parameterType
        self.defaultValue = defaultValue.parameterValue
        self.range = range
        self.atLeast = atLeast
        self.atMost = atMost
        self.choices = Value.choices
        self.unit = unit
        self.doc = doc
        self.isTunable = tunable
        self.rules = rules
        self.valueWhenOmittedFromGivenObject = omitted?.parameterValue
        self.expectation = Value.expectation
        self.elementExpectation = Value.elementExpectation
        read = { config in config[keyPath: field].parameterValue }
        write = { config, value in
            guard let typed = Value(parameterValue: value) else { return false }
            config[keyPath: field] = typed
            return true
        }
        describe = { config in "\(config[keyPath: field])" }
        decodeValue = { config, container, codingKey in
            config[keyPath: field] = try container.decode(Value.self, forKey: codingKey)
        }
        encodeValue = { config, container, codingKey in
            try container.encode(config[keyPath: field], forKey: codingKey)
        }
    }

    /// The parameter's value in `config`.
    public func value(in config: StrategyConfig) -> ParameterValue { read(config) }

    /// The number range checks compare, nil when the parameter is not a single number.
    func number(in config: StrategyConfig) -> Double? {
        guard type.isNumeric, case .number(let number) = read(config) else { return nil }
        return number
    }

    /// Sets the parameter in `config` without validating; fails, naming the key and the
    /// expected type, when `value` is of the wrong kind.
    func set(_ value: ParameterValue, in config: inout StrategyConfig) throws(StrategyConfigError) {
        if !write(&config, value) {
            throw .invalid(key: key, reason: "expected \(expectation), got \(value)")
        }
    }

    /// The allowed range in `config`: the static range narrowed by the limits other
    /// parameters set. The bounds may cross when a limit's parameter is itself invalid;
    /// ``StrategyConfig/validate()`` checks parameters in declaration order so that does not
    /// happen for a configuration it accepts.
    public func bounds(in config: StrategyConfig) -> (lower: Double, upper: Double)? {
        guard let range else { return nil }
        var lower = range.lowerBound
        var upper = range.upperBound
        for limit in atLeast {
            if let bound = StrategyConfig.parameter(limit.key)?.number(in: config) { lower = max(lower, bound + limit.offset) }
        }
        for limit in atMost {
            if let bound = StrategyConfig.parameter(limit.key)?.number(in: config) { upper = min(upper, bound + limit.offset) }
        }
        return (lower, upper)
    }

    /// Checks the rules, then the range; the error names the key (and the range).
    func validate(_ config: StrategyConfig) throws(StrategyConfigError) {
        for rule in rules {
            if let reason = rule.violation(config) { throw .invalid(key: key, reason: reason) }
        }
        guard let number = number(in: config), let (lower, upper) = bounds(in: config) else { return }
        if !number.isFinite { throw .invalid(key: key, reason: "must be a finite number") }
        if !(lower <= number && number <= upper) {
            throw .outOfRange(key: key, value: describe(config), allowed: "\(text(lower))...\(text(upper))")
        }
    }

    /// A bound written like the parameter's values: `7` for days, `0.1` and `1000.0` for numbers.
    func text(_ bound: Double) -> String {
        if type != .double, let whole = Int(exactly: bound) { return "\(whole)" }
        return "\(bound)"
    }
}
