import CSupport
import Foundation
import Testing
import Pricing

/// One row of Golden/iv_golden.csv (see tools/gen_iv_golden.py for how it is made).
private struct GoldenIVRow {
    var line: Int
    var typeCode: Int8
    var spot, strike, t, rate, div, price: Double
    var status: String
    var sigma: Double      // exact implied volatility of the double price (nan unless ok)
    var timeValue: Double  // (price - discounted forward intrinsic) / spot
}

private func loadGolden() throws -> [GoldenIVRow] {
    let url = try #require(Bundle.module.url(forResource: "iv_golden", withExtension: "csv", subdirectory: "Golden"))
    let text = try String(contentsOf: url, encoding: .utf8)
    var rows: [GoldenIVRow] = []
    for (n, line) in text.split(separator: "\n").enumerated() where n > 0 {
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 10, let code = Int8(f[0]) else { continue }
        func d(_ s: String) -> Double { Double(s) ?? .nan }
        rows.append(GoldenIVRow(line: n + 1, typeCode: code, spot: d(f[1]), strike: d(f[2]), t: d(f[3]),
                                rate: d(f[4]), div: d(f[5]), price: d(f[6]), status: f[7],
                                sigma: d(f[8]), timeValue: d(f[9])))
    }
    return rows
}

/// Calls the C kernel directly, so that rows with invalid type codes can be expressed.
/// `path` nil calls the automatic entry point, otherwise the per-path one.
private func solveKernel(_ rows: [GoldenIVRow], path: spx_simd_path? = nil) -> (sigma: [Double], status: [UInt8], failures: Int) {
    let n = rows.count
    let ty = rows.map(\.typeCode), s = rows.map(\.spot), k = rows.map(\.strike), t = rows.map(\.t)
    let r = rows.map(\.rate), q = rows.map(\.div), p = rows.map(\.price)
    var sigma = [Double](repeating: 0, count: n)
    var status = [UInt8](repeating: 255, count: n)
    let failures = ty.withUnsafeBufferPointer { ty in s.withUnsafeBufferPointer { s in
        k.withUnsafeBufferPointer { k in t.withUnsafeBufferPointer { t in
            r.withUnsafeBufferPointer { r in q.withUnsafeBufferPointer { q in p.withUnsafeBufferPointer { p in
                let contracts = spx_contracts(count: n, type: ty.baseAddress, spot: s.baseAddress,
                                              strike: k.baseAddress, t: t.baseAddress, rate: r.baseAddress,
                                              div: q.baseAddress)
                var inputs = spx_iv_inputs(contracts: contracts, price: p.baseAddress)
                return sigma.withUnsafeMutableBufferPointer { sg in
                    status.withUnsafeMutableBufferPointer { st in
                        if let path {
                            spx_implied_volatility_path(&inputs, sg.baseAddress, st.baseAddress, path)
                        } else {
                            spx_implied_volatility(&inputs, sg.baseAddress, st.baseAddress)
                        }
                    }
                }
            } } }
        } }
    } }
    return (sigma, status, Int(failures))
}

private let statusNames: [UInt8: String] = [0: "ok", 1: "below_intrinsic", 2: "above_max", 3: "invalid"]

@Test func goldenStatusesMatchAndFailuresAreNaN() throws {
    let rows = try loadGolden()
    #expect(rows.count > 2000)
    let (sigma, status, failures) = solveKernel(rows)
    var notOK = 0
    for (i, row) in rows.enumerated() {
        #expect(statusNames[status[i]] == row.status, "line \(row.line)")
        if row.status != "ok" {
            notOK += 1
            #expect(sigma[i].isNaN, "line \(row.line): a quote that is not ok must have NaN vol")
        }
    }
    #expect(failures == notOK)
    for name in ["ok", "below_intrinsic", "above_max", "invalid"] {
        #expect(rows.contains { $0.status == name }, "golden file has no \(name) row")
    }
}

