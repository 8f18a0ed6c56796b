import Pricing
import Strategy

/// The greeks of one part of the book on one underlying, in units and in dollars.
///
/// Units follow the ledger (``LedgerRow``): each leg's raw Black-Scholes derivative times its
/// quantity x multiplier, summed (the ``GreekMonitor``'s totals), so
/// - `delta`: dollars per 1-point rise of the underlying (share equivalents; / 100 is SPX
///   contract equivalents),
/// - `gamma`: change of `delta` per 1-point rise,
/// - `vega`: dollars per volatility point (0.01 of sigma),
/// - `theta`: dollars per calendar day.
///
/// Dollars are taken against `level`, the day's close of the index the greeks are measured
/// on (SPX for SPX and XSP legs, in SPX terms; VIX for VIX legs, whose options are on the
/// futures, so the VIX figures are approximate):
/// - ``deltaDollars``: `delta x level`, the exposure in dollars per 1.00 relative move (the
///   backtest's ``DailyRisk/deltaDollars(_:)`` convention, signed); x 0.01 for a 1% move.
/// - ``gammaDollars``: `gamma x level² / 100`, the change of ``deltaDollars`` for a 1% move.
/// - vega and theta are dollars already.
public struct GreekRow: Sendable, Hashable {
    /// The component, or nil for the total of every component on `underlying`.
    public let component: Component?
    public let underlying: GreekUnderlying
    /// Index points the dollar figures are taken against.
    public let level: Double
    public let delta: Double
    public let gamma: Double
    public let vega: Double
    public let theta: Double
    /// Positions with legs on `underlying` counted in this row.
    public let positions: Int

    /// Units from the ``GreekMonitor``'s totals: `totals` in dollars per unit move (vega per
    /// 1.00 of vol, theta per year), converted as the ledger converts them.
    public init(component: Component?, underlying: GreekUnderlying, level: Double, totals: Greeks, positions: Int) {
        self.component = component
        self.underlying = underlying
        self.level = level
        delta = totals.delta
        gamma = totals.gamma
        vega = totals.vega / 100
        theta = totals.theta / 365
        self.positions = positions
    }

    public var deltaDollars: Double { delta * level }
    public var gammaDollars: Double { gamma * level * level / 100 }
    /// P&L of a 1% rise of the underlying to first order, dollars.
    public var deltaDollarsPerPercent: Double { deltaDollars / 100 }

    /// `probe`, `core`, `hedge` or `total`.
    public var label: String { component?.rawValue ?? "total" }
}
