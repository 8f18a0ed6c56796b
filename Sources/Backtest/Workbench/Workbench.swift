import Dispatch
import Foundation
import Market
import Pricing
import Strategy

/// The composition root below the command line: the market history loaded once (with the
/// real chain snapshots and the tabulated expiry listing), and any number of backtests run on
/// it, one at a time or many side by side on all cores, their results returned as values.
///
/// Nothing is written unless asked (``write(_:to:commandLine:)``). Every failure is a
/// ``WorkbenchError`` naming the configuration and, inside a run, the day; nothing traps.
///
/// BLAS: loading sets OpenBLAS to one thread (see ``BLASThreads``): the strategy's BLAS calls
/// are small, and parallel runs are the parallelism.
public struct Workbench: Sendable {
    /// Where the data came from.
    public let directory: DataDirectory?
    /// The history, real snapshots and listing every run reads.
    public let builder: ChainBuilder
    /// The data directory's verification against its `SHA256SUMS`, when it was verified on load.
    public let integrity: DataIntegrity?
    /// Whether loading went ahead on data that failed verification.
    public let allowsModifiedData: Bool

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
    /// then `../shared/data`), verifies it against its `SHA256SUMS` (``DataIntegrity``) and
    /// loads the history and the real snapshots once.
    ///
    /// - Parameter allowModifiedData: go ahead when verification fails (the manifest of every
    ///   run written records it); otherwise a failed verification is a `.data` error listing
    ///   each problem.
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
    /// - Parameter label: names the configuration in errors (an index or a file name).
    public func backtest(_ config: StrategyConfig, from: TradingDate? = nil, to: TradingDate? = nil,
                         label: String = "configuration",
                         progress: ((BacktestProgress) -> Void)? = nil) throws(WorkbenchError) -> BacktestResult {
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
        let engine = BacktestEngine(history: history, chains: builder, config: config)
        do {
            return try engine.run(from: first, to: last, progress: progress)
        } catch {
            throw WorkbenchError(label: label, engine: error)
        }
    }

    /// ``backtest(_:from:to:label:progress:)`` reduced to what comparing configurations needs.
    public func evaluate(_ config: StrategyConfig, from: TradingDate? = nil, to: TradingDate? = nil,
                         label: String = "configuration", keepResult: Bool = false) throws(WorkbenchError) -> Evaluation {
        let result = try backtest(config, from: from, to: to, label: label)
        return Evaluation(config: config, report: BacktestReport(result), keepResult: keepResult)
    }

    // MARK: Many runs

    /// Evaluates every configuration over the same range, `threads` at a time (all cores when
    /// nil). Results come back in the order of `configs`; one that fails is a `.failure`
    /// naming it (by its index) and does not stop the others.
    public func evaluate(_ configs: [StrategyConfig], from: TradingDate? = nil, to: TradingDate? = nil,
                         threads: Int? = nil, keepResults: Bool = false) -> [Result<Evaluation, WorkbenchError>] {
        let slots = ParallelSlots<Result<Evaluation, WorkbenchError>>(count: configs.count)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, configs.count))
        let next = WorkCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let k = next.take(below: configs.count) {
                do throws(WorkbenchError) {
                    slots[k] = .success(try evaluate(configs[k], from: from, to: to, label: "configuration #\(k)",
                                                     keepResult: keepResults))
                } catch {
                    slots[k] = .failure(error)
                }
            }
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
        let verification = DataVerificationRecord(integrity ?? DataIntegrity.verify(directory),
                                                  allowModifiedData: allowsModifiedData)
        do {
            var manifest = RunManifest(result: result,
                                       dataFiles: try DataFileRecord.hashing(inputs, relativeTo: directory.path),
                                       codeVersion: RunManifest.codeVersion(), seed: config.seed, commandLine: commandLine,
                                       data: verification)
            manifest.vixSettlements = VIXSettlementRecord.settlements(in: result, history: history)
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
    public var config: StrategyConfig
    public var metrics: Metrics
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

/// Hands out the indices of a work list, each once, to whichever thread asks first.
final class WorkCounter: @unchecked Sendable {
    private var next = 0
    private let lock = NSLock()

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
