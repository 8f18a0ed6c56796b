import Foundation
import Market
import Strategy
import Testing
@testable import Backtest

/// Configurations evaluated together, in lock-step over shared chains, must give what each
/// gives alone, to the bit: the comparison is of the values' full text (every Double printed
/// to round-trip precision, so a single differing bit shows), never of an earlier output.
@Suite("Lock-step evaluation equals lone runs", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct LockstepEvaluationTests {
    /// Configurations that ask for different chains: wing widths, deltas and strike rules
    /// (core windows), probe DTEs and widths (XSP expiries and windows), hedge thresholds and
    /// offsets (VIX windows), and entry rules that change when which product is asked for.
    static var configurations: [StrategyConfig] {
        [
            .default,
            configured { $0.core.narrowWing = 80; $0.core.brokenWing = 150; $0.core.bwbDelta = 0.10 },
            configured { $0.probe.probeDTE = 8; $0.probe.probeWidth = 3; $0.probe.probesPerDay = 3; $0.probe.probeDelta = 0.25 },
            configured { $0.hedge.vixEntryThreshold = 25; $0.hedge.hedgeRatio = 0.35; $0.hedge.hedgeStrikeOffset = 5 },
            configured { $0.core.strikeSelection = .offset; $0.core.narrowWing = 40; $0.core.spxEntryDelay = 0 },
            configured {
                $0.core.bwbDelta = 0.25; $0.core.profitTarget = 0.5; $0.sentiment.minProbeWinRate = 0.5
                $0.maxCorrelatedRisk = 0.35; $0.probe.probeDTE = 20; $0.probe.probeWidth = 7
                $0.hedge.hedgeStrikeOffset = 15; $0.hedge.vixEntryThreshold = 18
            },
        ]
    }

    static func configured(_ change: (inout StrategyConfig) -> Void) -> StrategyConfig {
        var config = StrategyConfig.default
        change(&config)
        return config
    }

    /// Two years with real snapshot days among them, and the 2008 crash for wide windows.
    static let ranges = [("2022-01-03", "2023-12-29"), ("2008-06-02", "2009-06-30")]

    static func text(_ value: some Any) -> String { String(reflecting: value) }

    @Test(arguments: ranges)
    func everyEvaluationEqualsItsLoneRun(range: (String, String)) throws {
        let workbench = Workbench(builder: try EngineData.builder.get())
        let from = day(range.0), to = day(range.1)
        let configs = Self.configurations
        for threads in [1, 2] {
            let together = workbench.evaluate(configs, from: from, to: to, threads: threads, keepResults: true)
            #expect(together.count == configs.count)
            for (k, config) in configs.enumerated() {
                let alone = try workbench.backtest(config, from: from, to: to)
                let report = BacktestReport(alone)
                let evaluation = try together[k].get()
                let shared = try #require(evaluation.result)
                #expect(alone.trades.count > 0, "configuration \(k) traded")
                #expect(Self.text(shared.trades) == Self.text(alone.trades), "trades of configuration \(k), \(threads) threads")
                #expect(Self.text(shared.ledger) == Self.text(alone.ledger), "ledger of configuration \(k)")
                #expect(Self.text(shared.risk) == Self.text(alone.risk), "risk of configuration \(k)")
                #expect(Self.text(shared.refusals) == Self.text(alone.refusals), "refusals of configuration \(k)")
                // Metrics hold dictionaries, whose printed order differs between equal values:
                // compared as values, and as summary.json's ordered figures printed in full.
                #expect(evaluation.metrics == report.metrics, "metrics of configuration \(k)")
                #expect(Self.text(evaluation.metrics.named) == Self.text(report.metrics.named), "metrics of configuration \(k)")
                #expect(Self.text(evaluation.gates) == Self.text(report.gates), "gates of configuration \(k)")
                #expect(Self.text(evaluation.monthly) == Self.text(report.monthly), "monthly income of configuration \(k)")
            }
        }
    }

    /// The configurations do differ: were the shared chains handed to the wrong one, the
    /// equality above could hold only by accident, so check they are not all one run.
    @Test func theConfigurationsTradeDifferently() throws {
        let workbench = Workbench(builder: try EngineData.builder.get())
        let runs = workbench.evaluate(Self.configurations, from: day("2022-01-03"), to: day("2022-12-30"), threads: 1)
        let finals = try runs.map { try $0.get().metrics.finalEquity }
        #expect(Set(finals).count == finals.count)
    }

    /// A configuration that fails is a failure in its place; the others run on unchanged.
    @Test func anInvalidConfigurationFailsAloneInItsPlace() throws {
        let workbench = Workbench(builder: try EngineData.builder.get())
        var invalid = StrategyConfig.default
        invalid.core.bwbDelta = -1
        let from = day("2022-03-01"), to = day("2022-05-31")
        let runs = workbench.evaluate([.default, invalid, Self.configurations[2]], from: from, to: to, threads: 1)
        guard case .failure(.invalidConfiguration(let label, _)) = runs[1] else {
            Issue.record("the invalid configuration did not fail as invalid: \(runs[1])")
            return
        }
        #expect(label == "configuration #1")
        let alone = BacktestReport(try workbench.backtest(Self.configurations[2], from: from, to: to))
        #expect(Self.text(try runs[2].get().metrics.named) == Self.text(alone.metrics.named))
        #expect(try runs[0].get().metrics.fills > 0)
    }
}
