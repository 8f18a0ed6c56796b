import Testing
@testable import Strategy
import Market
import Pricing

@Suite("Entry schedule")
struct EntryScheduleTests {
    let schedule = EntrySchedule(config: .default)
    func day(_ iso: String) -> TradingDate { HandBuiltChain.day(iso) }

    @Test("probes Monday and Tuesday, core Wednesday")
    func weekdays() {
        #expect(schedule.isProbeDay(day("2024-03-04")) && !schedule.isCoreDay(day("2024-03-04")))   // Monday
        #expect(schedule.isProbeDay(day("2024-03-05")) && !schedule.isCoreDay(day("2024-03-05")))   // Tuesday
        #expect(!schedule.isProbeDay(day("2024-03-06")) && schedule.isCoreDay(day("2024-03-06")))   // Wednesday
        for iso in ["2024-03-07", "2024-03-08", "2024-03-09", "2024-03-10"] {
            #expect(!schedule.isProbeDay(day(iso)) && !schedule.isCoreDay(day(iso)), "\(iso)")
        }
    }

    @Test("a Wednesday holiday moves the core to Thursday")
    func wednesdayHoliday() {
        // Christmas 2024 and Juneteenth 2024 fell on Wednesdays; New Year's Day 2025 too.
        for (holiday, thursday) in [("2024-12-25", "2024-12-26"), ("2024-06-19", "2024-06-20"), ("2025-01-01", "2025-01-02")] {
            #expect(!schedule.isCoreDay(day(holiday)))
            #expect(schedule.isCoreDay(day(thursday)), "\(thursday)")
            #expect(!schedule.isCoreDay(day(thursday) + 1))
        }
    }

    @Test("a Monday holiday drops that probe day; Tuesday probes as usual")
    func mondayHoliday() {
        #expect(!schedule.isProbeDay(day("2024-01-15")))   // Martin Luther King Jr. Day
        #expect(schedule.isProbeDay(day("2024-01-16")))
        #expect(schedule.isCoreDay(day("2024-01-17")))
    }

    @Test("a moved core day never lands on a probe day")
    func noCoreOnProbeDay() {
        let mondayCore = EntrySchedule(probeDays: [.tuesday], coreDay: .monday)
        #expect(!mondayCore.isCoreDay(day("2024-01-16")))   // Monday was a holiday; Tuesday probes
        #expect(!mondayCore.isCoreDay(day("2024-01-17")))
        #expect(mondayCore.isCoreDay(day("2024-01-22")))
    }
}

@Suite("Day planner")
struct DayPlannerTests {
    let monday = HandBuiltChain.day("2024-03-04")
    let wednesday = HandBuiltChain.day("2024-03-06")
    /// Mid prices for SPX and XSP; VIX spreads at $40 each.
    let pricer: OrderPricer = { ticket in ticket.legs[0].product == .vix ? -40 : ticket.midPremium }

    func inputs(
        on date: TradingDate, config: StrategyConfig = .pointWings, sentiment: SentimentState = .bullish,
        bullishSessions: Int = 2, open: [Position] = [], xsp: OptionChain? = nil, spx: OptionChain? = nil,
        vix: OptionChain? = nil, stress: @escaping StressLossAfter = { _ in 1000 },
        marks: @escaping @Sendable (Position) -> PositionMark? = { _ in nil }
    ) -> DayInputs {
        var streak = BullishStreak()
        for back in stride(from: bullishSessions + 3, through: 0, by: -1) {
            streak.record(back < bullishSessions ? .bullish : .neutral, on: date - back)
        }
        let reading = SentimentReading(state: sentiment, winRate: sentiment == .bullish ? 0.7 : 0.5, probeCount: 10,
                                       hasEnoughProbes: true)
        return DayInputs(date: date, vix: 15, sentiment: reading, bullishStreak: streak, accountValue: 100_000,
                         openPositions: open, xspChain: xsp, spxChain: spx, vixChain: vix,
                         notch: RevFibNotch(config: config.notch), hedges: VIXHedgeManager(config: config.hedge),
                         marks: marks, stressLossAfter: stress, pricer: pricer)
    }

