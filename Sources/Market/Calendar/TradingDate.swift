/// A day of the proleptic Gregorian calendar, stored as the number of days since 1970-01-01.
///
/// `TradingDate` is a plain 4-byte value: comparing, hashing, adding days and taking differences
/// are integer operations, and converting to or from year/month/day uses closed-form arithmetic,
/// so it can sit in hot loops and large columnar arrays. It carries no time of day and no time
/// zone: every date in this package is a New York calendar date.
///
/// The name says what it is used for, not what it is restricted to: any calendar day is
/// representable (weekends and holidays included); whether the market is open on it is the
/// business of ``TradingCalendar``.
public struct TradingDate: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int32

    /// Wraps a day count; any value is valid.
    @inlinable
    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The date with the given civil fields, or nil when they do not name a real day
    /// (month outside 1...12, day outside the month, year outside 1...9999).
    @inlinable
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= TradingDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.init(daysSinceEpoch: Int32(TradingDate.dayNumber(year: year, month: month, day: day)))
    }

    @inlinable
    public static func < (lhs: TradingDate, rhs: TradingDate) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }
}

// MARK: - Civil calendar arithmetic

extension TradingDate {
    /// Whether `year` has a February 29th.
    @inlinable
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days in the month (28...31).
    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a valid civil date.
    ///
    /// Counting years from March makes February the last month of the counting year, so the
    /// leap day needs no special case; a 400-year cycle is exactly 146,097 days.
    @usableFromInline
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let marchBasedYear = month <= 2 ? year - 1 : year
        let cycle = (marchBasedYear >= 0 ? marchBasedYear : marchBasedYear - 399) / 400
        let yearOfCycle = marchBasedYear - cycle * 400                       // 0...399
        let monthFromMarch = (month + 9) % 12                                // March = 0
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1             // 0...365
        let dayOfCycle = yearOfCycle * 365 + yearOfCycle / 4 - yearOfCycle / 100 + dayOfYear
        // 719,468 days separate 0000-03-01 (start of cycle 0) from 1970-01-01.
        return cycle * 146_097 + dayOfCycle - 719_468
    }

    /// Year, month (1...12) and day of month (1...31).
    @inlinable
    public var components: (year: Int, month: Int, day: Int) {
        let shifted = Int(daysSinceEpoch) + 719_468
        let cycle = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfCycle = shifted - cycle * 146_097                                        // 0...146096
        let yearOfCycle = (dayOfCycle - dayOfCycle / 1460 + dayOfCycle / 36_524 - dayOfCycle / 146_096) / 365
        let dayOfYear = dayOfCycle - (365 * yearOfCycle + yearOfCycle / 4 - yearOfCycle / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfCycle + cycle * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// The calendar year.
    @inlinable public var year: Int { components.year }
    /// The month, 1...12.
    @inlinable public var month: Int { components.month }
    /// The day of the month, 1...31.
    @inlinable public var day: Int { components.day }

    /// The day of the week.
    @inlinable
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday (ISO 4); the modulo is made non-negative for early dates.
        let offset = (Int(daysSinceEpoch) % 7 + 7 + 3) % 7   // 0 = Monday
        return Weekday(rawValue: offset + 1)!
    }

    /// Whether the day is a Saturday or a Sunday.
    @inlinable
    public var isWeekend: Bool { weekday.rawValue >= 6 }

    /// The date `days` calendar days later (earlier when negative).
    @inlinable
    public func adding(days: Int) -> TradingDate {
        TradingDate(daysSinceEpoch: daysSinceEpoch + Int32(days))
    }

    /// Calendar days from `self` to `other` (positive when `other` is later).
    @inlinable
    public func days(until other: TradingDate) -> Int {
        Int(other.daysSinceEpoch) - Int(daysSinceEpoch)
    }

    @inlinable
    public static func + (date: TradingDate, days: Int) -> TradingDate { date.adding(days: days) }

    @inlinable
    public static func - (date: TradingDate, days: Int) -> TradingDate { date.adding(days: -days) }

    /// Calendar days from `rhs` to `lhs`.
    @inlinable
    public static func - (lhs: TradingDate, rhs: TradingDate) -> Int { rhs.days(until: lhs) }

    /// The first day of the date's month.
    @inlinable
    public var firstOfMonth: TradingDate {
        adding(days: 1 - day)
    }

    /// The last day of the date's month.
    @inlinable
    public var lastOfMonth: TradingDate {
        let (year, month, day) = components
        return adding(days: TradingDate.daysInMonth(year: year, month: month) - day)
    }

    /// The Monday of the date's Monday-to-Sunday week.
    @inlinable
    public var mondayOfWeek: TradingDate {
        adding(days: 1 - weekday.rawValue)
    }

    /// The `ordinal`-th (1-based) given weekday of a month, e.g. the third Friday; nil when the
    /// month has fewer such weekdays or the month is invalid.
    public static func nthWeekday(_ ordinal: Int, _ weekday: Weekday, year: Int, month: Int) -> TradingDate? {
        guard ordinal >= 1, let first = TradingDate(year: year, month: month, day: 1) else { return nil }
        let lead = (weekday.rawValue - first.weekday.rawValue + 7) % 7
        let day = 1 + lead + 7 * (ordinal - 1)
        guard day <= daysInMonth(year: year, month: month) else { return nil }
        return first.adding(days: day - 1)
    }

    /// The last given weekday of a month, e.g. the last Monday of May.
    public static func lastWeekday(_ weekday: Weekday, year: Int, month: Int) -> TradingDate? {
        guard let first = TradingDate(year: year, month: month, day: 1) else { return nil }
        let last = first.lastOfMonth
        let back = (last.weekday.rawValue - weekday.rawValue + 7) % 7
        return last.adding(days: -back)
    }

    /// The month `offset` months after (year, month), as (year, month).
    @inlinable
    public static func addingMonths(_ offset: Int, toYear year: Int, month: Int) -> (year: Int, month: Int) {
        let index = year * 12 + (month - 1) + offset
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        return (newYear, index - newYear * 12 + 1)
    }

    /// Whole months from (year, month) of `self` to that of `other` (the day is ignored).
    @inlinable
    public func months(until other: TradingDate) -> Int {
        let a = components, b = other.components
        return (b.year - a.year) * 12 + (b.month - a.month)
    }
}

