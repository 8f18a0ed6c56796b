import Foundation

/// The market-data directory: where it is, and which files it holds.
///
/// The directory is read-only input. Its layout is the one described in its `PROVENANCE.md`;
/// every file the system reads is named by a ``DataFile`` case, so a path is never spelled twice.
public struct DataDirectory: Sendable, Hashable, CustomStringConvertible {
    /// The directory's absolute, standardized path.
    public let path: String

    /// The environment variable consulted when no explicit directory is given.
    public static let environmentVariable = "SPX30DTE_DATA"

    /// The project's own copy of the data, relative to the current directory: the README's
    /// commands run from the repository root, where `data/` is checked in.
    public static let projectRelativePath = "data"

    /// The directory tried last, relative to the current directory: the shared data folder
    /// next to the checkout.
    public static let conventionalRelativePath = "../shared/data"

    /// Wraps `path` as a data directory, failing unless it names an existing directory.
    /// A relative path is taken relative to `currentDirectory`.
    public init(
        path: String,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(DataDirectoryError) {
        let absolute = Self.absolutePath(path, relativeTo: currentDirectory)
        guard Self.isDirectory(absolute) else {
            throw DataDirectoryError(tried: [.init(source: .explicit, path: absolute, problem: Self.problem(at: absolute))])
        }
        self.path = absolute
    }

    private init(validatedPath: String) { path = validatedPath }

    /// Finds the data directory by the project's rule, first match wins:
    ///
    /// 1. `explicit` (the value of a `--data DIR` option), when given; it must exist, and
    ///    nothing else is tried when it does not, because a mistyped option must not silently
    ///    fall back to other data;
    /// 2. the environment variable `SPX30DTE_DATA`, when set and non-empty (same rule);
    /// 3. the project's own `data/` relative to `currentDirectory`, when it exists;
    /// 4. `../shared/data` relative to `currentDirectory`, when it exists.
    ///
    /// - Throws: ``DataDirectoryError`` naming every location tried and why each failed.
    public static func resolve(
        explicit: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(DataDirectoryError) -> DataDirectory {
        var tried: [DataDirectoryError.Attempt] = []
        let candidates: [(DataDirectoryError.Source, String?, Bool)] = [
            (.explicit, explicit, true),
            (.environment, environment[environmentVariable], true),
            (.project, projectRelativePath, false),
            (.conventional, conventionalRelativePath, false),
        ]
        for (source, value, isFinal) in candidates {
            guard let value, !value.isEmpty else {
                tried.append(.init(source: source, path: nil, problem: "not given"))
                continue
            }
            let absolute = absolutePath(value, relativeTo: currentDirectory)
            if isDirectory(absolute) { return DataDirectory(validatedPath: absolute) }
            tried.append(.init(source: source, path: absolute, problem: problem(at: absolute)))
            if isFinal { break }
        }
        throw DataDirectoryError(tried: tried)
    }

    /// The absolute path of `file` inside this directory (whether or not it exists).
    public func path(of file: DataFile) -> String { path + "/" + file.relativePath }

    /// Whether `file` exists in this directory as a regular file.
    public func contains(_ file: DataFile) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path(of: file), isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    public var description: String { path }

    // MARK: - Path helpers

    static func absolutePath(_ path: String, relativeTo base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : base + "/" + expanded
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func problem(at path: String) -> String {
        FileManager.default.fileExists(atPath: path) ? "is not a directory" : "does not exist"
    }
}

/// No data directory could be found; lists each location tried, in order.
public struct DataDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where a candidate location came from.
    public enum Source: String, Sendable, Equatable {
        case explicit = "--data option"
        case environment = "environment variable SPX30DTE_DATA"
        case project = "the project's data/ relative to the current directory"
        case conventional = "../shared/data relative to the current directory"
    }

    /// One location tried and why it was not used.
    public struct Attempt: Sendable, Equatable {
        public var source: Source
        /// The absolute path tried; nil when the source gave no value.
        public var path: String?
        public var problem: String
    }

    public var tried: [Attempt]

    public var description: String {
        let lines = tried.map { attempt in
            "  - \(attempt.source.rawValue): " + (attempt.path.map { "\($0) \(attempt.problem)" } ?? attempt.problem)
        }
        return "no market-data directory found; tried:\n" + lines.joined(separator: "\n")
            + "\nRun from the repository root (it holds data/), give one with --data DIR or set "
            + "\(DataDirectory.environmentVariable)."
    }
}

/// A file of the market-data directory, by role. The raw value is its path inside the directory.
public enum DataFile: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    // SPX.
    case spxDaily = "index/spx_daily_clean.csv"
    case spxYahooRaw = "index/spx_GSPC_yahoo_daily_raw.csv.gz"
    case spxCrossCheckYahoo = "crosscheck/arch_sp500_1999_2018_yahoo.csv.gz"
    // CBOE indices as published (DATE,OPEN,HIGH,LOW,CLOSE or DATE,<NAME>).
    case vixCBOE = "index/VIX_History.csv"
    case vix9dCBOE = "index/VIX9D_History.csv"
    case vix3mCBOE = "index/VIX3M_History.csv"
    case skewCBOE = "index/SKEW_History.csv"
    case vvixCBOE = "index/VVIX_History.csv"
    // The same indices cleaned (ISO dates; known bad VIX opens blank; spx_session flag).
    case vixDaily = "index/vix_daily_clean.csv"
    case vix9dDaily = "index/vix9d_daily_clean.csv"
    case vix3mDaily = "index/vix3m_daily_clean.csv"
    case skewDaily = "index/skew_daily_clean.csv"
    case vvixDaily = "index/vvix_daily_clean.csv"
    // Rates and dividends.
    case treasuryBillFRED = "rates/DTB3_fred_raw.csv"
    case treasuryBillDaily = "rates/dtb3_daily_clean.csv"
    case shillerMonthlyRaw = "dividends/shiller_sp500_monthly_raw.csv"
    case dividendYieldMonthly = "dividends/sp500_dividend_yield_monthly_clean.csv"
    // VIX futures.
    case vixFuturesDaily = "vix_futures/vx_futures_daily_clean.csv.gz"
    case vixFuturesFront3 = "vix_futures/vx_term_structure_front3_daily_clean.csv"
    // Integrity.
    case checksums = "SHA256SUMS"

    /// The file's path inside the data directory.
    public var relativePath: String { rawValue }

    /// Whether the file is gzip-compressed.
    public var isCompressed: Bool { rawValue.hasSuffix(".gz") }

    /// The files ``MarketHistory`` is built from.
    public static let historyInputs: [DataFile] = [
        .spxDaily, .vixDaily, .vix9dDaily, .vix3mDaily, .vvixDaily, .skewDaily,
        .treasuryBillFRED, .dividendYieldMonthly, .vixFuturesDaily,
    ]

    /// The name of the series the file holds, for reports.
    public var seriesName: String {
        switch self {
        case .spxDaily, .spxYahooRaw, .spxCrossCheckYahoo: "SPX"
        case .vixCBOE, .vixDaily: "VIX"
        case .vix9dCBOE, .vix9dDaily: "VIX9D"
        case .vix3mCBOE, .vix3mDaily: "VIX3M"
        case .skewCBOE, .skewDaily: "SKEW"
        case .vvixCBOE, .vvixDaily: "VVIX"
        case .treasuryBillFRED, .treasuryBillDaily: "DTB3"
        case .shillerMonthlyRaw, .dividendYieldMonthly: "DIV"
        case .vixFuturesDaily, .vixFuturesFront3: "VX"
        case .checksums: "SHA256SUMS"
        }
    }

    public var description: String { rawValue }
}
