import Foundation
import Pricing
import Testing
@testable import Market

/// The day's anchors, copied from the real files: CBOE index closes (index/*_History.csv),
/// FRED DTB3 (discount basis, converted to a continuous rate), the Shiller dividend yield of
/// the latest month published by then, and VX settles (vix_futures/vx_term_structure_front3).
enum RealAnchors {
    static let spx20230914 = SurfaceAnchors(
        spot: 4505.10, rate: RateConversion.continuousRate(discountPercent: 5.31),
        dividendYield: RateConversion.continuousDividendYield(simplePercent: 1.5812),
        vix: 12.82, vix9d: 11.80, vix3m: 15.34, skewIndex: 144.32, vvix: 82.48,
        vixFutures: [VIXFuturePoint(timeToExpiry: (6 - 6.5 / 24) / 365, price: 13.3689),
                     VIXFuturePoint(timeToExpiry: (34 - 6.5 / 24) / 365, price: 15.2378),
                     VIXFuturePoint(timeToExpiry: (62 - 6.5 / 24) / 365, price: 16.1357)])
    static let spx20200320 = SurfaceAnchors(
        spot: 2304.92, rate: RateConversion.continuousRate(discountPercent: 0.05),
        dividendYield: RateConversion.continuousDividendYield(simplePercent: 1.8043),
        vix: 66.04, vix9d: 83.47, vix3m: 65.59, skewIndex: 118.12, vvix: 187.18)
    static let spx20231208 = SurfaceAnchors(
        spot: 4604.37, rate: RateConversion.continuousRate(discountPercent: 5.24),
        dividendYield: RateConversion.continuousDividendYield(simplePercent: 1.5812),
        vix: 12.35, vix9d: 12.21, vix3m: 15.16, skewIndex: 134.10, vvix: 81.11)
}

private func surfaceDay(_ iso: String) -> TradingDate { TradingDate(iso: iso)! }

@Suite("Volatility surface model")
struct VolatilitySurfaceModelTests {
    let surface = VolatilitySurface(anchors: RealAnchors.spx20230914)

    @Test func varianceSwapTermStructureGoesThroughTheAnchors() {
        #expect(abs(surface.varianceSwapVolatility(timeToExpiry: 9.0 / 365) - 0.1180) < 1e-14)
        #expect(abs(surface.varianceSwapVolatility(timeToExpiry: 30.0 / 365) - 0.1282) < 1e-14)
        #expect(abs(surface.varianceSwapVolatility(timeToExpiry: 93.0 / 365) - 0.1534) < 1e-14)
        // Flat in vol outside the anchors.
        #expect(abs(surface.varianceSwapVolatility(timeToExpiry: 1.0 / 365) - 0.1180) < 1e-14)
        #expect(abs(surface.varianceSwapVolatility(timeToExpiry: 2.0) - 0.1534) < 1e-14)
        // Linear in total variance between them.
        let t = 60.0 / 365
        let w30 = 0.1282 * 0.1282 * 30 / 365, w93 = 0.1534 * 0.1534 * 93 / 365
        let expected = ((w30 + (t - 30.0 / 365) / (63.0 / 365) * (w93 - w30)) / t).squareRoot()
        #expect(abs(surface.varianceSwapVolatility(timeToExpiry: t) - expected) < 1e-14)
        // Without VIX9D and VIX3M (before 2009) the curve is flat at VIX.
        var early = RealAnchors.spx20230914
        early.vix9d = nil
        early.vix3m = nil
        let flat = VolatilitySurface(anchors: early)
        #expect(flat.varianceSwapVolatility(timeToExpiry: 0.01) == flat.varianceSwapVolatility(timeToExpiry: 1))
    }

