import Backtest
import Foundation
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
/// `threads` cores (all when nil), in lock-step over shared day chains.
public struct WorkbenchEvaluator: TrialEvaluator {
    public let workbench: Workbench
    public let threads: Int?
    /// Where the time of every call is summed, when profiling (`--profile`).
    public let profile: ProfileTotal?

    public init(workbench: Workbench, threads: Int? = nil, profile: ProfileTotal? = nil) {
        self.workbench = workbench
        self.threads = threads
        self.profile = profile
    }

    public func evaluate(_ configs: [StrategyConfig], window: EvaluationWindow) -> [Result<TrialMetrics, TrialFailure>] {
        var timed: BacktestProfile? = profile == nil ? nil : BacktestProfile()
        let results = workbench.evaluate(configs, from: window.first, to: window.last, threads: threads, profile: &timed)
        if let timed { profile?.add(timed) }
        return results.map { result in
            switch result {
            case .success(let evaluation): .success(TrialMetrics(evaluation))
            case .failure(let error): .failure(TrialFailure("\(error)"))
            }
        }
    }
}

/// A profile summed over many calls, from any thread.
public final class ProfileTotal: @unchecked Sendable {
    private let lock = NSLock()
    private var total = BacktestProfile()

    public init() {}

    public func add(_ profile: BacktestProfile) {
        lock.lock()
        total.add(profile)
        lock.unlock()
    }

    /// Adds `seconds` to `phase` (time spent outside the evaluations: loading, the report).
    public func add(_ phase: RunPhase, seconds: Double) {
        lock.lock()
        total.phases.add(phase, seconds: seconds)
        lock.unlock()
    }

    public var value: BacktestProfile {
        lock.lock()
        defer { lock.unlock() }
        return total
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
