import Foundation
import Market
import Strategy

/// Trading days per year, for annualizing daily figures (CAGR, Sharpe, Sortino).
public let tradingDaysPerYear = 252.0

/// An account's value over time: the value before the first day, then one close per day.
public struct EquityPath: Sendable, Hashable {
    /// Value before the first close, dollars.
    public var initialEquity: Double
    /// Trading days, increasing.
    public var dates: [TradingDate]
    /// Closing value per day, dollars.
    public var equity: [Double]

    /// A path from its columns: `equity[i]` is the close of `dates[i]`, dollars.
    public init(initialEquity: Double, dates: [TradingDate], equity: [Double]) {
        precondition(dates.count == equity.count, "one equity value per date")
        self.initialEquity = initialEquity
        self.dates = dates
        self.equity = equity
    }

    /// Simple daily returns, one per day: each close over the previous close (the initial
    /// equity before the first day) minus one.
    public var dailyReturns: [Double] {
        var previous = initialEquity
        return equity.map { value in
            defer { previous = value }
            return value / previous - 1
        }
    }

    /// Each day's drawdown from the highest value seen so far (the initial equity included),
    /// as a fraction: 0 at a new high, -0.1 ten percent below it.
    public var drawdowns: [Double] {
        var peak = initialEquity
        return equity.map { value in
            peak = max(peak, value)
            return value / peak - 1
        }
    }

    /// The days `range` holds, started from the close before the range (or the initial equity
    /// when the range starts at or before the first day). Nil when no day falls in `range`.
    public func slice(_ range: ClosedRange<TradingDate>) -> EquityPath? {
        guard let first = dates.firstIndex(where: { range.contains($0) }) else { return nil }
        let end = dates[first...].firstIndex(where: { $0 > range.upperBound }) ?? dates.count
        let start = first == 0 ? initialEquity : equity[first - 1]
        return EquityPath(initialEquity: start, dates: Array(dates[first..<end]), equity: Array(equity[first..<end]))
    }
}

/// The worst drawdown of an equity path and how long it lasted.
public struct Drawdown: Sendable, Hashable {
    /// Fraction below the prior peak at the trough (<= 0; 0 when the path never fell).
    public var depth: Double
    /// The day of the peak before the trough (the first day when the peak is the initial equity).
    public var peakDate: TradingDate
    /// The day of the lowest close below the peak.
    public var troughDate: TradingDate
    /// The first day back at or above the peak; nil when the path ends below it.
    public var recoveryDate: TradingDate?
    /// Calendar days from the peak to the recovery, or to the last day when not recovered.
    public var durationDays: Int

    /// The deepest drawdown of `path`; nil for a path without days. Ties keep the earliest trough.
    public init?(_ path: EquityPath) {
        guard let firstDate = path.dates.first, let lastDate = path.dates.last else { return nil }
        var peakValue = path.initialEquity, peakDate = firstDate
        var depth = 0.0, worstPeakValue = peakValue, worstPeak = firstDate, trough = firstDate
        for (date, value) in zip(path.dates, path.equity) {
            if value > peakValue {
                peakValue = value
                peakDate = date
            }
            let fall = value / peakValue - 1
            if fall < depth {
                depth = fall
                worstPeakValue = peakValue
                worstPeak = peakDate
                trough = date
            }
        }
        self.depth = depth
        self.peakDate = worstPeak
        self.troughDate = trough
        if depth == 0 {
            recoveryDate = nil
            durationDays = 0
            return
        }
        let afterTrough = path.dates.firstIndex(of: trough)! + 1
        let recovery = path.dates.indices.dropFirst(afterTrough).first { path.equity[$0] >= worstPeakValue }
        recoveryDate = recovery.map { path.dates[$0] }
        durationDays = (recoveryDate ?? lastDate) - worstPeak
    }
}

