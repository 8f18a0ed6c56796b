import Foundation
import Pricing
import Tabular

/// Every real option chain under the data directory's `options/` folder, one entry per
/// (file, day, product), whatever its layout (PROVENANCE-2026-11-29 describes the files).
///
/// ## Discovery
/// ``discover(in:)`` walks `options/` and classifies each file by name and place: the long
/// form (one entry per day and product it holds; the raw downloads it was made from are
/// listed too, excluded as copies), CBOE quotedata downloads, the DataShop zip, the xlsx, the
/// lambdaclass folder, the iVolatility zip (one entry per day of the range its name gives),
/// the OCA file and the derived VIX slices. SPY files are listed as reference data; files
/// derived from another listed file (the pyql exports) and SPY-only derived sets are listed
/// in ``otherFiles`` with the reason they are not read. Discovery reads only names, except
/// the long form, whose days, products and source files are read once (its date, root and
/// source columns).
///
/// ## Sessions
/// From the name's tags: `GTH` overnight, `preopen` pre-open, `intraday` or an `HHMMET` time
/// inside the regular session intraday, `close` / `eod` / `afterhours` (after 16:15 ET and
/// before the 20:15 ET overnight open) close. An overnight or pre-open entry is dated on the
/// session whose morning it is, with its stated minute, not on the previous close its
/// "Last" belongs to.
///
/// ## Parsing
/// Lazily, once per file per process: ``snapshot(of:)`` parses the entry's file on first use
/// (a file of several days, in one pass). The backtest's ``RealChainLibrary`` is unaffected:
/// it still reads only the long form.
public struct RealChainCatalog: Sendable {
    /// The data directory the entries' files are relative to.
    public let directory: DataDirectory
    /// Every snapshot found, by date, then product, then file.
    public private(set) var entries: [RealChainEntry]
    /// Files under `options/` that are not read as snapshots, with the reason.
    public private(set) var otherFiles: [(file: String, reason: String)]
    private let loaders: [String: LazyChainFile]
    private let closes: LazyIndexCloses

