import Foundation
import Market
import Strategy

/// The run's report as one self-contained HTML page: inline CSS, inline SVG charts drawn
/// here, no scripts, nothing fetched. Tables show the numbers of `summary.json` (exact values
/// in each cell's tooltip) and link to the CSV files beside the page by relative path.
/// Its charts and style are public for other pages of the same results (the paper dashboard).
public struct HTMLReport {
    let report: BacktestReport
    let manifest: RunManifest

    /// The page of `report`, with the run's `manifest`.
    public init(report: BacktestReport, manifest: RunManifest) {
        self.report = report
        self.manifest = manifest
    }

    /// Charts hold at most this many points per series; longer runs are reduced to weekly points.
    static let maxChartPoints = 800

    var html: String {
        var page = HTMLPage()
        let result = report.result
        let metrics = report.metrics
        let period = result.dateRange.map { "\($0.lowerBound.isoString) to \($0.upperBound.isoString)" } ?? "no trading days"
        page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<title>SPX30DTE backtest \(escapeHTML(period))</title>\n<style>\(Self.css)</style>\n</head>\n<body>\n"
        page += "<h1>SPX30DTE backtest</h1>\n"
        let passed = report.gates.filter(\.passed).count
        let notApplicable = report.gates.filter { $0.outcome == .notApplicable }.count
        page += "<p class=\"lede\">\(escapeHTML(period)): \(money(metrics.initialEquity)) to \(money(metrics.finalEquity)), "
            + "CAGR \(percent(metrics.cagr)), max drawdown \(percent(metrics.maxDrawdown?.depth)), "
            + "Sharpe \(decimal(metrics.sharpe, 2)). Quality gates passed: \(passed) of \(report.gates.count)"
            + (notApplicable > 0 ? " (\(notApplicable) not applicable: the run made no trades)" : "") + ".</p>\n"
        page += "<p class=\"small\">Code \(escapeHTML(manifest.codeVersion)); seed \(manifest.seed.map { String($0) } ?? "none"); "
            + "\(manifest.dataFiles.count) data files hashed in <a href=\"manifest.json\">manifest.json</a>.</p>\n"

        page += "<h2>Quality gates</h2>\n" + gatesTable()
        page += "<h2>Equity and drawdown</h2>\n" + equityCharts()
        page += "<h2>Monthly income</h2>\n" + monthlyChart() + monthlyGrid()
        page += "<h2>Greeks over time</h2>\n" + greekCharts()
        page += "<h2>Notch over time</h2>\n" + notchChart()
        page += "<h2>Regimes</h2>\n" + regimeTable()
        page += "<h2>Metrics</h2>\n" + metricsTable()
        page += "<h2>Trades</h2>\n" + tradesSample()
        page += "<h2>Refusals</h2>\n" + refusalsSummary()
        page += "<h2>Files and units</h2>\n" + filesAndUnits()
        page += "<h2>Parameters</h2>\n<pre>\(escapeHTML(manifest.parameters.text))</pre>\n"
        page += "</body>\n</html>\n"
        return page.text
    }

    /// The page's style sheet, inline in every page of the results.
    public static let css = """
    body{font:14px/1.4 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;margin:24px auto;max-width:960px;padding:0 12px}\
    h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}\
    table{border-collapse:collapse;margin:6px 0;font-variant-numeric:tabular-nums}\
    th,td{border:1px solid #ddd;padding:3px 7px;text-align:right;vertical-align:top}th{background:#f4f4f4}\
    td.l,th.l{text-align:left}.pass{background:#e3f4e1;color:#17621b;font-weight:600}\
    .fail{background:#fbe3e1;color:#a31d12;font-weight:600}.na{background:#eee;color:#555;font-weight:600}.neg{color:#a31d12}.pos{color:#17621b}\
    .small{font-size:12px;color:#555}.lede{font-size:15px}pre{background:#f7f7f7;padding:8px;overflow:auto;font-size:12px}\
    svg{display:block;margin:6px 0}svg text{font:11px sans-serif;fill:#444}.grid{stroke:#e5e5e5}\
    table.grid12 td{padding:2px 4px;font-size:12px}
    """

    // MARK: Tables

