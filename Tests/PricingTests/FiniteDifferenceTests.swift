import CSupport
import Foundation
import Testing
import Pricing

/// Internal consistency of the Black-Scholes-Merton kernels: greeks against finite
/// differences of the price, put-call parity for the price and every greek, agreement of the
/// SIMD paths, batch tails, invalid inputs, and the normal distribution function.
@Suite("Black-Scholes finite differences, parity and kernel mechanics")
struct FiniteDifferenceTests {
    static let paths = BlackScholesAccuracyTests.supportedPaths

    /// One option's inputs.
    struct Inputs: CustomStringConvertible {
        var type: OptionType
        var spot, strike, t, rate, div, sigma: Double
        var description: String {
            "\(type) S=\(spot) K=\(strike) t=\(t) r=\(rate) q=\(div) sigma=\(sigma)"
        }
    }

    static func batch(_ options: [Inputs]) -> OptionBatch {
        var b = OptionBatch(reservingCapacity: options.count)
        for o in options {
            b.append(o.type, spot: o.spot, strike: o.strike, timeToExpiry: o.t, rate: o.rate,
                     dividendYield: o.div, volatility: o.sigma)
        }
        return b
    }

    /// Random options away from the extremes, where fourth-order central differences are
    /// accurate: strikes within 2.5 standard deviations of the spot.
    static func smoothGrid(count: Int, seed: UInt64) -> [Inputs] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let spot = rng.logUniform(5, 5000)
            let t = rng.logUniform(0.02, 3)
            let sigma = rng.logUniform(0.05, 1.2)
            let z = rng.uniform(-2.5, 2.5)
            return Inputs(type: i % 2 == 0 ? .call : .put, spot: spot,
                          strike: spot * exp(z * sigma * t.squareRoot()), t: t,
                          rate: rng.uniform(-0.01, 0.10), div: rng.uniform(0, 0.05), sigma: sigma)
        }
    }

    /// Random options over the whole domain of the golden file.
    static func wideGrid(count: Int, seed: UInt64) -> [Inputs] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let spot = rng.logUniform(1, 10000)
            let rate = rng.uniform(-0.01, 0.10)
            return Inputs(type: i % 2 == 0 ? .call : .put, spot: spot,
                          strike: spot * rng.logUniform(0.2, 5), t: rng.logUniform(1.0 / 8760, 5),
                          rate: rate, div: i % 5 == 0 ? rate : rng.uniform(0, 0.05),
                          sigma: rng.logUniform(0.01, 5))
        }
    }

    // MARK: - Finite differences

    /// Fourth-order central differences: f'(x) and f''(x) from f(x-2h), f(x-h), f(x), f(x+h), f(x+2h).
    static func firstDerivative(_ f: [Double], _ h: Double) -> Double {
        (f[0] - 8 * f[1] + 8 * f[3] - f[4]) / (12 * h)
    }

    static func secondDerivative(_ f: [Double], _ h: Double) -> Double {
        (-f[0] + 16 * f[1] - 30 * f[2] + 16 * f[3] - f[4]) / (12 * h * h)
    }

    /// Each greek against fourth-order central differences of the price. Steps are 1% of each
    /// input's natural scale (S sigma sqrt t for spot, sigma, t, sigma sqrt t / t for the rate),
    /// so the truncation error is about (0.01)^4 = 1e-8 relative and the rounding error (about
    /// 1e-16 x spot / step) stays below 1e-10 relative: a tolerance of 1e-6 relative, with a
    /// floor of 1e-7 of the greek's natural scale where it crosses zero, leaves a wide margin.
    @Test("greeks equal finite differences of the price (delta, gamma, vega, theta, rho)")
    func greeksMatchFiniteDifferences() {
        let options = Self.smoothGrid(count: 300, seed: 0x5EED_F1D1)
        let offsets: [Double] = [-2, -1, 0, 1, 2]
        // Stencil rows: for each option, 5 spots, 5 sigmas, 5 times, 5 rates.
        var stencil: [Inputs] = []
        var steps: [(s: Double, v: Double, t: Double, r: Double)] = []
        for o in options {
            let s = o.sigma * o.t.squareRoot()
            let h = (s: 0.01 * o.spot * s, v: 0.01 * o.sigma, t: 0.01 * o.t, r: 0.01 * min(s, 1) / o.t)
            steps.append(h)
            for k in offsets { var x = o; x.spot += k * h.s; stencil.append(x) }
            for k in offsets { var x = o; x.sigma += k * h.v; stencil.append(x) }
            for k in offsets { var x = o; x.t += k * h.t; stencil.append(x) }
            for k in offsets { var x = o; x.rate += k * h.r; stencil.append(x) }
        }
        let stencilBatch = Self.batch(stencil)
        let base = Self.batch(options)
        for path in Self.paths {
            let prices = BlackScholes.prices(stencilBatch, path: path)
            let greeks = BlackScholes.greeks(base, path: path)
            var worst = [String: Double]()
            var failures = 0
            for (i, o) in options.enumerated() {
                let g = greeks[i]
                let h = steps[i]
                let row = Array(prices[(20 * i)..<(20 * i + 20)])
                let fS = Array(row[0..<5]), fV = Array(row[5..<10]), fT = Array(row[10..<15]), fR = Array(row[15..<20])
                let sqrtT = o.t.squareRoot()
                let s = o.sigma * sqrtT
                let checks: [(String, Double, Double, Double)] = [
                    // name, analytic, finite difference, natural scale of the greek
                    ("delta", g.delta, Self.firstDerivative(fS, h.s), 1),
                    ("gamma", g.gamma, Self.secondDerivative(fS, h.s), 1 / (o.spot * s)),
                    ("vega", g.vega, Self.firstDerivative(fV, h.v), o.spot * sqrtT),
                    // theta is dV/d(calendar time) = -dV/dt for time to expiry t.
                    ("theta", g.theta, -Self.firstDerivative(fT, h.t),
                     o.spot * (o.sigma / sqrtT + abs(o.rate) + o.div)),
                    ("rho", g.rho, Self.firstDerivative(fR, h.r), o.spot * o.t),
                ]
                for (name, analytic, fd, scale) in checks {
                    let err = abs(analytic - fd)
                    let tolerance = 1e-6 * abs(analytic) + 1e-7 * scale
                    worst[name] = max(worst[name] ?? 0, err / tolerance)
                    if !(err <= tolerance) {
                        failures += 1
                        if failures <= 20 {
                            Issue.record(Comment(rawValue: "path \(path.rawValue) \(name): analytic \(analytic), "
                                + "finite difference \(fd), error \(err) > \(tolerance) for \(o)"))
                        }
                    }
                }
            }
            #expect(failures == 0, "path \(path.rawValue): \(failures) finite-difference mismatches")
            print("finite differences, path \(path.rawValue), max error / tolerance: "
                + ["delta", "gamma", "vega", "theta", "rho"].map { "\($0) \(shortScientific(worst[$0] ?? 0))" }.joined(separator: ", "))
        }
    }

    /// theta / 365 is the value change of one calendar day, to first order.
    @Test("theta is the value change per calendar year of time passing")
    func thetaSignConvention() {
        let short30 = Inputs(type: .put, spot: 4500, strike: 4300, t: 30.0 / 365, rate: 0.045, div: 0.013, sigma: 0.2)
        var tomorrow = short30
        tomorrow.t -= 1.0 / 365
        let g = BlackScholes.greeks(Self.batch([short30, tomorrow]))
        let oneDay = g[1].price - g[0].price
        #expect(g[0].theta < 0)  // a long option loses value as time passes
        #expect(abs(oneDay - g[0].theta / 365) < 0.03 * abs(g[0].theta / 365))
    }

    // MARK: - Put-call parity

    @Test("put-call parity for the price and every greek on a wide random grid")
    func putCallParity() {
        let options = Self.wideGrid(count: 3000, seed: 0xC0FF_EE11)
        var calls = options, puts = options
        for i in options.indices { calls[i].type = .call; puts[i].type = .put }
        for path in Self.paths {
            let c = BlackScholes.greeks(Self.batch(calls), path: path)
            let p = BlackScholes.greeks(Self.batch(puts), path: path)
            var worst = [String: Double]()
            var failures = 0
            for (i, o) in options.enumerated() {
                let gc = c[i], gp = p[i]
                let sDisc = o.spot * exp(-o.div * o.t), kDisc = o.strike * exp(-o.rate * o.t)
                let eps = 1e-14
                let checks: [(String, Double, Double, Double)] = [
                    // name, lhs, rhs, tolerance
                    ("price", gc.price - gp.price, sDisc - kDisc,
                     eps * (abs(gc.price) + abs(gp.price) + sDisc + kDisc)),
                    ("delta", gc.delta - gp.delta, exp(-o.div * o.t),
                     eps * (abs(gc.delta) + abs(gp.delta) + 1)),
                    ("gamma", gc.gamma, gp.gamma, 1e-15 * abs(gc.gamma)),
                    ("vega", gc.vega, gp.vega, 1e-15 * abs(gc.vega)),
                    ("theta", gc.theta - gp.theta, o.div * sDisc - o.rate * kDisc,
                     eps * (abs(gc.theta) + abs(gp.theta) + abs(o.div * sDisc) + abs(o.rate * kDisc))),
                    ("rho", gc.rho - gp.rho, o.strike * o.t * exp(-o.rate * o.t),
                     eps * (abs(gc.rho) + abs(gp.rho) + o.strike * o.t)),
                ]
                for (name, lhs, rhs, tolerance) in checks {
                    let err = abs(lhs - rhs)
                    worst[name] = max(worst[name] ?? 0, tolerance > 0 ? err / tolerance : (err > 0 ? .infinity : 0))
                    if !(err <= tolerance) {
                        failures += 1
                        if failures <= 20 {
                            Issue.record("path \(path.rawValue) parity \(name): \(lhs) vs \(rhs), error \(err) > \(tolerance) for \(o)")
                        }
                    }
                }
            }
            #expect(failures == 0, "path \(path.rawValue): \(failures) parity failures")
            print("put-call parity, path \(path.rawValue), max error / tolerance: "
                + ["price", "delta", "gamma", "vega", "theta", "rho"].map { "\($0) \(shortScientific(worst[$0] ?? 0))" }.joined(separator: ", "))
        }
    }

    // MARK: - SIMD paths

    /// The vector paths evaluate the scalar path's formulas, with fused multiply-adds where the
    /// scalar path may round twice, so they agree to a few ulp of the figure, or of the terms
    /// a figure is formed from where it is their difference (an at-the-money price is
    /// S e^{-qt} - P1 - P2, a theta near zero is a sum of terms of the size of vega sigma / 2t),
    /// times the condition number of the normal density in d: a relative change e in d moves
    /// e^{-d^2/2} by d^2 e relative, so a figure deep in a tail (d = 30) may differ by hundreds
    /// of ulp between paths while both are within a few ulp x d^2 of the exact value.
    @Test("every SIMD path agrees with the scalar path to a few ulp x (1 + d^2)")
    func pathsAgreeWithScalar() throws {
        let golden = try BSGoldenFile.shared()
        let batch = OptionBatch.concatenate(golden.batch, Self.batch(Self.wideGrid(count: 2001, seed: 0xA5A5)))
        let scalar = BlackScholes.greeks(batch, path: .scalar)
        for path in Self.paths where path != .scalar {
            let vector = BlackScholes.greeks(batch, path: path)
            var worstUlps = [Double](repeating: 0, count: GreekFigure.allCases.count)
            var worstScaled = [Double](repeating: 0, count: GreekFigure.allCases.count)
            var failures = 0
            for i in 0..<batch.count {
                let a = scalar[i], b = vector[i]
                let spot = batch.spot[i], strike = batch.strike[i], t = batch.timeToExpiry[i]
                let sDisc = spot * exp(-batch.dividendYield[i] * t)
                let kDisc = strike * exp(-batch.rate[i] * t)
                let sd = batch.volatility[i] * t.squareRoot()
                let d1 = (log(spot / strike) + (batch.rate[i] - batch.dividendYield[i]) * t) / sd + sd / 2
                let d2 = d1 - sd
                let condition = 1 + max(d1 * d1, d2 * d2)
                let thetaScale = abs(a.vega) * batch.volatility[i] / (2 * t)
                    + abs(batch.dividendYield[i]) * sDisc + abs(batch.rate[i]) * kDisc
                let pairs: [(Double, Double, Double)] = [
                    (a.price, b.price, sDisc + kDisc),
                    (a.delta, b.delta, 1),
                    (a.gamma, b.gamma, 0),
                    (a.vega, b.vega, 0),
                    (a.theta, b.theta, thetaScale),
                    (a.rho, b.rho, t * kDisc),
                ]
                for (k, (x, y, termScale)) in pairs.enumerated() {
                    if x.isNaN && y.isNaN { continue }
                    let unit = max(max(abs(x), abs(y)).ulp, termScale.ulp)
                    let ulps = abs(x - y) / unit
                    worstUlps[k] = max(worstUlps[k], ulps.isNaN ? .infinity : ulps)
                    worstScaled[k] = max(worstScaled[k], ulps.isNaN ? .infinity : ulps / condition)
                    if !(ulps <= 8 * condition) {
                        failures += 1
                        if failures <= 20 {
                            Issue.record(Comment(rawValue: "\(path.rawValue) vs scalar, \(GreekFigure.allCases[k].name) "
                                + "of option \(i): \(y) vs \(x) (\(ulps) ulp, 1 + d^2 = \(condition))"))
                        }
                    }
                }
            }
            #expect(failures == 0, "path \(path.rawValue): \(failures) figures differ from scalar by more than 8 ulp x (1 + d^2)")
            print("\(path.rawValue) vs scalar, max ulp (max ulp / (1 + d^2)): "
                + GreekFigure.allCases.map { "\($0.name) \(worstUlps[$0.rawValue]) (\(shortScientific(worstScaled[$0.rawValue])))" }
                    .joined(separator: ", "))
        }
    }

    /// A batch whose length is not a multiple of the vector width: every tail length on every
    /// path gives the figures the same options get inside a long batch, and an option's
    /// figures do not depend on its position or its neighbours (the per-expiry cache).
    @Test("tails and lane positions do not change any figure")
    func tailsAndPositions() throws {
        let golden = try BSGoldenFile.shared()
        let rows = Array(golden.rows.prefix(64))
        let options = rows.map { Inputs(type: $0.type, spot: $0.spot, strike: $0.strike, t: $0.t,
                                        rate: $0.rate, div: $0.div, sigma: $0.sigma) }
        for path in Self.paths {
            let full = BlackScholes.greeks(Self.batch(options), path: path)
            for offset in [0, 1, 3, 5] {
                for n in 1...19 where offset + n <= options.count {
                    let part = Array(options[offset..<(offset + n)])
                    let g = BlackScholes.greeks(Self.batch(part), path: path)
                    #expect(g.count == n)
                    for j in 0..<n {
                        #expect(g[j] == full[offset + j], "path \(path.rawValue) offset \(offset) count \(n) lane \(j)")
                    }
                }
            }
            // One chain: same spot, expiry, rate and dividend across 37 strikes (the kernels
            // reuse per-expiry values across vectors), then each strike alone.
            var chain: [Inputs] = []
            for k in 0..<37 {
                chain.append(Inputs(type: k % 3 == 0 ? .put : .call, spot: 4512.25, strike: 4000 + 25 * Double(k),
                                    t: 9.5 / 365, rate: 0.043, div: 0.014, sigma: 0.12 + 0.004 * Double(k)))
            }
            let chainFigures = BlackScholes.greeks(Self.batch(chain), path: path)
            for (k, o) in chain.enumerated() {
                let alone = BlackScholes.greeks(Self.batch([o]), path: path)[0]
                #expect(alone == chainFigures[k], "path \(path.rawValue) chain strike \(o.strike)")
            }
            // An empty batch is fine.
            #expect(BlackScholes.greeks(OptionBatch(), path: path).count == 0)
        }
    }

    // MARK: - Invalid inputs

    @Test("invalid inputs give NaN in all six figures, are counted, and leave neighbours alone")
    func invalidInputs() {
        let valid = Inputs(type: .call, spot: 100, strike: 105, t: 0.25, rate: 0.03, div: 0.01, sigma: 0.25)
        let reference = BlackScholes.greeks(Self.batch([valid]), path: .scalar)[0]
        func with(_ change: (inout Inputs) -> Void) -> Inputs { var x = valid; change(&x); return x }
        let invalid: [(String, Inputs)] = [
            ("spot 0", with { $0.spot = 0 }),
            ("spot -1", with { $0.spot = -1 }),
            ("spot inf", with { $0.spot = .infinity }),
            ("spot NaN", with { $0.spot = .nan }),
            ("strike -105", with { $0.strike = -105 }),
            ("strike 0", with { $0.strike = 0 }),
            ("strike NaN", with { $0.strike = .nan }),
            ("t 0", with { $0.t = 0 }),
            ("t -0.1", with { $0.t = -0.1 }),
            ("t inf", with { $0.t = .infinity }),
            ("sigma NaN", with { $0.sigma = .nan }),
            ("sigma 0", with { $0.sigma = 0 }),
            ("sigma -0.2", with { $0.sigma = -0.2 }),
            ("sigma inf", with { $0.sigma = .infinity }),
            ("rate inf", with { $0.rate = .infinity }),
            ("rate -inf", with { $0.rate = -.infinity }),
            ("rate NaN", with { $0.rate = .nan }),
            ("div inf", with { $0.div = .infinity }),
            ("div NaN", with { $0.div = .nan }),
        ]
        // Interleave: valid, invalid, valid, invalid, ..., valid (39 options: a tail on every path).
        var options: [Inputs] = [valid]
        for (_, o) in invalid { options.append(o); options.append(valid) }
        let batch = Self.batch(options)
        for path in Self.paths {
            var greeks = GreeksBatch(count: 0)
            let count = BlackScholes.greeks(batch, into: &greeks, path: path)
            #expect(count == invalid.count, "path \(path.rawValue)")
            var prices: [Double] = []
            #expect(BlackScholes.prices(batch, into: &prices, path: path) == invalid.count)
            for (i, o) in options.enumerated() {
                let g = greeks[i]
                let figures = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho]
                if i % 2 == 1 {
                    let name = invalid[i / 2].0
                    #expect(figures.allSatisfy { $0.isNaN }, "path \(path.rawValue) \(name): \(figures) for \(o)")
                    #expect(prices[i].isNaN, "path \(path.rawValue) \(name) price-only kernel")
                } else {
                    #expect(figures.allSatisfy { $0.isFinite })
                    // Same path, same inputs: a few ulp from the scalar reference.
                    // Same inputs: a few ulp (of the terms a price is the difference of) from the
                    // scalar reference.
                    #expect(abs(g.price - reference.price) <= 8 * (valid.spot + valid.strike).ulp,
                            "path \(path.rawValue) neighbour \(i)")
                    #expect(abs(g.delta - reference.delta) <= 8 * (1.0).ulp)
                    #expect(abs(g.gamma - reference.gamma) <= 8 * reference.gamma.ulp)
                    #expect(prices[i] == g.price)
                }
            }
        }
    }

    /// Type codes other than +1 / -1 are unreachable through OptionType; the C kernels still
    /// reject them (tested through the raw entry points).
    @Test("raw type codes other than +1 and -1 are invalid")
    func rawTypeCodes() {
        let codes: [Int8] = [1, 0, -1, 2, 1, -2, -1, 127, 1, -128, -1]
        let n = codes.count
        let spot = [Double](repeating: 100, count: n), strike = [Double](repeating: 95, count: n)
        let t = [Double](repeating: 0.5, count: n), rate = [Double](repeating: 0.03, count: n)
        let div = [Double](repeating: 0.01, count: n), sigma = [Double](repeating: 0.3, count: n)
        for path in Self.paths {
            var storage = [Double](repeating: 0, count: 6 * n)
            var priceOnly = [Double](repeating: 0, count: n)
            var invalidGreeks = 0, invalidPrices = 0
            codes.withUnsafeBufferPointer { ty in
                spot.withUnsafeBufferPointer { s in
                    strike.withUnsafeBufferPointer { k in
                        t.withUnsafeBufferPointer { tt in
                            rate.withUnsafeBufferPointer { r in
                                div.withUnsafeBufferPointer { q in
                                    sigma.withUnsafeBufferPointer { v in
                                        let contracts = spx_contracts(count: n, type: ty.baseAddress, spot: s.baseAddress,
                                                                      strike: k.baseAddress, t: tt.baseAddress, rate: r.baseAddress,
                                                                      div: q.baseAddress)
                                        var inputs = spx_bs_inputs(contracts: contracts, sigma: v.baseAddress)
                                        storage.withUnsafeMutableBufferPointer { o in
                                            let b = o.baseAddress!
                                            var out = spx_bs_outputs(price: b, delta: b + n, gamma: b + 2 * n,
                                                                     vega: b + 3 * n, theta: b + 4 * n, rho: b + 5 * n)
                                            invalidGreeks = spx_bs_greeks(&inputs, &out, path.cValueForTests)
                                        }
                                        priceOnly.withUnsafeMutableBufferPointer { o in
                                            invalidPrices = spx_bs_price(&inputs, o.baseAddress, path.cValueForTests)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let expectedInvalid = codes.filter { $0 != 1 && $0 != -1 }.count
            #expect(invalidGreeks == expectedInvalid, "path \(path.rawValue)")
            #expect(invalidPrices == expectedInvalid, "path \(path.rawValue)")
            let call = BlackScholes.greeks(.call, spot: 100, strike: 95, timeToExpiry: 0.5, rate: 0.03, dividendYield: 0.01, volatility: 0.3)
            let put = BlackScholes.greeks(.put, spot: 100, strike: 95, timeToExpiry: 0.5, rate: 0.03, dividendYield: 0.01, volatility: 0.3)
            for (i, code) in codes.enumerated() {
                let figures = (0..<6).map { storage[$0 * n + i] }
                if code == 1 || code == -1 {
                    // The vector paths agree with the scalar one to a few ulp of the terms
                    // the price is the difference of (S e^{-qt} and K e^{-rt} in size).
                    let expected = code == 1 ? call : put
                    let unit = 8 * (100 + 95 as Double).ulp
                    #expect(abs(figures[0] - expected.price) <= unit, "path \(path.rawValue) code \(code)")
                    #expect(abs(priceOnly[i] - expected.price) <= unit)
                } else {
                    #expect(figures.allSatisfy { $0.isNaN }, "path \(path.rawValue) code \(code): \(figures)")
                    #expect(priceOnly[i].isNaN, "path \(path.rawValue) code \(code) price-only kernel")
                }
            }
        }
    }

    // MARK: - Normal distribution function

    /// References computed with mpmath (mp.ncdf at 50 digits), printed to 25 digits; the
    /// nearest double is what Swift makes of each literal.
    @Test("normalCDF within a few ulp of 50-digit references")
    func normalCDF() {
        let references: [(Double, Double)] = [
            (-38, 58_401_720 * 0x1p-1074),  // 2.885428360068784308350970e-316 on the subnormal grid
            (-37.5, 4.605353009581954843827969e-308),
            (-20, 2.753624118606233695075623e-89),
            (-10, 7.619853024160526065973343e-24),
            (-1, 0.1586552539314570514147675),
            (-1e-10, 0.4999999999601057719598567),
            (0, 0.5),
            (1e-10, 0.5000000000398942280401433),
            (1, 0.8413447460685429485852325),
            (5, 0.9999997133484281208060883),
            (8.25, 0.9999999999999999208027369),
            (40, 1.0),
        ]
        for (x, ref) in references {
            let got = BlackScholes.normalCDF(x)
            // A subnormal reference (x = -38) is good to its absolute ulp, 4.9e-324.
            #expect(abs(got - ref) <= 4 * ref.ulp, "Phi(\(x)) = \(got), reference \(ref), \(abs(got - ref) / ref.ulp) ulp")
        }
        #expect(BlackScholes.normalCDF(.nan).isNaN)
        // Monotone and symmetric around 0 on a grid.
        var previous = 0.0
        for k in -800...800 {
            let x = Double(k) / 100
            let p = BlackScholes.normalCDF(x)
            #expect(p >= previous, "Phi not monotone at \(x)")
            previous = p
            #expect(abs(p + BlackScholes.normalCDF(-x) - 1) <= 2 * Double.ulpOfOne, "Phi(x) + Phi(-x) at \(x)")
        }
    }

    /// Phi is 0 and 1 in the far tails, up to the infinities, although x^2 overflows there
    /// (|x| > 1.3e154).
    @Test("normalCDF of huge and infinite arguments")
    func normalCDFFarTails() {
        for x in [-1e10, -1e150, -1e160, -1e200, -Double.greatestFiniteMagnitude, -.infinity] {
            #expect(BlackScholes.normalCDF(x) == 0, "Phi(\(x)) = \(BlackScholes.normalCDF(x))")
            #expect(BlackScholes.normalCDF(-x) == 1, "Phi(\(-x)) = \(BlackScholes.normalCDF(-x))")
        }
    }

    /// Inputs inside the kernels' stated domain (finite, positive) but far outside practice
    /// still give numbers, not NaN: the count says they are valid.
    @Test("extreme but valid inputs give finite figures")
    func extremeValidInputs() {
        let cases: [Inputs] = [
            Inputs(type: .call, spot: 100, strike: 100, t: 1, rate: 0.03, div: 0.01, sigma: 1e3),
            Inputs(type: .put, spot: 100, strike: 100, t: 1, rate: 0.03, div: 0.01, sigma: 1e100),
            Inputs(type: .call, spot: 100, strike: 100, t: 1, rate: 0.03, div: 0.01, sigma: 1e160),
            Inputs(type: .put, spot: 100, strike: 100, t: 1, rate: 0.03, div: 0.01, sigma: 1e160),
            Inputs(type: .call, spot: 100, strike: 100, t: 1e-300, rate: 0.03, div: 0.01, sigma: 0.2),
            Inputs(type: .put, spot: 100, strike: 100, t: 1, rate: 0.03, div: 0.01, sigma: 1e-300),
            Inputs(type: .call, spot: 100, strike: 1e-300, t: 1, rate: 0.03, div: 0.01, sigma: 0.2),
            Inputs(type: .put, spot: 1e-300, strike: 100, t: 1, rate: 0.03, div: 0.01, sigma: 0.2),
            Inputs(type: .call, spot: 100, strike: 100, t: 1000, rate: 0.03, div: 0.01, sigma: 0.2),
        ]
        for path in Self.paths {
            var greeks = GreeksBatch(count: 0)
            let invalid = BlackScholes.greeks(Self.batch(cases), into: &greeks, path: path)
            #expect(invalid == 0)
            for (i, o) in cases.enumerated() {
                let g = greeks[i]
                let figures = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho]
                #expect(figures.allSatisfy { $0.isFinite }, "path \(path.rawValue): \(figures) for \(o)")
                // Bounds every option respects, 0 <= call <= S e^{-qt} and 0 <= put <= K e^{-rt},
                // to within the accuracy floor of the golden tests (1e-13 x spot).
                let bound = o.type == .call ? o.spot * exp(-o.div * o.t) : o.strike * exp(-o.rate * o.t)
                let slack = 1e-13 * o.spot
                #expect(g.price >= -slack && g.price <= bound * (1 + 1e-15) + slack,
                        "path \(path.rawValue): price \(g.price) for \(o)")
            }
        }
    }
}

extension SIMDPath {
    /// The C enumerator of a path (the Pricing module keeps its own mapping internal).
    var cValueForTests: spx_simd_path {
        switch self {
        case .automatic: SPX_SIMD_AUTO
        case .scalar: SPX_SIMD_SCALAR
        case .avx2: SPX_SIMD_AVX2
        case .avx512: SPX_SIMD_AVX512
        }
    }
}

extension OptionBatch {
    /// The options of `a` followed by those of `b`.
    static func concatenate(_ a: OptionBatch, _ b: OptionBatch) -> OptionBatch {
        var out = OptionBatch(reservingCapacity: a.count + b.count)
        for source in [a, b] {
            for i in 0..<source.count {
                out.append(source.type(at: i), spot: source.spot[i], strike: source.strike[i],
                           timeToExpiry: source.timeToExpiry[i], rate: source.rate[i],
                           dividendYield: source.dividendYield[i], volatility: source.volatility[i])
            }
        }
        return out
    }
}

/// Random grids from the deterministic SplitMix64, so that they are the same everywhere.
extension SplitMix64 {
    /// Uniform on [lo, hi), from 53 random bits.
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * Double(next() >> 11) * 0x1p-53
    }

    mutating func logUniform(_ lo: Double, _ hi: Double) -> Double {
        exp(uniform(log(lo), log(hi)))
    }
}
