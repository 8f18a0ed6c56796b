import Foundation

/// The day's real market figures a ``VolatilitySurface`` is anchored on.
///
/// Index levels in vol points as CBOE publishes them (VIX 12.82 means 12.82%); `rate` and
/// `dividendYield` continuously compounded per year (fractions); `spot` in the product's
/// points (SPX, or XSP = SPX / 10: the surface is a function of moneyness, so one surface
/// serves both).
public struct SurfaceAnchors: Sendable, Hashable {
    public var spot: Double
    public var rate: Double
    public var dividendYield: Double
    /// VIX: the 30-day variance-swap rate on the S&P 500.
    public var vix: Double
    /// VIX9D, the 9-day rate (published from 2011); nil when unknown.
    public var vix9d: Double?
    /// VIX3M, the 93-day rate (published from 2009-09-18); nil when unknown.
    public var vix3m: Double?
    /// The CBOE SKEW index; nil when unknown.
    public var skewIndex: Double?
    /// VVIX, the 30-day variance-swap rate on VIX; nil when unknown or unreliable.
    public var vvix: Double?
    /// The VIX futures curve, nearest first; empty when unknown.
    public var vixFutures: [VIXFuturePoint]

    public init(spot: Double, rate: Double, dividendYield: Double, vix: Double, vix9d: Double? = nil,
                vix3m: Double? = nil, skewIndex: Double? = nil, vvix: Double? = nil, vixFutures: [VIXFuturePoint] = []) {
        self.spot = spot
        self.rate = rate
        self.dividendYield = dividendYield
        self.vix = vix
        self.vix9d = vix9d
        self.vix3m = vix3m
        self.skewIndex = skewIndex
        self.vvix = vvix
        self.vixFutures = vixFutures
    }

    /// The anchors of a ``MarketDay`` for `product` (SPX or XSP; VIX options use the same
    /// anchors with the SPX spot), or nil when the day has no VIX close. A missing rate or
    /// dividend yield counts as 0. VVIX values before 2007 are dropped (PROVENANCE: 2006 holds
    /// implausible values), so the fallback applies.
    public init?(day: MarketDay, product: OptionProduct = .spx, calendar: TradingCalendar = .nyse) {
        guard let vix = day.vixClose else { return nil }
        let quoteMinute = calendar.closeMinute(on: day.date) ?? NYSERules.regularCloseMinute
        let futures = day.vixFutures.compactMap { future -> VIXFuturePoint? in
            guard let settle = future.settle, future.expiration >= day.date else { return nil }
            let years = TimeToExpiry.years(from: day.date, minute: quoteMinute, to: future.expiration, minute: NYSERules.openMinute)
            return VIXFuturePoint(timeToExpiry: max(years, 0), price: settle)
        }
        self.init(spot: day.spxClose * (product == .xsp ? 0.1 : 1), rate: day.riskFreeRate ?? 0,
                  dividendYield: day.dividendYield ?? 0, vix: vix, vix9d: day.vix9d, vix3m: day.vix3m,
                  skewIndex: day.skew, vvix: day.date.year >= 2007 ? day.vvix : nil, vixFutures: futures)
    }
}

/// One VIX future: years to its settlement and its price in VIX points.
public struct VIXFuturePoint: Sendable, Hashable {
    public var timeToExpiry: Double
    public var price: Double
    public init(timeToExpiry: Double, price: Double) {
        self.timeToExpiry = timeToExpiry
        self.price = price
    }
}