    private func gatesTable() -> String {
        var rows = "<table>\n<tr><th class=\"l\">Gate</th><th>Figure</th><th>Target</th><th>Result</th><th class=\"l\">How measured</th></tr>\n"
        for gate in report.gates {
            let figure = gate.value.map { gateValueText($0, gate.unit) } ?? "not measured"
            let target = gateTargetText(gate.target, gate.unit)
            rows += "<tr><td class=\"l\">\(escapeHTML(gate.name))</td>"
                + "<td title=\"\(gate.value.map(JSONValue.numberText) ?? "null")\">\(escapeHTML(figure))</td>"
                + "<td>\(escapeHTML(target))</td>"
                + "<td class=\"\(gate.outcome == .notApplicable ? "na" : gate.passed ? "pass" : "fail")\">\(gate.outcome.label)</td>"
                + "<td class=\"l small\">\(escapeHTML(gate.description))"
                + (gate.note.map { " <b>Note: \(escapeHTML($0)).</b>" } ?? "") + "</td></tr>\n"
        }
        return rows + "</table>\n<p class=\"small\">Targets are the plan's; a missed target is shown as missed. "
            + "Daily risk gates are judged on the run's worst day. Also in <a href=\"gates.csv\">gates.csv</a> "
            + "and <a href=\"summary.json\">summary.json</a>.</p>\n"
    }

    private func gateValueText(_ value: Double, _ unit: GateUnit) -> String {
        switch unit {
        case .dollars: return money(value)
        case .fraction: return percent(value, 2)
        case .ratio: return decimal(value, 2)
        }
    }

    private func gateTargetText(_ target: GateTarget, _ unit: GateUnit) -> String {
        let show = { (x: Double) in self.gateValueText(x, unit) }
        switch target {
        case let .between(lower, upper): return "\(show(lower)) to \(show(upper))"
        case let .atLeast(bound): return "≥ \(show(bound))"
        case let .atMost(bound): return "≤ \(show(bound))"
        case let .above(bound): return "> \(show(bound))"
        case let .below(bound): return "< \(show(bound))"
        case let .planRange(lower, upper): return "≥ \(show(lower)) (plan \(show(lower)) to \(show(upper)))"
        }
    }

    private func metricsTable() -> String {
        var rows = "<table>\n<tr><th class=\"l\">Metric</th><th>Value</th></tr>\n"
        for (name, value) in report.metrics.named {
            let exact: String
            let shown: String
            switch value {
            case let .number(x):
                exact = JSONValue.numberText(x)
                shown = metricText(name, x)
            case let .integer(n):
                exact = String(n)
                shown = grouped(String(n))
            case let .string(s):
                exact = s
                shown = s
            case let .bool(b):
                exact = String(b)
                shown = String(b)
            default:
                exact = "null"
                shown = "—"
            }
            rows += "<tr><td class=\"l\">\(escapeHTML(name))</td><td title=\"\(escapeHTML(exact))\">\(escapeHTML(shown))</td></tr>\n"
        }
        return rows + "</table>\n<p class=\"small\">Names as in <a href=\"summary.json\">summary.json</a>. "
            + "Sharpe and Sortino annualize daily returns by √252 after subtracting the daily risk-free rate "
            + "(0 where the run supplies none). Win rates count closed positions with a profit after fees; "
            + "the gate uses the core butterflies' rate. Monthly income is the change in equity per calendar month. "
            + "Slippage share is Σ|fill − mid| over Σ premium, leg by leg.</p>\n"
    }

    private func metricText(_ name: String, _ value: Double) -> String {
        if ["sharpe", "sortino", "calmar"].contains(name) { return decimal(value, 2) }
        if name.hasPrefix("win_rate") || name.hasSuffix("share") || name.contains("_share_") || name.contains("return")
            || name == "cagr"
            || name == "max_drawdown" || name.hasPrefix("monthly_income_share") {
            return percent(value, 2)
        }
        return money(value)
    }

