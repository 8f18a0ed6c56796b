import Backtest
import Foundation
import Market
import Strategy

/// The dashboard as one self-contained HTML page: the backtest report's style and charts over
/// the journal's days, the open positions with their legs and marks, the stress matrix of the
/// last book as a heat map (with the daily stress records of the last sessions under it) and
/// the last session's plan. Nothing is fetched but `/api/version`, which a small inline script
/// polls every few seconds to reload the page when the journal has moved on.
struct DashboardPage {
    var snapshot: DashboardSnapshot
    /// The stress matrix of the snapshot's last book.
    var stress: DashboardStressMatrix
    /// Seconds between two polls of `/api/version`.
    var pollSeconds = 3

    var html: String {
        let summary = DashboardSummary(snapshot, stress: stress)
        let report = HTMLReport(report: BacktestReport(snapshot.result),
                                manifest: RunManifest(result: snapshot.result, dataFiles: [], codeVersion: "",
                                                      seed: nil, commandLine: []))
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<title>SPX30DTE paper \(escapeHTML(summary.lastDate ?? "no sessions"))</title>\n"
        page += "<style>\(HTMLReport.css)\(Self.css)</style>\n</head>\n<body>\n"
        page += "<h1>SPX30DTE paper trading</h1>\n" + headline(summary)
        page += "<h2>Equity and drawdown</h2>\n" + report.equityCharts()
        page += "<h2>Income by month</h2>\n" + report.monthlyChart() + report.monthlyGrid()
        page += "<h2>Greeks over time</h2>\n" + report.greekCharts()
        page += "<h2>Notch against stress loss</h2>\n" + report.notchChart()
        page += "<h2>Open positions</h2>\n" + OpenPositionsTable(positions: snapshot.openPositions,
                                                                  marks: snapshot.book?.lastMarks ?? [:]).html
        page += "<h2>Stress matrix</h2>\n" + stressCaption + StressHeatMap(matrix: stress).html
        page += "<h3>Stress over the last sessions</h3>\n"
            + StressHistoryTable(ledger: snapshot.result.ledger, risk: snapshot.result.risk).html
            + "<p class=\"small\">P&amp;L of the book under each scenario at each close, dollars (k = thousand), "
            + "from the journal's daily risk records.</p>\n"
        page += "<h2>Today's plan</h2>\n" + planList()
        page += "<p class=\"small\">Journal \(escapeHTML((snapshot.journalPath as NSString).lastPathComponent)), read only; "
            + "the page reloads when a session is committed.</p>\n"
        page += "<script>\(pollScript)</script>\n</body>\n</html>\n"
        return page
    }

    private func headline(_ summary: DashboardSummary) -> String {
        guard let lastDate = summary.lastDate else {
            return "<p class=\"lede\" id=\"headline\">No session committed yet; initial equity "
                + "<b id=\"equity\">\(escapeHTML(summary.equityText))</b>.</p>\n"
        }
        let drawdown = summary.drawdown.map { String(format: "%.2f%%", $0 * 100) } ?? "—"
        return "<p class=\"lede\" id=\"headline\">Last session <b id=\"last-date\">\(lastDate)</b> "
            + "(<span id=\"days\">\(summary.days)</span> sessions): equity <b id=\"equity\">\(escapeHTML(summary.equityText))</b>, "
            + "drawdown <span id=\"drawdown\">\(drawdown)</span>, "
            + "<b id=\"open-positions\">\(summary.openPositions)</b> open positions, "
            + "notch limit <span id=\"notch\">\(escapeHTML(money(summary.notchLimit)))</span>, "
            + "stress loss (SPX −5%) <span id=\"stress-loss\">\(escapeHTML(money(summary.stressLoss5pct)))</span>.</p>\n"
    }

    /// What the matrix is of, above it.
    private var stressCaption: String {
        guard stress.unavailable == nil, let date = stress.date else { return "" }
        let levels = [stress.spx.map { "SPX " + String(format: "%.2f", $0) }, stress.vix.map { "VIX " + String(format: "%.2f", $0) }]
            .compactMap { $0 }.joined(separator: ", ")
        return "<p class=\"small\" id=\"stress-caption\">The book after the close of <b id=\"stress-date\">\(date)</b> "
            + "(\(levels)), repriced at once under each move as <code>spx30dte monitor</code> does: rows move SPX, "
            + "columns lift VIX by as many points and every SPX/XSP implied vol by as many vol points (VIX futures by "
            + "their term beta). P&amp;L in dollars against the day's model value; red a loss, green a gain, the "
            + "deepest the largest. The plan's lines end their rows, under their own scenarios (VIX up by the stress "
            + "rule); a cell outlined green meets its row's line, red does not.</p>\n"
    }

    private func planList() -> String {
        guard let plan = snapshot.plan else { return "<p>No session committed yet.</p>\n" }
        var kinds: [String] = []
        if plan.isProbeDay { kinds.append("probe day") }
        if plan.isCoreDay { kinds.append("core day") }
        var out = "<p>Plan of \(plan.date.isoString)\(kinds.isEmpty ? "" : " (" + kinds.joined(separator: ", ") + ")"):</p>\n"
        let lines = plan.exits.map { "exit due: \($0)" } + plan.actions
        guard !lines.isEmpty else { return out + "<p id=\"plan\">Nothing to do.</p>\n" }
        out += "<ul id=\"plan\">\n"
        for line in lines { out += "<li>\(escapeHTML(line))</li>\n" }
        return out + "</ul>\n"
    }

    /// Reloads the page when `/api/version` answers other than the version it was drawn from.
    private var pollScript: String {
        let shown = "\(snapshot.version.lastDate?.isoString ?? "")/\(snapshot.version.days)"
        return "(function(){var shown='\(shown)';setInterval(function(){fetch('/api/version',{cache:'no-store'})"
            + ".then(function(r){return r.json()}).then(function(v){if((v.lastDate||'')+'/'+v.days!==shown)"
            + "location.reload()}).catch(function(){})},\(pollSeconds * 1000))})();"
    }

    static let css = "table.heat td{min-width:34px;font-size:11px}table.legs td{font-size:12px}"
        + "table.matrix td{min-width:80px;font-size:13px}table.matrix th{white-space:nowrap}table.matrix td.pass{outline:2px solid #1a7f37;outline-offset:-2px}"
        + "table.matrix td.fail{outline:2px solid #c62828;outline-offset:-2px}b.pass{color:#1a7f37}b.fail{color:#c62828}"
}
