import Foundation
import Market
import Pricing
import Tabular
import TestSupport
import Testing
@testable import Validation

private func day(_ text: String) -> TradingDate { TradingDate(iso: text)! }

@Suite("Strategy index files", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct StrategyIndexFileTests {
    let directory = RealMarketData.directory!

    @Test func readsTheThreeCboeHistories() throws {
        let put = try StrategyIndexHistory.load(.put, from: directory)
        #expect(put.dates.count == 4957)
        #expect(put.dates.first == day("1991-03-04") && put.levels.first == 153.5)
        #expect(put.dates.last == day("2026-09-04") && put.levels.last == 3628.8)
        let bxm = try StrategyIndexHistory.load(.bxm, from: directory)
        #expect(bxm.dates.count == 6080)
        #expect(bxm.dates.first == day("2002-03-22") && bxm.levels.first == 584.3)
        #expect(bxm.level(on: day("2026-05-26")) == 2405.22)
        let cndr = try StrategyIndexHistory.load(.cndr, from: directory)
        #expect(cndr.dates.count == 10125)
        #expect(cndr.levels.first == 100 && cndr.dates.first == day("1986-06-20"))
        #expect(cndr.level(on: day("2026-09-04")) == 816.24)
        // No session of the replay range is missing from the published files' daily part.
        #expect(bxm.level(on: day("2005-01-21")) != nil && put.level(on: day("2007-01-19")) != nil)
    }

    @Test func readsTheVXTHCalls() throws {
        let days = try VXTHHistory.load(from: directory)
        #expect(days.count == 1457)
        let first = try #require(days.first)
        #expect(first.date == day("2006-03-22") && first.expiration == day("2006-04-19"))
        #expect(first.strike == 15 && first.mid == 0.275 && first.bid == 0 && first.calls == 0)
        let last = try #require(days.last)
        #expect(last.date == day("2011-12-30") && last.strike == 32.5 && last.bid == 0.9 && last.ask == 0.95)
        #expect(last.calls == 0.113391919)
        #expect(days.filter(\.holdsCall).count > 1300)
    }

    @Test func aBadFieldIsNamedByFileRowAndColumn() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "DATE,PUT\n01/03/2007,100\n01/04/2007,abc\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: TabularError(file: path, line: 3, column: "PUT", reason: .expected("a number", found: "abc"))) {
            try StrategyIndexHistory.load(.put, path: path)
        }
        try "DATE,PUT\n01/04/2007,100\n01/03/2007,101\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try StrategyIndexHistory.load(.put, path: path)
            Issue.record("dates out of order were accepted")
        } catch {
            #expect(error.file == path && error.line == 3 && error.column == "DATE")
        }
        try "DATE,BXM\n01/03/2007,100\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: TabularError(file: path, line: 1, column: "PUT", reason: .missingColumn)) {
            try StrategyIndexHistory.load(.put, path: path)
        }
    }
}