    @Test func atmThirtyDayVolSitsJustBelowVIX() {
        // The convexity correction alone (atmAdjustment 1) with a mild smile.
        var linear = SurfaceParameters.default
        linear.eta = 0.5
        linear.atmAdjustment = 1
        linear.atmSkewIndexSensitivity = 0
        for anchors in [RealAnchors.spx20230914, RealAnchors.spx20231208] {
            let atm = 100 * VolatilitySurface(anchors: anchors, parameters: linear).atmVolatility(timeToExpiry: 30.0 / 365)
            #expect(atm < anchors.vix)
            #expect(anchors.vix - atm < 1.5, "VIX \(anchors.vix): ATM \(atm)")
        }
        // On the crisis day the same correction is a few percent of the level.
        let crisis = 100 * VolatilitySurface(anchors: RealAnchors.spx20200320, parameters: linear).atmVolatility(timeToExpiry: 30.0 / 365)
        #expect(crisis < 66.04 && crisis > 0.95 * 66.04)
        // With the fitted defaults, within three vol points on normal days (the real
        // 2023-09-14 chain's own 30-day ATM vol was about 10.1, 2.8 under VIX).
        for anchors in [RealAnchors.spx20230914, RealAnchors.spx20231208] {
            let atm = 100 * VolatilitySurface(anchors: anchors).atmVolatility(timeToExpiry: 30.0 / 365)
            #expect(anchors.vix - atm > 0 && anchors.vix - atm < 3, "VIX \(anchors.vix): ATM \(atm)")
        }
        // The ATM vol of the model is the smile at k = 0.
        let t = 30.0 / 365
        #expect(surface.volatility(logMoneyness: 0, timeToExpiry: t) == surface.atmVolatility(timeToExpiry: t))
        #expect(abs(surface.volatility(strike: surface.forward(timeToExpiry: t), timeToExpiry: t) - surface.atmVolatility(timeToExpiry: t)) < 1e-15)
    }

    @Test func atmMultiplierFollowsTheSKEWIndex() {
        let anchors = RealAnchors.spx20230914
        let surface = VolatilitySurface(anchors: anchors)
        let p = SurfaceParameters.default
        #expect(abs(surface.atmMultiplier - p.atmAdjustment * (1 + p.atmSkewIndexSensitivity * (144.32 - 130) / 100)) < 1e-15)
        var unknown = anchors
        unknown.skewIndex = nil
        #expect(VolatilitySurface(anchors: unknown).atmMultiplier == p.atmAdjustment)
        // A lower SKEW (a less skewed strip) narrows the gap between ATM and VIX.
        var flatter = anchors
        flatter.skewIndex = 118
        let t = 30.0 / 365
        #expect(VolatilitySurface(anchors: flatter).atmVolatility(timeToExpiry: t) > surface.atmVolatility(timeToExpiry: t))
    }

    @Test func rhoTiltsWithSKEWAbove130Only() {
        let p = SurfaceParameters.default
        func rho(skew: Double?) -> Double {
            var anchors = RealAnchors.spx20230914
            anchors.skewIndex = skew
            return VolatilitySurface(anchors: anchors).smile.rho
        }
        // The VIX regime alone, at VIX 12.82.
        let untilted = p.rho * pow(12.82 / p.referenceVIX, p.rhoRegimeExponent)
        for skew in [nil, 110, 129.99, 130] as [Double?] {
            #expect(abs(rho(skew: skew) - untilted) < 1e-15, "SKEW \(String(describing: skew))")
        }
        // 2023-09-14's SKEW 144.32: 1.432 tens above 130, each 0.05 steeper.
        #expect(abs(rho(skew: 144.32) - (untilted - 0.05 * 1.432)) < 1e-12)
        #expect(abs(rho(skew: 170) - (untilted - 0.2)) < 1e-12)
        // Steeper: against its own at-the-money vol, the 30-day put 10% out richer, the call 10% out cheaper.
        var calm = RealAnchors.spx20230914, steep = calm
        calm.skewIndex = 130
        steep.skewIndex = 160
        let t = 30.0 / 365
        let a = VolatilitySurface(anchors: calm), b = VolatilitySurface(anchors: steep)
        func relative(_ surface: VolatilitySurface, _ moneyness: Double) -> Double {
            surface.volatility(logMoneyness: log(moneyness), timeToExpiry: t) / surface.volatility(logMoneyness: 0, timeToExpiry: t)
        }
        #expect(relative(b, 0.9) > relative(a, 0.9) && relative(b, 1.1) < relative(a, 1.1))
    }

    /// The convexity rule evaluated term by term, phi and the Gaussian weight recomputed at
    /// every node: the definition the hoisted rule must reproduce.
    static func termByTermConvexityFactor(_ shape: SSVI, _ theta0: Double) -> Double {
        let root = theta0.squareRoot()
        var sum = 0.0
        for n in -80...80 {
            let z = Double(n) * 0.1
            sum += exp(-0.5 * z * z) * shape.totalVariance(root * z - 0.5 * theta0, theta: theta0)
        }
        return (theta0 / (sum * 0.1 / (2 * Double.pi).squareRoot())).squareRoot()
    }

