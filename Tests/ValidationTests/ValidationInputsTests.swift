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
        let copy = try RealDataCopy(label: "inputs")
        defer { copy.remove() }
        // CNDR's published history with its fourth level unreadable (row 5: the header is row 1).
        try copy.rewriteLines("strategy_indices/CNDR_History.csv") { lines in
            lines[4] = lines[4].components(separatedBy: ",")[0] + ",n/a"
        }

        let problems = ValidationInputs.strategyIndexProblems(in: try DataDirectory(path: copy.path))
        #expect(problems == ["strategy_indices/CNDR_History.csv: row 5, column CNDR: expected a number, found \"n/a\""])
    }
}
