import Foundation
import Pricing

/// Why a chain could not be built.
public enum ChainBuilderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The date is not a session of the loaded history (a weekend, a holiday, or outside
    /// its range, given as `first...last`).
    case notASession(TradingDate, first: TradingDate?, last: TradingDate?)
    /// The product had no listed options yet on the date.
    case notListed(OptionProduct, TradingDate)
    /// The day lacks a series the chain is priced from (VIX close for the surface).
    case missingData(TradingDate, series: String)
    /// The request itself is inconsistent (negative or inverted DTE range, window not positive).
    case invalidRequest(String)
    /// The day's real snapshot could not be read.
    case realChain(RealChainFileError)

    public var description: String {
        switch self {
        case let .notASession(date, first, last):
            var text = "\(date) is not a session of the market history"
            if let first, let last {
                text += date < first || date > last
                    ? " (it covers \(first) to \(last))"
                    : " (a \(date.isWeekend ? "weekend" : "market holiday"))"
            }
            return text
        case let .notListed(product, date):
            return "\(product.rawValue) options were first listed on \(product.firstListed); there is no chain on \(date)"
        case let .missingData(date, series):
            return "\(date) has no \(series) in the market history; its chain cannot be priced"
        case let .realChain(error):
            return "the real chain snapshot cannot be read: \(error)"
        case let .invalidRequest(reason):
            return reason
        }
    }
}

/// Reusable buffers for ``ChainBuilder/chain(on:product:minDTE:maxDTE:strikeWindow:workspace:)``.
///
/// A backtest that builds a chain every day keeps one workspace per thread, so the kernel
/// inputs and outputs are allocated once, not per chain. A workspace holds no result: the
/// chain returned owns its columns.
public struct ChainWorkspace: Sendable {
    // The kernel's input columns, refilled in place for every chain.
    var types: [OptionType] = []
    var spots: [Double] = []
    var strikes: [Double] = []
    var times: [Double] = []
    var rates: [Double] = []
    var dividendYields: [Double] = []
    var volatilities: [Double] = []
    var greeks = GreeksBatch(count: 0)
    // Real quotes only.
    var quotes = QuoteBatch()
    var impliedVolatilities: [Double] = []
    var ivStatus: [IVStatus] = []

    public init() {}

    /// Sets every input column to `count` elements, keeping the allocations.
    mutating func resize(to count: Int) {
        Self.resize(&types, count, filler: .put)
        for column in [\Self.spots, \.strikes, \.times, \.rates, \.dividendYields, \.volatilities] {
            Self.resize(&self[keyPath: column], count, filler: 0)
        }
    }

    private static func resize<T>(_ array: inout [T], _ count: Int, filler: T) {
        if array.count > count {
            array.removeLast(array.count - count)
        } else if array.count < count {
            array.append(contentsOf: repeatElement(filler, count: count - array.count))
        }
    }
}

