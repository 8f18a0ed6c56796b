import Market
import Pricing

/// One option leg of a position: `quantity` contracts (positive long, negative short) of one
/// listed series.
public struct Leg: Sendable, Hashable, Codable {
    /// SPX, XSP or VIX options.
    public var product: OptionProduct
    /// The series' expiry, with its settlement style and time.
    public var expiry: ListedExpiry
    /// Call or put.
    public var type: OptionType
    /// Strike in the product's own points (XSP strikes are one tenth of SPX's).
    public var strike: Double
    /// Signed number of contracts: +1 long one, -2 short two.
    public var quantity: Int

    /// A leg of `quantity` contracts (positive long, negative short) of one series.
    public init(product: OptionProduct, expiry: ListedExpiry, type: OptionType, strike: Double, quantity: Int) {
        self.product = product
        self.expiry = expiry
        self.type = type
        self.strike = strike
        self.quantity = quantity
    }

    /// Dollars per point of this leg's premium per contract (the product's multiplier).
    public var multiplier: Double { product.multiplier }

    /// The leg's value at settlement when the underlying settles at `settlement`, in dollars
    /// (intrinsic value x quantity x multiplier).
    public func settlementValue(at settlement: Double) -> Double {
        intrinsicValue(at: settlement) * Double(quantity) * multiplier
    }

    /// The series' value per unit at expiry when the underlying settles at `settlement`, in
    /// the product's points (never negative).
    public func intrinsicValue(at settlement: Double) -> Double {
        type == .call ? max(settlement - strike, 0) : max(strike - settlement, 0)
    }
}
