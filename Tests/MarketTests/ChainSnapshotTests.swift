import Foundation
import Pricing
import Tabular
import TestSupport
import Testing
@testable import Market

/// The real option snapshots under the data directory's `options/` folder.
enum OptionSnapshots {
    static let directory: String? = {
        guard let data = RealMarketData.directory else { return nil }
        let options = data.path + "/options"
        return FileManager.default.fileExists(atPath: options + "/" + spx20230914) ? options : nil
    }()

    static let isAvailable = directory != nil
    static let absent: Comment = "option snapshots not found: set SPX30DTE_DATA or provide ../shared/data"

    static let spx20230914 = "spx_2023-09-14_close_cboe_quotedata_raw.csv.gz"
    static let xsp20230914 = "xsp_2023-09-14_close_cboe_quotedata_raw.csv.gz"
    static let spy20230914 = "spy_2023-09-14_close_cboe_quotedata_raw.csv.gz"
    static let spx20200320 = "spx_2020-03-20_close_cboe_quotedata_raw.csv.gz"
    static let spx20231208 = "spx_2023-12-08_close_cboe_quotedata_raw.csv.gz"
    static let longForm = "cboe_quotedata_parsed_long_clean.csv.gz"

    static func path(_ name: String) -> String { directory! + "/" + name }

    /// Each file is parsed once per test run.
    static let spx0914: ChainSnapshot? = try? ChainSnapshot.loadQuotedata(path: path(spx20230914))
}

private func chainDay(_ iso: String) -> TradingDate { TradingDate(iso: iso)! }

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The `TabularError` thrown by `body`, or nil.
private func tableError(_ body: () throws -> Void) -> TabularError? {
    do { try body() } catch let error as TabularError { return error } catch { return nil }
    return nil
}

@Suite("Chain snapshots from the real CBOE files", .enabled(if: OptionSnapshots.isAvailable, OptionSnapshots.absent))
struct RealChainSnapshotTests {
    @Test func quotedata20230914() throws {
        let chain = try #require(OptionSnapshots.spx0914)
        #expect(chain.product == .spx)
        #expect(chain.quoteDate == chainDay("2023-09-14"))
        #expect(chain.quoteMinute == 960)
        #expect(abs(chain.underlyingLast - 4505.10) < 0.005)
        #expect(chain.count == 19_920)       // 9,960 strikes, a call and a put each
        #expect(chain.rootSet == [.spx, .spxw])
        let expiries = chain.expirationDates
        #expect(expiries.count == 53)
        #expect(expiries.first == chainDay("2023-09-14"))   // 0DTE
        #expect(expiries.last == chainDay("2025-12-19"))
        // The September monthly: SPX (AM) and SPXW (PM) both expire on the third Friday.
        let third = chain.indices(expiringOn: chainDay("2023-09-15"))
        #expect(Set(third.map { chain.roots[$0] }) == [.spx, .spxw])
        for i in third {
            #expect(chain.settlementStyles[i] == (chain.roots[i] == .spx ? .am : .pm))
        }
        // AM settles 6.5 hours before PM on the same day.
        let am = try #require(third.first { chain.roots[$0] == .spx })
        let pm = try #require(third.first { chain.roots[$0] == .spxw })
        #expect(abs((chain.yearsToSettlement(at: pm) - chain.yearsToSettlement(at: am)) * 365 * 24 - 6.5) < 1e-9)
        #expect(abs(chain.yearsToSettlement(at: pm) * 365 - 1) < 1e-12)
        // The first row of the file: SPXW 0DTE 1200 call 3300.1 x 3319.8, put 0 x 0.05.
        #expect(chain.roots[0] == .spxw && chain.types[0] == .call && chain.strikes[0] == 1200)
        #expect(chain.bids[0] == 3300.1 && chain.asks[0] == 3319.8)
        #expect(chain.types[1] == .put && chain.bids[1] == 0 && chain.asks[1] == 0.05)
        #expect(chain.flags[1] == .zeroBid)
        #expect(chain.impliedVolatilityCBOE[0].isNaN)    // CBOE printed 0
        // CBOE's own implied vols are present elsewhere.
        #expect(chain.impliedVolatilityCBOE.contains { $0 > 0.05 && $0 < 1 })
    }

