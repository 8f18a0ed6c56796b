import Market
import Pricing

/// Which sessions are probe days and which is the week's core day.
///
/// Holidays: a probe day that is not a session is skipped, not moved (probes are evidence,
/// and one fewer that week changes the picture little, while moving Monday's onto Tuesday
/// would double Tuesday's). A core day that is not a session moves to the next session of
/// the same week, unless that session is a probe day or none is left before the weekend:
/// then the week has no core. With the defaults (probes Monday and Tuesday, core Wednesday)
/// a Wednesday holiday (July 4th, Christmas, New Year's Day, Juneteenth in some years) puts
/// the core on Thursday.
public struct EntrySchedule: Sendable {
    public var calendar: TradingCalendar
    public var probeDays: [ScheduleDay]
    public var coreDay: ScheduleDay

    public init(calendar: TradingCalendar = .nyse, probeDays: [ScheduleDay], coreDay: ScheduleDay) {
        self.calendar = calendar
        self.probeDays = probeDays
        self.coreDay = coreDay
    }

    public init(calendar: TradingCalendar = .nyse, config: StrategyConfig) {
        self.init(calendar: calendar, probeDays: config.probe.probeDays, coreDay: config.core.coreDay)
    }

    /// Whether `date` is a session on one of the probe weekdays.
    public func isProbeDay(_ date: TradingDate) -> Bool {
        guard calendar.isTradingDay(date), let day = ScheduleDay(date.weekday) else { return false }
        return probeDays.contains(day)
    }

    /// Whether `date` is the week's core day (see the type's holiday rule).
    public func isCoreDay(_ date: TradingDate) -> Bool {
        guard calendar.isTradingDay(date) else { return false }
        if date.weekday == coreDay.weekday { return true }
        let scheduled = date.mondayOfWeek + (coreDay.weekday.rawValue - 1)
        guard scheduled < date, !isProbeDay(date) else { return false }
        // The first session after the scheduled day, in the same week.
        return (scheduled.daysSinceEpoch..<date.daysSinceEpoch).allSatisfy {
            !calendar.isTradingDay(TradingDate(daysSinceEpoch: $0))
        }
    }
}

/// A change to the book that a risk check must see: positions closed in full earlier the
/// same day and legs opened earlier the same day plus the candidate's.
public struct PendingBookChange: Sendable, Hashable {
    public var closing: [Int]
    public var opening: [Leg]

    public init(closing: [Int], opening: [Leg]) {
        self.closing = closing
        self.opening = opening
    }
}

/// The book's loss under the notch's stress scenario after a change, dollars (a loss as a
/// positive number): the stress model reprices the open book, less `closing`, plus `opening`.
public typealias StressLossAfter = @Sendable (PendingBookChange) -> Double

/// Everything the executor decides from on one day, all known at that day's close.
public struct DayInputs: Sendable {
    public var date: TradingDate
    /// VIX close, index points.
    public var vix: Double
    /// The day's sentiment and the Bullish streak after recording it.
    public var sentiment: SentimentReading
    public var bullishStreak: BullishStreak
    /// Account value (equity) at the close, dollars.
    public var accountValue: Double
    /// Positions open at the start of the decision (all components).
    public var openPositions: [Position]
    /// The day's chains; nil when a product has none that day.
    public var xspChain: OptionChain?
    public var spxChain: OptionChain?
    public var vixChain: OptionChain?
    public var notch: RevFibNotch
    public var hedges: VIXHedgeManager
    /// Today's mark of an open position, nil when it cannot be marked (it is then held).
    public var marks: @Sendable (Position) -> PositionMark?
    public var stressLossAfter: StressLossAfter
    /// The fill model's net premium for an order (see ``OrderPricer``).
    public var pricer: OrderPricer

    public init(date: TradingDate, vix: Double, sentiment: SentimentReading, bullishStreak: BullishStreak,
                accountValue: Double, openPositions: [Position], xspChain: OptionChain?, spxChain: OptionChain?,
                vixChain: OptionChain?, notch: RevFibNotch, hedges: VIXHedgeManager,
                marks: @escaping @Sendable (Position) -> PositionMark?, stressLossAfter: @escaping StressLossAfter,
                pricer: @escaping OrderPricer = OrderPricers.mid) {
        self.date = date
        self.vix = vix
        self.sentiment = sentiment
        self.bullishStreak = bullishStreak
        self.accountValue = accountValue
        self.openPositions = openPositions
        self.xspChain = xspChain
        self.spxChain = spxChain
        self.vixChain = vixChain
        self.notch = notch
        self.hedges = hedges
        self.marks = marks
        self.stressLossAfter = stressLossAfter
        self.pricer = pricer
    }
}