/// Builds the option chain of any day and product: synthesized from the day's real series, or
/// read from a real snapshot where one exists.
///
/// Built once over a ``MarketHistory`` (and the real snapshots it is given) and shared, read
/// only, by every backtest of a sweep; it is a value type holding no mutable state, so it can
/// be used from many threads at once (each with its own ``ChainWorkspace``).
///
/// ## Synthesized chains
/// - **Expiries**: ``ExpiryListing`` on the date (settlement AM or PM by era); only expiries
///   `minDTE...maxDTE` calendar days out whose settlement is still ahead of the quote time
///   (a PM series settling at today's close is not quoted: it is worth its settlement value).
/// - **Strikes**: ``StrikeGrid`` within `strikeWindow` (a fraction) of the expiry's underlying.
/// - **SPX and XSP**: spot is the SPX close (XSP one tenth of it); rate and dividend yield are
///   the day's (missing ones count as 0, as in ``SurfaceAnchors``); the vol of each strike is
///   the ``VolatilitySurface`` anchored on the day, with the builder's parameters.
/// - **VIX**: Black-76 on the VIX future of the expiry, interpolated from the day's real
///   settles (``VolatilitySurface/vixFuture(timeToExpiry:)``), with the surface's VIX-option
///   vol; the chain's dividend yield is then the rate (Black-76 as Black-Scholes with q = r),
///   and each expiry's underlying is its future, not spot VIX.
/// - Prices and greeks come from one ``BlackScholes/greeks(_:into:path:)`` batch over the
///   whole chain; mid = model price, `iv` = the surface vol, bid/ask from the ``SpreadModel``
///   (regime = the day's VIX close). Put-call parity holds exactly on the mids.
///
/// ## Real chains
/// Where the builder holds a real snapshot of (day, product), every expiry the snapshot
/// quotes is taken from it (see ``RealChainLibrary`` for which quotes and how they are
/// priced), and between its first and last quoted expiry the snapshot's expiries are the
/// day's listing, whatever the listing rules say. Listed expiries before or after that span
/// are synthesized, so a snapshot of the near expiries only (2023-12-08) or of a few far
/// ones (2025-10-01) still gives a full chain. Every quote says which it is.
public struct ChainBuilder: Sendable {
    public let history: MarketHistory
    public let surfaceParameters: SurfaceParameters
    public let spreadModel: SpreadModel
    public let realChains: RealChainLibrary
    public let listing: ExpiryListing
    /// The listing of every session of the history, per product, when tabulated at init.
    let schedules: [OptionProduct: ExpirySchedule]
    /// How each day's surface is anchored, and the fits tabulated at init. A reference, so that
    /// the builder's own layout stays as it was: debug builds of this toolchain have crashed
    /// copying optional builders around with more stored fields.
    let anchorTable: AnchorFitTable
    /// How each day's surface is anchored on its VIX, VIX9D, VIX3M and SKEW (``SurfaceAnchorFit``).
    public var anchoring: SurfaceAnchoring { anchorTable.anchoring }

    /// Strike windows used when the caller names none: 15% of spot for SPX and XSP (the
    /// strategy trades 0.10-0.25 delta within about 10% of spot), and 100% of the future for
    /// VIX (hedges buy calls 5-15 points above VIX, far up the grid).
    public static func defaultStrikeWindow(for product: OptionProduct) -> Double {
        product == .vix ? 1.0 : 0.15
    }

    /// A builder over `history`.
    ///
    /// - Parameter tabulateExpiries: compute the listed expiries of every product on every
    ///   session of the history now (``ExpirySchedule``, about a tenth of a second per
    ///   product, in parallel), so that each chain looks them up instead of applying the
    ///   listing rules (about 20 microseconds a chain). Worth it for backtests; not for one chain.
    public init(history: MarketHistory, realChains: RealChainLibrary = RealChainLibrary(),
                surfaceParameters: SurfaceParameters = .default, spreadModel: SpreadModel = .default,
                listing: ExpiryListing = .nyse, tabulateExpiries: Bool = false, anchoring: SurfaceAnchoring = .default) {
        self.history = history
        self.realChains = realChains
        self.surfaceParameters = surfaceParameters
        self.spreadModel = spreadModel
        self.listing = listing
        // The anchored fits of every day with the expiry tables: both are what a backtest
        // asks for on every session, so they are paid for once per history load.
        let fits = tabulateExpiries && anchoring != .parametric
            ? Self.fitAll(history: history, parameters: surfaceParameters, spreadModel: spreadModel,
                          calendar: listing.calendar, anchoring: anchoring)
            : []
        anchorTable = AnchorFitTable(anchoring: anchoring, fits: fits)
        if tabulateExpiries, let first = history.dates.first, let last = history.dates.last {
            let products = OptionProduct.allCases
            let tables = ParallelSlots<ExpirySchedule>(count: products.count)
            DispatchQueue.concurrentPerform(iterations: products.count) { k in
                tables[k] = ExpirySchedule(product: products[k], from: first, through: last, listing: listing)
            }
            schedules = Dictionary(uniqueKeysWithValues: products.indices.map { (products[$0], tables[$0]!) })
        } else {
            schedules = [:]
        }
    }

    /// This builder with `snapshots` added to its real chains, each replacing any held for the
    /// same day and product (a trader's own quote download for the day, say); the history,
    /// surface fits and expiry tables are shared, not rebuilt.
    ///
    /// - Throws: ``RealChainFileError`` for a snapshot of a product the strategy does not trade.
    public func adding(_ snapshots: [ChainSnapshot]) throws(RealChainFileError) -> ChainBuilder {
        var library = realChains
        for snapshot in snapshots { try library.add(snapshot) }
        return ChainBuilder(self, realChains: library)
    }

