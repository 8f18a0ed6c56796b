import Foundation
import Market
import Strategy
import Tabular

// MARK: - The report

/// A run's result with everything derived from it: metrics, regimes and gates.
public struct BacktestReport: Sendable {
    /// The run reported on.
    public var result: BacktestResult
    /// Its figures.
    public var metrics: Metrics
    /// Its figures within each market regime of the history.
    public var regimes: [RegimeResult]
    /// The quality gates' verdicts.
    public var gates: [GateResult]
    /// Income by calendar month.
    public var monthly: [MonthlyIncome]

    /// Derives metrics, regime figures and gates from `result`.
    public init(_ result: BacktestResult, targets: GateTargets = GateTargets(), regimes: [Regime] = Regime.standard) {
        self.result = result
        metrics = Metrics(result)
        self.regimes = RegimeResult.evaluate(result, regimes: regimes)
        gates = QualityGates.evaluate(result, metrics: metrics, regimes: self.regimes, targets: targets)
        monthly = result.monthlyIncome
    }

    /// What `summary.json` holds: `metrics` (an object by name), `gates` (a list of
    /// `{name, passed, value, target, note}`; `passed` is null for a gate that does not apply,
    /// `note` null unless the figure is above the plan's range),
    /// `regimes`, `monthly` and `units`.
    public var summary: JSONValue {
        .object([
            ("metrics", .object(metrics.named.map { ($0.name, $0.value) })),
            ("gates", .array(gates.map { gate in
                .object([("name", .string(gate.name)),
                         ("passed", gate.outcome == .notApplicable ? .null : .bool(gate.passed)),
                         ("value", .number(gate.value)), ("target", .string(gate.target.text)),
                         ("note", gate.note.map(JSONValue.string) ?? .null)])
            })),
            ("regimes", .array(regimes.map { regime in
                .object(ReportWriter.regimeColumns.map { ($0.name, $0.json(regime)) })
            })),
            ("monthly", .array(monthly.map { month in
                .object([("month", .string(month.label)), ("start_equity", .number(month.startEquity)),
                         ("end_equity", .number(month.endEquity)), ("income", .number(month.income)),
                         ("trading_days", .integer(month.tradingDays))])
            })),
            ("units", .object(ReportWriter.units.map { ($0.0, .string($0.1)) })),
        ])
    }
}

/// A failure to write a result file; files written before it are complete and intact.
public struct ReportWriteError: Error, CustomStringConvertible {
    /// The file that could not be written.
    public var path: String
    /// Why, in a few words.
    public var message: String
    public var description: String { "cannot write \(path): \(message)" }
}

/// Writes a run's folder: `trades.csv`, `ledger.csv`, `risk.csv`, `monthly.csv`,
/// `regimes.csv`, `gates.csv`, `refusals.csv`, `summary.json`, `report.html` and, last,
/// `manifest.json` (so a folder with a manifest is a complete one).
///
/// Every file is written to a temporary file in the folder and renamed over its name, so a
/// failure leaves each file either as it was or complete. Same report and manifest, same
/// bytes: nothing here reads the clock.
public enum ReportWriter {
    /// The file names, in writing order.
    public static let fileNames = ["trades.csv", "ledger.csv", "risk.csv", "monthly.csv", "regimes.csv",
                                   "gates.csv", "refusals.csv", "summary.json", "report.html", "manifest.json"]

    /// The header of `trades.csv`: one column per `TradeRecord` field.
    public static let tradesHeader = ["date", "position_id", "component", "product", "expiry", "type", "strike",
                                      "quantity", "price", "bid", "ask", "quote_source", "fees", "reason"]
    /// The header of `ledger.csv`: one column per `LedgerRow` field.
    public static let ledgerHeader = ["date", "equity", "cash", "interest", "open_positions", "delta", "gamma", "vega", "theta",
                                      "stress_loss_5pct", "notch_limit", "sentiment"]
    /// The header of `risk.csv`.
    public static let riskHeader = ["date", "drawdown", "spx_close", "delta_dollars", "vol_up_10_pnl", "crash_7_pnl",
                                    "risk_free_rate"]
    /// The header of `monthly.csv`.
    public static let monthlyHeader = ["month", "start_equity", "end_equity", "income", "trading_days"]
    /// The header of `gates.csv`.
    public static let gatesHeader = ["name", "passed", "value", "target", "description", "note"]
    /// The header of `refusals.csv`.
    public static let refusalsHeader = ["date", "component", "reason"]

