import Market
import Pricing

/// One trading day's close: a row of `ledger.csv`.
///
/// Greeks are portfolio totals in display units (the `Pricing` raw derivatives scaled by
/// quantity x multiplier, then as follows), all in SPX-equivalent terms (an XSP leg counts as
/// one tenth of the SPX move; a VIX leg's greeks are taken against VIX and enter `vega`
/// through its own vega):
/// - `delta`: dollars of P&L per 1-point rise of SPX.
/// - `gamma`: change of `delta` (dollars per point) per 1-point rise of SPX.
/// - `vega`: dollars of P&L per 1 volatility point (0.01 of sigma) rise.
/// - `theta`: dollars of P&L per calendar day passing (raw theta / 365).
public struct LedgerRow: Sendable, Hashable, Codable {
    /// The session.
    public var date: TradingDate
    /// Account value marked at the day's close (cash plus the mark of the open legs), dollars.
    public var equity: Double
    /// Cash at the close, dollars (premiums, fees, settlements and interest so far).
    public var cash: Double
    /// Interest credited to cash at the start of this session for the time since the last
    /// close (``TreasuryBillAccrual``), dollars; 0 on the first session or with
    /// ``CashInterest/none``.
    public var interest: Double
    /// Positions open at the close.
    public var openPositions: Int
    /// Dollars of P&L per 1-point rise of SPX (see above).
    public var delta: Double
    /// Change of ``delta`` per 1-point rise of SPX.
    public var gamma: Double
    /// Dollars of P&L per volatility point (0.01 of sigma).
    public var vega: Double
    /// Dollars of P&L per calendar day.
    public var theta: Double
    /// The book's loss under "SPX -5% at once, VIX up by the scenario rule", dollars, positive
    /// for a loss (what the notch ladder limits).
    public var stressLoss5pct: Double
    /// The RevFibNotch limit in force at the close, dollars.
    public var notchLimit: Double
    /// The probe sentiment at the close (`Bullish`, `Bearish`, `Neutral`, `Volatile`, or as
    /// the strategy names it).
    public var sentiment: String

    /// A row from its figures, in the units of its properties.
    public init(date: TradingDate, equity: Double, cash: Double, interest: Double = 0, openPositions: Int, delta: Double,
                gamma: Double, vega: Double, theta: Double, stressLoss5pct: Double, notchLimit: Double,
                sentiment: String) {
        self.date = date
        self.equity = equity
        self.cash = cash
        self.interest = interest
        self.openPositions = openPositions
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
        self.stressLoss5pct = stressLoss5pct
        self.notchLimit = notchLimit
        self.sentiment = sentiment
    }
}
