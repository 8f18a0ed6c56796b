import Foundation

/// The probability of backtest overfitting by combinatorially symmetric cross-validation
/// (Bailey, Borwein, López de Prado and Zhu, "The Probability of Backtest Overfitting",
/// Journal of Computational Finance 20(4), 2017; working paper 2015).
///
/// The input is a T × N matrix of returns: row t is one period (a month, say), column n one
/// trial (a configuration). The rows are cut into S contiguous blocks of equal length; when
/// S does not divide T, the first T mod S rows are dropped, so that the most recent periods
/// are always kept. For each of the C(S, S/2) ways of choosing half of the blocks, enumerated
/// in lexicographic order, the chosen blocks (in time order) form the in-sample set and the
/// rest the out-of-sample set. In each split the trial with the best in-sample Sharpe ratio
/// n* is "selected"; ω is its relative rank among the N trials out-of-sample, rank/(N + 1)
/// with rank 1 the worst, and λ = ln(ω/(1 − ω)) its logit. The PBO is the share of splits
/// with λ ≤ 0: how often the in-sample winner does no better than the median out-of-sample.
///
/// Performance is the per-period Sharpe ratio, mean / sample standard deviation of the
/// column's rows in the set. A column without deviation in a set (constant returns, or a
/// single row) has no ratio; it ranks as the ratio's limit: +∞ for a positive mean, −∞ for a
/// negative one, 0 for zero. Ties among trials in-sample go to the lowest column index; ties
/// out-of-sample share their mid-rank, so a selection indistinguishable from the rest sits
/// exactly at the median (λ = 0) and counts as overfit.
public struct BacktestOverfitting: Sendable, Equatable {
    /// Why a matrix cannot be cross-validated; rows and columns are zero-based indices into
    /// the matrix as given.
    public enum InputError: Error, Equatable, CustomStringConvertible {
        /// S must be even and at least 2, so that the halves are symmetric.
        case blockCountNotEvenOrTooSmall(Int)
        /// C(S, S/2) grows fast: S above `maximumBlocks` would enumerate more splits than fit
        /// in memory and time.
        case blockCountTooLarge(Int)
        case fewerRowsThanBlocks(rows: Int, blocks: Int)
        /// There must be at least two trials to rank.
        case fewerThanTwoTrials(Int)
        /// Row `row` has `count` entries where the first row has `expected`.
        case raggedRow(row: Int, count: Int, expected: Int)
        case nonFiniteReturn(row: Int, column: Int)

        public var description: String {
            switch self {
            case let .blockCountNotEvenOrTooSmall(s):
                "blocks: need an even number of at least 2, got \(s)"
            case let .blockCountTooLarge(s):
                "blocks: at most \(BacktestOverfitting.maximumBlocks), got \(s)"
            case let .fewerRowsThanBlocks(rows, blocks):
                "returns: \(rows) rows cannot be cut into \(blocks) blocks"
            case let .fewerThanTwoTrials(n):
                "returns: need at least 2 columns (trials) to rank, got \(n)"
            case let .raggedRow(row, count, expected):
                "returns: row \(row) (zero-based) has \(count) columns, the first row has \(expected)"
            case let .nonFiniteReturn(row, column):
                "returns: row \(row), column \(column) (zero-based) is not a finite number"
            }
        }
    }

    /// One in-sample / out-of-sample split and what its in-sample winner did.
    public struct Split: Sendable, Equatable {
        /// The blocks, 0..<S in time order, that form the in-sample set.
        public let inSampleBlocks: [Int]
        /// n*, the column with the best in-sample Sharpe ratio.
        public let selectedTrial: Int
        public let inSampleSharpe: Double
        public let outOfSampleSharpe: Double
        /// ω = rank/(N + 1), rank 1 the worst out-of-sample.
        public let relativeRank: Double
        /// λ = ln(ω/(1 − ω)); ≤ 0 when the selection did no better than the median.
        public let logit: Double
    }

    /// The largest S accepted: C(26, 13) = 10,400,600 splits.
    public static let maximumBlocks = 26

    /// S, the number of blocks.
    public let blocks: Int
    /// N, the number of trials (columns).
    public let trials: Int
    /// Rows actually used, a multiple of S.
    public let rowsUsed: Int
    /// The first T mod S rows, left out so that the blocks are equal.
    public let rowsDropped: Int
    /// Every split in lexicographic order of its in-sample blocks.
    public let splits: [Split]
    /// The PBO: share of splits with λ ≤ 0.
    public let probabilityOfOverfitting: Double
    /// Share of splits in which the in-sample winner's out-of-sample Sharpe ratio is negative.
    public let probabilityOfLoss: Double
    /// Slope of the least-squares line of out-of-sample on in-sample Sharpe ratio over the
    /// splits (the paper's performance degradation); nil when fewer than two splits have
    /// finite ratios or their in-sample ratios do not vary.
    public let degradationSlope: Double?

