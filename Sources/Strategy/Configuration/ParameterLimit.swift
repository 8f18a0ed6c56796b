/// A bound of one parameter that another parameter sets: `probe.probeMinDTE` may not exceed
/// `probe.probeDTE`, `probe.exitDTE` may not exceed `probe.probeDTE - 1`.
///
/// A limit holds in addition to the parameter's static range; the static range is the envelope
/// a search samples from, the limits decide which points of it are valid configurations.
public struct ParameterLimit: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The full key of the parameter whose value sets the bound (a numeric parameter declared
    /// earlier, so that it has been validated before the bound is read).
    public var key: String
    /// Added to that parameter's value; -1 turns "at most probeDTE" into "below probeDTE".
    public var offset: Double

    /// A bound set by the parameter `key`, plus `offset`.
    public init(_ key: String, offset: Double = 0) {
        self.key = key
        self.offset = offset
    }

    /// `probe.probeDTE`, `probe.probeDTE - 1`, `hedge.rollDTE + 1`.
    public var description: String {
        if offset == 0 { return key }
        let magnitude = Int(exactly: abs(offset)).map(String.init) ?? "\(abs(offset))"
        return "\(key) \(offset < 0 ? "-" : "+") \(magnitude)"
    }
}

/// A rule a parameter's value must meet that a range cannot say (no repeated probe day, a
/// strictly decreasing ladder). It reads the whole configuration and returns why the value
/// is rejected, or nil.
public struct ParameterRule: Sendable {
    let violation: @Sendable (StrategyConfig) -> String?

    /// A rule from `violation`, which returns why a configuration breaks it, or nil.
    public init(_ violation: @escaping @Sendable (StrategyConfig) -> String?) {
        self.violation = violation
    }
}
