import Backtest
import Strategy

/// The open positions after the last close: one row per leg under a row per position with its
/// mark (the position's value at the close, dollars, as the journal marked it).
struct OpenPositionsTable {
    var positions: [Position]
    var marks: [Int: Double]

    var html: String {
        guard !positions.isEmpty else { return "<p id=\"positions\">No open position.</p>\n" }
        var out = "<table class=\"legs\" id=\"positions\">\n<tr><th>#</th><th class=\"l\">Component</th>"
            + "<th class=\"l\">Opened</th><th class=\"l\">Leg</th><th class=\"l\">Expiry</th><th>Strike</th>"
            + "<th>Quantity</th><th>Credit</th><th>Max risk</th><th>Mark</th></tr>\n"
        for position in positions {
            out += "<tr class=\"position\"><td>\(position.id)</td><td class=\"l\">\(escapeHTML(position.component.rawValue))</td>"
                + "<td class=\"l\">\(position.openDate.isoString)</td><td class=\"l\" colspan=\"4\">"
                + "\(position.legs.count) legs, \(position.contracts) contracts</td>"
                + "<td>\(escapeHTML(money(position.openCredit)))</td><td>\(escapeHTML(money(position.maxRisk)))</td>"
                + "<td>\(escapeHTML(money(marks[position.id])))</td></tr>\n"
            for leg in position.legs {
                out += "<tr><td></td><td></td><td></td><td class=\"l\">\(escapeHTML(leg.product.rawValue)) \(leg.type)</td>"
                    + "<td class=\"l\">\(leg.expiry.expirationDate.isoString)</td><td>\(Self.strike(leg.strike))</td>"
                    + "<td>\(leg.quantity > 0 ? "+" : "")\(leg.quantity)</td><td></td><td></td><td></td></tr>\n"
            }
        }
        return out + "</table>\n"
    }

    /// Strikes as listed: whole points without decimals.
    private static func strike(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
