#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Backtest
import Foundation
import Market
import Strategy

/// `spx30dte backtest`: the strategy over the real 2005-2025 history.
public struct BacktestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Run the strategy day by day over the real market history and write its results.",
        discussion: """
            Runs every session from --from to --to (default: the whole 2005-2025 history) with \
            the plan's default configuration, or with --config FILE (see `spx30dte config \
            --default`). Decisions are taken on each day's close; fills are priced against that \
            day's chain (real where a snapshot exists, synthesized from the real series \
            otherwise, and marked as such in trades.csv).

            Writes trades.csv, ledger.csv, risk.csv, monthly.csv, regimes.csv, gates.csv, \
            refusals.csv, summary.json, report.html (opens offline) and manifest.json to --out \
            (default results/backtest-FROM-TO), then prints the key figures and the plan's \
            quality gates, pass or fail, with their targets. --regimes also prints the regime \
            table. A progress line per simulated year goes to standard error.

            The folder is checked to be writable before the run, and written as a whole: into \
            a new .NAME.tmp-PID beside it, renamed into place at the end (a previous results \
            folder is replaced). An interrupted run (Ctrl-C, SIGTERM) leaves no temporary \
            files and exits with status 130 or 143.

            The data directory is --data, else $SPX30DTE_DATA, else ./data, else ../shared/data. \
            It is verified against its SHA256SUMS before the run: a file that differs, a listed \
            file that is missing or a missing SHA256SUMS stops with exit status 2, unless \
            --allow-modified-data (a warning, and manifest.json's data block records it).

            A date that is not a date, a range outside the history, or an invalid configuration \
            stops with exit status 2.

            --profile also prints where the time went: loading the data, the day's chains, \
            marks, the strategy's decisions, fills, risk (greeks and stress), settlement and \
            outputs, in seconds and as a share of the total. Timing changes no result.
            """)

    @Option(help: "First day, YYYY-MM-DD.")
    var from: String = "2005-01-03"

    @Option(help: "Last day, YYYY-MM-DD.")
    var to: String = "2025-12-31"

    @Option(help: "A strategy configuration file (JSON; missing keys keep their defaults).")
    var config: String?

    @Option(help: "The results folder (default results/backtest-FROM-TO).")
    var out: String?

    @Flag(help: "Also print the regime table (2008 crisis, bull, COVID, 2022 bear, full run).")
    var regimes = false

    @Option(help: "The market-data directory.")
    var data: String?

    @Flag(name: .customLong("allow-modified-data"),
          help: "Run even when the data does not match its SHA256SUMS (with a warning; manifest.json records it).")
    var allowModifiedData = false

    @Flag(help: "Print where the time went (load, chains, marks, strategy, fills, risk, settlement, outputs).")
    var profile = false

    public init() {}

    public func run() throws {
        try CommandFailure.reporting {
            let run = try Self.execute(from: from, to: to, config: config, out: out, regimes: regimes, data: data,
                                       allowModifiedData: allowModifiedData, commandLine: CommandLine.arguments,
                                       profile: profile)
            if let profile = run.profile { print(profile.table()) }
        }
    }

    /// Runs the backtest and writes its folder; returns the folder's path.
    @discardableResult
    public static func run(from fromText: String, to toText: String, config configPath: String?, out: String?,
                           regimes: Bool, data: String?, allowModifiedData: Bool = false, commandLine: [String],
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           printSummary: Bool = true, showProgress: Bool = true) throws -> String {
        try execute(from: fromText, to: toText, config: configPath, out: out, regimes: regimes, data: data,
                    allowModifiedData: allowModifiedData, commandLine: commandLine, environment: environment,
                    printSummary: printSummary, showProgress: showProgress).folder
    }

    /// ``run(from:to:config:out:regimes:data:allowModifiedData:commandLine:environment:printSummary:showProgress:)``,
    /// with the run's profile when `profile` is set: the phases from loading the data to
    /// writing the folder, and the wall time of them all.
    public static func execute(from fromText: String, to toText: String, config configPath: String?, out: String?,
                               regimes: Bool, data: String?, allowModifiedData: Bool = false, commandLine: [String],
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               printSummary: Bool = true, showProgress: Bool = true,
                               profile: Bool = false) throws -> (folder: String, profile: BacktestProfile?) {
        guard let from = TradingDate(iso: fromText) else { throw CommandFailure("--from \(fromText) is not a date YYYY-MM-DD") }
        guard let to = TradingDate(iso: toText) else { throw CommandFailure("--to \(toText) is not a date YYYY-MM-DD") }
        guard from <= to else { throw CommandFailure("--from \(from) is after --to \(to)") }
        // The folder is checked before hours of work could be lost to it.
        let results = try CommandFailure.wrapping { try ResultsFolder.prepare(out ?? "results/backtest-\(from)-\(to)") }
        InterruptCleanup.install()
        let config = try configPath.map { path throws(CommandFailure) in try StrategyConfigFile.load(path) } ?? .default
        let loadStart = ContinuousClock.now
        let wall = PhaseClock(running: profile)
        var times: PhaseTimes? = profile ? PhaseTimes() : nil
        let workbench = try CommandFailure.wrapping {
            try Workbench.load(data: data, environment: environment, allowModifiedData: allowModifiedData)
        }
        if let warning = workbench.integrity?.warning { MarketArguments.printWarning(warning) }
        let loadTime = ContinuousClock.now - loadStart
        times?.add(.load, seconds: Self.seconds(loadTime))

        let runStart = ContinuousClock.now
        let progress: (BacktestProgress) -> Void = { progress in
            guard showProgress else { return }
            let line = "backtest: \(progress.date.year) done (\(Int((100 * progress.fraction).rounded()))%), "
                + "equity \(Self.dollars(progress.equity))\n"
            _ = Array(line.utf8).withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
        let result = try CommandFailure.wrapping {
            try workbench.backtest(config, from: from, to: to, label: configPath ?? "the default configuration",
                                   progress: progress, profile: &times)
        }
        let runTime = ContinuousClock.now - runStart

        let outputs = PhaseClock(running: profile)
        let report = BacktestReport(result)
        let folder = results.path
        try CommandFailure.wrapping { try workbench.write(result, config: config, to: results, commandLine: commandLine) }
        times?.add(.outputs, since: outputs)
        let measured = times.map {
            BacktestProfile(phases: $0, evaluations: 1, sessions: result.ledger.count, wallSeconds: wall.elapsed)
        }

        if printSummary {
            print(Self.summary(report, loadSeconds: Self.seconds(loadTime), runSeconds: Self.seconds(runTime)))
            if regimes { print(Self.regimeTable(report.regimes)) }
            print("results: \(folder)  (open \(folder)/report.html)")
        }
        return (folder, measured)
    }

    // MARK: Text

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The key figures and the gates table.
    public static func summary(_ report: BacktestReport, loadSeconds: Double? = nil, runSeconds: Double? = nil) -> String {
        let m = report.metrics
        var lines: [String] = []
        let period = "\(m.startDate.map(\.isoString) ?? "-") to \(m.endDate.map(\.isoString) ?? "-")"
        lines.append("SPX30DTE backtest \(period): \(m.tradingDays) sessions, \(m.positionsOpened) positions, \(m.fills) fills, \(m.refusals) refusals")
        if let loadSeconds, let runSeconds {
            lines.append("  data loaded in \(fixed(loadSeconds, 2)) s, run in \(fixed(runSeconds, 2)) s")
        }
        lines.append("  equity          \(dollars(m.initialEquity)) -> \(dollars(m.finalEquity))  (total return \(percent(m.totalReturn)))")
        lines.append("  CAGR            \(percent(m.cagr))")
        lines.append("  max drawdown    \(percent(m.maxDrawdown?.depth))"
            + (m.maxDrawdown.map { "  (\($0.peakDate) to \($0.troughDate), \($0.durationDays) days)" } ?? ""))
        lines.append("  Sharpe          \(fixed(m.sharpe, 2))   Sortino \(fixed(m.sortino, 2))   Calmar \(fixed(m.calmar, 2))")
        let rates = Component.allCases.map { "\($0.rawValue) \(percent(m.winRate.rate($0))) of \(m.winRate.closedCount($0))" }
        lines.append("  win rate        \(percent(m.winRate.rate()))  (\(rates.joined(separator: ", ")))")
        if let income = m.monthlyIncome {
            lines.append("  monthly income  mean \(dollars(income.mean)), min \(dollars(income.minimum)), "
                + "max \(dollars(income.maximum)), \(percent(income.shareAtLeastThreshold)) of \(income.months) months >= \(dollars(income.threshold))")
        }
        let byComponent = Component.allCases.map { "\($0.rawValue) \(percent(m.orderSlippageByComponent[$0]?.share))" }
        lines.append("  slippage        \(percent(m.orderSlippageShare)) of \(dollars(m.orderSlippage.netPremium)) net premium "
            + "(\(m.orderSlippage.orders) orders; \(byComponent.joined(separator: ", ")))")
        lines.append("                  \(percent(m.slippageShare)) of \(dollars(m.premiumTraded)) gross premium of all legs; fees \(dollars(m.totalFees))")
        lines.append("  interest        \(dollars(m.interestEarned)) earned on cash at the T-bill rate")
        lines.append("  delta dollars   worst day \(percent(m.deltaDollarsShareWorstDay)) of equity (|delta x SPX|; reported, not a gate)")
        lines.append("")
        lines.append("Quality gates (the plan's targets)")
        let width = report.gates.map(\.name.count).max() ?? 10
        for gate in report.gates {
            let value = gate.value.map { format($0, unit: gate.unit) } ?? "n/a"
            lines.append("  \(pad(gate.outcome.label, 4))  \(pad(gate.name, width))  \(pad(value, 12, left: true))  target \(gate.target.text)"
                + (gate.note.map { "  (\($0))" } ?? ""))
        }
        let passed = report.gates.count(where: \.passed)
        let notApplicable = report.gates.count { $0.outcome == .notApplicable }
        lines.append("  \(passed) of \(report.gates.count) gates pass"
            + (notApplicable > 0 ? "; \(notApplicable) not applicable (the run made no trades)" : ""))
        return lines.joined(separator: "\n")
    }

    /// The regime table.
    public static func regimeTable(_ regimes: [RegimeResult]) -> String {
        var lines = ["", "Regimes"]
        lines.append("  \(pad("regime", 14)) \(pad("period", 24)) \(pad("coverage", 9)) \(pad("return", 9, left: true)) "
            + "\(pad("CAGR", 9, left: true)) \(pad("max DD", 9, left: true)) \(pad("Sharpe", 7, left: true)) \(pad("win", 7, left: true))")
        for r in regimes {
            let period = "\(r.firstDate.map(\.isoString) ?? "-")..\(r.lastDate.map(\.isoString) ?? "-")"
            lines.append("  \(pad(r.regime.name, 14)) \(pad(period, 24)) \(pad(r.coverage.rawValue, 9)) "
                + "\(pad(percent(r.totalReturn), 9, left: true)) \(pad(percent(r.cagr), 9, left: true)) "
                + "\(pad(percent(r.maxDrawdown), 9, left: true)) \(pad(fixed(r.sharpe, 2), 7, left: true)) "
                + "\(pad(percent(r.winRate), 7, left: true))")
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, unit: GateUnit) -> String {
        switch unit {
        case .dollars: return dollars(value)
        case .fraction: return percent(value)
        case .ratio: return fixed(value, 2)
        }
    }

    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%.2f%%", 100 * value)
    }

    static func fixed(_ value: Double?, _ decimals: Int) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%.\(decimals)f", value)
    }

    static func dollars(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let cents = (abs(value) * 100).rounded()
        var whole = String(Int(cents / 100))
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        return (value < 0 ? "-$" : "$") + whole + grouped
    }

    static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}
