#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a backtest's time goes, by the work done rather than by function.
public enum RunPhase: String, CaseIterable, Sendable, Codable {
    /// Reading and verifying the market data, and the tables built on it once per load.
    case load
    /// The day's chains: entry expiries, chain builds, the open legs' quotes.
    case chains
    /// Marking the open positions at their mids (exits, the notch, the ledger).
    case marks
    /// The strategy's decisions: exit rules, sentiment, the notch and the day's plan.
    case strategy
    /// Pricing orders against the day's quotes, buying power, booking the fills.
    case fills
    /// The model book's greeks and stress losses (the ledger's, and the plan's notch checks).
    case risk
    /// Interest and settlement at the open and the close.
    case settlement
    /// Records, tables, metrics and files.
    case outputs
}

/// A start time read from the monotonic clock, or nothing when timing is off (then neither
/// the start nor ``PhaseTimes/add(_:since:)`` reads the clock).
public struct PhaseClock: Sendable {
    let start: UInt64?

    /// A clock started now when `running`, else one that measures nothing.
    @inline(__always)
    public init(running: Bool) {
        start = running ? Self.now() : nil
    }

    @inline(__always)
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Seconds since the start (0 when not running).
    public var elapsed: Double {
        guard let start else { return 0 }
        return Double(Self.now() &- start) / 1e9
    }
}

/// Seconds spent per ``RunPhase``, summed over sessions, runs and evaluations alike.
///
/// Timing only reads the clock; no figure of a run depends on it.
public struct PhaseTimes: Sendable, Equatable, Codable {
    /// Seconds by phase, in `RunPhase.allCases` order.
    public private(set) var seconds: [Double]

    /// No time in any phase.
    public init() {
        seconds = [Double](repeating: 0, count: RunPhase.allCases.count)
    }

    /// Seconds spent in `phase`.
    public subscript(phase: RunPhase) -> Double {
        seconds[Self.slot(phase)]
    }

    /// Seconds of every phase together.
    public var total: Double { seconds.reduce(0, +) }

    /// Adds the time since `clock` started to `phase`.
    @inline(__always)
    public mutating func add(_ phase: RunPhase, since clock: PhaseClock) {
        seconds[Self.slot(phase)] += clock.elapsed
    }

    /// Adds `seconds` to `phase` (a negative amount moves time out of it).
    public mutating func add(_ phase: RunPhase, seconds amount: Double) {
        seconds[Self.slot(phase)] += amount
    }

    /// Adds every phase of `other`.
    public mutating func add(_ other: PhaseTimes) {
        for k in seconds.indices { seconds[k] += other.seconds[k] }
    }

    @inline(__always)
    static func slot(_ phase: RunPhase) -> Int {
        switch phase {
        case .load: 0
        case .chains: 1
        case .marks: 2
        case .strategy: 3
        case .fills: 4
        case .risk: 5
        case .settlement: 6
        case .outputs: 7
        }
    }
}

/// Phase times gathered inside the plan's callbacks (its stress checks and order pricing),
/// which outlive no session but are called from the planner rather than by the session.
final class NestedPhaseTimes: @unchecked Sendable {
    private(set) var times = PhaseTimes()

    func add(_ phase: RunPhase, since clock: PhaseClock) {
        times.add(phase, since: clock)
    }
}
