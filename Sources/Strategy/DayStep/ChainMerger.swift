import Market
import Pricing

/// Merges chains of one product and day built for disjoint expiries, and adds model quotes
/// for series that open positions hold but no part quotes.
enum ChainMerger {
    /// The merged chain and the number of series added by the model
    /// (``ChainBuilder/modelQuotes(_:on:product:expiryUnderlyings:workspace:)``).
    static func merge(_ parts: [OptionChain], adding legs: [Leg], day: MarketDay, builder: ChainBuilder,
                      workspace: inout ChainWorkspace) -> (chain: OptionChain, added: Int) {
        // Series to add: held legs the parts do not quote, priced on their expiry's curve.
        var requests: [SeriesRequest] = []
        var curves: [ListedExpiry: (underlying: Double, time: Double)] = [:]
        var seen = Set<SeriesRequest>()
        for leg in legs {
            let request = SeriesRequest(expiry: leg.expiry, type: leg.type, strike: leg.strike)
            guard seen.insert(request).inserted else { continue }
            var quoted = false
            for part in parts {
                guard let e = part.expiryPosition(leg.expiry) else { continue }
                curves[leg.expiry] = (part.underlyings[e], part.timesToExpiry[e])
                quoted = part.index(expiry: e, type: leg.type, strike: leg.strike) != nil
                break
            }
            if !quoted { requests.append(request) }
        }
        var extra: [OptionQuote] = []
        if !requests.isEmpty, let product = legs.first?.product,
           let quotes = try? builder.modelQuotes(requests, on: day.date, product: product, expiryUnderlyings: curves,
                                                 workspace: &workspace) {
            extra = quotes.compactMap { $0 }
        }
        if parts.count == 1 && extra.isEmpty { return (parts[0], 0) }

        // Every expiry, in settlement order, with the part that holds it (nil: added only).
        var expiries: [(expiry: ListedExpiry, part: Int?, underlying: Double, time: Double)] = []
        for (p, part) in parts.enumerated() {
            for (e, expiry) in part.expiries.enumerated() {
                expiries.append((expiry, p, part.underlyings[e], part.timesToExpiry[e]))
            }
        }
        for quote in extra where !expiries.contains(where: { $0.expiry == quote.expiry }) {
            expiries.append((quote.expiry, nil, quote.underlying, quote.timeToExpiry))
        }
        expiries.sort { $0.expiry < $1.expiry }

        let first = parts[0]
        var columns = OptionColumns(capacity: parts.reduce(extra.count) { $0 + $1.count })
        for (e, entry) in expiries.enumerated() {
            for type in [OptionType.put, .call] {
                let added = extra.filter { $0.expiry == entry.expiry && $0.type == type }
                var range: Range<Int> = 0..<0
                var part: OptionChain?
                if let p = entry.part, let pe = parts[p].expiryPosition(entry.expiry) {
                    part = parts[p]
                    range = parts[p].indices(expiry: pe, type: type)
                }
                if added.isEmpty {
                    // The common case: the part's slice as it is, column by column.
                    if let part { columns.append(part, range: range, expiryIndex: e) }
                    continue
                }
                var rows: [(strike: Double, quote: OptionQuote)] = []
                if let part { for i in range { rows.append((part.strikes[i], part[i])) } }
                for quote in added { rows.append((quote.strike, quote)) }
                if rows.count > 1 { rows.sort { $0.strike < $1.strike } }
                for row in rows { columns.append(row.quote, expiryIndex: e) }
            }
        }
        let chain = OptionChain(
            date: first.date, product: first.product, spot: first.spot, rate: first.rate,
            dividendYield: first.dividendYield, expiries: expiries.map(\.expiry), underlyings: expiries.map(\.underlying),
            timesToExpiry: expiries.map(\.time), columns: columns)
        return (chain, extra.count)
    }

}