    @Test func longFormMatchesQuotedata() throws {
        let raw = try #require(OptionSnapshots.spx0914)
        let long = try ChainSnapshot.loadLongForm(path: OptionSnapshots.path(OptionSnapshots.longForm),
                                                  quoteDate: chainDay("2023-09-14"), product: .spx)
        #expect(long.count == raw.count)
        #expect(long.underlyingLast == raw.underlyingLast)
        #expect(long.quoteDate == raw.quoteDate)
        struct Key: Hashable {
            var root: ChainRoot, expiration: TradingDate, style: SettlementStyle, call: Bool, strike: Double
        }
        func table(_ chain: ChainSnapshot) -> [Key: [Double]] {
            var result: [Key: [Double]] = [:]
            for i in 0..<chain.count {
                let key = Key(root: chain.roots[i], expiration: chain.expirations[i], style: chain.settlementStyles[i],
                              call: chain.types[i] == .call, strike: chain.strikes[i])
                result[key] = [chain.bids[i], chain.asks[i], chain.lasts[i], chain.openInterests[i]]
            }
            return result
        }
        #expect(table(long) == table(raw))
    }

    @Test func olderDatLayout20200320() throws {
        let chain = try ChainSnapshot.loadQuotedata(path: OptionSnapshots.path(OptionSnapshots.spx20200320))
        // Downloaded Sunday 2020-03-22 18:24 ET: the quotes are Friday's close.
        #expect(chain.quoteDate == chainDay("2020-03-20"))
        #expect(chain.underlyingLast == 2304.92)
        #expect(chain.count == 19_000)
        #expect(chain.expirationDates.count == 37)
        #expect(chain.expirationDates.first == chainDay("2020-03-23"))
        #expect(chain.strikes[0] == 1500 && chain.bids[0] == 793 && chain.asks[0] == 806.7)
        #expect(abs(chain.impliedVolatilityCBOE[1] - 1.7288) < 1e-12)   // the put of the first row
    }

    @Test func localizedStamp20231208() throws {
        // "Date: 9 декабря 2023 г. в 13:49 GMT-5" is a Saturday: Friday's close.
        let chain = try ChainSnapshot.loadQuotedata(path: OptionSnapshots.path(OptionSnapshots.spx20231208))
        #expect(chain.quoteDate == chainDay("2023-12-08"))
        #expect(abs(chain.underlyingLast - 4604.37) < 0.005)
        #expect(chain.expirationDates.count == 15)
    }

    @Test func xspAndSpy() throws {
        let xsp = try ChainSnapshot.loadQuotedata(path: OptionSnapshots.path(OptionSnapshots.xsp20230914))
        #expect(xsp.product == .xsp && xsp.rootSet == [.xsp])
        #expect(xsp.underlyingLast == 450.51)
        #expect(xsp.count == 10_882)
        // After 2013-11-05 every XSP series is PM-settled, monthlies included.
        #expect(xsp.settlementStyles.allSatisfy { $0 == .pm })
        let spy = try ChainSnapshot.loadQuotedata(path: OptionSnapshots.path(OptionSnapshots.spy20230914))
        #expect(spy.product == .spy && spy.underlyingLast == 450.81)
        #expect(spy.product.optionProduct == nil)
    }
}

@Suite("Chain snapshot parsers on small fixtures")
struct ChainSnapshotFixtureTests {
    static let quotedata = """

    Standard & Poors 500 Index,Last: 4505.1001,Change:  37.6601
    "Date: September 14, 2023 at 4:31 PM EDT",Bid: 4483.25,Ask: 4526.27,Size: 1*1,Volume: 0
    Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest
    Fri Sep 15 2023,SPX230915C04500000,10.5,1,9.9,10.3,120,0.101,0.52,0.01,3000,4500.00,SPX230915P04500000,5.1,-1,5.2,5.2,80,0.099,-0.48,0.01,2500
    Fri Sep 15 2023,SPXW230915C04510000,6.0,1,6.5,6.1,10,0.1,0.4,0.01,30,4510.00,SPXW230915P04510000,9,-1,0,9.9,5,0,0,0,20

    """

