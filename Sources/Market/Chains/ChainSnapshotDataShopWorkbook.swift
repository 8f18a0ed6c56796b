import Pricing
import Tabular

/// Reading a DataShop extract saved as an xlsx workbook by a third party
/// (`options/spx_single/spx_2023-08-25_eod_cboe_datashop_cleaned.xlsx`, PROVENANCE-2026-11-29:
/// already cleaned by the repository's author, columns dropped), one sheet:
///
///     quote_date,expiration,root,strike,type,bid_1545,ask_1545,bid_eod,ask_eod,bid,ask,mid
///
/// Dates are Excel serial day numbers (ISO text is accepted too), `type` C or P.
///
/// The sheet has no underlying column: the caller passes the underlying at the chosen
/// snapshot's time. For the end-of-day quotes that is the index's close, which
/// ``RealChainCatalog`` reads from `index/spx_daily_clean.csv`; the 15:45 quotes have no
/// underlying the data folder knows, so the catalogue reads only the end-of-day ones.
extension ChainSnapshot {
    /// Reads the workbook at `path` (its first sheet). Errors name the workbook, the sheet's
    /// row number and the column.
    ///
    /// - Throws: ``ZipEntryError`` when the workbook cannot be read; `TabularError` naming the
    ///   workbook, row and column of the first bad cell.
    public static func loadDataShopWorkbook(path: String, underlyingLast: Double, snapshot: DataShopSnapshot = .endOfDay,
                                            calendar: TradingCalendar = .nyse) throws -> ChainSnapshot {
        let sheet = try SpreadsheetSheet.firstSheet(ofWorkbookAt: path)
        return try parseDataShopSheet(name: path, csv: sheet.csvBytes(), underlyingLast: underlyingLast,
                                      snapshot: snapshot, calendar: calendar)
    }

    /// Parses the sheet already turned to CSV text (``SpreadsheetSheet/csvBytes()``).
    public static func parseDataShopSheet(name: String, csv bytes: [UInt8], underlyingLast: Double,
                                          snapshot kind: DataShopSnapshot = .endOfDay,
                                          calendar: TradingCalendar = .nyse) throws(TabularError) -> ChainSnapshot {
        let file = try CSVFile(name: name, contents: bytes)
        let date = try file.column("quote_date")
        let expiration = try file.column("expiration")
        let rootColumn = try file.column("root")
        let strike = try file.column("strike")
        let type = try file.column("type")
        let bid = try file.column(kind == .endOfDay ? "bid_eod" : "bid_1545")
        let ask = try file.column(kind == .endOfDay ? "ask_eod" : "ask_1545")
        let sheetDate: (Substring) -> TradingDate? = { SpreadsheetSheet.excelDate($0) ?? TradingDate(iso: $0) }

        var snapshot: ChainSnapshot?
        for row in file.rows {
            try row.checkShape()
            let day = try row.value(date, expected: "a date (an Excel day number or YYYY-MM-DD)", sheetDate)
            let root = try row.value(rootColumn, expected: "an option root (SPX, SPXW, ...)") { ChainRoot(code: $0) }
            if snapshot == nil {
                let minute = kind == .at1545 ? 15 * 60 + 45 : closeMinute(on: day, calendar: calendar)
                snapshot = ChainSnapshot(product: root.product, quoteDate: day, quoteMinute: minute,
                                         underlyingLast: underlyingLast, source: name)
            }
            guard day == snapshot!.quoteDate else {
                throw row.error(date, expected: "the quote date of the rows above (\(snapshot!.quoteDate))")
            }
            guard root.product == snapshot!.product else {
                throw row.error(rootColumn, expected: "a \(snapshot!.product.rawValue) series like the rows above")
            }
            let expiry = try row.value(expiration, expected: "a date (an Excel day number or YYYY-MM-DD)", sheetDate)
            let k = try row.double(strike)
            guard k > 0, k.isFinite else { throw row.error(strike, expected: "a positive strike") }
            snapshot!.append(root: root, expiration: expiry, style: root.settlementStyle(expiration: expiry, quotedOn: day),
                             type: try row.value(type, expected: "C or P") { OptionType(code: $0) }, strike: k,
                             bid: try row.price(bid), ask: try row.price(ask))
        }
        guard let snapshot else {
            throw TabularError(file: name, line: file.headerLine, reason: .expected("at least one option row", found: ""))
        }
        return snapshot
    }
}