@Suite("Synthesized replay market", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct SynthesizedReplayMarketTests {
    /// The replay's marks are the synthesized chain's mids and deltas, strike for strike.
    @Test func marksAreTheSynthesizedChainsMids() throws {
        let builder = ChainBuilder(history: try realHistory.get())
        let date = day("2015-06-03")
        let market = SynthesizedReplayMarket(builder: builder, from: date, through: date)
        let chain = try builder.chain(on: date, product: .spx, minDTE: 10, maxDTE: 60)
        let expiry = IndexReplay.nextExpiry(after: day("2015-05-15"), listing: .nyse)
        var compared = 0
        let e = try #require(chain.expiryPosition(expiry))
        for type in [OptionType.put, .call] {
            for i in chain.indices(expiry: e, type: type) {
                let quote = try market.quote(ReplayOption(type: type, strike: chain.strikes[i], expiry: expiry), session: 0)
                #expect(abs(quote.mid - chain.mids[i]) <= 1e-9 * max(1, chain.mids[i]), "\(type) \(chain.strikes[i])")
                #expect(abs(quote.delta - chain.deltas[i]) <= 1e-9)
                compared += 1
            }
        }
        #expect(compared > 100)
        // One vol point more makes every option dearer by about its vega.
        let shifted = SynthesizedReplayMarket(builder: builder, from: date, through: date, volatilityShift: 0.01)
        let atm = ReplayOption(type: .put, strike: (chain.spot / 5).rounded() * 5, expiry: expiry)
        let base = try market.quote(atm, session: 0).mid, up = try shifted.quote(atm, session: 0).mid
        // ATM vega per vol point: 0.01 S sqrt(T) / sqrt(2 pi), T about 16 days to 2015-06-19.
        let vega = 0.01 * chain.spot * (16.0 / 365).squareRoot() / (2 * Double.pi).squareRoot()
        #expect(abs((up - base) / vega - 1) < 0.1, "\(up - base) vs \(vega)")
    }

    /// A roll trades at the 11:30-12:00 stand-in: the level expected 2.25 of the session's 6.5
    /// hours in, given the session's open, high, low and close (``BrownianBridgeRange``), each
    /// strike's vol that share of the way from the previous close's to this close's. On
    /// 2015-08-21 SPX fell 3.2% and VIX rose from 19 to 28: the roll's put is priced between
    /// the two closes', not at the close's.
    @Test func rollsTradeBetweenTheOpenAndTheClose() throws {
        let builder = ChainBuilder(history: try realHistory.get())
        let date = day("2015-08-21"), before = day("2015-08-20")
        let market = SynthesizedReplayMarket(builder: builder, from: date, through: date)
        let session = try #require(market.sessions.first)
        let open = try #require(session.open)
        let share = 2.25 / 6.5
        #expect(StrategyIndex.put.rollMinute == 705 && StrategyIndex.cndr.rollMinute == 660)
        let high = try #require(session.high), low = try #require(session.low)
        let expected = try #require(BrownianBridgeRange.expectedLevel(atShare: share, open: open, high: high, low: low,
                                                                      close: session.close))
        #expect(abs(market.rollLevel(session: 0, minute: 705) - expected) < 1e-9)
        #expect(expected > low && expected < high)
        // Without the high and low, the straight line from the open to the close.
        var bare = session
        bare.high = nil
        bare.low = nil
        let line = SynthesizedReplayMarket(builder: builder, sessions: [bare])
        #expect(abs(line.rollLevel(session: 0, minute: 705) - (open + share * (session.close - open))) < 1e-9)

        let expiry = IndexReplay.nextExpiry(after: date, listing: .nyse)
        let option = ReplayOption(type: .put, strike: 2000, expiry: expiry)
        let t = ExpiryListing.nyse.yearsToSettlement(of: expiry, from: date)
        let volBefore = try builder.surface(on: before, product: .spx).slice(timeToExpiry: t).volatility(strike: 2000)
        let volClose = try builder.surface(on: date, product: .spx).slice(timeToExpiry: t).volatility(strike: 2000)
        #expect(volClose > volBefore + 0.03, "the day's vol spike: \(volBefore) to \(volClose)")
        let vol = volBefore + share * (volClose - volBefore)
        let byHand = BlackScholes.greeks(.put, spot: market.rollLevel(session: 0, minute: 705), strike: 2000, timeToExpiry: t,
                                         rate: session.rate, dividendYield: session.dividendYield, volatility: vol)
        let roll = try market.rollQuote(option, session: 0, minute: 705)
        #expect(abs(roll.mid - byHand.price) < 1e-9 && abs(roll.delta - byHand.delta) < 1e-12)
        let close = try market.quote(option, session: 0)
        #expect(roll.mid < close.mid, "before the afternoon's fall the put was cheaper: \(roll.mid) vs \(close.mid)")
    }
}
