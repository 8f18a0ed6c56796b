import Foundation
import Testing
import Pricing

/// Accuracy of the Black-Scholes-Merton kernels against Golden/bs_golden.csv, a reference
/// computed from the exact double inputs with 40-digit (or more) arithmetic by
/// tools/gen_bs_golden.py. Every figure of every row, on every SIMD path this CPU runs, must
/// lie within 1e-12 relative of the reference, with absolute floors where a figure falls
/// below what double arithmetic on the inputs can resolve: 1e-13 x spot for the money
/// figures (price, vega, theta, rho), 1e-13 for delta and 1e-13 / spot for gamma.
@Suite("Black-Scholes accuracy against the 40-digit golden file")
struct BlackScholesAccuracyTests {
    static let relativeTolerance = 1e-12
    static let floorFactor = 1e-13

    /// Every concrete path this CPU supports (scalar first).
    static var supportedPaths: [SIMDPath] {
        [SIMDPath.scalar, .avx2, .avx512].filter(\.isSupported)
    }

    /// The absolute floor of one figure for an option on `spot`.
    static func floor(_ figure: GreekFigure, spot: Double) -> Double {
        switch figure {
        case .delta: floorFactor
        case .gamma: floorFactor / spot
        case .price, .vega, .theta, .rho: floorFactor * spot
        }
    }

    @Test("golden file loads with the expected shape")
    func goldenFileShape() throws {
        let golden = try BSGoldenFile.shared()
        #expect(golden.rows.count > 3000)
        #expect(golden.batch.count == golden.rows.count)
        // The grid reaches the corners the kernels promise to handle.
        let ratios = golden.rows.map { $0.strike / $0.spot }
        #expect(ratios.min()! < 0.011 && ratios.max()! > 95)
        #expect(golden.rows.map(\.t).min()! <= 1.0 / 8760 && golden.rows.map(\.t).max()! >= 5)
        #expect(golden.rows.map(\.sigma).min()! <= 0.01 && golden.rows.map(\.sigma).max()! >= 5)
        #expect(golden.rows.contains { $0.rate == $0.div })
        #expect(golden.rows.contains { $0.type == .put } && golden.rows.contains { $0.type == .call })
    }

    @Test("every figure within 1e-12 relative (with floors) on every SIMD path")
    func goldenOnEveryPath() throws {
        let golden = try BSGoldenFile.shared()
        var report: [String] = []
        report.append("Black-Scholes vs 40-digit reference, \(golden.rows.count) rows")
        report.append("path    figure  max rel (|ref|>=floor)  max rel (all |ref|>1e-290)  max err/tolerance")
        for path in Self.supportedPaths {
            var greeks = GreeksBatch(count: 0)
            let invalid = BlackScholes.greeks(golden.batch, into: &greeks, path: path)
            #expect(invalid == 0, "path \(path.rawValue): \(invalid) golden rows reported invalid")
            var failures: [String] = []
            var failureCount = 0
            for figure in GreekFigure.allCases {
                let got = greeks.values(of: figure)
                var worstRel = 0.0, worstRelAll = 0.0, worstUse = 0.0
                var worstRelRow = -1
                for (i, row) in golden.rows.enumerated() {
                    let ref = row.reference[figure.rawValue]
                    let value = got[got.startIndex + i]
                    let floor = Self.floor(figure, spot: row.spot)
                    let err = abs(value - ref)
                    let tolerance = Self.relativeTolerance * abs(ref) + floor
                    let use = err / tolerance
                    if !(use <= 1) {  // also catches NaN
                        failureCount += 1
                        if failures.count < 25 {
                            failures.append("path \(path.rawValue) line \(row.line) \(figure.name): got \(value), "
                                + "reference \(ref), error \(err), tolerance \(tolerance); row \(row.text)")
                        }
                    }
                    worstUse = max(worstUse, use.isNaN ? .infinity : use)
                    if abs(ref) > 1e-290 {
                        let rel = err / abs(ref)
                        worstRelAll = max(worstRelAll, rel.isNaN ? .infinity : rel)
                        if abs(ref) >= floor, rel > worstRel {
                            worstRel = rel
                            worstRelRow = row.line
                        }
                    }
                }
                report.append(
                    "\(path.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) "
                        + "\(figure.name.padding(toLength: 7, withPad: " ", startingAt: 0)) "
                        + "\(shortScientific(worstRel)) (line \(worstRelRow))".padding(toLength: 24, withPad: " ", startingAt: 0)
                        + "\(shortScientific(worstRelAll))".padding(toLength: 28, withPad: " ", startingAt: 0)
                        + shortScientific(worstUse))
            }
            for message in failures { Issue.record(Comment(rawValue: message)) }
            #expect(failureCount == 0, "path \(path.rawValue): \(failureCount) figures outside tolerance")
        }
        print(report.joined(separator: "\n"))
    }