/// A parametric implied-volatility surface for S&P 500 options (SPX, XSP) by log-moneyness
/// and time to expiry, anchored on the day's CBOE volatility indices, plus a Black-76 smile
/// for VIX options.
///
/// ## Term structure (the anchors)
/// VIX9D, VIX and VIX3M are variance-swap rates for 9, 30 and 93 calendar days. Their total
/// variances W(T) = (index / 100)^2 T are interpolated linearly in T (flat forward variance
/// between anchors); beyond the first and last anchor the vol is held flat. A missing VIX9D
/// or VIX3M drops that anchor (before 2011 and before 2009-09-18). Should a published curve
/// imply negative forward variance, the later anchor's total variance is raised to the
/// earlier one's. This gives the day's variance-swap vol v(T).
///
/// ## Smile: SSVI
/// With F = S e^{(r-q)T}, k = ln(K/F) and theta(T) = A(T)^2 T the ATM total variance, the
/// total implied variance is Gatheral and Jacquier's "surface SVI"
///
///     w(k, T) = theta/2 * (1 + rho phi k + sqrt((phi k + rho)^2 + 1 - rho^2)),
///     phi(theta) = eta / (theta^gamma (1 + theta)^(1 - gamma)),     sigma = sqrt(w / T).
///
/// Why this form: it is the smallest smile that has a downside skew (rho < 0), upturned wings
/// and total variance growing linearly in |k| far out, as Lee's moment formula requires; with
/// 0 < gamma <= 1/2 and eta within ``SSVI/cappedEta(_:rho:gamma:)``'s bound it is free of
/// butterfly arbitrage for every expiry, and free of calendar arbitrage when theta grows with
/// T (Gatheral and Jacquier 2014, "Arbitrage-free SVI volatility surfaces", theorems 4.1 and
/// 4.2). A quadratic in
/// standardized moneyness fits the quoted range as well but its deep wings grow like k^2,
/// which gives negative butterflies far out of the money. Three numbers shape every expiry,
/// and the term structure of the skew comes out of phi(theta) instead of extra parameters.
/// On the put side (k < 0, rho < 0) w strictly falls with strike.
///
///     rho = clamp(rho_ref * (VIX / referenceVIX)^rhoRegimeExponent - rhoSkewTilt * max(SKEW - 130, 0) / 10)
///     eta = min(eta_ref * (VIX / referenceVIX)^etaRegimeExponent, eta_max(rho, gamma))
///
/// with eta_max the no-arbitrage bound of ``SSVI/cappedEta(_:rho:gamma:)`` (2.22 at VIX 20
/// with the default rho and gamma). The default eta lies above it at every VIX, so the smile's
/// curvature is the bound itself, where the fits on the real chains put it.
///
/// ## ATM level: why ATM sits below VIX
/// VIX is the 30-day variance-swap rate: the average of implied variance over strikes, which
/// the skew lifts above the ATM variance. With Z ~ N(0, 1) and k = sqrt(theta) Z - theta/2
/// the strike a one-standard-deviation move reaches, the variance swap is about
/// E[w(k)] / T (the Gatheral "variance swap from the smile" integral in the ATM-vol
/// variable). The model inverts this with the smile evaluated at theta0 = v(T)^2 T:
///
///     A(T) = m * v(T) * sqrt(theta0 / E[w(sqrt(theta0) Z - theta0/2; theta0)]),
///     m = atmAdjustment * (1 + atmSkewIndexSensitivity (SKEW - 130) / 100)
///
/// (the expectation by a 161-point rule on [-8, 8]). The multiplier m absorbs what this
/// first-order relation and a single three-number smile miss. The real chains put the 30-day
/// ATM at 0.78 x VIX on the calm 2023 days (SKEW 134-144) and 0.89 x VIX in March 2020
/// (SKEW 118), while the smile's convexity alone gives 0.93 and 0.87: the strip's
/// skewness, which the SKEW index measures, sets the gap, so m follows SKEW (see
/// ``SurfaceParameters/atmSkewIndexSensitivity``). m is the same for every expiry of a day.
///
/// ## Anchored surfaces
/// With a ``SurfaceAnchorFit`` (what ``ChainBuilder`` uses by default) m is solved per anchor
/// tenor and linear in T between them, and a far put tail (``SSVI/tail``) is added (or, on a
/// day whose SKEW is below the parametric smile's, eta lowered), so that CBOE's VIX and SKEW
/// methods run on the synthesized quotes give back the day's published VIX, VIX9D, VIX3M and
/// SKEW; the parametric m above is the fit's starting point.
///
/// ## VIX options
/// Black-76 on the VIX future F_V of the same expiry (``vixFuture(timeToExpiry:)``
/// interpolates the day's curve). ATM vol = vixOptionATMRatio * VVIX / 100 * (T / 30d)^vixOptionTermExponent,
/// with VVIX replaced by vvixFallbackIntercept + vvixFallbackSlope * VIX when unknown; the
/// smile is the same SSVI form in ln(K / F_V) with a positive rho (upward call skew).
public struct VolatilitySurface: Sendable {
    public let anchors: SurfaceAnchors
    public let parameters: SurfaceParameters
    /// The anchor tenors (years) and their total variances, after the monotonicity repair.
    public let anchorTenors: [Double]
    public let anchorTotalVariances: [Double]
    /// The day's smile shape (regime factors applied, inside the no-arbitrage bounds).
    let smile: SSVI
    /// The day's ATM multiplier m (see the ATM level section).
    public let atmMultiplier: Double