/// Win rates of closed positions.
///
/// A position is closed when every series it traded nets to zero contracts in the trade log;
/// its P&L is the sum of its fills' cash flows (fees included). A win is a P&L above zero.
public struct WinRates: Sendable, Hashable {
    /// Closed positions by component.
    public var closed: [Component: Int]
    /// Closed positions with a P&L above zero, by component.
    public var wins: [Component: Int]

    /// The rates of the positions in `trades`, counting only those whose id is in `positions`
    /// when that is given.
    public init(trades: [TradeRecord], positions: Set<Int>? = nil) {
        closed = [:]
        wins = [:]
        for outcome in PositionOutcome.all(trades) where outcome.isClosed {
            if let positions, !positions.contains(outcome.positionID) { continue }
            closed[outcome.component, default: 0] += 1
            if outcome.pnl > 0 { wins[outcome.component, default: 0] += 1 }
        }
    }

    /// Wins over closed positions of `component` (all components when nil); nil when none closed.
    public func rate(_ component: Component? = nil) -> Double? {
        let n = component.map { closed[$0] ?? 0 } ?? closed.values.reduce(0, +)
        let w = component.map { wins[$0] ?? 0 } ?? wins.values.reduce(0, +)
        return n == 0 ? nil : Double(w) / Double(n)
    }

    /// Closed positions of `component` (all components when nil).
    public func closedCount(_ component: Component? = nil) -> Int {
        component.map { closed[$0] ?? 0 } ?? closed.values.reduce(0, +)
    }
}

/// One position's trades summed up.
struct PositionOutcome {
    var positionID: Int
    var component: Component
    var openDate: TradingDate
    var closeDate: TradingDate
    var pnl: Double
    var isClosed: Bool

    /// One outcome per position id, in order of first fill.
    static func all(_ trades: [TradeRecord]) -> [PositionOutcome] {
        var order: [Int] = []
        var outcomes: [Int: PositionOutcome] = [:]
        var netContracts: [Int: [SeriesKey: Int]] = [:]
        for trade in trades {
            if outcomes[trade.positionID] == nil {
                order.append(trade.positionID)
                outcomes[trade.positionID] = PositionOutcome(positionID: trade.positionID, component: trade.component,
                                                             openDate: trade.date, closeDate: trade.date, pnl: 0,
                                                             isClosed: false)
            }
            outcomes[trade.positionID]!.pnl += trade.cashFlow
            outcomes[trade.positionID]!.closeDate = trade.date
            netContracts[trade.positionID, default: [:]][trade.seriesKey, default: 0] += trade.quantity
        }
        return order.map { id in
            var outcome = outcomes[id]!
            outcome.isClosed = netContracts[id]!.values.allSatisfy { $0 == 0 }
            return outcome
        }
    }
}

/// Mean, smallest and share of good months of the monthly income table.
public struct MonthlyIncomeSummary: Sendable, Hashable {
    /// Months in the table.
    public var months: Int
    /// Mean monthly income, dollars.
    public var mean: Double
    /// Smallest monthly income, dollars.
    public var minimum: Double
    /// Largest monthly income, dollars.
    public var maximum: Double
    /// Share of months with income of at least `threshold` dollars.
    public var shareAtLeastThreshold: Double
    /// The income a good month reaches, dollars (the plan's $2,000 by default).
    public var threshold: Double

    /// Nil without months.
    public init?(_ table: [MonthlyIncome], threshold: Double = 2000) {
        guard !table.isEmpty else { return nil }
        let incomes = table.map(\.income)
        months = incomes.count
        mean = incomes.reduce(0, +) / Double(incomes.count)
        minimum = incomes.min()!
        maximum = incomes.max()!
        shareAtLeastThreshold = Double(incomes.filter { $0 >= threshold }.count) / Double(incomes.count)
        self.threshold = threshold
    }
}

/// Pure statistics on daily returns. Every function returns nil where the figure is undefined
/// (too few observations, zero dispersion) rather than an infinite or made-up number.
public enum ReturnStatistics {
    /// Compound annual growth: `(end / start)^(252 / days) - 1`, where `days` is the number of
    /// daily returns. Nil without days or with a non-positive start or end.
    public static func cagr(start: Double, end: Double, days: Int) -> Double? {
        guard days > 0, start > 0, end > 0 else { return nil }
        return pow(end / start, tradingDaysPerYear / Double(days)) - 1
    }

