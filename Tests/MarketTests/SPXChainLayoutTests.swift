import Foundation
import Pricing
import Tabular
import TestSupport
import Testing
@testable import Market

/// The SPX option files added in PROVENANCE-2026-11-29, under the data directory's `options/`.
enum SPXChainFiles {
    static let directory: String? = {
        guard let data = RealMarketData.directory else { return nil }
        let folder = data.path + "/options"
        return FileManager.default.fileExists(atPath: folder + "/spx_2019_lambdaclass") ? folder : nil
    }()

    static let isAvailable = directory != nil
    static let absent: Comment = "the 2026-11-29 option files not found: set SPX30DTE_DATA or provide ../shared/data"

    static func path(_ name: String) -> String { directory! + "/" + name }

    /// SPX closes from `index/spx_daily_clean.csv`, read here with plain string splitting.
    static let closes: [String: Double] = {
        guard let data = RealMarketData.directory,
              let text = try? String(contentsOfFile: data.path + "/index/spx_daily_clean.csv", encoding: .utf8) else { return [:] }
        var closes: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count >= 5, let close = Double(fields[4]) { closes[String(fields[0])] = close }
        }
        return closes
    }()

    /// The provenance's table for the quotedata downloads: file, options, expiries, "Last",
    /// whether the quotes are the close, and the parity forward it records for one expiry.
    static let quotedata: [(file: String, options: Int, expiries: Int, last: Double, isClose: Bool, parity: (String, Double))] = [
        ("spx_2023_aprjun/spx_2023-04-10_close_cboe_quotedata_raw.csv.gz", 18168, 51, 4109.1099, true, ("2023-05-10", 4127.4)),
        ("spx_2023_aprjun/spx_2023-04-14_close_cboe_quotedata_raw.csv.gz", 18096, 50, 4137.6401, true, ("2023-05-15", 4152.9)),
        ("spx_2023_aprjun/spx_2023-04-17_close_cboe_quotedata_raw.csv.gz", 17942, 50, 4151.3198, true, ("2023-05-17", 4163.55)),
        ("spx_2023_aprjun/spx_2023-05-05_close_cboe_quotedata_raw.csv.gz", 17360, 48, 4136.25, true, ("2023-06-05", 4144.4)),
        ("spx_2023_aprjun/spx_2023-05-19_close_cboe_quotedata_raw.csv.gz", 17926, 49, 4191.98, true, ("2023-06-16", 4200.95)),
        ("spx_2023_aprjun/spx_2023-05-23_close_cboe_quotedata_raw.csv.gz", 17340, 49, 4145.5801, true, ("2023-06-22", 4161.1)),
        ("spx_2023_aprjun/spx_2023-05-26_close_cboe_quotedata_raw.csv.gz", 17354, 48, 4205.4502, true, ("2023-06-26", 4223.15)),
        ("spx_2023_aprjun/spx_2023-06-08_close_cboe_quotedata_raw.csv.gz", 17958, 49, 4293.9302, true, ("2023-07-07", 4305.7)),
        ("spx_2023_aprjun/spx_2023-06-09_1340ET_intraday_cboe_quotedata_raw.csv.gz", 17788, 49, 4300.0098, false, ("2023-07-10", 4313.35)),
        ("spx_2023_aprjun/spx_2023-06-09_close_partial_cboe_quotedata_raw.csv", 180, 15, 4298.8599, true, ("2023-06-30", 4314.9)),
        ("spx_single/spx_2019-02-08_close_dec2019only_cboe_quotedata_raw.dat", 132, 1, 2707.88, true, ("2019-12-20", 2719.8)),
        ("spx_single/spx_2019-05-13_0447ET_GTH_cboe_quotedata_raw.dat.gz", 13944, 36, 2881.4, false, ("2019-06-10", 2850.1)),
        ("spx_single/spx_2020-09-04_close_cboe_quotedata_raw.dat.gz", 18738, 36, 3426.96, true, ("2020-10-05", 3415.95)),
        ("spx_single/spx_2022-01-07_close_cboe_quotedata_raw.csv.gz", 5514, 10, 4677.0298, true, ("2022-01-31", 4675.9)),
        ("spx_single/spx_2022-02-18_close_cboe_quotedata_raw.csv.gz", 18856, 39, 4348.8701, true, ("2022-03-21", 4349.9)),
        ("spx_single/spx_2022-03-23_1011ET_intraday_cboe_quotedata_raw.csv.gz", 19002, 41, 4479.0898, false, ("2022-04-22", 4475.75)),
        ("spx_single/spx_2022-07-12_1155ET_intraday_cboe_quotedata_raw.csv.gz", 19378, 47, 3856.28, false, ("2022-08-10", 3857.85)),
        ("spx_single/spx_2023-02-03_close_cboe_quotedata_raw.csv.gz", 6808, 17, 4136.48, true, ("2023-02-28", 4139.0)),
        ("spx_single/spx_2023-02-07_close_cboe_quotedata_raw.csv.gz", 18962, 50, 4164.0, true, ("2023-03-09", 4164.2)),
        ("spx_single/spx_2023-03-15_1155ET_intraday_cboe_quotedata_raw.csv.gz", 5526, 13, 3860.8101, false, ("2023-03-31", 3866.35)),
        ("spx_single/spx_2023-03-15_close_cboe_quotedata_raw.csv.gz", 5534, 13, 3891.9299, true, ("2023-03-31", 3896.9)),
        ("spx_single/spx_2023-08-18_close_cboe_quotedata_raw.csv.gz", 20342, 50, 4369.71, true, ("2023-09-18", 4385.1)),
        ("spx_single/spx_2023-09-01_close_cboe_quotedata_raw.csv.gz", 19158, 52, 4515.77, true, ("2023-10-02", 4526.0)),
        ("spx_single/spx_2024-11-11_0802ET_GTH_partial_cboe_quotedata_raw.csv", 560, 14, 5995.54, false, ("2024-11-29", 6036.75)),
    ]
}

