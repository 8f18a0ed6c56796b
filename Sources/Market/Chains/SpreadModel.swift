import Foundation

/// The minimum price increments of an option product: one tick below a price threshold,
/// another at or above it (CBOE's rules for SPX and VIX; XSP is quoted in pennies).
public struct TickRule: Sendable, Hashable, Codable {
    /// The increment of prices below ``threshold``, in hundredths of a point (5 = 0.05).
    public var lowTickCents: Int
    /// The increment of prices at or above ``threshold``, in hundredths of a point.
    public var highTickCents: Int
    /// The price (points) from which ``highTickCents`` applies; a multiple of both ticks.
    public var threshold: Double

    public init(lowTickCents: Int, highTickCents: Int, threshold: Double) {
        precondition(lowTickCents > 0 && highTickCents > 0, "ticks must be positive")
        self.lowTickCents = lowTickCents
        self.highTickCents = highTickCents
        self.threshold = threshold
    }

    /// SPX: 0.05 below 3.00, 0.10 from 3.00.
    public static let spx = TickRule(lowTickCents: 5, highTickCents: 10, threshold: 3)
    /// XSP: 0.01 at every price.
    public static let xsp = TickRule(lowTickCents: 1, highTickCents: 1, threshold: 3)
    /// VIX: 0.05 below 3.00, 0.10 from 3.00.
    public static let vix = TickRule(lowTickCents: 5, highTickCents: 10, threshold: 3)

    /// The smallest price above zero, in points.
    @inlinable public var minimumTick: Double { Double(lowTickCents) / 100 }

    /// The tick that applies at `price` (points).
    @inlinable public func tick(at price: Double) -> Double {
        Double(price < threshold ? lowTickCents : highTickCents) / 100
    }

    /// The largest price on the tick grid at or below `price` (never below 0).
    @inlinable public func roundDown(_ price: Double) -> Double {
        guard price > 0 else { return 0 }
        let cents = price < threshold ? lowTickCents : highTickCents
        // The tiny allowance keeps a price that is a tick multiple up to rounding error on it.
        let ticks = (price * 100 / Double(cents) + 1e-9).rounded(.down)
        // Dividing the whole number of cents by 100 gives the correctly rounded decimal (0.15, not 0.15000000000000002).
        return ticks * Double(cents) / 100
    }

    /// The smallest price on the tick grid at or above `price`.
    @inlinable public func roundUp(_ price: Double) -> Double {
        guard price > 0 else { return 0 }
        let cents = price < threshold ? lowTickCents : highTickCents
        let ticks = (price * 100 / Double(cents) - 1e-9).rounded(.up)
        return ticks * Double(cents) / 100
    }
}

/// Bid/ask spread parameters of one product. See ``SpreadModel`` for the formula.
public struct ProductSpreadParameters: Sendable, Hashable, Codable {
    /// The quote increments.
    public var ticks: TickRule
    /// Full-spread intercept at VIX = ``SpreadModel/referenceVIX`` (points).
    public var intercept: Double
    /// Full-spread coefficient on the square root of the option's price at VIX =
    /// ``SpreadModel/referenceVIX`` (points per square-root point).
    public var sqrtPriceCoefficient: Double
    /// Power of VIX / ``SpreadModel/referenceVIX`` the spread scales with (dimensionless).
    public var regimeExponent: Double
    /// Widening per year to expiry: the spread is multiplied by exp(termWidening x t).
    public var termWidening: Double

    public init(ticks: TickRule, intercept: Double, sqrtPriceCoefficient: Double, regimeExponent: Double, termWidening: Double) {
        self.ticks = ticks
        self.intercept = intercept
        self.sqrtPriceCoefficient = sqrtPriceCoefficient
        self.regimeExponent = regimeExponent
        self.termWidening = termWidening
    }
}

