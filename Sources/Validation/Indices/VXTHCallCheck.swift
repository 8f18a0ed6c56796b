import Foundation
import Market
import Pricing

/// One VXTH day's held VIX call: the recorded mid and the synthesized one.
public struct VXTHCallPrice: Sendable, Hashable {
    public var date: TradingDate
    public var expiration: TradingDate
    public var strike: Double
    /// The VIX future of the expiry interpolated from the day's settles (``VolatilitySurface/vixFuture(timeToExpiry:)``).
    public var future: Double
    /// The surface's Black-76 vol (per 1.00).
    public var volatility: Double
    public var recordedMid: Double
    public var synthesizedMid: Double
    /// synthesized / recorded.
    public var ratio: Double { synthesizedMid / recordedMid }
}

/// The VIX calls the VXTH index held, priced by the synthesized VIX chain.
///
/// For each day of the file that holds a call (strike above 0) with a recorded mid above 0:
/// Black-76 on the VIX future of that expiry (the day's settles interpolated to the
/// expiry's settlement at 09:30), at ``VolatilitySurface/vixOptionVolatility(strike:future:timeToExpiry:)``,
/// discounted at the day's rate: exactly the synthesized VIX chain's mid of that strike.
public struct VXTHCallCheck: Sendable {
    public var prices: [VXTHCallPrice]
    /// Held-call days the history cannot price (not a session, no VIX close), with why.
    public var skipped: [(TradingDate, String)]

    public init(days: [VXTHDay], builder: ChainBuilder) {
        prices = []
        skipped = []
        let listing = builder.listing
        for day in days where day.holdsCall && day.mid > 0 {
            guard let market = builder.history.day(day.date) else {
                skipped.append((day.date, "not a session of the market history"))
                continue
            }
            let surface: VolatilitySurface
            do {
                surface = try builder.surface(on: day.date, product: .vix)
            } catch {
                skipped.append((day.date, error.description))
                continue
            }
            let t = TimeToExpiry.years(from: day.date, minute: listing.quoteMinute(on: day.date),
                                       to: day.expiration, minute: NYSERules.openMinute)
            guard t > 0 else {
                skipped.append((day.date, "the call settled on \(day.expiration)"))
                continue
            }
            let future = surface.vixFuture(timeToExpiry: t)
            let vol = surface.vixOptionVolatility(strike: day.strike, future: future, timeToExpiry: t)
            let rate = market.riskFreeRate ?? 0
            let mid = BlackScholes.greeks(.call, spot: future, strike: day.strike, timeToExpiry: t, rate: rate,
                                          dividendYield: rate, volatility: vol).price
            prices.append(VXTHCallPrice(date: day.date, expiration: day.expiration, strike: day.strike, future: future,
                                        volatility: vol, recordedMid: day.mid, synthesizedMid: mid))
        }
    }

    /// The median of synthesized / recorded over every priced day.
    public var medianRatio: Double { Statistics.median(prices.map(\.ratio)) }

    /// The median ratio and day count of each calendar year.
    public var byYear: [(year: Int, medianRatio: Double, days: Int)] {
        Dictionary(grouping: prices, by: { $0.date.year }).keys.sorted().map { year in
            let ratios = prices.filter { $0.date.year == year }.map(\.ratio)
            return (year, Statistics.median(ratios), ratios.count)
        }
    }

    /// The `count` days farthest from a ratio of 1 (in log terms) among those whose recorded
    /// mid is at least `minimumMid` (the day before expiry often records 0.025, half a tick).
    public func worstDays(_ count: Int, minimumMid: Double = 0) -> [VXTHCallPrice] {
        Array(prices.filter { $0.recordedMid >= minimumMid }
            .sorted { abs(Foundation.log($0.ratio)) > abs(Foundation.log($1.ratio)) }.prefix(count))
    }
}
