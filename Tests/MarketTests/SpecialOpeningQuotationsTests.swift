import Foundation
import Market
import Tabular
import TestSupport
import Testing


@Suite("Special opening quotations")
struct SpecialOpeningQuotationsTests {
    @Test func readsTheLayoutAndFindsADay() throws {
        let path = try temporaryFile("soq.csv", "date,soq\n2007-07-20,1551.46\n2007-08-17,1450.11\n")
        let table = try SpecialOpeningQuotations.load(path: path)
        #expect(table.dates == [day("2007-07-20"), day("2007-08-17")] && table.levels == [1551.46, 1450.11])
        #expect(table.level(on: day("2007-08-17")) == 1450.11 && table.level(on: day("2007-08-16")) == nil)
    }

    @Test func namesTheRowAndColumnOfABadField() throws {
        let descending = try temporaryFile("soq.csv", "date,soq\n2007-08-17,1450.11\n2007-07-20,1551.46\n")
        let late = try #require(tabularError { _ = try SpecialOpeningQuotations.load(path: descending) })
        #expect(late.line == 3 && late.column == "date", "\(late)")
        let negative = try temporaryFile("soq.csv", "date,soq\n2007-08-17,-1450.11\n")
        let sign = try #require(tabularError { _ = try SpecialOpeningQuotations.load(path: negative) })
        #expect(sign.line == 2 && sign.column == "soq", "\(sign)")
        let missing = try temporaryFile("soq.csv", "date,level\n2007-08-17,1450.11\n")
        #expect(tabularError { _ = try SpecialOpeningQuotations.load(path: missing) } != nil)
        #expect(SpecialOpeningQuotations(dates: [day("2007-08-17"), day("2007-07-20")], levels: [1, 2]) == nil)
    }

    @Test func aDirectoryWithoutTheTableHasNone() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("soq-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let directory = try DataDirectory.resolve(explicit: root.path, environment: [:], currentDirectory: "/")
        #expect(try SpecialOpeningQuotations.load(from: directory) == nil)
    }
}

@Suite("Special opening quotations, real table", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct SpecialOpeningQuotationsRealTests {
    let table: SpecialOpeningQuotations
    let history: MarketHistory

    init() throws {
        let directory = RealMarketData.directory!
        table = try #require(try SpecialOpeningQuotations.load(from: directory))
        history = try MarketHistory.load(from: directory)
    }

    /// One row per month of 2005-2023, each on the settlement day of that month's standard
    /// AM series by the project's own listing (the source gives the month only before 2020).
    @Test func everyRowIsAMonthlyAMSettlementDay() {
        #expect(table.dates.count == 228)
        var k = 0
        for year in 2005...2023 {
            for month in 1...12 {
                let expiry = ExpiryListing.nyse.standardMonthly(.spx, year: year, month: month, style: .am)
                #expect(table.dates[k] == expiry.settlementDate, "\(year)-\(month): \(table.dates[k])")
                k += 1
            }
        }
    }

    /// A table date that is no session (a Saturday) is kept aside, and `data check` names it.
    @Test func aDateThatIsNoSessionIsNamed() throws {
        let real = RealMarketData.directory!
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("soq-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["index", "rates", "dividends", "vix_futures"] {
            let target = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: real.path + "/" + folder) {
                try FileManager.default.createSymbolicLink(atPath: target.path + "/" + name,
                                                           withDestinationPath: real.path + "/" + folder + "/" + name)
            }
        }
        let table = root.path + "/" + SpecialOpeningQuotations.relativePath
        try FileManager.default.removeItem(atPath: table)
        try "date,soq\n2007-07-20,1551.46\n2007-08-18,1450.11\n".write(toFile: table, atomically: true, encoding: .utf8)
        let directory = try DataDirectory.resolve(explicit: root.path, environment: [:], currentDirectory: "/")
        let odd = try MarketHistory.load(from: directory)
        #expect(odd.settlementQuotationsOffSession == [day("2007-08-18")])
        #expect(odd.publishedSOQDays == [day("2007-07-20")] && odd.day(day("2007-08-17"))?.spxSOQ == nil)
        let report = DataCheck.check(directory, allowModifiedData: true)
        #expect(report.errors.contains("\(SpecialOpeningQuotations.relativePath): 2007-08-18 is not an SPX session"))
        #expect(history.settlementQuotationsOffSession.isEmpty)
    }

    /// The SOQ is built from the stocks' opening trades, so it lies near the session's open
    /// where the recorded open moved (the median miss is about 0.2%), and carries the opening
    /// move where the recorded open is the previous close: 2007-08-17, the morning of the
    /// Fed's discount-rate cut, settled 2.75% above a recorded open of 1,411.26.
    @Test func liesNearTheRecordedOpenAndCarriesTheOpeningMove() throws {
        var misses: [Double] = []
        for (date, level) in zip(table.dates, table.levels) {
            let i = try #require(history.index(of: date))
            let open = try #require(history[i].spxOpen), previousClose = history[i - 1].spxClose
            #expect(abs(level / open - 1) < 0.06, "\(date): SOQ \(level), open \(open)")
            if abs(open / previousClose - 1) > 1e-4 { misses.append(abs(level / open - 1)) }
        }
        misses.sort()
        #expect(misses.count > 150 && misses[misses.count / 2] < 0.004, "median \(misses[misses.count / 2])")
        #expect(table.level(on: day("2007-08-17")) == 1450.11 && history.day(day("2007-08-17"))?.spxOpen == 1411.26)
    }
}
