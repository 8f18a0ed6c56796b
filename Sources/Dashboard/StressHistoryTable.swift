import Backtest
import Strategy

/// The book's stress figures over the last sessions, a small heat map under the matrix: one row
/// per scenario, one column per session, each cell coloured by its P&L (red a loss, green a
/// gain, the deeper the larger against the largest figure shown).
///
/// The scenarios are the journal's own daily risk records, written by the day step at each
/// close: SPX −5% (the notch's stress loss), SPX −7% with VIX up (the crash line) and VIX +10
/// points.
struct StressHistoryTable {
    var ledger: [LedgerRow]
    var risk: [DailyRisk]
    /// Sessions shown, the latest last.
    var sessions = 15

    var html: String {
        let count = min(ledger.count, risk.count, sessions)
        guard count > 0 else { return "<p>No sessions yet.</p>\n" }
        let days = Array(ledger.suffix(count)), risks = Array(risk.suffix(count))
        let rows: [(String, [Double])] = [
            ("SPX −5%", days.map { -$0.stressLoss5pct }),
            ("SPX −7%, VIX up", risks.map(\.crash7PnL)),
            ("VIX +10", risks.map(\.volUp10PnL)),
        ]
        let scale = rows.flatMap(\.1).filter(\.isFinite).map(abs).max() ?? 0
        var out = "<table class=\"heat\" id=\"stress-history\">\n<tr><th class=\"l\">Scenario P&amp;L</th>"
        for day in days { out += "<th>\(escapeHTML(String(day.date.isoString.dropFirst(5))))</th>" }
        out += "</tr>\n"
        for (name, values) in rows {
            out += "<tr><th class=\"l\">\(escapeHTML(name))</th>"
            for value in values {
                out += "<td style=\"background:\(StressHeatMap.color(value, scale: scale))\" title=\"\(escapeHTML(money(value)))\">"
                    + "\(escapeHTML(compact(value)))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>\n"
    }

    /// Whole dollars below a thousand, thousands with one decimal above: the cells are narrow.
    private func compact(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if abs(value) < 999.5 { return String(format: "%.0f", value) == "-0" ? "0" : String(format: "%.0f", value) }
        return String(format: "%.1fk", value / 1000)
    }
}
