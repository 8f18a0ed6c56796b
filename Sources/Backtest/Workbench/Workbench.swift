import Dispatch
import Foundation
import Market
import Pricing
import Strategy

/// The composition root below the command line: the market history loaded once (with the
/// real chain snapshots and the tabulated expiry listing), and any number of backtests run on
/// it, one at a time or many side by side on all cores, their results returned as values.
///
/// Nothing is written unless asked (``write(_:config:to:commandLine:)-(_,_,String,_)``). Every failure is a
/// ``WorkbenchError`` naming the configuration and, inside a run, the day; nothing traps.
///
/// BLAS: loading sets OpenBLAS to one thread (see `BLASThreads`): what calls it (the spread
/// fits' least-squares solves, through LAPACKE) is small, and parallel runs are the parallelism.
public struct Workbench: Sendable {
    /// Where the data came from.
    public let directory: DataDirectory?
    /// The history, real snapshots and listing every run reads.
    public let builder: ChainBuilder
    /// The data directory's verification against its `SHA256SUMS`, when it was verified on load.
    public let integrity: DataIntegrity?
    /// Whether loading went ahead on data that failed verification.
    public let allowsModifiedData: Bool

    /// The market history every run steps through.
    public var history: MarketHistory { builder.history }

    /// A workbench over an already built chain builder.
    public init(builder: ChainBuilder, directory: DataDirectory? = nil, integrity: DataIntegrity? = nil,
                allowsModifiedData: Bool = false) {
        self.builder = builder
        self.directory = directory
        self.integrity = integrity
        self.allowsModifiedData = allowsModifiedData
        BLASThreads.set(1)
    }

    /// Resolves the data folder (`explicit`, then `SPX30DTE_DATA`, then the project's `data/`,
    /// then `../shared/data`), verifies it against its `SHA256SUMS` (`DataIntegrity`) and
    /// loads the history and the real snapshots once.
    ///
    /// - Parameters:
    ///   - explicit: The data folder's path; nil to search as above.
    ///   - environment: Where `SPX30DTE_DATA` is looked up (the process's environment).
    ///   - options: The calendar range and series rules of the history (`MarketHistory.Options`).
    ///   - allowModifiedData: go ahead when verification fails (the manifest of every
    ///     run written records it); otherwise a failed verification is a `.data` error listing
    ///     each problem.
    public static func load(data explicit: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            options: MarketHistory.Options = .init(),
                            allowModifiedData: Bool = false) throws(WorkbenchError) -> Workbench {
        let directory: DataDirectory
        do {
            directory = try DataDirectory.resolve(explicit: explicit, environment: environment)
        } catch {
            throw .data("\(error)")
        }
        let integrity: DataIntegrity
        do {
            integrity = try DataIntegrity.verify(directory).required(unless: allowModifiedData)
        } catch {
            throw .data("\(error)")
        }
        do {
            return Workbench(builder: try ChainBuilder.load(from: directory, options: options), directory: directory,
                             integrity: integrity, allowsModifiedData: allowModifiedData)
        } catch {
            throw .data("\(error)")
        }
    }

    /// The calendar range the history was loaded for (its sessions lie within it).
    public var coverage: ClosedRange<TradingDate>? {
        guard !history.dates.isEmpty else { return nil }
        return history.options.firstDay...history.options.lastDay
    }

    // MARK: One run

    /// The backtest of `config` over `from...to` (the whole history when nil).
    ///
    /// - Parameters:
    ///   - config: The configuration; it is validated first (an `.invalidConfiguration` error
    ///     names the key).
    ///   - from: The first day of the run (a session or not); nil for the history's first.
    ///   - to: The last day of the run; nil for the history's last.
    ///   - label: names the configuration in errors (an index or a file name).
    ///   - progress: Called after the last session of each calendar year and of the run.
    public func backtest(_ config: StrategyConfig, from: TradingDate? = nil, to: TradingDate? = nil,
                         label: String = "configuration",
                         progress: ((BacktestProgress) -> Void)? = nil) throws(WorkbenchError) -> BacktestResult {
        var untimed: PhaseTimes?
        return try backtest(config, from: from, to: to, label: label, progress: progress, profile: &untimed)
    }

    /// ``backtest(_:from:to:label:progress:)``, adding the time of each phase to `profile`
    /// when it is not nil (the result is the same either way).
    public func backtest(_ config: StrategyConfig, from: TradingDate? = nil, to: TradingDate? = nil,
                         label: String = "configuration", progress: ((BacktestProgress) -> Void)? = nil,
                         profile: inout PhaseTimes?) throws(WorkbenchError) -> BacktestResult {
        let (first, last) = try range(of: config, from: from, to: to, label: label)
        let engine = BacktestEngine(history: history, chains: builder, config: config)
        do {
            return try engine.runAudited(from: first, to: last, progress: progress, profile: &profile).result
        } catch {
            throw WorkbenchError(label: label, engine: error)
        }
    }

