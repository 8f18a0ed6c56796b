import Foundation
import Market

/// The SPY section of `validate quotes`: `spy_puts.csv`, `spy_butterflies.csv` and the
/// printed tables (``SPYPutComparison``).
public enum SPYPutReport {
    /// `spy_puts.csv`: one row per snapshot, DTE bucket and put delta bucket.
    public static func bucketsCSV(_ result: SPYPutComparison.Result) -> String {
        let number = QuoteValidationReport.number
        var lines = ["date,spy_close,scale,skew,vix,vix3m,vvix,vvix_over_usual,dte_bucket,delta_bucket,options,median_iv_bias_vp,mean_iv_bias_vp"]
        for day in result.days {
            let dayFields = [day.date.description, number(day.spyClose), number(day.scale), number(day.skew), number(day.vix),
                             number(day.vix3m), number(day.vvix), number(result.volOfVolRatio(of: day))]
            for r in day.bucketRows where r.deltaBucket.isPut {
                lines.append((dayFields + [r.dteBucket.rawValue, r.deltaBucket.rawValue, String(r.count), number(r.medianIVBias),
                                           number(r.meanIVBias)]).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `spy_butterflies.csv`: the core butterfly of each snapshot at mid, SPX dollars.
    public static func butterfliesCSV(_ result: SPYPutComparison.Result) -> String {
        let number = QuoteValidationReport.number
        var lines = ["date,expiry,dte,legs,synthesized_mid,real_mid,mid_ratio,real_half_spread,note"]
        for day in result.days {
            let r = day.butterfly
            lines.append([day.date.description, r.expiry?.description ?? "", r.daysToExpiry.map(String.init) ?? "", r.legs,
                          number(r.synthesizedMid), number(r.realMid), number(r.midRatio), number(r.realHalfSpread),
                          QuoteValidationReport.csvText(r.note)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The printed section.
    public static func summary(_ result: SPYPutComparison.Result) -> String {
        guard !result.days.isEmpty else {
            return result.skipped.isEmpty ? "" : "\nSPY puts: " + result.skipped.joined(separator: "; ") + "\n"
        }
        // Each year, then nil for all of them.
        let years: [Int?] = Array(Set(result.days.map(\.date.year))).sorted() + [nil]
        var text = "\nSPY puts 2010-2023 as SPX-equivalent quotes (no criterion; out of sample: nothing is fitted on SPY):\n"
        text += "  \(result.days.count) snapshots compared, \(result.skipped.count) not\n"
        for dte in [DTEBucket.medium, .long] {
            text += "  IV bias, synthesized - real, median vol points, \(dte.rawValue) DTE:\n"
            text += "  year  " + DeltaBucket.puts.map { pad($0.rawValue, 12) }.joined() + "\n"
            for year in years {
                text += "  " + yearLabel(year) + "  "
                text += DeltaBucket.puts.map { bucket in
                    pad(QuoteCriteria.format(result.medianBias(bucket, dte: dte, years: year.map { $0...$0 }), 2), 12)
                }.joined() + "\n"
            }
        }
        text += "  the same, 20-45 DTE, by the day's SKEW (the tail moves the puts beyond 0.03 delta with it; rho the whole wing above SKEW 130):\n"
        text += bandTable(result, header: "SKEW", bands: skewBands, decimals: 0, value: \.skew)
        text += "  the same, 20-45 DTE, by the day's VIX term structure (VIX3M / VIX; under 1 inverted):\n"
        text += bandTable(result, header: "VIX3M/VIX", bands: termStructureBands, decimals: 1, value: \.termStructure)
        if let line = result.volOfVolLine {
            text += "  the same, 20-45 DTE, by the day's VVIX over the VVIX usual at its VIX (ln VVIX = "
            text += String(format: "%.3f + %.3f ln VIX", line.intercept, line.slope)
            text += ", least squares over \(line.days) sessions from \(VolOfVolLine.firstYear); the SPX surface does not read VVIX):\n"
            text += bandTable(result, header: "VVIX/usual", bands: volOfVolBands, decimals: 2) { line.ratio(vvix: $0.vvix, vix: $0.vix) }
        }
        for day in Array(Set(result.basis.map(\.date))).sorted() {
            text += "  SPY less SPX, both real, at the same forward moneyness, \(day):"
            for dte in [DTEBucket.medium, .long] {
                let rows = result.basis.filter { $0.date == day && $0.dteBucket == dte }
                guard !rows.isEmpty else { continue }
                text += " \(dte.rawValue) DTE " + rows.map { "\($0.deltaBucket.rawValue) \(QuoteCriteria.format($0.medianIVBias, 2))" }
                    .joined(separator: ", ") + ";"
            }
            text += "\n"
        }
        let unpriced = result.days.count - result.butterflies().count
        text += "  core butterfly at mid (the default rules at the snapshot's expiry), synthesized / real"
        text += " (\(unpriced) snapshots without one or with a real premium of 0: spy_butterflies.csv says why):\n"
        text += "  year  days  median  in 0.6-1.6  mean synth $  mean real $\n"
        for year in years {
            let rows = result.butterflies(years: year.map { $0...$0 })
            guard !rows.isEmpty else { continue }
            let ratios = rows.map(\.midRatio)
            let inside = ratios.filter { (0.6...1.6).contains($0) }.count
            text += "  " + yearLabel(year) + "  " + pad(String(rows.count), 6)
            text += pad(QuoteCriteria.format(QuoteStatistics.median(ratios), 2), 8) + pad("\(inside)/\(rows.count)", 12)
            text += pad(QuoteCriteria.format(Statistics.mean(rows.map(\.synthesizedMid)), 1), 14)
            text += QuoteCriteria.format(Statistics.mean(rows.map(\.realMid)), 1) + "\n"
        }
        return text
    }

    /// The HTML section: each snapshot's median IV bias by put delta bucket, 20-45 DTE.
    public static func html(_ result: SPYPutComparison.Result) -> String {
        guard !result.days.isEmpty else { return "" }
        let labels = result.days.map(\.date.description)
        let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]
        let series = DeltaBucket.puts.enumerated().map { k, bucket in
            SVGPlot.Series(name: bucket.rawValue, color: colors[k], points: result.days.enumerated().flatMap { x, day in
                day.bucketRows.filter { $0.dteBucket == .medium && $0.deltaBucket == bucket }.map { (Double(x), $0.medianIVBias) }
            })
        }
        let butterflies = [SVGPlot.Series(name: "core_bwb (mid)", color: colors[0], points: result.days.enumerated().compactMap { x, day in
            day.butterfly.midRatio.isFinite ? (Double(x), day.butterfly.midRatio) : nil
        })]
        var page = "<h2>SPY puts 2010-2023 as SPX-equivalent quotes: signed IV bias per snapshot, 20-45 DTE (vol points, synthesized minus real)</h2>\n"
        page += SVGPlot.scatter(series, xLabels: labels, yLabel: "vol points", references: [-0.5, 0, 0.5])
        page += "<h2>SPY puts: the core butterfly at mid per snapshot (synthesized / real premium)</h2>\n"
        page += SVGPlot.scatter(butterflies, xLabels: labels, yLabel: "ratio", references: [0.6, 0.9, 1, 1.1, 1.6])
        return page
    }

    /// A table row's year, or "all " for nil.
    static func yearLabel(_ year: Int?) -> String { year.map(String.init) ?? "all " }

    /// SKEW bands of the by-SKEW table (half-open).
    static let skewBands: [Range<Double>] = [0..<120, 120..<125, 125..<130, 130..<135, 135..<140, 140..<150, 150..<Double.infinity]
    /// VIX3M / VIX bands of the by-term-structure table (half-open).
    static let termStructureBands: [Range<Double>] = [0..<1.0, 1.0..<1.1, 1.1..<1.2, 1.2..<Double.infinity]
    /// VVIX / usual VVIX bands of the by-VVIX table (half-open).
    static let volOfVolBands: [Range<Double>] = [0..<0.85, 0.85..<0.95, 0.95..<1.05, 1.05..<1.15, 1.15..<Double.infinity]

    /// The median 20-45 DTE put bias of the days whose `value` falls in each of `bands`, one
    /// row per band that holds a day (a NaN value falls in none), labelled with `decimals`.
    static func bandTable(_ result: SPYPutComparison.Result, header: String, bands: [Range<Double>], decimals: Int,
                          value: @escaping (SPYPutComparison.Day) -> Double) -> String {
        func bound(_ x: Double) -> String { String(format: "%.\(decimals)f", x) }
        var text = "  " + pad(header, 11) + pad("days", 6) + DeltaBucket.puts.map { pad($0.rawValue, 12) }.joined() + "\n"
        for band in bands {
            let inBand = { (day: SPYPutComparison.Day) in band.contains(value(day)) }
            let count = result.days.filter(inBand).count
            guard count > 0 else { continue }
            let label = band.upperBound.isFinite ? bound(band.lowerBound) + "-" + bound(band.upperBound) : bound(band.lowerBound) + "+"
            text += "  " + pad(label, 11) + pad(String(count), 6)
            text += DeltaBucket.puts.map { bucket in
                pad(QuoteCriteria.format(result.medianBias(bucket, dte: .medium, of: inBand), 2), 12)
            }.joined() + "\n"
        }
        return text
    }
}
