import Foundation
import Testing
@testable import Optimize

@Suite struct BacktestOverfittingTests {
    /// A T × N matrix of iid normal returns (mean `drift`, deviation `volatility`), with
    /// `edge` added to column 0.
    static func simulated(rows: Int, columns: Int, seed: UInt64, edge: Double = 0) -> [[Double]] {
        var normals = SeededNormals(seed: seed)
        return (0..<rows).map { _ in
            (0..<columns).map { n in 0.04 * normals.next() + (n == 0 ? edge : 0) }
        }
    }

    /// A deterministic matrix in exact decimal steps, the same in Swift and in Python.
    static func patterned(rows: Int, columns: Int) -> [[Double]] {
        (0..<rows).map { t in
            (0..<columns).map { n -> Double in
                let step: Int = ((t * 37 + n * 101) * (n + 3)) % 29 - 14
                return Double(step) / 1000 + Double(n) / 5000
            }
        }
    }

    /// Pure noise: in-sample winners are lucky, and out-of-sample they are as likely below the
    /// median as above it; the paper's PBO for such searches is near one half or higher.
    @Test func pureNoiseIsMostlyOverfit() throws {
        let result = try BacktestOverfitting(returns: Self.simulated(rows: 120, columns: 200, seed: 9))
        #expect(result.combinations == 12870)
        #expect(result.probabilityOfOverfitting > 0.3, "PBO \(result.probabilityOfOverfitting)")
        #expect(result.logits.allSatisfy { $0.isFinite })
        // The lucky winner's in-sample Sharpe ratio is high; out-of-sample it averages zero.
        let meanOutOfSample = result.splits.map(\.outOfSampleSharpe).reduce(0, +) / Double(result.combinations)
        let meanInSample = result.splits.map(\.inSampleSharpe).reduce(0, +) / Double(result.combinations)
        #expect(meanInSample > 0.3)
        #expect(abs(meanOutOfSample) < 0.15)
    }

    /// One column earns 0.05 a month at 0.04 deviation (a per-period Sharpe ratio of 1.25);
    /// the others earn nothing. It wins in-sample and stays on top out-of-sample.
    @Test func aRealEdgeIsNotOverfit() throws {
        let result = try BacktestOverfitting(returns: Self.simulated(rows: 120, columns: 50, seed: 17, edge: 0.05))
        #expect(result.probabilityOfOverfitting < 0.1, "PBO \(result.probabilityOfOverfitting)")
        #expect(result.splits.allSatisfy { $0.selectedTrial == 0 })
        #expect(result.probabilityOfLoss == 0)
    }

    /// Independent reference: a brute-force CSCV in Python/numpy that stacks each split's rows
    /// and takes numpy's mean and std(ddof=1) directly, with the same rules (first T mod S rows
    /// dropped, lowest index wins in-sample ties, mid-rank out-of-sample). On this 43 × 5 matrix
    /// with S = 8 it finds PBO = 58/70, these selections and ranks, and an out-of-sample loss
    /// in 45/70 splits plus split 24, whose winner's out-of-sample mean is zero in exact
    /// arithmetic (numpy: Sharpe ratio −2.5e-17, rounding on either side of 0).
    @Test func matchesAnIndependentBruteForceComputation() throws {
        let result = try BacktestOverfitting(returns: Self.patterned(rows: 43, columns: 5), blocks: 8)
        #expect(result.combinations == 70)
        #expect(result.rowsDropped == 3)
        #expect(result.rowsUsed == 40)
        #expect(result.probabilityOfOverfitting == 58.0 / 70)
        #expect(result.probabilityOfLoss == 45.0 / 70 || result.probabilityOfLoss == 46.0 / 70)
        #expect(abs(result.splits[24].outOfSampleSharpe) < 1e-15)
        #expect(result.splits.enumerated().filter { $0.offset != 24 && $0.element.outOfSampleSharpe < 0 }.count == 45)
        let selected = [
            3, 4, 3, 3, 4, 3, 3, 3, 3, 4, 3, 4, 3, 4, 3, 3, 2, 3, 3, 2, 3, 4, 2, 2, 3, 2, 0, 0, 2, 0, 3, 2, 4, 3, 3,
            4, 4, 3, 4, 4, 4, 4, 3, 4, 4, 4, 3, 4, 3, 4, 3, 4, 4, 4, 4, 2, 3, 4, 2, 2, 3, 2, 4, 4, 4, 2, 4, 0, 0, 4,
        ]
        let ranks = [
            3, 1, 3, 1, 1, 3, 4, 2, 2, 1, 2, 1, 4, 1, 1, 4, 1, 4, 4, 1, 4, 1, 1, 1, 1, 1, 1, 1, 2, 1, 3, 1, 1, 3, 4,
            1, 4, 3, 1, 1, 1, 1, 4, 1, 1, 1, 4, 1, 4, 1, 3, 1, 1, 1, 1, 1, 4, 1, 1, 1, 3, 1, 1, 1, 3, 1, 1, 1, 1, 1,
        ]
        #expect(result.splits.map(\.selectedTrial) == selected)
        #expect(result.splits.map { Int(($0.relativeRank * 6).rounded()) } == ranks)
        #expect(result.splits.first?.inSampleBlocks == [0, 1, 2, 3])
        #expect(result.splits.last?.inSampleBlocks == [4, 5, 6, 7])
        let first = try #require(result.splits.first)
        let last = try #require(result.splits.last)
        #expect(abs(first.inSampleSharpe - 0.2351518472379575) < 1e-13)
        #expect(abs(first.outOfSampleSharpe - 0.06930635458972614) < 1e-13)
        #expect(abs(last.inSampleSharpe - 0.4198797989891294) < 1e-13)
        #expect(abs(last.outOfSampleSharpe - -0.16520049666711237) < 1e-13)
        #expect(first.logit == 0)
        #expect(abs(last.logit - log(0.2)) < 1e-15)
    }

