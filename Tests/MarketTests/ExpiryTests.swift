import Foundation
import Testing
@testable import Market

@Suite("Expiries")
struct ExpiryTests {
    let listing = ExpiryListing.nyse
    let calendar = TradingCalendar.nyse

    func settlementDates(_ product: OptionProduct, on quote: String, root: OptionRoot? = nil) -> [String] {
        listing.expiries(for: product, on: date(quote))
            .filter { root == nil || $0.root == root }
            .map(\.settlementDate.isoString)
    }

    // MARK: Individual expiries

    @Test func standardMonthlyExpirationMovesFromSaturdayToFriday() {
        let january2015 = listing.standardMonthly(.spx, year: 2015, month: 1, style: .am)
        #expect(january2015.expirationDate == date("2015-01-17"))
        #expect(january2015.expirationDate.weekday == .saturday)
        #expect(january2015.settlementDate == date("2015-01-16"))
        #expect(january2015.lastTradingDate == date("2015-01-15"))

        // February 2015 is the first monthly that expires on its Friday.
        let february2015 = listing.standardMonthly(.spx, year: 2015, month: 2, style: .am)
        #expect(february2015.expirationDate == date("2015-02-20"))
        #expect(february2015.settlementDate == date("2015-02-20"))
        #expect(february2015.style == .am && february2015.root == .spx)
        #expect(february2015.settlementMinute == 9 * 60 + 30)
        #expect(february2015.lastTradingDate == date("2015-02-19"))
    }

    @Test func holidayThirdFridaySettlesThursday() {
        // March 2008's third Friday was Good Friday.
        let march2008 = listing.standardMonthly(.spx, year: 2008, month: 3, style: .am)
        #expect(march2008.settlementDate == date("2008-03-20"))
        #expect(march2008.expirationDate == date("2008-03-22"))
        #expect(march2008.lastTradingDate == date("2008-03-19"))
        // After 2015 the expiration itself moves to the Thursday.
        let april2025 = listing.standardMonthly(.spx, year: 2025, month: 4, style: .am)
        #expect(april2025.settlementDate == date("2025-04-17"))
        #expect(april2025.expirationDate == date("2025-04-17"))
    }

    @Test func vixExpiriesWithHolidays() {
        #expect(listing.vixExpirationDate(year: 2006, month: 3) == date("2006-03-22"))
        // The April 2008 SPX expiry Friday (March 21) was Good Friday: 30 days before Thursday.
        #expect(listing.vixExpirationDate(year: 2008, month: 2) == date("2008-02-19"))
        // 2024-06-19 (Juneteenth) is a holiday Wednesday: the session before.
        #expect(listing.vixExpirationDate(year: 2024, month: 6) == date("2024-06-18"))
        #expect(listing.vixExpirationDate(year: 2020, month: 3) == date("2020-03-18"))
        let march2020 = listing.vixMonthly(year: 2020, month: 3)
        #expect(march2020.style == .am && march2020.root == .vix)
        #expect(march2020.lastTradingDate == date("2020-03-17"))
    }

    /// VIX futures and options share their monthly expiry: the rule must reproduce every VX
    /// contract's expiration, and every month of 2006-2025 has one.
    @Test(.enabled(if: CalendarFixtures.vixFuturesFile != nil, "VX futures file not found"))
    func vixExpiriesMatchFuturesContracts() throws {
        let lines = try CalendarFixtures.text(of: CalendarFixtures.vixFuturesFile!).split(whereSeparator: \.isNewline)
        let header = lines.first.map(CalendarFixtures.fields) ?? []
        let column = try #require(header.firstIndex(of: "expiration"))
        var expirations = Set<TradingDate>()
        for line in lines.dropFirst() {
            let fields = CalendarFixtures.fields(line)
            if fields.count > column, let expiration = TradingDate(iso: fields[column]) { expirations.insert(expiration) }
        }
        // The 2004 contracts (July and October) predate the rule; from 2005 it holds throughout.
        var months = Set<Int>()
        for expiration in expirations where expiration.year >= 2005 {
            let (year, month, _) = expiration.components
            #expect(listing.vixExpirationDate(year: year, month: month) == expiration, "VX contract \(expiration)")
            if (2006...2025).contains(year) { months.insert(year * 12 + month) }
        }
        #expect(months.count == 240)
    }