    @Test func quotedataFlagsAndStyles() throws {
        let chain = try ChainSnapshot.parseQuotedata(name: "fixture.csv", contents: bytes(Self.quotedata))
        #expect(chain.count == 4)
        #expect(chain.quoteDate == chainDay("2023-09-14"))
        #expect(chain.settlementStyles == [.am, .am, .pm, .pm])
        #expect(chain.flags == [[], .locked, .crossed, .zeroBid])
        #expect(chain.volumes == [120, 80, 10, 5])
        #expect(chain.impliedVolatilityCBOE[3].isNaN && chain.deltaCBOE[3].isNaN)
        #expect(chain.deltaCBOE[1] == -0.48)
        #expect(chain.flags[0].isTwoSided && !chain.flags[1].isTwoSided)
    }

    @Test func quotedataBadFieldsNameFileRowColumn() {
        var text = Self.quotedata.replacingOccurrences(of: "4510.00", with: "45x0")
        var error = tableError { _ = try ChainSnapshot.parseQuotedata(name: "q.csv", contents: bytes(text)) }
        #expect(error?.file == "q.csv" && error?.line == 6 && error?.column == "Strike")
        #expect(error?.description.hasPrefix("q.csv: row 6, column Strike: expected a number") == true)

        text = Self.quotedata.replacingOccurrences(of: "SPXW230915P04510000", with: "QQQ230915P04510000")
        error = tableError { _ = try ChainSnapshot.parseQuotedata(name: "q.csv", contents: bytes(text)) }
        #expect(error?.line == 6 && error?.column == "Puts")

        text = Self.quotedata.replacingOccurrences(of: "9.9,10.3", with: "-9.9,10.3")
        error = tableError { _ = try ChainSnapshot.parseQuotedata(name: "q.csv", contents: bytes(text)) }
        #expect(error?.line == 5 && error?.column == "Bid")

        text = Self.quotedata.replacingOccurrences(of: "Fri Sep 15 2023,SPXW", with: "Fri Sep 31 2023,SPXW")
        error = tableError { _ = try ChainSnapshot.parseQuotedata(name: "q.csv", contents: bytes(text)) }
        #expect(error?.line == 6 && error?.column == "Expiration Date")

        text = Self.quotedata.replacingOccurrences(of: "Last: 4505.1001", with: "Last: n/a")
        error = tableError { _ = try ChainSnapshot.parseQuotedata(name: "q.csv", contents: bytes(text)) }
        #expect(error?.line == 2)
    }

    @Test func downloadStamps() {
        let calendar = TradingCalendar.nyse
        let cases: [(String, String, Int)] = [
            ("Date: September 14, 2023 at 4:31 PM EDT", "2023-09-14", 960),
            ("Mar 22 2020 @ 18:24 ET", "2020-03-20", 960),               // Sunday
            ("Date: 9 декабря 2023 г. в 13:49 GMT-5", "2023-12-08", 960), // Saturday
            ("Date: October 1, 2025 at 11:15 AM EDT", "2025-10-01", 675), // intraday
            ("Date: October 2, 2025 at 8:05 AM EDT", "2025-10-01", 960),  // before the open
            ("Date: November 24, 2023 at 3:00 PM EST", "2023-11-24", 780), // early close
        ]
        for (text, session, minute) in cases {
            let stamp = QuotedataStamp(text)
            #expect(stamp != nil, "\(text)")
            let resolved = stamp?.session(calendar: calendar)
            #expect(resolved?.date == date(session), "\(text)")
            #expect(resolved?.minute == minute, "\(text)")
        }
        #expect(QuotedataStamp("no date here") == nil)
    }

