import Pricing
import Tabular

/// Reading the chain files of the `ArturSepp/OptionChainAnalytics` resources
/// (`options/spx_single/spx_2024-05-24_1600ET_oca_resources_raw.csv.gz`), one row per option:
///
///     ,root,expiry,strike,optiontype,mid_price,bid_size,bid_price,ask_size,ask_price,
///     open_interest,mark_price,exchange_time,ttm,mat_id
///
/// (the first column is an unnamed row index). Dates ISO, `exchange_time`
/// `YYYY-MM-DD HH:MM:SS` New York time, `optiontype` C or P.
///
/// The layout has no underlying column. Its quotes stand at `exchange_time`, 16:00, the
/// close, so the caller passes the SPX close of that day (``RealChainCatalog`` reads it from
/// `index/spx_daily_clean.csv`): the underlying is the index's official close, not a value
/// the file states.
extension ChainSnapshot {
    /// Parses the file's text; `underlyingLast` is the underlying at the quote time (see the
    /// type's documentation); `name` stands for the file in errors.
    ///
    /// - Throws: `TabularError` naming the file, row and column of the first bad field, when
    ///   rows mix quote dates, or when there is no row.
    public static func parseOptionChainAnalytics(name: String, contents bytes: [UInt8], underlyingLast: Double,
                                                 calendar: TradingCalendar = .nyse) throws(TabularError) -> ChainSnapshot {
        let file = try CSVFile(name: name, contents: bytes)
        let rootColumn = try file.column("root")
        let expiry = try file.column("expiry")
        let strike = try file.column("strike")
        let type = try file.column("optiontype")
        let bid = try file.column("bid_price")
        let ask = try file.column("ask_price")
        let time = try file.column("exchange_time")
        let openInterest = file.columnIfPresent("open_interest")

        var snapshot: ChainSnapshot?
        for row in file.rows {
            try row.checkShape()
            let stamp = try row.value(time, expected: "a time YYYY-MM-DD HH:MM:SS") { text -> (TradingDate, Int)? in
                let parts = text.split(separator: " ")
                guard parts.count == 2, let day = TradingDate(iso: parts[0]) else { return nil }
                let clock = parts[1].split(separator: ":")
                guard clock.count >= 2, let hour = Int(clock[0]), let minute = Int(clock[1]),
                      (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
                return (day, hour * 60 + minute)
            }
            let root = try row.value(rootColumn, expected: "an option root (SPX, SPXW, ...)") { ChainRoot(code: $0) }
            if snapshot == nil {
                let close = calendar.coveredDates.contains(stamp.0) ? calendar.closeMinute(on: stamp.0) : nil
                snapshot = ChainSnapshot(product: root.product, quoteDate: stamp.0,
                                         quoteMinute: min(stamp.1, close ?? NYSERules.regularCloseMinute),
                                         underlyingLast: underlyingLast, source: name)
            }
            guard stamp.0 == snapshot!.quoteDate else {
                throw row.error(time, expected: "the quote date of the rows above (\(snapshot!.quoteDate))")
            }
            guard root.product == snapshot!.product else {
                throw row.error(rootColumn, expected: "a \(snapshot!.product.rawValue) series like the rows above")
            }
            let expiration = try row.value(expiry, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) }
            let k = try row.double(strike)
            guard k > 0, k.isFinite else { throw row.error(strike, expected: "a positive strike") }
            snapshot!.append(root: root, expiration: expiration,
                             style: root.settlementStyle(expiration: expiration, quotedOn: stamp.0),
                             type: try row.value(type, expected: "C or P") { OptionType(code: $0) }, strike: k,
                             bid: try row.price(bid), ask: try row.price(ask),
                             openInterest: try row.number(openInterest) ?? .nan)
        }
        guard let snapshot else {
            throw TabularError(file: name, line: file.headerLine, reason: .expected("at least one option row", found: ""))
        }
        return snapshot
    }
}
