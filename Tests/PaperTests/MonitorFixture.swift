import Backtest
import Foundation
import Market
import Strategy
import TestSupport
import Testing

/// Books the monitor tests read: the backtest engine run from `start` to the session before
/// `date`, and the day step run on `date` itself, giving the book at the close of `date` and
/// the record of that day (its plan). Loaded once per process.
enum MonitorFixture {
    static let isAvailable = RealMarketData.isAvailable
    static let absent = Comment(rawValue: RealMarketData.absentMessage)
    static let builder = LoadedOnce { try ChainBuilder.load(from: RealMarketData.directory!) }

    struct Day: Sendable {
        let state: BookState
        let record: DayRecord
        let day: MarketDay
    }

    /// 2020-02-19 (a Wednesday, SPX at its pre-COVID high) and 2008-10-01 (a Wednesday, after
    /// Lehman), each from a run starting a few months before.
    static let days = LoadedOnce { () throws -> [TradingDate: Day] in
        var days: [TradingDate: Day] = [:]
        for (start, end) in [("2020-01-02", "2020-02-19"), ("2008-06-02", "2008-10-01")] {
            days[date(end)] = try stepped(from: date(start), to: date(end))
        }
        return days
    }

    static func day(_ text: String) throws -> Day {
        try #require(try days.get()[date(text)])
    }

    static func stepped(from start: TradingDate, to date: TradingDate) throws -> Day {
        let builder = try builder.get()
        let engine = BacktestEngine(history: builder.history, chains: builder, config: .default)
        let index = try #require(builder.history.index(of: date))
        var before: BookState?
        _ = try engine.runAudited(from: start, to: builder.history.dates[index - 1], saving: { _, state in before = state })
        let market = DayMarket(day: builder.history[index], previousSPXClose: builder.history.spx.close[index - 1])
        var source = DayChainAssembler(builder: builder)
        let outcome = try engine.step.run(try #require(before), market: market, chains: &source)
        return Day(state: outcome.state, record: outcome.record, day: builder.history[index])
    }
}

func date(_ text: String) -> TradingDate { TradingDate(iso: text)! }
