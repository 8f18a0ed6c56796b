import Foundation
import Market
import Pricing
import Strategy
import Testing
@testable import Backtest

/// Consecutive weekdays from `start`, `count` of them (enough of a calendar for these tests).
func weekdays(from start: TradingDate, count: Int) -> [TradingDate] {
    var days: [TradingDate] = []
    var day = start
    while days.count < count {
        if !day.isWeekend { days.append(day) }
        day = day + 1
    }
    return days
}

func day(_ text: String) -> TradingDate { TradingDate(iso: text)! }

/// A fill of one SPX put leg with a quote around it.
func fill(_ date: String, position: Int, _ component: Component = .core, strike: Double = 4000, quantity: Int,
          price: Double, bid: Double? = nil, ask: Double? = nil, fees: Double = 0,
          reason: FillReason = .open) -> TradeRecord {
    TradeRecord(date: day(date), positionID: position, component: component,
                product: component == .probe ? .xsp : (component == .hedge ? .vix : .spx),
                expiry: day("2021-02-19"), type: .put, strike: strike, quantity: quantity, price: price,
                bid: bid ?? price, ask: ask ?? price, quoteSource: .real, fees: fees, reason: reason)
}

@Suite struct MetricsTests {
    // Equity 100 -> 101 -> 99.99 -> 101.9898: daily returns +1%, -1%, +2%.
    // mean = 0.02 / 3 = 1/150; deviations 1/300, -1/60, 2/150; squares sum to 7/15000;
    // sample variance (n - 1 = 2) = 7/30000; daily Sharpe = (1/150) / sqrt(7/30000);
    // annualized x sqrt(252): sqrt(30000 * 252 / 7) / 150 = sqrt(1,080,000) / 150 = 4 sqrt(3) = 6.92820...
    let threeDays = EquityPath(initialEquity: 100, dates: weekdays(from: day("2021-01-04"), count: 3),
                               equity: [101, 99.99, 101.9898])

    @Test func dailyReturnsStartFromInitialEquity() {
        let returns = threeDays.dailyReturns
        #expect(returns.count == 3)
        #expect(abs(returns[0] - 0.01) < 1e-12)
        #expect(abs(returns[1] + 0.01) < 1e-12)
        #expect(abs(returns[2] - 0.02) < 1e-12)
    }

    @Test func sharpeOfThreeDaysByHand() throws {
        let sharpe = try #require(ReturnStatistics.sharpe(dailyReturns: threeDays.dailyReturns))
        #expect(abs(sharpe - 4 * 3.0.squareRoot()) < 1e-9)
    }

    @Test func sharpeSubtractsTheRiskFreeReturn() throws {
        // A constant risk-free return shifts the mean but not the deviation: (1/150 - 1/300) / sd.
        let riskFree = [Double](repeating: 1.0 / 300, count: 3)
        let sharpe = try #require(ReturnStatistics.sharpe(dailyReturns: threeDays.dailyReturns, riskFree: riskFree))
        #expect(abs(sharpe - 2 * 3.0.squareRoot()) < 1e-9)
    }

    @Test func sortinoOfThreeDaysByHand() throws {
        // Downside deviation = sqrt(0.01^2 / 3) = 0.01 / sqrt(3); (1/150) / (0.01 / sqrt 3) = 2 sqrt(3) / 3;
        // x sqrt(252) = (2/3) sqrt(756) = 18.3303...
        let sortino = try #require(ReturnStatistics.sortino(dailyReturns: threeDays.dailyReturns))
        #expect(abs(sortino - 2.0 / 3.0 * 756.0.squareRoot()) < 1e-9)
    }

    @Test func undefinedRatiosAreNil() {
        #expect(ReturnStatistics.sharpe(dailyReturns: [0.01]) == nil)
        #expect(ReturnStatistics.sharpe(dailyReturns: [0.01, 0.01]) == nil)
        #expect(ReturnStatistics.sortino(dailyReturns: [0.01, 0.02]) == nil)
        #expect(ReturnStatistics.cagr(start: 100, end: 110, days: 0) == nil)
        #expect(ReturnStatistics.calmar(cagr: 0.1, maxDrawdown: 0) == nil)
    }

    @Test func cagrOverTwoYearsOfTradingDays() throws {
        // 100 -> 121 in 504 = 2 x 252 days: 1.21^(1/2) - 1 = 10%.
        let cagr = try #require(ReturnStatistics.cagr(start: 100, end: 121, days: 504))
        #expect(abs(cagr - 0.1) < 1e-12)
        #expect(ReturnStatistics.calmar(cagr: cagr, maxDrawdown: -0.2).map { abs($0 - 0.5) < 1e-12 } == true)
    }

