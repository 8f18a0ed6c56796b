/// What the core's wing widths (and its minimum credit) are measured in.
public enum WingScaling: String, Sendable, Hashable, Codable, CaseIterable {
    /// Fixed SPX points, whatever the index level: DESIGN's literal 50/100.
    case points
    /// SPX points at ``CoreConfig/wingReferenceLevel``, scaled by spot / reference level: the
    /// same fraction of the index in every era (50/100 at 4,500 are 1.11%/2.22% of spot, about
    /// 13/27 points at SPX 1,200 and 67/133 at SPX 6,000). The strikes are then the listed
    /// strikes nearest those distances.
    case spot
}
