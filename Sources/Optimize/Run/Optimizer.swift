import Dispatch
import Foundation
import Strategy

/// The genetic search, fold by fold, logged generation by generation.
///
/// Fold 0 searches the whole window; with walk-forward, each fold then searches its training
/// window and its best configuration is evaluated on the test window that follows. Every
/// configuration is evaluated once per window: a configuration met again (an elite, a child
/// equal to a parent, a resumed run) is read back from the trial log.
public struct Optimizer: Sendable {
    public var space: SearchSpace
    public var algorithm: GeneticAlgorithm
    /// The configuration the genes are applied to (its point is generation 0's first member).
    public var base: StrategyConfig
    public var window: EvaluationWindow
    public var walkForward: WalkForward?
    /// Generations per walk-forward fold (fold 0 runs ``GeneticAlgorithm/generations``).
    public var foldGenerations: Int?
    public var formula: FitnessFormula

    public init(space: SearchSpace, algorithm: GeneticAlgorithm, base: StrategyConfig, window: EvaluationWindow,
                walkForward: WalkForward? = nil, foldGenerations: Int? = nil, formula: FitnessFormula = FitnessFormula()) {
        self.space = space
        self.algorithm = algorithm
        self.base = base
        self.window = window
        self.walkForward = walkForward
        self.foldGenerations = foldGenerations
        self.formula = formula
    }

    /// The study's identity in the log: a resumed run must match it key for key.
    public var settings: [String: String] {
        [
            "kind": "optimize",
            "seed": "\(algorithm.seed)",
            "population": "\(algorithm.population)",
            "generations": "\(algorithm.generations)",
            "fold_generations": "\(foldGenerations ?? algorithm.generations)",
            "elites": "\(algorithm.elites)",
            "window": window.description,
            "walk_forward": walkForward?.description ?? "none",
            "space": space.parameterSpaceJSON,
            "base_config_hash": ConfigurationHash.of(base),
        ]
    }

    /// The folds: 0 over the whole window, then the walk-forward folds.
    public var folds: [(number: Int, train: EvaluationWindow, test: EvaluationWindow?, generations: Int)] {
        var list: [(number: Int, train: EvaluationWindow, test: EvaluationWindow?, generations: Int)] =
            [(0, window, nil, algorithm.generations)]
        for fold in walkForward?.folds(in: window) ?? [] {
            list.append((fold.number, fold.train, fold.test, foldGenerations ?? algorithm.generations))
        }
        return list
    }

    /// What the run reports as it goes.
    public struct Progress: Sendable {
        public var fold: Int
        public var folds: Int
        public var generation: Int
        public var generations: Int
        public var best: TrialScore
        public var newTrials: Int
        /// Evaluations per second over this process's generations so far.
        public var evaluationsPerSecond: Double
        /// Estimated seconds left for the whole run at that rate.
        public var secondsLeft: Double
        public var resumed: Bool
    }

