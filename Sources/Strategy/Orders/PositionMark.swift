import Market
import Pricing

/// A position's mark on the decision day from that day's closing quotes.
public struct PositionMark: Sendable, Hashable {
    /// What the position is worth at mid, dollars (sum of quantity x mid x multiplier; a
    /// short credit spread is worth a negative amount, the debit that closes it).
    public var value: Double
    /// Net delta per unit of underlying (sum of quantity x delta; multiply by the multiplier
    /// for dollars per point).
    public var delta: Double

    /// A mark of `value` dollars and `delta` per unit of underlying.
    public init(value: Double, delta: Double) {
        self.value = value
        self.delta = delta
    }

    /// The mark of `position` from `chain` (the chain of the position's product) at the quotes'
    /// midpoints (bid + ask) / 2, the value the ledger and the fill model use; nil when a leg's
    /// series is missing from the chain or its quote is not finite.
    public init?(position: Position, chain: OptionChain) {
        var value = 0.0, delta = 0.0
        for leg in position.legs {
            guard leg.product == chain.product, let e = chain.expiryPosition(leg.expiry),
                  let i = chain.index(expiry: e, type: leg.type, strike: leg.strike) else { return nil }
            let quote = chain[i]
            let mid = 0.5 * (quote.bid + quote.ask)
            guard mid.isFinite, quote.delta.isFinite else { return nil }
            value += Double(leg.quantity) * mid * leg.multiplier
            delta += Double(leg.quantity) * quote.delta
        }
        self.init(value: value, delta: delta)
    }
}
