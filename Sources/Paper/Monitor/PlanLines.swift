import Backtest
import Strategy

/// The plan's stress lines on one book, judged by the backtest's gate targets
/// (``GateTargets``): "SPX -5% = at most $5k loss" under the notch ladder's scenario
/// (``StressScenario/minus5``, VIX up by the scenario rule), "SPX -7% = breakeven" under the
/// crash scenario (``StressScenario/crash7``, the rule's VIX rise x 1.5), and "+10 vol points
/// = at most 5% of the account" (``StressScenario/vegaPlus10``).
///
/// These are the scenarios the ledger's `stress_loss_5pct` and the risk table's
/// `crash7_pnl` and `vol_up10_pnl` come from, so the monitor's lines and the backtest's
/// daily gates judge the same figures.
public struct PlanLines: Sendable {
    public let minus5: StressResult
    public let crash7: StressResult
    public let volUp10: StressResult
    /// The equity the vega share is taken of, dollars.
    public let equity: Double
    public let targets: GateTargets

    /// "-5% = at most $5k loss".
    public var minus5Passes: Bool { targets.stress5pctLoss.isMet(by: minus5.loss) }
    /// "-7% = breakeven": P&L at least zero.
    public var crash7Passes: Bool { targets.crash7PnL.isMet(by: crash7.pnl) }
    /// `|P&L of +10 vol points| / equity`; NaN without positive equity (then it fails).
    public var volUp10Share: Double { equity > 0 ? abs(volUp10.pnl) / equity : .nan }
    public var volUp10Passes: Bool { targets.volUp10Share.isMet(by: volUp10Share) }

    /// Whether a matrix cell at SPX `move` meets the line drawn for that move: -5% rows at most
    /// the $5k loss, -7% rows at least breakeven; nil for other rows.
    public func cellPasses(spxMove move: Double, pnl: Double) -> Bool? {
        if abs(move + 0.05) < 1e-12 { return targets.stress5pctLoss.isMet(by: max(-pnl, 0)) }
        if abs(move + 0.07) < 1e-12 { return targets.crash7PnL.isMet(by: pnl) }
        return nil
    }
}
