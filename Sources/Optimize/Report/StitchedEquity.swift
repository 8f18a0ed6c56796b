import Foundation

/// An equity curve compounded from monthly returns: how the walk-forward test years are
/// stitched into one out-of-sample record, and the in-sample record set beside it.
public struct StitchedEquity: Sendable, Hashable {
    /// `yyyy-mm` of each point's month.
    public var months: [String]
    /// Equity at each month's end, dollars.
    public var equity: [Double]
    public var initialEquity: Double

    /// `returns` compounded from `initialEquity`; `excessReturns` (the same months less the
    /// T-bill's) give the Sharpe ratio.
    public init(months: [String], returns: [Double], excessReturns: [Double], initialEquity: Double) {
        self.months = months
        self.initialEquity = initialEquity
        var value = initialEquity
        equity = returns.map { value *= 1 + $0; return value }
        monthlyReturns = returns
        monthlyExcessReturns = excessReturns
    }

    public var monthlyReturns: [Double]
    public var monthlyExcessReturns: [Double]

    /// Compound annual growth over the months, fraction; nil without months.
    public var cagr: Double? {
        guard let last = equity.last, !equity.isEmpty, last > 0 else { return nil }
        return pow(last / initialEquity, 12 / Double(equity.count)) - 1
    }

    /// Annualized Sharpe ratio of the monthly excess returns (mean / deviation x sqrt 12); nil
    /// with fewer than two months or no deviation.
    public var annualizedSharpe: Double? {
        let n = Double(monthlyExcessReturns.count)
        guard n >= 2 else { return nil }
        let mean = monthlyExcessReturns.reduce(0, +) / n
        let variance = monthlyExcessReturns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
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
        var months: [String] = [], returns: [Double] = [], excess: [Double] = []
        for fold in folds {
            guard let metrics = fold.outOfSample.metrics else { continue }
            months += metrics.months
            returns += metrics.monthlyReturns
            excess += metrics.monthlyExcessReturns
        }
        return StitchedEquity(months: months, returns: returns, excessReturns: excess, initialEquity: optimizer.base.accountSize)
    }

    /// The search's best configuration over the same months as ``outOfSampleEquity`` (the
    /// whole window when there are no folds): in-sample, since it was chosen on them.
    public var inSampleEquity: StitchedEquity? {
        guard let metrics = best.metrics else { return nil }
        let wanted = outOfSampleEquity.map { Set($0.months) }
        var months: [String] = [], returns: [Double] = [], excess: [Double] = []
        for (index, month) in metrics.months.enumerated() where wanted?.contains(month) ?? true {
            months.append(month)
            returns.append(metrics.monthlyReturns[index])
            excess.append(metrics.monthlyExcessReturns[index])
        }
        return StitchedEquity(months: months, returns: returns, excessReturns: excess, initialEquity: optimizer.base.accountSize)
    }
}