/// The target: 1e-12 relative of the exact implied volatility of the double price wherever the
/// time value is at least 1e-9 of spot. Below that the price itself carries little information
/// about the volatility; the solver must still return a close, finite answer.
@Test func goldenVolatilitiesAreMachinePrecise() throws {
    let rows = try loadGolden()
    let (sigma, status, _) = solveKernel(rows)
    var worst = 0.0
    var worstLine = 0
    var checked = 0
    for (i, row) in rows.enumerated() where row.status == "ok" && status[i] == 0 {
        let err = abs(sigma[i] / row.sigma - 1)
        // Strikes beyond 1e4 x spot (or below 1e-4 x spot) need the discount factors to more
        // than 28 digits; there the bound is 1e-10.
        let moderate = max(row.strike / row.spot, row.spot / row.strike) <= 1e4
        if row.timeValue >= 1e-9 && !moderate {
            #expect(err <= 1e-10, "line \(row.line): sigma \(sigma[i]) vs \(row.sigma), rel \(err)")
        } else if row.timeValue >= 1e-9 {
            checked += 1
            #expect(err <= 1e-12, "line \(row.line): sigma \(sigma[i]) vs \(row.sigma), rel \(err)")
            if err > worst { worst = err; worstLine = row.line }
        } else {
            #expect(err <= 1e-6, "line \(row.line): sigma \(sigma[i]) vs \(row.sigma), rel \(err)")
        }
    }
    #expect(checked > 1200)
    print("implied volatility: worst relative error \(worst) at golden line \(worstLine) over \(checked) rows")
}

/// The AVX2 and AVX-512 solvers run the same IEEE operations per lane, so they agree bit for
/// bit on every golden quote (see `fusedPathsAgreeBitForBit` of the pricing kernels). Runs
/// where the CPU has both paths.
@Test(.enabled(if: SIMDPath.avx512.isSupported && SIMDPath.avx2.isSupported))
func fusedPathsSolveToTheSameBits() throws {
    let rows = try loadGolden()
    let avx2 = solveKernel(rows, path: SIMDPath.avx2.cValueForTests)
    let avx512 = solveKernel(rows, path: SIMDPath.avx512.cValueForTests)
    #expect(avx2.status == avx512.status)
    #expect(avx2.sigma.map(\.bitPattern) == avx512.sigma.map(\.bitPattern),
            "\(zip(avx2.sigma, avx512.sigma).filter { $0.bitPattern != $1.bitPattern }.count) of \(rows.count) differ")
}

/// Each instruction-set path, forced through the per-path entry point, reproduces the golden
/// statuses exactly and the golden volatilities to the same 1e-12 (moderate strikes, time
/// value >= 1e-9 of spot) as the automatic path.
@Test(arguments: [SIMDPath.scalar, .avx2, .avx512])
func everyPathMatchesGolden(path: SIMDPath) throws {
    guard path.isSupported else { return }
    let rows = try loadGolden()
    let (sigma, status, failures) = solveKernel(rows, path: path.cValueForTests)
    let name = path.rawValue
    #expect(failures == rows.filter { $0.status != "ok" }.count, "path \(name)")
    var worst = 0.0
    var worstLine = 0
    for (i, row) in rows.enumerated() {
        #expect(statusNames[status[i]] == row.status, "path \(name), line \(row.line)")
        let moderate = max(row.strike / row.spot, row.spot / row.strike) <= 1e4
        if row.status == "ok" && row.timeValue >= 1e-9 && moderate {
            let err = abs(sigma[i] / row.sigma - 1)
            #expect(err <= 1e-12, "path \(name), line \(row.line)")
            if err > worst { worst = err; worstLine = row.line }
        }
    }
    print("implied volatility, path \(name): worst relative error \(worst) at golden line \(worstLine)")
}

/// The kernels solve the bulk of a batch in wide blocks of several vectors and a short
/// remainder in narrow ones; a quote's volatility and status must not depend on which block,
/// or which lane of it, solved it. Every slice length from 1 to 70 (across every path's wide
/// and narrow block sizes: 1/8, 4/16 and 16/32 lanes), at shifting offsets, is solved alone
/// and compared bit for bit with the same quotes solved in one batch.
@Test(arguments: [SIMDPath.scalar, .avx2, .avx512])
func everyBatchSizeGivesTheSameBits(path: SIMDPath) throws {
    guard path.isSupported else { return }
    let rows = try loadGolden()
    let whole = solveKernel(rows, path: path.cValueForTests)
    var offset = 0
    for length in 1...70 {
        offset = (offset + 37) % (rows.count - length)
        let slice = Array(rows[offset..<(offset + length)])
        let part = solveKernel(slice, path: path.cValueForTests)
        #expect(part.failures == whole.status[offset..<(offset + length)].filter { $0 != 0 }.count,
                "path \(path.rawValue), length \(length)")
        for j in 0..<length {
            #expect(part.status[j] == whole.status[offset + j], "path \(path.rawValue), length \(length), line \(slice[j].line)")
            #expect(part.sigma[j].bitPattern == whole.sigma[offset + j].bitPattern,
                    "path \(path.rawValue), length \(length), line \(slice[j].line)")
        }
    }
}

