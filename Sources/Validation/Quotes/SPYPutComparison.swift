import Foundation
import Market
import Pricing
import Strategy

/// The synthesized SPX puts held to fourteen years of real SPY puts (2010-2023), where the
/// core trades: puts mostly 0-25% out of the money, 21 and 42-51 days out, two days a month
/// (``ChainSnapshot/parseOptionsDXPuts(name:contents:calendar:)``).
///
/// No part of the model is fitted on SPY, so every day is out of sample. Each SPY snapshot
/// becomes an SPX-equivalent chain: strikes and prices scaled by c = F_SPX / F_SPY, the two
/// forwards to the same settlement (SPX from the day's close, rate and yield, as the
/// synthesized chain has it; SPY from its own close less its quarterly dividend,
/// ``SPYForward``), so each put keeps its forward moneyness and its price per unit of forward.
/// Its implied vol is then solved as any real SPX quote's, and the synthesized chain of the day
/// is priced at the same strikes (``ChainPair``). Compared: the signed IV bias by DTE and
/// delta bucket, and the core butterfly at the default rules (its delta and wings, at the
/// snapshot's expiry) at mid. Widths are not: SPY's penny spreads say nothing about SPX's.
///
/// SPY's options are American: before the mapping each put loses its early-exercise premium
/// (``AmericanPutTree``; up to 0.4 vol points at the money at 2023's 5% rates, nothing at the
/// rates of 2010-2015). What the mapping cannot remove, and docs/quotes-held-to-the-market.md states: SPY's dividend
/// amounts are estimated, and SPY's smile may differ from SPX's by a basis of its own.
public struct SPYPutComparison: Sendable {
    public var strategy: StrategyConfig = StrategyConfig()

    public init(strategy: StrategyConfig = StrategyConfig()) {
        self.strategy = strategy
    }

    /// One SPY snapshot's comparison.
    public struct Day: Sendable {
        public var date: TradingDate
        /// SPY's close and the scale to SPX-equivalent points (c above), of the first expiry.
        public var spyClose: Double
        public var scale: Double
        /// The day's SKEW, VIX, VIX3M and VVIX closes (NaN when unknown).
        public var skew: Double
        public var vix: Double
        public var vix3m: Double
        public var vvix: Double = .nan
        public var bucketRows: [QuoteBucketRow]
        /// The core butterfly at the snapshot's expiry, at mid (premiums in SPX dollars; no
        /// fill: SPY's spreads are not SPX's).
        public var butterfly: StructureRow

        /// The VIX term structure's slope, VIX3M / VIX: above 1 in contango (calm), below 1
        /// inverted (stress); NaN when either is unknown.
        public var termStructure: Double { vix3m / vix }
    }

    public struct Result: Sendable {
        public var days: [Day] = []
        /// The usual VVIX at each VIX level (nil: not known), which ``volOfVolRatio(of:)`` reads.
        public var volOfVolLine: VolOfVolLine?
        /// `day`'s VVIX over the VVIX usual at its VIX (``VolOfVolLine/ratio(vvix:vix:)``); NaN
        /// when either is unknown or there is no line.
        public func volOfVolRatio(of day: Day) -> Double {
            volOfVolLine?.ratio(vvix: day.vvix, vix: day.vix) ?? .nan
        }
        /// SPY less SPX, both real (``basis(spy:spx:history:)``), on the days with both.
        public var basis: [QuoteBucketRow] = []
        /// Snapshots not compared, with the reason.
        public var skipped: [String] = []
        /// The median IV bias (vol points) of `bucket` over the days of `years` (nil: all) in `dte`.
        public func medianBias(_ bucket: DeltaBucket, dte: DTEBucket, years: ClosedRange<Int>? = nil) -> Double {
            medianBias(bucket, dte: dte) { years?.contains($0.date.year) ?? true }
        }
        /// The median IV bias (vol points) of `bucket` in `dte` over the days `included`.
        public func medianBias(_ bucket: DeltaBucket, dte: DTEBucket, of included: (Day) -> Bool) -> Double {
            QuoteStatistics.median(days.filter(included).flatMap { day in
                day.bucketRows.filter { $0.dteBucket == dte && $0.deltaBucket == bucket }.map(\.medianIVBias)
            })
        }
        /// The butterflies priced on both sides with a real premium other than 0, of the days
        /// of `years` (nil: all).
        public func butterflies(years: ClosedRange<Int>? = nil) -> [StructureRow] {
            days.filter { years?.contains($0.date.year) ?? true }.map(\.butterfly).filter(\.midRatio.isFinite)
        }
    }

