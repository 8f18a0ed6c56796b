import Market
import Pricing

/// One order the session sent to the fill model, filled or not, numbered in the order sent:
/// the exits first, then the plan's entries and hedge orders.
///
/// Prices are per combo unit in points per share, signed as a net debit (positive paid,
/// negative received), as ``ComboFill``'s. The same state and chains give the same orders
/// with the same numbers, so a plan printed before the session names the orders the session
/// then fills (``ReportedFills`` refers to them).
public struct OrderRecord: Sendable, Hashable, Codable {
    /// The session.
    public var date: TradingDate
    /// 1-based, in the order sent during the session.
    public var number: Int
    public var component: Component
    /// `open` for an entry; the exit, roll or take-off reason for a closing order.
    public var reason: FillReason
    /// The position the order opened (once filled) or closes; nil for a refused entry.
    public var positionID: Int?
    /// The legs as sent, signed quantities in contracts.
    public var legs: [Leg]
    /// Combo units (the legs' greatest common divisor); nil when refused before pricing.
    public var units: Int?
    /// The fill model's price; nil when the quotes refused the order.
    public var modelPrice: Double?
    /// Every leg at its mid.
    public var midPrice: Double?
    /// Buy at asks, sell at bids: the worst price inside the quotes.
    public var naturalPrice: Double?
    /// The price filled at; nil when not filled.
    public var price: Double?
    /// Whether ``price`` is a fill the trader reported rather than the model's.
    public var reported: Bool
    /// Fees charged, dollars.
    public var fees: Double
    /// The Reg-T requirement the opened position holds, dollars (entries only).
    public var buyingPower: Double?
    /// Why the order did not fill (quotes, buying power); nil when filled.
    public var refusal: String?

    public init(date: TradingDate, number: Int, component: Component, reason: FillReason, positionID: Int?, legs: [Leg], units: Int?,
                modelPrice: Double?, midPrice: Double?, naturalPrice: Double?, price: Double?, reported: Bool,
                fees: Double, buyingPower: Double?, refusal: String?) {
        self.date = date
        self.number = number
        self.component = component
        self.reason = reason
        self.positionID = positionID
        self.legs = legs
        self.units = units
        self.modelPrice = modelPrice
        self.midPrice = midPrice
        self.naturalPrice = naturalPrice
        self.price = price
        self.reported = reported
        self.fees = fees
        self.buyingPower = buyingPower
        self.refusal = refusal
    }

    /// Whether the order filled.
    public var isFilled: Bool { price != nil && refusal == nil }

    /// The lowest net debit inside the quotes (the favourable side): mid - (natural - mid).
    public var favourablePrice: Double? {
        guard let midPrice, let naturalPrice else { return nil }
        return 2 * midPrice - naturalPrice
    }

    /// Where the fill lies in the combo's bid-ask width: 0 at the favourable side, 0.5 at mid,
    /// 1 at the natural side (``ComboFill/spreadShare`` of the fill); nil when not filled.
    public var spreadShare: Double? {
        guard let price, let midPrice, let naturalPrice else { return nil }
        let half = naturalPrice - midPrice
        return half > 0 ? 0.5 * (1 + (price - midPrice) / half) : 0.5
    }

    /// What identifies the order between a plan and the session that fills it.
    public var signature: OrderSignature { OrderSignature(legs: legs) }
}

/// The series and signed quantities of an order, as text: two orders with the same legs in
/// the same order have the same signature.
public struct OrderSignature: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(legs: [Leg]) {
        description = legs.map { leg in
            "\(leg.product.rawValue) \(leg.expiry.settlementDate.isoString) \(leg.expiry.style) "
                + "\(leg.type == .call ? "C" : "P") \(leg.strike) x\(leg.quantity)"
        }.joined(separator: " | ")
    }
}
