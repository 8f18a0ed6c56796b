import Market
import Strategy

/// A named market period the results are broken down by.
public struct Regime: Sendable, Hashable {
    /// Stable identifier, snake case (`2008_crisis`).
    public var name: String
    /// For people (`2008 crisis`).
    public var title: String
    /// Calendar dates, inclusive; nil bounds mean "from the run's start" / "to its end".
    public var start: TradingDate?
    /// The last calendar date, inclusive; nil for the run's end.
    public var end: TradingDate?

    /// A regime from its fields, as described on its properties.
    public init(name: String, title: String, start: TradingDate?, end: TradingDate?) {
        self.name = name
        self.title = title
        self.start = start
        self.end = end
    }

    /// The periods of DESIGN section 7, then the whole run.
    public static let standard: [Regime] = [
        Regime(name: "2008_crisis", title: "2008 crisis", start: date(2008, 1, 1), end: date(2009, 3, 31)),
        Regime(name: "2017_bull", title: "2017 bull", start: date(2017, 1, 1), end: date(2018, 1, 31)),
        Regime(name: "covid", title: "COVID crash", start: date(2020, 2, 1), end: date(2020, 4, 30)),
        Regime(name: "2022_bear", title: "2022 bear", start: date(2022, 1, 1), end: date(2022, 12, 31)),
        Regime(name: "full_run", title: "Full run", start: nil, end: nil),
    ]

    private static func date(_ y: Int, _ m: Int, _ d: Int) -> TradingDate { TradingDate(year: y, month: m, day: d)! }

    /// The period as text: `2008-01-01..2009-03-31`, `whole run`, or `run start..2009-03-31`.
    public var periodText: String {
        if start == nil && end == nil { return "whole run" }
        return "\(start?.isoString ?? "run start")..\(end?.isoString ?? "run end")"
    }
}

/// How much of a regime the run's days cover.
public enum RegimeCoverage: String, Sendable, Hashable {
    /// The run starts on or before the regime's first trading day and ends on or after its last.
    case full
    /// The run covers only part of the regime; figures are for that part.
    case partial
    /// No day of the run falls in the regime.
    case notInRun = "not in run"
}

/// A regime's figures: a row of `regimes.csv`.
///
/// Return, drawdown and Sharpe are over the regime's days, starting from the close before its
/// first day. Trades count positions opened in the regime; the win rate is over positions that
/// closed in it (all components). CAGR is given only for a regime of at least 252 trading days.
public struct RegimeResult: Sendable, Hashable {
    /// The regime.
    public var regime: Regime
    /// How much of it the run covers.
    public var coverage: RegimeCoverage
    /// The first and last trading days of the run inside the regime.
    public var firstDate: TradingDate?
    /// The last trading day of the run inside the regime.
    public var lastDate: TradingDate?
    /// Sessions of the run inside the regime.
    public var tradingDays: Int
    /// Return over the regime's days, as a fraction; nil without days.
    public var totalReturn: Double?
    /// Compound annual growth, only for at least 252 trading days.
    public var cagr: Double?
    /// Depth of the deepest drawdown inside the regime, a fraction (<= 0).
    public var maxDrawdown: Double?
    /// Annualized Sharpe ratio of the regime's daily excess returns; nil when undefined.
    public var sharpe: Double?
    /// Positions opened in the regime.
    public var positionsOpened: Int
    /// Positions closed in the regime.
    public var positionsClosed: Int
    /// Wins over positions closed in the regime (all components); nil when none closed.
    public var winRate: Double?

    /// The figures of every regime in `regimes` for `result`.
    public static func evaluate(_ result: BacktestResult, regimes: [Regime] = Regime.standard) -> [RegimeResult] {
        // The positions' outcomes are the run's, whatever the regime: gathered once.
        let outcomes = PositionOutcome.all(result.trades)
        return regimes.map { evaluate(result, $0, outcomes: outcomes) }
    }

    /// The figures of one regime for `result`.
    public static func evaluate(_ result: BacktestResult, _ regime: Regime) -> RegimeResult {
        evaluate(result, regime, outcomes: PositionOutcome.all(result.trades))
    }

    /// The figures of one regime for `result`, whose positions' outcomes are `outcomes`.
    static func evaluate(_ result: BacktestResult, _ regime: Regime, outcomes: [PositionOutcome]) -> RegimeResult {
        var figures = RegimeResult(regime: regime, coverage: .notInRun, firstDate: nil, lastDate: nil, tradingDays: 0,
                                   totalReturn: nil, cagr: nil, maxDrawdown: nil, sharpe: nil,
                                   positionsOpened: 0, positionsClosed: 0, winRate: nil)
        guard let run = result.dateRange else { return figures }
        let lower = regime.start ?? run.lowerBound, upper = regime.end ?? run.upperBound
        guard lower <= upper, let path = result.equityPath.slice(lower...upper) else { return figures }
        let firstDate = path.dates.first!, lastDate = path.dates.last!
        // Weekends and holidays at a regime's edges are not gaps: the run covers the regime
        // when it holds the regime's first and last NYSE sessions.
        let calendar = TradingCalendar.nyse
        func session(_ date: TradingDate, forward: Bool) -> TradingDate {
            guard calendar.coveredDates.contains(date) else { return date }
            return forward ? calendar.tradingDay(onOrAfter: date) : calendar.tradingDay(onOrBefore: date)
        }
        let missesStart = regime.start.map { run.lowerBound > session($0, forward: true) } ?? false
        let missesEnd = regime.end.map { run.upperBound < session($0, forward: false) } ?? false
        figures.coverage = missesStart || missesEnd ? .partial : .full
        figures.firstDate = firstDate
        figures.lastDate = lastDate
        figures.tradingDays = path.dates.count
        let end = path.equity.last!
        figures.totalReturn = path.initialEquity > 0 ? end / path.initialEquity - 1 : nil
        if path.dates.count >= Int(tradingDaysPerYear) {
            figures.cagr = ReturnStatistics.cagr(start: path.initialEquity, end: end, days: path.dates.count)
        }
        figures.maxDrawdown = Drawdown(path)?.depth
        let range = firstDate...lastDate
        let riskFree = result.risk.count == result.ledger.count
            ? result.risk.filter { range.contains($0.date) }.map(\.treasuryBillReturn)
            : nil
        figures.sharpe = ReturnStatistics.sharpe(dailyReturns: path.dailyReturns, riskFree: riskFree)
        figures.positionsOpened = outcomes.filter { range.contains($0.openDate) }.count
        let closedHere = outcomes.filter { $0.isClosed && range.contains($0.closeDate) }
        figures.positionsClosed = closedHere.count
        figures.winRate = closedHere.isEmpty ? nil
            : Double(closedHere.filter { $0.pnl > 0 }.count) / Double(closedHere.count)
        return figures
    }
}