    /// N = 3, S = 4, two rows a block: each of the C(4, 2) = 6 splits recomputed here from the
    /// rows themselves.
    @Test func smallCaseAgreesWithADirectRecomputation() throws {
        let returns: [[Double]] = [
            [0.010, 0.004, -0.020], [0.030, -0.002, 0.015], [-0.012, 0.021, 0.007], [0.004, 0.009, -0.003],
            [0.022, -0.015, 0.011], [-0.006, 0.012, 0.026], [0.017, 0.001, -0.009], [-0.008, 0.018, 0.013],
        ]
        let result = try BacktestOverfitting(returns: returns, blocks: 4)
        let splits = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
        #expect(result.splits.map(\.inSampleBlocks) == splits)
        func sharpe(_ column: Int, _ blocks: [Int]) -> Double {
            let values = blocks.flatMap { [returns[2 * $0][column], returns[2 * $0 + 1][column]] }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
            return mean / variance.squareRoot()
        }
        var overfit = 0
        for (split, inSample) in zip(result.splits, splits) {
            let outOfSample = (0..<4).filter { !inSample.contains($0) }
            let inSampleSharpes = (0..<3).map { sharpe($0, inSample) }
            let best = inSampleSharpes.indices.max { inSampleSharpes[$0] < inSampleSharpes[$1] }!
            let outOfSampleSharpes = (0..<3).map { sharpe($0, outOfSample) }
            let rank = 1 + outOfSampleSharpes.filter { $0 < outOfSampleSharpes[best] }.count
            #expect(split.selectedTrial == best)
            #expect(abs(split.outOfSampleSharpe - outOfSampleSharpes[best]) < 1e-12)
            #expect(split.relativeRank == Double(rank) / 4)
            if rank <= 2 { overfit += 1 }
        }
        #expect(result.probabilityOfOverfitting == Double(overfit) / 6)
    }

    /// Column 0 earns in the first half and loses in the second, column 1 the reverse: each
    /// half's winner is the other half's loser, so every split is overfit (ω = 1/3).
    @Test func aReversalIsAlwaysOverfitAndADominantColumnNever() throws {
        let reversal: [[Double]] = [[0.02, -0.01], [0.03, -0.02], [-0.01, 0.02], [-0.02, 0.03]]
        let overfit = try BacktestOverfitting(returns: reversal, blocks: 2)
        #expect(overfit.combinations == 2)
        #expect(overfit.probabilityOfOverfitting == 1)
        #expect(overfit.probabilityOfLoss == 1)
        #expect(overfit.logits.allSatisfy { abs($0 - log(0.5)) < 1e-15 })
        #expect(overfit.degradationSlope == nil)

        let dominant: [[Double]] = reversal.map { [$0[0] + 0.05, $0[0]] }
        let honest = try BacktestOverfitting(returns: dominant, blocks: 2)
        #expect(honest.probabilityOfOverfitting == 0)
        #expect(honest.logits.allSatisfy { abs($0 - log(2)) < 1e-15 })
    }

