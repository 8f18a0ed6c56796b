import Foundation

/// Fits the VIX bid/ask parameters of ``SpreadModel`` to a real VIX chain.
///
/// The model's spread of an option worth m points, t years out, on a day with VIX close V, is
/// (V / referenceVIX)^e (a + b sqrt(m)) e^{g t} before the quotes are rounded to the tick
/// grid. One day cannot tell the regime exponent e from the level, so e is kept as given;
/// a, b and g are fitted in relative error (each quote's full spread weighs the same in
/// proportion), g on a grid of 0.05 per year from 0 to 3 with a and b by linear least
/// squares (``LeastSquares``) at each g, a and b kept at or above 0.
///
/// The quotes are those of ``VIXOptionCalibration/observations(_:rate:forward:)``: two-sided,
/// out of the money, mid at least 0.05, 14 to 200 days.
public enum VIXSpreadCalibration {
    /// The fitted parameters and how the rounded model quotes compare with the real ones.
    public struct Fit: Sendable {
        public var parameters: ProductSpreadParameters
        /// Median of the model's quoted width (after tick rounding) over the real width.
        public var medianWidthRatio: Double
        /// The same for the parameters the fit started from.
        public var startMedianWidthRatio: Double
        /// Median absolute log error of the unrounded model spread.
        public var medianAbsoluteLogError: Double
        public var quotes: Int
    }

    /// Fits `observations` quoted on a day with VIX close `vix`, starting from `start` (its
    /// ticks and regime exponent are kept).
    public static func fit(_ observations: [VIXOptionCalibration.Observation], vix: Double,
                           start: SpreadModel = .default) throws(LeastSquares.Failure) -> Fit {
        let p0 = start.vix
        let regime = Foundation.pow(vix / start.referenceVIX, p0.regimeExponent)
        var best: (cost: Double, a: Double, b: Double, g: Double)?
        for step in 0...60 {
            let g = Double(step) * 0.05
            var rows: [[Double]] = [], rhs: [Double] = []
            for o in observations {
                let spread = o.ask - o.bid
                let scale = regime * Foundation.exp(g * o.timeToExpiry) / spread
                rows.append([scale, scale * o.mid.squareRoot()])
                rhs.append(1)
            }
            var solution = try LeastSquares.solve(rows: rows, rhs: rhs)
            // A negative coefficient is refitted with it held at 0.
            if solution.x[0] < 0 || solution.x[1] < 0 {
                let keep = solution.x[0] < 0 ? 1 : 0
                let single = try LeastSquares.solve(rows: rows.map { [$0[keep]] }, rhs: rhs)
                solution.x = keep == 1 ? [0, max(single.x[0], 0)] : [max(single.x[0], 0), 0]
            }
            var cost = 0.0
            for (i, row) in rows.enumerated() {
                let e = row[0] * solution.x[0] + row[1] * solution.x[1] - rhs[i]
                cost += e * e
            }
            if best == nil || cost < best!.cost { best = (cost, solution.x[0], solution.x[1], g) }
        }
        let fitted = ProductSpreadParameters(ticks: p0.ticks, intercept: best!.a, sqrtPriceCoefficient: best!.b,
                                             regimeExponent: p0.regimeExponent, termWidening: best!.g)
        var model = start
        model.vix = fitted
        var logErrors: [Double] = []
        for o in observations {
            let raw = regime * (fitted.intercept + fitted.sqrtPriceCoefficient * o.mid.squareRoot())
                * Foundation.exp(fitted.termWidening * o.timeToExpiry)
            logErrors.append(abs(Foundation.log(raw / (o.ask - o.bid))))
        }
        return Fit(parameters: fitted, medianWidthRatio: medianWidthRatio(observations, vix: vix, model: model),
                   startMedianWidthRatio: medianWidthRatio(observations, vix: vix, model: start),
                   medianAbsoluteLogError: median(logErrors), quotes: observations.count)
    }

    /// The median of the model's quoted width (``SpreadModel/quote(mid:product:date:vix:timeToExpiry:absoluteDelta:)``
    /// around the real mid) over the real width.
    public static func medianWidthRatio(_ observations: [VIXOptionCalibration.Observation], vix: Double,
                                        model: SpreadModel) -> Double {
        median(observations.map { o in
            // The VIX rule reads neither the date nor delta: any date serves.
            let quote = model.quote(mid: o.mid, product: .vix, date: o.expiration, vix: vix, timeToExpiry: o.timeToExpiry,
                                    absoluteDelta: 0)
            return (quote.ask - quote.bid) / (o.ask - o.bid)
        })
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
    }
}
