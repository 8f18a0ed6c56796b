extension StrategyConfig {
    /// The value of the parameter with full key `key` (`core.bwbDelta`), or nil when no
    /// parameter has that key.
    public func value(of key: String) -> ParameterValue? {
        Self.parameter(key)?.value(in: self)
    }

    /// This configuration with `values` set through the parameter declarations (full keys:
    /// `core.bwbDelta`), then validated as a whole: how an optimizer turns a point of its
    /// search space into a configuration.
    ///
    /// Keys are applied in sorted order. An unknown key, a value of the wrong type (`3.5` or
    /// `"x"` for an integer) or a result that fails ``validate()`` is an error naming the key;
    /// `self` is never changed.
    public func applying(_ values: [String: ParameterValue]) throws(StrategyConfigError) -> StrategyConfig {
        var config = self
        for key in values.keys.sorted() {
            guard let parameter = Self.parameter(key), let value = values[key] else {
                throw .unknownKey(key, allowed: Self.parameters.map(\.key).sorted())
            }
            try parameter.set(value, in: &config)
        }
        try config.validate()
        return config
    }

    /// ``applying(_:)`` for numeric values, the form a numeric search produces.
    public func applying(_ values: [String: Double]) throws(StrategyConfigError) -> StrategyConfig {
        try applying(values.mapValues { ParameterValue.number($0) })
    }
}
