import Foundation
import Market

/// One Done-when criterion of the quote validation, as measured.
public struct QuoteCriterion: Sendable, Hashable {
    public var name: String
    /// The measured figure, as printed.
    public var measured: String
    /// The target, as printed.
    public var target: String
    /// nil when nothing could be measured (no real chain of that kind).
    public var passed: Bool?

    public var verdict: String { passed.map { $0 ? "PASS" : "FAIL" } ?? "n/a" }
}

/// The criteria of issue 8's "Done when", over the closing snapshots:
/// - median signed IV bias within +-0.5 vol points in every put delta bucket at 20-45 DTE
///   (the median over days of each day's bucket median, SPX and XSP);
/// - median width ratio (over days, each day's median over its compared options) within
///   0.8-1.25, and every day's within 0.5-2;
/// - the core butterfly's credit at mid within 0.9-1.1 of the real one in the median and
///   0.6-1.6 on every day;
/// - the hedge's VIX call spread at mid within 0.85-1.15 of the real one (median), marked
///   "in sample" when every such day is one of the chains the VIX smile is fitted on.
public enum QuoteCriteria {
    /// The bucket rows the IV-bias figures read: closing SPX and XSP snapshots at 20-45 DTE.
    static func closingMediumRows(_ result: QuoteValidation.Result) -> [QuoteBucketRow] {
        result.bucketRows.filter { $0.isClosing && $0.product != .vix && $0.dteBucket == .medium }
    }

    public static func evaluate(_ result: QuoteValidation.Result) -> [QuoteCriterion] {
        var criteria: [QuoteCriterion] = []
        let closingRows = closingMediumRows(result)
        for bucket in DeltaBucket.puts {
            let biases = closingRows.filter { $0.deltaBucket == bucket }.map(\.medianIVBias)
            let median = QuoteStatistics.median(biases)
            criteria.append(QuoteCriterion(
                name: "IV bias \(bucket.rawValue), 20-45 DTE (median of \(biases.count) days)",
                measured: biases.isEmpty ? "-" : format(median, 2) + " vp", target: "within +-0.5 vp",
                passed: biases.isEmpty ? nil : abs(median) <= 0.5))
        }
        let ratios = result.dayWidthRatios.filter { $0.isClosing && $0.product != .vix }.map(\.ratio).filter(\.isFinite)
        let widthMedian = QuoteStatistics.median(ratios), widthRange = QuoteStatistics.range(ratios)
        criteria.append(QuoteCriterion(name: "width ratio synthesized/real, median of \(ratios.count) days",
                                       measured: ratios.isEmpty ? "-" : format(widthMedian, 2), target: "0.8-1.25",
                                       passed: ratios.isEmpty ? nil : (0.8...1.25).contains(widthMedian)))
        criteria.append(QuoteCriterion(name: "width ratio, every day",
                                       measured: ratios.isEmpty ? "-" : "\(format(widthRange.min, 2))-\(format(widthRange.max, 2))",
                                       target: "0.5-2", passed: ratios.isEmpty ? nil : widthRange.min >= 0.5 && widthRange.max <= 2))
        let cores = result.structureRows.filter { $0.isClosing && $0.kind == .coreButterfly }.map(\.midRatio).filter(\.isFinite)
        let coreMedian = QuoteStatistics.median(cores), coreRange = QuoteStatistics.range(cores)
        criteria.append(QuoteCriterion(name: "core BWB credit at mid, synthesized/real, median of \(cores.count) days",
                                       measured: cores.isEmpty ? "-" : format(coreMedian, 2), target: "0.9-1.1",
                                       passed: cores.isEmpty ? nil : (0.9...1.1).contains(coreMedian)))
        criteria.append(QuoteCriterion(name: "core BWB credit at mid, every day",
                                       measured: cores.isEmpty ? "-" : "\(format(coreRange.min, 2))-\(format(coreRange.max, 2))",
                                       target: "0.6-1.6", passed: cores.isEmpty ? nil : coreRange.min >= 0.6 && coreRange.max <= 1.6))
        let hedgeRows = result.structureRows.filter { $0.isClosing && $0.kind == .hedgeSpread && $0.midRatio.isFinite }
        let hedges = hedgeRows.map(\.midRatio)
        let hedgeMedian = QuoteStatistics.median(hedges)
        // The VIX smile's defaults are fitted on the data folder's VIX chains: a day among them is in sample.
        let fittedOn = Set(VIXOptionCalibration.RealChain.allCases.map(\.quoteDate))
        let inSample = !hedgeRows.isEmpty && hedgeRows.allSatisfy { fittedOn.contains($0.date) }
        criteria.append(QuoteCriterion(name: "VIX call spread at mid, synthesized/real, median of \(hedges.count) days"
                                           + (inSample ? " (in sample)" : ""),
                                       measured: hedges.isEmpty ? "- (no closing real VIX chain)" : format(hedgeMedian, 2),
                                       target: "0.85-1.15", passed: hedges.isEmpty ? nil : (0.85...1.15).contains(hedgeMedian)))
        return criteria
    }

