import Market
import Pricing

/// Model quotes for single series, priced exactly as ``ChainBuilder`` synthesizes a chain:
/// the day's ``VolatilitySurface`` (Black-76 on the interpolated VIX future for VIX options),
/// the day's rate and dividend yield, time from the close to settlement, and the builder's
/// ``SpreadModel`` around the model value. Surfaces are built once per day and product.
package struct ModelQuoter: Sendable {
    let builder: ChainBuilder
    private var date: TradingDate?
    private var surfaces: [OptionProduct: VolatilitySurface] = [:]

    package init(builder: ChainBuilder) { self.builder = builder }

    /// The quote of `leg`'s series on `day`; when `expiryUnderlying` is given (the chain's
    /// underlying and time for the expiry) those are used, so the quote sits on the same
    /// curve as its neighbours. Nil when the series has settled or the day has no surface.
    package mutating func quote(for leg: Leg, day: MarketDay, expiryUnderlying: (underlying: Double, time: Double)?) -> OptionQuote? {
        if date != day.date {
            date = day.date
            surfaces.removeAll(keepingCapacity: true)
        }
        let product = leg.product
        let surface: VolatilitySurface
        if let cached = surfaces[product] {
            surface = cached
        } else {
            guard let built = try? builder.surface(on: day.date, product: product) else { return nil }
            surfaces[product] = built
            surface = built
        }
        let t = expiryUnderlying?.time ?? builder.listing.yearsToSettlement(of: leg.expiry, from: day.date)
        guard t > 0 else { return nil }
        let rate = day.riskFreeRate ?? 0
        let underlying: Double
        let dividendYield: Double
        let volatility: Double
        if product == .vix {
            underlying = expiryUnderlying?.underlying ?? surface.vixFuture(timeToExpiry: t)
            dividendYield = rate
            volatility = surface.vixOptionVolatility(strike: leg.strike, future: underlying, timeToExpiry: t)
        } else {
            underlying = expiryUnderlying?.underlying ?? day.spxClose * product.indexScale
            dividendYield = day.dividendYield ?? 0
            volatility = surface.volatility(strike: leg.strike, timeToExpiry: t)
        }
        let greeks = BlackScholes.greeks(leg.type, spot: underlying, strike: leg.strike, timeToExpiry: t, rate: rate,
                                         dividendYield: dividendYield, volatility: volatility)
        guard greeks.price.isFinite, greeks.delta.isFinite else { return nil }
        let side = builder.spreadModel.quote(mid: greeks.price, product: product, vix: day.vixClose ?? surface.anchors.vix,
                                             timeToExpiry: t)
        return OptionQuote(expiry: leg.expiry, type: leg.type, strike: leg.strike, underlying: underlying,
                           timeToExpiry: t, bid: side.bid, ask: side.ask, mid: greeks.price, iv: volatility,
                           delta: greeks.delta, gamma: greeks.gamma, vega: greeks.vega, theta: greeks.theta,
                           source: .synthetic)
    }
}
