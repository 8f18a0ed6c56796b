import Market
import Strategy

/// What the monitor shows of one book on one day: greeks, the plan's quality figures, the
/// stress matrix and the plan's stress lines.
public struct MonitorReading: Sendable {
    public let date: TradingDate
    /// The session the book state was saved at the close of (nil for a fresh book).
    public let stateDate: TradingDate?
    /// SPX and VIX closes of the day, index points.
    public let spx: Double
    public let vix: Double
    /// Cash plus the open positions at the mid of the day's quotes (a position the day cannot
    /// mark carries its last mark from the state), dollars.
    public let equity: Double
    public let cash: Double
    public let openPositions: Int
    /// The notch limit carried in the state, dollars.
    public let notchLimit: Double
    public let greeks: BookGreeks
    public let quality: PlanQuality
    public let matrix: StressMatrix
    public let lines: PlanLines
}