    private func regimeTable() -> String {
        var rows = "<table>\n<tr><th class=\"l\">Regime</th><th class=\"l\">Period</th><th class=\"l\">Coverage</th>"
            + "<th>Days</th><th>Return</th><th>CAGR</th><th>Max drawdown</th><th>Sharpe</th><th>Opened</th>"
            + "<th>Closed</th><th>Win rate</th></tr>\n"
        for r in report.regimes {
            let covered = r.firstDate.map { "\($0.isoString)..\(r.lastDate!.isoString)" }
            rows += "<tr><td class=\"l\">\(escapeHTML(r.regime.title))</td>"
                + "<td class=\"l\">\(escapeHTML(r.regime.periodText))</td>"
                + "<td class=\"l\">\(escapeHTML(r.coverage.rawValue))\(covered.map { " <span class=\"small\">(\($0))</span>" } ?? "")</td>"
            if r.coverage == .notInRun {
                rows += "<td colspan=\"8\" class=\"l small\">not in run</td></tr>\n"
                continue
            }
            rows += "<td>\(r.tradingDays)</td>" + signed(r.totalReturn, percent(r.totalReturn, 2))
                + signed(r.cagr, percent(r.cagr, 2)) + signed(r.maxDrawdown, percent(r.maxDrawdown, 2))
                + "<td>\(decimal(r.sharpe, 2))</td><td>\(r.positionsOpened)</td><td>\(r.positionsClosed)</td>"
                + "<td>\(percent(r.winRate, 1))</td></tr>\n"
        }
        return rows + "</table>\n<p class=\"small\">Figures over the run's days inside each period, from the close "
            + "before its first day; CAGR only for periods of a year or more; win rate over positions closed in the "
            + "period. Also in <a href=\"regimes.csv\">regimes.csv</a>.</p>\n"
    }

    /// The monthly income as a year x month table, HTML.
    public func monthlyGrid() -> String {
        let months = report.monthly
        guard let firstYear = months.first?.year, let lastYear = months.last?.year else { return "" }
        var byMonth: [Int: MonthlyIncome] = [:]
        for month in months { byMonth[month.year * 12 + month.month - 1] = month }
        var rows = "<table class=\"grid12\">\n<tr><th>Year</th>"
        for name in ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] {
            rows += "<th>\(name)</th>"
        }
        rows += "<th>Year</th></tr>\n"
        for year in firstYear...lastYear {
            rows += "<tr><th>\(year)</th>"
            var total = 0.0, any = false
            for month in 1...12 {
                if let m = byMonth[year * 12 + month - 1] {
                    total += m.income
                    any = true
                    rows += signed(m.income, compactMoney(m.income), exact: m.income)
                } else {
                    rows += "<td></td>"
                }
            }
            rows += any ? signed(total, compactMoney(total), exact: total) : "<td></td>"
            rows += "</tr>\n"
        }
        return rows + "</table>\n<p class=\"small\">Income per month in dollars (k = thousand); "
            + "first and last months may be partial. Also in <a href=\"monthly.csv\">monthly.csv</a>.</p>\n"
    }

    private func tradesSample() -> String {
        let trades = report.result.trades
        let shown = 10
        var rows = "<table>\n<tr>" + ReportWriter.tradesHeader.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
        func row(_ t: TradeRecord) -> String {
            let cells = [t.date.isoString, String(t.positionID), t.component.rawValue, t.product.rawValue,
                         t.expiry.isoString, t.typeText, JSONValue.numberText(t.strike), String(t.quantity),
                         JSONValue.numberText(t.price), t.bid.map(JSONValue.numberText) ?? "",
                         t.ask.map(JSONValue.numberText) ?? "", t.quoteSource.rawValue,
                         JSONValue.numberText(t.fees), t.reason.rawValue]
            return "<tr>" + cells.map { "<td>\(escapeHTML($0))</td>" }.joined() + "</tr>\n"
        }
        if trades.count <= 2 * shown {
            for trade in trades { rows += row(trade) }
        } else {
            for trade in trades.prefix(shown) { rows += row(trade) }
            rows += "<tr><td colspan=\"\(ReportWriter.tradesHeader.count)\" class=\"l small\">… "
                + "\(trades.count - 2 * shown) fills not shown …</td></tr>\n"
            for trade in trades.suffix(shown) { rows += row(trade) }
        }
        let synthetic = trades.filter { $0.quoteSource == .synthetic }.count
        return rows + "</table>\n<p class=\"small\">\(trades.count) leg fills (\(synthetic) against synthesized quotes); "
            + "the first and last \(shown) are shown. Every fill is in <a href=\"trades.csv\">trades.csv</a>; "
            + "prices are per unit in points, quantity is signed contracts (+ bought), fees in dollars.</p>\n"
    }

    private func refusalsSummary() -> String {
        let refusals = report.result.refusals
        guard !refusals.isEmpty else { return "<p>No order was refused.</p>\n" }
        var counts: [String: Int] = [:]
        for refusal in refusals { counts["\(refusal.component.rawValue)\u{0}\(refusal.reason)", default: 0] += 1 }
        var rows = "<table>\n<tr><th class=\"l\">Component</th><th class=\"l\">Reason</th><th>Count</th></tr>\n"
        for key in counts.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let parts = key.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
            rows += "<tr><td class=\"l\">\(escapeHTML(String(parts[0])))</td><td class=\"l\">\(escapeHTML(String(parts[1])))</td>"
                + "<td>\(counts[key]!)</td></tr>\n"
        }
        return rows + "</table>\n<p class=\"small\">Each refusal is in <a href=\"refusals.csv\">refusals.csv</a>.</p>\n"
    }

    private func filesAndUnits() -> String {
        var text = "<ul>\n"
        for name in ReportWriter.fileNames where name != "report.html" {
            text += "<li><a href=\"\(name)\">\(name)</a></li>\n"
        }
        text += "</ul>\n<table>\n<tr><th class=\"l\">Column</th><th class=\"l\">Unit</th></tr>\n"
        for (column, unit) in ReportWriter.units {
            text += "<tr><td class=\"l\">\(escapeHTML(column))</td><td class=\"l\">\(escapeHTML(unit))</td></tr>\n"
        }
        return text + "</table>\n"
    }

    private func signed(_ value: Double?, _ text: String, exact: Double? = nil) -> String {
        let kind = value.map { $0 < 0 ? " class=\"neg\"" : ($0 > 0 ? " class=\"pos\"" : "") } ?? ""
        let title = exact.map { " title=\"\(JSONValue.numberText($0))\"" } ?? ""
        return "<td\(kind)\(title)>\(escapeHTML(text))</td>"
    }

    // MARK: Charts

    /// The equity and drawdown charts, inline SVG.
    public func equityCharts() -> String {
        let result = report.result
        let buckets = ChartBuckets(dates: result.ledger.map(\.date), maxPoints: Self.maxChartPoints)
        guard !buckets.isEmpty else { return "<p>No trading days.</p>\n" }
        let equity = TimeChart(
            title: "Equity (dollars)", buckets: buckets, axis: .dollars,
            series: [.init(name: "equity", color: "#1f5fa8", values: buckets.reduce(result.ledger.map(\.equity), .last))],
            references: [.init(value: result.initialEquity, label: "initial", color: "#999")])
        let drawdown = TimeChart(
            title: "Drawdown from peak", buckets: buckets, axis: .percent,
            series: [.init(name: "drawdown", color: "#b3261e", values: buckets.reduce(result.drawdown, .min), fill: true)],
            references: [.init(value: -0.15, label: "-15% cap", color: "#b3261e")], height: 160)
        return equity.svg + drawdown.svg + note(buckets)
    }

    /// The book's greeks over the run, inline SVG.
    public func greekCharts() -> String {
        let ledger = report.result.ledger
        let buckets = ChartBuckets(dates: ledger.map(\.date), maxPoints: Self.maxChartPoints)
        guard !buckets.isEmpty else { return "<p>No trading days.</p>\n" }
        let charts = [
            ("Delta (dollars per SPX point)", "delta", "#1f5fa8", ledger.map(\.delta)),
            ("Vega (dollars per vol point)", "vega", "#7b3fa0", ledger.map(\.vega)),
            ("Theta (dollars per day)", "theta", "#17621b", ledger.map(\.theta)),
        ]
        return charts.map { title, name, color, values in
            TimeChart(title: title, buckets: buckets, axis: .dollars,
                      series: [.init(name: name, color: color, values: buckets.reduce(values, .last))],
                      references: [.init(value: 0, label: "", color: "#999")], height: 150).svg
        }.joined() + note(buckets)
    }

    /// The notch's loss limit over the run, inline SVG.
    public func notchChart() -> String {
        let ledger = report.result.ledger
        let buckets = ChartBuckets(dates: ledger.map(\.date), maxPoints: Self.maxChartPoints)
        guard !buckets.isEmpty else { return "<p>No trading days.</p>\n" }
        var chart = TimeChart(
            title: "RevFibNotch limit and stress loss under SPX -5% (dollars)", buckets: buckets, axis: .dollars,
            series: [
                .init(name: "notch limit", color: "#1f5fa8", values: buckets.reduce(ledger.map(\.notchLimit), .last), step: true),
                .init(name: "stress loss", color: "#d9822b", values: buckets.reduce(ledger.map(\.stressLoss5pct), .max)),
            ],
            references: [.init(value: 5000, label: "$5k plan cap", color: "#b3261e")])
        chart.includeZero = true
        return chart.svg + note(buckets)
    }

    /// The monthly income as bars, inline SVG.
    public func monthlyChart() -> String {
        let months = report.monthly
        guard !months.isEmpty else { return "<p>No months.</p>\n" }
        return BarChart(title: "Income per calendar month (dollars)", labels: months.map(\.label),
                        values: months.map(\.income), axis: .dollars,
                        references: [.init(value: 1850, label: "$1,850", color: "#999"),
                                     .init(value: 3000, label: "$3,000", color: "#999")]).svg
    }

    private func note(_ buckets: ChartBuckets) -> String {
        buckets.isDaily ? ""
            : "<p class=\"small\">Charts show one point per week (last value; drawdown the week's lowest, "
                + "stress loss the week's highest). Daily values are in <a href=\"ledger.csv\">ledger.csv</a> "
                + "and <a href=\"risk.csv\">risk.csv</a>.</p>\n"
    }
}