/// Synthetic bid/ask quotes around a model mid, by product, option price and volatility regime.
///
/// ## Formula
/// For an option of model value m (points), t years to settlement, on a day with VIX close V:
///
///     spread = (V / referenceVIX)^regimeExponent x (intercept + sqrtPriceCoefficient x sqrt(m)) x exp(termWidening x t)
///     half   = max(spread / 2, smallest tick / 2)
///     bid    = the tick at or below m - half (0 when that is not positive)
///     ask    = the tick at or above m + half
///
/// so bid <= m <= ask and bid < ask always; bid and ask are each rounded to the increment
/// that applies at their own price. An option worth less than the smallest tick (far out of
/// the money) is quoted 0 bid, one tick ask. The spread grows with the square root of the
/// price, not in proportion to it: cheap options are quoted at a few ticks, expensive ones
/// at a small fraction of their value. Every step is monotone in m, so bids and asks are
/// monotone in strike wherever the mids are.
///
/// ## Where the defaults come from
/// Out-of-the-money two-sided quotes (3 to 90 days, mid at least ten ticks) of the real CBOE
/// snapshots in `options/cboe_quotedata_parsed_long_clean.csv.gz`; median full spreads
/// (points) by mid, 21-45 days to expiry:
///
/// | snapshot (VIX)          | mid 0.5-1 | 1-3  | 3-10 | 10-30 | 30-100 | >100 |
/// |-------------------------|-----------|------|------|-------|--------|------|
/// | SPX 2020-03-20 (66.04)  | 0.80      | 1.05 | 1.50 | 2.70  | 4.10   | 5.00 |
/// | SPX 2023-09-14 (12.82)  | 0.15      | 0.15 | 0.30 | 0.50  | 0.70   | -    |
/// | XSP 2023-09-14 (12.82)  | 0.04      | 0.04 | 0.06 | 0.08  | 0.10   | -    |
///
/// (XSP mids in SPX-equivalent points, i.e. XSP mid x 10; its spreads in XSP points.)
/// Relative spreads at 21-45 days: SPX 2023 5.6% of the mid at 3-10 points and 1.6% at
/// 30-100; SPX 2020 about 30% and 7%; far-out-of-the-money SPX options under half a point
/// are quoted one to three ticks wide in 2023 (median 0.10-0.15) and about 0.40-0.60 wide in
/// 2020. Longer expiries are wider at the same price (2023, 91-400 days: 0.25 at 1-3
/// points against 0.15).
///
/// A weighted least-squares fit of spread = R (a + b sqrt(m)) e^{g t} in relative error
/// over both SPX days puts the regime exponent near 1.2 (spreads widen a little faster than
/// VIX), the term widening near 1.5 per year and, after removing the fit's -15% bias in
/// log terms, a = 0.014 and b = 0.114 at VIX 20; the median absolute log error is 0.22
/// (a factor of 1.25). XSP, fitted with the same regime exponent, gives a = 0.018,
/// b = 0.051 (XSP points) and a term widening of 2 per year. VIX: fitted by
/// ``VIXSpreadCalibration`` on Cboe's official end-of-day VIX chain of 2016-06-01 (VIX 14.19;
/// 177 two-sided out-of-the-money quotes 14-200 days out): a = 0.064, b = 0.027 at VIX 20, no
/// term widening, median absolute log error 0.35; the rounded quotes' median width equals the
/// real one (ratio 1.00, also at the hedge's calls, future to future + 15). One day cannot fix
/// the regime exponent: 0.5 is kept (an assumption). The 2019-08-29 pre-open chain is not
/// used: quoted before the open, it is about 1.7 times wider than the model at that VIX.
public struct SpreadModel: Sendable, Hashable, Codable {
    /// The VIX level at which the products' intercept and coefficient apply (vol points). Default 20.
    public var referenceVIX: Double
    /// SPX: ticks 0.05/0.10, intercept 0.014, sqrt-price coefficient 0.114, regime exponent 1.2,
    /// term widening 1.5 per year.
    public var spx: ProductSpreadParameters
    /// XSP: ticks 0.01, intercept 0.018, sqrt-price coefficient 0.051, regime exponent 1.2,
    /// term widening 2.0 per year.
    public var xsp: ProductSpreadParameters
    /// VIX (fitted on 2016-06-01, see above): ticks 0.05/0.10, intercept 0.064, sqrt-price
    /// coefficient 0.027, regime exponent 0.5 (assumed), no term widening.
    public var vix: ProductSpreadParameters

