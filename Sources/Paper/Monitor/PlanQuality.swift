import Backtest
import Market
import Strategy

/// The plan's quality figures of the book on one day, computed as the backtest's daily
/// gates compute them (``DailyRisk``, ``GateTargets``).
public struct PlanQuality: Sendable {
    /// Open core butterflies (a 2-lot counts 2), ``DailyRisk/coreButterflies(in:)``.
    public let coreButterflies: Int
    /// `|Σ quantity x delta|` in SPX contracts over ``coreButterflies``
    /// (``DailyRisk/netDeltaPerCoreButterfly(_:)``); nil without an open core butterfly.
    public let netDeltaPerCoreButterfly: Double?
    /// P&L of +10 vol points, dollars, and as a share of equity.
    public let volUp10PnL: Double
    public let volUp10Share: Double
    /// Book theta, dollars per calendar day (SPX and VIX legs).
    public let thetaPerDay: Double
    /// |delta x SPX| as a share of equity: the delta dollars the plan reports beside the
    /// per-butterfly figure.
    public let deltaDollarsShare: Double
    public let targets: GateTargets

    public var netDeltaPasses: Bool? {
        netDeltaPerCoreButterfly.map { targets.netDeltaPerCoreButterfly.isMet(by: $0) }
    }
    public var volUp10Passes: Bool { targets.volUp10Share.isMet(by: volUp10Share) }
    /// The plan wants a positive theta.
    public var thetaPasses: Bool { targets.averageTheta.isMet(by: thetaPerDay) }

    init(date: TradingDate, positions: [Position], greeks: BookGreeks, lines: PlanLines, equity: Double, spx: Double,
         targets: GateTargets) {
        // The backtest's own rows, so that the figures are the gates' own functions of them.
        let risk = DailyRisk(date: date, spxClose: spx, volUp10PnL: lines.volUp10.pnl, crash7PnL: lines.crash7.pnl,
                             coreButterflies: DailyRisk.coreButterflies(in: positions))
        let row = LedgerRow(date: date, equity: equity, cash: 0, openPositions: positions.count, delta: greeks.spx.delta,
                            gamma: greeks.spx.gamma, vega: greeks.vega, theta: greeks.theta,
                            stressLoss5pct: lines.minus5.loss, notchLimit: 0, sentiment: "")
        coreButterflies = risk.coreButterflies
        netDeltaPerCoreButterfly = risk.netDeltaPerCoreButterfly(row)
        volUp10PnL = lines.volUp10.pnl
        volUp10Share = lines.volUp10Share
        thetaPerDay = greeks.theta
        deltaDollarsShare = equity > 0 ? risk.deltaDollars(row) / equity : .nan
        self.targets = targets
    }
}