// MARK: - Text helpers

/// A string builder that keeps `+=` cheap for a large page.
private struct HTMLPage {
    var text = ""
    static func += (page: inout HTMLPage, piece: String) { page.text += piece }
}

/// Escapes text for HTML content and attribute values (every report page of the project).
public func escapeHTML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}

/// `value` with `digits` decimals (no negative zero); `—` for nil or non-finite.
fileprivate func decimal(_ value: Double?, _ digits: Int) -> String {
    guard let value, value.isFinite else { return "—" }
    let text = String(format: "%.\(digits)f", value)
    let isZero = text.allSatisfy { $0 == "-" || $0 == "0" || $0 == "." }
    return isZero && text.hasPrefix("-") ? String(text.dropFirst()) : text
}

/// `0.1234` as `12.3%`.
fileprivate func percent(_ value: Double?, _ digits: Int = 1) -> String {
    guard let value, value.isFinite else { return "—" }
    return decimal(value * 100, digits) + "%"
}

/// Thousands separators in the integer part of a plain decimal text.
fileprivate func grouped(_ text: String) -> String {
    let negative = text.hasPrefix("-")
    let body = negative ? String(text.dropFirst()) : text
    let parts = body.split(separator: ".", maxSplits: 1)
    guard let integer = parts.first else { return text }
    var groupedDigits = ""
    for (index, digit) in integer.enumerated() {
        if index > 0 && (integer.count - index) % 3 == 0 { groupedDigits += "," }
        groupedDigits.append(digit)
    }
    return (negative ? "-" : "") + groupedDigits + (parts.count > 1 ? "." + parts[1] : "")
}

