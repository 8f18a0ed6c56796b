import Market
import Pricing

// Which expiry and strikes each component may enter today: the expiry its selection rule
// (nearest target DTE within the window, ties to the earlier) will pick, and a strike window
// wide enough for its strikes. The day step asks the chain source for exactly these.

extension EntryNeed {
    /// The listed expiry nearest `target` calendar days within `window` and not yet settled
    /// at the close: the one ``OptionChain/expiryNearest(days:within:)`` picks from a chain
    /// built over the whole window.
    static func expiry(_ product: OptionProduct, on date: TradingDate, target: Int, window: ClosedRange<Int>,
                       source: some DayChainSource) -> ListedExpiry? {
        let quoteMinute = source.quoteMinute(on: date)
        var best: ListedExpiry?
        var bestDistance = Int.max
        for expiry in source.listedExpiries(product, on: date) {
            let dte = expiry.calendarDays(from: date)
            guard window.contains(dte), expiry.years(fromQuoteDate: date, quoteMinute: quoteMinute) > 0 else { continue }
            let distance = abs(dte - target)
            if distance < bestDistance { best = expiry; bestDistance = distance }
        }
        return best
    }

    /// The expiry nearest `target` in `primary`, else in `fallback`, with the window it was found in.
    static func expiry(_ product: OptionProduct, on date: TradingDate, target: Int, windows primary: ClosedRange<Int>,
                       then fallback: ClosedRange<Int>, source: some DayChainSource) -> (ListedExpiry, ClosedRange<Int>)? {
        for window in [primary, fallback] {
            if let found = expiry(product, on: date, target: target, window: window, source: source) { return (found, window) }
        }
        return nil
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
}

extension BrokenWingButterfly {
    /// The core's expiry (the primary window first, then the fallback window, as
    /// ``expiryIndex(in:)`` chooses) and the strikes down to the broken wing at the day's SPX level.
    public func entryNeed(on day: MarketDay, vix: Double, source: some DayChainSource) -> EntryNeed? {
        let core = config
        guard let (expiry, range) = EntryNeed.expiry(.spx, on: day.date, target: core.coreDTE, windows: core.expiryWindow,
                                                     then: core.fallbackWindow, source: source) else { return nil }
        let days = expiry.calendarDays(from: day.date)
        let spot = day.spxClose
        let wing = core.wings(atSpot: spot).broken
        let window: Double
        switch core.strikeSelection {
        case .delta: window = EntryNeed.putWindow(vix: vix, days: days, spot: spot, wing: wing)
        case .offset: window = min(0.9, core.shortStrikeOffset + wing / spot + 0.02)
        }
        let target = core.coreDTE, delta = core.bwbDelta, searched = range
        let byDelta = core.strikeSelection == .delta
        return EntryNeed(expiry: expiry, type: .put, window: window) { chain in
            byDelta ? EntryNeed.holdsPut(chain, target: target, window: searched, delta: delta, wing: wing) : true
        }
    }
}

extension ProbeScout {
    /// The probe's expiry and the strikes from its short put down to the long one.
    public func entryNeed(on day: MarketDay, vix: Double, source: some DayChainSource) -> EntryNeed? {
        let probe = config
        guard let expiry = EntryNeed.expiry(.xsp, on: day.date, target: probe.probeDTE, window: probe.expiryWindow,
                                            source: source) else { return nil }
        let days = expiry.calendarDays(from: day.date)
        let window = EntryNeed.putWindow(vix: vix, days: days, spot: day.spxClose / 10,
                                         wing: probe.probeWidth)
        let target = probe.probeDTE, range = probe.expiryWindow, delta = probe.probeDelta, wing = probe.probeWidth
        return EntryNeed(expiry: expiry, type: .put, window: window) { chain in
            EntryNeed.holdsPut(chain, target: target, window: range, delta: delta, wing: wing)
        }
    }
}

extension VIXHedgeManager {
    /// The hedge's expiry and the calls up to the short strike above VIX.
    public func entryNeed(on day: MarketDay, vix: Double, source: some DayChainSource) -> EntryNeed? {
        let hedge = config
        guard let (expiry, range) = EntryNeed.expiry(.vix, on: day.date, target: hedge.hedgeDTE, windows: hedge.expiryWindow,
                                                     then: hedge.fallbackWindow, source: source) else { return nil }
        let highest = vix + hedge.hedgeStrikeOffset + hedge.hedgeWidth
        // The future of a 45-60 day expiry sits from about 0.6 (after a spike) to 1.5 times
        // spot VIX; the window is a fraction of the future, so it is sized for the low end.
        let window = max(0.5, (highest + 3) / (0.6 * vix) - 1)
        let target = hedge.hedgeDTE, searched = range
        return EntryNeed(expiry: expiry, type: .call, window: window) { chain in
            guard let e = chain.expiryNearest(days: target, within: searched) else { return true }
            let calls = chain.indices(expiry: e, type: .call)
            return calls.isEmpty || chain.strikes[calls.upperBound - 1] >= highest
        }
    }
}
