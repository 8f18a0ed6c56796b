import Backtest
import Foundation
import Market
import Strategy
import TestSupport
import Testing
@testable import Optimize

/// The evaluator on the real data: what the trial log records of a real run.
@Suite(.enabled(if: RealMarketData.isAvailable, "needs the market data"))
struct RealEvaluationTests {
    static let workbench = LoadedOnce { try Workbench.load(data: RealMarketData.directory!.path) }

    /// 2023's T-bill (3-month bill 4.5% to 5.5% all year, published by the Fed's H.15) earns
    /// about 0.37% to 0.46% a month; the excess return is the month's return less it.
    @Test func monthlyExcessReturnsTakeOffTheMonthsTreasuryBillReturn() throws {
        let bench = try Self.workbench.get()
        let window = EvaluationWindow(first: TradingDate(year: 2023, month: 1, day: 3)!, last: TradingDate(year: 2023, month: 12, day: 29)!)
        let outcome = WorkbenchEvaluator(workbench: bench, threads: 1).evaluate([.default], window: window)[0]
        let metrics = try outcome.get()
        #expect(metrics.months.count == 12 && metrics.months.first == "2023-01" && metrics.months.last == "2023-12")
        for (month, (raw, excess)) in zip(metrics.months, zip(metrics.monthlyReturns, metrics.monthlyExcessReturns)) {
            let bill = raw - excess
            #expect(bill > 0.0030 && bill < 0.0050, "\(month): T-bill month \(bill)")
        }
        // The trial log round trip keeps every figure to the bit.
        let record = TrialRecord(config: .default, genes: [:], window: window.description, fold: 0, generation: 0,
                                 outcome: .success(metrics), formula: FitnessFormula())
        #expect(record.metrics == metrics)
        #expect(record.score == FitnessFormula().score(metrics))
    }
}
