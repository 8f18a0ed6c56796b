import Foundation
import Market

/// A stand-in for the SPX opening level on the sessions whose recorded open is the previous
/// close: the index's first value of the day, computed before its stocks opened.
///
/// The index is disseminated from the first second of the session on each stock's last
/// price, so its first value is the previous close until the stocks open (CME Group,
/// "Final Settlement Procedures"). The history's open is that first value on most sessions of
/// 2004-2007 and many of 2011-2013 (within 0.01% of the previous close), and it says nothing
/// of the opening move that the special opening quotation (SOQ), built from each stock's
/// opening trade, carries. There, the opening move is estimated from what moved at the
/// open and over the day:
///
///     log(open / previous close) = a + b log(VIX open / previous VIX close)
///                                    + c log(close / previous close)
///
/// fitted by least squares (``LeastSquares``, LAPACKE) on the sessions of a range whose open
/// moved by more than the tolerance. The fit's R^2 is about a third: it is the conditional
/// mean of a move no figure in the history records, not a measurement of it.
public struct OpeningLevelEstimate: Sendable, Hashable {
    /// a, b and c above (log units).
    public var intercept: Double
    public var vixSlope: Double
    public var closeSlope: Double
    /// Sessions the fit used, and the share of their opening moves' variance it explains.
    public var sessions: Int
    public var rSquared: Double

    /// |log(open / previous close)| below which the open is read as the previous close (0.01%).
    public static let staleTolerance = 1e-4

    /// Whether `open` is the previous close to within ``staleTolerance``.
    public static func isStale(open: Double, previousClose: Double) -> Bool {
        abs(Foundation.log(open / previousClose)) < staleTolerance
    }

    /// The estimated opening level (index points) from the previous close, the session's close
    /// and the VIX's open and previous close (all positive).
    public func open(previousClose: Double, close: Double, vixOpen: Double, previousVIXClose: Double) -> Double {
        open(previousClose: previousClose, vixMove: Foundation.log(vixOpen / previousVIXClose),
             closeMove: Foundation.log(close / previousClose))
    }

    /// The same from the two log moves.
    func open(previousClose: Double, vixMove: Double, closeMove: Double) -> Double {
        previousClose * Foundation.exp(intercept + vixSlope * vixMove + closeSlope * closeMove)
    }

    /// The features of session `i` of `history` (log VIX opening move, log close move) and
    /// its recorded log opening move; nil where a figure is missing or not positive.
    static func observation(_ history: MarketHistory, session i: Int)
        -> (vix: Double, close: Double, open: Double?, previousClose: Double)? {
        guard i > 0 else { return nil }
        let day = history[i], before = history[i - 1]
        guard let vixOpen = day.vixOpen, let vixBefore = before.vixClose, vixOpen > 0, vixBefore > 0,
              before.spxClose > 0, day.spxClose > 0 else { return nil }
        let open = day.spxOpen.flatMap { $0 > 0 ? Foundation.log($0 / before.spxClose) : nil }
        return (Foundation.log(vixOpen / vixBefore), Foundation.log(day.spxClose / before.spxClose), open, before.spxClose)
    }

    /// The fit on the sessions of `history` from `first` through `last` whose open moved by
    /// at least ``staleTolerance``; nil with fewer than 30 such sessions or no solution.
    public static func fit(_ history: MarketHistory, from first: TradingDate, through last: TradingDate)
        -> OpeningLevelEstimate? {
        var rows: [[Double]] = [], moves: [Double] = []
        for i in history.dates.indices where history.dates[i] >= first && history.dates[i] <= last {
            guard let o = observation(history, session: i), let move = o.open, abs(move) >= staleTolerance else { continue }
            rows.append([1, o.vix, o.close])
            moves.append(move)
        }
        guard rows.count >= 30, let solution = try? LeastSquares.solve(rows: rows, rhs: moves) else { return nil }
        let mean = moves.reduce(0, +) / Double(moves.count)
        let total = moves.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let explained = total > 0 ? 1 - solution.residualNorm * solution.residualNorm / total : 0
        return OpeningLevelEstimate(intercept: solution.x[0], vixSlope: solution.x[1], closeSlope: solution.x[2],
                                    sessions: rows.count, rSquared: explained)
    }

    /// Session `i`'s open: the recorded one, or this estimate where the recorded one is the
    /// previous close and the VIX's figures exist; nil where the history has no open.
    /// `estimated` tells which.
    public func open(_ history: MarketHistory, session i: Int) -> (level: Double, estimated: Bool)? {
        guard let recorded = history[i].spxOpen else { return nil }
        guard let o = Self.observation(history, session: i), Self.isStale(open: recorded, previousClose: o.previousClose) else {
            return (recorded, false)
        }
        return (open(previousClose: o.previousClose, vixMove: o.vix, closeMove: o.close), true)
    }
}
