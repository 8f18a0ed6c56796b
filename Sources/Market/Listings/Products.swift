/// The option products the strategy trades, with the dates that shape what was listed when.
///
/// All dates are the first quote date on which something existed (New York calendar dates).
/// Where the exchange's own history is silent or contradictory the date is a documented
/// assumption; ``ListedProductEras`` collects them in one place.
public enum OptionProduct: String, Sendable, CaseIterable, Hashable, Codable {
    /// S&P 500 index options (CBOE), European, cash-settled.
    case spx = "SPX"
    /// Mini-SPX options on one tenth of the S&P 500 (CBOE).
    case xsp = "XSP"
    /// Options on the CBOE Volatility Index, priced off the VIX future of the same expiry.
    case vix = "VIX"

    /// Dollars per point of option premium; 100 for all three products.
    @inlinable
    public var multiplier: Double { 100 }

    /// The option's underlying level per S&P 500 point: 0.1 for XSP, 1 for SPX; VIX options
    /// are not on the S&P 500 and report 1.
    @inlinable
    public var indexScale: Double { self == .xsp ? 0.1 : 1 }

    /// First quote date on which any series of the product was listed. Nothing is listed
    /// before it.
    public var firstListed: TradingDate {
        switch self {
        case .spx: return ListedProductEras.spxFirstListed
        case .xsp: return ListedProductEras.xspFirstListed
        case .vix: return ListedProductEras.vixFirstListed
        }
    }

    /// Whether any series of the product existed on `date`.
    @inlinable
    public func isListed(on date: TradingDate) -> Bool { date >= firstListed }
}

/// How an expiring series is settled.
public enum SettlementStyle: String, Sendable, Hashable, Codable {
    /// On a special opening quotation on the settlement day (09:30); last trade the session before.
    case am = "AM"
    /// On the closing value of the settlement day; last trade that day.
    case pm = "PM"
}

/// The option symbol root a series trades under.
///
/// PM-settled SPX series are all given the root SPXW, the symbol they carry today; between
/// 2011 and 2017 some of them (third-Friday and quarterly PM series) traded as SPXPM/SPXQ.
/// XSP series, AM or PM, carry XSP.
public enum OptionRoot: String, Sendable, Hashable, Codable {
    case spx = "SPX"
    case spxw = "SPXW"
    case xsp = "XSP"
    case vix = "VIX"
}

/// The expiration cycle an expiry belongs to.
public enum ExpiryCycle: String, Sendable, Hashable, Codable {
    /// The third-Friday monthly (SPX AM, XSP AM then PM), including quarterly months and LEAPS.
    case standardMonthly
    /// A PM-settled SPXW series expiring on a standard third Friday.
    case thirdFridayPM
    /// A short-dated series expiring on a given weekday ("Weeklys", later daily expiries).
    case weekly
    /// A PM series expiring on the last session of a month.
    case endOfMonth
    /// A PM series expiring on the last session of a calendar quarter.
    case endOfQuarter
    /// The VIX monthly: the Wednesday 30 days before the next month's SPX expiry.
    case vixMonthly
}

/// The dates that divide listing history into eras, as used by ``ExpiryListing``.
///
/// Sources: CBOE product announcements and specifications; where they are silent the value is
/// an assumption, marked so. A later date on a row means the feature is listed on quote dates
/// on or after it.
public enum ListedProductEras {
    /// SPX options have traded since 1983; any date before the calendar's range works.
    public static let spxFirstListed = TradingDate(year: 1983, month: 7, day: 1)!
    /// Mini-SPX launch, 2005-10-25.
    public static let xspFirstListed = TradingDate(year: 2005, month: 10, day: 25)!
    /// VIX options launch, 2006-02-24 (first expiry 2006-03-22).
    public static let vixFirstListed = TradingDate(year: 2006, month: 2, day: 24)!

    /// First SPX Friday Weeklys, October 2005 (listed Friday 2005-10-28 for 2005-11-04).
    public static let spxFridayWeeklies = TradingDate(year: 2005, month: 10, day: 28)!
    /// First XSP Friday Weeklys, 2006-03-24 (CBOE announcement of 2006-03-17).
    public static let xspFridayWeeklies = TradingDate(year: 2006, month: 3, day: 24)!
    /// SPX Wednesday Weeklys, listed from 2016-02-23 (first expiry 2016-03-02).
    public static let wednesdayWeeklies = TradingDate(year: 2016, month: 2, day: 23)!
    /// SPX Monday Weeklys, listed from 2016-08-15 (first expiry 2016-08-22).
    public static let mondayWeeklies = TradingDate(year: 2016, month: 8, day: 15)!
    /// SPX Tuesday expiries, listed from 2022-04-18.
    public static let tuesdayWeeklies = TradingDate(year: 2022, month: 4, day: 18)!
    /// SPX Thursday expiries, listed from 2022-05-11; every weekday has an expiry from then.
    public static let thursdayWeeklies = TradingDate(year: 2022, month: 5, day: 11)!