    @Test func hoistedConvexityRuleEqualsTheTermByTermRule() {
        var worst = 0.0
        for rho in [-0.95, -0.72, -0.49, -0.2, 0, 0.5] {
            for eta in [0.3, 1.0, 1.34, 2 / (1 + abs(rho))] {
                for gamma in [0.2, 0.42, 0.5] {
                    let shape = SSVI(rho: rho, eta: eta, gamma: gamma)
                    for vol in [0.05, 0.12, 0.3, 0.8, 1.2] {
                        for days in [0.5, 1.0, 9, 30, 93, 365, 730] {
                            let theta0 = vol * vol * days / 365
                            let reference = Self.termByTermConvexityFactor(shape, theta0)
                            worst = max(worst, abs(shape.convexityFactor(baseTotalVariance: theta0) / reference - 1))
                        }
                    }
                }
            }
        }
        #expect(worst < 1e-14, "largest relative difference \(worst)")
        // The slices of the judged anchors, through the whole surface.
        for anchors in [RealAnchors.spx20230914, RealAnchors.spx20200320, RealAnchors.spx20231208] {
            let surface = VolatilitySurface(anchors: anchors)
            for days in [0.1, 1.0, 2, 7, 20, 30, 45, 60, 93, 180, 400] {
                let t = days / 365
                let v = surface.varianceSwapVolatility(timeToExpiry: t)
                let atm = surface.atmMultiplier * v * Self.termByTermConvexityFactor(surface.smile, v * v * t)
                let slice = surface.slice(timeToExpiry: t)
                #expect(abs(slice.atmTotalVariance / (atm * atm * t) - 1) < 1e-14, "\(anchors.vix) \(days) d")
            }
        }
    }

    @Test func smileIsPositiveAndDecreasingOnThePutSide() {
        for anchors in [RealAnchors.spx20230914, RealAnchors.spx20200320] {
            let surface = VolatilitySurface(anchors: anchors)
            for days in [1.0, 2, 7, 14, 30, 45, 60, 93, 180, 365, 730] {
                let t = days / 365
                let forward = surface.forward(timeToExpiry: t)
                var previous = Double.infinity
                for step in 0...2000 {
                    let strike = anchors.spot * (0.2 + Double(step) * 0.0015)   // 0.2 S to 3.2 S
                    let vol = surface.volatility(strike: strike, timeToExpiry: t)
                    #expect(vol > 0 && vol.isFinite)
                    if strike < forward {
                        #expect(vol < previous, "\(days) days, strike \(strike)")
                    }
                    previous = vol
                }
            }
        }
    }

    @Test func callPricesDecreaseAndAreConvexInStrike() {
        for anchors in [RealAnchors.spx20230914, RealAnchors.spx20200320, RealAnchors.spx20231208] {
            let surface = VolatilitySurface(anchors: anchors)
            for days in [2.0, 7, 30, 60, 93, 180] {
                let t = days / 365
                var batch = OptionBatch()
                let strikes = stride(from: 0.5, through: 1.5, by: 0.001).map { anchors.spot * $0 }
                for strike in strikes {
                    batch.append(.call, spot: anchors.spot, strike: strike, timeToExpiry: t, rate: anchors.rate,
                                 dividendYield: anchors.dividendYield, volatility: surface.volatility(strike: strike, timeToExpiry: t))
                }
                let prices = BlackScholes.prices(batch)
                // Tolerances: a few ulps of the price level, so rounding cannot fail the check.
                let tolerance = 1e-12 * anchors.spot
                for i in 1..<prices.count {
                    #expect(prices[i] <= prices[i - 1] + tolerance, "decreasing: VIX \(anchors.vix), \(days) d, K \(strikes[i])")
                }
                for i in 1..<(prices.count - 1) {
                    let butterfly = prices[i - 1] - 2 * prices[i] + prices[i + 1]
                    #expect(butterfly >= -tolerance, "convex: VIX \(anchors.vix), \(days) d, K \(strikes[i]): \(butterfly)")
                }
            }
        }
    }

