import BuildVersion
import Foundation
import Market
import Strategy

/// A data file a run read, identified by its content.
public struct DataFileRecord: Sendable, Hashable {
    /// The path as the run named it (relative to the data directory where possible, so that
    /// manifests from different machines compare).
    public var path: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public var sha256: String
    /// The file's size in bytes.
    public var bytes: Int

    /// A record of the file at `path` with its digest and size.
    public init(path: String, sha256: String, bytes: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }

    /// Hashes the file at `location`, recording it under `path` (defaults to `location`).
    ///
    /// - Throws: `SeriesInputError` naming `location` when the file cannot be read.
    public init(hashing location: String, as path: String? = nil) throws {
        let digest = try FileDigest.sha256(path: location)
        self.init(path: path ?? location, sha256: digest.sha256, bytes: digest.byteCount)
    }
}

extension DataFileRecord {
    /// Hashes each file, recording paths relative to `base` when they lie under it (so that
    /// manifests written on different machines compare), in sorted order.
    public static func hashing(_ locations: [String], relativeTo base: String? = nil) throws -> [DataFileRecord] {
        let prefix = base.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        return try locations.map { location in
            let relative = prefix.flatMap { location.hasPrefix($0) ? String(location.dropFirst($0.count)) : nil }
            return try DataFileRecord(hashing: location, as: relative ?? location)
        }.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}

/// Whether the data a run read matched its `SHA256SUMS` (see `DataIntegrity`).
public struct DataVerificationRecord: Sendable, Hashable {
    /// True when every listed file was present with its listed digest.
    public var verified: Bool
    /// Whether the run was told to go ahead on data that failed verification.
    public var allowModifiedData: Bool
    /// Listed files that were missing or differed, relative to the data directory.
    public var modifiedOrMissing: [String]
    /// Every problem found, as printed (including those that name no file).
    public var problems: [String]
    /// The SHA-256 of `SHA256SUMS`; nil when it was missing.
    public var checksumsDigest: String?

    /// The record of `integrity`, noting whether the run was allowed to go ahead on modified data.
    public init(_ integrity: DataIntegrity, allowModifiedData: Bool) {
        verified = integrity.isVerified
        self.allowModifiedData = allowModifiedData
        modifiedOrMissing = integrity.modifiedOrMissing
        problems = integrity.problems.map(\.description)
        checksumsDigest = integrity.checksumsDigest
    }

    var json: JSONValue {
        .object([
            ("verified", .bool(verified)),
            ("allow_modified_data", .bool(allowModifiedData)),
            ("modified_or_missing", .array(modifiedOrMissing.map(JSONValue.string))),
            ("problems", .array(problems.map(JSONValue.string))),
            ("sha256sums_sha256", checksumsDigest.map(JSONValue.string) ?? .null),
        ])
    }
}

/// What a run was given: enough to run it again and get the same numbers.
///
/// `generated` is the only field that depends on the clock, and it is only set when the caller
/// passes a time; nothing else in a run's folder holds a time.
public struct RunManifest: Sendable {
    /// The configuration, as in the result.
    public var parameters: JSONValue
    /// Sorted by path.
    public var dataFiles: [DataFileRecord]
    /// `git describe --always --dirty` of the code the binary was built from, or `unknown`.
    public var codeVersion: String
    /// The seed of any randomness in the run; nil when the run used none.
    public var seed: UInt64?
    /// The command line that produced the folder.
    public var commandLine: [String]
    /// The run's first session; nil for an empty run.
    public var startDate: TradingDate?
    /// The run's last session; nil for an empty run.
    public var endDate: TradingDate?
    /// When the folder was written (ISO-8601, UTC), or nil to leave it out.
    public var generated: String?
    /// The data directory's verification against its `SHA256SUMS`; nil when not verified.
    public var data: DataVerificationRecord?
    /// How each VIX option expiry the run settled was valued; written with the count per source
    /// (all 0 when no VIX option was held to expiry).
    public var vixSettlements: [VIXSettlementRecord] = []
    /// The sessions of the run whose AM SPX and XSP settlements read Cboe's published SOQ
    /// rather than the SPX open (`MarketHistory.spxSOQ`); empty when the data has no table.
    public var publishedSOQDays: [TradingDate] = []

    /// A manifest from its fields, as described on the properties.
    public init(parameters: JSONValue, dataFiles: [DataFileRecord], codeVersion: String, seed: UInt64?,
                commandLine: [String], startDate: TradingDate?, endDate: TradingDate?, generated: String? = nil,
                data: DataVerificationRecord? = nil) {
        self.parameters = parameters
        self.dataFiles = dataFiles.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        self.codeVersion = codeVersion
        self.seed = seed
        self.commandLine = commandLine
        self.startDate = startDate
        self.endDate = endDate
        self.generated = generated
        self.data = data
    }

