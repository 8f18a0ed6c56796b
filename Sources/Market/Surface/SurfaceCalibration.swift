import Foundation
import Pricing

/// A parameter of ``SurfaceParameters`` that ``SurfaceCalibration`` fits to one day's chain.
///
/// One snapshot has one VIX level, so the regime exponents cannot be fitted from it: the fit
/// finds the day's effective rho and eta and converts them back to ``SurfaceParameters/rho``
/// and ``SurfaceParameters/eta`` through the regime factors of the starting parameters; in
/// the same way it finds the day's ATM multiplier and converts it back to
/// ``SurfaceParameters/atmAdjustment`` through the SKEW factor.
public enum CalibratedParameter: String, Sendable, Hashable, CaseIterable {
    case atmAdjustment
    case rho
    case eta
    case gamma
}

/// How each implied vol's residual is weighted in the fit.
public enum CalibrationWeighting: String, Sendable, Hashable, CaseIterable {
    /// 1 / (half the bid-ask spread in vol terms, floored at 0.25 vol points): residuals are
    /// measured in units of the quote's own uncertainty.
    case inverseSpread
    /// Black-Scholes vega per unit of forward and sqrt(T), i.e. the normal density at d1: a
    /// residual counts by the price error it causes.
    case vega
    /// Every quote counts the same.
    case uniform
}

/// Which quotes enter a fit, and how.
public struct CalibrationOptions: Sendable, Hashable {
    /// Quotes expiring sooner than this many calendar days (time to settlement x 365) are
    /// skipped. Default 2.
    public var minimumDays: Double
    /// Quotes expiring later than this are skipped. Default 190 (the strategy trades to 60
    /// days and the anchors end at 93).
    public var maximumDays: Double
    /// Quotes whose |delta| at their own implied vol is below this are "very far out of the
    /// money" and skipped. Default 0.02.
    public var minimumAbsDelta: Double
    /// Quotes whose spread exceeds this fraction of their mid are skipped. Default 1.
    public var maximumRelativeSpread: Double
    /// Use only out-of-the-money quotes (puts below the forward, calls at or above it): the
    /// in-the-money side repeats their information through parity with wider spreads. Default true.
    public var outOfTheMoneyOnly: Bool
    public var weighting: CalibrationWeighting
    /// Imply each expiry's forward from put-call parity near the money, instead of the day's
    /// rate and dividend yield. Default true: a dividend-yield series lagging by months
    /// shifts every call and put vol apart.
    public var impliedForward: Bool
    /// The parameters to fit; the others keep their starting values. Gamma (the smile's term
    /// structure) is held fixed automatically when the quotes span fewer than three expiries.
    public var freeParameters: [CalibratedParameter]
    /// Gauss-Newton iterations at most. Default 100.
    public var maximumIterations: Int

    public init(minimumDays: Double = 2, maximumDays: Double = 190, minimumAbsDelta: Double = 0.02,
                maximumRelativeSpread: Double = 1, outOfTheMoneyOnly: Bool = true,
                weighting: CalibrationWeighting = .inverseSpread, impliedForward: Bool = true,
                freeParameters: [CalibratedParameter] = CalibratedParameter.allCases, maximumIterations: Int = 100) {
        self.minimumDays = minimumDays
        self.maximumDays = maximumDays
        self.minimumAbsDelta = minimumAbsDelta
        self.maximumRelativeSpread = maximumRelativeSpread
        self.outOfTheMoneyOnly = outOfTheMoneyOnly
        self.weighting = weighting
        self.impliedForward = impliedForward
        self.freeParameters = freeParameters
        self.maximumIterations = maximumIterations
    }
}

/// One market implied vol the surface is fitted to.
public struct VolatilityObservation: Sendable, Hashable {
    public var expiration: TradingDate
    public var style: SettlementStyle
    public var type: OptionType
    public var strike: Double
    /// Years to settlement.
    public var timeToExpiry: Double
    /// The forward the vol was implied with.
    public var forward: Double
    /// Implied vol of the mid price, per 1.00.
    public var volatility: Double
    /// Weight of the residual (see ``CalibrationWeighting``).
    public var weight: Double