    static let longForm = """
    source_file,quote_date,quote_stamp_in_file,underlying_name,underlying_last,underlying_bid,underlying_ask,root,option_symbol,option_type,expiration,strike,bid,ask,last,net_change,volume,open_interest,iv_cboe,delta_cboe,gamma_cboe
    a.csv,2023-09-14,"Date: September 14, 2023 at 4:31 PM EDT",S&P,4505.1001,0,0,SPXW,SPXW230915C04500000,C,2023-09-15,4500.0,9.9,10.3,10.5,1,120,3000,0.101,0.52,0.01
    a.csv,2023-09-14,"Date: September 14, 2023 at 4:31 PM EDT",S&P,4505.1001,0,0,XSP,XSP230915C00450000,C,2023-09-15,450.0,1,1.1,1,0,1,1,0.1,0.5,0.1
    a.csv,2023-09-15,"Date: September 15, 2023 at 4:31 PM EDT",S&P,4450,0,0,SPXW,SPXW230915P04500000,P,2023-09-15,4500.0,50,51,50,0,1,1,0,0,0
    a.csv,2023-09-14,"Date: September 14, 2023 at 4:31 PM EDT",S&P,4505.1001,0,0,SPX,SPX230915P04500000,P,2023-09-15,4500.0,5.2,5.1,5.1,1,80,2500,0.099,-0.48,0.01
    """

    @Test func longFormSelectsDateAndProduct() throws {
        let chain = try ChainSnapshot.parseLongForm(name: "long.csv", contents: bytes(Self.longForm),
                                                    quoteDate: chainDay("2023-09-14"), product: .spx)
        #expect(chain.count == 2)
        #expect(chain.roots == [.spxw, .spx])
        #expect(chain.settlementStyles == [.pm, .am])
        #expect(chain.flags == [[], .crossed])
        #expect(chain.underlyingLast == 4505.1001)
        let xsp = try ChainSnapshot.parseLongForm(name: "long.csv", contents: bytes(Self.longForm),
                                                  quoteDate: chainDay("2023-09-14"), product: .xsp)
        #expect(xsp.count == 1 && xsp.strikes == [450])
        let none = tableError {
            _ = try ChainSnapshot.parseLongForm(name: "long.csv", contents: bytes(Self.longForm), quoteDate: chainDay("2023-09-13"), product: .spx)
        }
        #expect(none?.file == "long.csv")
        let bad = tableError {
            _ = try ChainSnapshot.parseLongForm(name: "long.csv", contents: bytes(Self.longForm.replacingOccurrences(of: ",P,2023-09-15", with: ",X,2023-09-15")),
                                                quoteDate: chainDay("2023-09-14"), product: .spx)
        }
        #expect(bad?.line == 5 && bad?.column == "option_type")
    }

    /// A hand-written file in CBOE DataShop's documented end-of-day layout.
    static let dataShop = """
    underlying_symbol,quote_date,root,expiration,strike,option_type,open,high,low,close,trade_volume,bid_size_1545,bid_1545,ask_size_1545,ask_1545,underlying_bid_1545,underlying_ask_1545,implied_underlying_price_1545,active_underlying_price_1545,implied_volatility_1545,delta_1545,gamma_1545,theta_1545,vega_1545,rho_1545,bid_size_eod,bid_eod,ask_size_eod,ask_eod,underlying_bid_eod,underlying_ask_eod,vwap,open_interest,delivery_code
    ^SPX,2013-06-20,SPX,2013-07-20,1600.000,C,25.00,30.00,22.00,28.50,1500,10,27.90,10,28.70,1592.10,1592.60,1593.75,1592.35,0.1812,0.4810,0.0048,-0.3510,1.8040,0.6120,20,28.10,20,28.90,1588.50,1589.10,27.80,45210,
    ^SPX,2013-06-20,SPX,2013-07-20,1600.000,P,35.00,41.00,33.00,36.20,900,10,36.80,10,37.60,1592.10,1592.60,1593.75,1592.35,0.1795,-0.5190,0.0048,-0.2980,1.8040,-0.7120,20,37.90,20,38.70,1588.50,1589.10,36.90,38770,
    ^SPX,2013-06-20,SPXW,2013-06-28,1500.000,P,2.00,2.50,1.80,2.10,300,5,0.00,5,0.05,1592.10,1592.60,1593.75,1592.35,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,5,0.00,5,0.05,1588.50,1589.10,0.00,1200,
    ^SPX,2013-06-21,SPX,2013-07-20,1600.000,C,25.00,30.00,22.00,24.50,1500,10,23.90,10,24.70,1582.10,1582.60,1583.75,1582.35,0.1812,0.4510,0.0048,-0.3510,1.8040,0.6120,20,24.10,20,24.90,1580.50,1581.10,24.80,45300,
    """

