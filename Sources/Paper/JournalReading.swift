import Foundation
import GRDB
import Market
import Strategy

/// How far a journal has been stepped: what a reader polls to learn that a session was committed.
public struct JournalVersion: Sendable, Hashable, Codable {
    /// The last committed session, or nil before the first.
    public var lastDate: TradingDate?
    /// The number of committed sessions.
    public var days: Int
}

/// A committed session's plan as the journal keeps it: the planner's actions and the exits due,
/// as their log lines, in the order they were carried out.
public struct JournalPlan: Sendable, Hashable {
    public var date: TradingDate
    public var isProbeDay: Bool
    public var isCoreDay: Bool
    public var actions: [String]
    public var exits: [String]
}

extension Journal {
    /// The last committed session and the number of sessions, read in one transaction.
    public func version() throws(JournalError) -> JournalVersion {
        let row: Row?
        do {
            row = try queue.read { db in try Row.fetchOne(db, sql: "SELECT max(date) AS last, count(*) AS days FROM day") }
        } catch {
            throw .database(path: path, reason: "cannot read the days (\(error))")
        }
        let last: String? = row?["last"]
        let days: Int = row?["days"] ?? 0
        guard let last else { return JournalVersion(lastDate: nil, days: days) }
        guard let date = TradingDate(iso: last) else {
            throw .unreadable(path: path, reason: "table day, row \(last), column date: not a date")
        }
        return JournalVersion(lastDate: date, days: days)
    }

    /// The plan of the committed session `date`, or nil when it is not committed.
    public func plan(on date: TradingDate) throws(JournalError) -> JournalPlan? {
        let row: Row?
        do {
            row = try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM plan WHERE date = ?", arguments: [date.isoString])
            }
        } catch {
            throw .database(path: path, reason: "cannot read the plan of \(date.isoString) (\(error))")
        }
        guard let row else { return nil }
        func lines(_ column: String) throws(JournalError) -> [String] {
            let json: String = row[column]
            do {
                return try JournalCoding.value([String].self, from: json)
            } catch {
                throw .unreadable(path: path, reason: "table plan, row \(date.isoString), column \(column): \(error)")
            }
        }
        return JournalPlan(date: date, isProbeDay: row["is_probe_day"], isCoreDay: row["is_core_day"],
                           actions: try lines("actions_json"), exits: try lines("exits_json"))
    }
}

extension Journal {
    /// Every order of the committed sessions, in date and number order.
    public func orders() throws(JournalError) -> [OrderRecord] {
        let rows: [Row]
        do {
            rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT date, number, record_json FROM order_ticket ORDER BY date, number") }
        } catch {
            throw .database(path: path, reason: "cannot read the orders (\(error))")
        }
        var orders: [OrderRecord] = []
        orders.reserveCapacity(rows.count)
        for row in rows {
            let name = "\(row["date"] as String? ?? "?") #\(row["number"] as Int? ?? 0)"
            let json = try JournalColumn(path: path, table: "order_ticket", rowName: name, row: row).value("record_json", as: String.self)
            do {
                orders.append(try JournalCoding.value(OrderRecord.self, from: json))
            } catch {
                throw .unreadable(path: path, reason: "table order_ticket, row \(name), column record_json: \(error)")
            }
        }
        return orders
    }
}
