import Market
import Pricing

/// One leg of a filled combo. Prices are points per unit of underlying ("per share");
/// dollar figures multiply by contracts x multiplier and say so.
public struct LegFill: Sendable, Hashable {
    /// The series and its signed total quantity in contracts.
    public let leg: Leg
    /// The quote the leg filled against (its `OptionQuote.source` says real or synthesized).
    public let quote: OptionQuote
    /// Fill price in points per share, inside [bid, ask].
    public let price: Double

    /// (bid + ask) / 2, in points per share.
    public var mid: Double { 0.5 * (quote.bid + quote.ask) }

    /// Dollars received (positive) or paid (negative) for the leg, before fees.
    public var cashFlow: Double { -Double(leg.quantity) * leg.multiplier * price }

    /// |price - mid| x contracts x multiplier, in dollars.
    public var slippage: Double { abs(price - mid) * Double(abs(leg.quantity)) * leg.multiplier }

    /// |price| x contracts x multiplier, in dollars.
    public var premiumTraded: Double { abs(price) * Double(abs(leg.quantity)) * leg.multiplier }
}

/// A multi-leg order filled as one combo.
///
/// Combo prices are per combo unit in points per share, signed as a net debit: positive when
/// we pay, negative when we receive. A combo unit is the legs divided by the greatest common
/// divisor of their quantities (three +1/-2/+1 butterflies are 3 units of +1/-2/+1).
public struct ComboFill: Sendable, Hashable {
    /// One entry per distinct series, quantities netted, in the order first seen.
    public let legs: [LegFill]
    /// Number of combo units.
    public let units: Int
    /// Net debit per unit at the natural sides (buy at asks, sell at bids).
    public let naturalPrice: Double
    /// Net debit per unit at the legs' mids.
    public let midPrice: Double
    /// Net debit per unit of the fill: Σ ratio x leg fill price, so the legs sum to it exactly.
    public let price: Double
    /// The share of the natural spread travelled from the favourable side (see ``FillModel``):
    /// 0.5 fills at mid, 1 at the natural price.
    public let spreadShare: Double
    /// Commissions and exchange fees, dollars (>= 0).
    public let fees: Double

    /// Distinct series in the order (a -2 body counts once).
    public var legCount: Int { legs.count }

    /// The combo's bid-ask width per unit, Σ |ratio| x (ask - bid), points per share
    /// (twice the distance from mid to natural).
    public var width: Double { 2 * (naturalPrice - midPrice) }

    /// Total contracts traded, every leg counted.
    public var contracts: Int { legs.reduce(0) { $0 + abs($1.leg.quantity) } }

    /// Dollars received (positive) or paid (negative) for the premium, before fees.
    public var premiumCashFlow: Double { legs.reduce(0) { $0 + $1.cashFlow } }

    /// Dollars received (positive) or paid (negative), after fees.
    public var netCashFlow: Double { premiumCashFlow - fees }

    /// Σ over legs of |fill - mid| x contracts x multiplier, dollars.
    public var slippage: Double { legs.reduce(0) { $0 + $1.slippage } }

    /// Σ over legs of |fill| x contracts x multiplier, dollars.
    public var premiumTraded: Double { legs.reduce(0) { $0 + $1.premiumTraded } }

    /// Slippage as a share of the premium traded (0 when nothing was traded).
    public var slippageShare: Double { premiumTraded > 0 ? slippage / premiumTraded : 0 }

    /// Whether any leg filled against a synthesized quote.
    public var usesSyntheticQuotes: Bool { legs.contains { $0.quote.source == .synthetic } }
}
