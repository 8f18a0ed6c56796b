import Foundation
import Market
import TestSupport
import Testing
@testable import Validation

/// The files only `validate` reads, parsed for `data check`.
@Suite("The files validation reads", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct ValidationInputsTests {
    @Test func theProjectsOwnFilesAllParse() throws {
        let directory = try #require(RealMarketData.directory)
        #expect(ValidationInputs.problems(of: try RealChainCatalog.discover(in: directory)) == [])
        #expect(ValidationInputs.strategyIndexProblems(in: directory) == [])
    }

    @Test func aBadFieldIsNamedByFileRowAndColumn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("inputs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let source = try #require(RealMarketData.directory).path
        try FileManager.default.createDirectory(atPath: root + "/strategy_indices", withIntermediateDirectories: true)
        for file in ["PUT_History.csv", "BXM_History.csv", "vxth_2006-2011_daily_derived.csv"] {
            try FileManager.default.copyItem(atPath: source + "/strategy_indices/" + file, toPath: root + "/strategy_indices/" + file)
        }
        // CNDR's published history with its fourth level unreadable (row 5: the header is row 1).
        var lines = try String(contentsOfFile: source + "/strategy_indices/CNDR_History.csv", encoding: .utf8)
            .components(separatedBy: "\n")
        lines[4] = lines[4].components(separatedBy: ",")[0] + ",n/a"
        try lines.joined(separator: "\n").write(toFile: root + "/strategy_indices/CNDR_History.csv", atomically: true, encoding: .utf8)

        let problems = ValidationInputs.strategyIndexProblems(in: try DataDirectory(path: root))
        #expect(problems == ["strategy_indices/CNDR_History.csv: row 5, column CNDR: expected a number, found \"n/a\""])
    }
}