@Suite("Every SPX chain layout, on the real files", .enabled(if: SPXChainFiles.isAvailable, SPXChainFiles.absent))
struct SPXChainLayoutTests {
    @Test func quotedataDownloads() throws {
        for entry in SPXChainFiles.quotedata {
            let chain = try ChainSnapshot.loadQuotedata(path: SPXChainFiles.path(entry.file))
            #expect(chain.product == .spx, "\(entry.file)")
            #expect(chain.count == entry.options, "\(entry.file): \(chain.count) options")
            #expect(chain.expirationDates.count == entry.expiries, "\(entry.file): \(chain.expirationDates.count) expiries")
            #expect(abs(chain.underlyingLast - entry.last) < 1e-9, "\(entry.file)")
            if entry.isClose {
                let close = try #require(SPXChainFiles.closes[chain.quoteDate.description], "\(entry.file): no close on \(chain.quoteDate)")
                // "Last" is printed from single precision: 4151.3198 for a close of 4151.32.
                #expect(abs(chain.underlyingLast - close) <= 2.5e-4, "\(entry.file): last \(chain.underlyingLast) vs close \(close)")
            }
            let forward = try #require(parityForward(chain, expiry: TradingDate(iso: entry.parity.0)!), "\(entry.file)")
            #expect(abs(forward - entry.parity.1) <= 0.5, "\(entry.file): parity \(forward) vs \(entry.parity.1)")
        }
    }

    @Test func localizedAndSpecialStamps() throws {
        // Spanish stamp during the session: intraday at 10:11.
        let march = try ChainSnapshot.loadQuotedata(path: SPXChainFiles.path("spx_single/spx_2022-03-23_1011ET_intraday_cboe_quotedata_raw.csv.gz"))
        #expect(march.quoteDate == TradingDate(iso: "2022-03-23"))
        #expect(march.quoteMinute == 10 * 60 + 11)
        // Spanish stamp the next morning before the open: the previous session's close.
        let close = try ChainSnapshot.loadQuotedata(path: SPXChainFiles.path("spx_single/spx_2023-03-15_close_cboe_quotedata_raw.csv.gz"))
        #expect(close.quoteDate == TradingDate(iso: "2023-03-15"))
        #expect(close.quoteMinute == 960)
        // A line of bare commas before the titles, stamped on a Sunday.
        let january = try ChainSnapshot.loadQuotedata(path: SPXChainFiles.path("spx_single/spx_2022-01-07_close_cboe_quotedata_raw.csv.gz"))
        #expect(january.quoteDate == TradingDate(iso: "2022-01-07"))
        // The reduced export carries bid and ask only.
        let reduced = try ChainSnapshot.loadQuotedata(path: SPXChainFiles.path("spx_single/spx_2019-02-08_close_dec2019only_cboe_quotedata_raw.dat"))
        #expect(reduced.lasts.allSatisfy { $0 == 0 })
        #expect(reduced.impliedVolatilityCBOE.allSatisfy { $0.isNaN })
        #expect(reduced.quoteDate == TradingDate(iso: "2019-02-08"))
        #expect(QuotedataStamp("Date: 10 avril 2023, 20:51 UTC−4")?.date == TradingDate(iso: "2023-04-10"))
        #expect(QuotedataStamp("Date: 11 de noviembre de 2024, 8:02 GMT-5")?.minute == 8 * 60 + 2)
    }

