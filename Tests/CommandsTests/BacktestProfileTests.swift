import Backtest
import Foundation
import Strategy
import TestSupport
import Testing
@testable import Commands

/// `backtest --profile`: the phases it reports, and that timing changes no output.
@Suite("backtest --profile", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)),
       .serialized)
struct BacktestProfileCommandTests {
    let data = RealMarketData.directory?.path

    private func run(profile: Bool, _ name: String) throws -> (folder: String, profile: BacktestProfile?) {
        let out = FileManager.default.temporaryDirectory
            .appendingPathComponent("backtest-profile-\(UUID().uuidString)-\(name)").path + "/results"
        // The same command line for both runs (the manifest records it).
        let arguments = ["backtest", "--from", "2020-02-03", "--to", "2020-09-30"]
        return try BacktestCommand.execute(from: "2020-02-03", to: "2020-09-30", config: nil, out: out, regimes: false,
                                           data: data, commandLine: arguments, printSummary: false, showProgress: false,
                                           profile: profile)
    }

    @Test func theFlagChangesNoOutputFile() throws {
        let plain = try run(profile: false, "plain")
        let timed = try run(profile: true, "timed")
        #expect(plain.profile == nil)
        #expect(timed.profile != nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: plain.folder).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: timed.folder).sorted()))
        #expect(files.contains("trades.csv") && files.contains("risk.csv"))
        for file in files where file != "manifest.json" {
            let a = try Data(contentsOf: URL(fileURLWithPath: plain.folder + "/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: timed.folder + "/" + file))
            #expect(a == b, "\(file) differs with --profile")
        }
        // The manifest differs only where it records when it was written.
        func manifest(_ folder: String) throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            object["generated"] = nil
            return object
        }
        let a = try manifest(plain.folder), b = try manifest(timed.folder)
        #expect(NSDictionary(dictionary: a) == NSDictionary(dictionary: b))
    }

    @Test func thePhasesAddUpToTheWallTime() throws {
        let profile = try #require(try run(profile: true, "sum").profile)
        #expect(profile.evaluations == 1)
        // February 3 to September 30, 2020: 19 + 21 + 22 + 21 + 21 + 22 + 21 + 21 sessions.
        #expect(profile.sessions == 168)
        let total = profile.phases.total
        #expect(profile.wallSeconds > 0)
        // Only the clock reads between phases and the config and folder checks are outside them.
        #expect(total <= profile.wallSeconds * 1.001)
        #expect(total >= 0.9 * profile.wallSeconds, "phases \(total) s of \(profile.wallSeconds) s wall")
        for phase in [RunPhase.load, .chains, .marks, .strategy, .fills, .risk, .outputs] {
            #expect(profile.phases[phase] > 0, "\(phase.rawValue) took no time")
        }
        let table = profile.table()
        for phase in RunPhase.allCases { #expect(table.contains(phase.rawValue)) }
        #expect(table.contains("total") && table.contains("per evaluation"))
    }
}
