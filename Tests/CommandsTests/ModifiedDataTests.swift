import Foundation
import Market
import TestSupport
import Testing
@testable import Commands

/// `backtest` on a copy of the real data with one file changed: refused by default, run with
/// `--allow-modified-data`, and the manifest says which.
@Suite("backtest on modified data", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)),
       .serialized)
struct ModifiedDataTests {
    /// The file changed: the raw CBOE VIX history, which the run does not read (it reads the
    /// cleaned one), so the run itself is the same either way.
    static let changed = "index/VIX_History.csv"

    /// A writable copy of the real data with one byte appended to ``changed``.
    private func modifiedCopy() throws -> RealDataCopy {
        let copy = try RealDataCopy(label: "modified-data")
        let handle = try #require(FileHandle(forWritingAtPath: try copy.writable(Self.changed)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n".utf8))
        try handle.close()
        return copy
    }

    private func run(data: String, allow: Bool, out: String) throws -> String {
        try BacktestCommand.run(from: "2020-02-03", to: "2020-02-28", config: nil, out: out, regimes: false,
                                data: data, allowModifiedData: allow, commandLine: ["backtest"],
                                printSummary: false, showProgress: false)
    }

    @Test func refusedByDefaultRunWhenAllowedAndRecorded() throws {
        let copy = try modifiedCopy()
        defer { copy.remove() }
        let data = copy.path, root = copy.root

        var message: String?
        do { _ = try run(data: data, allow: false, out: root + "/refused") } catch { message = "\(error)" }
        #expect(message?.contains("\(Self.changed): sha256 differs from SHA256SUMS") == true, "\(message ?? "no failure")")
        #expect(message?.contains("--allow-modified-data") == true)
        #expect(!FileManager.default.fileExists(atPath: root + "/refused/manifest.json"))

        let folder = try run(data: data, allow: true, out: root + "/allowed")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))) as? [String: Any])
        let block = try #require(manifest["data"] as? [String: Any])
        #expect(block["verified"] as? Bool == false)
        #expect(block["allow_modified_data"] as? Bool == true)
        #expect(block["modified_or_missing"] as? [String] == [Self.changed])
        let sums = try Data(contentsOf: URL(fileURLWithPath: data + "/SHA256SUMS"))
        #expect(block["sha256sums_sha256"] as? String == FileDigest.sha256(of: sums).sha256)
    }

    @Test func theIntactDataIsRecordedAsVerified() throws {
        let data = try #require(RealMarketData.directory).path
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("verified-data-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try run(data: data, allow: false, out: root + "/results")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))) as? [String: Any])
        let block = try #require(manifest["data"] as? [String: Any])
        #expect(block["verified"] as? Bool == true)
        #expect(block["allow_modified_data"] as? Bool == false)
        #expect((block["modified_or_missing"] as? [String])?.isEmpty == true)
    }
}
