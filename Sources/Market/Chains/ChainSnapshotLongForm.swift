import Pricing
import Tabular

/// Reading the project's long-form chain file (`options/cboe_quotedata_parsed_long_clean.csv.gz`,
/// PROVENANCE section 2.5): every CBOE quotedata export parsed to one row per option,
///
///     source_file,quote_date,quote_stamp_in_file,underlying_name,underlying_last,underlying_bid,
///     underlying_ask,root,option_symbol,option_type,expiration,strike,bid,ask,last,net_change,
///     volume,open_interest,iv_cboe,delta_cboe,gamma_cboe
///
/// with ISO dates, `option_type` C or P, and `quote_date` the session the quotes belong to.
extension ChainSnapshot {
    /// The long-form file's path inside the market-data directory.
    public static let longFormRelativePath = "options/cboe_quotedata_parsed_long_clean.csv.gz"

    /// Reads the options of `product` quoted on `quoteDate` from the long-form file at `path`
    /// (gzip-compressed when the name ends in `.gz`). Rows of other dates or products are
    /// skipped unparsed beyond their date and root. The quotes stand at the session's close.
    ///
    /// - Throws: ``SeriesInputError`` when the file cannot be read; `TabularError` naming the
    ///   file, row and column of the first bad field of a selected row, or when no row matches.
    public static func loadLongForm(path: String, quoteDate: TradingDate, product: ChainProduct) throws -> ChainSnapshot {
        let bytes = try SeriesInput.contents(of: path)
        return try parseLongForm(name: path, contents: bytes, quoteDate: quoteDate, product: product)
    }

    /// Parses long-form text already in memory; `name` stands for the file in errors.
    public static func parseLongForm(name: String, contents bytes: [UInt8], quoteDate: TradingDate,
                                     product: ChainProduct, calendar: TradingCalendar = .nyse) throws(TabularError) -> ChainSnapshot {
        let file = try CSVFile(name: name, contents: bytes)
        let date = try file.column("quote_date")
        let underlying = try file.column("underlying_last")
        let rootColumn = try file.column("root")
        let typeColumn = try file.column("option_type")
        let columns = OptionRowColumns(
            expiration: try file.column("expiration"), strike: try file.column("strike"), type: typeColumn,
            bid: try file.column("bid"), ask: try file.column("ask"), last: try file.column("last"),
            impliedVolatility: file.columnIfPresent("iv_cboe"), delta: file.columnIfPresent("delta_cboe"),
            volume: file.columnIfPresent("volume"), openInterest: file.columnIfPresent("open_interest"))

        var snapshot: ChainSnapshot?
        for row in file.rows {
            try row.checkShape()
            let rowDate = try row.value(date, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) }
            guard rowDate == quoteDate else { continue }
            let root = try row.value(rootColumn, expected: "an option root (SPX, SPXW, XSP, VIX, SPY, ...)") { ChainRoot(code: $0) }
            guard root.product == product else { continue }
            if snapshot == nil {
                let level = try row.double(underlying)
                guard level > 0, level.isFinite else { throw row.error(underlying, expected: "a positive price") }
                snapshot = ChainSnapshot(product: product, quoteDate: quoteDate,
                                         quoteMinute: closeMinute(on: quoteDate, calendar: calendar),
                                         underlyingLast: level, source: name)
            }
            try snapshot!.appendOption(of: row, root: root, columns: columns, quotedOn: quoteDate)
        }
        guard let snapshot else {
            throw TabularError(file: name, reason: .expected("rows of \(product.rawValue) quoted on \(quoteDate)", found: "none"))
        }
        return snapshot
    }
}

