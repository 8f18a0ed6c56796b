import Market
import Pricing

/// Which components may open a position today (see ``DayPlanner/entryIntents(on:vix:spxDayChange:streakBefore:positions:hedges:)``).
public struct EntryIntents: Sendable, Hashable {
    public var probe: Bool
    public var core: Bool
    public var hedge: Bool

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
