import Backtest
import Foundation
import Market
import Paper
import Strategy
import TestSupport
import Testing

/// The real market data loaded once for the paper suites, and scratch journals.
enum PaperData {
    static let isAvailable = RealMarketData.isAvailable
    static let absent = Comment(rawValue: RealMarketData.absentMessage)
    static let builder = LoadedOnce { try ChainBuilder.load(from: RealMarketData.directory!) }

    /// A new empty folder under the temporary directory.
    static func scratch(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("paper-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A new journal of the default configuration and account in a scratch folder.
    static func journal(_ name: String) throws -> Journal {
        let path = try scratch(name) + "/journal.sqlite"
        return try Journal.create(at: path, study: JournalStudy(config: .default, equity: StrategyConfig.default.accountSize,
                                                                createdBy: "test"))
    }

    /// The sessions `from...to` of a new journal, stepped by one trader.
    static func steppedJournal(_ name: String, from: String, to: String) throws -> Journal {
        let journal = try journal(name)
        var trader = try PaperTrader(journal: journal, builder: try builder.get())
        try trader.run(from: day(from), to: day(to))
        return journal
    }

    /// The four tables a backtest compares on, written by the backtest's writers into `folder`.
    static func writeTables(_ result: BacktestResult, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try ReportWriter.writeTrades(result.trades, to: folder + "/trades.csv")
        try ReportWriter.writeLedger(result.ledger, to: folder + "/ledger.csv")
        try ReportWriter.writeRefusals(result.refusals, to: folder + "/refusals.csv")
        try ReportWriter.writeRisk(result, to: folder + "/risk.csv")
    }
}

func day(_ text: String) -> TradingDate { TradingDate(iso: text)! }
