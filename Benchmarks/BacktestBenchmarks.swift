import Backtest
import Market
import Strategy

/// The full 2005-2025 backtest with the plan's default configuration, as an optimizer runs
/// it thousands of times: the history and the chain builder are loaded once (timed apart),
/// then the median wall time of whole runs is reported.
enum BacktestBenchmarks {
    static func run(_ settings: Settings) {
        guard settings.wants("backtest_full") else { return }
        guard let directory = try? DataDirectory.resolve(explicit: nil) else {
            emit(["bench": .string("backtest_full"), "skipped": .string("no market data (set SPX30DTE_DATA)")])
            return
        }
        let loadStart = monotonicNanoseconds()
        guard let builder = try? ChainBuilder.load(from: directory) else {
            emit(["bench": .string("backtest_full"), "skipped": .string("the history did not load")])
            return
        }
        let loadNanoseconds = Double(monotonicNanoseconds() - loadStart)
        let history = builder.history
        let engine = BacktestEngine(history: history, chains: builder, config: .default)
        let from = history.dates.first!, to = history.dates.last!
        var result: BacktestResult?
        let (median, runs) = medianNanoseconds(runs: settings.quick ? 3 : 7, budgetSeconds: 60) {
            result = try? engine.run(from: from, to: to)
        }
        guard let result else { return }
        emit(["bench": .string("backtest_full"), "first": .string(from.description), "last": .string(to.description),
              "sessions": .integer(result.ledger.count), "fills": .integer(result.trades.count),
              "final_equity": .number(result.ledger.last?.equity ?? 0), "s_per_run": .number(median / 1e9),
              "us_per_session": .number(median / 1e3 / Double(max(result.ledger.count, 1))),
              "load_s": .number(loadNanoseconds / 1e9), "runs": .integer(runs)])
    }
}
