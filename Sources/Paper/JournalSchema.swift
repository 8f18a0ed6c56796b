import GRDB

/// The journal's tables. Every day-keyed table holds the rows of committed days only: a day's
/// rows are written in the same transaction as its `day` row.
///
/// - `study`: one row, the configuration (JSON and SHA-256), initial equity (dollars) and the
///   code version that created the journal.
/// - `day`: one row per committed session (ISO date), the ``Strategy/BookState`` JSON after
///   its close and the equity at the close, dollars.
/// - `trade`: the day's leg fills and settlements in fill order (`seq`), each a
///   ``Strategy/TradeRecord`` as JSON; `settlement` is the view of the settlement rows.
/// - `refusal`, `ledger`, `risk`, `audit`, `sentiment`: the day's records as JSON.
/// - `plan`: the planner's actions and the exits due, as their log lines.
/// - `mark`: each open position's mark at the close, dollars.
/// - `notch`: the notch's limit at the close (dollars) and its state as JSON.
/// - `opened_expiry`: the listed expiry of each position opened that day.
/// - `order_ticket`: every order the session sent to the fill model, numbered as the plan
///   numbers them, with the model's price, the mid, the natural price and the price filled
///   (net debit per combo unit, points; NULL when not filled), whether the trader reported
///   the fill, and the ``Strategy/OrderRecord`` as JSON.
/// - `input_file`: the trader's quotes downloads and fills file the session was stepped with.
enum JournalSchema {
    static let version = 2

    /// The tables in dump order.
    static let tables = ["study", "day", "trade", "refusal", "ledger", "risk", "audit", "plan", "mark", "notch",
                         "sentiment", "opened_expiry", "order_ticket", "input_file"]

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE study (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                schema_version INTEGER NOT NULL,
                config_json TEXT NOT NULL,
                config_sha256 TEXT NOT NULL,
                initial_equity REAL NOT NULL,
                created_by TEXT NOT NULL);
            CREATE TABLE day (
                date TEXT PRIMARY KEY,
                state_json TEXT NOT NULL,
                equity REAL NOT NULL);
            CREATE TABLE trade (
                date TEXT NOT NULL REFERENCES day(date),
                seq INTEGER NOT NULL,
                position_id INTEGER NOT NULL,
                component TEXT NOT NULL,
                reason TEXT NOT NULL,
                record_json TEXT NOT NULL,
                PRIMARY KEY (date, seq));
            CREATE VIEW settlement AS SELECT * FROM trade WHERE reason = 'settlement';
            CREATE TABLE refusal (
                date TEXT NOT NULL REFERENCES day(date),
                seq INTEGER NOT NULL,
                component TEXT NOT NULL,
                record_json TEXT NOT NULL,
                PRIMARY KEY (date, seq));
            CREATE TABLE ledger (date TEXT PRIMARY KEY REFERENCES day(date), record_json TEXT NOT NULL);
            CREATE TABLE risk (date TEXT PRIMARY KEY REFERENCES day(date), record_json TEXT NOT NULL);
            CREATE TABLE audit (date TEXT PRIMARY KEY REFERENCES day(date), record_json TEXT NOT NULL);
            CREATE TABLE plan (
                date TEXT PRIMARY KEY REFERENCES day(date),
                is_probe_day INTEGER NOT NULL,
                is_core_day INTEGER NOT NULL,
                actions_json TEXT NOT NULL,
                exits_json TEXT NOT NULL);
            CREATE TABLE mark (
                date TEXT NOT NULL REFERENCES day(date),
                position_id INTEGER NOT NULL,
                mark REAL,
                PRIMARY KEY (date, position_id));
            CREATE TABLE notch (
                date TEXT PRIMARY KEY REFERENCES day(date),
                notch_limit REAL NOT NULL,
                state_json TEXT NOT NULL);
            CREATE TABLE sentiment (date TEXT PRIMARY KEY REFERENCES day(date), record_json TEXT NOT NULL);
            CREATE TABLE opened_expiry (
                date TEXT NOT NULL REFERENCES day(date),
                position_id INTEGER NOT NULL,
                expiry_json TEXT NOT NULL,
                PRIMARY KEY (date, position_id));
            CREATE TABLE order_ticket (
                date TEXT NOT NULL REFERENCES day(date),
                number INTEGER NOT NULL,
                component TEXT NOT NULL,
                reason TEXT NOT NULL,
                position_id INTEGER,
                model_price REAL,
                mid_price REAL,
                natural_price REAL,
                price REAL,
                reported INTEGER NOT NULL,
                record_json TEXT NOT NULL,
                PRIMARY KEY (date, number));
            CREATE TABLE input_file (
                date TEXT NOT NULL REFERENCES day(date),
                kind TEXT NOT NULL CHECK (kind IN ('quotes', 'fills')),
                product TEXT,
                path TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                quote_minute INTEGER,
                underlying_last REAL,
                PRIMARY KEY (date, kind, path));
            """)
    }
}
