import Market
import Pricing

/// Which components may open a position today (see ``DayPlanner/entryIntents(on:vix:spxDayChange:streakBefore:positions:hedges:)``).
public struct EntryIntents: Sendable, Hashable {
    /// Whether probes may open today.
    public var probe: Bool
    /// Whether the core may open today.
    public var core: Bool
    /// Whether hedges may be bought or rolled today.
    public var hedge: Bool

    /// Intents from the three answers.
    public init(probe: Bool, core: Bool, hedge: Bool) {
        self.probe = probe
        self.core = core
        self.hedge = hedge
    }

    /// Whether `product`'s chain is wanted for an entry today.
    public func wants(_ product: OptionProduct) -> Bool {
        switch product {
        case .spx: return core
        case .xsp: return probe
        case .vix: return hedge
        }
    }
}
