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

    /// The stamp names the commit the tests were built from. Whether the tree was dirty may
    /// change between the build and the run (an edit while the tests run), so that mark is
    /// not compared.
    @Test func theStampIsTheCheckoutsVersion() {
        func commit(_ version: String) -> Substring {
            version.hasSuffix("-dirty") ? version.dropLast("-dirty".count) : Substring(version)
        }
        #expect(commit(BuildVersion.codeVersion) == commit(describeNow()))
        #expect(RunManifest.codeVersion() == BuildVersion.codeVersion)
        #expect(!BuildVersion.codeVersion.isEmpty && !BuildVersion.codeVersion.contains("\n"))
    }
}
