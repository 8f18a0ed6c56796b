import Backtest
import Foundation
import Market
import Strategy

/// The paper fills set beside the fill model: for every filled order of a journal, the price
/// it filled at (the trader's reported fill, or the model's own) against the model's price, the
/// mid and the combo's bid and ask on the same quotes.
///
/// Prices are per combo unit in points, + credit / - debit (the fills file's convention);
/// dollar figures multiply by units and the product's multiplier. "Versus model" is positive
/// when the fill was better for the account than the model's price, "versus mid" negative
/// when it paid away from the mid. The spread share places the fill in the combo's width:
/// 0 at the favourable side, 0.5 at mid, 1 at the natural (worst) side; the model fills at
/// DESIGN's shares (0.75 one leg ... 0.56 four legs).
public struct FillComparison: Sendable {
    /// One filled order.
    public struct Row: Sendable, Hashable {
        public var order: OrderRecord
        public var units: Int
        public var multiplier: Double
        public var price: Double
        public var model: Double
        public var mid: Double
        public var natural: Double

        /// Where the fill lies in the combo's width (0 favourable, 0.5 mid, 1 natural).
        public var spreadShare: Double { order.spreadShare ?? 0.5 }

        /// Dollars the fill beat the model's price by (negative: it did worse).
        public var versusModel: Double { (model - price) * Double(units) * multiplier }

        /// Dollars the fill beat the mid by (negative: paid away from mid).
        public var versusMid: Double { (mid - price) * Double(units) * multiplier }
    }

    /// One group's totals: the reported fills or the model's, by component.
    public struct Group: Sendable, Hashable {
        public var reported: Bool
        public var component: Component
        public var orders: Int
        public var meanSpreadShare: Double
        public var versusModel: Double
        public var versusMid: Double
    }

    public let rows: [Row]

    /// The filled orders of `orders` (refused ones and settlements are not fills).
    public init(orders: [OrderRecord]) {
        rows = orders.compactMap { order in
            guard order.isFilled, let price = order.price, let model = order.modelPrice, let mid = order.midPrice,
                  let natural = order.naturalPrice, let units = order.units, let leg = order.legs.first else { return nil }
            return Row(order: order, units: units, multiplier: leg.multiplier, price: price, model: model, mid: mid,
                       natural: natural)
        }
    }

    /// Totals by source (reported first) and component, groups without orders left out.
    public var groups: [Group] {
        var out: [Group] = []
        for reported in [true, false] {
            for component in Component.allCases {
                let members = rows.filter { $0.order.reported == reported && $0.order.component == component }
                guard !members.isEmpty else { continue }
                out.append(Group(reported: reported, component: component, orders: members.count,
                                 meanSpreadShare: members.map(\.spreadShare).reduce(0, +) / Double(members.count),
                                 versusModel: members.map(\.versusModel).reduce(0, +),
                                 versusMid: members.map(\.versusMid).reduce(0, +)))
            }
        }
        return out
    }

    /// `fill_comparison.csv`: one row per filled order.
    public var csv: String {
        var out = "date,order,component,reason,position_id,source,units,price,model_price,mid_price,bid_ask_best,bid_ask_worst,"
            + "spread_share,versus_model_dollars,versus_mid_dollars\n"
        for row in rows {
            let order = row.order
            let fields: [String] = [
                order.date.isoString, "\(order.number)", order.component.rawValue, order.reason.rawValue,
                order.positionID.map(String.init) ?? "", order.reported ? "reported" : "model", "\(row.units)",
                Self.number(-row.price), Self.number(-row.model), Self.number(-row.mid), Self.number(-(row.order.favourablePrice ?? .nan)),
                Self.number(-row.natural), Self.number(row.spreadShare), Self.number(row.versusModel), Self.number(row.versusMid),
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The report's section: the totals by group and what they mean.
    public var htmlSection: String {
        var out = "<section id=\"fill-comparison\">\n<h2>Paper fills against the fill model</h2>\n"
        let reported = rows.filter(\.order.reported).count
        out += "<p>\(rows.count) filled orders, \(reported) at prices the trader reported and \(rows.count - reported) at the "
            + "fill model's price. Spread share: where the fill lies in the combo's bid-ask width (0 the favourable side, "
            + "0.5 the mid, 1 the natural side). Dollars: positive when the fill was better for the account. Every order is "
            + "in fill_comparison.csv.</p>\n"
        out += "<table>\n<tr><th>Fills</th><th>Component</th><th>Orders</th><th>Mean spread share</th>"
            + "<th>Versus model ($)</th><th>Versus mid ($)</th></tr>\n"
        for group in groups {
            out += "<tr><td>\(group.reported ? "reported" : "model")</td><td>\(escapeHTML(group.component.rawValue))</td>"
                + "<td>\(group.orders)</td><td>\(String(format: "%.3f", group.meanSpreadShare))</td>"
                + "<td>\(String(format: "%.2f", group.versusModel))</td><td>\(String(format: "%.2f", group.versusMid))</td></tr>\n"
        }
        return out + "</table>\n</section>\n"
    }

    /// One line per group, for the terminal.
    public var summaryLines: [String] {
        groups.map { group in
            "\(group.reported ? "reported" : "model") fills, \(group.component.rawValue): \(group.orders) orders, mean spread share "
                + String(format: "%.3f", group.meanSpreadShare) + ", versus model " + String(format: "%+.2f", group.versusModel)
                + " $, versus mid " + String(format: "%+.2f", group.versusMid) + " $"
        }
    }

    private static func number(_ value: Double) -> String {
        value == 0 ? "0" : String(format: "%.10g", value)
    }
}
