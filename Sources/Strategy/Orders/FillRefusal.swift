import Market
import Pricing

/// Why an order did not fill. The order is refused whole: no leg fills alone.
public enum FillRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// No legs, or the legs net to nothing.
    case emptyOrder
    /// The day's chain has no quote for this series.
    case missingQuote(Leg)
    /// A side is NaN or infinite, or the bid is negative.
    case invalidQuote(Leg, bid: Double, ask: Double)
    /// bid == ask: no market to cross.
    case lockedQuote(Leg, price: Double)
    /// bid > ask.
    case crossedQuote(Leg, bid: Double, ask: Double)
    /// A reported fill price (net debit per combo unit, points) outside the combo's bid and
    /// ask, `low...high` in the same terms.
    case outsideQuotes(price: Double, low: Double, high: Double)

    public var description: String {
        switch self {
        case .emptyOrder: "empty order"
        case let .missingQuote(leg): "no quote for \(Self.series(leg))"
        case let .invalidQuote(leg, bid, ask): "invalid quote \(bid)/\(ask) for \(Self.series(leg))"
        case let .lockedQuote(leg, price): "locked quote at \(price) for \(Self.series(leg))"
        case let .crossedQuote(leg, bid, ask): "crossed quote \(bid)/\(ask) for \(Self.series(leg))"
        case let .outsideQuotes(price, low, high):
            "net debit \(price) per unit lies outside the combo's bid and ask, \(low) to \(high)"
        }
    }

    static func series(_ leg: Leg) -> String {
        "\(leg.product.rawValue) \(leg.expiry.settlementDate.isoString) \(leg.strike) \(leg.type)"
    }
}
