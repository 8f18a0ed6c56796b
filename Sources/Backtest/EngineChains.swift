import Market
import Pricing
import Strategy

/// One expiry a day's chain must quote around the money, because the strategy may open a
/// position in it today, with the strike window (a fraction of the expiry's underlying)
/// expected to hold every strike the selection can reach.
struct EntryNeed {
    var expiry: ListedExpiry
    var window: Double
    /// Whether a built chain really holds the strikes the selection needs (the target delta
    /// away from the window's edge, and the wing below it); when not, the window is widened.
    var isWideEnough: @Sendable (OptionChain) -> Bool
}

/// Builds one product's chain for one day from exactly what the strategy looks at: the entry
/// expiries of the day (full strike windows) and the legs of the open positions.
///
/// The chain builder is asked for one calendar-day-to-expiry value at a time, so a day with
/// daily SPX expiries builds the few expiries in play rather than every one in 0-60 days,
/// and each with the narrowest strike window that holds its strikes. The parts are merged
/// into one ``OptionChain`` in the builder's order (expiry, type, strike).
///
/// A leg of an open position whose series the built chain does not hold (a strike off the
/// synthetic grid once the index has moved away from it, or outside the strike window) is
/// quoted by ``ModelQuoter`` from the same surface and spread model the builder uses, and
/// marked synthetic: a listed series does not disappear because the index moved. So every
/// open leg has a quote, a mark and greeks; none is silently dropped and none is a NaN.
struct DayChainAssembler {
    let builder: ChainBuilder
    /// Reused buffers of the chain builder.
    var workspace = ChainWorkspace()
    /// Legs quoted by the model in the chains built since the caller last reset it.
    var modelQuotedLegs = 0

    init(builder: ChainBuilder) { self.builder = builder }

    /// The chain of `product` on `day`, or nil when the product is not listed yet, the day
    /// lacks the data a chain is priced from, or nothing is needed.
    mutating func chain(product: OptionProduct, day: MarketDay, entries: [EntryNeed], legs: [Leg],
                        quoter: inout ModelQuoter) -> OptionChain? {
        let date = day.date
        guard product.isListed(on: date), !(entries.isEmpty && legs.isEmpty) else { return nil }
        let spot = day.spxClose * product.indexScale

        // Calendar days to expiry -> strike window and checks. A position's window covers its
        // strikes around spot (VIX: a generous guess around the future; strikes outside it
        // are quoted by the model, see the type's documentation).
        var windows: [Int: Double] = [:]
        var checks: [Int: [@Sendable (OptionChain) -> Bool]] = [:]
        for need in entries {
            let dte = need.expiry.calendarDays(from: date)
            windows[dte] = max(windows[dte] ?? 0, need.window)
            checks[dte, default: []].append(need.isWideEnough)
        }
        for leg in legs {
            let dte = leg.expiry.calendarDays(from: date)
            // A PM series settling at today's close is not quoted: it settles at the close.
            guard leg.expiry.years(fromQuoteDate: date, quoteMinute: builder.listing.quoteMinute(on: date)) > 0 else { continue }
            let window = product == .vix ? 0.6 : abs(leg.strike / spot - 1) + 0.005
            windows[dte] = max(windows[dte] ?? 0, window)
        }
        guard !windows.isEmpty else { return nil }

        var parts: [OptionChain] = []
        if builder.realChains.snapshot(on: date, product: product) != nil {
            // A real snapshot's expiries are the day's listing within its span: build the whole
            // range once so that whatever it quotes is used, then check as usual.
            let low = windows.keys.min()!, high = windows.keys.max()!
            guard let chain = build(product, date: date, dtes: low...high, window: windows.values.max()!,
                                    checks: checks.values.flatMap { $0 }) else { return nil }
            parts.append(chain)
        } else {
            for dte in windows.keys.sorted() {
                if let chain = build(product, date: date, dtes: dte...dte, window: windows[dte]!, checks: checks[dte] ?? []) {
                    parts.append(chain)
                }
            }
        }
        guard !parts.isEmpty else { return nil }
        let merged = ChainMerger.merge(parts, adding: legs, day: day, quoter: &quoter)
        modelQuotedLegs += merged.added
        return merged.chain
    }

