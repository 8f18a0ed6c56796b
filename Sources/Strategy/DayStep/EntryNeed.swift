import Market
import Pricing

/// One expiry a day's chain must quote around the money, because the strategy may open a
/// position in it today, with the strike window (a fraction of the expiry's underlying)
/// expected to hold every strike the selection can reach.
public struct EntryNeed: Sendable {
    /// The expiry the strategy may enter today.
    public var expiry: ListedExpiry
    /// The strike window around the expiry's underlying, as a fraction of it.
    public var window: Double
    /// The side the strategy's strikes are on (the other side of the expiry is not built).
    public var type: OptionType
    /// Whether a built chain really holds the strikes the selection needs (the target delta
    /// away from the window's edge, and the wing below it); when not, the window is widened.
    public var isWideEnough: @Sendable (OptionChain) -> Bool

    /// A need for the `type` options of `expiry` with a strike window of `window` (a fraction
    /// of the underlying).
    public init(expiry: ListedExpiry, type: OptionType, window: Double,
                isWideEnough: @escaping @Sendable (OptionChain) -> Bool) {
        self.expiry = expiry
        self.type = type
        self.window = window
        self.isWideEnough = isWideEnough
    }
}

/// Where the day step gets its chains: one product's chain of one day, holding the expiries
/// the strategy may enter (``EntryNeed``) and the series of the open legs.
///
/// The backtest's source synthesizes chains from the market history (real snapshots where
/// they exist, see ``DayChainAssembler``); a live source reads the day's downloaded quotes.
public protocol DayChainSource {
    /// The expiries of `product` listed on `date` (a session), in settlement order.
    func listedExpiries(_ product: OptionProduct, on date: TradingDate) -> [ListedExpiry]
    /// Quote time of `date`, minutes after midnight New York time (the close).
    func quoteMinute(on date: TradingDate) -> Int
    /// The chain of `product` on `day` holding `entries` and the series of `legs`, with the
    /// number of leg series quoted by the model because no built chain held them; nil when
    /// the product is not listed yet, the day lacks the data a chain is priced from, or
    /// nothing is needed.
    mutating func chain(product: OptionProduct, day: MarketDay, entries: [EntryNeed], legs: [Leg])
        -> (chain: OptionChain, modelQuotedLegs: Int)?
}
