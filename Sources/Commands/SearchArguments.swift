import ArgumentParser
import Backtest
import Foundation
import Market
import Optimize
import Strategy

/// What `optimize` and `sweep` share: the window, the search space, the base configuration and
/// the loaded workbench.
enum SearchArguments {
    /// The window `from...to`, checked against the history's coverage.
    static func window(from fromText: String, to toText: String, workbench: Workbench) throws(CommandFailure) -> EvaluationWindow {
        guard let from = TradingDate(iso: fromText) else { throw CommandFailure("--from \(fromText) is not a date YYYY-MM-DD") }
        guard let to = TradingDate(iso: toText) else { throw CommandFailure("--to \(toText) is not a date YYYY-MM-DD") }
        guard from <= to else { throw CommandFailure("--from \(from) is after --to \(to)") }
        if let coverage = workbench.coverage {
            for (flag, date) in [("from", from), ("to", to)] where !coverage.contains(date) {
                throw CommandFailure("--\(flag) \(date) lies outside the market history (\(coverage.lowerBound) to \(coverage.upperBound))")
            }
        }
        return EvaluationWindow(first: from, last: to)
    }

    /// The plan's chromosome, with the space file at `path` laid over it (see
    /// ``SearchSpace/plan(overlaidWith:)``); errors name the file and the key.
    static func space(_ path: String?) throws(CommandFailure) -> SearchSpace {
        guard let path else { return .plan }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the space file \(path)")
        }
        do {
            return SearchSpace.plan(overlaidWith: try ParameterSpace.decode(json: data))
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }

    /// The configuration the genes are applied to.
    static func base(_ path: String?) throws(CommandFailure) -> StrategyConfig {
        try path.map { path throws(CommandFailure) in try StrategyConfigFile.load(path) } ?? .default
    }

    /// The workbench, with the data warning printed.
    static func workbench(data: String?, allowModifiedData: Bool) throws(CommandFailure) -> Workbench {
        let workbench = try CommandFailure.wrapping { try Workbench.load(data: data, allowModifiedData: allowModifiedData) }
        if let warning = workbench.integrity?.warning { MarketArguments.printWarning(warning) }
        return workbench
    }

    /// Writes `line` and a newline to standard error at once.
    static func note(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// Seconds as `1h02m`, `3m05s` or `42s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
        if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }
}

/// The options `optimize` and `sweep` share.
struct SearchRunOptions: ParsableArguments {
    @Option(help: "First day, YYYY-MM-DD.")
    var from: String = "2005-01-03"

    @Option(help: "Last day, YYYY-MM-DD.")
    var to: String = "2025-12-31"

    @Option(help: "The configuration the genes are applied to (default: the plan's).")
    var config: String?

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Flag(help: "Print where the time went: load, chains, strategy, risk, fills, outputs, per evaluation and in total.")
    var profile = false

    @OptionGroup var market: MarketDataOptions
}