    /// One build, widened (up to four times) until every check holds.
    private mutating func build(_ product: OptionProduct, date: TradingDate, dtes: ClosedRange<Int>, window: Double,
                                checks: [@Sendable (OptionChain) -> Bool]) -> OptionChain? {
        var window = min(window, Self.widestWindow(product))
        for _ in 0..<5 {
            guard let chain = try? builder.chain(on: date, product: product, minDTE: dtes.lowerBound,
                                                 maxDTE: dtes.upperBound, strikeWindow: window, workspace: &workspace)
            else { return nil }
            if checks.allSatisfy({ $0(chain) }) || window >= Self.widestWindow(product) { return chain }
            window = min(window * 1.6, Self.widestWindow(product))
        }
        return nil
    }

    /// The widest strike window ever asked for: SPX and XSP strikes from 10% to 190% of spot;
    /// VIX from 0 to six times the future.
    static func widestWindow(_ product: OptionProduct) -> Double { product == .vix ? 5 : 0.9 }
}

/// Model quotes for single series, priced exactly as ``ChainBuilder`` synthesizes a chain:
/// the day's ``VolatilitySurface`` (Black-76 on the interpolated VIX future for VIX options),
/// the day's rate and dividend yield, time from the close to settlement, and the builder's
/// ``SpreadModel`` around the model value. Surfaces are built once per day and product.
struct ModelQuoter {
    let builder: ChainBuilder
    private var date: TradingDate?
    private var surfaces: [OptionProduct: VolatilitySurface] = [:]

    init(builder: ChainBuilder) { self.builder = builder }

    /// The quote of `leg`'s series on `day`; when `expiryUnderlying` is given (the chain's
    /// underlying and time for the expiry) those are used, so the quote sits on the same
    /// curve as its neighbours. Nil when the series has settled or the day has no surface.
    mutating func quote(for leg: Leg, day: MarketDay, expiryUnderlying: (underlying: Double, time: Double)?) -> OptionQuote? {
        if date != day.date {
            date = day.date
            surfaces.removeAll(keepingCapacity: true)
        }
        let product = leg.product
        let surface: VolatilitySurface
        if let cached = surfaces[product] {
            surface = cached
        } else {
            guard let built = try? builder.surface(on: day.date, product: product) else { return nil }
            surfaces[product] = built
            surface = built
        }
        let t = expiryUnderlying?.time ?? builder.listing.yearsToSettlement(of: leg.expiry, from: day.date)
        guard t > 0 else { return nil }
        let rate = day.riskFreeRate ?? 0
        let underlying: Double
        let dividendYield: Double
        let volatility: Double
        if product == .vix {
            underlying = expiryUnderlying?.underlying ?? surface.vixFuture(timeToExpiry: t)
            dividendYield = rate
            volatility = surface.vixOptionVolatility(strike: leg.strike, future: underlying, timeToExpiry: t)
        } else {
            underlying = expiryUnderlying?.underlying ?? day.spxClose * product.indexScale
            dividendYield = day.dividendYield ?? 0
            volatility = surface.volatility(strike: leg.strike, timeToExpiry: t)
        }
        let greeks = BlackScholes.greeks(leg.type, spot: underlying, strike: leg.strike, timeToExpiry: t, rate: rate,
                                         dividendYield: dividendYield, volatility: volatility)
        guard greeks.price.isFinite, greeks.delta.isFinite else { return nil }
        let side = builder.spreadModel.quote(mid: greeks.price, product: product, vix: day.vixClose ?? surface.anchors.vix,
                                             timeToExpiry: t)
        return OptionQuote(expiry: leg.expiry, type: leg.type, strike: leg.strike, underlying: underlying,
                           timeToExpiry: t, bid: side.bid, ask: side.ask, mid: greeks.price, iv: volatility,
                           delta: greeks.delta, gamma: greeks.gamma, vega: greeks.vega, theta: greeks.theta,
                           source: .synthetic)
    }
}

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

// MARK: - Which expiries the strategy may enter today

/// The entry needs of a day, from the configuration and the listing: the expiry the
/// selection rule (nearest target DTE within the window, ties to the earlier) will pick, and
/// a strike window wide enough for its strikes.
struct EntryPlanner {
    let config: StrategyConfig
    let listing: ExpiryListing

    /// The listed expiry nearest `target` calendar days within `window` and not yet settled
    /// at the close: the one ``OptionChain/expiryNearest(days:within:)`` picks from a chain
    /// built over the whole window.
    /// The expiry nearest `target` in `primary`, else in `fallback`, with the window it was found in.
    func expiry(_ product: OptionProduct, on date: TradingDate, target: Int, windows primary: ClosedRange<Int>,
                then fallback: ClosedRange<Int>) -> (ListedExpiry, ClosedRange<Int>)? {
        for window in [primary, fallback] {
            if let found = expiry(product, on: date, target: target, window: window) { return (found, window) }
        }
        return nil
    }

