import Foundation
import GRDB
import Market
import Paper
import Strategy
import Testing

/// A committed session stepped again changes nothing; a session out of order, a date that is
/// not a session, a journal made under another configuration and an existing file for `init`
/// are refused with errors naming them, and the journal's dump is the same after each.
@Suite("journal: order, repeats and refusals", .enabled(if: PaperData.isAvailable, PaperData.absent), .serialized)
struct JournalOrderTests {
    @Test func aSessionSteppedTwiceChangesNothing() throws {
        let journal = try PaperData.steppedJournal("twice", from: "2020-03-02", to: "2020-03-04")
        let before = try journal.dump()
        var trader = try PaperTrader(journal: journal, builder: try PaperData.builder.get())
        #expect(try trader.step(day("2020-03-04")) == .alreadyCommitted(day("2020-03-04")))
        #expect(try trader.step(day("2020-03-02")) == .alreadyCommitted(day("2020-03-02")))
        #expect(try journal.dump() == before)
        // The dump holds the three days: it would differ if anything were written.
        #expect(before.components(separatedBy: "\n").filter { $0.contains("2020-03-0") }.count > 3)
    }

    @Test func outOfOrderSessionsAreRefusedAndTheJournalIsUnchanged() throws {
        let journal = try PaperData.steppedJournal("order", from: "2020-03-02", to: "2020-03-04")
        let before = try journal.dump()
        var trader = try PaperTrader(journal: journal, builder: try PaperData.builder.get())
        // 2020-03-05 is next; skipping it is refused, naming the expected session.
        #expect(throws: JournalError.outOfOrder(path: journal.path, date: day("2020-03-06"), expected: day("2020-03-05"),
                                                last: day("2020-03-04"))) {
            try trader.step(day("2020-03-06"))
        }
        // A weekend day is no session.
        #expect(throws: JournalError.notASession(path: journal.path, date: day("2020-03-07"))) {
            try trader.step(day("2020-03-07"))
        }
        #expect(try journal.dump() == before)
        #expect(try trader.step(day("2020-03-05")) != .alreadyCommitted(day("2020-03-05")))
        #expect(try journal.dump() != before)
    }

    @Test func aJournalOfAnotherConfigurationIsRefused() throws {
        let journal = try PaperData.journal("config")
        var other = StrategyConfig.default
        other.seed += 1
        let study = try journal.study()
        #expect(throws: JournalError.self) {
            try PaperTrader(journal: journal, builder: try PaperData.builder.get(), expected: other, expectedLabel: "other.json")
        }
        do {
            try study.verify(other, label: "other.json", path: journal.path)
            Issue.record("another configuration was accepted")
        } catch {
            #expect("\(error)".contains("other.json") && "\(error)".contains(journal.path))
        }
        // The same configuration with another account size is the journal's.
        var sameRules = StrategyConfig.default
        sameRules.accountSize = 250_000
        try study.verify(sameRules, label: "same.json", path: journal.path)
    }

    @Test func initRefusesAnExistingFile() throws {
        let journal = try PaperData.journal("exists")
        let before = try journal.dump()
        #expect(throws: JournalError.alreadyExists(path: journal.path)) {
            try Journal.create(at: journal.path, study: JournalStudy(config: .default, equity: 50_000, createdBy: "test"))
        }
        #expect(try Journal.open(at: journal.path).dump() == before)
        #expect(try journal.study().initialEquity == StrategyConfig.default.accountSize)
    }

    @Test func aDamagedRowIsAnErrorNamingTableRowAndColumn() throws {
        let journal = try PaperData.steppedJournal("damaged", from: "2020-03-02", to: "2020-03-03")
        let database = try DatabaseQueue(path: journal.path)
        try database.write { db in
            try db.execute(sql: "UPDATE ledger SET record_json = '{\"equity\": \"much\"}' WHERE date = '2020-03-03'")
            try db.execute(sql: "UPDATE study SET schema_version = 'one'")
        }
        try database.close()
        do {
            _ = try Journal.open(at: journal.path)
            Issue.record("a study with a text schema version was read")
        } catch {
            #expect("\(error)".contains("table study, row 1, column schema_version"), "\(error)")
        }
        let repaired = try DatabaseQueue(path: journal.path)
        try repaired.write { db in try db.execute(sql: "UPDATE study SET schema_version = 2") }
        try repaired.close()
        do {
            _ = try Journal.open(at: journal.path).result()
            Issue.record("a damaged ledger row was read")
        } catch {
            #expect("\(error)".contains("table ledger, row 2020-03-03, column record_json"), "\(error)")
        }
    }
}