/// Dollars: `$12,345` from a thousand up, `$123.45` below.
public func money(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "—" }
    let text = grouped(decimal(abs(value), abs(value) >= 1000 ? 0 : 2))
    return (value < 0 && text.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "-$" : "$") + text
}

/// Dollars in few characters for axes and grids: `$1.2k`, `-$350`, `$2.1M`.
fileprivate func compactMoney(_ value: Double) -> String {
    guard value.isFinite else { return "—" }
    let size = abs(value)
    let sign = value < 0 ? "-" : ""
    let text: String
    if size >= 1_000_000 { text = decimal(size / 1_000_000, size >= 10_000_000 ? 0 : 1) + "M" }
    else if size >= 1000 { text = decimal(size / 1000, size >= 10_000 ? 0 : 1) + "k" }
    else { text = decimal(size, size >= 10 || size == 0 ? 0 : 1) }
    return (text == "0" ? "" : sign) + "$" + text
}

// MARK: - Charts

/// Groups trading days into the points a chart draws: every day when there are at most
/// `maxPoints`, otherwise one point per Monday-to-Sunday week (one per month if even that is
/// too many), dated by the bucket's last day.
struct ChartBuckets {
    /// Index ranges into the daily series.
    let ranges: [Range<Int>]
    let dates: [TradingDate]
    let isDaily: Bool

    init(dates days: [TradingDate], maxPoints: Int) {
        if days.count <= maxPoints {
            ranges = days.indices.map { $0..<$0 + 1 }
            isDaily = true
        } else {
            var grouped = ChartBuckets.group(days) { $0.mondayOfWeek }
            if grouped.count > 2 * maxPoints { grouped = ChartBuckets.group(days) { $0.firstOfMonth } }
            ranges = grouped
            isDaily = false
        }
        dates = ranges.map { days[$0.upperBound - 1] }
    }

    private static func group(_ days: [TradingDate], by key: (TradingDate) -> TradingDate) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for index in days.indices.dropFirst() where key(days[index]) != key(days[start]) {
            ranges.append(start..<index)
            start = index
        }
        if !days.isEmpty { ranges.append(start..<days.count) }
        return ranges
    }

    var isEmpty: Bool { ranges.isEmpty }

    enum Reduction { case last, min, max }

    /// One value per bucket. NaN days are skipped; a bucket of only NaN gives NaN (a gap).
    func reduce(_ values: [Double], _ reduction: Reduction) -> [Double] {
        ranges.map { range in
            let finite = values[range].filter { $0.isFinite }
            guard let last = finite.last else { return .nan }
            switch reduction {
            case .last: return last
            case .min: return finite.min()!
            case .max: return finite.max()!
            }
        }
    }
}