    /// Runs (or resumes) every fold to its last generation, committing each generation to `log`.
    public func run(log: TrialLog, evaluator: any TrialEvaluator,
                    progress: (Progress) -> Void = { _ in }) throws(OptimizeError) {
        do {
            try log.establish(settings)
        } catch {
            throw .log(error)
        }
        let folds = self.folds
        // Work is counted in configuration-years: a generation of a 5-year fold costs a quarter
        // of one over 20 years.
        func years(_ window: EvaluationWindow) -> Double { max(Double(window.last.daysSinceEpoch - window.first.daysSinceEpoch) / 365.25, 1 / 252) }
        var workLeft = folds.reduce(0.0) { $0 + Double($1.generations * algorithm.population) * years($1.train) }
        var clock = RateClock()
        for fold in folds {
            let last = try logged { try log.lastGeneration(fold: fold.number) }
            var generation: Int
            var members: [[Double]]
            // The scores the next generation is bred from: carried from the generation just
            // evaluated, or read back by the logged members' hashes when resuming.
            var memberScores: [TrialScore] = []
            var resumed = false
            if let last, last.generation >= 0 {
                generation = last.generation
                members = last.members.map { $0.point }
                let known = try logged { try log.trials(hashes: Set(last.members.map { $0.hash }), window: fold.train.description) }
                memberScores = last.members.map { known[$0.hash]?.score ?? .failure }
                resumed = true
                workLeft -= Double((last.generation + 1) * algorithm.population) * years(fold.train)
            } else {
                generation = -1
                members = []
            }
            while generation + 1 < fold.generations {
                let points = generation < 0
                    ? algorithm.firstGeneration(start: space.point(of: base), fold: fold.number)
                    : algorithm.nextGeneration(after: generation, fold: fold.number, members: members,
                                               scores: memberScores)
                generation += 1
                let started = DispatchTime.now().uptimeNanoseconds
                let (record, scores, evaluated) = try evaluateGeneration(points, fold: fold.number, generation: generation,
                                                                         window: fold.train, log: log, evaluator: evaluator)
                try logged { try log.commit(record) }
                members = points
                memberScores = scores
                workLeft -= Double(algorithm.population) * years(fold.train)
                clock.add(evaluations: evaluated, work: Double(algorithm.population) * years(fold.train),
                          nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
                progress(Progress(fold: fold.number, folds: folds.count, generation: generation,
                                  generations: fold.generations, best: record.bestScore, newTrials: evaluated,
                                  evaluationsPerSecond: clock.rate,
                                  secondsLeft: clock.secondsPerWork * workLeft, resumed: resumed))
                resumed = false
            }
            if let test = fold.test {
                let best = try bestTrial(window: fold.train, log: log)
                if let config = best?.configuration {
                    let known = try logged { try log.trials(hashes: [ConfigurationHash.of(config)], window: test.description) }
                    if known.isEmpty {
                        let outcome = evaluator.evaluate([config], window: test)[0]
                        let record = TrialRecord(config: config, genes: space.values(at: space.point(of: config)),
                                                 window: test.description, fold: fold.number, generation: -1,
                                                 outcome: outcome, formula: formula)
                        try logged { try log.commitSweep(points: [], trials: [record]) }
                    }
                    try logged { try log.recordFold(fold.number, train: fold.train.description, test: test.description,
                                                    bestHash: ConfigurationHash.of(config)) }
                }
            }
        }
    }

    /// The best trial logged over `window` (score, then hash for a deterministic tie).
    public func bestTrial(window: EvaluationWindow, log: TrialLog) throws(OptimizeError) -> TrialRecord? {
        try logged { try log.allTrials(window: window.description) }.max { a, b in
            a.score != b.score ? a.score < b.score : a.configHash > b.configHash
        }
    }

    // MARK: One generation

    private func evaluateGeneration(_ points: [[Double]], fold: Int, generation: Int, window: EvaluationWindow,
                                    log: TrialLog, evaluator: any TrialEvaluator) throws(OptimizeError)
        -> (TrialLog.GenerationRecord, [TrialScore], Int) {
        // Each member's configuration, or why it has none.
        let configs: [Result<StrategyConfig, TrialFailure>] = points.map { point in
            do {
                return .success(try space.configuration(at: point, base: base))
            } catch {
                return .failure(TrialFailure("\(error)"))
            }
        }
        let hashes = zip(points, configs).map { point, config -> String in
            switch config {
            case .success(let config): ConfigurationHash.of(config)
            case .failure: ConfigurationHash.invalidPoint(point)
            }
        }
        var known = try logged { try log.trials(hashes: Set(hashes), window: window.description) }
        var newTrials: [TrialRecord] = []
        var toRun: [(hash: String, config: StrategyConfig, genes: [String: Double])] = []
        for (index, config) in configs.enumerated() where known[hashes[index]] == nil {
            guard !newTrials.contains(where: { $0.configHash == hashes[index] }),
                  !toRun.contains(where: { $0.hash == hashes[index] }) else { continue }
            switch config {
            case .success(let config):
                toRun.append((hashes[index], config, space.values(at: points[index])))
            case .failure(let failure):
                var record = TrialRecord(config: base, genes: space.values(at: points[index]), window: window.description,
                                         fold: fold, generation: generation, outcome: .failure(failure), formula: formula)
                record.configHash = hashes[index]
                newTrials.append(record)
            }
        }
        let outcomes = evaluator.evaluate(toRun.map(\.config), window: window)
        for (run, outcome) in zip(toRun, outcomes) {
            newTrials.append(TrialRecord(config: run.config, genes: run.genes, window: window.description, fold: fold,
                                         generation: generation, outcome: outcome, formula: formula))
        }
        for trial in newTrials { known[trial.configHash] = trial }
        let scores = hashes.map { known[$0]?.score ?? .failure }
        var bestIndex = 0
        for index in scores.indices where scores[bestIndex] < scores[index] { bestIndex = index }
        let finished = scores.filter { !$0.failed }
        let record = TrialLog.GenerationRecord(
            fold: fold, generation: generation, members: zip(hashes, points).map { ($0, $1) },
            bestHash: hashes[bestIndex], bestScore: scores[bestIndex],
            meanFitness: finished.isEmpty ? -.infinity : finished.reduce(0) { $0 + $1.fitness } / Double(finished.count),
            feasible: scores.filter { $0.isFeasible }.count, newTrials: newTrials.sorted { $0.configHash < $1.configHash })
        return (record, scores, toRun.count)
    }
}

/// Why an optimization stopped.
public enum OptimizeError: Error, Sendable, CustomStringConvertible {
    case log(TrialLogError)
    case invalid(String)

    public var description: String {
        switch self {
        case .log(let error): return "\(error)"
        case .invalid(let reason): return reason
        }
    }
}

func logged<T>(_ body: () throws -> T) throws(OptimizeError) -> T {
    do {
        return try body()
    } catch let error as TrialLogError {
        throw .log(error)
    } catch {
        throw .invalid("\(error)")
    }
}

/// Evaluations per second, and seconds per unit of work (configuration-years asked for,
/// evaluated or found in the log), over what was timed so far.
struct RateClock {
    private var evaluations = 0
    private var nanoseconds: UInt64 = 0
    private var work = 0.0

    mutating func add(evaluations: Int, work: Double, nanoseconds: UInt64) {
        self.evaluations += evaluations
        self.nanoseconds += nanoseconds
        self.work += work
    }

    var rate: Double { nanoseconds > 0 ? Double(evaluations) / (Double(nanoseconds) * 1e-9) : 0 }
    var secondsPerWork: Double { work > 0 ? Double(nanoseconds) * 1e-9 / work : 0 }
}

/// 64-bit FNV-1a of text: a stable name for a point that has no configuration.
enum FNV1a {
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
