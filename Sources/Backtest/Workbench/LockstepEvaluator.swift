import Market
import Pricing
import Strategy

/// Runs many configurations' backtests over the same sessions in lock-step: every
/// configuration steps day D before any steps D + 1, and all of them read D's chains from one
/// ``DayChainCache``, so the day's surfaces and Black-Scholes batches are computed once for
/// the group rather than once per configuration (they were most of a lone run's time).
///
/// Each configuration keeps its own book, chain assembler and tables: its result is, to the
/// bit, the result of a lone ``BacktestEngine/run(from:to:progress:)`` (the cache hands out
/// exactly the chains the builder would build, see ``DayChainCache``). A configuration whose
/// session fails drops out with its error; the others go on.
///
/// One evaluator runs on one thread; ``Workbench/evaluate(_:from:to:threads:keepResults:)``
/// gives each core its own group.
struct LockstepEvaluator {
    let history: MarketHistory
    let chains: ChainBuilder

    /// One configuration's run in progress.
    private struct Lane {
        let step: DayStep
        var book: BookState
        var source: DayChainAssembler
        var tables: RunTables
        var failure: BacktestEngineError?
    }

    /// The backtests of `configs` (each valid) over the sessions in `from...to`, in the order
    /// of `configs`; a `profile`, when given, gathers the phases of every configuration.
    func run(_ configs: [StrategyConfig], from: TradingDate, to: TradingDate,
             profile: inout PhaseTimes?) -> [Result<BacktestResult, BacktestEngineError>] {
        guard from <= to else { return configs.map { _ in .failure(.emptyRange(from, to)) } }
        let dates = history.dates
        let start = dates.sortedInsertionIndex(of: from)
        let end = dates.sortedInsertionIndex(of: to + 1)
        guard start < end else {
            return configs.map { _ in .failure(.noSessions(from, to, first: dates.first, last: dates.last)) }
        }
        let cache = DayChainCache()
        var lanes = configs.map { config in
            Lane(step: DayStep(config: config, calendar: chains.listing.calendar), book: BookState(config: config),
                 source: DayChainAssembler(builder: chains, sharing: cache), tables: RunTables(sessionCount: end - start))
        }
        for index in start..<end {
            let market = DayMarket(day: history[index], previousSPXClose: index > 0 ? history.spx.close[index - 1] : nil)
            for k in lanes.indices where lanes[k].failure == nil {
                do {
                    let outcome = try lanes[k].step.run(lanes[k].book, market: market, chains: &lanes[k].source,
                                                        profile: &profile)
                    lanes[k].book = outcome.state
                    let clock = PhaseClock(running: profile != nil)
                    lanes[k].tables.append(outcome.record)
                    profile?.add(.outputs, since: clock)
                } catch {
                    lanes[k].failure = .session(error)
                    lanes[k].tables = RunTables(sessionCount: 0)
                }
            }
        }
        let clock = PhaseClock(running: profile != nil)
        defer { profile?.add(.outputs, since: clock) }
        return zip(lanes, configs).map { lane, config in
            if let failure = lane.failure { return .failure(failure) }
            return .success(lane.tables.finish(config: config).result)
        }
    }
}
