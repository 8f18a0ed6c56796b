/// A full-day closure of the exchange on a weekday.
public struct MarketHoliday: Hashable, Sendable {
    /// The closed weekday.
    public let date: TradingDate
    /// What the closure is for, e.g. "Good Friday" or "Hurricane Sandy".
    public let name: String

    public init(date: TradingDate, name: String) {
        self.date = date
        self.name = name
    }
}

/// A session that ends before the regular 16:00 close.
public struct EarlyClose: Hashable, Sendable {
    /// The shortened session.
    public let date: TradingDate
    /// Closing time, minutes after midnight New York time (780 = 13:00).
    public let closeMinute: Int

    public init(date: TradingDate, closeMinute: Int) {
        self.date = date
        self.closeMinute = closeMinute
    }
}

/// The New York Stock Exchange's holiday and early-close rules, as they have applied since 1990.
///
/// Everything is derived by rule except the closures and early closes that the exchange
/// decided case by case (national days of mourning, storms, 9/11), which are listed with dates.
/// The rules are exact for 1990 onwards; they do not reproduce older practice (Saturday
/// sessions, pre-1971 holiday dates, the 1968 paperwork crisis).
public enum NYSERules {
    /// Regular session open, minutes after midnight (09:30).
    public static let openMinute = 9 * 60 + 30
    /// Regular session close, minutes after midnight (16:00).
    public static let regularCloseMinute = 16 * 60
    /// Early close from 1993 onwards (13:00).
    public static let earlyCloseMinute = 13 * 60
    /// Early close before 1993 (14:00).
    public static let earlyCloseMinuteBefore1993 = 14 * 60

    /// Closures the exchange declared outside its holiday rules, from 1990.
    public static let specialClosures: [MarketHoliday] = {
        let list: [(String, String)] = [
            ("1994-04-27", "National day of mourning (Richard Nixon)"),
            ("2001-09-11", "September 11 attacks"),
            ("2001-09-12", "September 11 attacks"),
            ("2001-09-13", "September 11 attacks"),
            ("2001-09-14", "September 11 attacks"),
            ("2004-06-11", "National day of mourning (Ronald Reagan)"),
            ("2007-01-02", "National day of mourning (Gerald Ford)"),
            ("2012-10-29", "Hurricane Sandy"),
            ("2012-10-30", "Hurricane Sandy"),
            ("2018-12-05", "National day of mourning (George H. W. Bush)"),
            ("2025-01-09", "National day of mourning (Jimmy Carter)"),
        ]
        return list.map { MarketHoliday(date: TradingDate(iso: $0.0)!, name: $0.1) }
    }()

    /// Early closes the exchange declared outside its rules (all at 13:00), from 1990.
    public static let specialEarlyCloses: [TradingDate] = [
        "1997-12-26", "1999-12-31", "2003-12-26",
    ].map { TradingDate(iso: $0)! }

    /// Easter Sunday of a Gregorian year (anonymous Gregorian computus).
    public static func easterSunday(year: Int) -> TradingDate {
        let goldenNumber = year % 19
        let century = year / 100
        let yearOfCentury = year % 100
        let skippedLeapDays = century / 4, centuryRemainder = century % 4
        let moonCorrection = (century + 8) / 25
        let solarCorrection = (century - moonCorrection + 1) / 3
        let epact = (19 * goldenNumber + century - skippedLeapDays - solarCorrection + 15) % 30
        let leapYearsInCentury = yearOfCentury / 4, yearRemainder = yearOfCentury % 4
        let weekdayOffset = (32 + 2 * centuryRemainder + 2 * leapYearsInCentury - epact - yearRemainder) % 7
        let fullMoonShift = (goldenNumber + 11 * epact + 22 * weekdayOffset) / 451
        let monthAndDay = epact + weekdayOffset - 7 * fullMoonShift + 114
        return TradingDate(year: year, month: monthAndDay / 31, day: monthAndDay % 31 + 1)!
    }

