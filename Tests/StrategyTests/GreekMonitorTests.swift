import Foundation
import Market
import Pricing
import Testing
@testable import Strategy

/// Per-contract model figures of a fixture leg, straight from Black-Scholes (own product terms).
private func contractGreeks(_ leg: Leg, volatility: Double? = nil, underlying: Double? = nil) -> Greeks {
    let chain = RiskFixtures.chains[leg.product]!
    let quote = RiskFixtures.chains.quote(for: leg)!
    return BlackScholes.greeks(leg.type, spot: underlying ?? quote.underlying, strike: leg.strike,
                               timeToExpiry: quote.timeToExpiry, rate: chain.rate, dividendYield: chain.dividendYield,
                               volatility: volatility ?? quote.iv)
}

private func close(_ a: Double, _ b: Double, relative: Double = 1e-10) -> Bool {
    abs(a - b) <= relative * max(abs(a), abs(b), 1)
}

enum BookFixtures {
    static let core = RiskFixtures.position(1, .core, [
        RiskFixtures.leg(.spx, .put, 4900, 1, days: RiskFixtures.spxDays),
        RiskFixtures.leg(.spx, .put, 5000, -2, days: RiskFixtures.spxDays),
        RiskFixtures.leg(.spx, .put, 5050, 1, days: RiskFixtures.spxDays),
    ])
    static let probe = RiskFixtures.position(2, .probe, [
        RiskFixtures.leg(.xsp, .put, 500, -5, days: RiskFixtures.xspDays),
        RiskFixtures.leg(.xsp, .put, 495, 5, days: RiskFixtures.xspDays),
    ])
    static let hedge = RiskFixtures.position(3, .hedge, [
        RiskFixtures.leg(.vix, .call, 20, 2, days: RiskFixtures.vixDays),
        RiskFixtures.leg(.vix, .call, 30, -2, days: RiskFixtures.vixDays),
    ])
    static let book = [core, probe, hedge]
}

@Suite("Greek monitor")
struct GreekMonitorTests {
    let report = GreekMonitor().report(for: BookFixtures.book, on: RiskFixtures.chains)

    @Test("Book totals equal Σ weight x per-contract greek; XSP in SPX terms; VIX apart")
    func totalsAreWeightedSums() {
        var spx = Greeks.zero, vix = Greeks.zero
        for leg in BookFixtures.book.flatMap(\.legs) {
            let g = contractGreeks(leg)
            let w = Double(leg.quantity) * leg.multiplier
            if leg.product == .vix {
                vix.price += w * g.price; vix.delta += w * g.delta; vix.gamma += w * g.gamma
                vix.vega += w * g.vega; vix.theta += w * g.theta
            } else {
                // An XSP point is a tenth of an SPX point: delta x 0.1, gamma x 0.01 in SPX terms.
                let s = leg.product.indexScale
                spx.price += w * g.price; spx.delta += w * g.delta * s; spx.gamma += w * g.gamma * s * s
                spx.vega += w * g.vega; spx.theta += w * g.theta
            }
        }
        let (t, v) = (report.spx.totals, report.vix.totals)
        for (a, b) in [(t.price, spx.price), (t.delta, spx.delta), (t.gamma, spx.gamma), (t.vega, spx.vega),
                       (t.theta, spx.theta)] {
            #expect(close(a, b, relative: 1e-9), "SPX side \(a) vs \(b)")
        }
        for (a, b) in [(v.price, vix.price), (v.delta, vix.delta), (v.gamma, vix.gamma), (v.vega, vix.vega),
                       (v.theta, vix.theta)] {
            #expect(close(a, b, relative: 1e-9), "VIX side \(a) vs \(b)")
        }
        #expect(report.spx.legCount == 5 && report.vix.legCount == 2)
        #expect(report.unpriced.isEmpty)
    }