    func expiry(_ product: OptionProduct, on date: TradingDate, target: Int, window: ClosedRange<Int>) -> ListedExpiry? {
        let quoteMinute = listing.quoteMinute(on: date)
        var best: ListedExpiry?
        var bestDistance = Int.max
        for expiry in listing.expiries(for: product, on: date) {
            let dte = expiry.calendarDays(from: date)
            guard window.contains(dte), expiry.years(fromQuoteDate: date, quoteMinute: quoteMinute) > 0 else { continue }
            let distance = abs(dte - target)
            if distance < bestDistance { best = expiry; bestDistance = distance }
        }
        return best
    }

    /// The strike window that reaches a put of |delta| `delta` (by a skew-inflated move of
    /// three standard deviations) and `wing` points below it.
    static func putWindow(vix: Double, days: Int, spot: Double, wing: Double) -> Double {
        let sigma = max(vix, 10) / 100 * 1.25
        return min(0.9, 3 * sigma * (Double(max(days, 1)) / 365).squareRoot() + wing / spot + 0.01)
    }

    /// Whether `chain`'s expiry nearest `target` holds a put of |delta| `delta` away from the
    /// bottom of the window with strikes down to `wing` points below it.
    static func holdsPut(_ chain: OptionChain, target: Int, window: ClosedRange<Int>, delta: Double, wing: Double) -> Bool {
        guard let e = chain.expiryNearest(days: target, within: window) else { return true }
        let puts = chain.indices(expiry: e, type: .put)
        guard let i = chain.indexNearestDelta(expiry: e, type: .put, absoluteDelta: delta) else { return puts.isEmpty }
        return i > puts.lowerBound && chain.strikes[puts.lowerBound] <= chain.strikes[i] - wing
    }

    /// The core's expiry: the primary window first, then the fallback window, as
    /// ``BrokenWingButterfly/expiryIndex(in:)`` chooses; the wing at the day's SPX level.
    func core(on day: MarketDay, vix: Double) -> EntryNeed? {
        let core = config.core
        guard let (expiry, range) = expiry(.spx, on: day.date, target: core.coreDTE,
                                           windows: core.expiryWindow, then: core.fallbackWindow) else { return nil }
        let days = expiry.calendarDays(from: day.date)
        let spot = day.spxClose
        let wing = core.wings(atSpot: spot).broken
        let window: Double
        switch core.strikeSelection {
        case .delta: window = Self.putWindow(vix: vix, days: days, spot: spot, wing: wing)
        case .offset: window = min(0.9, core.shortStrikeOffset + wing / spot + 0.02)
        }
        let target = core.coreDTE, delta = core.bwbDelta, searched = range
        let byDelta = core.strikeSelection == .delta
        return EntryNeed(expiry: expiry, window: window) { chain in
            byDelta ? Self.holdsPut(chain, target: target, window: searched, delta: delta, wing: wing) : true
        }
    }

    func probe(on day: MarketDay, vix: Double) -> EntryNeed? {
        let probe = config.probe
        guard let expiry = expiry(.xsp, on: day.date, target: probe.probeDTE, window: probe.expiryWindow) else { return nil }
        let days = expiry.calendarDays(from: day.date)
        let window = Self.putWindow(vix: vix, days: days, spot: day.spxClose / 10, wing: probe.probeWidth)
        let target = probe.probeDTE, range = probe.expiryWindow, delta = probe.probeDelta, wing = probe.probeWidth
        return EntryNeed(expiry: expiry, window: window) { chain in
            Self.holdsPut(chain, target: target, window: range, delta: delta, wing: wing)
        }
    }

    func hedge(on day: MarketDay, vix: Double) -> EntryNeed? {
        let hedge = config.hedge
        guard let (expiry, range) = expiry(.vix, on: day.date, target: hedge.hedgeDTE,
                                           windows: hedge.expiryWindow, then: hedge.fallbackWindow) else { return nil }
        let highest = vix + hedge.hedgeStrikeOffset + hedge.hedgeWidth
        // The future of a 45-60 day expiry sits from about 0.6 (after a spike) to 1.5 times
        // spot VIX; the window is a fraction of the future, so it is sized for the low end.
        let window = max(0.5, (highest + 3) / (0.6 * vix) - 1)
        let target = hedge.hedgeDTE, searched = range
        return EntryNeed(expiry: expiry, window: window) { chain in
            guard let e = chain.expiryNearest(days: target, within: searched) else { return true }
            let calls = chain.indices(expiry: e, type: .call)
            return calls.isEmpty || chain.strikes[calls.upperBound - 1] >= highest
        }
    }
}
