import Backtest
import Market
import Strategy

/// Reads a saved book on one day: its greeks per component, the plan's quality figures and
/// the stress matrix, all through the risk code the day step uses (``GreekMonitor``,
/// ``StressTester``), on chains asked of a ``DayChainSource``.
///
/// It reads a ``BookState`` and the day's market only, so the backtest's saved states and the
/// paper journal's feed it alike. Nothing is changed: the state is not stepped.
public struct BookMonitor: Sendable {
    public let greekMonitor: GreekMonitor
    public let stressTester: StressTester
    public let targets: GateTargets
    public let spxMoves: [Double]
    public let vixPoints: [Double]

    public init(greekMonitor: GreekMonitor = GreekMonitor(), stressTester: StressTester = StressTester(),
                targets: GateTargets = GateTargets(), spxMoves: [Double] = StressMatrix.standardSPXMoves,
                vixPoints: [Double] = StressMatrix.standardVIXPoints) {
        self.greekMonitor = greekMonitor
        self.stressTester = stressTester
        self.targets = targets
        self.spxMoves = spxMoves
        self.vixPoints = vixPoints
    }

    /// The book of `state` on `date`, the day's levels from `history` and the quotes from
    /// the backtest's chain assembler over `builder`.
    public func reading(of state: BookState, on date: TradingDate, builder: ChainBuilder) throws(MonitorError) -> MonitorReading {
        guard let day = builder.history.day(date) else { throw .notASession(date) }
        var source = DayChainAssembler(builder: builder)
        return try reading(of: state, day: day, chains: &source)
    }

    /// The book of `state` on `day`, quotes from `source`. The state must not be saved after
    /// the day (a later book is not that day's); the day's VIX close, else the state's last
    /// VIX, is the level the stress moves scale with.
    public func reading(of state: BookState, day: MarketDay,
                        chains source: inout some DayChainSource) throws(MonitorError) -> MonitorReading {
        if let saved = state.lastDate, saved > day.date { throw .stateAfterDate(date: day.date, stateDate: saved) }
        guard let vix = day.vixClose ?? state.lastVIX, vix.isFinite, vix > 0 else { throw .noVIX(day.date) }
        let positions = state.portfolio.positions
        let chains = MonitorChains.chains(for: positions, day: day, vix: vix, source: &source)

        var marks = 0.0
        for position in positions {
            marks += Portfolio.valuation(of: position, on: chains).midValue ?? state.lastMarks[position.id] ?? 0
        }
        let equity = state.portfolio.cash + marks

        let report = greekMonitor.report(for: positions, on: chains)
        let greeks = BookGreeks(report: report, spxLevel: day.spxClose, vixLevel: vix)

        let cells = stressTester.grid(spxMoves: spxMoves, vixPoints: vixPoints, positions: positions, on: chains,
                                      name: StressMatrix.name)
        let matrix = StressMatrix(spxMoves: spxMoves, vixPoints: vixPoints, cells: cells)
        let planResults = stressTester.run(StressScenario.plan, positions: positions, on: chains)
        let lines = PlanLines(minus5: planResults[0], crash7: planResults[1], volUp10: planResults[2], equity: equity,
                              targets: targets)
        let quality = PlanQuality(date: day.date, positions: positions, greeks: greeks, lines: lines, equity: equity,
                                  spx: day.spxClose, targets: targets)
        return MonitorReading(date: day.date, stateDate: state.lastDate, spx: day.spxClose, vix: vix, equity: equity,
                              cash: state.portfolio.cash, openPositions: positions.count, notchLimit: state.notch.limit,
                              greeks: greeks, quality: quality, matrix: matrix, lines: lines)
    }
}
