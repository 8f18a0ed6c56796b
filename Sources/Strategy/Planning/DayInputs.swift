import Market
import Pricing

/// A change to the book that a risk check must see: positions closed in full earlier the
/// same day and legs opened earlier the same day plus the candidate's.
public struct PendingBookChange: Sendable, Hashable {
    /// Ids of the positions closed in full.
    public var closing: [Int]
    /// Legs opened, the candidate's included.
    public var opening: [Leg]

    /// A change closing the positions `closing` and opening `opening`.
    public init(closing: [Int], opening: [Leg]) {
        self.closing = closing
        self.opening = opening
    }
}

/// The book's loss under the notch's stress scenario after a change, dollars (a loss as a
/// positive number): the stress model reprices the open book, less `closing`, plus `opening`.
public typealias StressLossAfter = @Sendable (PendingBookChange) -> Double

/// Everything the planner decides from on one day, all known at that day's close.
public struct DayInputs: Sendable {
    /// The session decided on.
    public var date: TradingDate
    /// VIX close, index points.
    public var vix: Double
    /// The day's sentiment and the Bullish streak after recording it.
    public var sentiment: SentimentReading
    /// Consecutive Bullish sessions, today's included.
    public var bullishStreak: BullishStreak
    /// Account value (equity) at the close, dollars.
    public var accountValue: Double
    /// Positions open at the start of the decision (all components).
    public var openPositions: [Position]
    /// The day's chains; nil when a product has none that day.
    public var xspChain: OptionChain?
    /// The day's SPX chain.
    public var spxChain: OptionChain?
    /// The day's VIX chain.
    public var vixChain: OptionChain?
    /// The notch ladder after today's move.
    public var notch: RevFibNotch
    /// The hedge manager's memory.
    public var hedges: VIXHedgeManager
    /// Today's mark of an open position, nil when it cannot be marked (it is then held).
    public var marks: @Sendable (Position) -> PositionMark?
    /// The notch stress loss of the book after a change (see ``StressLossAfter``).
    public var stressLossAfter: StressLossAfter
    /// The fill model's net premium for an order (see ``OrderPricer``).
    public var pricer: OrderPricer

    /// Inputs from their fields, as described on the properties; orders are priced at mid
    /// unless `pricer` says otherwise.
    public init(date: TradingDate, vix: Double, sentiment: SentimentReading, bullishStreak: BullishStreak,
                accountValue: Double, openPositions: [Position], xspChain: OptionChain?, spxChain: OptionChain?,
                vixChain: OptionChain?, notch: RevFibNotch, hedges: VIXHedgeManager,
                marks: @escaping @Sendable (Position) -> PositionMark?, stressLossAfter: @escaping StressLossAfter,
                pricer: @escaping OrderPricer = OrderPricers.mid) {
        self.date = date
        self.vix = vix
        self.sentiment = sentiment
        self.bullishStreak = bullishStreak
        self.accountValue = accountValue
        self.openPositions = openPositions
        self.xspChain = xspChain
        self.spxChain = spxChain
        self.vixChain = vixChain
        self.notch = notch
        self.hedges = hedges
        self.marks = marks
        self.stressLossAfter = stressLossAfter
        self.pricer = pricer
    }
}
