import CSupport

/// A batch of European options in struct-of-arrays form, the layout the kernels read.
///
/// Units (DESIGN section 2): spot and strike in index points; `timeToExpiry` in years
/// (ACT/365); `rate` and `dividendYield` continuously compounded per year; `volatility` per
/// 1.00 (0.20 is 20%). Black-76 on a future F: spot = F and dividendYield = rate.
public struct OptionBatch: Sendable, Equatable {
    /// Kernel type codes (+1 call, -1 put); see `type(at:)`.
    public private(set) var typeCodes: [Int8] = []
    public private(set) var spot: [Double] = []
    public private(set) var strike: [Double] = []
    public private(set) var timeToExpiry: [Double] = []
    public private(set) var rate: [Double] = []
    public private(set) var dividendYield: [Double] = []
    public private(set) var volatility: [Double] = []

    public init() {}

    /// An empty batch with room for `capacity` options.
    public init(reservingCapacity capacity: Int) {
        reserveCapacity(capacity)
    }

    public var count: Int { typeCodes.count }
    public var isEmpty: Bool { typeCodes.isEmpty }

    public mutating func reserveCapacity(_ capacity: Int) {
        typeCodes.reserveCapacity(capacity)
        spot.reserveCapacity(capacity)
        strike.reserveCapacity(capacity)
        timeToExpiry.reserveCapacity(capacity)
        rate.reserveCapacity(capacity)
        dividendYield.reserveCapacity(capacity)
        volatility.reserveCapacity(capacity)
    }

    /// Appends one option. Values are stored as given; the kernels return NaN for an option
    /// outside the model's domain (see `BlackScholes`).
    public mutating func append(
        _ type: OptionType, spot: Double, strike: Double, timeToExpiry: Double,
        rate: Double, dividendYield: Double, volatility: Double
    ) {
        typeCodes.append(type.kernelCode)
        self.spot.append(spot)
        self.strike.append(strike)
        self.timeToExpiry.append(timeToExpiry)
        self.rate.append(rate)
        self.dividendYield.append(dividendYield)
        self.volatility.append(volatility)
    }

    public mutating func removeAll(keepingCapacity: Bool = true) {
        typeCodes.removeAll(keepingCapacity: keepingCapacity)
        spot.removeAll(keepingCapacity: keepingCapacity)
        strike.removeAll(keepingCapacity: keepingCapacity)
        timeToExpiry.removeAll(keepingCapacity: keepingCapacity)
        rate.removeAll(keepingCapacity: keepingCapacity)
        dividendYield.removeAll(keepingCapacity: keepingCapacity)
        volatility.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Replaces every volatility (e.g. for a vol shock); `volatility.count` must equal `count`.
    public mutating func setVolatilities(_ volatility: [Double]) {
        precondition(volatility.count == count, "setVolatilities: \(volatility.count) values for \(count) options")
        self.volatility = volatility
    }

    /// Replaces every spot; `spot.count` must equal `count`.
    public mutating func setSpots(_ spot: [Double]) {
        precondition(spot.count == count, "setSpots: \(spot.count) values for \(count) options")
        self.spot = spot
    }

    public func type(at index: Int) -> OptionType {
        typeCodes[index] == 1 ? .call : .put
    }

    /// Calls `body` with the kernels' view of the batch. The pointers live only inside `body`.
    func withKernelInputs<R>(_ body: (inout spx_bs_inputs) throws -> R) rethrows -> R {
        try typeCodes.withUnsafeBufferPointer { ty in
            try spot.withUnsafeBufferPointer { s in
                try strike.withUnsafeBufferPointer { k in
                    try timeToExpiry.withUnsafeBufferPointer { t in
                        try rate.withUnsafeBufferPointer { r in
                            try dividendYield.withUnsafeBufferPointer { q in
                                try volatility.withUnsafeBufferPointer { v in
                                    var inputs = spx_bs_inputs(
                                        count: ty.count, type: ty.baseAddress, spot: s.baseAddress,
                                        strike: k.baseAddress, t: t.baseAddress, rate: r.baseAddress,
                                        div: q.baseAddress, sigma: v.baseAddress)
                                    return try body(&inputs)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension OptionBatch {
    /// A batch from whole columns. All columns must have the same length.
    public init(
        types: [OptionType], spot: [Double], strike: [Double], timeToExpiry: [Double],
        rate: [Double], dividendYield: [Double], volatility: [Double]
    ) throws(PricingError) {
        let n = types.count
        for (name, column) in [("spot", spot), ("strike", strike), ("timeToExpiry", timeToExpiry),
                               ("rate", rate), ("dividendYield", dividendYield), ("volatility", volatility)]
        where column.count != n {
            throw .lengthMismatch(column: name, expected: n, found: column.count)
        }
        self.typeCodes = types.map(\.kernelCode)
        self.spot = spot
        self.strike = strike
        self.timeToExpiry = timeToExpiry
        self.rate = rate
        self.dividendYield = dividendYield
        self.volatility = volatility
    }
}

/// Errors of the Pricing API.
public enum PricingError: Error, Equatable, CustomStringConvertible {
    /// Columns of one batch differ in length.
    case lengthMismatch(column: String, expected: Int, found: Int)

    public var description: String {
        switch self {
        case let .lengthMismatch(column, expected, found):
            "column \(column) has \(found) values, expected \(expected)"
        }
    }
}