    /// The run's bounds (the history's when nil), once `config` is found valid and the
    /// bounds inside the history.
    private func range(of config: StrategyConfig, from: TradingDate?, to: TradingDate?,
                       label: String) throws(WorkbenchError) -> (TradingDate, TradingDate) {
        do {
            try config.validate()
        } catch {
            throw .invalidConfiguration(label: label, error)
        }
        guard let coverage else { throw .data("the market history is empty") }
        let first = from ?? coverage.lowerBound, last = to ?? coverage.upperBound
        for (flag, date) in [("from", first), ("to", last)] where !coverage.contains(date) {
            throw .outsideHistory(label: label, bound: flag, date: date, coverage: coverage)
        }
        return (first, last)
    }

    /// ``backtest(_:from:to:label:progress:)`` reduced to what comparing configurations needs.
    public func evaluate(_ config: StrategyConfig, from: TradingDate? = nil, to: TradingDate? = nil,
                         label: String = "configuration", keepResult: Bool = false) throws(WorkbenchError) -> Evaluation {
        let result = try backtest(config, from: from, to: to, label: label)
        return Evaluation(config: config, report: BacktestReport(result), keepResult: keepResult)
    }

    // MARK: Many runs

    /// Evaluates every configuration over the same range on `threads` threads (all cores
    /// when nil). Results come back in the order of `configs`; one that fails is a `.failure`
    /// naming it (by its index) and does not stop the others.
    ///
    /// Each thread runs its share of the configurations in lock-step, a day at a time, sharing
    /// the day's chains (`LockstepEvaluator`): each ``Evaluation`` is, to the bit, the one
    /// ``evaluate(_:from:to:label:keepResult:)`` gives alone.
    public func evaluate(_ configs: [StrategyConfig], from: TradingDate? = nil, to: TradingDate? = nil,
                         threads: Int? = nil, keepResults: Bool = false) -> [Result<Evaluation, WorkbenchError>] {
        var untimed: BacktestProfile?
        return evaluate(configs, from: from, to: to, threads: threads, keepResults: keepResults, profile: &untimed)
    }

    /// ``evaluate(_:from:to:threads:keepResults:)``, adding to `profile`, when it is not nil,
    /// the phases of every evaluation (summed over the threads), their count and sessions, and
    /// the wall time of the whole call.
    public func evaluate(_ configs: [StrategyConfig], from: TradingDate? = nil, to: TradingDate? = nil,
                         threads: Int? = nil, keepResults: Bool = false,
                         profile: inout BacktestProfile?) -> [Result<Evaluation, WorkbenchError>] {
        let wall = PhaseClock(running: profile != nil)
        let slots = ParallelSlots<Result<Evaluation, WorkbenchError>>(count: configs.count)
        var runnable: [(index: Int, from: TradingDate, to: TradingDate)] = []
        for (k, config) in configs.enumerated() {
            do throws(WorkbenchError) {
                let (first, last) = try range(of: config, from: from, to: to, label: "configuration #\(k)")
                runnable.append((k, first, last))
            } catch {
                slots[k] = .failure(error)
            }
        }
        // One group per thread, each run in lock-step; all share the bounds (given, or the history's).
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, runnable.count))
        let groups = (0..<workers).map { g in
            Array(runnable[(g * runnable.count / workers)..<((g + 1) * runnable.count / workers)])
        }
        let timing = profile != nil
        let profiles = ParallelSlots<BacktestProfile>(count: workers)
        let evaluator = LockstepEvaluator(history: history, chains: builder)
        DispatchQueue.concurrentPerform(iterations: workers) { g in
            let group = groups[g]
            guard let first = group.first else { return }
            var times: PhaseTimes? = timing ? PhaseTimes() : nil
            let results = evaluator.run(group.map { configs[$0.index] }, from: first.from, to: first.to, profile: &times)
            var sessions = 0
            for (member, result) in zip(group, results) {
                switch result {
                case .success(let run):
                    let clock = PhaseClock(running: timing)
                    sessions += run.ledger.count
                    slots[member.index] = .success(Evaluation(config: configs[member.index], report: BacktestReport(run),
                                                              keepResult: keepResults))
                    times?.add(.outputs, since: clock)
                case .failure(let error):
                    slots[member.index] = .failure(WorkbenchError(label: "configuration #\(member.index)", engine: error))
                }
            }
            if let times {
                profiles[g] = BacktestProfile(phases: times, evaluations: group.count, sessions: sessions)
            }
        }
        if profile != nil {
            var total = BacktestProfile(wallSeconds: wall.elapsed, threads: workers)
            for g in 0..<workers { profiles[g].map { total.add($0) } }
            profile?.add(total)
        }
        return (0..<configs.count).map { slots[$0]! }
    }

    // MARK: Results folder

    /// Writes `result`'s results folder as a whole (see ``ResultsFolder``): tables, summary,
    /// report and a manifest with the data files' SHA-256, the code version and `commandLine`.
    public func write(_ result: BacktestResult, config: StrategyConfig, to folder: ResultsFolder,
                      commandLine: [String]) throws(WorkbenchError) {
        guard let directory else { throw .data("the workbench was not loaded from a data folder: no manifest can name its files") }
        let inputs = DataFile.historyInputs.map { directory.path(of: $0) }
            + [directory.path + "/" + ChainSnapshot.longFormRelativePath].filter { FileManager.default.fileExists(atPath: $0) }
            + [history.settlementQuotationsPath].compactMap { $0 }
        let verification = DataVerificationRecord(integrity ?? DataIntegrity.verify(directory),
                                                  allowModifiedData: allowsModifiedData)
        do {
            var manifest = RunManifest(result: result,
                                       dataFiles: try DataFileRecord.hashing(inputs, relativeTo: directory.path),
                                       codeVersion: RunManifest.codeVersion(), seed: config.seed, commandLine: commandLine,
                                       data: verification)
            manifest.vixSettlements = VIXSettlementRecord.settlements(in: result, history: history)
            manifest.publishedSOQDays = history.publishedSOQDays.filter { result.dateRange?.contains($0) ?? false }
            try folder.write(BacktestReport(result), manifest: manifest)
        } catch {
            throw .output(folder: folder.path, reason: "\(error)")
        }
    }

    /// ``write(_:config:to:commandLine:)`` into the folder at `path`, checked first.
    public func write(_ result: BacktestResult, config: StrategyConfig, to path: String,
                      commandLine: [String]) throws(WorkbenchError) {
        let folder: ResultsFolder
        do {
            folder = try ResultsFolder.prepare(path)
        } catch {
            throw .output(folder: path, reason: error.message)
        }
        try write(result, config: config, to: folder, commandLine: commandLine)
    }
}