    @Test func seriesNamedLayoutOf2011() throws {
        let chain = try ChainSnapshot.loadQuotedata(path: SPXChainFiles.path("spx_2011-01-24_1403ET_cboe_quotedata_raw.csv"))
        // 960 strikes, a call and a put each.
        #expect(chain.count == 1920)
        #expect(Set(chain.roots) == [.spx, .spxw, .spxpm])
        #expect(chain.quoteDate == TradingDate(iso: "2011-01-24"))
        #expect(chain.quoteMinute == 14 * 60 + 3)
        #expect(abs(chain.underlyingLast - 1290.59) < 1e-9)
        // `11 Jan 1075.00 (SPXW1128A1075-E)`: the Friday weekly of 2011-01-28; the April
        // monthly listed on Saturday 2011-04-16 and settled on the Friday.
        let weekly = try #require((0..<chain.count).first { chain.roots[$0] == .spxw && chain.strikes[$0] == 1075 && chain.types[$0] == .call })
        #expect(chain.expirations[weekly] == TradingDate(iso: "2011-01-28"))
        #expect(chain.bids[weekly] == 215.30 && chain.asks[weekly] == 217.00)
        let april = try #require(chain.indices(expiringOn: TradingDate(iso: "2011-04-16")!).first)
        #expect(chain.settlementDate(at: april) == TradingDate(iso: "2011-04-15"))
        #expect(chain.expirationDates.first == TradingDate(iso: "2011-01-28"))
        #expect(chain.expirationDates.last == TradingDate(iso: "2013-12-21"))
        let forward = try #require(parityForward(chain, expiry: TradingDate(iso: "2011-02-19")!))
        #expect(forward / chain.underlyingLast > 0.995 && forward / chain.underlyingLast < 1.001, "F/S \(forward / chain.underlyingLast)")
        #expect(OldSeriesName("11 Jan 1075.00 (SPXW1128M1075-E)")?.type == .put)
        #expect(OldSeriesName("11 Jan 1075.00 (SPXW1128B1075-E)") == nil, "month letter of February under January")
    }

    @Test func lambdaclassDays() throws {
        let folder = SPXChainFiles.path("spx_2019_lambdaclass")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv.gz") }.sorted()
        #expect(files.count == 24)
        #expect(!files.contains("SPX_20190527.csv.gz"))
        for file in files {
            let path = folder + "/" + file
            let chain = try ChainSnapshot.parseLambdaclassDaily(name: path, contents: try SeriesInput.contents(of: path))
            let compact = chain.quoteDate.description.replacingOccurrences(of: "-", with: "")
            #expect(file == "SPX_\(compact).csv.gz")
            // The provenance's 13.3k-14.7k rows a day (13,268 on 04-29) and 35-39 expiries
            // (34 on 05-16, counted in the file itself).
            #expect((13_250...14_750).contains(chain.count), "\(file): \(chain.count) rows")
            #expect((34...39).contains(chain.expirationDates.count), "\(file): \(chain.expirationDates.count) expiries")
            #expect(Set(chain.roots) == [.spx, .spxw], "\(file)")
            #expect(chain.impliedVolatilityCBOE.allSatisfy { $0.isNaN }, "the scraper's vols are dropped")
            // underlying_last inside the day's high-low range.
            let high = try #require(SPXChainFiles.highLow[chain.quoteDate.description])
            #expect(chain.underlyingLast >= high.low - 1e-6 && chain.underlyingLast <= high.high + 1e-6, "\(file)")
            // The parity forward of the expiry nearest 30 days over underlying_last: 0.9994-1.0021.
            let expiry = chain.expirationDates.min { abs(Int($0.daysSinceEpoch - chain.quoteDate.daysSinceEpoch) - 30) < abs(Int($1.daysSinceEpoch - chain.quoteDate.daysSinceEpoch) - 30) }!
            let forward = try #require(parityForward(chain, expiry: expiry))
            #expect((0.999...1.0025).contains(forward / chain.underlyingLast), "\(file): F/S \(forward / chain.underlyingLast)")
        }
    }