    /// C(S, S/2), the number of splits.
    public var combinations: Int { splits.count }
    /// λ of every split, in split order.
    public var logits: [Double] { splits.map(\.logit) }
    /// (in-sample, out-of-sample) Sharpe ratio of each split's winner: the performance
    /// degradation scatter.
    public var degradation: [(inSample: Double, outOfSample: Double)] {
        splits.map { ($0.inSampleSharpe, $0.outOfSampleSharpe) }
    }

    /// Cross-validates `returns[t][n]` (rows: periods, columns: trials) with `blocks` = S.
    public init(returns: [[Double]], blocks: Int = 16) throws {
        guard blocks >= 2, blocks % 2 == 0 else { throw InputError.blockCountNotEvenOrTooSmall(blocks) }
        guard blocks <= Self.maximumBlocks else { throw InputError.blockCountTooLarge(blocks) }
        guard returns.count >= blocks else {
            throw InputError.fewerRowsThanBlocks(rows: returns.count, blocks: blocks)
        }
        let trials = returns[0].count
        guard trials >= 2 else { throw InputError.fewerThanTwoTrials(trials) }
        for (t, row) in returns.enumerated() {
            guard row.count == trials else { throw InputError.raggedRow(row: t, count: row.count, expected: trials) }
            if let n = row.firstIndex(where: { !$0.isFinite }) { throw InputError.nonFiniteReturn(row: t, column: n) }
        }

        let dropped = returns.count % blocks
        let summaries = BlockSummaries(returns: returns[dropped...], blocks: blocks, trials: trials)
        var splits: [Split] = []
        splits.reserveCapacity(Self.binomial(blocks, blocks / 2))
        var inSample = Array(0..<(blocks / 2))
        var inSampleSharpe = [Double](repeating: 0, count: trials)
        var outOfSampleSharpe = [Double](repeating: 0, count: trials)
        repeat {
            let isInSample = (0..<blocks).map { inSample.contains($0) }
            for n in 0..<trials {
                (inSampleSharpe[n], outOfSampleSharpe[n]) = summaries.sharpeRatios(of: n, inSample: isInSample)
            }
            var selected = 0
            for n in 1..<trials where inSampleSharpe[n] > inSampleSharpe[selected] { selected = n }
            let achieved = outOfSampleSharpe[selected]
            var below = 0, tied = 0
            for value in outOfSampleSharpe {
                if value < achieved { below += 1 } else if value == achieved { tied += 1 }
            }
            let rank = Double(below) + Double(tied + 1) / 2
            let ω = rank / Double(trials + 1)
            splits.append(Split(
                inSampleBlocks: inSample, selectedTrial: selected, inSampleSharpe: inSampleSharpe[selected],
                outOfSampleSharpe: achieved, relativeRank: ω, logit: log(ω / (1 - ω))
            ))
        } while Self.advance(&inSample, within: blocks)

        let count = Double(splits.count)
        self.blocks = blocks
        self.trials = trials
        rowsUsed = returns.count - dropped
        rowsDropped = dropped
        self.splits = splits
        probabilityOfOverfitting = Double(splits.count(where: { $0.logit <= 0 })) / count
        probabilityOfLoss = Double(splits.count(where: { $0.outOfSampleSharpe < 0 })) / count
        degradationSlope = Self.leastSquaresSlope(splits.map { ($0.inSampleSharpe, $0.outOfSampleSharpe) })
    }

    /// The result in words.
    public var reading: String {
        let share = { (p: Double) in "\(PlainNumber.fixed(100 * p, digits: 0))%" }
        let verdict = probabilityOfOverfitting >= 0.5
            ? "the in-sample ranking carries no information about out-of-sample performance"
            : probabilityOfOverfitting >= 0.1
                ? "the in-sample winner is often a product of luck"
                : "the in-sample winner usually stays above the median out-of-sample"
        return "probability of backtest overfitting \(PlainNumber.fixed(probabilityOfOverfitting, digits: 2)):"
            + " in \(share(probabilityOfOverfitting)) of the \(PlainNumber.grouped(combinations)) ways of splitting"
            + " \(PlainNumber.grouped(rowsUsed)) periods (\(blocks) blocks) into in-sample and out-of-sample halves,"
            + " the best of \(PlainNumber.grouped(trials)) trials in-sample ranked at or below the median out-of-sample,"
            + " and it lost money out-of-sample in \(share(probabilityOfLoss)); \(verdict)"
    }

    /// Moves `combination` (increasing indices below `n`) to its lexicographic successor;
    /// false after the last one.
    static func advance(_ combination: inout [Int], within n: Int) -> Bool {
        let k = combination.count
        var i = k - 1
        while i >= 0, combination[i] == n - k + i { i -= 1 }
        guard i >= 0 else { return false }
        combination[i] += 1
        for j in (i + 1)..<k { combination[j] = combination[j - 1] + 1 }
        return true
    }

