import Market
import Pricing

/// One trading session of the strategy (DESIGN sections 5-8): from the book saved at the
/// last close and the day's market, the book at this close and the record of the day.
///
/// The backtest, the optimizer and the paper journal are loops around this one function, so
/// every rule lives here once. On session D, in this order, using nothing later than D's close:
/// 0. **Interest**: the cash held since the last close earns the T-bill rate of that close
///    for the calendar days between (``TreasuryBillAccrual``), unless ``CashInterest/none``.
/// 1. **AM settlement**: legs settling at D's open settle at intrinsic value: SPX (and XSP, a
///    tenth of it) at the SPX open of D, the special opening quotation's proxy; VIX options at
///    the VIX open of D. Trade rows with reason `settlement`, no bid or ask.
/// 2. **Chains**: the chain source is asked for each product's chain holding the expiries of
///    the open positions and those the strategy may enter today
///    (``DayPlanner/entryIntents(on:vix:spxDayChange:streakBefore:positions:hedges:)``);
///    each open position is marked at the mid of its legs' bid and ask. A position that cannot
///    be marked carries its last mark, and the audit counts it; no NaN reaches the ledger.
/// 3. **Exits** by the component rules (``DayPlanner/exits(of:on:marks:)``), filled by
///    the ``FillModel`` against D's quotes, fees charged. A refused fill keeps the position and
///    is logged as a refusal.
/// 4. **Sentiment** from the probes closed so far (today's exits included) and D's VIX and SPX
///    move; the Bullish streak; the **notch** moved by D's P&L (the change of equity from the
///    last close through today's settlements and exits, before new positions).
/// 5. **New positions**: the ``DayPlanner``'s plan (probes, core, hedge take-offs,
///    rolls and buys), each order priced by the fill model, passed through the correlated-risk
///    cap and the notch's stress check in the planner, and then through Reg-T buying power.
/// 6. **PM settlement**: legs settling at D's close settle at the SPX close (XSP a tenth).
/// 7. **Ledger**: equity = cash + Σ marks, greeks from the ``GreekMonitor``, stress losses from
///    the ``StressTester`` (SPX -5%, -7% with a VIX spike, +10 vol).
///
/// No random draw is made: the same state, market and chains give the same outcome.
public struct DayStep: Sendable {
    /// The configuration every rule reads.
    public let config: StrategyConfig
    let planner: DayPlanner
    let fillModel: FillModel
    let probeScout: ProbeScout
    let butterflies: BrokenWingButterfly
    let sentimentRule: Sentiment
    let stress = StressTester()
    let greekMonitor = GreekMonitor()

    /// `config` must be valid (``StrategyConfig/validate()``).
    public init(config: StrategyConfig, calendar: TradingCalendar = .nyse) {
        self.config = config
        planner = DayPlanner(config: config, calendar: calendar)
        fillModel = FillModel(config: config.fills)
        probeScout = ProbeScout(config: config.probe)
        butterflies = BrokenWingButterfly(config: config.core)
        sentimentRule = Sentiment(config: config.sentiment)
    }

    /// The book at the close of `market`'s day, from `state` at the previous close.
    ///
    /// - Parameters:
    ///   - state: the book saved at the previous session's close.
    ///   - market: the day's index levels and series.
    ///   - source: where the day's chains come from (the history, a cache, the trader's files).
    ///   - reportedFills: fills the trader reports for some of the day's orders; they replace
    ///     the fill model's price for those orders, and each must be used.
    public func run(_ state: BookState, market: DayMarket, chains source: inout some DayChainSource,
                    reportedFills: ReportedFills = ReportedFills()) throws(DayStepError) -> DayOutcome {
        var untimed: PhaseTimes?
        return try run(state, market: market, chains: &source, reportedFills: reportedFills, profile: &untimed)
    }

