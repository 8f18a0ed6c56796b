import Market
import Paper

/// The stress matrix the dashboard shows: `spx30dte monitor`'s matrix (``BookMonitor``, through
/// the C core's scenario grid) of the journal's last committed book on that session's quotes,
/// with the plan's two lines. Rows are SPX moves, columns VIX rises in points; P&L in dollars
/// (negative a loss). Non-finite figures are null, as JSON has no NaN.
public struct DashboardStressMatrix: Sendable, Codable, Equatable {
    /// One of the plan's lines: the row it is drawn on and its own scenario's figure.
    public struct Line: Sendable, Codable, Equatable {
        /// The plan's words: `-5% = at most $5k loss`.
        public var rule: String
        /// The SPX move of the row the line is drawn on (-0.05, -0.07).
        public var spxMove: Double
        /// The VIX rise the line's scenario puts with the SPX move (the stress rule), points.
        public var vixChange: Double?
        /// The book's P&L under the line's scenario, dollars.
        public var pnl: Double?
        public var passes: Bool
    }

    /// The session whose book and quotes the matrix is of; nil when none is shown.
    public var date: String?
    /// The session's SPX and VIX closes, index points.
    public var spx: Double?
    public var vix: Double?
    /// Relative SPX moves, one per row (-0.05 = SPX -5%).
    public var spxMoves: [Double]
    /// VIX rises in index points, one per column.
    public var vixPoints: [Double]
    /// `pnl[row][column]`, dollars.
    public var pnl: [[Double?]]
    /// Whether each cell meets its row's plan line; null on rows without a line.
    public var passes: [[Bool?]]
    public var minus5: Line?
    public var crash7: Line?
    /// Legs that could not be priced that day: their P&L is in no cell.
    public var unpricedLegs: Int
    /// Why no matrix is shown (no session yet, no market data, the session not in the history);
    /// nil when one is.
    public var unavailable: String?

    /// The matrix of the monitor's `reading`.
    public init(_ reading: MonitorReading) {
        let matrix = reading.matrix, lines = reading.lines
        date = reading.date.isoString
        spx = finite(reading.spx)
        vix = finite(reading.vix)
        spxMoves = matrix.spxMoves
        vixPoints = matrix.vixPoints
        pnl = matrix.spxMoves.indices.map { row in
            matrix.vixPoints.indices.map { column in finite(matrix.pnl(row: row, column: column)) }
        }
        passes = matrix.spxMoves.enumerated().map { row, move in
            matrix.vixPoints.indices.map { column in lines.cellPasses(spxMove: move, pnl: matrix.pnl(row: row, column: column)) }
        }
        minus5 = Line(rule: "-5% = at most $5k loss",
                      spxMove: lines.minus5.shock.spxMove, vixChange: finite(lines.minus5.shock.vixChange),
                      pnl: finite(lines.minus5.pnl), passes: lines.minus5Passes)
        crash7 = Line(rule: "-7% = breakeven", spxMove: lines.crash7.shock.spxMove,
                      vixChange: finite(lines.crash7.shock.vixChange), pnl: finite(lines.crash7.pnl),
                      passes: lines.crash7Passes)
        unpricedLegs = reading.greeks.unpriced.count
        unavailable = nil
    }

    /// No matrix, for `reason`.
    public init(unavailable reason: String) {
        date = nil
        spx = nil
        vix = nil
        spxMoves = []
        vixPoints = []
        pnl = []
        passes = []
        minus5 = nil
        crash7 = nil
        unpricedLegs = 0
        unavailable = reason
    }

    /// The plan line drawn on row `row`, if any.
    func line(onRow row: Int) -> Line? {
        [minus5, crash7].compactMap { $0 }.first { abs($0.spxMove - spxMoves[row]) < 1e-12 }
    }
}
