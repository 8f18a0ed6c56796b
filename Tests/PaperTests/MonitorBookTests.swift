import Backtest
import Foundation
import Market
import Pricing
import Strategy
import Testing
@testable import Paper

/// The monitor on books the backtest engine holds on real days, checked against direct
/// Black-Scholes repricing of every leg, one option at a time.
@Suite("Book monitor", .enabled(if: MonitorFixture.isAvailable, MonitorFixture.absent), .serialized)
struct MonitorBookTests {
    static let dates = ["2020-02-19", "2008-10-01"]

    /// The reading and the chains it was taken on.
    func reading(_ text: String) throws -> (MonitorReading, DayChains, MonitorFixture.Day) {
        let fixture = try MonitorFixture.day(text)
        let builder = try MonitorFixture.builder.get()
        let reading = try BookMonitor().reading(of: fixture.state, on: date(text), builder: builder)
        var source = DayChainAssembler(builder: builder)
        let chains = MonitorChains.chains(for: fixture.state.portfolio.positions, day: fixture.day, vix: reading.vix,
                                          source: &source)
        return (reading, chains, fixture)
    }

    /// Value of one leg, dollars, with SPX moved by `move` and VIX by `points`, priced alone:
    /// SPX/XSP at spot x (1 + move) and vol + points/100; VIX at its future + beta x points and
    /// vol + 1.5 x points/100 (the documented stress rule), with the same floors.
    func legValue(_ leg: Leg, chains: DayChains, move: Double, points: Double) throws -> Double {
        let quote = try #require(chains.quote(for: leg))
        let chain = try #require(chains[leg.product])
        let parameters = StressParameters.standard
        var spot = quote.underlying, vol = quote.iv
        let dividend = leg.product == .vix ? chain.rate : chain.dividendYield
        if leg.product == .vix {
            let beta = parameters.vixFutureBeta(timeToExpiry: quote.timeToExpiry)
            spot = max(spot + beta * points, 0.01 * spot)
            vol = max(vol + parameters.vixOptionVolPointsPerVIXPoint * points / 100, 0.01)
        } else {
            spot *= 1 + move
            vol += points / 100
        }
        let price = BlackScholes.greeks(leg.type, spot: spot, strike: leg.strike, timeToExpiry: quote.timeToExpiry,
                                        rate: chain.rate, dividendYield: dividend, volatility: vol).price
        return price * Double(leg.quantity) * leg.multiplier
    }

    @Test(arguments: dates)
    func theMatrixMatchesDirectRepricingOfEachLeg(_ text: String) throws {
        let (reading, chains, fixture) = try reading(text)
        let legs = fixture.state.portfolio.positions.flatMap(\.legs)
        #expect(!legs.isEmpty, "the book holds positions on \(text)")
        #expect(reading.greeks.unpriced.isEmpty)
        #expect(reading.matrix.spxMoves == [-0.10, -0.07, -0.05, -0.03, -0.01, 0.01, 0.03, 0.05])
        #expect(reading.matrix.vixPoints == [0, 5, 10, 20])
        var largest = 0.0
        for (r, move) in reading.matrix.spxMoves.enumerated() {
            for (c, points) in reading.matrix.vixPoints.enumerated() {
                var expected = 0.0
                for leg in legs {
                    expected += try legValue(leg, chains: chains, move: move, points: points)
                        - legValue(leg, chains: chains, move: 0, points: 0)
                }
                let pnl = reading.matrix.pnl(row: r, column: c)
                largest = max(largest, abs(expected))
                #expect(abs(pnl - expected) <= 1e-6 * max(1, abs(expected)) + 1e-6,
                        "\(text) SPX \(move) VIX +\(points): matrix \(pnl), direct \(expected)")
            }
        }
        #expect(largest > 100, "the stresses move the book by more than $100 on \(text)")