    /// ``run(_:market:chains:reportedFills:)``, adding the time each phase of the session took to `profile`
    /// when it is not nil (the outcome is the same either way).
    public func run(_ state: BookState, market: DayMarket, chains source: inout some DayChainSource,
                    reportedFills: ReportedFills = ReportedFills(),
                    profile: inout PhaseTimes?) throws(DayStepError) -> DayOutcome {
        if let last = state.lastDate, market.day.date <= last {
            throw .outOfOrder(date: market.day.date, last: last)
        }
        var session = DaySession(step: self, state: state, date: market.day.date)
        session.reportedFills = reportedFills
        session.times = profile
        defer { profile = session.times }
        let record = try session.run(market, source: &source)
        // A report is used when its order was filled at it; a fill the account refused after
        // (buying power) leaves the order unfilled.
        for report in reportedFills.reports {
            let same = record.orders.filter { $0.signature == report.signature }
            let order = report.occurrence < same.count ? same[report.occurrence] : nil
            guard let order, order.reported, order.isFilled else {
                throw .reportedFillNotUsed(date: market.day.date, order: report.number,
                                           reason: order?.refusal.map { "it was refused: \($0)" }
                                               ?? "the session sent no order with its legs (\(report.signature))")
            }
        }
        return DayOutcome(state: session.state, record: record)
    }
}

/// One session being stepped: the state carried in, and what the day adds.
struct DaySession {
    let step: DayStep
    var state: BookState
    let date: TradingDate

    var trades: [TradeRecord] = []
    var refusals: [Refusal] = []
    var openedExpiries: [Int: ListedExpiry] = [:]
    /// Cash the day's hedge roll closes brought in and the day's replacements have not yet
    /// spent, dollars (the hedge budget counts a roll's premium net of it).
    var rollProceeds = 0.0
    /// Whether a hedge roll's closing fill was refused today: its replacement must not open,
    /// or the book would hold both.
    var rollCloseRefused = false
    /// The session's phases, when timed.
    var times: PhaseTimes?
    /// Every order sent to the fill model, in order.
    var orders: [OrderRecord] = []
    /// Fills the trader reports.
    var reportedFills = ReportedFills()
    /// Orders sent so far per signature (counted only when fills are reported).
    var sentSignatures: [OrderSignature: Int] = [:]

    var config: StrategyConfig { step.config }
    var fillModel: FillModel { step.fillModel }

    init(step: DayStep, state: BookState, date: TradingDate) {
        self.step = step
        self.state = state
        self.date = date
    }

