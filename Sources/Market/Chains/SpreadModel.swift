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
        return Self.down(price * 100 / Double(cents), cents: cents)
    }

    /// The price on the tick grid nearest `price` (of the two around it, each on the grid
    /// that applies at its own price); an exact tie goes up when `tiesUp`, else down.
    @inlinable public func roundNearest(_ price: Double, tiesUp: Bool) -> Double {
        guard price > 0 else { return 0 }
        // Both neighbours are on the grid of `price`'s own tick (the threshold is a multiple
        // of both ticks), so the scaled price is computed once for the two of them.
        let cents = price < threshold ? lowTickCents : highTickCents
        let scaled = price * 100 / Double(cents)
        let down = Self.down(scaled, cents: cents), up = Self.up(scaled, cents: cents)
        let below = price - down, above = up - price
        if abs(below - above) < 1e-9 { return tiesUp ? up : down }
        return below < above ? down : up
    }

    /// The smallest price on the tick grid at or above `price`.
    @inlinable public func roundUp(_ price: Double) -> Double {
        guard price > 0 else { return 0 }
        let cents = price < threshold ? lowTickCents : highTickCents
        return Self.up(price * 100 / Double(cents), cents: cents)
    }

    /// The grid price of `scaled` (a price in ticks of `cents`) rounded down. The tiny
    /// allowance keeps a price that is a tick multiple up to rounding error on it; dividing
    /// the whole number of cents by 100 gives the correctly rounded decimal (0.15, not
    /// 0.15000000000000002).
    @inlinable static func down(_ scaled: Double, cents: Int) -> Double {
        wholeBelow(scaled + 1e-9) * Double(cents) / 100
    }

    /// The grid price of `scaled` (a price in ticks of `cents`) rounded up.
    @inlinable static func up(_ scaled: Double, cents: Int) -> Double {
        wholeAbove(scaled - 1e-9) * Double(cents) / 100
    }

    // Quoting rounds six prices per option; on CPUs without SSE4.1 `rounded(_:)` is a libm
    // call each time. Truncation through Int64 gives the same value for 0 <= x < 2^52, where
    // every quote lies; anything else goes to `rounded(_:)`.
    @inlinable static func wholeBelow(_ x: Double) -> Double {
        guard x >= 0, x < 0x1p52 else { return x.rounded(.down) }
        return Double(Int64(x))
    }

    @inlinable static func wholeAbove(_ x: Double) -> Double {
        guard x > 0, x < 0x1p52 else { return x.rounded(.up) }
        let whole = Double(Int64(x))
        return whole < x ? whole + 1 : whole
    }
}

/// Bid/ask spread parameters of a product quoted by the square-root rule (VIX options; see
/// ``SpreadModel`` for the formula).
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

/// Synthetic bid/ask quotes around a model mid, by product, era, volatility regime, term,
/// moneyness and price.
///
/// ## SPX and XSP: a log-linear model of the full spread
/// For an option of model value m (the product's points), |delta| d, t years to settlement,
/// quoted on date D with VIX close V:
///
///     log(spread) = c · (1, [XSP], min(y, 0), max(y, 0), log(V / 20), t, d, log m)   (``LogSpreadCoefficients``)
///
/// with y the years from 2019-01-01 (the era, a broken line with free slopes before and
/// after 2019), [XSP] one for XSP, zero for SPX, and XSP prices and spreads in SPX-equivalent
/// points. The coefficients are a least-squares fit over every closing real SPX and
/// XSP snapshot (``SpreadFit``; each day weighted equally); their values and the fit's error
/// are on ``LogSpreadCoefficients/fitted``. The tick size enters through the quote grid: the
/// half-spread is at least half a tick, and bid and ask are rounded outwards to the increment
/// that applies at their own price.
///
/// ## VIX: the square-root rule
///
///     spread = (V / referenceVIX)^regimeExponent x (intercept + sqrtPriceCoefficient x sqrt(m)) x exp(termWidening x t)
///
/// ## Quotes
///
///     half   = max(spread / 2, smallest tick / 2)
///     bid    = the lower of the tick nearest m - half and the tick at or below m (0 when not positive)
///     ask    = the higher of the tick nearest m + half and the tick at or above m
///              (one tick above the bid when not above it)
///
/// so bid <= m <= ask and bid < ask always, and the quoted width is the model's spread to
/// within a tick either way (rounding both sides outwards made SPX quotes a tick or more wider
/// than the fitted spread: a quarter to a half too wide at the 0.10-0.40 spreads of calm days). An option worth less than the smallest tick (far
/// out of the money) is quoted 0 bid, one tick ask. With the other inputs fixed the spread
/// grows more slowly than the price (the fitted log-price slope lies in [0, 1], clamped so),
/// so bids and asks are monotone in the mid.
///
/// The VIX numbers are fitted by ``VIXSpreadCalibration`` on Cboe's official end-of-day VIX
/// chain of 2016-06-01 (VIX 14.19; 177 two-sided out-of-the-money quotes 14-200 days out):
/// intercept 0.064, sqrt-price coefficient 0.027 at VIX 20, no term widening, median absolute
/// log error 0.35; the rounded quotes' median width equals the real one (ratio 1.00, also at
/// the hedge's calls, future to future + 15). One day cannot fix the regime exponent: 0.5 is
/// kept (an assumption). The 2019-08-29 pre-open chain is not used: quoted before the open,
/// it is about 1.7 times wider than the model at that VIX.
public struct SpreadModel: Sendable, Hashable, Codable {
    /// The VIX level at which the VIX product's intercept and coefficient apply (vol points). Default 20.
    public var referenceVIX: Double
    /// SPX and XSP: the fitted log-spread coefficients (``LogSpreadCoefficients/fitted``).
    public var logSpread: LogSpreadCoefficients
    /// VIX (fitted on 2016-06-01, see above): ticks 0.05/0.10, intercept 0.064, sqrt-price
    /// coefficient 0.027, regime exponent 0.5 (assumed), no term widening.
    public var vix: ProductSpreadParameters

