import Foundation
import Market
import Tabular

/// The files `validate quotes` writes: `quotes.csv`, `structures.csv`, `spread_fit.csv`,
/// `spy_puts.csv`, `spy_butterflies.csv`, `forwards.csv` and `quotes.html` (inline SVG plots,
/// no network), and the printed summary.
public enum QuoteValidationReport {
    /// `quotes.csv`: one row per day, product, DTE bucket and delta bucket.
    public static func quotesCSV(_ result: QuoteValidation.Result) -> String {
        var lines = ["date,product,closing,dte_bucket,delta_bucket,options,median_iv_bias_vp,mean_iv_bias_vp,median_width_ratio,median_real_width,median_synthesized_width"]
        for r in result.bucketRows {
            lines.append([r.date.description, r.product.rawValue, r.isClosing ? "1" : "0", r.dteBucket.rawValue,
                          r.deltaBucket.rawValue, String(r.count), number(r.medianIVBias), number(r.meanIVBias),
                          number(r.medianWidthRatio), number(r.medianRealWidth), number(r.medianSynthesizedWidth)]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `structures.csv`: one row per day and structure; premiums in dollars, credits positive.
    public static func structuresCSV(_ result: QuoteValidation.Result) -> String {
        var lines = ["date,product,closing,structure,expiry,dte,legs,synthesized_mid,real_mid,mid_ratio,synthesized_fill,real_fill,fill_ratio,real_natural,synthesized_mid_inside_real_market,note"]
        for r in result.structureRows {
            lines.append([r.date.description, r.product.rawValue, r.isClosing ? "1" : "0", r.kind.rawValue,
                          r.expiry?.description ?? "", r.daysToExpiry.map(String.init) ?? "", r.legs,
                          number(r.synthesizedMid), number(r.realMid), number(r.midRatio), number(r.synthesizedFill),
                          number(r.realFill), number(r.fillRatio), number(r.realNatural),
                          r.synthesizedMidInsideRealMarket.map { $0 ? "1" : "0" } ?? "", csvText(r.note)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `forwards.csv`: per SPX/XSP chain, its parity forwards' line against the history's
    /// close and carry (``ForwardCarry``).
    public static func forwardsCSV(_ result: QuoteValidation.Result) -> String {
        var lines = ["date,product,closing,expiries,level_gap_bp,carry_gap_percent_a_year,rate,dividend_yield"]
        for r in result.forwardRows {
            lines.append([r.date.description, r.product.rawValue, r.isClosing ? "1" : "0", String(r.expiries),
                          number(r.levelGapBasisPoints), number(r.carryGapPercent), number(r.rate), number(r.dividendYield)]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The forward table of the summary: per year of closing chains, the median carry the
    /// market's forwards hold beyond the history's rate less yield.
    static func forwardSummary(_ result: QuoteValidation.Result) -> String {
        let years = ForwardCarry.byYear(result.forwardRows)
        guard !years.isEmpty else { return "" }
        var text = "\nForwards: each closing chain's put-call parity forwards against the 16:00 close carried at the history's"
        text += "\n  T-bill rate less dividend yield, a line over 5-200 days (no criterion; the vol comparisons above are at"
        text += "\n  the parity forward, the backtest's and the index replays' prices at the history's; forwards.csv):\n"
        text += "  year  chains  T-bill  carry gap %/yr  level gap bp\n"
        for y in years {
            text += "  \(y.year)  " + String(y.chains).padding(toLength: 8, withPad: " ", startingAt: 0)
            text += QuoteCriteria.format(100 * y.rate, 2).padding(toLength: 8, withPad: " ", startingAt: 0)
            text += QuoteCriteria.format(y.carryGapPercent, 2).padding(toLength: 16, withPad: " ", startingAt: 0)
            text += QuoteCriteria.format(y.levelGapBasisPoints, 1) + "\n"
        }
        let closing = result.forwardRows.filter(\.isClosing)
        text += "  all   " + String(closing.count).padding(toLength: 8, withPad: " ", startingAt: 0) + "        "
        text += QuoteCriteria.format(QuoteStatistics.median(closing.map(\.carryGapPercent)), 2)
            .padding(toLength: 16, withPad: " ", startingAt: 0)
        text += QuoteCriteria.format(QuoteStatistics.median(closing.map(\.levelGapBasisPoints)), 1) + "\n"
        return text
    }

    /// `spread_fit.csv`: the spread model's coefficients on every closing day.
    public static func spreadFitCSV(_ result: QuoteValidation.Result) -> String {
        var lines = ["coefficient,value"]
        if let fit = result.spreadFit {
            for (name, value) in zip(LogSpreadCoefficients.names, fit.coefficients.vector) {
                lines.append("\(name),\(number(value))")
            }
            lines.append("observations,\(fit.count)")
            lines.append("days,\(fit.days.count)")
            lines.append("median_abs_log_error_in_sample,\(number(fit.medianAbsoluteLogError))")
        }
        lines.append("median_abs_log_error_leave_one_day_out,\(number(result.outOfSampleLogError))")
        lines.append("")
        lines.append("date,vix,quotes,median_abs_log_error_in_sample,median_abs_log_error_leave_one_day_out")
        for day in result.spreadFitDays {
            lines.append("\(day.date),\(number(day.vix)),\(day.quotes),\(number(day.inSampleLogError)),\(number(day.outOfSampleLogError))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The summary printed by the command: the spread fit, the criteria, the files.
    public static func summary(_ result: QuoteValidation.Result, criteria: [QuoteCriterion]) -> String {
        var text = "Quote validation: \(result.snapshotsCompared.count) real chains compared, each against its day's synthesized chain\n"
        text += "  (the day's quotes left out of the spread fit; criteria over closing snapshots)\n\n"
        if let fit = result.spreadFit {
            text += "Spread model, log(spread) on \(fit.count) quotes of \(fit.days.count) closing days:\n"
            for (name, value) in zip(LogSpreadCoefficients.names, fit.coefficients.vector) {
                text += "  \(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(QuoteCriteria.format(value, 4))\n"
            }
            text += "  median |log error|: in sample \(QuoteCriteria.format(fit.medianAbsoluteLogError, 3)),"
            text += " leave-one-day-out \(QuoteCriteria.format(result.outOfSampleLogError, 3))\n"
            text += "  era trend applied over \(fit.days.first!) to \(fit.days.last!), held constant outside\n"
            text += "  day          VIX    quotes  in-sample  left out\n"
            for day in result.spreadFitDays {
                text += "  \(day.date)  " + QuoteCriteria.format(day.vix, 2).padding(toLength: 6, withPad: " ", startingAt: 0)
                text += String(day.quotes).padding(toLength: 8, withPad: " ", startingAt: 0)
                text += QuoteCriteria.format(day.inSampleLogError, 3).padding(toLength: 11, withPad: " ", startingAt: 0)
                text += QuoteCriteria.format(day.outOfSampleLogError, 3) + "\n"
            }
            text += "\n"
        }
        let nameWidth = max(10, criteria.map(\.name.count).max() ?? 0)
        let measuredWidth = max(8, criteria.map(\.measured.count).max() ?? 0)
        text += "criterion".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
        text += "measured".padding(toLength: measuredWidth, withPad: " ", startingAt: 0) + "  target           result\n"
        for c in criteria {
            text += c.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
            text += c.measured.padding(toLength: measuredWidth, withPad: " ", startingAt: 0) + "  "
            text += c.target.padding(toLength: 15, withPad: " ", startingAt: 0) + "  " + c.verdict + "\n"
        }
        text += QuoteCriteria.farPutTail(result).map { $0 + "\n" }.joined()
        text += QuoteCriteria.coreButterflyAgainstRealMarket(result).map { $0 + "\n" }.joined()
        text += "\nPer chain (closing: C; width = median synthesized/real width; structure = its premium at mid, synthesized/real;"
        text += "\n  real +- = half the real combo's bid-ask, dollars):\n"
        text += "  day         product  width  structure             real mid   real +-  synth mid  ratio\n"
        for day in result.dayWidthRatios {
            let structure = result.structureRows.first { $0.date == day.date && $0.product == day.product }
            text += "  \(day.date)  " + (day.product.rawValue + (day.isClosing ? " C" : "")).padding(toLength: 7, withPad: " ", startingAt: 0)
            text += "  " + QuoteCriteria.format(day.ratio, 2).padding(toLength: 5, withPad: " ", startingAt: 0)
            if let structure {
                text += "  " + structure.kind.rawValue.padding(toLength: 21, withPad: " ", startingAt: 0)
                text += " " + QuoteCriteria.format(structure.realMid, 1).padding(toLength: 10, withPad: " ", startingAt: 0)
                text += " " + QuoteCriteria.format(structure.realHalfSpread, 1).padding(toLength: 8, withPad: " ", startingAt: 0)
                text += " " + QuoteCriteria.format(structure.synthesizedMid, 1).padding(toLength: 10, withPad: " ", startingAt: 0)
                text += " " + QuoteCriteria.format(structure.midRatio, 2)
                if !structure.note.isEmpty { text += "  (\(structure.note))" }
            }
            text += "\n"
        }
        text += SPYPutReport.summary(result.spyPuts)
        text += forwardSummary(result)
        if !result.skipped.isEmpty {
            text += "\nNot compared:\n" + result.skipped.map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        return text
    }

    /// `quotes.html`: the summary and three plots.
    public static func html(_ result: QuoteValidation.Result, criteria: [QuoteCriterion]) -> String {
        let closing = QuoteCriteria.closingMediumRows(result)
        let days = Array(Set(result.bucketRows.map(\.date) + result.structureRows.map(\.date))).sorted()
        let labels = days.map(\.description)
        let x = { (date: TradingDate) in Double(days.firstIndex(of: date) ?? 0) }
        let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
        let bias = DeltaBucket.puts.enumerated().map { k, bucket in
            SVGPlot.Series(name: bucket.rawValue, color: colors[k],
                           points: closing.filter { $0.deltaBucket == bucket }.map { (x($0.date), $0.medianIVBias) })
        }
        let widths = [OptionProduct.spx, .xsp, .vix].enumerated().map { k, product in
            SVGPlot.Series(name: product.rawValue, color: colors[k],
                           points: result.dayWidthRatios.filter { $0.product == product }.map { (x($0.date), $0.ratio) })
        }
        let structures = StructureKind.allCases.enumerated().map { k, kind in
            SVGPlot.Series(name: kind.rawValue + " (mid)", color: colors[k],
                           points: result.structureRows.filter { $0.kind == kind }.map { (x($0.date), $0.midRatio) })
        }
        var page = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>spx30dte validate quotes</title>
            <style>body{font-family:sans-serif;margin:2em;max-width:1100px} td,th{padding:2px 8px;text-align:left}
            pre{background:#f6f6f6;padding:1em}</style></head><body>
            <h1>Synthesized chains against every real chain</h1>
            <table><tr><th>criterion</th><th>measured</th><th>target</th><th>result</th></tr>

            """
        for c in criteria {
            page += "<tr><td>\(escape(c.name))</td><td>\(escape(c.measured))</td><td>\(escape(c.target))</td><td>\(c.verdict)</td></tr>\n"
        }
        page += "</table>\n<h2>Signed IV bias by put delta bucket, 20-45 DTE (vol points, synthesized minus real)</h2>\n"
        page += SVGPlot.scatter(bias, xLabels: labels, yLabel: "vol points", references: [-0.5, 0, 0.5])
        page += "<h2>Median bid-ask width ratio per day (synthesized / real)</h2>\n"
        page += SVGPlot.scatter(widths, xLabels: labels, yLabel: "ratio", references: [0.5, 0.8, 1, 1.25, 2])
        page += "<h2>Structures at mid per day (synthesized / real premium)</h2>\n"
        page += SVGPlot.scatter(structures, xLabels: labels, yLabel: "ratio", references: [0.6, 0.9, 1, 1.1, 1.6])
        page += SPYPutReport.html(result.spyPuts)
        page += "<h2>Summary</h2>\n<pre>\(escape(summary(result, criteria: criteria)))</pre>\n</body></html>\n"
        return page
    }

    /// Writes the files into `directory` (created when missing). Each file is written
    /// whole or not at all.
    ///
    /// - Throws: `TabularError` (`.cannotWrite`) naming the folder or the file that could not
    ///   be written.
    public static func write(_ result: QuoteValidation.Result, criteria: [QuoteCriterion], to directory: String) throws(TabularError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TabularError(file: directory, reason: .cannotWrite(error.localizedDescription))
        }
        let files = [("quotes.csv", quotesCSV(result)), ("structures.csv", structuresCSV(result)),
                     ("spread_fit.csv", spreadFitCSV(result)), ("spy_puts.csv", SPYPutReport.bucketsCSV(result.spyPuts)),
                     ("spy_butterflies.csv", SPYPutReport.butterfliesCSV(result.spyPuts)),
                     ("forwards.csv", forwardsCSV(result)),
                     ("quotes.html", html(result, criteria: criteria))]
        for (name, text) in files {
            let path = directory + "/" + name
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw TabularError(file: path, reason: .cannotWrite(error.localizedDescription))
            }
        }
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.6g", value) : ""
    }

    static func csvText(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