/// One configuration's run, reduced to the figures an optimizer compares.
public struct Evaluation: Sendable {
    /// The configuration evaluated.
    public var config: StrategyConfig
    /// The run's figures (``Metrics``).
    public var metrics: Metrics
    /// The quality gates' verdicts on the run.
    public var gates: [GateResult]
    /// Income by calendar month (start and end equity, income).
    public var monthly: [MonthlyIncome]
    /// The whole run, when asked for.
    public var result: BacktestResult?

    init(config: StrategyConfig, report: BacktestReport, keepResult: Bool) {
        self.config = config
        metrics = report.metrics
        gates = report.gates
        monthly = report.monthly
        result = keepResult ? report.result : nil
        // The T-bill's return over each month's sessions, compounded as the cash earns it.
        let ledger = report.result.ledger, risk = report.result.risk
        var byMonth: [Int: Double] = [:]
        if risk.count == ledger.count {
            for (row, day) in zip(ledger, risk) {
                let key = row.date.year * 12 + row.date.month
                byMonth[key] = (1 + (byMonth[key] ?? 0)) * (1 + day.treasuryBillReturn) - 1
            }
        }
        monthlyTreasuryBillReturns = monthly.map { byMonth[$0.year * 12 + $0.month] ?? 0 }
    }

    /// The T-bill's return over each month of ``monthly`` (its sessions' daily returns
    /// compounded), as a fraction: what cash alone would have earned.
    public var monthlyTreasuryBillReturns: [Double]

    /// Each month's return less the T-bill's over the same month: the returns the deflated
    /// Sharpe ratio and PBO read, as the backtest's Sharpe ratio reads daily excess returns.
    public var monthlyExcessReturns: [Double] {
        zip(monthlyReturns, monthlyTreasuryBillReturns).map { $0 - $1 }
    }

    /// Each month's return on its starting equity, as a fraction.
    public var monthlyReturns: [Double] {
        monthly.map { $0.startEquity > 0 ? $0.income / $0.startEquity : 0 }
    }
}

/// Why the workbench could not load or run.
public enum WorkbenchError: Error, Sendable, CustomStringConvertible {
    /// The data folder could not be found or read.
    case data(String)
    /// A configuration breaks its rules.
    case invalidConfiguration(label: String, StrategyConfigError)
    /// A range bound lies outside the history.
    case outsideHistory(label: String, bound: String, date: TradingDate, coverage: ClosedRange<TradingDate>)
    /// The range holds no session, or is reversed.
    case range(label: String, reason: String)
    /// A session of the run could not be stepped.
    case session(label: String, DayStepError)
    /// The results folder could not be written.
    case output(folder: String, reason: String)

    init(label: String, engine error: BacktestEngineError) {
        switch error {
        case .session(let step): self = .session(label: label, step)
        default: self = .range(label: label, reason: "\(error)")
        }
    }

    public var description: String {
        switch self {
        case .data(let reason): return reason
        case let .invalidConfiguration(label, error): return "\(label): \(error)"
        case let .outsideHistory(_, bound, date, coverage):
            return "--\(bound) \(date) lies outside the market history (\(coverage.lowerBound) to \(coverage.upperBound))"
        case let .range(label, reason): return "\(label): \(reason)"
        case let .session(label, error): return "\(label): \(error)"
        case let .output(folder, reason): return "cannot write the results folder \(folder): \(reason)"
        }
    }
}
