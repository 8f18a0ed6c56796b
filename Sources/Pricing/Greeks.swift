import CSupport

/// Price and greeks of one option (or totals of a book), raw derivatives per DESIGN section 2:
/// delta dV/dS, gamma d2V/dS2, vega dV/dsigma per 1.00 of vol, theta per year of calendar
/// time (theta / 365 per day), rho dV/dr per 1.00 of rate.
public struct Greeks: Sendable, Equatable, Hashable {
    public var price: Double
    public var delta: Double
    public var gamma: Double
    public var vega: Double
    public var theta: Double
    public var rho: Double

    public init(price: Double, delta: Double, gamma: Double, vega: Double, theta: Double, rho: Double) {
        self.price = price
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
        self.rho = rho
    }

    public static let zero = Greeks(price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0)
}

/// The six figures the kernels produce, in their storage order.
public enum GreekFigure: Int, CaseIterable, Sendable {
    case price, delta, gamma, vega, theta, rho

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
/// which is the matrix the BLAS aggregation multiplies.
public struct GreeksBatch: Sendable, Equatable {
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

    public subscript(index: Int) -> Greeks {
        precondition(index >= 0 && index < count, "GreeksBatch index \(index) out of 0..<\(count)")
        return Greeks(
            price: storage[index], delta: storage[count + index], gamma: storage[2 * count + index],
            vega: storage[3 * count + index], theta: storage[4 * count + index], rho: storage[5 * count + index])
    }

    /// One figure of every option.
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
