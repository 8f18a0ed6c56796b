/// One listed expiration of one product: when it stops trading, how and when it settles.
///
/// Ordered by settlement moment (date, then minute), then by root.
public struct ListedExpiry: Hashable, Sendable, Comparable, Codable {
    public let product: OptionProduct
    public let root: OptionRoot
    public let cycle: ExpiryCycle
    public let style: SettlementStyle
    /// The official expiration date. For standard third-Friday expiries before 2015-02-15 this
    /// is the Saturday after the third Friday, a day without a session; otherwise it equals
    /// ``settlementDate``.
    public let expirationDate: TradingDate
    /// The session whose opening (AM) or closing (PM) value settles the series.
    public let settlementDate: TradingDate
    /// Settlement time, minutes after midnight New York time: 570 (09:30) for AM, the
    /// session's close for PM (960, or 780 on an early-close day).
    public let settlementMinute: Int
    /// The last session the series trades: the session before ``settlementDate`` for AM
    /// series, ``settlementDate`` itself for PM series.
    public let lastTradingDate: TradingDate

    public init(
        product: OptionProduct, root: OptionRoot, cycle: ExpiryCycle, style: SettlementStyle,
        expirationDate: TradingDate, settlementDate: TradingDate, settlementMinute: Int,
        lastTradingDate: TradingDate
    ) {
        self.product = product
        self.root = root
        self.cycle = cycle
        self.style = style
        self.expirationDate = expirationDate
        self.settlementDate = settlementDate
        self.settlementMinute = settlementMinute
        self.lastTradingDate = lastTradingDate
    }

    public static func < (lhs: ListedExpiry, rhs: ListedExpiry) -> Bool {
        if lhs.settlementDate != rhs.settlementDate { return lhs.settlementDate < rhs.settlementDate }
        if lhs.settlementMinute != rhs.settlementMinute { return lhs.settlementMinute < rhs.settlementMinute }
        return lhs.root.rawValue < rhs.root.rawValue
    }

    /// Calendar days from `quoteDate` to the settlement date (the "DTE" a trader quotes; for
    /// pre-2015 monthlies this counts to the Friday settlement, not the Saturday expiration).
    @inlinable
    public func calendarDays(from quoteDate: TradingDate) -> Int {
        quoteDate.days(until: settlementDate)
    }

    /// Time to settlement in years, ACT/365, from `quoteMinute` (minutes after midnight New York
    /// time, 16:00 by default) on `quoteDate`. Negative once the series has settled.
    @inlinable
    public func years(fromQuoteDate quoteDate: TradingDate, quoteMinute: Int = NYSERules.regularCloseMinute) -> Double {
        TimeToExpiry.years(from: quoteDate, minute: quoteMinute, to: settlementDate, minute: settlementMinute)
    }
}

/// ACT/365 year fractions between two New York local times (DESIGN section 2).
///
/// Both ends are New York wall-clock times, so no time zone or daylight-saving conversion is
/// involved: a year is 365 x 1440 minutes of calendar time.
public enum TimeToExpiry {
    /// Minutes in a 365-day year.
    public static let minutesPerYear = 365.0 * 1440.0

    /// Years from (`start`, `startMinute`) to (`end`, `endMinute`); minutes are after midnight.
    @inlinable
    public static func years(from start: TradingDate, minute startMinute: Int, to end: TradingDate, minute endMinute: Int) -> Double {
        let minutes = start.days(until: end) * 1440 + (endMinute - startMinute)
        return Double(minutes) / minutesPerYear
    }
}