    /// Finds every chain file under `directory`'s `options/` folder (none when it is absent).
    ///
    /// - Throws: ``SeriesInputError`` or `TabularError` when the long-form file cannot be
    ///   read (its days are needed to list it).
    public static func discover(in directory: DataDirectory, calendar: TradingCalendar = .nyse) throws -> RealChainCatalog {
        let root = directory.path + "/options"
        let closes = LazyIndexCloses(directory: directory)
        var entries: [RealChainEntry] = []
        var others: [(String, String)] = []
        var loaders: [String: LazyChainFile] = [:]
        let files = (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
            .filter { !Self.isDirectory(root + "/" + $0) }.sorted()

        var longFormSources: Set<String> = []
        if files.contains(where: { "options/" + $0 == ChainSnapshot.longFormRelativePath }) {
            let path = directory.path + "/" + ChainSnapshot.longFormRelativePath
            let index = try LongFormIndex(path: path)
            longFormSources = index.sources
            loaders[ChainSnapshot.longFormRelativePath] = LazyChainFile { try ChainSnapshot.loadLongFormSnapshots(path: path) }
            for (key, sources) in index.keys.sorted(by: { $0.key < $1.key }) {
                let session = sources.map { Self.sessionTags(of: $0, calendar: calendar) }
                    .min { $0.session.rank < $1.session.rank } ?? (.close, nil)
                entries.append(RealChainEntry(file: ChainSnapshot.longFormRelativePath, layout: .longForm, date: key.date,
                                              product: key.product, session: session.session, statedMinute: session.minute,
                                              exclusion: key.product == .spy ? "SPY options: reference only" : nil))
            }
        }

        for name in files {
            let relative = "options/" + name
            let path = directory.path + "/" + relative
            let base = (name as NSString).lastPathComponent
            let lower = base.lowercased()
            if relative == ChainSnapshot.longFormRelativePath || lower.hasSuffix(".md") || lower.hasPrefix(".")
                || lower.hasPrefix("sha256") { continue }
            let tags = sessionTags(of: name, calendar: calendar)
            let product = productOf(base)

            if lower.contains("pyql") {
                others.append((relative, "derived from the 2011-01-24 quotedata download (same quotes, a third party's vols)"))
            } else if relative == ChainSnapshot.optionsDXPutsRelativePath {
                others.append((relative, "SPY puts extracted by a third party (OptionsDX end of day, 2010-2023): validate quotes reads them as SPX-equivalent puts, no criterion"))
            } else if lower.hasSuffix(".xlsx") {
                guard let date = dateIn(name) else { others.append((relative, "no date in the name")); continue }
                loaders[relative] = LazyChainFile {
                    [try RealChainFile.load(path: path, quoteDate: date, product: (product ?? .spx).optionProduct,
                                            indexClose: try closes.close(of: .spx, on: date, file: relative), calendar: calendar)]
                }
                entries.append(RealChainEntry(file: relative, layout: .dataShopWorkbook, date: date, product: product ?? .spx,
                                              session: .close, statedMinute: nil, exclusion: nil))
            } else if lower.hasSuffix(".zip") && lower.contains("ivolatility") {
                let dates = datesIn(name)
                guard let first = dates.first, let last = dates.last else { others.append((relative, "no date range in the name")); continue }
                loaders[relative] = LazyChainFile {
                    let bytes = try ZipEntryReader.contents(ofEntry: [try Self.onlyCSVMember(path)], inArchiveAt: path)
                    return try ChainSnapshot.parseIVolatilityRawIV(name: path, contents: bytes, calendar: calendar)
                }
                for date in calendar.tradingDays(from: first, through: last) {
                    entries.append(RealChainEntry(file: relative, layout: .iVolatility, date: date, product: product ?? .spx,
                                                  session: .close, statedMinute: nil, exclusion: nil))
                }
            } else if lower.hasSuffix(".zip") {
                guard let date = dateIn(name) else { others.append((relative, "no date in the name")); continue }
                loaders[relative] = LazyChainFile {
                    try DataShopSnapshot.allCases.map { try ChainSnapshot.loadDataShopArchive(path: path, snapshot: $0, calendar: calendar) }
                }
                let chainProduct = product ?? .spx
                entries.append(RealChainEntry(file: relative, layout: .dataShopArchive, date: date, product: chainProduct,
                                              session: .close, statedMinute: nil, exclusion: nil))
                var at1545 = RealChainEntry(file: relative, layout: .dataShopArchive, date: date, product: chainProduct,
                                            session: .intraday, statedMinute: 15 * 60 + 45,
                                            exclusion: "DataShop's 15:45 quotes (the same file's end-of-day quotes are the closing entry)")
                at1545.dataShopSnapshot = .at1545
                entries.append(at1545)
            } else if name.hasPrefix("spx_2019_lambdaclass/") || lower.range(of: #"^spx_\d{8}\.csv"#, options: .regularExpression) != nil {
                guard let date = compactDateIn(base) else { others.append((relative, "no YYYYMMDD date in the name")); continue }
                loaders[relative] = LazyChainFile {
                    [try ChainSnapshot.parseLambdaclassDaily(name: path, contents: try SeriesInput.contents(of: path), calendar: calendar)]
                }
                entries.append(RealChainEntry(file: relative, layout: .lambdaclass, date: date, product: .spx,
                                              session: .dailyUnstamped, statedMinute: nil, exclusion: nil))
            } else if lower.contains("oca_resources") {
                guard let date = dateIn(name) else { others.append((relative, "no date in the name")); continue }
                loaders[relative] = LazyChainFile {
                    [try RealChainFile.load(path: path, quoteDate: date, product: (product ?? .spx).optionProduct,
                                            indexClose: try closes.close(of: .spx, on: date, file: relative), calendar: calendar)]
                }
                entries.append(RealChainEntry(file: relative, layout: .optionChainAnalytics, date: date, product: product ?? .spx,
                                              session: tags.session, statedMinute: tags.minute, exclusion: nil))
            } else if lower.contains("iv_derived") {
                guard let date = dateIn(name) else { others.append((relative, "no date in the name")); continue }
                loaders[relative] = LazyChainFile {
                    let spot = try? closes.close(of: .vix, on: date, file: relative)
                    return [try ChainSnapshot.parseImpliedVolSlices(name: path, contents: try SeriesInput.contents(of: path),
                                                                    underlyingLast: spot, calendar: calendar)]
                }
                entries.append(RealChainEntry(file: relative, layout: .impliedVolSlices, date: date, product: product ?? .vix,
                                              session: .unknown, statedMinute: nil,
                                              exclusion: "derived bid/ask vols at an unstated time: the smile's shape only"))
            } else if lower.contains("quotedata") || lower.hasSuffix(".dat") || lower.hasSuffix(".dat.gz") {
                guard let date = dateIn(name), let chainProduct = product else {
                    others.append((relative, "no date or product in the name")); continue
                }
                loaders[relative] = LazyChainFile { [try ChainSnapshot.loadQuotedata(path: path)] }
                var exclusion: String?
                if longFormSources.contains(name) { exclusion = "same quotes as the long-form file" }
                if exclusion == nil, lower.contains("partial") { exclusion = "a partial download (strike or expiry subsets)" }
                if chainProduct == .spy { exclusion = "SPY options: reference only" }
                entries.append(RealChainEntry(file: relative, layout: .quotedata, date: date, product: chainProduct,
                                              session: tags.session, statedMinute: tags.minute, exclusion: exclusion))
            } else {
                others.append((relative, "not a known option-chain file"))
            }
        }
        entries.sort { ($0.date, $0.product.rawValue, $0.file, $0.session.rank) < ($1.date, $1.product.rawValue, $1.file, $1.session.rank) }
        return RealChainCatalog(directory: directory, entries: entries, otherFiles: others, loaders: loaders, closes: closes)
    }

    private init(directory: DataDirectory, entries: [RealChainEntry], otherFiles: [(file: String, reason: String)],
                 loaders: [String: LazyChainFile], closes: LazyIndexCloses) {
        self.directory = directory
        self.entries = entries
        self.otherFiles = otherFiles
        self.loaders = loaders
        self.closes = closes
    }

    /// The entries of `date` (all products when `product` is nil).
    public func entries(on date: TradingDate, product: ChainProduct? = nil) -> [RealChainEntry] {
        entries.filter { $0.date == date && (product == nil || $0.product == product) }
    }

    /// The entry's snapshot, parsed now if its file has not been. An overnight or pre-open
    /// snapshot is dated on the entry's day at its stated minute.
    ///
    /// - Throws: ``RealChainFileError`` naming the file (and the row and column, for a bad
    ///   field) when it cannot be parsed or lacks the entry's day.
    public func snapshot(of entry: RealChainEntry) throws(RealChainFileError) -> ChainSnapshot {
        guard let loader = loaders[entry.file] else {
            throw RealChainFileError(path: entry.file, reason: "not a file of this catalogue")
        }
        let all = try loader.snapshots(describing: path(of: entry))
        let matches: [ChainSnapshot]
        switch entry.layout {
        case .quotedata, .lambdaclass, .optionChainAnalytics, .dataShopWorkbook, .impliedVolSlices:
            matches = Array(all.prefix(1))
        case .dataShopArchive:
            let minute = entry.dataShopSnapshot == .at1545 ? 15 * 60 + 45 : nil
            matches = all.filter { minute == nil ? $0.quoteMinute != 15 * 60 + 45 : $0.quoteMinute == minute }
        case .longForm, .iVolatility:
            matches = all.filter { $0.quoteDate == entry.date && $0.product == entry.product }
        }
        guard var snapshot = matches.first else {
            throw RealChainFileError(path: entry.file, reason: "holds no \(entry.product.rawValue) quotes of \(entry.date)")
        }
        if entry.session == .overnight || entry.session == .preOpen, let minute = entry.statedMinute {
            snapshot.quoteDate = entry.date
            snapshot.quoteMinute = minute
        }
        return snapshot
    }

    /// The path of the entry's file.
    public func path(of entry: RealChainEntry) -> String {
        directory.path + "/" + entry.file
    }

    /// The entry parsed and judged: rows, expiries, full or partial, and why it is not a
    /// closing, full snapshot (nil when it is). The error, when the file cannot be parsed,
    /// is said without the file's name (the row, column and reason), for a caller that names
    /// the entry itself.
    public func summary(of entry: RealChainEntry) -> (summary: RealChainSummary?, error: String?) {
        let snapshot: ChainSnapshot
        do { snapshot = try self.snapshot(of: entry) } catch { return (nil, errorText(error, within: path(of: entry))) }
        let full = snapshot.hasFullThirtyDayExpiry
        return (RealChainSummary(rows: snapshot.count, expiries: snapshot.expirationDates.count,
                                 underlying: snapshot.underlyingLast, isFull: full,
                                 unusableReason: unusableReason(of: entry, snapshot: snapshot, isFull: full)), nil)
    }

    /// The closing, full SPX, XSP and VIX snapshots, for validation against the model: the
    /// entries with no exclusion, a close (or a daily file with no stated time whose
    /// underlying is the day's close), and an expiry 20-45 days out with strikes both sides.
    /// Entries that fail to parse are returned apart.
    public func closingFullSnapshots() -> (snapshots: [(entry: RealChainEntry, snapshot: ChainSnapshot)], failures: [(entry: RealChainEntry, error: String)]) {
        var snapshots: [(RealChainEntry, ChainSnapshot)] = []
        var failures: [(RealChainEntry, String)] = []
        // Files that cannot be closes by their name are not parsed.
        for entry in entries where entry.product.optionProduct != nil && Self.reasonFromName(entry) == nil {
            do {
                let snapshot = try self.snapshot(of: entry)
                if unusableReason(of: entry, snapshot: snapshot, isFull: snapshot.hasFullThirtyDayExpiry) == nil {
                    snapshots.append((entry, snapshot))
                }
            } catch {
                failures.append((entry, "\(error)"))
            }
        }
        return (snapshots, failures)
    }

    /// Why `entry` is not a closing, full snapshot (nil when it is): the reason its name and
    /// place give, else the quote time its content shows, else partial.
    func unusableReason(of entry: RealChainEntry, snapshot: ChainSnapshot, isFull: Bool) -> String? {
        Self.reasonFromName(entry) ?? sessionQuoteReason(of: entry, snapshot: snapshot)
            ?? (isFull ? nil : "partial: no expiry 20-45 days out with strikes both sides")
    }

    /// Why `entry` cannot be a closing snapshot whatever it holds (its exclusion, or a session
    /// that is not the close); nil when its content decides.
    static func reasonFromName(_ entry: RealChainEntry) -> String? {
        if let exclusion = entry.exclusion { return exclusion }
        switch entry.session {
        case .close, .dailyUnstamped: return nil
        case .intraday: return "intraday quotes"
        case .overnight: return "overnight quotes against a stale underlying (\"Last\" is the previous close)"
        case .preOpen: return "pre-open quotes against a stale underlying"
        case .unknown: return "quote time not stated"
        }
    }

    /// Why a daily file that states no time holds session quotes, not closing ones (nil when
    /// it can stand for the close, and for every entry whose time is stated). Its underlying
    /// must be the day's SPX close to within a cent; the 2019 vendor files that fail this
    /// hold an underlying from inside the day's range and Cboe's VIX of that moment, not of
    /// the close (docs/quotes-held-to-the-market.md, "The 2019 vendor files").
    func sessionQuoteReason(of entry: RealChainEntry, snapshot: ChainSnapshot) -> String? {
        guard entry.session == .dailyUnstamped else { return nil }
        let close: Double
        do { close = try closes.close(of: .spx, on: entry.date, file: entry.file) } catch {
            return "quote time not stated, and no SPX close to check it against (\(error))"
        }
        guard abs(snapshot.underlyingLast - close) > Self.closeTolerance else { return nil }
        return "intraday quotes: the underlying \(snapshot.underlyingLast) is not the day's close \(close)"
    }

    /// How near an unstamped file's underlying must be to the day's close (index points):
    /// the files round it to the cent.
    static let closeTolerance = 0.011

    // MARK: Names

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// The product a file's name starts with (`spx_`, `xsp_`, `vix_`, `spy_`; also in its folder).
    static func productOf(_ base: String) -> ChainProduct? {
        let prefix = base.lowercased().prefix { $0.isLetter }
        return ChainProduct(rawValue: prefix.uppercased())
    }

    /// The first `YYYY-MM-DD` in `name` (file name first, then its folders).
    static func dateIn(_ name: String) -> TradingDate? {
        let base = (name as NSString).lastPathComponent
        return datesIn(base).first ?? datesIn(name).first
    }

    /// Every `YYYY-MM-DD` in `text`, in order.
    static func datesIn(_ text: String) -> [TradingDate] {
        var dates: [TradingDate] = []
        var rest = text[...]
        while let range = rest.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) {
            if let date = TradingDate(iso: rest[range]) { dates.append(date) }
            rest = rest[range.upperBound...]
        }
        return dates
    }

