import Foundation
import Pricing
import Tabular

/// The real chain snapshots a ``ChainBuilder`` uses instead of synthesized quotes, at most
/// one per (quote date, product).
///
/// ## Discovery
/// ``discover(in:)`` reads the data directory's long-form file
/// (``ChainSnapshot/longFormRelativePath``), which holds every CBOE end-of-day export of the
/// data folder parsed to one row per option: SPX on 2020-03-20, 2023-09-14, 2023-12-08
/// (expiries to 2023-12-29 only) and 2025-10-01 (after-hours, a few long-dated expiries with
/// strike subsets), and XSP on 2023-09-14. SPY rows are reference data and are skipped. The
/// raw quotedata files are the same quotes and are not read again; the 2011-01-24 file is an
/// intraday snapshot (14:03), not the close the backtest decides on, and is not used.
/// A user's own file (a CBOE quotedata download, the long form or a CBOE DataShop
/// end-of-day file) is read by ``RealChainFile/load(path:quoteDate:product:)`` and added
/// with ``add(_:)``.
///
/// ## How real quotes enter a chain
/// Bids and asks are kept as published (zero bids, locked and crossed quotes included: the
/// fill model refuses them); mid = (bid + ask) / 2; iv = the mid's implied vol
/// (``ImpliedVolatility``, with the day's rate and dividend yield; NaN when the mid has
/// none, e.g. an empty quote); greeks from the kernel at that iv, or, where the mid has no
/// implied vol, at the day's surface vol so that position greeks stay finite. The real
/// expiries are the snapshot's, whether or not the listing rules know them; a root and
/// settlement that the rules list too is given the listing's ``ListedExpiry``, so positions
/// opened on synthesized days find their expiry.
public struct RealChainLibrary: Sendable {
    /// A snapshot's day and product.
    public struct Key: Hashable, Sendable, Comparable, CustomStringConvertible {
        public var date: TradingDate
        public var product: OptionProduct

        public init(date: TradingDate, product: OptionProduct) {
            self.date = date
            self.product = product
        }

        public static func < (a: Key, b: Key) -> Bool {
            a.date != b.date ? a.date < b.date : a.product.rawValue < b.product.rawValue
        }

        public var description: String { "\(product.rawValue) \(date)" }
    }

    private var snapshots: [Key: ChainSnapshot] = [:]
    /// Snapshots indexed in a file but not parsed yet: parsed, all of that file in one pass,
    /// the first time any of them is asked for.
    private var indexed: [Key: IndexedSnapshotFile] = [:]

    /// A library holding `snapshots` (later ones replace earlier ones of the same key).
    public init(_ snapshots: [ChainSnapshot] = []) {
        for snapshot in snapshots { try? add(snapshot) }
    }

    /// The days and products held, in date order.
    public var keys: [Key] { Set(snapshots.keys).union(indexed.keys).sorted() }

    public var isEmpty: Bool { snapshots.isEmpty && indexed.isEmpty }

    /// Whether a snapshot of `product` on `date` is held (parsed or not).
    public func contains(date: TradingDate, product: OptionProduct) -> Bool {
        let key = Key(date: date, product: product)
        return snapshots[key] != nil || indexed[key] != nil
    }

    /// The snapshot of `product` on `date`, if held; an indexed one is parsed now.
    ///
    /// - Throws: ``RealChainFileError`` naming the file (and its row and column) when the
    ///   indexed file cannot be parsed.
    public func snapshot(on date: TradingDate, product: OptionProduct) throws(RealChainFileError) -> ChainSnapshot? {
        let key = Key(date: date, product: product)
        if let snapshot = snapshots[key] { return snapshot }
        guard let file = indexed[key] else { return nil }
        return try file.snapshot(key)
    }

    /// Adds `snapshot`, replacing any of the same day and product.
    ///
    /// - Throws: ``RealChainFileError`` for a snapshot of a product the strategy does not
    ///   trade (SPY).
    public mutating func add(_ snapshot: ChainSnapshot) throws(RealChainFileError) {
        guard let product = snapshot.product.optionProduct else {
            throw RealChainFileError(path: snapshot.source, reason: "\(snapshot.product.rawValue) options are reference data, not a product the strategy trades")
        }
        let key = Key(date: snapshot.quoteDate, product: product)
        snapshots[key] = snapshot
        indexed[key] = nil
    }