    mutating func run(_ market: DayMarket, source: inout some DayChainSource) throws(DayStepError) -> DayRecord {
        let day = market.day
        var clock = PhaseClock(running: times != nil)
        let vix = day.vixClose ?? state.lastVIX ?? 20
        state.lastVIX = vix
        let spxDayChange = market.previousSPXClose.flatMap { $0 > 0 ? day.spxClose / $0 - 1 : nil } ?? 0

        // 0. Interest on the cash held since the last close.
        let billReturn = TreasuryBillAccrual.periodReturn(rate: state.lastRiskFreeRate, from: state.lastDate, to: date)
        var interest = 0.0
        if config.cashInterest == .treasuryBill {
            interest = state.portfolio.accrueInterest(periodReturn: billReturn)
            state.interestEarned += interest
        }

        // 1. Settlement at the open.
        settleExpiring(on: day, atOpen: true)
        lap(.settlement, &clock)

        // 2. The day's chains and marks.
        let intents = step.planner.entryIntents(on: date, vix: vix, spxDayChange: spxDayChange, streakBefore: state.streak,
                                                 positions: state.portfolio.positions, hedges: state.hedges)
        var legsByProduct: [OptionProduct: [Leg]] = [:]
        for position in state.portfolio.positions {
            for leg in position.legs { legsByProduct[leg.product, default: []].append(leg) }
        }
        var built: [OptionChain] = []
        var modelQuoted = 0
        for product in [OptionProduct.spx, .xsp, .vix] {
            var needs: [EntryNeed] = []
            if intents.wants(product), product.isListed(on: date) {
                let need: EntryNeed?
                switch product {
                case .spx: need = step.butterflies.entryNeed(on: day, vix: vix, source: source)
                case .xsp: need = step.probeScout.entryNeed(on: day, vix: vix, source: source)
                case .vix: need = state.hedges.entryNeed(on: day, vix: vix, source: source)
                }
                if let need { needs.append(need) }
            }
            let legs = legsByProduct[product] ?? []
            if let assembled = source.chain(product: product, day: day, entries: needs, legs: legs) {
                built.append(assembled.chain)
                modelQuoted += assembled.modelQuotedLegs
            } else if intents.wants(product), product.isListed(on: date) {
                // Listed, but no expiry in the entry window today: an empty chain lets the
                // strategy say so ("no expiry in window") rather than "no chain".
                built.append(OptionChain.empty(product, day: day, vix: vix))
            }
        }
        let chains = DayChains(date: date, chains: built, spx: day.spxClose, vix: vix)
        lap(.chains, &clock)

        // 3. Exits. A position whose closing fill is refused stays on the book, and in today's
        // risk checks.
        var exits: [PlannedAction] = []
        let due = step.planner.exits(of: state.portfolio.positions, on: date) { position in
            chains[position.legs[0].product].flatMap { PositionMark(position: position, chain: $0) }
        }
        lap(.strategy, &clock)
        for (position, reason) in due {
            exits.append(PlannedAction(component: position.component, kind: .close(positionID: position.id, reason: reason)))
            close(position, reason: FillReason(reason), on: chains)
        }
        lap(.fills, &clock)

        // 4. Sentiment and the notch.
        let reading = step.sentimentRule.reading(closedProbes: state.closedProbes, vix: vix, spxDayChange: spxDayChange)
        state.streak.record(reading.state, on: date)
        lap(.strategy, &clock)
        let equityBeforeEntries = markedEquity(on: chains).equity
        lap(.marks, &clock)
        state.notch.record(day: date, pnl: equityBeforeEntries - state.previousEquity)

        // 5. New positions.
        let open = state.portfolio.positions
        let fills = fillModel
        let stress = step.stress
        // Timed, the plan's stress checks count as risk and its order pricing as fills.
        let nested = times == nil ? nil : NestedPhaseTimes()
        let plan = step.planner.plan(DayInputs(
            date: date, vix: vix, sentiment: reading, bullishStreak: state.streak, accountValue: equityBeforeEntries,
            openPositions: open, xspChain: chains[.xsp], spxChain: chains[.spx], vixChain: chains[.vix],
            notch: state.notch, hedges: state.hedges,
            // The exits were taken above on these same marks: what is still open either did
            // not trigger or could not be filled, so the plan has none to list.
            marks: { _ in nil },
            stressLossAfter: { change in
                let clock = PhaseClock(running: nested != nil)
                defer { nested?.add(.risk, since: clock) }
                return stress.stressLoss(of: open, closing: change.closing, opening: change.opening, on: chains)
            },
            pricer: { ticket in
                let clock = PhaseClock(running: nested != nil)
                defer { nested?.add(.fills, since: clock) }
                guard case .success(let fill) = fills.fill(ticket.legs, quotes: ticket.quotes) else { return nil }
                return fill.netCashFlow
            }))
        if let nested {
            lap(.strategy, &clock)
            times?.add(.strategy, seconds: -nested.times.total)
            times?.add(nested.times)
        }
        for action in plan.actions { carryOut(action, on: chains, vix: vix) }
        lap(.fills, &clock)

        // 6. Settlement at the close.
        settleExpiring(on: day, atOpen: false)
        state.hedges.recordClose(coreExposure: VIXHedgeManager.coreExposure(of: state.portfolio.positions))
        lap(.settlement, &clock)

        // 7. The ledger.
        let marked = markedEquity(on: chains)
        lap(.marks, &clock)
        let positions = state.portfolio.positions
        var delta = 0.0, gamma = 0.0, vega = 0.0, theta = 0.0
        var minus5Loss = 0.0, crash7 = 0.0, volUp10 = 0.0
        var unpriced = 0
        if !positions.isEmpty {
            // One model book serves the greeks and the stress scenarios.
            let book = RiskBook(positions: positions, chains: chains)
            let greeks = step.greekMonitor.report(for: positions, book: book, on: chains)
            delta = greeks.spx.totals.delta
            gamma = greeks.spx.totals.gamma
            vega = greeks.spx.vegaPerVolPoint + greeks.vix.vegaPerVolPoint
            theta = greeks.spx.thetaPerDay + greeks.vix.thetaPerDay
            let results = stress.run([.minus5, .crash7, .vegaPlus10], book: book, on: chains)
            minus5Loss = results[0].loss
            crash7 = results[1].pnl
            volUp10 = results[2].pnl
            unpriced = greeks.unpriced.count
        }
        lap(.risk, &clock)
        let cash = state.portfolio.cash
        guard abs(marked.equity - (cash + marked.marks)) < 1e-6 else {
            throw .equityDoesNotReconcile(date: date, equity: marked.equity, cashPlusMarks: cash + marked.marks)
        }
        guard marked.equity.isFinite else { throw .invalidState(date: date, reason: "the equity is not a finite number") }
        let ledger = LedgerRow(date: date, equity: marked.equity, cash: cash, interest: interest, openPositions: positions.count,
                               delta: delta, gamma: gamma, vega: vega, theta: theta, stressLoss5pct: minus5Loss,
                               notchLimit: state.notch.limit, sentiment: reading.state.label)
        let risk = DailyRisk(date: date, spxClose: day.spxClose, volUp10PnL: volUp10, crash7PnL: crash7,
                             riskFreeRate: day.riskFreeRate ?? 0, treasuryBillReturn: billReturn,
                             coreButterflies: DailyRisk.coreButterflies(in: positions))
        let audit = DayAudit(date: date, cash: cash, cashFromTrades: state.cashFromTrades,
                             interestEarned: state.interestEarned, marks: marked.marks,
                             marksByComponent: marked.byComponent, equity: marked.equity, carriedMarks: marked.carried,
                             unpricedLegs: unpriced, modelQuotedLegs: modelQuoted)
        // The notch's next daily P&L starts from before today's entries, so that entry costs and
        // PM settlements (booked after today's notch update) count on the next day, not never.
        state.previousEquity = equityBeforeEntries
        state.lastDate = date
        state.lastRiskFreeRate = day.riskFreeRate ?? state.lastRiskFreeRate
        let record = DayRecord(date: date, trades: trades, refusals: refusals, ledger: ledger, risk: risk, audit: audit,
                               plan: plan, exits: exits, sentiment: reading, openedExpiries: openedExpiries, orders: orders)
        lap(.outputs, &clock)
        return record
    }

