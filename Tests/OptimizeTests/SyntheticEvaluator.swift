import Foundation
import Optimize
import Pricing
import Strategy

/// A stand-in for the workbench with known answers: each configuration's metrics are a smooth
/// function of two genes, rounded (a peak at core.bwbDelta 0.18, hedge.hedgeRatio 0.30), its monthly
/// returns a seeded draw around that level, and its drawdown gate broken when
/// core.narrowWing > 70. Fast enough to run whole searches in a test.
struct SyntheticEvaluator: TrialEvaluator {
    /// Evaluations asked for, in order (hashes), to check caching.
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var hashes: [String] = []
        func add(_ more: [String]) { lock.lock(); hashes += more; lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return hashes }
    }

    let calls = Calls()
    var months = 48

    func evaluate(_ configs: [StrategyConfig], window: EvaluationWindow) -> [Result<TrialMetrics, TrialFailure>] {
        calls.add(configs.map(ConfigurationHash.of))
        return configs.map { config in
            // Rounded, so that configurations differing in the last digits (or in any other gene)
            // have the same results, as genes that never act do in the real strategy.
            let delta = (config.core.bwbDelta * 100).rounded() / 100, ratio = (config.hedge.hedgeRatio * 20).rounded() / 20
            let wing = config.core.narrowWing
            let level = 0.02 - 4 * (delta - 0.18) * (delta - 0.18) - 0.5 * (ratio - 0.30) * (ratio - 0.30)
            var seed = SplitMix64(seed: UInt64(bitPattern: Int64((delta * 1e6).rounded())) &+ UInt64(bitPattern: Int64((ratio * 1e6).rounded())) << 20)
            let returns = (0..<months).map { _ in level / 12 + 0.01 * (Double(seed.next() >> 11) * 0x1p-53 - 0.5) }
            let drawdown = wing > 70 ? -0.20 : -0.05
            let gates = [
                TrialMetrics.Gate(name: "max_drawdown", outcome: drawdown >= -0.15 ? "PASS" : "FAIL", value: drawdown),
                TrialMetrics.Gate(name: "drawdown_covid", outcome: "FAIL", value: nil),
            ]
            return .success(TrialMetrics(finalEquity: 100_000 * (1 + level), cagr: level, sharpe: level * 20,
                                         maxDrawdown: drawdown, winRate: 0.7, incomeStability: 0.6,
                                         monthlyIncome: level * 100_000 / 12, fills: 10, gates: gates,
                                         monthlyReturns: returns,
                                         months: (0..<months).map { String(format: "%04d-%02d", 2010 + $0 / 12, $0 % 12 + 1) }))
        }
    }
}
