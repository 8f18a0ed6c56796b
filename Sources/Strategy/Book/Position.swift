import Market
import Pricing

/// An open (or closed) multi-leg position.
public struct Position: Sendable, Hashable, Identifiable, Codable {
    /// Unique within a run, in opening order.
    public var id: Int
    /// The strategy component that opened it (probe, core, hedge).
    public var component: Component
    /// Its legs, as opened.
    public var legs: [Leg]
    /// The session it was opened on.
    public var openDate: TradingDate
    /// Net premium received when opened, in dollars, after fees (negative for a debit).
    public var openCredit: Double
    /// The most the position can lose from its opening, in dollars (Reg-T requirement for a
    /// defined-risk position; the debit paid for a long spread).
    public var maxRisk: Double
    /// The VIX close on the opening day (hedges' take-off rule reads it).
    public var entryVIX: Double

    /// A position from its fields, in the units of its properties.
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

extension Position {
    /// The position's size in units of its structure: the smallest |quantity| among its legs
    /// (a 2-lot butterfly +2/-4/+2 is 2 contracts).
    public var contracts: Int { legs.map { abs($0.quantity) }.min() ?? 0 }
}
