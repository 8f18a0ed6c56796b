import Foundation

/// A day's ``VolatilitySurface`` solved so that the CBOE methods, run on quotes synthesized
/// from it, give back the day's published VIX, VIX9D, VIX3M and SKEW.
///
/// ## Unknowns and equations
/// One ATM multiplier m_i per anchor tenor (9, 30, 93 days; those the day publishes) and the
/// weight of the smile's far put tail (``SSVI/tail``). For each anchor tenor T_i the strip of
/// ``SyntheticIndexStrip`` at T_i goes through ``VarianceStrip``; its 100 sqrt(sigma^2) must
/// equal the published index, and at 30 days 100 - 10 S must equal SKEW. rho, eta and gamma
/// stay those of ``SurfaceParameters``, fitted on the real chains near the money, so the
/// tail carries what the chains quote far out and the index methods count: the fit's SKEW
/// moves the puts beyond about 0.03 delta (the parametric rho already leans with SKEW above
/// 130, ``SurfaceParameters/rhoSkewTilt``).
/// Where the parametric smile alone already gives more than the day's SKEW (SKEW near
/// 110-125: crisis days, the May 2019 sell-off), the tail is 0 and the smile's curvature eta
/// is lowered instead (down to 0.3 of its parametric value), rho held: a flatter smile on both
/// wings, as the real chains of those days show. Raising rho towards 0, the earlier lever, also
/// meets SKEW but turns the smile and lifts the calls: on the real closing chains of the 13
/// such days of May 2019 and on 2020-03-20 it priced the 20-45 day calls at 0.10-0.20 delta
/// a median 2.05 and 6.42 vol points over the market (eta lowered: 1.71 and 2.26), and the
/// puts at 0.20-0.35 delta 0.63 and 3.05 under it (eta lowered: 0.21 and 0.84). Over
/// 2005-2025 this branch takes 1,220 of the 5,283 days, at 0.30-1.0 of the parametric eta
/// (median 0.83).
///
/// ## Solution
/// VIX and SKEW at 30 days depend on m_30 and the tail together: a damped Newton iteration
/// on the two (forward differences, the 2 x 2 system solved in closed form) from the
/// parametric surface's values, at most 8 steps, stopping within 0.01 VIX points and 0.1
/// SKEW points; the tail stays in [0, 4] (at 4 a 30-day strip at VIX 15 already
/// prices puts at a tenth of spot near 300% vol: beyond lies no market, and SKEW turns
/// down again as the strip reaches strike 0). The other anchors then depend on their own m_i
/// only (the multiplier is linear in T between anchor tenors, so at T_i it is m_i), and the
/// index is nearly proportional to m_i: m_i <- m_i x published / model, then false position
/// once two steps bracket the published level, at most 8 steps; m in [0.3, 2]. A strip ends
/// at two zero bids, so the index jumps where a far strike's bid appears, and the multiplier
/// kept is the one that came closest, not the last tried: 31 of the 5,283 days of 2005-2025
/// (the 2008-2011 crises) end 0.01-0.052 off (ratio steps alone: 144 days, up to 0.23).
///
/// A day whose SKEW lies beyond what the bounds reach keeps the closest tail, and m_30 is
/// then moved back so that VIX is still met (ratio steps as for the other anchors); the
/// errors are in ``indexErrors`` and ``skewError``.
///
/// ## No negative density
/// A heavy tail breaks Durrleman's condition some four ATM deviations out
/// (``SSVI/durrlemanCondition(_:theta:)``). The fitted smile is checked at the ATM total
/// variances of ``arbitrageCheckTenors``; where it fails, the tail is cut to the largest that
/// passes (``uncutTail`` keeps what SKEW asked for) and the levels are met again, so VIX,
/// VIX9D and VIX3M still hold and that day's SKEW does not: 247 of the 5,283 days of
/// 2005-2025, the furthest from SKEW at its highs of December 2024 to February 2025.
public struct SurfaceAnchorFit: Sendable, Hashable {
    /// The ATM multiplier at each anchor tenor, in ``VolatilitySurface/anchorTenors`` order.
    public var atmMultipliers: [Double]
    /// The smile's rho: the parametric one (the fit moves the tail or eta, never rho).
    public var rho: Double
    /// The smile's eta.
    public var eta: Double
    /// The far put tail's weight (``SSVI/tail``; 0: none).
    public var tail: Double
    /// Model minus published index at each anchor tenor (vol points), after the fit.
    public var indexErrors: [Double]
    /// Model minus published SKEW after the fit; nil when SKEW is unknown.
    public var skewError: Double?
    /// Strips priced during the fit (its cost).
    public var evaluations: Int
    /// The tail SKEW asked for, where it was cut back to ``tail`` so that no listed expiry has
    /// negative density (``SSVI/largestArbitrageFreeTail(thetas:limit:)``); nil when not cut.
    public var uncutTail: Double?

