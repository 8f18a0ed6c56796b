import Foundation

/// One real two-sided quote, as the spread model sees it.
public struct SpreadObservation: Sendable, Hashable {
    public var date: TradingDate
    public var product: OptionProduct
    /// The day's VIX close, vol points.
    public var vix: Double
    /// Years to settlement.
    public var timeToExpiry: Double
    /// |delta| at the quote's implied vol.
    public var absoluteDelta: Double
    /// (bid + ask) / 2, the product's points.
    public var mid: Double
    /// ask - bid, the product's points.
    public var spread: Double

    public init(date: TradingDate, product: OptionProduct, vix: Double, timeToExpiry: Double, absoluteDelta: Double,
                mid: Double, spread: Double) {
        self.date = date
        self.product = product
        self.vix = vix
        self.timeToExpiry = timeToExpiry
        self.absoluteDelta = absoluteDelta
        self.mid = mid
        self.spread = spread
    }

    /// The regression row (``LogSpreadCoefficients/features(product:date:vix:timeToExpiry:absoluteDelta:mid:)``).
    public var features: [Double] {
        LogSpreadCoefficients.features(product: product, date: date, vix: vix, timeToExpiry: timeToExpiry,
                                       absoluteDelta: absoluteDelta, mid: mid)
    }

    /// Which quotes the fit reads: SPX and XSP, two-sided (bid > 0, bid < ask), 5 to 120
    /// calendar days to expiry, |delta| 0.02 to 0.60 (out of the money to slightly in it,
    /// where the strategy trades), mid at least two ticks.
    public static let dayRange = 5...120
    public static let deltaRange = 0.02...0.60

    /// The observations of the real quotes of `chain` (quotes marked ``QuoteSource/real``),
    /// on a day whose VIX closed at `vix`.
    public static func observations(from chain: OptionChain, vix: Double) -> [SpreadObservation] {
        guard chain.product != .vix else { return [] }
        let minimumMid = 2 * SpreadModel.default.ticks(for: chain.product).minimumTick
        var result: [SpreadObservation] = []
        for i in 0..<chain.count where chain.sources[i] == .real {
            let bid = chain.bids[i], ask = chain.asks[i]
            let mid = 0.5 * (bid + ask), d = abs(chain.deltas[i])
            let e = Int(chain.expiryIndex[i])
            guard bid > 0, ask > bid, mid >= minimumMid, d.isFinite, deltaRange.contains(d),
                  dayRange.contains(chain.expiries[e].calendarDays(from: chain.date)) else { continue }
            result.append(SpreadObservation(date: chain.date, product: chain.product, vix: vix,
                                            timeToExpiry: chain.timesToExpiry[e], absoluteDelta: d, mid: mid,
                                            spread: ask - bid))
        }
        return result
    }
}

/// A least-squares fit of the log spread on a set of real quotes (``SpreadModel``'s SPX/XSP part).
///
/// Weighted least squares, each day's quotes together weighing as much as any other day's (a
/// day of a full chain must not outvote a day of a few expiries): every row scaled by the
/// square root of its weight and solved by Householder QR (``LeastSquares``, LAPACKE). A tiny
/// ridge, one extra row per coefficient, gives a feature the set does not vary (XSP absent,
/// one day only) a zero coefficient rather than a rank-deficient system.
public struct SpreadFit: Sendable, Hashable {
    public var coefficients: LogSpreadCoefficients
    /// Quotes fitted.
    public var count: Int
    /// Days fitted.
    public var days: [TradingDate]
    /// Median |log(model spread / real spread)| over the fitted quotes (before tick rounding).
    public var medianAbsoluteLogError: Double

    /// The ridge: each coefficient's extra row adds `ridgeShare` x the trace of the weighted
    /// normal matrix (the sum of every weighted squared feature) to its diagonal entry.
    static let ridgeShare = 1e-9

    /// The fit on `observations`; nil when there are none or the system cannot be solved.
    public static func fit(_ observations: [SpreadObservation]) -> SpreadFit? {
        guard !observations.isEmpty else { return nil }
        let p = LogSpreadCoefficients.names.count
        var perDay: [TradingDate: Int] = [:]
        for o in observations { perDay[o.date, default: 0] += 1 }
        let rows = observations.count + p
        var matrix = [Double](repeating: 0, count: rows * p)
        var rhs = [Double](repeating: 0, count: rows)
        var trace = 0.0
        for (i, o) in observations.enumerated() {
            let x = o.features
            let root = (1 / Double(perDay[o.date]!)).squareRoot()
            for c in 0..<p {
                matrix[c * rows + i] = root * x[c]
                trace += root * root * x[c] * x[c]
            }
            rhs[i] = root * Foundation.log(o.spread / o.product.indexScale)
        }
        let ridge = (ridgeShare * trace).squareRoot()
        for c in 0..<p { matrix[c * rows + observations.count + c] = ridge }
        let years = perDay.keys.map(LogSpreadCoefficients.years)
        guard let solution = try? LeastSquares.solve(rows: rows, columns: p, columnMajor: matrix, rhs: rhs),
              let coefficients = LogSpreadCoefficients(vector: solution.x, firstYear: years.min()!, lastYear: years.max()!) else {
            return nil
        }
        let errors = observations.map { abs(Self.logError(coefficients, $0)) }
        return SpreadFit(coefficients: coefficients, count: observations.count, days: perDay.keys.sorted(),
                         medianAbsoluteLogError: median(errors))
    }

    /// log(model spread / real spread) of `observation` under `coefficients`.
    public static func logError(_ coefficients: LogSpreadCoefficients, _ observation: SpreadObservation) -> Double {
        let term = coefficients.expiryTerm(product: observation.product, date: observation.date, vix: observation.vix,
                                           timeToExpiry: observation.timeToExpiry)
        let model = coefficients.spread(mid: observation.mid, absoluteDelta: observation.absoluteDelta, expiryTerm: term)
        return Foundation.log(model / observation.spread)
    }

    /// The fit on every day but `day`.
    public static func fit(_ observations: [SpreadObservation], leavingOut day: TradingDate) -> SpreadFit? {
        fit(observations.filter { $0.date != day })
    }

    /// Each day's quotes judged by the fit on every other day: the median |log error| over
    /// all quotes, the fit used for each day and each day's median |log error| under it.
    public static func leaveOneDayOut(_ observations: [SpreadObservation])
        -> (medianAbsoluteLogError: Double, fits: [TradingDate: SpreadFit], dayErrors: [TradingDate: Double]) {
        var fits: [TradingDate: SpreadFit] = [:]
        var dayErrors: [TradingDate: Double] = [:]
        var errors: [Double] = []
        let days = Set(observations.map(\.date)).sorted()
        for day in days {
            guard let fit = fit(observations, leavingOut: day) else { continue }
            fits[day] = fit
            let own = observations.filter { $0.date == day }.map { abs(logError(fit.coefficients, $0)) }
            dayErrors[day] = median(own)
            errors += own
        }
        return (median(errors), fits, dayErrors)
    }

    /// Each day's median |log error| under this fit.
    public func dayErrors(_ observations: [SpreadObservation]) -> [TradingDate: Double] {
        var byDay: [TradingDate: [Double]] = [:]
        for o in observations { byDay[o.date, default: []].append(abs(Self.logError(coefficients, o))) }
        return byDay.mapValues(Self.median)
    }

    /// The median (NaN when empty).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let m = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m])
    }
}
