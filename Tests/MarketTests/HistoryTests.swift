import Foundation
import TestSupport
import Testing
@testable import Market

/// One history for all tests: it is built once per process, as a sweep would.
enum SharedHistory {
    static let history = LoadedOnce { try MarketHistory.load(from: MarketData.directory!) }
    static func get() throws -> MarketHistory { try history.get() }
}

@Suite("Aligned market history", .enabled(if: MarketData.isAvailable, MarketData.absent))
struct HistoryTests {
    @Test func coversTheSPXSessions() throws {
        let history = try SharedHistory.get()
        #expect(history.dates.first == day("2005-01-03"))
        #expect(history.dates.last == day("2025-12-31"))
        #expect(history.count == 5283)
        #expect(history.count == TradingCalendar.nyse.tradingDayCount(from: day("2005-01-01"), through: day("2025-12-31")))
        #expect(history.calendarNotes.isEmpty, "\(history.calendarNotes)")
        #expect(zip(history.dates.dropFirst(), history.dates).allSatisfy { $0 > $1 })
        // Every SPX session has a VIX close and a futures curve.
        #expect(history.vix.close.missingCount == 0)
        #expect(history.spx.close.missingCount == 0)
        #expect(history.coverage[.vix]?.gaps.isEmpty == true)
        #expect(history.coverage[.vixFutures]?.gaps.isEmpty == true)
        #expect(history.coverage[.vixFutures]?.sessionsWithValue == history.count)
    }

    @Test func knownValues() throws {
        let history = try SharedHistory.get()
        #expect(history.day(day("2008-11-20"))?.vixClose == 80.86)
        #expect(history.day(day("2020-03-16"))?.vixClose == 82.69)
        #expect(history.day(day("2008-10-10"))?.spxClose == 899.22)
        #expect(history.day(day("2020-03-23"))?.spxClose == 2237.40)
        let covid = try #require(history.day(day("2020-03-16")))
        #expect(covid.vixFutures.front?.settle == 72.625)
        #expect(covid.vixFutures.front?.expiration == day("2020-03-18"))
        #expect(covid.vix3m != nil && covid.vix9d != nil && covid.skew != nil && covid.vvix != nil)
        // Before their first publication the younger indices are missing, not invented.
        let early = try #require(history.day(day("2005-06-01")))
        #expect(early.vix9d == nil && early.vix3m == nil && early.vvix == nil)
        #expect(history.coverage[.vix9d]?.firstDate == day("2011-01-04"))
        #expect(history.coverage[.vix3m]?.firstDate == day("2009-09-18"))
    }

    @Test func riskFreeRateIsPlausibleAndNeverFromTheFuture() throws {
        let history = try SharedHistory.get()
        // DTB3 4.96% discount on 2006-07-03.
        let summer2006 = try #require(history.day(day("2006-07-03"))?.riskFreeRate)
        #expect(abs(summer2006 - RateConversion.continuousRate(discountPercent: 4.96)) < 1e-15)
        #expect(summer2006 > 0.05 && summer2006 < 0.052)
        #expect(history.riskFreeRate.missingCount == 0)
        let all = try #require(history.riskFreeRate.presentValues)
        #expect(all.allSatisfy { $0 > -0.001 && $0 < 0.06 })
        // Columbus Day 2005: an SPX session with no Treasury quote uses the previous business day.
        let coverage = try #require(history.coverage[.riskFreeRate])
        #expect(coverage.carried.contains(CarriedValue(date: day("2005-10-10"), origin: .day(day("2005-10-07")))))
        for carried in coverage.carried {
            guard case let .day(origin) = carried.origin else { Issue.record("rate carried from a month"); continue }
            #expect(origin < carried.date)
        }
    }

    @Test func dividendYieldUsesOnlyPublishedMonths() throws {
        let history = try SharedHistory.get()
        #expect(history.dividendYield.missingCount == 0)
        let coverage = try #require(history.coverage[.dividendYield])
        // Lag of one month: July 2023 uses June 2023 (the last month published); from August
        // 2023 the June figure is carried, and each such day is recorded.
        let july = try #require(history.index(of: day("2023-07-03")))
        #expect(history.dividendYield[july] == RateConversion.continuousDividendYield(simplePercent: 1.5812))
        #expect(!coverage.carried.contains { $0.date == day("2023-07-31") })
        #expect(coverage.carried.first == CarriedValue(date: day("2023-08-01"), origin: .month(YearMonth(year: 2023, month: 6))))
        #expect(coverage.carried.last?.date == day("2025-12-31"))
        #expect(coverage.carried.count == history.dates.filter { $0 >= day("2023-08-01") }.count)
        let march2020 = try #require(history.index(of: day("2020-03-16")))
        let q = try #require(history.dividendYield[march2020])
        #expect(q > 0.015 && q < 0.025)
    }

