/// VIX, VIX9D, VIX3M and SKEW computed from one day's chain by the CBOE methods, beside the
/// values CBOE published for that day.
///
/// Index levels in points as published. A computed value is nil when the chain cannot form
/// the index's terms (``VolatilityIndexError``, kept in ``failures``); a published one is nil
/// when the history has no close (VIX9D before 2011, VIX3M before 2009-09-18).
public struct IndexReplication: Sendable {
    public var date: TradingDate
    public var computed: [VolatilityIndexTenor: Double] = [:]
    public var published: [VolatilityIndexTenor: Double] = [:]
    public var computedSkew: Double?
    public var publishedSkew: Double?
    /// Why an index could not be computed, by name (VIX, VIX9D, VIX3M, SKEW).
    public var failures: [String: VolatilityIndexError] = [:]

    /// The indices of `expiries` (the day's chain) against `day`'s published closes, each from
    /// the expiries it uses on that day (``VolatilityIndexTenor/uses(_:on:)``).
    public init(expiries: [ExpiryQuotes], day: MarketDay) {
        date = day.date
        published[.vix] = day.vixClose
        published[.vix9d] = day.vix9d
        published[.vix3m] = day.vix3m
        publishedSkew = day.skew
        for tenor in VolatilityIndexTenor.allCases {
            do {
                let index = try ConstantMaturityIndex(expiries: expiries.filter { tenor.uses($0.kind, on: day.date) }, tenor: tenor)
                computed[tenor] = index.volatilityIndex
                if tenor == .vix { computedSkew = index.skewIndex }
            } catch {
                failures[tenor.rawValue] = error
            }
        }
    }

    /// computed - published for `tenor`, when both exist.
    public func error(_ tenor: VolatilityIndexTenor) -> Double? {
        guard let c = computed[tenor], let p = published[tenor] else { return nil }
        return c - p
    }

    /// computed - published SKEW, when both exist.
    public var skewError: Double? {
        guard let c = computedSkew, let p = publishedSkew else { return nil }
        return c - p
    }
}
