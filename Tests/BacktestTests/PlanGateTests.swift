import Market
import Pricing
import Strategy
import Testing
@testable import Backtest

/// The gates read as the plan means them (DESIGN section 7): ranges are floors with a note
/// above them, the delta tolerance is per core butterfly, slippage is per order.
@Suite struct PlanGateTests {
    private func gate(_ name: String, _ value: Double?, _ target: GateTarget) -> GateResult {
        GateResult(name: name, value: value, target: target, unit: .ratio, description: "")
    }

    /// Each ranged gate with its own default target: below the floor fails, the floor and
    /// the inside pass without a note, above the ceiling passes with the note.
    @Test(arguments: [
        ("monthly_income_mean", 1850.0, 3000.0),
        ("cagr", 0.22, 0.36),
        ("sharpe", 1.8, 2.5),
        ("win_rate_core", 0.68, 0.75),
    ])
    func aRangedGatePassesFromItsFloorAndNotesAboveItsCeiling(_ range: (String, Double, Double)) {
        let targets = GateTargets()
        let target: GateTarget = switch range.0 {
        case "monthly_income_mean": targets.monthlyIncome
        case "cagr": targets.cagr
        case "sharpe": targets.sharpe
        default: targets.coreWinRate
        }
        #expect(target == .planRange(range.1, range.2))
        let (lower, upper) = (range.1, range.2)

        let below = gate(range.0, lower.nextDown, target)
        #expect(below.outcome == .fail && below.note == nil)
        let atFloor = gate(range.0, lower, target)
        #expect(atFloor.outcome == .pass && atFloor.note == nil)
        let inside = gate(range.0, (lower + upper) / 2, target)
        #expect(inside.outcome == .pass && inside.note == nil)
        let atCeiling = gate(range.0, upper, target)
        #expect(atCeiling.outcome == .pass && atCeiling.note == nil)
        let above = gate(range.0, upper * 1.5, target)
        #expect(above.outcome == .pass)
        #expect(above.note == "above the plan's range: check for overfitting")
        #expect(gate(range.0, nil, target).outcome == .fail)
        #expect(gate(range.0, .nan, target).outcome == .fail)
    }

    @Test func thePlanRangeIsWrittenAsAFloor() {
        #expect(GateTarget.planRange(1850, 3000).text == ">= 1850 (plan 1850 to 3000)")
        #expect(GateTarget.planRange(0.68, 0.75).isMet(by: 0.9))
        #expect(!GateTarget.planRange(0.68, 0.75).isMet(by: 0.6799))
        // A target that is not a plan range never carries the note.
        #expect(GateTarget.atLeast(0).note(for: 1e9) == nil)
        #expect(GateTarget.between(0, 1).note(for: 2) == nil)
    }

    @Test func theNoteReachesTheWrittenSummary() {
        // A steady climb with a little noise: a Sharpe far above 2.5, which passes, noted.
        var result = Sample.result()
        for index in result.ledger.indices {
            result.ledger[index].equity = 100_000 + 150 * Double(index) + (index % 2 == 0 ? 20 : -20)
        }
        let report = BacktestReport(result)
        let sharpe = report.gates.first { $0.name == "sharpe" }!
        #expect(sharpe.value.map { $0 > 2.5 } == true, "\(sharpe.value ?? .nan)")
        #expect(sharpe.passed && sharpe.note == GateTarget.aboveRangeNote)
        guard case let .object(pairs) = report.summary,
              case let .array(gates)? = pairs.first(where: { $0.0 == "gates" })?.1 else {
            Issue.record("summary without gates")
            return
        }
        let written = gates.compactMap { gate -> JSONValue? in
            guard case let .object(fields) = gate, fields.contains(where: { $0.0 == "name" && $0.1 == .string("sharpe") }) else { return nil }
            return fields.first { $0.0 == "note" }?.1
        }
        #expect(written == [.string(GateTarget.aboveRangeNote)])
    }

    // MARK: Delta per core butterfly

