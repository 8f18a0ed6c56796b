import Pricing
import Tabular

/// Reading iVolatility's RawIV export (`options/spx_2011-01_ivolatility/*.zip`,
/// PROVENANCE-2026-11-29), one row per option per day:
///
///     symbol,exchange,company_name,date,stock_price_close,option_symbol,option_expiration,strike,
///     call/put,style,ask,bid,mean_price,settlement,iv,volume,open_interest,stock_price_for_iv,
///     forward_price,isinterpolated,delta,vega,gamma,theta,rho
///
/// The sample is an old-Mac text file: CR-only line endings and a byte-order mark; dates are
/// `M/D/YY`. Its `option_expiration` is the last trading day (the Friday) while the OCC symbol
/// (`SPX   110122C00200000`) carries the listed expiration, the Saturday of a pre-2015
/// standard monthly. The settlement follows the listing rules: the series is listed on the
/// symbol's date, and ``ChainSnapshot/settlementDate(at:calendar:)`` settles it at the open
/// of the last session on or before that date, the Friday. A row whose two dates do not
/// agree that way is an error.
///
/// Underlying: `stock_price_close` (the SPX close). iVolatility's `iv` and `delta` are kept
/// as the vendor's; `forward_price` as the stated forward of each expiration.
extension ChainSnapshot {
    /// Parses the RawIV text, one snapshot per (date, product), in file order; `name` stands
    /// for the file in errors. Line numbers in errors count CR, LF and CRLF line ends alike.
    ///
    /// - Throws: `TabularError` naming the file, row and column of the first bad field.
    public static func parseIVolatilityRawIV(name: String, contents raw: [UInt8],
                                             calendar: TradingCalendar = .nyse) throws(TabularError) -> [ChainSnapshot] {
        let file = try CSVFile(name: name, contents: normalizingLineEnds(raw))
        let date = try file.column("date")
        let close = try file.column("stock_price_close")
        let symbol = try file.column("option_symbol")
        let expiration = try file.column("option_expiration")
        let strike = try file.column("strike")
        let type = try file.column("call/put")
        let bid = try file.column("bid")
        let ask = try file.column("ask")
        let iv = file.columnIfPresent("iv")
        let delta = file.columnIfPresent("delta")
        let volume = file.columnIfPresent("volume")
        let openInterest = file.columnIfPresent("open_interest")
        let forward = file.columnIfPresent("forward_price")

        struct Key: Hashable { var date: TradingDate; var product: ChainProduct }
        var order: [Key] = []
        var snapshots: [Key: ChainSnapshot] = [:]
        for row in file.rows {
            try row.checkShape()
            let day = try row.value(date, expected: "a date M/D/YY") { QuotedataLayout.slashDate($0) }
            let occ = try row.string(symbol)
            guard let root = ChainRoot(occSymbol: occ), let listed = occExpiration(occ) else {
                throw row.error(symbol, expected: "an OCC option symbol (root, YYMMDD, C or P, strike)")
            }
            let lastTradingDay = try row.value(expiration, expected: "a date M/D/YY") { QuotedataLayout.slashDate($0) }
            let settlesOn = calendar.coveredDates.contains(listed) ? calendar.tradingDay(onOrBefore: listed) : listed
            guard lastTradingDay == listed || lastTradingDay == settlesOn else {
                throw row.error(expiration, expected: "the symbol's expiration \(listed) or the session settling it (\(settlesOn))")
            }
            let key = Key(date: day, product: root.product)
            if snapshots[key] == nil {
                let level = try row.double(close)
                guard level > 0, level.isFinite else { throw row.error(close, expected: "a positive price") }
                snapshots[key] = ChainSnapshot(product: root.product, quoteDate: day, quoteMinute: closeMinute(on: day, calendar: calendar),
                                               underlyingLast: level, source: name)
                order.append(key)
            }
            let k = try row.double(strike)
            guard k > 0, k.isFinite else { throw row.error(strike, expected: "a positive strike") }
            let vendorIV = try row.number(iv) ?? 0
            snapshots[key]!.append(
                root: root, expiration: listed, style: root.settlementStyle(expiration: listed, quotedOn: day),
                type: try row.value(type, expected: "C or P") { OptionType(code: $0) }, strike: k,
                bid: try row.price(bid), ask: try row.price(ask),
                impliedVolatilityCBOE: vendorIV > 0 ? vendorIV : .nan,
                deltaCBOE: vendorIV > 0 ? try row.number(delta) ?? .nan : .nan,
                volume: try row.number(volume) ?? .nan, openInterest: try row.number(openInterest) ?? .nan)
            if let f = try row.number(forward), f > 0, f.isFinite { snapshots[key]!.statedForwards[listed] = f }
        }
        guard !order.isEmpty else {
            throw TabularError(file: name, line: file.headerLine, reason: .expected("at least one option row", found: ""))
        }
        return order.map { snapshots[$0]! }
    }

    /// The text with every CR and CRLF line end turned into LF (one line end each, so line
    /// numbers keep their meaning).
    static func normalizingLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\r") {
                result.append(UInt8(ascii: "\n"))
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
            } else {
                result.append(bytes[i])
            }
            i += 1
        }
        return result
    }

    /// The expiration an OCC symbol carries: the six digits YYMMDD after the root and its
    /// padding spaces.
    static func occExpiration<S: StringProtocol>(_ symbol: S) -> TradingDate? {
        let rest = symbol.drop { $0.isLetter }.drop { $0 == " " }
        let digits = rest.prefix(6)
        guard digits.count == 6, digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
        return TradingDate(year: 2000 + value / 10000, month: value / 100 % 100, day: value % 100)
    }
}
