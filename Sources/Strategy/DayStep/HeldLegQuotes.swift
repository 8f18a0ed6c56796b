import Market
import Pricing

/// Adds to a day's chain the series that open positions hold but the chain does not quote (a
/// strike off today's grid, or outside the strike window), priced on their expiry's curve by
/// ``ChainBuilder/modelQuotes(_:on:product:expiryUnderlyings:workspace:)``.
enum HeldLegQuotes {
    /// `chain` with the held series it lacks, and how many were added.
    static func adding(_ legs: [Leg], to chain: OptionChain, day: MarketDay, builder: ChainBuilder,
                       workspace: inout ChainWorkspace) -> (chain: OptionChain, modelQuotedLegs: Int) {
        // A book holds a few dozen legs at most: a linear scan finds repeats faster than
        // hashing every series, and a day whose chain quotes every leg hashes nothing.
        var requests: [SeriesRequest] = []
        var checked: [SeriesRequest] = []
        checked.reserveCapacity(legs.count)
        for leg in legs {
            let request = SeriesRequest(expiry: leg.expiry, type: leg.type, strike: leg.strike)
            guard !checked.contains(request) else { continue }
            checked.append(request)
            if let e = chain.expiryPosition(leg.expiry), chain.index(expiry: e, type: leg.type, strike: leg.strike) != nil {
                continue
            }
            requests.append(request)
        }
        guard !requests.isEmpty, let product = legs.first?.product else { return (chain, 0) }
        // The chain's curve for the expiries it lists: a held series is priced on its expiry's.
        var curves: [ListedExpiry: (underlying: Double, time: Double)] = [:]
        for request in requests where curves[request.expiry] == nil {
            guard let e = chain.expiryPosition(request.expiry) else { continue }
            curves[request.expiry] = (chain.underlyings[e], chain.timesToExpiry[e])
        }
        guard let quotes = try? builder.modelQuotes(requests, on: day.date, product: product, expiryUnderlyings: curves,
                                                    workspace: &workspace)
        else { return (chain, 0) }
        let extra = quotes.compactMap { $0 }
        guard !extra.isEmpty else { return (chain, 0) }

        // Every expiry in settlement order: the chain's, then those only the added series have.
        var expiries = chain.expiries.indices.map { (expiry: chain.expiries[$0], inChain: Optional($0),
                                                     underlying: chain.underlyings[$0], time: chain.timesToExpiry[$0]) }
        for quote in extra where !expiries.contains(where: { $0.expiry == quote.expiry }) {
            expiries.append((quote.expiry, nil, quote.underlying, quote.timeToExpiry))
        }
        expiries.sort { $0.expiry < $1.expiry }

        var columns = OptionColumns(capacity: chain.count + extra.count)
        for (e, entry) in expiries.enumerated() {
            for type in [OptionType.put, .call] {
                let range = entry.inChain.map { chain.indices(expiry: $0, type: type) } ?? 0..<0
                let added = extra.filter { $0.expiry == entry.expiry && $0.type == type }
                if added.isEmpty {
                    // The common case: the chain's slice as it is, column by column.
                    columns.append(chain, range: range, expiryIndex: e)
                    continue
                }
                var rows = range.map { chain[$0] } + added
                rows.sort { $0.strike < $1.strike }
                for quote in rows { columns.append(quote, expiryIndex: e) }
            }
        }
        let merged = OptionChain(
            date: chain.date, product: chain.product, spot: chain.spot, rate: chain.rate,
            dividendYield: chain.dividendYield, expiries: expiries.map(\.expiry), underlyings: expiries.map(\.underlying),
            timesToExpiry: expiries.map(\.time), columns: columns)
        return (merged, extra.count)
    }
}