    public init(expiration: TradingDate, style: SettlementStyle, type: OptionType, strike: Double,
                timeToExpiry: Double, forward: Double, volatility: Double, weight: Double = 1) {
        self.expiration = expiration
        self.style = style
        self.type = type
        self.strike = strike
        self.timeToExpiry = timeToExpiry
        self.forward = forward
        self.volatility = volatility
        self.weight = weight
    }

    /// ln(K / F).
    public var logMoneyness: Double { Foundation.log(strike / forward) }
}

/// How many quotes of a snapshot each filter removed, in the order the filters apply.
public struct CalibrationSkips: Sendable, Hashable {
    /// Zero bid or zero ask.
    public var oneSided = 0
    public var crossedOrLocked = 0
    public var tooShort = 0
    public var tooLong = 0
    /// In the money (the other side of the same strike is used).
    public var inTheMoney = 0
    public var wideSpread = 0
    /// The mid has no implied vol (below intrinsic or above the maximum).
    public var noImpliedVolatility = 0
    public var farOutOfTheMoney = 0

    public var total: Int {
        oneSided + crossedOrLocked + tooShort + tooLong + inTheMoney + wideSpread + noImpliedVolatility + farOutOfTheMoney
    }
}

/// The fit of one expiry slice.
public struct ExpiryResidual: Sendable, Hashable {
    public var expiration: TradingDate
    public var style: SettlementStyle
    public var timeToExpiry: Double
    public var quotes: Int
    public var forward: Double
    /// The carry the forward implies: q = r - ln(F/S) / T.
    public var impliedDividendYield: Double
    /// The slice's own ATM vol: the constant of a weighted quadratic fit of its quotes in
    /// z = ln(K/F) / (v(T) sqrt(T)), independent of the model (NaN with fewer than 5 quotes).
    public var marketATM: Double
    public var modelATM: Double
    /// Mean of model - market, vol points.
    public var meanResidual: Double
    /// Root mean square of model - market, vol points.
    public var rmse: Double
    public var maxAbsResidual: Double
}

/// The result of a calibration.
public struct SurfaceFit: Sendable {
    public var product: ChainProduct?
    public var quoteDate: TradingDate?
    public var anchors: SurfaceAnchors
    /// Fitted parameters: the surface of `anchors` with them reproduces the fit.
    public var parameters: SurfaceParameters
    public var startingParameters: SurfaceParameters
    /// The parameters that were free.
    public var fitted: [CalibratedParameter]
    /// The day's rho and eta (regime factors included).
    public var effectiveRho: Double
    public var effectiveEta: Double
    /// Unweighted root-mean-square residual, vol points.
    public var rmse: Double
    /// Weighted root-mean-square residual (weights normalized to mean 1), vol points.
    public var weightedRMSE: Double
    public var maxAbsResidual: Double
    public var quotesUsed: Int
    public var skipped: CalibrationSkips
    public var expiries: [ExpiryResidual]
    public var iterations: Int
    /// Whether the Gauss-Newton steps became negligible before the iteration limit.
    public var converged: Bool
    /// The observations fitted and the model's vols for them, in the same order.
    public var observations: [VolatilityObservation]
    public var modelVolatilities: [Double]

    public var surface: VolatilitySurface { VolatilitySurface(anchors: anchors, parameters: parameters) }
}

/// A calibration could not run.
public enum SurfaceCalibrationError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooFewQuotes(used: Int, needed: Int)
    case leastSquares(LeastSquares.Failure)

    public var description: String {
        switch self {
        case let .tooFewQuotes(used, needed): "surface calibration needs at least \(needed) usable quotes, found \(used)"
        case let .leastSquares(failure): "surface calibration: \(failure)"
        }
    }
}