/// The listed expiries of SPX, XSP and VIX options on any quote date, by era.
///
/// ## Rules (quote date q; eras and counts in ``ListedProductEras``)
///
/// **Standard monthlies** (SPX: AM, root SPX; XSP: AM until 2013-11-05, PM after, root XSP):
/// the third Friday of the month; a holiday Friday settles on the session before. Expiration
/// is the Saturday after for third Fridays before 2015-02-15. Months listed, counted from the
/// first month not yet settled at q's close:
/// - before 2014: three consecutive months, then the next three of the March quarterly cycle;
///   SPX adds June and December LEAPS up to 24 months out and Decembers up to 36 months.
/// - from 2014: twelve consecutive months; SPX adds June and December up to 36 months and
///   Decembers up to 60; XSP June and December up to 24 months.
///
/// **Weeklies** (PM; SPX root SPXW, XSP root XSP): one per weekday that has them: Fridays
/// from October 2005 (XSP from 2006-03-24), Wednesdays from 2016-02-23, Mondays from
/// 2016-08-15, Tuesdays from 2022-04-18, Thursdays from 2022-05-11. How far out: before 2012
/// only the current week's Friday, plus next week's from the Thursday before; 2012-2016 Fridays
/// five weeks ahead, from 2016 seven (weeks counted Monday to Monday); the other weekdays
/// opened a few at a time on a listing day of their own (``WeeklyListing``,
/// ``ListedProductEras/midweekListings``: Mondays five at a time from Fridays and Wednesdays
/// from Tuesdays until 2022, so 23-31 days out, more from 2023). A Weekly on a holiday moves
/// to the previous session, except a Monday Weekly, which moves to the next (CBOE's rule for
/// Monday expiries). Before PM third-Friday series existed, no Weekly was listed on a standard
/// third Friday.
///
/// **Other PM series** (SPXW; XSP from its PM switch): third-Friday PM series from 2013-02-19,
/// five months ahead; quarter-end series (last session of March, June, September, December)
/// from 2008, four quarter ends; month-end series (last session of the month) from 2014-07,
/// five months ahead.
///
/// **VIX** (AM, root VIX) from 2006-02-24: the Wednesday 30 days before the third Friday of
/// the following month; if that Friday is a holiday, 30 days before the session preceding it;
/// if the resulting day is a holiday, the session before. Settles on the VIX special opening
/// quotation that morning (proxied by the VIX open); the last trading day is the session
/// before. Six months listed before 2014, nine after.
///
/// **What "listed on q" means**: the series exists at q's close and has not yet settled: AM
/// series settling on q are gone (they settled at 09:30), PM series settling at q's close are
/// included with zero time to expiry, so the holder can be settled.
///
/// Identical expiries from two cycles (a Friday Weekly on a month end, say) are listed once,
/// under the more standard cycle.
public struct ExpiryListing: Sendable {
    /// The calendar that decides sessions, holidays and closing times.
    public let calendar: TradingCalendar

    public init(calendar: TradingCalendar = .nyse) {
        self.calendar = calendar
    }

    /// The listing rules on the NYSE calendar.
    public static let nyse = ExpiryListing()

    // MARK: Quote time and year fractions

    /// The quote time on `quoteDate`: the session's close (16:00, 13:00 on early-close days),
    /// or 16:00 when `quoteDate` is not a session.
    @inlinable
    public func quoteMinute(on quoteDate: TradingDate) -> Int {
        calendar.closeMinute(on: quoteDate) ?? NYSERules.regularCloseMinute
    }

    /// Time to settlement in years (ACT/365) from the close of `quoteDate` (DESIGN section 2:
    /// 16:00 New York; 13:00 on early-close days, when the close itself is earlier).
    @inlinable
    public func yearsToSettlement(of expiry: ListedExpiry, from quoteDate: TradingDate) -> Double {
        expiry.years(fromQuoteDate: quoteDate, quoteMinute: quoteMinute(on: quoteDate))
    }

    // MARK: Individual expiries

    /// The standard third-Friday expiry of an SPX or XSP month with the given settlement
    /// style. Use ``standardMonthly(_:year:month:quotedOn:)`` for the style of an era.
    public func standardMonthly(_ product: OptionProduct, year: Int, month: Int, style: SettlementStyle) -> ListedExpiry {
        precondition(product != .vix, "VIX options have no third-Friday expiry; use vixMonthly")
        let thirdFriday = TradingDate.nthWeekday(3, .friday, year: year, month: month)!
        let settlement = calendar.tradingDay(onOrBefore: thirdFriday)
        let expiration = thirdFriday < ListedProductEras.fridayExpirationDate ? thirdFriday + 1 : settlement
        return ListedExpiry(
            product: product,
            root: product == .spx ? .spx : .xsp,
            cycle: .standardMonthly,
            style: style,
            expirationDate: expiration,
            settlementDate: settlement,
            settlementMinute: style == .am ? NYSERules.openMinute : quoteMinute(on: settlement),
            lastTradingDate: style == .am ? calendar.previousTradingDay(before: settlement) : settlement
        )
    }

    /// The standard monthly of an SPX or XSP month as listed on `quoteDate`: SPX is always AM;
    /// XSP is AM when quoted before 2013-11-05 and PM from then.
    public func standardMonthly(_ product: OptionProduct, year: Int, month: Int, quotedOn quoteDate: TradingDate) -> ListedExpiry {
        standardMonthly(product, year: year, month: month, style: standardStyle(product, quotedOn: quoteDate))
    }

    /// Settlement style of the standard monthly of `product` on `quoteDate`.
    public func standardStyle(_ product: OptionProduct, quotedOn quoteDate: TradingDate) -> SettlementStyle {
        switch product {
        case .spx, .vix: return .am
        case .xsp: return quoteDate < ListedProductEras.xspPMSettlement ? .am : .pm
        }
    }

