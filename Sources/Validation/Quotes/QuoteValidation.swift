import Foundation
import Market
import Pricing
import Strategy

/// `spx30dte validate quotes`: every real chain against the synthesized chain of its day,
/// each day's own quotes left out of the fitted parts.
///
/// Left out per day: the SPX/XSP spread model is refitted on every other closing day
/// (``SpreadFit/fit(_:leavingOut:)``) before the day's chain is synthesized. The surface's
/// parameters are ``SurfaceParameters/default`` (constants, not refitted per run: no fitting
/// function over a set of snapshots exists), anchored on the day's VIX and futures.
public struct QuoteValidation: Sendable {
    /// Strikes within this fraction of the underlying are compared (SPX, XSP); VIX: all.
    public var strikeWindow: Double = 0.5
    public var strategy: StrategyConfig = StrategyConfig()

    public init() {}

    /// What the run found.
    public struct Result: Sendable {
        public var bucketRows: [QuoteBucketRow] = []
        public var structureRows: [StructureRow] = []
        /// Per day and product: median width ratio over its compared options.
        public var dayWidthRatios: [(date: TradingDate, product: OptionProduct, isClosing: Bool, ratio: Double)] = []
        /// The spread fit on every closing SPX/XSP day.
        public var spreadFit: SpreadFit?
        /// Median |log error| of each day's quotes under the fit without that day.
        public var outOfSampleLogError: Double = .nan
        /// Per fitted day: its quotes and median |log error| in and out of sample.
        public var spreadFitDays: [SpreadFitDay] = []
        /// The days the spread model was fitted on, and the days with no comparison, with the reason.
        public var skipped: [String] = []
        public var snapshotsCompared: [String] = []
        /// The days of the spread fit each compared chain was synthesized with (never its own).
        public var spreadFitDaysUsed: [RealChainLibrary.Key: [TradingDate]] = [:]
        /// The synthesized SPX puts against the real SPY puts of 2010-2023 (no criterion).
        public var spyPuts = SPYPutComparison.Result()
        /// Per SPX/XSP chain: its parity forwards against the history's close and carry (no criterion).
        public var forwardRows: [ForwardCarryRow] = []
    }

    /// Runs the comparison over every real chain of `directory`; `progress` hears one line a day.
    public func run(directory: DataDirectory, progress: (String) -> Void = { _ in }) throws -> Result {
        let history = try MarketHistory.load(from: directory)
        let catalog = try RealChainCatalog.discover(in: directory)
        let (snapshots, unreadable) = ValidationSnapshots.load(from: catalog)
        var result = Result()
        result.skipped = unreadable

        // Pass 1: the real side of every day, and the spread observations of the closing ones.
        var reals: [(ValidationSnapshot, OptionChain)] = []
        var observations: [SpreadObservation] = []
        for item in snapshots {
            let builder = ChainBuilder(history: history, realChains: RealChainLibrary([item.snapshot]))
            do {
                let real = try ChainPair.realChain(date: item.date, product: item.product, builder: builder,
                                                   strikeWindow: item.product == .vix ? 1.0 : strikeWindow)
                guard !real.isEmpty else {
                    result.skipped.append("\(item.product.rawValue) \(item.date): no real quote in the strike window")
                    continue
                }
                reals.append((item, real))
                if let close = history.day(item.date)?.spxClose,
                   let row = ForwardCarry.row(real, close: close, isClosing: item.isClosing) {
                    result.forwardRows.append(row)
                }
                if item.isClosing, let vix = history.day(item.date)?.vixClose {
                    observations += SpreadObservation.observations(from: real, vix: vix)
                }
            } catch {
                result.skipped.append("\(item.product.rawValue) \(item.date): \(error)")
            }
        }
        result.spreadFit = SpreadFit.fit(observations)
        let (outOfSample, fits, outOfSampleDays) = SpreadFit.leaveOneDayOut(observations)
        result.outOfSampleLogError = outOfSample
        let inSampleDays = result.spreadFit?.dayErrors(observations) ?? [:]
        var counts: [TradingDate: (Int, Double)] = [:]
        for o in observations { counts[o.date, default: (0, o.vix)].0 += 1 }
        result.spreadFitDays = counts.keys.sorted().map { day in
            SpreadFitDay(date: day, vix: counts[day]!.1, quotes: counts[day]!.0,
                         inSampleLogError: inSampleDays[day] ?? .nan, outOfSampleLogError: outOfSampleDays[day] ?? .nan)
        }

        // Pass 2: each day against its synthesized twin, priced with the fit that left it out.
        let comparison = StructureComparison(strategy: strategy)
        for (item, real) in reals {
            // A day outside the fit (not a close) is judged by the fit on every closing day.
            let fit = observations.contains { $0.date == item.date } ? fits[item.date] : result.spreadFit
            guard let fit else {
                result.skipped.append("\(item.product.rawValue) \(item.date): no spread fit without the day")
                continue
            }
            result.spreadFitDaysUsed[RealChainLibrary.Key(date: item.date, product: item.product)] = fit.days
            let coefficients = fit.coefficients
            let synthesizer = ChainBuilder(history: history, spreadModel: SpreadModel(logSpread: coefficients))
            do {
                let pair = try ChainPair.build(real: real, syntheticBuilder: synthesizer)
                let options = QuoteBucketComparison.options(pair)
                result.bucketRows += QuoteBucketComparison.rows(options, date: item.date, product: item.product,
                                                                isClosing: item.isClosing)
                // The far put tail is reported by bucket only: the day's width is that of the strikes traded.
                result.dayWidthRatios.append((item.date, item.product, item.isClosing,
                                              QuoteStatistics.median(options.filter { !$0.deltaBucket.isPutTail }.map(\.widthRatio))))
                let vix = history.day(item.date)?.vixClose ?? .nan
                result.structureRows += comparison.rows(pair, isClosing: item.isClosing, vixClose: vix)
                result.snapshotsCompared.append("\(item.product.rawValue) \(item.date)\(item.isClosing ? "" : " (not a close)")")
                progress("\(item.product.rawValue) \(item.date): \(options.count) options compared")
            } catch {
                result.skipped.append("\(item.product.rawValue) \(item.date): \(error)")
            }
        }
        var spxChains: [TradingDate: OptionChain] = [:]
        for (item, real) in reals where item.product == .spx && item.isClosing { spxChains[item.date] = real }
        result.spyPuts = try SPYPutComparison(strategy: strategy).run(catalog: catalog, history: history, spxChains: spxChains)
        progress("SPY: \(result.spyPuts.days.count) snapshots compared")
        return result
    }
}

/// One day of the spread fit: `spread_fit.csv`'s per-day rows.
public struct SpreadFitDay: Sendable, Hashable {
    public var date: TradingDate
    /// The day's VIX close.
    public var vix: Double
    public var quotes: Int
    /// Median |log(model / real spread)| under the fit on all days, and on all days but this one.
    public var inSampleLogError: Double
    public var outOfSampleLogError: Double
}