    /// 30 calendar days in years: the VIX tenor.
    public static let vixTenor = 30.0 / 365
    /// 9 calendar days: the VIX9D tenor.
    public static let vix9dTenor = 9.0 / 365
    /// 93 calendar days: the VIX3M tenor.
    public static let vix3mTenor = 93.0 / 365

    /// The ATM multiplier at each anchor tenor (``anchorTenors`` order) when the surface is
    /// anchored by a ``SurfaceAnchorFit``; nil for the parametric surface, whose multiplier
    /// is ``atmMultiplier`` at every tenor.
    public let anchorMultipliers: [Double]?

    /// The surface of `anchors`: the parametric one, or, with `fit`, the one whose ATM
    /// multiplier at each anchor tenor and whose rho were solved so that the CBOE methods
    /// reproduce the day's indices (see ``SurfaceAnchorFit``). Between anchor tenors the
    /// fitted multiplier is linear in T, flat outside them. A fit made for other anchor
    /// tenors (a different set of indices) is ignored.
    public init(anchors: SurfaceAnchors, parameters: SurfaceParameters = .default, fit: SurfaceAnchorFit?) {
        self.init(anchors: anchors, parameters: parameters)
        guard let fit, fit.atmMultipliers.count == anchorTenors.count else { return }
        self = VolatilitySurface(self, atmMultipliers: fit.atmMultipliers, rho: fit.rho, eta: fit.eta, tail: fit.tail)
    }

    /// `base` with per-tenor ATM multipliers, a smile of its own (eta within the bound of
    /// ``SSVI/cappedEta(_:rho:gamma:)``) and a put tail (``SSVI/tail``).
    init(_ base: VolatilitySurface, atmMultipliers: [Double], rho: Double, eta: Double, tail: Double) {
        anchors = base.anchors
        parameters = base.parameters
        anchorTenors = base.anchorTenors
        anchorTotalVariances = base.anchorTotalVariances
        let clamped = SSVI.clampedRho(rho)
        smile = SSVI(rho: clamped, eta: SSVI.cappedEta(eta, rho: clamped, gamma: base.smile.gamma), gamma: base.smile.gamma,
                     tail: tail)
        atmSkewIndexFactor = base.atmSkewIndexFactor
        atmMultiplier = base.atmMultiplier
        anchorMultipliers = atmMultipliers
    }

