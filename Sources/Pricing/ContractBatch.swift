/// A batch that carries ``ContractColumns`` beside the figure particular to it
/// (``OptionBatch``: a volatility; ``QuoteBatch``: a premium). The contract columns are read
/// through the batch as if they were its own.
public protocol ContractBatch {
    /// What each option of the batch is.
    var contracts: ContractColumns { get }
}

extension ContractBatch {
    /// Kernel type codes (+1 call, -1 put); see `type(at:)`.
    @inlinable public var typeCodes: [Int8] { contracts.typeCodes }
    @inlinable public var spot: [Double] { contracts.spot }
    @inlinable public var strike: [Double] { contracts.strike }
    @inlinable public var timeToExpiry: [Double] { contracts.timeToExpiry }
    @inlinable public var rate: [Double] { contracts.rate }
    @inlinable public var dividendYield: [Double] { contracts.dividendYield }

    @inlinable public var count: Int { contracts.count }
    @inlinable public var isEmpty: Bool { contracts.isEmpty }

    @inlinable public func type(at index: Int) -> OptionType { contracts.type(at: index) }
}
