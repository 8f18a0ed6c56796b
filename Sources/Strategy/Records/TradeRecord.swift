import Market
import Pricing

/// One leg fill: a row of `trades.csv`.
///
/// Prices are per unit of the option, in index points, as quoted (an SPX put at 12.30 is
/// `12.30`); dollars are `price x |quantity| x multiplier`. A closing fill has the opposite
/// sign of quantity to the opening one. A settlement row has no quote: its `bid` and `ask`
/// are nil (written empty) and its `price` is the settlement value, which comes from the
/// real index print, so its `quoteSource` is `.real`.
public struct TradeRecord: Sendable, Hashable, Codable {
    /// The trading day of the fill (decisions and fills use that day's closing quotes).
    public var date: TradingDate
    /// The `Position.id` the leg belongs to.
    public var positionID: Int
    /// The strategy component the position belongs to (probe, core, hedge).
    public var component: Component
    /// SPX, XSP or VIX options.
    public var product: OptionProduct
    /// The series' settlement date (the day its value is fixed, from which DTE is counted).
    /// For pre-2015 AM monthlies this is the Friday, not the Saturday expiration.
    public var expiry: TradingDate
    /// Call or put.
    public var type: OptionType
    /// Strike in the product's own points (XSP strikes are one tenth of SPX's).
    public var strike: Double
    /// Signed contracts: positive bought, negative sold.
    public var quantity: Int
    /// Fill price per unit, in points (never negative).
    public var price: Double
    /// The quote filled against; nil for settlement.
    public var bid: Double?
    /// The ask of the quote filled against; nil for settlement.
    public var ask: Double?
    /// Whether the quote was real or synthesized.
    public var quoteSource: QuoteSource
    /// Commissions and exchange fees for this leg, in dollars (never negative).
    public var fees: Double
    /// Why the leg traded: an opening, an exit rule, a roll, a hedge take-off or settlement.
    public var reason: FillReason

    /// A row from its fields, in the units of its properties.
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
}
