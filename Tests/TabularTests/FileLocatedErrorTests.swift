import Testing
import Tabular

@Suite("Errors that name their file")
struct FileLocatedErrorTests {
    struct Plain: Error, CustomStringConvertible {
        var description: String { "the disk is full" }
    }

    @Test func theSameFileIsNamedOnceAnotherInFull() {
        let error = TabularError(file: "/data/quotes.csv", line: 7, column: "strike",
                                 reason: .expected("a number", found: "abc"))
        #expect(error.description == "/data/quotes.csv: row 7, column strike: expected a number, found \"abc\"")
        #expect(errorText(error, within: "/data/quotes.csv") == "row 7, column strike: expected a number, found \"abc\"")
        // A wrapper naming another file (an archive around a member) keeps the member's name.
        #expect(errorText(error, within: "/data/quotes.zip") == error.description)
        #expect(errorText(Plain(), within: "/data/quotes.csv") == "the disk is full")
    }
}
