import Backtest
import Foundation
import Market
import Strategy

/// The full 2005-2025 backtest with the plan's default configuration, as an optimizer runs
/// it thousands of times: the workbench loads the history once (timed apart), then the median
/// wall time of whole runs is reported (`backtest_full`, one core), and the throughput of 64
/// configurations run side by side on all cores (`workbench_throughput`).
enum BacktestBenchmarks {
    static func run(_ settings: Settings) {
        guard settings.wants("backtest_full") || settings.wants("workbench_throughput") else { return }
        let loadStart = monotonicNanoseconds()
        let workbench: Workbench
        do {
            workbench = try Workbench.load()
        } catch {
            emit(["bench": .string("backtest_full"), "skipped": .string("no market data (\(error))")])
            return
        }
        let loadNanoseconds = Double(monotonicNanoseconds() - loadStart)
        let history = workbench.history
        let from = history.dates.first!, to = history.dates.last!

        if settings.wants("backtest_full") {
            var result: BacktestResult?
            let (median, runs) = medianNanoseconds(runs: settings.quick ? 3 : 7, budgetSeconds: 60) {
                result = try? workbench.backtest(.default, from: from, to: to)
            }
            if let result {
                emit(["bench": .string("backtest_full"), "first": .string(from.description), "last": .string(to.description),
                      "sessions": .integer(result.ledger.count), "fills": .integer(result.trades.count),
                      "final_equity": .number(result.ledger.last?.equity ?? 0), "s_per_run": .number(median / 1e9),
                      "us_per_session": .number(median / 1e3 / Double(max(result.ledger.count, 1))),
                      "load_s": .number(loadNanoseconds / 1e9), "runs": .integer(runs)])
            }
        }

        if settings.wants("workbench_throughput") {
            // 64 distinct configurations: the plan's defaults with the core's short delta and
            // the probe's width spread over their ranges, as a generation of a search would be.
            var configs: [StrategyConfig] = []
            for k in 0..<64 {
                var config = StrategyConfig.default
                config.core.bwbDelta = 0.12 + 0.01 * Double(k % 12)
                config.probe.probeWidth = 3 + Double(k / 12)
                configs.append(config)
            }
            let threads = ProcessInfo.processInfo.activeProcessorCount
            var failures = 0
            let (median, runs) = medianNanoseconds(runs: settings.quick ? 1 : 3, budgetSeconds: 240) {
                failures = workbench.evaluate(configs, from: from, to: to, threads: threads)
                    .filter { if case .failure = $0 { return true } else { return false } }.count
            }
            emit(["bench": .string("workbench_throughput"), "configurations": .integer(configs.count), "threads": .integer(threads),
                  "first": .string(from.description), "last": .string(to.description), "failures": .integer(failures),
                  "s_per_batch": .number(median / 1e9), "backtests_per_s": .number(Double(configs.count) / (median / 1e9)),
                  "runs": .integer(runs)])
        }
    }
}
