/// The first four moments of a return series, as the probabilistic and deflated Sharpe ratios
/// need them: the per-period Sharpe ratio, the skewness and the raw kurtosis.
///
/// Units are those of the returns (per period: per day, per month); nothing is annualized.
/// The standard deviation uses the n − 1 (sample) denominator; skewness and kurtosis are the
/// moment ratios m₃/m₂^1.5 and m₄/m₂² of the central moments with the n denominator, the
/// estimators Bailey and López de Prado use. Kurtosis is raw: 3 for normal returns.
public struct ReturnMoments: Sendable, Equatable {
    /// Why a series has no moments.
    public enum InputError: Error, Equatable, CustomStringConvertible {
        /// Fewer than two returns: no deviation can be measured.
        case tooFewObservations(count: Int)
        /// A NaN or infinite return at this zero-based position.
        case nonFiniteReturn(index: Int)
        /// Every return is the same: the Sharpe ratio, skewness and kurtosis are undefined.
        case constantSeries(value: Double)

        public var description: String {
            switch self {
            case let .tooFewObservations(count):
                "a return series needs at least 2 observations, got \(count)"
            case let .nonFiniteReturn(index):
                "return at index \(index) (zero-based) is not a finite number"
            case let .constantSeries(value):
                "every return equals \(value): the series has no deviation"
            }
        }
    }

    public let count: Int
    public let mean: Double
    /// Sample standard deviation (n − 1 denominator).
    public let standardDeviation: Double
    /// m₃ / m₂^1.5; 0 for a symmetric series.
    public let skewness: Double
    /// m₄ / m₂²; 3 for a normal series (not the excess kurtosis).
    public let kurtosis: Double

    /// mean / standardDeviation, per period.
    public var sharpeRatio: Double { mean / standardDeviation }

    public init(_ returns: [Double]) throws {
        guard returns.count >= 2 else { throw InputError.tooFewObservations(count: returns.count) }
        if let bad = returns.firstIndex(where: { !$0.isFinite }) {
            throw InputError.nonFiniteReturn(index: bad)
        }
        let n = Double(returns.count)
        let mean = returns.reduce(0, +) / n
        // Two passes around the mean: the raw power sums would cancel for small, steady returns.
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for r in returns {
            let d = r - mean
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        guard m2 > 0, returns.contains(where: { $0 != returns[0] }) else {
            throw InputError.constantSeries(value: returns[0])
        }
        count = returns.count
        self.mean = mean
        standardDeviation = (m2 / (n - 1)).squareRoot()
        m2 /= n
        m3 /= n
        m4 /= n
        skewness = m3 / (m2 * m2.squareRoot())
        kurtosis = m4 / (m2 * m2)
    }
}
