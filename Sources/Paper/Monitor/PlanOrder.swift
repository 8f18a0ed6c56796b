import Market
import Pricing
import Strategy

/// One order of a day's plan with the figures the plan recorded for it.
///
/// Premiums are dollars for the whole order, positive for a credit received and negative for
/// a debit paid: ``limitCashFlow`` is the fill model's price (what the order is expected to
/// fill for, fees included, the price the day step sends), ``midPremium`` the same legs at
/// their mids. A figure the plan does not record for this kind of order is nil.
public struct PlanOrder: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case openProbe = "open_probe"
        case openCore = "open_core"
        case hedgeOpen = "hedge_open"
        case hedgeClose = "hedge_close"
    }

    /// One leg with the quote the plan priced it on.
    public struct LegLine: Sendable, Hashable {
        public let leg: Leg
        public let bid: Double?
        public let ask: Double?
        public let mid: Double?
    }

    public let component: Component
    public let kind: Kind
    /// The plan's own log line for the order.
    public let summary: String
    public let legs: [LegLine]
    public let limitCashFlow: Double?
    public let midPremium: Double?
    /// The most the order can lose once filled at ``limitCashFlow``, dollars.
    public let maxLoss: Double?
    /// The hedge position an order closes, and how many of its spreads.
    public let closesPosition: Int?
    public let spreads: Int?
    /// The book's stress loss (SPX -5%) after this entry and the day's exits and earlier
    /// entries, dollars, as the notch checked it; nil for hedge orders, which the notch does
    /// not check.
    public let stressLossAfter: Double?

    /// The order of `action`, nil for a refusal or an exit (listed apart).
    init?(_ action: PlannedAction, stressLossAfter: Double? = nil) {
        self.stressLossAfter = stressLossAfter
        component = action.component
        summary = action.description
        switch action.kind {
        case let .openProbe(probe, credit, maxRisk):
            kind = .openProbe
            legs = Self.lines(probe.ticket)
            limitCashFlow = credit
            midPremium = probe.midCredit
            maxLoss = maxRisk
            closesPosition = nil
            spreads = nil
        case let .openCore(core):
            kind = .openCore
            legs = Self.lines(core.ticket)
            limitCashFlow = core.credit
            midPremium = core.midCredit
            maxLoss = core.maxRisk
            closesPosition = nil
            spreads = core.contracts
        case let .hedge(order):
            switch order.action {
            case let .open(ticket, count):
                kind = .hedgeOpen
                legs = Self.lines(ticket)
                limitCashFlow = order.estimatedCost.map { -$0 }
                midPremium = ticket.midPremium
                // A debit spread's loss is its premium; the plan records the premium only.
                maxLoss = nil
                closesPosition = nil
                spreads = count
            case let .close(id, count):
                kind = .hedgeClose
                legs = []
                limitCashFlow = nil
                midPremium = nil
                maxLoss = nil
                closesPosition = id
                spreads = count
                return
            }
        case .close, .skip:
            return nil
        }
    }

    private static func lines(_ ticket: OrderTicket) -> [LegLine] {
        zip(ticket.legs, ticket.quotes).map { leg, quote in
            LegLine(leg: leg, bid: quote.bid, ask: quote.ask, mid: quote.mid)
        }
    }
}