    private static func leg(_ product: OptionProduct, _ strike: Double, _ quantity: Int) -> Leg {
        let date = day("2020-03-20")
        let expiry = ListedExpiry(product: product, root: product == .spx ? .spxw : .xsp, cycle: .weekly, style: .pm,
                                  expirationDate: date, settlementDate: date, settlementMinute: 16 * 60,
                                  lastTradingDate: date)
        return Leg(product: product, expiry: expiry, type: .put, strike: strike, quantity: quantity)
    }

    /// A hand-built book: one 2-lot core put butterfly (+2 / -4 / +2 at deltas -0.08, -0.20,
    /// -0.35) and one XSP probe put spread (-1 at -0.30, +1 at -0.20). The ledger's delta is
    /// dollars per SPX point, Σ quantity x delta x 100, an XSP contract a tenth of an SPX one.
    @Test func netDeltaIsPerCoreButterflyInContracts() throws {
        let core = Position(id: 1, component: .core,
                            legs: [Self.leg(.spx, 3000, 2), Self.leg(.spx, 2900, -4), Self.leg(.spx, 2850, 2)],
                            openDate: day("2020-02-20"), openCredit: 500, maxRisk: 9000, entryVIX: 15)
        let probe = Position(id: 2, component: .probe, legs: [Self.leg(.xsp, 300, -1), Self.leg(.xsp, 295, 1)],
                             openDate: day("2020-02-20"), openCredit: 40, maxRisk: 460, entryVIX: 15)
        let butterflies = DailyRisk.coreButterflies(in: [core, probe])
        #expect(butterflies == 2)
        // By hand: core 2(-0.08) - 4(-0.20) + 2(-0.35) = -0.06 SPX contracts; probe
        // -1(-0.30) + 1(-0.20) = +0.10 XSP contracts = +0.01 SPX; book -0.05 contracts.
        let coreDelta = 2 * -0.08 - 4 * -0.20 + 2 * -0.35
        let probeDelta = (-1 * -0.30 + 1 * -0.20) / 10
        let dollarsPerPoint = (coreDelta + probeDelta) * 100
        #expect(abs(dollarsPerPoint + 5) < 1e-12)

        var result = Sample.result()
        for index in result.ledger.indices {
            result.ledger[index].delta = dollarsPerPoint
            result.ledger[index].equity = 100_000
            result.risk[index].coreButterflies = butterflies
            result.risk[index].spxClose = 5000
        }
        let netDelta = result.risk[0].netDeltaPerCoreButterfly(result.ledger[0])
        #expect(netDelta.map { abs($0 - 0.025) < 1e-12 } == true)
        var g = BacktestReport(result).gates.first { $0.name == "net_delta_per_core_worst_day" }!
        #expect(g.passed)
        #expect(g.value.map { abs($0 - 0.025) < 1e-12 } == true)

        // One day at the plan's own exit level, one butterfly at 0.15 delta: fails (0.15 > 0.10),
        // while its delta dollars, $75,000 at SPX 5,000, are 75% of the account, reported only.
        result.ledger[20].delta = 15
        result.risk[20].coreButterflies = 1
        g = BacktestReport(result).gates.first { $0.name == "net_delta_per_core_worst_day" }!
        #expect(!g.passed)
        #expect(g.value.map { abs($0 - 0.15) < 1e-12 } == true)
        #expect(Metrics(result).deltaDollarsShareWorstDay.map { abs($0 - 0.75) < 1e-12 } == true)

        // Exactly 0.10 passes; a day without a core butterfly is not counted, whatever its delta.
        result.ledger[20].delta = 20
        result.risk[20].coreButterflies = 2
        result.ledger[21].delta = 500
        result.risk[21].coreButterflies = 0
        g = BacktestReport(result).gates.first { $0.name == "net_delta_per_core_worst_day" }!
        #expect(g.passed)
        #expect(g.value.map { abs($0 - 0.10) < 1e-12 } == true)
        #expect(result.risk[21].netDeltaPerCoreButterfly(result.ledger[21]) == nil)
    }
}
