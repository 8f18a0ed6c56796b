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
@Suite("Pinned 2005-2025 run", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct PinnedRunTests {
    static let pins = [
        "trades.csv": "bf544f88b0f69e14f607c22a794b590e3026167183fa3cf816136f66f86f071a",
        "ledger.csv": "629dd18107b669aa17bc341c0d7ca7a191b5ca5dc9444abed863df9d9954e832",
        "refusals.csv": "c3fef4c4e8c296e371d62fdd95361198de6ebdcef82867376b5eb37f7fd3b5f6",
        "risk.csv": "8afcd020146ce9e3c7cb49f48f65a8157cc9fb32d474ecd1a4054950b565fc7d",
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
        #expect(result.trades.count == 11_233)
    }
}
