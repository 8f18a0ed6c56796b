import Backtest
import Foundation
import Strategy

extension DayPlanReport {
    /// The plan as text, by section: exits, probes, core, hedges, then the close's risk.
    public var text: String {
        var out = "Plan for \(date)" + (isProbeDay ? ", probe day" : "") + (isCoreDay ? ", core day" : "") + "\n"
        let winRate = sentiment.winRate.map { fixed($0 * 100, 1) + "%" } ?? "n/a"
        out += "Sentiment: \(sentiment.state.rawValue) (probe win rate \(winRate) over \(sentiment.probeCount) probes"
        out += sentiment.hasEnoughProbes ? ")\n" : ", too few to judge)\n"

        out += "\nExits due\n"
        if exits.isEmpty { out += "  none\n" }
        for exit in exits {
            out += "  \(exit.component.rawValue) #\(exit.positionID): \(exit.reason.rawValue)"
            out += exit.fills.isEmpty ? " (not filled)\n" : "\n"
            for fill in exit.fills {
                out += "    \(fill.quantity > 0 ? "buy" : "sell") \(abs(fill.quantity)) \(fill.product.rawValue.uppercased()) "
                out += "\(fill.expiry) \(fixed(fill.strike, 1)) \(fill.typeText) at \(fixed(fill.price, 2))"
                out += fill.mid.map { " (mid \(fixed($0, 2)))" } ?? ""
                out += "\n"
            }
        }
        for (title, component) in [("Probe entries", Component.probe), ("Core decision", .core), ("Hedge adjustments", .hedge)] {
            out += "\n\(title)\n"
            let orders = orders(component), refused = refusals(component)
            if orders.isEmpty && refused.isEmpty { out += "  none\n" }
            for order in orders { out += Self.text(order) }
            for refusal in refused { out += "  refused: \(refusal.reason)\n" }
        }
        out += "  hedge target payoff \(dollars(hedgePlan.targetPayoff)), payoff after closes "
        out += "\(dollars(hedgePlan.payoffAfterCloses)), budget left \(dollars(hedgePlan.budgetLeft))\n"
        out += "\nAfter the day's orders: stress loss (SPX -5%) \(dollars(stressLossAfter)), notch limit \(dollars(notchLimit))\n"
        out += "Not recorded per order: buying power used, stress loss after each order.\n"
        return out
    }

    private static func text(_ order: PlanOrder) -> String {
        var out = "  " + order.summary + "\n"
        for line in order.legs {
            let leg = line.leg
            out += "    \(leg.quantity > 0 ? "buy" : "sell") \(abs(leg.quantity)) \(leg.product.rawValue.uppercased()) "
            out += "\(leg.expiry.settlementDate) \(fixed(leg.strike, 1)) \(leg.type == .call ? "call" : "put")"
            out += "  bid \(line.bid.map { fixed($0, 2) } ?? "-") ask \(line.ask.map { fixed($0, 2) } ?? "-")"
            out += " mid \(line.mid.map { fixed($0, 2) } ?? "-")\n"
        }
        var figures: [String] = []
        if let limit = order.limitCashFlow { figures.append("limit (fill model) \(dollars(limit))") }
        if let mid = order.midPremium { figures.append("mid \(dollars(mid))") }
        if let loss = order.maxLoss { figures.append("max loss \(dollars(loss))") }
        if !figures.isEmpty { out += "    " + figures.joined(separator: ", ") + " (dollars, + credit / - debit)\n" }
        return out
    }

    /// The plan for machines: every figure unrounded, dollars, keys sorted.
    public var json: JSONValue {
        func number(_ value: Double?) -> JSONValue { JSONValue.number(value) }
        func order(_ order: PlanOrder) -> JSONValue {
            .object([
                ("component", .string(order.component.rawValue)), ("kind", .string(order.kind.rawValue)),
                ("summary", .string(order.summary)),
                ("legs", .array(order.legs.map { line in
                    .object([("product", .string(line.leg.product.rawValue)),
                             ("expiry", .string(line.leg.expiry.settlementDate.description)),
                             ("type", .string(line.leg.type == .call ? "call" : "put")), ("strike", .number(line.leg.strike)),
                             ("quantity", .integer(line.leg.quantity)), ("bid", number(line.bid)), ("ask", number(line.ask)),
                             ("mid", number(line.mid))])
                })),
                ("limit_cash_flow", number(order.limitCashFlow)), ("mid_premium", number(order.midPremium)),
                ("max_loss", number(order.maxLoss)), ("closes_position", order.closesPosition.map { .integer($0) } ?? .null),
                ("spreads", order.spreads.map { .integer($0) } ?? .null),
                ("buying_power_used", .null), ("stress_loss_after", .null),
            ])
        }
        return .object([
            ("date", .string(date.description)), ("probe_day", .bool(isProbeDay)), ("core_day", .bool(isCoreDay)),
            ("sentiment", .object([("state", .string(sentiment.state.rawValue)), ("win_rate", number(sentiment.winRate)),
                                   ("probe_count", .integer(sentiment.probeCount)),
                                   ("enough_probes", .bool(sentiment.hasEnoughProbes))])),
            ("exits", .array(exits.map { exit in
                .object([("position", .integer(exit.positionID)), ("component", .string(exit.component.rawValue)),
                         ("reason", .string(exit.reason.rawValue)), ("filled", .bool(!exit.fills.isEmpty)),
                         ("fills", .array(exit.fills.map { fill in
                             .object([("strike", .number(fill.strike)), ("type", .string(fill.typeText)),
                                      ("quantity", .integer(fill.quantity)), ("price", .number(fill.price)),
                                      ("mid", number(fill.mid))])
                         }))])
            })),
            ("orders", .array(orders.map(order))),
            ("refusals", .array(refusals.map { .object([("component", .string($0.component.rawValue)),
                                                        ("reason", .string($0.reason))]) })),
            ("hedge_plan", .object([("hedged_exposure", .number(hedgePlan.hedgedExposure)),
                                    ("target_payoff", .number(hedgePlan.targetPayoff)),
                                    ("payoff_after_closes", .number(hedgePlan.payoffAfterCloses)),
                                    ("budget_left", .number(hedgePlan.budgetLeft))])),
            ("stress_loss_after_day", .number(stressLossAfter)), ("notch_limit", .number(notchLimit)),
        ])
    }
}
