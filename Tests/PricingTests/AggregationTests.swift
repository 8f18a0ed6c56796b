import Foundation
import Testing
import Pricing

/// Portfolio aggregation and scenario revaluation against sums computed here: bit for bit
/// against the left-to-right sum of the rounded products (the order the C core promises, so
/// that a total is the same double on every machine), and within a tolerance against
/// compensated summation.
///
/// Tolerances are relative to the sum of the absolute terms, sum_i |w_i g_i|: the error bound
/// of a (possibly cancelling) total is a few ulp of that sum, not of the total itself. 1e-13
/// of it is generous (a few hundred ulp).
@Suite("Book aggregation and scenario revaluation")
struct AggregationTests {
    static let relativeTolerance = 1e-13

    /// Neumaier-compensated sum and the sum of absolute values of the terms.
    static func compensatedSum(_ terms: [Double]) -> (sum: Double, absSum: Double) {
        var sum = 0.0, compensation = 0.0, absSum = 0.0
        for x in terms {
            let t = sum + x
            if abs(sum) >= abs(x) {
                compensation += (sum - t) + x
            } else {
                compensation += (x - t) + sum
            }
            sum = t
            absSum += abs(x)
        }
        return (sum + compensation, absSum)
    }

    static func figures(_ g: Greeks) -> [Double] { [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho] }

    /// A mixed book: SPX, XSP (one tenth of SPX) and VIX options (Black-76 on the future),
    /// long and short, 301 contracts (not a multiple of any vector width).
    static func mixedBook(seed: UInt64, contracts: Int = 301) -> Book {
        var rng = SplitMix64(seed: seed)
        var book = Book()
        let spx = 4512.25, vixFuture = 17.85, rate = 0.043, div = 0.0135
        for i in 0..<contracts {
            let type: OptionType = rng.uniform(0, 1) < 0.6 ? .put : .call
            var quantity = (rng.uniform(1, 11)).rounded(.down)
            if rng.uniform(0, 1) < 0.5 { quantity = -quantity }
            let t = (rng.uniform(1, 60)).rounded(.down) / 365 + 0.25 / 365
            switch i % 3 {
            case 0:
                let strike = (spx * rng.logUniform(0.7, 1.2) / 5).rounded() * 5
                book.add(type, quantity: quantity, spot: spx, strike: strike, timeToExpiry: t,
                         rate: rate, dividendYield: div, volatility: rng.uniform(0.1, 0.45))
            case 1:
                let strike = (spx / 10 * rng.logUniform(0.8, 1.1)).rounded()
                book.add(type, quantity: quantity, spot: spx / 10, strike: strike, timeToExpiry: t,
                         rate: rate, dividendYield: div, volatility: rng.uniform(0.1, 0.45))
            default:
                let strike = (vixFuture * rng.logUniform(0.8, 2.5) * 2).rounded() / 2
                book.add(type, quantity: quantity, spot: vixFuture, strike: strike, timeToExpiry: t,
                         rate: rate, dividendYield: rate, volatility: rng.uniform(0.5, 1.6))
            }
        }
        return book
    }