    @Test func vixOptionsHaveAnUpwardSkewOnTheFuture() {
        let t = 34.0 / 365
        let future = surface.vixFuture(timeToExpiry: (34 - 6.5 / 24) / 365)
        #expect(future == 15.2378)
        let atm = surface.vixOptionATMVolatility(timeToExpiry: 30.0 / 365)
        #expect(abs(atm - SurfaceParameters.default.vixOptionATMRatio * 0.8248) < 1e-12)
        // Calls: vol rises with strike; and above the puts at the same distance from the future.
        var previous = 0.0
        for strike in stride(from: future, through: 80, by: 0.5) {
            let vol = surface.vixOptionVolatility(strike: strike, future: future, timeToExpiry: t)
            #expect(vol > previous)
            previous = vol
        }
        for k in [0.1, 0.2, 0.4] {
            let call = surface.vixOptionVolatility(strike: future * exp(k), future: future, timeToExpiry: t)
            let put = surface.vixOptionVolatility(strike: future * exp(-k), future: future, timeToExpiry: t)
            #expect(call > put && put > 0)
        }
        // Fallback on VIX when VVIX is unknown.
        var anchors = RealAnchors.spx20230914
        anchors.vvix = nil
        let fallback = VolatilitySurface(anchors: anchors)
        #expect(abs(fallback.volOfVolIndex - (78.6 + 0.773 * 12.82)) < 1e-12)
        // Interpolation between futures, flat beyond.
        #expect(surface.vixFuture(timeToExpiry: 1) == 16.1357)
        #expect(surface.vixFuture(timeToExpiry: 0) == 13.3689)
    }
}

@Suite("LAPACKE least squares")
struct LeastSquaresTests {
    @Test func overdeterminedSystemMatchesNormalEquations() throws {
        // Fit y = x0 + x1 t + x2 t^2 to six points; the exact answer solves (A'A) x = A'b.
        let t: [Double] = [0, 0.5, 1, 2, 3, 4.5]
        let b: [Double] = [1.1, 1.9, 3.2, 4.8, 9.9, 21.3]
        let rows = t.map { [1, $0, $0 * $0] }
        let solution = try LeastSquares.solve(rows: rows, rhs: b)

        // Normal equations by hand: Gram matrix and right-hand side, then Cramer's rule.
        var g = [[Double]](repeating: [0, 0, 0], count: 3)
        var h = [0.0, 0, 0]
        for (row, y) in zip(rows, b) {
            for i in 0..<3 {
                h[i] += row[i] * y
                for j in 0..<3 { g[i][j] += row[i] * row[j] }
            }
        }
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let d = det(g)
        for k in 0..<3 {
            var replaced = g
            for i in 0..<3 { replaced[i][k] = h[i] }
            let exact = det(replaced) / d
            #expect(abs(solution.x[k] - exact) < 1e-12 * max(1, abs(exact)), "x\(k): \(solution.x[k]) vs \(exact)")
        }
        let residual = zip(rows, b).map { row, y in row[0] * solution.x[0] + row[1] * solution.x[1] + row[2] * solution.x[2] - y }
        let norm = residual.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(solution.residualNorm - norm) < 1e-12)
        // The residual is orthogonal to every column.
        for j in 0..<3 {
            #expect(abs(zip(rows, residual).reduce(0) { $0 + $1.0[j] * $1.1 }) < 1e-11)
        }
    }

    @Test func failuresAreReported() {
        #expect(throws: LeastSquares.Failure.badShape(rows: 1, columns: 2)) {
            try LeastSquares.solve(rows: [[1, 2]], rhs: [1])
        }
        #expect(throws: LeastSquares.Failure.rankDeficient(column: 2)) {
            try LeastSquares.solve(rows: [[1, 0], [2, 0], [3, 0]], rhs: [1, 2, 3])
        }
        #expect(throws: LeastSquares.Failure.notFinite) {
            try LeastSquares.solve(rows: [[1, .nan], [2, 4], [3, 7]], rhs: [1, 2, 3])
        }
    }
}

@Suite("Surface calibration")
struct SurfaceCalibrationTests {
    /// A chain priced by the model itself (SPX on 2023-09-14's anchors, known parameters).
    static let known = SurfaceParameters(atmAdjustment: 0.88, rho: -0.62, eta: 1.15, gamma: 0.38)

