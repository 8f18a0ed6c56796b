import Pricing

/// The per-option columns of an ``OptionChain``, all the same length, sorted by expiry index,
/// type (puts first) and strike: the one place the chain's columns are spelled.
///
/// Builders fill them column by column (``ChainBuilder``), by whole slices of another chain
/// (``append(_:range:expiryIndex:)``, no per-quote copies) or quote by quote.
public struct OptionColumns: Sendable {
    public var expiryIndex: [Int32]
    /// The kernels' type code: 1 call, -1 put.
    public var typeCodes: [Int8]
    public var strikes: [Double]
    public var bids: [Double]
    public var asks: [Double]
    public var mids: [Double]
    public var ivs: [Double]
    public var deltas: [Double]
    public var gammas: [Double]
    public var vegas: [Double]
    public var thetas: [Double]
    public var sources: [QuoteSource]

    public init(expiryIndex: [Int32], typeCodes: [Int8], strikes: [Double], bids: [Double], asks: [Double],
                mids: [Double], ivs: [Double], deltas: [Double], gammas: [Double], vegas: [Double],
                thetas: [Double], sources: [QuoteSource]) {
        self.expiryIndex = expiryIndex
        self.typeCodes = typeCodes
        self.strikes = strikes
        self.bids = bids
        self.asks = asks
        self.mids = mids
        self.ivs = ivs
        self.deltas = deltas
        self.gammas = gammas
        self.vegas = vegas
        self.thetas = thetas
        self.sources = sources
    }

    /// Empty columns with room for `capacity` options.
    public init(capacity: Int = 0) {
        self.init(expiryIndex: [], typeCodes: [], strikes: [], bids: [], asks: [], mids: [], ivs: [], deltas: [],
                  gammas: [], vegas: [], thetas: [], sources: [])
        reserveCapacity(capacity)
    }

    public var count: Int { strikes.count }

    /// Whether every column has the same length.
    public var isRectangular: Bool {
        let n = strikes.count
        return [expiryIndex.count, typeCodes.count, bids.count, asks.count, mids.count, ivs.count, deltas.count,
                gammas.count, vegas.count, thetas.count, sources.count].allSatisfy { $0 == n }
    }

    public mutating func reserveCapacity(_ capacity: Int) {
        expiryIndex.reserveCapacity(capacity); typeCodes.reserveCapacity(capacity)
        strikes.reserveCapacity(capacity); bids.reserveCapacity(capacity); asks.reserveCapacity(capacity)
        mids.reserveCapacity(capacity); ivs.reserveCapacity(capacity); deltas.reserveCapacity(capacity)
        gammas.reserveCapacity(capacity); vegas.reserveCapacity(capacity); thetas.reserveCapacity(capacity)
        sources.reserveCapacity(capacity)
    }

    /// Appends one quote under expiry `e`.
    public mutating func append(_ quote: OptionQuote, expiryIndex e: Int) {
        expiryIndex.append(Int32(e)); typeCodes.append(quote.type.kernelCode)
        strikes.append(quote.strike); bids.append(quote.bid); asks.append(quote.ask); mids.append(quote.mid)
        ivs.append(quote.iv); deltas.append(quote.delta); gammas.append(quote.gamma); vegas.append(quote.vega)
        thetas.append(quote.theta); sources.append(quote.source)
    }

    /// Appends the options `range` of `chain` under expiry `e`, column by column.
    public mutating func append(_ chain: OptionChain, range: Range<Int>, expiryIndex e: Int) {
        guard !range.isEmpty else { return }
        expiryIndex.append(contentsOf: repeatElement(Int32(e), count: range.count))
        typeCodes.append(contentsOf: chain.typeCodes[range])
        strikes.append(contentsOf: chain.strikes[range]); bids.append(contentsOf: chain.bids[range])
        asks.append(contentsOf: chain.asks[range]); mids.append(contentsOf: chain.mids[range])
        ivs.append(contentsOf: chain.ivs[range]); deltas.append(contentsOf: chain.deltas[range])
        gammas.append(contentsOf: chain.gammas[range]); vegas.append(contentsOf: chain.vegas[range])
        thetas.append(contentsOf: chain.thetas[range]); sources.append(contentsOf: chain.sources[range])
    }

    /// A new array with the values of `slice` (never sharing the source's storage).
    static func copy(_ slice: ArraySlice<Double>) -> [Double] {
        [Double](unsafeUninitializedCapacity: slice.count) { buffer, initialized in
            slice.withUnsafeBufferPointer { source in
                if let base = source.baseAddress, slice.count > 0 {
                    buffer.baseAddress!.initialize(from: base, count: slice.count)
                }
            }
            initialized = slice.count
        }
    }
}
