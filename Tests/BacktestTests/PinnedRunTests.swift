import Foundation
import Market
import Strategy
import Testing
@testable import Backtest

/// The 2005-2025 run with the default configuration, pinned by the SHA-256 of its four
/// decision tables. A change that moves a single fill, mark or refusal changes a digest; a
/// deliberate change updates the pin here with its reason.
///
/// First pinned 2026-11-29 from the run before the day-step redesign (11,233 fills, $90,421
/// final equity); the redesign, the workbench and the chain changes left every byte as it was.
///
/// Re-pinned 2026-11-29 for issue 8, each change moving fills and marks: cash earns the
/// T-bill rate (ledger.csv gained its `interest` column); VIX options priced by the smile and
/// spreads fitted on the real VIX chains and settled at the VX final settlement value; SPX
/// and XSP spreads from the model fitted on every closing real snapshot; the surface anchored
/// each day on VIX, VIX9D, VIX3M and SKEW. 10,503 fills, $130,628 final equity.
@Suite("Pinned 2005-2025 run", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct PinnedRunTests {
    static let pins = [
        "trades.csv": "3b0c81b6671fb2ba86782af63ed6ed58b48bad76c83753bc353ae6f556b0eab3",
        "ledger.csv": "5695bd077066dedef8ffa7645134cb0dd95f949985f992ed242f66adadd21f4f",
        "refusals.csv": "52e003c0a9995dfe76e9885b0af6fdacc05db1a04b8fb81858f8096cae817fd3",
        "risk.csv": "f3f6af8a0974a6153fbe56128ed960c2a5ebc9451d04a763aed7ea4de3077036",
    ]

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
        for name in Self.pins.keys {
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
        for (name, pinned) in Self.pins.sorted(by: { $0.key < $1.key }) {
            #expect(digests[name] == pinned, "\(name) changed")
        }
        #expect(result.trades.count == 10_503)
    }
}