    /// The `YYYYMMDD` of a name such as `SPX_20190425.csv.gz`.
    static func compactDateIn(_ base: String) -> TradingDate? {
        guard let range = base.range(of: #"\d{8}"#, options: .regularExpression) else { return nil }
        let digits = base[range]
        guard let value = Int(digits) else { return nil }
        return TradingDate(year: value / 10_000, month: value / 100 % 100, day: value % 100)
    }

    /// The session and stated minute from a name's tags (see the type's documentation).
    static func sessionTags(of name: String, calendar: TradingCalendar) -> (session: QuoteSession, minute: Int?) {
        let lower = name.lowercased()
        var minute: Int?
        if let range = lower.range(of: #"_\d{4}et_"#, options: .regularExpression) {
            let digits = lower[range].dropFirst().prefix(4)
            if let value = Int(digits), value / 100 < 24, value % 100 < 60 { minute = value / 100 * 60 + value % 100 }
        }
        if lower.contains("_gth") { return (.overnight, minute) }
        if lower.contains("preopen") || lower.contains("pre-open") { return (.preOpen, minute) }
        if lower.contains("intraday") { return (.intraday, minute) }
        if let minute, minute >= NYSERules.openMinute, minute < NYSERules.regularCloseMinute { return (.intraday, minute) }
        return (.close, minute)
    }

    /// The single CSV member of an archive (macOS resource forks under `__MACOSX/` ignored).
    static func onlyCSVMember(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZipEntryError(archive: path, entry: nil, reason: "cannot be read")
        }
        let members = try ZipEntryReader.memberPaths(inArchive: [UInt8](data), name: path)
            .filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix("__MACOSX/") }
        guard members.count == 1 else {
            throw ZipEntryError(archive: path, entry: nil, reason: "expected one CSV member, found \(members.count)")
        }
        return members[0]
    }
}

