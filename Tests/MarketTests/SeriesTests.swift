import Foundation
import Tabular
import TestSupport
import Testing
@testable import Market

/// The real data directory (see ``RealMarketData``).
enum MarketData {
    static let directory = RealMarketData.directory
    static let isAvailable = RealMarketData.isAvailable
    static let absent = Comment(rawValue: RealMarketData.absentMessage)

    static func path(_ file: DataFile) -> String { directory!.path(of: file) }
}

func day(_ iso: String) -> TradingDate { TradingDate(iso: iso)! }

/// Writes `text` to a fresh temporary file named `name` and returns its path.
func temporaryFile(_ name: String, _ text: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("series-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The `TabularError` thrown by `body`, or nil.
func tabularError(_ body: () throws -> Void) -> TabularError? {
    do { try body() } catch let error as TabularError { return error } catch { return nil }
    return nil
}

@Suite("Series loaders on the real files", .enabled(if: MarketData.isAvailable, MarketData.absent))
struct RealSeriesTests {
    @Test func cboeVIXHistory() throws {
        let vix = try DailySeries.load(contentsOf: MarketData.path(.vixCBOE))
        #expect(vix.layout == .cboe)
        #expect(vix.name == "VIX")
        #expect(vix.count == 9234)
        #expect(vix.close(on: day("2008-11-20")) == 80.86)
        #expect(vix.close(on: day("2020-03-16")) == 82.69)
        let i = try #require(vix.index(of: day("2020-03-16")))
        #expect(vix.open?[i] == 57.83 && vix.high?[i] == 83.56 && vix.low?[i] == 57.83)
        // CBOE's 47 known bad opens load, and are reported.
        #expect(vix.anomalies.count == 47)
        #expect(vix.anomalies.contains { $0.date == day("2004-11-08") && $0.detail.hasPrefix("OPEN 2.58") })
    }

    @Test func cleanVIXHasMissingBadOpens() throws {
        let vix = try DailySeries.load(contentsOf: MarketData.path(.vixDaily))
        #expect(vix.layout == .clean)
        #expect(vix.anomalies.isEmpty)
        let i = try #require(vix.index(of: day("2004-11-08")))
        #expect(vix.open?[i] == nil)
        #expect(vix.close[i] == 13.80)
        #expect(vix.open?.missingCount == 47)
        #expect(vix.open?.presentValues == nil)
        #expect(vix.close.presentValues?.count == vix.count)
    }

    @Test func spxCleanAndYahoo() throws {
        let spx = try DailySeries.load(contentsOf: MarketData.path(.spxDaily))
        #expect(spx.layout == .clean)
        #expect(spx.close(on: day("2008-10-10")) == 899.22)
        #expect(spx.close(on: day("2020-03-23")) == 2237.40)
        #expect(spx.volume != nil)

        // Yahoo layout, M/D/YYYY dates, gzip-compressed; float32 artefacts in the prices.
        let arch = try DailySeries.load(contentsOf: MarketData.path(.spxCrossCheckYahoo))
        #expect(arch.layout == .yahoo)
        #expect(arch.count == 5031)
        #expect(arch.dates.first == day("1999-01-04") && arch.dates.last == day("2018-12-31"))
        let close = try #require(arch.close(on: day("2008-10-10")))
        #expect(abs(close - 899.22) < 0.005)

        let raw = try DailySeries.load(contentsOf: MarketData.path(.spxYahooRaw))
        #expect(raw.count == 24777)
        #expect(abs(try #require(raw.close(on: day("2020-03-23"))) - 2237.40) < 0.005)
    }

    @Test func singleValuedCBOE() throws {
        let skew = try DailySeries.load(contentsOf: MarketData.path(.skewCBOE))
        #expect(skew.layout == .cboeSingleValue(column: "SKEW"))
        #expect(skew.name == "SKEW")
        #expect(skew.open == nil && skew.high == nil && skew.low == nil)
        #expect(skew.close(on: day("1990-01-02")) == 126.09)
        let vvix = try DailySeries.load(contentsOf: MarketData.path(.vvixDaily))
        #expect(vvix.layout == .clean)
        #expect(vvix.close(on: day("2006-03-06")) == 71.73)
    }

    @Test func fredBlanksAreSkippedAndCounted() throws {
        let bill = try DailySeries.load(contentsOf: MarketData.path(.treasuryBillFRED))
        #expect(bill.layout == .fred(column: "DTB3"))
        #expect(bill.skippedDates.count == 796)
        #expect(bill.skippedDates.contains(day("2005-10-10")))  // Columbus Day: bond market closed
        #expect(bill.count == 18048)
        #expect(bill.close(on: day("2006-07-03")) == 4.96)
        #expect(bill.close.missingCount == 0)
    }

    @Test func vixFuturesFront() throws {
        let term = try VIXTermStructure.load(contentsOf: MarketData.path(.vixFuturesFront3))
        let front = try #require(term.front(on: day("2020-03-16")))
        #expect(front.settle == 72.625)
        #expect(front.expiration == day("2020-03-18"))
        #expect(term.contract(1, on: day("2008-11-20"))?.settle == 59.77)

        let futures = try VIXFuturesHistory.load(contentsOf: MarketData.path(.vixFuturesDaily))
        #expect(futures.contractRowCount == 46436)
        let curve = try #require(futures.curve(on: day("2020-03-16")))
        #expect(curve.front == front)
        #expect(curve.count >= 8)
        #expect(zip(curve.dropFirst(), curve).allSatisfy { $0.expiration > $1.expiration })
    }

    @Test func dividendYieldFiles() throws {
        let clean = try MonthlyDividendYield.load(contentsOf: MarketData.path(.dividendYieldMonthly))
        #expect(clean.months.first == YearMonth(year: 1990, month: 1))
        #expect(clean.months.last == YearMonth(year: 2023, month: 6))
        #expect(clean.yieldPercent(for: YearMonth(year: 2023, month: 6)) == 1.5812)
        // Shiller's table as published: its zero dividends from 2023-07 are months not yet filled.
        let raw = try MonthlyDividendYield.load(contentsOf: MarketData.path(.shillerMonthlyRaw))
        #expect(raw.months.last == YearMonth(year: 2023, month: 6))
        #expect(raw.unpublishedMonths.first == YearMonth(year: 2023, month: 7))
        let fromRaw = try #require(raw.yieldPercent(for: YearMonth(year: 2020, month: 3)))
        let fromClean = try #require(clean.yieldPercent(for: YearMonth(year: 2020, month: 3)))
        #expect(abs(fromRaw - fromClean) < 1e-3)
    }
}

@Suite("Series loaders on bad input")
struct BadSeriesInputTests {
    @Test func textInANumberColumnNamesFileRowAndColumn() throws {
        let path = try temporaryFile("VIX_History.csv", """
            DATE,OPEN,HIGH,LOW,CLOSE
            01/02/2020,13.46,13.72,12.42,12.47
            01/03/2020,15.01,16.20,13.13,abc
            """)
        let error = try #require(tabularError { _ = try DailySeries.load(contentsOf: path) })
        #expect(error.file == path)
        #expect(error.line == 3)
        #expect(error.column == "CLOSE")
        #expect(error.description.contains("row 3, column CLOSE"))
        #expect(error.description.contains("\"abc\""))
    }

    @Test func missingColumn() throws {
        let path = try temporaryFile("prices.csv", """
            Date,Open,High,Low,Adj Close,Volume
            2020-01-02,1,2,0.5,1.5,100
            """)
        let yahooWithoutClose = try #require(tabularError { _ = try DailySeries.load(contentsOf: path) })
        #expect(yahooWithoutClose.file == path)
        #expect(yahooWithoutClose.line == 1)
        #expect(yahooWithoutClose.column == "Close")
        #expect(yahooWithoutClose.reason == .missingColumn)

        let cboeWithoutLow = tabularError {
            _ = try DailySeries.load(sourceName: "VIX_History.csv", contents: Array("DATE,OPEN,HIGH,CLOSE\n01/02/2020,1,2,1.5\n".utf8))
        }
        #expect(cboeWithoutLow?.column == "LOW" && cboeWithoutLow?.reason == .missingColumn)

        let unknown = tabularError { _ = try DailySeries.load(sourceName: "x.csv", contents: Array("when,price\n2020-01-02,1\n".utf8)) }
        #expect(unknown?.line == 1)
        #expect(unknown?.description.contains("when,price") == true)

        let futures = tabularError {
            _ = try VIXFuturesHistory.load(sourceName: "vx.csv", contents: Array("trade_date,expiration,close\n".utf8))
        }
        #expect(futures?.reason == .missingColumn)
        #expect(futures?.column == "settle")
        #expect(futures?.file == "vx.csv")
    }

    @Test func outOfOrderAndRepeatedDates() throws {
        let outOfOrder = try temporaryFile("dtb3.csv", """
            observation_date,DTB3
            2020-01-02,1.52
            2020-01-06,1.51
            2020-01-03,1.50
            """)
        let error = try #require(tabularError { _ = try DailySeries.load(contentsOf: outOfOrder) })
        #expect(error.line == 4 && error.column == "observation_date")
        #expect(error.description.contains("after 2020-01-06"))

        let repeated = tabularError {
            _ = try DailySeries.load(sourceName: "skew.csv", contents: Array("DATE,SKEW\n01/02/2020,120\n01/02/2020,121\n".utf8))
        }
        #expect(repeated?.line == 3)
        #expect(repeated?.description.contains("repeated") == true)
    }

    @Test func errorsInACompressedFileNameTheCompressedFile() throws {
        let plain = try temporaryFile("vx.csv", "trade_date,expiration,settle\n2020-03-16,2020-03-18,72.625\n2020-03-16,2020-03-18,59.15\n")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        gzip.arguments = ["-n", plain]
        try gzip.run()
        gzip.waitUntilExit()
        let error = try #require(tabularError { _ = try VIXFuturesHistory.load(contentsOf: plain + ".gz") })
        #expect(error.file == plain + ".gz")
        #expect(error.line == 3 && error.column == "expiration")
    }

    @Test func badDateAndInvertedRange() {
        let badDate = tabularError {
            _ = try DailySeries.load(sourceName: "x.csv", contents: Array("date,open,high,low,close\n2020-01-02,1,2,1,1\n2020-13-01,1,2,1,1\n".utf8))
        }
        #expect(badDate?.line == 3 && badDate?.column == "date")
        let inverted = tabularError {
            _ = try DailySeries.load(sourceName: "x.csv", contents: Array("DATE,OPEN,HIGH,LOW,CLOSE\n01/02/2020,10,9,11,10\n".utf8))
        }
        #expect(inverted?.line == 2 && inverted?.column == "HIGH")
        let notFinite = tabularError {
            _ = try DailySeries.load(sourceName: "x.csv", contents: Array("DATE,VVIX\n01/02/2020,nan\n".utf8))
        }
        #expect(notFinite?.column == "VVIX")
    }

    @Test func fredMissingMarkersAndBlankValues() throws {
        let series = try DailySeries.load(sourceName: "fred.csv", contents: Array("observation_date,DTB3\n2020-01-01,\n2020-01-02,1.52\n2020-01-03,.\n".utf8))
        #expect(series.dates == [day("2020-01-02")])
        #expect(series.skippedDates == [day("2020-01-01"), day("2020-01-03")])

        let partial = try DailySeries.load(sourceName: "vix.csv", contents: Array("date,open,high,low,close,spx_session\n2020-01-02,,13.72,12.42,12.47,1\n".utf8))
        #expect(partial.open?[0] == nil)
        #expect(partial.close[0] == 12.47)
        #expect(partial.open?.values(fillingMissingWith: -1) == [-1])
    }
}

@Suite("Rate conversions")
struct RateConversionTests {
    @Test func treasuryBillDiscountToContinuous() {
        // 5% discount, 91 days: price 0.98736111; continuous rate -ln(P) * 365/91.
        let price = RateConversion.billPrice(discountPercent: 5)
        #expect(abs(price - (1 - 0.05 * 91 / 360)) < 1e-15)
        let r = RateConversion.continuousRate(discountPercent: 5)
        #expect(abs(r - 0.051019) < 1e-5)
        let bey = RateConversion.bondEquivalentYield(discountPercent: 5)
        #expect(abs(bey - 365 * 0.05 / (360 - 0.05 * 91)) < 1e-15)
        // Continuous compounding of the bond-equivalent yield over the bill's term agrees.
        #expect(abs(r - log1p(bey * 91 / 365) * 365 / 91) < 1e-15)
        #expect(RateConversion.continuousRate(discountPercent: 0) == 0)
        #expect(RateConversion.continuousRate(discountPercent: -0.05) < 0)
        #expect(abs(RateConversion.continuousDividendYield(simplePercent: 2) - log(1.02)) < 1e-15)
    }
}

@Suite("Data directory")
struct DataDirectoryTests {
    @Test func explicitThenEnvironmentThenConventional() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("datadir-\(UUID().uuidString)")
        let data = root.appendingPathComponent("shared/data")
        let work = root.appendingPathComponent("main")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

        let conventional = try DataDirectory.resolve(explicit: nil, environment: [:], currentDirectory: work.path)
        #expect(conventional.path == data.standardizedFileURL.path)
        let fromEnvironment = try DataDirectory.resolve(explicit: nil, environment: ["SPX30DTE_DATA": root.path], currentDirectory: "/")
        #expect(fromEnvironment.path == root.standardizedFileURL.path)
        let explicit = try DataDirectory.resolve(explicit: "../shared", environment: ["SPX30DTE_DATA": data.path], currentDirectory: work.path)
        #expect(explicit.path == root.appendingPathComponent("shared").standardizedFileURL.path)
        #expect(explicit.path(of: .spxDaily).hasSuffix("shared/index/spx_daily_clean.csv"))
    }

    @Test func theProjectDataComesBeforeTheSharedFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("datadir-\(UUID().uuidString)")
        let shared = root.appendingPathComponent("shared/data")
        let work = root.appendingPathComponent("checkout")
        let own = work.appendingPathComponent("data")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        let found = try DataDirectory.resolve(explicit: nil, environment: [:], currentDirectory: work.path)
        #expect(found.path == own.standardizedFileURL.path)
        // The environment still overrides the project's copy.
        let overridden = try DataDirectory.resolve(explicit: nil, environment: ["SPX30DTE_DATA": shared.path], currentDirectory: work.path)
        #expect(overridden.path == shared.standardizedFileURL.path)
    }

    @Test func aMistakeIsReportedNotSkipped() throws {
        // A wrong --data must not silently fall back to other data.
        let error = #expect(throws: DataDirectoryError.self) {
            try DataDirectory.resolve(explicit: "/nonexistent/data", environment: [:], currentDirectory: "/")
        }
        #expect(error?.tried.count == 1)
        #expect(error?.description.contains("/nonexistent/data does not exist") == true)

        let nothing = #expect(throws: DataDirectoryError.self) {
            try DataDirectory.resolve(explicit: nil, environment: [:], currentDirectory: "/nonexistent/dir")
        }
        #expect(nothing?.tried.map(\.source) == [.explicit, .environment, .project, .conventional])
        #expect(nothing?.description.contains("SPX30DTE_DATA") == true)
    }
}
