import Foundation
import TestSupport
import Testing
@testable import Market

/// Reading the real data files the calendar and expiry rules are checked against.
enum CalendarFixtures {
    /// The data folder, found by the test suites' one rule (``RealMarketData``).
    static let dataDirectory: String? = RealMarketData.directory?.path

    static func path(_ relative: String) -> String? {
        guard let directory = dataDirectory else { return nil }
        let path = directory + "/" + relative
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static let spxDailyFile = path("index/spx_daily_clean.csv")
    static let vixFuturesFile = path("vix_futures/vx_futures_daily_clean.csv.gz")
    static let optionChainsFile = path("options/cboe_quotedata_parsed_long_clean.csv.gz")

    /// Text of a file; `.gz` files are decompressed with `gzip -dc`.
    static func text(of path: String) throws -> String {
        guard path.hasSuffix(".gz") else { return try String(contentsOfFile: path, encoding: .utf8) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Splits a CSV line on commas outside double quotes (quotes kept out of the fields).
    static func fields(_ line: Substring) -> [String] {
        var result: [Substring] = []
        var start = line.startIndex, index = line.startIndex, quoted = false
        while index < line.endIndex {
            let character = line[index]
            if character == "\"" { quoted.toggle() }
            else if character == "," && !quoted {
                result.append(line[start..<index])
                start = line.index(after: index)
            }
            index = line.index(after: index)
        }
        result.append(line[start..<line.endIndex])
        return result.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }

    /// The first-column dates of a CSV file with a header line.
    static func firstColumnDates(of path: String) throws -> [TradingDate] {
        try text(of: path).split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            TradingDate(iso: line.prefix { $0 != "," })
        }
    }
}

func date(_ iso: String) -> TradingDate { TradingDate(iso: iso)! }

@Suite("TradingDate")
struct TradingDateTests {
    @Test func civilRoundTripOverTwoCenturies() {
        var day = date("1900-01-01")
        var previous = day.components
        #expect(previous == (1900, 1, 1))
        day = day + 1
        while day <= date("2100-12-31") {
            let (year, month, dayOfMonth) = day.components
            #expect(TradingDate(year: year, month: month, day: dayOfMonth) == day)
            let isNext = (year == previous.year && month == previous.month && dayOfMonth == previous.day + 1)
                || (year == previous.year && month == previous.month + 1 && dayOfMonth == 1)
                || (year == previous.year + 1 && month == 1 && dayOfMonth == 1)
            if !isNext { Issue.record("\(day) does not follow \(previous)") ; break }
            previous = (year, month, dayOfMonth)
            day = day + 1
        }
    }

    @Test func epochAndKnownWeekdays() {
        #expect(date("1970-01-01").daysSinceEpoch == 0)
        #expect(date("1969-12-31").daysSinceEpoch == -1)
        #expect(date("2000-03-01").daysSinceEpoch == 11_017)
        #expect(date("1970-01-01").weekday == .thursday)
        #expect(date("2020-03-16").weekday == .monday)
        #expect(date("2008-10-10").weekday == .friday)
        #expect(date("1969-12-28").weekday == .sunday)
        #expect(date("2022-01-01").isWeekend)
    }

    @Test func isoParsingAndFormatting() {
        #expect(date("2020-03-16").isoString == "2020-03-16")
        #expect(date("0999-01-09").description == "0999-01-09")
        #expect(TradingDate(iso: "2020-02-29") != nil)
        #expect(TradingDate(iso: "2021-02-29") == nil)
        #expect(TradingDate(iso: "2020-3-16") == nil)
        #expect(TradingDate(iso: "2020-03-16 ") == nil)
        #expect(TradingDate(iso: "2020/03/16") == nil)
        #expect(TradingDate(iso: "2020-13-01") == nil)
        #expect(TradingDate(iso: "2020-00-10") == nil)
        #expect(TradingDate(isoUTF8: Array("2015-02-20".utf8)) == date("2015-02-20"))
        #expect(TradingDate("1999-12-31") == date("1999-12-31"))
    }

    @Test func arithmetic() {
        #expect(date("2020-02-28") + 2 == date("2020-03-01"))
        #expect(date("2020-03-01") - date("2019-03-01") == 366)
        #expect(date("2020-03-16").days(until: date("2020-04-17")) == 32)
        #expect(date("2020-03-18").mondayOfWeek == date("2020-03-16"))
        #expect(date("2024-02-10").lastOfMonth == date("2024-02-29"))
        #expect(TradingDate.nthWeekday(3, .friday, year: 2015, month: 2) == date("2015-02-20"))
        #expect(TradingDate.lastWeekday(.monday, year: 2021, month: 5) == date("2021-05-31"))
        #expect(TradingDate.addingMonths(13, toYear: 2020, month: 12) == (2022, 1))
        #expect(TradingDate.addingMonths(-12, toYear: 2020, month: 1) == (2019, 1))
        #expect(Array(date("2020-01-30")...date("2020-02-02")).count == 4)
    }

    @Test func codableUsesISOStrings() throws {
        let data = try JSONEncoder().encode([date("2012-10-29")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2012-10-29\"]")
        #expect(try JSONDecoder().decode([TradingDate].self, from: data) == [date("2012-10-29")])
    }
}

@Suite("TradingCalendar")
struct TradingCalendarTests {
    let calendar = TradingCalendar.nyse

    @Test func specialClosures() {
        for iso in ["2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14", "2004-06-11", "2007-01-02",
                    "2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09", "1994-04-27"] {
            #expect(calendar.isHoliday(date(iso)), "\(iso) should be closed")
        }
        #expect(calendar.isTradingDay(date("2001-09-17")))
        #expect(calendar.isTradingDay(date("2012-10-31")))
    }

    @Test func easterAndGoodFriday() {
        #expect(NYSERules.easterSunday(year: 2008) == date("2008-03-23"))
        #expect(NYSERules.easterSunday(year: 2019) == date("2019-04-21"))
        #expect(NYSERules.easterSunday(year: 2038) == date("2038-04-25"))
        for iso in ["2008-03-21", "2015-04-03", "2024-03-29", "2000-04-21", "2025-04-18", "2019-04-19"] {
            #expect(calendar.isHoliday(date(iso)), "Good Friday \(iso)")
        }
    }

    @Test func ruleHolidays() {
        #expect(calendar.isHoliday(date("2022-06-20")))   // Juneteenth observed (Sunday 19th)
        #expect(calendar.isHoliday(date("2023-06-19")))
        #expect(calendar.isTradingDay(date("2021-06-18")))  // before Juneteenth was an NYSE holiday
        #expect(calendar.isHoliday(date("2021-07-05")))   // Independence Day on a Sunday
        #expect(calendar.isHoliday(date("2020-07-03")))   // ... on a Saturday
        #expect(calendar.isHoliday(date("2021-12-24")))   // Christmas on a Saturday
        #expect(calendar.isHoliday(date("2022-12-26")))   // ... on a Sunday
        #expect(calendar.isTradingDay(date("2021-12-31")))  // New Year's Day on a Saturday: no Friday holiday
        #expect(calendar.isTradingDay(date("2010-12-31")))
        #expect(calendar.isHoliday(date("2017-01-02")))   // ... on a Sunday: Monday
        #expect(calendar.isHoliday(date("2024-01-15")))   // MLK
        #expect(calendar.isTradingDay(date("1997-01-20")))  // MLK only from 1998
        #expect(calendar.isHoliday(date("1998-01-19")))
        #expect(calendar.isHoliday(date("2024-02-19")))
        #expect(calendar.isHoliday(date("2024-05-27")))
        #expect(calendar.isHoliday(date("2024-09-02")))
        #expect(calendar.isHoliday(date("2024-11-28")))
        #expect(calendar.kind(of: date("2024-11-30")) == .weekend)

        let names2022 = calendar.holidays(in: 2022).map { "\($0.date) \($0.name)" }
        #expect(names2022 == [
            "2022-01-17 Martin Luther King Jr. Day", "2022-02-21 Washington's Birthday",
            "2022-04-15 Good Friday", "2022-05-30 Memorial Day", "2022-06-20 Juneteenth",
            "2022-07-04 Independence Day", "2022-09-05 Labor Day", "2022-11-24 Thanksgiving Day",
            "2022-12-26 Christmas Day",
        ])
        #expect(calendar.holidays(in: 2012).count == 11)  // nine rule holidays + Sandy's two days
    }

    @Test func earlyCloses() {
        for iso in ["2019-11-29", "2024-11-29", "2008-11-28", "2001-11-23"] {
            #expect(calendar.earlyClose(on: date(iso)), "day after Thanksgiving \(iso)")
            #expect(calendar.closeMinute(on: date(iso)) == 13 * 60)
        }
        // Christmas Eve on a weekday session; on a Friday it is the observed holiday.
        #expect(calendar.isEarlyClose(date("2024-12-24")))
        #expect(calendar.isEarlyClose(date("2025-12-24")))
        #expect(calendar.isHoliday(date("2021-12-24")))
        // July 3rd: Monday/Tuesday/Thursday always; a Wednesday from 2013; Friday the 5th before.
        #expect(calendar.isEarlyClose(date("2023-07-03")))
        #expect(calendar.isEarlyClose(date("2018-07-03")))
        #expect(calendar.isEarlyClose(date("2025-07-03")))
        #expect(calendar.isEarlyClose(date("2013-07-03")))
        #expect(calendar.isEarlyClose(date("2019-07-03")))
        #expect(calendar.isEarlyClose(date("2024-07-03")))
        #expect(calendar.isEarlyClose(date("2002-07-05")))
        #expect(!calendar.isEarlyClose(date("2002-07-03")))
        #expect(!calendar.isEarlyClose(date("2019-07-05")))
        #expect(!calendar.isEarlyClose(date("2022-07-01")))
        // Declared ones, and days that are not.
        #expect(calendar.isEarlyClose(date("2003-12-26")))
        #expect(!calendar.isEarlyClose(date("2008-12-26")))
        #expect(!calendar.isEarlyClose(date("2025-12-26")))
        #expect(calendar.closeMinute(on: date("2024-03-28")) == 16 * 60)
        #expect(calendar.closeMinute(on: date("2024-03-29")) == nil)
        #expect(calendar.earlyCloses(in: 2024).map(\.date) == [date("2024-07-03"), date("2024-11-29"), date("2024-12-24")])
    }

    @Test func stepping() {
        #expect(calendar.nextTradingDay(after: date("2012-10-26")) == date("2012-10-31"))
        #expect(calendar.previousTradingDay(before: date("2012-10-31")) == date("2012-10-26"))
        #expect(calendar.nextTradingDay(after: date("2024-03-28")) == date("2024-04-01"))
        #expect(calendar.previousTradingDay(before: date("2024-01-02")) == date("2023-12-29"))
        #expect(calendar.tradingDay(onOrAfter: date("2024-03-30")) == date("2024-04-01"))
        #expect(calendar.tradingDay(onOrBefore: date("2024-03-29")) == date("2024-03-28"))
        #expect(calendar.addingTradingDays(3, to: date("2024-03-27")) == date("2024-04-02"))
        #expect(calendar.addingTradingDays(-2, to: date("2024-03-30")) == date("2024-03-27"))
        #expect(calendar.tradingDays(from: date("2001-09-07"), through: date("2001-09-18"))
            == [date("2001-09-07"), date("2001-09-10"), date("2001-09-17"), date("2001-09-18")])
        #expect(calendar.tradingDays(from: date("2020-01-02"), through: date("2020-01-01")).isEmpty)
        #expect(calendar.tradingDayCount(from: date("2024-01-01"), through: date("2024-12-31")) == 252)
        #expect(calendar.lastTradingDay(ofMonthContaining: date("2020-05-10")) == date("2020-05-29"))
    }

