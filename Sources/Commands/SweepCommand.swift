import ArgumentParser
import Backtest
import Foundation
import Optimize

/// `spx30dte sweep`: a sampled design over a search space, evaluated shard by shard.
public struct SweepCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Evaluate a sampled design of configurations (one shard of it) into an SQLite trial log.",
        discussion: """
            Places --samples points in the search space (the plan's chromosome with --space laid \
            over it) by --design (sobol: the Sobol sequence; grid: a full factorial grid of the \
            largest size <= samples; random: seeded uniform points), and evaluates the points of \
            shard K of N (point i belongs to shard (i mod N) + 1) over --from..--to, logging \
            each configuration, its metrics, gates and monthly returns to --db. Points are \
            committed in batches; a rerun on the same --db resumes where it stopped. Shards \
            write separate files; `spx30dte sweep merge` joins them, and the merged log equals \
            the unsharded sweep row for row. deploy/ runs the shards as a Slurm job array or a \
            Kubernetes Indexed Job.
            """,
        subcommands: [SweepRunCommand.self, SweepMergeCommand.self],
        defaultSubcommand: SweepRunCommand.self)

    public init() {}
}

/// `spx30dte sweep [run]`.
public struct SweepRunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Evaluate one shard of the design (the default).")

    @Option(help: "A space file (the form `spx30dte config --space` prints) laid over the plan's chromosome.")
    var space: String?

    @Option(help: "Points in the design.")
    var samples: Int

    @Option(help: "sobol, grid or random.")
    var design: String = "sobol"

    @Option(help: "Seed of the random design.")
    var seed: UInt64 = 1

    @Option(help: "This process's share, K/N (1 <= K <= N).")
    var shard: String = "1/1"

    @Option(help: "The SQLite trial log to write.")
    var db: String


    @OptionGroup var common: SearchRunOptions

    public init() {}

    public func run() throws {
        try CommandFailure.reporting {
            guard samples >= 1 else { throw CommandFailure("--samples must be at least 1") }
            guard let design = SweepDesign(rawValue: design) else {
                throw CommandFailure("--design \(design) is not one of sobol, grid, random")
            }
            guard let shard = Shard(shard) else { throw CommandFailure("--shard \(shard) is not K/N with 1 <= K <= N") }
            let space = try SearchArguments.space(space)
            let base = try SearchArguments.base(common.config)
            let started = ContinuousClock.now
            let workbench = try SearchArguments.workbench(data: common.market.data,
                                                          allowModifiedData: common.market.allowModifiedData)
            let loaded = ContinuousClock.now
            let window = try SearchArguments.window(from: common.from, to: common.to, workbench: workbench)
            let log = try CommandFailure.wrapping { try TrialLog(path: db) }
            let sweep = Sweep(space: space, design: design, samples: samples, seed: seed, base: base, window: window)
            if design == .grid, sweep.pointCount < samples {
                SearchArguments.note("sweep: a grid of \(space.dimensions) genes holds \(sweep.pointCount) points within \(samples) samples")
            }
            let profileTotal = common.profile ? ProfileTotal() : nil
            profileTotal?.add(.load, seconds: BacktestCommand.seconds(loaded - started))
            let evaluator = WorkbenchEvaluator(workbench: workbench, threads: common.threads, profile: profileTotal)
            try CommandFailure.wrapping {
                try sweep.run(shard: shard, log: log, evaluator: evaluator) { p in
                    SearchArguments.note("sweep \(shard): \(p.done)/\(p.total) points, "
                        + "\(String(format: "%.1f", p.evaluationsPerSecond)) evaluations/s, \(SearchArguments.duration(p.secondsLeft)) left")
                }
            }
            print("sweep \(shard): \(db)")
            if let profileTotal { print(profileTotal.value.table()) }
        }
    }
}

/// `spx30dte sweep merge A.db B.db ... --db ALL.db`.
public struct SweepMergeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge shard logs of one sweep into one log.",
        discussion: "The shards must come from the same sweep (same space, design, samples, seed and window).")

    @Argument(help: "The shard logs.")
    var shards: [String]

    @Option(help: "The merged log to write (created when missing).")
    var db: String

    public init() {}

    public func run() throws {
        try CommandFailure.reporting {
            guard !shards.isEmpty else { throw CommandFailure("name at least one shard log") }
            for shard in shards where !FileManager.default.fileExists(atPath: shard) {
                throw CommandFailure("the shard log \(shard) does not exist")
            }
            let log = try CommandFailure.wrapping { try TrialLog(path: db) }
            try CommandFailure.wrapping { try log.merge(shards) }
            let rows = try CommandFailure.wrapping { try log.sweepRows() }
            print("merged \(shards.count) shard logs into \(db): \(rows.count) points")
        }
    }
}
