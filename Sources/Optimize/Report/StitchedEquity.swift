import Foundation

/// An equity curve compounded from monthly returns: how the walk-forward test years are
/// stitched into one out-of-sample record, and the in-sample record set beside it.
public struct StitchedEquity: Sendable, Hashable {
    /// `yyyy-mm` of each point's month.
    public var months: [String]
    /// Equity at each month's end, dollars.
    public var equity: [Double]
    public var initialEquity: Double

    public init(months: [String], returns: [Double], initialEquity: Double) {
        self.months = months
        self.initialEquity = initialEquity
        var value = initialEquity
        equity = returns.map { value *= 1 + $0; return value }
        monthlyReturns = returns
    }

    public var monthlyReturns: [Double]

    /// Compound annual growth over the months, fraction; nil without months.
    public var cagr: Double? {
        guard let last = equity.last, !equity.isEmpty, last > 0 else { return nil }
        return pow(last / initialEquity, 12 / Double(equity.count)) - 1
    }

    /// Annualized Sharpe ratio of the monthly returns (mean / deviation x sqrt 12, no risk-free
    /// rate: the months hold interest already); nil with fewer than two months or no deviation.
    public var annualizedSharpe: Double? {
        let n = Double(monthlyReturns.count)
        guard n >= 2 else { return nil }
        let mean = monthlyReturns.reduce(0, +) / n
        let variance = monthlyReturns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        guard variance > 0 else { return nil }
        return mean / variance.squareRoot() * 12.0.squareRoot()
    }

    /// Deepest fall from a prior peak (the starting equity counts as one), fraction, <= 0.
    public var maxDrawdown: Double {
        var peak = initialEquity, deepest = 0.0
        for value in equity {
            peak = max(peak, value)
            deepest = min(deepest, value / peak - 1)
        }
        return deepest
    }
}

extension OptimizationAnalysis {
    /// The walk-forward test windows' months, stitched in order.
    public var outOfSampleEquity: StitchedEquity? {
        guard !folds.isEmpty else { return nil }
        var months: [String] = [], returns: [Double] = []
        for fold in folds {
            guard let metrics = fold.outOfSample.metrics else { continue }
            months += metrics.months
            returns += metrics.monthlyReturns
        }
        return StitchedEquity(months: months, returns: returns, initialEquity: 100_000)
    }

    /// The search's best configuration over the same months as ``outOfSampleEquity`` (the
    /// whole window when there are no folds): in-sample, since it was chosen on them.
    public var inSampleEquity: StitchedEquity? {
        guard let metrics = best.metrics else { return nil }
        let wanted = outOfSampleEquity.map { Set($0.months) }
        var months: [String] = [], returns: [Double] = []
        for (month, value) in zip(metrics.months, metrics.monthlyReturns) where wanted?.contains(month) ?? true {
            months.append(month)
            returns.append(value)
        }
        return StitchedEquity(months: months, returns: returns, initialEquity: 100_000)
    }
}
