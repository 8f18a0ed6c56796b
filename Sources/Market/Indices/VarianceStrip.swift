import Foundation

/// One expiry's out-of-the-money option strip and the two model-free quantities CBOE
/// computes from it: the variance of the VIX method and the skewness of the SKEW method.
///
/// ## Construction (Cboe VIX white paper, steps 1 and 2)
/// - Forward: at the strike whose call and put mids differ least (both sides quoted with a
///   bid), F = K + e^{RT} (C - P).
/// - K0: the first strike at or below F.
/// - Strip: puts below K0 and calls above it, walking away from K0; a strike whose bid is
///   zero (or missing, or crossed) is skipped, and after two consecutive such strikes no
///   further strike is taken. At K0 the put and call mids are averaged.
/// - Delta K: half the distance between the strip's neighbours on either side of a strike;
///   at either end, the distance to the one neighbour.
///
/// ## Variance (the VIX method)
///     sigma^2 = 2/T sum dK_i / K_i^2 e^{RT} Q(K_i) - 1/T (F / K0 - 1)^2
///
/// ## Skewness (Cboe SKEW white paper)
/// With e1 = -(1 + ln(F/K0) - F/K0), e2 = 2 ln(K0/F) (F/K0 - 1) + ln(K0/F)^2 / 2 and
/// e3 = 3 ln(K0/F)^2 (ln(K0/F) / 3 - 1 + F/K0), the moments of R = ln(S_T / F):
///
///     P1 = e^{RT} (-sum dK_i / K_i^2 Q_i) + e1
///     P2 = e^{RT} sum 2 / K_i^2 (1 - ln(K_i/F)) Q_i dK_i + e2
///     P3 = e^{RT} sum 3 / K_i^2 (2 ln(K_i/F) - ln(K_i/F)^2) Q_i dK_i + e3
///     S  = (P3 - 3 P1 P2 + 2 P1^3) / (P2 - P1^2)^{3/2}
///
/// Units: T in years (minutes / 525,600), R per year, strikes and prices in index points;
/// ``variance`` per year (per 1.00^2), ``skewness`` dimensionless.
public struct VarianceStrip: Sendable, Hashable {
    public let timeToExpiry: Double
    public let rate: Double
    /// F, from put-call parity.
    public let forward: Double
    /// K0, the first strike at or below F.
    public let atTheMoneyStrike: Double
    /// The strip's strikes, ascending.
    public let strikes: [Double]
    /// Q(K): the put mid below K0, the call mid above, their average at K0.
    public let prices: [Double]
    /// Delta K of each strike of the strip.
    public let strikeIntervals: [Double]

