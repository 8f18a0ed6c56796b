import Backtest
import Foundation
import Market
import Strategy
import TestSupport
import Testing
@testable import Commands

/// `spx30dte monitor` on a book state the backtest engine saved, and on bad state files.
@Suite("monitor command", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)),
       .serialized)
struct MonitorCommandTests {
    static let data = RealMarketData.directory?.path

    /// The engine's book at the close of `end`, written as JSON to a scratch file.
    static func savedState(from start: String, to end: String) throws -> String {
        let builder = try ChainBuilder.load(from: try #require(RealMarketData.directory))
        let engine = BacktestEngine(history: builder.history, chains: builder, config: .default)
        var saved: BookState?
        _ = try engine.runAudited(from: TradingDate(iso: start)!, to: TradingDate(iso: end)!, saving: { _, state in saved = state })
        let path = freshScratchFolder() + "/state-\(end).json"
        try #require(try saved?.jsonData()).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func printsTheMatrixAndTheJSONForASavedBook() throws {
        let path = try Self.savedState(from: "2020-01-02", to: "2020-02-19")
        let table = try MonitorCommand.text(state: path, date: "2020-02-19", format: .table, data: Self.data)
        #expect(table.contains("Book on 2020-02-19 (state saved at the close of 2020-02-19)"))
        #expect(table.contains("Stress matrix"))
        #expect(table.contains("SPX -5%, VIX by rule"))
        #expect(table.contains("net delta per core butterfly"))
        let json = try JSONValue(parsing: Data(try MonitorCommand.text(state: path, date: "2020-02-19", format: .json,
                                                                       data: Self.data).utf8))
        guard case let .array(cells)? = json["stress_matrix"]?["cells"] else {
            Issue.record("no matrix cells")
            return
        }
        #expect(cells.count == 32)
        // Every cell is a finite number (JSON writes a non-finite one as null).
        for cell in cells {
            guard case .number = cell["pnl"] else {
                Issue.record("a cell without a finite P&L: \(cell)")
                continue
            }
        }
        // A day before the state's own is refused, naming the file.
        #expect(throws: CommandFailure.self) {
            try MonitorCommand.text(state: path, date: "2020-02-18", format: .table, data: Self.data)
        }
        do {
            _ = try MonitorCommand.text(state: path, date: "2020-02-18", format: .table, data: Self.data)
        } catch {
            #expect("\(error)".contains("--state \(path)"))
        }
    }

    @Test func aBadStateFileIsNamedWithWhereItFails() throws {
        let folder = freshScratchFolder()
        let broken = folder + "/broken.json"
        writeText("{\"portfolio\": {\"cash\": \"lots\"}}", to: broken)
        do {
            _ = try MonitorCommand.readState(broken)
            Issue.record("a broken state was read")
        } catch {
            #expect("\(error)".contains("--state \(broken)"))
            #expect("\(error)".contains("portfolio"))
        }
        let missing = folder + "/missing.json"
        do {
            _ = try MonitorCommand.readState(missing)
            Issue.record("a missing state was read")
        } catch {
            #expect("\(error)".contains("--state \(missing): cannot read the file"))
        }
    }
}