/// Fits ``SurfaceParameters`` to a real chain by weighted nonlinear least squares on implied
/// vols, solved by Gauss-Newton whose every step is a linear least-squares problem
/// (LAPACKE_dgels through ``LeastSquares``).
///
/// The pipeline: (1) select two-sided out-of-the-money quotes between 2 and 190 days whose
/// spread is at most their mid; (2) imply each expiry's forward from put-call parity at the
/// five strikes where call and put mids are closest; (3) solve the mids' implied vols with
/// ``ImpliedVolatility/solve(_:)`` (rate r, carry from the forward); (4) drop quotes under
/// 2 delta; (5) minimize sum w_i^2 (sigma_model_i - sigma_market_i)^2 over the free
/// parameters, with the analytic Jacobian, halving a step that does not lower the cost.
///
/// Results on the real snapshots (defaults of ``CalibrationOptions``; rho and eta are the
/// day's effective values; atmAdj. is ``SurfaceParameters/atmAdjustment`` at SKEW 130 with the
/// day's multiplier m in brackets; "mkt 30d" is the chain's own 30-day ATM vol,
/// ``marketATMRatio(_:surface:)`` x v(30 days), and "dflt 30d" the default surface's):
///
/// | snapshot       | VIX   | SKEW   | used / skipped | atmAdj. (m)   | rho    | eta   | gamma | 30d ATM | mkt 30d | dflt 30d | RMSE vol pts |
/// |----------------|-------|--------|----------------|---------------|--------|-------|-------|---------|---------|----------|--------------|
/// | SPX 2023-09-14 | 12.82 | 144.32 | 4960 / 14960   | 0.965 (0.868) | -0.505 | 2.113 | 0.406 | 10.12   | 10.06   | 9.97     | 0.84         |
/// | XSP 2023-09-14 | 12.82 | 144.32 | 2286 / 8596    | 0.973 (0.876) | -0.514 | 2.114 | 0.404 | 10.23   | 10.07   | 9.97     | 0.91         |
/// | SPX 2023-12-08 | 12.35 | 134.10 | 1155 / 5075    | 0.908 (0.882) | -0.229 | 2.412 | 0.388 | 9.87    | 10.07   | 10.38    | 0.95         |
/// | SPX 2020-03-20 | 66.04 | 118.12 | 5534 / 13466   | 0.815 (0.883) | -0.791 | 2.234 | 0.182 | 55.01   | 58.79   | 58.16    | 6.41         |
///
/// eta sits on (2023-09-14) or near its no-arbitrage bound (``SSVI/cappedEta(_:rho:gamma:)``);
/// under the stricter cap eta (1 + |rho|) <= 2 used before, the same fits gave RMSE 0.99,
/// 1.08, 0.95 and 7.82, every eta on that cap. The fit starts eta at most 0.9 of its bound
/// (``startingShareOfEtaBound``).
///
/// The whole-smile fits find nearly the same day multiplier everywhere (0.87-0.88) and so put
/// the crisis day's 30-day ATM four points under the chain's own: there the least squares
/// trade the ATM level for the steep short-dated wings. The defaults' ATM level is therefore
/// set on the chains' 30-day ATM vols directly (see ``SurfaceParameters/atmAdjustment``).
///
/// On the calm days the residual table shows the known limits of a calendar-time model with
/// one shape for all expiries: expiries spanning a weekend (4-5 days) sit 2 vol points under
/// the model, and beyond 4 months the model's ATM falls up to 1.5 points under the market.
/// The crisis day, with VIX9D 83 over VIX 66 and a 2-day put wing far steeper than the
/// 6-month one, is beyond a three-number smile (RMSE 6.4, 4.5 weighted; its fit runs gamma
/// down to 0.18).
public enum SurfaceCalibration {
    /// Fits the surface to `snapshot`, anchored on `anchors` (whose spot should be the
    /// snapshot's underlying; it is replaced by ``ChainSnapshot/underlyingLast``).
    public static func fit(_ snapshot: ChainSnapshot, anchors: SurfaceAnchors, starting: SurfaceParameters = .default,
                           options: CalibrationOptions = CalibrationOptions(),
                           calendar: TradingCalendar = .nyse) throws(SurfaceCalibrationError) -> SurfaceFit {
        var anchors = anchors
        anchors.spot = snapshot.underlyingLast
        let (observations, skipped) = self.observations(from: snapshot, anchors: anchors, options: options, calendar: calendar)
        var fit = try self.fit(observations: observations, anchors: anchors, starting: starting, options: options)
        fit.product = snapshot.product
        fit.quoteDate = snapshot.quoteDate
        fit.skipped = skipped
        return fit
    }

