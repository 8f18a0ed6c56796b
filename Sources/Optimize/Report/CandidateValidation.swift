import Backtest
import Market

/// One of the top configurations rerun away from the window it was chosen on: on each regime
/// period of the plan (a fresh account at the period's start) and on each walk-forward test
/// window, with its gates.
public struct CandidateValidation: Sendable {
    /// A validation run.
    public struct Run: Sendable {
        /// `2008_crisis`, `covid`, ... or `fold 3`.
        public var name: String
        public var window: EvaluationWindow
        public var trial: TrialRecord

        /// Kept every drawdown and stress gate with a figure.
        public var keepsConstraints: Bool { trial.score.isFeasible }
    }

    /// The candidate's trial over the search window.
    public var trial: TrialRecord
    /// Its rank in the search (1 = best).
    public var rank: Int
    public var regimeRuns: [Run]
    public var foldRuns: [Run]
    /// Configurations of the search with exactly this one's results (genes that never acted).
    public var equivalents: Int = 1

    public var runs: [Run] { regimeRuns + foldRuns }
    /// Validation runs that kept every drawdown and stress gate.
    public var runsKeepingConstraints: Int { runs.filter(\.keepsConstraints).count }

    /// The mean monthly return over all fold test windows, nil without folds.
    public var meanOutOfSampleMonthlyReturn: Double? {
        let returns = foldRuns.flatMap { $0.trial.metrics?.monthlyReturns ?? [] }
        return returns.isEmpty ? nil : returns.reduce(0, +) / Double(returns.count)
    }

    /// The stress gates of each regime run: (regime, gate name, outcome, value).
    public var stressMatrix: [(regime: String, gate: String, outcome: String, value: Double?)] {
        let names = ["stress_5pct_loss_worst_day", "crash_7pct_pnl_worst_day", "vol_up_10_share_worst_day"]
        return regimeRuns.flatMap { run in
            names.map { name in
                let gate = run.trial.metrics?.gate(name)
                return (run.name, name, gate?.outcome ?? "FAIL", gate?.value)
            }
        }
    }

    /// The regime periods of the plan inside `window` (the whole-run entry left out).
    static func regimeWindows(in window: EvaluationWindow) -> [(name: String, window: EvaluationWindow)] {
        Regime.standard.compactMap { regime in
            guard let start = regime.start, let end = regime.end else { return nil }
            let first = max(start, window.first), last = min(end, window.last)
            guard first <= last else { return nil }
            return (regime.name, EvaluationWindow(first: first, last: last))
        }
    }
}