    /// The VIX expiration of a contract month: the Wednesday 30 days before the third Friday of
    /// the following month, with CBOE's holiday adjustments (see the type's documentation).
    /// The result always lies in the contract month.
    public func vixExpirationDate(year: Int, month: Int) -> TradingDate {
        let next = TradingDate.addingMonths(1, toYear: year, month: month)
        let spxFriday = TradingDate.nthWeekday(3, .friday, year: next.year, month: next.month)!
        let spxSettlement = calendar.tradingDay(onOrBefore: spxFriday)
        return calendar.tradingDay(onOrBefore: spxSettlement - 30)
    }

    /// The VIX monthly option expiry of a contract month (AM, settled on the expiry morning).
    public func vixMonthly(year: Int, month: Int) -> ListedExpiry {
        let date = vixExpirationDate(year: year, month: month)
        return ListedExpiry(
            product: .vix, root: .vix, cycle: .vixMonthly, style: .am,
            expirationDate: date, settlementDate: date, settlementMinute: NYSERules.openMinute,
            lastTradingDate: calendar.previousTradingDay(before: date)
        )
    }

    /// A PM series nominally expiring on `nominal`: moved to the previous session when
    /// `nominal` is not one, or to the next one when `rollForward` is set.
    func pmExpiry(_ product: OptionProduct, cycle: ExpiryCycle, nominal: TradingDate, rollForward: Bool = false) -> ListedExpiry {
        let date = calendar.isTradingDay(nominal)
            ? nominal
            : (rollForward ? calendar.nextTradingDay(after: nominal) : calendar.previousTradingDay(before: nominal))
        return ListedExpiry(
            product: product, root: product == .spx ? .spxw : .xsp, cycle: cycle, style: .pm,
            expirationDate: date, settlementDate: date, settlementMinute: quoteMinute(on: date),
            lastTradingDate: date
        )
    }

    // MARK: Listing on a quote date

    /// Every expiry of `product` listed on `quoteDate` and not yet settled at its close,
    /// in settlement order; empty before the product's first listing date.
    public func expiries(for product: OptionProduct, on quoteDate: TradingDate) -> [ListedExpiry] {
        guard product.isListed(on: quoteDate) else { return [] }
        let quoteMinute = quoteMinute(on: quoteDate)
        var candidates: [ListedExpiry] = []
        candidates.reserveCapacity(64)
        switch product {
        case .vix:
            appendVIXMonthlies(on: quoteDate, quoteMinute: quoteMinute, into: &candidates)
        case .spx, .xsp:
            appendStandardMonthlies(product, on: quoteDate, quoteMinute: quoteMinute, into: &candidates)
            appendWeeklies(product, on: quoteDate, into: &candidates)
            appendOtherPMSeries(product, on: quoteDate, into: &candidates)
        }
        return Self.unsettledUnique(candidates, quoteDate: quoteDate, quoteMinute: quoteMinute)
    }

    /// The expiry of `product` listed on `quoteDate` whose settlement is nearest to
    /// `calendarDays` days out (ties go to the earlier one); nil when nothing is listed.
    public func nearestExpiry(for product: OptionProduct, on quoteDate: TradingDate, calendarDays: Int) -> ListedExpiry? {
        expiries(for: product, on: quoteDate).min { a, b in
            abs(a.calendarDays(from: quoteDate) - calendarDays) < abs(b.calendarDays(from: quoteDate) - calendarDays)
        }
    }

    private static func unsettledUnique(_ candidates: [ListedExpiry], quoteDate: TradingDate, quoteMinute: Int) -> [ListedExpiry] {
        let live = candidates.filter {
            $0.settlementDate > quoteDate || ($0.settlementDate == quoteDate && $0.settlementMinute >= quoteMinute)
        }
        var best: [SeriesKey: ListedExpiry] = [:]
        for expiry in live {
            let key = SeriesKey(root: expiry.root, date: expiry.settlementDate, minute: expiry.settlementMinute)
            if let existing = best[key], existing.cycle.listingPriority >= expiry.cycle.listingPriority { continue }
            best[key] = expiry
        }
        return best.values.sorted()
    }

    private struct SeriesKey: Hashable {
        let root: OptionRoot
        let date: TradingDate
        let minute: Int
    }