    // MARK: Observations

    /// The implied vols of `snapshot`'s usable quotes, and the counts of the others by reason.
    public static func observations(from snapshot: ChainSnapshot, anchors: SurfaceAnchors,
                                    options: CalibrationOptions = CalibrationOptions(),
                                    calendar: TradingCalendar = .nyse) -> (observations: [VolatilityObservation], skipped: CalibrationSkips) {
        var skipped = CalibrationSkips()
        let spot = snapshot.underlyingLast
        let r = anchors.rate
        // Group by settlement moment: an AM monthly and a PM weekly of the same date are two slices.
        struct SliceKey: Hashable { var expiration: TradingDate; var style: SettlementStyle }
        var slices: [SliceKey: [Int]] = [:]
        var years = [Double](repeating: 0, count: snapshot.count)
        for i in 0..<snapshot.count {
            let flags = snapshot.flags[i]
            if flags.contains(.zeroBid) || flags.contains(.zeroAsk) { skipped.oneSided += 1; continue }
            if flags.contains(.crossed) || flags.contains(.locked) { skipped.crossedOrLocked += 1; continue }
            years[i] = snapshot.yearsToSettlement(at: i, calendar: calendar)
            let days = years[i] * 365
            if days < options.minimumDays { skipped.tooShort += 1; continue }
            if days > options.maximumDays { skipped.tooLong += 1; continue }
            slices[SliceKey(expiration: snapshot.expirations[i], style: snapshot.settlementStyles[i]), default: []].append(i)
        }

        var quotes = QuoteBatch()
        var candidates: [(index: Int, forward: Double)] = []
        for key in slices.keys.sorted(by: { ($0.expiration, $0.style == .am ? 0 : 1) < ($1.expiration, $1.style == .am ? 0 : 1) }) {
            let members = slices[key]!
            let t = years[members[0]]
            let forward = options.impliedForward
                ? impliedForward(snapshot, members, timeToExpiry: t, rate: r) ?? spot * Foundation.exp((r - anchors.dividendYield) * t)
                : spot * Foundation.exp((r - anchors.dividendYield) * t)
            let carry = r - Foundation.log(forward / spot) / t
            for i in members {
                let k = snapshot.strikes[i]
                if options.outOfTheMoneyOnly, (snapshot.types[i] == .put) != (k < forward) { skipped.inTheMoney += 1; continue }
                let mid = snapshot.mid(at: i)
                if snapshot.asks[i] - snapshot.bids[i] > options.maximumRelativeSpread * mid { skipped.wideSpread += 1; continue }
                quotes.append(snapshot.types[i], spot: spot, strike: k, timeToExpiry: t, rate: r, dividendYield: carry, price: mid)
                candidates.append((i, forward))
            }
        }

        let (vols, status) = ImpliedVolatility.solve(quotes)
        var observations: [VolatilityObservation] = []
        for (n, candidate) in candidates.enumerated() {
            guard status[n] == .ok else { skipped.noImpliedVolatility += 1; continue }
            let i = candidate.index
            let t = quotes.timeToExpiry[n], sigma = vols[n], forward = candidate.forward
            let sqrtT = t.squareRoot()
            let d1 = (Foundation.log(forward / quotes.strike[n]) + 0.5 * sigma * sigma * t) / (sigma * sqrtT)
            // |delta| per unit of discounted forward: N(d1) for calls, N(-d1) for puts.
            let delta = snapshot.types[i] == .call ? BlackScholes.normalCDF(d1) : BlackScholes.normalCDF(-d1)
            if delta < options.minimumAbsDelta { skipped.farOutOfTheMoney += 1; continue }
            let density = Foundation.exp(-0.5 * d1 * d1) / (2 * Double.pi).squareRoot()
            let weight: Double
            switch options.weighting {
            case .uniform: weight = 1
            case .vega: weight = density
            case .inverseSpread:
                // vega = F e^{-rT} phi(d1) sqrt(T); the half-spread divided by it is the quote's vol uncertainty.
                let vega = forward * Foundation.exp(-quotes.rate[n] * t) * density * sqrtT
                let halfSpreadVol = 0.5 * (snapshot.asks[i] - snapshot.bids[i]) / vega
                weight = 1 / max(halfSpreadVol, 0.0025)
            }
            observations.append(VolatilityObservation(
                expiration: snapshot.expirations[i], style: snapshot.settlementStyles[i], type: snapshot.types[i],
                strike: quotes.strike[n], timeToExpiry: t, forward: forward, volatility: sigma, weight: weight))
        }
        return (observations, skipped)
    }

