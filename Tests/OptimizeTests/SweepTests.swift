import Foundation
import Strategy
import Testing
@testable import Optimize

@Suite struct SweepTests {
    func scratch(_ name: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    /// Three of the plan's genes: a grid of 30 samples is then 3 x 3 x 3.
    static let small = SearchSpace(genes: SearchSpace.plan.genes.filter {
        ["core.bwbDelta", "core.narrowWing", "hedge.hedgeRatio"].contains($0.key)
    })

    func sweep(_ design: SweepDesign, samples: Int = 23, space: SearchSpace = .plan) -> Sweep {
        Sweep(space: space, design: design, samples: samples, seed: 11, base: .default, window: OptimizerTests.window)
    }

    @Test(arguments: SweepDesign.allCases)
    func mergedShardsEqualTheUnshardedSweepRowForRow(design: SweepDesign) throws {
        let whole = try TrialLog(path: scratch("whole-\(design).sqlite"))
        try sweep(design, samples: design == .grid ? 30 : 23, space: Self.small).run(shard: .whole, log: whole, evaluator: SyntheticEvaluator())
        var shardPaths: [String] = []
        for k in 1...3 {
            let path = scratch("shard-\(design)-\(k).sqlite")
            try sweep(design, samples: design == .grid ? 30 : 23, space: Self.small)
                .run(shard: Shard(index: k, count: 3), log: TrialLog(path: path), evaluator: SyntheticEvaluator())
            shardPaths.append(path)
        }
        let merged = try TrialLog(path: scratch("merged-\(design).sqlite"))
        try merged.merge(shardPaths.reversed())
        let expected = try whole.sweepRows()
        #expect(expected.count == (design == .grid ? 27 : 23))
        #expect(try merged.sweepRows() == expected)
    }

    @Test func eachShardTakesItsOwnPointsAndAResumedShardSkipsWhatIsLogged() throws {
        let path = scratch("resume.sqlite")
        let evaluator = SyntheticEvaluator()
        try sweep(.sobol).run(shard: Shard(index: 2, count: 4), log: TrialLog(path: path), evaluator: evaluator)
        #expect(try TrialLog(path: path).sweepIndices() == Set([1, 5, 9, 13, 17, 21]))
        let again = SyntheticEvaluator()
        try sweep(.sobol).run(shard: Shard(index: 2, count: 4), log: TrialLog(path: path), evaluator: again)
        #expect(again.calls.all.isEmpty)
    }

    @Test func shardsOfDifferentSweepsDoNotMerge() throws {
        let a = scratch("a.sqlite"), b = scratch("b.sqlite")
        try sweep(.sobol).run(shard: Shard(index: 1, count: 2), log: TrialLog(path: a), evaluator: SyntheticEvaluator())
        try sweep(.random).run(shard: Shard(index: 2, count: 2), log: TrialLog(path: b), evaluator: SyntheticEvaluator())
        #expect { try TrialLog(path: scratch("ab.sqlite")).merge([a, b]) } throws: { "\($0)".contains("design") }
    }

    @Test func designsFillTheCubeDeterministically() throws {
        let first = try SweepDesign.sobol.point(0, samples: 4, dimensions: 12, seed: 1)
        #expect(first.allSatisfy { $0 == 0.5 }, "the Sobol design starts at the centre (the corner 0 is skipped)")
        #expect(try SweepDesign.random.point(5, samples: 9, dimensions: 3, seed: 4) == SweepDesign.random.point(5, samples: 9, dimensions: 3, seed: 4))
        #expect(try SweepDesign.random.point(5, samples: 9, dimensions: 3, seed: 4) != SweepDesign.random.point(5, samples: 9, dimensions: 3, seed: 5))
        #expect(SweepDesign.grid.count(samples: 4096, dimensions: 12) == 4096)
        #expect(SweepDesign.grid.count(samples: 4095, dimensions: 12) == 1)
        #expect(try SweepDesign.grid.point(4095, samples: 4096, dimensions: 12, seed: 0).allSatisfy { $0 == 0.75 })
        #expect(Shard("0/3") == nil && Shard("4/3") == nil && Shard("3/3") == Shard(index: 3, count: 3))
    }
}