    @Test("Display conventions: dollar delta, vega per point, theta per day")
    func displayUnits() {
        let spx = report.spx
        #expect(close(spx.dollarDelta, spx.totals.delta * 5200, relative: 1e-9))
        #expect(close(spx.dollarGamma, spx.totals.gamma * 5200 * 5200, relative: 1e-9))
        #expect(spx.vegaPerVolPoint == spx.totals.vega / 100)
        #expect(spx.vegaPerUnitVol == spx.totals.vega)
        #expect(spx.thetaPerDay == spx.totals.theta / 365)
        // VIX dollar delta uses the future the options are priced off.
        #expect(close(report.vix.dollarDelta, report.vix.totals.delta * 18.5, relative: 1e-9))
        // A short-put-heavy book is long delta and short vega, and collects theta.
        #expect(spx.totals.delta > 0 && spx.totals.vega < 0 && spx.totals.theta > 0)
    }

    @Test("Per-position greeks sum to the book and give delta per combo unit")
    func positionGreeks() {
        #expect(report.positions.map(\.positionID) == [1, 2, 3])
        let spxDelta = report.positions.filter { $0.underlying == .spx }.reduce(0) { $0 + $1.totals.delta }
        #expect(close(spxDelta, report.spx.totals.delta, relative: 1e-9))
        let probe = report.positions[1]
        #expect(probe.units == 5 && probe.component == .probe)
        // Delta of one spread per XSP point: -delta(500P) + delta(495P).
        let expected = -contractGreeks(BookFixtures.probe.legs[0]).delta + contractGreeks(BookFixtures.probe.legs[1]).delta
        #expect(close(probe.deltaPerUnit, expected, relative: 1e-9))
        let core = report.positions[0]
        let coreExpected = BookFixtures.core.legs.reduce(0.0) { $0 + Double($1.quantity) * contractGreeks($1).delta }
        #expect(close(core.deltaPerUnit, coreExpected, relative: 1e-9))
    }

    @Test("Legs without a quote are reported, not priced")
    func unpricedLegs() {
        let odd = RiskFixtures.position(9, .probe, [RiskFixtures.leg(.xsp, .put, 490, -1, days: RiskFixtures.xspDays)])
        let withOdd = GreekMonitor().report(for: BookFixtures.book + [odd], on: RiskFixtures.chains)
        #expect(withOdd.unpriced.map(\.positionID) == [9])
        #expect(withOdd.unpriced.first?.reason == .noQuote)
        #expect(withOdd.spx.totals == report.spx.totals)
        let empty = GreekMonitor().report(for: [], on: RiskFixtures.chains)
        #expect(empty.spx.totals == .zero && empty.vix.totals == .zero && empty.positions.isEmpty)
    }
}

@Suite("Stress scenarios")
struct StressScenarioTests {
    let tester = StressTester()

    @Test("The VIX rule: 1.75 points per 1% fall at VIX 20, scaled by sqrt(VIX / 20)")
    func vixRule() throws {
        let at20 = try tester.shock(.minus5, vix: 20)
        #expect(close(at20.vixChange, 8.75))
        #expect(close(at20.spxVolShift, 0.0875))
        #expect(close(at20.vixOptionVolShift, 1.5 * 8.75 / 100))
        let at15 = try tester.shock(.minus5, vix: 15)
        #expect(close(at15.vixChange, 8.75 * (0.75).squareRoot()))
        let crash = try tester.shock(.crash7, vix: 20)
        #expect(close(crash.vixChange, 1.5 * 1.75 * 7))
        let vega = try tester.shock(.vegaPlus10, vix: 15)
        #expect(vega.vixChange == 10 && close(vega.spxVolShift, 0.10) && vega.spxMove == 0)
        // A rally never takes VIX below half its level.
        let rally = try tester.shock(StressScenario(name: "up 20%", spxMove: 0.2, vixMove: .rule(multiplier: 1)), vix: 12)
        #expect(rally.vixChange == -6)
        // Futures follow a fraction of the spot move that shrinks with time.
        let p = StressParameters.standard
        #expect(close(p.vixFutureBeta(timeToExpiry: 30.0 / 365), 0.65))
        #expect(p.vixFutureBeta(timeToExpiry: 50.0 / 365) < 0.65)
        #expect(p.vixFutureBeta(timeToExpiry: 1.0 / 365) == 1)
    }