    func core(id: Int, maxRisk: Double, settlement: TradingDate) -> Position {
        let expiry = HandBuiltChain.pmExpiry(.spx, settlement)
        let legs = [(4800.0, 1), (4750, -2), (4650, 1)].map {
            Leg(product: .spx, expiry: expiry, type: .put, strike: $0.0, quantity: $0.1)
        }
        return Position(id: id, component: .core, legs: legs, openDate: wednesday - 7, openCredit: 200,
                        maxRisk: maxRisk, entryVIX: 15)
    }

    func coreSkips(_ plan: DayPlan) -> [SkipReason] {
        plan.actions.filter { $0.component == .core }.compactMap { $0.skip?.reason }
    }

    func openedCores(_ plan: DayPlan) -> [BWBCandidate] {
        plan.actions.compactMap { if case .openCore(let c) = $0.kind { return c } else { return nil } }
    }

    @Test("Monday: a probe opens, whatever the sentiment; no core")
    func mondayProbe() {
        let executor = DayPlanner(config: .pointWings)
        let plan = executor.plan(inputs(on: monday, sentiment: .bearish, xsp: HandBuiltChain.probeChain()))
        #expect(plan.isProbeDay && !plan.isCoreDay)
        #expect(plan.actions.count == 1)
        guard case .openProbe(let probe, let credit, let risk) = plan.actions[0].kind else {
            Issue.record("expected a probe"); return
        }
        #expect(probe.shortQuote.strike == 496)
        #expect(abs(credit - probe.midCredit) < 1e-12)
        #expect(abs(risk - (500 - credit)) < 1e-9)
    }

    @Test("each probe of the day passes the notch with the day's earlier openings included")
    func probesAccumulate() {
        var config = StrategyConfig.pointWings
        config.probe.probesPerDay = 2
        let executor = DayPlanner(config: config)
        // $700 of stress per pending leg: one probe (2 legs) fits the $2,000 notch, two do not.
        let plan = executor.plan(inputs(on: monday, config: config, xsp: HandBuiltChain.probeChain(),
                                        stress: { Double($0.opening.count) * 700 }))
        #expect(plan.actions.count == 2)
        if case .openProbe = plan.actions[0].kind {} else { Issue.record("first probe should open") }
        #expect(plan.actions[1].skip?.reason == .notch)
        #expect(plan.actions[1].description.hasPrefix("probe: skipped: notch (stress loss 2800.0 > limit 2000.0)"))
    }

    @Test("Wednesday: a bullish market after the entry delay opens a core; hedges follow it")
    func wednesdayCore() throws {
        let executor = DayPlanner(config: .pointWings)
        let plan = executor.plan(inputs(on: wednesday, spx: HandBuiltChain.coreChain(), vix: HandBuiltChain.vixChain()))
        #expect(plan.isCoreDay)
        let core = try #require(openedCores(plan).first)
        #expect(core.strikes.short == 4750)
        // Hedge target 0.25 x 4,788.77 = $1,197: two $1,000 spreads; budget 2% = $95.78 buys two at $40.
        let hedge = try #require(plan.actions.first { $0.component == .hedge })
        guard case .hedge(let order) = hedge.kind, case .open(_, let spreads) = order.action else {
            Issue.record("expected a hedge purchase"); return
        }
        #expect(spreads == 2)
        #expect(plan.actions.map(\.component) == [.core, .hedge])
    }

    @Test("sentiment refusals: not bullish, or bullish for fewer sessions than the entry delay")
    func sentimentRefusals() {
        let executor = DayPlanner(config: .pointWings)
        let neutral = executor.plan(inputs(on: wednesday, sentiment: .neutral, spx: HandBuiltChain.coreChain()))
        #expect(coreSkips(neutral) == [.sentiment])
        let volatile = executor.plan(inputs(on: wednesday, sentiment: .volatile, spx: HandBuiltChain.coreChain()))
        #expect(coreSkips(volatile) == [.sentiment])
        let early = executor.plan(inputs(on: wednesday, bullishSessions: 1, spx: HandBuiltChain.coreChain()))
        #expect(coreSkips(early) == [.sentiment])
        #expect(early.actions[0].description == "core: skipped: sentiment (bullish 1 of 2 sessions)")
        var noDelay = StrategyConfig.pointWings
        noDelay.core.spxEntryDelay = 0
        let eager = DayPlanner(config: noDelay).plan(
            inputs(on: wednesday, config: noDelay, bullishSessions: 1, spx: HandBuiltChain.coreChain()))
        #expect(openedCores(eager).count == 1)
    }