    /// A constant column has no deviation: a positive constant ranks above every finite ratio,
    /// zero ranks as 0, and nothing turns into NaN.
    @Test func columnsWithoutDeviationRankByTheirLimit() throws {
        var returns = Self.simulated(rows: 48, columns: 6, seed: 3)
        for t in returns.indices {
            returns[t][2] = 0.001
            returns[t][4] = 0
        }
        let result = try BacktestOverfitting(returns: returns, blocks: 6)
        #expect(result.splits.allSatisfy { $0.selectedTrial == 2 && $0.inSampleSharpe == .infinity })
        #expect(result.splits.allSatisfy { $0.relativeRank == 6.0 / 7 })
        #expect(result.probabilityOfOverfitting == 0)
        #expect(result.logits.allSatisfy { $0.isFinite })
        #expect(result.degradationSlope == nil)
    }

    /// Identical columns carry no information: the mid-rank puts the selection at the median.
    @Test func indistinguishableTrialsSitAtTheMedian() throws {
        let column = Self.simulated(rows: 16, columns: 1, seed: 5).map { $0[0] }
        let result = try BacktestOverfitting(returns: column.map { [$0, $0, $0] }, blocks: 4)
        #expect(result.splits.allSatisfy { $0.selectedTrial == 0 && $0.relativeRank == 0.5 && $0.logit == 0 })
        #expect(result.probabilityOfOverfitting == 1)
    }

    @Test func onlyTheLastWholeBlocksOfRowsAreUsed() throws {
        let base = Self.patterned(rows: 43, columns: 5)
        var earlyChanged = base
        earlyChanged[0] = [9, -9, 9, -9, 9]
        earlyChanged[2] = [-1, 1, -1, 1, -1]
        var usedChanged = base
        usedChanged[3] = [9, -9, 9, -9, 9]
        let reference = try BacktestOverfitting(returns: base, blocks: 8)
        let withEarlyChange = try BacktestOverfitting(returns: earlyChanged, blocks: 8)
        let withUsedChange = try BacktestOverfitting(returns: usedChanged, blocks: 8)
        #expect(withEarlyChange == reference)
        #expect(withUsedChange != reference)
    }

    @Test func readingStatesTheFigures() throws {
        let result = try BacktestOverfitting(returns: Self.patterned(rows: 43, columns: 5), blocks: 8)
        #expect(result.reading.hasPrefix("probability of backtest overfitting 0.83: in 83% of the 70 ways"))
        #expect(result.reading.contains("40 periods (8 blocks)"))
        #expect(result.reading.contains("the best of 5 trials"))
        #expect(result.reading.contains("lost money out-of-sample in 64%"))
    }

    @Test func badInputsAreNamedErrors() {
        let good = Self.patterned(rows: 20, columns: 3)
        #expect(throws: BacktestOverfitting.InputError.blockCountNotEvenOrTooSmall(5)) {
            try BacktestOverfitting(returns: good, blocks: 5)
        }
        #expect(throws: BacktestOverfitting.InputError.blockCountNotEvenOrTooSmall(0)) {
            try BacktestOverfitting(returns: good, blocks: 0)
        }
        #expect(throws: BacktestOverfitting.InputError.blockCountTooLarge(28)) {
            try BacktestOverfitting(returns: good, blocks: 28)
        }
        #expect(throws: BacktestOverfitting.InputError.fewerRowsThanBlocks(rows: 20, blocks: 22)) {
            try BacktestOverfitting(returns: good, blocks: 22)
        }
        #expect(throws: BacktestOverfitting.InputError.fewerThanTwoTrials(1)) {
            try BacktestOverfitting(returns: good.map { [$0[0]] }, blocks: 4)
        }
        var ragged = good
        ragged[7] = [0.1, 0.2]
        #expect(throws: BacktestOverfitting.InputError.raggedRow(row: 7, count: 2, expected: 3)) {
            try BacktestOverfitting(returns: ragged, blocks: 4)
        }
        var missing = good
        missing[11][2] = .nan
        #expect(throws: BacktestOverfitting.InputError.nonFiniteReturn(row: 11, column: 2)) {
            try BacktestOverfitting(returns: missing, blocks: 4)
        }
        #expect(BacktestOverfitting.InputError.nonFiniteReturn(row: 11, column: 2).description
            == "returns: row 11, column 2 (zero-based) is not a finite number")
    }

    @Test func combinationsAreEnumeratedInLexicographicOrder() {
        var combination = [0, 1, 2]
        var all = [combination]
        while BacktestOverfitting.advance(&combination, within: 5) { all.append(combination) }
        #expect(all.count == 10)
        #expect(all == all.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(all.last == [2, 3, 4])
        #expect(BacktestOverfitting.binomial(16, 8) == 12870)
    }
}
