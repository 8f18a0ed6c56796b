/// How one weekday's short-dated series are listed in an era: on each `listingDay`, the series
/// expiring on the next `count` such weekdays (from the listing day on) are open.
///
/// On a quote date q the listed ones are therefore the `count` nominal expiries from the last
/// listing day on or before q, less those already settled: a Wednesday listed on Tuesdays five
/// at a time reaches 29 days out on a Tuesday and 23 on the Monday after. A nominal expiry on
/// a holiday moves as ``ExpiryListing`` says (a Monday to the next session, another weekday to
/// the previous one) and still counts.
public struct WeeklyListing: Sendable, Hashable {
    /// The first quote date of the era.
    public let from: TradingDate
    /// The weekday on which the next series is opened.
    public let listingDay: Weekday
    /// How many nominal expiries are open from a listing day.
    public let count: Int

    /// `listingDay` is a weekday (Monday to Friday) and `count` at least 1.
    public init(from: TradingDate, listingDay: Weekday, count: Int) {
        self.from = from
        self.listingDay = listingDay
        self.count = count
    }

    /// The rule of `eras` (sorted by `from`) in force on `quoteDate`; nil before the first.
    public static func rule(in eras: [WeeklyListing], on quoteDate: TradingDate) -> WeeklyListing? {
        eras.last { $0.from <= quoteDate }
    }

    /// The nominal expiry dates on `weekday` open on `quoteDate` under this rule, earliest
    /// first (settled ones included; holidays not yet moved).
    public func nominalExpiries(of weekday: Weekday, on quoteDate: TradingDate) -> [TradingDate] {
        let lastListing = quoteDate.adding(days: -((quoteDate.weekday.rawValue - listingDay.rawValue + 7) % 7))
        let first = lastListing.adding(days: (weekday.rawValue - listingDay.rawValue + 7) % 7)
        return (0..<count).map { first.adding(days: 7 * $0) }
    }
}
