import Foundation
import TestSupport
import Testing

private let commandLineTool = BuiltCommandLineTool.path.map { URL(fileURLWithPath: $0) }

/// `validate quotes` and `validate indices` refuse an --out they cannot write before they
/// compare anything, and leave what is there as it was.
@Suite("validate's output folder", .enabled(if: commandLineTool != nil, "needs the built spx30dte executable"),
       .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct ValidateOutputFolderTests {
    @Test(arguments: ["quotes", "indices"])
    func anExistingFileIsRefusedAndKept(_ subcommand: String) throws {
        let data = try #require(RealMarketData.directory).path
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("validate-out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "kept\n".write(toFile: file, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = commandLineTool
        process.arguments = ["validate", subcommand, "--data", data, "--out", file]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2, "\(message)")
        #expect(message == "error: cannot write the results folder \(file): it exists and is not a folder\n", "\(message)")
        // Refused before the comparison: nothing of it was printed.
        #expect(printed.isEmpty, "\(printed)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "kept\n")
    }
}