    @Test func iVolatilityRawIV() throws {
        let path = SPXChainFiles.path("spx_2011-01_ivolatility/spx_2011-01-03_to_2011-01-07_eod_ivolatility_rawiv_sample.zip")
        let bytes = try ZipEntryReader.contents(ofEntry: ["RawIV_5day_sample.csv"], inArchiveAt: path)
        #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
        #expect(!bytes.contains(UInt8(ascii: "\n")), "CR-only line ends")
        let days = try ChainSnapshot.parseIVolatilityRawIV(name: path, contents: bytes)
        #expect(days.map(\.quoteDate.description) == ["2011-01-03", "2011-01-04", "2011-01-05", "2011-01-06", "2011-01-07"])
        #expect(days.map(\.count) == [1632, 1638, 1638, 1638, 1638])
        for day in days {
            let close = try #require(SPXChainFiles.closes[day.quoteDate.description])
            #expect(abs(day.underlyingLast - close) <= 1e-4 + 1e-9, "\(day.quoteDate): \(day.underlyingLast) vs \(close)")
            // Listed on the Saturday, settled at the Friday's open.
            let january = try #require(day.indices(expiringOn: TradingDate(iso: "2011-01-22")!).first)
            #expect(day.settlementDate(at: january) == TradingDate(iso: "2011-01-21"))
            #expect(day.settlementStyles[january] == .am)
            #expect(day.expirationDates.count == 10)
            // The vendor's forward and the parity forward of February agree to 0.2%.
            let february = TradingDate(iso: "2011-02-19")!
            let stated = try #require(day.statedForwards[february])
            let parity = try #require(parityForward(day, expiry: february))
            #expect(abs(parity / stated - 1) < 2e-3, "\(day.quoteDate): parity \(parity) vs stated \(stated)")
        }
    }

    @Test func optionChainAnalyticsAtTheClose() throws {
        let path = SPXChainFiles.path("spx_single/spx_2024-05-24_1600ET_oca_resources_raw.csv.gz")
        let close = try #require(SPXChainFiles.closes["2024-05-24"])
        let chain = try ChainSnapshot.parseOptionChainAnalytics(name: path, contents: try SeriesInput.contents(of: path),
                                                                underlyingLast: close)
        #expect(chain.count == 15_856)
        #expect(Set(chain.roots) == [.spxw])
        #expect(chain.quoteDate == TradingDate(iso: "2024-05-24"))
        #expect(chain.quoteMinute == 960)
        // Parity forwards sit just above the close (carry), within 1.5% out to two months.
        for expiry in chain.expirationDates.prefix(20) {
            guard let forward = parityForward(chain, expiry: expiry) else { continue }
            #expect(forward / close > 0.998 && forward / close < 1.015, "\(expiry): F/S \(forward / close)")
        }
    }

    @Test func dataShopWorkbook() throws {
        let path = SPXChainFiles.path("spx_single/spx_2023-08-25_eod_cboe_datashop_cleaned.xlsx")
        let close = try #require(SPXChainFiles.closes["2023-08-25"])
        let chain = try ChainSnapshot.loadDataShopWorkbook(path: path, underlyingLast: close)
        #expect(chain.count == 19_366)
        #expect(chain.quoteDate == TradingDate(iso: "2023-08-25"))
        #expect(chain.rootSet.contains(.spxw))
        let forward = try #require(parityForward(chain, expiry: TradingDate(iso: "2023-09-29")!))
        #expect(forward / close > 0.999 && forward / close < 1.01, "F/S \(forward / close)")
        #expect(SpreadsheetSheet.excelDate("45163") == TradingDate(iso: "2023-08-25"))
    }

