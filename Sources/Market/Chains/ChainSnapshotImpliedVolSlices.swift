import Pricing
import Tabular

/// Reading the derived VIX slice file (`options/vix/vix_2022-07-15_sepp_stochvolmodels_bid_ask_iv_derived.csv`):
/// bid and ask Black-76 implied vols of a few expiries, with prices recomputed from them,
///
///     snapshot,slice_id,expiration_inferred,ttm_years,forward,discount_factor,option_type,strike,
///     bid_iv,ask_iv,bid_price_b76_derived,ask_price_b76_derived
///
/// `snapshot` is `YYYY-MM-DD HH:MM:SS` with no time zone; expiries ISO; `option_type` C or P;
/// vols per 1.00. The quotes are the derived prices (`bid_price_b76_derived`,
/// `ask_price_b76_derived`); the mid of the two vols is kept as the exchange-style implied
/// volatility. The file's forwards are kept per expiry (``ChainSnapshot/statedForwards``).
///
/// The file states no underlying spot: `underlyingLast` is the caller's (the VIX close of the
/// day from the index history), or, when nil, the forward of the nearest expiry. Its time of
/// day is not reliable (the forwards sit 0.2-0.6 above that day's VX settlements, so the
/// quotes are probably intraday): the snapshot stands at the session's close only for want of
/// a better time, and is fit for the smile's shape, not for levels.
extension ChainSnapshot {
    /// Parses the slice text; `name` stands for the file in errors. Series on a VIX monthly
    /// expiration get root VIX, the others VIXW.
    ///
    /// - Throws: `TabularError` naming the file, row and column of the first bad field, or
    ///   when the file holds no row or rows of several snapshot days.
    public static func parseImpliedVolSlices(name: String, contents bytes: [UInt8], underlyingLast: Double? = nil,
                                             calendar: TradingCalendar = .nyse) throws(TabularError) -> ChainSnapshot {
        let file = try CSVFile(name: name, contents: bytes)
        let stamp = try file.column("snapshot")
        let expiration = try file.column("expiration_inferred")
        let forward = try file.column("forward")
        let type = try file.column("option_type")
        let strike = try file.column("strike")
        let bidIV = try file.column("bid_iv")
        let askIV = try file.column("ask_iv")
        let bid = try file.column("bid_price_b76_derived")
        let ask = try file.column("ask_price_b76_derived")
        let listing = ExpiryListing(calendar: calendar)

        var snapshot: ChainSnapshot?
        var forwards: [TradingDate: Double] = [:]
        for row in file.rows {
            try row.checkShape()
            let date = try row.value(stamp, expected: "a time stamp YYYY-MM-DD HH:MM:SS") { TradingDate(iso: $0.prefix(10)) }
            let expiry = try row.value(expiration, expected: "a date YYYY-MM-DD") { TradingDate(iso: $0) }
            let k = try row.double(strike)
            guard k > 0, k.isFinite else { throw row.error(strike, expected: "a positive strike") }
            let f = try row.double(forward)
            guard f > 0, f.isFinite else { throw row.error(forward, expected: "a positive forward") }
            let vols = (try row.double(bidIV), try row.double(askIV))
            guard vols.0 >= 0, vols.1 >= vols.0, vols.1.isFinite else { throw row.error(askIV, expected: "an ask vol at or above the bid vol") }
            if snapshot == nil {
                snapshot = ChainSnapshot(product: .vix, quoteDate: date, quoteMinute: closeMinute(on: date, calendar: calendar),
                                         underlyingLast: underlyingLast ?? f, source: name)
            }
            guard date == snapshot!.quoteDate else {
                throw row.error(stamp, expected: "the same day as the rows above (\(snapshot!.quoteDate))")
            }
            let root: ChainRoot = listing.vixExpirationDate(year: expiry.year, month: expiry.month) == expiry ? .vix : .vixw
            forwards[expiry] = f
            snapshot!.append(root: root, expiration: expiry, style: .am,
                             type: try row.value(type, expected: "C or P") { OptionType(code: $0) },
                             strike: k, bid: try row.price(bid), ask: try row.price(ask),
                             impliedVolatilityCBOE: 0.5 * (vols.0 + vols.1))
        }
        guard var snapshot else {
            throw TabularError(file: name, line: file.headerLine, reason: .expected("at least one option row", found: ""))
        }
        if underlyingLast == nil, let nearest = forwards.keys.min() { snapshot.underlyingLast = forwards[nearest]! }
        snapshot.statedForwards = forwards
        return snapshot
    }
}