/// How a chart's axis labels its ticks: with as many decimals as the tick step needs, so that
/// neighbouring labels differ.
enum AxisFormat {
    /// `$1.2k`, `$350`, `$12.5`.
    case dollars
    /// A fraction as a percentage: `-2.5%`.
    case percent

    func label(_ value: Double, ticks: [Double]) -> String {
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : max(abs(value), 1)
        // The fewest decimals that write every multiple of the step exactly (2.5 needs one).
        func digits(_ step: Double) -> Int {
            var count = max(0, Int((-log10(step)).rounded(.up)))
            while count < 6 {
                let scaled = step * pow(10, Double(count))
                if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { break }
                count += 1
            }
            return count
        }
        if value == 0 { return self == .percent ? "0%" : "$0" }
        switch self {
        case .percent:
            return decimal(value * 100, digits(step * 100)) + "%"
        case .dollars:
            let largest = ticks.map(abs).max() ?? abs(value)
            let sign = value < 0 ? "-" : ""
            if largest >= 1_000_000 && step >= 100_000 {
                return sign + "$" + decimal(abs(value) / 1_000_000, digits(step / 1_000_000)) + "M"
            }
            if largest >= 1000 && step >= 100 {
                return sign + "$" + decimal(abs(value) / 1000, digits(step / 1000)) + "k"
            }
            return sign + "$" + grouped(decimal(abs(value), digits(step)))
        }
    }
}

/// A horizontal line across a chart.
struct ChartReference {
    var value: Double
    var label: String
    var color: String
}

/// Round tick values covering `lower...upper`.
fileprivate func niceTicks(_ lower: Double, _ upper: Double, count: Int = 5) -> [Double] {
    guard upper > lower else { return [lower] }
    let rough = (upper - lower) / Double(count)
    let magnitude = pow(10, (log10(rough)).rounded(.down))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
    var ticks: [Double] = []
    var tick = (lower / step).rounded(.down) * step
    while tick <= upper + step * 1e-9 {
        if tick >= lower - step * 1e-9 { ticks.append(abs(tick) < step * 1e-9 ? 0 : tick) }
        tick += step
    }
    return ticks
}

/// Coordinates as SVG writes them: one decimal.
private func coordinate(_ value: Double) -> String { decimal(value, 1) }

/// A line chart over trading days.
struct TimeChart {
    struct Series {
        var name: String
        var color: String
        var values: [Double]
        /// Fill the area between the line and zero.
        var fill = false
        /// Draw as steps (the value holds until the next point).
        var step = false
    }

    var title: String
    var buckets: ChartBuckets
    var axis: AxisFormat
    var series: [Series]
    var references: [ChartReference] = []
    /// Keep zero in view (for levels such as limits, whose distance from zero matters).
    var includeZero = false
    var width = 900.0
    var height = 220.0

    private let left = 64.0, right = 12.0, top = 24.0, bottom = 22.0

    init(title: String, buckets: ChartBuckets, axis: AxisFormat, series: [Series],
         references: [ChartReference] = [], height: Double = 220) {
        self.title = title
        self.buckets = buckets
        self.axis = axis
        self.series = series
        self.references = references
        self.height = height
    }

