import Market
import Pricing

/// A position valued on the day's quotes, in dollars (long value positive).
public struct PositionValuation: Sendable, Hashable {
    /// The position, by its id.
    public let positionID: Int
    /// Σ quantity x multiplier x mid over the legs; nil when any leg lacks a usable quote.
    public let midValue: Double?
    /// What closing the position at the natural side would bring: longs sold at the bid,
    /// shorts bought back at the ask. Nil when any leg lacks a usable quote.
    public let liquidationValue: Double?
    /// Legs without a quote, or with a non-finite bid or ask (they make the values nil).
    public let unquotedLegs: [Leg]
    /// Whether any quote used was synthesized rather than read from a real chain.
    public let usesSyntheticQuotes: Bool

    /// Whether every leg had a usable quote.
    public var isComplete: Bool { unquotedLegs.isEmpty }

    /// Profit since opening if the position were worth its mid value: value + open credit.
    public func unrealizedPnL(of position: Position) -> Double? {
        midValue.map { $0 + position.openCredit }
    }
}

/// Every open position marked on one day.
public struct PortfolioValuation: Sendable {
    /// The session the quotes are of.
    public let date: TradingDate
    /// The account's cash, dollars.
    public let cash: Double
    /// Every open position's valuation, in the portfolio's order.
    public let positions: [PositionValuation]

    /// Sum of the positions' mid values; nil when any position could not be marked.
    public var positionsValue: Double? {
        var total = 0.0
        for mark in positions {
            guard let value = mark.midValue else { return nil }
            total += value
        }
        return total
    }

    /// Cash plus the positions at mid; nil when any position could not be marked.
    public var equity: Double? { positionsValue.map { cash + $0 } }

    /// Cash plus what closing everything at the natural side would leave.
    public var liquidationEquity: Double? {
        var total = cash
        for mark in positions {
            guard let value = mark.liquidationValue else { return nil }
            total += value
        }
        return total
    }

    /// Positions that could not be fully marked (the caller decides: carry the last mark,
    /// value by model, or stop; never a silent NaN).
    public var incomplete: [PositionValuation] { positions.filter { !$0.isComplete } }
}