    /// Adds the time since `clock` to `phase` and restarts it (nothing when untimed).
    @inline(__always)
    mutating func lap(_ phase: RunPhase, _ clock: inout PhaseClock) {
        guard times != nil else { return }
        times?.add(phase, since: clock)
        clock = PhaseClock(running: true)
    }

    // MARK: Marks

    /// Cash plus every open position at the mid of its legs' bid and ask; a position without
    /// a complete quote carries its last mark (and refreshes nothing).
    mutating func markedEquity(on chains: DayChains)
        -> (equity: Double, marks: Double, carried: Int, byComponent: [Component: Double]) {
        var marks = 0.0
        var carried = 0
        var byComponent: [Component: Double] = [.probe: 0, .core: 0, .hedge: 0]
        for position in state.portfolio.positions {
            let value: Double
            if let quoted = Portfolio.valuation(of: position, on: chains).midValue {
                state.lastMarks[position.id] = quoted
                value = quoted
            } else {
                carried += 1
                // Opened positions always had a mark on their opening day.
                value = state.lastMarks[position.id] ?? 0
            }
            marks += value
            byComponent[position.component, default: 0] += value
        }
        return (state.portfolio.cash + marks, marks, carried, byComponent)
    }

    // MARK: Settlement

    /// Settles the open positions whose expiry settles at D's open (`atOpen`) or close.
    /// A position whose settlement day passed without a session (none should) settles at
    /// the next open.
    mutating func settleExpiring(on day: MarketDay, atOpen: Bool) {
        let due = state.portfolio.positions.filter { position in
            let expiry = position.expiry
            if expiry.settlementDate < date { return atOpen }
            guard expiry.settlementDate == date else { return false }
            return atOpen == (expiry.style == .am)
        }
        for position in due.sorted(by: { $0.id < $1.id }) {
            let product = position.legs[0].product
            let price = SettlementValue.price(product: product, day: day, atOpen: atOpen, expiry: position.expiry,
                                              lastVIX: state.lastVIX)
            for leg in position.legs {
                record(TradeRecord(date: date, position: position, leg: leg, quantity: -leg.quantity,
                                   price: leg.intrinsicValue(at: price),
                                   bid: nil, ask: nil, quoteSource: .real, fees: 0, reason: .settlement))
            }
            let settlement = state.portfolio.settle(positionID: position.id, settlementPrice: price)
            closed(position, pnl: settlement.realizedPnL)
        }
    }

