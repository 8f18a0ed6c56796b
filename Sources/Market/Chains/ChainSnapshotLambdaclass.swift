import Pricing
import Tabular

/// Reading the daily SPX files of the `lambdaclass/options_backtester` data set
/// (`options/spx_2019_lambdaclass/SPX_YYYYMMDD.csv.gz`, PROVENANCE-2026-11-29), a scraper's
/// conversion of CBOE's chain, one row per option:
///
///     underlying,underlying_last,exchange,optionroot,type,expiration,quotedate,strike,last,net,
///     bid,ask,volume,openinterest,impliedvol,delta,gamma
///
/// `type` is `call` or `put`, dates are `MM/DD/YYYY`, the root is the option symbol's letters.
///
/// The file's `impliedvol` and `delta` are the scraper's and sometimes nonsense (an implied
/// vol of 10.46), so they are dropped (NaN): the chain builder and the calibration compute
/// implied vols from the mids. The time of day was not recorded; `underlying_last` lies in
/// the day's SPX range and the parity forwards over it are 0.9994-1.0021 every day, so quotes
/// and underlying are synchronous. The snapshot is stamped at the session's close for want
/// of its true minute.
extension ChainSnapshot {
    /// Parses one day's file; `name` stands for the file in errors.
    ///
    /// - Throws: `TabularError` naming the file, row and column of the first bad field, when
    ///   the rows mix quote dates or underlyings, or when there is no row.
    public static func parseLambdaclassDaily(name: String, contents bytes: [UInt8],
                                             calendar: TradingCalendar = .nyse) throws(TabularError) -> ChainSnapshot {
        let file = try CSVFile(name: name, contents: bytes)
        let underlying = try file.column("underlying_last")
        let symbol = try file.column("optionroot")
        let type = try file.column("type")
        let expiration = try file.column("expiration")
        let quoteDate = try file.column("quotedate")
        let strike = try file.column("strike")
        let bid = try file.column("bid")
        let ask = try file.column("ask")
        let last = file.columnIfPresent("last")
        let volume = file.columnIfPresent("volume")
        let openInterest = file.columnIfPresent("openinterest")

        var snapshot: ChainSnapshot?
        for row in file.rows {
            try row.checkShape()
            let date = try row.value(quoteDate, expected: "a date MM/DD/YYYY") { QuotedataLayout.slashDate($0) }
            let root = try row.value(symbol, expected: "an option symbol with a known root (SPX, SPXW, ...)") { ChainRoot(occSymbol: $0) }
            if snapshot == nil {
                let level = try row.double(underlying)
                guard level > 0, level.isFinite else { throw row.error(underlying, expected: "a positive price") }
                snapshot = ChainSnapshot(product: root.product, quoteDate: date, quoteMinute: closeMinute(on: date, calendar: calendar),
                                         underlyingLast: level, source: name)
            }
            guard date == snapshot!.quoteDate else {
                throw row.error(quoteDate, expected: "the quote date of the rows above (\(snapshot!.quoteDate))")
            }
            guard root.product == snapshot!.product else {
                throw row.error(symbol, expected: "a \(snapshot!.product.rawValue) series like the rows above")
            }
            let expiry = try row.value(expiration, expected: "a date MM/DD/YYYY") { QuotedataLayout.slashDate($0) }
            let k = try row.double(strike)
            guard k > 0, k.isFinite else { throw row.error(strike, expected: "a positive strike") }
            let optionType: OptionType = try row.value(type, expected: "call or put") {
                switch $0.lowercased() {
                case "call", "c": .call
                case "put", "p": .put
                default: nil
                }
            }
            snapshot!.append(root: root, expiration: expiry, style: root.settlementStyle(expiration: expiry, quotedOn: date),
                             type: optionType, strike: k, bid: try row.price(bid), ask: try row.price(ask),
                             last: try row.number(last) ?? 0,
                             volume: try row.number(volume) ?? .nan, openInterest: try row.number(openInterest) ?? .nan)
        }
        guard let snapshot else {
            throw TabularError(file: name, line: file.headerLine, reason: .expected("at least one option row", found: ""))
        }
        return snapshot
    }
}
