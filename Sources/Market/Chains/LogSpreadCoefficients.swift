import Foundation

/// The coefficients of the SPX/XSP spread model (see ``SpreadModel``):
///
///     log(full spread in the product's points) = intercept + xsp x [XSP]
///         + perYearBefore2019 x min(y, 0) + perYearFrom2019 x max(y, 0)
///         + logVIX x log(V / 20) + perYearToExpiry x t + absoluteDelta x |delta| + logMid x log(mid)
///
/// y = (D - 2019-01-01) / 365.25, the era in years, held at the edge of the fitted days' span
/// (``firstYear``...``lastYear``) outside it so that a trend fitted over a few years is not
/// extrapolated across decades; the era is a broken line, its slope free on either side of
/// 2019 (spreads narrowed fast to 2019 and little after). V the VIX close (vol points); t in
/// years (ACT/365); mid and spread in SPX-equivalent points (an XSP price over
/// ``OptionProduct/indexScale``, i.e. times ten), so that with ``xsp`` zero an XSP option is
/// quoted as the SPX option ten times its size, scaled down: a fit that has seen no XSP day
/// still quotes XSP sensibly. Every coefficient is in log points per unit of its feature.
public struct LogSpreadCoefficients: Sendable, Hashable, Codable {
    /// log points: SPX, on 2019-01-01, VIX 20, at expiry, zero delta, mid 1 point.
    public var intercept: Double
    /// log points added for XSP over the SPX spread of the same SPX-equivalent option (its
    /// own, penny-quoted, thinner book).
    public var xsp: Double
    /// log points per year of era before 2019-01-01.
    public var perYearBefore2019: Double
    /// log points per year of era from 2019-01-01.
    public var perYearFrom2019: Double
    /// Elasticity of the spread to the VIX level.
    public var logVIX: Double
    /// log points per year to expiry.
    public var perYearToExpiry: Double
    /// log points per unit of |delta| (moneyness at a given price level).
    public var absoluteDelta: Double
    /// Elasticity of the spread to the option's price, clamped to [0, 1] when used.
    public var logMid: Double
    /// The era span the trends apply over, years from 2019-01-01 (the first and last fitted day).
    public var firstYear: Double
    public var lastYear: Double

    public init(intercept: Double, xsp: Double, perYearBefore2019: Double, perYearFrom2019: Double, logVIX: Double,
                perYearToExpiry: Double, absoluteDelta: Double, logMid: Double,
                firstYear: Double = -.infinity, lastYear: Double = .infinity) {
        self.intercept = intercept
        self.xsp = xsp
        self.perYearBefore2019 = perYearBefore2019
        self.perYearFrom2019 = perYearFrom2019
        self.logVIX = logVIX
        self.perYearToExpiry = perYearToExpiry
        self.absoluteDelta = absoluteDelta
        self.logMid = logMid
        self.firstYear = firstYear
        self.lastYear = lastYear
    }

    /// The features' names, in the order of ``vector`` and ``features(product:date:vix:timeToExpiry:absoluteDelta:mid:)``.
    public static let names = ["intercept", "xsp", "per_year_before_2019", "per_year_from_2019", "log_vix",
                               "per_year_to_expiry", "abs_delta", "log_mid"]

    /// The coefficients in the order of ``names``.
    public var vector: [Double] {
        [intercept, xsp, perYearBefore2019, perYearFrom2019, logVIX, perYearToExpiry, absoluteDelta, logMid]
    }

    /// Coefficients from a vector in the order of ``names``; nil unless it has that many finite entries.
    public init?(vector v: [Double], firstYear: Double = -.infinity, lastYear: Double = .infinity) {
        guard v.count == Self.names.count, v.allSatisfy(\.isFinite) else { return nil }
        self.init(intercept: v[0], xsp: v[1], perYearBefore2019: v[2], perYearFrom2019: v[3], logVIX: v[4],
                  perYearToExpiry: v[5], absoluteDelta: v[6], logMid: v[7], firstYear: firstYear, lastYear: lastYear)
    }

    /// The era origin, 2019-01-01.
    public static let eraOrigin = TradingDate(year: 2019, month: 1, day: 1)!

    /// Years from 2019-01-01 to `date`.
    public static func years(_ date: TradingDate) -> Double {
        Double(Int(date.daysSinceEpoch) - Int(eraOrigin.daysSinceEpoch)) / 365.25
    }

    /// The log of the VIX level over 20 (0 when the level is missing).
    static func logRegime(_ vix: Double) -> Double {
        vix > 0 && vix.isFinite ? Foundation.log(vix / 20) : 0
    }