    // MARK: Orders

    mutating func carryOut(_ action: PlannedAction, on chains: DayChains, vix: Double) {
        switch action.kind {
        case .close:
            // Exits are taken before the plan (the plan sees no marks, so it lists none).
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
                    state.hedges.recordPurchase(premium - covered, on: date)
                }
            case .close(let id, let spreads):
                guard let position = state.portfolio.position(id: id) else { return }
                let reason: FillReason = order.reason == .takeOff ? .hedgeTakeOff : .roll
                if spreads >= position.contracts {
                    let cashBefore = state.portfolio.cash
                    close(position, reason: reason, on: chains)
                    if order.reason == .roll {
                        if state.portfolio.position(id: id) != nil { rollCloseRefused = true }
                        rollProceeds += max(0, state.portfolio.cash - cashBefore)
                    }
                } else if reduce(position, units: spreads, reason: reason, on: chains) {
                    state.hedges.recordTakeOff(positionID: id)
                }
            }
        case .skip(let skip):
            refusals.append(Refusal(date: date, component: action.component, reason: skip.description))
        }
    }

    /// Fills and books a new position; nil when the fill or buying power refuses it.
    @discardableResult
    mutating func open(_ component: Component, legs: [Leg], on chains: DayChains, vix: Double) -> Position? {
        let fill: ComboFill
        switch send(component, reason: .open, legs: legs, positionID: nil, on: chains) {
        case .success(let filled): fill = filled
        case .failure(let refusal):
            refusals.append(Refusal(date: date, component: component, reason: "no fill: \(refusal)"))
            return nil
        }
        let requirement: MarginRequirement
        switch state.portfolio.checkBuyingPower(legs: fill.legs.map(\.leg), cashFlow: fill.netCashFlow,
                                                component: component, on: date) {
        case .success(let held): requirement = held
        case .failure(let refusal):
            refusals.append(Refusal(date: date, component: component, reason: "buying power: \(refusal)"))
            orders[orders.count - 1].refusal = "buying power: \(refusal)"
            orders[orders.count - 1].price = nil
            orders[orders.count - 1].fees = 0
            return nil
        }
        let position = Position(id: state.nextPositionID, component: component, legs: fill.legs.map(\.leg), openDate: date,
                                openCredit: fill.netCashFlow, maxRisk: requirement.maxLoss, entryVIX: vix)
        state.nextPositionID += 1
        orders[orders.count - 1].positionID = position.id
        orders[orders.count - 1].buyingPower = requirement.maxLoss
        openedExpiries[position.id] = position.expiry
        recordFills(fill, position: position, reason: .open)
        state.portfolio.open(position)
        state.lastMarks[position.id] = Portfolio.valuation(of: position, on: chains).midValue
        return position
    }

    /// Closes a whole position at the day's quotes; a refused fill keeps it open and is logged.
    mutating func close(_ position: Position, reason: FillReason, on chains: DayChains) {
        switch send(position.component, reason: reason, legs: FillModel.closingLegs(of: position), positionID: position.id,
                    on: chains) {
        case .failure(let refusal):
            refusals.append(Refusal(date: date, component: position.component,
                                    reason: "close #\(position.id) (\(reason.rawValue)) not filled: \(refusal)"))
        case .success(let fill):
            recordFills(fill, position: position, reason: reason)
            let pnl = state.portfolio.close(positionID: position.id, cashFlow: fill.netCashFlow)
            closed(position, pnl: pnl)
        }
    }

    /// Closes `units` of a position's units (a hedge's take-off); false when not filled.
    mutating func reduce(_ position: Position, units: Int, reason: FillReason, on chains: DayChains) -> Bool {
        let total = position.contracts
        let closing = position.legs.map { leg in
            var part = leg
            part.quantity = -leg.quantity / total * units
            return part
        }
        switch send(position.component, reason: reason, legs: closing, positionID: position.id, on: chains) {
        case .failure(let refusal):
            refusals.append(Refusal(date: date, component: position.component,
                                    reason: "close #\(position.id) (\(reason.rawValue)) not filled: \(refusal)"))
            return false
        case .success(let fill):
            recordFills(fill, position: position, reason: reason)
            state.portfolio.reduce(positionID: position.id, units: units, cashFlow: fill.netCashFlow)
            return true
        }
    }

    /// Bookkeeping once a position is gone: probes become sentiment evidence, hedges are
    /// forgotten by the manager, marks are dropped.
    mutating func closed(_ position: Position, pnl: Double) {
        state.lastMarks[position.id] = nil
        switch position.component {
        case .probe:
            state.closedProbes.append(ProbeOutcome(positionID: position.id, openDate: position.openDate, closeDate: date, pnl: pnl))
            // Only the sentiment window is ever read.
            let window = config.sentiment.window
            if state.closedProbes.count > 4 * window { state.closedProbes.removeFirst(state.closedProbes.count - window) }
        case .hedge:
            state.hedges.recordClosed(positionID: position.id)
        case .core:
            break
        }
    }

    /// Sends one order to the fill model (at the trader's reported price when there is one)
    /// and logs it in ``orders``.
    mutating func send(_ component: Component, reason: FillReason, legs: [Leg], positionID: Int?,
                       on chains: DayChains) -> Result<ComboFill, FillRefusal> {
        let quotes = legs.map { chains.quote(for: $0) }
        let model = fillModel.fill(legs, quotes: quotes)
        var result = model
        var reported = false
        if !reportedFills.isEmpty {
            let signature = OrderSignature(legs: legs)
            let occurrence = sentSignatures[signature, default: 0]
            sentSignatures[signature] = occurrence + 1
            if let report = reportedFills.report(for: signature, occurrence: occurrence), case .success = model {
                result = fillModel.fill(legs, quotes: quotes, reportedPrice: report.price)
                if case .success = result { reported = true }
            }
        }
        let modelFill = try? model.get(), filled = try? result.get()
        var refusal: String?
        if case .failure(let why) = result { refusal = "\(why)" }
        orders.append(OrderRecord(date: date, number: orders.count + 1, component: component, reason: reason, positionID: positionID,
                                  legs: legs, units: filled?.units ?? modelFill?.units, modelPrice: modelFill?.price,
                                  midPrice: modelFill?.midPrice, naturalPrice: modelFill?.naturalPrice, price: filled?.price,
                                  reported: reported, fees: filled?.fees ?? 0, buyingPower: nil, refusal: refusal))
        return result
    }

    mutating func recordFills(_ fill: ComboFill, position: Position, reason: FillReason) {
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
        state.cashFromTrades += trade.cashFlow
    }
}