    @Test func recoversKnownParametersFromModelVols() throws {
        let anchors = RealAnchors.spx20230914
        let truth = VolatilitySurface(anchors: anchors, parameters: Self.known)
        var observations: [VolatilityObservation] = []
        for days in [3.0, 8, 15, 29, 43, 71, 99, 162] {
            let t = days / 365
            let forward = truth.forward(timeToExpiry: t)
            for z in stride(from: -5.0, through: 3, by: 0.25) {
                let strike = forward * exp(z * truth.varianceSwapVolatility(timeToExpiry: t) * t.squareRoot())
                observations.append(VolatilityObservation(
                    expiration: surfaceDay("2023-09-14") + Int(days), style: .pm, type: z < 0 ? .put : .call, strike: strike,
                    timeToExpiry: t, forward: forward, volatility: truth.volatility(strike: strike, timeToExpiry: t),
                    weight: 1 + abs(z)))
            }
        }
        let fit = try SurfaceCalibration.fit(observations: observations, anchors: anchors)
        #expect(fit.converged)
        #expect(abs(fit.parameters.atmAdjustment - 0.88) < 1e-10)
        #expect(abs(fit.parameters.rho - -0.62) < 1e-10)
        #expect(abs(fit.parameters.eta - 1.15) < 1e-10)
        #expect(abs(fit.parameters.gamma - 0.38) < 1e-10)
        #expect(fit.rmse < 1e-10)
    }

    @Test func recoversKnownParametersFromModelPrices() throws {
        // The whole path: prices -> quotes -> implied forward -> implied vols -> fit.
        let anchors = RealAnchors.spx20230914
        let truth = VolatilitySurface(anchors: anchors, parameters: Self.known)
        var chain = ChainSnapshot(product: .spx, quoteDate: surfaceDay("2023-09-14"), underlyingLast: anchors.spot, source: "model")
        var batch = OptionBatch()
        var series: [(TradingDate, OptionType, Double)] = []
        for expiration in ["2023-09-22", "2023-09-29", "2023-10-13", "2023-10-31", "2023-11-17", "2023-12-29", "2024-02-16"] {
            let expiry = date(expiration)
            let t = TimeToExpiry.years(from: surfaceDay("2023-09-14"), minute: 960, to: expiry, minute: 960)
            for strike in stride(from: 3600.0, through: 4900, by: 10) {
                for type in [OptionType.call, .put] {
                    batch.append(type, spot: anchors.spot, strike: strike, timeToExpiry: t, rate: anchors.rate,
                                 dividendYield: anchors.dividendYield, volatility: truth.volatility(strike: strike, timeToExpiry: t))
                    series.append((expiry, type, strike))
                }
            }
        }
        let prices = BlackScholes.prices(batch)
        for (n, (expiry, type, strike)) in series.enumerated() {
            // A one-cent market around the model price.
            chain.append(root: .spxw, expiration: expiry, style: .pm, type: type, strike: strike,
                         bid: max(prices[n] - 0.005, 0), ask: prices[n] + 0.005)
        }
        let fit = try SurfaceCalibration.fit(chain, anchors: anchors, options: CalibrationOptions(impliedForward: false))
        #expect(fit.converged)
        #expect(fit.rmse < 1e-6, "RMSE \(fit.rmse) vol pts")
        #expect(abs(fit.parameters.atmAdjustment - 0.88) < 1e-7)
        #expect(abs(fit.parameters.rho - -0.62) < 1e-7)
        #expect(abs(fit.parameters.eta - 1.15) < 1e-7)
        #expect(abs(fit.parameters.gamma - 0.38) < 1e-7)
    }

    @Test func heldParametersStayPut() throws {
        let anchors = RealAnchors.spx20230914
        let truth = VolatilitySurface(anchors: anchors, parameters: Self.known)
        let observations = stride(from: -3.0, through: 2, by: 0.5).map { z -> VolatilityObservation in
            let t = 30.0 / 365
            let strike = truth.forward(timeToExpiry: t) * exp(z * 0.03)
            return VolatilityObservation(expiration: surfaceDay("2023-10-14"), style: .pm, type: .put, strike: strike, timeToExpiry: t,
                                         forward: truth.forward(timeToExpiry: t), volatility: truth.volatility(strike: strike, timeToExpiry: t))
        }
        // One expiry: gamma (the smile's term structure) cannot be identified and is held.
        let fit = try SurfaceCalibration.fit(observations: observations, anchors: anchors)
        #expect(!fit.fitted.contains(.gamma) && fit.fitted.contains(.rho))
        #expect(fit.parameters.gamma == SurfaceParameters.default.gamma)
        #expect(throws: SurfaceCalibrationError.tooFewQuotes(used: 3, needed: 6)) {
            try SurfaceCalibration.fit(observations: Array(observations.prefix(3)), anchors: anchors)
        }
    }
}