    public init(anchors: SurfaceAnchors, parameters: SurfaceParameters = .default) {
        self.anchorMultipliers = nil
        self.anchors = anchors
        self.parameters = parameters
        var tenors: [Double] = []
        var variances: [Double] = []
        let points: [(Double, Double?)] = [(Self.vix9dTenor, anchors.vix9d), (Self.vixTenor, anchors.vix), (Self.vix3mTenor, anchors.vix3m)]
        for (tenor, level) in points {
            guard let level, level > 0, level.isFinite else { continue }
            let variance = (level / 100) * (level / 100) * tenor
            tenors.append(tenor)
            // Total variance may not fall with maturity (that would be negative forward variance).
            variances.append(max(variance, variances.last ?? 0))
        }
        anchorTenors = tenors
        anchorTotalVariances = variances
        // The smile and the multiplier depend only on the day: computed once here, not per expiry.
        let ratio = anchors.vix / parameters.referenceVIX
        var atmSkewFactor = 1.0
        if let skew = anchors.skewIndex, parameters.atmSkewIndexSensitivity != 0 {
            atmSkewFactor = 1 + parameters.atmSkewIndexSensitivity * (skew - SurfaceParameters.referenceSKEW) / 100
        }
        let rho = SSVI.clampedRho(parameters.rho * Foundation.pow(ratio, parameters.rhoRegimeExponent)
            - Self.rhoSkewShift(anchors: anchors, parameters: parameters))
        let eta = SSVI.cappedEta(parameters.eta * Foundation.pow(ratio, parameters.etaRegimeExponent), rho: rho,
                                 gamma: parameters.gamma)
        smile = SSVI(rho: rho, eta: eta, gamma: parameters.gamma)
        atmSkewIndexFactor = atmSkewFactor
        atmMultiplier = parameters.atmAdjustment * atmSkewFactor
    }

    /// The SKEW-index factor on ``SurfaceParameters/atmAdjustment`` (1 when SKEW is unknown or
    /// the sensitivity is 0); ``atmMultiplier`` = atmAdjustment x this.
    public let atmSkewIndexFactor: Double

    // MARK: Term structure

    /// The variance-swap vol v(T) (per 1.00) for `t` years, interpolated between the anchors
    /// in total variance and flat in vol outside them.
    public func varianceSwapVolatility(timeToExpiry t: Double) -> Double {
        let tenors = anchorTenors, variances = anchorTotalVariances
        guard let first = tenors.first, let last = tenors.last else { return .nan }
        if t <= first { return (variances[0] / first).squareRoot() }
        if t >= last { return (variances[variances.count - 1] / last).squareRoot() }
        var j = 1
        while tenors[j] < t { j += 1 }
        let weight = (t - tenors[j - 1]) / (tenors[j] - tenors[j - 1])
        let total = variances[j - 1] + weight * (variances[j] - variances[j - 1])
        return (total / t).squareRoot()
    }

    /// The forward F = S e^{(r - q) T} for `t` years.
    public func forward(timeToExpiry t: Double) -> Double {
        anchors.spot * Foundation.exp((anchors.rate - anchors.dividendYield) * t)
    }

    /// VIX / referenceVIX, the regime ratio the smile parameters scale with.
    public var regimeRatio: Double { anchors.vix / parameters.referenceVIX }

    /// What the day's SKEW takes off rho: ``SurfaceParameters/rhoSkewTilt`` per 10 points
    /// above ``SurfaceParameters/referenceSKEW`` (0 at or below, or when SKEW is unknown).
    public var rhoSkewShift: Double { Self.rhoSkewShift(anchors: anchors, parameters: parameters) }

    static func rhoSkewShift(anchors: SurfaceAnchors, parameters: SurfaceParameters) -> Double {
        guard let skew = anchors.skewIndex else { return 0 }
        return parameters.rhoSkewTilt * max(skew - SurfaceParameters.referenceSKEW, 0) / 10
    }

    /// The day's rho, regime factor and SKEW tilt included, inside (-0.999, 0.999).
    public var effectiveRho: Double { smile.rho }

    /// The day's eta, regime factor included, capped at the no-arbitrage bound
    /// (``SSVI/cappedEta(_:rho:gamma:)``).
    public var effectiveEta: Double { smile.eta }

    /// The ATM-forward implied vol A(T) (per 1.00): v(T) corrected for the smile's convexity.
    public func atmVolatility(timeToExpiry t: Double) -> Double {
        let v = varianceSwapVolatility(timeToExpiry: t)
        return atmMultiplier(timeToExpiry: t) * v * smile.convexityFactor(baseTotalVariance: v * v * t)
    }