extension ChainSnapshot {
    /// Every snapshot of the long-form text in one pass: one per (quote date, traded product),
    /// each holding its rows in file order (exactly what ``parseLongForm(name:contents:quoteDate:product:calendar:)``
    /// gives for that day and product). Rows of products the strategy does not trade (SPY)
    /// are checked for shape, date and root, and skipped.
    public static func parseLongFormSnapshots(name: String, contents bytes: [UInt8],
                                              calendar: TradingCalendar = .nyse) throws(TabularError) -> [ChainSnapshot] {
        let file = try CSVFile(name: name, contents: bytes)
        let date = try file.column("quote_date")
        let underlying = try file.column("underlying_last")
        let rootColumn = try file.column("root")
        let columns = OptionRowColumns(
            expiration: try file.column("expiration"), strike: try file.column("strike"),
            type: try file.column("option_type"), bid: try file.column("bid"), ask: try file.column("ask"),
            last: try file.column("last"), impliedVolatility: file.columnIfPresent("iv_cboe"),
            delta: file.columnIfPresent("delta_cboe"), volume: file.columnIfPresent("volume"),
            openInterest: file.columnIfPresent("open_interest"))

        struct Key: Hashable { var date: TradingDate; var product: ChainProduct }
        var order: [Key] = []
        var snapshots: [Key: ChainSnapshot] = [:]
        for row in file.rows {
            try row.checkShape()
            let rowDate = try row.value(date, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) }
            let root = try row.value(rootColumn, expected: "an option root (SPX, SPXW, XSP, VIX, SPY, ...)") { ChainRoot(code: $0) }
            guard root.product.optionProduct != nil else { continue }
            let key = Key(date: rowDate, product: root.product)
            if snapshots[key] == nil {
                let level = try row.double(underlying)
                guard level > 0, level.isFinite else { throw row.error(underlying, expected: "a positive price") }
                snapshots[key] = ChainSnapshot(product: root.product, quoteDate: rowDate,
                                               quoteMinute: closeMinute(on: rowDate, calendar: calendar),
                                               underlyingLast: level, source: name)
                order.append(key)
            }
            try snapshots[key]!.appendOption(of: row, root: root, columns: columns, quotedOn: rowDate)
        }
        return order.map { snapshots[$0]! }
    }
}

/// The per-option columns of the layouts with one row per option (the long form and
/// DataShop's end-of-day file); the optional ones may be missing from a file.
struct OptionRowColumns {
    var expiration: CSVColumn
    var strike: CSVColumn
    var type: CSVColumn
    var bid: CSVColumn
    var ask: CSVColumn
    var last: CSVColumn?
    var impliedVolatility: CSVColumn?
    var delta: CSVColumn?
    var volume: CSVColumn?
    var openInterest: CSVColumn?
}

extension ChainSnapshot {
    /// Appends the option `row` describes (a series of `root` quoted on `quoteDate`). The
    /// exchange's IV and delta are kept only where it computed them: an IV of 0 (with a
    /// delta of 0) is its way of saying it could not, and becomes NaN.
    mutating func appendOption(of row: CSVRow, root: ChainRoot, columns c: OptionRowColumns,
                               quotedOn quoteDate: TradingDate) throws(TabularError) {
        let expiry = try row.value(c.expiration, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) }
        let k = try row.double(c.strike)
        guard k > 0, k.isFinite else { throw row.error(c.strike, expected: "a positive strike") }
        let cboeIV = try row.number(c.impliedVolatility) ?? 0
        let cboeDelta = try row.number(c.delta) ?? .nan
        append(
            root: root, expiration: expiry, style: root.settlementStyle(expiration: expiry, quotedOn: quoteDate),
            type: try row.value(c.type, expected: "C or P") { OptionType(code: $0) },
            strike: k, bid: try row.price(c.bid), ask: try row.price(c.ask), last: try row.number(c.last) ?? 0,
            impliedVolatilityCBOE: cboeIV > 0 ? cboeIV : .nan,
            deltaCBOE: cboeIV > 0 || (cboeDelta != 0 && !cboeDelta.isNaN) ? cboeDelta : .nan,
            volume: try row.number(c.volume) ?? .nan, openInterest: try row.number(c.openInterest) ?? .nan)
    }
}
