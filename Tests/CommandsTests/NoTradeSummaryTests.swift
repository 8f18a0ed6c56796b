import Backtest
import Market
import Strategy
import Testing
@testable import Commands

@Suite("backtest summary of a run without trades")
struct NoTradeSummaryTests {
    @Test func gatesPrintAsNotApplicable() throws {
        let first = try #require(TradingDate(iso: "2020-03-02"))
        let days = (0..<5).compactMap { TradingDate(iso: "2020-03-0\($0 + 2)") }
        let ledger = days.map {
            LedgerRow(date: $0, equity: 100_000, cash: 100_000, openPositions: 0, delta: 0, gamma: 0, vega: 0, theta: 0,
                      stressLoss5pct: 0, notchLimit: 2000, sentiment: "Neutral")
        }
        let risk = days.map { DailyRisk(date: $0, spxClose: 3000, volUp10PnL: 0, crash7PnL: 0, riskFreeRate: 0.01) }
        let result = BacktestResult(parameters: .null, initialEquity: 100_000, trades: [], ledger: ledger, risk: risk,
                                    refusals: [])
        #expect(days.first == first)
        let text = BacktestCommand.summary(BacktestReport(result))
        let gateLines = text.split(separator: "\n").filter { $0.hasPrefix("  N/A ") }
        #expect(gateLines.count == 13, "\(text)")
        #expect(!text.contains("PASS"))
        #expect(text.contains("0 of 13 gates pass; 13 not applicable (the run made no trades)"))
    }
}
