import Market
import Pricing

/// The part of the strategy a position belongs to.
public enum Component: String, Sendable, Hashable, Codable, CaseIterable {
    /// XSP put credit spreads that scout the market.
    case probe
    /// The SPX put broken-wing butterfly income core.
    case core
    /// VIX call spreads that protect the book.
    case hedge
}

/// One option leg of a position: `quantity` contracts (positive long, negative short) of one
/// listed series.
public struct Leg: Sendable, Hashable, Codable {
    public var product: OptionProduct
    public var expiry: ListedExpiry
    public var type: OptionType
    public var strike: Double
    /// Signed number of contracts: +1 long one, -2 short two.
    public var quantity: Int

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
        let intrinsic = type == .call ? max(settlement - strike, 0) : max(strike - settlement, 0)
        return intrinsic * Double(quantity) * multiplier
    }
}

/// An open (or closed) multi-leg position.
public struct Position: Sendable, Hashable, Identifiable, Codable {
    /// Unique within a run, in opening order.
    public var id: Int
    public var component: Component
    public var legs: [Leg]
    public var openDate: TradingDate
    /// Net premium received when opened, in dollars, after fees (negative for a debit).
    public var openCredit: Double
    /// The most the position can lose from its opening, in dollars (Reg-T requirement for a
    /// defined-risk position; the debit paid for a long spread).
    public var maxRisk: Double
    /// The VIX close on the opening day (hedges' take-off rule reads it).
    public var entryVIX: Double

    public init(id: Int, component: Component, legs: [Leg], openDate: TradingDate, openCredit: Double,
                maxRisk: Double, entryVIX: Double) {
        self.id = id
        self.component = component
        self.legs = legs
        self.openDate = openDate
        self.openCredit = openCredit
        self.maxRisk = maxRisk
        self.entryVIX = entryVIX
    }

    /// The earliest settlement among the legs (all legs of one position share an expiry in
    /// this strategy, but the rule does not depend on it).
    public var expiry: ListedExpiry { legs.map(\.expiry).min()! }

    /// Calendar days from `date` to the position's expiry.
    public func daysToExpiry(from date: TradingDate) -> Int { expiry.calendarDays(from: date) }
}