    /// Below this daily standard deviation the excess returns count as having no dispersion:
    /// a book that holds only cash earning the T-bill rate has excess returns of rounding
    /// noise (about 1e-17), whose ratio would be a meaningless large number.
    public static let negligibleDailyDeviation = 1e-12

    /// Annualized Sharpe ratio of excess returns: the mean of daily excess returns over their
    /// sample standard deviation (n - 1), times sqrt(252).
    ///
    /// `riskFree` holds each day's return of the risk-free asset, and the backtest passes the
    /// same T-bill return its cash earns (`DailyRisk.treasuryBillReturn`: the previous close's
    /// DTB3 rate over the calendar days since, `TreasuryBillAccrual`), so the daily excess
    /// return is the day's return minus what cash in T-bills returned that day; zero when nil.
    /// Nil with fewer than two returns or no dispersion (see ``negligibleDailyDeviation``).
    public static func sharpe(dailyReturns: [Double], riskFree: [Double]? = nil) -> Double? {
        let excess = excessReturns(dailyReturns, riskFree)
        guard excess.count >= 2 else { return nil }
        let mean = excess.reduce(0, +) / Double(excess.count)
        let variance = excess.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(excess.count - 1)
        guard variance.isFinite, variance.squareRoot() > negligibleDailyDeviation else { return nil }
        return mean / variance.squareRoot() * tradingDaysPerYear.squareRoot()
    }

    /// Annualized Sortino ratio of excess returns (as in ``sharpe(dailyReturns:riskFree:)``):
    /// the mean daily excess return over the downside deviation `sqrt(sum(min(e, 0)^2) / n)`
    /// of the excess returns `e` (target 0, all n days in the denominator), times sqrt(252).
    /// Nil with fewer than two returns or no losing day (a downside deviation below
    /// ``negligibleDailyDeviation``).
    public static func sortino(dailyReturns: [Double], riskFree: [Double]? = nil) -> Double? {
        let excess = excessReturns(dailyReturns, riskFree)
        guard excess.count >= 2 else { return nil }
        let mean = excess.reduce(0, +) / Double(excess.count)
        let downside = (excess.reduce(0) { $0 + min($1, 0) * min($1, 0) } / Double(excess.count)).squareRoot()
        guard downside.isFinite, downside > negligibleDailyDeviation else { return nil }
        return mean / downside * tradingDaysPerYear.squareRoot()
    }

    /// CAGR over the magnitude of the maximum drawdown. Nil when there was no drawdown.
    public static func calmar(cagr: Double?, maxDrawdown: Double?) -> Double? {
        guard let cagr, let maxDrawdown, maxDrawdown < 0 else { return nil }
        return cagr / -maxDrawdown
    }

    private static func excessReturns(_ returns: [Double], _ riskFree: [Double]?) -> [Double] {
        guard let riskFree else { return returns }
        precondition(riskFree.count == returns.count, "one risk-free return per day")
        return zip(returns, riskFree).map { $0 - $1 }
    }
}

