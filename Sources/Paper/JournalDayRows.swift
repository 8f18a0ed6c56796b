import GRDB
import Strategy

/// One session's rows for the journal, encoded before its transaction opens, so that the
/// transaction does nothing but insert.
struct JournalDayRows {
    let date: String
    let stateJSON: String
    let equity: Double
    let trades: [(seq: Int, record: TradeRecord, json: String)]
    let refusals: [(seq: Int, record: Refusal, json: String)]
    let ledgerJSON: String
    let riskJSON: String
    let auditJSON: String
    let sentimentJSON: String
    let plan: DayPlan
    let actionsJSON: String
    let exitsJSON: String
    let marks: [(positionID: Int, mark: Double)]
    let notchLimit: Double
    let notchJSON: String
    let openedExpiries: [(positionID: Int, json: String)]
    let orders: [(record: OrderRecord, json: String)]
    let inputs: JournalInputs

    init(_ outcome: DayOutcome, inputs: JournalInputs = .none) throws {
        let record = outcome.record
        date = record.date.isoString
        stateJSON = String(decoding: try outcome.state.jsonData(), as: UTF8.self)
        equity = record.ledger.equity
        trades = try record.trades.enumerated().map { ($0.offset, $0.element, try JournalCoding.text($0.element)) }
        refusals = try record.refusals.enumerated().map { ($0.offset, $0.element, try JournalCoding.text($0.element)) }
        ledgerJSON = try JournalCoding.text(record.ledger)
        riskJSON = try JournalCoding.text(record.risk)
        auditJSON = try JournalCoding.text(AuditRow(record.audit))
        sentimentJSON = try JournalCoding.text(record.sentiment)
        plan = record.plan
        actionsJSON = try JournalCoding.text(record.plan.actions.map(\.description))
        exitsJSON = try JournalCoding.text(record.exits.map(\.description))
        marks = outcome.state.lastMarks.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        notchLimit = record.ledger.notchLimit
        notchJSON = try JournalCoding.text(outcome.state.notch)
        openedExpiries = try record.openedExpiries.sorted { $0.key < $1.key }.map { ($0.key, try JournalCoding.text($0.value)) }
        orders = try record.orders.map { ($0, try JournalCoding.text($0)) }
        self.inputs = inputs
    }

    func insert(into db: Database) throws {
        try db.execute(sql: "INSERT INTO day (date, state_json, equity) VALUES (?, ?, ?)", arguments: [date, stateJSON, equity])
        for trade in trades {
            try db.execute(sql: "INSERT INTO trade (date, seq, position_id, component, reason, record_json) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [date, trade.seq, trade.record.positionID, trade.record.component.rawValue,
                                       trade.record.reason.rawValue, trade.json])
        }
        for refusal in refusals {
            try db.execute(sql: "INSERT INTO refusal (date, seq, component, record_json) VALUES (?, ?, ?, ?)",
                           arguments: [date, refusal.seq, refusal.record.component.rawValue, refusal.json])
        }
        for (table, json) in [("ledger", ledgerJSON), ("risk", riskJSON), ("audit", auditJSON), ("sentiment", sentimentJSON)] {
            try db.execute(sql: "INSERT INTO \(table) (date, record_json) VALUES (?, ?)", arguments: [date, json])
        }
        try db.execute(sql: "INSERT INTO plan (date, is_probe_day, is_core_day, actions_json, exits_json) VALUES (?, ?, ?, ?, ?)",
                       arguments: [date, plan.isProbeDay, plan.isCoreDay, actionsJSON, exitsJSON])
        for mark in marks {
            try db.execute(sql: "INSERT INTO mark (date, position_id, mark) VALUES (?, ?, ?)",
                           arguments: [date, mark.positionID, mark.mark.isFinite ? mark.mark : nil])
        }
        try db.execute(sql: "INSERT INTO notch (date, notch_limit, state_json) VALUES (?, ?, ?)",
                       arguments: [date, notchLimit, notchJSON])
        for expiry in openedExpiries {
            try db.execute(sql: "INSERT INTO opened_expiry (date, position_id, expiry_json) VALUES (?, ?, ?)",
                           arguments: [date, expiry.positionID, expiry.json])
        }
        for (order, json) in orders {
            try db.execute(sql: """
                INSERT INTO order_ticket (date, number, component, reason, position_id, model_price, mid_price, natural_price,
                                          price, reported, record_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [date, order.number, order.component.rawValue, order.reason.rawValue, order.positionID,
                                 order.modelPrice, order.midPrice, order.naturalPrice, order.price, order.reported, json])
        }
        for file in inputs.quotes?.files ?? [] {
            try db.execute(sql: """
                INSERT INTO input_file (date, kind, product, path, sha256, quote_minute, underlying_last)
                VALUES (?, 'quotes', ?, ?, ?, ?, ?)
                """, arguments: [date, file.product.rawValue, file.path, file.sha256, file.quoteMinute, file.underlyingLast])
        }
        if let fills = inputs.fills {
            try db.execute(sql: "INSERT INTO input_file (date, kind, path, sha256) VALUES (?, 'fills', ?, ?)",
                           arguments: [date, fills.path, fills.sha256])
        }
    }
}

/// A day's audit as the journal stores it: the marks by component as an object keyed by the
/// component's name, so that the same audit gives the same text in every process (a
/// dictionary keyed by an enum encodes as a list in hash order, which differs between runs).
private struct AuditRow: Encodable {
    var audit: DayAudit
    var marksByComponent: [String: Double]

    init(_ audit: DayAudit) {
        marksByComponent = Dictionary(uniqueKeysWithValues: audit.marksByComponent.map { ($0.key.rawValue, $0.value) })
        self.audit = audit
        self.audit.marksByComponent = [:]
    }
}
