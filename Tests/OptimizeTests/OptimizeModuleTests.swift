import GRDB
import Testing

/// The trial log's SQLite is the one the system provides, recent enough for what the log uses.
@Test func sqliteIsRecentEnough() throws {
    let queue = try DatabaseQueue()
    let version = try queue.read { try String.fetchOne($0, sql: "SELECT sqlite_version()") } ?? ""
    let parts = version.split(separator: ".").compactMap { Int($0) }
    #expect(parts.count >= 2)
    #expect(parts[0] == 3 && parts[1] >= 35, "SQLite \(version) lacks RETURNING / UPSERT")
}