/// The summary metrics of a run (DESIGN section 7), by name in `summary.json`.
public struct Metrics: Sendable, Hashable {
    /// The run's first session; nil for an empty run.
    public var startDate: TradingDate?
    /// The run's last session; nil for an empty run.
    public var endDate: TradingDate?
    /// Sessions in the run.
    public var tradingDays: Int
    /// Account value before the first session, dollars.
    public var initialEquity: Double
    /// Account value at the last close, dollars.
    public var finalEquity: Double
    /// `final / initial - 1`.
    public var totalReturn: Double?
    /// Compound annual growth over 252-session years, as a fraction (``ReturnStatistics/cagr(start:end:days:)``).
    public var cagr: Double?
    /// Annualized Sharpe ratio of daily returns in excess of the T-bill's
    /// (``ReturnStatistics/sharpe(dailyReturns:riskFree:)``); nil when undefined.
    public var sharpe: Double?
    /// Annualized Sortino ratio of the same excess returns
    /// (``ReturnStatistics/sortino(dailyReturns:riskFree:)``); nil when undefined.
    public var sortino: Double?
    /// CAGR over the magnitude of the maximum drawdown; nil without a drawdown.
    public var calmar: Double?
    /// The deepest fall below a prior peak of the closing equity.
    public var maxDrawdown: Drawdown?
    /// Over closed positions of all components.
    public var winRate: WinRates
    /// Mean, extremes and share of good months of the monthly income; nil without months.
    public var monthlyIncome: MonthlyIncomeSummary?
    /// Slippage of every order against its net premium (``OrderSlippage``): the plan's
    /// "<1% slippage" figure is ``orderSlippage``'s share.
    public var orderSlippage: SlippageTotals
    /// The same by component (probe, core, hedge).
    public var orderSlippageByComponent: [Component: SlippageTotals]
    /// Sum over quoted fills of `|price - mid| x |quantity| x multiplier`, dollars (each leg
    /// on its own: the secondary, gross-premium figure).
    public var slippageDollars: Double
    /// Sum over quoted fills of `price x |quantity| x multiplier`, dollars (legs counted one
    /// by one, so a four-leg butterfly's premium is the sum of its legs', not its net credit).
    public var premiumTraded: Double
    /// Commissions and exchange fees of every fill, dollars.
    public var totalFees: Double
    /// T-bill interest credited to cash over the run, dollars (the ledger's `interest` summed).
    public var interestEarned: Double
    /// Leg fills in the trade log.
    public var fills: Int
    /// Positions opened.
    public var positionsOpened: Int
    /// Largest daily `|delta x SPX| / equity`: the book's delta dollars as a share of the
    /// account (reported; the delta gate is per core butterfly); nil without risk figures.
    public var deltaDollarsShareWorstDay: Double?
    /// Mean of the ledger's theta, dollars per day, over all days.
    public var averageTheta: Double?
    /// Orders refused (rows of `refusals.csv`).
    public var refusals: Int

    /// `slippageDollars / premiumTraded`: slippage over the gross premium of all legs (the
    /// secondary figure, kept beside ``orderSlippageShare``); nil when nothing was traded.
    public var slippageShare: Double? { premiumTraded > 0 ? slippageDollars / premiumTraded : nil }

    /// The premium-weighted mean of each order's slippage over its net premium (DESIGN
    /// section 6); nil when nothing was traded.
    public var orderSlippageShare: Double? { orderSlippage.share }

    /// The metrics of `result`.
    public init(_ result: BacktestResult) {
        let path = result.equityPath
        let returns = path.dailyReturns
        startDate = path.dates.first
        endDate = path.dates.last
        tradingDays = path.dates.count
        initialEquity = result.initialEquity
        finalEquity = path.equity.last ?? result.initialEquity
        totalReturn = tradingDays > 0 && initialEquity > 0 ? finalEquity / initialEquity - 1 : nil
        cagr = ReturnStatistics.cagr(start: initialEquity, end: finalEquity, days: returns.count)
        // Excess over the T-bill return the run's cash earns (or would earn, with interest off).
        let riskFree = result.risk.count == returns.count ? result.risk.map(\.treasuryBillReturn) : nil
        sharpe = ReturnStatistics.sharpe(dailyReturns: returns, riskFree: riskFree)
        sortino = ReturnStatistics.sortino(dailyReturns: returns, riskFree: riskFree)
        maxDrawdown = Drawdown(path)
        calmar = ReturnStatistics.calmar(cagr: cagr, maxDrawdown: maxDrawdown?.depth)
        winRate = WinRates(trades: result.trades)
        monthlyIncome = MonthlyIncomeSummary(MonthlyIncome.table(path))
        var slippage = 0.0, premium = 0.0, fees = 0.0
        for trade in result.trades {
            fees += trade.fees
            if let s = trade.slippage {
                slippage += s
                premium += trade.premium
            }
        }
        slippageDollars = slippage
        let orders = OrderSlippage.orders(result.trades)
        orderSlippage = SlippageTotals(orders)
        orderSlippageByComponent = Dictionary(grouping: orders, by: \.component).mapValues { SlippageTotals($0) }
        premiumTraded = premium
        totalFees = fees
        interestEarned = result.ledger.reduce(0) { $0 + $1.interest }
        deltaDollarsShareWorstDay = result.risk.count == result.ledger.count
            ? zip(result.risk, result.ledger).map { $0.deltaDollars($1) / $1.equity }.max() : nil
        fills = result.trades.count
        positionsOpened = Set(result.trades.map(\.positionID)).count
        averageTheta = result.ledger.isEmpty ? nil : result.ledger.reduce(0) { $0 + $1.theta } / Double(result.ledger.count)
        refusals = result.refusals.count
    }