    var svg: String {
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let finite = series.flatMap(\.values).filter(\.isFinite)
        var lower = finite.min() ?? 0, upper = finite.max() ?? 1
        // A reference line is drawn only when it is near the data, so a far target does not
        // flatten the series; zero is always kept in view for fills.
        for reference in references where reference.value >= lower - (upper - lower) * 0.5
            && reference.value <= upper + (upper - lower) * 0.5 {
            lower = min(lower, reference.value)
            upper = max(upper, reference.value)
        }
        if includeZero || series.contains(where: \.fill) { lower = min(lower, 0); upper = max(upper, 0) }
        if upper - lower < 1e-12 { lower -= 1; upper += 1 }
        let ticks = niceTicks(lower, upper)
        lower = min(lower, ticks.first ?? lower)
        upper = max(upper, ticks.last ?? upper)
        let firstDay = Double(buckets.dates.first!.daysSinceEpoch)
        let span = max(Double(buckets.dates.last!.daysSinceEpoch) - firstDay, 1)
        func x(_ date: TradingDate) -> Double { left + (Double(date.daysSinceEpoch) - firstDay) / span * plotWidth }
        func y(_ value: Double) -> Double { top + (upper - value) / (upper - lower) * plotHeight }
        // A reference's label sits above its line, or below it when the line runs along the top.
        func labelY(_ lineY: Double) -> Double { lineY - top < 14 ? lineY + 12 : lineY - 3 }

        var out = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "role=\"img\" aria-label=\"\(escapeHTML(title))\">\n"
        out += "<text x=\"\(Int(left))\" y=\"14\" font-weight=\"bold\">\(escapeHTML(title))</text>\n"
        var legendX = width - right
        for s in series.reversed() where series.count > 1 {
            legendX -= Double(s.name.count) * 6.5 + 22
            out += "<rect x=\"\(coordinate(legendX))\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(s.color)\"/>"
                + "<text x=\"\(coordinate(legendX + 14))\" y=\"15\">\(escapeHTML(s.name))</text>\n"
        }
        for tick in ticks {
            out += "<line class=\"grid\" x1=\"\(Int(left))\" x2=\"\(coordinate(width - right))\" "
                + "y1=\"\(coordinate(y(tick)))\" y2=\"\(coordinate(y(tick)))\"/>"
                + "<text x=\"\(Int(left) - 4)\" y=\"\(coordinate(y(tick) + 4))\" text-anchor=\"end\">\(escapeHTML(axis.label(tick, ticks: ticks)))</text>\n"
        }
        for (date, label) in timeTicks() where x(date) < width - right - 24 {
            out += "<text x=\"\(coordinate(x(date)))\" y=\"\(coordinate(height - 6))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        for reference in references where reference.value >= lower && reference.value <= upper {
            out += "<line x1=\"\(Int(left))\" x2=\"\(coordinate(width - right))\" y1=\"\(coordinate(y(reference.value)))\" "
                + "y2=\"\(coordinate(y(reference.value)))\" stroke=\"\(reference.color)\" stroke-dasharray=\"4 3\"/>"
            if !reference.label.isEmpty {
                out += "<text x=\"\(coordinate(width - right - 2))\" y=\"\(coordinate(labelY(y(reference.value))))\" "
                    + "text-anchor=\"end\">\(escapeHTML(reference.label))</text>"
            }
            out += "\n"
        }
        for s in series {
            let path = linePath(s, x: x, y: y)
            guard !path.isEmpty else { continue }
            if s.fill {
                // Close each drawn run down to zero so gaps stay gaps.
                out += "<path d=\"\(areaPath(s, x: x, y: y))\" fill=\"\(s.color)\" fill-opacity=\"0.25\" stroke=\"none\"/>\n"
            }
            out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.3\"/>\n"
        }
        out += "<rect x=\"\(Int(left))\" y=\"\(Int(top))\" width=\"\(coordinate(plotWidth))\" height=\"\(coordinate(plotHeight))\" "
            + "fill=\"none\" stroke=\"#bbb\"/>\n</svg>\n"
        return out
    }

    private func linePath(_ s: Series, x: (TradingDate) -> Double, y: (Double) -> Double) -> String {
        var path = ""
        var drawing = false
        for (date, value) in zip(buckets.dates, s.values) {
            guard value.isFinite else { drawing = false; continue }
            let px = coordinate(x(date)), py = y(value)
            if !drawing {
                path += "M\(px),\(coordinate(py))"
            } else if s.step {
                path += "H\(px)V\(coordinate(py))"
            } else {
                path += "L\(px),\(coordinate(py))"
            }
            drawing = true
        }
        return path
    }

    private func areaPath(_ s: Series, x: (TradingDate) -> Double, y: (Double) -> Double) -> String {
        var path = ""
        var runStart: String?
        var lastX = ""
        let zero = coordinate(y(0))
        for (date, value) in zip(buckets.dates, s.values) {
            guard value.isFinite else {
                if runStart != nil { path += "L\(lastX),\(zero)Z" }
                runStart = nil
                continue
            }
            let px = coordinate(x(date))
            if runStart == nil {
                runStart = px
                path += "M\(px),\(zero)"
            }
            path += "L\(px),\(coordinate(y(value)))"
            lastX = px
        }
        if runStart != nil { path += "L\(lastX),\(zero)Z" }
        return path
    }

    /// Year labels (every n-th year so at most about ten show), or month labels for runs
    /// shorter than two years.
    private func timeTicks() -> [(TradingDate, String)] {
        guard let first = buckets.dates.first, let last = buckets.dates.last else { return [] }
        var ticks: [(TradingDate, String)] = []
        let days = last - first
        if days >= 730 {
            let years = last.year - first.year
            let step = max(1, Int((Double(years) / 10).rounded(.up)))
            var year = first.year + 1
            while year <= last.year {
                if year % step == 0, let date = TradingDate(year: year, month: 1, day: 1) {
                    ticks.append((date, String(year)))
                }
                year += 1
            }
        } else {
            let months = first.months(until: last)
            let step = max(1, Int((Double(months) / 8).rounded(.up)))
            for offset in stride(from: 1, through: months, by: step) {
                let (year, month) = TradingDate.addingMonths(offset, toYear: first.year, month: first.month)
                if let date = TradingDate(year: year, month: month, day: 1) {
                    ticks.append((date, MonthlyIncome(year: year, month: month, startEquity: 0, endEquity: 0, tradingDays: 0).label))
                }
            }
        }
        return ticks
    }
}

