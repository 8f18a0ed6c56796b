import Foundation
import Market
import Strategy

/// The book's P&L over a grid of instantaneous moves: SPX moves (rows) crossed with VIX
/// rises in points (columns).
///
/// Each cell is the ``StressTester``'s repricing under the scenario "SPX x (1 + move), VIX +
/// points" with ``StressScenario/VIXMove/points(_:)``: every SPX and XSP implied vol rises by
/// the column's points, each VIX future by its term beta times them and each VIX option's vol
/// by the vol-of-vol rule (``StressParameters``). SPX and XSP legs go through the C core's
/// scenario grid (``Book/scenarioValues(spotShocks:volShocks:path:)``), one call per
/// component for every cell; VIX legs through one batch per column
/// (``StressTester/grid(spxMoves:vixPoints:positions:on:name:)``).
/// The P&L is against the model value at the day's quotes, so the cell of no move is zero.
public struct StressMatrix: Sendable {
    /// The monitor's rows: SPX -10% to +5%.
    public static let standardSPXMoves: [Double] = [-0.10, -0.07, -0.05, -0.03, -0.01, 0.01, 0.03, 0.05]
    /// The monitor's columns: VIX +0 to +20 points.
    public static let standardVIXPoints: [Double] = [0, 5, 10, 20]

    /// Relative SPX moves (-0.05 = SPX -5%), one per row.
    public let spxMoves: [Double]
    /// VIX rises in index points, one per column.
    public let vixPoints: [Double]
    /// Row-major results: `cells[row * vixPoints.count + column]`.
    public let cells: [StressResult]

    /// P&L in dollars (negative = loss) of SPX move `row` with VIX rise `column`.
    public func pnl(row: Int, column: Int) -> Double { cells[row * vixPoints.count + column].pnl }

    /// A cell's scenario name: `SPX -5%, VIX +10`.
    public static func name(spxMove move: Double, vixPoints points: Double) -> String {
        "SPX \(percentText(move)), VIX +\(pointsText(points))"
    }

    /// The matrix from the tester's grid results, row-major.
    init(spxMoves: [Double], vixPoints: [Double], cells: [StressResult]) {
        self.spxMoves = spxMoves
        self.vixPoints = vixPoints
        self.cells = cells
    }

    /// `-5%`, `+1%`, `-2.5%` (to a hundredth of a percent, so that -0.07 reads -7%).
    static func percentText(_ move: Double) -> String {
        let hundredths = Int((move * 10_000).rounded())
        let whole = abs(hundredths) / 100, fraction = abs(hundredths) % 100
        var text = String(whole)
        if fraction != 0 { text += "." + (fraction % 10 == 0 ? String(fraction / 10) : String(format: "%02d", fraction)) }
        return (hundredths < 0 ? "-" : hundredths > 0 ? "+" : "") + text + "%"
    }

    static func pointsText(_ points: Double) -> String {
        points == points.rounded() ? String(Int(points)) : String(points)
    }
}
