import Foundation
import Testing
@testable import Backtest

@Suite("Results folder written as a whole")
struct ResultsFolderTests {
    private func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    private func message(_ body: () throws(ResultsFolderError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return error.description
        }
    }

    @Test func unusableFoldersAreRefusedBeforeAnythingIsWritten() throws {
        let base = try temporaryDirectory("results-refused")
        _ = FileManager.default.createFile(atPath: base + "/taken", contents: Data("x".utf8))
        #expect(message { () throws(ResultsFolderError) in _ = try ResultsFolder.prepare(base + "/taken") }
            == "cannot write the results folder \(base)/taken: it exists and is not a folder")
        #expect(message { () throws(ResultsFolderError) in _ = try ResultsFolder.prepare(base + "/taken/run") }
            == "cannot write the results folder \(base)/taken/run: \(base)/taken is not a folder")
        // /proc accepts no new entries, even from root.
        let procMessage = message { () throws(ResultsFolderError) in _ = try ResultsFolder.prepare("/proc/spx30dte-results/run") }
        #expect(procMessage?.hasPrefix("cannot write the results folder /proc/spx30dte-results/run: /proc is not writable (") == true)
        #expect(procMessage?.contains("\n") == false)
        #expect(entries(base) == ["taken"])
    }

    @Test func aNewFolderAppearsWholeWithNothingBesideIt() throws {
        let base = try temporaryDirectory("results-new")
        let folder = try ResultsFolder.prepare(base + "/deeper/run")
        #expect(entries(base).isEmpty)   // prepare creates nothing
        let result = Sample.result()
        try folder.write(BacktestReport(result), manifest: Sample.manifest(result))
        #expect(entries(base + "/deeper") == ["run"])
        #expect(entries(base + "/deeper/run") == ReportWriter.fileNames.sorted())
    }

    @Test func aPreviousFolderIsReplacedNotMixedWith() throws {
        let base = try temporaryDirectory("results-replace")
        let result = Sample.result()
        let folder = try ResultsFolder.prepare(base + "/run/")
        try folder.write(BacktestReport(result), manifest: Sample.manifest(result))
        // A file of an older layout, and a trades.csv that must not survive.
        _ = FileManager.default.createFile(atPath: base + "/run/stale.csv", contents: Data("old".utf8))
        _ = FileManager.default.createFile(atPath: base + "/run/trades.csv", contents: Data("old".utf8))
        var shorter = Sample.result(days: 40)
        shorter.refusals = []
        try folder.write(BacktestReport(shorter), manifest: Sample.manifest(shorter))
        #expect(entries(base) == ["run"])
        #expect(entries(base + "/run") == ReportWriter.fileNames.sorted())
        let refusals = try String(contentsOfFile: base + "/run/refusals.csv", encoding: .utf8)
        #expect(refusals == ReportWriter.refusalsHeader.joined(separator: ",") + "\n")
        let trades = try String(contentsOfFile: base + "/run/trades.csv", encoding: .utf8)
        #expect(trades.hasPrefix("date,position_id,"))
    }

    @Test func aLinkToAFolderIsKeptAndItsFolderReplaced() throws {
        let base = try temporaryDirectory("results-link")
        try FileManager.default.createDirectory(atPath: base + "/runs/first", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: base + "/runs/first/stale.csv", contents: Data("old".utf8))
        try FileManager.default.createSymbolicLink(atPath: base + "/latest", withDestinationPath: "runs/first")
        let result = Sample.result()
        try ResultsFolder.prepare(base + "/latest").write(BacktestReport(result), manifest: Sample.manifest(result))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: base + "/latest") == "runs/first")
        #expect(entries(base) == ["latest", "runs"])
        #expect(entries(base + "/runs") == ["first"])
        #expect(entries(base + "/runs/first") == ReportWriter.fileNames.sorted())
    }

    @Test func anInterruptedWriteLeavesThePreviousFolderAndNoTemporaryOne() throws {
        let base = try temporaryDirectory("results-interrupted")
        let folder = try ResultsFolder.prepare(base + "/run")
        // The moment between moving the previous folder aside and renaming the new one in.
        try FileManager.default.createDirectory(atPath: folder.asidePath, withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: folder.asidePath + "/manifest.json", contents: Data("previous".utf8))
        try FileManager.default.createDirectory(atPath: folder.stagingPath, withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: folder.stagingPath + "/trades.csv", contents: Data("half".utf8))
        #expect(entries(base).count == 2 && entries(base).allSatisfy { $0.hasPrefix(".run.") })

        // What the interrupt handler runs for a write in progress (the handler itself, which
        // exits, is exercised on the command line by the backtest command's tests).
        folder.abandon()
        #expect(entries(base) == ["run"])
        #expect(try String(contentsOfFile: base + "/run/manifest.json", encoding: .utf8) == "previous")

        // Interrupted before anything was moved aside: only the staging folder goes.
        try FileManager.default.createDirectory(atPath: folder.stagingPath, withIntermediateDirectories: false)
        folder.abandon()
        #expect(entries(base) == ["run"])
        #expect(try String(contentsOfFile: base + "/run/manifest.json", encoding: .utf8) == "previous")
    }
}