    /// The ATM multiplier at `t` years: ``atmMultiplier``, or the fitted ones interpolated.
    public func atmMultiplier(timeToExpiry t: Double) -> Double {
        guard let m = anchorMultipliers, let first = m.first, let last = m.last else { return atmMultiplier }
        let tenors = anchorTenors
        if t <= tenors[0] { return first }
        if t >= tenors[tenors.count - 1] { return last }
        var j = 1
        while tenors[j] < t { j += 1 }
        return m[j - 1] + (t - tenors[j - 1]) / (tenors[j] - tenors[j - 1]) * (m[j] - m[j - 1])
    }

    /// The ATM total variance theta(T) = A(T)^2 T.
    public func atmTotalVariance(timeToExpiry t: Double) -> Double {
        let a = atmVolatility(timeToExpiry: t)
        return a * a * t
    }

    /// The implied vol's skew at the money, d sigma / d k at k = 0 (per 1.00 of vol per unit of log-moneyness).
    public func atmSkew(timeToExpiry t: Double) -> Double {
        let theta = atmTotalVariance(timeToExpiry: t)
        // dw/dk at 0 is rho phi theta; sigma = sqrt(w / T).
        return smile.rho * smile.phi(theta) * theta / (2 * (theta * t).squareRoot())
    }

    // MARK: Smile

    /// The implied vol (per 1.00) at log-moneyness `k = ln(K/F)` and `t` years.
    public func volatility(logMoneyness k: Double, timeToExpiry t: Double) -> Double {
        let theta = atmTotalVariance(timeToExpiry: t)
        return (smile.totalVariance(k, theta: theta) / t).squareRoot()
    }

    /// The implied vol (per 1.00) of strike `strike` (the product's points) at `t` years.
    public func volatility(strike: Double, timeToExpiry t: Double) -> Double {
        volatility(logMoneyness: Foundation.log(strike / forward(timeToExpiry: t)), timeToExpiry: t)
    }

    /// Implied vols of many strikes of one expiry.
    public func volatilities(strikes: [Double], timeToExpiry t: Double) -> [Double] {
        let slice = slice(timeToExpiry: t)
        return strikes.map { slice.volatility(strike: $0) }
    }

    /// One expiry with everything that depends only on T (forward, ATM total variance, the
    /// convexity correction) computed once, for pricing many strikes of a chain. Costs a
    /// fraction of a microsecond: the day's smile is stored on the surface, and the convexity
    /// rule evaluates phi once and reads its Gaussian weights from a table.
    public func slice(timeToExpiry t: Double) -> VolatilitySlice {
        VolatilitySlice(timeToExpiry: t, forward: forward(timeToExpiry: t),
                        atmTotalVariance: atmTotalVariance(timeToExpiry: t), shape: smile)
    }

    // MARK: VIX options

    /// The VVIX level used (vol points): the anchor, or the regression fallback on VIX.
    public var volOfVolIndex: Double {
        if let vvix = anchors.vvix, vvix > 0, vvix.isFinite { return vvix }
        return parameters.vvixFallbackIntercept + parameters.vvixFallbackSlope * anchors.vix
    }

    /// The VIX future for `t` years: the curve linearly interpolated in T, flat outside it;
    /// spot VIX when the curve is empty.
    public func vixFuture(timeToExpiry t: Double) -> Double {
        let curve = anchors.vixFutures.sorted { $0.timeToExpiry < $1.timeToExpiry }
        guard let first = curve.first, let last = curve.last else { return anchors.vix }
        if t <= first.timeToExpiry { return first.price }
        if t >= last.timeToExpiry { return last.price }
        let j = curve.firstIndex { $0.timeToExpiry >= t }!
        let a = curve[j - 1], b = curve[j]
        return a.price + (t - a.timeToExpiry) / (b.timeToExpiry - a.timeToExpiry) * (b.price - a.price)
    }

