import Market
import Pricing

/// The exit rules of a position opened for a credit (probe spreads and core butterflies).
///
/// Profit and loss are measured from the position's opening credit (``Position/openCredit``)
/// to its current mark: P&L = openCredit + mark value. The thresholds are inclusive ("at 65%",
/// "at a loss of 2x", "at 5 DTE") except the delta limit, which fires when exceeded; a
/// relative tolerance of 1e-9 keeps a mark exactly at a threshold from missing it by rounding.
/// When several rules hold on the same day the first of stop loss, profit target, delta limit,
/// time exit is reported.
public struct CreditExitRule: Sendable, Hashable {
    /// Share of the opening credit captured that closes the position.
    public var profitTarget: Double
    /// Loss, as a multiple of the opening credit, that closes the position (2: a loss of twice
    /// the credit, i.e. a closing debit of three times it).
    public var lossMultiple: Double
    /// Close at or below this many calendar days to expiry.
    public var exitDTE: Int
    /// Close when |delta| per contract exceeds this; nil for no delta rule.
    public var maxDeltaPerContract: Double?

    /// A rule with the thresholds of its properties.
    public init(profitTarget: Double, lossMultiple: Double, exitDTE: Int, maxDeltaPerContract: Double? = nil) {
        self.profitTarget = profitTarget
        self.lossMultiple = lossMultiple
        self.exitDTE = exitDTE
        self.maxDeltaPerContract = maxDeltaPerContract
    }

    static let tolerance = 1e-9

    /// The reason to close now, or nil to hold.
    /// - Parameters:
    ///   - openCredit: dollars received at the opening (after fees); the profit and loss
    ///     rules apply only to a positive credit.
    ///   - mark: today's mark of the whole position.
    ///   - daysToExpiry: calendar days from today to settlement.
    ///   - contracts: the position's size in units of its structure (a 3-lot spread: 3).
    public func evaluate(openCredit: Double, mark: PositionMark, daysToExpiry: Int, contracts: Int) -> ExitReason? {
        if openCredit > 0 {
            let pnl = openCredit + mark.value
            let slack = Self.tolerance * openCredit
            if -pnl >= lossMultiple * openCredit - slack { return .stopLoss }
            if pnl >= profitTarget * openCredit - slack { return .profitTarget }
        }
        if let limit = maxDeltaPerContract, contracts > 0, abs(mark.delta) / Double(contracts) > limit {
            return .deltaLimit
        }
        if daysToExpiry <= exitDTE { return .timeExit }
        return nil
    }

    /// ``evaluate(openCredit:mark:daysToExpiry:contracts:)`` for an open position on `date`.
    public func evaluate(_ position: Position, mark: PositionMark, on date: TradingDate) -> ExitReason? {
        evaluate(openCredit: position.openCredit, mark: mark, daysToExpiry: position.daysToExpiry(from: date),
                 contracts: position.contracts)
    }
}