    @Test("refusals: max positions, correlated risk, notch, credit, expiry window")
    func refusals() {
        let executor = DayPlanner(config: .pointWings)
        let apr5 = HandBuiltChain.day("2024-04-05")
        let full = (1...4).map { core(id: $0, maxRisk: 4800, settlement: apr5 - 7 * $0) }
        #expect(coreSkips(executor.plan(inputs(on: wednesday, open: full, spx: HandBuiltChain.coreChain()))) == [.maxPositions])

        // Cap 0.25 x 100,000 = 25,000 per expiry week; the candidate risks 4,788.77.
        let heavy = [core(id: 1, maxRisk: 21_000, settlement: apr5 - 2)]          // Wednesday of the same week
        #expect(coreSkips(executor.plan(inputs(on: wednesday, open: heavy, spx: HandBuiltChain.coreChain()))) == [.correlatedRisk])
        let fits = [core(id: 1, maxRisk: 20_000, settlement: apr5 - 2)]
        #expect(openedCores(executor.plan(inputs(on: wednesday, open: fits, spx: HandBuiltChain.coreChain()))).count == 1)
        let otherWeek = [core(id: 1, maxRisk: 21_000, settlement: apr5 - 7)]
        #expect(openedCores(executor.plan(inputs(on: wednesday, open: otherWeek, spx: HandBuiltChain.coreChain()))).count == 1)

        #expect(coreSkips(executor.plan(inputs(on: wednesday, spx: HandBuiltChain.coreChain(), stress: { _ in 2500 }))) == [.notch])

        var picky = StrategyConfig.pointWings
        picky.core.minCredit = 300
        #expect(coreSkips(DayPlanner(config: picky).plan(
            inputs(on: wednesday, config: picky, spx: HandBuiltChain.coreChain()))) == [.creditBelowMinimum])

        #expect(coreSkips(executor.plan(inputs(on: wednesday, spx: HandBuiltChain.coreChain(settlementDays: [12, 50])))) == [.noExpiryInWindow])
        #expect(coreSkips(executor.plan(inputs(on: wednesday, spx: nil))) == [.noChain])
    }

    @Test("exits come first, and the risk checks see the positions they close")
    func exitsFirst() {
        let executor = DayPlanner(config: .pointWings)
        let expiry = HandBuiltChain.pmExpiry(.xsp, HandBuiltChain.day("2024-03-15"))
        let oldProbe = Position(id: 7, component: .probe,
                                legs: [Leg(product: .xsp, expiry: expiry, type: .put, strike: 495, quantity: -1),
                                       Leg(product: .xsp, expiry: expiry, type: .put, strike: 490, quantity: 1)],
                                openDate: monday - 7, openCredit: 60, maxRisk: 440, entryVIX: 14)
        // Worth $20 to close: $40 of $60 kept, 67% >= 65%.
        let plan = executor.plan(inputs(on: monday, open: [oldProbe], xsp: HandBuiltChain.probeChain(),
                                        stress: { $0.closing == [7] ? 1000 : 9999 },
                                        marks: { _ in PositionMark(value: -20, delta: 0.02) }))
        #expect(plan.actions.count == 2)
        #expect(plan.actions[0].kind == .close(positionID: 7, reason: .profitTarget))
        #expect(plan.actions[0].description == "probe: close #7: profit_target")
        if case .openProbe = plan.actions[1].kind {} else { Issue.record("the probe should open: \(plan.actions[1])") }
    }

    @Test("hedges are planned every day, core day or not")
    func hedgesAlways() {
        let executor = DayPlanner(config: .pointWings)
        let thursday = wednesday + 1
        let plan = executor.plan(inputs(on: thursday, open: [core(id: 1, maxRisk: 4800, settlement: thursday + 30)],
                                        vix: HandBuiltChain.vixChain(on: thursday)))
        #expect(!plan.isProbeDay && !plan.isCoreDay)
        #expect(plan.actions.map(\.component) == [.hedge])
        #expect(plan.hedgePlan.targetPayoff == 1200)
    }
}
