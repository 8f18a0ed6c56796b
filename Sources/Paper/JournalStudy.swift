import Foundation
import Market
import Strategy

/// What a journal was made for: the configuration it runs under (as the exact JSON text and
/// its SHA-256), the account it started with, dollars, and the code version that created it.
public struct JournalStudy: Sendable, Hashable {
    /// ``StrategyConfig/jsonData()`` of the configuration, the journal's equity already in it.
    public var configJSON: Data
    /// Lowercase hexadecimal SHA-256 of ``configJSON``.
    public var configHash: String
    /// The account before the first session, dollars (the configuration's `accountSize`).
    public var initialEquity: Double
    /// The code version that created the journal.
    public var createdBy: String

    /// The study of `config` run with `equity` dollars (which replaces its `accountSize`).
    public init(config: StrategyConfig, equity: Double, createdBy: String) {
        var config = config
        config.accountSize = equity
        configJSON = config.jsonData()
        configHash = Self.hash(of: config)
        initialEquity = equity
        self.createdBy = createdBy
    }

    init(configJSON: Data, configHash: String, initialEquity: Double, createdBy: String) {
        self.configJSON = configJSON
        self.configHash = configHash
        self.initialEquity = initialEquity
        self.createdBy = createdBy
    }

    /// The SHA-256 of `config`'s JSON: two configurations with the same hash decide alike.
    public static func hash(of config: StrategyConfig) -> String {
        FileDigest.sha256(of: config.jsonData()).sha256
    }

    /// Throws ``JournalError/configurationMismatch(path:journalHash:givenHash:given:)`` unless
    /// `config` is the study's configuration; its `accountSize` is not compared (the study's
    /// equity stands in for it). `label` names `config` and `path` the journal in the error.
    public func verify(_ config: StrategyConfig, label: String, path: String) throws(JournalError) {
        var config = config
        config.accountSize = initialEquity
        let hash = Self.hash(of: config)
        guard hash == configHash else {
            throw .configurationMismatch(path: path, journalHash: configHash, givenHash: hash, given: label)
        }
    }

    /// The configuration the journal runs under.
    public func config() throws(StrategyConfigError) -> StrategyConfig {
        try StrategyConfig.decode(json: configJSON)
    }
}
