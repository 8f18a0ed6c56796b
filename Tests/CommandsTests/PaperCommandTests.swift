import Foundation
import Paper
import TestSupport
import Testing
@testable import Commands

/// `paper init`, `paper run` and `paper export` as the command line runs them: the exported
/// folder's tables and report are the `backtest` command's over the same range, byte for
/// byte, and bad input leaves the journal as it was.
@Suite("paper commands", .enabled(if: RealMarketData.isAvailable, "needs the market data"), .serialized)
struct PaperCommandTests {
    @Test func theExportedFolderIsTheBacktests() throws {
        let folder = freshScratchFolder()
        let data = RealMarketData.directory!.path
        let journal = folder + "/journal.sqlite"
        _ = try PaperCommand.initialize(journal: journal, config: nil, equity: nil)
        var lines: [String] = []
        try PaperCommand.run(journal: journal, from: "2020-02-03", to: "2020-02-28",
                             market: PaperStepOptions(data: data)) { lines.append($0) }
        #expect(lines.count == 19 && lines.allSatisfy { $0.contains(": committed, equity $") })
        _ = try PaperCommand.export(journal: journal, out: folder + "/paper", data: data, allowModifiedData: false,
                                    commandLine: [])
        try BacktestCommand.run(from: "2020-02-03", to: "2020-02-28", config: nil, out: folder + "/backtest", regimes: false,
                                data: data, commandLine: [], printSummary: false, showProgress: false)
        for name in ["trades.csv", "ledger.csv", "refusals.csv", "risk.csv", "summary.json", "report.html"] {
            var paper = readText(folder + "/paper/" + name)
            let backtest = readText(folder + "/backtest/" + name)
            if name == "report.html", let html = paper,
               let start = html.range(of: "<section id=\"fill-comparison\">"), let end = html.range(of: "</section>\n", range: start.upperBound..<html.endIndex) {
                // The paper report adds the fill comparison; the rest is the backtest's.
                paper = String(html[..<start.lowerBound]) + String(html[end.upperBound...])
            }
            #expect(paper != nil && paper == backtest, "\(name) differs")
        }
        // Every fill is the model's here: the comparison lists each order once, none reported.
        let comparison = readText(folder + "/paper/fill_comparison.csv")?.split(separator: "\n") ?? []
        let opened = (readText(folder + "/paper/trades.csv") ?? "").split(separator: "\n").count
        #expect(comparison.count > 1 && comparison.count < opened)
        #expect(comparison.dropFirst().allSatisfy { $0.contains(",model,") && !$0.contains(",reported,") })

        // Again: every session says so and nothing changes.
        let before = try Journal.open(at: journal).dump()
        lines = []
        try PaperCommand.run(journal: journal, from: "2020-02-03", to: "2020-02-28",
                             market: PaperStepOptions(data: data)) { lines.append($0) }
        #expect(lines.count == 19 && lines.allSatisfy { $0.hasSuffix(": already committed, nothing done") })

        // Another configuration, a session out of order, an existing journal for init: refused, unchanged.
        writeText("{\"seed\": 7}", to: folder + "/other.json")
        let mismatch = failureMessage {
            try PaperCommand.run(journal: journal, from: "2020-03-02", to: "2020-03-02",
                                 market: PaperStepOptions(config: folder + "/other.json", data: data)) { _ in }
        }
        #expect(mismatch?.contains("made with another configuration") == true && mismatch?.contains("other.json") == true)
        let order = failureMessage {
            try PaperCommand.run(journal: journal, from: "2020-03-03", to: "2020-03-03",
                                 market: PaperStepOptions(data: data)) { _ in }
        }
        #expect(order?.contains("out of order") == true && order?.contains("the next session is 2020-03-02") == true)
        let exists = failureMessage { _ = try PaperCommand.initialize(journal: journal, config: nil, equity: 50_000) }
        #expect(exists?.contains("already exists") == true)
        #expect(try Journal.open(at: journal).dump() == before)
    }
}
