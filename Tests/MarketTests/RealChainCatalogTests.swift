import Foundation
import Pricing
import Tabular
import TestSupport
import Testing
@testable import Market

/// The catalogue of every real chain, discovered once per test run.
enum CatalogFixture {
    static let catalog = LoadedOnce { () throws -> RealChainCatalog in
        guard let directory = RealMarketData.directory else { throw CatalogFixtureAbsent() }
        return try RealChainCatalog.discover(in: directory)
    }
    struct CatalogFixtureAbsent: Error {}
}

@Suite("The catalogue of every real chain", .enabled(if: SPXChainFiles.isAvailable, SPXChainFiles.absent))
struct RealChainCatalogTests {
    @Test func discoversEveryLayout() throws {
        let catalog = try CatalogFixture.catalog.get()
        var byLayout: [RealChainLayout: Int] = [:]
        for entry in catalog.entries { byLayout[entry.layout, default: 0] += 1 }
        #expect(byLayout[.lambdaclass] == 24)
        #expect(byLayout[.iVolatility] == 5)
        #expect(byLayout[.dataShopArchive] == 2)   // end of day and 15:45
        #expect(byLayout[.dataShopWorkbook] == 1)
        #expect(byLayout[.optionChainAnalytics] == 1)
        #expect(byLayout[.impliedVolSlices] == 1)
        // SPX 2020-03-20, 2023-09-14, 2023-12-08, 2025-10-01; XSP and SPY 2023-09-14.
        #expect(byLayout[.longForm] == 6)
        #expect(catalog.otherFiles.count == 3)
        // Every entry parses, in every layout.
        for entry in catalog.entries {
            let (summary, error) = catalog.summary(of: entry)
            #expect(error == nil && summary != nil, "\(entry): \(error ?? "")")
        }
        // Every 2026-11-29 quotedata download is an entry of its own.
        for file in SPXChainFiles.quotedata.map(\.file) {
            #expect(catalog.entries.contains { $0.file == "options/" + file }, "\(file)")
        }
    }

    @Test func sessionsFromNamesAndContent() throws {
        let catalog = try CatalogFixture.catalog.get()
        func entry(_ suffix: String) throws -> RealChainEntry {
            try #require(catalog.entries.first { $0.file.hasSuffix(suffix) }, "\(suffix)")
        }
        let overnight = try entry("spx_2019-05-13_0447ET_GTH_cboe_quotedata_raw.dat.gz")
        #expect(overnight.session == .overnight)
        #expect(overnight.date == TradingDate(iso: "2019-05-13"))
        let overnightChain = try catalog.snapshot(of: overnight)
        #expect(overnightChain.quoteDate == TradingDate(iso: "2019-05-13"))
        #expect(overnightChain.quoteMinute == 4 * 60 + 47)
        // "Last" is the Friday close, not a Monday value.
        #expect(abs(overnightChain.underlyingLast - 2881.40) < 1e-9)
        #expect(try entry("vix_2019-08-29_0928ET_preopen_cboe_quotedata_raw.dat").session == .preOpen)
        #expect(try entry("spx_2023-06-09_1340ET_intraday_cboe_quotedata_raw.csv.gz").session == .intraday)
        #expect(try entry("spx_2011-01-24_1403ET_cboe_quotedata_raw.csv").session == .intraday)
        #expect(try entry("spx_2024-05-24_1600ET_oca_resources_raw.csv.gz").session == .close)
        #expect(try entry("SPX_20190425.csv.gz").session == .dailyUnstamped)
        let copy = try entry("spx_2023-09-14_close_cboe_quotedata_raw.csv.gz")
        #expect(copy.exclusion == "same quotes as the long-form file")
        let partial = try #require(catalog.summary(of: try entry("spx_2023-06-09_close_partial_cboe_quotedata_raw.csv")).summary)
        #expect(partial.unusableReason != nil)
        let decemberOnly = try #require(catalog.summary(of: try entry("spx_2019-02-08_close_dec2019only_cboe_quotedata_raw.dat")).summary)
        #expect(!decemberOnly.isFull)
    }

    @Test func closingFullSnapshots() throws {
        let catalog = try CatalogFixture.catalog.get()
        let (snapshots, failures) = catalog.closingFullSnapshots()
        #expect(failures.isEmpty, "\(failures.map { "\($0.entry): \($0.error)" })")
        let products = Set(snapshots.map(\.snapshot.product))
        #expect(products == [.spx, .xsp, .vix])
        // The six 2019 vendor files taken at the close, 3 of the 5 iVolatility days, the
        // closes of 2020-2024 and the VIX DataShop sample.
        #expect(snapshots.count >= 30, "\(snapshots.count)")
        for (entry, snapshot) in snapshots {
            #expect(entry.session == .close || entry.session == .dailyUnstamped)
            if entry.session == .dailyUnstamped {
                let close = try #require(SPXChainFiles.closes[snapshot.quoteDate.description], "\(entry)")
                #expect(abs(snapshot.underlyingLast - close) <= RealChainCatalog.closeTolerance, "\(entry): \(snapshot.underlyingLast) vs \(close)")
            }
            #expect(snapshot.hasFullThirtyDayExpiry)
            #expect(entry.exclusion == nil)
            // The closing files whose underlying is their own: equal to the index's close.
            guard snapshot.product == .spx, entry.session == .close,
                  entry.layout == .quotedata || entry.layout == .longForm || entry.layout == .iVolatility else { continue }
            let close = try #require(SPXChainFiles.closes[snapshot.quoteDate.description])
            #expect(abs(snapshot.underlyingLast - close) <= 2.5e-4, "\(entry): \(snapshot.underlyingLast) vs \(close)")
        }
        // At most one closing SPX snapshot a day, so validation never counts a day twice.
        let spxDays = snapshots.filter { $0.snapshot.product == .spx }.map(\.snapshot.quoteDate)
        #expect(Set(spxDays).count == spxDays.count)
    }