    /// Until this date a Friday Weekly was listed one week ahead only (listed Thursday/Friday
    /// for the next Friday); from it, up to ``fridayWeeksAheadMultiWeek`` weeks ahead.
    /// Assumption: CBOE extended Weeklys to several consecutive weeks around 2011-2012; the
    /// 2011-01-24 SPX chain still shows a single Weekly.
    public static let multiWeekWeeklies = TradingDate(year: 2012, month: 1, day: 1)!
    /// Weeks ahead (counted Monday to Monday) for Friday Weeklys from ``multiWeekWeeklies``.
    public static let fridayWeeksAheadMultiWeek = 5
    /// Weeks ahead for Friday Weeklys from ``wednesdayWeeklies`` (the 2016-2023 chains list
    /// Fridays seven weeks out).
    public static let fridayWeeksAheadModern = 7
    /// How the Monday to Thursday expiries are listed, era by era (``WeeklyListing``), read off
    /// the 46 full SPX chains of 2019-2024 (`docs/quotes-held-to-the-market.md`, "The listing
    /// of the midweek expiries"). The first era of each weekday starts on its first listing
    /// date; the dates of the later switches are assumptions placed between the chains that
    /// show the old rule and the new one.
    /// - Mondays: opened on Fridays five at a time (2019-2022: 24-31 days out); on Tuesdays
    ///   from 2023 (2023-02-07 and 2023-04-10/14/17 show it, the switch placed at 2023-01-01),
    ///   six at a time from 2023-05-01 (2023-05-05 on, 38-39 days out; April still five).
    /// - Wednesdays: opened on Tuesdays five at a time (2019-2022: 23-29 days out); on Mondays
    ///   from 2023 (2023-04-10 lists 30 days out), six at a time from 2023-08-28 (2023-09-01
    ///   and 09-14; 08-25 still five), eight from 2024 (2024-05-24 lists 47 days out).
    /// - Tuesdays: three at a time from Mondays in 2022 (2022-07-12 lists 14 days out); from
    ///   Fridays five at a time in 2023, six from 2023-09-05 (2023-09-14, 2024-05-24).
    /// - Thursdays: two at a time from Tuesdays in 2022 (2022-07-12 lists 9 days out); five in
    ///   2023, six from 2023-09-05.
    public static let midweekListings: [Weekday: [WeeklyListing]] = [
        .monday: [
            WeeklyListing(from: mondayWeeklies, listingDay: .friday, count: 5),
            WeeklyListing(from: TradingDate(year: 2023, month: 1, day: 1)!, listingDay: .tuesday, count: 5),
            WeeklyListing(from: TradingDate(year: 2023, month: 5, day: 1)!, listingDay: .tuesday, count: 6),
        ],
        .tuesday: [
            WeeklyListing(from: tuesdayWeeklies, listingDay: .monday, count: 3),
            WeeklyListing(from: TradingDate(year: 2023, month: 1, day: 1)!, listingDay: .friday, count: 5),
            WeeklyListing(from: TradingDate(year: 2023, month: 9, day: 5)!, listingDay: .friday, count: 6),
        ],
        .wednesday: [
            WeeklyListing(from: wednesdayWeeklies, listingDay: .tuesday, count: 5),
            WeeklyListing(from: TradingDate(year: 2023, month: 1, day: 1)!, listingDay: .monday, count: 5),
            WeeklyListing(from: TradingDate(year: 2023, month: 8, day: 28)!, listingDay: .monday, count: 6),
            WeeklyListing(from: TradingDate(year: 2024, month: 1, day: 1)!, listingDay: .monday, count: 8),
        ],
        .thursday: [
            WeeklyListing(from: thursdayWeeklies, listingDay: .tuesday, count: 2),
            WeeklyListing(from: TradingDate(year: 2023, month: 1, day: 1)!, listingDay: .tuesday, count: 5),
            WeeklyListing(from: TradingDate(year: 2023, month: 9, day: 5)!, listingDay: .tuesday, count: 6),
        ],
    ]

    /// PM-settled SPX third-Friday series on CBOE (SPXPM moved from C2 on 2013-02-19).
    public static let spxThirdFridayPM = TradingDate(year: 2013, month: 2, day: 19)!
    /// Months ahead for PM third-Friday series (the 2020 and 2023 chains list four to five).
    public static let thirdFridayPMMonthsAhead = 5
    /// PM-settled quarter-end SPX series. Assumption: listed from 2008 (the 2011-01-24 chain
    /// has the next four quarter ends).
    public static let spxEndOfQuarter = TradingDate(year: 2008, month: 1, day: 1)!
    /// Quarter ends listed ahead, the current quarter included.
    public static let endOfQuarterCount = 4
    /// PM-settled month-end SPX series. Assumption: listed from 2014-07-01.
    public static let spxEndOfMonth = TradingDate(year: 2014, month: 7, day: 1)!
    /// Months ahead for month-end series (the 2020 and 2023 chains list five).
    public static let endOfMonthMonthsAhead = 5

    /// XSP changed from AM to PM settlement on 2013-11-05. The AM series listed before kept
    /// trading (as XSPAM) until they expired; they are not modelled after this date.
    public static let xspPMSettlement = TradingDate(year: 2013, month: 11, day: 5)!

    /// SPX/XSP monthly listing rule switches from "three near months + three quarterly months"
    /// to "twelve consecutive months" on this date. Assumption: the 2011 chain shows the old
    /// rule, the 2020 chain the new one; the switch is placed at 2014.
    public static let twelveMonthCycle = TradingDate(year: 2014, month: 1, day: 1)!

    /// Standard third-Friday expiries settling before this date expired on the Saturday after
    /// the third Friday; from the February 2015 expiry (2015-02-20) they expire on the Friday.
    public static let fridayExpirationDate = TradingDate(year: 2015, month: 2, day: 15)!

    /// VIX monthly expiries listed at once before ``vixExtendedMonths``.
    public static let vixMonthsListedEarly = 6
    /// VIX monthly expiries listed at once from ``vixExtendedMonths`` (the VX futures curve
    /// carries eight to nine monthly contracts). Assumption.
    public static let vixMonthsListedLater = 9
    /// Assumed date of the extension of the VIX option month cycle.
    public static let vixExtendedMonths = TradingDate(year: 2014, month: 1, day: 1)!
}