    /// The regression row of one option (the era unclamped: a fit sees only its own days).
    public static func features(product: OptionProduct, date: TradingDate, vix: Double, timeToExpiry t: Double,
                                absoluteDelta: Double, mid: Double) -> [Double] {
        let y = years(date)
        return [1, product == .xsp ? 1 : 0, min(y, 0), max(y, 0), logRegime(vix), max(t, 0), absoluteDelta,
                Foundation.log(mid / product.indexScale)]
    }

    /// The part of the log spread (in the product's own points) shared by every option of one expiry.
    public func expiryTerm(product: OptionProduct, date: TradingDate, vix: Double, timeToExpiry t: Double) -> Double {
        let y = min(max(Self.years(date), firstYear), lastYear)
        // From SPX-equivalent points to the product's: spread x scale at mid / scale.
        let units = (1 - Self.clampedSlope(logMid)) * Foundation.log(product.indexScale)
        return intercept + (product == .xsp ? xsp : 0) + perYearBefore2019 * min(y, 0) + perYearFrom2019 * max(y, 0)
            + logVIX * Self.logRegime(vix) + perYearToExpiry * max(t, 0) + units
    }

    /// The price elasticity as used: within [0, 1], so that quotes stay monotone in the mid.
    @inlinable
    static func clampedSlope(_ logMid: Double) -> Double { min(max(logMid, 0), 1) }

    /// The full spread (points) of an option of price `mid` and |delta| `absoluteDelta`, given
    /// its expiry's ``expiryTerm(product:date:vix:timeToExpiry:)``.
    @inlinable
    public func spread(mid: Double, absoluteDelta d: Double, expiryTerm: Double) -> Double {
        guard mid > 0 else { return 0 }
        let slope = Self.clampedSlope(logMid)
        return Foundation.exp(expiryTerm + absoluteDelta * (d.isFinite ? d : 0) + slope * Foundation.log(mid))
    }

    /// The fit over every closing real SPX and XSP snapshot of the data folder
    /// (``RealChainCatalog/closingFullSnapshots()``; ``SpreadFit``; `spx30dte validate quotes`
    /// prints it again with its leave-one-day-out error): 105,454 two-sided quotes of 29
    /// closing days, 5-120 days to expiry, |delta| 0.02-0.60, mid at least two ticks, each day
    /// weighted equally. SPX: 2011-01-05..07 (iVolatility), the six 2019 lambdaclass days
    /// whose underlying is the close (04-26, 04-29, 05-09, 05-20, 05-21, 05-24; the other 18
    /// were taken during the session), 2020-03-20, 2020-09-04, 2022-01-07, 2022-02-18,
    /// 15 days of 2023 and 2024-05-24; XSP: 2023-09-14.
    ///
    /// | coefficient          | value   | meaning                                               |
    /// |----------------------|---------|-------------------------------------------------------|
    /// | intercept            | -1.7157 | SPX, 2019-01-01, VIX 20, zero delta, mid 1: 0.18 wide  |
    /// | xsp                  |  0.7619 | XSP 2.1x the SPX spread of the same SPX-equivalent     |
    /// | per_year_before_2019 | -0.1708 | 2011 spreads 3.9x 2019's at the same VIX and price     |
    /// | per_year_from_2019   | -0.0016 | flat after 2019                                        |
    /// | log_vix              |  0.9967 | spreads in proportion to the VIX level                 |
    /// | per_year_to_expiry   |  0.8060 | +8% per 0.1 year to expiry                             |
    /// | abs_delta            |  0.4565 | +58% from zero to 1 delta at the same price            |
    /// | log_mid              |  0.3464 | spread ~ price^0.35                                    |
    ///
    /// Median |log(model / real spread)|: 0.195 in sample (a factor of 1.22), 0.219 with each
    /// day left out of its own fit; worst left out: 2020-03-20 (the one crash day, VIX 66)
    /// 0.65, 2024-05-24 0.54. The era is held at 2011-01-05 before it and 2024-05-24 after.
    public static let fitted = LogSpreadCoefficients(
        intercept: -1.71571, xsp: 0.761942, perYearBefore2019: -0.170796, perYearFrom2019: -0.00156414,
        logVIX: 0.996657, perYearToExpiry: 0.806025, absoluteDelta: 0.456525, logMid: 0.346353,
        firstYear: -7.989048596851472, lastYear: 5.393566050650239)
}