extension QuoteSession {
    /// Preference when one file or day has several: a close first.
    var rank: Int { QuoteSession.allCases.firstIndex(of: self)! }
}

/// The days, products and source files of the long-form file, read from three columns.
private struct LongFormIndex {
    struct Key: Hashable, Comparable {
        var date: TradingDate
        var product: ChainProduct
        static func < (a: Key, b: Key) -> Bool { (a.date, a.product.rawValue) < (b.date, b.product.rawValue) }
    }

    var keys: [Key: Set<String>] = [:]
    var sources: Set<String> = []

    init(path: String) throws {
        let file = try CSVFile(name: path, contents: try SeriesInput.contents(of: path))
        let date = try file.column("quote_date")
        let root = try file.column("root")
        let source = file.columnIfPresent("source_file")
        for row in file.rows {
            let day = try row.value(date, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) }
            let chainRoot = try row.value(root, expected: "an option root (SPX, SPXW, XSP, VIX, SPY, ...)") { ChainRoot(code: $0) }
            let name = try source.map { try row.string($0) } ?? ""
            keys[Key(date: day, product: chainRoot.product), default: []].insert(name)
            if !name.isEmpty { sources.insert(name) }
        }
    }
}

extension ChainSnapshot {
    /// Every snapshot of the long-form file at `path`, SPY included.
    static func loadLongFormSnapshots(path: String) throws -> [ChainSnapshot] {
        let bytes = try SeriesInput.contents(of: path)
        let traded = try parseLongFormSnapshots(name: path, contents: bytes)
        var spy: [ChainSnapshot] = []
        let days = Set(try RealChainLibrary.longFormSPYDays(name: path, contents: bytes))
        for day in days.sorted() {
            spy.append(try parseLongForm(name: path, contents: bytes, quoteDate: day, product: .spy))
        }
        return traded + spy
    }
}

