/// The forward a set of quotes implies by put-call parity, robust to a few stale or wide
/// quotes: at each strike quoted on both sides F = K + g (C - P) at mids (g = e^{rT}, the
/// growth of cash to settlement), and the median of the five estimates with the smallest
/// |C - P|, the strikes nearest the forward, where parity is tightest.
public enum PutCallParity {
    /// The median forward of `pairs` (strike, call mid less put mid, in points); nil when
    /// fewer than `minimumStrikes` (at least 1) are given.
    public static func forward(_ pairs: [(strike: Double, callLessPut: Double)], growth: Double = 1,
                               minimumStrikes: Int = 1) -> Double? {
        guard pairs.count >= max(minimumStrikes, 1) else { return nil }
        let estimates = pairs.sorted { abs($0.callLessPut) < abs($1.callLessPut) }.prefix(5)
            .map { $0.strike + growth * $0.callLessPut }.sorted()
        let n = estimates.count
        return n % 2 == 1 ? estimates[n / 2] : 0.5 * (estimates[n / 2 - 1] + estimates[n / 2])
    }
}
