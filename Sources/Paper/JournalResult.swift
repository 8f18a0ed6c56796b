import Backtest
import Foundation
import GRDB
import Strategy

extension Journal {
    /// The journal's committed days as a backtest's result: the tables ``ReportWriter`` writes,
    /// with the journal's configuration and initial equity, exactly as a backtest over the same
    /// sessions gives them.
    public func result() throws(JournalError) -> BacktestResult {
        let study = try study()
        do {
            return try queue.read { db in
                func records<Record: Decodable>(_ type: Record.Type, _ table: String, order: String) throws -> [Record] {
                    try Row.fetchAll(db, sql: "SELECT date, record_json FROM \(table) ORDER BY \(order)").map { row in
                        let date = String.fromDatabaseValue(row["date"] ?? .null) ?? "?"
                        do {
                            let json = try JournalColumn(path: path, table: table, rowName: date, row: row)
                                .value("record_json", as: String.self)
                            return try JournalCoding.value(type, from: json)
                        } catch let error as JournalError {
                            throw error
                        } catch {
                            throw JournalRowError(table: table, date: date, reason: "\(error)")
                        }
                    }
                }
                return BacktestResult(parameters: (try? JSONValue(parsing: study.configJSON)) ?? .null,
                                      initialEquity: study.initialEquity,
                                      trades: try records(TradeRecord.self, "trade", order: "date, seq"),
                                      ledger: try records(LedgerRow.self, "ledger", order: "date"),
                                      risk: try records(DailyRisk.self, "risk", order: "date"),
                                      refusals: try records(Refusal.self, "refusal", order: "date, seq"))
            }
        } catch let error as JournalError {
            throw error
        } catch let error as JournalRowError {
            throw .unreadable(path: path, reason: "table \(error.table), row \(error.date), column record_json: \(error.reason)")
        } catch {
            throw .database(path: path, reason: "cannot read the records (\(error))")
        }
    }
}

private struct JournalRowError: Error {
    var table: String
    var date: String
    var reason: String
}
