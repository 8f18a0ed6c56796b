import GRDB

/// Reads a column of a journal row without trapping: a missing column, NULL or a value of
/// another type is an error naming the table, the row and the column.
struct JournalColumn {
    let path: String
    let table: String
    let rowName: String
    let row: Row

    func value<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type = Value.self) throws(JournalError) -> Value {
        let stored: DatabaseValue? = row[column]
        guard let stored, let value = Value.fromDatabaseValue(stored) else {
            throw .unreadable(path: path, reason: "table \(table), row \(rowName), column \(column): "
                + (stored.map { "\($0) is not a \(Value.self)" } ?? "missing"))
        }
        return value
    }
}
