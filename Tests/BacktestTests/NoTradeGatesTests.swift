import Foundation
import Market
import Strategy
import Testing
@testable import Backtest

/// A run that made no trade has not shown anything about the strategy: its gates say so.
@Suite struct NoTradeGatesTests {
    /// The sample run with every trade taken out: flat equity, no positions, no greeks.
    private func idleRun() -> BacktestResult {
        var result = Sample.result()
        result.trades = []
        for index in result.ledger.indices {
            result.ledger[index].equity = result.initialEquity
            result.ledger[index].cash = result.initialEquity
            result.ledger[index].openPositions = 0
            result.ledger[index].delta = 0
            result.ledger[index].gamma = 0
            result.ledger[index].vega = 0
            result.ledger[index].theta = 0
            result.ledger[index].stressLoss5pct = 0
            result.risk[index].volUp10PnL = 0
            result.risk[index].crash7PnL = 0
        }
        return result
    }

    @Test func everyGateOfARunWithoutTradesIsNotApplicable() {
        let report = BacktestReport(idleRun())
        #expect(report.gates.count == 13)
        for gate in report.gates {
            #expect(gate.outcome == .notApplicable, "\(gate.name)")
            #expect(!gate.passed, "\(gate.name)")
        }
        // The figures are still shown: a flat run has no drawdown, which would otherwise pass.
        let drawdown = report.gates.first { $0.name == "max_drawdown" }
        #expect(drawdown?.value == 0)
        #expect(drawdown.map { $0.target.isMet(by: $0.value!) } == true)
    }

    @Test func aRunWithTradesIsJudged() {
        let outcomes = Set(BacktestReport(Sample.result()).gates.map(\.outcome))
        #expect(!outcomes.contains(.notApplicable))
        #expect(outcomes.contains(.pass) && outcomes.contains(.fail))
    }

    @Test func theWrittenFilesSayNotApplicable() throws {
        let result = idleRun()
        let report = BacktestReport(result)
        let folder = try temporaryDirectory("no-trades")
        try ReportWriter.write(report, manifest: Sample.manifest(result), to: folder)

        let gatesCSV = try String(contentsOfFile: folder + "/gates.csv", encoding: .utf8)
        let lines = gatesCSV.split(separator: "\n").dropFirst()
        #expect(lines.count == 13)
        for line in lines {
            #expect(line.split(separator: ",", omittingEmptySubsequences: false)[1] == "N/A", "\(line)")
        }

        let summary = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json")))
        guard case let .array(gates)? = summary["gates"] else { Issue.record("gates is not a list"); return }
        #expect(gates.count == 13)
        for gate in gates { #expect(gate["passed"] == .null, "\(gate)") }

        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.contains("Quality gates passed: 0 of 13 (13 not applicable: the run made no trades)"))
        #expect(html.components(separatedBy: "<td class=\"na\">N/A</td>").count == 14)
        #expect(!html.contains(">PASS<"))
    }
}
