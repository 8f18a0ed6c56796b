import Market
import Pricing

/// Which sessions are probe days and which is the week's core day.
///
/// Holidays: a probe day that is not a session is skipped, not moved (probes are evidence,
/// and one fewer that week changes the picture little, while moving Monday's onto Tuesday
/// would double Tuesday's). A core day that is not a session moves to the next session of
/// the same week, unless that session is a probe day or none is left before the weekend:
/// then the week has no core. With the defaults (probes Monday and Tuesday, core Wednesday)
/// a Wednesday holiday (July 4th, Christmas, New Year's Day, Juneteenth in some years) puts
/// the core on Thursday.
public struct EntrySchedule: Sendable {
    /// The calendar whose sessions count.
    public var calendar: TradingCalendar
    /// The weekdays probes open on.
    public var probeDays: [ScheduleDay]
    /// The weekday the core opens on (moved past a holiday as described above).
    public var coreDay: ScheduleDay

    /// A schedule of `probeDays` and `coreDay` on `calendar`.
    public init(calendar: TradingCalendar = .nyse, probeDays: [ScheduleDay], coreDay: ScheduleDay) {
        self.calendar = calendar
        self.probeDays = probeDays
        self.coreDay = coreDay
    }

    /// The schedule `config` sets (`probe.probeDays`, `core.coreDay`).
    public init(calendar: TradingCalendar = .nyse, config: StrategyConfig) {
        self.init(calendar: calendar, probeDays: config.probe.probeDays, coreDay: config.core.coreDay)
    }

    /// Whether `date` is a session on one of the probe weekdays.
    public func isProbeDay(_ date: TradingDate) -> Bool {
        guard calendar.isTradingDay(date), let day = ScheduleDay(date.weekday) else { return false }
        return probeDays.contains(day)
    }

    /// Whether `date` is the week's core day (see the type's holiday rule).
    public func isCoreDay(_ date: TradingDate) -> Bool {
        guard calendar.isTradingDay(date) else { return false }
        if date.weekday == coreDay.weekday { return true }
        let scheduled = date.mondayOfWeek + (coreDay.weekday.rawValue - 1)
        guard scheduled < date, !isProbeDay(date) else { return false }
        // The first session after the scheduled day, in the same week.
        return (scheduled.daysSinceEpoch..<date.daysSinceEpoch).allSatisfy {
            !calendar.isTradingDay(TradingDate(daysSinceEpoch: $0))
        }
    }
}
