import Foundation

/// The expected position of a Brownian path inside a session from the session's open, high,
/// low and close: a Brownian bridge from 0 to `close` conditioned on its maximum and minimum.
///
/// Between the open and the close the history records only the extremes. The straight line
/// from open to close is the bridge's mean at a given moment when nothing else is known. The
/// extremes say more: a high far above both ends means the path spent time up there. With the
/// path killed outside the strip [`minimum`, `maximum`], the density of the bridge at share `s`
/// of the session and of its staying in the strip is
///
///     A(x) = q(0, x; s v) q(x, c; (1 - s) v) / phi(c; v)
///
/// where q is the strip's transition density (the method of images:
/// sum over k of phi(y - x + 2kL) - phi(y + x - 2m + 2kL), L = M - m), c the close and v the
/// session's variance. The joint density of the position and of the extremes taking exactly
/// the values (M, m) is -d2A / dM dm; the expected position is its first moment over x in
/// [m, M] divided by its mass (composite Simpson over ``intervals`` panels, within 1e-7 of the
/// range of a 4,000-panel rule; the series is cut at |k| <= ``images``, beyond which, for a
/// variance up to the range squared, the terms fall under exp(-60)). All in log units of the
/// index.
///
/// On simulated paths with the true variance, conditioning on the extremes takes out about
/// three fifths of the straight line's error variance at 11:45 (`s` = 0.346), and the estimate
/// barely depends on the variance used (Garman-Klass from the same four figures costs
/// about 5% of that gain). Real sessions are not Brownian: their lows are sharper than their
/// highs, and the expectation lies a few basis points under the straight line on average
/// (``IntradayLevelEstimate`` takes that mean out).
public enum BrownianBridgeRange {
    /// Simpson panels over [m, M] (even).
    public static let intervals = 100
    /// Images on each side of the strip.
    public static let images = 6

    /// The expected log move from the open at share `share` (0...1) of the session, given the
    /// session's log move to the close `close`, its extremes (`maximum` >= max(0, close),
    /// `minimum` <= min(0, close)) and its variance `variance` (log units squared, > 0).
    /// Extremes that touch an end are moved a millionth of a standard deviation beyond it,
    /// the limit the density tends to. Nil where the figures are not finite or ordered, or
    /// the density carries no mass.
    public static func expectedMove(atShare share: Double, close: Double, maximum: Double, minimum: Double,
                                    variance: Double) -> Double? {
        guard valid(close: close, maximum: maximum, minimum: minimum, variance: variance), share.isFinite else { return nil }
        if share <= 0 { return 0 }
        if share >= 1 { return close }
        guard let nodes = weightedNodes(atShare: share, close: close, maximum: maximum, minimum: minimum,
                                        variance: variance) else { return nil }
        var moment = 0.0
        for (x, weight) in zip(nodes.moves, nodes.weights) { moment += weight * x }
        guard moment.isFinite else { return nil }
        return moment / nodes.mass
    }

    /// The distribution behind ``expectedMove(atShare:close:maximum:minimum:variance:)``: the
    /// log move at share `share` on Simpson's nodes over [`minimum`, `maximum`], each with its
    /// probability (its density times the rule's weight, over the mass; a density a rounding
    /// below zero counts as zero). Its mean is the expected move to within that rounding. One
    /// node at the open or the close when `share` is 0 or 1; nil as for the expected move.
    public static func moveDistribution(atShare share: Double, close: Double, maximum: Double, minimum: Double,
                                        variance: Double) -> [(move: Double, probability: Double)]? {
        guard valid(close: close, maximum: maximum, minimum: minimum, variance: variance), share.isFinite else { return nil }
        if share <= 0 { return [(0, 1)] }
        if share >= 1 { return [(close, 1)] }
        guard let nodes = weightedNodes(atShare: share, close: close, maximum: maximum, minimum: minimum,
                                        variance: variance) else { return nil }
        let clipped = nodes.weights.map { max($0, 0) }
        let total = clipped.reduce(0, +)
        return zip(nodes.moves, clipped).map { ($0, $1 / total) }
    }

    private static func valid(close: Double, maximum: Double, minimum: Double, variance: Double) -> Bool {
        close.isFinite && maximum.isFinite && minimum.isFinite && variance.isFinite && variance > 0
            && maximum >= max(0, close) && minimum <= min(0, close)
    }