/// One intended action of the day, with its reason, for the engine to carry out and log.
public struct PlannedAction: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Close open position `positionID` in full.
        case close(positionID: Int, reason: ExitReason)
        /// Open a probe expected to fill for `credit` dollars, risking `maxRisk` dollars.
        case openProbe(ProbeCandidate, credit: Double, maxRisk: Double)
        /// Open a core butterfly (credit and max risk in the candidate).
        case openCore(BWBCandidate)
        /// A hedge order (open, take-off or roll).
        case hedge(HedgeOrder)
        /// A refusal.
        case skip(Skip)
    }

    public var component: Component
    public var kind: Kind

    public init(component: Component, kind: Kind) {
        self.component = component
        self.kind = kind
    }

    /// One log line: `core: skipped: notch (stress loss 2350.0 > limit 2000.0)`.
    public var description: String {
        let what: String
        switch kind {
        case .close(let id, let reason):
            what = "close #\(id): \(reason.rawValue)"
        case .openProbe(let probe, let credit, let risk):
            what = "open XSP \(probe.longQuote.strike)/\(probe.shortQuote.strike) put spread, \(probe.daysToExpiry) DTE, credit \(rounded(credit)), max risk \(rounded(risk))"
        case .openCore(let core):
            let s = core.strikes
            what = "open SPX \(s.lowerLong)/\(s.short)/\(s.upperLong) put BWB x\(core.contracts), \(core.daysToExpiry) DTE, credit \(rounded(core.credit)), max risk \(rounded(core.maxRisk))"
        case .hedge(let order):
            switch order.action {
            case .open(_, let spreads): what = "\(order.reason.rawValue): buy \(spreads) VIX call spreads (\(order.detail))"
            case .close(let id, let spreads): what = "\(order.reason.rawValue): sell \(spreads) spreads of #\(id) (\(order.detail))"
            }
        case .skip(let skip):
            what = skip.description
        }
        return "\(component.rawValue): \(what)"
    }

    /// The refusal, when this action is one.
    public var skip: Skip? {
        if case .skip(let skip) = kind { return skip }
        return nil
    }
}

/// The day's actions in the order they are to be carried out: exits, probes, cores, hedges.
public struct DayPlan: Sendable, Hashable {
    public var date: TradingDate
    public var isProbeDay: Bool
    public var isCoreDay: Bool
    public var actions: [PlannedAction]
    /// The hedge manager's figures (target, payoff, budget) for the ledger.
    public var hedgePlan: HedgePlan
}

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
public struct SynchronizedExecutor: Sendable {
    public var config: StrategyConfig
    public var schedule: EntrySchedule

    public init(config: StrategyConfig, calendar: TradingCalendar = .nyse) {
        self.config = config
        self.schedule = EntrySchedule(calendar: calendar, config: config)
    }

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

        // Both risk checks for a candidate; nil when it may open.
        func refusal(legs: [Leg], maxRisk: Double, expiry: ListedExpiry) -> Skip? {
            let cap = config.maxCorrelatedRisk * day.accountValue
            let weekRisk = risk.atRisk(inWeekOf: expiry) + maxRisk
            if weekRisk > cap {
                return Skip(.correlatedRisk, "\(rounded(weekRisk)) at risk in the week of \(expiry.settlementDate) > cap \(rounded(cap))")
            }
            let stress = day.stressLossAfter(PendingBookChange(closing: closing, opening: opening + legs))
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

        return DayPlan(date: day.date, isProbeDay: isProbeDay, isCoreDay: isCoreDay, actions: actions, hedgePlan: hedgePlan)
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
        let core = schedule.isCoreDay(date) && !volatile && streakBefore.count >= config.core.spxEntryDelay
        let coresOpen = positions.contains { $0.component == .core }
        let hedgeRolls = positions.contains {
            $0.component == .hedge && $0.daysToExpiry(from: date) <= config.hedge.rollDTE
        }
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

/// Which components may open a position today (see ``SynchronizedExecutor/entryIntents(on:vix:spxDayChange:streakBefore:positions:hedges:)``).
public struct EntryIntents: Sendable, Hashable {
    public var probe: Bool
    public var core: Bool
    public var hedge: Bool

    public init(probe: Bool, core: Bool, hedge: Bool) {
        self.probe = probe
        self.core = core
        self.hedge = hedge
    }

    /// Whether `product`'s chain is wanted for an entry today.
    public func wants(_ product: OptionProduct) -> Bool {
        switch product {
        case .spx: return core
        case .xsp: return probe
        case .vix: return hedge
        }
    }
}

/// Max risk of open positions by the Monday of their expiry's week, dollars.
struct WeeklyRisk {
    private var byWeek: [TradingDate: Double] = [:]

    init(positions: [Position]) {
        for position in positions { add(position.maxRisk, expiry: position.expiry) }
    }

    func atRisk(inWeekOf expiry: ListedExpiry) -> Double { byWeek[expiry.settlementDate.mondayOfWeek, default: 0] }

    mutating func add(_ maxRisk: Double, expiry: ListedExpiry) {
        byWeek[expiry.settlementDate.mondayOfWeek, default: 0] += max(0, maxRisk)
    }
}
