import Market
import Pricing

/// Puts the components together into one day's plan (DESIGN section 5, "Synchronization").
///
/// Order within a day, each step seeing the ones before:
/// 1. **Exits**: every open probe and core is judged by its exit rule on today's mark
///    (positions without a mark are held; settlement at expiry is the engine's).
/// 2. **Probes** (probe days): `probesPerDay` one-lot spreads, whatever the sentiment: they
///    are how sentiment is learnt, so they must keep running through bad markets too.
/// 3. **Core** (the core day): only when sentiment is Bullish today and has been for the
///    entry delay, below `maxPositions`, up to `coresPerEntryDay` butterflies.
/// 4. **Hedges**, every day: sized on the cores open after steps 1-3.
///
/// Every new probe or core passes two risk checks, the cheaper first: the correlated-risk
/// cap (max risk of the probes and cores settling in the same Monday-to-Sunday week, with the
/// candidate, at most `maxCorrelatedRisk` x account value) and the notch (the book's stress
/// loss after the day's changes within the current notch). Hedges are exempt from both:
/// they only ever reduce the stress loss, and the plan wants them "always".
public struct DayPlanner: Sendable {
    /// The configuration every rule reads.
    public var config: StrategyConfig
    /// Which sessions are probe days and core days.
    public var schedule: EntrySchedule

    /// A planner for `config` on `calendar`'s sessions.
    public init(config: StrategyConfig, calendar: TradingCalendar = .nyse) {
        self.config = config
        self.schedule = EntrySchedule(calendar: calendar, config: config)
    }

    /// The day's plan from `day`: exits due on the marks, then probes, the core and the hedge
    /// orders, in that order; new probes and cores pass the correlated-risk cap and the notch's
    /// stress check (hedges are exempt, see above).
    public func plan(_ day: DayInputs) -> DayPlan {
        var actions: [PlannedAction] = []
        var closing: [Int] = []
        let probeScout = ProbeScout(config: config.probe)
        let butterflies = BrokenWingButterfly(config: config.core)

        // 1. Exits.
        for (position, reason) in exits(of: day.openPositions, on: day.date, marks: day.marks) {
            closing.append(position.id)
            actions.append(PlannedAction(component: position.component, kind: .close(positionID: position.id, reason: reason)))
        }
        let remaining = day.openPositions.filter { !closing.contains($0.id) }
        var risk = WeeklyRisk(positions: remaining.filter { $0.component != .hedge })
        var opening: [Leg] = []
        var stressAfter: [Int: Double] = [:]
        var lastStress = Double.nan

        // Both risk checks for a candidate; nil when it may open.
        func refusal(legs: [Leg], maxRisk: Double, expiry: ListedExpiry) -> Skip? {
            let cap = config.maxCorrelatedRisk * day.accountValue
            let weekRisk = risk.atRisk(inWeekOf: expiry) + maxRisk
            if weekRisk > cap {
                return Skip(.correlatedRisk, "\(rounded(weekRisk)) at risk in the week of \(expiry.settlementDate) > cap \(rounded(cap))")
            }
            let stress = day.stressLossAfter(PendingBookChange(closing: closing, opening: opening + legs))
            lastStress = stress
            if !day.notch.allows(stressLossAfter: stress) {
                return Skip(.notch, "stress loss \(rounded(stress)) > limit \(rounded(day.notch.limit))")
            }
            return nil
        }

        // 2. Probes.
        let isProbeDay = schedule.isProbeDay(day.date)
        if isProbeDay {
            for _ in 0..<config.probe.probesPerDay {
                let action: PlannedAction.Kind
                switch chosenProbe(from: day.xspChain, scout: probeScout, pricer: day.pricer) {
                case .failure(let skip):
                    action = .skip(skip)
                case .success(let (probe, credit)):
                    let maxRisk = probe.maxRisk(credit: credit)
                    if let skip = refusal(legs: probe.legs, maxRisk: maxRisk, expiry: probe.expiry) {
                        action = .skip(skip)
                    } else {
                        action = .openProbe(probe, credit: credit, maxRisk: maxRisk)
                        stressAfter[actions.count] = lastStress
                        opening += probe.legs
                        risk.add(maxRisk, expiry: probe.expiry)
                    }
                }
                actions.append(PlannedAction(component: .probe, kind: action))
            }
        }

        // 3. Core.
        let isCoreDay = schedule.isCoreDay(day.date)
        var newCoreRisk = 0.0
        if isCoreDay {
            let openCores = remaining.count(where: { $0.component == .core })
            let core = config.core
            if let skip = sentimentRefusal(day.sentiment, streak: day.bullishStreak) {
                actions.append(PlannedAction(component: .core, kind: .skip(skip)))
            } else if openCores >= core.maxPositions {
                actions.append(PlannedAction(component: .core, kind: .skip(Skip(.maxPositions, "\(openCores) open of \(core.maxPositions)"))))
            } else {
                for _ in 0..<min(core.coresPerEntryDay, core.maxPositions - openCores) {
                    let action: PlannedAction.Kind
                    if let chain = day.spxChain {
                        switch butterflies.candidate(from: chain, pricer: day.pricer) {
                        case .failure(let skip):
                            action = .skip(skip)
                        case .success(let candidate):
                            if let skip = refusal(legs: candidate.legs, maxRisk: candidate.maxRisk, expiry: candidate.expiry) {
                                action = .skip(skip)
                            } else {
                                action = .openCore(candidate)
                                stressAfter[actions.count] = lastStress
                                opening += candidate.legs
                                risk.add(candidate.maxRisk, expiry: candidate.expiry)
                                newCoreRisk += candidate.maxRisk
                            }
                        }
                    } else {
                        action = .skip(Skip(.noChain, "no SPX chain"))
                    }
                    actions.append(PlannedAction(component: .core, kind: action))
                    if case .skip = action { break }
                }
            }
        }

        // 4. Hedges.
        let exposure = VIXHedgeManager.coreExposure(of: remaining) + newCoreRisk
        let hedgePlan = day.hedges.plan(on: day.date, vix: day.vix, chain: day.vixChain, coreExposure: exposure,
                                        hedges: remaining.filter { $0.component == .hedge }, pricer: day.pricer)
        actions += hedgePlan.orders.map { PlannedAction(component: .hedge, kind: .hedge($0)) }
        actions += hedgePlan.skips.map { PlannedAction(component: .hedge, kind: .skip($0)) }

        return DayPlan(date: day.date, isProbeDay: isProbeDay, isCoreDay: isCoreDay, actions: actions, hedgePlan: hedgePlan,
                       stressLossAfter: stressAfter)
    }