    /// The snapshots of the data directory's long-form file (see the type's documentation);
    /// an empty library when the file is absent. With `only`, just that day and product is
    /// parsed (when the file has it), which is what a one-day command needs.
    ///
    /// - Throws: ``SeriesInputError`` when the file exists but cannot be read, `TabularError`
    ///   for a malformed row.
    public static func discover(in directory: DataDirectory, only: Key? = nil) throws -> RealChainLibrary {
        let path = directory.path + "/" + ChainSnapshot.longFormRelativePath
        guard FileManager.default.fileExists(atPath: path) else { return RealChainLibrary() }
        let bytes = try SeriesInput.contents(of: path)
        var library = RealChainLibrary()
        if let only {
            guard try longFormKeys(name: path, contents: bytes).contains(only) else { return library }
            let product = ChainProduct(rawValue: only.product.rawValue)!
            try library.add(try ChainSnapshot.parseLongForm(name: path, contents: bytes, quoteDate: only.date, product: product))
            return library
        }
        // Indexed now (the days and products it holds); parsed when a run first needs one.
        let file = IndexedSnapshotFile(name: path, contents: bytes)
        for key in try longFormKeys(name: path, contents: bytes) { library.indexed[key] = file }
        return library
    }

    /// The (quote date, traded product) pairs of a long-form file.
    static func longFormKeys(name: String, contents: [UInt8]) throws(TabularError) -> [Key] {
        let file = try CSVFile(name: name, contents: contents)
        let dateColumn = try file.column("quote_date")
        let rootColumn = try file.column("root")
        var keys = Set<Key>()
        for row in file.rows {
            let date = try row.value(dateColumn, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) }
            let root = try row.value(rootColumn, expected: "an option root (SPX, SPXW, XSP, VIX, SPY, ...)") { ChainRoot(code: $0) }
            if let product = root.product.optionProduct { keys.insert(Key(date: date, product: product)) }
        }
        return keys.sorted()
    }
}

/// A long-form file whose days and products are known but whose rows are parsed only when
/// one of its snapshots is first asked for (then all of them, in one pass, once per process).
final class IndexedSnapshotFile: @unchecked Sendable {
    let name: String
    private var contents: [UInt8]
    private var parsed: Result<[RealChainLibrary.Key: ChainSnapshot], RealChainFileError>?
    private let lock = NSLock()

    init(name: String, contents: [UInt8]) {
        self.name = name
        self.contents = contents
    }

    func snapshot(_ key: RealChainLibrary.Key) throws(RealChainFileError) -> ChainSnapshot? {
        lock.lock()
        defer { lock.unlock() }
        if parsed == nil {
            do {
                var byKey: [RealChainLibrary.Key: ChainSnapshot] = [:]
                for snapshot in try ChainSnapshot.parseLongFormSnapshots(name: name, contents: contents) {
                    guard let product = snapshot.product.optionProduct else { continue }
                    byKey[RealChainLibrary.Key(date: snapshot.quoteDate, product: product)] = snapshot
                }
                parsed = .success(byKey)
            } catch {
                parsed = .failure(RealChainFileError(path: name, reading: error))
            }
            contents = []
        }
        return try parsed!.get()[key]
    }
}

/// The rows of one expiry of a real snapshot, puts first, each type by ascending strike.
struct RealExpiryRows {
    var timeToExpiry: Double
    var rows: [Int]
}

extension ChainSnapshot {
    /// The snapshot's quotes grouped by expiry. An expiry is identified by root, settlement
    /// date and settlement time; when `listed` has the same one it is used, otherwise one is
    /// made from the snapshot (real data wins over the listing rules).
    func expiryRows(listed: [ListedExpiry], calendar: TradingCalendar) -> [ListedExpiry: RealExpiryRows] {
        struct SeriesKey: Hashable {
            var root: OptionRoot
            var date: TradingDate
            var minute: Int
        }
        var listedByKey: [SeriesKey: ListedExpiry] = [:]
        for expiry in listed {
            listedByKey[SeriesKey(root: expiry.root, date: expiry.settlementDate, minute: expiry.settlementMinute)] = expiry
        }
        var groups: [SeriesKey: (expiry: ListedExpiry, rows: [Int])] = [:]
        for i in 0..<count {
            guard let root = roots[i].optionRoot, let optionProduct = product.optionProduct else { continue }
            let settlement = settlementDate(at: i, calendar: calendar)
            let key = SeriesKey(root: root, date: settlement, minute: settlementMinute(at: i, calendar: calendar))
            if groups[key] == nil {
                let expiry = listedByKey[key] ?? ListedExpiry(
                    product: optionProduct, root: root, cycle: Self.cycle(root: root, settlement: settlement, style: settlementStyles[i]),
                    style: settlementStyles[i], expirationDate: expirations[i], settlementDate: settlement,
                    settlementMinute: key.minute,
                    lastTradingDate: settlementStyles[i] == .am ? calendar.previousTradingDay(before: settlement) : settlement)
                groups[key] = (expiry, [])
            }
            groups[key]!.rows.append(i)
        }
        var result: [ListedExpiry: RealExpiryRows] = [:]
        for (_, group) in groups {
            let rows = group.rows.sorted { a, b in
                let typeA = types[a] == .call ? 1 : 0, typeB = types[b] == .call ? 1 : 0
                return typeA != typeB ? typeA < typeB : strikes[a] < strikes[b]
            }
            // One quote per (type, strike): should a file repeat one, the first is kept.
            var unique: [Int] = []
            unique.reserveCapacity(rows.count)
            for row in rows {
                if let last = unique.last, types[last] == types[row], strikes[last] == strikes[row] { continue }
                unique.append(row)
            }
            result[group.expiry] = RealExpiryRows(timeToExpiry: yearsToSettlement(at: rows[0], calendar: calendar), rows: unique)
        }
        return result
    }

