import ArgumentParser
import Foundation
import Strategy
import TestSupport
import Testing
@testable import Commands

/// The built `spx30dte`, when the build made it.
private let commandLineTool = BuiltCommandLineTool.path.map { URL(fileURLWithPath: $0) }

@Suite("config --space and output errors")
struct ConfigSpaceCommandTests {
    @Test func spacePrintsTheTunableParametersAsJSON() throws {
        let printed = ConfigCommand.spaceOutput()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any])
        let entries = try #require(object["parameters"] as? [[String: Any]])
        let keys = entries.compactMap { $0["key"] as? String }
        #expect(keys.count == entries.count && keys == keys.sorted())
        // DESIGN: the core's short put at |delta| 0.10-0.25, probes at 7-20 days.
        let delta = try #require(entries.first { $0["key"] as? String == "core.bwbDelta" })
        #expect(delta["min"] as? Double == 0.10 && delta["max"] as? Double == 0.25 && delta["type"] as? String == "double")
        let probeDTE = try #require(entries.first { $0["key"] as? String == "probe.probeDTE" })
        #expect(probeDTE["min"] as? Int == 7 && probeDTE["max"] as? Int == 20 && probeDTE["type"] as? String == "integer")
        #expect(!keys.contains("accountSize") && !keys.contains("seed"))
        #expect(try ParameterSpace.decode(json: printed) == ParameterSpace.strategy)
    }

    @Test func exactlyOneModeIsAccepted() throws {
        #expect(try ConfigCommand.parse(["--space"]).printSpace)
        #expect(throws: (any Error).self) { try ConfigCommand.parse(["--space", "--default"]) }
        #expect(throws: (any Error).self) { try ConfigCommand.parse(["--space", "--check", "x.json"]) }
        #expect(ConfigCommand.helpMessage().contains("--space"))
    }

    @Test func aFailedWriteIsACommandFailure() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"), "/dev/full is missing")
        let message = failureMessage { try ConfigCommand.write("{}\n", to: full, named: "standard output") }
        #expect(message?.hasPrefix("cannot write to standard output: ") == true, "\(message ?? "no failure")")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("config-write-\(UUID().uuidString)")
        #expect(FileManager.default.createFile(atPath: scratch.path, contents: nil))
        let file = try FileHandle(forWritingTo: scratch)
        #expect(failureMessage { try ConfigCommand.write("{}\n", to: file, named: "the file") } == nil)
        try file.close()
        #expect(try String(contentsOf: scratch, encoding: .utf8) == "{}\n")
    }

    @Test(.enabled(if: commandLineTool != nil, "needs the built spx30dte executable"))
    func defaultToAFullDeviceExitsWith2() throws {
        for mode in ["--default", "--space"] {
            let process = Process()
            process.executableURL = commandLineTool
            process.arguments = ["config", mode]
            let full: FileHandle = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            process.standardOutput = full
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 2, "\(mode): \(message)")
            #expect(message.hasPrefix("error: cannot write to standard output"), "\(mode): \(message)")
        }
    }
}
