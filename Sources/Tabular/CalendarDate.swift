/// A day of the proleptic Gregorian calendar, with no time of day or time zone.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1...12
    public let month: Int
    /// 1...31, valid for the month.
    public let day: Int

    /// Nil unless the date exists (year 1...9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01 (negative before it).
    public init(daysSince1970 days: Int) {
        // Civil-from-days over 400-year eras, counted from 0000-03-01 so that the leap day
        // falls at the end of each year.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 (ACT/365 year fractions are differences of these / 365).
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let offset = (daysSince1970 + 3) % 7
        return (offset < 0 ? offset + 7 : offset) + 1
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSince1970: daysSince1970 + days)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The textual layouts dates are read from.
    public enum Format: Sendable, Hashable {
        /// `YYYY-MM-DD` (ISO 8601 calendar date), as in Yahoo, FRED and CBOE DataShop files.
        case iso
        /// `MM/DD/YYYY`, month and day of one or two digits, as in CBOE index histories.
        case monthDayYear

        var expectation: String {
            switch self {
            case .iso: "a date YYYY-MM-DD"
            case .monthDayYear: "a date MM/DD/YYYY"
            }
        }
    }

    /// Parses `text` in `format`; nil unless it is exactly such a date and the date exists.
    public init?(_ text: String, format: Format = .iso) {
        var copy = text
        guard let date = copy.withUTF8({ CalendarDate(parsing: UnsafeRawBufferPointer($0), format: format) }) else {
            return nil
        }
        self = date
    }

    init?(parsing bytes: UnsafeRawBufferPointer, format: Format) {
        // Splits on the separator and reads each part as digits of the allowed widths.
        let separator = format == .iso ? UInt8(ascii: "-") : UInt8(ascii: "/")
        var parts: (Int, Int, Int) = (0, 0, 0)
        var widths: (Int, Int, Int) = (0, 0, 0)
        var part = 0
        for b in bytes {
            if b == separator {
                part += 1
                guard part <= 2 else { return nil }
                continue
            }
            guard b &- 48 < 10 else { return nil }
            let digit = Int(b &- 48)
            switch part {
            case 0: parts.0 = parts.0 * 10 + digit; widths.0 += 1
            case 1: parts.1 = parts.1 * 10 + digit; widths.1 += 1
            default: parts.2 = parts.2 * 10 + digit; widths.2 += 1
            }
        }
        guard part == 2 else { return nil }
        switch format {
        case .iso:
            guard widths == (4, 2, 2) else { return nil }
            self.init(year: parts.0, month: parts.1, day: parts.2)
        case .monthDayYear:
            guard (1...2).contains(widths.0), (1...2).contains(widths.1), widths.2 == 4 else { return nil }
            self.init(year: parts.2, month: parts.0, day: parts.1)
        }
    }
}
