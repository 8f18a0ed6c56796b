import Testing
@testable import Tabular

#if canImport(Glibc)
import Glibc
#endif

/// A CSVFile over in-memory text.
private func csv(_ text: String, name: String = "quotes.csv", headerLine: Int = 1) throws -> CSVFile {
    try CSVFile(name: name, contents: Array(text.utf8), headerLine: headerLine)
}

/// The error `body` throws, or nil.
private func tabularError(_ body: () throws -> Void) -> TabularError? {
    do {
        try body()
        return nil
    } catch let error as TabularError {
        return error
    } catch {
        return nil
    }
}

@Suite("Reading")
struct ReadingTests {
    @Test func headerAndColumnsByName() throws {
        let file = try csv(" Type , SPOT,strike\nc,4500,4400\n")
        #expect(file.header == ["Type", "SPOT", "strike"])
        #expect(try file.column("type").index == 0)
        #expect(try file.column("spot ").name == "SPOT")
        #expect(file.columnIfPresent("sigma") == nil)
    }

    @Test func missingColumnNamesFileAndColumn() throws {
        let file = try csv("type,spot\nc,1\n")
        let error = tabularError { _ = try file.column("sigma") }
        #expect(error?.reason == .missingColumn)
        #expect(error?.description == "quotes.csv: row 1, column sigma: no such column in the header")
    }

    @Test func rowsWithCRLFQuotesAndBlankTrailingLines() throws {
        let file = try csv("a,b,c\r\n1,\"x,y\",3\r\n\"he said \"\"hi\"\"\",\"multi\nline\",6\r\n\r\n7,8,9\n\n\n")
        let (a, b) = (try file.column("a"), try file.column("b"))
        let rows = Array(file.rows)
        #expect(rows.count == 3)
        #expect(try rows[0].double(a) == 1)
        #expect(try rows[0].string(b) == "x,y")
        #expect(try rows[1].string(a) == "he said \"hi\"")
        #expect(try rows[1].string(b) == "multi\nline")
        #expect(rows.map(\.line) == [2, 3, 6])  // the quoted line break makes row 3 two lines
        #expect(try rows[2].string(try file.column("c")) == "9")
    }

    @Test func missingFinalNewlineAndTrailingEmptyField() throws {
        let file = try csv("a,b\n1,")
        let rows = Array(file.rows)
        #expect(rows.count == 1)
        #expect(rows[0].fieldCount == 2)
        #expect(try rows[0].isBlank(try file.column("b")))
        #expect(try rows[0].doubleIfPresent(try file.column("b")) == nil)
    }

    @Test func shortRowNamesTheMissingColumn() throws {
        let file = try csv("type,spot,strike\nc,4500,4400\np,4500\n")
        let strike = try file.column("strike")
        let rows = Array(file.rows)
        let error = tabularError { _ = try rows[1].double(strike) }
        #expect(error?.line == 3)
        #expect(error?.column == "strike")
        #expect(error?.description.hasPrefix("quotes.csv: row 3, column strike: missing") == true)
    }

    @Test func textWhereANumberBelongs() throws {
        let file = try csv("type,strike\nc,1\nc,2\nc,3\nc,4\nc,5\nc,abc\n")
        let strike = try file.column("strike")
        var caught: TabularError?
        for row in file.rows {
            if let error = tabularError({ _ = try row.double(strike) }) { caught = error }
        }
        #expect(caught?.description == "quotes.csv: row 7, column strike: expected a number, found \"abc\"")
    }

    @Test func unterminatedQuoteIsReportedOnAccess() throws {
        let file = try csv("a,b\n1,2\n3,\"open\n")
        let a = try file.column("a")
        let rows = Array(file.rows)
        #expect(try rows[0].double(a) == 1)
        let error = tabularError { _ = try rows[1].double(a) }
        #expect(error?.reason == .unterminatedQuote)
        #expect(error?.line == 3)
    }

    @Test func extraFieldsAreFoundByCheckShape() throws {
        let file = try csv("a,b\n1,2,3\n")
        let row = Array(file.rows)[0]
        #expect(tabularError { try row.checkShape() }?.reason == .extraFields(fieldCount: 3, headerCount: 2))
    }

