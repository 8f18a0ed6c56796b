import Foundation
import Market
import Strategy
import TestSupport
import Testing
@testable import Backtest

/// The 2005-2025 run with the default configuration keeps the bytes pinned in
/// ``PinnedRun`` (TestSupport), which records each re-pin and its reason.
@Suite("Pinned 2005-2025 run", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct PinnedRunTests {
    /// Writes the four decision tables of `result` and returns their digests by name.
    private func digests(_ result: BacktestResult) throws -> [String: String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spx30dte-pin-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ReportWriter.writeTrades(result.trades, to: folder + "/trades.csv")
        try ReportWriter.writeLedger(result.ledger, to: folder + "/ledger.csv")
        try ReportWriter.writeRefusals(result.refusals, to: folder + "/refusals.csv")
        try ReportWriter.writeRisk(result, to: folder + "/risk.csv")
        var digests: [String: String] = [:]
        for name in PinnedRun.digests.keys {
            digests[name] = try FileDigest.sha256(path: folder + "/" + name).sha256
        }
        return digests
    }

    @Test func theDefaultRunKeepsItsBytes() throws {
        let engine = try EngineData.engine()
        let history = engine.history
        let result = try engine.run(from: day("2005-01-03"), to: day("2025-12-31"))
        #expect(history.dates.first! <= day("2005-01-03"))
        let digests = try digests(result)
        for (name, pinned) in PinnedRun.digests.sorted(by: { $0.key < $1.key }) {
            #expect(digests[name] == pinned, "\(name) changed")
        }
        #expect(result.trades.count == PinnedRun.fills)
    }
}
