import ArgumentParser
import Backtest
import Foundation
import Market
import Paper
import Strategy

/// `spx30dte paper`: the paper-trading journal, stepped a session at a time by the backtest's
/// own day step.
public struct PaperCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "paper",
        abstract: "Paper-trade the strategy a session at a time into a journal (SQLite).",
        discussion: """
            `paper init` creates the journal for a configuration and an account; `paper step` runs \
            one session with the same day step as `backtest` and commits it in one transaction; \
            `paper run` steps each session of a range in turn; `paper export` writes the journal's \
            period as a backtest results folder (trades.csv, ledger.csv, refusals.csv, risk.csv, \
            report.html, ...). A session's chains are the backtest's: real where a snapshot exists, \
            synthesized from the real series otherwise.

            Stepping a committed session again does nothing and says so (exit status 0). A session \
            that is not the next one after the last committed, a journal made with another \
            configuration than --config, or a date that is not a session stop with exit status 2 \
            and leave the journal unchanged. A kill at any moment leaves the journal at its last \
            committed session; run the same command again to go on.
            """,
        subcommands: [Init.self, Step.self, Run.self, Export.self])

    public init() {}

    /// `paper init`.
    public struct Init: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "init", abstract: "Create a paper-trading journal (refuses an existing file).")

        @Option(help: "The journal file to create (SQLite).")
        var journal: String

        @Option(help: "A strategy configuration file (JSON; missing keys keep their defaults).")
        var config: String?

        @Option(help: "The account at the start, dollars (default: the configuration's accountSize, 100000).")
        var equity: Double?

        public init() {}

        public func run() throws {
            try CommandFailure.reporting { print(try PaperCommand.initialize(journal: journal, config: config, equity: equity)) }
        }
    }

    /// `paper step`.
    public struct Step: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "step", abstract: "Step one session and commit it to the journal.")

        @Option(help: "The session, YYYY-MM-DD: the next one after the journal's last.")
        var date: String

        @OptionGroup var options: PaperStepOptions

        @OptionGroup var quotes: DayQuoteOption

        @Option(help: "A CSV of the fills you got (columns order,price; price per unit in points, + credit / - debit), by the plan's order numbers.")
        var fills: String?

        public init() {}

        public func run() throws { try options.step(from: date, to: date, quotes: quotes.quotes, fills: fills) }
    }

    /// `paper run`.
    public struct Run: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Step every session of a range, each committed on its own.")

        @Option(help: "First session, YYYY-MM-DD.")
        var from: String

        @Option(help: "Last session, YYYY-MM-DD (committed sessions in the range are left as they are).")
        var to: String

        @OptionGroup var options: PaperStepOptions

        public init() {}

        public func run() throws { try options.step(from: from, to: to) }
    }

    /// `paper export`.
    public struct Export: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write the journal's period as a backtest results folder.",
            aliases: ["report"])

        @Option(help: "The journal file.")
        var journal: String

        @Option(help: "The results folder to write (replaced whole).")
        var out: String

        @OptionGroup var market: MarketDataOptions

        public init() {}

        public func run() throws {
            try CommandFailure.reporting {
                print(try PaperCommand.export(journal: journal, out: out, data: market.data,
                                              allowModifiedData: market.allowModifiedData,
                                              commandLine: CommandLine.arguments))
            }
        }
    }

    // MARK: The work, callable without a process

    /// Creates the journal; returns the line to print.
    public static func initialize(journal path: String, config configPath: String?, equity: Double?) throws -> String {
        let config = try configPath.map { path throws(CommandFailure) in try StrategyConfigFile.load(path) } ?? .default
        var account = config
        if let equity { account.accountSize = equity }
        do {
            try account.validate()
        } catch {
            throw CommandFailure(equity != nil ? "--equity \(account.accountSize): \(error)" : "\(configPath ?? "the default configuration"): \(error)")
        }
        let study = JournalStudy(config: config, equity: account.accountSize, createdBy: RunManifest.codeVersion())
        _ = try Journal.create(at: path, study: study)
        return "journal \(path) created: \(configPath ?? "the default configuration") (sha256 \(study.configHash)), "
            + "equity \(BacktestCommand.dollars(study.initialEquity))"
    }

    /// Steps the sessions of `from...to` (one date for `paper step`), printing a line per session.
    /// `quotes` and `fills` (the trader's files, ``DayQuoteFiles`` and ``ReportedFillsFile``)
    /// apply to a single session: `from` must equal `to` when either is given.
    public static func run(journal path: String, from fromText: String, to toText: String, market: PaperStepOptions,
                           quotes quotePaths: [String] = [], fills fillsPath: String? = nil,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           say: (String) -> Void) throws {
        guard let from = TradingDate(iso: fromText) else { throw CommandFailure("\(fromText) is not a date YYYY-MM-DD") }
        guard let to = TradingDate(iso: toText) else { throw CommandFailure("\(toText) is not a date YYYY-MM-DD") }
        guard from <= to else { throw CommandFailure("--from \(from) is after --to \(to)") }
        let journal = try Journal.open(at: path)
        // The trader's files are read before the data: a bad one costs nothing.
        var quotes: DayQuoteFiles?, fills: ReportedFillsFile?
        if !quotePaths.isEmpty || fillsPath != nil {
            guard from == to else { throw CommandFailure("--quotes and --fills are one session's files: step one --date") }
            quotes = try JournalMarket.quotes(quotePaths, date: from, journal: path)
            do {
                fills = try fillsPath.map { path throws(PaperInputError) in try ReportedFillsFile(path: path, date: from) }
            } catch {
                throw JournalError.input(path: path, error)
            }
        }
        let expected = try market.config.map { path throws(CommandFailure) in try StrategyConfigFile.load(path) }
        // The configuration is checked before the data is loaded: a mismatch costs nothing.
        if let expected, let label = market.config { try journal.study().verify(expected, label: label, path: path) }
        let workbench = try JournalMarket.workbench(data: market.data, allowModifiedData: market.allowModifiedData,
                                                    environment: environment)
        var trader = try PaperTrader(journal: journal, builder: workbench.builder)
        if from == to {
            guard workbench.history.dates.contains(from) else { throw JournalError.notASession(path: path, date: from) }
        }
        func report(_ result: PaperStepResult) {
            switch result {
            case let .committed(date, equity):
                var inputs: [String] = []
                if let quotes, !quotes.isEmpty {
                    inputs.append("quotes " + quotes.files.map { $0.product.rawValue.uppercased() }.joined(separator: ", ") + " from files")
                }
                if let fills { inputs.append("\(fills.rows.count) reported fill\(fills.rows.count == 1 ? "" : "s")") }
                say("\(date): committed, equity \(BacktestCommand.dollars(equity))" + (inputs.isEmpty ? "" : " (\(inputs.joined(separator: "; ")))"))
            case let .alreadyCommitted(date):
                say("\(date): already committed, nothing done")
            }
        }
        if quotes != nil || fills != nil {
            report(try trader.step(from, quotes: quotes, fills: fills))
            return
        }
        let results = try trader.run(from: from, to: to, progress: report)
        if results.isEmpty { throw CommandFailure("no session of the market history lies in \(from)...\(to)") }
    }

    /// Writes the journal's results folder; returns the line to print.
    public static func export(journal path: String, out: String, data: String?, allowModifiedData: Bool,
                              commandLine: [String],
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let journal = try Journal.open(at: path)
        let result = try journal.result()
        guard !result.ledger.isEmpty else { throw CommandFailure("the journal \(path) holds no committed session: nothing to export") }
        let config = try CommandFailure.wrapping { try journal.study().config() }
        let folder = try CommandFailure.wrapping { try ResultsFolder.prepare(out) }
        let workbench = try JournalMarket.workbench(data: data, allowModifiedData: allowModifiedData,
                                                    environment: environment, warn: false)
        try CommandFailure.wrapping { try workbench.write(result, config: config, to: folder, commandLine: commandLine) }
        let comparison = FillComparison(orders: try journal.orders())
        try writeFillComparison(comparison, into: out)
        return (["results: \(out)  (\(result.ledger.count) sessions; open \(out)/report.html)"] + comparison.summaryLines)
            .joined(separator: "\n")
    }

    /// `fill_comparison.csv` beside the backtest's files, and its section in report.html.
    static func writeFillComparison(_ comparison: FillComparison, into out: String) throws {
        let reportPath = out + "/report.html"
        do {
            try Data(comparison.csv.utf8).write(to: URL(fileURLWithPath: out + "/fill_comparison.csv"), options: .atomic)
            var html = try String(contentsOfFile: reportPath, encoding: .utf8)
            if let end = html.range(of: "</body>", options: .backwards) {
                html.insert(contentsOf: comparison.htmlSection, at: end.lowerBound)
            } else {
                html += comparison.htmlSection
            }
            try Data(html.utf8).write(to: URL(fileURLWithPath: reportPath), options: .atomic)
        } catch {
            throw CommandFailure("\(out): cannot write the fill comparison (\(error))")
        }
    }
}

/// The journal and market options of `paper step` and `paper run`.
public struct PaperStepOptions: ParsableArguments {
    @Option(help: "The journal file.")
    var journal: String

    @Option(help: "The configuration the journal must have been made with (checked, not applied).")
    var config: String?

    @Option(help: "The market-data directory.")
    var data: String?

    @Flag(name: .customLong("allow-modified-data"),
          help: "Run even when the data does not match its SHA256SUMS (with a warning).")
    var allowModifiedData = false

    public init() {}

    public init(config: String? = nil, data: String? = nil, allowModifiedData: Bool = false) {
        self.config = config
        self.data = data
        self.allowModifiedData = allowModifiedData
    }

    /// Steps `from...to` into the journal, a line per session on standard output; a failure is
    /// reported as the command's error (exit status 2).
    func step(from: String, to: String, quotes: [String] = [], fills: String? = nil) throws {
        try CommandFailure.reporting {
            try PaperCommand.run(journal: journal, from: from, to: to, market: self, quotes: quotes, fills: fills) { print($0) }
        }
    }
}
