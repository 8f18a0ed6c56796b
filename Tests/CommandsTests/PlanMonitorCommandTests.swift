import Foundation
import Paper
import TestSupport
import Testing
@testable import Commands

/// `plan` and `monitor --journal` read a journal and change nothing in it.
@Suite("plan and monitor on a journal", .enabled(if: RealMarketData.isAvailable, "needs the market data"), .serialized)
struct PlanMonitorCommandTests {
    @Test func planAndMonitorReadTheJournalsBookAndLeaveItUnchanged() throws {
        let folder = freshScratchFolder()
        let data = RealMarketData.directory!.path
        let journal = folder + "/journal.sqlite"
        _ = try PaperCommand.initialize(journal: journal, config: nil, equity: nil)
        try PaperCommand.run(journal: journal, from: "2020-02-03", to: "2020-02-14", market: PaperStepOptions(data: data)) { _ in }
        let before = try Journal.open(at: journal).dump()

        // 2020-02-17 is Presidents' Day: the next session is the 18th, a Tuesday (a probe day).
        let text = try PlanCommand.plan(journal: journal, date: "2020-02-18", json: false, market: PaperStepOptions(data: data))
        #expect(text.hasPrefix("Plan for 2020-02-18"))
        #expect(text.contains("Probe entries"))
        let json = try PlanCommand.plan(journal: journal, date: "2020-02-18", json: true, market: PaperStepOptions(data: data))
        #expect(json.contains("\"date\": \"2020-02-18\""))
        let skipped = failureMessage {
            _ = try PlanCommand.plan(journal: journal, date: "2020-02-19", json: false, market: PaperStepOptions(data: data))
        }
        #expect(skipped?.contains("out of order") == true, "\(skipped ?? "no error")")

        let monitor = try MonitorCommand.text(journal: journal, date: nil, format: .table, data: data)
        #expect(monitor.hasPrefix("Book on 2020-02-14"))
        #expect(monitor.contains("Stress matrix"))
        #expect(try Journal.open(at: journal).dump() == before, "plan or monitor changed the journal")
    }
}