    /// The metrics as `summary.json` names them, in display order. Fractions stay fractions
    /// (0.25 = 25%); money is dollars; nil is written `null`.
    public var named: [(name: String, value: JSONValue)] {
        func number(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }
        var list: [(String, JSONValue)] = [
            ("start_date", startDate.map { .string($0.isoString) } ?? .null),
            ("end_date", endDate.map { .string($0.isoString) } ?? .null),
            ("trading_days", .integer(tradingDays)),
            ("initial_equity", .number(initialEquity)),
            ("final_equity", .number(finalEquity)),
            ("total_return", number(totalReturn)),
            ("cagr", number(cagr)),
            ("sharpe", number(sharpe)),
            ("sortino", number(sortino)),
            ("calmar", number(calmar)),
            ("max_drawdown", number(maxDrawdown?.depth)),
            ("max_drawdown_days", maxDrawdown.map { .integer($0.durationDays) } ?? .null),
            ("max_drawdown_peak", maxDrawdown.map { .string($0.peakDate.isoString) } ?? .null),
            ("max_drawdown_trough", maxDrawdown.map { .string($0.troughDate.isoString) } ?? .null),
            ("max_drawdown_recovery", maxDrawdown?.recoveryDate.map { .string($0.isoString) } ?? .null),
            ("win_rate", number(winRate.rate())),
        ]
        for component in Component.allCases {
            list.append(("win_rate_\(component.rawValue)", number(winRate.rate(component))))
            list.append(("closed_positions_\(component.rawValue)", .integer(winRate.closedCount(component))))
        }
        list += [
            ("monthly_income_mean", number(monthlyIncome?.mean)),
            ("monthly_income_min", number(monthlyIncome?.minimum)),
            ("monthly_income_max", number(monthlyIncome?.maximum)),
            ("monthly_income_share_at_least_2000", number(monthlyIncome?.shareAtLeastThreshold)),
            ("months", .integer(monthlyIncome?.months ?? 0)),
            ("slippage_order_share", number(orderSlippageShare)),
            ("slippage_order_dollars", .number(orderSlippage.slippage)),
            ("net_premium_traded", .number(orderSlippage.netPremium)),
            ("orders", .integer(orderSlippage.orders)),
        ]
        for component in Component.allCases {
            list.append(("slippage_order_share_\(component.rawValue)", number(orderSlippageByComponent[component]?.share)))
        }
        list += [
            ("slippage_dollars", .number(slippageDollars)),
            ("premium_traded", .number(premiumTraded)),
            ("slippage_share", number(slippageShare)),
            ("total_fees", .number(totalFees)),
            ("interest_earned", .number(interestEarned)),
            ("delta_dollars_share_worst_day", number(deltaDollarsShareWorstDay)),
            ("fills", .integer(fills)),
            ("positions_opened", .integer(positionsOpened)),
            ("average_theta_per_day", number(averageTheta)),
            ("refusals", .integer(refusals)),
        ]
        return list
    }
}