    /// The expiration cycle of a real series the listing rules do not list.
    private static func cycle(root: OptionRoot, settlement: TradingDate, style: SettlementStyle) -> ExpiryCycle {
        switch root {
        case .vix: return .vixMonthly
        case .spx: return .standardMonthly
        case .xsp: return style == .am || ChainRoot.isStandardMonthly(settlement) ? .standardMonthly : .weekly
        case .spxw: return ChainRoot.isStandardMonthly(settlement) ? .thirdFridayPM : .weekly
        }
    }
}

/// A real chain file could not be used.
public struct RealChainFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

extension RealChainFileError: FileLocatedError {
    public var file: String { path }
    public var withinFile: String { reason }

    /// `error`, raised while reading the file at `path`, as this type: itself when it is one
    /// already, else wrapped with the reader's row, column and reason (the file named once).
    init(path: String, reading error: any Error) {
        if let error = error as? RealChainFileError {
            self = error
        } else {
            self.init(path: path, reason: errorText(error, within: path))
        }
    }
}

/// Reading a user's real chain file in any of the layouts the project knows, told apart by
/// their header: CBOE's quotedata download (a header row starting `Expiration Date` after
/// two title lines), the project's long form (`quote_date`, `underlying_last`, `root`, ...),
/// CBOE DataShop's end-of-day layout (`underlying_symbol`, `bid_1545`, ...; also as DataShop
/// ships it; any layout's file may come in a `.zip`), the lambdaclass daily layout (`optionroot`,
/// `underlying_last`, ...) and iVolatility's RawIV (`option_symbol`, `stock_price_close`, ...).
/// Two layouts state no underlying: the OptionChainAnalytics resources (`optiontype`,
/// `exchange_time`, ...: quotes at 16:00) and a DataShop extract saved as an `.xlsx` workbook
/// (its end-of-day quotes). For them the caller passes the day's S&P 500 close, which stands
/// for the underlying, as ``RealChainCatalog`` does with the data folder's closes.
public enum RealChainFile {
    /// The layouts.
    public enum Layout: String, Sendable {
        case quotedata
        case longForm = "long form"
        case dataShop = "DataShop"
        case lambdaclass
        case iVolatility = "iVolatility RawIV"
        case optionChainAnalytics = "OCA resources"
    }

