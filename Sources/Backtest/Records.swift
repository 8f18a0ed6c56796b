import Market
import Pricing
import Strategy

// The records a backtest run fills, one type per output table. The engine appends to them;
// metrics, gates, regimes and writers only read them.

/// Why a leg was filled. The raw values are the `reason` column of `trades.csv`.
public enum FillReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The fill that opened the position.
    case open
    /// Closed at the profit target (a share of the opening credit captured).
    case profitTarget = "profit_target"
    /// Closed at the stop (a loss of a multiple of the credit).
    case stop
    /// Closed at the days-to-expiry exit.
    case dteExit = "dte_exit"
    /// Closed because the position's delta per contract left its band.
    case deltaExit = "delta_exit"
    /// Held to expiry and settled at the settlement value.
    case settlement
    /// Closed to be replaced by a later expiry (hedges at 15 DTE).
    case roll
    /// Part of a hedge sold when VIX rose far enough above its entry level.
    case hedgeTakeOff = "hedge_take_off"

    /// Whether the fill reduces or ends the position (everything but `open`).
    public var isClosing: Bool { self != .open }
}

/// One leg fill: a row of `trades.csv`.
///
/// Prices are per unit of the option, in index points, as quoted (an SPX put at 12.30 is
/// `12.30`); dollars are `price x |quantity| x multiplier`. A closing fill has the opposite
/// sign of quantity to the opening one. A settlement row has no quote: its `bid` and `ask`
/// are nil (written empty) and its `price` is the settlement value, which comes from the
/// real index print, so its `quoteSource` is `.real`.
public struct TradeRecord: Sendable, Hashable {
    /// The trading day of the fill (decisions and fills use that day's closing quotes).
    public var date: TradingDate
    /// The `Position.id` the leg belongs to.
    public var positionID: Int
    public var component: Component
    public var product: OptionProduct
    /// The series' settlement date (the day its value is fixed, from which DTE is counted).
    /// For pre-2015 AM monthlies this is the Friday, not the Saturday expiration.
    public var expiry: TradingDate
    public var type: OptionType
    /// Strike in the product's own points (XSP strikes are one tenth of SPX's).
    public var strike: Double
    /// Signed contracts: positive bought, negative sold.
    public var quantity: Int
    /// Fill price per unit, in points (never negative).
    public var price: Double
    /// The quote filled against; nil for settlement.
    public var bid: Double?
    public var ask: Double?
    public var quoteSource: QuoteSource
    /// Commissions and exchange fees for this leg, in dollars (never negative).
    public var fees: Double
    public var reason: FillReason

    public init(date: TradingDate, positionID: Int, component: Component, product: OptionProduct,
                expiry: TradingDate, type: OptionType, strike: Double, quantity: Int, price: Double,
                bid: Double?, ask: Double?, quoteSource: QuoteSource, fees: Double, reason: FillReason) {
        self.date = date
        self.positionID = positionID
        self.component = component
        self.product = product
        self.expiry = expiry
        self.type = type
        self.strike = strike
        self.quantity = quantity
        self.price = price
        self.bid = bid
        self.ask = ask
        self.quoteSource = quoteSource
        self.fees = fees
        self.reason = reason
    }

    /// A fill of `quantity` contracts of `leg`'s series (the sign is the caller's: the leg's
    /// own quantity to open, its negation to close).
    public init(date: TradingDate, position: Position, leg: Leg, quantity: Int, price: Double,
                bid: Double?, ask: Double?, quoteSource: QuoteSource, fees: Double, reason: FillReason) {
        self.init(date: date, positionID: position.id, component: position.component, product: leg.product,
                  expiry: leg.expiry.settlementDate, type: leg.type, strike: leg.strike, quantity: quantity,
                  price: price, bid: bid, ask: ask, quoteSource: quoteSource, fees: fees, reason: reason)
    }

    /// Dollars per point per contract.
    public var multiplier: Double { product.multiplier }

    /// Cash received (positive) or paid (negative) for the fill, fees included.
    public var cashFlow: Double { -Double(quantity) * price * multiplier - fees }

    /// Premium changing hands, in dollars, without sign: `price x |quantity| x multiplier`.
    public var premium: Double { price * Double(quantity.magnitude) * multiplier }

    /// The quote's mid, when there is a quote.
    public var mid: Double? {
        guard let bid, let ask else { return nil }
        return 0.5 * (bid + ask)
    }

