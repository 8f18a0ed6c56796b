import ArgumentParser
import Backtest
import Foundation
import Market
import Paper

/// `spx30dte plan`: the day's execution plan from the paper journal's state, without
/// committing anything.
public struct PlanCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the day's execution plan from a paper journal's state (nothing is committed).",
        discussion: """
            Runs the strategy's day step for --date (the session after the journal's last \
            committed one) from the journal's book, exactly as `paper step` would, and prints \
            what it decides: exits due, probe entries, the core decision with the sentiment \
            behind it, hedge orders, refusals, each order with its legs, the fill model's price, \
            the mid and the max loss, and the day's stress loss against the notch. The journal \
            is left unchanged; `paper step` then executes the same plan. Quotes are the \
            trader's Cboe quotedata downloads given with --quotes (one per product: SPX, XSP, \
            VIX), and the history's for the others (real snapshots where they exist, synthesized \
            otherwise); the plan says which. Every order is numbered: a fills file given to \
            `paper step --fills` names the orders by these numbers.
            """)

    @Option(help: "The session to plan, YYYY-MM-DD: the next one after the journal's last.")
    var date: String

    @Option(help: "text or json.")
    var format: String = "text"

    @OptionGroup var options: PaperStepOptions

    @OptionGroup var quotes: DayQuoteOption

    public init() {}

    public func run() throws {
        try CommandFailure.reporting {
            guard format == "text" || format == "json" else { throw CommandFailure("--format \(format) is not text or json") }
            print(try Self.plan(journal: options.journal, date: date, json: format == "json", market: options, quotes: quotes.quotes),
                  terminator: "")
        }
    }

    /// The plan of `dateText` for the journal at `path`, as text or JSON.
    public static func plan(journal path: String, date dateText: String, json: Bool, market: PaperStepOptions,
                            quotes quotePaths: [String] = [],
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let date = try MarketArguments.date(dateText)
        let journal = try Journal.open(at: path, readOnly: true)
        let quotes = try JournalMarket.quotes(quotePaths, date: date, journal: path)
        let workbench = try JournalMarket.workbench(data: market.data, allowModifiedData: market.allowModifiedData,
                                                    environment: environment)
        var trader = try PaperTrader(journal: journal, builder: workbench.builder)
        let outcome = try trader.preview(date, quotes: quotes)
        let snapshots = Set(OptionProduct.allCases.filter {
            quotes.file($0) == nil && workbench.builder.realChains.contains(date: date, product: $0)
        })
        let report = DayPlanReport(record: outcome.record, quoteFiles: quotes.files, historySnapshots: snapshots)
        return json ? report.json.text : report.text
    }
}
