import CSupport

/// Price and greeks of one option (or totals of a book), raw derivatives per DESIGN section 2:
/// delta dV/dS, gamma d2V/dS2, vega dV/dsigma per 1.00 of vol, theta per year of calendar
/// time (theta / 365 per day), rho dV/dr per 1.00 of rate.
///
/// For one option the figures are per unit of underlying (price in index points); for a
/// ``Book`` total they are multiplied by the position weights (dollars with weights of
/// quantity x multiplier). Theta is dV/d(calendar time), the negative of dV/d(time to expiry).
public struct Greeks: Sendable, Equatable, Hashable {
    /// Value V.
    public var price: Double
    /// dV/dS, per index point of spot.
    public var delta: Double
    /// d2V/dS2, per index point squared.
    public var gamma: Double
    /// dV/dsigma, per 1.00 of volatility (vega / 100 per vol point).
    public var vega: Double
    /// dV/d(calendar time), per year (theta / 365 per day).
    public var theta: Double
    /// dV/dr, per 1.00 of rate (rho / 100 per percentage point), dividend yield held.
    public var rho: Double

    /// Figures as given, in the units of the properties.
    public init(price: Double, delta: Double, gamma: Double, vega: Double, theta: Double, rho: Double) {
        self.price = price
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
        self.rho = rho
    }

    /// All six figures zero: the totals of an empty book.
    public static let zero = Greeks(price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0)
}

/// The six figures the kernels produce, in their storage order (the raw value is the column of
/// ``GreeksBatch/storage``).
public enum GreekFigure: Int, CaseIterable, Sendable {
    /// ``Greeks/price``, column 0.
    case price
    /// ``Greeks/delta``, column 1.
    case delta
    /// ``Greeks/gamma``, column 2.
    case gamma
    /// ``Greeks/vega``, column 3.
    case vega
    /// ``Greeks/theta``, column 4.
    case theta
    /// ``Greeks/rho``, column 5.
    case rho

    /// The figure's name in lower case, as reports and the command line print it.
    public var name: String {
        switch self {
        case .price: "price"
        case .delta: "delta"
        case .gamma: "gamma"
        case .vega: "vega"
        case .theta: "theta"
        case .rho: "rho"
        }
    }
}

/// Price and greeks of a batch, stored column-major in one buffer (`figure * count + index`),
/// which is the matrix the book aggregation multiplies.
///
/// ``BlackScholes/greeks(_:into:path:)`` fills it; ``Book/totals(of:)`` multiplies it by the
/// position weights. Units as in ``Greeks``, per unit of underlying.
public struct GreeksBatch: Sendable, Equatable {
    /// The number of options.
    public private(set) var count: Int
    /// All six columns, `GreekFigure.allCases.count * count` values.
    public private(set) var storage: [Double]

    /// A batch of `count` zeros.
    public init(count: Int) {
        self.count = count
        self.storage = [Double](repeating: 0, count: GreekFigure.allCases.count * count)
    }

    /// Resizes to `count` (contents unspecified afterwards), reusing the allocation when it can.
    public mutating func resize(to count: Int) {
        guard count != self.count else { return }
        self.count = count
        let needed = GreekFigure.allCases.count * count
        if storage.count > needed {
            storage.removeLast(storage.count - needed)
        } else {
            storage.append(contentsOf: repeatElement(0, count: needed - storage.count))
        }
    }

    /// The six figures of the option at `index`, which must be in `0..<count` (anything else
    /// stops the program, as an array's subscript does).
    public subscript(index: Int) -> Greeks {
        precondition(index >= 0 && index < count, "GreeksBatch index \(index) out of 0..<\(count)")
        return Greeks(
            price: storage[index], delta: storage[count + index], gamma: storage[2 * count + index],
            vega: storage[3 * count + index], theta: storage[4 * count + index], rho: storage[5 * count + index])
    }

    /// One figure of every option, in batch order (a slice of ``storage``, no copy).
    public func values(of figure: GreekFigure) -> ArraySlice<Double> {
        storage[(figure.rawValue * count)..<((figure.rawValue + 1) * count)]
    }

    mutating func withKernelOutputs<R>(_ body: (inout spx_bs_outputs) throws -> R) rethrows -> R {
        let n = count
        return try storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress
            var outputs = spx_bs_outputs(
                price: base, delta: base.map { $0 + n }, gamma: base.map { $0 + 2 * n },
                vega: base.map { $0 + 3 * n }, theta: base.map { $0 + 4 * n }, rho: base.map { $0 + 5 * n })
            return try body(&outputs)
        }
    }
}
