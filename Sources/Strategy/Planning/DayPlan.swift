import Market
import Pricing

/// One intended action of the day, with its reason, for the engine to carry out and log.
public struct PlannedAction: Sendable, Hashable, CustomStringConvertible {
    /// What the action does.
    public enum Kind: Sendable, Hashable {
        /// Close open position `positionID` in full.
        case close(positionID: Int, reason: ExitReason)
        /// Open a probe expected to fill for `credit` dollars, risking `maxRisk` dollars.
        case openProbe(ProbeCandidate, credit: Double, maxRisk: Double)
        /// Open a core butterfly (credit and max risk in the candidate).
        case openCore(BWBCandidate)
        /// A hedge order (open, take-off or roll).
        case hedge(HedgeOrder)
        /// A refusal.
        case skip(Skip)
    }

    /// The component acting.
    public var component: Component
    /// What it does.
    public var kind: Kind

    /// An action of `component`.
    public init(component: Component, kind: Kind) {
        self.component = component
        self.kind = kind
    }

    /// One log line: `core: skipped: notch (stress loss 2350.0 > limit 2000.0)`.
    public var description: String {
        let what: String
        switch kind {
        case .close(let id, let reason):
            what = "close #\(id): \(reason.rawValue)"
        case .openProbe(let probe, let credit, let risk):
            what = "open XSP \(probe.longQuote.strike)/\(probe.shortQuote.strike) put spread, \(probe.daysToExpiry) DTE, credit \(rounded(credit)), max risk \(rounded(risk))"
        case .openCore(let core):
            let s = core.strikes
            what = "open SPX \(s.lowerLong)/\(s.short)/\(s.upperLong) put BWB x\(core.contracts), \(core.daysToExpiry) DTE, credit \(rounded(core.credit)), max risk \(rounded(core.maxRisk))"
        case .hedge(let order):
            switch order.action {
            case .open(_, let spreads): what = "\(order.reason.rawValue): buy \(spreads) VIX call spreads (\(order.detail))"
            case .close(let id, let spreads): what = "\(order.reason.rawValue): sell \(spreads) spreads of #\(id) (\(order.detail))"
            }
        case .skip(let skip):
            what = skip.description
        }
        return "\(component.rawValue): \(what)"
    }

    /// The refusal, when this action is one.
    public var skip: Skip? {
        if case .skip(let skip) = kind { return skip }
        return nil
    }
}

/// The day's actions in the order they are to be carried out: exits, probes, cores, hedges.
public struct DayPlan: Sendable, Hashable {
    /// The session planned.
    public var date: TradingDate
    /// Whether the session is a probe day of the schedule.
    public var isProbeDay: Bool
    /// Whether the session is the week's core day.
    public var isCoreDay: Bool
    /// The actions, in the order they are carried out.
    public var actions: [PlannedAction]
    /// The hedge manager's figures (target, payoff, budget) for the ledger.
    public var hedgePlan: HedgePlan
    /// The stress loss (SPX -5%, dollars) of the book after each accepted probe and core entry,
    /// with the exits and the entries before it, as the notch checked it; by index in
    /// ``actions``. Hedge orders are not checked against the notch and have none.
    public var stressLossAfter: [Int: Double] = [:]
}
