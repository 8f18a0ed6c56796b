import Foundation
import Market
import Pricing
import Strategy

/// Why a backtest could not run.
public enum BacktestEngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `from` is after `to`.
    case emptyRange(TradingDate, TradingDate)
    /// No session of the market history lies in the range; the history covers `first...last`.
    case noSessions(TradingDate, TradingDate, first: TradingDate?, last: TradingDate?)

    public var description: String {
        switch self {
        case let .emptyRange(from, to):
            return "the backtest range \(from)...\(to) is empty: --from must not be after --to"
        case let .noSessions(from, to, first, last):
            var text = "no session of the market history lies in \(from)...\(to)"
            if let first, let last { text += " (it covers \(first) to \(last))" }
            return text
        }
    }
}

/// Where a long run stands, for a progress line.
public struct BacktestProgress: Sendable {
    /// The session just finished.
    public var date: TradingDate
    /// Sessions finished and sessions in the run.
    public var sessionsDone: Int
    public var sessionCount: Int
    /// Account value at that close, dollars.
    public var equity: Double

    public var fraction: Double { sessionCount > 0 ? Double(sessionsDone) / Double(sessionCount) : 1 }
}

/// One session's reconciliation figures: what the ledger says against what the trade log and
/// the marks say. Kept so that a test (or a suspicious user) can check every day.
public struct DayAudit: Sendable, Hashable {
    public var date: TradingDate
    /// Cash in the account at the close, dollars.
    public var cash: Double
    /// Initial equity plus the cash flow of every trade row up to and including this day.
    public var cashFromTrades: Double
    /// Σ of the open positions' marks at the close, dollars.
    public var marks: Double
    /// The same marks by component (probe, core, hedge), dollars.
    public var marksByComponent: [Component: Double]
    /// The ledger's equity.
    public var equity: Double
    /// Positions that had no complete quote at the close and carry their last mark.
    public var carriedMarks: Int
    /// Legs the greeks and stress figures could not price (their risk is missing from them).
    public var unpricedLegs: Int
    /// Legs quoted by the model because the built chain did not hold their series.
    public var modelQuotedLegs: Int
}

/// A run's result with its daily reconciliation.
public struct AuditedBacktest: Sendable {
    public var result: BacktestResult
    /// One per ledger day, same dates.
    public var audit: [DayAudit]
    /// The listed expiry of every position the run opened, by position id (what its
    /// settlement style and time were).
    public var positionExpiries: [Int: ListedExpiry]
}

/// The day-by-day backtest of the strategy (DESIGN sections 5-8) on the market history.
///
/// Each session D, in this order, using nothing later than D's close:
/// 1. **AM settlement**: legs settling at D's open are settled at intrinsic value: SPX (and
///    XSP, a tenth of it) at the SPX open of D, the special opening quotation's proxy; VIX
///    options at the VIX open of D. Trade rows with reason `settlement`, no bid or ask.
/// 2. **Chains**: the SPX, XSP and VIX chains of D hold the expiries of the open positions
///    and the expiries the strategy may enter today (see ``DayChainAssembler``); each open
///    position is marked at the mid of its legs' bid and ask. A position that cannot be
///    marked (a product whose chain cannot be priced that day) carries its last mark, and
///    the audit counts it; no NaN reaches the ledger.
/// 3. **Exits** by the component rules (profit target, stop, DTE, delta) on D's marks,
///    filled by the ``FillModel`` against D's quotes, fees charged. A refused fill keeps the
///    position and is logged as a refusal.
/// 4. **Sentiment** from the probes closed so far (today's exits included) and D's VIX and
///    SPX move; the Bullish streak; the **notch** moved by D's P&L (the change of equity
///    from the last close through today's settlements and exits, before new positions).
/// 5. **New positions**: the ``SynchronizedExecutor``'s plan (probes, core, hedge take-offs,
///    rolls and buys), each order priced by the fill model, passed through the correlated-
///    risk cap and the notch's stress check in the executor, and then through Reg-T buying
///    power here. Fills become trade rows; refusals become refusal rows.
/// 6. **PM settlement**: legs settling at D's close settle at the SPX close (XSP a tenth).
/// 7. **Ledger**: equity = cash + Σ marks, greeks from the ``GreekMonitor`` (ledger units),
///    stress losses from the ``StressTester`` (SPX -5%, -7% with a VIX spike, +10 vol).
///
/// The run is deterministic: no random draw is made (the configuration's seed is recorded
/// with the results all the same).
public struct BacktestEngine: Sendable {
    public let history: MarketHistory
    public let chains: ChainBuilder
    public let config: StrategyConfig