    static func binomial(_ n: Int, _ k: Int) -> Int {
        (0..<k).reduce(1) { result, i in result * (n - i) / (i + 1) }
    }

    static func leastSquaresSlope(_ pairs: [(Double, Double)]) -> Double? {
        let finite = pairs.filter { $0.0.isFinite && $0.1.isFinite }
        guard finite.count >= 2 else { return nil }
        let n = Double(finite.count)
        let meanX = finite.reduce(0) { $0 + $1.0 } / n
        let meanY = finite.reduce(0) { $0 + $1.1 } / n
        var sxx = 0.0, sxy = 0.0
        for (x, y) in finite {
            sxx += (x - meanX) * (x - meanX)
            sxy += (x - meanX) * (y - meanY)
        }
        return sxx > 0 ? sxy / sxx : nil
    }
}

/// Per column and per block: mean, sum of squared deviations, extremes. Any union of whole
/// blocks then has its Sharpe ratio without revisiting the rows.
private struct BlockSummaries {
    let blocks: Int
    let blockLength: Int
    /// Indexed [column * blocks + block]: a column's blocks side by side, as each split reads them.
    private var means: [Double]
    private var squaredDeviations: [Double]
    private var minima: [Double]
    private var maxima: [Double]

    init(returns: ArraySlice<[Double]>, blocks: Int, trials: Int) {
        self.blocks = blocks
        blockLength = returns.count / blocks
        let size = blocks * trials
        means = [Double](repeating: 0, count: size)
        squaredDeviations = means
        minima = [Double](repeating: .infinity, count: size)
        maxima = [Double](repeating: -.infinity, count: size)
        let rows = Array(returns)
        for b in 0..<blocks {
            let block = rows[(b * blockLength)..<((b + 1) * blockLength)]
            for n in 0..<trials {
                let i = n * blocks + b
                var sum = 0.0
                for row in block {
                    sum += row[n]
                    minima[i] = min(minima[i], row[n])
                    maxima[i] = max(maxima[i], row[n])
                }
                let mean = sum / Double(blockLength)
                var m2 = 0.0
                for row in block { m2 += (row[n] - mean) * (row[n] - mean) }
                means[i] = mean
                squaredDeviations[i] = m2
            }
        }
    }

    /// Column `n`'s Sharpe ratios over the blocks marked in-sample and over the others (each
    /// half of the blocks).
    func sharpeRatios(of n: Int, inSample: [Bool]) -> (inSample: Double, outOfSample: Double) {
        let base = n * blocks
        var sum = (inSample: 0.0, outOfSample: 0.0)
        var low = (inSample: Double.infinity, outOfSample: Double.infinity)
        var high = (inSample: -Double.infinity, outOfSample: -Double.infinity)
        for b in 0..<blocks {
            let i = base + b
            if inSample[b] {
                sum.inSample += means[i]
                low.inSample = min(low.inSample, minima[i])
                high.inSample = max(high.inSample, maxima[i])
            } else {
                sum.outOfSample += means[i]
                low.outOfSample = min(low.outOfSample, minima[i])
                high.outOfSample = max(high.outOfSample, maxima[i])
            }
        }
        let half = Double(blocks / 2)
        let mean = (inSample: sum.inSample / half, outOfSample: sum.outOfSample / half)
        // Equal block lengths: a union's sum of squares is its blocks' own plus their means'
        // spread around the union's mean (Chan, Golub and LeVeque's pairwise update).
        var m2 = (inSample: 0.0, outOfSample: 0.0)
        for b in 0..<blocks {
            let i = base + b
            if inSample[b] {
                let shift = means[i] - mean.inSample
                m2.inSample += squaredDeviations[i] + Double(blockLength) * shift * shift
            } else {
                let shift = means[i] - mean.outOfSample
                m2.outOfSample += squaredDeviations[i] + Double(blockLength) * shift * shift
            }
        }
        let count = blocks / 2 * blockLength
        return (
            Self.sharpeRatio(mean: mean.inSample, squaredDeviations: m2.inSample, count: count,
                             constant: low.inSample == high.inSample),
            Self.sharpeRatio(mean: mean.outOfSample, squaredDeviations: m2.outOfSample, count: count,
                             constant: low.outOfSample == high.outOfSample)
        )
    }

    /// Mean / sample standard deviation; the limit (±∞ or 0) when there is no deviation.
    private static func sharpeRatio(mean: Double, squaredDeviations: Double, count: Int, constant: Bool) -> Double {
        let deviation = count > 1 ? (squaredDeviations / Double(count - 1)).squareRoot() : 0
        guard !constant, deviation > 0 else {
            return mean > 0 ? .infinity : (mean < 0 ? -.infinity : 0)
        }
        return mean / deviation
    }
}
