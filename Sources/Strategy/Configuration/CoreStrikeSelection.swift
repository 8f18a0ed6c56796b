/// How the core's short strike is chosen.
public enum CoreStrikeSelection: String, Sendable, Hashable, Codable, CaseIterable {
    /// The put whose |delta| is nearest ``CoreConfig/bwbDelta``.
    case delta
    /// The listed strike nearest spot x (1 - ``CoreConfig/shortStrikeOffset``).
    case offset
}
