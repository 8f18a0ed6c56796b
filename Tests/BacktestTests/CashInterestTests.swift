import Foundation
import Market
import Pricing
import Strategy
import Testing
@testable import Backtest

/// A chain source with nothing listed: the strategy can open nothing, so the book stays flat.
private struct NothingListed: DayChainSource {
    func listedExpiries(_ product: OptionProduct, on date: TradingDate) -> [ListedExpiry] { [] }
    func quoteMinute(on date: TradingDate) -> Int { 16 * 60 }
    mutating func chain(product: OptionProduct, day: MarketDay, entries: [EntryNeed], legs: [Leg])
        -> (chain: OptionChain, modelQuotedLegs: Int)? { nil }
}

@Suite("T-bill accrual")
struct TreasuryBillAccrualTests {
    /// Holding a 91-day bill bought at a 5.00% discount quote returns 1/P - 1 with
    /// P = 1 - 0.05 x 91/360 (the bill market's own arithmetic, written out here): cash
    /// accruing the converted rate for 91 calendar days must earn the same.
    @Test func accruingTheConvertedRateEarnsWhatTheBillEarns() {
        let price = 1 - 0.05 * 91 / 360
        let rate = RateConversion.continuousRate(discountPercent: 5)
        #expect(abs(TreasuryBillAccrual.periodReturn(rate: rate, days: 91) - (1 / price - 1)) < 1e-14)
        // A weekend (Friday close to Monday close) accrues three calendar days.
        #expect(abs(TreasuryBillAccrual.periodReturn(rate: 0.05, days: 3) - (exp(0.15 / 365) - 1)) < 1e-16)
        #expect(TreasuryBillAccrual.periodReturn(rate: 0.05, days: 0) == 0)
        #expect(TreasuryBillAccrual.periodReturn(rate: 0.05, from: nil, to: TradingDate(iso: "2019-01-02")!) == 0)
    }
}

@Suite("Cash earns the T-bill rate", .enabled(if: EngineData.isAvailable, EngineData.absent))
struct CashInterestTests {
    /// Steps `config` over `from...to` with nothing listed, returning the day records.
    private func flatRun(_ config: StrategyConfig, _ from: String, _ to: String) throws -> (records: [DayRecord], history: MarketHistory) {
        let history = try EngineData.builder.get().history
        let step = DayStep(config: config)
        var state = BookState(config: config)
        var source = NothingListed()
        var records: [DayRecord] = []
        for index in history.dates.indices where history.dates[index] >= day(from) && history.dates[index] <= day(to) {
            let market = DayMarket(day: history[index], previousSPXClose: index > 0 ? history.spx.close[index - 1] : nil)
            let outcome = try step.run(state, market: market, chains: &source)
            state = outcome.state
            records.append(outcome.record)
        }
        return (records, history)
    }

    @Test func aFlatBookEarnsTheCompoundedBillRate() throws {
        let (records, history) = try flatRun(.default, "2019-01-02", "2019-12-31")
        #expect(records.count == 252)
        #expect(records.allSatisfy { $0.trades.isEmpty && $0.ledger.openPositions == 0 })
        // Independently: exp(Σ r_previous x calendar days / 365) over the sessions, from the
        // history's rates (the DTB3 quotes converted), as one sum rather than day by day.
        var exponent = 0.0
        for (previous, next) in zip(records.dropLast(), records.dropFirst()) {
            let rate = try #require(history.day(previous.date)?.riskFreeRate)
            exponent += rate * Double(next.date - previous.date) / 365
        }
        let expected = 100_000 * exp(exponent)
        let final = try #require(records.last?.ledger.equity)
        #expect(abs(final - expected) < 1e-6, "final \(final), expected \(expected)")
        // 2019's DTB3 ran 2.4% down to 1.5%: about $2,100 on $100,000.
        #expect(final > 102_000 && final < 102_300)
        let credited = records.reduce(0) { $0 + $1.ledger.interest }
        #expect(abs(credited - (final - 100_000)) < 1e-6)
        #expect(records.first?.ledger.interest == 0)
        #expect(abs(records.last!.audit.cash - (records.last!.audit.cashFromTrades + records.last!.audit.interestEarned)) < 1e-6)

        // Its excess return is rounding noise: Sharpe and Sortino are undefined, not NaN.
        let path = EquityPath(initialEquity: 100_000, dates: records.map(\.date), equity: records.map(\.ledger.equity))
        let bills = records.map(\.risk.treasuryBillReturn)
        let excess = zip(path.dailyReturns, bills).map { $0 - $1 }
        #expect(excess.allSatisfy { abs($0) < 1e-12 })
        #expect(ReturnStatistics.sharpe(dailyReturns: path.dailyReturns, riskFree: bills) == nil)
        #expect(ReturnStatistics.sortino(dailyReturns: path.dailyReturns, riskFree: bills) == nil)
        // Without the subtraction the same book has a (meaningless) large Sharpe.
        #expect((ReturnStatistics.sharpe(dailyReturns: path.dailyReturns) ?? 0) > 10)
    }

    @Test func interestCanBeSwitchedOff() throws {
        var config = StrategyConfig.default
        config.cashInterest = .none
        let (records, _) = try flatRun(config, "2019-01-02", "2019-03-29")
        #expect(records.allSatisfy { $0.ledger.equity == 100_000 && $0.ledger.interest == 0 })
        // The T-bill return is still recorded: excess returns are over it either way.
        #expect(records.dropFirst().allSatisfy { $0.risk.treasuryBillReturn > 0 })
        let parsed = try StrategyConfig.decode(json: #"{"cashInterest": "none"}"#)
        #expect(parsed.cashInterest == .none)
        #expect(throws: StrategyConfigError.self) { try StrategyConfig.decode(json: #"{"cashInterest": "yes"}"#) }
    }
}