    /// `config` must be valid (``StrategyConfig/validate()``); `chains` should be built over
    /// `history` (its history is the one quotes come from).
    public init(history: MarketHistory, chains: ChainBuilder, config: StrategyConfig) {
        self.history = history
        self.chains = chains
        self.config = config
    }

    /// Runs every session of the history in `from...to`. `progress` is called after the last
    /// session of each calendar year and after the last session of the run.
    public func run(from: TradingDate, to: TradingDate,
                    progress: ((BacktestProgress) -> Void)? = nil) throws(BacktestEngineError) -> BacktestResult {
        try runAudited(from: from, to: to, progress: progress).result
    }

    /// ``run(from:to:progress:)`` with the daily reconciliation figures.
    public func runAudited(from: TradingDate, to: TradingDate,
                           progress: ((BacktestProgress) -> Void)? = nil) throws(BacktestEngineError) -> AuditedBacktest {
        guard from <= to else { throw .emptyRange(from, to) }
        let dates = history.dates
        let start = Self.lowerBound(dates, from)
        let end = Self.lowerBound(dates, to + 1)
        guard start < end else { throw .noSessions(from, to, first: dates.first, last: dates.last) }
        var run = EngineRun(engine: self, sessionCount: end - start)
        for index in start..<end {
            run.session(index)
            let isYearEnd = index + 1 == end || dates[index + 1].year != dates[index].year
            if isYearEnd, let progress {
                progress(BacktestProgress(date: dates[index], sessionsDone: index - start + 1, sessionCount: end - start,
                                          equity: run.ledger.last?.equity ?? config.accountSize))
            }
        }
        return run.finish()
    }