    public init(
        referenceVIX: Double = 20,
        spx: ProductSpreadParameters = ProductSpreadParameters(
            ticks: .spx, intercept: 0.014, sqrtPriceCoefficient: 0.114, regimeExponent: 1.2, termWidening: 1.5),
        xsp: ProductSpreadParameters = ProductSpreadParameters(
            ticks: .xsp, intercept: 0.018, sqrtPriceCoefficient: 0.051, regimeExponent: 1.2, termWidening: 2.0),
        vix: ProductSpreadParameters = ProductSpreadParameters(
            ticks: .vix, intercept: 0.064, sqrtPriceCoefficient: 0.027, regimeExponent: 0.5, termWidening: 0)
    ) {
        self.referenceVIX = referenceVIX
        self.spx = spx
        self.xsp = xsp
        self.vix = vix
    }

    /// The defaults documented on each field.
    public static let `default` = SpreadModel()

    /// The parameters of `product`.
    public func parameters(for product: OptionProduct) -> ProductSpreadParameters {
        switch product {
        case .spx: spx
        case .xsp: xsp
        case .vix: vix
        }
    }

    /// The factor shared by every option of one expiry: regime and term widening.
    public func scale(for product: OptionProduct, vix: Double, timeToExpiry t: Double) -> Double {
        let p = parameters(for: product)
        let regime = vix > 0 && vix.isFinite ? Foundation.pow(vix / referenceVIX, p.regimeExponent) : 1
        return regime * Foundation.exp(p.termWidening * max(t, 0))
    }

    /// Bid and ask around the model value `mid` (points) of an option of `product`, `t`
    /// years from settlement, on a day whose VIX closed at `vix`.
    public func quote(mid: Double, product: OptionProduct, vix: Double, timeToExpiry t: Double) -> (bid: Double, ask: Double) {
        let p = parameters(for: product)
        return Self.quote(mid: mid, parameters: p, scale: scale(for: product, vix: vix, timeToExpiry: t))
    }

    /// Bid and ask around `mid` with the expiry's `scale` (see ``scale(for:vix:timeToExpiry:)``).
    @inlinable
    public static func quote(mid: Double, parameters p: ProductSpreadParameters, scale: Double) -> (bid: Double, ask: Double) {
        let ticks = p.ticks
        guard mid.isFinite, mid >= 0 else { return (.nan, .nan) }
        let minimumTick = ticks.minimumTick
        if mid < minimumTick { return (0, minimumTick) }
        let spread = scale * (p.intercept + p.sqrtPriceCoefficient * mid.squareRoot())
        let half = max(0.5 * spread, 0.5 * minimumTick)
        let bid = ticks.roundDown(mid - half)
        let ask = ticks.roundUp(mid + half)
        return (bid, ask)
    }

    /// Quotes every mid of `range` (all of one expiry, sharing `scale`) into `bids` and `asks`.
    @inlinable
    public static func quote(mids: UnsafeBufferPointer<Double>, parameters: ProductSpreadParameters, scale: Double,
                             bids: UnsafeMutableBufferPointer<Double>, asks: UnsafeMutableBufferPointer<Double>,
                             range: Range<Int>) {
        for i in range {
            let (bid, ask) = quote(mid: mids[i], parameters: parameters, scale: scale)
            bids[i] = bid
            asks[i] = ask
        }
    }
}
