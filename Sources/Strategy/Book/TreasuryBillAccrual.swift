import Foundation
import Market

/// The return of cash invested in 3-month Treasury bills from one session's close to the next.
///
/// Convention: the day's DTB3 quote is a discount rate (act/360, the bill market's quoting
/// basis). `RateConversion.continuousRate(discountPercent:days:)` turns it into the
/// continuously compounded ACT/365 yield of the 91-day bill bought at that quote, which is
/// the rate `MarketDay.riskFreeRate` holds and the one every price of the system uses. Cash
/// held for `n` calendar days then grows by `exp(r n / 365)`: exactly what holding that bill
/// would earn pro rata. Applying the discount rate itself (`d n / 360`) would understate the
/// bill's yield, by about 0.1 percentage point at 5%, because a discount is taken on the face
/// value, not on the price paid.
///
/// The rate is the one known at the close the cash was held from (the previous session's);
/// weekends and holidays accrue, as calendar days.
public enum TreasuryBillAccrual {
    /// `exp(rate x days / 365) - 1`: the return of one dollar held `days` calendar days at the
    /// continuous annual rate `rate` (a fraction). Zero for `days <= 0`.
    public static func periodReturn(rate: Double, days: Int) -> Double {
        guard days > 0, rate.isFinite else { return 0 }
        return expm1(rate * Double(days) / 365)
    }

    /// The return of cash from the close of `previous` (when the rate was `rate`) to the close
    /// of `date`; zero for the first session of a run (no previous close) or a missing rate.
    public static func periodReturn(rate: Double?, from previous: TradingDate?, to date: TradingDate) -> Double {
        guard let rate, let previous else { return 0 }
        return periodReturn(rate: rate, days: date - previous)
    }
}