    /// Reads the snapshot of `product` on `quoteDate` from the file at `path`
    /// (gzip-compressed when the name ends in `.gz`).
    ///
    /// `quoteDate` and `product` select rows in the long form and DataShop layouts (nil: the
    /// first row's, for DataShop; the long form needs both). A quotedata file holds one day
    /// and one product: its own (from the download time and the title line) must match them
    /// when they are given.
    ///
    /// `indexClose` is the S&P 500 close of `quoteDate` (index points), the underlying of the
    /// two layouts that state none (a tenth of it for XSP series); the other layouts ignore it.
    /// `calendar` dates those two layouts' quotes (their close minute).
    ///
    /// - Throws: ``RealChainFileError`` when the layout is unknown, the file holds another
    ///   day or product, or a layout without an underlying comes without `quoteDate` and
    ///   `indexClose`; ``SeriesInputError`` or ``ZipEntryError`` when it cannot be read,
    ///   `TabularError` for a malformed row (file, row and column named).
    public static func load(path: String, quoteDate: TradingDate?, product: OptionProduct?,
                            indexClose: Double? = nil, calendar: TradingCalendar = .nyse) throws -> ChainSnapshot {
        let chainProduct = product.flatMap { ChainProduct(rawValue: $0.rawValue) }
        func underlying(_ layout: String) throws(RealChainFileError) -> Double {
            guard quoteDate != nil, let indexClose, indexClose > 0, indexClose.isFinite else {
                throw RealChainFileError(path: path, reason: "the \(layout) layout states no underlying: name the quote date, whose S&P 500 close stands for it")
            }
            return indexClose
        }
        // XSP is a tenth of the index: a file of XSP series takes a tenth of the close.
        func scaled(_ snapshot: ChainSnapshot) -> ChainSnapshot {
            var snapshot = snapshot
            snapshot.underlyingLast *= snapshot.product.optionProduct?.indexScale ?? 1
            return snapshot
        }
        if path.lowercased().hasSuffix(".xlsx") {
            let close = try underlying("DataShop xlsx")
            let snapshot = scaled(try ChainSnapshot.loadDataShopWorkbook(path: path, underlyingLast: close, calendar: calendar))
            return try checked(snapshot, path: path, quoteDate: quoteDate, product: chainProduct)
        }
        // A zip is read through the chain file it holds (named archive!member in errors).
        let (name, bytes) = path.lowercased().hasSuffix(".zip")
            ? try ChainSnapshot.dataShopCSV(inArchiveAt: path) : (path, try SeriesInput.contents(of: path))
        guard let layout = layout(of: bytes) else {
            throw RealChainFileError(path: path, reason: "not a known option-chain layout (CBOE quotedata, the long form with quote_date,underlying_last,root,..., CBOE DataShop with underlying_symbol,quote_date,...,bid_1545,..., lambdaclass with optionroot,underlying_last,..., iVolatility RawIV with option_symbol,stock_price_close,..., OptionChainAnalytics with optiontype,exchange_time,..., or a DataShop .xlsx workbook)")
        }
        let snapshot: ChainSnapshot
        switch layout {
        case .optionChainAnalytics:
            snapshot = scaled(try ChainSnapshot.parseOptionChainAnalytics(name: name, contents: bytes,
                                                                          underlyingLast: try underlying(layout.rawValue),
                                                                          calendar: calendar))
        case .quotedata:
            snapshot = try ChainSnapshot.parseQuotedata(name: name, contents: bytes)
        case .longForm:
            guard let quoteDate, let chainProduct else {
                throw RealChainFileError(path: path, reason: "a long-form file holds many days and products: name the date and product")
            }
            snapshot = try ChainSnapshot.parseLongForm(name: name, contents: bytes, quoteDate: quoteDate, product: chainProduct)
        case .dataShop:
            snapshot = try ChainSnapshot.parseDataShop(name: name, contents: bytes, quoteDate: quoteDate, product: chainProduct)
        case .lambdaclass:
            snapshot = try ChainSnapshot.parseLambdaclassDaily(name: name, contents: bytes)
        case .iVolatility:
            let days = try ChainSnapshot.parseIVolatilityRawIV(name: name, contents: bytes)
            guard let day = days.first(where: { quoteDate == nil || $0.quoteDate == quoteDate }) else {
                throw RealChainFileError(path: path, reason: "holds no quotes of \(quoteDate.map(\.description) ?? "any day")")
            }
            snapshot = day
        }
        return try checked(snapshot, path: path, quoteDate: quoteDate, product: chainProduct)
    }

    /// `snapshot`, when it is of `quoteDate` and `product` (either nil: any).
    private static func checked(_ snapshot: ChainSnapshot, path: String, quoteDate: TradingDate?,
                                product chainProduct: ChainProduct?) throws(RealChainFileError) -> ChainSnapshot {
        if let quoteDate, snapshot.quoteDate != quoteDate {
            throw RealChainFileError(path: path, reason: "holds quotes of \(snapshot.quoteDate), not \(quoteDate)")
        }
        if let chainProduct, snapshot.product != chainProduct {
            throw RealChainFileError(path: path, reason: "holds \(snapshot.product.rawValue) options, not \(chainProduct.rawValue)")
        }
        return snapshot
    }

    /// The layout of a file from its first lines, or nil.
    public static func layout(of bytes: [UInt8]) -> Layout? {
        // The header is within the first few lines in every layout.
        var lines: [String] = []
        var start = 0
        var i = 0
        while i < bytes.count && lines.count < 6 {
            if bytes[i] == UInt8(ascii: "\n") {
                lines.append(String(decoding: bytes[start..<i], as: UTF8.self))
                start = i + 1
            }
            i += 1
        }
        if lines.count < 6 && start < bytes.count { lines.append(String(decoding: bytes[start..<min(bytes.count, start + 4096)], as: UTF8.self)) }
        for line in lines {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
            if fields.first == "expiration date" { return .quotedata }
            if fields.contains("underlying_symbol") && fields.contains("quote_date") { return .dataShop }
            if fields.contains("quote_date") && fields.contains("underlying_last") && fields.contains("root") { return .longForm }
            if fields.contains("optionroot") && fields.contains("underlying_last") { return .lambdaclass }
            if fields.contains("option_symbol") && fields.contains("stock_price_close") { return .iVolatility }
            if fields.contains("optiontype") && fields.contains("exchange_time") && fields.contains("bid_price") {
                return .optionChainAnalytics
            }
        }
        return nil
    }
}
