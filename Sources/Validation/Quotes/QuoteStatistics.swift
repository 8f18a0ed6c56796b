/// Order statistics of the validation, NaN-tolerant.
enum QuoteStatistics {
    /// The median of the finite values (NaN when none).
    static func median(_ values: [Double]) -> Double {
        let finite = values.filter(\.isFinite).sorted()
        guard !finite.isEmpty else { return .nan }
        let m = finite.count / 2
        return finite.count % 2 == 1 ? finite[m] : 0.5 * (finite[m - 1] + finite[m])
    }

    /// The smallest and largest finite values (NaNs when none).
    static func range(_ values: [Double]) -> (min: Double, max: Double) {
        let finite = values.filter(\.isFinite)
        return (finite.min() ?? .nan, finite.max() ?? .nan)
    }
}
