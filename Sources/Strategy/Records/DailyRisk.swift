import Market
import Pricing

/// Risk figures of one trading day that the gates read but `ledger.csv` does not show. One per
/// ledger row, same date.
public struct DailyRisk: Sendable, Hashable, Codable {
    public var date: TradingDate
    /// The SPX close, points: turns the ledger's delta (dollars per point) into delta dollars.
    public var spxClose: Double
    /// The book's P&L, dollars, if implied volatility rose 10 points at once (repriced).
    public var volUp10PnL: Double
    /// The book's P&L, dollars, under "SPX -7% at once with a VIX spike" (repriced).
    public var crash7PnL: Double
    /// The annualized risk-free rate for the day (continuous, ACT/365), as a fraction
    /// (0.05 = 5%); 0 when the run does not supply one.
    public var riskFreeRate: Double
    /// The return of cash in T-bills from the previous close to this one
    /// (``TreasuryBillAccrual``): what the account's cash earned today per dollar, whether or
    /// not the run credits interest. Sharpe and Sortino subtract it from the day's return.
    public var treasuryBillReturn: Double

    public init(date: TradingDate, spxClose: Double, volUp10PnL: Double, crash7PnL: Double, riskFreeRate: Double = 0,
                treasuryBillReturn: Double = 0) {
        self.date = date
        self.spxClose = spxClose
        self.volUp10PnL = volUp10PnL
        self.crash7PnL = crash7PnL
        self.riskFreeRate = riskFreeRate
        self.treasuryBillReturn = treasuryBillReturn
    }

    /// `|delta x SPX|`: the dollar value of the book's SPX exposure.
    public func deltaDollars(_ row: LedgerRow) -> Double { abs(row.delta * spxClose) }
}
