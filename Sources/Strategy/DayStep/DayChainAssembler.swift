import Market
import Pricing

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
/// quoted by ``ChainBuilder/modelQuotes(_:on:product:expiryUnderlyings:workspace:)``, the code that synthesizes chains, and
/// marked synthetic: a listed series does not disappear because the index moved. So every
/// open leg has a quote, a mark and greeks; none is silently dropped and none is a NaN.
public struct DayChainAssembler: DayChainSource, Sendable {
    public let builder: ChainBuilder
    /// Reused buffers of the chain builder.
    var workspace = ChainWorkspace()

    public init(builder: ChainBuilder) {
        self.builder = builder
    }

    public func listedExpiries(_ product: OptionProduct, on date: TradingDate) -> [ListedExpiry] {
        builder.listedExpiries(product, on: date)
    }

    public func quoteMinute(on date: TradingDate) -> Int { builder.listing.quoteMinute(on: date) }

    public mutating func chain(product: OptionProduct, day: MarketDay, entries: [EntryNeed], legs: [Leg])
        -> (chain: OptionChain, modelQuotedLegs: Int)? {
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
        if builder.realChains.contains(date: date, product: product) {
            // A real snapshot's expiries are the day's listing within its span: build the whole
            // range once so that whatever it quotes is used, then check as usual.
            let low = windows.keys.min()!, high = windows.keys.max()!
            guard let chain = build(product, date: date, dtes: low...high, window: windows.values.max()!,
                                    checks: checks.values.flatMap { $0 }) else { return nil }
            parts.append(chain)
        } else {
            guard let chain = buildUnion(product, date: date, windows: windows, checks: checks) else { return nil }
            parts.append(chain)
        }
        guard !parts.isEmpty else { return nil }
        let merged = ChainMerger.merge(parts, adding: legs, day: day, builder: builder, workspace: &workspace)
        return (merged.chain, merged.added)
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

    /// One chain holding every expiry of `windows` (by calendar days to settlement), each with
    /// its own strike window, widened per expiry (up to four times) until that expiry's checks
    /// hold; an expiry whose checks still fail after the fourth widening is left out, as a
    /// build of that expiry alone would be.
    private mutating func buildUnion(_ product: OptionProduct, date: TradingDate, windows requested: [Int: Double],
                                     checks: [Int: [@Sendable (OptionChain) -> Bool]]) -> OptionChain? {
        let widest = Self.widestWindow(product)
        var windows = requested.mapValues { min($0, widest) }
        var builds: [Int: Int] = [:]
        var settled: Set<Int> = []
        while true {
            guard !windows.isEmpty,
                  let chain = try? builder.chain(on: date, product: product, strikeWindows: windows, workspace: &workspace)
            else { return nil }
            var changed = false
            for dte in windows.keys.sorted() where !settled.contains(dte) {
                builds[dte, default: 0] += 1
                let window = windows[dte]!
                if (checks[dte] ?? []).allSatisfy({ $0(chain) }) || window >= widest {
                    settled.insert(dte)
                } else if builds[dte]! == 5 {
                    windows[dte] = nil
                    changed = true
                } else {
                    windows[dte] = min(window * 1.6, widest)
                    changed = true
                }
            }
            if !changed { return chain }
        }
    }

    /// The widest strike window ever asked for: SPX and XSP strikes from 10% to 190% of spot;
    /// VIX from 0 to six times the future.
    static func widestWindow(_ product: OptionProduct) -> Double { product == .vix ? 5 : 0.9 }
}


extension OptionChain {
    /// A chain of `product` on `day` that lists no expiry: the day's answer when the product
    /// is listed but nothing lies in the entry window.
    static func empty(_ product: OptionProduct, day: MarketDay, vix: Double) -> OptionChain {
        let rate = day.riskFreeRate ?? 0
        return OptionChain(date: day.date, product: product, spot: product == .vix ? vix : day.spxClose * product.indexScale,
                           rate: rate, dividendYield: product == .vix ? rate : (day.dividendYield ?? 0), expiries: [],
                           underlyings: [], timesToExpiry: [], columns: OptionColumns())
    }
}