    /// No-arbitrage bounds hold exactly in double arithmetic on every golden row: a price is
    /// never negative and never above its upper bound (S e^{-qt} for a call, K e^{-rt} for a
    /// put), a call delta lies in [0, e^{-qt}], gamma and vega are never negative.
    @Test("no-arbitrage bounds on every golden row and path")
    func noArbitrageBounds() throws {
        let golden = try BSGoldenFile.shared()
        for path in Self.supportedPaths {
            let greeks = BlackScholes.greeks(golden.batch, path: path)
            var failures = 0
            for (i, row) in golden.rows.enumerated() {
                let g = greeks[i]
                let dq = exp(-row.div * row.t)
                let upper = row.type == .call ? row.spot * dq : row.strike * exp(-row.rate * row.t)
                let deltaOK = row.type == .call ? (g.delta >= 0 && g.delta <= dq * (1 + 1e-15))
                                                : (g.delta <= 0 && g.delta >= -dq * (1 + 1e-15))
                let ok = g.price >= 0 && g.price <= upper * (1 + 1e-15) && deltaOK && g.gamma >= 0 && g.vega >= 0
                if !ok {
                    failures += 1
                    if failures <= 20 {
                        Issue.record(Comment(rawValue: "path \(path.rawValue) line \(row.line): price \(g.price) "
                            + "(upper \(upper)), delta \(g.delta), gamma \(g.gamma), vega \(g.vega); row \(row.text)"))
                    }
                }
            }
            #expect(failures == 0, "path \(path.rawValue): \(failures) rows outside the no-arbitrage bounds")
        }
    }

    @Test("automatic path gives the best path's results")
    func automaticIsBest() throws {
        let golden = try BSGoldenFile.shared()
        let auto = BlackScholes.greeks(golden.batch, path: .automatic)
        let best = BlackScholes.greeks(golden.batch, path: SIMDPath.best)
        #expect(auto.storage == best.storage)
        #expect(SIMDPath.automatic.resolved == SIMDPath.best)
        #expect(SIMDPath.best.isSupported && SIMDPath.scalar.isSupported)
    }

