import BuildVersion
import Foundation
import Testing
@testable import Backtest

@Suite("Code version stamped at build time")
struct CodeVersionTests {
    /// `git describe --always --dirty` of this package now, or `unknown` as the stamp would be.
    private func describeNow() -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path, "describe", "--always", "--dirty"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "unknown" }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : "unknown"
    }

    /// Holds when the tests run on the tree they were built from (as a build-and-test does).
    @Test func theStampIsTheCheckoutsVersion() {
        #expect(BuildVersion.codeVersion == describeNow())
        #expect(RunManifest.codeVersion() == BuildVersion.codeVersion)
        #expect(!BuildVersion.codeVersion.isEmpty && !BuildVersion.codeVersion.contains("\n"))
    }
}
