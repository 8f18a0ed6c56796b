import Foundation
import Pricing

/// Fits the VIX-option block of ``SurfaceParameters`` (ATM ratio to VVIX, term exponent,
/// rho, eta, gamma) to real VIX option chains by least squares in implied vol.
///
/// ## Data and roles
/// - **Official** slices (the Cboe DataShop end-of-day chain of 2016-06-01) set every
///   parameter: the ATM level relative to that day's VVIX and its term structure (from their
///   at-the-money vols alone) and, with the others, the smile.
/// - **Shape-only** slices (the 2019-08-29 pre-open quotes, the derived 2022-07-15 slices)
///   inform the smile (rho, eta, gamma) but not the level or its term structure: each brings
///   its own ATM ratio and term exponent, fitted alongside and then discarded, because their
///   quote times (pre-open; intraday, forwards 0.2-0.6 above that day's settles) do not match
///   the VVIX close they would be scaled by.
///
/// ## Quotes used
/// Two-sided, out of the money against the slice's forward (calls at K >= F, puts below),
/// mid at least 0.05, 14 to 200 days to settlement, |ln(K / F)| <= 1.2, and the mid's implied
/// Black-76 vol solvable (spot = forward, dividend yield = rate) (``observations(_:rate:forward:)``).
/// The fit keeps those 14 to 90 days out (``fitDays``): the hedge holds VIX calls no longer,
/// the weeklies under two weeks have a humped ATM term structure a power law in T cannot
/// follow, and the longer expiries' falling ATM vols would tilt the power law under the
/// hedge's. The residual is model vol minus the mid's vol; every quote weighs the same.
///
/// ## Method
/// Two stages. First the ATM level and its term structure: each official expiry's vol at
/// its forward, over VVIX / 100, and the least-squares line of its log on log(T / 30 days)
/// (``atmTermStructure(_:)``). They are then held, and rho, eta and gamma are fitted by
/// Levenberg-Marquardt on the residuals, the Jacobian by central differences, each step a
/// linear least-squares solve (``LeastSquares``, LAPACKE) of the damped normal system in its
/// stacked form; parameters kept inside rho in [-0.95, 0.95], eta in (0, eta_max] (the
/// surface's bound, ``SSVI/cappedEta(_:rho:gamma:)``),
/// gamma in [0.01, 0.5], term exponent in [-1.5, 0.5], ATM ratios in [0.1, 3].
public enum VIXOptionCalibration {
    /// What a slice is used for.
    public enum Role: String, Sendable, Hashable {
        case official
        case shapeOnly = "shape only"
    }

    /// One real quote prepared for the fit.
    public struct Observation: Sendable, Hashable {
        public var type: OptionType
        public var strike: Double
        public var expiration: TradingDate
        /// The forward of the expiry (VIX points) and the years to settlement.
        public var forward: Double
        public var timeToExpiry: Double
        public var rate: Double
        public var bid: Double
        public var ask: Double
        /// The Black-76 vol of the mid (per 1.00).
        public var volatility: Double
        public var logMoneyness: Double { Foundation.log(strike / forward) }
        public var mid: Double { 0.5 * (bid + ask) }
    }

    /// One day's quotes with that day's VVIX and role.
    public struct Slice: Sendable {
        public var name: String
        public var role: Role
        /// The day's VVIX (vol points).
        public var volOfVolIndex: Double
        public var observations: [Observation]

        public init(name: String, role: Role, volOfVolIndex: Double, observations: [Observation]) {
            self.name = name
            self.role = role
            self.volOfVolIndex = volOfVolIndex
            self.observations = observations
        }

        /// The slice with only the quotes whose calendar days to settlement lie in `days`.
        public func restricted(toDays days: ClosedRange<Double>) -> Slice {
            var slice = self
            slice.observations = observations.filter { days.contains($0.timeToExpiry * 365) }
            return slice
        }
    }

