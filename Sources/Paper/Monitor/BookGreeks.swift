import Market
import Pricing
import Strategy

/// The book's greeks per component and in total, from the ``GreekMonitor``'s report.
///
/// SPX and XSP legs are in SPX terms; VIX legs (the hedges) are on the VIX futures and kept
/// apart: a VIX delta added to an SPX delta means nothing. Vega and theta are dollars on both
/// sides, so ``vega`` and ``theta`` add them up, as the ledger does.
public struct BookGreeks: Sendable {
    /// One row per component holding legs on an underlying, SPX side first, then the total
    /// of each underlying that has legs.
    public let rows: [GreekRow]
    /// The SPX-side total (every SPX and XSP leg).
    public let spx: GreekRow
    /// The VIX-side total.
    public let vix: GreekRow
    /// Legs left out of every figure (no quote or no model inputs that day).
    public let unpriced: [UnpricedLeg]

    /// Book vega, dollars per vol point, both underlyings.
    public var vega: Double { spx.vega + vix.vega }
    /// Book theta, dollars per calendar day, both underlyings.
    public var theta: Double { spx.theta + vix.theta }

    /// The rows of `report` with dollars taken against the day's SPX and VIX closes.
    public init(report: GreekReport, spxLevel: Double, vixLevel: Double) {
        func level(_ underlying: GreekUnderlying) -> Double { underlying == .spx ? spxLevel : vixLevel }
        var rows: [GreekRow] = []
        for underlying in GreekUnderlying.allCases {
            for component in Component.allCases {
                let parts = report.positions.filter { $0.underlying == underlying && $0.component == component }
                guard !parts.isEmpty else { continue }
                let totals = parts.map(\.totals).reduce(Greeks.zero, Self.sum)
                rows.append(GreekRow(component: component, underlying: underlying, level: level(underlying),
                                     totals: totals, positions: parts.count))
            }
        }
        func total(_ underlying: GreekUnderlying) -> GreekRow {
            GreekRow(component: nil, underlying: underlying, level: level(underlying), totals: report[underlying].totals,
                     positions: Set(report.positions.filter { $0.underlying == underlying }.map(\.positionID)).count)
        }
        spx = total(.spx)
        vix = total(.vix)
        self.rows = rows + [spx, vix].filter { $0.positions > 0 }
        unpriced = report.unpriced
    }

    private static func sum(_ a: Greeks, _ b: Greeks) -> Greeks {
        Greeks(price: a.price + b.price, delta: a.delta + b.delta, gamma: a.gamma + b.gamma, vega: a.vega + b.vega,
               theta: a.theta + b.theta, rho: a.rho + b.rho)
    }
}
