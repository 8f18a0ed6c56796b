import Foundation
import Market
import Pricing
import Testing
import TestSupport
@testable import Validation

@Suite("Forwards of a real chain against the history's carry")
struct ForwardCarryTests {
    /// Weekly PM expiries of 2023 `days` after 2023-09-14.
    static func expiry(_ days: Int) -> ListedExpiry {
        let date = StructurePricingTests.date.adding(days: days)
        return ListedExpiry(product: .spx, root: .spxw, cycle: .weekly, style: .pm, expirationDate: date,
                            settlementDate: date, settlementMinute: 960, lastTradingDate: date)
    }

    /// Puts and calls 4300...4700 of expiries 3, 29, 92 and 365 days out, priced by Black-Scholes
    /// at the history's r and q from a spot of 4500 e^{level + carry t} (so each forward is the
    /// close's forward times e^{level + carry t}), labelled with the close 4500 as underlying.
    static func chain(level: Double, carry: Double) -> OptionChain {
        let r = 0.053, q = 0.015, close = 4500.0
        let days = [3, 29, 92, 365]
        var columns = OptionColumns()
        for (e, d) in days.enumerated() {
            let t = Double(d) / 365
            let quotedSpot = close * Foundation.exp(level + carry * t)
            for type in [OptionType.put, .call] {
                for strike in stride(from: 4300.0, through: 4700, by: 25) {
                    let vol = 0.14 - 0.2 * log(strike / close)
                    let g = BlackScholes.greeks(type, spot: quotedSpot, strike: strike, timeToExpiry: t, rate: r,
                                                dividendYield: q, volatility: vol)
                    columns.append(OptionQuote(expiry: expiry(d), type: type, strike: strike, underlying: close,
                                               timeToExpiry: t, bid: g.price - 0.05, ask: g.price + 0.05, mid: g.price,
                                               iv: .nan, delta: g.delta, gamma: g.gamma, vega: g.vega, theta: g.theta,
                                               source: .real), expiryIndex: e)
                }
            }
        }
        return OptionChain(date: StructurePricingTests.date, product: .spx, spot: close, rate: r, dividendYield: q,
                           expiries: days.map(expiry), underlyings: days.map { _ in close },
                           timesToExpiry: days.map { Double($0) / 365 }, columns: columns)
    }

    @Test func theLineSeparatesTheLevelAtTheQuotesMomentFromAMissedCarry() throws {
        // 12 basis points of level (quotes taken after the index moved) and 0.6% a year of carry.
        let row = try #require(ForwardCarry.row(Self.chain(level: 0.0012, carry: 0.006), close: 4500, isClosing: true))
        // The 3-day expiry is outside 5-200 days, the 365-day one too: two points, the line exact.
        #expect(row.expiries == 2)
        #expect(abs(row.levelGapBasisPoints - 12) < 1e-6, "\(row.levelGapBasisPoints)")
        #expect(abs(row.carryGapPercent - 0.6) < 1e-6, "\(row.carryGapPercent)")
        #expect(row.rate == 0.053 && row.dividendYield == 0.015)
        // Quotes on the history's own forward give no gap.
        let none = try #require(ForwardCarry.row(Self.chain(level: 0, carry: 0), close: 4500, isClosing: true))
        #expect(abs(none.levelGapBasisPoints) < 1e-6 && abs(none.carryGapPercent) < 1e-6)
    }

    @Test func anXSPChainIsReadAgainstTheCloseInItsOwnPoints() throws {
        let spx = Self.chain(level: 0.002, carry: -0.004)
        var columns = OptionColumns()
        for i in 0..<spx.count {
            var quote = spx[i]
            quote.strike /= 10
            quote.underlying /= 10
            quote.bid /= 10
            quote.ask /= 10
            quote.mid /= 10
            columns.append(quote, expiryIndex: Int(spx.expiryIndex[i]))
        }
        let xsp = OptionChain(date: spx.date, product: .xsp, spot: 450, rate: spx.rate, dividendYield: spx.dividendYield,
                              expiries: spx.expiries, underlyings: spx.underlyings.map { $0 / 10 },
                              timesToExpiry: spx.timesToExpiry, columns: columns)
        let row = try #require(ForwardCarry.row(xsp, close: 4500, isClosing: false))
        #expect(abs(row.levelGapBasisPoints - 20) < 1e-6 && abs(row.carryGapPercent + 0.4) < 1e-6)
    }

