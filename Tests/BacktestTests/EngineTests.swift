import Foundation
import Market
import Pricing
import Strategy
import TestSupport
import Testing
@testable import Backtest

/// The market data and chain builder, loaded once for every engine test.
enum EngineData {
    static let directory = RealMarketData.directory
    static let isAvailable = RealMarketData.isAvailable
    static let absent = Comment(rawValue: RealMarketData.absentMessage)

    static let builder = LoadedOnce { try ChainBuilder.load(from: directory!) }

    static func engine(_ config: StrategyConfig = .default) throws -> BacktestEngine {
        let builder = try builder.get()
        return BacktestEngine(history: builder.history, chains: builder, config: config)
    }

    /// Runs are cached by range so that the checks share them.
    private static let cache = RunCache()

    static func run(_ from: String, _ to: String) throws -> AuditedBacktest {
        try cache.run(from, to) { try engine().runAudited(from: day(from), to: day(to)) }
    }
}

private final class RunCache: @unchecked Sendable {
    private var runs: [String: AuditedBacktest] = [:]
    private let lock = NSLock()

    func run(_ from: String, _ to: String, _ make: () throws -> AuditedBacktest) throws -> AuditedBacktest {
        let key = from + "/" + to
        lock.lock()
        defer { lock.unlock() }
        if let run = runs[key] { return run }
        let run = try make()
        runs[key] = run
        return run
    }
}


/// The short runs the checks read: the COVID crash half-year, the 2008 crash (from the
/// summer, so that the book holds positions when it comes), and the first VIX listing.
private let ranges = [("2020-01-02", "2020-06-30"), ("2008-06-02", "2008-12-31"), ("2006-01-03", "2006-04-28")]