    /// The forward of one slice by put-call parity, F = K + e^{rT} (C - P), as the median over
    /// the (up to) five strikes where the call and put mids are closest; nil without any
    /// strike quoted two-sided on both sides.
    static func impliedForward(_ snapshot: ChainSnapshot, _ members: [Int], timeToExpiry t: Double, rate r: Double) -> Double? {
        var calls: [Double: Double] = [:], puts: [Double: Double] = [:]
        for i in members {
            if snapshot.types[i] == .call { calls[snapshot.strikes[i]] = snapshot.mid(at: i) } else { puts[snapshot.strikes[i]] = snapshot.mid(at: i) }
        }
        let pairs = calls.compactMap { strike, call in puts[strike].map { (strike: strike, difference: call - $0) } }
            .sorted { abs($0.difference) < abs($1.difference) }
            .prefix(5)
        guard !pairs.isEmpty else { return nil }
        let growth = Foundation.exp(r * t)
        let forwards = pairs.map { $0.strike + growth * $0.difference }.sorted()
        let middle = forwards.count / 2
        return forwards.count % 2 == 1 ? forwards[middle] : 0.5 * (forwards[middle - 1] + forwards[middle])
    }

    // MARK: Fit

    /// Where eta starts, at most, as a share of its no-arbitrage bound.
    static let startingShareOfEtaBound = 0.9