    @Test func oneExpiryWithAForwardDrawsNoLine() {
        let chain = Self.chain(level: 0, carry: 0)
        var columns = OptionColumns()
        for i in 0..<chain.count where chain.expiryIndex[i] <= 1 {
            columns.append(chain[i], expiryIndex: Int(chain.expiryIndex[i]))
        }
        let short = OptionChain(date: chain.date, product: .spx, spot: 4500, rate: chain.rate,
                                dividendYield: chain.dividendYield, expiries: Array(chain.expiries.prefix(2)),
                                underlyings: [4500, 4500], timesToExpiry: Array(chain.timesToExpiry.prefix(2)),
                                columns: columns)
        #expect(ForwardCarry.row(short, close: 4500, isClosing: true) == nil)
    }

    @Test func yearsAreMediansOfTheClosingChains() {
        func row(_ year: Int, _ carry: Double, closing: Bool = true) -> ForwardCarryRow {
            ForwardCarryRow(date: TradingDate(year: year, month: 5, day: 1)!, product: .spx, isClosing: closing,
                            expiries: 3, levelGapBasisPoints: carry * 10, carryGapPercent: carry, rate: 0.02,
                            dividendYield: 0.02)
        }
        let years = ForwardCarry.byYear([row(2019, 0.1), row(2019, 0.3), row(2019, 0.2), row(2019, 9, closing: false),
                                         row(2023, 0.5)])
        #expect(years.map(\.year) == [2019, 2023])
        #expect(years[0].chains == 3 && abs(years[0].carryGapPercent - 0.2) < 1e-12)
        #expect(abs(years[0].levelGapBasisPoints - 2) < 1e-12 && abs(years[1].carryGapPercent - 0.5) < 1e-12)
    }
}

@Suite("Forwards of the real closing chains", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct ForwardCarryRealChainTests {
    /// The vendor's daily chains of April-May 2019 (lambdaclass, 24 days; six at the close,
    /// eighteen taken during the session): SPX options are financed above the T-bill rate,
    /// so their forwards run ahead of the history's carry on every day, by a fraction of a
    /// percent a year; the close-to-quote level moves both ways, as session quotes do.
    @Test func theMay2019ForwardsCarryMoreThanTheTBillLessTheTrailingYield() throws {
        let history = try realHistory.get()
        let catalog = try RealChainCatalog.discover(in: RealMarketData.directory!)
        let entries = catalog.entries.filter { $0.layout == .lambdaclass && $0.product == .spx }
        let builder = ChainBuilder(history: history, realChains: RealChainLibrary(try entries.map(catalog.snapshot(of:))))
        var rows: [ForwardCarryRow] = []
        for entry in entries {
            let real = try ChainPair.realChain(date: entry.date, product: .spx, builder: builder, strikeWindow: 0.5)
            let close = try #require(history.day(entry.date)?.spxClose)
            rows.append(try #require(ForwardCarry.row(real, close: close, isClosing: true), "\(entry.date)"))
        }
        let carries = rows.map(\.carryGapPercent), levels = rows.map(\.levelGapBasisPoints)
        print("2019-04-25..05-31: \(rows.count) chains, carry gap \(carries.min()!)..\(carries.max()!) %/yr (median \(QuoteStatistics.median(carries))), level gap \(levels.min()!)..\(levels.max()!) bp")
        #expect(rows.count >= 20)
        #expect(carries.allSatisfy { $0 > 0 && $0 < 0.6 })
        #expect(levels.contains { $0 > 10 } && levels.contains { $0 < -10 })
    }
}
