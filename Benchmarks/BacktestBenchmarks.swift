import Backtest
import Foundation
import Market
import Pricing
import Strategy

/// The full 2005-2025 backtest with the plan's default configuration, as an optimizer runs
/// it thousands of times: the workbench loads the history once (timed apart), then the median
/// wall time of whole runs is reported (`backtest_full`, one core), and the throughput of 64
/// configurations run side by side on all cores (`workbench_throughput`).
enum BacktestBenchmarks {
    static func run(_ settings: Settings) {
        guard ["backtest_full", "workbench_throughput", "optimize_generation", "optimize_generation_profiled",
               "optimize_generation_lone"].contains(where: settings.wants) else { return }
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

        let population = generation(size: 64)
        if settings.wants("optimize_generation") {
            // A generation of the optimizer: 64 configurations spread over the whole search
            // space, on all cores, then on one.
            let cores = ProcessInfo.processInfo.activeProcessorCount
            for threads in Set([cores, 1]).sorted(by: >) {
                var failures = 0
                let (median, runs) = medianNanoseconds(runs: settings.quick ? 1 : 3, budgetSeconds: 300) {
                    failures = workbench.evaluate(population, from: from, to: to, threads: threads)
                        .filter { if case .failure = $0 { return true } else { return false } }.count
                }
                emit(["bench": .string("optimize_generation"), "population": .integer(population.count),
                      "threads": .integer(threads), "first": .string(from.description), "last": .string(to.description),
                      "failures": .integer(failures), "backtests_per_s": .number(Double(population.count) / (median / 1e9)),
                      "seconds_median": .number(median / 1e9), "runs": .integer(runs)])
            }
        }

        if settings.wants("optimize_generation_profiled") {
            // One thread with the phase timers on: its speed against the one-thread line
            // above is what timing costs, and its phases are where a generation's time goes.
            var profile: BacktestProfile? = BacktestProfile()
            let (median, runs) = medianNanoseconds(runs: settings.quick ? 1 : 3, budgetSeconds: 300) {
                profile = BacktestProfile()
                _ = workbench.evaluate(population, from: from, to: to, threads: 1, profile: &profile)
            }
            if let profile {
                let phases = RunPhase.allCases.map { ($0.rawValue, JSONValue.number(profile.phases[$0])) }
                emit(["bench": .string("optimize_generation_profiled"), "population": .integer(population.count),
                      "threads": .integer(1), "backtests_per_s": .number(Double(population.count) / (median / 1e9)),
                      "seconds_median": .number(median / 1e9), "runs": .integer(runs), "phase_seconds": .object(phases)])
                FileHandle.standardError.write(Data((profile.table() + "\n").utf8))
            }
        }

        if settings.wants("optimize_generation_lone") {
            // The reference: the same generation as lone backtests, one after the other.
            let (median, runs) = medianNanoseconds(runs: 1, budgetSeconds: 300) {
                for config in population { blackHole(try? workbench.evaluate(config, from: from, to: to)) }
            }
            emit(["bench": .string("optimize_generation_lone"), "population": .integer(population.count),
                  "threads": .integer(1), "backtests_per_s": .number(Double(population.count) / (median / 1e9)),
                  "seconds_median": .number(median / 1e9), "runs": .integer(runs)])
        }
    }

    /// `size` configurations drawn (with a fixed seed) from the optimizer's ranges: core wing
    /// width, short delta and profit target, probe width, count, delta and DTE, hedge ratio,
    /// strike offset and VIX threshold, sentiment win rate, entry delay, correlated risk.
    static func generation(size: Int) -> [StrategyConfig] {
        var random = SplitMix64(seed: 64)
        return (0..<size).map { _ in
            var config = StrategyConfig.default
            config.core.narrowWing = Double(Int.random(in: 8...16, using: &random) * 5)
            config.core.bwbDelta = Double.random(in: 0.10...0.25, using: &random)
            config.core.profitTarget = Double.random(in: 0.50...0.75, using: &random)
            config.core.spxEntryDelay = Int.random(in: 0...3, using: &random)
            config.probe.probeWidth = Double(Int.random(in: 3...7, using: &random))
            config.probe.probesPerDay = Int.random(in: 1...4, using: &random)
            config.probe.probeDTE = Int.random(in: 7...20, using: &random)
            config.probe.probeDelta = Double.random(in: 0.15...0.25, using: &random)
            config.hedge.hedgeRatio = Double.random(in: 0.15...0.35, using: &random)
            config.hedge.hedgeStrikeOffset = Double(Int.random(in: 5...15, using: &random))
            config.hedge.vixEntryThreshold = Double.random(in: 18...25, using: &random)
            config.sentiment.minProbeWinRate = Double.random(in: 0.50...0.70, using: &random)
            config.maxCorrelatedRisk = Double.random(in: 0.20...0.35, using: &random)
            return config
        }
    }
}