    @Test func maxDrawdownAndItsRecovery() throws {
        // Peak 110 on day 1, trough 88 on day 3 (-20%), back to 110 on day 6.
        let dates = weekdays(from: day("2021-01-04"), count: 7)
        let path = EquityPath(initialEquity: 100, dates: dates, equity: [110, 99, 88, 105, 109, 110, 120])
        let drawdown = try #require(Drawdown(path))
        #expect(abs(drawdown.depth + 0.2) < 1e-12)
        #expect(drawdown.peakDate == dates[0])
        #expect(drawdown.troughDate == dates[2])
        #expect(drawdown.recoveryDate == dates[5])
        #expect(drawdown.durationDays == dates[5] - dates[0])   // Mon 4th to Mon 11th: 7 days
        #expect(drawdown.durationDays == 7)
        let series = path.drawdowns
        #expect(series[0] == 0 && abs(series[2] + 0.2) < 1e-12 && series[6] == 0)
    }

    @Test func unrecoveredDrawdownLastsToTheEnd() throws {
        let dates = weekdays(from: day("2021-01-04"), count: 4)
        let path = EquityPath(initialEquity: 100, dates: dates, equity: [95, 97, 90, 96])
        let drawdown = try #require(Drawdown(path))
        #expect(abs(drawdown.depth + 0.1) < 1e-12)
        #expect(drawdown.peakDate == dates[0])   // the initial equity's peak is dated by the first day
        #expect(drawdown.recoveryDate == nil)
        #expect(drawdown.durationDays == dates[3] - dates[0])
    }

    @Test func winRatesCountClosedPositionsOnly() {
        let trades = [
            // Core 1: sold at 3.00, bought back at 1.00 with $2 fees: +$198, a win.
            fill("2021-01-06", position: 1, quantity: -1, price: 3.0, fees: 1),
            fill("2021-01-20", position: 1, quantity: 1, price: 1.0, fees: 1, reason: .profitTarget),
            // Core 2: sold at 2.00, bought back at 2.00: -$2 in fees, a loss.
            fill("2021-01-06", position: 2, strike: 3950, quantity: -1, price: 2.0, fees: 1),
            fill("2021-01-21", position: 2, strike: 3950, quantity: 1, price: 2.0, fees: 1, reason: .stop),
            // Probe 3: still open, not counted.
            fill("2021-01-05", position: 3, .probe, strike: 390, quantity: -1, price: 0.5),
        ]
        let rates = WinRates(trades: trades)
        #expect(rates.rate(.core) == 0.5)
        #expect(rates.rate() == 0.5)
        #expect(rates.rate(.probe) == nil)
        #expect(rates.closedCount(.core) == 2)
        let outcomes = PositionOutcome.all(trades)
        #expect(abs(outcomes[0].pnl - 198) < 1e-9)
        #expect(outcomes[2].isClosed == false)
    }

    @Test func monthlyIncomeIsTheChangeInEquityPerMonth() throws {
        let dates = [day("2021-01-28"), day("2021-01-29"), day("2021-02-01"), day("2021-02-26"), day("2021-03-01")]
        let path = EquityPath(initialEquity: 100_000, dates: dates, equity: [100_500, 101_000, 101_200, 103_500, 103_000])
        let table = MonthlyIncome.table(path)
        #expect(table.map(\.label) == ["2021-01", "2021-02", "2021-03"])
        #expect(table.map(\.income) == [1000, 2500, -500])
        #expect(table.map(\.tradingDays) == [2, 2, 1])
        let summary = try #require(MonthlyIncomeSummary(table))
        #expect(abs(summary.mean - 1000) < 1e-9)
        #expect(summary.minimum == -500)
        #expect(abs(summary.shareAtLeastThreshold - 1.0 / 3) < 1e-12)
    }

    @Test func slippageIsMeasuredAgainstTheMidLegByLeg() {
        // Sold 2 at 1.00 against 0.90/1.20 (mid 1.05): slippage 0.05 x 2 x 100 = $10 on $200 of premium.
        // The settlement row has no quote and counts toward neither.
        let sale = fill("2021-01-06", position: 1, quantity: -2, price: 1.0, bid: 0.9, ask: 1.2, fees: 2.6)
        var settlement = fill("2021-02-19", position: 1, quantity: 2, price: 0, reason: .settlement)
        settlement.bid = nil
        settlement.ask = nil
        #expect(sale.slippage.map { abs($0 - 10) < 1e-9 } == true)
        #expect(settlement.slippage == nil)
        let result = BacktestResult(parameters: .null, initialEquity: 100_000, trades: [sale, settlement],
                                    ledger: [], risk: [], refusals: [])
        let metrics = Metrics(result)
        #expect(metrics.slippageShare.map { abs($0 - 0.05) < 1e-12 } == true)
        #expect(abs(metrics.totalFees - 2.6) < 1e-12)
        #expect(metrics.fills == 2)
        #expect(metrics.positionsOpened == 1)
        #expect(abs(sale.cashFlow - 197.4) < 1e-9)
    }

    @Test func metricsOfAResultAreNamed() {
        let metrics = Metrics(Sample.result())
        let names = Set(metrics.named.map(\.name))
        for name in ["cagr", "sharpe", "sortino", "calmar", "max_drawdown", "max_drawdown_days", "win_rate",
                     "win_rate_core", "monthly_income_mean", "monthly_income_min",
                     "monthly_income_share_at_least_2000", "slippage_share", "total_fees", "fills"] {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(metrics.named.count == names.count)
    }
}