// MARK: - ISO-8601 text

extension TradingDate: CustomStringConvertible, LosslessStringConvertible, Codable {
    /// Parses exactly `YYYY-MM-DD` (ten ASCII bytes, no surrounding space); nil otherwise or
    /// when the fields do not name a real day.
    @inlinable
    public init?<Bytes: Collection>(isoUTF8 bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 10 else { return nil }
        var fields = (0, 0, 0)
        var index = 0
        for byte in bytes {
            switch index {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            default:
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let digit = Int(byte &- UInt8(ascii: "0"))
                if index < 4 { fields.0 = fields.0 * 10 + digit }
                else if index < 7 { fields.1 = fields.1 * 10 + digit }
                else { fields.2 = fields.2 * 10 + digit }
            }
            index += 1
        }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    /// Parses exactly `YYYY-MM-DD`; nil otherwise.
    @inlinable
    public init?<S: StringProtocol>(iso text: S) {
        self.init(isoUTF8: text.utf8)
    }

    /// `LosslessStringConvertible`: the ISO form `YYYY-MM-DD`.
    public init?(_ description: String) {
        self.init(iso: description)
    }

    /// The ISO form `YYYY-MM-DD` (zero-padded; years 1...9999).
    public var isoString: String {
        let (year, month, day) = components
        // Ten bytes fit a small string, so this does not touch the heap.
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, width: Int, at start: Int) {
                var rest = value
                for position in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, width: 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, width: 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, width: 2, at: 8)
            return 10
        }
    }

    public var description: String { isoString }

    /// Encodes as the ISO string.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(isoString)
    }

    /// Decodes from the ISO string.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = TradingDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a YYYY-MM-DD date: \(text)")
        }
        self = date
    }
}

extension TradingDate: Strideable {
    public typealias Stride = Int

    @inlinable
    public func distance(to other: TradingDate) -> Int { days(until: other) }

    @inlinable
    public func advanced(by n: Int) -> TradingDate { adding(days: n) }
}

/// ISO-8601 day of the week: Monday = 1 ... Sunday = 7.
public enum Weekday: Int, Sendable, CaseIterable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    @inlinable
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
