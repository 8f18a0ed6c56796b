import Foundation
import Market
import GRDB
import Strategy
import Testing
@testable import Optimize

/// Whole searches on the synthetic evaluator: determinism, resume, caching, analysis files.
@Suite struct OptimizerTests {
    static let window = EvaluationWindow(first: TradingDate(year: 2010, month: 1, day: 4)!,
                                         last: TradingDate(year: 2013, month: 12, day: 31)!)

    func optimizer(seed: UInt64 = 7, generations: Int = 6) -> Optimizer {
        Optimizer(space: .plan, algorithm: GeneticAlgorithm(population: 12, generations: generations, seed: seed),
                  base: .default, window: Self.window)
    }

    func scratch(_ name: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("optimize-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    /// Every table's rows, in key order, as text.
    func dump(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            var lines: [String] = []
            for (table, order) in [("study", "key"), ("trial", "config_hash, window"), ("member", "fold, generation, slot"),
                                   ("generation", "fold, generation"), ("fold", "fold"), ("sweep_point", "point_index")] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)") {
                    lines.append(table + ": " + row.columnNames.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: "|"))
                }
            }
            return lines
        }
    }

    func run(_ optimizer: Optimizer, db: String, evaluator: SyntheticEvaluator = SyntheticEvaluator()) throws -> [(String, String)] {
        let log = try TrialLog(path: db)
        try optimizer.run(log: log, evaluator: evaluator)
        let analysis = try OptimizationAnalysis.make(optimizer: optimizer, log: log, evaluator: evaluator)
        return analysis.files.map { ($0.name, $0.text) }
    }

    @Test func theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws {
        let a = try run(optimizer(), db: scratch("a.sqlite"))
        let b = try run(optimizer(), db: scratch("b.sqlite"))
        #expect(a.map { $0.0 } == b.map { $0.0 })
        for (x, y) in zip(a, b) { #expect(x.1 == y.1, "\(x.0) differs between two runs with the same seed") }
                let c = try run(optimizer(seed: 8), db: scratch("c.sqlite"))
        #expect(a.first { $0.0 == "generations.csv" }?.1 != c.first { $0.0 == "generations.csv" }?.1)
    }

    @Test func aResumedRunEqualsTheUninterruptedOne() throws {
        let whole = scratch("whole.sqlite")
        let files = try run(optimizer(), db: whole)
        // A kill leaves the log at the end of a committed generation: take the first three.
        for lastKept in [0, 2, 4] {
            let cut = scratch("cut-\(lastKept).sqlite")
            try FileManager.default.copyItem(atPath: whole, toPath: cut)
            let queue = try DatabaseQueue(path: cut)
            try queue.write { db in
                try db.execute(sql: "DELETE FROM trial WHERE generation > ? OR generation < 0", arguments: [lastKept])
                try db.execute(sql: "DELETE FROM member WHERE generation > ?", arguments: [lastKept])
                try db.execute(sql: "DELETE FROM generation WHERE generation > ?", arguments: [lastKept])
                try db.execute(sql: "DELETE FROM fold")
            }
            try queue.close()
            let evaluator = SyntheticEvaluator()
            let resumed = try run(optimizer(), db: cut, evaluator: evaluator)
            #expect(!evaluator.calls.all.isEmpty)
            for (x, y) in zip(files, resumed) { #expect(x.1 == y.1, "\(x.0) after resuming from generation \(lastKept)") }
            #expect(try dump(cut) == dump(whole), "the resumed log differs from the uninterrupted one (kept \(lastKept))")
        }
    }

    @Test func aResumeWithOtherSettingsIsRefusedByName() throws {
        let db = scratch("settings.sqlite")
        _ = try run(optimizer(generations: 2), db: db)
        #expect { try optimizer(seed: 99, generations: 2).run(log: TrialLog(path: db), evaluator: SyntheticEvaluator()) } throws: { error in
            "\(error)".contains("seed")
        }
    }

    @Test func eachConfigurationIsEvaluatedOncePerWindow() throws {
        let evaluator = SyntheticEvaluator()
        let cachePath = scratch("cache.sqlite")
        _ = try run(optimizer(), db: cachePath, evaluator: evaluator)
        let calls = evaluator.calls.all
        // The search's calls (validation runs are over other windows and come last).
        let log = try TrialLog(path: cachePath)
        let trials = try log.allTrials(window: Self.window.description)
        #expect(Set(calls).count <= calls.count)
        #expect(trials.count == Set(trials.map(\.configHash)).count)
        let searchCalls = calls.prefix(trials.count)
        #expect(Set(searchCalls).count == searchCalls.count, "a configuration was evaluated twice over the search window")
    }

    @Test func theSearchFindsTheSyntheticPeakAndKeepsTheGate() throws {
        let db = scratch("peak.sqlite")
        let optimizer = Optimizer(space: .plan, algorithm: GeneticAlgorithm(population: 24, generations: 15, seed: 1),
                                  base: .default, window: Self.window)
        let log = try TrialLog(path: db)
        let evaluator = SyntheticEvaluator()
        try optimizer.run(log: log, evaluator: evaluator)
        let analysis = try OptimizationAnalysis.make(optimizer: optimizer, log: log, evaluator: evaluator)
        let best = try #require(analysis.best.configuration)
        #expect(abs(best.core.bwbDelta - 0.18) < 0.03, "best delta \(best.core.bwbDelta)")
        #expect(best.core.narrowWing <= 70, "the best breaks the drawdown gate")
        #expect(analysis.best.score.isFeasible)
        #expect(analysis.candidates.count == 10)
        // The ten are distinct strategies; configurations with the same results are counted once.
        let outcomes = Set(analysis.candidates.map { "\($0.trial.fitness)|\($0.trial.monthlyReturns)" })
        #expect(outcomes.count == 10)
        #expect(analysis.candidates.contains { $0.equivalents > 1 })
        #expect(analysis.distinctOutcomes < analysis.trials.count)
        #expect(analysis.pareto.count >= 1)
        #expect(analysis.overfitting != nil && analysis.deflatedSharpe != nil)
        let generations = analysis.generations.map { $0.bestFitness }
        for (earlier, later) in zip(generations, generations.dropFirst()) { #expect(later >= earlier, "elitism lost the best") }
    }

    @Test func walkForwardTestsEachFoldsBestOnTheYearAfter() throws {
        let optimizer = Optimizer(space: .plan, algorithm: GeneticAlgorithm(population: 8, generations: 2, seed: 5),
                                  base: .default, window: Self.window, walkForward: WalkForward("2y/1y"), foldGenerations: 2)
        let log = try TrialLog(path: scratch("walk.sqlite"))
        let evaluator = SyntheticEvaluator()
        try optimizer.run(log: log, evaluator: evaluator)
        let analysis = try OptimizationAnalysis.make(optimizer: optimizer, log: log, evaluator: evaluator)
        #expect(analysis.folds.map { $0.test.description } == ["2012-01-01..2012-12-31", "2013-01-01..2013-12-31"])
        for fold in analysis.folds {
            #expect(fold.inSample.window == fold.train.description)
            #expect(fold.outOfSample.window == fold.test.description)
            #expect(fold.inSample.configHash == fold.outOfSample.configHash)
        }
        #expect(analysis.outOfSampleEquity != nil)
        #expect(analysis.candidates.allSatisfy { $0.foldRuns.count == 2 })
    }
}