    private func appendStandardMonthlies(_ product: OptionProduct, on quoteDate: TradingDate, quoteMinute: Int, into list: inout [ListedExpiry]) {
        let style = standardStyle(product, quotedOn: quoteDate)
        let (year, month, _) = quoteDate.components
        // The current month's expiry drops out once it has settled.
        let current = standardMonthly(product, year: year, month: month, style: style)
        let settled = current.settlementDate < quoteDate
            || (current.settlementDate == quoteDate && current.settlementMinute < quoteMinute)
        let start = TradingDate.addingMonths(settled ? 1 : 0, toYear: year, month: month)

        let twelveMonthEra = quoteDate >= ListedProductEras.twelveMonthCycle
        var offsets: [Int] = []
        if twelveMonthEra {
            offsets += 0..<12
        } else {
            offsets += 0..<3
            var quarterlies = 0, offset = 3
            while quarterlies < 3 {
                if TradingDate.addingMonths(offset, toYear: start.year, month: start.month).month % 3 == 0 {
                    offsets.append(offset)
                    quarterlies += 1
                }
                offset += 1
            }
        }
        // Long-dated June/December series (LEAPS).
        let juneDecemberHorizon: Int, decemberHorizon: Int
        switch (product, twelveMonthEra) {
        case (.spx, false): (juneDecemberHorizon, decemberHorizon) = (24, 36)
        case (.spx, true): (juneDecemberHorizon, decemberHorizon) = (36, 60)
        case (_, true): (juneDecemberHorizon, decemberHorizon) = (24, 24)
        default: (juneDecemberHorizon, decemberHorizon) = (0, 0)
        }
        let lastShort = offsets.max() ?? 0
        if decemberHorizon > lastShort {
            for offset in (lastShort + 1)...decemberHorizon {
                let calendarMonth = TradingDate.addingMonths(offset, toYear: start.year, month: start.month).month
                if calendarMonth == 12 || (calendarMonth == 6 && offset <= juneDecemberHorizon) {
                    offsets.append(offset)
                }
            }
        }
        for offset in offsets {
            let target = TradingDate.addingMonths(offset, toYear: start.year, month: start.month)
            list.append(standardMonthly(product, year: target.year, month: target.month, style: style))
        }
    }

    /// The first quote date on which `product` lists Friday Weeklys (the other weekdays start
    /// with their first ``ListedProductEras/midweekListings`` era).
    private func fridayWeeklyStart(_ product: OptionProduct) -> TradingDate {
        product == .spx ? ListedProductEras.spxFridayWeeklies : ListedProductEras.xspFridayWeeklies
    }

    /// Whether `product` has a PM-settled series on third Fridays on `quoteDate`.
    private func hasThirdFridayPM(_ product: OptionProduct, on quoteDate: TradingDate) -> Bool {
        product == .spx
            ? quoteDate >= ListedProductEras.spxThirdFridayPM
            : quoteDate >= ListedProductEras.xspPMSettlement
    }

