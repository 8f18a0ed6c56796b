import Foundation
import Market

/// The market's forward of each expiry of a real SPX or XSP chain against the forward the
/// synthesized chain is built on: the 16:00 index close carried at the history's T-bill rate
/// less its dividend yield.
///
/// ``ChainPair`` compares vols at the market's own forward (``ParityForward``), so a carry
/// the history misses never shows in the vol bias. It shows in prices: a forward too low by
/// x makes every put dearer and every call cheaper by about |delta| F x. This row measures
/// it. Per expiry of 5-200 days with a parity forward,
///
///     gap(t) = log(parity forward / (close x e^{(r - q) t}))
///
/// and a least-squares line gap(t) = level + carry x t separates the two causes:
/// - `level`: the index at the quotes' moment against its 16:00 close (SPX options trade to
///   16:15 and downloads are taken later; an intraday chain is hours from the close), the
///   same for every expiry;
/// - `carry`: a rate or yield the history's does not hold (the options' financing rate above
///   the T-bill's, a dividend forecast away from the trailing yield), growing with time.
public struct ForwardCarryRow: Sendable, Hashable {
    public var date: TradingDate
    public var product: OptionProduct
    public var isClosing: Bool
    /// Expiries of 5-200 days with a parity forward: the points of the line.
    public var expiries: Int
    /// The line's value at t = 0, basis points.
    public var levelGapBasisPoints: Double
    /// The line's slope: the carry the market's forwards hold beyond the history's r - q,
    /// percent a year (positive: the market's forward is the higher).
    public var carryGapPercent: Double
    /// The history's T-bill rate and dividend yield that day (continuous, per year).
    public var rate: Double
    public var dividendYield: Double
}

public enum ForwardCarry {
    /// The expiries the line is drawn through, days: nearer ones are hours from their
    /// settlement, further ones quote few strikes two-sided.
    static let daysToExpiry = 5.0...200.0

    /// The row of `chain` (real quotes, underlying the 16:00 `close` in SPX points); nil for
    /// VIX, or with fewer than two expiries that have a parity forward.
    public static func row(_ chain: OptionChain, close: Double, isClosing: Bool) -> ForwardCarryRow? {
        guard chain.product != .vix, close > 0 else { return nil }
        let closeInProduct = close * chain.product.indexScale
        var design: [[Double]] = [], gaps: [Double] = []
        for (e, spot) in ParityForward.impliedSpots(chain).enumerated() {
            let t = chain.timesToExpiry[e]
            guard let spot, spot > 0, daysToExpiry.contains(t * 365) else { continue }
            // The implied spot carried at the chain's r - q is the parity forward.
            design.append([1, t])
            gaps.append(Foundation.log(spot / closeInProduct))
        }
        guard design.count >= 2, Set(design.map { $0[1] }).count >= 2,
              let line = try? LeastSquares.solve(rows: design, rhs: gaps) else { return nil }
        return ForwardCarryRow(date: chain.date, product: chain.product, isClosing: isClosing, expiries: design.count,
                               levelGapBasisPoints: 1e4 * line.x[0], carryGapPercent: 100 * line.x[1],
                               rate: chain.rate, dividendYield: chain.dividendYield)
    }

    /// Per year of the closing rows: their count and median carry and level gaps.
    public static func byYear(_ rows: [ForwardCarryRow])
        -> [(year: Int, chains: Int, carryGapPercent: Double, levelGapBasisPoints: Double, rate: Double)] {
        let closing = rows.filter(\.isClosing)
        return Set(closing.map(\.date.year)).sorted().map { year in
            let those = closing.filter { $0.date.year == year }
            return (year, those.count, QuoteStatistics.median(those.map(\.carryGapPercent)),
                    QuoteStatistics.median(those.map(\.levelGapBasisPoints)), QuoteStatistics.median(those.map(\.rate)))
        }
    }
}