    /// Compares every snapshot of the extract in `catalog`'s folder (an empty result with a
    /// skip note when the folder does not hold it).
    ///
    /// `spxChains` are the real SPX chains of the closing days (``ChainPair/realChain(date:product:builder:strikeWindow:)``):
    /// on a day that has one and a real SPY chain too, the ``basis(spy:spx:history:)``.
    public func run(catalog: RealChainCatalog, history: MarketHistory,
                    spxChains: [TradingDate: OptionChain] = [:]) throws -> Result {
        let path = catalog.directory.path + "/" + ChainSnapshot.optionsDXPutsRelativePath
        var result = Result()
        guard FileManager.default.fileExists(atPath: path) else {
            result.skipped.append("\(ChainSnapshot.optionsDXPutsRelativePath): not in the data folder")
            return result
        }
        let snapshots = try ChainSnapshot.parseOptionsDXPuts(name: path, contents: try SeriesInput.contents(of: path))
        let synthesizer = ChainBuilder(history: history)
        result.volOfVolLine = VolOfVolLine(history: history)
        for spy in snapshots {
            do {
                result.days.append(try compare(spy, history: history, synthesizer: synthesizer))
            } catch {
                result.skipped.append("SPY \(spy.quoteDate): \(error)")
            }
        }
        // The catalogue keeps SPY out of the traded products' comparison; here it is the point.
        var measured: Set<TradingDate> = []
        for entry in catalog.entries where entry.product == .spy && entry.session == .close && !measured.contains(entry.date) {
            guard let spx = spxChains[entry.date] else { continue }
            measured.insert(entry.date)
            result.basis += try Self.basis(spy: catalog.snapshot(of: entry), spx: spx, history: history)
        }
        return result
    }

    /// One snapshot against the synthesized chain of its day.
    public func compare(_ spy: ChainSnapshot, history: MarketHistory, synthesizer: ChainBuilder) throws -> Day {
        let (equivalent, scale) = try Self.spxEquivalent(spy, history: history)
        let builder = ChainBuilder(history: history, realChains: RealChainLibrary([equivalent]))
        let real = try ChainPair.realChain(date: spy.quoteDate, product: .spx, builder: builder, strikeWindow: 0.5)
        let pair = try ChainPair.build(real: real, syntheticBuilder: synthesizer)
        let rows = QuoteBucketComparison.rows(QuoteBucketComparison.options(pair), date: spy.quoteDate, product: .spx,
                                              isClosing: true)
        let market = history.day(spy.quoteDate)
        return Day(date: spy.quoteDate, spyClose: spy.underlyingLast, scale: scale, skew: market?.skew ?? .nan,
                   vix: market?.vixClose ?? .nan, vix3m: market?.vix3m ?? .nan, vvix: market?.vvix ?? .nan, bucketRows: rows,
                   butterfly: coreButterfly(pair))
    }