    /// The table lookups agree with a day-by-day walk, across the whole range and past its ends.
    @Test func tableAgreesWithWalking() {
        let small = TradingCalendar(years: 2010...2012)
        var day = date("2009-12-20")
        while day <= date("2013-01-10") {
            #expect(small.isTradingDay(day) == calendar.isTradingDay(day), "\(day)")
            #expect(small.closeMinute(on: day) == calendar.closeMinute(on: day), "\(day)")
            #expect(small.nextTradingDay(after: day) == calendar.nextTradingDay(after: day), "\(day)")
            #expect(small.previousTradingDay(before: day) == calendar.previousTradingDay(before: day), "\(day)")
            day = day + 1
        }
        #expect(small.tradingDays(from: date("2009-12-28"), through: date("2013-01-04"))
            == calendar.tradingDays(from: date("2009-12-28"), through: date("2013-01-04")))
        #expect(small.addingTradingDays(10, to: date("2012-12-24")) == calendar.addingTradingDays(10, to: date("2012-12-24")))
    }

    /// The calendar's sessions are exactly the days the S&P 500 printed a close, 1990 onwards.
    @Test(.enabled(if: CalendarFixtures.spxDailyFile != nil, "SPX daily file not found"))
    func sessionsMatchSPXHistory() throws {
        let dates = try CalendarFixtures.firstColumnDates(of: CalendarFixtures.spxDailyFile!)
        let first = date("1990-01-01")
        let last = min(dates.last!, date("2025-12-31"))
        let fileSessions = dates.filter { $0 >= first && $0 <= last }
        let calendarSessions = calendar.tradingDays(from: first, through: last)
        let fileSet = Set(fileSessions), calendarSet = Set(calendarSessions)
        let missing = fileSessions.filter { !calendarSet.contains($0) }
        let extra = calendarSessions.filter { !fileSet.contains($0) }
        #expect(missing.isEmpty, "SPX sessions the calendar closes: \(missing.prefix(20))")
        #expect(extra.isEmpty, "calendar sessions without an SPX close: \(extra.prefix(20))")
        #expect(fileSessions.count > 9_000)
        // The file runs into 2026; its dates so far are sessions too.
        let later = dates.filter { $0 > date("2025-12-31") }
        #expect(later.allSatisfy(calendar.isTradingDay))
        #expect(later.count == calendar.tradingDays(from: date("2026-01-01"), through: dates.last!).count)
    }
}
