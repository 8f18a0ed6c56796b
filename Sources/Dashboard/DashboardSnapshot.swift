import Backtest
import Market
import Paper
import Strategy

/// Everything the dashboard shows, read from a journal at one committed session: the days as a
/// backtest's result, the book after the last close with its marks, and that session's plan.
public struct DashboardSnapshot: Sendable {
    public let journalPath: String
    public let version: JournalVersion
    public let result: BacktestResult
    /// The book after the last committed close; nil before the first session.
    public let book: BookState?
    /// The last committed session's plan; nil before the first session.
    public let plan: JournalPlan?

    /// Reads `journal`. The reads are separate transactions, so they are repeated (a few times at
    /// most) until the journal's version is the same before and after them: a session committed
    /// by a writer in between is then either wholly shown or not at all.
    public static func read(_ journal: Journal) throws(JournalError) -> DashboardSnapshot {
        var attempts = 0
        while true {
            attempts += 1
            let version = try journal.version()
            let result = try journal.result()
            let last = try journal.lastDay()
            let plan = try last.map { last throws(JournalError) in try journal.plan(on: last.date) } ?? nil
            if try journal.version() == version || attempts >= 5 {
                return DashboardSnapshot(journalPath: journal.path, version: version, result: result,
                                         book: last?.state, plan: plan)
            }
        }
    }

    /// The last committed session's ledger row.
    public var lastLedger: LedgerRow? { result.ledger.last }

    /// The last committed session's stress figures.
    public var lastRisk: DailyRisk? { result.risk.last }

    /// The open positions after the last close, by id.
    public var openPositions: [Position] { (book?.portfolio.positions ?? []).sorted { $0.id < $1.id } }

    /// The last session's drawdown from the highest equity so far (the initial equity included), a
    /// fraction at most 0.
    public var drawdown: Double? { result.drawdown.last }
}
