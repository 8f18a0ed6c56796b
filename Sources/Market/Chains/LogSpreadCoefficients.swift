import Foundation

/// The coefficients of the SPX/XSP spread model (see ``SpreadModel``):
///
///     log(full spread in the product's points) = intercept + xsp x [XSP] + perYear x years(D)
///         + logVIX x log(V / 20) + perYearToExpiry x t + absoluteDelta x |delta| + logMid x log(mid)
///
/// years(D) = (D - 2015-01-01) / 365.25, held at the edge of the fitted days' span
/// (``firstYear``...``lastYear``) outside it, so that a trend fitted over a few years is not
/// extrapolated across decades; V the VIX close (vol points); t in years (ACT/365);
/// mid in the product's points (XSP's are a tenth of SPX's). Every coefficient is in log
/// points per unit of its feature.
public struct LogSpreadCoefficients: Sendable, Hashable, Codable {
    /// log points: SPX, on 2015-01-01, VIX 20, at expiry, zero delta, mid 1 point.
    public var intercept: Double
    /// log points added for XSP (its own, penny-quoted book).
    public var xsp: Double
    /// log points per year of era (from 2015-01-01; negative years before it).
    public var perYear: Double
    /// Elasticity of the spread to the VIX level.
    public var logVIX: Double
    /// log points per year to expiry.
    public var perYearToExpiry: Double
    /// log points per unit of |delta| (moneyness at a given price level).
    public var absoluteDelta: Double
    /// Elasticity of the spread to the option's price, clamped to [0, 1] when used.
    public var logMid: Double

    /// The era span the ``perYear`` trend applies over, years from 2015-01-01 (the first and
    /// last fitted day).
    public var firstYear: Double
    public var lastYear: Double

    public init(intercept: Double, xsp: Double, perYear: Double, logVIX: Double, perYearToExpiry: Double,
                absoluteDelta: Double, logMid: Double, firstYear: Double = -.infinity, lastYear: Double = .infinity) {
        self.intercept = intercept
        self.xsp = xsp
        self.perYear = perYear
        self.logVIX = logVIX
        self.perYearToExpiry = perYearToExpiry
        self.absoluteDelta = absoluteDelta
        self.logMid = logMid
        self.firstYear = firstYear
        self.lastYear = lastYear
    }

    /// The features' names, in the order of ``vector`` and ``features(product:date:vix:timeToExpiry:absoluteDelta:mid:)``.
    public static let names = ["intercept", "xsp", "per_year", "log_vix", "per_year_to_expiry", "abs_delta", "log_mid"]

    /// The coefficients in the order of ``names``.
    public var vector: [Double] { [intercept, xsp, perYear, logVIX, perYearToExpiry, absoluteDelta, logMid] }

    /// Coefficients from a vector in the order of ``names``; nil unless it has that many finite entries.
    public init?(vector v: [Double], firstYear: Double = -.infinity, lastYear: Double = .infinity) {
        guard v.count == Self.names.count, v.allSatisfy(\.isFinite) else { return nil }
        self.init(intercept: v[0], xsp: v[1], perYear: v[2], logVIX: v[3], perYearToExpiry: v[4],
                  absoluteDelta: v[5], logMid: v[6], firstYear: firstYear, lastYear: lastYear)
    }

    /// The era origin, 2015-01-01.
    public static let eraOrigin = TradingDate(year: 2015, month: 1, day: 1)!

    /// Years from 2015-01-01 to `date`.
    public static func years(_ date: TradingDate) -> Double {
        Double(Int(date.daysSinceEpoch) - Int(eraOrigin.daysSinceEpoch)) / 365.25
    }

    /// The log of the VIX level over 20 (0 when the level is missing).
    static func logRegime(_ vix: Double) -> Double {
        vix > 0 && vix.isFinite ? Foundation.log(vix / 20) : 0
    }

    /// The regression row of one option.
    public static func features(product: OptionProduct, date: TradingDate, vix: Double, timeToExpiry t: Double,
                                absoluteDelta: Double, mid: Double) -> [Double] {
        [1, product == .xsp ? 1 : 0, years(date), logRegime(vix), max(t, 0), absoluteDelta, Foundation.log(mid)]
    }

    /// The part of the log spread shared by every option of one expiry.
    public func expiryTerm(product: OptionProduct, date: TradingDate, vix: Double, timeToExpiry t: Double) -> Double {
        intercept + (product == .xsp ? xsp : 0) + perYear * min(max(Self.years(date), firstYear), lastYear)
            + logVIX * Self.logRegime(vix)
            + perYearToExpiry * max(t, 0)
    }

    /// The full spread (points) of an option of price `mid` and |delta| `absoluteDelta`, given
    /// its expiry's ``expiryTerm(product:date:vix:timeToExpiry:)``.
    @inlinable
    public func spread(mid: Double, absoluteDelta d: Double, expiryTerm: Double) -> Double {
        guard mid > 0 else { return 0 }
        let slope = min(max(logMid, 0), 1)
        return Foundation.exp(expiryTerm + absoluteDelta * (d.isFinite ? d : 0) + slope * Foundation.log(mid))
    }

    /// The fit over every closing real SPX and XSP snapshot of the data folder that the
    /// project reads (``SpreadFit``, `spx30dte validate quotes`, which prints it again with
    /// its leave-one-day-out error): 76,277 two-sided quotes of 18 closing days, SPX on
    /// 2020-03-20, 2020-09-04, 2022-02-18, 2023-02-03, 2023-02-07, 2023-04-10, 04-14, 04-17,
    /// 05-05, 05-19, 05-23, 05-26, 06-08, 06-09, 08-18, 09-01, 09-14, 12-08 and XSP on
    /// 2023-09-14; 5-120 days to expiry, |delta| 0.02-0.60, mid at least two ticks, each day
    /// weighted equally.
    ///
    /// | coefficient        | value   |
    /// |--------------------|---------|
    /// | intercept          | -0.7882 |
    /// | xsp                | -0.7223 |
    /// | per_year           | -0.1182 |
    /// | log_vix            |  0.8597 |
    /// | per_year_to_expiry |  0.8567 |
    /// | abs_delta          |  0.5041 |
    /// | log_mid            |  0.3284 |
    ///
    /// Median |log(model / real spread)|: 0.179 in sample (a factor of 1.20), 0.212 with each
    /// day left out of its own fit (worst: 2020-03-20, the one crash day, 0.58; XSP 2023-09-14,
    /// the one XSP day, which its own fit cannot see). So spreads widen a little less than in
    /// proportion to VIX, narrow about 11% a year from 2020 to 2023 (held at the 2020 and 2023
    /// levels outside), grow with term and with delta at a given price, and with the cube root
    /// of the price.
    public static let fitted = LogSpreadCoefficients(
        intercept: -0.788168, xsp: -0.722253, perYear: -0.118216, logVIX: 0.85974, perYearToExpiry: 0.856661,
        absoluteDelta: 0.504138, logMid: 0.328398, firstYear: 5.215605749486653, lastYear: 8.933607118412047)
}