    /// The first index of `dates` (sorted) not before `date`.
    static func lowerBound(_ dates: [TradingDate], _ date: TradingDate) -> Int {
        var lo = 0, hi = dates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if dates[mid] < date { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// The mutable state of one run.
struct EngineRun {
    let engine: BacktestEngine
    let config: StrategyConfig
    let history: MarketHistory
    let executor: SynchronizedExecutor
    let fillModel: FillModel
    let probeScout: ProbeScout
    let butterflies: BrokenWingButterfly
    let sentimentRule: Sentiment
    let stress = StressTester()
    let greekMonitor = GreekMonitor()
    let entries: EntryPlanner

    var assembler: DayChainAssembler
    var quoter: ModelQuoter
    var portfolio: Portfolio
    var notch: RevFibNotch
    var hedges: VIXHedgeManager
    var streak = BullishStreak()
    var closedProbes: [ProbeOutcome] = []
    var nextPositionID = 1
    /// The last complete mark of each open position, dollars.
    var lastMarks: [Int: Double] = [:]
    var lastVIX: Double?
    /// Cash the day's hedge roll closes brought in and the day's replacements have not yet
    /// spent, dollars (the hedge budget counts a roll's premium net of it).
    var rollProceeds = 0.0
    /// Whether a hedge roll's closing fill was refused today: its replacement must not open,
    /// or the book would hold both.
    var rollCloseRefused = false
    var previousEquity: Double
    var cashFromTrades: Double

    var trades: [TradeRecord] = []
    var ledger: [LedgerRow] = []
    var risk: [DailyRisk] = []
    var refusals: [Refusal] = []
    var audit: [DayAudit] = []
    var positionExpiries: [Int: ListedExpiry] = [:]

    init(engine: BacktestEngine, sessionCount: Int) {
        self.engine = engine
        config = engine.config
        history = engine.history
        executor = SynchronizedExecutor(config: config, calendar: engine.chains.listing.calendar)
        fillModel = FillModel(config: config.fills)
        probeScout = ProbeScout(config: config.probe)
        butterflies = BrokenWingButterfly(config: config.core)
        sentimentRule = Sentiment(config: config.sentiment)
        entries = EntryPlanner(config: config, listing: engine.chains.listing)
        assembler = DayChainAssembler(builder: engine.chains)
        quoter = ModelQuoter(builder: engine.chains)
        portfolio = Portfolio(cash: config.accountSize)
        notch = RevFibNotch(config: config.notch)
        hedges = VIXHedgeManager(config: config.hedge)
        previousEquity = config.accountSize
        cashFromTrades = config.accountSize
        ledger.reserveCapacity(sessionCount)
        risk.reserveCapacity(sessionCount)
        audit.reserveCapacity(sessionCount)
    }

    // MARK: One session

    mutating func session(_ index: Int) {
        let day = history[index]
        let date = day.date
        let vix = day.vixClose ?? lastVIX ?? 20
        lastVIX = vix
        let previousClose = index > 0 ? history.spx.close[index - 1] : nil
        let spxDayChange = previousClose.flatMap { $0 > 0 ? day.spxClose / $0 - 1 : nil } ?? 0

        // 1. Settlement at the open.
        settleExpiring(on: day, atOpen: true)

        // 2. The day's chains and marks.
        let probeDay = executor.schedule.isProbeDay(date)
        let volatileToday = vix >= config.sentiment.volatileVIX || spxDayChange <= config.sentiment.volatileSPXDayChange
        // The core can only enter if yesterday's Bullish streak already covers the entry
        // delay and today is not Volatile (today's probe closes can only add today's reading).
        let coreMayEnter = executor.schedule.isCoreDay(date) && !volatileToday
            && streak.count >= config.core.spxEntryDelay
        let coresOpen = portfolio.positions.contains { $0.component == .core }
        // A hedge due to roll is replaced at any VIX (see ``VIXHedgeManager``), so its day
        // needs the entry expiry's strikes even above the entry threshold.
        let hedgeRollsToday = portfolio.positions.contains {
            $0.component == .hedge && $0.daysToExpiry(from: date) <= config.hedge.rollDTE
        }
        // The hedge target remembers the cores of the lookback sessions (see
        // ``VIXHedgeManager``), so a hedge may be bought or rolled with no core open today.
        let hedgeMayBuy = (vix < config.hedge.vixEntryThreshold || hedgeRollsToday)
            && (coresOpen || coreMayEnter || hedges.recentExposure > 0)
        var spxEntries: [EntryNeed] = [], xspEntries: [EntryNeed] = [], vixEntries: [EntryNeed] = []
        if coreMayEnter, let need = entries.core(on: day, vix: vix) { spxEntries.append(need) }
        if probeDay, OptionProduct.xsp.isListed(on: date), let need = entries.probe(on: day, vix: vix) { xspEntries.append(need) }
        if hedgeMayBuy, OptionProduct.vix.isListed(on: date), let need = entries.hedge(on: day, vix: vix) { vixEntries.append(need) }
        var legsByProduct: [OptionProduct: [Leg]] = [:]
        for position in portfolio.positions {
            for leg in position.legs { legsByProduct[leg.product, default: []].append(leg) }
        }
        var built: [OptionChain] = []
        assembler.modelQuotedLegs = 0
        let entryIntent: [OptionProduct: Bool] = [.spx: coreMayEnter, .xsp: probeDay, .vix: hedgeMayBuy]
        for (product, needs) in [(OptionProduct.spx, spxEntries), (.xsp, xspEntries), (.vix, vixEntries)] {
            let legs = legsByProduct[product] ?? []
            if let chain = assembler.chain(product: product, day: day, entries: needs, legs: legs, quoter: &quoter) {
                built.append(chain)
            } else if entryIntent[product] == true, product.isListed(on: date) {
                // Listed, but no expiry in the entry window today: an empty chain lets the
                // strategy say so ("no expiry in window") rather than "no chain".
                built.append(Self.emptyChain(product, day: day, vix: vix))
            }
        }
        let chains = DayChains(date: date, chains: built, spx: day.spxClose, vix: vix)
        let modelQuoted = assembler.modelQuotedLegs

        // 3. Exits. A position whose closing fill is refused stays on the book; the plan must
        // not see it as closing, or its risk would drop out of today's checks.
        var refusedExits: Set<Int> = []
        for position in portfolio.positions.sorted(by: { $0.id < $1.id }) where position.component != .hedge {
            guard let chain = chains[position.legs[0].product], let mark = PositionMark(position: position, chain: chain)
            else { continue }
            let reason = position.component == .probe
                ? probeScout.exit(position, mark: mark, on: date)
                : butterflies.exit(position, mark: mark, on: date)
            if let reason {
                close(position, reason: Self.fillReason(reason), on: chains)
                if portfolio.position(id: position.id) != nil { refusedExits.insert(position.id) }
            }
        }

        // 4. Sentiment and the notch.
        let reading = sentimentRule.reading(closedProbes: closedProbes, vix: vix, spxDayChange: spxDayChange)
        streak.record(reading.state, on: date)
        let equityBeforeEntries = markedEquity(on: chains).equity
        notch.record(day: date, pnl: equityBeforeEntries - previousEquity)

        // 5. New positions.
        let open = portfolio.positions
        let fills = fillModel
        let stress = stress
        let plan = executor.plan(DayInputs(
            date: date, vix: vix, sentiment: reading, bullishStreak: streak, accountValue: equityBeforeEntries,
            openPositions: open, xspChain: chains[.xsp], spxChain: chains[.spx], vixChain: chains[.vix],
            notch: notch, hedges: hedges,
            marks: { [refusedExits] position in
                refusedExits.contains(position.id)
                    ? nil : chains[position.legs[0].product].flatMap { PositionMark(position: position, chain: $0) }
            },
            stressLossAfter: { change in
                stress.stressLoss(of: open, closing: change.closing, opening: change.opening, on: chains)
            },
            pricer: { ticket in
                guard case .success(let fill) = fills.fill(ticket.legs, quotes: ticket.quotes) else { return nil }
                return fill.netCashFlow
            }))
        rollProceeds = 0
        rollCloseRefused = false
        for action in plan.actions { carryOut(action, on: chains, vix: vix) }

        // 6. Settlement at the close.
        settleExpiring(on: day, atOpen: false)
        hedges.recordClose(coreExposure: VIXHedgeManager.coreExposure(of: portfolio.positions))

        // 7. The ledger.
        let marked = markedEquity(on: chains)
        let positions = portfolio.positions
        var delta = 0.0, gamma = 0.0, vega = 0.0, theta = 0.0
        var minus5Loss = 0.0, crash7 = 0.0, volUp10 = 0.0
        var unpriced = 0
        if !positions.isEmpty {
            let greeks = greekMonitor.report(for: positions, on: chains)
            delta = greeks.spx.totals.delta
            gamma = greeks.spx.totals.gamma
            vega = greeks.spx.vegaPerVolPoint + greeks.vix.vegaPerVolPoint
            theta = greeks.spx.thetaPerDay + greeks.vix.thetaPerDay
            let results = stress.run([.minus5, .crash7, .vegaPlus10], positions: positions, on: chains)
            minus5Loss = results[0].loss
            crash7 = results[1].pnl
            volUp10 = results[2].pnl
            unpriced = greeks.unpriced.count
        }
        precondition(abs(marked.equity - (portfolio.cash + marked.marks)) < 1e-6, "equity does not reconcile on \(date)")
        ledger.append(LedgerRow(date: date, equity: marked.equity, cash: portfolio.cash, openPositions: positions.count,
                                delta: delta, gamma: gamma, vega: vega, theta: theta, stressLoss5pct: minus5Loss,
                                notchLimit: notch.limit, sentiment: reading.state.rawValue.capitalized))
        risk.append(DailyRisk(date: date, spxClose: day.spxClose, volUp10PnL: volUp10, crash7PnL: crash7,
                              riskFreeRate: day.riskFreeRate ?? 0))
        audit.append(DayAudit(date: date, cash: portfolio.cash, cashFromTrades: cashFromTrades, marks: marked.marks,
                              marksByComponent: marked.byComponent, equity: marked.equity, carriedMarks: marked.carried, unpricedLegs: unpriced,
                              modelQuotedLegs: modelQuoted))
        // The notch's next daily P&L starts from before today's entries, so that entry costs and
        // PM settlements (booked after today's notch update) count on the next day, not never.
        previousEquity = equityBeforeEntries
    }

    /// A chain of `product` on `day` that lists no expiry.
    static func emptyChain(_ product: OptionProduct, day: MarketDay, vix: Double) -> OptionChain {
        let rate = day.riskFreeRate ?? 0
        return OptionChain(date: day.date, product: product, spot: product == .vix ? vix : day.spxClose * product.indexScale,
                           rate: rate, dividendYield: product == .vix ? rate : (day.dividendYield ?? 0), expiries: [],
                           underlyings: [], timesToExpiry: [], expiryIndex: [], typeCodes: [], strikes: [], bids: [],
                           asks: [], mids: [], ivs: [], deltas: [], gammas: [], vegas: [], thetas: [], sources: [])
    }

    func finish() -> AuditedBacktest {
        let parameters = (try? JSONValue(parsing: config.jsonData())) ?? .null
        let result = BacktestResult(parameters: parameters, initialEquity: config.accountSize, trades: trades,
                                    ledger: ledger, risk: risk, refusals: refusals)
        return AuditedBacktest(result: result, audit: audit, positionExpiries: positionExpiries)
    }

    // MARK: Marks

    /// Cash plus every open position at the mid of its legs' bid and ask; a position without
    /// a complete quote carries its last mark (and refreshes nothing).
    mutating func markedEquity(on chains: DayChains)
        -> (equity: Double, marks: Double, carried: Int, byComponent: [Component: Double]) {
        var marks = 0.0
        var carried = 0
        var byComponent: [Component: Double] = [.probe: 0, .core: 0, .hedge: 0]
        for position in portfolio.positions {
            let value: Double
            if let quoted = Portfolio.valuation(of: position, on: chains).midValue {
                lastMarks[position.id] = quoted
                value = quoted
            } else {
                carried += 1
                // Opened positions always had a mark on their opening day.
                value = lastMarks[position.id] ?? 0
            }
            marks += value
            byComponent[position.component, default: 0] += value
        }
        return (portfolio.cash + marks, marks, carried, byComponent)
    }

    // MARK: Settlement

    /// Settles the open positions whose expiry settles at D's open (`atOpen`) or close.
    /// A position whose settlement day passed without a session (none should) settles at
    /// the next open.
    mutating func settleExpiring(on day: MarketDay, atOpen: Bool) {
        let date = day.date
        let due = portfolio.positions.filter { position in
            let expiry = position.expiry
            if expiry.settlementDate < date { return atOpen }
            guard expiry.settlementDate == date else { return false }
            return atOpen == (expiry.style == .am)
        }
        for position in due.sorted(by: { $0.id < $1.id }) {
            let product = position.legs[0].product
            let price = Self.settlementPrice(product: product, day: day, atOpen: atOpen, expiry: position.expiry,
                                             lastVIX: lastVIX)
            for leg in position.legs {
                let intrinsic = leg.type == .call ? max(price - leg.strike, 0) : max(leg.strike - price, 0)
                record(TradeRecord(date: date, position: position, leg: leg, quantity: -leg.quantity, price: intrinsic,
                                   bid: nil, ask: nil, quoteSource: .real, fees: 0, reason: .settlement))
            }
            let settlement = portfolio.settle(positionID: position.id, settlementPrice: price)
            closed(position, pnl: settlement.realizedPnL, on: date)
        }
    }

    /// The settlement value of `product` on `day`, in the product's points: the SPX open
    /// (AM) or close (PM), a tenth of it for XSP, the VIX open for VIX options. A missing
    /// SPX open falls back to the close; a missing VIX open to the expiring future's final
    /// settlement, then to the close.
    static func settlementPrice(product: OptionProduct, day: MarketDay, atOpen: Bool, expiry: ListedExpiry,
                                lastVIX: Double?) -> Double {
        switch product {
        case .vix:
            // Without the open, the expiring future's final settlement is the same special
            // opening quotation; the close is only a last resort.
            let expiringFuture = day.vixFutures.first { $0.expiration == expiry.settlementDate }?.settle
            return day.vixOpen ?? expiringFuture ?? day.vixClose ?? lastVIX ?? 0
        case .spx, .xsp:
            let spx = atOpen ? (day.spxOpen ?? day.spxClose) : day.spxClose
            return spx * product.indexScale
        }
    }

    // MARK: Orders

    static func fillReason(_ reason: ExitReason) -> FillReason {
        switch reason {
        case .profitTarget: return .profitTarget
        case .stopLoss: return .stop
        case .timeExit: return .dteExit
        case .deltaLimit: return .deltaExit
        }
    }

    mutating func carryOut(_ action: PlannedAction, on chains: DayChains, vix: Double) {
        let date = chains.date
        switch action.kind {
        case .close:
            // Exits were taken before the plan, by the same rules on the same marks; a close
            // the plan still lists is one whose fill was refused today (and logged then).
            break
        case .openProbe(let probe, _, _):
            open(.probe, legs: probe.legs, on: chains, vix: vix)
        case .openCore(let candidate):
            open(.core, legs: candidate.legs, on: chains, vix: vix)
        case .hedge(let order):
            switch order.action {
            case .open(let ticket, _):
                if order.reason == .roll && rollCloseRefused {
                    refusals.append(Refusal(date: date, component: .hedge,
                                            reason: "skipped: roll replacement (the rolled hedge could not be closed)"))
                    return
                }
                if let position = open(.hedge, legs: ticket.legs, on: chains, vix: vix) {
                    // A roll's replacement spends the rolled hedges' proceeds first (see
                    // ``VIXHedgeManager``, "Budget"); only the rest counts against the budget.
                    let premium = -position.openCredit
                    let covered = order.reason == .roll ? min(max(0, premium), rollProceeds) : 0
                    rollProceeds -= covered
                    hedges.recordPurchase(premium - covered, on: date)
                }
            case .close(let id, let spreads):
                guard let position = portfolio.position(id: id) else { return }
                let reason: FillReason = order.reason == .takeOff ? .hedgeTakeOff : .roll
                if spreads >= position.contracts {
                    let cashBefore = portfolio.cash
                    close(position, reason: reason, on: chains)
                    if order.reason == .roll {
                        if portfolio.position(id: id) != nil { rollCloseRefused = true }
                        rollProceeds += max(0, portfolio.cash - cashBefore)
                    }
                } else if reduce(position, units: spreads, reason: reason, on: chains) {
                    hedges.recordTakeOff(positionID: id)
                }
            }
        case .skip(let skip):
            refusals.append(Refusal(date: date, component: action.component, reason: skip.description))
        }
    }

    /// Fills and books a new position; nil when the fill or buying power refuses it.
    @discardableResult
    mutating func open(_ component: Component, legs: [Leg], on chains: DayChains, vix: Double) -> Position? {
        let date = chains.date
        let fill: ComboFill
        switch fillModel.fill(legs, on: chains) {
        case .success(let filled): fill = filled
        case .failure(let refusal):
            refusals.append(Refusal(date: date, component: component, reason: "no fill: \(refusal)"))
            return nil
        }
        let requirement: MarginRequirement
        switch portfolio.checkBuyingPower(legs: fill.legs.map(\.leg), cashFlow: fill.netCashFlow, component: component, on: date) {
        case .success(let held): requirement = held
        case .failure(let refusal):
            refusals.append(Refusal(date: date, component: component, reason: "buying power: \(refusal)"))
            return nil
        }
        let position = Position(id: nextPositionID, component: component, legs: fill.legs.map(\.leg), openDate: date,
                                openCredit: fill.netCashFlow, maxRisk: requirement.maxLoss, entryVIX: vix)
        nextPositionID += 1
        positionExpiries[position.id] = position.expiry
        recordFills(fill, position: position, reason: .open, date: date)
        portfolio.open(position)
        lastMarks[position.id] = Portfolio.valuation(of: position, on: chains).midValue
        return position
    }

    /// Closes a whole position at the day's quotes; a refused fill keeps it open and is logged.
    mutating func close(_ position: Position, reason: FillReason, on chains: DayChains) {
        let date = chains.date
        switch fillModel.fill(FillModel.closingLegs(of: position), on: chains) {
        case .failure(let refusal):
            refusals.append(Refusal(date: date, component: position.component,
                                    reason: "close #\(position.id) (\(reason.rawValue)) not filled: \(refusal)"))
        case .success(let fill):
            recordFills(fill, position: position, reason: reason, date: date)
            let pnl = portfolio.close(positionID: position.id, cashFlow: fill.netCashFlow)
            closed(position, pnl: pnl, on: date)
        }
    }

    /// Closes `units` of a position's units (a hedge's take-off); false when not filled.
    mutating func reduce(_ position: Position, units: Int, reason: FillReason, on chains: DayChains) -> Bool {
        let date = chains.date
        let total = position.contracts
        let closing = position.legs.map { leg in
            var part = leg
            part.quantity = -leg.quantity / total * units
            return part
        }
        switch fillModel.fill(closing, on: chains) {
        case .failure(let refusal):
            refusals.append(Refusal(date: date, component: position.component,
                                    reason: "close #\(position.id) (\(reason.rawValue)) not filled: \(refusal)"))
            return false
        case .success(let fill):
            recordFills(fill, position: position, reason: reason, date: date)
            portfolio.reduce(positionID: position.id, units: units, cashFlow: fill.netCashFlow)
            return true
        }
    }

    /// Bookkeeping once a position is gone: probes become sentiment evidence, hedges are
    /// forgotten by the manager, marks are dropped.
    mutating func closed(_ position: Position, pnl: Double, on date: TradingDate) {
        lastMarks[position.id] = nil
        switch position.component {
        case .probe:
            closedProbes.append(ProbeOutcome(positionID: position.id, openDate: position.openDate, closeDate: date, pnl: pnl))
            // Only the sentiment window is ever read.
            if closedProbes.count > 4 * config.sentiment.window { closedProbes.removeFirst(closedProbes.count - config.sentiment.window) }
        case .hedge:
            hedges.recordClosed(positionID: position.id)
        case .core:
            break
        }
    }

    mutating func recordFills(_ fill: ComboFill, position: Position, reason: FillReason, date: TradingDate) {
        for legFill in fill.legs {
            let leg = legFill.leg
            let fees = Double(abs(leg.quantity)) * fillModel.config.fees(for: leg.product).perContract
            record(TradeRecord(date: date, position: position, leg: leg, quantity: leg.quantity, price: legFill.price,
                               bid: legFill.quote.bid, ask: legFill.quote.ask, quoteSource: legFill.quote.source,
                               fees: fees, reason: reason))
        }
    }

    mutating func record(_ trade: TradeRecord) {
        trades.append(trade)
        cashFromTrades += trade.cashFlow
    }
}