    private init(_ other: ChainBuilder, realChains: RealChainLibrary) {
        history = other.history
        surfaceParameters = other.surfaceParameters
        spreadModel = other.spreadModel
        self.realChains = realChains
        listing = other.listing
        schedules = other.schedules
        anchorTable = other.anchorTable
    }

    /// The expiries of `product` listed on `date` (a session), from the tabulated schedule
    /// when the builder has one.
    public func listedExpiries(_ product: OptionProduct, on date: TradingDate) -> [ListedExpiry] {
        if let schedule = schedules[product], schedule.dates.contains(date) { return Array(schedule.expiries(on: date)) }
        return listing.expiries(for: product, on: date)
    }

    /// Loads the history from `directory` and, when `discoverSnapshots` is set, the real
    /// snapshots found there (``RealChainLibrary/discover(in:)``); `extraSnapshots` are added
    /// last and win over discovered ones of the same day and product.
    public static func load(from directory: DataDirectory, options: MarketHistory.Options = .init(),
                            discoverSnapshots: Bool = true, extraSnapshots: [ChainSnapshot] = []) throws -> ChainBuilder {
        let history = try MarketHistory.load(from: directory, options: options)
        var library = discoverSnapshots ? try RealChainLibrary.discover(in: directory) : RealChainLibrary()
        for snapshot in extraSnapshots { try library.add(snapshot) }
        return ChainBuilder(history: history, realChains: library, tabulateExpiries: true)
    }

    // MARK: The day's market

    /// The surface anchored on `date`'s real series for `product` (VIX options use the SPX
    /// anchors, which carry the futures curve and VVIX).
    public func surface(on date: TradingDate, product: OptionProduct) throws(ChainBuilderError) -> VolatilitySurface {
        let day = try marketDay(date)
        return try surface(day, product: product)
    }

    func marketDay(_ date: TradingDate) throws(ChainBuilderError) -> MarketDay {
        guard let i = history.index(of: date) else {
            throw .notASession(date, first: history.dates.first, last: history.dates.last)
        }
        return history[i]
    }

    func surface(_ day: MarketDay, product: OptionProduct) throws(ChainBuilderError) -> VolatilitySurface {
        guard let anchors = SurfaceAnchors(day: day, product: product == .xsp ? .xsp : .spx, calendar: listing.calendar) else {
            throw .missingData(day.date, series: "VIX close")
        }
        guard anchoring != .parametric else { return VolatilitySurface(anchors: anchors, parameters: surfaceParameters) }
        return VolatilitySurface(anchors: anchors, parameters: surfaceParameters, fit: anchorFit(day))
    }

    /// The day's anchored fit: tabulated, or fitted now on the SPX anchors (the fit is in
    /// moneyness, so it serves XSP and the VIX options' SPX anchors alike).
    public func anchorFit(_ day: MarketDay) -> SurfaceAnchorFit? {
        guard anchoring != .parametric else { return nil }
        if !anchorTable.fits.isEmpty, let i = history.index(of: day.date) { return anchorTable.fits[i] }
        guard let anchors = SurfaceAnchors(day: day, product: .spx, calendar: listing.calendar) else { return nil }
        return SurfaceAnchorFit.fit(anchors: anchors, date: day.date, parameters: surfaceParameters, spreadModel: spreadModel,
                                    matchSkew: anchoring == .levelsAndSkew)
    }

