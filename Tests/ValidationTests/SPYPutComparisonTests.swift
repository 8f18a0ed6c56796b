import Foundation
import Market
import Pricing
import Testing
import TestSupport
@testable import Validation

private func day(_ iso: String) -> TradingDate { TradingDate(iso: iso)! }

/// Black-76 put, discounted: written out here so that the mapping is checked against an
/// independent price rather than the project's kernel.
private func black76Put(forward f: Double, strike k: Double, volatility v: Double, years t: Double, rate r: Double) -> Double {
    let s = v * t.squareRoot()
    let d1 = (Foundation.log(f / k) + 0.5 * s * s) / s, d2 = d1 - s
    func n(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
    return Foundation.exp(-r * t) * (k * n(-d2) - f * n(-d1))
}

@Suite("SPY's forward")
struct SPYForwardTests {
    @Test func exDividendOnTheThirdFridayOfEachQuarterEndMonth() {
        #expect(SPYForward.exDividendDates(after: day("2023-09-14"), through: day("2023-10-20")) == [day("2023-09-15")])
        #expect(SPYForward.exDividendDates(after: day("2023-09-15"), through: day("2023-12-14")).isEmpty)
        #expect(SPYForward.exDividendDates(after: day("2023-09-15"), through: day("2023-12-15")) == [day("2023-12-15")])
        #expect(SPYForward.exDividendDates(after: day("2022-11-01"), through: day("2023-06-30"))
                == [day("2022-12-16"), day("2023-03-17"), day("2023-06-16")])
        // 2008-03-21, the third Friday, was Good Friday: the session before.
        #expect(SPYForward.exDividendDates(after: day("2008-03-01"), through: day("2008-04-30")) == [day("2008-03-20")])
    }

    @Test func aQuarterOfTheIndexYieldLessTheExpenseRatioGoesOnce() {
        let none = SPYForward.forward(spot: 400, rate: 0.05, indexDividendYield: 0.02, quoteDate: day("2023-10-02"),
                                      settlement: day("2023-11-17"), years: 46.0 / 365)
        #expect(abs(none - 400 * Foundation.exp(0.05 * 46 / 365)) < 1e-9)
        let one = SPYForward.forward(spot: 400, rate: 0.05, indexDividendYield: 0.02, quoteDate: day("2023-11-01"),
                                     settlement: day("2023-12-15"), years: 44.0 / 365)
        let dividend = 400 * (0.02 - 0.000945) / 4
        #expect(abs(one - (400 - dividend * Foundation.exp(-0.05 * 44 / 365)) * Foundation.exp(0.05 * 44 / 365)) < 1e-9)
    }
}

