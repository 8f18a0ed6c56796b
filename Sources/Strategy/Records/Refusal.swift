import Market
import Pricing

/// An order the strategy wanted and the account or the market refused: a row of `refusals.csv`.
public struct Refusal: Sendable, Hashable, Codable {
    /// The session the order was refused on.
    public var date: TradingDate
    /// The component that wanted the order.
    public var component: Component
    /// Why, in words (e.g. "buying power", "no quote", "notch limit").
    public var reason: String

    /// A refusal of `component`'s order on `date`, `reason` in words.
    public init(date: TradingDate, component: Component, reason: String) {
        self.date = date
        self.component = component
        self.reason = reason
    }
}
