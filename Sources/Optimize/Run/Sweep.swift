import Dispatch
import Strategy

/// A sampled sweep of a search space: every design point evaluated over one window and logged,
/// shard by shard. Points are committed in batches, each batch in one transaction, and a rerun
/// on the same log skips what is there, so an interrupted shard resumes where it stopped.
public struct Sweep: Sendable {
    public var space: SearchSpace
    public var design: SweepDesign
    public var samples: Int
    public var seed: UInt64
    public var base: StrategyConfig
    public var window: EvaluationWindow
    public var formula: FitnessFormula

    public init(space: SearchSpace, design: SweepDesign, samples: Int, seed: UInt64, base: StrategyConfig,
                window: EvaluationWindow, formula: FitnessFormula = FitnessFormula()) {
        self.space = space
        self.design = design
        self.samples = samples
        self.seed = seed
        self.base = base
        self.window = window
        self.formula = formula
    }

    /// The study's identity: shards of one sweep share it, so their logs merge.
    public var settings: [String: String] {
        ["kind": "sweep", "design": design.rawValue, "samples": "\(samples)",
         "seed": design == .random ? "\(seed)" : "unused", "window": window.description,
         "space": space.parameterSpaceJSON, "base_config_hash": ConfigurationHash.of(base)]
    }

    /// The number of design points.
    public var pointCount: Int { design.count(samples: samples, dimensions: space.dimensions) }

    /// Progress after each committed batch.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var evaluationsPerSecond: Double
        public var secondsLeft: Double
    }

    /// Evaluates `shard`'s points not yet in `log`, `batch` at a time.
    public func run(shard: Shard, log: TrialLog, evaluator: any TrialEvaluator, batch: Int = 16,
                    progress: (Progress) -> Void = { _ in }) throws(OptimizeError) {
        try logged { try log.establish(settings) }
        let done = try logged { try log.sweepIndices() }
        let owned = (0..<pointCount).filter(shard.owns)
        let pending = owned.filter { !done.contains($0) }
        var clock = RateClock()
        var finished = owned.count - pending.count
        var start = 0
        while start < pending.count {
            let indices = Array(pending[start..<min(start + max(batch, 1), pending.count)])
            start += indices.count
            let began = DispatchTime.now().uptimeNanoseconds
            var points: [(index: Int, hash: String, window: String, point: [Double])] = []
            var trials: [TrialRecord] = []
            var toRun: [(config: StrategyConfig, genes: [String: Double])] = []
            for index in indices {
                let point = try design.point(index, samples: samples, dimensions: space.dimensions, seed: seed)
                let genes = space.values(at: point)
                do {
                    let config = try space.configuration(at: point, base: base)
                    points.append((index, ConfigurationHash.of(config), window.description, point))
                    toRun.append((config, genes))
                } catch {
                    var record = TrialRecord(config: base, genes: genes, window: window.description, fold: 0, generation: -1,
                                             outcome: .failure(TrialFailure("\(error)")), formula: formula)
                    record.configHash = ConfigurationHash.invalidPoint(point)
                    points.append((index, record.configHash, window.description, point))
                    trials.append(record)
                }
            }
            let outcomes = evaluator.evaluate(toRun.map(\.config), window: window)
            for (run, outcome) in zip(toRun, outcomes) {
                trials.append(TrialRecord(config: run.config, genes: run.genes, window: window.description, fold: 0,
                                          generation: -1, outcome: outcome, formula: formula))
            }
            try logged { try log.commitSweep(points: points, trials: trials) }
            finished += indices.count
            clock.add(evaluations: toRun.count, work: Double(indices.count), nanoseconds: DispatchTime.now().uptimeNanoseconds - began)
            let rate = clock.rate
            progress(Progress(done: finished, total: owned.count, evaluationsPerSecond: rate,
                              secondsLeft: rate > 0 ? Double(owned.count - finished) / rate : 0))
        }
    }
}
