import Backtest
import Foundation

/// A small x-y chart as inline SVG (no script, no network): lines or dots over numeric axes.
struct SVGPlot {
    struct Series {
        var label: String
        var color: String
        var points: [(x: Double, y: Double)]
        var dots = false
        /// A title per point (shown on hover), optional.
        var titles: [String] = []
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var width = 760.0, height = 280.0
    /// Formats a tick of each axis.
    var xFormat: (Double) -> String = { String(format: "%.3g", $0) }
    var yFormat: (Double) -> String = { String(format: "%.3g", $0) }

    var svg: String {
        let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY = points.map(\.y).min(), let maxY = points.map(\.y).max() else {
            return "<p class=\"note\">\(escapeHTML(title)): nothing to plot.</p>\n"
        }
        let left = 64.0, right = 16.0, top = 26.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let spanX = maxX > minX ? maxX - minX : 1, padY = maxY > minY ? (maxY - minY) * 0.05 : 1
        // Counts and other non-negative figures keep zero as the floor.
        let lowY = minY >= 0 ? max(0, minY - padY) : minY - padY, highY = maxY + padY
        func x(_ v: Double) -> Double { left + (v - minX) / spanX * plotWidth }
        func y(_ v: Double) -> Double { top + (highY - v) / (highY - lowY) * plotHeight }
        var out = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(escapeHTML(title))\">\n"
        out += "<text x=\"\(left)\" y=\"16\" font-weight=\"bold\">\(escapeHTML(title))</text>\n"
        for i in 0...4 {
            let value = lowY + (highY - lowY) * Double(i) / 4
            out += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(f1(y(value)))\" y2=\"\(f1(y(value)))\"/>"
            out += "<text x=\"\(left - 4)\" y=\"\(f1(y(value) + 4))\" text-anchor=\"end\">\(escapeHTML(yFormat(value)))</text>\n"
            let xv = minX + spanX * Double(i) / 4
            out += "<text x=\"\(f1(x(xv)))\" y=\"\(f1(height - bottom + 16))\" text-anchor=\"middle\">\(escapeHTML(xFormat(xv)))</text>\n"
        }
        out += "<text x=\"\(f1(left + plotWidth / 2))\" y=\"\(f1(height - 6))\" text-anchor=\"middle\">\(escapeHTML(xLabel))</text>\n"
        out += "<text x=\"12\" y=\"\(f1(top + plotHeight / 2))\" transform=\"rotate(-90 12 \(f1(top + plotHeight / 2)))\" "
            + "text-anchor=\"middle\">\(escapeHTML(yLabel))</text>\n"
        for (index, s) in series.enumerated() {
            let visible = s.points.enumerated().filter { $0.element.x.isFinite && $0.element.y.isFinite }
            if s.dots {
                for (i, p) in visible {
                    out += "<circle cx=\"\(f1(x(p.x)))\" cy=\"\(f1(y(p.y)))\" r=\"2.5\" fill=\"\(s.color)\">"
                    out += i < s.titles.count ? "<title>\(escapeHTML(s.titles[i]))</title>" : ""
                    out += "</circle>"
                }
                out += "\n"
            } else if !visible.isEmpty {
                let path = visible.enumerated().map { k, e in (k == 0 ? "M" : "L") + "\(f1(x(e.element.x))),\(f1(y(e.element.y)))" }
                out += "<path d=\"\(path.joined())\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.5\"/>\n"
            }
            let legendX = width - right - 200
            out += "<rect x=\"\(f1(legendX))\" y=\"\(f1(top + 4 + Double(index) * 14))\" width=\"10\" height=\"10\" fill=\"\(s.color)\"/>"
            out += "<text x=\"\(f1(legendX + 14))\" y=\"\(f1(top + 13 + Double(index) * 14))\">\(escapeHTML(s.label))</text>\n"
        }
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(f1(plotWidth))\" height=\"\(f1(plotHeight))\" fill=\"none\" stroke=\"#bbb\"/>\n</svg>\n"
        return out
    }
}

private func f1(_ value: Double) -> String { String(format: "%.1f", value) }
