import Market
import Pricing

/// Risk figures of one trading day that the gates read but `ledger.csv` does not show. One per
/// ledger row, same date.
public struct DailyRisk: Sendable, Hashable, Codable {
    /// The session.
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
    /// Core butterflies open at the close, in units of the structure (``Position/contracts``
    /// summed over core positions): what the delta-neutral tolerance is counted per.
    public var coreButterflies: Int

    /// A day's figures, in the units of its properties.
    public init(date: TradingDate, spxClose: Double, volUp10PnL: Double, crash7PnL: Double, riskFreeRate: Double = 0,
                treasuryBillReturn: Double = 0, coreButterflies: Int = 0) {
        self.date = date
        self.spxClose = spxClose
        self.volUp10PnL = volUp10PnL
        self.crash7PnL = crash7PnL
        self.riskFreeRate = riskFreeRate
        self.treasuryBillReturn = treasuryBillReturn
        self.coreButterflies = coreButterflies
    }

    /// `|delta x SPX|`: the dollar value of the book's SPX exposure.
    public func deltaDollars(_ row: LedgerRow) -> Double { abs(row.delta * spxClose) }

    /// Core butterflies among `positions`: Σ of the core positions' ``Position/contracts``
    /// (a 2-lot butterfly counts 2).
    public static func coreButterflies(in positions: [Position]) -> Int {
        positions.filter { $0.component == .core }.reduce(0) { $0 + $1.contracts }
    }

    /// The book's net delta per open core butterfly: `|Σ quantity x delta|` in SPX contracts
    /// (the ledger's dollars per SPX point over the SPX multiplier of 100; an XSP contract
    /// counts a tenth) over ``coreButterflies``. Nil when no core butterfly is open: the
    /// plan's tolerance is stated per butterfly, so a day without one has no figure.
    public func netDeltaPerCoreButterfly(_ row: LedgerRow) -> Double? {
        guard coreButterflies > 0 else { return nil }
        return abs(row.delta / OptionProduct.spx.multiplier) / Double(coreButterflies)
    }
}
