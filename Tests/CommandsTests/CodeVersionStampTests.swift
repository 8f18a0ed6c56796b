import BuildVersion
import Foundation
import TestSupport
import Testing

/// The built `spx30dte`, when the build made it.
private let executable = BuiltCommandLineTool.path

@Suite("backtest manifest: the binary's code version")
struct CodeVersionStampTests {
    /// Run from a directory that is no git checkout, the manifest still names the code the
    /// binary was built from (formerly `git describe` ran in the current directory: `unknown`).
    @Test(.enabled(if: RealMarketData.isAvailable && executable != nil, "needs the market data and the built spx30dte"))
    func theManifestRecordsTheBuiltVersionWhereverItRuns() throws {
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("code-version-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable!)
        process.arguments = ["backtest", "--from", "2020-03-02", "--to", "2020-03-06", "--out", "run",
                             "--data", RealMarketData.directory!.path]
        process.currentDirectoryURL = elsewhere
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let data = try Data(contentsOf: elsewhere.appendingPathComponent("run/manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["code_version"] as? String == BuildVersion.codeVersion)
    }
}