    /// Fits the free parameters to `observations` (vols per 1.00 with weights), starting from
    /// `starting`. Deterministic: the same inputs give the same parameters to the last bit.
    public static func fit(observations: [VolatilityObservation], anchors: SurfaceAnchors,
                           starting: SurfaceParameters = .default,
                           options: CalibrationOptions = CalibrationOptions()) throws(SurfaceCalibrationError) -> SurfaceFit {
        let start = VolatilitySurface(anchors: anchors, parameters: starting)
        var free = CalibratedParameter.allCases.filter(options.freeParameters.contains)
        let slices = Set(observations.map { $0.timeToExpiry })
        if slices.count < 3 { free.removeAll { $0 == .gamma } }
        let needed = max(free.count + 1, 6)
        guard observations.count >= needed else { throw .tooFewQuotes(used: observations.count, needed: needed) }

        let model = SmileModel(surface: start, observations: observations)
        // eta starts a tenth inside its no-arbitrage bound: on the bound the clamp blocks the
        // Gauss-Newton direction, and the defaults put it there.
        let etaBound = SSVI.cappedEta(.infinity, rho: start.effectiveRho, gamma: start.smile.gamma)
        var theta = SmileModel.Values(atmAdjustment: start.atmMultiplier, rho: start.effectiveRho,
                                      eta: min(start.effectiveEta, startingShareOfEtaBound * etaBound),
                                      gamma: start.smile.gamma)
        var cost = model.cost(theta)
        var iterations = 0
        var converged = free.isEmpty
        while !converged, iterations < options.maximumIterations {
            iterations += 1
            let (jacobian, residuals) = model.weightedJacobian(theta, free: free)
            let step: [Double]
            do {
                step = try LeastSquares.solve(rows: observations.count + free.count, columns: free.count,
                                              columnMajor: jacobian, rhs: residuals.map { -$0 }).x
            } catch {
                throw .leastSquares(error)
            }
            var scale = 1.0
            var accepted = false
            for _ in 0..<40 {
                let trial = theta.moved(by: step, scale: scale, free: free)
                let trialCost = model.cost(trial)
                if trialCost.isFinite, trialCost <= cost {
                    let relativeStep = zip(free, step).map { abs(scale * $1) / (1 + abs(theta[$0])) }.max() ?? 0
                    let improvement = cost - trialCost
                    theta = trial
                    cost = trialCost
                    accepted = true
                    converged = relativeStep < 1e-12 || improvement <= 1e-15 * cost
                    break
                }
                scale *= 0.5
            }
            // No step along the Gauss-Newton direction lowers the cost: a minimum to rounding.
            if !accepted { converged = true }
        }

        var parameters = starting
        // The fit finds the day's multiplier m; atmAdjustment is m at SKEW 130.
        parameters.atmAdjustment = theta.atmAdjustment / start.atmSkewIndexFactor
        parameters.gamma = SSVI(rho: 0, eta: 0, gamma: theta.gamma).gamma
        // Back from the day's values (inside their bounds) to the reference regime, SKEW tilt added back.
        let rho = SSVI.clampedRho(theta.rho)
        parameters.rho = (rho + start.rhoSkewShift) / Foundation.pow(start.regimeRatio, starting.rhoRegimeExponent)
        parameters.eta = SSVI.cappedEta(theta.eta, rho: rho, gamma: parameters.gamma)
            / Foundation.pow(start.regimeRatio, starting.etaRegimeExponent)
        let surface = VolatilitySurface(anchors: anchors, parameters: parameters)
        let modelVols = observations.map { surface.volatility(logMoneyness: $0.logMoneyness, timeToExpiry: $0.timeToExpiry) }
        return SurfaceFit(
            product: nil, quoteDate: nil, anchors: anchors, parameters: parameters, startingParameters: starting,
            fitted: free, effectiveRho: surface.effectiveRho, effectiveEta: surface.effectiveEta,
            rmse: 100 * rootMeanSquare(zip(modelVols, observations).map { $0 - $1.volatility }),
            weightedRMSE: 100 * weightedRootMeanSquare(observations, modelVols),
            maxAbsResidual: 100 * (zip(modelVols, observations).map { abs($0 - $1.volatility) }.max() ?? 0),
            quotesUsed: observations.count, skipped: CalibrationSkips(),
            expiries: expiryTable(observations, modelVols, surface: surface),
            iterations: iterations, converged: converged, observations: observations, modelVolatilities: modelVols)
    }

