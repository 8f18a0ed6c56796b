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
    @Test func aBrokenChainAndIndexAreWarningsNamingRowAndColumn() throws {
        let copy = try RealDataCopy(label: "data-check")
        defer { copy.remove() }
        let data = copy.path

        let (intact, intactOK) = DataCheckCommand.report(data: data, allowModifiedData: false)
        #expect(intactOK)
        #expect(!intact.contains("validate reads it"), "\(intact)")

        let chain = "options/spx_2011-01-24_1403ET_cboe_quotedata_raw.csv"
        try copy.rewriteLines(chain) { lines in
            lines[3] = lines[3].replacingOccurrences(of: ",215.30,", with: ",abc,")
        }
        try copy.rewriteLines("strategy_indices/CNDR_History.csv") { lines in
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
