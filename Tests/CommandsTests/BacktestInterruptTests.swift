import Foundation
import TestSupport
import Testing
@testable import Commands

/// The built `spx30dte`, when the build made it.
private let executable = BuiltCommandLineTool.path

@Suite("backtest --out: checked first, written whole, cleaned up on interrupt")
struct BacktestInterruptTests {
    @Test func anUnwritableFolderStopsTheRunBeforeItStarts() {
        let started = ContinuousClock.now
        let message = failureMessage {
            try BacktestCommand.run(from: "2020-03-02", to: "2020-03-31", config: nil, out: "/dev/null/results",
                                    regimes: false, data: "/nonexistent-data", commandLine: [], printSummary: false,
                                    showProgress: false)
        }
        // The folder is named in one line, before the (missing) data is even looked at.
        #expect(message == "cannot write the results folder /dev/null/results: /dev/null is not a folder")
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test(.enabled(if: RealMarketData.isAvailable && executable != nil,
                   "needs the market data and the built spx30dte"),
          arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func aSignalEndsTheRunWithoutTemporaryFiles(signal number: Int32, status: Int32) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("backtest-interrupt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable!)
        process.arguments = ["backtest", "--from", "2005-01-03", "--to", "2025-12-31", "--out", base + "/run",
                             "--data", RealMarketData.directory!.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        // Either the signal arrived first (its status, nothing written) or the run had finished.
        let entries = try FileManager.default.contentsOfDirectory(atPath: base)
        if process.terminationStatus == status {
            #expect(entries.isEmpty, "\(entries)")
        } else {
            #expect(process.terminationStatus == 0)
            #expect(entries == ["run"])
        }
        #expect(process.terminationReason == .exit)
    }
}