    @Test("Under SPX -5% a long put gains and a short put loses")
    func longAndShortPuts() {
        let long = RiskFixtures.position(1, .core, [RiskFixtures.leg(.spx, .put, 5000, 1, days: RiskFixtures.spxDays)])
        let short = RiskFixtures.position(2, .core, [RiskFixtures.leg(.spx, .put, 5000, -1, days: RiskFixtures.spxDays)])
        let gain = tester.run(.minus5, positions: [long], on: RiskFixtures.chains)
        let loss = tester.run(.minus5, positions: [short], on: RiskFixtures.chains)
        #expect(gain.pnl > 0 && gain.loss == 0)
        #expect(loss.pnl < 0 && loss.loss == -loss.pnl)
        #expect(close(gain.pnl, -loss.pnl))
    }

    @Test("Scenario P&L equals a direct repricing at the shocked inputs")
    func directRepricing() throws {
        let shocks = try StressScenario.plan.map { scenario throws(StressError) in
            try tester.shock(scenario, vix: RiskFixtures.chains.vix)
        }
        let results = tester.run(StressScenario.plan, positions: BookFixtures.book, on: RiskFixtures.chains)
        for (shock, result) in zip(shocks, results) {
            var expected: [Component: Double] = [:]
            for position in BookFixtures.book {
                for leg in position.legs {
                    let quote = RiskFixtures.chains.quote(for: leg)!
                    let base = contractGreeks(leg).price
                    let shocked: Double
                    if leg.product == .vix {
                        let future = quote.underlying + shock.vixFutureChange(timeToExpiry: quote.timeToExpiry,
                                                                               parameters: tester.parameters)
                        shocked = contractGreeks(leg, volatility: quote.iv + shock.vixOptionVolShift,
                                                 underlying: future).price
                    } else {
                        shocked = contractGreeks(leg, volatility: quote.iv + shock.spxVolShift,
                                                 underlying: quote.underlying * (1 + shock.spxMove)).price
                    }
                    expected[position.component, default: 0] += Double(leg.quantity) * leg.multiplier * (shocked - base)
                }
            }
            for component in Component.allCases {
                let a = result.pnlByComponent[component]!, b = expected[component]!
                #expect(abs(a - b) <= 1e-8 * max(abs(b), 1), "\(shock.scenario.name) \(component): \(a) vs \(b)")
            }
            #expect(close(result.pnl, expected.values.reduce(0, +), relative: 1e-9))
            #expect(result.isComplete)
        }
    }

    @Test("A VIX call spread gains in the crash; the hedge offsets part of the core's loss")
    func hedgeInCrash() {
        let crash = tester.run(.crash7, positions: BookFixtures.book, on: RiskFixtures.chains)
        #expect(crash.pnlByComponent[.hedge]! > 0)
        #expect(crash.pnlByComponent[.core]! < 0)
        let alone = tester.run(.crash7, positions: [BookFixtures.hedge], on: RiskFixtures.chains)
        #expect(close(alone.pnl, crash.pnlByComponent[.hedge]!))
        // Bounded by the spread's payoff: (30 - 20) x 2 x 100 less its current value.
        #expect(alone.pnl < 2000)
    }

    @Test("+10 vol points: short vega loses about 10 x vega per point")
    func vegaScenario() {
        let result = tester.run(.vegaPlus10, positions: [BookFixtures.core], on: RiskFixtures.chains)
        let vega = GreekMonitor().report(for: [BookFixtures.core], on: RiskFixtures.chains).spx.vegaPerVolPoint
        #expect(result.pnl < 0)
        // Second-order terms aside, the P&L is near the linear estimate.
        #expect(abs(result.pnl - 10 * vega) < 0.35 * abs(10 * vega))
    }

