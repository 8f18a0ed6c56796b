import Backtest
import Foundation

/// What a search keeps of one backtest: the figures fitness is made of, each gate's outcome
/// and the monthly returns (the rows of the trial-by-month matrix that PBO reads).
public struct TrialMetrics: Sendable, Hashable, Codable {
    /// One quality gate's outcome.
    public struct Gate: Sendable, Hashable, Codable {
        public var name: String
        /// `PASS`, `FAIL` or `N/A`.
        public var outcome: String
        /// The run's figure; nil when it could not be measured.
        public var value: Double?

        public init(name: String, outcome: String, value: Double?) {
            self.name = name
            self.outcome = outcome
            self.value = value
        }

        public var passed: Bool { outcome == GateOutcome.pass.label }
        /// Failed on a measured figure (a gate without a figure, e.g. a crisis the window does
        /// not cover, is not held against the configuration).
        public var brokenOnAFigure: Bool { outcome == GateOutcome.fail.label && value != nil }
    }

    public var finalEquity: Double
    /// Compound annual growth, fraction.
    public var cagr: Double?
    /// Annualized Sharpe ratio of daily excess returns.
    public var sharpe: Double?
    /// Deepest drawdown, fraction (negative or zero).
    public var maxDrawdown: Double?
    /// Win rate of closed core butterflies.
    public var winRate: Double?
    /// Share of calendar months whose income was zero or more.
    public var incomeStability: Double?
    /// Mean monthly income, dollars.
    public var monthlyIncome: Double?
    public var fills: Int
    public var gates: [Gate]
    /// Each calendar month's return on its starting equity, fraction, oldest first.
    public var monthlyReturns: [Double]
    /// Each month's return less the T-bill's over the month (what cash alone earned).
    public var monthlyExcessReturns: [Double]
    /// The months of ``monthlyReturns`` as `yyyy-mm`.
    public var months: [String]

    public init(finalEquity: Double, cagr: Double?, sharpe: Double?, maxDrawdown: Double?, winRate: Double?,
                incomeStability: Double?, monthlyIncome: Double?, fills: Int, gates: [Gate],
                monthlyReturns: [Double], monthlyExcessReturns: [Double]? = nil, months: [String]) {
        self.finalEquity = finalEquity
        self.cagr = cagr
        self.sharpe = sharpe
        self.maxDrawdown = maxDrawdown
        self.winRate = winRate
        self.incomeStability = incomeStability
        self.monthlyIncome = monthlyIncome
        self.fills = fills
        self.gates = gates
        self.monthlyReturns = monthlyReturns
        self.monthlyExcessReturns = monthlyExcessReturns ?? monthlyReturns
        self.months = months
    }

    /// The figures of a workbench evaluation.
    public init(_ evaluation: Evaluation) {
        let metrics = evaluation.metrics
        let monthly = evaluation.monthly
        self.init(finalEquity: metrics.finalEquity, cagr: metrics.cagr, sharpe: metrics.sharpe,
                  maxDrawdown: metrics.maxDrawdown?.depth, winRate: metrics.winRate.rate(.core),
                  incomeStability: monthly.isEmpty ? nil
                      : Double(monthly.filter { $0.income >= 0 }.count) / Double(monthly.count),
                  monthlyIncome: metrics.monthlyIncome?.mean, fills: metrics.fills,
                  gates: evaluation.gates.map { Gate(name: $0.name, outcome: $0.outcome.label, value: $0.value) },
                  monthlyReturns: evaluation.monthlyReturns, monthlyExcessReturns: evaluation.monthlyExcessReturns,
                  months: monthly.map { String(format: "%04d-%02d", $0.year, $0.month) })
    }

    /// The gate named `name`.
    public func gate(_ name: String) -> Gate? { gates.first { $0.name == name } }

    /// The Sharpe ratio of the monthly excess returns (mean over sample deviation, not
    /// annualized); nil with fewer than two months or no deviation.
    public var monthlySharpe: Double? {
        let n = Double(monthlyExcessReturns.count)
        guard n >= 2 else { return nil }
        let mean = monthlyExcessReturns.reduce(0, +) / n
        let variance = monthlyExcessReturns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        guard variance > 0 else { return nil }
        return mean / variance.squareRoot()
    }
}