/// Bars, one per month, coloured by sign.
struct BarChart {
    var title: String
    var labels: [String]
    var values: [Double]
    var axis: AxisFormat
    var references: [ChartReference]
    var width = 900.0
    var height = 220.0

    var svg: String {
        let left = 64.0, right = 12.0, top = 24.0, bottom = 22.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let finite = values.filter(\.isFinite)
        var lower = min(finite.min() ?? 0, 0), upper = max(finite.max() ?? 0, 0)
        for reference in references {
            lower = min(lower, reference.value)
            upper = max(upper, reference.value)
        }
        if upper - lower < 1e-12 { upper += 1 }
        let ticks = niceTicks(lower, upper)
        lower = min(lower, ticks.first ?? lower)
        upper = max(upper, ticks.last ?? upper)
        func y(_ value: Double) -> Double { top + (upper - value) / (upper - lower) * plotHeight }
        // A reference's label sits above its line, or below it when the line runs along the top.
        func labelY(_ lineY: Double) -> Double { lineY - top < 14 ? lineY + 12 : lineY - 3 }
        let slot = plotWidth / Double(max(values.count, 1))
        let barWidth = max(slot * 0.8, 0.5)

        var out = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "role=\"img\" aria-label=\"\(escapeHTML(title))\">\n"
        out += "<text x=\"\(Int(left))\" y=\"14\" font-weight=\"bold\">\(escapeHTML(title))</text>\n"
        for tick in ticks {
            out += "<line class=\"grid\" x1=\"\(Int(left))\" x2=\"\(coordinate(width - right))\" "
                + "y1=\"\(coordinate(y(tick)))\" y2=\"\(coordinate(y(tick)))\"/>"
                + "<text x=\"\(Int(left) - 4)\" y=\"\(coordinate(y(tick) + 4))\" text-anchor=\"end\">\(escapeHTML(axis.label(tick, ticks: ticks)))</text>\n"
        }
        // Label Januaries (of every n-th year, about ten labels) on long tables, every month on short ones.
        let longTable = values.count > 24
        let yearStep = max(1, Int((Double(values.count) / 120).rounded(.up)))
        let zero = y(0)
        for (index, value) in values.enumerated() where value.isFinite {
            let x = left + Double(index) * slot + (slot - barWidth) / 2
            let top = min(y(value), zero), size = max(abs(y(value) - zero), 0.5)
            out += "<rect x=\"\(coordinate(x))\" y=\"\(coordinate(top))\" width=\"\(coordinate(barWidth))\" "
                + "height=\"\(coordinate(size))\" fill=\"\(value < 0 ? "#b3261e" : "#2e7d32")\">"
                + "<title>\(escapeHTML(labels[index])): \(escapeHTML(money(value)))</title></rect>\n"
            let label = labels[index]
            let shown = longTable
                ? label.hasSuffix("-01") && (Int(label.prefix(4)) ?? 0) % yearStep == 0
                : true
            if shown {
                out += "<text x=\"\(coordinate(x + barWidth / 2))\" y=\"\(coordinate(height - 6))\" "
                    + "text-anchor=\"middle\">\(longTable ? String(label.prefix(4)) : label)</text>\n"
            }
        }
        for reference in references {
            out += "<line x1=\"\(Int(left))\" x2=\"\(coordinate(width - right))\" y1=\"\(coordinate(y(reference.value)))\" "
                + "y2=\"\(coordinate(y(reference.value)))\" stroke=\"\(reference.color)\" stroke-dasharray=\"4 3\"/>"
                + "<text x=\"\(coordinate(width - right - 2))\" y=\"\(coordinate(labelY(y(reference.value))))\" "
                + "text-anchor=\"end\">\(escapeHTML(reference.label))</text>\n"
        }
        out += "<line x1=\"\(Int(left))\" x2=\"\(coordinate(width - right))\" y1=\"\(coordinate(zero))\" "
            + "y2=\"\(coordinate(zero))\" stroke=\"#666\"/>\n"
        out += "<rect x=\"\(Int(left))\" y=\"\(Int(top))\" width=\"\(coordinate(plotWidth))\" height=\"\(coordinate(plotHeight))\" "
            + "fill=\"none\" stroke=\"#bbb\"/>\n</svg>\n"
        return out
    }
}