    @Test("Stress loss after adding a position: a short put adds loss, a long put removes it")
    func notchCheck() {
        let base = tester.stressLoss(of: [BookFixtures.core], on: RiskFixtures.chains)
        #expect(base > 0)
        let shortPut = RiskFixtures.position(5, .core, [RiskFixtures.leg(.spx, .put, 5050, -1, days: RiskFixtures.spxDays),
                                                         RiskFixtures.leg(.spx, .put, 4900, 1, days: RiskFixtures.spxDays)])
        let longPut = RiskFixtures.position(6, .hedge, [RiskFixtures.leg(.spx, .put, 5050, 1, days: RiskFixtures.spxDays)])
        #expect(tester.stressLoss(afterAdding: shortPut, to: [BookFixtures.core], on: RiskFixtures.chains) > base)
        #expect(tester.stressLoss(afterAdding: longPut, to: [BookFixtures.core], on: RiskFixtures.chains) < base)
        #expect(tester.stressLoss(of: [], on: RiskFixtures.chains) == 0)

        // The same check from a pending change: close nothing, open the short put spread's legs.
        let pending = tester.stressLoss(of: [BookFixtures.core], closing: [], opening: shortPut.legs,
                                        on: RiskFixtures.chains)
        #expect(close(pending, tester.stressLoss(afterAdding: shortPut, to: [BookFixtures.core], on: RiskFixtures.chains)))
        // Closing the core leaves only what is opened.
        let swapped = tester.stressLoss(of: [BookFixtures.core], closing: [BookFixtures.core.id],
                                        opening: longPut.legs, on: RiskFixtures.chains)
        #expect(swapped == 0)
    }

    @Test("Unpriced legs make the result incomplete")
    func incomplete() {
        let odd = RiskFixtures.position(9, .probe, [RiskFixtures.leg(.xsp, .put, 490, -1, days: RiskFixtures.xspDays)])
        let result = tester.run(.minus5, positions: [BookFixtures.core, odd], on: RiskFixtures.chains)
        #expect(!result.isComplete && result.unpriced.map(\.positionID) == [9])
        #expect(result.pnl == tester.run(.minus5, positions: [BookFixtures.core], on: RiskFixtures.chains).pnl)
    }

    @Test("A VIX level of zero, below zero or not a number leaves the rule's scenarios unresolved, and says so",
          arguments: [0.0, -4.0, .nan, .infinity])
    func unusableVIXLevel(_ level: Double) throws {
        #expect(throws: StressError.self) { try tester.shock(.minus5, vix: level) }
        #expect(throws: StressError.self) { try tester.shock(.crash7, vix: level) }
        // A move in points does not read the level.
        #expect(try tester.shock(.vegaPlus10, vix: level).vixChange == 10)

        let broken = DayChains(date: RiskFixtures.date, chains: [RiskFixtures.spxChain, RiskFixtures.xspChain,
                                                                  RiskFixtures.vixChain], spx: 5200, vix: level)
        let results = tester.run(StressScenario.plan, positions: BookFixtures.book, on: broken)
        let priced = tester.run(StressScenario.plan, positions: BookFixtures.book, on: RiskFixtures.chains)
        #expect(results.map(\.scenario) == StressScenario.plan)
        for result in results.prefix(2) {
            let error = try #require(result.unresolved, "\(result.scenario.name) at VIX \(level)")
            if case let .vixLevel(reported) = error { #expect(reported == level || (reported.isNaN && level.isNaN)) }
            #expect(error.description.contains("VIX level"))
            #expect(result.pnl.isNaN && result.loss.isNaN && !result.isComplete)
            let byComponentNaN = result.pnlByComponent.values.allSatisfy { $0.isNaN }
            #expect(byComponentNaN && result.pnlByComponent.count == Component.allCases.count)
        }
        // +10 vol points is priced as on a day with a usable level: the same figure.
        #expect(results[2].unresolved == nil && results[2].isComplete)
        #expect(results[2].pnl == priced[2].pnl && results[2].pnl.isFinite)
        // The notch's check: an unknown stress loss allows nothing.
        let loss = tester.stressLoss(of: [BookFixtures.core], on: broken)
        #expect(loss.isNaN)
        #expect(!RevFibNotch().allows(stressLossAfter: loss))
        // The grid's cells are all moves in points: every one resolved, as on the usable day.
        let grid = tester.grid(spxMoves: [-0.05, 0.01], vixPoints: [0, 10], positions: BookFixtures.book, on: broken)
        let usable = tester.grid(spxMoves: [-0.05, 0.01], vixPoints: [0, 10], positions: BookFixtures.book,
                                 on: RiskFixtures.chains)
        #expect(grid.allSatisfy { $0.unresolved == nil && $0.pnl.isFinite })
        #expect(grid.map(\.pnl) == usable.map(\.pnl))
    }
}
