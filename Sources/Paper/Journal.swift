import Foundation
import GRDB
import Market
import Strategy

/// The paper-trading journal: one SQLite database (WAL mode) holding the study it was made
/// for and every committed session, its book state after the close and its records
/// (``JournalSchema``).
///
/// A session is committed in one transaction (``commit(_:after:)``): after a crash at any
/// moment the journal holds the days committed before it, whole, and nothing of the day being
/// written. Writes are synchronous (`synchronous=FULL`), so a committed day survives a power
/// loss too.
public struct Journal: Sendable {
    /// The database file as the caller named it.
    public let path: String
    let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    private static func configuration(readOnly: Bool = false) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.readonly = readOnly
        // A reader leaves the journal mode and durability to the writer: it may not set them.
        guard !readOnly else { return configuration }
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode=WAL")
            try db.execute(sql: "PRAGMA synchronous=FULL")
        }
        return configuration
    }

    /// Creates a journal at `path` for `study`; refuses a path where anything exists.
    public static func create(at path: String, study: JournalStudy) throws(JournalError) -> Journal {
        guard !FileManager.default.fileExists(atPath: path) else { throw .alreadyExists(path: path) }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration())
            try queue.write { db in
                try JournalSchema.create(db)
                try db.execute(sql: """
                    INSERT INTO study (id, schema_version, config_json, config_sha256, initial_equity, created_by)
                    VALUES (1, ?, ?, ?, ?, ?)
                    """, arguments: [JournalSchema.version, String(decoding: study.configJSON, as: UTF8.self),
                                     study.configHash, study.initialEquity, study.createdBy])
            }
            return Journal(path: path, queue: queue)
        } catch {
            throw .database(path: path, reason: "cannot create it (\(error))")
        }
    }

    /// The existing journal at `path`; `readOnly` for a reader beside a writer (WAL mode lets it
    /// read the last committed session while another process steps the next).
    public static func open(at path: String, readOnly: Bool = false) throws(JournalError) -> Journal {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
        let journal: Journal
        do {
            journal = Journal(path: path, queue: try DatabaseQueue(path: path, configuration: configuration(readOnly: readOnly)))
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        _ = try journal.study()
        return journal
    }

    /// The study the journal was made for.
    public func study() throws(JournalError) -> JournalStudy {
        let row: Row?
        do {
            row = try queue.read { db in
                guard try db.tableExists("study") else { return nil }
                return try Row.fetchOne(db, sql: "SELECT * FROM study WHERE id = 1")
            }
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        guard let row else { throw .unreadable(path: path, reason: "it holds no study (was its creation interrupted?)") }
        let columns = JournalColumn(path: path, table: "study", rowName: "1", row: row)
        let version = try columns.value("schema_version", as: Int.self)
        guard version == JournalSchema.version else {
            throw .unreadable(path: path, reason: "schema version \(version), this code reads \(JournalSchema.version)")
        }
        return JournalStudy(configJSON: Data(try columns.value("config_json", as: String.self).utf8),
                            configHash: try columns.value("config_sha256"), initialEquity: try columns.value("initial_equity"),
                            createdBy: try columns.value("created_by"))
    }

    /// The last committed session and the book after its close, or nil before the first.
    public func lastDay() throws(JournalError) -> (date: TradingDate, state: BookState)? {
        let row: Row?
        do {
            row = try queue.read { db in try Row.fetchOne(db, sql: "SELECT date, state_json FROM day ORDER BY date DESC LIMIT 1") }
        } catch {
            throw .database(path: path, reason: "cannot read the last day (\(error))")
        }
        guard let row else { return nil }
        let text = try JournalColumn(path: path, table: "day", rowName: "last", row: row).value("date", as: String.self)
        let json = try JournalColumn(path: path, table: "day", rowName: text, row: row).value("state_json", as: String.self)
        guard let date = TradingDate(iso: text) else {
            throw .unreadable(path: path, reason: "table day, row \(text), column date: not a date")
        }
        do {
            return (date, try BookState.decode(json: Data(json.utf8)))
        } catch {
            throw .unreadable(path: path, reason: "table day, row \(text), column state_json: \(error)")
        }
    }

    /// Whether `date` is a committed session.
    public func isCommitted(_ date: TradingDate) throws(JournalError) -> Bool {
        do {
            return try queue.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM day WHERE date = ?)", arguments: [date.isoString]) ?? false
            }
        } catch {
            throw .database(path: path, reason: "cannot read the days (\(error))")
        }
    }

    /// Commits a session in one transaction: the state after its close and all its records.
    /// `previous` is the last committed session the outcome was stepped from (nil for the
    /// first); if the journal's last day is not it any more (another writer), nothing is written.
    /// `inputs` are the trader's files the session was stepped with, recorded beside it.
    public func commit(_ outcome: DayOutcome, after previous: TradingDate?, inputs: JournalInputs = .none) throws(JournalError) {
        let record = outcome.record
        let date = record.date.isoString
        do {
            let rows = try JournalDayRows(outcome, inputs: inputs)
            try queue.write { db in
                let last = try String.fetchOne(db, sql: "SELECT max(date) FROM day")
                guard last == previous?.isoString else { throw JournalConflict(last: last) }
                try rows.insert(into: db)
            }
        } catch let conflict as JournalConflict {
            throw .database(path: path, reason: "another writer committed \(conflict.last ?? "a day") while \(date) was stepped; nothing was written")
        } catch {
            throw .database(path: path, reason: "cannot commit \(date) (\(error)); nothing was written")
        }
    }

    /// `PRAGMA integrity_check`'s answer: `ok` for a sound database.
    public func integrityCheck() throws(JournalError) -> String {
        do {
            return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
        } catch {
            throw .database(path: path, reason: "integrity check failed to run (\(error))")
        }
    }

    /// Every row of every table, one line each, tables in schema order and rows in key
    /// order: two journals with the same dump hold the same days and records.
    public func dump() throws(JournalError) -> String {
        do {
            return try queue.read { db in
                var lines: [String] = []
                for table in JournalSchema.tables {
                    lines.append("# \(table)")
                    let order = table == "study" ? "id" : (try db.primaryKey(table).columns.joined(separator: ", "))
                    for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)") {
                        lines.append(row.description)
                    }
                }
                return lines.joined(separator: "\n")
            }
        } catch {
            throw .database(path: path, reason: "cannot read it (\(error))")
        }
    }
}

/// The journal's last day changed under a writer.
private struct JournalConflict: Error {
    var last: String?
}
