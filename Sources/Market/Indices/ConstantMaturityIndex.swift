/// CBOE's volatility indices on the S&P 500 and the tenor and near-term rule each uses.
public enum VolatilityIndexTenor: String, Sendable, Hashable, CaseIterable {
    case vix9d = "VIX9D"
    case vix = "VIX"
    case vix3m = "VIX3M"

    /// The constant maturity in calendar days.
    public var targetDays: Double {
        switch self {
        case .vix9d: 9
        case .vix: 30
        case .vix3m: 93
        }
    }

    /// The fewest days a near term may have. VIX: a week (the rule of the monthly-only era,
    /// when the near term rolled to the next month with less than a week left; with Weeklys
    /// the bracketing expiries are 23-37 days out anyway). VIX3M: a week. VIX9D: a day (an
    /// assumption of this project, not a published rule): with monthly expiries only, a longer
    /// minimum would leave no near term and extrapolate 9 days from two terms a month and
    /// more out, which fails on a steep term structure.
    public var minimumDays: Double {
        switch self {
        case .vix9d: 1
        case .vix, .vix3m: 7
        }
    }
}

/// A constant-maturity index from two expiries, as CBOE computes VIX, VIX9D, VIX3M and SKEW.
///
/// ## Term selection
/// The near term is the latest expiry at most `targetDays` out with at least `minimumDays`;
/// the next term the first expiry beyond the target. When no expiry qualifies as near (the
/// monthly-only era just before a roll), the first two expiries beyond the minimum are used
/// and the rule extrapolates, as the VIX method did before Weeklys. An expiry whose strip
/// cannot be formed (no forward, too few strikes) is passed over for the next candidate.
///
/// ## Interpolation
/// Total variance is linear in time (the VIX white paper, step 3, with minutes):
///
///     sigma^2 = [T1 s1^2 (T2 - T) / (T2 - T1) + T2 s2^2 (T - T1) / (T2 - T1)] / T,
///     index = 100 sqrt(sigma^2);
///
/// the skewness linearly in time, S = w S1 + (1 - w) S2 with w = (T2 - T) / (T2 - T1), and
/// SKEW = 100 - 10 S (the SKEW white paper). T in years: minutes / 525,600.
public struct ConstantMaturityIndex: Sendable, Hashable {
    /// The target maturity in years.
    public let target: Double
    public let near: VarianceStrip
    public let next: VarianceStrip

    /// The terms of `expiries` around `targetDays` (calendar days).
    ///
    /// - Throws: ``VolatilityIndexError/noTerms(targetDays:minimumDays:expiries:)`` when no
    ///   pair can be formed.
    public init(expiries: [ExpiryQuotes], targetDays: Double, minimumDays: Double) throws(VolatilityIndexError) {
        let target = targetDays / 365
        let terms = Self.termCandidates(expiries.map(\.timeToExpiry), target: target, minimum: minimumDays / 365)
        var near: VarianceStrip?
        for i in terms.near {
            if let strip = try? VarianceStrip(expiries[i]) { near = strip; break }
        }
        var beyond = terms.beyond.lazy.compactMap { try? VarianceStrip(expiries[$0]) }.makeIterator()
        if near == nil { near = beyond.next() }
        guard let near, let next = beyond.next() else {
            throw .noTerms(targetDays: targetDays, minimumDays: minimumDays, expiries: expiries.count)
        }
        self.target = target
        self.near = near
        self.next = next
    }

    /// The term rule on times to expiry (years, any order), as indices into `times`: the
    /// near-term candidates, latest first (at least `minimum`, at most `target`), and those
    /// beyond the target, earliest first. The near term is the first near candidate whose
    /// strip can be formed, the next term the first beyond; with no near term, the first two
    /// beyond.
    public static func termCandidates(_ times: [Double], target: Double, minimum: Double) -> (near: [Int], beyond: [Int]) {
        let eligible = times.indices.filter { times[$0] >= minimum - 1e-12 }.sorted { (times[$0], $0) < (times[$1], $1) }
        return (eligible.filter { times[$0] <= target + 1e-12 }.reversed(), eligible.filter { times[$0] > target + 1e-12 })
    }

    /// The index of `tenor` from `expiries`.
    public init(expiries: [ExpiryQuotes], tenor: VolatilityIndexTenor) throws(VolatilityIndexError) {
        try self.init(expiries: expiries, targetDays: tenor.targetDays, minimumDays: tenor.minimumDays)
    }

    /// The weight of the near term, (T2 - T) / (T2 - T1) (above 1 or below 0 when extrapolating).
    public var nearWeight: Double {
        (next.timeToExpiry - target) / (next.timeToExpiry - near.timeToExpiry)
    }

    /// The interpolated variance per year (0 when an extrapolation would make it negative).
    public var variance: Double {
        let w = nearWeight
        let total = w * near.timeToExpiry * near.variance + (1 - w) * next.timeToExpiry * next.variance
        return max(total / target, 0)
    }

    /// The volatility index in vol points (VIX 12.82 means 12.82%).
    public var volatilityIndex: Double { 100 * variance.squareRoot() }

    /// The interpolated skewness S; nil when either strip has none.
    public var skewness: Double? {
        guard let s1 = near.skewness, let s2 = next.skewness else { return nil }
        let w = nearWeight
        return w * s1 + (1 - w) * s2
    }

    /// The SKEW index, 100 - 10 S; nil when either strip has no skewness.
    public var skewIndex: Double? { skewness.map { 100 - 10 * $0 } }
}
