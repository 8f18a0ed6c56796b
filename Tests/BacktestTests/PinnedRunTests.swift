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
/// Re-pinned 2026-11-29 when cash began to earn the T-bill rate (DESIGN section 6): the
/// interest is P&L, so the notch, buying power and hence the trades moved (11,803 fills,
/// $134,520 final equity, $42,109 of interest). ledger.csv gained the `interest` column.
/// With `cashInterest` set to `none` the run is the one pinned before, to the byte:
/// ``interestOffKeepsThePreviousBytes()`` checks it against the earlier pins.
@Suite("Pinned 2005-2025 run", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct PinnedRunTests {
    static let pins = [
        "trades.csv": "940db1e9bcbfb365430abbd99a7eb35ed367035fa94984176ccfe41e30cfedcd",
        "ledger.csv": "46ebbc0c1f2f1967c3f0e64c9867e598f8cac7a4a638f81d256c2aa5e9700465",
        "refusals.csv": "93fbbf48e3f09be0f2f20abf5c2fdd2b061cc58e378f10336fc35497c4e10e24",
        "risk.csv": "5de79d9c64758223249e3ee62fb8c01851d56b568d18629484cc868dd1edd617",
    ]

    /// The pins of the run without interest, from before it was introduced; the ledger's is
    /// that of the file without its `interest` column.
    static let pinsWithoutInterest = [
        "trades.csv": "bf544f88b0f69e14f607c22a794b590e3026167183fa3cf816136f66f86f071a",
        "ledger.csv": "629dd18107b669aa17bc341c0d7ca7a191b5ca5dc9444abed863df9d9954e832",
        "refusals.csv": "c3fef4c4e8c296e371d62fdd95361198de6ebdcef82867376b5eb37f7fd3b5f6",
        "risk.csv": "8afcd020146ce9e3c7cb49f48f65a8157cc9fb32d474ecd1a4054950b565fc7d",
    ]

    /// Writes the four decision tables of `result` and returns their digests by name; the
    /// ledger without its `interest` column when `dropInterest`.
    private func digests(_ result: BacktestResult, dropInterest: Bool = false) throws -> [String: String] {
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
        if dropInterest {
            let column = try #require(ReportWriter.ledgerHeader.firstIndex(of: "interest"))
            let text = try String(contentsOfFile: folder + "/ledger.csv", encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                guard !line.isEmpty else { return "" }
                var fields = line.split(separator: ",", omittingEmptySubsequences: false)
                fields.remove(at: column)
                return fields.joined(separator: ",")
            }
            digests["ledger.csv"] = FileDigest.sha256(of: Array(lines.joined(separator: "\n").utf8)).sha256
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
        #expect(result.trades.count == 11_803)
    }

    @Test func interestOffKeepsThePreviousBytes() throws {
        var config = StrategyConfig.default
        config.cashInterest = .none
        let result = try EngineData.engine(config).run(from: day("2005-01-03"), to: day("2025-12-31"))
        let digests = try digests(result, dropInterest: true)
        for (name, pinned) in Self.pinsWithoutInterest.sorted(by: { $0.key < $1.key }) {
            #expect(digests[name] == pinned, "\(name) changed")
        }
        #expect(result.trades.count == 11_233)
    }
}
