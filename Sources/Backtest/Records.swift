import Market
import Pricing
import Strategy

// The records a backtest run fills, one type per output table. The engine appends to them;
// metrics, gates, regimes and writers only read them.

extension TradeRecord {
    /// Identifies the listed series independently of the fill, to match opening and closing legs.
    var seriesKey: SeriesKey { SeriesKey(product: product, expiry: expiry, isCall: type == .call, strike: strike) }
}

/// The listed series of a leg, as the trade log names it.
struct SeriesKey: Hashable {
    var product: OptionProduct
    var expiry: TradingDate
    var isCall: Bool
    var strike: Double
}

/// Everything one backtest run produced, as the engine hands it to metrics and writers.
///
/// `ledger` and `risk` are in date order, one entry each per trading day of the run, with the
/// same dates. `trades` are in the order they were filled.
public struct BacktestResult: Sendable {
    /// The configuration the run used, as JSON (echoed into `manifest.json` and the report).
    public var parameters: JSONValue
    /// Account value before the first day, dollars.
    public var initialEquity: Double
    /// Leg fills and settlements, in the order they happened.
    public var trades: [TradeRecord]
    /// One row per session: equity, cash, greeks, stress loss, notch, sentiment.
    public var ledger: [LedgerRow]
    /// One entry per session, same dates as ``ledger``.
    public var risk: [DailyRisk]
    /// Orders refused by the rules, the market or the account, in date order.
    public var refusals: [Refusal]

    /// A result from its tables (the engine builds it; tests and readers of saved runs too).
    public init(parameters: JSONValue, initialEquity: Double, trades: [TradeRecord], ledger: [LedgerRow],
                risk: [DailyRisk], refusals: [Refusal]) {
        self.parameters = parameters
        self.initialEquity = initialEquity
        self.trades = trades
        self.ledger = ledger
        self.risk = risk
        self.refusals = refusals
    }

    /// The first and last trading days, or nil for an empty run.
    public var dateRange: ClosedRange<TradingDate>? {
        guard let first = ledger.first?.date, let last = ledger.last?.date else { return nil }
        return first...last
    }

    /// The equity path: initial equity, then each day's close.
    public var equityPath: EquityPath {
        EquityPath(initialEquity: initialEquity, dates: ledger.map(\.date), equity: ledger.map(\.equity))
    }

    /// Each day's drawdown from the running peak (including the initial equity), as a
    /// fraction <= 0, aligned with `ledger`.
    public var drawdown: [Double] { equityPath.drawdowns }

    /// The notch limit per day, dollars, aligned with `ledger`.
    public var notch: [Double] { ledger.map(\.notchLimit) }

    /// Income per calendar month (see ``MonthlyIncome``).
    public var monthlyIncome: [MonthlyIncome] { MonthlyIncome.table(equityPath) }

    /// Checks the shape contract (aligned series, ordered dates); returns the first problem.
    public func validate() -> String? {
        guard risk.count == ledger.count else {
            return "risk has \(risk.count) days but the ledger has \(ledger.count)"
        }
        for index in ledger.indices {
            if risk[index].date != ledger[index].date {
                return "risk day \(risk[index].date) does not match ledger day \(ledger[index].date)"
            }
            if index > 0, ledger[index].date <= ledger[index - 1].date {
                return "ledger dates are not increasing at \(ledger[index].date)"
            }
        }
        return nil
    }
}

/// Income of one calendar month: a row of `monthly.csv`.
///
/// Income is the change in equity over the month: the last close of the month less the last
/// close of the previous month (the initial equity for the first month). It is therefore net
/// of fees, hedge costs and marks on open positions. The first and last months of a run may
/// be partial; `tradingDays` shows how many days they hold.
public struct MonthlyIncome: Sendable, Hashable {
    /// Calendar year.
    public var year: Int
    /// Calendar month, 1...12.
    public var month: Int
    /// Equity at the previous month's last close (the initial equity for the first month), dollars.
    public var startEquity: Double
    /// Equity at the month's last close, dollars.
    public var endEquity: Double
    /// Sessions of the month in the run.
    public var tradingDays: Int

    /// A month's row, in the units of its properties.
    public init(year: Int, month: Int, startEquity: Double, endEquity: Double, tradingDays: Int) {
        self.year = year
        self.month = month
        self.startEquity = startEquity
        self.endEquity = endEquity
        self.tradingDays = tradingDays
    }

    /// Dollars gained (negative for a loss) in the month.
    public var income: Double { endEquity - startEquity }

    /// `YYYY-MM`.
    public var label: String {
        let y = String(year), m = String(month)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count < 2 ? "0" : "") + m
    }

    /// The months of an equity path, in order.
    public static func table(_ path: EquityPath) -> [MonthlyIncome] {
        var months: [MonthlyIncome] = []
        var previousClose = path.initialEquity
        for (date, equity) in zip(path.dates, path.equity) {
            let (year, month, _) = date.components
            if let last = months.last, last.year == year, last.month == month {
                months[months.count - 1].endEquity = equity
                months[months.count - 1].tradingDays += 1
            } else {
                if let last = months.last { previousClose = last.endEquity }
                months.append(MonthlyIncome(year: year, month: month, startEquity: previousClose,
                                            endEquity: equity, tradingDays: 1))
            }
        }
        return months
    }
}