extension RealChainLibrary {
    /// The quote dates of the long form's SPY rows.
    static func longFormSPYDays(name: String, contents: [UInt8]) throws(TabularError) -> [TradingDate] {
        let file = try CSVFile(name: name, contents: contents)
        let date = try file.column("quote_date")
        let root = try file.column("root")
        var days = Set<TradingDate>()
        for row in file.rows {
            let chainRoot = try row.value(root, expected: "an option root") { ChainRoot(code: $0) }
            guard chainRoot == .spy else { continue }
            days.insert(try row.value(date, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) })
        }
        return days.sorted()
    }
}

/// A file's snapshots, parsed on first use and kept (or the error that stopped the parse).
final class LazyChainFile: @unchecked Sendable {
    private let load: @Sendable () throws -> [ChainSnapshot]
    private var result: Result<[ChainSnapshot], RealChainFileError>?
    private let lock = NSLock()

    init(_ load: @escaping @Sendable () throws -> [ChainSnapshot]) {
        self.load = load
    }

    func snapshots(describing path: String) throws(RealChainFileError) -> [ChainSnapshot] {
        lock.lock()
        defer { lock.unlock() }
        if result == nil {
            do {
                result = .success(try load())
            } catch {
                result = .failure(RealChainFileError(path: path, reading: error))
            }
        }
        return try result!.get()
    }
}

