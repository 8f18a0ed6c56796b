import Market
import Pricing

/// Builds one product's chain for one day from exactly what the strategy looks at: the entry
/// expiries of the day (full strike windows) and the legs of the open positions.
///
/// The chain builder is asked once for exactly the expiries in play, each with the narrowest
/// strike window that holds its strikes, and only for the sides the entries and legs are on
/// (puts for SPX and XSP, calls for VIX, as the strategy trades them), so a day with daily
/// SPX expiries builds a few expiries rather than every one in 0-60 days. On a day with a real snapshot the whole DTE
/// span is asked for, so that whatever the snapshot quotes is used.
///
/// A leg of an open position whose series the built chain does not hold (a strike off the
/// synthetic grid once the index has moved away from it, or outside the strike window) is
/// quoted by `ChainBuilder.modelQuotes(_:on:product:expiryUnderlyings:workspace:)`, the code that synthesizes chains, and
/// marked synthetic: a listed series does not disappear because the index moved. So every
/// open leg has a quote, a mark and greeks; none is silently dropped and none is a NaN.
public struct DayChainAssembler: DayChainSource, Sendable {
    /// The history, real snapshots and listing the chains are built from.
    public let builder: ChainBuilder
    /// Reused buffers of the chain builder.
    var workspace = ChainWorkspace()
    /// The day's builds shared with other configurations stepped on the same thread, if any.
    let sharing: DayChainCache?

    /// An assembler building from `builder`, sharing the day's builds through `sharing`.
    ///
    /// - Parameters:
    ///   - builder: The history, real snapshots and listing to build chains from.
    ///   - sharing: a cache of the day's builds that assemblers of other
    ///     configurations stepping through the same days on this thread share; the chains are
    ///     the same to the bit with or without it.
    public init(builder: ChainBuilder, sharing: DayChainCache? = nil) {
        self.builder = builder
        self.sharing = sharing
    }

    /// The expiries of `product` the tabulated listing holds on `date`, in settlement order.
    public func listedExpiries(_ product: OptionProduct, on date: TradingDate) -> [ListedExpiry] {
        builder.listedExpiries(product, on: date)
    }

    /// The quote time of `date`, minutes after midnight New York time: the session's close.
    public func quoteMinute(on date: TradingDate) -> Int { builder.listing.quoteMinute(on: date) }

    /// The chain of `product` on `day` holding the `entries` expiries (full strike windows) and
    /// every series of `legs`, with how many of those series were quoted by the model; nil when
    /// the product is not listed yet, the day lacks the data a chain is priced from, or nothing
    /// is needed.
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
        // Only the sides the entries and the legs are on are built.
        var types: OptionTypeSet = []
        for need in entries { types.insert(OptionTypeSet(need.type)) }
        for leg in legs { types.insert(OptionTypeSet(leg.type)) }
        for need in entries {
            let dte = need.expiry.calendarDays(from: date)
            windows[dte] = max(windows[dte] ?? 0, need.window)
            checks[dte, default: []].append(need.isWideEnough)
        }
        let quoteMinute = builder.listing.quoteMinute(on: date)
        for leg in legs {
            let dte = leg.expiry.calendarDays(from: date)
            // A PM series settling at today's close is not quoted: it settles at the close.
            guard leg.expiry.years(fromQuoteDate: date, quoteMinute: quoteMinute) > 0 else { continue }
            let window = product == .vix ? 0.6 : abs(leg.strike / spot - 1) + 0.005
            windows[dte] = max(windows[dte] ?? 0, window)
        }
        guard !windows.isEmpty else { return nil }

        let groups: [WindowGroup]
        if builder.realChains.contains(date: date, product: product) {
            // A real snapshot's expiries are the day's listing within its span: the whole span
            // shares one window, so that whatever the snapshot quotes is used.
            groups = [WindowGroup(dtes: windows.keys.min()!...windows.keys.max()!, window: windows.values.max()!,
                                  checks: checks.values.flatMap { $0 })]
        } else {
            groups = windows.keys.sorted().map { WindowGroup(dtes: $0...$0, window: windows[$0]!, checks: checks[$0] ?? []) }
        }
        guard let chain = build(product, date: date, groups: groups, types: types) else { return nil }
        return HeldLegQuotes.adding(legs, to: chain, day: day, builder: builder, workspace: &workspace)
    }

    /// Expiries sharing one strike window, by calendar days to settlement, and the checks their
    /// chain must pass.
    struct WindowGroup {
        var dtes: ClosedRange<Int>
        var window: Double
        var checks: [@Sendable (OptionChain) -> Bool]
    }

    /// One chain of every group's expiries, each group's window widened (by 1.6, up to four
    /// times) until its checks hold; a group whose checks still fail after the fourth widening
    /// is left out, as a build of that group alone would be.
    private mutating func build(_ product: OptionProduct, date: TradingDate, groups: [WindowGroup],
                                types: OptionTypeSet) -> OptionChain? {
        let widest = Self.widestWindow(product)
        var windows: [Int: Double] = Dictionary(uniqueKeysWithValues: groups.indices.map { ($0, min(groups[$0].window, widest)) })
        var builds = [Int](repeating: 0, count: groups.count)
        var settled = Set<Int>()
        while true {
            var strikeWindows: [Int: Double] = [:]
            for (g, window) in windows {
                for dte in groups[g].dtes { strikeWindows[dte] = window }
            }
            guard !strikeWindows.isEmpty,
                  let chain = try? builtChain(product, date: date, strikeWindows: strikeWindows, types: types)
            else { return nil }
            var changed = false
            for g in groups.indices where windows[g] != nil && !settled.contains(g) {
                builds[g] += 1
                let window = windows[g]!
                if groups[g].checks.allSatisfy({ $0(chain) }) || window >= widest {
                    settled.insert(g)
                } else if builds[g] == 5 {
                    windows[g] = nil
                    changed = true
                } else {
                    windows[g] = min(window * 1.6, widest)
                    changed = true
                }
            }
            if !changed { return chain }
        }
    }

    private mutating func builtChain(_ product: OptionProduct, date: TradingDate, strikeWindows: [Int: Double],
                                     types: OptionTypeSet) throws(ChainBuilderError) -> OptionChain {
        if let sharing {
            return try sharing.chain(builder, on: date, product: product, strikeWindows: strikeWindows, types: types,
                                     workspace: &workspace)
        }
        return try builder.chain(on: date, product: product, strikeWindows: strikeWindows, types: types,
                                 workspace: &workspace)
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
