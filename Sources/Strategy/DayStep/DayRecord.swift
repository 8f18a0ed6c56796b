import Market

/// What one session did, as the day step reports it: the rows it adds to the run's tables
/// and the plan it carried out.
public struct DayRecord: Sendable {
    /// The session.
    public var date: TradingDate
    /// Leg fills and settlements, in the order they happened.
    public var trades: [TradeRecord]
    /// Orders the strategy wanted and the rules, the market or the account refused.
    public var refusals: [Refusal]
    /// The close: equity, cash, greeks, stress loss, notch and sentiment.
    public var ledger: LedgerRow
    /// The day's risk figures the ledger does not show: stress P&Ls, the rate, the T-bill's return.
    public var risk: DailyRisk
    /// The day's reconciliation of cash and equity with the trades.
    public var audit: DayAudit
    /// The planner's plan for the day's entries and hedges (exits taken before it are in
    /// ``exits``).
    public var plan: DayPlan
    /// The exits due on the day's marks, in id order (a refused one stays open).
    public var exits: [PlannedAction]
    /// The sentiment reading of the day.
    public var sentiment: SentimentReading
    /// The listed expiry of each position opened today, by id.
    public var openedExpiries: [Int: ListedExpiry]
    /// Every order sent to the fill model today, in the order sent (exits first).
    public var orders: [OrderRecord]
}

/// A session's result: the state to carry into the next session and the record of the day.
public struct DayOutcome: Sendable {
    /// The book at this session's close: pass it to the next session.
    public var state: BookState
    /// What the session did.
    public var record: DayRecord
}

/// One session's market inputs: the day's index levels and series (from the history or
/// today's quotes) and the previous session's SPX close, which the Volatile rule compares with.
public struct DayMarket: Sendable {
    /// The session's index levels and series (SPX, VIX and the rest, the rates).
    public var day: MarketDay
    /// The SPX close of the session before, index points; nil on the history's first day.
    public var previousSPXClose: Double?

    /// The market of `day`, with the previous session's SPX close.
    public init(day: MarketDay, previousSPXClose: Double?) {
        self.day = day
        self.previousSPXClose = previousSPXClose
    }
}

/// Why a session could not be stepped. The configuration and the day are named by the caller
/// (``DayStep`` knows only the day).
public enum DayStepError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The session is not after the state's last session.
    case outOfOrder(date: TradingDate, last: TradingDate)
    /// Cash plus marks does not equal the equity the ledger would show.
    case equityDoesNotReconcile(date: TradingDate, equity: Double, cashPlusMarks: Double)
    /// A state that cannot be carried forward (e.g. a non-finite mark).
    case invalidState(date: TradingDate, reason: String)
    /// A reported fill whose order the session did not fill (``ReportedFills``).
    case reportedFillNotUsed(date: TradingDate, order: Int, reason: String)

    public var description: String {
        switch self {
        case let .outOfOrder(date, last):
            return "\(date) is not after the book's last session \(last): sessions are stepped in date order"
        case let .equityDoesNotReconcile(date, equity, cashPlusMarks):
            return "on \(date) the equity \(equity) does not equal cash plus marks \(cashPlusMarks)"
        case let .invalidState(date, reason):
            return "on \(date): \(reason)"
        case let .reportedFillNotUsed(date, order, reason):
            return "on \(date) the fill reported for order \(order) was not used: \(reason)"
        }
    }
}
