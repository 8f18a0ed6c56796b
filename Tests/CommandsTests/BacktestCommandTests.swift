import ArgumentParser
import Foundation
import Market
import Strategy
import TestSupport
import Testing
@testable import Commands

/// The market-data directory as the command line finds it, or nil (the real-data tests then
/// skip with a message).
private enum BacktestData {
    static let directory = RealMarketData.directory?.path
    static let isAvailable = RealMarketData.isAvailable
    static let absent = Comment(rawValue: RealMarketData.absentMessage)
}

/// A fresh, empty directory for one test's files.
private func scratchFolder(_ name: String) throws -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("backtest-command-\(UUID().uuidString)-\(name)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes `text` to a new file in a scratch folder and returns its path.
private func configFile(_ text: String) throws -> String {
    let path = try scratchFolder("config") + "/config.json"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// The message of the ``CommandFailure`` thrown by `body`, or nil (shared by the command suites).
func failureMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let failure as CommandFailure {
        return failure.message
    } catch {
        return "unexpected \(type(of: error)): \(error)"
    }
}

/// The exit status the command line ends with when `arguments` run: 0 on success.
private func exitStatus(_ arguments: [String]) -> Int32 {
    do {
        var command = try RootCommand.parseAsRoot(arguments)
        try command.run()
        return 0
    } catch {
        return RootCommand.exitCode(for: error).rawValue
    }
}

private func text(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

private func firstLine(_ path: String) throws -> String {
    String(try text(path).prefix { $0 != "\n" && $0 != "\r" })
}

private func jsonObject(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

@Suite("config command")
struct ConfigCommandTests {
    @Test func defaultPrintsJSONThatDecodesToTheDefaults() throws {
        let printed = try ConfigCommand.output(check: nil)
        #expect(try StrategyConfig.decode(json: Data(printed.utf8)) == StrategyConfig.default)
        #expect(printed == StrategyConfig.default.jsonString())
        #expect(printed.contains("\"exposureLookbackSessions\" : 30"))
        // The arguments select that output (running it would print it).
        let command = try ConfigCommand.parse(["--default"])
        #expect(command.printDefault && command.check == nil)
    }

    @Test func checkResolvesAPartialFile() throws {
        let path = try configFile(#"{"core": {"bwbDelta": 0.2}, "hedge": {"exposureLookbackSessions": 0}}"#)
        let printed = try ConfigCommand.output(check: path)
        #expect(printed.hasPrefix("\(path): valid\n"))
        var expected = StrategyConfig.default
        expected.core.bwbDelta = 0.2
        expected.hedge.exposureLookbackSessions = 0
        let json = printed.drop { $0 != "{" }
        #expect(try StrategyConfig.decode(json: Data(json.utf8)) == expected)
        #expect(try ConfigCommand.parse(["--check", path]).check == path)
    }

    @Test(arguments: [(#"{"core": {"bwbDelt": 0.2}}"#, "core.bwbDelt"),
                      (#"{"seeed": 3}"#, "seeed"),
                      (#"{"hedge": {"hedgeRatio": 0.5}}"#, "hedge.hedgeRatio"),
                      (#"{"hedge": {"exposureLookbackSessions": 500}}"#, "hedge.exposureLookbackSessions"),
                      (#"{"probe": {"probeDTE": "fifteen"}}"#, "probe.probeDTE")])
    func checkNamesTheOffendingKeyAndExitsWith2(_ bad: (json: String, key: String)) throws {
        let path = try configFile(bad.json)
        let message = try #require(failureMessage { _ = try ConfigCommand.output(check: path) })
        #expect(message.hasPrefix(path + ": "), "\(message)")
        #expect(message.contains("'\(bad.key)'"), "\(message)")
        #expect(exitStatus(["config", "--check", path]) == 2)
    }

    @Test func missingFileAndBadArgumentsFail() {
        let message = failureMessage { _ = try ConfigCommand.output(check: "/nonexistent/config.json") }
        #expect(message == "cannot read the configuration file /nonexistent/config.json")
        #expect(exitStatus(["config", "--check", "/nonexistent/config.json"]) == 2)
        // Exactly one of --default and --check: a usage error.
        #expect(exitStatus(["config"]) != 0)
    }
}

@Suite("backtest command")
struct BacktestCommandArgumentTests {
    /// Bad dates are refused before any data is read, so these need no market data.
    @Test(arguments: [(["--from", "2020-13-01"], "--from 2020-13-01 is not a date YYYY-MM-DD"),
                      (["--to", "2020-02-30"], "--to 2020-02-30 is not a date YYYY-MM-DD"),
                      (["--from", "2020/02/03"], "--from 2020/02/03 is not a date YYYY-MM-DD"),
                      (["--from", "2020-04-30", "--to", "2020-02-03"], "--from 2020-04-30 is after --to 2020-02-03")])
    func badDatesExitWith2AndSaySo(_ bad: ([String], String)) throws {
        var from = "2005-01-03", to = "2025-12-31"
        for i in stride(from: 0, to: bad.0.count, by: 2) {
            if bad.0[i] == "--from" { from = bad.0[i + 1] } else { to = bad.0[i + 1] }
        }
        let out = try scratchFolder("bad-date") + "/results"
        let message = failureMessage {
            try BacktestCommand.run(from: from, to: to, config: nil, out: out, regimes: false,
                                    data: "/nonexistent", commandLine: [], printSummary: false, showProgress: false)
        }
        #expect(message == bad.1)
        #expect(exitStatus(["backtest"] + bad.0 + ["--out", out, "--data", "/nonexistent"]) == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aBadConfigurationFileExitsWith2() throws {
        let path = try configFile(#"{"hedge": {"vixEntryThreshold": 40}}"#)
        let message = failureMessage {
            try BacktestCommand.run(from: "2020-02-03", to: "2020-04-30", config: path, out: nil, regimes: false,
                                    data: "/nonexistent", commandLine: [], printSummary: false, showProgress: false)
        }
        #expect(message?.contains("'hedge.vixEntryThreshold'") == true, "\(message ?? "no failure")")
        #expect(exitStatus(["backtest", "--config", path, "--data", "/nonexistent"]) == 2)
    }
}

@Suite("backtest command on the real history", .enabled(if: BacktestData.isAvailable, BacktestData.absent), .serialized)
struct BacktestCommandTests {
    let data = BacktestData.directory

    /// Runs `backtest --from 2020-02-03 --to 2020-04-30 --out FOLDER [--config FILE]`.
    private func backtest(config: String? = nil, _ name: String) throws -> String {
        let out = try scratchFolder(name) + "/results"
        var arguments = ["backtest", "--from", "2020-02-03", "--to", "2020-04-30", "--out", out]
        if let config { arguments += ["--config", config] }
        let folder = try BacktestCommand.run(from: "2020-02-03", to: "2020-04-30", config: config, out: out,
                                             regimes: false, data: data, commandLine: arguments,
                                             printSummary: false, showProgress: false)
        #expect(folder == out)
        return folder
    }

    @Test func writesEveryResultFile() throws {
        let folder = try backtest("files")
        #expect(try firstLine(folder + "/trades.csv")
            == "date,position_id,component,product,expiry,type,strike,quantity,price,bid,ask,quote_source,fees,reason")
        #expect(try firstLine(folder + "/ledger.csv")
            == "date,equity,cash,interest,open_positions,delta,gamma,vega,theta,stress_loss_5pct,notch_limit,sentiment")
        let trades = try text(folder + "/trades.csv").split(separator: "\n")
        #expect(trades.count > 1)
        #expect(trades.dropFirst().allSatisfy { $0.hasPrefix("2020-0") })
        let ledger = try text(folder + "/ledger.csv").split(separator: "\n").dropFirst()
        // One row per session: 19 in February from the 3rd, 22 in March, 21 in April.
        #expect(ledger.count == 62)
        #expect(ledger.first?.hasPrefix("2020-02-03,") == true && ledger.last?.hasPrefix("2020-04-30,") == true)

        let summary = try jsonObject(folder + "/summary.json")
        let gates = try #require(summary["gates"] as? [[String: Any]])
        #expect(!gates.isEmpty)
        for gate in gates {
            #expect(Set(gate.keys) == ["name", "passed", "value", "target", "note"], "\(gate)")
            #expect(gate["name"] is String && gate["passed"] is Bool && gate["target"] is String, "\(gate)")
            #expect(gate["value"] is NSNumber || gate["value"] is NSNull, "\(gate)")
        }
        let names = gates.compactMap { $0["name"] as? String }
        #expect(names.contains("drawdown_covid") && names.contains("slippage_share"))

        let html = try text(folder + "/report.html")
        #expect(html.lowercased().hasPrefix("<!doctype html") && html.contains("</html>"))
        #expect(!html.contains("http://") && !html.contains("https://"), "the report must open offline")

        let manifest = try jsonObject(folder + "/manifest.json")
        #expect(manifest["parameters"] is [String: Any])
        #expect((manifest["data_files"] as? [Any])?.isEmpty == false)
        #expect(manifest["code_version"] is String)
        #expect((manifest["command_line"] as? [String])?.prefix(3) == ["backtest", "--from", "2020-02-03"])
        #expect(FileManager.default.fileExists(atPath: folder + "/refusals.csv"))
    }

    @Test func sameArgumentsWriteTheSameResults() throws {
        let a = try backtest("same-a"), b = try backtest("same-b")
        for file in ["trades.csv", "ledger.csv", "refusals.csv", "summary.json"] {
            #expect(try text(a + "/" + file) == text(b + "/" + file), "\(file)")
        }
    }

    @Test func aChangedParameterChangesTheResults() throws {
        let base = try backtest("base")
        let path = try configFile(#"{"probe": {"probeDelta": 0.30, "probeWidth": 3}}"#)
        let changed = try backtest(config: path, "changed")
        #expect(try text(base + "/trades.csv") != text(changed + "/trades.csv"))
        #expect(try text(base + "/ledger.csv") != text(changed + "/ledger.csv"))
        // The results record the parameters they ran with.
        func probeDelta(_ folder: String) throws -> Double? {
            let parameters = try jsonObject(folder + "/manifest.json")["parameters"] as? [String: Any]
            return (parameters?["probe"] as? [String: Any])?["probeDelta"] as? Double
        }
        #expect(try probeDelta(changed) == 0.30)
        #expect(try probeDelta(base) == StrategyConfig.default.probe.probeDelta)
    }

    @Test func aRangeOutsideTheHistoryExitsWith2() throws {
        let out = try scratchFolder("outside") + "/results"
        let message = failureMessage {
            try BacktestCommand.run(from: "1990-01-02", to: "1990-12-31", config: nil, out: out, regimes: false,
                                    data: data, commandLine: [], printSummary: false, showProgress: false)
        }
        #expect(message?.hasPrefix("--from 1990-01-02 lies outside the market history") == true, "\(message ?? "no failure")")
        #expect(exitStatus(["backtest", "--from", "1990-01-02", "--to", "1990-12-31", "--out", out,
                            "--data", data!]) == 2)
    }
}
