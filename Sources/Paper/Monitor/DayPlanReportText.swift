import Backtest
import Foundation
import Market
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
        out += "\nOrders, numbered for a fills file (per unit, points: + credit / - debit)\n"
        if tickets.isEmpty { out += "  none\n" }
        for ticket in tickets { out += Self.text(ticket) }
        out += "\nAfter the day's orders: stress loss (SPX -5%) \(dollars(stressLossAfter)), notch limit \(dollars(notchLimit))\n"
        out += "\n" + quoteSourceText
        return out
    }

    /// Where each product's quotes came from.
    var quoteSourceText: String {
        var out = "Quotes\n"
        for product in OptionProduct.allCases {
            let name = product.rawValue.uppercased()
            if let file = quoteFiles.first(where: { $0.product == product }) {
                out += "  \(name): \(file.path) (Cboe quotedata at \(MinuteOfDay.text(file.quoteMinute)) ET, underlying "
                    + "\(fixed(file.underlyingLast, 2)), \(file.series) series quoted)\n"
            } else if historySnapshots.contains(product) {
                out += "  \(name): the history's real snapshot of the day\n"
            } else {
                out += "  \(name): synthesized from the history's surface (no quotes file given, no real snapshot of the day)\n"
            }
        }
        return out
    }

    /// One numbered order: its legs, per-unit prices, buying power and outcome.
    private static func text(_ ticket: OrderRecord) -> String {
        func credit(_ debit: Double?) -> String {
            guard let debit else { return "-" }
            let value = -debit
            return (value >= 0 ? "+" : "") + fixed(value, 2)
        }
        let what = ticket.reason == .open ? "open" : "close #\(ticket.positionID.map(String.init) ?? "?") (\(ticket.reason.rawValue))"
        var out = "  \(ticket.number). \(ticket.component.rawValue) \(what)"
        out += ticket.units.map { ", \($0) unit\($0 == 1 ? "" : "s")" } ?? ""
        out += "\n     " + ticket.legs.map { leg in
            "\(leg.quantity > 0 ? "buy" : "sell") \(abs(leg.quantity)) \(leg.product.rawValue.uppercased()) "
                + "\(leg.expiry.settlementDate) \(fixed(leg.strike, 1)) \(leg.type == .call ? "call" : "put")"
        }.joined(separator: "; ") + "\n"
        out += "     limit \(credit(ticket.modelPrice)) (fill model), mid \(credit(ticket.midPrice)), "
        out += "bid/ask \(credit(ticket.favourablePrice)) to \(credit(ticket.naturalPrice))"
        out += ticket.buyingPower.map { ", buying power \(dollars($0))" } ?? ""
        if let refusal = ticket.refusal { out += "\n     refused: \(refusal)" }
        return out + "\n"
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
        if let stress = order.stressLossAfter { figures.append("stress loss after \(dollars(stress))") }
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
                ("stress_loss_after", number(order.stressLossAfter)),
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
            ("tickets", .array(tickets.map { ticket in
                .object([("number", .integer(ticket.number)), ("component", .string(ticket.component.rawValue)),
                         ("reason", .string(ticket.reason.rawValue)),
                         ("position", ticket.positionID.map { .integer($0) } ?? .null),
                         ("legs", .array(ticket.legs.map { leg in
                             .object([("product", .string(leg.product.rawValue)),
                                      ("expiry", .string(leg.expiry.settlementDate.description)),
                                      ("type", .string(leg.type == .call ? "call" : "put")), ("strike", .number(leg.strike)),
                                      ("quantity", .integer(leg.quantity))])
                         })),
                         ("units", ticket.units.map { .integer($0) } ?? .null),
                         // Per unit, points, + credit / - debit: the convention of a fills file.
                         ("limit_price", number(ticket.modelPrice.map { -$0 })), ("mid_price", number(ticket.midPrice.map { -$0 })),
                         ("worst_price", number(ticket.naturalPrice.map { -$0 })),
                         ("best_price", number(ticket.favourablePrice.map { -$0 })),
                         ("buying_power", number(ticket.buyingPower)),
                         ("refusal", ticket.refusal.map { .string($0) } ?? .null)])
            })),
            ("quotes", .array(OptionProduct.allCases.map { product in
                guard let file = quoteFiles.first(where: { $0.product == product }) else {
                    let source = historySnapshots.contains(product) ? "history_snapshot" : "synthesized"
                    return .object([("product", .string(product.rawValue)), ("source", .string(source))])
                }
                return .object([("product", .string(product.rawValue)), ("source", .string("quotedata")),
                                ("file", .string(file.path)), ("sha256", .string(file.sha256)),
                                ("quote_minute", .integer(file.quoteMinute)), ("underlying_last", .number(file.underlyingLast)),
                                ("series", .integer(file.series))])
            })),
        ])
    }
}
