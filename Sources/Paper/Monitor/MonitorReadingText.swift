import Foundation
import Strategy

extension MonitorReading {
    /// The reading as a plain-text report: the greeks table, the quality figures, the plan's
    /// lines and the stress matrix (dollars rounded to whole dollars).
    public var tableText: String {
        var out = "Book on \(date)" + (stateDate.map { " (state saved at the close of \($0))" } ?? "") + "\n"
        out += "SPX \(fixed(spx, 2))  VIX \(fixed(vix, 2))  equity \(dollars(equity))  cash \(dollars(cash))  "
        out += "open positions \(openPositions)  notch limit \(dollars(notchLimit))\n\n"

        out += "Greeks (units: per contract x quantity x multiplier; dollars against the index close)\n"
        let header = ["component", "underlying", "positions", "delta", "delta $", "gamma", "gamma $/1%", "vega/pt",
                      "theta/day"]
        var rows: [[String]] = []
        for row in greeks.rows {
            rows.append([row.label, row.underlying.rawValue.uppercased(), String(row.positions), fixed(row.delta, 2),
                         dollars(row.deltaDollars), fixed(row.gamma, 4), dollars(row.gammaDollars), dollars(row.vega),
                         dollars(row.theta)])
        }
        out += Self.table(header: header, rows: rows)
        out += "delta: $ per SPX point (VIX: per point of the futures); delta $ = delta x index close; "
        out += "gamma $/1% = gamma x close² / 100\n"
        if !greeks.unpriced.isEmpty {
            out += "unpriced legs (left out of every figure): \(greeks.unpriced.count)\n"
        }
        out += "\nQuality (targets: the backtest's daily gates)\n"
        let perButterfly = quality.netDeltaPerCoreButterfly.map { fixed($0, 3) } ?? "n/a"
        let targets = quality.targets
        out += Self.table(header: ["figure", "value", "target", ""], rows: [
            ["net delta per core butterfly (\(quality.coreButterflies) open)", perButterfly,
             targets.netDeltaPerCoreButterfly.text, mark(quality.netDeltaPasses)],
            ["+10 vol points P&L / equity (\(dollars(quality.volUp10PnL)))", fixed(quality.volUp10Share, 4),
             targets.volUp10Share.text, mark(quality.volUp10Passes)],
            ["theta per day, dollars", fixed(quality.thetaPerDay, 2), targets.averageTheta.text, mark(quality.thetaPasses)],
            ["delta dollars / equity", fixed(quality.deltaDollarsShare, 4), "", ""],
            ["SPX -5%, VIX by rule (+\(fixed(lines.minus5.shock.vixChange, 1))): loss", dollars(lines.minus5.loss),
             targets.stress5pctLoss.text, mark(lines.minus5Passes)],
            ["SPX -7%, VIX spike (+\(fixed(lines.crash7.shock.vixChange, 1))): P&L", dollars(lines.crash7.pnl),
             targets.crash7PnL.text, mark(lines.crash7Passes)],
        ])

        out += "\nStress matrix: book P&L, dollars (rows SPX move, columns VIX rise in points)\n"
        let matrixHeader = ["SPX"] + matrix.vixPoints.map { "VIX +" + StressMatrix.pointsText($0) }
        var matrixRows: [[String]] = []
        for (r, move) in matrix.spxMoves.enumerated() {
            var cells = [StressMatrix.percentText(move)]
            for c in matrix.vixPoints.indices {
                let pnl = matrix.pnl(row: r, column: c)
                let flag = lines.cellPasses(spxMove: move, pnl: pnl).map { $0 ? " ok" : " FAIL" } ?? ""
                cells.append(dollars(pnl) + flag)
            }
            matrixRows.append(cells)
        }
        out += Self.table(header: matrixHeader, rows: matrixRows)
        out += "-5% cells: loss at most $5k; -7% cells: P&L at least 0\n"
        if !(matrix.cells.first?.isComplete ?? true) {
            out += "incomplete: \(matrix.cells[0].unpriced.count) legs could not be repriced\n"
        }
        return out
    }

    /// Right-aligned columns, the first left-aligned.
    static func table(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

/// `PASS`, `FAIL` or `n/a`.
func mark(_ passed: Bool?) -> String {
    guard let passed else { return "n/a" }
    return passed ? "PASS" : "FAIL"
}

/// Fixed decimals, `-` for a non-finite number.
func fixed(_ value: Double, _ decimals: Int) -> String {
    value.isFinite ? String(format: "%.\(decimals)f", value) : "-"
}

/// Whole dollars with a sign for losses: `-4,212`.
func dollars(_ value: Double) -> String {
    guard value.isFinite else { return "-" }
    let whole = Int(value.rounded())
    let digits = String(abs(whole))
    var grouped = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { grouped += "," }
        grouped.append(ch)
    }
    return (whole < 0 ? "-" : "") + grouped
}
