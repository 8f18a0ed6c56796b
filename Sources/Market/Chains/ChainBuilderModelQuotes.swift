import Pricing

/// One listed series asked for by expiry, type and strike, wherever its strike lies.
public struct SeriesRequest: Sendable, Hashable {
    public var expiry: ListedExpiry
    public var type: OptionType
    public var strike: Double

    public init(expiry: ListedExpiry, type: OptionType, strike: Double) {
        self.expiry = expiry
        self.type = type
        self.strike = strike
    }
}

extension ChainBuilder {
    /// Synthesized quotes of single series of `product` on `date`, made by the same code that
    /// synthesizes a chain (the day's surface, one kernel call, the spread model), for strikes
    /// a built chain does not hold: a held leg whose strike is off today's grid or outside the
    /// strike window. A listed series does not disappear because the index moved.
    ///
    /// - Parameters:
    ///   - expiryUnderlyings: the underlying and time to settlement to use for an expiry (a
    ///     chain's own, so the quote sits on the same curve as its neighbours); otherwise they
    ///     are computed as for a chain.
    /// - Returns: one quote per request, nil for a series that has settled or whose model
    ///   value is not finite.
    /// - Throws: ``ChainBuilderError`` when the day is not a session, lacks the data a chain
    ///   is priced from, or the product is not listed.
    public func modelQuotes(_ requests: [SeriesRequest], on date: TradingDate, product: OptionProduct,
                            expiryUnderlyings: [ListedExpiry: (underlying: Double, time: Double)] = [:],
                            workspace: inout ChainWorkspace) throws(ChainBuilderError) -> [OptionQuote?] {
        guard !requests.isEmpty else { return [] }
        let day = try marketDay(date)
        guard product.isListed(on: date) else { throw .notListed(product, date) }
        let surface = try surface(day, product: product)
        let quoteMinute = listing.quoteMinute(on: date)
        let rate = day.riskFreeRate ?? 0
        let dividendYield = product == .vix ? rate : (day.dividendYield ?? 0)
        let regimeVIX = day.vixClose ?? surface.anchors.vix

        // One plan per expiry with its requested strikes, in the builder's column order.
        var expiries: [ListedExpiry] = []
        var plans: [ExpiryPlan] = []
        for expiry in Set(requests.map(\.expiry)).sorted() {
            let given = expiryUnderlyings[expiry]
            let t = given?.time ?? expiry.years(fromQuoteDate: date, quoteMinute: quoteMinute)
            guard t > 0 else { continue }
            let underlying = given?.underlying
                ?? (product == .vix ? surface.vixFuture(timeToExpiry: t) : day.spxClose * product.indexScale)
            let strikes = Set(requests.filter { $0.expiry == expiry }.map(\.strike)).sorted()
            expiries.append(expiry)
            plans.append(ExpiryPlan(timeToExpiry: t, underlying: underlying, strikes: strikes, realRows: []))
        }
        let total = plans.reduce(0) { $0 + 2 * $1.strikes.count }
        guard total > 0 else { return requests.map { _ in nil } }
        workspace.resize(to: total)
        var columns = OptionColumns(capacity: 0)
        columns.expiryIndex.reserveCapacity(total)
        var offset = 0
        for (e, plan) in plans.enumerated() {
            fillSynthetic(plan, at: offset, product: product, surface: surface, rate: rate, dividendYield: dividendYield,
                          workspace: &workspace)
            columns.expiryIndex.append(contentsOf: repeatElement(Int32(e), count: 2 * plan.strikes.count))
            offset += 2 * plan.strikes.count
        }
        columns.sources = Array(repeating: .synthetic, count: total)
        try priceAndQuote(&columns, workspace: &workspace, product: product, date: date, plans: plans, regimeVIX: regimeVIX)

        var starts: [Int] = []
        offset = 0
        for plan in plans {
            starts.append(offset)
            offset += 2 * plan.strikes.count
        }
        return requests.map { request in
            guard let e = expiries.firstIndex(of: request.expiry) else { return nil }
            let plan = plans[e]
            guard let j = plan.strikes.firstIndex(of: request.strike) else { return nil }
            let i = starts[e] + (request.type == .call ? plan.strikes.count : 0) + j
            guard columns.mids[i].isFinite, columns.deltas[i].isFinite else { return nil }
            return OptionQuote(expiry: request.expiry, type: request.type, strike: request.strike,
                               underlying: plan.underlying, timeToExpiry: plan.timeToExpiry, bid: columns.bids[i],
                               ask: columns.asks[i], mid: columns.mids[i], iv: columns.ivs[i], delta: columns.deltas[i],
                               gamma: columns.gammas[i], vega: columns.vegas[i], theta: columns.thetas[i],
                               source: .synthetic)
        }
    }
}