    public init(
        referenceVIX: Double = 20,
        logSpread: LogSpreadCoefficients = .fitted,
        vix: ProductSpreadParameters = ProductSpreadParameters(
            ticks: .vix, intercept: 0.064, sqrtPriceCoefficient: 0.027, regimeExponent: 0.5, termWidening: 0)
    ) {
        self.referenceVIX = referenceVIX
        self.logSpread = logSpread
        self.vix = vix
    }

    /// The defaults documented on each field.
    public static let `default` = SpreadModel()

    /// The quote increments of `product`.
    public func ticks(for product: OptionProduct) -> TickRule {
        switch product {
        case .spx: .spx
        case .xsp: .xsp
        case .vix: vix.ticks
        }
    }

    /// The full spread (points) of an option of model value `mid` of `product`, with
    /// |delta| `absoluteDelta`, `t` years from settlement, quoted on `date` when VIX closed at
    /// `vix`; before the tick floor and rounding.
    public func spread(mid: Double, product: OptionProduct, date: TradingDate, vix: Double, timeToExpiry t: Double,
                       absoluteDelta: Double) -> Double {
        switch product {
        case .vix:
            return vixScale(vix: vix, timeToExpiry: t) * (self.vix.intercept + self.vix.sqrtPriceCoefficient * max(mid, 0).squareRoot())
        case .spx, .xsp:
            let base = logSpread.expiryTerm(product: product, date: date, vix: vix, timeToExpiry: t)
            return logSpread.spread(mid: mid, absoluteDelta: absoluteDelta, expiryTerm: base)
        }
    }

    /// Bid and ask around the model value `mid` (points); see ``spread(mid:product:date:vix:timeToExpiry:absoluteDelta:)``.
    public func quote(mid: Double, product: OptionProduct, date: TradingDate, vix: Double, timeToExpiry t: Double,
                      absoluteDelta: Double) -> (bid: Double, ask: Double) {
        guard mid.isFinite, mid >= 0 else { return (.nan, .nan) }
        let spread = mid < ticks(for: product).minimumTick ? 0
            : self.spread(mid: mid, product: product, date: date, vix: vix, timeToExpiry: t, absoluteDelta: absoluteDelta)
        return Self.quote(mid: mid, spread: spread, ticks: ticks(for: product))
    }

    /// The VIX product's regime and term factor.
    func vixScale(vix level: Double, timeToExpiry t: Double) -> Double {
        let regime = level > 0 && level.isFinite ? Foundation.pow(level / referenceVIX, vix.regimeExponent) : 1
        return regime * Foundation.exp(vix.termWidening * max(t, 0))
    }

    /// Bid and ask around `mid` for a full `spread` (points) on the grid of `ticks`.
    @inlinable
    public static func quote(mid: Double, spread: Double, ticks: TickRule) -> (bid: Double, ask: Double) {
        guard mid.isFinite, mid >= 0 else { return (.nan, .nan) }
        let minimumTick = ticks.minimumTick
        if mid < minimumTick { return (0, minimumTick) }
        let half = max(0.5 * (spread.isFinite ? spread : 0), 0.5 * minimumTick)
        // Each side to its nearest tick (ties away from the mid), never across the mid, rather
        // than outwards: the quoted width is then the model's spread on average, not a tick
        // more, and a one-tick market stays possible around a mid that is off the grid.
        // Every step is monotone in the mid.
        let bid = min(ticks.roundNearest(mid - half, tiesUp: false), ticks.roundDown(mid))
        var ask = max(ticks.roundNearest(mid + half, tiesUp: true), ticks.roundUp(mid))
        if ask <= bid { ask = ticks.roundUp(bid + 0.5 * minimumTick) }
        return (bid, ask)
    }

    /// Quotes the options `range` of one expiry (mids and |deltas| in `mids` and `deltas`)
    /// into `bids` and `asks`.
    func quote(mids: UnsafeBufferPointer<Double>, deltas: UnsafeBufferPointer<Double>, product: OptionProduct,
               date: TradingDate, vix: Double, timeToExpiry t: Double,
               bids: UnsafeMutableBufferPointer<Double>, asks: UnsafeMutableBufferPointer<Double>, range: Range<Int>) {
        let ticks = ticks(for: product)
        let base = product == .vix ? 0 : logSpread.expiryTerm(product: product, date: date, vix: vix, timeToExpiry: t)
        let vixScale = product == .vix ? vixScale(vix: vix, timeToExpiry: t) : 0
        for i in range {
            let mid = mids[i]
            let spread: Double
            if !(mid >= ticks.minimumTick) {
                spread = 0
            } else if product == .vix {
                spread = vixScale * (self.vix.intercept + self.vix.sqrtPriceCoefficient * mid.squareRoot())
            } else {
                spread = logSpread.spread(mid: mid, absoluteDelta: abs(deltas[i]), expiryTerm: base)
            }
            let (bid, ask) = Self.quote(mid: mid, spread: spread, ticks: ticks)
            bids[i] = bid
            asks[i] = ask
        }
    }
}