    /// SPY's put vols less SPX's at the same forward moneyness, both real and of the same
    /// session: the median per (DTE bucket, put delta bucket) of SPY's mapped vol less the
    /// SPX vol interpolated (linearly in strike over forward) between the two SPX strikes around
    /// it, at the SPX expiry of the same settlement day (`spx`: a ``ChainPair/realChain(date:product:builder:strikeWindow:)``).
    /// It measures what the SPY comparison cannot remove (the dividend estimate, the tree's
    /// error in the early-exercise premium, a basis between the two markets) on the one day the
    /// data holds both; with `europeanized` false, the early-exercise premium too.
    public static func basis(spy: ChainSnapshot, spx quoted: OptionChain, history: MarketHistory,
                             europeanized: Bool = true) throws -> [QuoteBucketRow] {
        let (equivalent, _) = try spxEquivalent(spy, history: history, europeanized: europeanized)
        let builder = ChainBuilder(history: history, realChains: RealChainLibrary([equivalent]))
        let mapped = try ChainPair.realChain(date: spy.quoteDate, product: .spx, builder: builder, strikeWindow: 0.5)
        let spx = ParityForward.resolvedAtParity(quoted).chain
        var options: [ComparedOption] = []
        for e in mapped.expiries.indices {
            guard let s = spx.expiries.firstIndex(where: {
                $0.settlementDate == mapped.expiries[e].settlementDate && $0.settlementMinute == mapped.expiries[e].settlementMinute
            }) else { continue }
            let forwardMapped = ParityForward.forward(mapped, expiry: e), forwardSPX = ParityForward.forward(spx, expiry: s)
            let curve = spx.indices(expiry: s, type: .put).filter { ParityForward.twoSided(spx, $0) && spx.ivs[$0].isFinite }
                .map { (spx.strikes[$0] / forwardSPX, spx.ivs[$0]) }
            guard curve.count >= 2,
                  let dte = DTEBucket.bucket(days: mapped.expiries[e].calendarDays(from: mapped.date)) else { continue }
            for i in mapped.indices(expiry: e, type: .put) {
                guard ParityForward.twoSided(mapped, i), mapped.ivs[i].isFinite,
                      let bucket = DeltaBucket.bucket(product: .spx, type: .put, absoluteDelta: abs(mapped.deltas[i]),
                                                      strike: mapped.strikes[i], future: mapped.underlyings[e]),
                      bucket.isPut else { continue }
                let m = mapped.strikes[i] / forwardMapped
                guard let above = curve.firstIndex(where: { $0.0 >= m }), above > 0 else { continue }
                let (m0, v0) = curve[above - 1], (m1, v1) = curve[above]
                let spxVol = v0 + (v1 - v0) * (m - m0) / (m1 - m0)
                options.append(ComparedOption(dteBucket: dte, deltaBucket: bucket, ivBias: 100 * (mapped.ivs[i] - spxVol),
                                              widthRatio: .nan, realWidth: .nan, synthesizedWidth: .nan))
            }
        }
        return QuoteBucketComparison.rows(options, date: spy.quoteDate, product: .spx, isClosing: true)
    }

    /// The core butterfly's strikes by the default rules on the synthesized side, at the
    /// snapshot's expiry nearest the core's target days, priced on both sides at mid.
    func coreButterfly(_ pair: ChainPair) -> StructureRow {
        let comparison = StructureComparison(strategy: strategy)
        let e = pair.synthesized.expiryNearest(days: strategy.core.coreDTE, within: 1...400)
        guard let e else { return comparison.missing(pair, .coreButterfly, true, "no expiry") }
        return comparison.coreButterfly(pair, isClosing: true, expiry: e, withFills: false)
    }

