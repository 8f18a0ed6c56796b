import Market
import Pricing

/// An order to open (or close) the given legs, with the quotes each leg would trade against.
///
/// The strategy's components choose what to trade; pricing the order as a combo, with
/// slippage and fees, is the fill model's business. ``midPremium`` and ``naturalPremium``
/// are the two reference prices every fill model is bounded by.
public struct OrderTicket: Sendable, Hashable {
    /// Signed quantities: positive buys, negative sells.
    public var legs: [Leg]
    /// `quotes[i]` is the quote of `legs[i]` on the decision day.
    public var quotes: [OptionQuote]

    /// An order for `legs`, with one quote per leg (`quotes.count == legs.count`; anything else
    /// stops the program).
    public init(legs: [Leg], quotes: [OptionQuote]) {
        precondition(legs.count == quotes.count, "OrderTicket: one quote per leg")
        self.legs = legs
        self.quotes = quotes
    }

    /// Net premium received at mid, dollars (positive: a credit; negative: a debit).
    public var midPremium: Double {
        zip(legs, quotes).reduce(0) { $0 - Double($1.0.quantity) * $1.1.mid * $1.0.multiplier }
    }

    /// Net premium received when every leg trades at its own side of the market (buys at the
    /// ask, sells at the bid), dollars: the worst price a combo fill may have.
    public var naturalPremium: Double {
        zip(legs, quotes).reduce(0) { total, pair in
            let (leg, quote) = pair
            let price = leg.quantity > 0 ? quote.ask : quote.bid
            return total - Double(leg.quantity) * price * leg.multiplier
        }
    }

    /// Whether every leg's quote can be traded (see `OptionQuote.isTradable`).
    public var isTradable: Bool { quotes.allSatisfy(\.isTradable) }

    /// Net position delta of the legs, per unit of underlying (sum of quantity x delta, no
    /// multiplier).
    public var delta: Double {
        zip(legs, quotes).reduce(0) { $0 + Double($1.0.quantity) * $1.1.delta }
    }
}

/// Prices an order as the engine's fill model would: the net premium received in dollars
/// after fees (positive a credit, negative a debit), or nil when it would not fill.
public typealias OrderPricer = @Sendable (OrderTicket) -> Double?

/// Reference pricers for decisions taken before a fill model is wired in.
public enum OrderPricers {
    /// Every order fills at mid, without fees.
    public static let mid: OrderPricer = { ticket in ticket.isTradable ? ticket.midPremium : nil }
}
