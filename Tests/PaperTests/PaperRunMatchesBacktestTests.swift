import Backtest
import Foundation
import Market
import Paper
import Strategy
import Testing

/// `paper run` is the backtest a session at a time: the journal's trades, ledger, refusals and
/// risk, written by the backtest's writers, are the backtest's files byte for byte.
@Suite("paper run equals the backtest", .enabled(if: PaperData.isAvailable, PaperData.absent), .serialized)
struct PaperRunMatchesBacktestTests {
    @Test(arguments: [("2020-02-03", "2020-04-30"), ("2008-09-02", "2008-12-31")])
    func theJournalsFilesAreTheBacktests(_ range: (String, String)) throws {
        let builder = try PaperData.builder.get()
        let journal = try PaperData.steppedJournal("match", from: range.0, to: range.1)
        let paper = try journal.result()

        let engine = BacktestEngine(history: builder.history, chains: builder, config: .default)
        let backtest = try engine.run(from: day(range.0), to: day(range.1))
        #expect(paper.ledger.count == backtest.ledger.count)
        #expect(paper.trades.count > 10, "the period trades")

        let folder = try PaperData.scratch("files")
        try PaperData.writeTables(paper, to: folder + "/paper")
        try PaperData.writeTables(backtest, to: folder + "/backtest")
        for name in ["trades.csv", "ledger.csv", "refusals.csv", "risk.csv"] {
            let ours = try #require(FileManager.default.contents(atPath: folder + "/paper/" + name))
            let theirs = try #require(FileManager.default.contents(atPath: folder + "/backtest/" + name))
            #expect(ours.count > 0 && ours == theirs, "\(name) differs over \(range.0)...\(range.1)")
        }
        // The journal's last state is the backtest's book: the next session continues alike.
        let last = try #require(try journal.lastDay())
        #expect(last.date == backtest.ledger.last?.date)
        #expect(try journal.integrityCheck() == "ok")
    }
}