    /// The probes and cores of `positions` whose exit rule fires on today's mark, in id order
    /// with the rule's reason (hedges leave by their own manager's take-offs and rolls;
    /// positions without a mark are held).
    public func exits(of positions: [Position], on date: TradingDate,
                      marks: (Position) -> PositionMark?) -> [(position: Position, reason: ExitReason)] {
        let probeScout = ProbeScout(config: config.probe)
        let butterflies = BrokenWingButterfly(config: config.core)
        var due: [(position: Position, reason: ExitReason)] = []
        for position in positions.sorted(by: { $0.id < $1.id }) where position.component != .hedge {
            guard let mark = marks(position) else { continue }
            let reason = position.component == .probe
                ? probeScout.exit(position, mark: mark, on: date)
                : butterflies.exit(position, mark: mark, on: date)
            if let reason { due.append((position, reason)) }
        }
        return due
    }

    /// Which components may open something today, known before the day's chains are built:
    /// a necessary condition of the plan's entries, so the day's chains hold the entry
    /// expiries of exactly these.
    ///
    /// - The probe on a probe day.
    /// - The core on the core day when today is not Volatile and yesterday's Bullish streak
    ///   already covers the entry delay (today's reading can only add one session).
    /// - A hedge below the VIX entry threshold, or when one is due to roll (rolls go at any
    ///   VIX, see ``VIXHedgeManager``), while cores are open, may enter today, or were open
    ///   in the manager's lookback.
    public func entryIntents(on date: TradingDate, vix: Double, spxDayChange: Double, streakBefore: BullishStreak,
                             positions: [Position], hedges: VIXHedgeManager) -> EntryIntents {
        let probe = schedule.isProbeDay(date)
        let volatile = Sentiment(config: config.sentiment).isVolatile(vix: vix, spxDayChange: spxDayChange)
        let core = schedule.isCoreDay(date) && !volatile
            && streakBefore.permitsEntryAfterOneMoreBullish(entryDelay: config.core.spxEntryDelay)
        let coresOpen = positions.contains { $0.component == .core }
        let hedgeRolls = positions.contains { $0.component == .hedge && hedges.isDueToRoll($0, on: date) }
        let hedge = (vix < config.hedge.vixEntryThreshold || hedgeRolls)
            && (coresOpen || core || hedges.recentExposure > 0)
        return EntryIntents(probe: probe, core: core, hedge: hedge)
    }

    /// Why sentiment keeps the core out today, or nil when it lets it in.
    public func sentimentRefusal(_ reading: SentimentReading, streak: BullishStreak) -> Skip? {
        guard reading.state == .bullish else {
            let evidence = reading.hasEnoughProbes
                ? "win rate \(reading.winRate.map { String(rounded($0)) } ?? "-") over \(reading.probeCount) probes"
                : "\(reading.probeCount) closed probes, \(config.sentiment.minimumProbes) needed"
            return Skip(.sentiment, "\(reading.state.rawValue), \(evidence)")
        }
        let needed = config.core.spxEntryDelay + 1
        guard streak.permitsEntry(entryDelay: config.core.spxEntryDelay) else {
            return Skip(.sentiment, "bullish \(streak.count) of \(needed) sessions")
        }
        return nil
    }

    private func chosenProbe(from chain: OptionChain?, scout: ProbeScout,
                             pricer: OrderPricer) -> Result<(ProbeCandidate, Double), Skip> {
        guard let chain else { return .failure(Skip(.noChain, "no XSP chain")) }
        switch scout.candidate(from: chain) {
        case .failure(let skip):
            return .failure(skip)
        case .success(let probe):
            guard let credit = pricer(probe.ticket) else { return .failure(Skip(.noFill, "XSP put spread")) }
            guard credit > 0 else { return .failure(Skip(.creditBelowMinimum, "fill credit \(rounded(credit))")) }
            return .success((probe, credit))
        }
    }
}
