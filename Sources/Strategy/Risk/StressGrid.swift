import Market
import Pricing

extension StressTester {
    /// The book's P&L over every SPX move crossed with every VIX rise in points, row-major
    /// (`[row * vixPoints.count + column]`), each cell the scenario "SPX x (1 + move), VIX +
    /// points" of ``StressScenario/VIXMove/points(_:)``.
    ///
    /// SPX and XSP legs go through the C core's scenario grid
    /// (`Book.scenarioValues(spotShocks:volShocks:path:)`): one call per component prices
    /// every (spot, vol) pair, the vol shift of a column being its points. VIX legs depend on
    /// the column only (futures and vols move with the VIX rise), so they are repriced once
    /// per column. Each cell equals ``run(_:positions:on:)->StressResult`` of its scenario, named by
    /// `name(move, points)`. A move in points does not read the VIX level, so every cell is
    /// resolved whatever the day's level.
    public func grid(spxMoves: [Double], vixPoints: [Double], positions: [Position], on chains: DayChains,
                     name: (_ spxMove: Double, _ vixPoints: Double) -> String = { "SPX \($0), VIX +\($1)" })
        -> [StressResult] {
        guard !spxMoves.isEmpty, !vixPoints.isEmpty else { return [] }
        let book = RiskBook(positions: positions, chains: chains)
        let components = Component.allCases
        let columns = vixPoints.count
        // pnl[cell][component]
        var pnl = [[Double]](repeating: [Double](repeating: 0, count: components.count), count: spxMoves.count * columns)

        if book.spx.count > 0 {
            // Row and column 0 are the unshocked book.
            let spotShocks = [0] + spxMoves
            let volShocks = [0] + vixPoints.map { $0 / 100 }
            for (c, component) in components.enumerated() where book.spx.components.contains(component) {
                let values = book.spx.componentBook(component).scenarioValues(spotShocks: spotShocks, volShocks: volShocks,
                                                                              path: path)
                let base = values.value(spotShock: 0, volShock: 0)
                for row in spxMoves.indices {
                    for column in 0..<columns {
                        pnl[row * columns + column][c] += values.value(spotShock: row + 1, volShock: column + 1) - base
                    }
                }
            }
        }

        let shocks = spxMoves.flatMap { move in
            vixPoints.map { points in
                shock(StressScenario(name: name(move, points), spxMove: move, vixMove: .points(points)),
                      vix: chains.vix, vixChange: points, spxVolPoints: points)
            }
        }
        if book.vix.count > 0 {
            let values = vixValues(book.vix, shocks: Array(shocks.prefix(columns)), components: components)
            for cell in pnl.indices {
                for c in components.indices { pnl[cell][c] += values[cell % columns + 1][c] - values[0][c] }
            }
        }

        return shocks.enumerated().map { cell, shock in
            var byComponent: [Component: Double] = [:]
            for (c, component) in components.enumerated() { byComponent[component] = pnl[cell][c] }
            return StressResult(shock: shock, pnl: pnl[cell].reduce(0, +), pnlByComponent: byComponent,
                                unpriced: book.unpriced)
        }
    }
}