    /// The display units of the ledger and risk columns (also in `summary.json` and the report).
    public static let units: [(String, String)] = [
        ("delta", "dollars of P&L per 1-point rise of SPX (SPX-equivalent)"),
        ("gamma", "change of delta (dollars per point) per 1-point rise of SPX"),
        ("vega", "dollars of P&L per 1 volatility point rise"),
        ("theta", "dollars of P&L per calendar day"),
        ("stress_loss_5pct", "dollars lost if SPX fell 5% at once with the scenario's VIX rise (positive = loss)"),
        ("notch_limit", "RevFibNotch stress-loss limit in force, dollars"),
        ("interest", "T-bill interest credited to cash at the session's start for the days since the last close, dollars"),
        ("delta_dollars", "|delta x SPX close|, dollars"),
        ("vol_up_10_pnl", "P&L if implied volatility rose 10 points at once, dollars"),
        ("crash_7_pnl", "P&L if SPX fell 7% at once with a VIX spike, dollars"),
        ("drawdown", "equity over its running peak minus 1, fraction"),
        ("money", "US dollars; fractions are fractions (0.25 = 25%)"),
    ]

    /// A column of `regimes.csv` and of `summary.json`'s regimes.
    struct RegimeColumn {
        var name: String
        var json: (RegimeResult) -> JSONValue
        var csv: (CSVWriter, RegimeResult) -> Void
    }

    static var regimeColumns: [RegimeColumn] {
        func text(_ name: String, _ value: @escaping (RegimeResult) -> String?) -> RegimeColumn {
            RegimeColumn(name: name, json: { value($0).map(JSONValue.string) ?? .null },
                         csv: { writer, r in if let v = value(r) { writer.write(v) } else { writer.writeEmpty() } })
        }
        func number(_ name: String, _ value: @escaping (RegimeResult) -> Double?) -> RegimeColumn {
            RegimeColumn(name: name, json: { JSONValue.number(value($0)) },
                         csv: { writer, r in writer.writeOptional(value(r)) })
        }
        func integer(_ name: String, _ value: @escaping (RegimeResult) -> Int) -> RegimeColumn {
            RegimeColumn(name: name, json: { .integer(value($0)) }, csv: { $0.write(value($1)) })
        }
        return [
            text("regime") { $0.regime.name },
            text("title") { $0.regime.title },
            text("start") { $0.regime.start?.isoString },
            text("end") { $0.regime.end?.isoString },
            text("coverage") { $0.coverage.rawValue },
            text("first_date") { $0.firstDate?.isoString },
            text("last_date") { $0.lastDate?.isoString },
            integer("trading_days") { $0.tradingDays },
            number("return") { $0.totalReturn },
            number("cagr") { $0.cagr },
            number("max_drawdown") { $0.maxDrawdown },
            number("sharpe") { $0.sharpe },
            integer("positions_opened") { $0.positionsOpened },
            integer("positions_closed") { $0.positionsClosed },
            number("win_rate") { $0.winRate },
        ]
    }

    /// Writes the whole folder, creating it if needed. Everything is rendered before the first
    /// file is written, so a rendering failure writes nothing.
    public static func write(_ report: BacktestReport, manifest: RunManifest, to directory: String) throws {
        if let problem = report.result.validate() { throw ReportWriteError(path: directory, message: problem) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportWriteError(path: directory, message: "\(error)")
        }
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        let summary = report.summary.text
        let html = HTMLReport(report: report, manifest: manifest).html
        let manifestText = manifest.json.text

        // The manifest is written last and marks a complete folder: remove the previous run's
        // first, so that a failure midway never leaves it beside a mix of old and new files.
        if FileManager.default.fileExists(atPath: folder + "manifest.json") {
            do {
                try FileManager.default.removeItem(atPath: folder + "manifest.json")
            } catch {
                throw ReportWriteError(path: folder + "manifest.json", message: "\(error)")
            }
        }
        try writeTrades(report.result.trades, to: folder + "trades.csv")
        try writeLedger(report.result.ledger, to: folder + "ledger.csv")
        try writeRisk(report.result, to: folder + "risk.csv")
        try writeMonthly(report.monthly, to: folder + "monthly.csv")
        try writeRegimes(report.regimes, to: folder + "regimes.csv")
        try writeGates(report.gates, to: folder + "gates.csv")
        try writeRefusals(report.result.refusals, to: folder + "refusals.csv")
        try writeFile(Array(summary.utf8), to: folder + "summary.json")
        try writeFile(Array(html.utf8), to: folder + "report.html")
        try writeFile(Array(manifestText.utf8), to: folder + "manifest.json")
    }

    // MARK: Tables

