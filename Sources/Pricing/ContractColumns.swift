import CSupport

/// The columns that say what each option of a batch is, struct-of-arrays: type, spot, strike,
/// time to expiry, rate and dividend yield. Shared by the two kinds of batch, which differ
/// only in the figure they carry with it: ``OptionBatch`` a volatility to price with,
/// ``QuoteBatch`` a premium to invert.
///
/// Units (DESIGN section 2): spot and strike in index points; `timeToExpiry` in years
/// (ACT/365); `rate` and `dividendYield` continuously compounded per year. Black-76 on a
/// future F: spot = F and dividendYield = rate.
public struct ContractColumns: Sendable, Equatable {
    /// Kernel type codes (+1 call, -1 put); see ``type(at:)``.
    public private(set) var typeCodes: [Int8] = []
    /// Underlying price of each option, index points (the future's price for Black-76).
    public private(set) var spot: [Double] = []
    /// Strike of each option, index points.
    public private(set) var strike: [Double] = []
    /// Time to expiry of each option, years (ACT/365).
    public private(set) var timeToExpiry: [Double] = []
    /// Risk-free rate of each option, continuously compounded per year (0.05 is 5%).
    public private(set) var rate: [Double] = []
    /// Dividend yield of each option, continuously compounded per year.
    public private(set) var dividendYield: [Double] = []

    /// No contracts. Columns grow through the batches that own them
    /// (``OptionBatch/append(_:spot:strike:timeToExpiry:rate:dividendYield:volatility:)``,
    /// ``QuoteBatch/append(_:spot:strike:timeToExpiry:rate:dividendYield:price:)``).
    public init() {}

    /// Whole columns, which the caller has checked to be of one length.
    init(typeCodes: [Int8], spot: [Double], strike: [Double], timeToExpiry: [Double],
         rate: [Double], dividendYield: [Double]) {
        self.typeCodes = typeCodes
        self.spot = spot
        self.strike = strike
        self.timeToExpiry = timeToExpiry
        self.rate = rate
        self.dividendYield = dividendYield
    }

    /// The number of contracts.
    public var count: Int { typeCodes.count }
    /// Whether there is no contract.
    public var isEmpty: Bool { typeCodes.isEmpty }

    /// Call or put, for the contract at `index` (which must be in `0..<count`).
    public func type(at index: Int) -> OptionType {
        typeCodes[index] == 1 ? .call : .put
    }

    mutating func reserveCapacity(_ capacity: Int) {
        typeCodes.reserveCapacity(capacity)
        spot.reserveCapacity(capacity)
        strike.reserveCapacity(capacity)
        timeToExpiry.reserveCapacity(capacity)
        rate.reserveCapacity(capacity)
        dividendYield.reserveCapacity(capacity)
    }

    mutating func append(
        _ type: OptionType, spot: Double, strike: Double, timeToExpiry: Double,
        rate: Double, dividendYield: Double
    ) {
        typeCodes.append(type.kernelCode)
        self.spot.append(spot)
        self.strike.append(strike)
        self.timeToExpiry.append(timeToExpiry)
        self.rate.append(rate)
        self.dividendYield.append(dividendYield)
    }

    mutating func removeAll(keepingCapacity: Bool) {
        typeCodes.removeAll(keepingCapacity: keepingCapacity)
        spot.removeAll(keepingCapacity: keepingCapacity)
        strike.removeAll(keepingCapacity: keepingCapacity)
        timeToExpiry.removeAll(keepingCapacity: keepingCapacity)
        rate.removeAll(keepingCapacity: keepingCapacity)
        dividendYield.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Replaces every spot; the caller has checked that `spot.count == count`.
    mutating func replaceSpots(_ spot: [Double]) {
        self.spot = spot
    }

    /// Calls `body` with the kernels' view of the columns. The pointers live only inside `body`.
    func withKernelContracts<R>(_ body: (spx_contracts) throws -> R) rethrows -> R {
        try typeCodes.withUnsafeBufferPointer { ty in
            try spot.withUnsafeBufferPointer { s in
                try strike.withUnsafeBufferPointer { k in
                    try timeToExpiry.withUnsafeBufferPointer { t in
                        try rate.withUnsafeBufferPointer { r in
                            try dividendYield.withUnsafeBufferPointer { q in
                                try body(spx_contracts(
                                    count: ty.count, type: ty.baseAddress, spot: s.baseAddress,
                                    strike: k.baseAddress, t: t.baseAddress, rate: r.baseAddress,
                                    div: q.baseAddress))
                            }
                        }
                    }
                }
            }
        }
    }
}
