/// What a listed S&P 500 expiry is to Cboe's volatility-index methods, which use only the
/// Friday expirations: the standard third-Friday series and the SPX Weeklys, which are the
/// Friday series of the other weeks (Cboe's VIX FAQ and its 2014 announcement of the Weeklys'
/// inclusion; the dailies of other weekdays never enter). A Friday holiday moves either one to
/// the Thursday before, and it stays eligible.
///
/// Why it matters: from 2016 SPX lists Monday and Wednesday expiries, later every weekday. An
/// index computed from the expiries nearest its target, whatever their weekday, reads the real
/// closing chains of 2020-2024 0.08-0.56 VIX points under the published VIX (median |error|
/// 0.27 on 18) and VIX9D with a median |error| of 0.98 (21); with Cboe's series the medians
/// are 0.008 and 0.015 (`VolatilityIndexMethodTests`).
public enum IndexSeriesKind: Sendable, Hashable {
    /// The standard third-Friday series, AM-settled at the special opening quotation.
    case standard
    /// A PM-settled series expiring on another Friday (SPX Weeklys, or an end-of-month series
    /// whose month ends on a Friday: the same settlement moment).
    case fridayWeekly
    /// Any other expiry: Monday to Thursday dailies, end-of-month and quarter series on other
    /// weekdays, and the PM-settled series of a third Friday.
    case other

    /// The kind of a series settling at `settlementMinute` (minutes after midnight New York
    /// time; the open, 570, for AM) on `settlementDate`, the session whose value settles it.
    public init(settlementDate: TradingDate, settlementMinute: Int, calendar: TradingCalendar = .nyse) {
        let friday: TradingDate
        switch settlementDate.weekday {
        case .friday:
            friday = settlementDate
        case .thursday where !calendar.isTradingDay(settlementDate.adding(days: 1)):
            friday = settlementDate.adding(days: 1)
        default:
            self = .other
            return
        }
        let thirdFriday = (15...21).contains(friday.day)
        let morning = settlementMinute == NYSERules.openMinute
        switch (thirdFriday, morning) {
        case (true, true): self = .standard
        case (false, false): self = .fridayWeekly
        default: self = .other
        }
    }

    /// The kind of a listed expiry (its settlement session and minute).
    public init(_ expiry: ListedExpiry, calendar: TradingCalendar = .nyse) {
        self.init(settlementDate: expiry.settlementDate, settlementMinute: expiry.settlementMinute, calendar: calendar)
    }
}

extension VolatilityIndexTenor {
    /// The first quote date on which VIX used the SPX Weeklys, 2014-10-06 (Cboe's announcement
    /// of 2014-09-04). Before it VIX took the next two standard series with more than a week
    /// left (``minimumDays``). This project reads the same change into VIX3M and SKEW, which take
    /// their terms the way VIX does; VIX9D, whose history starts in 2011 and which cannot be
    /// formed from monthlies, uses the Weeklys throughout. Those three are assumptions: Cboe's
    /// pages do not say.
    public static let weeklysFirstUsed = TradingDate(year: 2014, month: 10, day: 6)!

    /// Whether the index uses an expiry of `kind` on `quoteDate`. An expiry of unknown kind
    /// (nil: a strip synthesized at the index's own tenor, or one built by hand) is used.
    public func uses(_ kind: IndexSeriesKind?, on quoteDate: TradingDate) -> Bool {
        switch kind {
        case nil, .standard?: true
        case .fridayWeekly?: self == .vix9d || quoteDate >= Self.weeklysFirstUsed
        case .other?: false
        }
    }
}
