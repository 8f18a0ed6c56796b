import Foundation
import GRDB
import Market
import Strategy

/// One configuration evaluated over one window: a row of the trial log's `trial` table.
///
/// A configuration is identified by ``ConfigurationHash`` of its canonical JSON; the same
/// configuration over the same window is evaluated once and found again by its key.
public struct TrialRecord: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "trial"

    public var configHash: String
    /// `yyyy-mm-dd..yyyy-mm-dd`.
    public var window: String
    /// The fold that first asked for it (0: the whole window), and its generation (-1: a sweep or
    /// a validation run).
    public var fold: Int
    public var generation: Int
    /// The full configuration, canonical JSON.
    public var config: String
    /// The searched genes' values, JSON object by key.
    public var genes: String
    public var fitness: Double
    public var brokenConstraints: Int
    public var failed: Bool
    public var error: String?
    public var cagr: Double?
    public var sharpe: Double?
    public var maxDrawdown: Double?
    public var winRate: Double?
    public var incomeStability: Double?
    public var monthlyIncome: Double?
    public var finalEquity: Double?
    public var fills: Int
    /// ``TrialMetrics/gates``, JSON.
    public var gates: String
    /// Monthly returns, JSON array, oldest first; months as a JSON array of `yyyy-mm`.
    public var monthlyReturns: String
    /// The same months' returns less the T-bill's, JSON array.
    public var monthlyExcessReturns: String
    public var months: String

    public var score: TrialScore {
        failed ? .failure : TrialScore(fitness: fitness, brokenConstraints: brokenConstraints)
    }

    /// The logged metrics back as a value (nil for a failed run).
    public var metrics: TrialMetrics? {
        guard !failed else { return nil }
        let decoder = JSONDecoder()
        guard let gateList = try? decoder.decode([TrialMetrics.Gate].self, from: Data(gates.utf8)),
              let returns = try? decoder.decode([Double].self, from: Data(monthlyReturns.utf8)),
              let excess = try? decoder.decode([Double].self, from: Data(monthlyExcessReturns.utf8)),
              let monthList = try? decoder.decode([String].self, from: Data(months.utf8)) else { return nil }
        return TrialMetrics(finalEquity: finalEquity ?? .nan, cagr: cagr, sharpe: sharpe, maxDrawdown: maxDrawdown,
                            winRate: winRate, incomeStability: incomeStability, monthlyIncome: monthlyIncome,
                            fills: fills, gates: gateList, monthlyReturns: returns, monthlyExcessReturns: excess,
                            months: monthList)
    }

    /// The configuration, decoded.
    public var configuration: StrategyConfig? { try? StrategyConfig.decode(json: config) }

    enum CodingKeys: String, CodingKey {
        case configHash = "config_hash", window, fold, generation, config, genes, fitness
        case brokenConstraints = "broken_constraints", failed, error, cagr, sharpe
        case maxDrawdown = "max_drawdown", winRate = "win_rate", incomeStability = "income_stability"
        case monthlyIncome = "monthly_income", finalEquity = "final_equity", fills, gates
        case monthlyReturns = "monthly_returns", monthlyExcessReturns = "monthly_excess_returns", months
    }

    /// The record of `config` evaluated over `window` with `outcome`.
    public init(config: StrategyConfig, genes: [String: Double], window: String, fold: Int, generation: Int,
                outcome: Result<TrialMetrics, TrialFailure>, formula: FitnessFormula) {
        configHash = ConfigurationHash.of(config)
        self.window = window
        self.fold = fold
        self.generation = generation
        self.config = ConfigurationHash.canonicalJSON(config)
        self.genes = canonicalJSON(genes)
        switch outcome {
        case .success(let metrics):
            let score = formula.score(metrics)
            fitness = score.fitness
            brokenConstraints = score.brokenConstraints
            failed = false
            error = nil
            cagr = metrics.cagr
            sharpe = metrics.sharpe
            maxDrawdown = metrics.maxDrawdown
            winRate = metrics.winRate
            incomeStability = metrics.incomeStability
            monthlyIncome = metrics.monthlyIncome
            finalEquity = metrics.finalEquity
            fills = metrics.fills
            gates = canonicalJSON(metrics.gates)
            monthlyReturns = canonicalJSON(metrics.monthlyReturns)
            monthlyExcessReturns = canonicalJSON(metrics.monthlyExcessReturns)
            months = canonicalJSON(metrics.months)
        case .failure(let failure):
            fitness = -.infinity
            brokenConstraints = Int(Int32.max)
            failed = true
            error = failure.reason
            fills = 0
            gates = "[]"
            monthlyReturns = "[]"
            monthlyExcessReturns = "[]"
            months = "[]"
        }
    }
}

/// Why a trial's run did not finish, in words.
public struct TrialFailure: Error, Sendable, Hashable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A configuration's identity: the SHA-256 of its canonical JSON (sorted keys, shortest
/// round-trip numbers), first 16 hexadecimal digits.
public enum ConfigurationHash {
    public static func canonicalJSON(_ config: StrategyConfig) -> String {
        String(decoding: config.jsonData(), as: UTF8.self)
    }

    public static func of(_ config: StrategyConfig) -> String {
        String(FileDigest.sha256(of: Data(canonicalJSON(config).utf8)).sha256.prefix(16))
    }

    /// The name logged for a point of the search that gives no valid configuration:
    /// `invalid-` and the FNV-1a hash of the point's JSON.
    public static func invalidPoint(_ point: [Double]) -> String {
        "invalid-" + String(FNV1a.hash(Optimize.canonicalJSON(point)), radix: 16)
    }
}

/// Compact JSON with sorted keys.
func canonicalJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
}