@Suite("Backtest engine on the real history", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct EngineTests {
    @Test(arguments: ranges)
    func everyFillLiesInsideItsQuote(_ range: (String, String)) throws {
        let run = try EngineData.run(range.0, range.1)
        #expect(!run.result.trades.isEmpty)
        for trade in run.result.trades where trade.reason != .settlement {
            let bid = try #require(trade.bid), ask = try #require(trade.ask)
            #expect(bid <= trade.price && trade.price <= ask, "\(trade)")
            #expect(trade.fees > 0)
        }
    }

    @Test(arguments: ranges)
    func cashAndMarksReconcileToEquityEveryDay(_ range: (String, String)) throws {
        let run = try EngineData.run(range.0, range.1)
        #expect(run.result.validate() == nil)
        #expect(run.audit.count == run.result.ledger.count)
        var cash = run.result.initialEquity
        var trades = run.result.trades[...]
        for (row, audit) in zip(run.result.ledger, run.audit) {
            // The trade log and the ledger's interest credits rebuild the cash of every close.
            cash += row.interest
            while let trade = trades.first, trade.date <= row.date {
                cash += trade.cashFlow
                trades = trades.dropFirst()
            }
            #expect(abs(cash - row.cash) < 1e-6, "\(row.date): cash \(row.cash), trade log \(cash)")
            #expect(abs(row.cash + audit.marks - row.equity) < 1e-6, "\(row.date)")
            #expect(abs(audit.cashFromTrades + audit.interestEarned - row.cash) < 1e-6, "\(row.date)")
            #expect(abs(audit.marksByComponent.values.reduce(0, +) - audit.marks) < 1e-6)
            #expect(row.equity.isFinite && row.delta.isFinite && row.vega.isFinite && row.stressLoss5pct.isFinite)
            #expect(audit.unpricedLegs == 0, "\(row.date): \(audit.unpricedLegs) legs without model inputs")
        }
    }

    @Test func nothingTradesBeforeItsProductWasListed() throws {
        let run = try EngineData.run("2006-01-03", "2006-04-28")
        let vixTrades = run.result.trades.filter { $0.product == .vix }
        #expect(vixTrades.allSatisfy { $0.date >= day("2006-02-24") })
        for (from, to) in ranges {
            for trade in try EngineData.run(from, to).result.trades {
                #expect(trade.product.isListed(on: trade.date), "\(trade.product) on \(trade.date)")
            }
        }
    }

    @Test(arguments: ranges)
    func settlementsPayIntrinsicValueAtTheSettlementPrint(_ range: (String, String)) throws {
        let run = try EngineData.run(range.0, range.1)
        let history = try EngineData.builder.get().history
        for trade in run.result.trades where trade.reason == .settlement {
            let expiry = try #require(run.positionExpiries[trade.positionID])
            #expect(trade.date == expiry.settlementDate)
            let bar = try #require(history.day(trade.date))
            let print: Double
            switch (trade.product, expiry.style) {
            case (.vix, _): print = try #require(bar.vixOpen)
            case (_, .am): print = try #require(bar.spxOpen) * trade.product.indexScale
            case (_, .pm): print = bar.spxClose * trade.product.indexScale
            }
            let intrinsic = trade.type == .call ? max(print - trade.strike, 0) : max(trade.strike - print, 0)
            #expect(abs(trade.price - intrinsic) < 1e-9, "\(trade)")
            #expect(trade.bid == nil && trade.ask == nil && trade.fees == 0)
        }
    }

    /// With the default configuration, where cores were opened before the crash, a hedge is
    /// held through each crash day itself, and the hedges make money on the crash day and
    /// over its week. Every core was stopped out days before (2020-02-24): the hedge target remembers their exposure for
    /// `exposureLookbackSessions`, so the hedges bought for them are rolled, not dropped.
    /// The hedges' P&L on a day is the change of their marks plus their cash flows, and the
    /// crash-day gain must be part of the ledger's equity move and of the book the trade log
    /// rebuilds.
    @Test(arguments: [("2008-06-02", "2008-12-31", "2008-10-15", "2008-10-13", "2008-10-17"),
                      ("2020-01-02", "2020-06-30", "2020-03-16", "2020-03-16", "2020-03-20")])
    func hedgesOnTheCrashDays(_ crash: (String, String, String, String, String)) throws {
        let run = try EngineData.run(crash.0, crash.1)
        let ledger = run.result.ledger, trades = run.result.trades
        let crashDay = day(crash.2)
        func pnl(_ component: Component, _ i: Int) -> Double {
            let before = run.audit[i - 1].marksByComponent[component] ?? 0
            let after = run.audit[i].marksByComponent[component] ?? 0
            let flows = trades.filter { $0.date == ledger[i].date && $0.component == component }
            return after - before + flows.reduce(0) { $0 + $1.cashFlow }
        }
        let i = try #require(ledger.firstIndex { $0.date == crashDay })
        let week = ledger.indices.filter { (day(crash.3)...day(crash.4)).contains(ledger[$0].date) }
        let dayPnL = pnl(.hedge, i)
        let weekPnL = week.reduce(0) { $0 + pnl(.hedge, $1) }

        // Held over the close before the crash day and through its own close, by the trade
        // log (net contracts of each hedge leg) as well as by the marks.
        func openHedges(atCloseOf date: TradingDate) -> Set<Int> {
            var net: [String: Int] = [:]
            for trade in trades where trade.component == .hedge && trade.date <= date {
                net["\(trade.positionID) \(trade.type) \(trade.strike)", default: 0] += trade.quantity
            }
            return Set(net.filter { $0.value != 0 }.keys.compactMap { Int($0.split(separator: " ")[0]) })
        }
        let heldBefore = openHedges(atCloseOf: ledger[i - 1].date), heldAfter = openHedges(atCloseOf: crashDay)
        print("hedges on \(crash.2): held \(heldBefore.sorted()) -> \(heldAfter.sorted()), marks "
            + "\(run.audit[i - 1].marksByComponent[.hedge] ?? 0) -> \(run.audit[i].marksByComponent[.hedge] ?? 0), "
            + "P&L \(dayPnL); \(crash.3)...\(crash.4): \(weekPnL)")
        // Hedges are sized on the cores' exposure: where the run opened no core before the
        // crash (2008 with the spreads of that era: the probes lose, sentiment never turns
        // bullish), no hedge may have been bought either; where it opened one but bought no
        // hedge (2008: one core, stopped the next day, while the hedge's budget covered no
        // spread and then VIX stood above the entry threshold), the hedge's refusal says why
        // on each day a core was opened.
        guard trades.contains(where: { $0.component == .core && $0.date < crashDay }) else {
            #expect(!trades.contains { $0.component == .hedge }, "a hedge was bought with no core exposure")
            return
        }
        guard trades.contains(where: { $0.component == .hedge && $0.date < crashDay }) else {
            let coreDays = Set(trades.filter { $0.component == .core && $0.reason == .open && $0.date < crashDay }.map(\.date))
            for date in coreDays {
                #expect(run.result.refusals.contains { $0.date == date && $0.component == .hedge && !$0.reason.isEmpty },
                        "core opened on \(date) with no hedge and no hedge refusal")
            }
            return
        }
        #expect(!heldBefore.isEmpty && !heldAfter.isEmpty, "no hedge held on \(crash.2)")
        #expect((run.audit[i - 1].marksByComponent[.hedge] ?? 0) > 0 && (run.audit[i].marksByComponent[.hedge] ?? 0) > 0)
        #expect(dayPnL > 0, "hedges made \(dayPnL) on \(crash.2)")
        #expect(weekPnL > 0, "hedges made \(weekPnL) over \(crash.3)...\(crash.4)")

        // The ledger's equity move on the crash day is the sum of the components' P&L, the
        // hedges' gain included, and the interest cash earned since the last close.
        let components = Component.allCases.reduce(0) { $0 + pnl($1, i) }
        #expect(abs(ledger[i].equity - ledger[i - 1].equity - components - ledger[i].interest) < 1e-6)
    }

    /// With a configuration that trades cores from the top notch, the hedges bought in the
    /// calm of January 2020 pay in the crash.
    @Test func hedgesPayInTheCovidCrashWhenCoresTrade() throws {
        let config = try StrategyConfig.decode(json: #"{"core": {"minCredit": 0, "bwbDelta": 0.25}, "notch": {"startNotch": 5000, "downOnLossShare": 1.0}}"#)
        let run = try EngineData.engine(config).runAudited(from: day("2019-10-01"), to: day("2020-06-30"))
        let ledger = run.result.ledger
        var pnl = 0.0, held = false
        for i in ledger.indices.dropFirst() where (day("2020-02-20")...day("2020-03-20")).contains(ledger[i].date) {
            let before = run.audit[i - 1].marksByComponent[.hedge] ?? 0
            let after = run.audit[i].marksByComponent[.hedge] ?? 0
            let flows = run.result.trades.filter { $0.date == ledger[i].date && $0.component == .hedge }
            pnl += after - before + flows.reduce(0) { $0 + $1.cashFlow }
            held = held || before != 0
        }
        print("hedge P&L 2020-02-20...2020-03-20 with cores trading: \(pnl) (held: \(held))")
        #expect(held)
        #expect(pnl > 0)
    }

    @Test func sameInputsGiveTheSameRun() throws {
        let engine = try EngineData.engine()
        let a = try engine.run(from: day("2020-01-02"), to: day("2020-03-31"))
        let b = try engine.run(from: day("2020-01-02"), to: day("2020-03-31"))
        #expect(a.trades == b.trades)
        #expect(a.ledger == b.ledger)
        #expect(a.risk == b.risk)
        #expect(a.refusals == b.refusals)
        #expect(a.parameters == b.parameters)
    }

    @Test func aChangedParameterInAConfigFileChangesTheRun() throws {
        let changed = try StrategyConfig.decode(json: #"{"probe": {"probeDelta": 0.30, "probeWidth": 3}}"#)
        #expect(changed.probe.probeDelta == 0.30)
        let base = try EngineData.engine().run(from: day("2020-01-02"), to: day("2020-03-31"))
        let other = try EngineData.engine(changed).run(from: day("2020-01-02"), to: day("2020-03-31"))
        #expect(base.trades != other.trades)
        #expect(other.parameters["probe"]?["probeDelta"] == .number(0.30))
    }

    @Test func badRangesAreRefused() throws {
        let engine = try EngineData.engine()
        #expect(throws: BacktestEngineError.self) { try engine.run(from: day("2020-02-01"), to: day("2020-01-01")) }
        #expect(throws: BacktestEngineError.self) { try engine.run(from: day("1990-01-01"), to: day("1990-12-31")) }
    }

    /// Series the chain builder does not hold are quoted by the model exactly as the builder
    /// would quote them on its grid: asked for series that are on the grid, the model quotes
    /// equal the chain's.
    @Test func modelQuotesMatchTheChainBuilder() throws {
        let builder = try EngineData.builder.get()
        var workspace = ChainWorkspace()
        for (iso, product, dte) in [("2008-10-15", OptionProduct.spx, 30), ("2020-03-16", .xsp, 15), ("2017-06-01", .vix, 50),
                                     ("2012-06-01", .spx, 10)] {
            let date = day(iso)
            let chain = try builder.chain(on: date, product: product, minDTE: dte - 8, maxDTE: dte + 8)
            let picked = Array(stride(from: 0, to: chain.count, by: max(1, chain.count / 40)))
            let requests = picked.map { SeriesRequest(expiry: chain[$0].expiry, type: chain[$0].type, strike: chain[$0].strike) }
            let quotes = try builder.modelQuotes(requests, on: date, product: product, workspace: &workspace)
            #expect(quotes.count == picked.count)
            for (i, modelQuote) in zip(picked, quotes) {
                let quote = chain[i]
                let model = try #require(modelQuote)
                #expect(abs(model.mid - quote.mid) <= 1e-9 * max(1, quote.mid), "\(iso) \(product) \(quote.strike)")
                #expect(model.bid == quote.bid && model.ask == quote.ask, "\(iso) \(product) \(quote.strike)")
                #expect(abs(model.delta - quote.delta) <= 1e-9)
                #expect(model.source == .synthetic)
            }
        }
        // Off the grid: a strike between two listed ones is quoted, between its neighbours' values.
        let date = day("2012-06-01")
        let chain = try builder.chain(on: date, product: .spx, minDTE: 20, maxDTE: 40)
        let e = try #require(chain.expiryNearest(days: 30, within: 20...40))
        let puts = chain.indices(expiry: e, type: .put)
        let i = puts.lowerBound + puts.count / 2
        let between = 0.5 * (chain.strikes[i] + chain.strikes[i + 1])
        let quote = try #require(try builder.modelQuotes([SeriesRequest(expiry: chain.expiries[e], type: .put, strike: between)],
                                                         on: date, product: .spx, workspace: &workspace)[0])
        #expect(chain.mids[i] < quote.mid && quote.mid < chain.mids[i + 1])
    }
}

/// No look-ahead inside the data: a run over a history that ends on day D must match, trade
/// for trade and day for day, the same run over the full 2005-2025 history up to D. Anything
/// the engine, the chains or the surface read from after D would make them differ.
@Suite("No look-ahead in the market data", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct LookAheadTests {
    @Test(arguments: [("2020-01-02", "2020-03-13"), ("2008-08-01", "2008-10-10")])
    func historyCutAtTheLastDayChangesNothing(_ range: (String, String)) throws {
        let (from, to) = (day(range.0), day(range.1))
        let full = try EngineData.run(range.0, range.1).result
        let options = MarketHistory.Options(lastDay: to)
        let cutBuilder = try ChainBuilder.load(from: EngineData.directory!, options: options)
        #expect(cutBuilder.history.dates.last == to)
        let cut = try BacktestEngine(history: cutBuilder.history, chains: cutBuilder, config: .default)
            .runAudited(from: from, to: to).result
        #expect(full.trades.count > 0)
        #expect(cut.trades == full.trades)
        #expect(cut.ledger == full.ledger)
        #expect(cut.refusals == full.refusals)
    }
}
