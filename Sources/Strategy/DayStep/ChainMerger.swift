import Market
import Pricing

/// Merges chains of one product and day built for disjoint expiries, and adds model quotes
/// for series that open positions hold but no part quotes.
enum ChainMerger {
    /// The merged chain and the number of series added by the model.
    static func merge(_ parts: [OptionChain], adding legs: [Leg], day: MarketDay,
                      quoter: inout ModelQuoter) -> (chain: OptionChain, added: Int) {
        // Series to add: held legs the parts do not quote.
        var extra: [OptionQuote] = []
        var seen = Set<SeriesID>()
        for leg in legs {
            let id = SeriesID(expiry: leg.expiry, isCall: leg.type == .call, strike: leg.strike)
            guard seen.insert(id).inserted else { continue }
            var expiryUnderlying: (Double, Double)?
            var quoted = false
            for part in parts {
                guard let e = part.expiryPosition(leg.expiry) else { continue }
                expiryUnderlying = (part.underlyings[e], part.timesToExpiry[e])
                quoted = part.index(expiry: e, type: leg.type, strike: leg.strike) != nil
                break
            }
            if quoted { continue }
            if let quote = quoter.quote(for: leg, day: day, expiryUnderlying: expiryUnderlying) {
                extra.append(quote)
            }
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
        var columns = MergedColumns(capacity: parts.reduce(extra.count) { $0 + $1.count })
        for (e, entry) in expiries.enumerated() {
            for type in [OptionType.put, .call] {
                var rows: [(strike: Double, quote: OptionQuote)] = []
                if let p = entry.part, let pe = parts[p].expiryPosition(entry.expiry) {
                    let part = parts[p]
                    for i in part.indices(expiry: pe, type: type) { rows.append((part.strikes[i], part[i])) }
                }
                for quote in extra where quote.expiry == entry.expiry && quote.type == type {
                    rows.append((quote.strike, quote))
                }
                if rows.count > 1 { rows.sort { $0.strike < $1.strike } }
                for row in rows { columns.append(row.quote, expiryIndex: e) }
            }
        }
        let chain = OptionChain(
            date: first.date, product: first.product, spot: first.spot, rate: first.rate,
            dividendYield: first.dividendYield, expiries: expiries.map(\.expiry), underlyings: expiries.map(\.underlying),
            timesToExpiry: expiries.map(\.time), expiryIndex: columns.expiryIndex, typeCodes: columns.typeCodes,
            strikes: columns.strikes, bids: columns.bids, asks: columns.asks, mids: columns.mids, ivs: columns.ivs,
            deltas: columns.deltas, gammas: columns.gammas, vegas: columns.vegas, thetas: columns.thetas,
            sources: columns.sources)
        return (chain, extra.count)
    }

    struct SeriesID: Hashable {
        var expiry: ListedExpiry
        var isCall: Bool
        var strike: Double
    }

    struct MergedColumns {
        var expiryIndex: [Int32] = [], typeCodes: [Int8] = [], strikes: [Double] = [], bids: [Double] = []
        var asks: [Double] = [], mids: [Double] = [], ivs: [Double] = [], deltas: [Double] = []
        var gammas: [Double] = [], vegas: [Double] = [], thetas: [Double] = [], sources: [QuoteSource] = []

        init(capacity: Int) {
            expiryIndex.reserveCapacity(capacity); typeCodes.reserveCapacity(capacity)
            strikes.reserveCapacity(capacity); bids.reserveCapacity(capacity); asks.reserveCapacity(capacity)
            mids.reserveCapacity(capacity); ivs.reserveCapacity(capacity); deltas.reserveCapacity(capacity)
            gammas.reserveCapacity(capacity); vegas.reserveCapacity(capacity); thetas.reserveCapacity(capacity)
            sources.reserveCapacity(capacity)
        }

        mutating func append(_ quote: OptionQuote, expiryIndex e: Int) {
            expiryIndex.append(Int32(e)); typeCodes.append(quote.type == .call ? 1 : 0)
            strikes.append(quote.strike); bids.append(quote.bid); asks.append(quote.ask); mids.append(quote.mid)
            ivs.append(quote.iv); deltas.append(quote.delta); gammas.append(quote.gamma); vegas.append(quote.vega)
            thetas.append(quote.theta); sources.append(quote.source)
        }
    }
}
