import Foundation

/// Scatter plots over a category axis (one position per day), as inline SVG.
enum SVGPlot {
    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
    }

    /// A plot of `series` with dashed horizontal `references`; x positions index `xLabels`.
    static func scatter(_ series: [Series], xLabels: [String], yLabel: String, references: [Double]) -> String {
        let width = 1000.0, height = 340.0, left = 60.0, right = 160.0, top = 10.0, bottom = 90.0
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite) + references
        var low = ys.min() ?? 0, high = ys.max() ?? 1
        if high - low < 1e-9 { low -= 1; high += 1 }
        let pad = 0.05 * (high - low)
        low -= pad; high += pad
        let n = max(xLabels.count, 1)
        let px = { (x: Double) in left + (x + 0.5) / Double(n) * (width - left - right) }
        let py = { (y: Double) in top + (high - y) / (high - low) * (height - top - bottom) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-size=\"10\">\n"
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(width - left - right)\" height=\"\(height - top - bottom)\" fill=\"none\" stroke=\"#999\"/>\n"
        for r in references {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(f(py(r)))\" y2=\"\(f(py(r)))\" stroke=\"#bbb\" stroke-dasharray=\"4,3\"/>"
            svg += "<text x=\"\(left - 4)\" y=\"\(f(py(r) + 3))\" text-anchor=\"end\">\(r)</text>\n"
        }
        for (i, label) in xLabels.enumerated() {
            let x = px(Double(i))
            svg += "<text transform=\"translate(\(f(x)),\(f(height - bottom + 8))) rotate(60)\">\(label)</text>\n"
        }
        svg += "<text transform=\"translate(14,\(f((height - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(yLabel)</text>\n"
        for (k, s) in series.enumerated() {
            // Series side by side within a day's slot, so equal values stay visible.
            let offset = (Double(k) - Double(series.count - 1) / 2) * 3
            for p in s.points where p.y.isFinite {
                svg += "<circle cx=\"\(f(px(p.x) + offset))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(s.color)\"/>"
            }
            svg += "\n<circle cx=\"\(f(width - right + 12))\" cy=\"\(f(top + 8 + 16 * Double(k)))\" r=\"4\" fill=\"\(s.color)\"/>"
            svg += "<text x=\"\(f(width - right + 20))\" y=\"\(f(top + 11 + 16 * Double(k)))\">\(s.name)</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
