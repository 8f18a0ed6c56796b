import Foundation
import Testing
import Pricing

/// Options with (almost) no time left: below `BlackScholes.expiryThreshold` every path gives
/// the limit as t -> 0, computed here independently from the payoff; just above it the
/// figures are still the model's, and no price anywhere is negative.
@Suite("Black-Scholes at and near expiry")
struct ExpiryLimitTests {
    static let paths = [SIMDPath.scalar, .avx2, .avx512].filter(\.isSupported)

    /// Call and put, in, at and out of the money, with rates and yields of both signs.
    static let contracts: [(OptionType, spot: Double, strike: Double, rate: Double, div: Double)] = [
        (.call, 4500, 4400, 0.05, 0.015), (.put, 4500, 4400, 0.05, 0.015),
        (.call, 4500, 4600, 0.05, 0.015), (.put, 4500, 4600, 0.05, 0.015),
        (.call, 100, 100, 0.05, 0.01), (.put, 100, 100, 0.05, 0.01),
        (.call, 100, 100, -0.01, 0.03), (.put, 100, 100, -0.01, 0.03),
        (.call, 1, 1e6, 0.02, 0.0), (.put, 1e6, 1, 0.02, 0.0),
        (.call, 25.5, 25.49999, 0.0, 0.0), (.put, 25.5, 25.50001, 0.0, 0.0),
    ]

    @Test(arguments: paths)
    func belowTheThresholdTheLimitIsTheDiscountedPayoff(path: SIMDPath) {
        let times = [BlackScholes.expiryThreshold / 2, 1e-60, 1e-200, 1e-300, .leastNonzeroMagnitude]
        var batch = OptionBatch()
        var expected: [Greeks] = []
        // 12 contracts x 5 times x 3 vols = 180 options: whole vectors and a tail on every path.
        for t in times {
            for sigma in [0.01, 0.2, 5.0] {
                for c in Self.contracts {
                    batch.append(c.0, spot: c.spot, strike: c.strike, timeToExpiry: t, rate: c.rate,
                                 dividendYield: c.div, volatility: sigma)
                    let sign = c.0 == .call ? 1.0 : -1.0
                    let exercised = c.spot == c.strike ? 0.5 : (sign * (c.spot - c.strike) > 0 ? 1 : 0)
                    let spotDiscounted = c.spot * exp(-c.div * t), strikeDiscounted = c.strike * exp(-c.rate * t)
                    expected.append(Greeks(
                        price: max(sign * exercised * (spotDiscounted - strikeDiscounted), 0),
                        delta: sign * exercised * exp(-c.div * t), gamma: 0, vega: 0,
                        theta: sign * exercised * (c.div * spotDiscounted - c.rate * strikeDiscounted),
                        rho: sign * exercised * t * strikeDiscounted))
                }
            }
        }
        let greeks = BlackScholes.greeks(batch, path: path)
        for i in 0..<batch.count {
            let got = greeks[i], want = expected[i]
            let label = "\(path.rawValue) option \(i): t \(batch.timeToExpiry[i]) K \(batch.strike[i])"
            #expect(abs(got.price - want.price) <= 1e-15 * batch.spot[i], "\(label): price \(got.price) vs \(want.price)")
            #expect(got.price >= 0 && got.price.sign == .plus, "\(label): price \(got.price)")
            #expect(abs(got.delta - want.delta) <= 1e-15, "\(label): delta \(got.delta) vs \(want.delta)")
            #expect(got.gamma == 0 && got.vega == 0, "\(label): gamma \(got.gamma), vega \(got.vega)")
            #expect(abs(got.theta - want.theta) <= 1e-13 * batch.spot[i], "\(label): theta \(got.theta) vs \(want.theta)")
            // Subnormal rho (t near the least double) carries absolute rounding.
            #expect(abs(got.rho - want.rho) <= max(1e-15 * abs(want.rho), 1e-300), "\(label): rho \(got.rho) vs \(want.rho)")
        }
        // The scalar price-only entry agrees with the greeks entry.
        let prices = BlackScholes.prices(batch, path: path)
        let agree = prices.indices.allSatisfy { prices[$0].bitPattern == greeks[$0].price.bitPattern }
        #expect(agree)
    }

    /// Just above the threshold the model still applies: at the money the price is the time
    /// value 0.4 S sigma sqrt(t) (to the rounding of S), gamma its finite, huge value.
    @Test(arguments: paths)
    func justAboveTheThresholdTheModelStillApplies(path: SIMDPath) {
        let t = 4e-30, spot = 100.0, sigma = 0.2
        let call = BlackScholes.greeks(OptionBatch.single(.call, spot: spot, strike: spot, t: t, sigma: sigma), path: path)[0]
        let s = sigma * t.squareRoot()
        #expect(call.price >= 0 && call.price <= 4 * spot * s)
        #expect(abs(call.gamma / (0.3989422804014327 / (spot * s)) - 1) < 1e-12)
        #expect(abs(call.delta - 0.5) < 1e-12)
    }

    /// Over expiries from 1e-320 years to an hour, spots and strikes near each other (where
    /// the price is a difference of near-equal terms): no price below zero, every figure finite.
    @Test(arguments: paths)
    func noNegativePricesAsExpiryNears(path: SIMDPath) {
        var batch = OptionBatch()
        var state: UInt64 = 0x5eed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<20_000 {
            // ln(1e-320) = -736.8: down among the subnormal doubles.
            let t = exp(-736.8 + uniform() * (log(1.0 / 8760) + 736.8))
            let spot = exp(uniform() * log(10_000.0))
            let strike = spot * (1 + (uniform() - 0.5) * 1e-12)
            batch.append(i % 2 == 0 ? .call : .put, spot: spot, strike: i % 3 == 0 ? spot : strike, timeToExpiry: t,
                         rate: uniform() * 0.1 - 0.01, dividendYield: uniform() * 0.05, volatility: 0.01 + uniform())
        }
        let greeks = BlackScholes.greeks(batch, path: path)
        for i in 0..<batch.count {
            let g = greeks[i]
            #expect(g.price >= 0, "option \(i): t \(batch.timeToExpiry[i]) price \(g.price)")
            let finite = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho].allSatisfy { $0.isFinite }
            #expect(finite, "option \(i)")
            #expect(g.gamma < 1e90, "option \(i): gamma \(g.gamma) at t \(batch.timeToExpiry[i])")
        }
    }
}

private extension OptionBatch {
    static func single(_ type: OptionType, spot: Double, strike: Double, t: Double, sigma: Double) -> OptionBatch {
        var batch = OptionBatch()
        batch.append(type, spot: spot, strike: strike, timeToExpiry: t, rate: 0.05, dividendYield: 0.01, volatility: sigma)
        return batch
    }
}
