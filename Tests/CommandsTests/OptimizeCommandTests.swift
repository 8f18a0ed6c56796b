import Foundation
import GRDB
import TestSupport
import Testing
@testable import Commands

/// The built `spx30dte`, when the build made it.
private let executable = BuiltCommandLineTool.path

/// `optimize` and `sweep` as a user runs them, on the real data: a small search over 2020's
/// first half (the COVID crash inside it), killed with SIGKILL mid-run and resumed.
@Suite("optimize and sweep on the real data", .serialized,
       .enabled(if: RealMarketData.isAvailable && executable != nil, "needs the market data and the built spx30dte"))
struct OptimizeCommandTests {
    static let window = ["--from", "2020-01-02", "--to", "2020-06-30"]

    func spx30dte(_ arguments: [String], killWhen: ((String) -> Bool)? = nil, folder: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable!)
        process.arguments = arguments + (arguments.starts(with: ["sweep", "merge"]) ? [] : ["--data", RealMarketData.directory!.path])
        let output = folder + "/stdout-\(UUID().uuidString)"
        try #require(FileManager.default.createFile(atPath: output, contents: nil), "cannot create \(output)")
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let killWhen {
            while process.isRunning {
                if killWhen(folder) { kill(process.processIdentifier, SIGKILL); break }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        process.waitUntilExit()
        return (process.terminationStatus, readText(output) ?? "")
    }

    func committedGenerations(_ db: String) -> Int {
        guard FileManager.default.fileExists(atPath: db), let queue = try? DatabaseQueue(path: db) else { return 0 }
        return (try? queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM generation") ?? 0 }) ?? 0
    }

    @Test func aKilledSearchResumesToTheSameResultAsAnUninterruptedOne() throws {
        let folder = freshScratchFolder()
        let search = ["optimize", "--generations", "4", "--population", "6", "--seed", "3"] + Self.window
        let whole = try spx30dte(search + ["--out", folder + "/whole"], folder: folder)
        #expect(whole.status == 0, "\(whole.output)")
        #expect(whole.output.contains("deflated Sharpe") && whole.output.contains("selected:"))

        let killed = try spx30dte(search + ["--out", folder + "/killed"],
                                  killWhen: { self.committedGenerations($0 + "/killed/trials.sqlite") >= 2 }, folder: folder)
        #expect(killed.status != 0, "the search ended before it could be killed")
        let kept = committedGenerations(folder + "/killed/trials.sqlite")
        #expect(kept >= 2 && kept < 4)
        // Without --resume an existing log is refused, and nothing is written.
        let refused = try spx30dte(search + ["--out", folder + "/killed"], folder: folder)
        #expect(refused.status == 2)
        let resumed = try spx30dte(search + ["--out", folder + "/killed", "--resume"], folder: folder)
        #expect(resumed.status == 0, "\(resumed.output)")
        for name in ["summary.json", "generations.csv", "pareto.csv", "top10.csv", "walk_forward.csv", "selected-config.json", "report.html"] {
            let a = readText(folder + "/whole/" + name), b = readText(folder + "/killed/" + name)
            #expect(a != nil && a == b, "\(name) differs after the kill and the resume")
        }
        // The selected configuration is one `backtest --config` accepts.
        let backtest = try spx30dte(["backtest", "--config", folder + "/whole/selected-config.json", "--out", folder + "/bt"] + Self.window,
                                    folder: folder)
        #expect(backtest.status == 0, "\(backtest.output)")
    }

    @Test func shardProcessesMergeIntoTheUnshardedSweep() throws {
        let folder = freshScratchFolder()
        let sweep = ["sweep", "--samples", "6", "--design", "sobol", "--from", "2020-02-03", "--to", "2020-03-31"]
        #expect(try spx30dte(sweep + ["--db", folder + "/all.sqlite"], folder: folder).status == 0)
        var shards: [String] = []
        for k in 1...3 {
            let path = folder + "/shard-\(k).sqlite"
            #expect(try spx30dte(sweep + ["--shard", "\(k)/3", "--db", path], folder: folder).status == 0)
            shards.append(path)
        }
        let merge = try spx30dte(["sweep", "merge"] + shards + ["--db", folder + "/merged.sqlite"], folder: folder)
        #expect(merge.status == 0 && merge.output.contains("6 points"), "\(merge.output)")
        func rows(_ path: String) throws -> [String] {
            try DatabaseQueue(path: path).read { db in
                try Row.fetchAll(db, sql: """
                    SELECT p.point_index, p.point, t.* FROM sweep_point p JOIN trial t
                    ON t.config_hash = p.config_hash AND t.window = p.window ORDER BY p.point_index
                    """).map { "\($0)" }
            }
        }
        let expected = try rows(folder + "/all.sqlite")
        #expect(expected.count == 6)
        #expect(try rows(folder + "/merged.sqlite") == expected)
    }
}