    @Test func preambleAndHeaderLine() throws {
        let text = "\nTitle,Last: 4505.1\n\"Date: September 14, 2023\",x\nExpiration Date,Bid,Bid\nThu,1,2\n"
        let file = try csv(text, headerLine: 4)
        #expect(file.headerLine == 4)
        #expect(file.preamble == [["Title", "Last: 4505.1"], ["Date: September 14, 2023", "x"]])
        #expect(file.columns(named: "bid").map(\.index) == [1, 2])
        #expect(Array(file.rows).first?.line == 5)
    }

    @Test func emptyFileHasNoHeader() {
        #expect(tabularError { _ = try csv("") }?.reason == .missingHeader)
        #expect(tabularError { _ = try csv("\n\n") }?.reason == .missingHeader)
    }

    @Test func missingFileNamesThePath() {
        let error = tabularError { _ = try CSVFile(path: "/nonexistent/quotes.csv") }
        #expect(error?.file == "/nonexistent/quotes.csv")
        #expect(error?.description.contains("No such file") == true)
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let file = try CSVFile(name: "bom.csv", contents: [0xEF, 0xBB, 0xBF] + Array("spot\n1\n".utf8))
        #expect(file.header == ["spot"])
    }

    @Test func rowsKeptAcrossIterationKeepTheirFields() throws {
        let file = try csv("a\n1\n2\n3\n")
        let a = try file.column("a")
        let rows = Array(file.rows)
        #expect(try rows.map { try $0.double(a) } == [1, 2, 3])
    }

    @Test func typedValuesAndDates() throws {
        let file = try csv("n,d,u,t\n 42 ,2024-02-29,01/02/1990,Put\n-7,2023-02-29,1/2/1990,x\n")
        let (n, d, u, t) = (try file.column("n"), try file.column("d"), try file.column("u"), try file.column("t"))
        let rows = Array(file.rows)
        #expect(try rows[0].int(n) == 42)
        #expect(try rows[1].int(n) == -7)
        #expect(try rows[0].date(d) == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(try rows[0].date(u, format: .monthDayYear) == CalendarDate(year: 1990, month: 1, day: 2))
        #expect(try rows[1].date(u, format: .monthDayYear) == CalendarDate(year: 1990, month: 1, day: 2))
        #expect(tabularError { _ = try rows[1].date(d) }?.message == "expected a date YYYY-MM-DD, found \"2023-02-29\"")
        #expect(try rows[0].value(t, expected: "put or call") { $0.lowercased() == "put" ? 1 : nil } == 1)
        #expect(tabularError { _ = try rows[1].value(t, expected: "put or call") { _ in Int?.none } }?.message
                == "expected put or call, found \"x\"")
    }
}

@Suite("Numbers")
struct NumberTests {
    private func parse(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBytes { DecimalParser.double(DecimalParser.trimmed($0)) }
    }

    @Test func acceptsDecimalSyntax() {
        #expect(parse("1") == 1)
        #expect(parse("-1.5") == -1.5)
        #expect(parse("+.5") == 0.5)
        #expect(parse("5.") == 5)
        #expect(parse(" 2e-300 ") == 2e-300)
        #expect(parse("1E+16") == 1e16)
        #expect(parse("-0")?.sign == .minus)
        #expect(parse("NaN")?.isNaN == true)
        #expect(parse("-inf") == -.infinity)
        #expect(parse("Infinity") == .infinity)
        #expect(parse("1e999") == .infinity)
        #expect(parse("1e-999") == 0)
        #expect(parse("4.9406564584124654e-324") == .leastNonzeroMagnitude)
    }

    @Test func rejectsEverythingElse() {
        for text in ["", " ", "abc", "1.5x", "0x10", "1e", "1e+", ".", "-", "1,5", "1 2", "--1", "nan1", "e5"] {
            #expect(parse(text) == nil, "\(text)")
        }
    }

