import Foundation
import Pricing
import TestSupport
import Testing
@testable import Market

/// The CBOE methods on the fitted surface's own strips at 9, 30 and 93 days.
private func indices(_ surface: VolatilitySurface, date: TradingDate) throws -> [Double] {
    try surface.anchorTenors.map { t in
        let strip = try VarianceStrip(SyntheticIndexStrip.expiry(surface: surface, timeToExpiry: t, spreadModel: .default,
                                                                 date: date))
        return 100 * strip.variance.squareRoot()
    }
}

@Suite("Surface anchored on VIX, VIX9D, VIX3M and SKEW")
struct SurfaceAnchorFitTests {
    @Test func fitReproducesTheIndicesOnItsOwnStrips() throws {
        // Published closes of the three days (index/*_History.csv), independent of the model.
        let days: [(SurfaceAnchors, TradingDate, [Double], Double)] = [
            (RealAnchors.spx20230914, TradingDate(year: 2023, month: 9, day: 14)!, [11.80, 12.82, 15.34], 144.32),
            (RealAnchors.spx20200320, TradingDate(year: 2020, month: 3, day: 20)!, [83.47, 66.04, 65.59], 118.12),
            (RealAnchors.spx20231208, TradingDate(year: 2023, month: 12, day: 8)!, [12.21, 12.35, 15.16], 134.10),
        ]
        for (anchors, date, published, skew) in days {
            let fit = try #require(SurfaceAnchorFit.fit(anchors: anchors, date: date))
            let surface = VolatilitySurface(anchors: anchors, fit: fit)
            let recomputed = try indices(surface, date: date)
            for (model, level) in zip(recomputed, published) { #expect(abs(model - level) < 0.05, "\(anchors.vix): \(recomputed)") }
            let strip = try VarianceStrip(SyntheticIndexStrip.expiry(surface: surface, timeToExpiry: 30.0 / 365, spreadModel: .default,
                                                                  date: date))
            let modelSkew = 100 - 10 * (try #require(strip.skewness))
            #expect(abs(modelSkew - skew - (try #require(fit.skewError))) < 1e-9)
            print("anchor fit \(anchors.vix): m \(fit.atmMultipliers) rho \(fit.rho) tail \(fit.tail) SKEW \(modelSkew) evals \(fit.evaluations)")
            #expect(abs(modelSkew - skew) < 0.5, "\(anchors.vix): SKEW \(modelSkew) vs \(skew)")
            // The smile near the money is the parametric one: the tail starts two ATM deviations out.
            let parametric = VolatilitySurface(anchors: anchors)
            if fit.tail > 0 {
                #expect(fit.rho == parametric.effectiveRho && fit.eta == parametric.effectiveEta)
            } else {
                // SKEW already too high from the parametric smile: a flatter smile, not a turned one.
                #expect(fit.rho == parametric.effectiveRho)
                #expect(fit.eta < parametric.effectiveEta && fit.eta >= 0.3 * parametric.effectiveEta - 1e-12)
            }
        }
    }

    @Test func theCrashDayMeetsItsLowSkewByAFlatterSmile() throws {
        // 2020-03-20: SKEW 118.12, below what the parametric smile gives at VIX 66.
        let anchors = RealAnchors.spx20200320
        let date = TradingDate(year: 2020, month: 3, day: 20)!
        let fit = try #require(SurfaceAnchorFit.fit(anchors: anchors, date: date))
        let parametric = VolatilitySurface(anchors: anchors)
        #expect(fit.tail == 0 && fit.rho == parametric.effectiveRho && fit.eta < 0.9 * parametric.effectiveEta)
        // Flatter on both wings: less curvature and less skew 10% either side of the forward
        // at 30 days than the parametric smile (whose rho the turned-smile lever raised, lifting the calls).
        let t = 30.0 / 365
        func shape(_ s: VolatilitySurface) -> (curvature: Double, skew: Double) {
            let (down, atm, up) = (s.volatility(logMoneyness: -0.10, timeToExpiry: t), s.volatility(logMoneyness: 0, timeToExpiry: t),
                                   s.volatility(logMoneyness: 0.10, timeToExpiry: t))
            return (down + up - 2 * atm, down - up)
        }
        let fitted = shape(VolatilitySurface(anchors: anchors, fit: fit)), plain = shape(parametric)
        #expect(fitted.curvature < plain.curvature && fitted.skew < plain.skew, "\(fitted) against \(plain)")
    }

    @Test func levelsOnlyKeepTheParametricSmile() throws {
        let anchors = RealAnchors.spx20200320
        let fit = try #require(SurfaceAnchorFit.fit(anchors: anchors, date: TradingDate(year: 2020, month: 3, day: 20)!, matchSkew: false))
        let parametric = VolatilitySurface(anchors: anchors)
        #expect(fit.rho == parametric.effectiveRho && fit.eta == parametric.effectiveEta && fit.tail == 0)
        for error in fit.indexErrors { #expect(abs(error) < 0.05) }
    }

    @Test func fittedSmileHasNoButterflyArbitrage() throws {
        // Call prices convex in strike on a fine grid at 9, 30 and 93 days (second differences >= 0).
        let anchors = RealAnchors.spx20230914
        let fit = try #require(SurfaceAnchorFit.fit(anchors: anchors, date: TradingDate(year: 2023, month: 9, day: 14)!))
        let surface = VolatilitySurface(anchors: anchors, fit: fit)
        for t in [9.0 / 365, 30.0 / 365, 93.0 / 365] {
            let slice = surface.slice(timeToExpiry: t)
            let strikes = Array(stride(from: 1500.0, through: 6000, by: 5))
            let calls = strikes.map { k -> Double in
                let sd = slice.volatility(strike: k) * t.squareRoot()
                let d1 = log(slice.forward / k) / sd + sd / 2
                return slice.forward * BlackScholes.normalCDF(d1) - k * BlackScholes.normalCDF(d1 - sd)
            }
            for i in 1..<(calls.count - 1) { #expect(calls[i - 1] - 2 * calls[i] + calls[i + 1] > -1e-9, "T \(t * 365) K \(strikes[i])") }
        }
    }

    @Test func aSkewBeyondTheSmilesReachLeavesNoNegativeDensity() throws {
        // 2023-09-14 with SKEW at 165: more tail than the smile can carry. The tail is cut to
        // the largest without negative density, VIX is still met and SKEW is left short.
        var anchors = RealAnchors.spx20230914
        anchors.skewIndex = 165
        let date = TradingDate(year: 2023, month: 9, day: 14)!
        let fit = try #require(SurfaceAnchorFit.fit(anchors: anchors, date: date))
        let surface = VolatilitySurface(anchors: anchors, fit: fit)
        #expect(fit.tail > 0.5 && fit.tail < 1.5, "tail \(fit.tail)")
        #expect(try #require(fit.uncutTail) > fit.tail, "uncut \(fit.uncutTail ?? .nan), tail \(fit.tail)")
        #expect(try #require(fit.skewError) < -2)
        #expect(fit.indexErrors.allSatisfy { abs($0) < 0.05 }, "\(fit.indexErrors)")
        // Put prices convex in strike from 2% of the forward to the money, one day to three years.
        for t in [1.0 / 365, 30.0 / 365, 1, 3] {
            let slice = surface.slice(timeToExpiry: t)
            let strikes = stride(from: -4.0, through: 0, by: 0.0025).map { slice.forward * exp($0) }
            let puts = strikes.map { k -> Double in
                let sd = slice.volatility(strike: k) * t.squareRoot()
                let d1 = log(slice.forward / k) / sd + sd / 2
                return k * BlackScholes.normalCDF(sd - d1) - slice.forward * BlackScholes.normalCDF(-d1)
            }
            let tolerance = 1e-12 * slice.forward
            for i in 1..<(puts.count - 1) {
                #expect(puts[i - 1] - 2 * puts[i] + puts[i + 1] > -tolerance, "T \(t * 365) K \(strikes[i])")
            }
        }
        // The same day with the tail the old bounds allowed has negative density: the check bites.
        let uncut = VolatilitySurface(surface, atmMultipliers: fit.atmMultipliers, rho: fit.rho, eta: fit.eta, tail: 3)
        #expect(!uncut.smile.isFreeOfButterflyArbitrageInTail(theta: uncut.atmTotalVariance(timeToExpiry: 30.0 / 365)))
    }

    @Test func parametricSurfaceIsUnchangedWithoutAFit() {
        let anchors = RealAnchors.spx20230914
        let plain = VolatilitySurface(anchors: anchors)
        let none = VolatilitySurface(anchors: anchors, fit: nil)
        for t in [5.0 / 365, 30.0 / 365, 200.0 / 365] {
            #expect(plain.volatility(logMoneyness: -0.1, timeToExpiry: t) == none.volatility(logMoneyness: -0.1, timeToExpiry: t))
        }
    }
}