    @Test func backtestLibraryIsUnchanged() throws {
        let directory = try #require(RealMarketData.directory)
        let library = try RealChainLibrary.discover(in: directory)
        #expect(library.keys.map(\.description) == ["SPX 2020-03-20", "SPX 2023-09-14", "XSP 2023-09-14", "SPX 2023-12-08", "SPX 2025-10-01"])
    }

    @Test func malformedFileIsNamedWithRowAndColumn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/options", withIntermediateDirectories: true)
        let text = """
        Standard & Poors 500 Index,Last: 4109.1099,Change:  4.0899
        "Date: April 10, 2023 at 4:31 PM EDT",Bid: 4097.54,Ask: 4125.5098
        Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest
        Mon Apr 10 2023,SPXW230410C01000000,0,0,3097,3120,0,0,1,0,0,1000,SPXW230410P01000000,0,0,0,0.05,0,0,0,0,0
        Mon Apr 10 2023,SPXW230410C01100000,0,0,2997,3020,0,0,1,0,0,1100,SPXW230410P01100000,0,0,x,0.05,0,0,0,0,0
        """
        let name = "spx_2023-04-10_close_cboe_quotedata_raw.csv"
        try text.write(toFile: root + "/options/" + name, atomically: true, encoding: .utf8)
        let catalog = try RealChainCatalog.discover(in: try DataDirectory(path: root))
        let entry = try #require(catalog.entries.first)
        let (summary, error) = catalog.summary(of: entry)
        #expect(summary == nil)
        // Said without the file's name, which the report gives beside it.
        #expect(error == "row 5, column Bid: expected a number, found \"x\"")
        var message = ""
        do { _ = try catalog.snapshot(of: entry) } catch { message = "\(error)" }
        // The file is named once: the catalogue's error does not repeat the reader's.
        #expect(message == catalog.path(of: entry) + ": row 5, column Bid: expected a number, found \"x\"", "\(message)")
        #expect(catalog.report().contains("unreadable: row 5, column Bid: expected a number, found \"x\"  (options/\(name))"))
    }

    @Test func truncatedGzipIsAnErrorNamingTheFileOnce() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/options", withIntermediateDirectories: true)
        let directory = try #require(RealMarketData.directory)
        let source = directory.path + "/options/spx_single/spx_2023-08-18_close_cboe_quotedata_raw.csv.gz"
        let whole = try Data(contentsOf: URL(fileURLWithPath: source))
        let name = "spx_2023-08-18_close_cboe_quotedata_raw.csv.gz"
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: root + "/options/" + name))
        let catalog = try RealChainCatalog.discover(in: try DataDirectory(path: root))
        let entry = try #require(catalog.entries.first)
        var message = ""
        do { _ = try catalog.snapshot(of: entry) } catch { message = "\(error)" }
        // Half a gzip stream is refused, not read as a shorter chain.
        #expect(message.contains("unexpected end of file"), "\(message)")
        #expect(message.components(separatedBy: name).count == 2, "\(message)")
    }
}

@Suite("When the 2019 vendor files were taken", .enabled(if: MarketData.isAvailable, MarketData.absent))
struct LambdaclassQuoteTimeTests {
    /// The lambdaclass files state no quote time. Their underlying is the day's close on six
    /// days only; on the other eighteen it lies elsewhere inside the day's range, so those
    /// quotes were taken during the session (docs/quotes-held-to-the-market.md, "The 2019 vendor files").
    @Test func eighteenOfTheTwentyFourWereTakenDuringTheSession() throws {
        let catalog = try CatalogFixture.catalog.get()
        let history = try SharedHistory.get()
        var atClose: [TradingDate] = [], inSession: [TradingDate] = []
        for entry in catalog.entries where entry.layout == .lambdaclass {
            let snapshot = try catalog.snapshot(of: entry)
            let day = try #require(history.day(entry.date))
            if abs(snapshot.underlyingLast - day.spxClose) <= RealChainCatalog.closeTolerance {
                atClose.append(entry.date)
            } else {
                inSession.append(entry.date)
                let low = try #require(day.spxLow), high = try #require(day.spxHigh)
                #expect(snapshot.underlyingLast >= low && snapshot.underlyingLast <= high, "\(entry.date)")
            }
        }
        #expect(atClose.map(\.description) == ["2019-04-26", "2019-04-29", "2019-05-09", "2019-05-20", "2019-05-21", "2019-05-24"])
        #expect(inSession.count == 18)
        // The catalogue reads the same: the six are closing snapshots, the eighteen session quotes.
        let closing = Set(catalog.closingFullSnapshots().snapshots.filter { $0.entry.layout == .lambdaclass }.map(\.entry.date))
        #expect(closing == Set(atClose))
        for entry in catalog.entries where entry.layout == .lambdaclass && inSession.contains(entry.date) {
            let reason = try #require(catalog.summary(of: entry).summary?.unusableReason, "\(entry.date)")
            #expect(reason.hasPrefix("intraday quotes: the underlying"), "\(reason)")
        }
    }
}
