import Foundation
import Strategy

/// Where the time of one or many backtests went, by `RunPhase`: what `--profile` prints.
///
/// Profiles add up (``add(_:)``), so a sweep or an optimizer sums one per evaluation, or one
/// per thread, and prints the total and the mean per evaluation. Phase seconds are summed over
/// threads (CPU time spent in each phase); ``wallSeconds`` is the elapsed time of what was
/// profiled, which on several threads is less than the phases' sum.
public struct BacktestProfile: Sendable, Equatable {
    /// Seconds per phase.
    public var phases = PhaseTimes()
    /// Backtests profiled.
    public var evaluations = 0
    /// Sessions stepped over all of them.
    public var sessions = 0
    /// Elapsed seconds, as measured by whoever ran them (0 when not measured).
    public var wallSeconds = 0.0
    /// Threads the evaluations ran on.
    public var threads = 1

    /// A profile from its figures (all zero by default), in the units of its properties.
    public init(phases: PhaseTimes = PhaseTimes(), evaluations: Int = 0, sessions: Int = 0, wallSeconds: Double = 0,
                threads: Int = 1) {
        self.phases = phases
        self.evaluations = evaluations
        self.sessions = sessions
        self.wallSeconds = wallSeconds
        self.threads = threads
    }

    /// Adds `other`'s phases, evaluations, sessions and wall time (profiles of work done one
    /// after the other).
    public mutating func add(_ other: BacktestProfile) {
        phases.add(other.phases)
        evaluations += other.evaluations
        sessions += other.sessions
        wallSeconds += other.wallSeconds
        threads = max(threads, other.threads)
    }

    /// The table `--profile` prints: each phase's seconds in total, its share of all phases,
    /// and its mean per evaluation (load, paid once, has none), then the total and the wall
    /// time.
    public func table() -> String {
        let total = phases.total
        let perEvaluation = evaluations > 0 ? 1 / Double(evaluations) : 0
        var lines = ["Profile: \(evaluations) evaluation\(evaluations == 1 ? "" : "s"), \(sessions) sessions"
                     + (threads > 1 ? ", phases summed over \(threads) threads" : "")]
        lines.append("  " + Self.pad("phase", 12) + Self.pad("seconds", 10, left: true) + Self.pad("share", 8, left: true)
                     + Self.pad("per evaluation", 16, left: true))
        for phase in RunPhase.allCases {
            let seconds = phases[phase]
            let mean = phase == .load || evaluations == 0 ? "-" : Self.number(seconds * perEvaluation, 4)
            lines.append("  " + Self.pad(phase.rawValue, 12) + Self.pad(Self.number(seconds, 3), 10, left: true)
                         + Self.pad(total > 0 ? Self.number(100 * seconds / total, 1) + "%" : "-", 8, left: true)
                         + Self.pad(mean, 16, left: true))
        }
        let meanTotal = evaluations > 0 ? Self.number((total - phases[.load]) * perEvaluation, 4) : "-"
        lines.append("  " + Self.pad("total", 12) + Self.pad(Self.number(total, 3), 10, left: true)
                     + Self.pad("100.0%", 8, left: true) + Self.pad(meanTotal, 16, left: true))
        if wallSeconds > 0 {
            lines.append("  wall time \(Self.number(wallSeconds, 3)) s"
                         + (evaluations > 1 ? ", \(Self.number(Double(evaluations) / wallSeconds, 2)) backtests per second" : ""))
        }
        return lines.joined(separator: "\n")
    }

    private static func number(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    private static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}