    @Test func userChainFilesInTheNewLayouts() throws {
        let lambda = try RealChainFile.load(path: SPXChainFiles.path("spx_2019_lambdaclass/SPX_20190425.csv.gz"),
                                            quoteDate: nil, product: .spx)
        #expect(lambda.count == 13_340)
        let zip = SPXChainFiles.path("spx_2011-01_ivolatility/spx_2011-01-03_to_2011-01-07_eod_ivolatility_rawiv_sample.zip")
        let january5 = try RealChainFile.load(path: zip, quoteDate: TradingDate(iso: "2011-01-05"), product: .spx)
        #expect(january5.count == 1638)
        #expect(january5.quoteDate == TradingDate(iso: "2011-01-05"))
        #expect(january5.source == zip + "!RawIV_5day_sample.csv")
        let vix = try RealChainFile.load(path: SPXChainFiles.path("vix/vix_2016-06-01_eod_cboe_datashop_official_sample.zip"),
                                         quoteDate: nil, product: .vix)
        #expect(vix.count == 724)
        #expect(throws: RealChainFileError.self) {
            _ = try RealChainFile.load(path: zip, quoteDate: TradingDate(iso: "2011-01-10"), product: .spx)
        }
    }

    @Test func userChainFilesThatStateNoUnderlyingTakeTheDaysClose() throws {
        // OptionChainAnalytics (told by its header) and the DataShop workbook (by its name):
        // the same snapshot as the catalogue's, the day's close standing for the underlying.
        let oca = SPXChainFiles.path("spx_single/spx_2024-05-24_1600ET_oca_resources_raw.csv.gz")
        #expect(RealChainFile.layout(of: try SeriesInput.contents(of: oca)) == .optionChainAnalytics)
        let may24 = try #require(TradingDate(iso: "2024-05-24")), close24 = try #require(SPXChainFiles.closes["2024-05-24"])
        let ocaChain = try RealChainFile.load(path: oca, quoteDate: may24, product: .spx, indexClose: close24)
        #expect(ocaChain.count == 15_856 && ocaChain.underlyingLast == close24 && ocaChain.quoteMinute == 960)
        let workbook = SPXChainFiles.path("spx_single/spx_2023-08-25_eod_cboe_datashop_cleaned.xlsx")
        let august25 = try #require(TradingDate(iso: "2023-08-25")), close25 = try #require(SPXChainFiles.closes["2023-08-25"])
        let sheet = try RealChainFile.load(path: workbook, quoteDate: august25, product: .spx, indexClose: close25)
        #expect(sheet.count == 19_366 && sheet.underlyingLast == close25 && sheet.quoteDate == august25)
        // Without the day or its close there is no underlying: refused, naming the file and why.
        for (path, day) in [(oca, may24), (workbook, august25)] {
            for (date, close) in [(nil, 5000.0), (day, nil)] as [(TradingDate?, Double?)] {
                #expect {
                    _ = try RealChainFile.load(path: path, quoteDate: date, product: .spx, indexClose: close)
                } throws: { error in
                    let error = error as? RealChainFileError
                    return error?.path == path && error?.reason.contains("states no underlying") == true
                }
            }
        }
        // XSP series take a tenth of the close.
        let xsp = """
        ,root,expiry,strike,optiontype,mid_price,bid_size,bid_price,ask_size,ask_price,open_interest,mark_price,exchange_time,ttm,mat_id
        0,XSP,2024-06-21,500,P,0.0,1,2.1,1,2.2,0,2.15,2024-05-24 16:00:00,0.08,21Jun2024
        1,XSP,2024-06-21,500,C,0.0,1,34.0,1,34.4,0,34.2,2024-05-24 16:00:00,0.08,21Jun2024
        """
        let xspPath = FileManager.default.temporaryDirectory.appendingPathComponent("spx30dte-oca-xsp-\(ProcessInfo.processInfo.processIdentifier).csv").path
        try Data(xsp.utf8).write(to: URL(fileURLWithPath: xspPath))
        defer { try? FileManager.default.removeItem(atPath: xspPath) }
        let xspChain = try RealChainFile.load(path: xspPath, quoteDate: may24, product: .xsp, indexClose: close24)
        #expect(xspChain.product == .xsp && abs(xspChain.underlyingLast - close24 / 10) < 1e-9 && xspChain.count == 2)
        // Another day than the file's is refused as for every layout.
        #expect(throws: RealChainFileError.self) {
            _ = try RealChainFile.load(path: oca, quoteDate: august25, product: .spx, indexClose: close25)
        }
        #expect(throws: RealChainFileError.self) {
            _ = try RealChainFile.load(path: workbook, quoteDate: august25, product: .xsp, indexClose: close25)
        }
    }

    @Test func malformedRowsNameFileRowColumn() throws {
        let lambda = """
        underlying,underlying_last,exchange,optionroot,type,expiration,quotedate,strike,last,net,bid,ask,volume,openinterest,impliedvol,delta,gamma
        SPX,2919.04,CBOE,SPXW190426C00800000,call,04/26/2019,04/25/2019,800.0,0.0,0.0,2109.9,2128.2,0,2,7.9,0.99,0.0
        SPX,2919.04,CBOE,SPXW190426C00900000,straddle,04/26/2019,04/25/2019,900.0,0.0,0.0,2009.9,2028.6,0,0,7.4,0.99,0.0
        """
        #expect(tableError { _ = try ChainSnapshot.parseLambdaclassDaily(name: "l.csv", contents: Array(lambda.utf8)) }
                == TabularError(file: "l.csv", line: 3, column: "type", reason: .expected("call or put", found: "straddle")))
        // CR-only line ends: the row number counts them.
        let rawIV = "\u{FEFF}symbol,date,stock_price_close,option_symbol,option_expiration,strike,call/put,ask,bid\r"
            + "SPX,1/3/11,1271.87,SPX   110122C00200000,1/21/11,200,C,1070.5,1066.2\r"
            + "SPX,1/3/11,1271.87,SPX   110122P00200000,1/14/11,200,P,0.05,0\r"
        let error = tableError { _ = try ChainSnapshot.parseIVolatilityRawIV(name: "r.csv", contents: Array(rawIV.utf8)) }
        #expect(error?.file == "r.csv")
        #expect(error?.line == 3)
        #expect(error?.column == "option_expiration")
        let oca = """
        ,root,expiry,strike,optiontype,mid_price,bid_size,bid_price,ask_size,ask_price,open_interest,mark_price,exchange_time,ttm,mat_id
        1400,SPXW,2024-05-24,1400,C,0.0,1,3894.9,40,3909.8,6,3902.35,2024-05-24 16:00:00,0.0004,24May2024
        1400,SPXW,2024-05-24,1400,P,0.0,0,-1,1560,0.05,0,0.025,2024-05-24 16:00:00,0.0004,24May2024
        """
        let ocaError = tableError { _ = try ChainSnapshot.parseOptionChainAnalytics(name: "o.csv", contents: Array(oca.utf8), underlyingLast: 5300) }
        #expect(ocaError?.line == 3)
        #expect(ocaError?.column == "bid_price")
        let quotedata = """
        Standard & Poors 500 Index,Last: 4109.1099,Change:  4.0899
        Date: 10 April 2023, 20:51 UTC−4,Bid: 4097.54,Ask: 4125.5098
        Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,
        Mon Apr 10 2023,SPXW230410C01000000,0,0,3097,3120,0,0,1,0,0,1000,SPXW230410P01000000,0,0,0,0.05,0,0,0,0,0,
        Mon Apr 10 2023,SPXW230410C01100000,0,0,2997,3020,0,0,1,0,0,1100,SPXW230410P01100000,0,0,abc,0.05,0,0,0,0,0,
        """
        let quoteError = tableError { _ = try ChainSnapshot.parseQuotedata(name: "q.csv", contents: Array(quotedata.utf8)) }
        #expect(quoteError?.line == 5)
        #expect(quoteError?.column == "Bid")
    }
}

extension SPXChainFiles {
    /// SPX daily high and low from `index/spx_daily_clean.csv`.
    static let highLow: [String: (high: Double, low: Double)] = {
        guard let data = RealMarketData.directory,
              let text = try? String(contentsOfFile: data.path + "/index/spx_daily_clean.csv", encoding: .utf8) else { return [:] }
        var result: [String: (high: Double, low: Double)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count >= 5, let high = Double(fields[2]), let low = Double(fields[3]) { result[String(fields[0])] = (high, low) }
        }
        return result
    }()
}

/// The `TabularError` thrown by `body`, or nil.
private func tableError(_ body: () throws -> Void) -> TabularError? {
    do { try body() } catch let error as TabularError { return error } catch { return nil }
    return nil
}
