import CSupport

/// A batch of European options to price: the contracts and a volatility for each, in
/// struct-of-arrays form, the layout the kernels read.
///
/// Units as in ``ContractColumns``; `volatility` per 1.00 (0.20 is 20%).
public struct OptionBatch: ContractBatch, Sendable, Equatable {
    /// What each option is.
    public private(set) var contracts = ContractColumns()
    /// The volatility of each option, per 1.00 (0.20 is 20%).
    public private(set) var volatility: [Double] = []

    /// An empty batch.
    public init() {}

    /// An empty batch with room for `capacity` options.
    public init(reservingCapacity capacity: Int) {
        reserveCapacity(capacity)
    }

    /// Makes room for `capacity` options in every column.
    public mutating func reserveCapacity(_ capacity: Int) {
        contracts.reserveCapacity(capacity)
        volatility.reserveCapacity(capacity)
    }

    /// Appends one option. Values are stored as given; the kernels return NaN for an option
    /// outside the model's domain (see ``BlackScholes``).
    ///
    /// - Parameters:
    ///   - type: Call or put.
    ///   - spot: Underlying price in index points (the future's price for Black-76).
    ///   - strike: Strike in index points.
    ///   - timeToExpiry: Years (ACT/365).
    ///   - rate: Continuously compounded per year (0.05 is 5%).
    ///   - dividendYield: Continuously compounded per year (equal to `rate` for Black-76).
    ///   - volatility: Per 1.00 (0.20 is 20%).
    public mutating func append(
        _ type: OptionType, spot: Double, strike: Double, timeToExpiry: Double,
        rate: Double, dividendYield: Double, volatility: Double
    ) {
        contracts.append(type, spot: spot, strike: strike, timeToExpiry: timeToExpiry,
                         rate: rate, dividendYield: dividendYield)
        self.volatility.append(volatility)
    }

    /// Removes every option, keeping the columns' storage by default so that a batch can be
    /// refilled without allocating.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        contracts.removeAll(keepingCapacity: keepingCapacity)
        volatility.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Replaces every volatility (e.g. for a vol shock), per 1.00. Contract: `volatility.count`
    /// equals `count`; another count stops the program.
    public mutating func setVolatilities(_ volatility: [Double]) {
        precondition(volatility.count == count, "setVolatilities: \(volatility.count) values for \(count) options")
        self.volatility = volatility
    }

    /// Replaces every spot (e.g. to revalue the batch at a new index level), in index points.
    /// Contract: `spot.count` equals `count`; another count stops the program.
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
    /// A batch from whole columns, in the units of
    /// ``append(_:spot:strike:timeToExpiry:rate:dividendYield:volatility:)``.
    ///
    /// - Throws: ``PricingError/lengthMismatch(column:expected:found:)`` naming the first column
    ///   whose length differs from `types.count`.
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

    /// A sentence naming the column and both lengths.
    public var description: String {
        switch self {
        case let .lengthMismatch(column, expected, found):
            "column \(column) has \(found) values, expected \(expected)"
        }
    }
}