    /// `spy`'s puts as an SPX snapshot of the same day: each expiry's strikes and prices times
    /// F_SPX / F_SPY, PM-settled on the expiration day like SPY, quoted at SPX's close; and
    /// the scale of its first expiry.
    ///
    /// With `europeanized` (the default) each put's bid and ask first lose its early-exercise
    /// premium (``AmericanPutTree``) at the vol that prices the European remainder of its mid:
    /// two fixed-point steps from the vol of the whole mid. A put whose remainder has no vol
    /// (below its European lower bound) keeps its quotes and is dropped by the comparison later.
    public static func spxEquivalent(_ spy: ChainSnapshot, history: MarketHistory, europeanized: Bool = true,
                                     calendar: TradingCalendar = .nyse) throws(SPYComparisonError) -> (ChainSnapshot, Double) {
        guard let day = history.day(spy.quoteDate) else { throw .noMarketDay(spy.quoteDate) }
        guard let rate = day.riskFreeRate, let yield = day.dividendYield else { throw .noRateOrYield(spy.quoteDate) }
        var equivalent = ChainSnapshot(product: .spx, quoteDate: spy.quoteDate, quoteMinute: spy.quoteMinute,
                                       underlyingLast: day.spxClose, source: spy.source + " (SPX-equivalent)")
        var firstScale: Double?
        for expiration in spy.expirationDates {
            let rows = spy.indices(expiringOn: expiration).filter { spy.types[$0] == .put }
            guard let first = rows.first else { continue }
            let t = spy.yearsToSettlement(at: first, calendar: calendar)
            let dividends = SPYForward.dividends(spot: spy.underlyingLast, indexDividendYield: yield, quoteDate: spy.quoteDate,
                                                 settlement: spy.settlementDate(at: first, calendar: calendar), calendar: calendar)
            let spyForward = SPYForward.forward(spot: spy.underlyingLast, rate: rate, dividends: dividends, years: t)
            let c = day.spxClose * Foundation.exp((rate - yield) * t) / spyForward
            firstScale = firstScale ?? c
            let premiums = europeanized && t > 0
                ? earlyExercisePremiums(spy, rows: rows, escrowedSpot: spyForward * Foundation.exp(-rate * t), years: t,
                                        rate: rate, dividends: dividends)
                : rows.map { _ in 0.0 }
            for (i, premium) in zip(rows, premiums) {
                equivalent.append(root: .spxw, expiration: expiration, style: .pm, type: .put, strike: spy.strikes[i] * c,
                                  bid: max(spy.bids[i] - premium, 0) * c, ask: max(spy.asks[i] - premium, 0) * c)
            }
        }
        guard let scale = firstScale else { throw .empty(spy.quoteDate) }
        return (equivalent, scale)
    }

    /// The early-exercise premium of each put of `rows` (one expiry; SPY dollars).
    static func earlyExercisePremiums(_ spy: ChainSnapshot, rows: [Int], escrowedSpot: Double, years t: Double, rate: Double,
                                      dividends: [AmericanPutTree.Dividend]) -> [Double] {
        var premiums = rows.map { _ in 0.0 }
        for _ in 0..<2 {
            var quotes = QuoteBatch()
            for (k, i) in rows.enumerated() {
                quotes.append(.put, spot: escrowedSpot, strike: spy.strikes[i], timeToExpiry: t, rate: rate, dividendYield: 0,
                              price: spy.mid(at: i) - premiums[k])
            }
            let (vols, _) = ImpliedVolatility.solve(quotes)
            for (k, i) in rows.enumerated() where vols[k].isFinite {
                premiums[k] = AmericanPutTree.earlyExercisePremium(spot: spy.underlyingLast, strike: spy.strikes[i], years: t,
                                                                   rate: rate, volatility: vols[k], dividends: dividends)
            }
        }
        return premiums
    }
}

/// Why an SPY snapshot cannot be compared.
public enum SPYComparisonError: Error, Sendable, Equatable, CustomStringConvertible {
    case noMarketDay(TradingDate)
    case noRateOrYield(TradingDate)
    case empty(TradingDate)

    public var description: String {
        switch self {
        case .noMarketDay(let date): "\(date) is not a day of the market history"
        case .noRateOrYield(let date): "no T-bill rate or dividend yield on \(date)"
        case .empty(let date): "no put on \(date)"
        }
    }
}