    /// Calendar days to settlement of the quotes the smile and its ATM line are fitted on:
    /// where the hedge holds VIX calls (bought 45-60 days out, 30-90 when that window lists
    /// no expiry, rolled at 15). The official chain's ATM vols are flat from 21 to 77 days
    /// (0.76-0.79) and fall beyond (0.70 at 112 days, 0.63 at 168); a power law in T drawn
    /// through all of them (-0.107) priced its calls from the future to the future + 15 at
    /// 45-90 days 4.3 vol points under the chain in the median (`validate quotes`), 0.2 over
    /// when fitted here. The window restates the defaults of the strategy's `HedgeConfig`,
    /// which this module cannot read; `VIXHedgeManagerTests` holds the two together.
    public static let fitDays: ClosedRange<Double> = 14...90

    /// Why a fit could not be made.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case noOfficialQuotes
        /// Fewer than three official expiries with quotes near their forward.
        case noATMTermStructure
        case tooFewQuotes(Int)
        case solver(String)

        public var description: String {
            switch self {
            case .noOfficialQuotes: "no official VIX option slice with usable quotes to fit"
            case .noATMTermStructure: "fewer than three official VIX expiries with quotes near the forward: no ATM term structure to hold"
            case let .tooFewQuotes(n): "only \(n) usable VIX option quotes: too few to fit the smile"
            case let .solver(why): "the VIX option smile fit failed: \(why)"
            }
        }
    }

    /// The fit: the parameters (the input's with the VIX-option block replaced), the
    /// shape-only slices' own ATM ratios and term exponents, and the residuals.
    public struct Fit: Sendable {
        public var parameters: SurfaceParameters
        public var shapeOnlyLevels: [String: (ratio: Double, termExponent: Double)]
        public var slices: [Slice]
        /// Model minus market vol (per 1.00) of each observation of each slice, in slice order.
        public var residuals: [[Double]]
        public var iterations: Int

        /// Root mean square of `slice`'s residuals, vol points.
        public func rmsError(slice k: Int) -> Double {
            let r = residuals[k]
            return r.isEmpty ? .nan : (r.reduce(0) { $0 + $1 * $1 } / Double(r.count)).squareRoot() * 100
        }

        /// The share of `slice`'s quotes whose model price lies between the bid and the ask.
        public func shareInsideQuotes(slice k: Int) -> Double {
            let slice = slices[k]
            guard !slice.observations.isEmpty else { return .nan }
            var p = parameters
            if let level = shapeOnlyLevels[slice.name] {
                p.vixOptionATMRatio = level.ratio
                p.vixOptionTermExponent = level.termExponent
            }
            var inside = 0
            for o in slice.observations {
                let price = VIXOptionCalibration.modelPrice(o, volOfVolIndex: slice.volOfVolIndex, parameters: p,
                                                            atmRatio: p.vixOptionATMRatio)
                if price >= o.bid - 1e-9 && price <= o.ask + 1e-9 { inside += 1 }
            }
            return Double(inside) / Double(slice.observations.count)
        }
    }

    // MARK: Preparing quotes

    /// The usable quotes of `snapshot` (see the type's documentation), with each expiry's
    /// forward from `forward` (nil: the expiry is left out) and the day's `rate`.
    public static func observations(_ snapshot: ChainSnapshot, rate: Double,
                                    forward: (TradingDate, Double) -> Double?) -> [Observation] {
        var quotes = QuoteBatch()
        var candidates: [Observation] = []
        for i in 0..<snapshot.count {
            let bid = snapshot.bids[i], ask = snapshot.asks[i]
            guard bid > 0, ask > bid, 0.5 * (bid + ask) >= 0.05 else { continue }
            let t = snapshot.yearsToSettlement(at: i)
            guard t >= 14.0 / 365, t <= 200.0 / 365, let f = forward(snapshot.expirations[i], t), f > 0 else { continue }
            let k = snapshot.strikes[i], type = snapshot.types[i]
            guard (type == .call) == (k >= f), abs(Foundation.log(k / f)) <= 1.2 else { continue }
            candidates.append(Observation(type: type, strike: k, expiration: snapshot.expirations[i], forward: f,
                                          timeToExpiry: t, rate: rate, bid: bid, ask: ask, volatility: .nan))
            quotes.append(type, spot: f, strike: k, timeToExpiry: t, rate: rate, dividendYield: rate, price: 0.5 * (bid + ask))
        }
        let (vols, status) = ImpliedVolatility.solve(quotes)
        var result: [Observation] = []
        for (j, var o) in candidates.enumerated() where status[j] == .ok && vols[j] > 0 {
            o.volatility = vols[j]
            result.append(o)
        }
        return result
    }

    /// The put-call parity forward of each expiry of `snapshot` (``PutCallParity``) over the
    /// strikes two-sided on both sides, undiscounted (a few hundredths of a point at VIX rates
    /// and horizons).
    public static func parityForwards(_ snapshot: ChainSnapshot) -> [TradingDate: Double] {
        var calls: [TradingDate: [Double: Double]] = [:], puts: [TradingDate: [Double: Double]] = [:]
        for i in 0..<snapshot.count where snapshot.bids[i] > 0 && snapshot.asks[i] > snapshot.bids[i] {
            let e = snapshot.expirations[i]
            if snapshot.types[i] == .call {
                calls[e, default: [:]][snapshot.strikes[i]] = snapshot.mid(at: i)
            } else {
                puts[e, default: [:]][snapshot.strikes[i]] = snapshot.mid(at: i)
            }
        }
        var forwards: [TradingDate: Double] = [:]
        for (e, c) in calls {
            guard let p = puts[e] else { continue }
            forwards[e] = PutCallParity.forward(c.keys.compactMap { k in p[k].map { (k, c[k]! - $0) } })
        }
        return forwards
    }

    // MARK: Fitting

    /// The model vol of `o` with `parameters`, the ATM ratio replaced by `atmRatio`.
    static func modelVolatility(_ o: Observation, volOfVolIndex: Double, parameters: SurfaceParameters,
                                atmRatio: Double) -> Double {
        var p = parameters
        p.vixOptionATMRatio = atmRatio
        return VolatilitySurface.vixOptionVolatility(strike: o.strike, future: o.forward, timeToExpiry: o.timeToExpiry,
                                                     volOfVolIndex: volOfVolIndex, parameters: p)
    }

    /// The model's Black-76 price of `o`.
    static func modelPrice(_ o: Observation, volOfVolIndex: Double, parameters: SurfaceParameters, atmRatio: Double) -> Double {
        let vol = modelVolatility(o, volOfVolIndex: volOfVolIndex, parameters: parameters, atmRatio: atmRatio)
        return BlackScholes.greeks(o.type, spot: o.forward, strike: o.strike, timeToExpiry: o.timeToExpiry, rate: o.rate,
                                   dividendYield: o.rate, volatility: vol).price
    }

    /// The at-the-money term structure of the official slices: each expiry's vol at the
    /// forward (the line in log-moneyness through the four quotes nearest it), over the day's
    /// VVIX / 100, and the least-squares line of its log on log(T / 30 days), over the expiries
    /// of ``fitDays``. nil with fewer than three expiries.
    public static func atmTermStructure(_ slices: [Slice]) -> (ratio: Double, termExponent: Double)? {
        var x: [Double] = [], y: [Double] = []
        for slice in slices where slice.role == .official {
            for (_, quotes) in Dictionary(grouping: slice.restricted(toDays: fitDays).observations, by: \.expiration) {
                let nearest = quotes.sorted { abs($0.logMoneyness) < abs($1.logMoneyness) }.prefix(4)
                guard nearest.count >= 2, let t = nearest.first?.timeToExpiry else { continue }
                // Quotes all at one strike have no line: their mean is the vol at the forward.
                let atm = straightLine(x: nearest.map(\.logMoneyness), y: nearest.map(\.volatility))?.intercept
                    ?? nearest.reduce(0) { $0 + $1.volatility } / Double(nearest.count)
                guard atm > 0, atm.isFinite else { continue }
                x.append(Foundation.log(t / VolatilitySurface.vixTenor))
                y.append(Foundation.log(atm / (slice.volOfVolIndex / 100)))
            }
        }
        guard x.count >= 3, let line = straightLine(x: x, y: y) else { return nil }
        return (Foundation.exp(line.intercept), line.slope)
    }

    /// The least-squares line y = intercept + slope x (``LeastSquares``); nil when the points
    /// do not determine one.
    private static func straightLine(x: [Double], y: [Double]) -> (intercept: Double, slope: Double)? {
        guard let solution = try? LeastSquares.solve(rows: x.map { [1, $0] }, rhs: y) else { return nil }
        return (solution.x[0], solution.x[1])
    }

    /// Fits the VIX-option block of `start` to `slices`.
    ///
    /// Only the quotes of ``fitDays`` enter. With `atmFromOfficialChain` (the default) the
    /// fit has two stages: the ATM ratio and term exponent are read off the official slices'
    /// at-the-money vols (``atmTermStructure(_:)``) and held, then rho, eta and gamma are
    /// fitted on every slice. Fitted all at once, the power law in T trades its slope against
    /// the smile's misfit away from the money (-0.076 on the chains of the data folder,
    /// against -0.036 read off the official chain's ATM vols), which prices the hedge's
    /// 45-60 day calls under the market and the short expiries over it.
    public static func fit(_ slices: [Slice], start: SurfaceParameters = .default, atmFromOfficialChain: Bool = true,
                           maxIterations: Int = 100) throws(Failure) -> Fit {
        let slices = slices.map { $0.restricted(toDays: fitDays) }
        guard slices.contains(where: { $0.role == .official && !$0.observations.isEmpty }) else { throw .noOfficialQuotes }
        let shapeOnly = slices.filter { $0.role == .shapeOnly && !$0.observations.isEmpty }.map(\.name)
        let count = slices.reduce(0) { $0 + $1.observations.count }
        let heldATM = atmFromOfficialChain ? atmTermStructure(slices) : nil
        if atmFromOfficialChain && heldATM == nil { throw .noATMTermStructure }
        // x = [ratio, term exponent, rho, eta, gamma, then a ratio and a term exponent per shape-only slice].
        var x = [heldATM?.ratio ?? start.vixOptionATMRatio, heldATM?.termExponent ?? start.vixOptionTermExponent,
                 start.vixOptionRho, start.vixOptionEta,
                 start.vixOptionGamma] + shapeOnly.flatMap { _ in [start.vixOptionATMRatio, start.vixOptionTermExponent] }
        guard count > x.count + 2 else { throw .tooFewQuotes(count) }

        func parameters(_ x: [Double]) -> SurfaceParameters {
            var p = start
            p.vixOptionATMRatio = x[0]
            p.vixOptionTermExponent = x[1]
            p.vixOptionRho = x[2]
            p.vixOptionEta = x[3]
            p.vixOptionGamma = x[4]
            return p
        }
        func bounded(_ x: [Double]) -> [Double] {
            var y = x
            y[0] = heldATM?.ratio ?? min(max(y[0], 0.1), 3)
            y[1] = heldATM?.termExponent ?? min(max(y[1], -1.5), 0.5)
            y[2] = min(max(y[2], -0.95), 0.95)
            y[4] = min(max(y[4], 0.01), 0.5)
            // The surface's own no-arbitrage bound on eta (theorem 4.2), not a second rule.
            y[3] = max(SSVI.cappedEta(y[3], rho: y[2], gamma: y[4]), 0.01)
            for j in stride(from: 5, to: y.count, by: 2) {
                y[j] = min(max(y[j], 0.1), 3)
                y[j + 1] = min(max(y[j + 1], -1.5), 0.5)
            }
            return y
        }
        func residuals(_ x: [Double]) -> [Double] {
            let p = parameters(x)
            var r: [Double] = []
            r.reserveCapacity(count)
            for slice in slices {
                var q = p
                if slice.role == .shapeOnly, let k = shapeOnly.firstIndex(of: slice.name) {
                    q.vixOptionATMRatio = x[5 + 2 * k]
                    q.vixOptionTermExponent = x[6 + 2 * k]
                }
                for o in slice.observations {
                    r.append(modelVolatility(o, volOfVolIndex: slice.volOfVolIndex, parameters: q,
                                             atmRatio: q.vixOptionATMRatio) - o.volatility)
                }
            }
            return r
        }
        func cost(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }

        x = bounded(x)
        var r = residuals(x)
        var lambda = 1e-3
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            // Central-difference Jacobian, column by column.
            let n = x.count
            var jacobian = [Double](repeating: 0, count: count * n)
            for j in 0..<n {
                let h = 1e-5 * max(abs(x[j]), 0.1)
                var up = x, down = x
                up[j] += h
                down[j] -= h
                let ru = residuals(up), rd = residuals(down)
                for i in 0..<count { jacobian[j * count + i] = (ru[i] - rd[i]) / (2 * h) }
            }
            // Damped step: min || [J; sqrt(lambda) D] dx + [r; 0] ||, D the column norms.
            var improved = false
            for _ in 0..<12 {
                var stacked = [Double](repeating: 0, count: (count + n) * n)
                for j in 0..<n {
                    var norm = 0.0
                    for i in 0..<count {
                        stacked[j * (count + n) + i] = jacobian[j * count + i]
                        norm += jacobian[j * count + i] * jacobian[j * count + i]
                    }
                    stacked[j * (count + n) + count + j] = (lambda * max(norm, 1e-12)).squareRoot()
                }
                let rhs = r.map { -$0 } + [Double](repeating: 0, count: n)
                let step: [Double]
                do {
                    step = try LeastSquares.solve(rows: count + n, columns: n, columnMajor: stacked, rhs: rhs).x
                } catch {
                    throw .solver(error.description)
                }
                let candidate = bounded(zip(x, step).map { $0 + $1 })
                let trial = residuals(candidate)
                if cost(trial) < cost(r) {
                    let gain = cost(r) - cost(trial)
                    x = candidate
                    r = trial
                    lambda = max(lambda / 3, 1e-9)
                    improved = true
                    if gain < 1e-12 * max(cost(r), 1e-12) { iterations = maxIterations }
                    break
                }
                lambda *= 4
            }
            if !improved { break }
        }
        // Split the residuals back by slice.
        var split: [[Double]] = []
        var offset = 0
        for slice in slices {
            split.append(Array(r[offset..<(offset + slice.observations.count)]))
            offset += slice.observations.count
        }
        var levels: [String: (ratio: Double, termExponent: Double)] = [:]
        for (j, name) in shapeOnly.enumerated() { levels[name] = (x[5 + 2 * j], x[6 + 2 * j]) }
        return Fit(parameters: parameters(x), shapeOnlyLevels: levels, slices: slices, residuals: split,
                   iterations: iterations)
    }

    /// A printable account of `fit`: the parameters, and per slice the quote count, the RMS
    /// and median vol error and the share of model prices inside the quotes.
    public static func report(_ fit: Fit) -> String {
        let p = fit.parameters
        var text = String(format: "VIX option smile: ATM ratio to VVIX %.3f, term exponent %.3f, rho %.3f, eta %.3f, gamma %.3f\n",
                          p.vixOptionATMRatio, p.vixOptionTermExponent, p.vixOptionRho, p.vixOptionEta, p.vixOptionGamma)
        for (k, slice) in fit.slices.enumerated() {
            let r = fit.residuals[k]
            let median = r.isEmpty ? Double.nan : r.sorted()[r.count / 2] * 100
            text += "\(slice.name) (\(slice.role.rawValue), VVIX \(slice.volOfVolIndex)): \(r.count) quotes"
            text += String(format: ", RMS %.2f vol pts, median %+.2f, inside bid-ask %.0f%%", fit.rmsError(slice: k), median,
                           fit.shareInsideQuotes(slice: k) * 100)
            if let level = fit.shapeOnlyLevels[slice.name] {
                text += String(format: ", own ATM ratio %.3f and term exponent %.3f", level.ratio, level.termExponent)
            }
            text += "\n"
        }
        return text
    }
}