    /// Writes `trades` to the CSV file at `path` under ``tradesHeader``, replacing it whole.
    public static func writeTrades(_ trades: [TradeRecord], to path: String) throws {
        try csv(path, header: tradesHeader) { writer in
            for trade in trades {
                writer.write(trade.date.isoString)
                writer.write(trade.positionID)
                writer.write(trade.component.rawValue)
                writer.write(trade.product.rawValue)
                writer.write(trade.expiry.isoString)
                writer.write(trade.typeText)
                writer.write(trade.strike)
                writer.write(trade.quantity)
                writer.write(trade.price)
                writer.writeOptional(trade.bid)
                writer.writeOptional(trade.ask)
                writer.write(trade.quoteSource.rawValue)
                writer.write(trade.fees)
                writer.write(trade.reason.rawValue)
                try writer.endRow()
            }
        }
    }

    /// Writes `ledger` to the CSV file at `path` under ``ledgerHeader``, replacing it whole.
    public static func writeLedger(_ ledger: [LedgerRow], to path: String) throws {
        try csv(path, header: ledgerHeader) { writer in
            for row in ledger {
                writer.write(row.date.isoString)
                writer.write(row.equity)
                writer.write(row.cash)
                writer.write(row.interest)
                writer.write(row.openPositions)
                writer.write(row.delta)
                writer.write(row.gamma)
                writer.write(row.vega)
                writer.write(row.theta)
                writer.write(row.stressLoss5pct)
                writer.write(row.notchLimit)
                writer.write(row.sentiment)
                try writer.endRow()
            }
        }
    }

    /// The per-day figures the gates read, with the drawdown: one row per ledger day.
    public static func writeRisk(_ result: BacktestResult, to path: String) throws {
        let drawdown = result.drawdown
        try csv(path, header: riskHeader) { writer in
            for (index, day) in result.risk.enumerated() where index < result.ledger.count {
                writer.write(day.date.isoString)
                writer.write(drawdown[index])
                writer.write(day.spxClose)
                writer.write(day.deltaDollars(result.ledger[index]))
                writer.write(day.volUp10PnL)
                writer.write(day.crash7PnL)
                writer.write(day.riskFreeRate)
                try writer.endRow()
            }
        }
    }

    /// Writes `months` to the CSV file at `path` under ``monthlyHeader``, replacing it whole.
    public static func writeMonthly(_ months: [MonthlyIncome], to path: String) throws {
        try csv(path, header: monthlyHeader) { writer in
            for month in months {
                writer.write(month.label)
                writer.write(month.startEquity)
                writer.write(month.endEquity)
                writer.write(month.income)
                writer.write(month.tradingDays)
                try writer.endRow()
            }
        }
    }

    /// Writes `regimes` to the CSV file at `path`, replacing it whole.
    public static func writeRegimes(_ regimes: [RegimeResult], to path: String) throws {
        try csv(path, header: regimeColumns.map(\.name)) { writer in
            for regime in regimes {
                for column in regimeColumns { column.csv(writer, regime) }
                try writer.endRow()
            }
        }
    }

    /// Writes `gates` to the CSV file at `path` under ``gatesHeader``, replacing it whole.
    public static func writeGates(_ gates: [GateResult], to path: String) throws {
        try csv(path, header: gatesHeader) { writer in
            for gate in gates {
                writer.write(gate.name)
                writer.write(gate.outcome == .notApplicable ? "N/A" : gate.passed ? "true" : "false")
                writer.writeOptional(gate.value)
                writer.write(gate.target.text)
                writer.write(gate.description)
                writer.write(gate.note ?? "")
                try writer.endRow()
            }
        }
    }

    /// Writes `refusals` to the CSV file at `path` under ``refusalsHeader``, replacing it whole.
    public static func writeRefusals(_ refusals: [Refusal], to path: String) throws {
        try csv(path, header: refusalsHeader) { writer in
            for refusal in refusals {
                writer.write(refusal.date.isoString)
                writer.write(refusal.component.rawValue)
                writer.write(refusal.reason)
                try writer.endRow()
            }
        }
    }

    private static func csv(_ path: String, header: [String], rows: (CSVWriter) throws -> Void) throws {
        let writer = try CSVWriter(path: path)
        try writer.writeRow(header)
        try rows(writer)
        try writer.finish()
    }

    // MARK: Whole files

    /// Writes `bytes` to `path` all-or-nothing: into a temporary file beside it, then renamed
    /// over it. The result is readable by all (0644, or the existing file's mode).
    public static func writeFile(_ bytes: [UInt8], to path: String) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((directory + "." + base + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw ReportWriteError(path: path, message: String(cString: strerror(errno))) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var existing = stat()
        _ = fchmod(fd, stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : 0o644)
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 { offset += written }
                else if written < 0 && errno == EINTR { continue }
                else { failure = String(cString: strerror(errno)); return }
            }
        }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw ReportWriteError(path: path, message: failure)
        }
    }
}