        // The grid kernel agrees with the paired one, cell by cell.
        let scenarios = reading.matrix.spxMoves.flatMap { move in
            reading.matrix.vixPoints.map { StressScenario(name: "", spxMove: move, vixMove: .points($0)) }
        }
        let paired = StressTester().run(scenarios, positions: fixture.state.portfolio.positions, on: chains)
        for (cell, result) in zip(reading.matrix.cells, paired) {
            #expect(abs(cell.pnl - result.pnl) <= 1e-6 * max(1, abs(result.pnl)))
            for component in Component.allCases {
                #expect(abs((cell.pnlByComponent[component] ?? 0) - (result.pnlByComponent[component] ?? 0)) <= 1e-6)
            }
        }
    }

    @Test(arguments: dates)
    func theCellOfNoMoveIsZero(_ text: String) throws {
        let fixture = try MonitorFixture.day(text)
        let monitor = BookMonitor(spxMoves: [0, -0.05], vixPoints: [0, 5])
        let reading = try monitor.reading(of: fixture.state, on: date(text), builder: try MonitorFixture.builder.get())
        #expect(reading.matrix.pnl(row: 0, column: 0) == 0)
        #expect(reading.matrix.pnl(row: 1, column: 0) != 0)
        #expect(reading.matrix.pnl(row: 0, column: 1) != 0)
    }

    @Test(arguments: dates)
    func greeksAddUpAndMatchEachLegPricedAlone(_ text: String) throws {
        let (reading, chains, fixture) = try reading(text)
        var delta = 0.0, gamma = 0.0, vega = 0.0, theta = 0.0, vixVega = 0.0
        for leg in fixture.state.portfolio.positions.flatMap(\.legs) {
            let quote = try #require(chains.quote(for: leg))
            let chain = try #require(chains[leg.product])
            let g = BlackScholes.greeks(leg.type, spot: quote.underlying, strike: leg.strike,
                                        timeToExpiry: quote.timeToExpiry, rate: chain.rate,
                                        dividendYield: leg.product == .vix ? chain.rate : chain.dividendYield,
                                        volatility: quote.iv)
            let weight = Double(leg.quantity) * leg.multiplier
            if leg.product == .vix {
                vixVega += weight * g.vega / 100
                theta += weight * g.theta / 365
            } else {
                // XSP moves a tenth of an SPX point per SPX point: delta x 0.1, gamma x 0.01.
                let scale = leg.product.indexScale
                delta += weight * g.delta * scale
                gamma += weight * g.gamma * scale * scale
                vega += weight * g.vega / 100
                theta += weight * g.theta / 365
            }
        }
        let spx = reading.greeks.spx
        #expect(abs(spx.delta - delta) <= 1e-6 * max(1, abs(delta)))
        #expect(abs(spx.gamma - gamma) <= 1e-6 * max(1e-3, abs(gamma)))
        #expect(abs(reading.greeks.vega - (vega + vixVega)) <= 1e-6 * max(1, abs(vega)))
        #expect(abs(reading.greeks.theta - theta) <= 1e-6 * max(1, abs(theta)))
        #expect(abs(spx.deltaDollars - delta * fixture.day.spxClose) <= 1e-6 * max(1, abs(delta * fixture.day.spxClose)))

        // The component rows add up to the totals.
        for underlying in GreekUnderlying.allCases {
            let parts = reading.greeks.rows.filter { $0.underlying == underlying && $0.component != nil }
            let total = underlying == .spx ? reading.greeks.spx : reading.greeks.vix
            #expect(abs(parts.reduce(0) { $0 + $1.delta } - total.delta) <= 1e-9 * max(1, abs(total.delta)))
            #expect(abs(parts.reduce(0) { $0 + $1.vega } - total.vega) <= 1e-9 * max(1, abs(total.vega)))
        }

        // Quality: |Σ delta| in SPX contracts per open core butterfly.
        let cores = fixture.state.portfolio.positions.filter { $0.component == .core }.reduce(0) { $0 + $1.contracts }
        #expect(reading.quality.coreButterflies == cores)
        if cores > 0 {
            let perButterfly = try #require(reading.quality.netDeltaPerCoreButterfly)
            #expect(abs(perButterfly - abs(delta / 100) / Double(cores)) <= 1e-9)
        }
        #expect(abs(reading.quality.thetaPerDay - theta) <= 1e-6 * max(1, abs(theta)))
        #expect(abs(reading.quality.volUp10Share - abs(reading.lines.volUp10.pnl) / reading.equity) <= 1e-12)
    }

    @Test(arguments: dates)
    func thePlanLinesAreTheLedgersFigures(_ text: String) throws {
        let (reading, _, fixture) = try reading(text)
        // The monitor on the day of the state reprices what the day step's ledger reported.
        #expect(abs(reading.lines.minus5.loss - fixture.record.ledger.stressLoss5pct) <= 1e-6)
        #expect(abs(reading.lines.crash7.pnl - fixture.record.risk.crash7PnL) <= 1e-6)
        #expect(abs(reading.lines.volUp10.pnl - fixture.record.risk.volUp10PnL) <= 1e-6)
        #expect(abs(reading.greeks.spx.delta - fixture.record.ledger.delta) <= 1e-6)
        #expect(abs(reading.equity - fixture.record.ledger.equity) <= 1e-6)
        #expect(reading.lines.minus5Passes == (fixture.record.ledger.stressLoss5pct <= 5000))
        #expect(reading.lines.crash7Passes == (fixture.record.risk.crash7PnL >= 0))
        // The -5% and -7% cells are flagged, the others are not.
        #expect(reading.lines.cellPasses(spxMove: -0.05, pnl: -5000.5) == false)
        #expect(reading.lines.cellPasses(spxMove: -0.05, pnl: -4999.5) == true)
        #expect(reading.lines.cellPasses(spxMove: -0.07, pnl: -0.01) == false)
        #expect(reading.lines.cellPasses(spxMove: -0.03, pnl: -1e6) == nil)
    }

    @Test func theTableAndJSONShowTheFigures() throws {
        let (reading, _, _) = try reading("2020-02-19")
        let text = reading.tableText
        #expect(text.contains("Stress matrix"))
        #expect(text.contains("VIX +20"))
        #expect(text.contains("net delta per core butterfly"))
        let json = reading.json
        guard case let .array(cells)? = json["stress_matrix"]?["cells"] else {
            Issue.record("no cells")
            return
        }
        #expect(cells.count == 32)
        // The JSON text reads back as the same document.
        let parsed = try JSONValue(parsing: Data(json.text.utf8))
        #expect(parsed["equity"] == json["equity"])
    }

    @Test func anEmptyBookReadsAsCashWithNoRisk() throws {
        let state = BookState(config: .default)
        let reading = try BookMonitor().reading(of: state, on: date("2020-02-19"), builder: try MonitorFixture.builder.get())
        #expect(reading.equity == StrategyConfig.default.accountSize)
        #expect(reading.openPositions == 0)
        #expect(reading.greeks.rows.isEmpty)
        #expect(reading.matrix.cells.count == 32)
        #expect(reading.matrix.cells.allSatisfy { $0.pnl == 0 })
        #expect(reading.quality.netDeltaPerCoreButterfly == nil)
        #expect(reading.lines.minus5Passes && reading.lines.crash7Passes)
        #expect(reading.tableText.contains("Stress matrix"))
    }

    @Test func aStateSavedAfterTheDateOrADayOffTheCalendarIsRefused() throws {
        let fixture = try MonitorFixture.day("2020-02-19")
        let builder = try MonitorFixture.builder.get()
        #expect(throws: MonitorError.stateAfterDate(date: date("2020-02-18"), stateDate: date("2020-02-19"))) {
            try BookMonitor().reading(of: fixture.state, on: date("2020-02-18"), builder: builder)
        }
        #expect(throws: MonitorError.notASession(date("2020-02-22"))) {
            try BookMonitor().reading(of: fixture.state, on: date("2020-02-22"), builder: builder)
        }
    }
}