    /// The manifest of `result`: its parameters and dates, with the given inputs.
    public init(result: BacktestResult, dataFiles: [DataFileRecord], codeVersion: String, seed: UInt64?,
                commandLine: [String], generated: String? = nil, data: DataVerificationRecord? = nil) {
        self.init(parameters: result.parameters, dataFiles: dataFiles, codeVersion: codeVersion, seed: seed,
                  commandLine: commandLine, startDate: result.dateRange?.lowerBound,
                  endDate: result.dateRange?.upperBound, generated: generated, data: data)
    }

    /// The text of `manifest.json`. A seed above `Int.max` is written as a decimal string so
    /// that no digit is lost to a reader's floating point.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("parameters", parameters),
            ("data_files", .array(dataFiles.map {
                .object([("path", .string($0.path)), ("sha256", .string($0.sha256)), ("bytes", .integer($0.bytes))])
            })),
            ("code_version", .string(codeVersion)),
            ("seed", seed.map { $0 <= UInt64(Int.max) ? .integer(Int($0)) : .string(String($0)) } ?? .null),
            ("command_line", .array(commandLine.map(JSONValue.string))),
            ("start_date", startDate.map { .string($0.isoString) } ?? .null),
            ("end_date", endDate.map { .string($0.isoString) } ?? .null),
        ]
        if let data { pairs.append(("data", data.json)) }
        if let generated { pairs.append(("generated", .string(generated))) }
        do {
            let counts = SettlementValue.VIXSource.allCases.map { source in
                (source.rawValue, JSONValue.integer(vixSettlements.filter { $0.source == source }.count))
            }
            pairs.append(("spx_am_settlement", .object([
                ("rule", .string(publishedSOQDays.isEmpty ? "the SPX open (the data has no table of published SOQs)"
                    : "Cboe's published SOQ on the days listed by the table, the SPX open on any other day")),
                ("published_soq_days", .integer(publishedSOQDays.count)),
                ("first", publishedSOQDays.first.map { .string($0.isoString) } ?? .null),
                ("last", publishedSOQDays.last.map { .string($0.isoString) } ?? .null),
            ])))
            pairs.append(("vix_option_settlement", .object([
                ("counts", .object(counts)),
                ("expiries", .array(vixSettlements.map {
                    .object([("expiry", .string($0.expiry.isoString)), ("date", .string($0.date.isoString)),
                             ("source", .string($0.source.rawValue)), ("value", .number($0.value))])
                })),
            ])))
        }
        return .object(pairs)
    }

    /// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`, for `generated`.
    public static func timestampNow() -> String {
        var now = time(nil)
        var fields = tm()
        gmtime_r(&now, &fields)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(fields.tm_year + 1900, 4))-\(pad(fields.tm_mon + 1, 2))-\(pad(fields.tm_mday, 2))T"
            + "\(pad(fields.tm_hour, 2)):\(pad(fields.tm_min, 2)):\(pad(fields.tm_sec, 2))Z"
    }

    /// The version of the code this binary was built from: `git describe --always --dirty`
    /// of the package at build time, or `unknown` (see `BuildVersion`). It does not depend
    /// on the directory the binary runs in.
    public static func codeVersion() -> String {
        BuildVersion.codeVersion
    }
}

/// One VIX option expiry a run settled: when, at what value and from which source
/// (`SettlementValue.vixSettlement(day:settlementDate:lastVIX:)`).
public struct VIXSettlementRecord: Sendable, Hashable {
    /// The VIX option expiry.
    public var expiry: TradingDate
    /// The session it was settled on (the expiry itself as a rule).
    public var date: TradingDate
    /// Where the settlement value came from.
    public var source: SettlementValue.VIXSource
    /// The settlement value, VIX points.
    public var value: Double

    /// A record from its fields.
    public init(expiry: TradingDate, date: TradingDate, source: SettlementValue.VIXSource, value: Double) {
        self.expiry = expiry
        self.date = date
        self.source = source
        self.value = value
    }

    /// The VIX settlements in `result`'s trades, one per (settlement day, expiry), in date
    /// order, valued again from `history` as the run valued them.
    public static func settlements(in result: BacktestResult, history: MarketHistory) -> [VIXSettlementRecord] {
        var seen = Set<[Int32]>()
        var records: [VIXSettlementRecord] = []
        for trade in result.trades where trade.product == .vix && trade.reason == .settlement {
            guard seen.insert([trade.date.daysSinceEpoch, trade.expiry.daysSinceEpoch]).inserted,
                  let day = history.day(trade.date) else { continue }
            let settled = SettlementValue.vixSettlement(day: day, settlementDate: trade.expiry, lastVIX: nil)
            records.append(VIXSettlementRecord(expiry: trade.expiry, date: trade.date, source: settled.source,
                                               value: settled.value))
        }
        return records.sorted { ($0.date, $0.expiry) < ($1.date, $1.expiry) }
    }
}