    /// `|price - mid| x |quantity| x multiplier`, in dollars; nil without a quote.
    public var slippage: Double? {
        mid.map { abs(price - $0) * Double(quantity.magnitude) * multiplier }
    }

    /// The option type as written in `trades.csv`: `call` or `put`.
    public var typeText: String { type == .call ? "call" : "put" }

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

/// One trading day's close: a row of `ledger.csv`.
///
/// Greeks are portfolio totals in display units (the `Pricing` raw derivatives scaled by
/// quantity x multiplier, then as follows), all in SPX-equivalent terms (an XSP leg counts as
/// one tenth of the SPX move; a VIX leg's greeks are taken against VIX and enter `vega`
/// through its own vega):
/// - `delta`: dollars of P&L per 1-point rise of SPX.
/// - `gamma`: change of `delta` (dollars per point) per 1-point rise of SPX.
/// - `vega`: dollars of P&L per 1 volatility point (0.01 of sigma) rise.
/// - `theta`: dollars of P&L per calendar day passing (raw theta / 365).
public struct LedgerRow: Sendable, Hashable {
    public var date: TradingDate
    /// Account value marked at the day's close (cash plus the mark of the open legs), dollars.
    public var equity: Double
    public var cash: Double
    public var openPositions: Int
    public var delta: Double
    public var gamma: Double
    public var vega: Double
    public var theta: Double
    /// The book's loss under "SPX -5% at once, VIX up by the scenario rule", dollars, positive
    /// for a loss (what the notch ladder limits).
    public var stressLoss5pct: Double
    /// The RevFibNotch limit in force at the close, dollars.
    public var notchLimit: Double
    /// The probe sentiment at the close (`Bullish`, `Bearish`, `Neutral`, `Volatile`, or as
    /// the strategy names it).
    public var sentiment: String

    public init(date: TradingDate, equity: Double, cash: Double, openPositions: Int, delta: Double,
                gamma: Double, vega: Double, theta: Double, stressLoss5pct: Double, notchLimit: Double,
                sentiment: String) {
        self.date = date
        self.equity = equity
        self.cash = cash
        self.openPositions = openPositions
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
        self.stressLoss5pct = stressLoss5pct
        self.notchLimit = notchLimit
        self.sentiment = sentiment
    }
}

/// Risk figures of one trading day that the gates read but `ledger.csv` does not show. One per
/// ledger row, same date.
public struct DailyRisk: Sendable, Hashable {
    public var date: TradingDate
    /// The SPX close, points: turns the ledger's delta (dollars per point) into delta dollars.
    public var spxClose: Double
    /// The book's P&L, dollars, if implied volatility rose 10 points at once (repriced).
    public var volUp10PnL: Double
    /// The book's P&L, dollars, under "SPX -7% at once with a VIX spike" (repriced).
    public var crash7PnL: Double
    /// The annualized risk-free rate for the day, as a fraction (0.05 = 5%); 0 when the run
    /// does not supply one. Sharpe and Sortino subtract `riskFreeRate / 252` per day.
    public var riskFreeRate: Double

    public init(date: TradingDate, spxClose: Double, volUp10PnL: Double, crash7PnL: Double, riskFreeRate: Double = 0) {
        self.date = date
        self.spxClose = spxClose
        self.volUp10PnL = volUp10PnL
        self.crash7PnL = crash7PnL
        self.riskFreeRate = riskFreeRate
    }

    /// `|delta x SPX|`: the dollar value of the book's SPX exposure.
    public func deltaDollars(_ row: LedgerRow) -> Double { abs(row.delta * spxClose) }
}

/// An order the strategy wanted and the account or the market refused: a row of `refusals.csv`.
public struct Refusal: Sendable, Hashable {
    public var date: TradingDate
    public var component: Component
    /// Why, in words (e.g. "buying power", "no quote", "notch limit").
    public var reason: String

    public init(date: TradingDate, component: Component, reason: String) {
        self.date = date
        self.component = component
        self.reason = reason
    }
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
    public var trades: [TradeRecord]
    public var ledger: [LedgerRow]
    public var risk: [DailyRisk]
    public var refusals: [Refusal]

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
    public var year: Int
    public var month: Int
    public var startEquity: Double
    public var endEquity: Double
    public var tradingDays: Int

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