    /// The far put tail at 20-45 DTE over the closing days (no criterion): per tail bucket,
    /// the median over days of each day's median IV bias, and the median of its absolute
    /// value. Beyond every strike the strategy trades; there the surface's put tail carries
    /// the day's SKEW.
    public static func farPutTail(_ result: QuoteValidation.Result) -> [String] {
        let rows = closingMediumRows(result)
        let parts = DeltaBucket.putTails.compactMap { bucket -> String? in
            let biases = rows.filter { $0.deltaBucket == bucket }.map(\.medianIVBias).filter(\.isFinite)
            guard !biases.isEmpty else { return nil }
            return "\(bucket.rawValue) " + format(QuoteStatistics.median(biases), 2) + " vp (|bias| "
                + format(QuoteStatistics.median(biases.map { abs($0) }), 2) + ", \(biases.count) days)"
        }
        guard !parts.isEmpty else { return [] }
        return ["far put tail, 20-45 DTE, median IV bias (no criterion; where the surface's tail carries SKEW): "
                + parts.joined(separator: "; ")]
    }

    /// The core butterfly's synthesized mid held to the real combo's own market on the
    /// closing days (no criterion reads it): on how many days it lies inside the real bid-ask,
    /// the median |synthesized - real| at mid beside the median real half-spread, and the
    /// mean synthesized and real credit of each year's days (at mid and at the fill). The
    /// butterfly's mid is a small difference of three premiums, so a real mid is itself only
    /// known to within its half-spread.
    public static func coreButterflyAgainstRealMarket(_ result: QuoteValidation.Result) -> [String] {
        let rows = result.structureRows.filter { $0.isClosing && $0.kind == .coreButterfly && $0.synthesizedMidInsideRealMarket != nil }
        guard !rows.isEmpty else { return [] }
        let inside = rows.filter { $0.synthesizedMidInsideRealMarket == true }.count
        let errors = rows.map { abs($0.synthesizedMid - $0.realMid) }, halves = rows.map(\.realHalfSpread)
        func mean(_ values: [Double]) -> String {
            let m = values.reduce(0, +) / Double(values.count)
            return (m < 0 ? "-$" : "$") + format(abs(m), 1)
        }
        var byYear: [String] = []
        for year in Set(rows.map(\.date.year)).sorted() {
            let days = rows.filter { $0.date.year == year }
            let filled = days.filter { $0.synthesizedFill.isFinite && $0.realFill.isFinite }
            var line = "  \(year) (\(days.count) day\(days.count == 1 ? "" : "s")): at mid \(mean(days.map(\.synthesizedMid)))"
            line += " against \(mean(days.map(\.realMid)))"
            if !filled.isEmpty {
                line += "; at the fill \(mean(filled.map(\.synthesizedFill))) against \(mean(filled.map(\.realFill)))"
            }
            byYear.append(line)
        }
        return ["",
                "core BWB against the real combo's own bid-ask (closing days, no criterion):",
                "  synthesized mid inside the real bid-ask on \(inside) of \(rows.count) days;"
                    + " |synthesized - real| at mid: median $\(format(QuoteStatistics.median(errors), 1)),"
                    + " largest $\(format(errors.max()!, 1)); real half-spread: median $\(format(QuoteStatistics.median(halves), 1))",
                "  mean credit a day, synthesized against real:"] + byYear
    }

    /// `value` with `digits` decimals ("-" when not finite).
    static func format(_ value: Double, _ digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "-"
    }
}
