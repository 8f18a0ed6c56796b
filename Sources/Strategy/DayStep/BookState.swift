import Foundation
import Market

/// Everything the strategy carries from one session to the next: the account, the notch,
/// the hedge manager's memory, the sentiment streak and evidence, and the last marks.
///
/// A value: save it (it is `Codable`; ``jsonData()`` writes it with sorted keys), read it back,
/// and ``DayStep`` continues from it exactly as an uninterrupted run would, to the byte.
public struct BookState: Sendable, Hashable, Codable {
    /// Cash and open positions.
    public var portfolio: Portfolio
    /// The RevFibNotch ladder: the largest stress loss the book may show, moved by its results.
    public var notch: RevFibNotch
    /// The VIX hedge manager's memory: premium spent, hedges taken off, recent core exposure.
    public var hedges: VIXHedgeManager
    /// Consecutive Bullish sessions up to the last one stepped.
    public var streak: BullishStreak
    /// Probes closed so far, oldest first (only the sentiment window is kept).
    public var closedProbes: [ProbeOutcome]
    /// The id the next opened position gets.
    public var nextPositionID: Int
    /// The last complete mark of each open position, dollars (carried when a day cannot mark it).
    public var lastMarks: [Int: Double]
    /// The last VIX close seen, index points (stands in for a missing close).
    public var lastVIX: Double?
    /// Equity before the last session's entries, dollars: the notch's next daily P&L starts
    /// from it, so that entry costs and PM settlements count on the next day.
    public var previousEquity: Double
    /// Initial equity plus the cash flow of every trade row so far, dollars (the audit's
    /// check on cash).
    public var cashFromTrades: Double
    /// The last session stepped; the next must come after it.
    public var lastDate: TradingDate?
    /// The T-bill rate (continuous, annual) at the last close: what cash earns until the next.
    public var lastRiskFreeRate: Double?
    /// Interest credited to cash so far, dollars (cash = ``cashFromTrades`` + this).
    public var interestEarned: Double

    /// The book before the first session of a run: the configured account in cash, the notch
    /// at its start, nothing open.
    public init(config: StrategyConfig) {
        portfolio = Portfolio(cash: config.accountSize)
        notch = RevFibNotch(config: config.notch)
        hedges = VIXHedgeManager(config: config.hedge)
        streak = BullishStreak()
        closedProbes = []
        nextPositionID = 1
        lastMarks = [:]
        lastVIX = nil
        previousEquity = config.accountSize
        cashFromTrades = config.accountSize
        lastDate = nil
        lastRiskFreeRate = nil
        interestEarned = 0
    }

    /// The state as JSON with sorted keys: the same state gives the same bytes.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// A state saved by ``jsonData()``.
    public static func decode(json data: Data) throws -> BookState {
        try JSONDecoder().decode(BookState.self, from: data)
    }
}