    /// The chain's own 30-day ATM vol as a multiple of the variance-swap vol v(30 days), from
    /// `observations` alone (no model): per expiry, the vol at the forward by linear
    /// interpolation in ln K between the two quotes straddling it, divided by v(T) of
    /// `surface`; then the mean over the expiries 23 to 37 days out, or, when none is, over the
    /// three nearest 30 days. A ratio rather than a vol so that expiries on either side of 30
    /// days pool despite the term structure; their day-to-day scatter (weekends, events) is
    /// about 0.02. Nil without any expiry quoted on both sides of its forward.
    public static func marketATMRatio(_ observations: [VolatilityObservation], surface: VolatilitySurface) -> Double? {
        var ratios: [(days: Double, ratio: Double)] = []
        for (t, slice) in Dictionary(grouping: observations, by: \.timeToExpiry) {
            let forward = slice[0].forward
            guard let below = slice.filter({ $0.strike <= forward }).max(by: { $0.strike < $1.strike }),
                  let above = slice.filter({ $0.strike > forward }).min(by: { $0.strike < $1.strike }) else { continue }
            let kBelow = below.logMoneyness, kAbove = above.logMoneyness
            let atm = below.volatility + (0 - kBelow) / (kAbove - kBelow) * (above.volatility - below.volatility)
            ratios.append((365 * t, atm / surface.varianceSwapVolatility(timeToExpiry: t)))
        }
        var chosen = ratios.filter { abs($0.days - 30) <= 7 }
        if chosen.isEmpty { chosen = Array(ratios.sorted { abs($0.days - 30) < abs($1.days - 30) }.prefix(3)) }
        guard !chosen.isEmpty else { return nil }
        return chosen.reduce(0) { $0 + $1.ratio } / Double(chosen.count)
    }

    static func rootMeanSquare(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
    }

    static func weightedRootMeanSquare(_ observations: [VolatilityObservation], _ model: [Double]) -> Double {
        let totalWeight = observations.reduce(0) { $0 + $1.weight * $1.weight }
        guard totalWeight > 0 else { return .nan }
        let sum = zip(observations, model).reduce(0) { $0 + $1.0.weight * $1.0.weight * ($1.1 - $1.0.volatility) * ($1.1 - $1.0.volatility) }
        return (sum / totalWeight).squareRoot()
    }

    /// Residuals by expiry slice, with each slice's own ATM vol from a weighted quadratic in z.
    static func expiryTable(_ observations: [VolatilityObservation], _ model: [Double], surface: VolatilitySurface) -> [ExpiryResidual] {
        struct Key: Hashable { var expiration: TradingDate; var style: SettlementStyle }
        var groups: [Key: [Int]] = [:]
        for (n, observation) in observations.enumerated() {
            groups[Key(expiration: observation.expiration, style: observation.style), default: []].append(n)
        }
        return groups.map { key, members -> ExpiryResidual in
            let t = observations[members[0]].timeToExpiry
            let forward = observations[members[0]].forward
            let residuals = members.map { 100 * (model[$0] - observations[$0].volatility) }
            var marketATM = Double.nan
            if members.count >= 5 {
                let scale = surface.varianceSwapVolatility(timeToExpiry: t) * t.squareRoot()
                let rows = members.map { n -> [Double] in
                    let z = observations[n].logMoneyness / scale
                    let w = observations[n].weight
                    return [w, w * z, w * z * z]
                }
                let rhs = members.map { observations[$0].weight * observations[$0].volatility }
                if let solution = try? LeastSquares.solve(rows: rows, rhs: rhs) { marketATM = solution.x[0] }
            }
            return ExpiryResidual(
                expiration: key.expiration, style: key.style, timeToExpiry: t, quotes: members.count, forward: forward,
                impliedDividendYield: surface.anchors.rate - Foundation.log(forward / surface.anchors.spot) / t,
                marketATM: marketATM, modelATM: surface.atmVolatility(timeToExpiry: t),
                meanResidual: residuals.reduce(0, +) / Double(residuals.count),
                rmse: rootMeanSquare(residuals) , maxAbsResidual: residuals.map(abs).max() ?? 0)
        }
        .sorted { ($0.timeToExpiry, $0.expiration) < ($1.timeToExpiry, $1.expiration) }
    }
}

/// The surface's vols as a function of the four calibrated values, for fixed anchors and
/// observations.
struct SmileModel {
    /// The calibrated values in effective (day) terms (`atmAdjustment` is the day's multiplier).
    struct Values {
        var atmAdjustment, rho, eta, gamma: Double

