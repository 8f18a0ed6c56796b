import ArgumentParser
import Backtest
import Foundation
import Market
import Paper
import Strategy

/// `spx30dte monitor`: a saved book's greeks, the plan's quality figures and the stress matrix
/// on one day.
public struct MonitorCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Show a saved book's greeks, quality figures and stress matrix on one day.",
        discussion: """
            Reads a book state saved as JSON (by the backtest engine or the paper journal) and \
            prices its open positions on --date, a session not before the state's own: greeks \
            per component (probe, core, hedge) and in total, in units (per contract x quantity x \
            multiplier: delta in dollars per SPX point, gamma per point², vega per vol point, \
            theta per day) and in dollars (delta x SPX close; gamma x close² / 100, the change \
            of delta dollars for a 1% move); the net delta per open core butterfly, the P&L of \
            +10 vol points as a share of equity and theta, judged by the backtest's gate \
            targets; the stress matrix of SPX -10/-7/-5/-3/-1/+1/+3/+5% against VIX \
            +0/+5/+10/+20 points; and the plan's lines "-5% = at most $5k loss" and \
            "-7% = breakeven". Quotes come from the market history as the backtest builds them \
            (real snapshots where they exist).

            The data directory is --data, else $SPX30DTE_DATA, else ./data, else \
            ../shared/data, verified against its SHA256SUMS first.
            """)

    @Option(help: "The book state, JSON (as BookState.jsonData() writes it).")
    var state: String?

    @Option(help: "A paper journal: its last committed book (instead of --state).")
    var journal: String?

    @Option(help: "The day to monitor the book on, YYYY-MM-DD (a session; with --journal, default its last day).")
    var date: String?

    @Option(help: "table or json.")
    var format: MonitorFormat = .table

    @OptionGroup var market: MarketDataOptions

    public init() {}

    public func run() throws {
        try CommandFailure.reporting {
            switch (state, journal) {
            case let (state?, nil):
                guard let date else { throw CommandFailure("--date is needed with --state") }
                print(try Self.text(state: state, date: date, format: format, data: market.data,
                                    allowModifiedData: market.allowModifiedData), terminator: "")
            case let (nil, journal?):
                print(try Self.text(journal: journal, date: date, format: format, data: market.data,
                                    allowModifiedData: market.allowModifiedData), terminator: "")
            default:
                throw CommandFailure("give either --state FILE or --journal FILE")
            }
        }
    }

    /// The report for the state file `statePath` on `dateText`. Throws a ``CommandFailure``
    /// naming the file or the option at fault.
    public static func text(state statePath: String, date dateText: String, format: MonitorFormat, data: String?,
                            allowModifiedData: Bool = false,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let date = try MarketArguments.date(dateText)
        let state = try readState(statePath)
        return try report(state, on: date, format: format, data: data, allowModifiedData: allowModifiedData,
                          environment: environment, source: "--state \(statePath)")
    }

    /// The report for the last committed book of the journal at `path`, on `dateText` (the
    /// journal's last day when nil).
    public static func text(journal path: String, date dateText: String?, format: MonitorFormat, data: String?,
                            allowModifiedData: Bool = false,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let journal = try Journal.open(at: path, readOnly: true)
        guard let last = try journal.lastDay() else { throw CommandFailure("the journal \(path) holds no committed session") }
        let date = try dateText.map { text throws(CommandFailure) in try MarketArguments.date(text) } ?? last.date
        return try report(last.state, on: date, format: format, data: data, allowModifiedData: allowModifiedData,
                          environment: environment, source: "--journal \(path)")
    }

    /// `state` monitored on `date`, as a table or JSON; errors name `source` and the date.
    private static func report(_ state: BookState, on date: TradingDate, format: MonitorFormat, data: String?,
                               allowModifiedData: Bool, environment: [String: String], source: String) throws -> String {
        let workbench = try JournalMarket.workbench(data: data, allowModifiedData: allowModifiedData,
                                                    environment: environment)
        do {
            let reading = try BookMonitor().reading(of: state, on: date, builder: workbench.builder)
            return format == .json ? reading.json.text : reading.tableText
        } catch {
            throw CommandFailure("\(source), --date \(date): \(error)")
        }
    }

    /// A book state read from `path`; the error names the file and, for bad JSON, where in it.
    static func readState(_ path: String) throws(CommandFailure) -> BookState {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("--state \(path): cannot read the file (\(error.localizedDescription))")
        }
        do {
            return try BookState.decode(json: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw CommandFailure("--state \(path): not valid JSON at \(codingPath(context)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw CommandFailure("--state \(path): missing key \(key.stringValue) at \(codingPath(context))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw CommandFailure("--state \(path): wrong value at \(codingPath(context)): \(context.debugDescription)")
        } catch {
            throw CommandFailure("--state \(path): not a book state (\(error))")
        }
    }

    private static func codingPath(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? "the top level" : path
    }
}

public enum MonitorFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case table, json
}