    // MARK: Listings on known quote dates

    @Test func vixFirstListing() {
        #expect(listing.expiries(for: .vix, on: date("2006-02-23")).isEmpty)
        #expect(settlementDates(.vix, on: "2006-02-24")
            == ["2006-03-22", "2006-04-19", "2006-05-17", "2006-06-21", "2006-07-19", "2006-08-16"])
        #expect(OptionProduct.vix.firstListed == date("2006-02-24"))
        #expect(listing.expiries(for: .xsp, on: date("2005-10-24")).isEmpty)
        #expect(!listing.expiries(for: .xsp, on: date("2005-10-25")).isEmpty)
    }

    @Test func listingOn2008_10_10() {
        #expect(settlementDates(.spx, on: "2008-10-10", root: .spx) == [
            "2008-10-17", "2008-11-21", "2008-12-19", "2009-03-20", "2009-06-19", "2009-09-18",
            "2009-12-18", "2010-06-18", "2010-12-17",
        ])
        // This Friday's Weekly settles at today's close; next Friday is a standard expiry.
        #expect(settlementDates(.spx, on: "2008-10-10", root: .spxw)
            == ["2008-10-10", "2008-12-31", "2009-03-31", "2009-06-30", "2009-09-30"])
        let october = listing.expiries(for: .spx, on: date("2008-10-10")).first { $0.root == .spx }!
        #expect(october.expirationDate == date("2008-10-18"))
        #expect(settlementDates(.vix, on: "2008-10-10")
            == ["2008-10-22", "2008-11-19", "2008-12-17", "2009-01-21", "2009-02-18", "2009-03-18"])
        // XSP was AM-settled then and had no weekly on a standard Friday.
        let xsp = listing.expiries(for: .xsp, on: date("2008-10-10"))
        #expect(xsp.filter { $0.cycle == .standardMonthly }.allSatisfy { $0.style == .am })
        #expect(xsp.map(\.settlementDate.isoString).prefix(4) == ["2008-10-10", "2008-10-17", "2008-11-21", "2008-12-19"])
    }

    @Test func listingAroundFirstFridayExpiration() {
        let dayBefore = listing.expiries(for: .spx, on: date("2015-02-19"))
        let february = dayBefore.first { $0.root == .spx }!
        #expect(february.settlementDate == date("2015-02-20") && february.expirationDate == date("2015-02-20"))
        #expect(february.style == .am)
        #expect(dayBefore.contains { $0.root == .spxw && $0.settlementDate == date("2015-02-20") && $0.style == .pm })

        // On the day the AM series has settled; the PM series settles at the close.
        let onTheDay = listing.expiries(for: .spx, on: date("2015-02-20"))
        #expect(onTheDay.first { $0.root == .spx }!.settlementDate == date("2015-03-20"))
        let pm = onTheDay.first!
        #expect(pm.root == .spxw && pm.settlementDate == date("2015-02-20"))
        #expect(listing.yearsToSettlement(of: pm, from: date("2015-02-20")) == 0)
        // XSP is PM-settled from 2013-11-05.
        let xspMonthly = listing.expiries(for: .xsp, on: date("2015-02-19")).first { $0.cycle == .standardMonthly }!
        #expect(xspMonthly.style == .pm && xspMonthly.root == .xsp)
        #expect(xspMonthly.settlementDate == date("2015-02-20") && xspMonthly.settlementMinute == 16 * 60)
    }

    @Test func listingOn2020_03_16() {
        let spxw = settlementDates(.spx, on: "2020-03-16", root: .spxw).filter { $0 <= "2020-04-30" }
        #expect(spxw == [
            "2020-03-16", "2020-03-18", "2020-03-20", "2020-03-23", "2020-03-25", "2020-03-27",
            "2020-03-30", "2020-03-31", "2020-04-01", "2020-04-03", "2020-04-06", "2020-04-08",
            "2020-04-09", "2020-04-13", "2020-04-17", "2020-04-24", "2020-04-30",
        ])
        // Mondays are opened on Fridays and Wednesdays on Tuesdays, five at a time: on this
        // Monday the last Monday is 04-13 and the last Wednesday 04-08; the Friday and the
        // Tuesday after add 04-20 and 04-15 (the 2020-03-20 chain lists both, and no more).
        let nextFriday = settlementDates(.spx, on: "2020-03-20", root: .spxw)
        #expect(nextFriday.contains("2020-04-20") && nextFriday.contains("2020-04-15"))
        #expect(!nextFriday.contains("2020-04-27") && !nextFriday.contains("2020-04-22"))
        let spx = settlementDates(.spx, on: "2020-03-16", root: .spx)
        #expect(spx.prefix(13) == [
            "2020-03-20", "2020-04-17", "2020-05-15", "2020-06-19", "2020-07-17", "2020-08-21", "2020-09-18",
            "2020-10-16", "2020-11-20", "2020-12-18", "2021-01-15", "2021-02-19", "2021-06-18",
        ])
        #expect(settlementDates(.vix, on: "2020-03-16").first == "2020-03-18")
        // No expiry lands on Good Friday 2020-04-10.
        #expect(!listing.expiries(for: .spx, on: date("2020-03-16")).contains { $0.settlementDate == date("2020-04-10") })
    }

    @Test func dailyExpiriesOn2022_06_16() {
        let listed = Set(listing.expiries(for: .spx, on: date("2022-06-16")).filter { $0.root == .spxw }.map(\.settlementDate))
        // Every session for two weeks carries an SPXW expiry, Juneteenth skipped.
        for session in calendar.tradingDays(from: date("2022-06-16"), through: date("2022-07-01")) {
            #expect(listed.contains(session), "no SPXW expiry on \(session)")
        }
        #expect(!listed.contains(date("2022-06-20")) && !listed.contains(date("2022-07-04")))
        // The new Tuesdays and Thursdays reach two and one weeks on (the 2022-07-12 chain lists
        // them 14 and 9 days out); Mondays and Wednesdays four weeks, Fridays seven.
        #expect(listed.contains(date("2022-06-28")) && !listed.contains(date("2022-07-12")))
        #expect(listed.contains(date("2022-06-23")) && !listed.contains(date("2022-07-07")))
        #expect(listed.contains(date("2022-07-11")) && listed.contains(date("2022-07-13")) && listed.contains(date("2022-07-29")))
        let xsp = Set(listing.expiries(for: .xsp, on: date("2022-06-16")).map(\.settlementDate))
        #expect(xsp.isSuperset(of: calendar.tradingDays(from: date("2022-06-16"), through: date("2022-07-01"))))
        // Before Tuesday expiries were listed, a Monday holiday Weekly moved to the Tuesday.
        #expect(settlementDates(.spx, on: "2019-02-12", root: .spxw).contains("2019-02-19"))
        #expect(!settlementDates(.spx, on: "2019-02-12", root: .spxw).contains("2019-02-26"))
    }

    @Test func settlementStylesByRoot() {
        for quote in ["2007-05-10", "2012-06-01", "2016-09-07", "2023-01-18"] {
            for expiry in listing.expiries(for: .spx, on: date(quote)) {
                #expect(expiry.style == (expiry.root == .spx ? .am : .pm), "\(quote) \(expiry)")
            }
            for expiry in listing.expiries(for: .vix, on: date(quote)) {
                #expect(expiry.style == .am && expiry.settlementDate.weekday <= .wednesday)
            }
        }
        #expect(listing.expiries(for: .xsp, on: date("2013-11-04")).first { $0.cycle == .standardMonthly }!.style == .am)
        #expect(listing.expiries(for: .xsp, on: date("2013-11-05")).first { $0.cycle == .standardMonthly }!.style == .pm)
    }

    /// Over 2005-2025, every listed expiry settles on a session, in the future, once per root.
    @Test func noExpiryOnAHoliday() {
        for session in calendar.tradingDays(from: date("2005-10-03"), through: date("2025-12-31")) {
            for product in OptionProduct.allCases {
                let expiries = listing.expiries(for: product, on: session)
                var seen = Set<String>()
                for expiry in expiries {
                    if !calendar.isTradingDay(expiry.settlementDate) || !calendar.isTradingDay(expiry.lastTradingDate) {
                        Issue.record("\(product) on \(session): \(expiry) settles or trades on a closed day")
                    }
                    if expiry.settlementDate < session { Issue.record("\(product) on \(session): \(expiry) already settled") }
                    if !seen.insert("\(expiry.root)\(expiry.settlementDate)\(expiry.style)").inserted {
                        Issue.record("\(product) on \(session): duplicate \(expiry)")
                    }
                }
                if product.isListed(on: session) {
                    if expiries.isEmpty { Issue.record("\(product) lists nothing on \(session)") }
                }
                if expiries != expiries.sorted() { Issue.record("\(product) on \(session): not in settlement order") }
            }
        }
    }

    /// The listed expiries within five weeks include every expiry of the real CBOE chains.
    @Test(.enabled(if: CalendarFixtures.optionChainsFile != nil, "option chain file not found"))
    func realChainsAreListed() throws {
        let lines = try CalendarFixtures.text(of: CalendarFixtures.optionChainsFile!).split(whereSeparator: \.isNewline)
        let header = CalendarFixtures.fields(lines[0])
        let quoteColumn = try #require(header.firstIndex(of: "quote_date"))
        let rootColumn = try #require(header.firstIndex(of: "root"))
        let expirationColumn = try #require(header.firstIndex(of: "expiration"))
        var real: [String: Set<String>] = [:]   // "quote root" -> expirations
        for line in lines.dropFirst() {
            let fields = CalendarFixtures.fields(line)
            guard fields.count > expirationColumn else { continue }
            real["\(fields[quoteColumn]) \(fields[rootColumn])", default: []].insert(String(fields[expirationColumn]))
        }
        let checks: [(String, OptionProduct, OptionRoot)] = [
            ("2020-03-20", .spx, .spx), ("2020-03-20", .spx, .spxw), ("2023-09-14", .spx, .spx),
            ("2023-09-14", .spx, .spxw), ("2023-12-08", .spx, .spxw), ("2023-09-14", .xsp, .xsp),
        ]
        for (quote, product, root) in checks {
            let quoteDate = date(quote)
            let horizon = (quoteDate + 35).isoString
            let expected = (real["\(quote) \(root.rawValue)"] ?? []).filter { $0 <= horizon }
            #expect(!expected.isEmpty)
            let listed = Set(settlementDates(product, on: quote, root: root))
            let missing = expected.subtracting(listed).sorted()
            #expect(missing.isEmpty, "\(quote) \(root): real expiries not listed: \(missing)")
        }
    }

    // MARK: Time to expiry

    @Test func yearsToSettlement() {
        let minutesPerYear = 365.0 * 24 * 60
        let quote = date("2020-03-19")
        let am = listing.expiries(for: .spx, on: quote).first { $0.root == .spx }!
        #expect(am.settlementDate == date("2020-03-20"))
        // 16:00 to 09:30 the next morning.
        #expect(listing.yearsToSettlement(of: am, from: quote) == (17.5 * 60) / minutesPerYear)
        let pm = listing.expiries(for: .spx, on: quote).first { $0.root == .spxw && $0.settlementDate == date("2020-03-20") }!
        #expect(listing.yearsToSettlement(of: pm, from: quote) == 1440 / minutesPerYear)
        #expect(am.years(fromQuoteDate: date("2020-03-20")) < 0)
        // An expiry on an early-close day settles at 13:00.
        let blackFriday = listing.expiries(for: .spx, on: date("2019-11-27")).first { $0.settlementDate == date("2019-11-29") }!
        #expect(blackFriday.settlementMinute == 13 * 60)
        #expect(listing.yearsToSettlement(of: blackFriday, from: date("2019-11-27")) == (2 * 1440 - 180) / minutesPerYear)
        #expect(TimeToExpiry.years(from: date("2021-01-01"), minute: 960, to: date("2022-01-01"), minute: 960) == 1)
        #expect(am.calendarDays(from: quote) == 1)
    }

    @Test func nearestExpiry() {
        let core = listing.nearestExpiry(for: .spx, on: date("2020-03-18"), calendarDays: 30)!
        #expect(core.settlementDate == date("2020-04-17"))
        let hedge = listing.nearestExpiry(for: .vix, on: date("2020-03-18"), calendarDays: 50)!
        #expect(hedge.settlementDate == date("2020-05-20"))
    }

    @Test func precomputedScheduleMatchesListing() {
        let schedule = ExpirySchedule(product: .spx, from: date("2020-01-01"), through: date("2020-12-31"))
        for session in calendar.tradingDays(from: date("2020-01-01"), through: date("2020-12-31")) {
            #expect(Array(schedule.expiries(on: session)) == listing.expiries(for: .spx, on: session))
        }
        #expect(schedule.expiries(on: date("2020-01-04")).isEmpty)
        #expect(schedule.expiries(on: date("2021-01-04")).isEmpty)
    }

    // MARK: Strikes

    @Test func strikeGrids() {
        let quote = date("2020-03-16")
        let expiries = listing.expiries(for: .spx, on: quote)
        let near = expiries.first { $0.settlementDate == date("2020-04-17") && $0.root == .spx }!
        let spx = StrikeGrid.strikes(product: .spx, expiry: near, quoteDate: quote, underlying: 2386.13, window: 0.5)
        #expect(spx == spx.sorted() && Set(spx).count == spx.count)
        #expect(spx.contains(2385) && spx.contains(2390) && spx.allSatisfy { $0 >= 1193.06 && $0 <= 3579.2 })
        #expect(spx.filter { $0 > 1990 && $0 < 2780 }.allSatisfy { $0.truncatingRemainder(dividingBy: 5) == 0 })
        #expect(spx.contains(1475) && !spx.contains(1480))                      // 25-point from 20% out
        #expect(spx.contains(1250) && !spx.contains(1275) && !spx.contains(1150))  // 50-point beyond 40%
        #expect(StrikeGrid.step(product: .spx, calendarDays: 30, underlying: 2386, strike: 2300) == 5)

        let leap = expiries.last!
        let far = StrikeGrid.strikes(product: .spx, expiry: leap, quoteDate: quote, underlying: 2386.13, window: 0.2)
        #expect(far.allSatisfy { $0.truncatingRemainder(dividingBy: 50) == 0 })

        let xspExpiry = listing.expiries(for: .xsp, on: quote).first!
        let xsp = StrikeGrid.strikes(product: .xsp, expiry: xspExpiry, quoteDate: quote, underlying: 238.6, window: 0.08)
        #expect(xsp.first == 220 && xsp.last == 257 && xsp.count == 38)

        let vixExpiry = listing.expiries(for: .vix, on: quote).first!
        let vix = StrikeGrid.strikes(product: .vix, expiry: vixExpiry, quoteDate: quote, underlying: 40, window: 1)
        #expect(vix.first == 1 && vix.contains(19.5) && !vix.contains(20.5) && vix.contains(21))
        #expect(vix.contains(52.5) && !vix.contains(51) && vix.contains(80) && vix.contains(75))
        #expect(!vix.contains(82.5) && vix.contains(80) && vix.last == 80)
        let early = listing.expiries(for: .vix, on: date("2008-10-10")).first!
        let vix2008 = StrikeGrid.strikes(product: .vix, expiry: early, quoteDate: date("2008-10-10"), underlying: 60, window: 0.9)
        #expect(!vix2008.contains(19.5) && vix2008.contains(19) && vix2008.last == 110)
    }
}
