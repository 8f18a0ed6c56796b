import Market
import Pricing

/// An order the strategy wanted and the account or the market refused: a row of `refusals.csv`.
public struct Refusal: Sendable, Hashable, Codable {
    public var date: TradingDate
    public var component: Component
    /// Why, in words (e.g. "buying power", "no quote", "notch limit").
    public var reason: String

    public init(date: TradingDate, component: Component, reason: String) {
        self.date = date
        self.component = component
        self.reason = reason
    }
}
