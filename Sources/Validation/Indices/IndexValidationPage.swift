import Foundation
import Market

/// The HTML page of ``IndexValidation``: the table, and inline SVG plots of both curves per
/// index and of the VXTH ratio over time. Self-contained (no scripts, no external files).
struct IndexValidationPage {
    let validation: IndexValidation

    init(_ validation: IndexValidation) { self.validation = validation }

    var html: String {
        var page = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Strategy indices replayed</title>
            <style>body{font-family:sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse}
            td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}pre{font-size:12px}</style></head><body>
            <h1>Cboe strategy indices replayed on the synthesized chains</h1>
            <p>PUT, BXM and CNDR replayed by Cboe's rules on the synthesized SPX chains (marks at the model mid;
            settlement at Cboe's published SOQ, 2005-2023, else the SPX open; the 11:00 reference level and the
            sale prices read at the level expected then from the session's open (estimated where the history's
            open is the previous close), high, low and close), against the published levels; the VIX calls
            VXTH held priced by the synthesized VIX chain against the recorded mids.</p>
            <table><tr><th>index</th><th>months</th><th>monthly corr</th><th>tracking error</th><th>slope</th>
            <th>years within 1.5 pp</th><th>growth published</th><th>growth replayed</th></tr>

            """
        for c in validation.comparisons {
            page += "<tr><td>\(c.index)</td><td>\(c.months)</td><td>\(fixed(c.monthlyCorrelation, 3, 0))</td>"
                + "<td>\(percent(c.trackingError, 0))</td><td>\(fixed(c.monthlySlope, 2, 0))</td>"
                + "<td>\(Int((c.yearsWithinTolerance * 100).rounded()))%</td><td>\(percent(c.publishedGrowth, 0))</td>"
                + "<td>\(percent(c.replayedGrowth, 0))</td></tr>\n"
        }
        page += "</table>\n"
        for c in validation.comparisons {
            page += "<h2>\(c.index): published (black) and replayed (red), both 1 at \(c.dates.first!), log scale</h2>\n"
            page += Self.plot(x: c.dates.map { Double($0.daysSinceEpoch) },
                              series: [(c.published.map { Foundation.log($0) }, "black"), (c.replayed.map { Foundation.log($0) }, "#c00")])
        }
        let prices = validation.vxth.prices
        page += "<h2>VXTH held calls: synthesized / recorded mid (log scale; line at 1), median \(fixed(validation.vxth.medianRatio, 3, 0))</h2>\n"
        page += Self.plot(x: prices.map { Double($0.date.daysSinceEpoch) }, series: [(prices.map { Foundation.log($0.ratio) }, "#06c")],
                          points: true, reference: 0)
        page += "<pre>\(validation.summary.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</pre>\n"
        page += "</body></html>\n"
        return page
    }

    /// An SVG line (or point) plot of `series` over `x`, with a dashed horizontal line at `reference`.
    static func plot(x: [Double], series: [([Double], String)], points: Bool = false, reference: Double? = nil) -> String {
        let width = 900.0, height = 300.0, margin = 10.0
        let values = series.flatMap(\.0).filter(\.isFinite) + (reference.map { [$0] } ?? [])
        guard let xMin = x.min(), let xMax = x.max(), xMax > xMin, let yMin = values.min(), let yMax = values.max() else {
            return "<p>(no data)</p>\n"
        }
        let ySpan = max(yMax - yMin, 1e-9)
        func px(_ v: Double) -> Double { margin + (v - xMin) / (xMax - xMin) * (width - 2 * margin) }
        func py(_ v: Double) -> Double { height - margin - (v - yMin) / ySpan * (height - 2 * margin) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" style=\"border:1px solid #ddd\">\n"
        if let reference {
            svg += "<line x1=\"\(margin)\" x2=\"\(width - margin)\" y1=\"\(py(reference))\" y2=\"\(py(reference))\" stroke=\"#999\" stroke-dasharray=\"4\"/>\n"
        }
        for (values, colour) in series {
            if points {
                for k in values.indices where values[k].isFinite {
                    svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\" ", px(x[k]), py(values[k])) + "fill=\"\(colour)\"/>"
                }
                svg += "\n"
            } else {
                let path = values.indices.filter { values[$0].isFinite }
                    .map { String(format: "%.1f,%.1f", px(x[$0]), py(values[$0])) }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1\" points=\"\(path)\"/>\n"
            }
        }
        return svg + "</svg>\n"
    }
}
