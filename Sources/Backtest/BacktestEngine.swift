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
    /// A session could not be stepped.
    case session(DayStepError)

    public var description: String {
        switch self {
        case let .emptyRange(from, to):
            return "the backtest range \(from)...\(to) is empty: --from must not be after --to"
        case let .noSessions(from, to, first, last):
            var text = "no session of the market history lies in \(from)...\(to)"
            if let first, let last { text += " (it covers \(first) to \(last))" }
            return text
        case let .session(error):
            return "the run stopped: \(error)"
        }
    }
}

/// Where a long run stands, for a progress line.
public struct BacktestProgress: Sendable {
    /// The session just finished.
    public var date: TradingDate
    /// Sessions finished and sessions in the run.
    public var sessionsDone: Int
    /// Sessions in the run.
    public var sessionCount: Int
    /// Account value at that close, dollars.
    public var equity: Double

    /// The share of the run done, 0...1.
    public var fraction: Double { sessionCount > 0 ? Double(sessionsDone) / Double(sessionCount) : 1 }
}

/// A run's result with its daily reconciliation.
public struct AuditedBacktest: Sendable {
    /// The run's tables.
    public var result: BacktestResult
    /// One per ledger day, same dates.
    public var audit: [DayAudit]
    /// The listed expiry of every position the run opened, by position id (what its
    /// settlement style and time were).
    public var positionExpiries: [Int: ListedExpiry]
}

/// The day-by-day backtest of the strategy on the market history: a loop of `DayStep` over
/// the sessions of a range, folding each day's record into the run's tables.
///
/// The run is deterministic: no random draw is made (the configuration's seed is recorded
/// with the results all the same).
public struct BacktestEngine: Sendable {
    /// The market history the sessions come from.
    public let history: MarketHistory
    /// Builds each day's chains (from `history`, with real snapshots where they exist).
    public let chains: ChainBuilder
    /// The configuration run.
    public let config: StrategyConfig
    /// The day step of `config`, run once per session.
    public let step: DayStep

    /// `config` must be valid (`StrategyConfig.validate()`); `chains` should be built over
    /// `history` (its history is the one quotes come from).
    public init(history: MarketHistory, chains: ChainBuilder, config: StrategyConfig) {
        self.history = history
        self.chains = chains
        self.config = config
        self.step = DayStep(config: config, calendar: chains.listing.calendar)
    }

    /// Runs every session of the history in `from...to`. `progress` is called after the last
    /// session of each calendar year and after the last session of the run.
    public func run(from: TradingDate, to: TradingDate,
                    progress: ((BacktestProgress) -> Void)? = nil) throws(BacktestEngineError) -> BacktestResult {
        try runAudited(from: from, to: to, progress: progress).result
    }

    /// ``run(from:to:progress:)`` with the daily reconciliation figures. With `state`, the run
    /// continues that saved book (its last session must be before `from`) instead of starting
    /// from the configured account; `saving` is called with the book at the close of each session.
    public func runAudited(from: TradingDate, to: TradingDate, state: BookState? = nil,
                           progress: ((BacktestProgress) -> Void)? = nil,
                           saving: ((TradingDate, BookState) -> Void)? = nil) throws(BacktestEngineError) -> AuditedBacktest {
        var untimed: PhaseTimes?
        return try runAudited(from: from, to: to, state: state, progress: progress, saving: saving, profile: &untimed)
    }

    /// ``runAudited(from:to:state:progress:saving:)``, adding the time of each phase of every
    /// session (and of gathering the tables) to `profile` when it is not nil.
    public func runAudited(from: TradingDate, to: TradingDate, state: BookState? = nil,
                           progress: ((BacktestProgress) -> Void)? = nil,
                           saving: ((TradingDate, BookState) -> Void)? = nil,
                           profile: inout PhaseTimes?) throws(BacktestEngineError) -> AuditedBacktest {
        guard from <= to else { throw .emptyRange(from, to) }
        let dates = history.dates
        let start = dates.sortedInsertionIndex(of: from)
        let end = dates.sortedInsertionIndex(of: to + 1)
        guard start < end else { throw .noSessions(from, to, first: dates.first, last: dates.last) }
        var book = state ?? BookState(config: config)
        var source = DayChainAssembler(builder: chains)
        var tables = RunTables(sessionCount: end - start)
        for index in start..<end {
            let market = DayMarket(day: history[index], previousSPXClose: index > 0 ? history.spx.close[index - 1] : nil)
            let outcome: DayOutcome
            do {
                outcome = try step.run(book, market: market, chains: &source, profile: &profile)
            } catch {
                throw .session(error)
            }
            book = outcome.state
            let clock = PhaseClock(running: profile != nil)
            tables.append(outcome.record)
            profile?.add(.outputs, since: clock)
            saving?(market.day.date, book)
            let isYearEnd = index + 1 == end || dates[index + 1].year != dates[index].year
            if isYearEnd, let progress {
                progress(BacktestProgress(date: dates[index], sessionsDone: index - start + 1, sessionCount: end - start,
                                          equity: outcome.record.ledger.equity))
            }
        }
        let clock = PhaseClock(running: profile != nil)
        let finished = tables.finish(config: config)
        profile?.add(.outputs, since: clock)
        return finished
    }
}

/// The tables of one run, grown a day at a time.
struct RunTables {
    var trades: [TradeRecord] = []
    var ledger: [LedgerRow] = []
    var risk: [DailyRisk] = []
    var refusals: [Refusal] = []
    var audit: [DayAudit] = []
    var positionExpiries: [Int: ListedExpiry] = [:]

    init(sessionCount: Int) {
        ledger.reserveCapacity(sessionCount)
        risk.reserveCapacity(sessionCount)
        audit.reserveCapacity(sessionCount)
    }

    mutating func append(_ record: DayRecord) {
        trades += record.trades
        refusals += record.refusals
        ledger.append(record.ledger)
        risk.append(record.risk)
        audit.append(record.audit)
        positionExpiries.merge(record.openedExpiries) { _, new in new }
    }

    func finish(config: StrategyConfig) -> AuditedBacktest {
        let parameters = (try? JSONValue(parsing: config.jsonData())) ?? .null
        let result = BacktestResult(parameters: parameters, initialEquity: config.accountSize, trades: trades,
                                    ledger: ledger, risk: risk, refusals: refusals)
        return AuditedBacktest(result: result, audit: audit, positionExpiries: positionExpiries)
    }
}