@Test func swiftAPIAgreesWithKernelOnGolden() throws {
    let rows = try loadGolden().filter { $0.typeCode == 1 || $0.typeCode == -1 }
    var quotes = QuoteBatch()
    for r in rows {
        quotes.append(r.typeCode == 1 ? .call : .put, spot: r.spot, strike: r.strike, timeToExpiry: r.t,
                      rate: r.rate, dividendYield: r.div, price: r.price)
    }
    let (vol, status) = ImpliedVolatility.solve(quotes)
    let kernel = solveKernel(rows)
    for i in rows.indices {
        #expect(status[i].rawValue == kernel.status[i])
        #expect(vol[i].bitPattern == kernel.sigma[i].bitPattern || (vol[i].isNaN && kernel.sigma[i].isNaN))
        #expect(status[i] == .ok || vol[i].isNaN)
    }
}

/// price -> IV -> price on a random grid over the whole domain: the repriced premium must match
/// to the accuracy of the pricing kernel (a few ulp of the premium), for calls and puts,
/// BSM and Black-76 quotes, one hour to five years, 1% to 500% vol, strikes +-5 deviations.
@Test(arguments: [SIMDPath.scalar, .avx2, .avx512])
func roundTripPriceToVolatilityToPrice(path: SIMDPath) {
    guard path.isSupported else { return }
    var rng = SplitMix64(seed: 20240611)
    var quotes = QuoteBatch()
    var inputVol: [Double] = []
    var options = OptionBatch()
    for i in 0..<20_000 {
        let spot = exp(Double.random(in: 0...log(10_000.0), using: &rng))
        let t = exp(Double.random(in: log(1.0 / 8760)...log(5.0), using: &rng))
        let vol = exp(Double.random(in: log(0.01)...log(5.0), using: &rng))
        let rate = Double.random(in: -0.01...0.10, using: &rng)
        let div = i % 5 == 0 ? rate : Double.random(in: 0...0.05, using: &rng)
        let z = Double.random(in: -5...5, using: &rng)
        let strike = spot * exp((rate - div) * t + z * vol * t.squareRoot())
        let type: OptionType = Bool.random(using: &rng) ? .call : .put
        options.append(type, spot: spot, strike: strike, timeToExpiry: t, rate: rate,
                       dividendYield: div, volatility: vol)
        inputVol.append(vol)
    }
    let prices = BlackScholes.prices(options)
    for i in 0..<options.count {
        quotes.append(options.typeCodes[i] == 1 ? .call : .put, spot: options.spot[i], strike: options.strike[i],
                      timeToExpiry: options.timeToExpiry[i], rate: options.rate[i],
                      dividendYield: options.dividendYield[i], price: prices[i])
    }
    let (vol, status) = ImpliedVolatility.solve(quotes, path: path)
    var reprice = OptionBatch()
    var kept: [Int] = []
    for i in 0..<quotes.count where status[i] == .ok {
        reprice.append(options.typeCodes[i] == 1 ? .call : .put, spot: options.spot[i], strike: options.strike[i],
                       timeToExpiry: options.timeToExpiry[i], rate: options.rate[i],
                       dividendYield: options.dividendYield[i], volatility: vol[i])
        kept.append(i)
    }
    // Quotes whose time value is lost in the rounding of the premium may legitimately not be ok.
    #expect(kept.count > 19_000)
    let again = BlackScholes.prices(reprice)
    for (j, i) in kept.enumerated() {
        // The pricing kernel's own accuracy (about 1e-13 relative with a floor near 1e-15 x
        // spot), magnified where the premium is most sensitive to its inputs.
        let tolerance = 1e-11 * prices[i] + 1e-14 * options.spot[i]
        #expect(abs(again[j] - prices[i]) <= tolerance, "path \(path.rawValue), quote \(i): \(prices[i]) -> \(vol[i]) -> \(again[j])")
    }
    for i in 0..<quotes.count where status[i] != .ok {
        #expect(vol[i].isNaN)
    }
    _ = inputVol
}