    @Test func dataShopSnapshots() throws {
        let at1545 = try ChainSnapshot.parseDataShop(name: "ds.csv", contents: bytes(Self.dataShop))
        #expect(at1545.quoteDate == chainDay("2013-06-20") && at1545.quoteMinute == 945)
        #expect(at1545.product == .spx && at1545.count == 3)
        #expect(at1545.underlyingLast == 1592.35)
        #expect(at1545.bids == [27.90, 36.80, 0] && at1545.asks == [28.70, 37.60, 0.05])
        #expect(at1545.lasts == [28.50, 36.20, 2.10])
        #expect(at1545.impliedVolatilityCBOE[0] == 0.1812 && at1545.deltaCBOE[1] == -0.5190)
        #expect(at1545.impliedVolatilityCBOE[2].isNaN)
        #expect(at1545.openInterests == [45210, 38770, 1200])
        #expect(at1545.flags[2] == .zeroBid)
        // Pre-2015 monthlies expire on Saturday and settle AM on the Friday before.
        #expect(at1545.settlementStyles == [.am, .am, .pm])
        #expect(at1545.settlementDate(at: 0) == chainDay("2013-07-19"))
        #expect(abs(at1545.yearsToSettlement(at: 0) * 365 - (29 - 375.0 / 1440)) < 1e-12)

        let eod = try ChainSnapshot.parseDataShop(name: "ds.csv", contents: bytes(Self.dataShop),
                                                  quoteDate: chainDay("2013-06-21"), snapshot: .endOfDay)
        #expect(eod.count == 1 && eod.quoteMinute == 960)
        #expect(eod.bids == [24.10] && eod.asks == [24.90])
        #expect(abs(eod.underlyingLast - 1580.80) < 1e-9)
    }

    @Test func dataShopErrorsNameFileRowColumn() {
        let missing = tableError {
            _ = try ChainSnapshot.parseDataShop(name: "ds.csv", contents: bytes(Self.dataShop.replacingOccurrences(of: "ask_1545,", with: "ask1545,")))
        }
        #expect(missing?.column == "ask_1545" && missing?.reason == .missingColumn)
        let badStrike = tableError {
            _ = try ChainSnapshot.parseDataShop(name: "ds.csv", contents: bytes(Self.dataShop.replacingOccurrences(of: "1500.000", with: "-1500")))
        }
        #expect(badStrike?.line == 4 && badStrike?.column == "strike")
        #expect(badStrike?.description == "ds.csv: row 4, column strike: expected a positive strike, found \"-1500\"")
        let badDate = tableError {
            _ = try ChainSnapshot.parseDataShop(name: "ds.csv", contents: bytes(Self.dataShop.replacingOccurrences(of: "2013-06-28", with: "2013/06/28")))
        }
        #expect(badDate?.line == 4 && badDate?.column == "expiration")
    }

    @Test func rootsAndStyles() {
        #expect(ChainRoot(occSymbol: "SPXW230914C01200000") == .spxw)
        #expect(ChainRoot(occSymbol: "XSP230914P00270000") == .xsp)
        #expect(ChainRoot(code: " spx ") == .spx)
        #expect(ChainRoot(occSymbol: "QQQ230914C00300000") == nil)
        // XSP: standard monthlies AM before 2013-11-05, PM from then; Weeklys PM.
        #expect(ChainRoot.xsp.settlementStyle(expiration: chainDay("2013-06-22"), quotedOn: chainDay("2013-06-03")) == .am)
        #expect(ChainRoot.xsp.settlementStyle(expiration: chainDay("2013-06-07"), quotedOn: chainDay("2013-06-03")) == .pm)
        #expect(ChainRoot.xsp.settlementStyle(expiration: chainDay("2013-12-20"), quotedOn: chainDay("2013-11-05")) == .pm)
        #expect(ChainRoot.spx.settlementStyle(expiration: chainDay("2023-09-15"), quotedOn: chainDay("2023-09-14")) == .am)
        #expect(ChainRoot.vixw.settlementStyle(expiration: chainDay("2023-09-13"), quotedOn: chainDay("2023-09-11")) == .am)
        #expect(ChainRoot.spxpm.optionRoot == .spxw && ChainRoot.spy.optionRoot == nil)
    }
}