/// The SPX and VIX closes of `index/spx_daily_clean.csv` and `index/vix_daily_clean.csv`,
/// read on first use: the underlying of the layouts that state none.
final class LazyIndexCloses: @unchecked Sendable {
    private let directory: DataDirectory
    private var closes: [ChainProduct: [TradingDate: Double]] = [:]
    private let lock = NSLock()

    init(directory: DataDirectory) {
        self.directory = directory
    }

    func close(of product: ChainProduct, on date: TradingDate, file: String) throws -> Double {
        lock.lock()
        defer { lock.unlock() }
        let name: String
        switch product {
        case .spx: name = "index/spx_daily_clean.csv"
        case .vix: name = "index/vix_daily_clean.csv"
        default: throw RealChainFileError(path: file, reason: "no index close known for \(product.rawValue)")
        }
        if closes[product] == nil {
            let csv = try CSVFile(path: directory.path + "/" + name)
            let dateColumn = try csv.column("date")
            let closeColumn = try csv.column("close")
            var table: [TradingDate: Double] = [:]
            for row in csv.rows {
                let day = try row.value(dateColumn, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) }
                table[day] = try row.double(closeColumn)
            }
            closes[product] = table
        }
        guard let close = closes[product]![date] else {
            throw RealChainFileError(path: file, reason: "\(name) has no close on \(date) to stand for the underlying the file lacks")
        }
        return close
    }
}