    /// The two fused paths run the same IEEE operations per lane (the C target compiles with
    /// -ffp-contract=off, so a fused multiply-add happens only where the source writes one), so
    /// they must agree bit for bit, not merely within a few ulp: the pinned backtest bytes
    /// (`PinnedRunTests`) hold on AVX2 and AVX-512 machines alike only if they do. Runs where
    /// the CPU has both paths.
    @Test("the AVX2 and AVX-512 paths give the same bits", .enabled(if: SIMDPath.avx512.isSupported && SIMDPath.avx2.isSupported))
    func fusedPathsAgreeBitForBit() throws {
        let golden = try BSGoldenFile.shared()
        let avx2 = BlackScholes.greeks(golden.batch, path: .avx2), avx512 = BlackScholes.greeks(golden.batch, path: .avx512)
        for figure in GreekFigure.allCases {
            let a = avx2.values(of: figure).map(\.bitPattern), b = avx512.values(of: figure).map(\.bitPattern)
            #expect(a == b, "\(figure.name): \(zip(a, b).filter { $0 != $1 }.count) of \(a.count) differ")
        }
        #expect(BlackScholes.prices(golden.batch, path: .avx2).map(\.bitPattern)
                == BlackScholes.prices(golden.batch, path: .avx512).map(\.bitPattern))
    }

    @Test("prices(_:) agrees with the price column of greeks(_:) on every path")
    func priceOnlyKernel() throws {
        let golden = try BSGoldenFile.shared()
        for path in Self.supportedPaths {
            var prices: [Double] = []
            let invalid = BlackScholes.prices(golden.batch, into: &prices, path: path)
            #expect(invalid == 0)
            let greeks = BlackScholes.greeks(golden.batch, path: path)
            #expect(prices == Array(greeks.values(of: .price)), "path \(path.rawValue)")
        }
    }

    @Test("single-option API matches the reference")
    func singleOption() throws {
        let golden = try BSGoldenFile.shared()
        for row in golden.rows.prefix(200) {
            let g = BlackScholes.greeks(row.type, spot: row.spot, strike: row.strike, timeToExpiry: row.t,
                                        rate: row.rate, dividendYield: row.div, volatility: row.sigma)
            let values = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho]
            for figure in GreekFigure.allCases {
                let ref = row.reference[figure.rawValue]
                let tolerance = Self.relativeTolerance * abs(ref) + Self.floor(figure, spot: row.spot)
                #expect(abs(values[figure.rawValue] - ref) <= tolerance, "line \(row.line) \(figure.name)")
            }
        }
    }
}

/// One row of the golden file.
struct BSGoldenRow: Sendable {
    var line: Int
    var text: String
    var type: OptionType
    var spot, strike, t, rate, div, sigma: Double
    /// price, delta, gamma, vega, theta, rho (GreekFigure order).
    var reference: [Double]
}

/// Golden/bs_golden.csv, parsed once.
struct BSGoldenFile: Sendable {
    var rows: [BSGoldenRow]
    var batch: OptionBatch

    enum LoadError: Error, CustomStringConvertible {
        case missing
        case malformed(line: Int, text: String)
        var description: String {
            switch self {
            case .missing: "Golden/bs_golden.csv not found in the test bundle"
            case let .malformed(line, text): "bs_golden.csv line \(line) malformed: \(text)"
            }
        }
    }

    private static let cache: Result<BSGoldenFile, LoadError> = Result { () throws(LoadError) in try load() }

    static func shared() throws(LoadError) -> BSGoldenFile { try cache.get() }

    private static func load() throws(LoadError) -> BSGoldenFile {
        guard let url = Bundle.module.url(forResource: "bs_golden", withExtension: "csv", subdirectory: "Golden"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw .missing }
        var rows: [BSGoldenRow] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if index == 0 { continue }  // header
            let cells = line.split(separator: ",")
            guard cells.count == 13, let type = OptionType(code: cells[0]) else {
                throw .malformed(line: index + 1, text: String(line))
            }
            var numbers: [Double] = []
            for cell in cells.dropFirst() {
                guard let value = Double(cell) else { throw .malformed(line: index + 1, text: String(line)) }
                numbers.append(value)
            }
            rows.append(BSGoldenRow(line: index + 1, text: String(line), type: type, spot: numbers[0],
                                  strike: numbers[1], t: numbers[2], rate: numbers[3], div: numbers[4],
                                  sigma: numbers[5], reference: Array(numbers[6...])))
        }
        var batch = OptionBatch(reservingCapacity: rows.count)
        for r in rows {
            batch.append(r.type, spot: r.spot, strike: r.strike, timeToExpiry: r.t, rate: r.rate,
                         dividendYield: r.div, volatility: r.sigma)
        }
        return BSGoldenFile(rows: rows, batch: batch)
    }
}

/// A short scientific rendering for the error tables.
func shortScientific(_ x: Double) -> String {
    if x == 0 { return "0" }
    if !x.isFinite { return "\(x)" }
    return String(format: "%.2e", x)
}