        subscript(parameter: CalibratedParameter) -> Double {
            get {
                switch parameter {
                case .atmAdjustment: atmAdjustment
                case .rho: rho
                case .eta: eta
                case .gamma: gamma
                }
            }
            set {
                switch parameter {
                case .atmAdjustment: atmAdjustment = newValue
                case .rho: rho = newValue
                case .eta: eta = newValue
                case .gamma: gamma = newValue
                }
            }
        }

        func moved(by step: [Double], scale: Double, free: [CalibratedParameter]) -> Values {
            var copy = self
            for (parameter, delta) in zip(free, step) { copy[parameter] += scale * delta }
            return copy
        }
    }

    let observations: [VolatilityObservation]
    /// The distinct expiries (years) and, per observation, the position of its expiry.
    let tenors: [Double]
    let tenorIndex: [Int]
    /// v(T) of each distinct expiry.
    let varianceSwapVols: [Double]
    let logMoneyness: [Double]

    init(surface: VolatilitySurface, observations: [VolatilityObservation]) {
        self.observations = observations
        tenors = Array(Set(observations.map { $0.timeToExpiry })).sorted()
        let position = Dictionary(uniqueKeysWithValues: tenors.enumerated().map { ($1, $0) })
        tenorIndex = observations.map { position[$0.timeToExpiry]! }
        varianceSwapVols = tenors.map { surface.varianceSwapVolatility(timeToExpiry: $0) }
        logMoneyness = observations.map { $0.logMoneyness }
    }

    /// Model vols of every observation, with the surface's bounds on rho, eta and gamma.
    func volatilities(_ values: Values) -> [Double] {
        let rho = SSVI.clampedRho(values.rho)
        let shape = SSVI(rho: rho, eta: SSVI.cappedEta(values.eta, rho: rho, gamma: values.gamma), gamma: values.gamma)
        let thetas = tenors.indices.map { j -> Double in
            let t = tenors[j], v = varianceSwapVols[j]
            let atm = values.atmAdjustment * v * shape.convexityFactor(baseTotalVariance: v * v * t)
            return atm * atm * t
        }
        return observations.indices.map { n in
            let j = tenorIndex[n]
            return (shape.totalVariance(logMoneyness[n], theta: thetas[j]) / tenors[j]).squareRoot()
        }
    }

    func weightedResiduals(_ values: Values) -> [Double] {
        zip(volatilities(values), observations).map { $1.weight * ($0 - $1.volatility) }
    }

    func cost(_ values: Values) -> Double {
        weightedResiduals(values).reduce(0) { $0 + $1 * $1 }
    }

    /// The weighted Jacobian by central differences, column-major, with one damping row per
    /// free parameter below the observations ((observations + free) x free), and the weighted
    /// residuals padded with zeros to match. The damping rows (1e-9 of each column's norm)
    /// keep the step defined where a bound flattens a parameter's effect, and change a
    /// regular step only at the 1e-18 level.
    func weightedJacobian(_ values: Values, free: [CalibratedParameter]) -> (jacobian: [Double], residuals: [Double]) {
        let rows = observations.count + free.count
        var jacobian = [Double](repeating: 0, count: rows * free.count)
        for (j, parameter) in free.enumerated() {
            let h = 1e-6 * max(1, abs(values[parameter]))
            var up = values, down = values
            up[parameter] += h
            down[parameter] -= h
            let plus = weightedResiduals(up), minus = weightedResiduals(down)
            var norm = 0.0
            for n in observations.indices {
                let derivative = (plus[n] - minus[n]) / (2 * h)
                jacobian[j * rows + n] = derivative
                norm += derivative * derivative
            }
            jacobian[j * rows + observations.count + j] = 1e-9 * norm.squareRoot() + 1e-300
        }
        return (jacobian, weightedResiduals(values) + [Double](repeating: 0, count: free.count))
    }
}