    @Test func gapReportsListTheVIXHolidayRows() throws {
        let history = try SharedHistory.get()
        let vix = try #require(history.coverage[.vix])
        // CBOE publishes VIX on exchange holidays since 2022-05-30 (global trading hours) and
        // on the 2025-01-09 national day of mourning: 27 rows in 2005-2025, none of them a session.
        #expect(vix.extraDates.count == 27)
        #expect(vix.extraDates.first == day("2022-05-30"))
        #expect(vix.extraDates.contains(day("2025-01-09")))
        #expect(vix.extraDates.contains(day("2024-07-04")))
        let futures = try #require(history.coverage[.vixFutures])
        #expect(futures.extraDates == [day("2015-04-03"), day("2018-12-05"), day("2025-01-09")])
    }

    @Test func customRangeAndLag() throws {
        let directory = try #require(MarketData.directory)
        let options = MarketHistory.Options(firstDay: day("2020-03-01"), lastDay: day("2020-03-31"), dividendPublicationLagMonths: 0)
        let march = try MarketHistory.load(from: directory, options: options)
        #expect(march.count == 22)
        #expect(march.dividendYield[0] == RateConversion.continuousDividendYield(
            simplePercent: try #require(MonthlyDividendYield.load(contentsOf: MarketData.path(.dividendYieldMonthly))
                .yieldPercent(for: YearMonth(year: 2020, month: 3)))))
    }

    @Test func loadTime() throws {
        let history = try SharedHistory.get()
        // Debug builds are several times slower than release; this only catches pathologies.
        #expect(history.loadDuration < .seconds(10), "load took \(history.loadDuration)")
    }
}

@Suite("Data check", .enabled(if: MarketData.isAvailable, MarketData.absent))
struct DataCheckTests {
    @Test func realDirectoryPasses() throws {
        let (report, ok) = DataCheck.run(directory: try #require(MarketData.directory))
        if ProcessInfo.processInfo.environment["SPX30DTE_PRINT_DATA_CHECK"] != nil { print(report) }
        #expect(ok, "\(report)")
        #expect(report.hasPrefix("SPX30DTE data check: "))
        // Every entry of the folder's SHA256SUMS is listed and matches (the list grows with the data).
        let sums = try String(contentsOfFile: MarketData.directory!.path + "/SHA256SUMS", encoding: .utf8)
        let listed = sums.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
        #expect(listed >= 171)
        #expect(report.contains("SHA256SUMS: \(listed) listed, \(listed) match"))
        #expect(report.contains("5,283 SPX sessions"))
        #expect(report.contains("identical to the NYSE calendar"))
        #expect(report.contains("2022-05-30"))
        #expect(report.contains("Result: OK"))
    }

    @Test func missingDirectoryFails() {
        let (report, ok) = DataCheck.run(directory: "/nonexistent/spx30dte-data")
        #expect(!ok)
        #expect(report.contains("/nonexistent/spx30dte-data does not exist"))
    }

    @Test func damagedCopyFails() throws {
        // A copy of the directory with one file altered: its checksum and its parse both fail.
        let copy = try RealDataCopy(label: "datacheck")
        defer { copy.remove() }
        let damaged = try copy.writable(DataFile.skewCBOE.relativePath)
        try "DATE,SKEW\n01/02/1990,126.09\n01/03/1990,oops\n".write(toFile: damaged, atomically: false, encoding: .utf8)
        let result = DataCheck.check(try DataDirectory(path: copy.path))
        #expect(!result.ok)
        #expect(result.errors.contains { $0.hasPrefix("index/SKEW_History.csv: sha256 differs") })
        // The parse error names the file once, as the report's own name for it.
        #expect(result.errors.contains("index/SKEW_History.csv: row 3, column SKEW: expected a number, found \"oops\""), "\(result.errors)")
        #expect(result.text.contains("ERROR: row 3, column SKEW: expected a number, found \"oops\""), "\(result.text)")
    }
}