@Suite("The SPY comparison on the real data", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct SPYPutComparisonRealTests {
    static let history = realHistory

    @Test func theForwardAgainstSPYsOwnParityOn20230914() throws {
        // The real SPY chain (calls and puts) gives each expiry's forward by parity; SPY went ex
        // $1.58 on 2023-09-15. The expiry on the ex-date itself is left out (calls are exercised
        // the day before it, so parity does not hold there). Parity of American options drifts
        // below the forward as the term grows (early exercise of the puts at 5.4% rates: 0.04% at
        // 43 days, 0.08% at 64), so the comparison stops at the 45 days the extract reaches.
        let path = RealMarketData.directory!.path + "/options/spy_2023-09-14_close_cboe_quotedata_raw.csv.gz"
        let spy = try ChainSnapshot.loadQuotedata(path: path)
        let market = try #require(try Self.history.get().day(day("2023-09-14")))
        let rate = try #require(market.riskFreeRate), yield = try #require(market.dividendYield)
        var compared = 0
        for expiration in spy.expirationDates where expiration > day("2023-09-15") && expiration <= day("2023-10-27") {
            let rows = spy.indices(expiringOn: expiration)
            let t = spy.yearsToSettlement(at: rows[0])
            var calls: [Double: Double] = [:]
            for i in rows where spy.types[i] == .call && spy.flags[i].isTwoSided { calls[spy.strikes[i]] = spy.mid(at: i) }
            let pairs = rows.compactMap { i -> (strike: Double, callLessPut: Double)? in
                guard spy.types[i] == .put, spy.flags[i].isTwoSided, let call = calls[spy.strikes[i]] else { return nil }
                return (spy.strikes[i], call - spy.mid(at: i))
            }
            let parity = try #require(PutCallParity.forward(pairs, growth: Foundation.exp(rate * t), minimumStrikes: 3))
            let model = SPYForward.forward(spot: spy.underlyingLast, rate: rate, indexDividendYield: yield,
                                           quoteDate: spy.quoteDate, settlement: expiration, years: t)
            let continuous = spy.underlyingLast * Foundation.exp((rate - yield) * t)
            #expect(abs(model / parity - 1) < 5e-4, "\(expiration): \(model) against parity \(parity)")
            #expect(abs(continuous / parity - 1) > 1.5e-3, "\(expiration)")
            compared += 1
        }
        #expect(compared >= 14)
    }

    @Test func earlyExerciseIsTheBasisNearTheMoney() throws {
        // 2023-09-14, SPY and SPX both real at the close: the at-the-money (0.35-0.50 delta)
        // puts 20-45 days out, SPY less SPX at the same forward moneyness, with and without
        // SPY's early-exercise premium.
        let history = try Self.history.get()
        let options = RealMarketData.directory!.path + "/options/"
        let spy = try ChainSnapshot.loadQuotedata(path: options + "spy_2023-09-14_close_cboe_quotedata_raw.csv.gz")
        let spxSnapshot = try ChainSnapshot.loadQuotedata(path: options + "spx_2023-09-14_close_cboe_quotedata_raw.csv.gz")
        let builder = ChainBuilder(history: history, realChains: RealChainLibrary([spxSnapshot]))
        let spx = try ChainPair.realChain(date: day("2023-09-14"), product: .spx, builder: builder, strikeWindow: 0.5)
        func atTheMoney(_ rows: [QuoteBucketRow]) -> Double? {
            rows.first { $0.dteBucket == .medium && $0.deltaBucket == .put35 }?.medianIVBias
        }
        let american = try #require(atTheMoney(try SPYPutComparison.basis(spy: spy, spx: spx, history: history,
                                                                          europeanized: false)))
        let european = try #require(atTheMoney(try SPYPutComparison.basis(spy: spy, spx: spx, history: history)))
        #expect(american > 0.15 && abs(european) < 0.1, "\(american) \(european)")
    }

    @Test func theSPXEquivalentChainKeepsEachPutsVolatility() throws {
        // SPY puts priced at 18% by Black-76 on SPY's forward: mapped to SPX and solved as any
        // real SPX quote, each gives back 18%, whatever the SPX/SPY ratio and dividend timing.
        let history = try Self.history.get()
        let quoteDate = day("2023-11-01"), expiration = day("2023-12-15")
        let market = try #require(history.day(quoteDate))
        let rate = try #require(market.riskFreeRate), yield = try #require(market.dividendYield)
        // PM settlement at the close of 2023-12-15, 44 days after the close of 2023-11-01.
        let t = 44.0 / 365
        let forward = SPYForward.forward(spot: 421.5, rate: rate, indexDividendYield: yield, quoteDate: quoteDate,
                                         settlement: expiration, years: t)
        var fixture = ChainSnapshot(product: .spy, quoteDate: quoteDate, underlyingLast: 421.5, source: "fixture")
        for strike in stride(from: 330.0, through: 421.0, by: 7) {
            let price = black76Put(forward: forward, strike: strike, volatility: 0.18, years: t, rate: rate)
            fixture.append(root: .spy, expiration: expiration, style: .pm, type: .put, strike: strike,
                           bid: 0.99 * price, ask: 1.01 * price)
        }
        let (equivalent, scale) = try SPYPutComparison.spxEquivalent(fixture, history: history, europeanized: false)
        #expect(abs(scale - market.spxClose * Foundation.exp((rate - yield) * t) / forward) < 1e-12)
        let builder = ChainBuilder(history: history, realChains: RealChainLibrary([equivalent]))
        let real = try ChainPair.realChain(date: quoteDate, product: .spx, builder: builder, strikeWindow: 0.5)
        #expect(real.count == fixture.count && abs(fixture.yearsToSettlement(at: 0) - t) < 1e-12)
        for i in 0..<real.count { #expect(abs(real.ivs[i] - 0.18) < 1e-6, "\(real.strikes[i]): \(real.ivs[i])") }
    }
}