    /// The ATM vol (per 1.00) of a VIX option expiring in `t` years (a day at least).
    public func vixOptionATMVolatility(timeToExpiry t: Double) -> Double {
        Self.vixOptionATMVolatility(timeToExpiry: t, volOfVolIndex: volOfVolIndex, parameters: parameters)
    }

    /// The Black-76 vol (per 1.00) of a VIX option of strike `strike` (VIX points) on a future
    /// at `future`, expiring in `t` years. Price it with spot = future and dividend yield = rate.
    public func vixOptionVolatility(strike: Double, future: Double, timeToExpiry t: Double) -> Double {
        vixOptionSlice(future: future, timeToExpiry: t).volatility(strike: strike)
    }

    /// The VIX options of one expiry (future `future`, `t` years) as a slice: its ATM total
    /// variance and smile are fixed once, so a chain's strikes each cost a log and a root.
    public func vixOptionSlice(future: Double, timeToExpiry t: Double) -> VolatilitySlice {
        Self.vixOptionSlice(future: future, timeToExpiry: t, volOfVolIndex: volOfVolIndex, parameters: parameters)
    }

    /// The VIX-option ATM vol for a day whose VVIX (or its fallback) is `volOfVolIndex` (vol
    /// points): the formula of the instance method, for calibration without a whole surface.
    public static func vixOptionATMVolatility(timeToExpiry t: Double, volOfVolIndex: Double,
                                              parameters: SurfaceParameters) -> Double {
        parameters.vixOptionATMRatio * volOfVolIndex / 100
            * Foundation.pow(max(t, 1.0 / 365) / vixTenor, parameters.vixOptionTermExponent)
    }

    /// The VIX-option Black-76 vol for a day whose VVIX is `volOfVolIndex`: the formula of the
    /// instance method, for calibration without a whole surface.
    public static func vixOptionVolatility(strike: Double, future: Double, timeToExpiry t: Double, volOfVolIndex: Double,
                                           parameters: SurfaceParameters) -> Double {
        vixOptionSlice(future: future, timeToExpiry: t, volOfVolIndex: volOfVolIndex, parameters: parameters)
            .volatility(strike: strike)
    }

    /// The VIX-option slice for a day whose VVIX is `volOfVolIndex`: the formula of the instance
    /// method, for calibration without a whole surface.
    public static func vixOptionSlice(future: Double, timeToExpiry t: Double, volOfVolIndex: Double,
                                      parameters: SurfaceParameters) -> VolatilitySlice {
        let atm = vixOptionATMVolatility(timeToExpiry: t, volOfVolIndex: volOfVolIndex, parameters: parameters)
        let rho = SSVI.clampedRho(parameters.vixOptionRho)
        let shape = SSVI(rho: rho, eta: SSVI.cappedEta(parameters.vixOptionEta, rho: rho, gamma: parameters.vixOptionGamma),
                         gamma: parameters.vixOptionGamma)
        return VolatilitySlice(timeToExpiry: t, forward: future, atmTotalVariance: atm * atm * t, shape: shape)
    }
}

/// One expiry of a ``VolatilitySurface``; gives exactly
/// ``VolatilitySurface/volatility(strike:timeToExpiry:)`` at its expiry.
public struct VolatilitySlice: Sendable {
    public let timeToExpiry: Double
    public let forward: Double
    /// theta = A(T)^2 T.
    public let atmTotalVariance: Double
    let shape: SSVI

    /// The implied vol (per 1.00) at log-moneyness `k = ln(K/F)`.
    @inline(__always)
    public func volatility(logMoneyness k: Double) -> Double {
        (shape.totalVariance(k, theta: atmTotalVariance) / timeToExpiry).squareRoot()
    }

    /// The implied vol (per 1.00) of `strike`.
    @inline(__always)
    public func volatility(strike: Double) -> Double {
        volatility(logMoneyness: Foundation.log(strike / forward))
    }
}

