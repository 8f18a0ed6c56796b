import CSupport

/// A batch of European options to price: the contracts and a volatility for each, in
/// struct-of-arrays form, the layout the kernels read.
///
/// Units as in ``ContractColumns``; `volatility` per 1.00 (0.20 is 20%).
public struct OptionBatch: ContractBatch, Sendable, Equatable {
    /// What each option is.
    public private(set) var contracts = ContractColumns()
    public private(set) var volatility: [Double] = []

    public init() {}

    /// An empty batch with room for `capacity` options.
    public init(reservingCapacity capacity: Int) {
        reserveCapacity(capacity)
    }

    public mutating func reserveCapacity(_ capacity: Int) {
        contracts.reserveCapacity(capacity)
        volatility.reserveCapacity(capacity)
    }

    /// Appends one option. Values are stored as given; the kernels return NaN for an option
    /// outside the model's domain (see `BlackScholes`).
    public mutating func append(
        _ type: OptionType, spot: Double, strike: Double, timeToExpiry: Double,
        rate: Double, dividendYield: Double, volatility: Double
    ) {
        contracts.append(type, spot: spot, strike: strike, timeToExpiry: timeToExpiry,
                         rate: rate, dividendYield: dividendYield)
        self.volatility.append(volatility)
    }

    public mutating func removeAll(keepingCapacity: Bool = true) {
        contracts.removeAll(keepingCapacity: keepingCapacity)
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
        contracts.replaceSpots(spot)
    }

    /// Calls `body` with the kernels' view of the batch. The pointers live only inside `body`.
    func withKernelInputs<R>(_ body: (inout spx_bs_inputs) throws -> R) rethrows -> R {
        try contracts.withKernelContracts { columns in
            try volatility.withUnsafeBufferPointer { v in
                var inputs = spx_bs_inputs(contracts: columns, sigma: v.baseAddress)
                return try body(&inputs)
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
        self.contracts = ContractColumns(
            typeCodes: types.map(\.kernelCode), spot: spot, strike: strike, timeToExpiry: timeToExpiry,
            rate: rate, dividendYield: dividendYield)
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