@Suite("American puts by a binomial tree")
struct AmericanPutTreeTests {
    /// Black-Scholes put on a stock without dividends, written out (the exact European value).
    static func europeanPut(spot s: Double, strike k: Double, years t: Double, rate r: Double, volatility v: Double) -> Double {
        black76Put(forward: s * Foundation.exp(r * t), strike: k, volatility: v, years: t, rate: r)
    }

    @Test func longstaffSchwartzBenchmarks() {
        // Longstaff and Schwartz (2001), table 1: K 40, r 6%, sigma 20%, one year; their finite
        // differences give 4.478 (S 36), 2.314 (S 40) and 1.110 (S 44) for the American put,
        // themselves within about 0.01 of the converged value.
        for (spot, american) in [(36.0, 4.478), (40.0, 2.314), (44.0, 1.110)] {
            let value = Self.europeanPut(spot: spot, strike: 40, years: 1, rate: 0.06, volatility: 0.2)
                + AmericanPutTree.earlyExercisePremium(spot: spot, strike: 40, years: 1, rate: 0.06, volatility: 0.2)
            #expect(abs(value - american) < 0.012, "S \(spot): \(value)")
        }
        // The textbook case S = K = 100, r 5%, sigma 20%, one year: 6.090 against 5.574 European.
        let value = Self.europeanPut(spot: 100, strike: 100, years: 1, rate: 0.05, volatility: 0.2)
            + AmericanPutTree.earlyExercisePremium(spot: 100, strike: 100, years: 1, rate: 0.05, volatility: 0.2)
        #expect(abs(value - 6.090) < 0.005, "\(value)")
    }

    @Test func noPremiumWithoutInterest() {
        // At a zero rate a put is never worth exercising early, dividends or not.
        #expect(AmericanPutTree.earlyExercisePremium(spot: 100, strike: 110, years: 0.5, rate: 0, volatility: 0.3) < 1e-12)
        #expect(AmericanPutTree.earlyExercisePremium(spot: 100, strike: 110, years: 0.5, rate: 0, volatility: 0.3,
                                                     dividends: [.init(years: 0.25, amount: 2)]) < 1e-12)
    }

    @Test func aDividendBeforeExpiryDefersExercise() {
        // The holder of a deep put waits for the drop: the premium shrinks as the dividend grows.
        let none = AmericanPutTree.earlyExercisePremium(spot: 100, strike: 120, years: 0.25, rate: 0.05, volatility: 0.2)
        let paid = AmericanPutTree.earlyExercisePremium(spot: 100, strike: 120, years: 0.25, rate: 0.05, volatility: 0.2,
                                                        dividends: [.init(years: 0.2, amount: 3)])
        #expect(none > 0.1 && paid < none)
    }
}

@Suite("The SPY report's band tables")
struct SPYPutReportBandTests {
    /// A snapshot with one 20-45 DTE row per put bucket, each at `bias` (the 0.35-0.50 bucket
    /// at `nearTheMoney`), and a 45-90 DTE row at 9 that no band table may read.
    static func snapshot(_ iso: String, vix: Double, vix3m: Double, vvix: Double = .nan, bias: Double,
                         nearTheMoney: Double) -> SPYPutComparison.Day {
        let date = day(iso)
        func row(_ dte: DTEBucket, _ bucket: DeltaBucket, _ value: Double) -> QuoteBucketRow {
            QuoteBucketRow(date: date, product: .spx, isClosing: true, dteBucket: dte, deltaBucket: bucket, count: 5,
                           medianIVBias: value, meanIVBias: value, medianWidthRatio: 1, medianRealWidth: 1,
                           medianSynthesizedWidth: 1)
        }
        let rows = DeltaBucket.puts.map { row(.medium, $0, $0 == .put35 ? nearTheMoney : bias) } + [row(.long, .put35, 9)]
        let butterfly = StructureRow(date: date, product: .spx, isClosing: true, kind: .coreButterfly, expiry: nil,
                                     daysToExpiry: nil, legs: "", synthesizedMid: .nan, realMid: .nan, synthesizedFill: .nan,
                                     realFill: .nan, realNatural: .nan, note: "fixture")
        return SPYPutComparison.Day(date: date, spyClose: 400, scale: 10, skew: 130, vix: vix, vix3m: vix3m, vvix: vvix,
                                    bucketRows: rows, butterfly: butterfly)
    }