    /// The fits of every session of `history`, in parallel.
    static func fitAll(history: MarketHistory, parameters: SurfaceParameters, spreadModel: SpreadModel,
                       calendar: TradingCalendar, anchoring: SurfaceAnchoring) -> [SurfaceAnchorFit?] {
        let count = history.count
        let fits = ParallelSlots<SurfaceAnchorFit>(count: count)
        let chunk = 64
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { c in
            for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                guard let anchors = SurfaceAnchors(day: history[i], product: .spx, calendar: calendar) else { continue }
                fits[i] = SurfaceAnchorFit.fit(anchors: anchors, date: history[i].date, parameters: parameters,
                                               spreadModel: spreadModel,
                                               matchSkew: anchoring == .levelsAndSkew)
            }
        }
        return (0..<count).map { fits[$0] }
    }

    // MARK: Chains

    /// The chain of `product` on `date`: every expiry `minDTE...maxDTE` calendar days out,
    /// strikes within `strikeWindow` (a fraction of the underlying; nil for
    /// ``defaultStrikeWindow(for:)``).
    ///
    /// - Throws: ``ChainBuilderError`` when `date` is not a session of the history, the
    ///   product was not listed yet, the day lacks its VIX close, or the request is inconsistent.
    public func chain(on date: TradingDate, product: OptionProduct, minDTE: Int, maxDTE: Int,
                      strikeWindow: Double? = nil) throws(ChainBuilderError) -> OptionChain {
        var workspace = ChainWorkspace()
        return try chain(on: date, product: product, minDTE: minDTE, maxDTE: maxDTE,
                         strikeWindow: strikeWindow, workspace: &workspace)
    }

    /// As ``chain(on:product:minDTE:maxDTE:strikeWindow:)``, reusing `workspace`'s buffers.
    public func chain(on date: TradingDate, product: OptionProduct, minDTE: Int, maxDTE: Int,
                      strikeWindow: Double? = nil, workspace: inout ChainWorkspace) throws(ChainBuilderError) -> OptionChain {
        let window = strikeWindow ?? Self.defaultStrikeWindow(for: product)
        guard minDTE >= 0, minDTE <= maxDTE else {
            throw .invalidRequest("the DTE range \(minDTE)...\(maxDTE) is empty or negative")
        }
        guard window > 0, window.isFinite else {
            throw .invalidRequest("the strike window must be a positive fraction of the underlying, not \(window)")
        }
        return try chain(on: date, product: product, workspace: &workspace) { days in
            days >= minDTE && days <= maxDTE ? window : nil
        }
    }

    /// The chain of `product` on `date` holding exactly the expiries whose calendar days to
    /// settlement are keys of `strikeWindows`, each with its own strike window: the union of
    /// what a day's consumers need, built in one pass (one surface, one kernel call) instead
    /// of one chain per expiry merged afterwards. The same expiries and windows give the same
    /// quotes as ``chain(on:product:minDTE:maxDTE:strikeWindow:workspace:)`` per expiry.
    /// `types` leaves out the side nobody reads (its slices are then empty); the options kept
    /// are the same to the bit.
    public func chain(on date: TradingDate, product: OptionProduct, strikeWindows: [Int: Double],
                      types: OptionTypeSet = .both,
                      workspace: inout ChainWorkspace) throws(ChainBuilderError) -> OptionChain {
        for (days, window) in strikeWindows {
            guard days >= 0 else { throw .invalidRequest("a negative DTE \(days) was asked for") }
            guard window > 0, window.isFinite else {
                throw .invalidRequest("the strike window must be a positive fraction of the underlying, not \(window)")
            }
        }
        guard !types.isEmpty else { throw .invalidRequest("a chain of neither puts nor calls was asked for") }
        return try chain(on: date, product: product, types: types, workspace: &workspace) { strikeWindows[$0] }
    }

    /// The chain of the expiries `windowFor` gives a strike window for (by calendar days to
    /// settlement); nil leaves an expiry out.
    private func chain(on date: TradingDate, product: OptionProduct, types: OptionTypeSet = .both,
                       workspace: inout ChainWorkspace,
                       windowFor: (Int) -> Double?) throws(ChainBuilderError) -> OptionChain {
        let day = try marketDay(date)
        guard product.isListed(on: date) else { throw .notListed(product, date) }
        let surface = try surface(day, product: product)
        let quoteMinute = listing.quoteMinute(on: date)
        let rate = day.riskFreeRate ?? 0
        let spot = product == .vix ? (day.vixClose ?? surface.anchors.vix) : day.spxClose * product.indexScale
        let dividendYield = product == .vix ? rate : (day.dividendYield ?? 0)
        let regimeVIX = day.vixClose ?? surface.anchors.vix
        let real: ChainSnapshot?
        do {
            real = try realChains.snapshot(on: date, product: product)
        } catch {
            throw .realChain(error)
        }

        // The expiries: the listing's, and the real snapshot's (real data wins for those it quotes).
        var expiries: [ListedExpiry] = []
        var realExpiries: [ListedExpiry: RealExpiryRows] = [:]
        let listed = listedExpiries(product, on: date)
        if let real {
            realExpiries = real.expiryRows(listed: listed, calendar: listing.calendar)
        }
        // Within the span of expiries the snapshot quotes, its set is the day's listing; listed
        // expiries outside it (a snapshot of the near expiries only, or of a few far ones) are
        // synthesized.
        let realSettlements = realExpiries.keys.map(\.settlementDate)
        let realSpan = realSettlements.min().map { $0...realSettlements.max()! }
        for expiry in listed where realSpan.map({ !$0.contains(expiry.settlementDate) }) ?? true {
            expiries.append(expiry)
        }
        expiries += realExpiries.keys
        expiries = expiries.filter { expiry in
            windowFor(expiry.calendarDays(from: date)) != nil
                && expiry.years(fromQuoteDate: date, quoteMinute: quoteMinute) > 0
        }.sorted()

        // Plan: each expiry's strikes (synthetic) or snapshot rows (real), so that the columns
        // can be sized once and filled in place.
        var plans: [ExpiryPlan] = []
        plans.reserveCapacity(expiries.count)
        var total = 0
        for expiry in expiries {
            let window = windowFor(expiry.calendarDays(from: date))!
            var plan: ExpiryPlan
            if let rows = realExpiries[expiry], let real {
                let t = rows.timeToExpiry
                let underlying = product == .vix ? surface.vixFuture(timeToExpiry: t) : real.underlyingLast
                plan = ExpiryPlan(timeToExpiry: t, underlying: underlying, strikes: [],
                                  realRows: rows.rows.filter {
                                      types.holds(real.types[$0]) && abs(real.strikes[$0] / underlying - 1) <= window
                                  })
                total += plan.realRows.count
            } else {
                let t = expiry.years(fromQuoteDate: date, quoteMinute: quoteMinute)
                let underlying = product == .vix ? surface.vixFuture(timeToExpiry: t) : spot
                plan = ExpiryPlan(timeToExpiry: t, underlying: underlying,
                                  strikes: StrikeGrid.strikes(product: product, expiry: expiry, quoteDate: date,
                                                              underlying: underlying, window: window),
                                  realRows: [])
                total += types.sideCount * plan.strikes.count
            }
            plans.append(plan)
        }

        workspace.resize(to: total)
        var columns = OptionColumns(capacity: 0)
        columns.expiryIndex.reserveCapacity(total)
        columns.sources.reserveCapacity(total)
        var realOptions: [RealOption] = []
        var offset = 0
        for (e, plan) in plans.enumerated() {
            let q = product == .vix ? rate : dividendYield
            let end: Int
            if plan.realRows.isEmpty {
                end = offset + types.sideCount * plan.strikes.count
                fillSynthetic(plan, at: offset, product: product, surface: surface, rate: rate, dividendYield: q,
                              types: types, workspace: &workspace)
            } else {
                end = offset + plan.realRows.count
                fillReal(plan, snapshot: real!, at: offset, product: product, surface: surface, rate: rate,
                         dividendYield: q, workspace: &workspace, realOptions: &realOptions)
            }
            columns.expiryIndex.append(contentsOf: repeatElement(Int32(e), count: end - offset))
            columns.sources.append(contentsOf: repeatElement(plan.realRows.isEmpty ? .synthetic : .real, count: end - offset))
            offset = end
        }

        // Real quotes: the implied vol of the published mid replaces the surface vol.
        var realVolatilities: [Double] = []
        if let real, !realOptions.isEmpty {
            realVolatilities = solveRealVolatilities(realOptions, snapshot: real, workspace: &workspace)
        }

        try priceAndQuote(&columns, workspace: &workspace, product: product, date: date, plans: plans, regimeVIX: regimeVIX)
        if let real {
            for (k, option) in realOptions.enumerated() {
                let i = option.position
                columns.bids[i] = real.bids[option.row]
                columns.asks[i] = real.asks[option.row]
                columns.mids[i] = real.mid(at: option.row)
                columns.ivs[i] = realVolatilities[k]
            }
        }
        return OptionChain(
            date: date, product: product, spot: spot, rate: rate, dividendYield: dividendYield,
            expiries: expiries, underlyings: plans.map(\.underlying), timesToExpiry: plans.map(\.timeToExpiry),
            columns: columns)
    }

    /// Writes the puts then the calls (those of `types`) of every strike of `plan` at
    /// `offset`, each strike's vol computed once for both.
    func fillSynthetic(_ plan: ExpiryPlan, at offset: Int, product: OptionProduct, surface: VolatilitySurface,
                       rate: Double, dividendYield: Double, types: OptionTypeSet = .both,
                       workspace: inout ChainWorkspace) {
        let m = plan.strikes.count
        let t = plan.timeToExpiry, underlying = plan.underlying
        // Where each side starts: the calls after the puts, or in their place without them.
        let calls = types.contains(.puts) ? offset + m : offset
        // The first side written: the puts, or the calls alone; the second, if any, copies it.
        let second = types == .both ? calls : nil
        let smile = FastSmile(Self.slice(of: surface, product: product, underlying: underlying, timeToExpiry: t))
        workspace.volatilities.withUnsafeMutableBufferPointer { sigma in
            workspace.strikes.withUnsafeMutableBufferPointer { strike in
                for (j, k) in plan.strikes.enumerated() {
                    let vol = smile.volatility(strike: k)
                    sigma[offset + j] = vol
                    strike[offset + j] = k
                    if let second {
                        sigma[second + j] = vol
                        strike[second + j] = k
                    }
                }
            }
        }
        let range = offset..<(offset + types.sideCount * m)
        Self.fill(&workspace.spots, range, underlying)
        Self.fill(&workspace.times, range, t)
        Self.fill(&workspace.rates, range, rate)
        Self.fill(&workspace.dividendYields, range, dividendYield)
        workspace.types.withUnsafeMutableBufferPointer { kinds in
            for i in offset..<calls { kinds[i] = .put }
            for i in calls..<range.upperBound { kinds[i] = .call }
        }
    }

    /// The smile of one expiry: the surface's for SPX and XSP, its VIX-option smile on the
    /// expiry's future (`underlying`) for VIX.
    static func slice(of surface: VolatilitySurface, product: OptionProduct, underlying: Double,
                      timeToExpiry t: Double) -> VolatilitySlice {
        product == .vix ? surface.vixOptionSlice(future: underlying, timeToExpiry: t) : surface.slice(timeToExpiry: t)
    }

    /// Writes the snapshot's rows of `plan` at `offset` (vols: the surface's, for now).
    private func fillReal(_ plan: ExpiryPlan, snapshot: ChainSnapshot, at offset: Int, product: OptionProduct,
                          surface: VolatilitySurface, rate: Double, dividendYield: Double,
                          workspace: inout ChainWorkspace, realOptions: inout [RealOption]) {
        let t = plan.timeToExpiry, underlying = plan.underlying
        let slice = Self.slice(of: surface, product: product, underlying: underlying, timeToExpiry: t)
        for (j, row) in plan.realRows.enumerated() {
            let i = offset + j
            let k = snapshot.strikes[row]
            workspace.types[i] = snapshot.types[row]
            workspace.strikes[i] = k
            workspace.spots[i] = underlying
            workspace.times[i] = t
            workspace.rates[i] = rate
            workspace.dividendYields[i] = dividendYield
            workspace.volatilities[i] = slice.volatility(strike: k)
            realOptions.append(RealOption(position: i, row: row))
        }
    }

    private static func fill(_ column: inout [Double], _ range: Range<Int>, _ value: Double) {
        column.withUnsafeMutableBufferPointer { buffer in
            for i in range { buffer[i] = value }
        }
    }

    /// Solves the real mids' implied vols and puts them in the kernel's vol column where one
    /// exists (the surface vol stays, for the greeks only, where none does). Returns the
    /// implied vols in `options` order, NaN where none.
    private func solveRealVolatilities(_ options: [RealOption], snapshot: ChainSnapshot,
                                       workspace: inout ChainWorkspace) -> [Double] {
        workspace.quotes.removeAll(keepingCapacity: true)
        workspace.quotes.reserveCapacity(options.count)
        for option in options {
            let i = option.position
            workspace.quotes.append(workspace.types[i], spot: workspace.spots[i], strike: workspace.strikes[i],
                                    timeToExpiry: workspace.times[i], rate: workspace.rates[i],
                                    dividendYield: workspace.dividendYields[i], price: snapshot.mid(at: option.row))
        }
        ImpliedVolatility.solve(workspace.quotes, volatility: &workspace.impliedVolatilities, status: &workspace.ivStatus)
        var solved = [Double](repeating: .nan, count: options.count)
        for (k, option) in options.enumerated() where workspace.ivStatus[k] == .ok {
            solved[k] = workspace.impliedVolatilities[k]
            workspace.volatilities[option.position] = solved[k]
        }
        return solved
    }

    /// One kernel call over the whole chain; then mids, ivs, greeks and the spread model's
    /// bid/ask around each mid, into `columns`.
    func priceAndQuote(_ columns: inout OptionColumns, workspace: inout ChainWorkspace, product: OptionProduct,
                               date: TradingDate, plans: [ExpiryPlan], regimeVIX: Double) throws(ChainBuilderError) {
        do {
            // The batch shares the workspace's columns (no copy); it is gone before they are refilled.
            let batch = try OptionBatch(types: workspace.types, spot: workspace.spots, strike: workspace.strikes,
                                        timeToExpiry: workspace.times, rate: workspace.rates,
                                        dividendYield: workspace.dividendYields, volatility: workspace.volatilities)
            BlackScholes.greeks(batch, into: &workspace.greeks)
            columns.typeCodes = batch.typeCodes
        } catch {
            throw .invalidRequest("the chain's columns are out of step: \(error)")
        }
        let n = columns.expiryIndex.count
        let greeks = workspace.greeks
        columns.strikes = OptionColumns.copy(workspace.strikes[...])
        columns.ivs = OptionColumns.copy(workspace.volatilities[...])
        columns.mids = OptionColumns.copy(greeks.values(of: .price))
        columns.deltas = OptionColumns.copy(greeks.values(of: .delta))
        columns.gammas = OptionColumns.copy(greeks.values(of: .gamma))
        columns.vegas = OptionColumns.copy(greeks.values(of: .vega))
        columns.thetas = OptionColumns.copy(greeks.values(of: .theta))
        columns.bids = [Double](repeating: 0, count: n)
        columns.asks = [Double](repeating: 0, count: n)
        columns.mids.withUnsafeBufferPointer { mids in
            columns.deltas.withUnsafeBufferPointer { deltas in
                columns.bids.withUnsafeMutableBufferPointer { bids in
                    columns.asks.withUnsafeMutableBufferPointer { asks in
                        var start = 0
                        for (e, plan) in plans.enumerated() {
                            var end = start
                            while end < n && Int(columns.expiryIndex[end]) == e { end += 1 }
                            spreadModel.quote(mids: mids, deltas: deltas, product: product, date: date, vix: regimeVIX,
                                              timeToExpiry: plan.timeToExpiry, bids: bids, asks: asks, range: start..<end)
                            start = end
                        }
                    }
                }
            }
        }
    }
}

