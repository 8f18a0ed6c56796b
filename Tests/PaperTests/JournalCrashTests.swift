#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Market
import Paper
import Strategy
import TestSupport
import Testing

/// The built `spx30dte`, when the build made it.
private let executable = BuiltCommandLineTool.path

/// `kill -9` during `paper run` or `paper step` leaves the journal at a committed day: it
/// reopens, SQLite finds it sound, and running the same command again completes it to the
/// journal an uninterrupted run makes.
@Suite("journal: SIGKILL at any moment", .enabled(if: PaperData.isAvailable && executable != nil,
                                                  "needs the market data and the built spx30dte"), .serialized)
struct JournalCrashTests {
    static let from = "2020-02-03", to = "2020-03-13"

    /// The uninterrupted journal's dump, made once.
    static let uninterrupted = LoadedOnce { try PaperData.steppedJournal("whole", from: from, to: to).dump() }

    /// Starts `spx30dte paper ARGS` on `journal`.
    private func launch(_ arguments: [String], journal: Journal) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable!)
        process.arguments = ["paper"] + arguments + ["--journal", journal.path, "--data", RealMarketData.directory!.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func committedDays(_ journal: Journal) -> Int {
        (try? journal.dump().components(separatedBy: "\n").filter { $0.hasPrefix("[date:") && $0.contains("state_json") }.count) ?? 0
    }

    /// Kills `paper run` once `days` sessions are committed (0: while it loads the data).
    @Test(arguments: [0, 5, 17])
    func killedDuringRunThenRerun(afterDays days: Int) throws {
        let journal = try PaperData.journal("kill-run")
        let process = try launch(["run", "--from", Self.from, "--to", Self.to], journal: journal)
        let deadline = ContinuousClock.now + .seconds(120)
        if days == 0 { Thread.sleep(forTimeInterval: 0.3) }
        while days > 0, committedDays(journal) < days, process.isRunning, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus == 0)

        let reopened = try Journal.open(at: journal.path)
        #expect(try reopened.integrityCheck() == "ok")
        let committed = committedDays(reopened)
        #expect(committed >= min(days, 1) || days == 0)
        // The rerun (the same command) completes the journal.
        let rerun = try launch(["run", "--from", Self.from, "--to", Self.to], journal: reopened)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        #expect(try Journal.open(at: journal.path).dump() == (try Self.uninterrupted.get()), "killed after \(committed) days")
    }

    /// How long an uninterrupted `paper step` of the last session takes here, seconds (most of
    /// it loading the data; the session and its commit come last).
    static let stepSeconds = LoadedOnce { () throws -> Double in
        let journal = try PaperData.steppedJournal("timed-step", from: from, to: "2020-03-12")
        let started = ContinuousClock.now
        let process = try JournalCrashTests().launch(["step", "--date", to], journal: journal)
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Kills `paper step` at several moments of its one session, as fractions of an
    /// uninterrupted step's time (the last ones while the session is stepped and committed);
    /// the rerun step commits it.
    @Test(arguments: [0.3, 0.93, 0.97, 1.0])
    func killedDuringStepThenRerun(atFraction fraction: Double) throws {
        let seconds = try Self.stepSeconds.get()
        let journal = try PaperData.steppedJournal("kill-step", from: Self.from, to: "2020-03-12")
        let process = try launch(["step", "--date", Self.to], journal: journal)
        Thread.sleep(forTimeInterval: fraction * seconds)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let reopened = try Journal.open(at: journal.path)
        #expect(try reopened.integrityCheck() == "ok")
        let last = try #require(try reopened.lastDay()).date
        #expect(last == day("2020-03-12") || last == day(Self.to))
        let rerun = try launch(["step", "--date", Self.to], journal: reopened)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        #expect(try Journal.open(at: journal.path).dump() == (try Self.uninterrupted.get()), "killed at \(fraction) of \(seconds) s")
    }
}
