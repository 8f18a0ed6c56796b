/// The NYSE trading calendar: which days are sessions, when they close, and how to step
/// between them.
///
/// Built once from ``NYSERules`` into day-indexed tables over a covered range of years, so
/// every query inside the range is an array lookup: `isTradingDay`, `nextTradingDay`,
/// `previousTradingDay` and `tradingDayCount` are O(1), `tradingDays(from:through:)` is O(n)
/// in the number of sessions returned. Outside the covered range the same answers are
/// computed from the rules directly, which is correct but slower.
///
/// The shared instance ``nyse`` covers 1990...2100; SPX sessions in that range are exactly the
/// dates in the historical SPX file from 1990 (checked by the tests).
public struct TradingCalendar: Sendable {
    /// What kind of day a calendar day is.
    public enum DayKind: UInt8, Sendable {
        /// Saturday or Sunday.
        case weekend = 0
        /// A weekday on which the exchange is closed.
        case holiday = 1
        /// A regular session, 09:30-16:00.
        case regularSession = 2
        /// A session closing early (see ``TradingCalendar/closeMinute(on:)``).
        case earlyCloseSession = 3

        /// Whether the exchange trades that day.
        @inlinable public var isSession: Bool { rawValue >= 2 }
    }

    /// The calendar of the New York Stock Exchange (and of CBOE's SPX, XSP and VIX option
    /// sessions, which follow it), precomputed for 1990 through 2100.
    public static let nyse = TradingCalendar(years: 1990...2100)

    /// The years whose days are tabulated.
    public let coveredYears: ClosedRange<Int>

    private let firstDay: Int32
    private let kinds: [DayKind]
    /// Close minute per tabulated day; meaningful only on sessions.
    private let closeMinutes: [Int16]
    /// `sessionsBefore[i]`: sessions strictly before tabulated day i (one extra entry at the end).
    private let sessionsBefore: [Int32]
    /// The tabulated sessions in order.
    private let sessions: [TradingDate]
    private let holidaysByYear: [[MarketHoliday]]
    private let earlyClosesByYear: [[EarlyClose]]

    /// Tabulates the NYSE rules over whole years.
    public init(years: ClosedRange<Int>) {
        precondition(years.lowerBound >= 1900 && years.upperBound <= 9998, "years outside the supported range")
        coveredYears = years
        let first = TradingDate(year: years.lowerBound, month: 1, day: 1)!
        let last = TradingDate(year: years.upperBound, month: 12, day: 31)!
        firstDay = first.daysSinceEpoch
        let count = first.days(until: last) + 1

        var kinds = [DayKind](repeating: .regularSession, count: count)
        var closeMinutes = [Int16](repeating: Int16(NYSERules.regularCloseMinute), count: count)
        var holidaysByYear: [[MarketHoliday]] = []
        var earlyClosesByYear: [[EarlyClose]] = []
        for year in years {
            let holidays = NYSERules.holidays(in: year)
            let earlyCloses = NYSERules.earlyCloses(in: year)
            for holiday in holidays { kinds[first.days(until: holiday.date)] = .holiday }
            for early in earlyCloses {
                let index = first.days(until: early.date)
                kinds[index] = .earlyCloseSession
                closeMinutes[index] = Int16(early.closeMinute)
            }
            holidaysByYear.append(holidays)
            earlyClosesByYear.append(earlyCloses)
        }

        var sessionsBefore = [Int32](repeating: 0, count: count + 1)
        var sessions: [TradingDate] = []
        sessions.reserveCapacity(count * 5 / 7)
        for index in 0..<count {
            let date = first + index
            if date.isWeekend { kinds[index] = .weekend }
            if kinds[index].isSession { sessions.append(date) }
            sessionsBefore[index + 1] = Int32(sessions.count)
        }

        self.kinds = kinds
        self.closeMinutes = closeMinutes
        self.sessionsBefore = sessionsBefore
        self.sessions = sessions
        self.holidaysByYear = holidaysByYear
        self.earlyClosesByYear = earlyClosesByYear
    }

    /// The first and last tabulated days.
    public var coveredDates: ClosedRange<TradingDate> {
        TradingDate(daysSinceEpoch: firstDay)...(TradingDate(daysSinceEpoch: firstDay) + (kinds.count - 1))
    }

    @inline(__always)
    private func tableIndex(_ date: TradingDate) -> Int? {
        let index = Int(date.daysSinceEpoch) - Int(firstDay)
        return index >= 0 && index < kinds.count ? index : nil
    }

    // MARK: Day classification

    /// What kind of day `date` is.
    public func kind(of date: TradingDate) -> DayKind {
        if let index = tableIndex(date) { return kinds[index] }
        if date.isWeekend { return .weekend }
        let year = date.year
        if NYSERules.holidays(in: year).contains(where: { $0.date == date }) { return .holiday }
        if NYSERules.earlyCloses(in: year).contains(where: { $0.date == date }) { return .earlyCloseSession }
        return .regularSession
    }

    /// Whether the exchange holds a session on `date`.
    @inlinable
    public func isTradingDay(_ date: TradingDate) -> Bool { kind(of: date).isSession }

