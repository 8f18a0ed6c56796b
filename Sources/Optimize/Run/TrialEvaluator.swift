import Backtest
import Market
import Strategy

/// Runs configurations over a window and reduces each run to ``TrialMetrics``: what a search
/// needs of a backtest engine. The workbench is the real one; tests may supply another.
public protocol TrialEvaluator: Sendable {
    /// Each configuration's metrics over `window`, in input order; a run that fails is its own
    /// `.failure` and does not stop the others.
    func evaluate(_ configs: [StrategyConfig], window: EvaluationWindow) -> [Result<TrialMetrics, TrialFailure>]
}

/// The workbench as a ``TrialEvaluator``: all configurations of a call run side by side on
/// `threads` cores (all when nil).
public struct WorkbenchEvaluator: TrialEvaluator {
    public let workbench: Workbench
    public let threads: Int?

    public init(workbench: Workbench, threads: Int? = nil) {
        self.workbench = workbench
        self.threads = threads
    }

    public func evaluate(_ configs: [StrategyConfig], window: EvaluationWindow) -> [Result<TrialMetrics, TrialFailure>] {
        workbench.evaluate(configs, from: window.first, to: window.last, threads: threads).map { result in
            switch result {
            case .success(let evaluation): .success(TrialMetrics(evaluation))
            case .failure(let error): .failure(TrialFailure("\(error)"))
            }
        }
    }
}

/// A calendar range a configuration is evaluated over.
public struct EvaluationWindow: Sendable, Hashable, CustomStringConvertible {
    public var first: TradingDate
    public var last: TradingDate

    public init(first: TradingDate, last: TradingDate) {
        self.first = first
        self.last = last
    }

    /// `yyyy-mm-dd..yyyy-mm-dd`: the window's key in the trial log.
    public var description: String { "\(first.isoString)..\(last.isoString)" }
}
