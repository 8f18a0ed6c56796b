/// A batch that carries ``ContractColumns`` beside the figure particular to it
/// (``OptionBatch``: a volatility; ``QuoteBatch``: a premium). The contract columns are read
/// through the batch as if they were its own.
public protocol ContractBatch {
    /// What each option of the batch is.
    var contracts: ContractColumns { get }
}

extension ContractBatch {
    /// Kernel type codes (+1 call, -1 put); see ``type(at:)``.
    @inlinable public var typeCodes: [Int8] { contracts.typeCodes }
    /// Underlying price of each option, index points (the future's price for Black-76).
    @inlinable public var spot: [Double] { contracts.spot }
    /// Strike of each option, index points.
    @inlinable public var strike: [Double] { contracts.strike }
    /// Time to expiry of each option, years (ACT/365).
    @inlinable public var timeToExpiry: [Double] { contracts.timeToExpiry }
    /// Risk-free rate of each option, continuously compounded per year.
    @inlinable public var rate: [Double] { contracts.rate }
    /// Dividend yield of each option, continuously compounded per year.
    @inlinable public var dividendYield: [Double] { contracts.dividendYield }

    /// The number of options in the batch.
    @inlinable public var count: Int { contracts.count }
    /// Whether the batch holds no option.
    @inlinable public var isEmpty: Bool { contracts.isEmpty }

    /// Call or put, for the option at `index` (which must be in `0..<count`).
    @inlinable public func type(at index: Int) -> OptionType { contracts.type(at: index) }
}
