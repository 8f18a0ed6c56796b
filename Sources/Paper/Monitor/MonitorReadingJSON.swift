import Backtest
import Strategy

extension MonitorReading {
    /// The reading for machines: every figure unrounded, in the units of the types' documentation
    /// (dollars; greeks in units and dollars), keys sorted.
    public var json: JSONValue {
        func row(_ row: GreekRow) -> JSONValue {
            .object([
                ("component", .string(row.label)), ("underlying", .string(row.underlying.rawValue)),
                ("positions", .integer(row.positions)), ("level", .number(row.level)),
                ("units", .object([("delta", .number(row.delta)), ("gamma", .number(row.gamma)),
                                   ("vega_per_vol_point", .number(row.vega)), ("theta_per_day", .number(row.theta))])),
                ("dollars", .object([("delta", .number(row.deltaDollars)), ("delta_per_1pct", .number(row.deltaDollarsPerPercent)),
                                     ("gamma_per_1pct", .number(row.gammaDollars)), ("vega_per_vol_point", .number(row.vega)),
                                     ("theta_per_day", .number(row.theta))])),
            ])
        }
        func pass(_ value: Bool?) -> JSONValue { value.map { .bool($0) } ?? .null }
        var cells: [JSONValue] = []
        for (r, move) in matrix.spxMoves.enumerated() {
            for (c, points) in matrix.vixPoints.enumerated() {
                let pnl = matrix.pnl(row: r, column: c)
                cells.append(.object([("spx_move", .number(move)), ("vix_points", .number(points)), ("pnl", .number(pnl)),
                                      ("passes", pass(lines.cellPasses(spxMove: move, pnl: pnl)))]))
            }
        }
        return .object([
            ("date", .string(date.description)), ("state_date", stateDate.map { .string($0.description) } ?? .null),
            ("spx", .number(spx)), ("vix", .number(vix)), ("equity", .number(equity)), ("cash", .number(cash)),
            ("open_positions", .integer(openPositions)), ("notch_limit", .number(notchLimit)),
            ("greeks", .array(greeks.rows.map(row))),
            ("unpriced_legs", .integer(greeks.unpriced.count)),
            ("quality", .object([
                ("core_butterflies", .integer(quality.coreButterflies)),
                ("net_delta_per_core_butterfly", .number(quality.netDeltaPerCoreButterfly)),
                ("net_delta_passes", pass(quality.netDeltaPasses)),
                ("vol_up10_pnl", .number(quality.volUp10PnL)), ("vol_up10_share", .number(quality.volUp10Share)),
                ("vol_up10_passes", .bool(quality.volUp10Passes)),
                ("theta_per_day", .number(quality.thetaPerDay)), ("theta_passes", .bool(quality.thetaPasses)),
                ("delta_dollars_share", .number(quality.deltaDollarsShare)),
            ])),
            ("plan_lines", .object([
                ("minus5_loss", .number(lines.minus5.loss)), ("minus5_vix_change", .number(lines.minus5.shock.vixChange)),
                ("minus5_passes", .bool(lines.minus5Passes)),
                ("crash7_pnl", .number(lines.crash7.pnl)), ("crash7_vix_change", .number(lines.crash7.shock.vixChange)),
                ("crash7_passes", .bool(lines.crash7Passes)),
            ])),
            ("stress_matrix", .object([
                ("spx_moves", .array(matrix.spxMoves.map { .number($0) })),
                ("vix_points", .array(matrix.vixPoints.map { .number($0) })),
                ("cells", .array(cells)),
            ])),
        ])
    }
}