/// One SSVI smile shape: rho, eta and gamma (see ``VolatilitySurface``), and the far put
/// tail of an anchored surface.
///
/// ## The put tail
/// Real S&P 500 chains quote puts far beyond where a three-number smile leaves any value
/// (on 2023-09-14, 30-day puts 47% out of the money at 0.05 bid, 0.15 ask), and CBOE's VIX
/// and SKEW include them: much of SKEW and a part of VIX come from that tail. A smile that
/// reproduces them by its own rho and eta lifts every out-of-the-money put (by 2-3 vol points
/// at 0.05-0.20 delta on the calm 2023 days). The tail adds variance only beyond
/// z = k / sqrt(theta) = ``tailStart`` (about the 0.03-delta put):
///
///     w += tail * theta * (sqrt(1 + (z0 - z)^2) - 1)  for z < z0,
///
/// zero with its slope at z0, linear in k far out (slope tail sqrt(theta), inside Lee's
/// bound for the tails the fit allows), convex, so the density stays non-negative.
struct SSVI: Sendable, Hashable {
    var rho: Double
    var eta: Double
    var gamma: Double
    /// The put tail's weight lambda (0: plain SSVI).
    var tail: Double

    /// Where the put tail starts, in ATM standard deviations of log-moneyness. -1.9, chosen with
    /// ``SurfaceParameters/rhoSkewTilt`` (see there); it was -2. Nearer the money the tail bends
    /// under the core butterfly's lower wing: from -1.5 the real chains' butterflies read 0.84 of
    /// the synthesized in the median (SPX) and 0.85 (SPY).
    static let tailStart = -1.9

    init(rho: Double, eta: Double, gamma: Double, tail: Double = 0) {
        self.rho = rho
        self.eta = eta
        self.gamma = min(max(gamma, 0.01), 0.5)
        self.tail = max(tail, 0)
    }

    /// The put tail's total variance at log-moneyness `k` (0 when there is no tail).
    @inline(__always)
    func tailVariance(_ k: Double, theta: Double) -> Double {
        guard tail > 0 else { return 0 }
        let x = Self.tailStart - k / theta.squareRoot()
        guard x > 0 else { return 0 }
        return tail * theta * ((1 + x * x).squareRoot() - 1)
    }

    static func clampedRho(_ rho: Double) -> Double { min(max(rho, -0.999), 0.999) }

    /// `eta` within [0, eta_max]: the largest eta for which the power-law SSVI with this rho and
    /// gamma is free of butterfly arbitrage at every theta > 0.
    ///
    /// Gatheral and Jacquier's theorem 4.2 asks, for every theta, theta phi (1 + |rho|) < 4 and
    /// theta phi^2 (1 + |rho|) <= 4. With the power law, theta phi = eta (theta / (1 + theta))^(1 - gamma)
    /// stays under eta, and theta phi^2 = eta^2 theta^(1 - 2 gamma) / (1 + theta)^(2 - 2 gamma) is
    /// largest at theta = 1 - 2 gamma, where it is eta^2 M with
    /// M = (1 - 2 gamma)^(1 - 2 gamma) / (2 - 2 gamma)^(2 - 2 gamma) (1 at gamma = 1/2). Hence
    ///
    ///     eta_max = min(2 / sqrt((1 + |rho|) M), 4 / (1 + |rho|)).
    ///
    /// Their remark 4.4, eta (1 + |rho|) <= 2, implies both conditions but is stricter: 1.30
    /// against 2.22 at rho = -0.544, gamma = 0.37. The whole-smile fits on the real SPX chains
    /// sat on that stricter cap on every day; on this one or within 3% of it, 26 of 45 days.
    static func cappedEta(_ eta: Double, rho: Double, gamma: Double) -> Double {
        let g = min(max(gamma, 0.01), 0.5)
        let m = Foundation.pow(1 - 2 * g, 1 - 2 * g) / Foundation.pow(2 - 2 * g, 2 - 2 * g)
        let wings = 1 + abs(rho)
        return min(max(eta, 0), 2 / (wings * m).squareRoot(), 4 / wings)
    }