    public init(atmMultipliers: [Double], rho: Double, eta: Double, tail: Double, indexErrors: [Double], skewError: Double?,
                evaluations: Int, uncutTail: Double? = nil) {
        self.atmMultipliers = atmMultipliers
        self.rho = rho
        self.eta = eta
        self.tail = tail
        self.indexErrors = indexErrors
        self.skewError = skewError
        self.evaluations = evaluations
        self.uncutTail = uncutTail
    }

    static let tailBounds = 0.0...4.0
    /// The expiries (years) at which the fitted tail is held to Durrleman's condition: one day to
    /// three years, the span of the listed SPX expiries (LEAPS reach 36 months). The largest
    /// arbitrage-free tail falls with the ATM total variance beyond a few days and rises below,
    /// so the ends bind; the inner points guard the shape between.
    static let arbitrageCheckTenors = [1.0 / 365, 9.0 / 365, 30.0 / 365, 93.0 / 365, 1.0, 3.0]
    /// The lowest eta the fit may reach, as a fraction of the parametric one: a bound against
    /// a smile flattened to nothing on a bad SKEW print; 2005-2025 reaches it on one day,
    /// 2008-10-10 (0.37 the lowest before eta was set on its theorem 4.2 bound).
    static let etaFloor = 0.3
    static let multiplierBounds = 0.3...2.0

    /// The fit of the day of `anchors` (SPX points), or nil when a strip cannot be formed
    /// from the parametric surface (no anchor, a vol that is not finite).
    ///
    /// With `matchSkew` false only the ATM multipliers are solved (``SurfaceAnchoring/levels``);
    /// ``skewError`` still says how far the parametric smile's SKEW is from the published one.
    public static func fit(anchors: SurfaceAnchors, date: TradingDate, parameters: SurfaceParameters = .default,
                           spreadModel: SpreadModel = .default, matchSkew: Bool = true) -> SurfaceAnchorFit? {
        let base = VolatilitySurface(anchors: anchors, parameters: parameters)
        let tenors = base.anchorTenors
        guard !tenors.isEmpty, anchors.spot > 0, anchors.spot.isFinite else { return nil }
        let published: [Double] = tenors.map { tenor in
            if tenor == VolatilitySurface.vix9dTenor, let level = anchors.vix9d { return level }
            if tenor == VolatilitySurface.vix3mTenor, let level = anchors.vix3m { return level }
            return anchors.vix
        }
        guard let j30 = tenors.firstIndex(of: VolatilitySurface.vixTenor) else { return nil }
        let rho = base.effectiveRho
        var state = State(m: [Double](repeating: base.atmMultiplier, count: tenors.count), eta: base.effectiveEta, tail: 0)
        var evaluations = 0

        func evaluate(_ i: Int, _ state: State) -> Value? {
            evaluations += 1
            let surface = VolatilitySurface(base, atmMultipliers: state.m, rho: rho, eta: state.eta, tail: state.tail)
            let quotes = SyntheticIndexStrip.expiry(surface: surface, timeToExpiry: tenors[i], spreadModel: spreadModel,
                                                    date: date)
            guard let strip = try? VarianceStrip(quotes) else { return nil }
            let variance = strip.variance
            guard variance > 0, variance.isFinite else { return nil }
            return Value(index: 100 * variance.squareRoot(), skew: strip.skewness.map { 100 - 10 * $0 })
        }

        var indexErrors = [Double](repeating: .nan, count: tenors.count)
        var skewError: Double?
        guard var current = evaluate(j30, state) else { return nil }
        if matchSkew, let skewTarget = anchors.skewIndex, skewTarget.isFinite, current.skew != nil {
            let target = Value(index: published[j30], skew: skewTarget)
            if current.skew! < skewTarget {
                (state, current) = newton(from: state, value: current, target: target, anchor: j30, evaluate: evaluate,
                                          second: \.tail, range: tailBounds, step: 0.05, maxStep: 0.5)
            } else {
                let etaRange = (etaFloor * state.eta)...state.eta
                (state, current) = newton(from: state, value: current, target: target, anchor: j30, evaluate: evaluate,
                                          second: \.eta, range: etaRange, step: 0.03, maxStep: 0.3)
            }
        }
        // One level by its own multiplier: ratio steps (the index is nearly proportional to m),
        // false position once the target is bracketed. A strip ends at two zero bids, so the
        // index jumps where a strike's bid appears, and near such a jump no m meets it: the
        // multiplier kept is the best seen, not the last tried.
        func meetLevel(_ i: Int, from start: Value) -> Value {
            let target = published[i]
            var value = start
            var best = (m: state.m[i], value: start)
            var below: (m: Double, index: Double)?, above: (m: Double, index: Double)?
            for _ in 0..<8 where abs(value.index - target) >= 0.01 {
                if value.index < target { below = (state.m[i], value.index) } else { above = (state.m[i], value.index) }
                var m = state.m[i] * target / value.index
                if let below, let above {
                    m = below.m + (target - below.index) * (above.m - below.m) / (above.index - below.index)
                    if !(m > min(below.m, above.m) && m < max(below.m, above.m)) { m = (below.m + above.m) / 2 }
                }
                state.m[i] = clamp(m, multiplierBounds)
                guard let next = evaluate(i, state) else { break }
                value = next
                if abs(value.index - target) < abs(best.value.index - target) { best = (state.m[i], value) }
            }
            state.m[i] = best.m
            return best.value
        }
        // The levels, VIX first: where SKEW is out of reach the compromise is moved back onto VIX.
        func meetLevels() {
            current = meetLevel(j30, from: current)
            indexErrors[j30] = current.index - published[j30]
            // 9 and 93 days: their own multiplier each.
            for i in tenors.indices where i != j30 {
                guard let value = evaluate(i, state) else { continue }
                indexErrors[i] = meetLevel(i, from: value).index - published[i]
            }
        }
        meetLevels()
        var uncutTail: Double?
        // No negative density on any listed expiry: a tail heavier than the smile can carry is
        // cut back to the largest that keeps Durrleman's condition, and the levels met again.
        for _ in 0..<3 {
            let surface = VolatilitySurface(base, atmMultipliers: state.m, rho: rho, eta: state.eta, tail: state.tail)
            let thetas = arbitrageCheckTenors.map { surface.atmTotalVariance(timeToExpiry: $0) }
            guard !thetas.allSatisfy(surface.smile.isFreeOfButterflyArbitrageInTail(theta:)) else { break }
            if uncutTail == nil { uncutTail = state.tail }
            state.tail = surface.smile.largestArbitrageFreeTail(thetas: thetas, limit: state.tail)
            guard let next = evaluate(j30, state) else { break }
            current = next
            meetLevels()
        }
        if let skewTarget = anchors.skewIndex, let skew = current.skew { skewError = skew - skewTarget }
        return SurfaceAnchorFit(atmMultipliers: state.m, rho: rho, eta: state.eta, tail: state.tail, indexErrors: indexErrors,
                                skewError: skewError, evaluations: evaluations, uncutTail: uncutTail)
    }

