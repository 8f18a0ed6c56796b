import Foundation
import GRDB

/// The SQLite log of a search (GRDB): every configuration evaluated (`trial`), each generation's
/// members (`member`) and summary (`generation`), a sweep's design points (`sweep_point`), the
/// walk-forward folds (`fold`) and the study's settings (`study`).
///
/// A generation is written in one transaction with everything it evaluated, so a process killed
/// at any moment leaves the log at the end of its last whole generation.
public final class TrialLog: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// Opens (creating when missing) the log at `path`.
    public init(path: String) throws(TrialLogError) {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.label = "trial-log"
            // A reader of the log (a monitor, a merge, a test polling its generations) holds a
            // shared lock for a moment: wait for it rather than fail the commit with SQLITE_BUSY.
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
        } catch {
            throw TrialLogError(path: path, reason: "\(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "study") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "trial") { t in
                t.column("config_hash", .text).notNull()
                t.column("window", .text).notNull()
                t.column("fold", .integer).notNull()
                t.column("generation", .integer).notNull()
                t.column("config", .text).notNull()
                t.column("genes", .text).notNull()
                t.column("fitness", .double).notNull()
                t.column("broken_constraints", .integer).notNull()
                t.column("failed", .boolean).notNull()
                t.column("error", .text)
                for name in ["cagr", "sharpe", "max_drawdown", "win_rate", "income_stability", "monthly_income",
                             "final_equity"] {
                    t.column(name, .double)
                }
                t.column("fills", .integer).notNull()
                t.column("gates", .text).notNull()
                t.column("monthly_returns", .text).notNull()
                t.column("monthly_excess_returns", .text).notNull()
                t.column("months", .text).notNull()
                t.primaryKey(["config_hash", "window"])
            }
            try db.create(table: "member") { t in
                t.column("fold", .integer).notNull()
                t.column("generation", .integer).notNull()
                t.column("slot", .integer).notNull()
                t.column("config_hash", .text).notNull()
                t.column("point", .text).notNull()
                t.primaryKey(["fold", "generation", "slot"])
            }
            try db.create(table: "generation") { t in
                t.column("fold", .integer).notNull()
                t.column("generation", .integer).notNull()
                t.column("best_hash", .text).notNull()
                t.column("best_fitness", .double).notNull()
                t.column("best_broken_constraints", .integer).notNull()
                t.column("mean_fitness", .double).notNull()
                t.column("feasible", .integer).notNull()
                t.column("new_trials", .integer).notNull()
                t.primaryKey(["fold", "generation"])
            }
            try db.create(table: "sweep_point") { t in
                t.primaryKey("point_index", .integer)
                t.column("config_hash", .text).notNull()
                t.column("window", .text).notNull()
                t.column("point", .text).notNull()
            }
            try db.create(table: "fold") { t in
                t.primaryKey("fold", .integer)
                t.column("train_window", .text).notNull()
                t.column("test_window", .text).notNull()
                t.column("best_hash", .text).notNull()
            }
        }
        return migrator
    }

    // MARK: Study settings

    /// The study's settings (`key` → text).
    public func settings() throws(TrialLogError) -> [String: String] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT key, value FROM study").reduce(into: [:]) { $0[$1["key"]] = $1["value"] }
        }
    }

    /// Records `settings` when the log has none; otherwise checks that every one matches, and
    /// throws naming the first that differs (a resumed or merged run must be the same study).
    public func establish(_ settings: [String: String]) throws(TrialLogError) {
        let existing = try self.settings()
        if existing.isEmpty {
            try write { db in
                for key in settings.keys.sorted() {
                    try db.execute(sql: "INSERT INTO study(key, value) VALUES (?, ?)", arguments: [key, settings[key]])
                }
            }
            return
        }
        for key in Set(settings.keys).union(existing.keys).sorted() where settings[key] != existing[key] {
            throw TrialLogError(path: path, reason: "the log was written for \(key) = \(existing[key] ?? "(none)"), "
                + "not \(settings[key] ?? "(none)"): use a new --db or the same settings")
        }
    }

    // MARK: Trials

    /// The logged trials with keys among `hashes` over `window`, by hash.
    public func trials(hashes: Set<String>, window: String) throws(TrialLogError) -> [String: TrialRecord] {
        guard !hashes.isEmpty else { return [:] }
        return try read { db in
            var found: [String: TrialRecord] = [:]
            for record in try TrialRecord.filter(hashes.contains(Column("config_hash")) && Column("window") == window)
                .fetchAll(db) {
                found[record.configHash] = record
            }
            return found
        }
    }

    /// Every trial over `window` (all windows when nil), ordered by hash then window.
    public func allTrials(window: String? = nil) throws(TrialLogError) -> [TrialRecord] {
        try read { db in
            var request = TrialRecord.order(Column("config_hash"), Column("window"))
            if let window { request = request.filter(Column("window") == window) }
            return try request.fetchAll(db)
        }
    }

    // MARK: Generations

    /// One generation, written whole.
    public struct GenerationRecord: Sendable, Hashable {
        public var fold: Int
        public var generation: Int
        public var members: [(hash: String, point: [Double])]
        public var bestHash: String
        public var bestScore: TrialScore
        public var meanFitness: Double
        public var feasible: Int
        public var newTrials: [TrialRecord]

        public init(fold: Int, generation: Int, members: [(hash: String, point: [Double])], bestHash: String,
                    bestScore: TrialScore, meanFitness: Double, feasible: Int, newTrials: [TrialRecord]) {
            self.fold = fold
            self.generation = generation
            self.members = members
            self.bestHash = bestHash
            self.bestScore = bestScore
            self.meanFitness = meanFitness
            self.feasible = feasible
            self.newTrials = newTrials
        }

        public static func == (a: Self, b: Self) -> Bool {
            a.fold == b.fold && a.generation == b.generation && a.bestHash == b.bestHash
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(fold)
            hasher.combine(generation)
        }
    }

    /// Commits a generation and the trials it evaluated in one transaction.
    public func commit(_ record: GenerationRecord) throws(TrialLogError) {
        try write { db in
            for trial in record.newTrials { try trial.upsert(db) }
            for (slot, member) in record.members.enumerated() {
                try db.execute(sql: "INSERT OR REPLACE INTO member(fold, generation, slot, config_hash, point) VALUES (?,?,?,?,?)",
                               arguments: [record.fold, record.generation, slot, member.hash, canonicalJSON(member.point)])
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO generation(fold, generation, best_hash, best_fitness, best_broken_constraints,
                    mean_fitness, feasible, new_trials) VALUES (?,?,?,?,?,?,?,?)
                """, arguments: [record.fold, record.generation, record.bestHash, storableDouble(record.bestScore.fitness),
                                 record.bestScore.brokenConstraints, storableDouble(record.meanFitness), record.feasible,
                                 record.newTrials.count])
        }
    }

    /// The last committed generation of `fold` with its members' points and hashes, or nil.
    public func lastGeneration(fold: Int) throws(TrialLogError) -> (generation: Int, members: [(hash: String, point: [Double])])? {
        try read { db in
            guard let generation = try Int.fetchOne(db, sql: "SELECT MAX(generation) FROM generation WHERE fold = ?",
                                                    arguments: [fold]) else { return nil }
            let rows = try Row.fetchAll(db, sql: "SELECT config_hash, point FROM member WHERE fold = ? AND generation = ? ORDER BY slot",
                                        arguments: [fold, generation])
            let members = rows.map { row -> (hash: String, point: [Double]) in
                let text: String = row["point"]
                return (row["config_hash"], (try? JSONDecoder().decode([Double].self, from: Data(text.utf8))) ?? [])
            }
            return (generation, members)
        }
    }

    /// Each committed generation's summary for `fold`, in order.
    public func generationSummaries(fold: Int) throws(TrialLogError) -> [GenerationSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT generation, best_hash, best_fitness, best_broken_constraints, mean_fitness, feasible, new_trials
                FROM generation WHERE fold = ? ORDER BY generation
                """, arguments: [fold]).map {
                GenerationSummary(generation: $0["generation"], bestHash: $0["best_hash"], bestFitness: $0["best_fitness"],
                                  bestBrokenConstraints: $0["best_broken_constraints"], meanFitness: $0["mean_fitness"],
                                  feasible: $0["feasible"], newTrials: $0["new_trials"])
            }
        }
    }

    // MARK: Folds and sweeps

    /// Records a walk-forward fold's chosen configuration.
    public func recordFold(_ fold: Int, train: String, test: String, bestHash: String) throws(TrialLogError) {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO fold(fold, train_window, test_window, best_hash) VALUES (?,?,?,?)",
                           arguments: [fold, train, test, bestHash])
        }
    }

    /// The recorded folds: fold → (train, test, best hash).
    public func folds() throws(TrialLogError) -> [Int: (train: String, test: String, bestHash: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT fold, train_window, test_window, best_hash FROM fold").reduce(into: [:]) {
                $0[$1["fold"]] = ($1["train_window"], $1["test_window"], $1["best_hash"])
            }
        }
    }

    /// Writes sweep points and their trials in one transaction.
    public func commitSweep(points: [(index: Int, hash: String, window: String, point: [Double])],
                            trials: [TrialRecord]) throws(TrialLogError) {
        try write { db in
            for trial in trials { try trial.upsert(db) }
            for point in points {
                try db.execute(sql: "INSERT OR REPLACE INTO sweep_point(point_index, config_hash, window, point) VALUES (?,?,?,?)",
                               arguments: [point.index, point.hash, point.window, canonicalJSON(point.point)])
            }
        }
    }

    /// The sweep point indices already logged.
    public func sweepIndices() throws(TrialLogError) -> Set<Int> {
        try read { db in Set(try Int.fetchAll(db, sql: "SELECT point_index FROM sweep_point")) }
    }

    /// Every sweep point with its trial, ordered by index: one line of text per point, the form
    /// in which merged shards are compared with an unsharded sweep.
    public func sweepRows() throws(TrialLogError) -> [String] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.point_index, p.point, t.* FROM sweep_point p
                JOIN trial t ON t.config_hash = p.config_hash AND t.window = p.window ORDER BY p.point_index
                """).map { row in row.columnNames.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: "|") }
        }
    }

    /// Copies every row of the logs at `paths` into this one. Shards must be of one study (same
    /// settings); a point or trial logged twice must be the same row.
    public func merge(_ paths: [String]) throws(TrialLogError) {
        for path in paths {
            let shard = try TrialLog(path: path)
            var settings = try shard.settings()
            settings.removeValue(forKey: "shard")
            try establish(settings)
            let trials = try shard.allTrials()
            let points = try shard.read { db in
                try Row.fetchAll(db, sql: "SELECT point_index, config_hash, window, point FROM sweep_point ORDER BY point_index")
            }
            try write { db in
                for trial in trials {
                    if let existing = try TrialRecord.fetchOne(db, key: ["config_hash": trial.configHash, "window": trial.window]),
                       existing.metrics != trial.metrics || existing.fitness != trial.fitness {
                        throw TrialLogError(path: path, reason: "trial \(trial.configHash) over \(trial.window) differs from the one already merged")
                    }
                    try trial.upsert(db)
                }
                for point in points {
                    try db.execute(sql: "INSERT OR REPLACE INTO sweep_point(point_index, config_hash, window, point) VALUES (?,?,?,?)",
                                   arguments: [point["point_index"] as Int, point["config_hash"] as String,
                                               point["window"] as String, point["point"] as String])
                }
            }
        }
    }

    // MARK: Plumbing

    func read<T>(_ body: (Database) throws -> T) throws(TrialLogError) -> T {
        do { return try queue.read(body) } catch let error as TrialLogError { throw error } catch {
            throw TrialLogError(path: path, reason: "\(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(TrialLogError) -> T {
        do { return try queue.write(body) } catch let error as TrialLogError { throw error } catch {
            throw TrialLogError(path: path, reason: "\(error)")
        }
    }
}

/// A committed generation's summary.
public struct GenerationSummary: Sendable, Hashable {
    public var generation: Int
    public var bestHash: String
    public var bestFitness: Double
    public var bestBrokenConstraints: Int
    public var meanFitness: Double
    public var feasible: Int
    public var newTrials: Int
}

/// The trial log could not be opened, read or written, or does not belong to this study.
public struct TrialLogError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// SQLite stores no infinities in a NOT NULL REAL column reliably across readers: a fitness of
/// -inf (a failed run) is written as the most negative finite double.
private func storableDouble(_ value: Double) -> Double {
    value.isFinite ? value : (value > 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude)
}