    /// The nodes, each node's density times Simpson's weight, and their sum (the mass); nil
    /// where the mass is not positive.
    private static func weightedNodes(atShare share: Double, close: Double, maximum: Double, minimum: Double,
                                      variance: Double) -> (moves: [Double], weights: [Double], mass: Double)? {
        let nudge = 1e-6 * variance.squareRoot()
        let top = max(maximum, max(0, close) + nudge), bottom = min(minimum, min(0, close) - nudge)
        let before = share * variance, after = (1 - share) * variance
        let width = (top - bottom) / Double(intervals)
        var moves = [Double](), weights = [Double]()
        moves.reserveCapacity(intervals + 1)
        weights.reserveCapacity(intervals + 1)
        var mass = 0.0
        for j in 0...intervals {
            let x = bottom + Double(j) * width
            let first = StripDensity(from: 0, to: x, variance: before, bottom: bottom, top: top)
            let second = StripDensity(from: x, to: close, variance: after, bottom: bottom, top: top)
            let density = -(first.dTopBottom * second.value + first.dTop * second.dBottom
                + first.dBottom * second.dTop + first.value * second.dTopBottom)
            let weight = j == 0 || j == intervals ? 1.0 : (j % 2 == 1 ? 4.0 : 2.0)
            mass += weight * density
            moves.append(x)
            weights.append(weight * density)
        }
        guard mass > 0, mass.isFinite else { return nil }
        return (moves, weights, mass)
    }

    /// The Garman-Klass variance of a session from its log moves (open to close, to the high,
    /// to the low): 0.5 (high - low)^2 - (2 ln 2 - 1) close^2, or Parkinson's
    /// (high - low)^2 / (4 ln 2) where that is not positive. Nil where the range is zero.
    public static func garmanKlassVariance(close: Double, maximum: Double, minimum: Double) -> Double? {
        let range = maximum - minimum
        guard range > 0, range.isFinite, close.isFinite else { return nil }
        let garmanKlass = 0.5 * range * range - (2 * Foundation.log(2.0) - 1) * close * close
        return garmanKlass > 0 ? garmanKlass : range * range / (4 * Foundation.log(2.0))
    }

    /// The expected level at share `share` of a session with these open, high, low and close
    /// (index points), its variance read from the same four figures (``garmanKlassVariance``):
    /// the open times exp of ``expectedMove``. Nil where the four figures do not describe a
    /// session (not positive, or the open or close outside the high-low range).
    public static func expectedLevel(atShare share: Double, open: Double, high: Double, low: Double,
                                     close: Double) -> Double? {
        guard let session = logSession(open: open, high: high, low: low, close: close),
              let expected = expectedMove(atShare: share, close: session.close, maximum: session.up,
                                          minimum: session.down, variance: session.variance)
        else { return nil }
        return open * Foundation.exp(expected)
    }

    /// The distribution behind ``expectedLevel(atShare:open:high:low:close:)``: the levels of
    /// ``moveDistribution(atShare:close:maximum:minimum:variance:)`` with their probabilities.
    public static func levelDistribution(atShare share: Double, open: Double, high: Double, low: Double,
                                         close: Double) -> [(level: Double, probability: Double)]? {
        guard let session = logSession(open: open, high: high, low: low, close: close),
              let nodes = moveDistribution(atShare: share, close: session.close, maximum: session.up,
                                           minimum: session.down, variance: session.variance)
        else { return nil }
        return nodes.map { (open * Foundation.exp($0.move), $0.probability) }
    }

    /// A session's log moves from its open and its Garman-Klass variance; nil where the four
    /// figures do not describe a session.
    private static func logSession(open: Double, high: Double, low: Double, close: Double)
        -> (close: Double, up: Double, down: Double, variance: Double)? {
        guard open > 0, high > 0, low > 0, close > 0, low <= min(open, close), high >= max(open, close) else { return nil }
        let move = Foundation.log(close / open)
        let up = Foundation.log(high / open), down = Foundation.log(low / open)
        guard let variance = garmanKlassVariance(close: move, maximum: up, minimum: down) else { return nil }
        return (move, up, down, variance)
    }
}

/// The transition density of a Brownian motion killed outside [bottom, top], from `from` to
/// `to` over a time whose variance is `variance`, with its derivatives in the two boundaries.
struct StripDensity {
    var value = 0.0
    var dTop = 0.0
    var dBottom = 0.0
    var dTopBottom = 0.0

    init(from start: Double, to end: Double, variance: Double, bottom: Double, top: Double) {
        let width = top - bottom
        let norm = 1 / (2 * Double.pi * variance).squareRoot()
        for k in -BrownianBridgeRange.images...BrownianBridgeRange.images {
            let shift = 2 * Double(k) * width
            // phi(z), phi'(z) = -z/v phi, phi''(z) = (z^2/v^2 - 1/v) phi for z = direct and mirrored
            // paths; d z / d top and d z / d bottom are (2k, -2k) and (2k, -2 - 2k).
            let direct = end - start + shift, mirrored = end + start - 2 * bottom + shift
            let pd = norm * Foundation.exp(-direct * direct / (2 * variance))
            let pm = norm * Foundation.exp(-mirrored * mirrored / (2 * variance))
            let d1 = -direct / variance * pd, m1 = -mirrored / variance * pm
            let d2 = (direct * direct / (variance * variance) - 1 / variance) * pd
            let m2 = (mirrored * mirrored / (variance * variance) - 1 / variance) * pm
            let kk = 2 * Double(k)
            value += pd - pm
            dTop += kk * d1 - kk * m1
            dBottom += -kk * d1 + (2 + kk) * m1
            dTopBottom += -kk * kk * d2 + kk * (2 + kk) * m2
        }
    }
}
