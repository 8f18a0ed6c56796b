import Market
import Pricing

/// Closing a position at expiry: the arithmetic of cash settlement.
public struct Settlement: Sendable, Hashable {
    /// The position settled, by its id.
    public let positionID: Int
    /// The settlement price used, in the product's own points (XSP = SPX/10).
    public let settlementPrice: Double
    /// Dollars paid to (positive) or by (negative) the account: Σ intrinsic x quantity x multiplier.
    public let value: Double
    /// Profit of the whole trade: open credit (after fees) plus the settlement value.
    public let realizedPnL: Double
}
