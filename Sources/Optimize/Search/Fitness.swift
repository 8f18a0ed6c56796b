/// The plan's fitness: one number from CAGR, Sharpe, maximum drawdown, core win rate and
/// monthly-income stability, each scaled by the plan's own target so that a configuration
/// exactly at every floor scores about one:
///
///     fitness = 0.30 · CAGR / 0.22
///             + 0.25 · Sharpe / 1.8
///             + 0.20 · (1 - |max drawdown| / 0.15)
///             + 0.10 · core win rate / 0.68
///             + 0.15 · share of months with income >= 0
///
/// A figure that could not be measured contributes nothing (zero), never NaN.
///
/// The quality gates are constraints, not terms: a configuration that breaks a drawdown gate
/// (`max_drawdown`, `drawdown_2008_crisis`, `drawdown_covid`) or a stress gate
/// (`stress_5pct_loss_worst_day`, `crash_7pct_pnl_worst_day`) on a measured figure ranks below
/// every configuration that keeps them all, whatever its fitness (see ``TrialScore``).
public struct FitnessFormula: Sendable, Hashable {
    public var cagrWeight = 0.30, cagrScale = 0.22
    public var sharpeWeight = 0.25, sharpeScale = 1.8
    public var drawdownWeight = 0.20, drawdownScale = 0.15
    public var winRateWeight = 0.10, winRateScale = 0.68
    public var stabilityWeight = 0.15
    /// The gates held as constraints.
    public var constraintGates = ["max_drawdown", "drawdown_2008_crisis", "drawdown_covid",
                                  "stress_5pct_loss_worst_day", "crash_7pct_pnl_worst_day"]

    public init() {}

    /// The formula as one line of text, for reports.
    public static let text = "0.30 CAGR/0.22 + 0.25 Sharpe/1.8 + 0.20 (1 - |maxDD|/0.15) + 0.10 winRate/0.68 "
        + "+ 0.15 share of months >= 0; constraints: drawdown and stress gates"

    /// The fitness of `metrics`.
    public func fitness(_ metrics: TrialMetrics) -> Double {
        func term(_ value: Double?, _ transform: (Double) -> Double) -> Double {
            guard let value, value.isFinite else { return 0 }
            return transform(value)
        }
        return cagrWeight * term(metrics.cagr) { $0 / cagrScale }
            + sharpeWeight * term(metrics.sharpe) { $0 / sharpeScale }
            + drawdownWeight * term(metrics.maxDrawdown) { 1 - abs($0) / drawdownScale }
            + winRateWeight * term(metrics.winRate) { $0 / winRateScale }
            + stabilityWeight * term(metrics.incomeStability) { $0 }
    }

    /// The constraint gates `metrics` breaks on a measured figure, in formula order.
    public func brokenConstraints(_ metrics: TrialMetrics) -> [String] {
        constraintGates.filter { metrics.gate($0)?.brokenOnAFigure == true }
    }

    /// The score of `metrics`.
    public func score(_ metrics: TrialMetrics) -> TrialScore {
        TrialScore(fitness: fitness(metrics), brokenConstraints: brokenConstraints(metrics).count)
    }
}

/// How a trial ranks: constraint-first. Fewer broken constraint gates always rank higher;
/// among equals, higher fitness. A run that failed ranks below every run that finished.
public struct TrialScore: Sendable, Hashable, Comparable, Codable {
    public var fitness: Double
    /// Constraint gates broken on a measured figure (0: feasible).
    public var brokenConstraints: Int
    /// The run did not finish (invalid configuration, a day that could not be stepped).
    public var failed: Bool

    public init(fitness: Double, brokenConstraints: Int, failed: Bool = false) {
        self.fitness = fitness.isNaN ? -.infinity : fitness
        self.brokenConstraints = brokenConstraints
        self.failed = failed
    }

    /// The score of a run that did not finish.
    public static let failure = TrialScore(fitness: -.infinity, brokenConstraints: .max, failed: true)

    public var isFeasible: Bool { !failed && brokenConstraints == 0 }

    /// `a < b` when `a` ranks below `b`.
    public static func < (a: TrialScore, b: TrialScore) -> Bool {
        if a.failed != b.failed { return a.failed }
        if a.brokenConstraints != b.brokenConstraints { return a.brokenConstraints > b.brokenConstraints }
        return a.fitness < b.fitness
    }
}