    @Test func agreesWithTheStandardLibraryOnHardCases() {
        let cases = ["0.1", "0.30000000000000004", "9007199254740993", "123456789012345678901234567890",
                     "2.2250738585072011e-308", "1.7976931348623157e308", "1.7976931348623159e308",
                     "0.000000000000000000000000000001", "179769313486231570000000000000000000", "4500.25",
                     "1e22", "1e23", "9007199254740992e22", "12345678901234567890.5"]
        for text in cases {
            #expect(parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test func roundTripsRandomDoublesThroughTheWriterFormat() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let scaled = [value, Double.random(in: 0..<5000), Double.random(in: -1...1) * 1e-8]
            for x in scaled {
                var text = ""
                x.write(to: &text)
                #expect(parse(text)?.bitPattern == x.bitPattern, "\(text)")
            }
        }
    }

    @Test func integersRejectOverflowAndFractions() {
        func int(_ text: String) -> Int? { Array(text.utf8).withUnsafeBytes { DecimalParser.int($0) } }
        #expect(int("9223372036854775807") == .max)
        #expect(int("-9223372036854775808") == .min)
        #expect(int("9223372036854775808") == nil)
        #expect(int("1.0") == nil)
        #expect(int("") == nil)
    }
}

@Suite("Dates")
struct DateTests {
    @Test func daysSince1970RoundTrips() {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)?.daysSince1970 == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)?.daysSince1970 == 11017)
        for days in stride(from: -800_000, through: 2_900_000, by: 997) {
            #expect(CalendarDate(daysSince1970: days).daysSince1970 == days)
        }
        #expect(CalendarDate(year: 2024, month: 9, day: 20)?.weekday == 5)
        #expect(CalendarDate("2024-09-20")?.description == "2024-09-20")
        #expect(CalendarDate("2024-9-20") == nil)
    }
}

@Suite("Writing")
struct WritingTests {
    private func temporaryDirectory() -> String {
        var template = Array("/tmp/tabular-tests-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    private func contents(_ path: String) throws -> String {
        let file = try CSVFile(path: path)
        var text = file.header.joined(separator: "|")
        for row in file.rows {
            text += "\n" + (0..<row.fieldCount).map { (try? row.string(CSVColumn(index: $0, name: ""))) ?? "?" }
                .joined(separator: "|")
        }
        return text
    }

    @Test func writesQuotedTextAndExactNumbers() throws {
        let path = temporaryDirectory() + "/out.csv"
        let writer = try CSVWriter(path: path)
        try writer.writeRow(["name", "value"])
        writer.write("a,\"b\"")
        writer.write(1e-300)
        try writer.endRow()
        writer.write("nan")
        writer.write(Double.nan)
        try writer.endRow()
        writer.writeEmpty()
        writer.write(-Double.infinity)
        try writer.endRow()
        try writer.finish()
        #expect(try contents(path) == "name|value\na,\"b\"|1e-300\nnan|nan\n|-inf")
        let file = try CSVFile(path: path)
        let value = try file.column("value")
        let rows = Array(file.rows)
        #expect(try rows[0].double(value) == 1e-300)
        #expect(try rows[1].double(value).isNaN)
        #expect(try rows[2].double(value) == -.infinity)
    }

    @Test func anUnfinishedWriterLeavesTheExistingFileAlone() throws {
        let directory = temporaryDirectory()
        let path = directory + "/out.csv"
        let first = try CSVWriter(path: path)
        try first.writeRow(["keep"])
        try first.finish()
        do {
            let second = try CSVWriter(path: path)
            for _ in 0..<100_000 { try second.writeRow(["overwritten"]) }
            // dropped without finish()
        }
        #expect(try contents(path) == "keep")
        #expect(opendirCount(directory) == 1)
    }

    private func opendirCount(_ directory: String) -> Int {
        guard let dir = opendir(directory) else { return -1 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { count += 1 }
        }
        return count
    }

    @Test func unwritableDirectoryIsAnError() {
        let error = tabularError { _ = try CSVWriter(path: "/nonexistent-dir/out.csv") }
        #expect(error?.file == "/nonexistent-dir/out.csv")
        if case .cannotWrite = error?.reason {} else { Issue.record("expected cannotWrite, got \(String(describing: error))") }
    }
}