@Suite("Surface calibration on the real snapshots", .enabled(if: OptionSnapshots.isAvailable, OptionSnapshots.absent))
struct RealSurfaceCalibrationTests {
    /// The RMSE bound for a normal day, vol points.
    static let normalDayBound = 2.0

    @Test func spx20230914() throws {
        let chain = try #require(OptionSnapshots.spx0914)
        let fit = try SurfaceCalibration.fit(chain, anchors: RealAnchors.spx20230914)
        print(SurfaceCalibration.report(fit))
        #expect(fit.rmse.isFinite && fit.rmse < Self.normalDayBound)
        #expect(fit.quotesUsed > 1000)
        #expect(fit.quotesUsed + fit.skipped.total == chain.count)
        #expect(fit.effectiveRho < 0 && fit.effectiveEta > 0)
        // The fitted 30-day ATM vol sits below VIX (the chain's own was 1.9 points under it).
        let atm = 100 * fit.surface.atmVolatility(timeToExpiry: 30.0 / 365)
        #expect(atm < 12.82 && atm > 12.82 - 3.5)
        // The report names every expiry it used.
        let report = SurfaceCalibration.report(fit)
        #expect(fit.expiries.allSatisfy { report.contains($0.expiration.description) })
    }

    @Test func xsp20230914() throws {
        let chain = try ChainSnapshot.loadQuotedata(path: OptionSnapshots.path(OptionSnapshots.xsp20230914))
        var anchors = RealAnchors.spx20230914
        anchors.spot = chain.underlyingLast
        let fit = try SurfaceCalibration.fit(chain, anchors: anchors)
        print(SurfaceCalibration.report(fit))
        #expect(fit.rmse < Self.normalDayBound)
    }

    @Test func spx20231208() throws {
        let chain = try ChainSnapshot.loadQuotedata(path: OptionSnapshots.path(OptionSnapshots.spx20231208))
        let fit = try SurfaceCalibration.fit(chain, anchors: RealAnchors.spx20231208)
        print(SurfaceCalibration.report(fit))
        #expect(fit.rmse < Self.normalDayBound)
    }

    /// The default surface's 30-day ATM vol against each real chain's own (the multiplier's
    /// targets): within one vol point.
    @Test func defaultThirtyDayATMMatchesTheChains() throws {
        var xspAnchors = RealAnchors.spx20230914
        let xsp = try ChainSnapshot.loadQuotedata(path: OptionSnapshots.path(OptionSnapshots.xsp20230914))
        xspAnchors.spot = xsp.underlyingLast
        let cases: [(ChainSnapshot, SurfaceAnchors)] = [
            (try #require(OptionSnapshots.spx0914), RealAnchors.spx20230914), (xsp, xspAnchors),
            (try ChainSnapshot.loadQuotedata(path: OptionSnapshots.path(OptionSnapshots.spx20231208)), RealAnchors.spx20231208),
            (try ChainSnapshot.loadQuotedata(path: OptionSnapshots.path(OptionSnapshots.spx20200320)), RealAnchors.spx20200320),
        ]
        let t = VolatilitySurface.vixTenor
        for (chain, base) in cases {
            var anchors = base
            anchors.spot = chain.underlyingLast
            let surface = VolatilitySurface(anchors: anchors)
            let (observations, _) = SurfaceCalibration.observations(from: chain, anchors: anchors)
            let ratio = try #require(SurfaceCalibration.marketATMRatio(observations, surface: surface))
            let market = 100 * ratio * surface.varianceSwapVolatility(timeToExpiry: t)
            let model = 100 * surface.atmVolatility(timeToExpiry: t)
            print("\(chain.product) \(chain.quoteDate): 30-day ATM market \(market), model \(model), VIX \(anchors.vix)")
            #expect(abs(model - market) < 1, "\(chain.product) \(chain.quoteDate): model \(model) vs market \(market)")
        }
    }

    @Test func spx20200320Crisis() throws {
        let chain = try ChainSnapshot.loadQuotedata(path: OptionSnapshots.path(OptionSnapshots.spx20200320))
        let fit = try SurfaceCalibration.fit(chain, anchors: RealAnchors.spx20200320)
        print(SurfaceCalibration.report(fit))
        // A crash day with VIX 66 and an inverted term structure: one SSVI shape for every
        // expiry misses by several vol points (RMSE 6.4); the bound only guards against worse.
        #expect(fit.rmse.isFinite && fit.rmse < 10)
    }
}