    /// The unknowns.
    struct State {
        var m: [Double]
        var eta: Double
        var tail: Double
    }

    /// A strip's index and SKEW.
    struct Value {
        var index: Double
        var skew: Double?
    }

    private static func clamp(_ x: Double, _ range: ClosedRange<Double>) -> Double {
        min(max(x, range.lowerBound), range.upperBound)
    }

    /// Damped Newton on (m at `anchor`, `second`) for (index, SKEW) = `target`; returns the
    /// best state seen (index error and SKEW error / 8 in quadrature).
    private static func newton(from start: State, value: Value, target: Value, anchor j: Int,
                               evaluate: (Int, State) -> Value?, second: WritableKeyPath<State, Double>,
                               range: ClosedRange<Double>, step bump: Double, maxStep: Double) -> (State, Value) {
        func badness(_ v: Value) -> Double {
            let a = v.index - target.index, b = ((v.skew ?? .infinity) - target.skew!) / 8
            return a * a + b * b
        }
        var state = start, current = value
        var best = (state, current)
        for _ in 0..<8 {
            let r1 = current.index - target.index, r2 = current.skew! - target.skew!
            if abs(r1) < 0.01 && abs(r2) < 0.1 { break }
            let dm = 0.01
            var byM = state
            byM.m[j] += dm
            var bySecond = state
            let h = state[keyPath: second] + bump <= range.upperBound && state[keyPath: second] + bump >= range.lowerBound ? bump : -bump
            bySecond[keyPath: second] += h
            guard let vm = evaluate(j, byM), let vs = evaluate(j, bySecond), let sm = vm.skew, let ss = vs.skew else { break }
            let a = (vm.index - current.index) / dm, b = (vs.index - current.index) / h
            let c = (sm - current.skew!) / dm, d = (ss - current.skew!) / h
            let determinant = a * d - b * c
            guard abs(determinant) > 1e-12, determinant.isFinite else { break }
            let stepM = clamp(-(d * r1 - b * r2) / determinant, -0.2...0.2)
            let stepSecond = clamp(-(-c * r1 + a * r2) / determinant, -maxStep...maxStep)
            state.m[j] = clamp(state.m[j] + stepM, multiplierBounds)
            state[keyPath: second] = clamp(state[keyPath: second] + stepSecond, range)
            guard let next = evaluate(j, state), next.skew != nil else { break }
            current = next
            if badness(current) < badness(best.1) { best = (state, current) }
        }
        return best
    }
}