    /// phi(theta) = eta / (theta^gamma (1 + theta)^(1 - gamma)).
    @inline(__always)
    func phi(_ theta: Double) -> Double {
        eta / (Foundation.pow(theta, gamma) * Foundation.pow(1 + theta, 1 - gamma))
    }

    /// Total implied variance at log-moneyness `k` for ATM total variance `theta`.
    @inline(__always)
    func totalVariance(_ k: Double, theta: Double) -> Double {
        totalVariance(k, theta: theta, phi: phi(theta))
    }

    /// ``totalVariance(_:theta:)`` with phi(theta) given: a slice that prices many strikes
    /// evaluates phi once (two `pow` calls) and passes it here for each.
    @inline(__always)
    func totalVariance(_ k: Double, theta: Double, phi p: Double) -> Double {
        let x = p * k + rho
        return 0.5 * theta * (1 + rho * p * k + (x * x + 1 - rho * rho).squareRoot()) + tailVariance(k, theta: theta)
    }

    /// sqrt(theta0 / E[w(sqrt(theta0) Z - theta0 / 2; theta0)]) for Z ~ N(0, 1): the ratio
    /// of the ATM vol to the variance-swap vol. The expectation is a trapezoid rule on
    /// [-8, 8] with step 0.1, exact to rounding for this smooth, fast-decaying integrand.
    ///
    /// theta0 is fixed for the whole sum, so phi(theta0) (two `pow` calls) is evaluated once,
    /// and the nodes and weights exp(-z^2 / 2) come from ``ConvexityRule``; w's common factor
    /// theta0 / 2 is applied after the sum. Equal to the term-by-term rule to rounding.
    func convexityFactor(baseTotalVariance theta0: Double) -> Double {
        guard theta0 > 0 else { return 1 }
        let root = theta0.squareRoot()
        let p = phi(theta0)
        let a = p * root, b = rho - 0.5 * p * theta0
        let complement = 1 - rho * rho
        // w / (theta0 / 2) = 1 + rho x + sqrt((x + rho)^2 + 1 - rho^2) with x = p k and
        // k = root z - theta0 / 2, so x + rho = a z + b is linear in the node. Four lanes at
        // a time: the square roots dominate the cost and vectorize.
        var lanes = SIMD4<Double>(repeating: 0)
        ConvexityRule.nodes.withUnsafeBufferPointer { nodes in
            ConvexityRule.weights.withUnsafeBufferPointer { weights in
                for n in 0..<nodes.count {
                    let y = a * nodes[n] + b
                    lanes += weights[n] * (1 + rho * (y - rho) + (y * y + complement).squareRoot())
                }
            }
        }
        let sum = lanes.sum()
        let mean = 0.5 * theta0 * sum * ConvexityRule.step / (2 * Double.pi).squareRoot()
        return (theta0 / mean).squareRoot()
    }
}

/// The trapezoid rule of ``SSVI/convexityFactor(baseTotalVariance:)``: nodes z = -8, -7.9,
/// ..., 8 and their weights exp(-z^2 / 2), computed once per process, packed four to a
/// vector; the 161 nodes are padded to 164 with weight 0.
enum ConvexityRule {
    static let step = 0.1
    static let nodes: [SIMD4<Double>] = packed((-80...80).map { Double($0) * step })
    static let weights: [SIMD4<Double>] = packed((-80...80).map { n -> Double in
        let z = Double(n) * step
        return Foundation.exp(-0.5 * z * z)
    })

    private static func packed(_ values: [Double]) -> [SIMD4<Double>] {
        let padded = values + [Double](repeating: 0, count: (4 - values.count % 4) % 4)
        return stride(from: 0, to: padded.count, by: 4).map { SIMD4(padded[$0], padded[$0 + 1], padded[$0 + 2], padded[$0 + 3]) }
    }
}
