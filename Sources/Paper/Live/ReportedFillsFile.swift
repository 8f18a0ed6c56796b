import Foundation
import Market
import Strategy
import Tabular

/// A trader's fills for a session: a CSV with a header and one row per order filled at a price
/// of their own, which the session then books instead of the fill model's price.
///
///     order,price
///     1,-0.85
///     3,2.40
///
/// - `order`: the order's number in the day's plan (`spx30dte plan` prints it);
/// - `price`: the net price per combo unit in points per share, `+` for a credit received and
///   `-` for a debit paid (the plan's convention), e.g. 2.40 for a spread sold for $240 a unit;
/// - `date` (optional column): the session, YYYY-MM-DD; every row must name the session
///   being stepped.
///
/// Orders without a row fill at the fill model's price.
public struct ReportedFillsFile: Sendable {
    /// One row: the order number, its price (points, + credit) and the row's line.
    public struct Row: Sendable, Hashable {
        public var order: Int
        public var credit: Double
        public var line: Int
    }

    public let path: String
    public let rows: [Row]
    /// SHA-256 of the file as read, hex (the journal records it with the session).
    public let sha256: String

    /// Reads the file at `path` for session `date`.
    ///
    /// - Throws: ``PaperInputError`` naming the file, row and column: a missing column, an
    ///   order that is not a whole number, a price that is not a finite number, a row of
    ///   another date, an order given twice.
    public init(path: String, date: TradingDate) throws(PaperInputError) {
        var rows: [Row] = []
        do throws(TabularError) {
            let file = try CSVFile(path: path)
            let orderColumn = try file.column("order"), priceColumn = try file.column("price")
            let dateColumn = file.columnIfPresent("date")
            for row in file.rows {
                try row.checkShape()
                if let dateColumn {
                    let text = try row.string(dateColumn).trimmingCharacters(in: .whitespaces)
                    guard TradingDate(iso: text) == date else {
                        throw row.error(dateColumn, expected: "the session being stepped, \(date)")
                    }
                }
                let order = try row.int(orderColumn)
                guard order >= 1 else { throw row.error(orderColumn, expected: "an order number of the day's plan (1, 2, ...)") }
                let price = try row.double(priceColumn)
                guard price.isFinite else { throw row.error(priceColumn, expected: "a finite price in points") }
                if rows.contains(where: { $0.order == order }) {
                    throw row.error(orderColumn, expected: "each order once (order \(order) is given on an earlier row)")
                }
                rows.append(Row(order: order, credit: price, line: row.line))
            }
        } catch {
            throw PaperInputError(error)
        }
        do {
            sha256 = try FileDigest.sha256(path: path).sha256
        } catch {
            throw PaperInputError(file: path, reason: "cannot be read (\(error))")
        }
        self.path = path
        self.rows = rows
    }

    /// The reports for the day step, each checked against the order of the same number the
    /// session sends (`orders`, from the plan run on the same state and quotes).
    ///
    /// - Throws: ``PaperInputError`` naming the row and column: an order the day does not
    ///   send; an order the fill model refuses (no quote); a price outside the order's bid
    ///   and ask.
    public func reports(for orders: [OrderRecord]) throws(PaperInputError) -> ReportedFills {
        var reports: [ReportedFills.Report] = []
        for row in rows {
            guard let order = orders.first(where: { $0.number == row.order }) else {
                let known = orders.isEmpty ? "the session sends no order" : "the session's orders are 1-\(orders.count)"
                throw PaperInputError(file: path, reason: "row \(row.line), column order: no order \(row.order) in the day's plan (\(known))")
            }
            guard let favourable = order.favourablePrice, let natural = order.naturalPrice else {
                throw PaperInputError(file: path, reason: "row \(row.line), column order: order \(row.order) cannot fill on the "
                    + "day's quotes (\(order.refusal ?? "no quote"))")
            }
            // Quotes are in cents at best: half a cent of rounding is allowed either side.
            let debit = -row.credit
            let low = min(favourable, natural), high = max(favourable, natural)
            guard debit >= low - 0.005, debit <= high + 0.005 else {
                throw PaperInputError(file: path, reason: "row \(row.line), column price: \(Self.points(row.credit)) lies outside "
                    + "order \(row.order)'s bid and ask on the day's quotes, \(Self.points(-high)) to \(Self.points(-low)) "
                    + "(points per unit, + credit / - debit)")
            }
            let occurrence = orders.prefix { $0.number != order.number }.filter { $0.signature == order.signature }.count
            reports.append(ReportedFills.Report(number: order.number, signature: order.signature, occurrence: occurrence,
                                                price: min(max(debit, low), high)))
        }
        return ReportedFills(reports)
    }

    private static func points(_ value: Double) -> String {
        (value >= 0 ? "+" : "") + String(format: "%.2f", value)
    }
}
