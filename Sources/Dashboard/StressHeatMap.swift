import Backtest
import Foundation

/// The stress matrix as a heat map: one row per SPX move, one column per VIX rise, each cell the
/// book's P&L in whole dollars, coloured red (loss) or green (gain), the deeper the larger
/// against the largest |P&L| of the matrix. The rows the plan draws a line on (SPX −5%: at most
/// a $5k loss; SPX −7%: breakeven) outline each cell by whether it meets the line, and end
/// with the line's own scenario (VIX up by the stress rule) and its verdict.
///
/// Element ids, for scripts and tests: the table `stress-matrix`, cell `stress-cell-ROW-COLUMN`
/// (from 0, top left), the lines `stress-line-minus5` and `stress-line-crash7`.
struct StressHeatMap {
    var matrix: DashboardStressMatrix

    var html: String {
        if let reason = matrix.unavailable { return "<p id=\"stress-unavailable\">\(escapeHTML(reason))</p>\n" }
        let scale = matrix.pnl.flatMap { $0 }.compactMap { $0 }.map(abs).max() ?? 0
        var out = "<table class=\"heat matrix\" id=\"stress-matrix\">\n<tr><th class=\"l\">SPX move</th>"
        for points in matrix.vixPoints { out += "<th>VIX +\(Self.points(points))</th>" }
        out += "<th class=\"l\">Plan line</th></tr>\n"
        for (row, move) in matrix.spxMoves.enumerated() {
            out += "<tr><th class=\"l\">SPX \(Self.percent(move))</th>"
            for column in matrix.vixPoints.indices {
                let value = matrix.pnl[row][column]
                let verdict = matrix.passes[row][column].map { $0 ? " class=\"pass\"" : " class=\"fail\"" } ?? ""
                out += "<td id=\"stress-cell-\(row)-\(column)\"\(verdict) style=\"background:\(Self.color(value ?? .nan, scale: scale))\" "
                    + "title=\"SPX \(Self.percent(move)), VIX +\(Self.points(matrix.vixPoints[column]))\">"
                    + "\(escapeHTML(Self.dollars(value)))</td>"
            }
            out += "<td class=\"l\">\(matrix.line(onRow: row).map(lineText) ?? "")</td></tr>\n"
        }
        out += "</table>\n"
        if matrix.unpricedLegs > 0 {
            out += "<p class=\"small\" id=\"stress-unpriced\">\(matrix.unpricedLegs) legs had no quote that day: "
                + "their P&amp;L is in no cell.</p>\n"
        }
        return out
    }

    /// `-5% = at most $5k loss: pass, −$3,210 under SPX −5% with VIX +12.8 (the stress rule)`.
    private func lineText(_ line: DashboardStressMatrix.Line) -> String {
        let id = line.spxMove < -0.06 ? "stress-line-crash7" : "stress-line-minus5"
        let verdict = line.passes ? "<b class=\"pass\">pass</b>" : "<b class=\"fail\">fail</b>"
        let vix = line.vixChange.map { String(format: "%.1f", $0) } ?? "—"
        return "<span id=\"\(id)\">\(escapeHTML(line.rule)): \(verdict), \(escapeHTML(Self.dollars(line.pnl))) under "
            + "SPX \(Self.percent(line.spxMove)) with VIX +\(vix) (the stress rule)</span>"
    }

    /// A cell's background: white at zero, up to a full red (loss) or green (gain) at `scale`.
    static func color(_ value: Double, scale: Double) -> String {
        guard value.isFinite, scale > 0 else { return "#eee" }
        let depth = min(abs(value) / scale, 1)
        let fade = Int((255 * (1 - 0.75 * depth)).rounded())
        return value < 0 ? "rgb(255,\(fade),\(fade))" : "rgb(\(fade),255,\(fade))"
    }

    /// Whole dollars with thousands separators: `-$12,345`, `$0`; `—` when absent.
    static func dollars(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        let whole = value.rounded()
        var digits = String(format: "%.0f", abs(whole))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return (whole < 0 ? "-$" : "$") + digits + grouped
    }

    /// `−10%`, `+1%`, `−2.5%`, with a true minus sign.
    static func percent(_ move: Double) -> String {
        let hundredths = Int((move * 10_000).rounded())
        let size = abs(hundredths)
        let text = size % 100 == 0 ? String(size / 100) : String(format: "%g", Double(size) / 100)
        return (hundredths < 0 ? "−" : hundredths > 0 ? "+" : "") + text + "%"
    }

    /// `5`, `2.5`.
    static func points(_ points: Double) -> String {
        points == points.rounded() ? String(format: "%.0f", points) : String(format: "%g", points)
    }
}
