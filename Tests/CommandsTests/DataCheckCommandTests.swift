import Foundation
import Market
import TestSupport
import Testing
@testable import Commands

/// `data check` parses the files only `validate` reads: one that fails is a warning naming its
/// file, row and column, and the data stays fit for a backtest.
@Suite("data check and the files validation reads", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)),
       .serialized)
struct DataCheckCommandTests {
    /// `relativePath` of the folder `data` rewritten by `change`, with write permission given
    /// where a copy of read-only files needs it.
    private func rewrite(_ relativePath: String, in data: String, _ change: (inout [String]) -> Void) throws {
        let path = data + "/" + relativePath
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: (path as NSString).deletingLastPathComponent)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // Cboe's downloads end their lines with CR LF, one Character in Swift.
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var lines = text.components(separatedBy: newline)
        change(&lines)
        try lines.joined(separator: newline).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aBrokenChainAndIndexAreWarningsNamingRowAndColumn() throws {
        let source = try #require(RealMarketData.directory).path
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("data-check-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let data = root + "/data"
        try FileManager.default.copyItem(atPath: source, toPath: data)

        let (intact, intactOK) = DataCheckCommand.report(data: data, allowModifiedData: false)
        #expect(intactOK)
        #expect(!intact.contains("validate reads it"), "\(intact)")

        let chain = "options/spx_2011-01-24_1403ET_cboe_quotedata_raw.csv"
        try rewrite(chain, in: data) { lines in
            lines[3] = lines[3].replacingOccurrences(of: ",215.30,", with: ",abc,")
        }
        try rewrite("strategy_indices/CNDR_History.csv", in: data) { lines in
            lines[4] = lines[4].components(separatedBy: ",")[0] + ",n/a"
        }
        let (text, ok) = DataCheckCommand.report(data: data, allowModifiedData: true)
        #expect(ok, "a backtest does not read either file")
        #expect(text.contains("  - \(chain): row 4, column Bid: expected a number, found \"abc\" (validate reads it; a backtest does not)"), "\(text)")
        #expect(text.contains("  - strategy_indices/CNDR_History.csv: row 5, column CNDR: expected a number, found \"n/a\" (validate reads it; a backtest does not)"), "\(text)")
        // Two checksum warnings and two parse warnings more than the intact folder's.
        func warnings(_ report: String) -> Int? {
            guard let line = report.components(separatedBy: "\n").first(where: { $0.hasPrefix("Result: ") }),
                  let open = line.firstIndex(of: ","), let count = Int(line[line.index(open, offsetBy: 2)...].prefix { $0.isNumber })
            else { return nil }
            return count
        }
        let before = try #require(warnings(intact)), after = try #require(warnings(text))
        #expect(after == before + 4, "\(before) -> \(after)")
    }
}
