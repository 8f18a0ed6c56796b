/// How much of a day's surface is solved from its published indices (``SurfaceAnchorFit``).
public enum SurfaceAnchoring: String, Sendable, Hashable, CaseIterable, Codable {
    /// The parametric surface alone: ATM multiplier from ``SurfaceParameters``, smile from the
    /// VIX regime.
    case parametric
    /// ATM multipliers per anchor tenor solved so that the CBOE method on the synthesized
    /// strips gives back the day's VIX, VIX9D and VIX3M; the smile stays parametric.
    case levels
    /// As ``levels``, and the smile's rho (then eta) solved so that the strip gives back SKEW.
    case levelsAndSkew = "levels-and-skew"

    /// What a ``ChainBuilder`` uses unless told otherwise.
    public static let `default` = SurfaceAnchoring.levelsAndSkew
}