    /// The weekday a fixed-date holiday is observed on: Saturday moves to the Friday before,
    /// Sunday to the Monday after.
    static func observedWeekday(_ date: TradingDate) -> TradingDate {
        switch date.weekday {
        case .saturday: return date - 1
        case .sunday: return date + 1
        default: return date
        }
    }

    /// Every weekday closure of `year`, in date order (regular holidays and special closures).
    public static func holidays(in year: Int) -> [MarketHoliday] {
        func nth(_ n: Int, _ weekday: Weekday, _ month: Int) -> TradingDate {
            TradingDate.nthWeekday(n, weekday, year: year, month: month)!
        }
        var result: [MarketHoliday] = []
        func add(_ date: TradingDate, _ name: String) {
            if !date.isWeekend && date.year == year { result.append(MarketHoliday(date: date, name: name)) }
        }

        // New Year's Day: a Sunday moves to Monday, but a Saturday is not observed on the Friday
        // before, which would close the last session of the previous year.
        let newYear = TradingDate(year: year, month: 1, day: 1)!
        if newYear.weekday != .saturday { add(observedWeekday(newYear), "New Year's Day") }
        if year >= 1998 { add(nth(3, .monday, 1), "Martin Luther King Jr. Day") }
        add(nth(3, .monday, 2), "Washington's Birthday")
        add(easterSunday(year: year) - 2, "Good Friday")
        add(TradingDate.lastWeekday(.monday, year: year, month: 5)!, "Memorial Day")
        if year >= 2022 { add(observedWeekday(TradingDate(year: year, month: 6, day: 19)!), "Juneteenth") }
        add(observedWeekday(TradingDate(year: year, month: 7, day: 4)!), "Independence Day")
        add(nth(1, .monday, 9), "Labor Day")
        add(nth(4, .thursday, 11), "Thanksgiving Day")
        add(observedWeekday(TradingDate(year: year, month: 12, day: 25)!), "Christmas Day")
        for closure in specialClosures where closure.date.year == year {
            add(closure.date, closure.name)
        }
        result.sort { $0.date < $1.date }
        return result
    }

    /// Every early close of `year` that falls on a session, in date order.
    ///
    /// Rules: the day after Thanksgiving (from 1992); Christmas Eve when it is a Monday to
    /// Thursday (on a Friday it is the observed Christmas holiday); July 3rd when it is a Monday,
    /// Tuesday or Thursday (from 1995); before 2013 the Friday July 5th after a Thursday
    /// Independence Day, from 2013 the Wednesday July 3rd before it instead; plus
    /// ``specialEarlyCloses``. Closing time 13:00 from 1993, 14:00 before.
    public static func earlyCloses(in year: Int) -> [EarlyClose] {
        let closes = holidays(in: year)
        let closedDates = Set(closes.map(\.date))
        let minute = year >= 1993 ? earlyCloseMinute : earlyCloseMinuteBefore1993
        var dates: [TradingDate] = []

        if year >= 1992 {
            dates.append(TradingDate.nthWeekday(4, .thursday, year: year, month: 11)! + 1)
        }
        let christmasEve = TradingDate(year: year, month: 12, day: 24)!
        if christmasEve.weekday <= .thursday { dates.append(christmasEve) }
        if year >= 1995 {
            let julyThird = TradingDate(year: year, month: 7, day: 3)!
            switch julyThird.weekday {
            case .monday, .tuesday, .thursday:
                dates.append(julyThird)
            case .wednesday:
                dates.append(year >= 2013 ? julyThird : julyThird + 2)
            default:
                break
            }
        }
        dates += specialEarlyCloses.filter { $0.year == year }

        return Set(dates)
            .filter { !$0.isWeekend && !closedDates.contains($0) }
            .sorted()
            .map { EarlyClose(date: $0, closeMinute: minute) }
    }
}
