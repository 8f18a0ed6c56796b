import Market
import Pricing
import Strategy

/// What stepping one session did to the journal.
public enum PaperStepResult: Sendable, Equatable {
    /// The session was stepped and committed; the equity at its close, dollars.
    case committed(TradingDate, equity: Double)
    /// The session was committed before: nothing was done.
    case alreadyCommitted(TradingDate)
}

/// Steps a journal's sessions through the same ``DayStep`` the backtest runs, on the chains the
/// backtest builds for the day (real where a snapshot exists, synthesized from the real series
/// otherwise), and commits each in its own transaction.
///
/// Sessions go in the history's order: the first may be any session; each later one must be
/// the session right after the last committed one. A committed session asked again is left as
/// it is. Nothing is written for a refused session.
public struct PaperTrader: Sendable {
    /// The history a journal is stepped through: every SPX session the data holds from the
    /// backtest's first day on. The backtest stops at its window's end (2025-12-31); a journal
    /// goes on to the data's last session, so that a trader who appends each day's closes to
    /// their copy of the data can step it.
    public static let historyOptions = MarketHistory.Options(lastDay: TradingDate(year: 2099, month: 12, day: 31)!)

    public let journal: Journal
    public let study: JournalStudy
    let builder: ChainBuilder
    let step: DayStep
    var source: DayChainAssembler

    /// The trader of `journal` over `builder`'s history. With `expected`, the journal must have
    /// been made with that configuration (its `accountSize` aside: the journal's equity stands
    /// in for it); `expectedLabel` names it in the error.
    public init(journal: Journal, builder: ChainBuilder, expected: StrategyConfig? = nil,
                expectedLabel: String = "the given configuration") throws(JournalError) {
        let study = try journal.study()
        if let expected { try study.verify(expected, label: expectedLabel, path: journal.path) }
        let config: StrategyConfig
        do {
            config = try study.config()
            try config.validate()
        } catch {
            throw .unreadable(path: journal.path, reason: "table study, row 1, column config_json: \(error)")
        }
        self.journal = journal
        self.study = study
        self.builder = builder
        step = DayStep(config: config, calendar: builder.listing.calendar)
        source = DayChainAssembler(builder: builder)
    }

    /// Steps and commits the session `date`, or does nothing if it is committed already.
    ///
    /// - Parameters:
    ///   - quotes: the trader's quote downloads for the day (``DayQuoteFiles``): their
    ///     products are quoted from them instead of the history.
    ///   - fills: the trader's own fills (``ReportedFillsFile``), checked against the orders
    ///     of the day's plan on the same quotes before anything is written.
    public mutating func step(_ date: TradingDate, quotes: DayQuoteFiles? = nil,
                              fills: ReportedFillsFile? = nil) throws(JournalError) -> PaperStepResult {
        if try journal.isCommitted(date) { return .alreadyCommitted(date) }
        let quotes = quotes ?? DayQuoteFiles(date: date)
        var reported = ReportedFills()
        if let fills {
            let plan = try decide(date, quotes: quotes).outcome
            do {
                reported = try fills.reports(for: plan.record.orders)
            } catch {
                throw .input(path: journal.path, error)
            }
        }
        let (outcome, last) = try decide(date, quotes: quotes, reportedFills: reported)
        try journal.commit(outcome, after: last, inputs: JournalInputs(quotes: quotes, fills: fills))
        return .committed(date, equity: outcome.record.ledger.equity)
    }

    /// The session `date` decided from the journal's last state, as ``step(_:quotes:fills:)``
    /// would commit it at the fill model's prices, without committing anything: the day's
    /// plan. `date` must be the session after the last committed one (or any session of an
    /// empty journal).
    public mutating func preview(_ date: TradingDate, quotes: DayQuoteFiles? = nil) throws(JournalError) -> DayOutcome {
        try decide(date, quotes: quotes ?? DayQuoteFiles(date: date)).outcome
    }

    /// The day step run on `date` from the last committed state, and that state's date.
    private mutating func decide(_ date: TradingDate, quotes: DayQuoteFiles,
                                 reportedFills: ReportedFills = ReportedFills())
        throws(JournalError) -> (outcome: DayOutcome, last: TradingDate?) {
        guard quotes.date == date else {
            throw .input(path: journal.path, PaperInputError(file: quotes.files.first?.path ?? "the quotes",
                                                             reason: "holds \(quotes.date)'s quotes, not \(date)'s"))
        }
        let history = builder.history
        let dates = history.dates
        let index = dates.sortedInsertionIndex(of: date)
        guard index < dates.count, dates[index] == date else { throw .notASession(path: journal.path, date: date) }
        let last = try journal.lastDay()
        let state: BookState
        if let last {
            let next = dates.sortedInsertionIndex(of: last.date + 1)
            guard next < dates.count, dates[next] == date else {
                throw .outOfOrder(path: journal.path, date: date, expected: next < dates.count ? dates[next] : last.date + 1,
                                  last: last.date)
            }
            state = last.state
        } else {
            state = BookState(config: step.config)
        }
        let market = DayMarket(day: history[index], previousSPXClose: index > 0 ? history.spx.close[index - 1] : nil)
        do {
            if quotes.isEmpty {
                return (try step.run(state, market: market, chains: &source, reportedFills: reportedFills), last?.date)
            }
            let quoted: ChainBuilder
            do {
                quoted = try builder.adding(quotes.snapshots)
            } catch {
                throw JournalError.input(path: journal.path, PaperInputError(file: error.path, reason: error.reason))
            }
            var daySource = DayChainAssembler(builder: quoted)
            return (try step.run(state, market: market, chains: &daySource, reportedFills: reportedFills), last?.date)
        } catch let error as JournalError {
            throw error
        } catch {
            throw .session(path: journal.path, date: date, reason: "\(error)")
        }
    }

    /// Steps every session of the history in `from...to` in turn (committed ones are left as
    /// they are), each in its own transaction; `progress` hears each result. Stops at the
    /// first refused session, the sessions before it committed.
    @discardableResult
    public mutating func run(from: TradingDate, to: TradingDate,
                             progress: (PaperStepResult) -> Void = { _ in }) throws(JournalError) -> [PaperStepResult] {
        let dates = builder.history.dates
        let start = dates.sortedInsertionIndex(of: from), end = dates.sortedInsertionIndex(of: to + 1)
        var results: [PaperStepResult] = []
        for index in start..<max(start, end) {
            let result = try step(dates[index])
            progress(result)
            results.append(result)
        }
        return results
    }
}