    /// Whether `date` is a weekday on which the exchange is closed.
    @inlinable
    public func isHoliday(_ date: TradingDate) -> Bool { kind(of: date) == .holiday }

    /// Whether `date` is a session that closes early (13:00 from 1993).
    @inlinable
    public func isEarlyClose(_ date: TradingDate) -> Bool { kind(of: date) == .earlyCloseSession }

    /// Whether `date` is a session that closes early; same as ``isEarlyClose(_:)``.
    @inlinable
    public func earlyClose(on date: TradingDate) -> Bool { isEarlyClose(date) }

    /// The session's close, minutes after midnight New York time (960 = 16:00, 780 = 13:00);
    /// nil when `date` is not a session.
    public func closeMinute(on date: TradingDate) -> Int? {
        if let index = tableIndex(date) {
            return kinds[index].isSession ? Int(closeMinutes[index]) : nil
        }
        switch kind(of: date) {
        case .regularSession: return NYSERules.regularCloseMinute
        case .earlyCloseSession:
            return NYSERules.earlyCloses(in: date.year).first { $0.date == date }?.closeMinute
        case .weekend, .holiday: return nil
        }
    }

    /// The session's open, minutes after midnight (570 = 09:30); nil when not a session.
    public func openMinute(on date: TradingDate) -> Int? {
        isTradingDay(date) ? NYSERules.openMinute : nil
    }

    // MARK: Stepping between sessions

    /// The first session strictly after `date`.
    public func nextTradingDay(after date: TradingDate) -> TradingDate {
        if let index = tableIndex(date) {
            let ordinal = Int(sessionsBefore[index + 1])
            if ordinal < sessions.count { return sessions[ordinal] }
        }
        var day = date + 1
        while !isTradingDay(day) { day = day + 1 }
        return day
    }

    /// The last session strictly before `date`.
    public func previousTradingDay(before date: TradingDate) -> TradingDate {
        if let index = tableIndex(date) {
            let ordinal = Int(sessionsBefore[index])
            if ordinal > 0 { return sessions[ordinal - 1] }
        }
        var day = date - 1
        while !isTradingDay(day) { day = day - 1 }
        return day
    }

    /// `date` itself when it is a session, otherwise the next session.
    @inlinable
    public func tradingDay(onOrAfter date: TradingDate) -> TradingDate {
        isTradingDay(date) ? date : nextTradingDay(after: date)
    }

    /// `date` itself when it is a session, otherwise the previous session.
    @inlinable
    public func tradingDay(onOrBefore date: TradingDate) -> TradingDate {
        isTradingDay(date) ? date : previousTradingDay(before: date)
    }

    /// The session `count` sessions after `date` (before it when negative). `date` itself need
    /// not be a session: counting starts from where it sits between sessions.
    public func addingTradingDays(_ count: Int, to date: TradingDate) -> TradingDate {
        if count == 0 { return date }
        if let index = tableIndex(date) {
            let target = count > 0
                ? Int(sessionsBefore[index + 1]) + count - 1
                : Int(sessionsBefore[index]) + count
            if target >= 0 && target < sessions.count { return sessions[target] }
        }
        var day = date
        for _ in 0..<abs(count) {
            day = count > 0 ? nextTradingDay(after: day) : previousTradingDay(before: day)
        }
        return day
    }

    /// Sessions in `start...end`, in order; empty when `end < start`.
    public func tradingDays(from start: TradingDate, through end: TradingDate) -> [TradingDate] {
        guard start <= end else { return [] }
        if let lower = tableIndex(start), let upper = tableIndex(end) {
            return Array(sessions[Int(sessionsBefore[lower])..<Int(sessionsBefore[upper + 1])])
        }
        var result: [TradingDate] = []
        var day = start
        while day <= end {
            if isTradingDay(day) { result.append(day) }
            day = day + 1
        }
        return result
    }

    /// Number of sessions in `start...end` (0 when `end < start`), without building the list.
    public func tradingDayCount(from start: TradingDate, through end: TradingDate) -> Int {
        guard start <= end else { return 0 }
        if let lower = tableIndex(start), let upper = tableIndex(end) {
            return Int(sessionsBefore[upper + 1] - sessionsBefore[lower])
        }
        return tradingDays(from: start, through: end).count
    }

    // MARK: Per-year lists

    /// The weekday closures of `year` with their names, in date order.
    public func holidays(in year: Int) -> [MarketHoliday] {
        coveredYears.contains(year)
            ? holidaysByYear[year - coveredYears.lowerBound]
            : NYSERules.holidays(in: year)
    }

    /// The early closes of `year`, in date order.
    public func earlyCloses(in year: Int) -> [EarlyClose] {
        coveredYears.contains(year)
            ? earlyClosesByYear[year - coveredYears.lowerBound]
            : NYSERules.earlyCloses(in: year)
    }

    /// The last session of the month containing `date`.
    public func lastTradingDay(ofMonthContaining date: TradingDate) -> TradingDate {
        tradingDay(onOrBefore: date.lastOfMonth)
    }
}
