import Foundation

/// Conversions of published rate and yield quotes into the model's continuously compounded
/// annual rates (ACT/365), the `r` and `q` of Black-Scholes-Merton (DESIGN section 2).
public enum RateConversion {
    /// The term of the 3-month Treasury bill that FRED's DTB3 quotes: 13 weeks.
    public static let treasuryBillDays = 91.0

    /// The money-market day-count base of a discount quote.
    public static let discountDayBase = 360.0

    /// The bill's price per 1 of face value implied by a discount-basis quote `d` in percent:
    /// `P = 1 - (d / 100) * days / 360`.
    public static func billPrice(discountPercent d: Double, days: Double = treasuryBillDays) -> Double {
        1 - d / 100 * days / discountDayBase
    }

    /// The bond-equivalent (investment) yield, as a fraction, of a bill quoted at discount
    /// `d` percent: the simple ACT/365 return on the price paid,
    /// `BEY = (1 / P - 1) * 365 / days = 365 d / (360 - d days)` (for bills up to half a year).
    public static func bondEquivalentYield(discountPercent d: Double, days: Double = treasuryBillDays) -> Double {
        (1 / billPrice(discountPercent: d, days: days) - 1) * 365 / days
    }

    /// The continuously compounded ACT/365 rate, as a fraction, of a bill quoted at discount
    /// `d` percent: the rate at which the price grows to face value over the bill's term,
    /// `r = -ln(P) * 365 / days`. Equivalently `ln(1 + BEY * days / 365) * 365 / days`.
    ///
    /// A 5.00% discount quote gives r = 5.102%; small negative quotes (2015, 2020) give small
    /// negative rates, which are kept: they are what the market paid.
    public static func continuousRate(discountPercent d: Double, days: Double = treasuryBillDays) -> Double {
        -Foundation.log(billPrice(discountPercent: d, days: days)) * 365 / days
    }

    /// The continuous dividend yield `q` equivalent to an annual simple yield `y` percent
    /// (trailing dividends over price): `q = ln(1 + y / 100)`, so that holding the index for
    /// a year with dividends reinvested grows by the same factor.
    public static func continuousDividendYield(simplePercent y: Double) -> Double {
        Foundation.log1p(y / 100)
    }
}