    private func appendWeeklies(_ product: OptionProduct, on quoteDate: TradingDate, into list: inout [ListedExpiry]) {
        let monday = quoteDate.mondayOfWeek
        let thirdFridayCovered = hasThirdFridayPM(product, on: quoteDate)
        for weekday in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] {
            let nominals: [TradingDate]
            if weekday == .friday {
                guard quoteDate >= fridayWeeklyStart(product) else { continue }
                let weeks: ClosedRange<Int>
                if quoteDate < ListedProductEras.multiWeekWeeklies {
                    // One-week Weeklys: next Friday's series appears on the Thursday before.
                    weeks = 0...(quoteDate.weekday >= .thursday ? 1 : 0)
                } else if quoteDate < ListedProductEras.wednesdayWeeklies {
                    weeks = 0...ListedProductEras.fridayWeeksAheadMultiWeek
                } else {
                    weeks = 0...ListedProductEras.fridayWeeksAheadModern
                }
                nominals = weeks.map { monday + (7 * $0 + weekday.rawValue - 1) }
            } else {
                guard let eras = ListedProductEras.midweekListings[weekday],
                      let rule = WeeklyListing.rule(in: eras, on: quoteDate) else { continue }
                nominals = rule.nominalExpiries(of: weekday, on: quoteDate)
            }
            for nominal in nominals {
                if !thirdFridayCovered, weekday == .friday, nominal.day >= 15, nominal.day <= 21 { continue }
                list.append(pmExpiry(product, cycle: .weekly, nominal: nominal, rollForward: weekday == .monday))
            }
        }
    }

    private func appendOtherPMSeries(_ product: OptionProduct, on quoteDate: TradingDate, into list: inout [ListedExpiry]) {
        let (year, month, _) = quoteDate.components
        let pmEraStart = product == .spx ? TradingDate(daysSinceEpoch: .min) : ListedProductEras.xspPMSettlement
        if product == .spx && quoteDate >= ListedProductEras.spxThirdFridayPM {
            for offset in 0...ListedProductEras.thirdFridayPMMonthsAhead {
                let target = TradingDate.addingMonths(offset, toYear: year, month: month)
                let friday = TradingDate.nthWeekday(3, .friday, year: target.year, month: target.month)!
                list.append(pmExpiry(product, cycle: .thirdFridayPM, nominal: friday))
            }
        }
        if quoteDate >= max(ListedProductEras.spxEndOfQuarter, pmEraStart) {
            let firstQuarterEnd = month + (3 - month % 3) % 3
            for quarter in 0..<ListedProductEras.endOfQuarterCount {
                let target = TradingDate.addingMonths(firstQuarterEnd - month + 3 * quarter, toYear: year, month: month)
                let monthEnd = TradingDate(year: target.year, month: target.month, day: 1)!.lastOfMonth
                list.append(pmExpiry(product, cycle: .endOfQuarter, nominal: calendar.tradingDay(onOrBefore: monthEnd)))
            }
        }
        if quoteDate >= max(ListedProductEras.spxEndOfMonth, pmEraStart) {
            for offset in 0...ListedProductEras.endOfMonthMonthsAhead {
                let target = TradingDate.addingMonths(offset, toYear: year, month: month)
                let monthEnd = TradingDate(year: target.year, month: target.month, day: 1)!.lastOfMonth
                list.append(pmExpiry(product, cycle: .endOfMonth, nominal: calendar.tradingDay(onOrBefore: monthEnd)))
            }
        }
    }

    private func appendVIXMonthlies(on quoteDate: TradingDate, quoteMinute: Int, into list: inout [ListedExpiry]) {
        let count = quoteDate < ListedProductEras.vixExtendedMonths
            ? ListedProductEras.vixMonthsListedEarly
            : ListedProductEras.vixMonthsListedLater
        let (year, month, _) = quoteDate.components
        var offset = 0
        var added = 0
        while added < count {
            let target = TradingDate.addingMonths(offset, toYear: year, month: month)
            let expiry = vixMonthly(year: target.year, month: target.month)
            if expiry.settlementDate > quoteDate
                || (expiry.settlementDate == quoteDate && expiry.settlementMinute >= quoteMinute) {
                list.append(expiry)
                added += 1
            }
            offset += 1
        }
    }
}

extension ExpiryCycle {
    /// Which cycle names an expiry that two cycles share: the more standard one.
    var listingPriority: Int {
        switch self {
        case .standardMonthly, .vixMonthly: return 5
        case .thirdFridayPM: return 4
        case .endOfQuarter: return 3
        case .endOfMonth: return 2
        case .weekly: return 1
        }
    }
}

/// The listed expiries of one product on every session of a date range, computed once.
///
/// A backtest asks for the listing of every day many times over (once per parameter set of a
/// sweep); this table answers with a slice into one contiguous array, without recomputing or
/// allocating.
public struct ExpirySchedule: Sendable {
    public let product: OptionProduct
    /// First and last calendar day tabulated.
    public let dates: ClosedRange<TradingDate>
    private let expiriesFlat: [ListedExpiry]
    /// `offsets[i]..<offsets[i + 1]`: the expiries of calendar day `dates.lowerBound + i`.
    private let offsets: [Int32]

    /// Tabulates `listing.expiries(for: product, on:)` for every session in `start...end`
    /// (non-sessions get an empty list).
    public init(product: OptionProduct, from start: TradingDate, through end: TradingDate, listing: ExpiryListing = .nyse) {
        precondition(start <= end, "empty date range")
        self.product = product
        self.dates = start...end
        var flat: [ListedExpiry] = []
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(start.days(until: end) + 2)
        var day = start
        while day <= end {
            if listing.calendar.isTradingDay(day) {
                flat += listing.expiries(for: product, on: day)
            }
            offsets.append(Int32(flat.count))
            day = day + 1
        }
        self.expiriesFlat = flat
        self.offsets = offsets
    }

    /// The expiries listed on `date` (empty outside the tabulated range or on non-sessions).
    @inlinable
    public func expiries(on date: TradingDate) -> ArraySlice<ListedExpiry> {
        guard dates.contains(date) else { return [] }
        return slice(dayIndex: dates.lowerBound.days(until: date))
    }

    @usableFromInline
    func slice(dayIndex: Int) -> ArraySlice<ListedExpiry> {
        expiriesFlat[Int(offsets[dayIndex])..<Int(offsets[dayIndex + 1])]
    }
}
