import Foundation
import Market
import Pricing
import Strategy
import TestSupport
import Testing
@testable import Backtest

/// The code of the articles "Running the Day Step from Your Code" (Strategy.docc) and "Running a
/// Backtest from Your Code" (Backtest.docc), run as written over the first quarter of 2020.
/// scripts/test-docs checks that every code block of both articles appears in this file.
///
/// The checks compare routes that do not share their loop: the article's own day-step loop
/// against `BacktestEngine`, a run resumed from a saved state against the uninterrupted one, a
/// batch evaluation against the lone run, and the NYSE's own count of the quarter's sessions.
@Suite("The Strategy and Backtest articles' code", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct EmbeddingArticlesTests {
    /// NYSE sessions of 2020-01-02...2020-03-31: 21 in January (New Year, MLK Day closed), 19 in
    /// February (Presidents' Day), 22 in March.
    static let firstQuarterSessions = 62

    @Test("the day step loop gives the engine's tables; a saved state resumes to the same ledger")
    func runningTheDayStep() throws {
        let builder = try ChainBuilder.load(from: DataDirectory.resolve(explicit: nil))
        let history = builder.history

        var config = StrategyConfig.default
        config.core.bwbDelta = 0.20  // the core's short strike at |delta| 0.20
        try config.validate()

        let step = DayStep(config: config, calendar: builder.listing.calendar)
        var state = BookState(config: config)
        var chains = DayChainAssembler(builder: builder)
        let sessions = TradingDate(iso: "2020-01-02")!...TradingDate(iso: "2020-03-31")!
        var records: [DayRecord] = []
        for index in history.dates.indices where sessions.contains(history.dates[index]) {
            let market = DayMarket(day: history[index],
                                   previousSPXClose: index > 0 ? history.spx.close[index - 1] : nil)
            let outcome = try step.run(state, market: market, chains: &chains)
            state = outcome.state
            records.append(outcome.record)
        }
        print("equity \(records.last!.ledger.equity), fills \(records.flatMap(\.trades).count)")

        let saved = try state.jsonData()  // sorted keys: the same state gives the same bytes
        let restored = try BookState.decode(json: saved)

        #expect(records.count == Self.firstQuarterSessions)
        #expect(!records.flatMap(\.trades).isEmpty)
        #expect(restored == state)
        #expect(try restored.jsonData() == saved)

        // The engine is the same loop: its tables are the article's, to the bit.
        let engine = BacktestEngine(history: history, chains: builder, config: config)
        let run = try engine.run(from: sessions.lowerBound, to: sessions.upperBound)
        #expect(run.ledger == records.map(\.ledger))
        #expect(run.trades == records.flatMap(\.trades))

        // Stop at the end of February, save, read back and continue through March.
        var february: BookState?
        _ = try engine.runAudited(from: sessions.lowerBound, to: TradingDate(iso: "2020-02-28")!,
                                  saving: { _, state in february = state })
        let resumedFrom = try BookState.decode(json: try #require(february).jsonData())
        let march = try engine.runAudited(from: TradingDate(iso: "2020-03-02")!, to: sessions.upperBound,
                                          state: resumedFrom)
        #expect(march.result.ledger.count == 22)
        #expect(march.result.ledger == Array(records.map(\.ledger).suffix(march.result.ledger.count)))
    }

    @Test("a backtest, the same configuration in a batch, and its results folder")
    func runningABacktest() throws {
        let workbench = try Workbench.load()

        var config = StrategyConfig.default
        config.core.bwbDelta = 0.20  // the core's short strike at |delta| 0.20
        let result = try workbench.backtest(config, from: TradingDate(iso: "2020-01-02"),
                                            to: TradingDate(iso: "2020-03-31"))
        let report = BacktestReport(result)
        print("final equity \(report.metrics.finalEquity), fills \(result.trades.count)")

        let candidates = [0.10, 0.15, 0.20].map { delta -> StrategyConfig in
            var candidate = StrategyConfig.default
            candidate.core.bwbDelta = delta
            return candidate
        }
        let evaluations = workbench.evaluate(candidates, from: TradingDate(iso: "2020-01-02"),
                                             to: TradingDate(iso: "2020-03-31"))
        for case .success(let evaluation) in evaluations {
            print(evaluation.config.core.bwbDelta, evaluation.metrics.finalEquity)
        }

        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("spx30dte-article-\(ProcessInfo.processInfo.processIdentifier)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try workbench.write(result, config: config, to: folder, commandLine: CommandLine.arguments)

        #expect(result.ledger.count == Self.firstQuarterSessions)
        #expect(report.metrics.finalEquity == result.ledger.last?.equity)
        // The batch's 0.20 member is the lone run, to the bit.
        #expect(evaluations.count == 3)
        let batch = try evaluations[2].get()
        #expect(batch.config == config)
        #expect(batch.metrics.finalEquity == report.metrics.finalEquity)
        #expect(batch.metrics.fills == report.metrics.fills)
        // The folder holds one trades.csv row per trade under a header.
        let trades = try String(contentsOfFile: folder + "/trades.csv", encoding: .utf8)
        #expect(trades.split(separator: "\n").count == result.trades.count + 1)
    }
}