    @Test func daysFallInTheirTermStructureBandAndTheMedianIsPerBand() {
        // Fixture levels (VIX3M / VIX in the comments), not the days' closes.
        var result = SPYPutComparison.Result()
        result.days = [
            Self.snapshot("2020-03-16", vix: 82.69, vix3m: 59.29, bias: 0.5, nearTheMoney: -2.0),  // 0.72: inverted
            Self.snapshot("2022-03-07", vix: 36.45, vix3m: 34.02, bias: 0.1, nearTheMoney: -1.0),  // 0.93
            Self.snapshot("2022-03-08", vix: 35.13, vix3m: 33.15, bias: 0.3, nearTheMoney: -1.5),  // 0.94
            Self.snapshot("2019-05-01", vix: 20.00, vix3m: 21.00, bias: 0.2, nearTheMoney: 0.0),   // 1.05
            Self.snapshot("2017-06-01", vix: 10.00, vix3m: 13.00, bias: -0.6, nearTheMoney: 0.4),  // 1.30
            Self.snapshot("2009-01-02", vix: 39.19, vix3m: .nan, bias: 7, nearTheMoney: 7),        // no VIX3M: no band
        ]
        let table = SPYPutReport.bandTable(result, header: "VIX3M/VIX", bands: SPYPutReport.termStructureBands, decimals: 1,
                                           value: \.termStructure)
        let lines = table.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.count == 4, "\(table)")  // the header and three bands: none of the days lies in 1.1-1.2
        #expect(lines[0].first == "VIX3M/VIX")
        #expect(lines[1] == ["0.0-1.0", "3", "0.30", "0.30", "0.30", "-1.50"], "\(lines[1])")
        #expect(lines[2] == ["1.0-1.1", "1", "0.20", "0.20", "0.20", "0.00"], "\(lines[2])")
        #expect(lines[3] == ["1.2+", "1", "-0.60", "-0.60", "-0.60", "0.40"], "\(lines[3])")
    }

    @Test func daysFallInTheirVolOfVolBand() {
        // Fixture levels against a usual VVIX of 90 at every VIX: ratios 0.80, 0.84, 1.22, 1.00.
        var result = SPYPutComparison.Result()
        result.volOfVolLine = VolOfVolLine(intercept: Foundation.log(90), slope: 0, days: 1)
        result.days = [
            Self.snapshot("2023-02-03", vix: 20, vix3m: 22, vvix: 72, bias: 0.6, nearTheMoney: 0.2),
            Self.snapshot("2023-02-06", vix: 20, vix3m: 22, vvix: 75.6, bias: 0.4, nearTheMoney: 0.0),
            Self.snapshot("2022-01-07", vix: 15, vix3m: 17, vvix: 109.8, bias: -0.3, nearTheMoney: -0.5),
            Self.snapshot("2019-05-01", vix: 15, vix3m: 17, vvix: 90, bias: 0.1, nearTheMoney: 0.1),
            Self.snapshot("2009-01-02", vix: 39.19, vix3m: 45, bias: 7, nearTheMoney: 7),  // no VVIX: no band
        ]
        let table = SPYPutReport.bandTable(result, header: "VVIX/usual", bands: SPYPutReport.volOfVolBands, decimals: 2,
                                           value: result.volOfVolRatio(of:))
        let lines = table.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.count == 4, "\(table)")
        #expect(lines[1] == ["0.00-0.85", "2", "0.50", "0.50", "0.50", "0.10"], "\(lines[1])")
        #expect(lines[2] == ["0.95-1.05", "1", "0.10", "0.10", "0.10", "0.10"], "\(lines[2])")
        #expect(lines[3] == ["1.15+", "1", "-0.30", "-0.30", "-0.30", "-0.50"], "\(lines[3])")
    }
}