/// A builder's anchoring and the fit of every session of its history (by history index),
/// when tabulated at init; empty otherwise, and each surface is then fitted when asked for.
final class AnchorFitTable: Sendable {
    let anchoring: SurfaceAnchoring
    let fits: [SurfaceAnchorFit?]

    init(anchoring: SurfaceAnchoring, fits: [SurfaceAnchorFit?]) {
        self.anchoring = anchoring
        self.fits = fits
    }
}

/// What one expiry of a chain holds: synthesized strikes, or rows of a real snapshot.
struct ExpiryPlan {
    var timeToExpiry: Double
    var underlying: Double
    var strikes: [Double]
    var realRows: [Int]
}

/// One real option placed in a chain: its position there and its row in the snapshot.
struct RealOption {
    var position: Int
    var row: Int
}

/// A ``VolatilitySlice`` with the SSVI factor phi(theta) evaluated once for the expiry rather
/// than once per strike; gives exactly the slice's vols (``SSVI/totalVariance(_:theta:phi:)``,
/// the one formula every slice uses).
struct FastSmile {
    let forward: Double
    let timeToExpiry: Double
    let theta: Double
    let phi: Double
    let shape: SSVI

    init(_ slice: VolatilitySlice) {
        forward = slice.forward
        timeToExpiry = slice.timeToExpiry
        theta = slice.atmTotalVariance
        phi = slice.shape.phi(theta)
        shape = slice.shape
    }

    @inline(__always)
    func volatility(strike: Double) -> Double {
        let k = Foundation.log(strike / forward)
        return (shape.totalVariance(k, theta: theta, phi: phi) / timeToExpiry).squareRoot()
    }
}
