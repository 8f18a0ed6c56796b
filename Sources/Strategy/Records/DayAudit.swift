import Market

/// One session's reconciliation figures: what the ledger says against what the trade log and
/// the marks say. Kept so that a test (or a suspicious user) can check every day.
public struct DayAudit: Sendable, Hashable, Codable {
    /// The session.
    public var date: TradingDate
    /// Cash in the account at the close, dollars.
    public var cash: Double
    /// Initial equity plus the cash flow of every trade row up to and including this day.
    public var cashFromTrades: Double
    /// Interest credited to cash up to and including this day: `cash = cashFromTrades + interestEarned`.
    public var interestEarned: Double
    /// Σ of the open positions' marks at the close, dollars.
    public var marks: Double
    /// The same marks by component (probe, core, hedge), dollars.
    public var marksByComponent: [Component: Double]
    /// The ledger's equity.
    public var equity: Double
    /// Positions that had no complete quote at the close and carry their last mark.
    public var carriedMarks: Int
    /// Legs the greeks and stress figures could not price (their risk is missing from them).
    public var unpricedLegs: Int
    /// Legs quoted by the model because the built chain did not hold their series.
    public var modelQuotedLegs: Int

    /// An audit from its figures, in the units of its properties.
    public init(date: TradingDate, cash: Double, cashFromTrades: Double, interestEarned: Double = 0, marks: Double,
                marksByComponent: [Component: Double], equity: Double, carriedMarks: Int, unpricedLegs: Int,
                modelQuotedLegs: Int) {
        self.date = date
        self.cash = cash
        self.cashFromTrades = cashFromTrades
        self.interestEarned = interestEarned
        self.marks = marks
        self.marksByComponent = marksByComponent
        self.equity = equity
        self.carriedMarks = carriedMarks
        self.unpricedLegs = unpricedLegs
        self.modelQuotedLegs = modelQuotedLegs
    }
}
