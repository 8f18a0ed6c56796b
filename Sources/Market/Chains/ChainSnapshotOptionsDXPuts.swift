import Pricing
import Tabular

/// Reading the third-party SPY put extract `options/spy_puts_optionsdx_derived_2010_2023.csv.gz`
/// (PROVENANCE 2.5): OptionsDX end-of-day SPY quotes as another project flattened them, one
/// row per put:
///
///     quote_date,snapshot,cycle_month,expiration,option_type,strike,bid,ask,mid,iv_optionsdx,underlying_last
///
/// Two snapshots a month from 2010 to 2023: `entry` on the month's first session (the next
/// month's third-Friday expiry, 42-51 days out) and `mid` about 21 days before that expiry;
/// puts with a bid above 0.01, mostly 0-25% out of the money (98 snapshots also hold puts up
/// to 22% in the money, 75 some to 35% out; many `mid` snapshots stop 5-7% out of the money).
/// Dates are ISO; `option_type` is `P`.
///
/// SPY options are American and physically settled, and SPY pays a dividend each quarter:
/// the snapshots stay SPY (``ChainProduct/spy``, root SPY, PM settlement on the expiration
/// day) and are never read by the strategy. OptionsDX's implied vols are dropped (their model
/// is not stated); `mid` is (bid + ask) / 2 and is recomputed. Crossed rows (205 of them have a
/// bid 0.01 above the ask, as in the source) are kept, flagged.
extension ChainSnapshot {
    /// The extract, relative to the data directory.
    public static let optionsDXPutsRelativePath = "options/spy_puts_optionsdx_derived_2010_2023.csv.gz"

    /// Parses the whole extract into one snapshot per quote date, in date order; `name`
    /// stands for the file in errors.
    ///
    /// - Throws: `TabularError` naming the file, row and column of the first bad field: a row
    ///   that is not a put, a strike, price or underlying that is not a number or out of range,
    ///   an expiration on or before its quote date, or rows of one date that disagree on the
    ///   underlying; or naming the header when there is no row.
    public static func parseOptionsDXPuts(name: String, contents bytes: [UInt8],
                                          calendar: TradingCalendar = .nyse) throws(TabularError) -> [ChainSnapshot] {
        let file = try CSVFile(name: name, contents: bytes)
        let quoteDate = try file.column("quote_date")
        let expiration = try file.column("expiration")
        let type = try file.column("option_type")
        let strike = try file.column("strike")
        let bid = try file.column("bid")
        let ask = try file.column("ask")
        let underlying = try file.column("underlying_last")

        var snapshots: [TradingDate: ChainSnapshot] = [:]
        for row in file.rows {
            try row.checkShape()
            let date = try row.value(quoteDate, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) }
            let expiry = try row.value(expiration, expected: "a date YYYY-MM-DD after the quote date") { text in
                TradingDate(iso: text).flatMap { $0 > date ? $0 : nil }
            }
            _ = try row.value(type, expected: "P (the extract holds puts only)") { $0 == "P" || $0 == "p" ? true : nil }
            let k = try row.double(strike)
            guard k > 0, k.isFinite else { throw row.error(strike, expected: "a positive strike") }
            let level = try row.double(underlying)
            guard level > 0, level.isFinite else { throw row.error(underlying, expected: "a positive price") }
            if let earlier = snapshots[date]?.underlyingLast, earlier != level {
                throw row.error(underlying, expected: "the underlying of the date's rows above (\(earlier))")
            }
            let (b, a) = (try row.price(bid), try row.price(ask))
            snapshots[date, default: ChainSnapshot(product: .spy, quoteDate: date, quoteMinute: closeMinute(on: date, calendar: calendar),
                                                   underlyingLast: level, source: name)]
                .append(root: .spy, expiration: expiry, style: .pm, type: .put, strike: k, bid: b, ask: a)
        }
        guard !snapshots.isEmpty else {
            throw TabularError(file: name, line: file.headerLine, reason: .expected("at least one option row", found: ""))
        }
        return snapshots.sorted { $0.key < $1.key }.map(\.value)
    }
}