    /// The strip of one expiry.
    ///
    /// - Throws: ``VolatilityIndexError`` when the expiry has no forward or fewer than two
    ///   strikes survive the cutoff, or its columns are malformed.
    public init(_ quotes: ExpiryQuotes) throws(VolatilityIndexError) {
        let t = quotes.timeToExpiry
        guard quotes.isWellFormed, t > 0, t.isFinite else { throw .malformedExpiry(timeToExpiry: t) }
        let growth = Foundation.exp(quotes.rate * t)
        let n = quotes.count

        // The forward: the smallest |C - P| among strikes with a bid on both sides.
        var parityRow = -1
        var smallest = Double.infinity
        for i in 0..<n where Self.hasBid(quotes.callBids[i], quotes.callAsks[i]) && Self.hasBid(quotes.putBids[i], quotes.putAsks[i]) {
            let difference = abs(Self.mid(quotes.callBids[i], quotes.callAsks[i]) - Self.mid(quotes.putBids[i], quotes.putAsks[i]))
            if difference < smallest { smallest = difference; parityRow = i }
        }
        guard parityRow >= 0 else { throw .noForward(timeToExpiry: t) }
        let forward = quotes.strikes[parityRow] + growth
            * (Self.mid(quotes.callBids[parityRow], quotes.callAsks[parityRow]) - Self.mid(quotes.putBids[parityRow], quotes.putAsks[parityRow]))
        // K0: the last strike at or below F (the first strike when F lies below every strike).
        var k0Row = 0
        for i in 0..<n where quotes.strikes[i] <= forward { k0Row = i }

        var putSide: [(Double, Double)] = []
        var zeroBids = 0
        var i = k0Row - 1
        while i >= 0 && zeroBids < 2 {
            if Self.hasBid(quotes.putBids[i], quotes.putAsks[i]) {
                putSide.append((quotes.strikes[i], Self.mid(quotes.putBids[i], quotes.putAsks[i])))
                zeroBids = 0
            } else {
                zeroBids += 1
            }
            i -= 1
        }
        var callSide: [(Double, Double)] = []
        zeroBids = 0
        i = k0Row + 1
        while i < n && zeroBids < 2 {
            if Self.hasBid(quotes.callBids[i], quotes.callAsks[i]) {
                callSide.append((quotes.strikes[i], Self.mid(quotes.callBids[i], quotes.callAsks[i])))
                zeroBids = 0
            } else {
                zeroBids += 1
            }
            i += 1
        }
        // At K0 both mids are averaged; a side without a usable quote is left out of the average.
        let k0Mids = [(quotes.putBids[k0Row], quotes.putAsks[k0Row]), (quotes.callBids[k0Row], quotes.callAsks[k0Row])]
            .filter { $0.1.isFinite && $0.1 > 0 && $0.0.isFinite && $0.0 >= 0 && $0.0 <= $0.1 }
            .map { Self.mid($0.0, $0.1) }

        var strip: [(Double, Double)] = putSide.reversed()
        if !k0Mids.isEmpty { strip.append((quotes.strikes[k0Row], k0Mids.reduce(0, +) / Double(k0Mids.count))) }
        strip += callSide
        guard strip.count >= 2 else { throw .strikesTooFew(timeToExpiry: t, count: strip.count) }

        let strikes = strip.map(\.0)
        var intervals = [Double](repeating: 0, count: strikes.count)
        for j in strikes.indices {
            let lower = j > 0 ? strikes[j - 1] : strikes[j]
            let upper = j + 1 < strikes.count ? strikes[j + 1] : strikes[j]
            intervals[j] = (upper - lower) / (j > 0 && j + 1 < strikes.count ? 2 : 1)
        }
        self.timeToExpiry = t
        self.rate = quotes.rate
        self.forward = forward
        self.atTheMoneyStrike = quotes.strikes[k0Row]
        self.strikes = strikes
        self.prices = strip.map(\.1)
        self.strikeIntervals = intervals
    }

    /// sigma^2 of the VIX method, per year.
    public var variance: Double {
        let t = timeToExpiry
        var sum = 0.0
        for j in strikes.indices { sum += strikeIntervals[j] / (strikes[j] * strikes[j]) * prices[j] }
        let gap = forward / atTheMoneyStrike - 1
        return 2 / t * Foundation.exp(rate * t) * sum - gap * gap / t
    }

    /// P1, P2 and P3 of the SKEW method: the first three moments of ln(S_T / F) about 0.
    public var logReturnMoments: (p1: Double, p2: Double, p3: Double) {
        let growth = Foundation.exp(rate * timeToExpiry)
        var s1 = 0.0, s2 = 0.0, s3 = 0.0
        for j in strikes.indices {
            let k = strikes[j]
            let weight = prices[j] * strikeIntervals[j] / (k * k)
            let x = Foundation.log(k / forward)
            s1 -= weight
            s2 += 2 * (1 - x) * weight
            s3 += 3 * (2 * x - x * x) * weight
        }
        let x0 = Foundation.log(atTheMoneyStrike / forward)
        let ratio = forward / atTheMoneyStrike
        let e1 = -(1 + Foundation.log(ratio) - ratio)
        let e2 = 2 * x0 * (ratio - 1) + 0.5 * x0 * x0
        let e3 = 3 * x0 * x0 * (x0 / 3 - 1 + ratio)
        return (growth * s1 + e1, growth * s2 + e2, growth * s3 + e3)
    }

    /// S, the skewness of ln(S_T / F) (nil when the strip's variance is not positive).
    public var skewness: Double? {
        let (p1, p2, p3) = logReturnMoments
        let centred = p2 - p1 * p1
        guard centred > 0 else { return nil }
        return (p3 - 3 * p1 * p2 + 2 * p1 * p1 * p1) / (centred * centred.squareRoot())
    }

    /// A quote usable in the strip: a positive bid at or below a finite ask.
    @inline(__always)
    static func hasBid(_ bid: Double, _ ask: Double) -> Bool { bid > 0 && ask.isFinite && bid <= ask }

    @inline(__always)
    static func mid(_ bid: Double, _ ask: Double) -> Double { 0.5 * (bid + ask) }
}
