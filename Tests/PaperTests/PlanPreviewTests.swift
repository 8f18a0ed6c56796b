import Backtest
import Foundation
import Market
import Paper
import Strategy
import Testing

/// The plan is the day step's own decision: what `plan` shows is what `paper step` then commits,
/// and showing it changes nothing.
@Suite(.enabled(if: PaperData.isAvailable, PaperData.absent), .serialized)
struct PlanPreviewTests {
    @Test func thePlannedDayIsTheCommittedDayAndPlanningWritesNothing() throws {
        // 2020-02-18, the Tuesday after Presidents' Day, closes one probe and opens another.
        let journal = try PaperData.steppedJournal("plan", from: "2020-02-03", to: "2020-02-14")
        let before = try journal.dump()
        var trader = try PaperTrader(journal: journal, builder: try PaperData.builder.get())
        let planned = try trader.preview(day("2020-02-18"))
        #expect(try journal.dump() == before, "planning changed the journal")
        // A plan for any other day than the next session is refused, as a step would be.
        #expect(throws: JournalError.self) { try trader.preview(day("2020-02-19")) }

        _ = try trader.step(day("2020-02-18"))
        let committed = try journal.result()
        let dayTrades = committed.trades.filter { $0.date == day("2020-02-18") }
        let dayRefusals = committed.refusals.filter { $0.date == day("2020-02-18") }
        #expect(dayTrades == planned.record.trades)
        #expect(dayRefusals == planned.record.refusals)
        #expect(committed.ledger.last == planned.record.ledger)
        // The report lists every entry and every exit the step booked (settlements at expiry are
        // neither).
        let report = DayPlanReport(record: planned.record)
        let trades = planned.record.trades
        #expect(report.orders.count == Set(trades.filter { $0.reason == .open }.map(\.positionID)).count)
        #expect(report.exits.count == Set(trades.filter { $0.reason != .open && $0.reason != .settlement }.map(\.positionID)).count)
        #expect(!trades.isEmpty, "the day traded nothing: pick a busier day for this test")
        #expect(report.orders.filter { $0.component == .hedge }.allSatisfy { $0.stressLossAfter == nil })
        // Every numbered order is the session's own: the fills booked are the filled tickets' legs.
        let filled = report.tickets.filter(\.isFilled)
        #expect(filled.count == Set(trades.filter { $0.reason != .settlement }.map { "\($0.positionID)-\($0.reason)" }).count)
        #expect(report.tickets.map(\.number) == Array(1..<(report.tickets.count + 1)))
    }

    @Test func eachEntryCarriesTheStressLossTheNotchChecked() throws {
        // 2020-02-10 is a calm Monday, a probe day.
        let journal = try PaperData.steppedJournal("plan-stress", from: "2020-02-03", to: "2020-02-07")
        var trader = try PaperTrader(journal: journal, builder: try PaperData.builder.get())
        let record = try trader.preview(day("2020-02-10")).record
        let report = DayPlanReport(record: record)
        let entries = report.orders.filter { $0.component != .hedge }
        #expect(!entries.isEmpty, "no entry on the day: pick another probe day for this test")
        // Each within the notch's limit.
        let stresses = entries.compactMap(\.stressLossAfter)
        #expect(stresses.count == entries.count)
        #expect(stresses.allSatisfy { $0 <= report.notchLimit })
        // The last entry's figure is the book's stress at the close when nothing else trades
        // after it: the close's own figure, computed apart by the day step's risk phase.
        if record.trades.allSatisfy({ $0.reason == .open && $0.component != .hedge }), let last = stresses.last {
            #expect(abs(last - report.stressLossAfter) < 1e-6 * max(1, last))
        }
    }
}