/// Near the money, where vega is large, price -> IV recovers the volatility that made the price
/// (to the pricing kernel's accuracy, magnified by the premium's elasticity to the volatility).
@Test(arguments: [SIMDPath.scalar, .avx2, .avx512])
func roundTripRecoversVolatilityNearTheMoney(path: SIMDPath) {
    guard path.isSupported else { return }
    var rng = SplitMix64(seed: 7)
    var options = OptionBatch()
    for _ in 0..<5_000 {
        let spot = Double.random(in: 1000...6000, using: &rng)
        let vol = exp(Double.random(in: log(0.01)...log(5.0), using: &rng))
        // sigma sqrt(t) <= 1 keeps the premium sensitive to the volatility (elasticity >= 0.3)
        let t = min(exp(Double.random(in: log(1.0 / 8760)...log(5.0), using: &rng)), 1 / (vol * vol))
        let z = Double.random(in: -1...1, using: &rng)
        let strike = spot * exp(z * vol * t.squareRoot())
        options.append(Bool.random(using: &rng) ? .call : .put, spot: spot, strike: strike, timeToExpiry: t,
                       rate: 0.04, dividendYield: 0.013, volatility: vol)
    }
    let prices = BlackScholes.prices(options)
    var quotes = QuoteBatch()
    for i in 0..<options.count {
        quotes.append(options.typeCodes[i] == 1 ? .call : .put, spot: options.spot[i], strike: options.strike[i],
                      timeToExpiry: options.timeToExpiry[i], rate: 0.04, dividendYield: 0.013, price: prices[i])
    }
    let (vol, status) = ImpliedVolatility.solve(quotes, path: path)
    for i in 0..<options.count {
        #expect(status[i] == .ok, "path \(path.rawValue), quote \(i)")
        // the premium from the pricing kernel carries ~1e-13 relative error of its own
        #expect(abs(vol[i] / options.volatility[i] - 1) < 1e-10, "path \(path.rawValue), quote \(i)")
    }
}

@Test func statusesOfSingleQuotes() {
    // exactly intrinsic (r = q = 0 makes it exact), above the maximum, invalid
    #expect(ImpliedVolatility.solve(.call, spot: 110, strike: 100, timeToExpiry: 0.5, rate: 0, dividendYield: 0, price: 10).status == .belowIntrinsic)
    #expect(ImpliedVolatility.solve(.put, spot: 90, strike: 100, timeToExpiry: 0.5, rate: 0, dividendYield: 0, price: 10).status == .belowIntrinsic)
    #expect(ImpliedVolatility.solve(.call, spot: 100, strike: 100, timeToExpiry: 0.5, rate: 0.03, dividendYield: 0, price: 100).status == .aboveMax)
    #expect(ImpliedVolatility.solve(.put, spot: 100, strike: 100, timeToExpiry: 0.5, rate: 0, dividendYield: 0, price: 100).status == .aboveMax)
    for bad in [0.0, -1.0, .nan, .infinity] {
        let r = ImpliedVolatility.solve(.call, spot: bad, strike: 100, timeToExpiry: 0.5, rate: 0.03, dividendYield: 0, price: 5)
        #expect(r.status == .invalid && r.volatility == nil)
        let p = ImpliedVolatility.solve(.put, spot: 100, strike: 100, timeToExpiry: 0.5, rate: 0.03, dividendYield: 0, price: bad)
        #expect(p.status == .invalid && p.volatility == nil)
        let t = ImpliedVolatility.solve(.put, spot: 100, strike: 100, timeToExpiry: bad, rate: 0.03, dividendYield: 0, price: 5)
        #expect(t.status == .invalid)
    }
    let ok = ImpliedVolatility.solve(.call, spot: 100, strike: 100, timeToExpiry: 0.5, rate: 0, dividendYield: 0, price: 5)
    #expect(ok.status == .ok && ok.volatility != nil)
}

@Test func notOKQuotesHaveNaNVolatility() {
    var q = QuoteBatch()
    q.append(.call, spot: 110, strike: 100, timeToExpiry: 0.5, rate: 0, dividendYield: 0, price: 9)    // below
    q.append(.call, spot: 100, strike: 100, timeToExpiry: 0.5, rate: 0, dividendYield: 0, price: 101)  // above
    q.append(.put, spot: -1, strike: 100, timeToExpiry: 0.5, rate: 0, dividendYield: 0, price: 5)      // invalid
    q.append(.put, spot: 100, strike: 100, timeToExpiry: 0.5, rate: .nan, dividendYield: 0, price: 5)  // invalid
    q.append(.put, spot: 100, strike: 100, timeToExpiry: 0.5, rate: 0, dividendYield: 0, price: 5)     // ok
    var vol: [Double] = []
    var status: [IVStatus] = []
    let failures = ImpliedVolatility.solve(q, volatility: &vol, status: &status)
    #expect(failures == 4)
    #expect(status == [.belowIntrinsic, .aboveMax, .invalid, .invalid, .ok])
    for i in 0..<4 { #expect(vol[i].isNaN) }
    #expect(vol[4].isFinite && vol[4] > 0)
}
