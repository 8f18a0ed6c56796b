import Pricing
import Tabular

/// Which quotes of a CBOE DataShop end-of-day row to read.
public enum DataShopSnapshot: String, Sendable, Hashable, CaseIterable {
    /// The 15:45 snapshot (`bid_1545`, `ask_1545`, `active_underlying_price_1545`): the
    /// quotes CBOE computes its implied volatility and greeks on. Quote minute 945.
    case at1545 = "1545"
    /// The closing quotes (`bid_eod`, `ask_eod`, underlying mid of `underlying_bid_eod` and
    /// `underlying_ask_eod`). Quote minute: the session's close. CBOE's implied volatility
    /// and delta are still the 15:45 ones.
    case endOfDay = "eod"
}

/// Reading CBOE DataShop's "Option EOD Summary" / "Option Quotes EOD" layout: one row per
/// option per day,
///
///     underlying_symbol,quote_date,root,expiration,strike,option_type,open,high,low,close,
///     trade_volume,bid_size_1545,bid_1545,ask_size_1545,ask_1545,underlying_bid_1545,
///     underlying_ask_1545,implied_underlying_price_1545,active_underlying_price_1545,
///     implied_volatility_1545,delta_1545,gamma_1545,theta_1545,vega_1545,rho_1545,
///     bid_size_eod,bid_eod,ask_size_eod,ask_eod,underlying_bid_eod,underlying_ask_eod,
///     vwap,open_interest,delivery_code
///
/// Dates are ISO, `option_type` C or P, `underlying_symbol` `^SPX`, `^XSP`, `^VIX` or `SPY`.
/// Only the columns named above that the snapshot needs are required; `close` (last trade),
/// `trade_volume`, `open_interest`, `implied_volatility_1545` and `delta_1545` are read when present.
extension ChainSnapshot {
    /// Reads one day of one product from the DataShop file at `path` (gzip-compressed when the
    /// name ends in `.gz`). `quoteDate` nil takes the first row's date; `product` nil the first
    /// row's root's product. Rows of other dates or products are skipped.
    ///
    /// - Throws: ``SeriesInputError`` when the file cannot be read; `TabularError` naming the
    ///   file, row and column of the first bad field of a selected row, or when no row matches.
    public static func loadDataShop(path: String, quoteDate: TradingDate? = nil, product: ChainProduct? = nil,
                                    snapshot: DataShopSnapshot = .at1545) throws -> ChainSnapshot {
        let bytes = try SeriesInput.contents(of: path)
        return try parseDataShop(name: path, contents: bytes, quoteDate: quoteDate, product: product, snapshot: snapshot)
    }

    /// Parses DataShop text already in memory; `name` stands for the file in errors.
    public static func parseDataShop(name: String, contents bytes: [UInt8], quoteDate: TradingDate? = nil,
                                     product: ChainProduct? = nil, snapshot kind: DataShopSnapshot = .at1545,
                                     calendar: TradingCalendar = .nyse) throws(TabularError) -> ChainSnapshot {
        let file = try CSVFile(name: name, contents: bytes)
        let date = try file.column("quote_date")
        let rootColumn = try file.column("root")
        let expiration = try file.column("expiration")
        let strike = try file.column("strike")
        let typeColumn = try file.column("option_type")
        let bid: CSVColumn, ask: CSVColumn
        let underlyingPrice: CSVColumn?, underlyingBid: CSVColumn, underlyingAsk: CSVColumn
        switch kind {
        case .at1545:
            (bid, ask) = (try file.column("bid_1545"), try file.column("ask_1545"))
            underlyingPrice = try file.column("active_underlying_price_1545")
            (underlyingBid, underlyingAsk) = (try file.column("underlying_bid_1545"), try file.column("underlying_ask_1545"))
        case .endOfDay:
            (bid, ask) = (try file.column("bid_eod"), try file.column("ask_eod"))
            underlyingPrice = nil
            (underlyingBid, underlyingAsk) = (try file.column("underlying_bid_eod"), try file.column("underlying_ask_eod"))
        }
        let columns = OptionRowColumns(
            expiration: expiration, strike: strike, type: typeColumn, bid: bid, ask: ask,
            last: file.columnIfPresent("close"), impliedVolatility: file.columnIfPresent("implied_volatility_1545"),
            delta: file.columnIfPresent("delta_1545"), volume: file.columnIfPresent("trade_volume"),
            openInterest: file.columnIfPresent("open_interest"))

        var chain: ChainSnapshot?
        var wantedDate = quoteDate
        var wantedProduct = product
        for row in file.rows {
            try row.checkShape()
            let rowDate = try row.value(date, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) }
            if wantedDate == nil { wantedDate = rowDate }
            guard rowDate == wantedDate else { continue }
            let root = try row.value(rootColumn, expected: "an option root (SPX, SPXW, XSP, VIX, SPY, ...)") { ChainRoot(code: $0) }
            if wantedProduct == nil { wantedProduct = root.product }
            guard root.product == wantedProduct else { continue }
            if chain == nil {
                let level = try underlyingLevel(row, price: underlyingPrice, bid: underlyingBid, ask: underlyingAsk)
                let minute = kind == .at1545 ? 15 * 60 + 45 : closeMinute(on: rowDate, calendar: calendar)
                chain = ChainSnapshot(product: root.product, quoteDate: rowDate, quoteMinute: minute,
                                      underlyingLast: level, source: name)
            }
            try chain!.appendOption(of: row, root: root, columns: columns, quotedOn: rowDate)
        }
        guard let chain else {
            let what = [wantedProduct?.rawValue, wantedDate.map { "quoted on \($0)" }].compactMap { $0 }.joined(separator: " ")
            throw TabularError(file: name, reason: .expected("option rows" + (what.isEmpty ? "" : " of " + what), found: "none"))
        }
        return chain
    }

    /// The underlying's level: `price` when positive (DataShop's active underlying price),
    /// else the mid of a positive bid and ask.
    private static func underlyingLevel(_ row: CSVRow, price: CSVColumn?, bid: CSVColumn, ask: CSVColumn) throws(TabularError) -> Double {
        if let price, let value = try row.number(price), value > 0, value.isFinite { return value }
        let b = try row.double(bid)
        let a = try row.double(ask)
        guard b > 0, a >= b, a.isFinite else {
            throw row.error(price ?? bid, expected: "a positive underlying price (or a positive underlying bid below its ask)")
        }
        return 0.5 * (a + b)
    }
}
