import Testing
@testable import Tabular

@Suite("Duplicated header columns")
struct DuplicateColumnTests {
    private func file(_ text: String) throws -> CSVFile {
        try CSVFile(name: "options.csv", contents: Array(text.utf8))
    }

    @Test func aColumnNamedTwiceIsAnErrorNamingFileRowAndColumn() throws {
        let csv = try file("type,strike,spot,Strike \nc,4400,4500,4600\n")
        do {
            _ = try csv.column("strike")
            Issue.record("a duplicated column was accepted")
        } catch {
            #expect(error.file == "options.csv")
            #expect(error.line == 1)
            #expect(error.column == "strike")
            #expect(error.reason == .duplicateColumn(positions: [2, 4]))
            #expect(error.description == "options.csv: row 1, column strike: the header has this column 2 times (fields 2, 4); keep one")
        }
    }

    @Test func theHeaderLineIsTheOneReported() throws {
        let csv = try CSVFile(name: "chain.csv", contents: Array("title\n\na,b,a\n1,2,3\n".utf8), headerLine: 3)
        #expect(throws: TabularError(file: "chain.csv", line: 3, column: "a", reason: .duplicateColumn(positions: [1, 3]))) {
            _ = try csv.column("A")
        }
    }

    @Test func otherColumnsOfTheSameFileStillResolve() throws {
        let csv = try file("type,strike,strike\nc,1,2\n")
        #expect(try csv.column("type").index == 0)
        #expect(csv.columns(named: "strike").map(\.index) == [1, 2])
    }
}
