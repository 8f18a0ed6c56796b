import Market
import Pricing

/// An order the account was not allowed to carry, with its reason (the trade log records it).
public struct BuyingPowerRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the order was refused.
    public enum Reason: Sendable, Hashable {
        /// The requirement exceeds the buying power left after the order's own cash flow.
        case insufficient(required: Double, available: Double)
        /// The combination has no defined risk (or no strategy-based rule applies).
        case notAllowed(MarginError)
    }

    /// The session of the order.
    public let date: TradingDate
    /// The component whose order it was.
    public let component: Component
    /// Why it was refused.
    public let reason: Reason

    /// A refusal of `component`'s order on `date`.
    public init(date: TradingDate, component: Component, reason: Reason) {
        self.date = date
        self.component = component
        self.reason = reason
    }

    public var description: String {
        let what: String
        switch reason {
        case let .insufficient(required, available):
            what = "requires $\(Self.dollars(required)) of buying power, $\(Self.dollars(available)) available"
        case let .notAllowed(error):
            what = "not allowed: \(error)"
        }
        return "\(date.isoString) \(component.rawValue) order refused: \(what)"
    }

    private static func dollars(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }
}

/// The buying-power test an order must pass before it is sent.
public struct BuyingPower: Sendable, Hashable {
    /// Dollars not already held as margin (cash minus the open positions' requirements).
    public var available: Double

    /// A test against `available` dollars of buying power.
    public init(available: Double) { self.available = available }

    /// Nil when the account can carry the order: its requirement must fit in the available
    /// buying power plus the order's own cash flow (a credit adds to it, a debit and the fees
    /// take from it).
    public func refusal(
        for requirement: MarginRequirement, cashFlow: Double, component: Component, on date: TradingDate
    ) -> BuyingPowerRefusal? {
        let afterOrder = available + cashFlow
        guard requirement.requirement > afterOrder else { return nil }
        return BuyingPowerRefusal(date: date, component: component,
                                  reason: .insufficient(required: requirement.requirement, available: afterOrder))
    }
}
