import Foundation
import Market

/// The VVIX usual at a VIX level, from the history:
///
///     ln VVIX = intercept + slope ln VIX,
///
/// least squares over the history's sessions from ``firstYear`` that have both closes. A
/// day's VVIX over this line (``ratio(vvix:vix:)``) says whether the VIX itself was expected
/// to move more (above 1) or less than usual at that day's VIX. The line is in logs, as VVIX
/// grows about as a power of VIX (VIX^0.18 over 2007-2025), so the ratio is uncorrelated
/// with ln VIX by construction. (The surface's own line of VVIX on VIX,
/// ``SurfaceParameters/vvixFallbackIntercept``, is in levels: it stands in for a missing VVIX
/// when pricing VIX options, a different use.)
public struct VolOfVolLine: Sendable, Hashable {
    public var intercept: Double
    public var slope: Double
    /// The sessions the line was fitted on.
    public var days: Int

    /// 2007: the data's 2006 VVIX values are implausible (PROVENANCE), and ``SurfaceAnchors``
    /// drops them too.
    public static let firstYear = 2007

    public init(intercept: Double, slope: Double, days: Int) {
        self.intercept = intercept
        self.slope = slope
        self.days = days
    }

    /// The line through `points` (VIX, VVIX closes, vol points; non-positive or non-finite
    /// ones are skipped); nil when fewer than two distinct VIX levels remain.
    public init?(points: [(vix: Double, vvix: Double)]) {
        var design: [[Double]] = [], logs: [Double] = []
        for (vix, vvix) in points where vix > 0 && vvix > 0 && vix.isFinite && vvix.isFinite {
            design.append([1, Foundation.log(vix)])
            logs.append(Foundation.log(vvix))
        }
        guard Set(design.map { $0[1] }).count >= 2, let line = try? LeastSquares.solve(rows: design, rhs: logs) else {
            return nil
        }
        self.init(intercept: line.x[0], slope: line.x[1], days: design.count)
    }

    /// The line of `history`'s sessions from ``firstYear``; nil when they hold too few VVIX closes.
    public init?(history: MarketHistory) {
        let points = history.dates.indices.compactMap { i -> (vix: Double, vvix: Double)? in
            guard history.dates[i].year >= Self.firstYear, let vix = history.vix.close[i], let vvix = history.vvix[i] else {
                return nil
            }
            return (vix, vvix)
        }
        self.init(points: points)
    }

    /// The VVIX usual at `vix` (vol points).
    public func usual(vix: Double) -> Double {
        Foundation.exp(intercept + slope * Foundation.log(vix))
    }

    /// `vvix` over the VVIX usual at `vix`; NaN when either is NaN or not positive.
    public func ratio(vvix: Double, vix: Double) -> Double {
        guard vvix > 0, vix > 0 else { return .nan }
        return vvix / usual(vix: vix)
    }
}
