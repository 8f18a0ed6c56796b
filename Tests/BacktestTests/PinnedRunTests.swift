import Foundation
import Market
import Strategy
import Testing
@testable import Backtest

/// The 2005-2025 run with the default configuration, pinned by the SHA-256 of its four
/// decision tables. A change that moves a single fill, mark or refusal changes a digest; a
/// deliberate change updates the pin here with its reason.
///
/// Pinned 2026-11-29 from the run before the day-step redesign (11,233 fills, $90,421 final
/// equity); the redesign, the workbench and the chain changes left every byte as it was.
/// Re-pinned for the spread model fitted on every real snapshot (era, VIX, term, delta,
/// price; quotes rounded to the nearest tick): 10,245 fills, $77,340 final equity.
@Suite("Pinned 2005-2025 run", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct PinnedRunTests {
    static let pins = [
        "trades.csv": "bad81db50d812981fc028f75e553cd383d4582ea64474240a991862582e389f3",
        "ledger.csv": "aef6a038c0024da5eee79e00f296b607c7788bf264812d92ab22406af01b9b7d",
        "refusals.csv": "db0c135be473367160bad01294fd14378ee95a7083059b2b52204862fc95776c",
        "risk.csv": "696fd2bc3d9f1b088e5615016d14a978b29bf20d00e0b6abed8d25a7de5e9547",
    ]

    @Test func theDefaultRunKeepsItsBytes() throws {
        let engine = try EngineData.engine()
        let history = engine.history
        let result = try engine.run(from: day("2005-01-03"), to: day("2025-12-31"))
        #expect(history.dates.first! <= day("2005-01-03"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spx30dte-pin-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ReportWriter.writeTrades(result.trades, to: folder + "/trades.csv")
        try ReportWriter.writeLedger(result.ledger, to: folder + "/ledger.csv")
        try ReportWriter.writeRefusals(result.refusals, to: folder + "/refusals.csv")
        try ReportWriter.writeRisk(result, to: folder + "/risk.csv")
        for (name, pinned) in Self.pins.sorted(by: { $0.key < $1.key }) {
            #expect(try FileDigest.sha256(path: folder + "/" + name).sha256 == pinned, "\(name) changed")
        }
        #expect(result.trades.count == 10_245)
    }
}
