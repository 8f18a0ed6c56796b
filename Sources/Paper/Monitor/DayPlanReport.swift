import Backtest
import Market
import Strategy

/// A day's execution plan as the day step recorded it (``DayRecord``), for people (``text``)
/// and machines (``json``): exits due, probe entries, the core decision with the sentiment
/// that drove it, hedge adjustments, each order with its legs, the fill model's price and the
/// mid, its max loss, and the refusals.
///
/// Only what the record holds is shown; nothing is recomputed. Per entry, the stress loss
/// after it is the one the notch checked (``Strategy/DayPlan/stressLossAfter``); hedge orders
/// are not checked against the notch and have none. Per numbered order (``tickets``), the
/// buying power an opened position holds.
public struct DayPlanReport: Sendable {
    /// An exit taken on the day's marks before the plan's entries.
    public struct Exit: Sendable, Hashable {
        public let positionID: Int
        public let component: Component
        public let reason: ExitReason
        /// The closing fills of the position that day (empty when the fill was refused).
        public let fills: [TradeRecord]
    }

    public let date: TradingDate
    public let isProbeDay: Bool
    public let isCoreDay: Bool
    public let sentiment: SentimentReading
    public let exits: [Exit]
    public let orders: [PlanOrder]
    /// Refusals of the day (the plan's skips and the fills or buying power refused), as logged.
    public let refusals: [Refusal]
    /// The hedge manager's figures, dollars.
    public let hedgePlan: HedgePlan
    /// The stress loss (SPX -5%) of the book at the close, after every order, dollars.
    public let stressLossAfter: Double
    /// The notch limit in force for the day's entries, dollars.
    public let notchLimit: Double
    /// Every order the session sends, numbered as a fills file names them (exits first).
    public let tickets: [OrderRecord]
    /// The trader's quote downloads the plan was made on; products without one are quoted
    /// from the history (real snapshots where the data holds one, synthesized otherwise).
    public let quoteFiles: [DayQuoteFiles.File]
    /// The products without a file whose history holds a real snapshot of the day.
    public let historySnapshots: Set<OptionProduct>

    public init(record: DayRecord, quoteFiles: [DayQuoteFiles.File] = [], historySnapshots: Set<OptionProduct> = []) {
        tickets = record.orders
        self.quoteFiles = quoteFiles
        self.historySnapshots = historySnapshots
        date = record.date
        isProbeDay = record.plan.isProbeDay
        isCoreDay = record.plan.isCoreDay
        sentiment = record.sentiment
        exits = record.exits.compactMap { action in
            guard case let .close(id, reason) = action.kind else { return nil }
            let fills = record.trades.filter { $0.positionID == id && $0.reason != .open && $0.reason != .settlement }
            return Exit(positionID: id, component: action.component, reason: reason, fills: fills)
        }
        let plan = record.plan
        orders = plan.actions.indices.compactMap { PlanOrder(plan.actions[$0], stressLossAfter: plan.stressLossAfter[$0]) }
        refusals = record.refusals
        hedgePlan = record.plan.hedgePlan
        stressLossAfter = record.ledger.stressLoss5pct
        notchLimit = record.ledger.notchLimit
    }

    /// Orders of one component, in plan order.
    public func orders(_ component: Component) -> [PlanOrder] { orders.filter { $0.component == component } }

    /// The refusals logged for one component.
    public func refusals(_ component: Component) -> [Refusal] { refusals.filter { $0.component == component } }
}
