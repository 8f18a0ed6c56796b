import Foundation
import Pricing

/// One expiry of S&P 500 quotes synthesized from a ``VolatilitySurface`` at any time to
/// expiry, laid out for the CBOE index methods (``ExpiryQuotes``): the strip the anchored fit
/// runs through ``VarianceStrip`` to compare with the day's VIX, VIX9D, VIX3M and SKEW.
///
/// Quotes are made the way ``ChainBuilder`` makes them: the mid is the Black-Scholes value at
/// the surface vol (puts directly, calls by put-call parity on the same forward), and bid and
/// ask come from the ``SpreadModel`` at the day's VIX, so that far strikes lose their bid
/// where the chain's do and the zero-bid cutoff ends the strip in the same place.
///
/// The strikes are multiples of h = max(5, 5 floor(0.15 v sqrt(T) S / 5)) index points (v the
/// surface's variance-swap vol, S spot): about seven strikes per standard deviation of the
/// terminal price, which keeps the strip's sum within a few hundredths of a vol point of the
/// integral while pricing far fewer strikes than the listed 5-point grid of a high index level.
/// They run outward from the forward on each side until two consecutive out-of-the-money
/// strikes have no bid (or the strike reaches 0).
enum SyntheticIndexStrip {
    static func expiry(surface: VolatilitySurface, timeToExpiry t: Double, spreadModel: SpreadModel,
                       date: TradingDate) -> ExpiryQuotes {
        let anchors = surface.anchors
        let slice = surface.slice(timeToExpiry: t)
        let forward = slice.forward
        let discount = Foundation.exp(-anchors.rate * t)
        let deviation = surface.varianceSwapVolatility(timeToExpiry: t) * t.squareRoot() * anchors.spot
        let step = max(5, 5 * (0.15 * deviation / 5).rounded(.down))
        let spreads = spreadModel.logSpread
        let expiryTerm = spreads.expiryTerm(product: .spx, date: date, vix: anchors.vix, timeToExpiry: t)
        let dividendDiscount = Foundation.exp(-anchors.dividendYield * t)
        let ticks = spreadModel.ticks(for: .spx)
        func quote(mid: Double, absoluteDelta: Double) -> (bid: Double, ask: Double) {
            let spread = mid < ticks.minimumTick ? 0 : spreads.spread(mid: mid, absoluteDelta: absoluteDelta, expiryTerm: expiryTerm)
            return SpreadModel.quote(mid: mid, spread: spread, ticks: ticks)
        }
        // The smile's phi(theta) once for the expiry (two pow calls), not once per strike.
        let shape = slice.shape, theta = slice.atmTotalVariance
        let phi = shape.phi(theta)

        /// (put bid, put ask, call bid, call ask) at `k`.
        func quotes(_ k: Double) -> (Double, Double, Double, Double) {
            let x = Foundation.log(k / forward)
            let sd = shape.totalVariance(x, theta: theta, phi: phi).squareRoot()
            let d1 = Foundation.log(forward / k) / sd + 0.5 * sd
            let put = max(discount * (k * BlackScholes.normalCDF(sd - d1) - forward * BlackScholes.normalCDF(-d1)), 0)
            let call = max(put + discount * (forward - k), 0)
            let callDelta = dividendDiscount * BlackScholes.normalCDF(d1)
            let p = quote(mid: put, absoluteDelta: dividendDiscount - callDelta)
            let c = quote(mid: call, absoluteDelta: callDelta)
            return (p.bid, p.ask, c.bid, c.ask)
        }

        var below: [(Double, (Double, Double, Double, Double))] = []
        var k = (forward / step).rounded(.down) * step
        var zeroBids = 0
        while k > 0 && zeroBids < 2 {
            let q = quotes(k)
            below.append((k, q))
            zeroBids = q.0 > 0 ? 0 : zeroBids + 1
            k -= step
        }
        var above: [(Double, (Double, Double, Double, Double))] = []
        k = (forward / step).rounded(.down) * step + step
        zeroBids = 0
        while zeroBids < 2 {
            let q = quotes(k)
            above.append((k, q))
            zeroBids = q.2 > 0 ? 0 : zeroBids + 1
            k += step
        }
        let rows = below.reversed() + above
        return ExpiryQuotes(timeToExpiry: t, rate: anchors.rate, strikes: rows.map(\.0),
                            callBids: rows.map(\.1.2), callAsks: rows.map(\.1.3),
                            putBids: rows.map(\.1.0), putAsks: rows.map(\.1.1))
    }
}