    @Test("book totals equal the compensated sum of weight x per-contract figure")
    func bookTotalsEqualPlainSums() {
        let book = Self.mixedBook(seed: 0xB00C)
        for path in BlackScholesAccuracyTests.supportedPaths {
            let greeks = BlackScholes.greeks(book.contracts, path: path)
            let totals = Self.figures(book.totals(of: greeks))
            let viaPath = Self.figures(book.totals(path: path))
            #expect(totals == viaPath, "path \(path.rawValue): totals(path:) differs from totals(of:)")
            for figure in GreekFigure.allCases {
                let column = Array(greeks.values(of: figure))
                let terms = zip(book.weights, column).map { $0 * $1 }
                let (reference, absSum) = Self.compensatedSum(terms)
                let naive = terms.reduce(0, +)
                let got = totals[figure.rawValue]
                #expect(abs(got - reference) <= Self.relativeTolerance * absSum,
                        "path \(path.rawValue) \(figure.name): total \(got), compensated sum \(reference)")
                #expect(abs(naive - reference) <= Self.relativeTolerance * absSum)
                #expect(got.bitPattern == naive.bitPattern,
                        "path \(path.rawValue) \(figure.name): total \(got), left-to-right sum \(naive)")
            }
        }
    }

    @Test("many books at once equal each book alone, bit for bit")
    func manyBooksEqualEachBook() throws {
        let base = Self.mixedBook(seed: 0xD6E3, contracts: 123)
        let greeks = BlackScholes.greeks(base.contracts)
        var rng = SplitMix64(seed: 0x600C5)
        let books = 17
        var weights: [Double] = []
        for b in 0..<books {
            for _ in 0..<base.count {
                // Some books hold only a few of the contracts; book 0 holds none.
                let held = b != 0 && rng.uniform(0, 1) < 0.7
                weights.append(held ? 100 * (rng.uniform(-10, 10)).rounded() : 0)
            }
        }
        let all = Book.totals(books: books, weights: weights, of: greeks)
        #expect(all.count == books)
        for b in 0..<books {
            let row = Array(weights[(b * base.count)..<((b + 1) * base.count)])
            let single = try Book(contracts: base.contracts, weights: row).totals(of: greeks)
            let got = Self.figures(all[b]), expected = Self.figures(single)
            for figure in GreekFigure.allCases {
                let terms = zip(row, Array(greeks.values(of: figure))).map { $0 * $1 }
                let (reference, absSum) = Self.compensatedSum(terms)
                let tolerance = Self.relativeTolerance * absSum
                #expect(got[figure.rawValue].bitPattern == expected[figure.rawValue].bitPattern,
                        "book \(b) \(figure.name): with the others \(got[figure.rawValue]), alone \(expected[figure.rawValue])")
                #expect(got[figure.rawValue].bitPattern == terms.reduce(0, +).bitPattern, "book \(b) \(figure.name) vs left-to-right sum")
                #expect(abs(got[figure.rawValue] - reference) <= tolerance, "book \(b) \(figure.name) vs compensated sum")
            }
        }
        #expect(all[0] == .zero)
    }

    @Test("scenario grid: (0, 0) is the book value and every point is a direct repricing")
    func scenarioValuesAreRepricings() {
        let book = Self.mixedBook(seed: 0x5CE7, contracts: 97)
        let spotShocks = [-0.10, -0.05, -0.01, 0, 0.02, 0.07]
        // -0.6 drives every sigma below zero: the kernel clamps a shocked sigma to 1e-8.
        let volShocks = [-0.6, -0.05, 0, 0.10, 0.35]
        for path in BlackScholesAccuracyTests.supportedPaths {
            let grid = book.scenarioValues(spotShocks: spotShocks, volShocks: volShocks, path: path)
            #expect(grid.values.count == spotShocks.count * volShocks.count)
            let value = book.totals(path: path).price
            let zero = grid.value(spotShock: 3, volShock: 2)
            let baseTerms = zip(book.weights, BlackScholes.prices(book.contracts, path: path)).map { $0 * $1 }
            #expect(abs(zero - value) <= Self.relativeTolerance * Self.compensatedSum(baseTerms).absSum,
                    "path \(path.rawValue): unshocked scenario \(zero) vs book value \(value)")
            for (a, ds) in spotShocks.enumerated() {
                for (b, dv) in volShocks.enumerated() {
                    let c = book.contracts
                    var shocked = c
                    shocked.setSpots(c.spot.map { $0 * (1 + ds) })
                    shocked.setVolatilities(c.volatility.map { max($0 + dv, 1e-8) })
                    let prices = BlackScholes.prices(shocked, path: path)
                    let terms = zip(book.weights, prices).map { $0 * $1 }
                    let (reference, absSum) = Self.compensatedSum(terms)
                    let got = grid.value(spotShock: a, volShock: b)
                    #expect(got.isFinite)
                    #expect(got.bitPattern == terms.reduce(0, +).bitPattern,
                            "path \(path.rawValue) shock spot \(ds) vol \(dv): grid \(got), left-to-right sum")
                    #expect(abs(got - reference) <= Self.relativeTolerance * absSum,
                            "path \(path.rawValue) shock spot \(ds) vol \(dv): grid \(got), repriced \(reference)")
                }
            }
        }
    }

    @Test("paired shocks: each value is a direct repricing, and the grid's diagonal where the grid has it")
    func pairedScenarioValuesAreRepricings() {
        let book = Self.mixedBook(seed: 0x9A1B, contracts: 61)
        let spotShocks = [0, -0.05, -0.07, 0, 0.03]
        let volShocks = [0, 0.06, 0.15, 0.10, -0.6]
        for path in BlackScholesAccuracyTests.supportedPaths {
            let pairs = book.pairedScenarioValues(spotShocks: spotShocks, volShocks: volShocks, path: path)
            #expect(pairs.count == spotShocks.count)
            for (j, (ds, dv)) in zip(spotShocks, volShocks).enumerated() {
                var shocked = book.contracts
                shocked.setSpots(book.contracts.spot.map { $0 * (1 + ds) })
                shocked.setVolatilities(book.contracts.volatility.map { max($0 + dv, 1e-8) })
                let prices = BlackScholes.prices(shocked, path: path)
                let terms = zip(book.weights, prices).map { $0 * $1 }
                let (reference, absSum) = Self.compensatedSum(terms)
                #expect(pairs[j].bitPattern == terms.reduce(0, +).bitPattern, "path \(path.rawValue) pair \(j): left-to-right sum")
                #expect(abs(pairs[j] - reference) <= Self.relativeTolerance * absSum,
                        "path \(path.rawValue) pair \(j): \(pairs[j]) vs repriced \(reference)")
            }
            let grid = book.scenarioValues(spotShocks: spotShocks, volShocks: volShocks, path: path)
            let diagonal = spotShocks.indices.map { grid.value(spotShock: $0, volShock: $0) }
            #expect(pairs == diagonal, "path \(path.rawValue): pairs \(pairs) vs diagonal \(diagonal)")
        }
        #expect(Book().pairedScenarioValues(spotShocks: [0, 0.1], volShocks: [0, 0]) == [0, 0])
    }

    @Test("scenario grid moves the way the book's greeks say")
    func scenarioSlopesMatchGreeks() {
        let book = Self.mixedBook(seed: 0x51DE, contracts: 40)
        let h = 1e-5
        let grid = book.scenarioValues(spotShocks: [-h, 0, h], volShocks: [-h, 0, h])
        let totals = book.totals()
        // Every contract of a relative spot shock moves by spot x shock, so the value slope in
        // the shock is sum_i w_i delta_i spot_i (dollar delta), and per unit vol it is vega.
        let greeks = BlackScholes.greeks(book.contracts)
        let deltaTerms = zip(book.weights, zip(greeks.values(of: .delta), book.contracts.spot)).map { $0 * $1.0 * $1.1 }
        let vegaTerms = zip(book.weights, greeks.values(of: .vega)).map { $0 * $1 }
        let dollarDelta = Self.compensatedSum(deltaTerms)
        let vega = Self.compensatedSum(vegaTerms)
        let spotSlope = (grid.value(spotShock: 2, volShock: 1) - grid.value(spotShock: 0, volShock: 1)) / (2 * h)
        let volSlope = (grid.value(spotShock: 1, volShock: 2) - grid.value(spotShock: 1, volShock: 0)) / (2 * h)
        // Central differences with h = 1e-5: truncation ~1e-10 relative; rounding of the
        // values (~1e-16 of the gross value) over 2h stays far below 1e-6 of the gross figure.
        #expect(abs(spotSlope - dollarDelta.sum) <= 1e-6 * dollarDelta.absSum,
                "spot slope \(spotSlope), dollar delta \(dollarDelta.sum)")
        #expect(abs(volSlope - totals.vega) <= 1e-6 * vega.absSum, "vol slope \(volSlope), vega \(totals.vega)")
        #expect(abs(totals.vega - vega.sum) <= Self.relativeTolerance * vega.absSum)
    }

    @Test("sign conventions of positions: short put, long call, long put")
    func positionSigns() {
        var shortPut = Book()
        shortPut.add(.put, quantity: -1, spot: 4500, strike: 4300, timeToExpiry: 30.0 / 365,
                     rate: 0.045, dividendYield: 0.013, volatility: 0.2)
        let sp = shortPut.totals(path: .scalar)
        #expect(shortPut.weights == [-100])
        #expect(sp.price < 0)   // a liability
        #expect(sp.delta > 0)   // gains when the index rises
        #expect(sp.gamma < 0)
        #expect(sp.vega < 0)
        #expect(sp.theta > 0)   // earns the passage of time
        #expect(sp.rho > 0)     // a long put loses with higher rates; the short gains
        // The book's figures are the option's times the weight.
        let one = BlackScholes.greeks(.put, spot: 4500, strike: 4300, timeToExpiry: 30.0 / 365,
                                      rate: 0.045, dividendYield: 0.013, volatility: 0.2)
        #expect(sp.theta == -100 * one.theta)
        #expect(sp.delta == -100 * one.delta)

        var longCall = Book()
        longCall.add(.call, quantity: 2, spot: 4500, strike: 4600, timeToExpiry: 45.0 / 365,
                     rate: 0.045, dividendYield: 0.013, volatility: 0.18)
        let lc = longCall.totals()
        #expect(lc.price > 0 && lc.delta > 0 && lc.gamma > 0 && lc.vega > 0 && lc.theta < 0 && lc.rho > 0)

        var longPut = Book()
        longPut.add(.put, quantity: 1, spot: 4500, strike: 4400, timeToExpiry: 45.0 / 365,
                    rate: 0.045, dividendYield: 0.013, volatility: 0.2)
        let lp = longPut.totals()
        #expect(lp.price > 0 && lp.delta < 0 && lp.gamma > 0 && lp.vega > 0 && lp.theta < 0 && lp.rho < 0)

        // A put broken-wing butterfly (+1 / -2 / +1, wings 50 above, 100 below the short)
        // opened for a credit: negative value, positive theta far from expiry's pin.
        var bwb = Book()
        for (strike, quantity) in [(4350.0, 1.0), (4300.0, -2.0), (4200.0, 1.0)] {
            bwb.add(.put, quantity: quantity, spot: 4500, strike: strike, timeToExpiry: 30.0 / 365,
                    rate: 0.045, dividendYield: 0.013, volatility: 0.2)
        }
        let fly = bwb.totals()
        #expect(fly.price < 0)
        #expect(fly.theta > 0)
        #expect(fly.vega < 0)
    }

    @Test("empty books give zeros")
    func emptyBooks() throws {
        let empty = Book()
        #expect(empty.count == 0)
        #expect(empty.totals() == .zero)
        #expect(empty.totals(of: GreeksBatch(count: 0)) == .zero)
        #expect(Book.totals(books: 3, weights: [], of: GreeksBatch(count: 0)) == [.zero, .zero, .zero])
        #expect(Book.totals(books: 0, weights: [], of: GreeksBatch(count: 0)).isEmpty)
        let grid = empty.scenarioValues(spotShocks: [-0.05, 0, 0.05], volShocks: [0, 0.1])
        #expect(grid.values == [Double](repeating: 0, count: 6))
        let none = Self.mixedBook(seed: 1, contracts: 5).scenarioValues(spotShocks: [], volShocks: [0.1])
        #expect(none.values.isEmpty)
        // A book whose weights are all zero.
        let base = Self.mixedBook(seed: 2, contracts: 9)
        let flat = try Book(contracts: base.contracts, weights: [Double](repeating: 0, count: 9))
        #expect(flat.totals() == .zero)
    }

    @Test("a book rejects weights that do not match its contracts")
    func mismatchedWeights() {
        let base = Self.mixedBook(seed: 3, contracts: 4)
        #expect(throws: PricingError.lengthMismatch(column: "weights", expected: 4, found: 3)) {
            try Book(contracts: base.contracts, weights: [1, 2, 3])
        }
    }
}
