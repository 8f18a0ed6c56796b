import ArgumentParser
import Backtest
import Foundation
import Optimize

/// `spx30dte optimize`: the genetic search over the strategy's parameters, with walk-forward
/// folds, the deflated Sharpe ratio, PBO and the top-10 validation.
public struct OptimizeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Evolve the strategy's parameters over the real history and measure how much of the result is luck.",
        discussion: """
            Runs a genetic search (binary tournament, SBX crossover, polynomial mutation, elitism; \
            `--seed` makes it reproducible to the byte) over the plan's chromosome (twelve genes; \
            --space FILE, in the form `spx30dte config --space` prints, narrows, widens or adds \
            genes). Fitness combines CAGR, Sharpe, max drawdown, core win rate and the share of \
            months with income >= 0; a configuration that breaks a drawdown or stress gate ranks \
            below every one that keeps them.

            Every configuration evaluated is logged to the SQLite --db (default OUT/trials.sqlite), \
            one transaction per generation: a killed run loses at most the generation in flight, \
            and --resume continues it to the same result as an uninterrupted run.

            --walk-forward 5y/1y also searches each 5-year training window (--fold-generations \
            generations each, default --generations) and tests its best on the year after; the \
            test years are stitched into one out-of-sample equity curve.

            Writes to --out (default results/optimize-SEED): report.html, summary.json, \
            generations.csv, pareto.csv, top10.csv, walk_forward.csv and selected-config.json \
            (accepted by `spx30dte backtest --config`), with the reason it was chosen. Progress \
            (generation, best fitness, evaluations per second, time left) goes to standard error.
            """)

    @Option(help: "Generations of the search over the whole window.")
    var generations: Int = 100

    @Option(help: "Configurations per generation.")
    var population: Int = 64

    @Option(help: "Seed of every random draw of the search.")
    var seed: UInt64 = 1


    @Option(help: "A space file laid over the plan's chromosome.")
    var space: String?

    @Option(name: .customLong("walk-forward"), help: "TRAIN/TEST years, e.g. 5y/1y.")
    var walkForward: String?

    @Option(name: .customLong("fold-generations"), help: "Generations per walk-forward fold (default --generations).")
    var foldGenerations: Int?

    @Option(help: "The SQLite trial log (default OUT/trials.sqlite).")
    var db: String?

    @Option(help: "The results folder (default results/optimize-SEED).")
    var out: String?

    @Flag(help: "Continue the run logged in --db.")
    var resume = false

    @OptionGroup var common: SearchRunOptions

    public init() {}

    public func run() throws {
        try CommandFailure.reporting {
            guard generations >= 1 else { throw CommandFailure("--generations must be at least 1") }
            guard population >= 2 else { throw CommandFailure("--population must be at least 2") }
            if let foldGenerations, foldGenerations < 1 { throw CommandFailure("--fold-generations must be at least 1") }
            let walk = try walkForward.map { text throws(CommandFailure) -> WalkForward in
                guard let walk = WalkForward(text) else { throw CommandFailure("--walk-forward \(text) is not TRAIN/TEST years, e.g. 5y/1y") }
                return walk
            }
            let outPath = out ?? "results/optimize-\(seed)"
            let dbPath = db ?? outPath + "/trials.sqlite"
            if !resume, let size = try? FileManager.default.attributesOfItem(atPath: dbPath)[.size] as? Int, size > 0 {
                throw CommandFailure("the trial log \(dbPath) exists: pass --resume to continue it, or name a new --db")
            }
            try FileManager.default.createDirectory(atPath: (dbPath as NSString).deletingLastPathComponent.isEmpty
                ? "." : (dbPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let space = try SearchArguments.space(space)
            let base = try SearchArguments.base(common.config)
            let started = ContinuousClock.now
            let workbench = try SearchArguments.workbench(data: common.market.data,
                                                          allowModifiedData: common.market.allowModifiedData)
            let window = try SearchArguments.window(from: common.from, to: common.to, workbench: workbench)
            let loaded = ContinuousClock.now
            let optimizer = Optimizer(space: space, algorithm: GeneticAlgorithm(population: population, generations: generations, seed: seed),
                                      base: base, window: window, walkForward: walk, foldGenerations: foldGenerations)
            let log = try CommandFailure.wrapping { try TrialLog(path: dbPath) }
            let profileTotal = common.profile ? ProfileTotal() : nil
            profileTotal?.add(.load, seconds: BacktestCommand.seconds(loaded - started))
            let evaluator = WorkbenchEvaluator(workbench: workbench, threads: common.threads, profile: profileTotal)
            try CommandFailure.wrapping {
                try optimizer.run(log: log, evaluator: evaluator) { p in
                    let best = p.best.failed ? "none finished"
                        : String(format: "%.4f", p.best.fitness) + (p.best.brokenConstraints > 0 ? " (\(p.best.brokenConstraints) gates broken)" : "")
                    SearchArguments.note("optimize: fold \(p.fold) of \(p.folds - 1), generation \(p.generation + 1)/\(p.generations)"
                        + (p.resumed ? " (resumed)" : "") + ": best \(best), \(p.newTrials) new, "
                        + String(format: "%.1f", p.evaluationsPerSecond) + " evaluations/s, \(SearchArguments.duration(p.secondsLeft)) left")
                }
            }
            let searched = ContinuousClock.now
            let searchEvaluationSeconds = profileTotal?.value.wallSeconds ?? 0
            let analysis = try CommandFailure.wrapping {
                try OptimizationAnalysis.make(optimizer: optimizer, log: log, evaluator: evaluator)
            }
            let folder = try CommandFailure.wrapping { try ResultsFolder.prepare(outPath) }
            try CommandFailure.wrapping { try analysis.write(to: folder.path) }
            let finished = ContinuousClock.now
            print(analysis.summaryText)
            if let profileTotal {
                // The analysis's own work (Pareto sorting, PBO, the files) beside the evaluations it ran.
                let analysisEvaluations = profileTotal.value.wallSeconds
                profileTotal.add(.outputs, seconds: max(0, BacktestCommand.seconds(finished - searched) - (analysisEvaluations - searchEvaluationSeconds)))
                print(profileTotal.value.table())
            }
            print("wall time: load \(BacktestCommand.seconds(loaded - started).formatted2) s, search "
                + "\(BacktestCommand.seconds(searched - loaded).formatted2) s, validation and report "
                + "\(BacktestCommand.seconds(finished - searched).formatted2) s")
            print("results: \(outPath)  (open \(outPath)/report.html; trial log \(dbPath))")
        }
    }
}

extension Double {
    fileprivate var formatted2: String { String(format: "%.2f", self) }
}
