import Foundation
import Market
import Tabular

/// Why the index validation could not run: an input that cannot be read, or a replay that
/// cannot be priced.
public enum IndexValidationError: Error, Sendable, CustomStringConvertible {
    case input(TabularError)
    case history(String)
    case replay(IndexReplayError)
    case output(String)

    public var description: String {
        switch self {
        case let .input(error): "\(error)"
        case let .history(why): "the market history cannot be loaded: \(why)"
        case let .replay(error): "\(error)"
        case let .output(why): why
        }
    }
}

/// `validate indices`: PUT, BXM and CNDR replayed on the synthesized SPX chains and compared
/// with Cboe's published levels, and VXTH's held VIX calls priced by the synthesized VIX chain.
public struct IndexValidation: Sendable {
    public var comparisons: [IndexComparison]
    public var replays: [ReplayedIndex]
    public var vxth: VXTHCallCheck
    /// Per index, how many rolls settled at each ``SettlementSource``: Cboe's published SOQ
    /// where the data has it, else the open, estimated (``openingEstimate``) where the recorded
    /// one is the previous close.
    public var settlementSources: [StrategyIndex: [SettlementSource: Int]] = [:]
    /// The sessions with a published SOQ the replays may settle at (none when the data
    /// directory has no table).
    public var publishedSOQDays: [TradingDate] = []
    /// The opening level the replays use where the recorded open is the previous close
    /// (nil when it could not be fitted: those sessions then open at the previous close).
    public var openingEstimate: OpeningLevelEstimate?
    /// What centres the roll levels read from each session's high and low (nil when it could
    /// not be fitted: the levels are then the bridge's expectations uncentred).
    public var intradayEstimate: IntradayLevelEstimate?
    /// The minutes the replays read levels at: the 11:00 reference and each index's trade time.
    public static let rollMinutes = [IndexReplay.referenceMinute] + StrategyIndex.allCases.map(\.rollMinute)
    /// Per index, the replay's annual growth with every synthesized vol one vol point lower
    /// (``sensitivityShift``): how much a uniform vol error moves the growth.
    public var growthWithLowerVolatility: [StrategyIndex: Double] = [:]
    /// Per index, the roll-to-roll cycles against the published levels (``IndexRollCycle``),
    /// with the lower-vol replay's returns for the vol-point reading.
    public var rollCycles: [StrategyIndex: [IndexRollCycle]] = [:]

    /// The vol shift of the sensitivity replays (per 1.00): one vol point down.
    public static let sensitivityShift = -0.01

    /// The first session each index is replayed from: 2005 for BXM and CNDR, 2007 for PUT
    /// (its daily published history starts on 2007-01-03).
    public static func replayStart(_ index: StrategyIndex) -> TradingDate {
        index == .put ? TradingDate(year: 2007, month: 1, day: 1)! : TradingDate(year: 2005, month: 1, day: 1)!
    }

    /// The last session replayed.
    public static let replayEnd = TradingDate(year: 2025, month: 12, day: 31)!

    /// Reads every input first (so a bad file stops the run before any work), then replays.
    public static func run(directory: DataDirectory, builder: ChainBuilder? = nil,
                           condorLossCover: Double = IndexReplay.defaultCondorLossCover)
        throws(IndexValidationError) -> IndexValidation {
        var histories: [StrategyIndexHistory] = []
        let vxthDays: [VXTHDay]
        do {
            for index in StrategyIndex.allCases { histories.append(try StrategyIndexHistory.load(index, from: directory)) }
            vxthDays = try VXTHHistory.load(from: directory)
        } catch {
            throw .input(error)
        }
        let chains: ChainBuilder
        if let builder {
            chains = builder
        } else {
            do {
                // Every session is priced, many strikes a roll day: the day's anchored fits
                // and listings are tabulated once rather than fitted again for each quote.
                chains = ChainBuilder(history: try MarketHistory.load(from: directory), tabulateExpiries: true)
            } catch {
                throw .history("\(error)")
            }
        }
        var comparisons: [IndexComparison] = [], replays: [ReplayedIndex] = []
        var sources: [StrategyIndex: [SettlementSource: Int]] = [:], lowerVolGrowth: [StrategyIndex: Double] = [:]
        var cycles: [StrategyIndex: [IndexRollCycle]] = [:]
        let firstStart = StrategyIndex.allCases.map(replayStart).min() ?? replayEnd
        let opening = OpeningLevelEstimate.fit(chains.history, from: firstStart, through: replayEnd)
        let intraday = IntradayLevelEstimate.fit(chains.history, from: firstStart, through: replayEnd,
                                                 minutes: Self.rollMinutes, calendar: chains.listing.calendar)
        for history in histories {
            let market = SynthesizedReplayMarket(builder: chains, from: replayStart(history.index), through: replayEnd,
                                                 openingEstimate: opening, intradayEstimate: intraday)
            let replay: ReplayedIndex
            do {
                replay = try IndexReplay.replay(history.index, on: market, condorLossCover: condorLossCover)
            } catch {
                throw .replay(error)
            }
            replays.append(replay)
            for source in replay.rolls.compactMap(\.settlementSource) { sources[history.index, default: [:]][source, default: 0] += 1 }
            if let comparison = IndexComparison(published: history, replayed: replay) { comparisons.append(comparison) }
            let shifted = SynthesizedReplayMarket(builder: chains, from: replayStart(history.index), through: replayEnd,
                                                  volatilityShift: sensitivityShift, openingEstimate: opening,
                                                  intradayEstimate: intraday)
            let lowerVolReplay = try? IndexReplay.replay(history.index, on: shifted, condorLossCover: condorLossCover)
            if let lowerVolReplay, let comparison = IndexComparison(published: history, replayed: lowerVolReplay) {
                lowerVolGrowth[history.index] = comparison.replayedGrowth
            }
            cycles[history.index] = IndexRollCycle.cycles(published: history, replayed: replay, lowerVolatility: lowerVolReplay,
                                                          vix: { chains.history.day($0)?.vixClose })
        }
        return IndexValidation(comparisons: comparisons, replays: replays, vxth: VXTHCallCheck(days: vxthDays, builder: chains),
                               settlementSources: sources,
                               publishedSOQDays: chains.history.publishedSOQDays,
                               openingEstimate: opening, intradayEstimate: intraday,
                               growthWithLowerVolatility: lowerVolGrowth, rollCycles: cycles)
    }

    /// BXM's yearly returns less PUT's, published and replayed, over the years both have
    /// (``IndexYear/spread(_:less:)``); nil without both comparisons.
    public var bxmLessPutGap: [IndexYear]? {
        guard let bxm = comparisons.first(where: { $0.index == .bxm }), let put = comparisons.first(where: { $0.index == .put })
        else { return nil }
        let gap = IndexYear.spread(bxm.years, less: put.years)
        return gap.isEmpty ? nil : gap
    }

    // MARK: Text

    /// The summary printed by the command.
    public var summary: String {
        var text = "Cboe strategy indices replayed on the synthesized SPX chains (mids)\n"
        if let first = publishedSOQDays.first, let last = publishedSOQDays.last {
            text += "expiring series settle at Cboe's published SOQ (\(publishedSOQDays.count) monthly settlement days, \(first) .. \(last)); "
                + "other days at the SPX open\n"
        } else {
            text += "expiring series settle at the SPX open (the data has no table of published SOQs)\n"
        }
        if let e = openingEstimate {
            text += String(format: "where the SPX open is the previous close (within %g%%), it is estimated: "
                           + "log(open / previous close) = %.5f %+.4f log(VIX open / previous VIX close) "
                           + "%+.4f log(close / previous close), R^2 %.2f over %d sessions whose open moved\n",
                           OpeningLevelEstimate.staleTolerance * 100, e.intercept, e.vixSlope, e.closeSlope,
                           e.rSquared, e.sessions)
        }
        if let e = intradayEstimate {
            let offsets = e.offsets.keys.sorted().map { minute in
                String(format: "%d:%02d %+.1f bp", minute / 60, minute % 60, e.offsets[minute]! * 1e4)
            }
            text += "the 11:00 reference and the trade times' levels: a Brownian bridge's expectation given the session's "
                + "open, high, low and close, less its mean offset from the straight line over \(e.sessions) sessions "
                + "whose open moved (\(offsets.joined(separator: ", ")))\n"
        }
        text += "index  span                     months  corr(m)  TE(ann)  slope  years<=1.5pp  growth pub  growth replay\n"
        for c in comparisons {
            let within = IndexComparison.countWithinTolerance(c.years)
            text += pad(c.index.rawValue, 6) + " \(c.dates.first!) .. \(c.dates.last!)  "
                + pad("\(c.months)", 6) + "  " + fixed(c.monthlyCorrelation, 3, 7) + "  " + percent(c.trackingError, 7)
                + "  " + fixed(c.monthlySlope, 2, 5) + "  " + pad("\(within)/\(c.years.count) (\(Int((c.yearsWithinTolerance * 100).rounded()))%)", 12)
                + "  " + percent(c.publishedGrowth, 10) + "  " + percent(c.replayedGrowth, 13) + "\n"
        }
        text += publishedReversalSummary
        for c in comparisons {
            let rolls = replays.first { $0.index == c.index }?.rolls.count ?? 0
            let settled = SettlementSource.allCases.compactMap { source in
                settlementSources[c.index]?[source].map { "\($0) at the \(source)" }
            }
            text += "\(c.index): \(rolls) rolls, settled " + settled.joined(separator: ", ") + "; "
                + "growth with every vol 1 point lower " + percent(growthWithLowerVolatility[c.index] ?? .nan, 0) + "\n"
        }
        if let gap = bxmLessPutGap, let widest = gap.max(by: { abs($0.difference) < abs($1.difference) }) {
            let mean = Statistics.mean(gap.map(\.difference))
            text += String(format: "BXM less PUT, replayed less published: %+.2f pp a year on average over %d-%d (%d %+.2f); ",
                           mean * 100, gap.first!.year, gap.last!.year, widest.year, widest.difference * 100)
                + "the part of their errors no vol level moves (put-call parity ties both replays to one smile)\n"
        }
        text += rollCycleSummary
        text += "\nyearly returns, published / replayed (%)\nyear"
        for c in comparisons { text += "  " + pad(c.index.rawValue, 15) }
        text += "\n"
        let years = Set(comparisons.flatMap { $0.years.map(\.year) }).sorted()
        for year in years {
            text += "\(year)"
            for c in comparisons {
                if let y = c.years.first(where: { $0.year == year }) {
                    text += "  " + pad(String(format: "%6.1f / %6.1f", y.published * 100, y.replayed * 100), 15)
                } else {
                    text += "  " + pad("", 15)
                }
            }
            text += "\n"
        }
        text += "\nVXTH held VIX calls, synthesized / recorded mid: median \(fixed(vxth.medianRatio, 3, 0)) over \(vxth.prices.count) days"
        if !vxth.skipped.isEmpty { text += " (\(vxth.skipped.count) days not priced)" }
        text += "\nyear  median  days\n"
        for y in vxth.byYear { text += "\(y.year)  " + fixed(y.medianRatio, 3, 6) + "  \(y.days)\n" }
        for (title, minimumMid) in [("worst days", 0.0), ("worst days with a recorded mid of at least 0.10", 0.10)] {
            text += "\(title): date strike future recorded synthesized ratio\n"
            for p in vxth.worstDays(10, minimumMid: minimumMid) {
                text += "  \(p.date) " + fixed(p.strike, 1, 5) + " " + fixed(p.future, 2, 6) + " " + fixed(p.recordedMid, 3, 6)
                    + " " + fixed(p.synthesizedMid, 3, 6) + " " + fixed(p.ratio, 2, 5) + "\n"
            }
        }
        return text
    }

    /// The published closes off their neighbours (``PublishedReversal``), per index, and
    /// what those at a year's end weigh in the yearly criterion.
    var publishedReversalSummary: String {
        var text = String(format: "published closes off their neighbours (the published move less the replayed one over %g%%, "
                          + "the next session's the other way and at least %g of it): ",
                          IndexComparison.reversalMove * 100, IndexComparison.reversalShare)
        text += comparisons.map { "\($0.index) \($0.publishedReversals.count)" }.joined(separator: ", ") + "\n"
        for c in comparisons {
            let yearEnds = c.yearEndReversals
            guard !yearEnds.isEmpty else { continue }
            let dates = yearEnds.map { "\($0.date) " + String(format: "(%+.2f%%, then %+.2f%%)", $0.move * 100, $0.nextMove * 100) }
            let taken = IndexComparison.countWithinTolerance(c.years(takingReplayedMovesOn: Set(yearEnds.map(\.date))))
            text += "  \(c.index) at a year's end: " + dates.joined(separator: ", ")
                + "; with those sessions' moves taken from the replay, \(taken)/\(c.years.count) years within "
                + String(format: "%g pp ", IndexComparison.yearTolerance * 100)
                + "(as published, the reference: \(IndexComparison.countWithinTolerance(c.years))/\(c.years.count))\n"
        }
        return text
    }

    /// Roll to roll, replayed less published: per index the cycles, the mean and standard
    /// deviation of the difference and its median in vol points of the options written; then
    /// that median by year.
    var rollCycleSummary: String {
        let indices = StrategyIndex.allCases.filter { !(rollCycles[$0] ?? []).isEmpty }
        guard !indices.isEmpty else { return "" }
        var text = "roll to roll (one roll day's close to the next), replayed less published; in vol points of the options written "
            + "= the difference over the replay's own gain per vol point (IndexRollCycle)\n"
        var byYear: [StrategyIndex: [Int: (median: Double, cycles: Int)]] = [:]
        for index in indices {
            let cycles = rollCycles[index]!
            let differences = cycles.map(\.difference)
            let points = cycles.compactMap(\.differenceInVolatilityPoints)
            text += pad(index.rawValue, 6) + "\(cycles.count) cycles, mean " + String(format: "%+.3f%%", Statistics.mean(differences) * 100)
                + ", sd " + String(format: "%.3f%%", Statistics.standardDeviation(differences) * 100)
                + "; in vol points: median " + String(format: "%+.2f", Statistics.median(points))
                + ", sd " + String(format: "%.2f", Statistics.standardDeviation(points)) + " (\(points.count) cycles)\n"
            byYear[index] = Dictionary(uniqueKeysWithValues: IndexRollCycle.medianVolatilityPointsByYear(cycles).map {
                ($0.year, (median: $0.median, cycles: $0.cycles))
            })
        }
        text += "median by year of each cycle's difference in vol points (year of the cycle's end)\nyear"
        for index in indices { text += "  " + pad(index.rawValue, 6) }
        text += "\n"
        for year in Set(byYear.values.flatMap(\.keys)).sorted() {
            text += "\(year)"
            for index in indices {
                text += "  " + pad(byYear[index]?[year].map { String(format: "%+5.1f", $0.median) } ?? "", 6)
            }
            text += "\n"
        }
        text += condorZoneSummary
        return text
    }

    /// CNDR's cycles by where its options settled (``IndexRollCycle/SettlementZone``), and the
    /// cycles between the short strikes, where nothing written pays at settlement, by their
    /// roll day's VIX.
    var condorZoneSummary: String {
        guard let cycles = rollCycles[.cndr], !cycles.isEmpty else { return "" }
        var text = "CNDR by where the options written settled (between the short strikes nothing written pays at settlement: the cycle is the credit, the bills' interest and the roll days' marks)\n"
        for zone in IndexRollCycle.differencesByZone(cycles) {
            text += "  " + pad(zone.zone.rawValue, 26) + pad("\(zone.cycles) cycles", 11) + "mean "
                + String(format: "%+.3f%%", zone.mean * 100) + ", sd " + String(format: "%.3f%%", zone.standardDeviation * 100) + "\n"
        }
        let byVIX = IndexRollCycle.meanDifferenceByVIX(cycles, zone: .betweenShortStrikes)
        text += "  between the short strikes, mean by the roll day's VIX:"
        for band in byVIX.bands {
            let label = band.upper.map { String(format: "%g-%g", band.lower, $0) } ?? String(format: "%g+", band.lower)
            text += " " + label + " " + String(format: "%+.3f%%", band.mean * 100) + " (\(band.cycles))"
        }
        text += "; correlation with ln VIX " + String(format: "%+.2f", byVIX.correlationWithLogVIX) + "\n"
        return text
    }

    // MARK: Files

    /// A leg as `indices_rolls.csv` writes it: signed quantity per index unit, P or C, strike,
    /// settlement date ("-1.0235 P2100 2009-05-15").
    static func legText(_ leg: IndexLeg) -> String {
        String(format: "%+.4f ", leg.quantity) + (leg.option.type == .put ? "P" : "C")
            + String(format: "%g", leg.option.strike) + " \(leg.option.expiry.settlementDate)"
    }

    /// Writes `indices_daily.csv`, `indices_yearly.csv`, `indices_rolls.csv`, `vxth_calls.csv` and `indices.html`
    /// into `directory` (created when missing). Each file is replaced only when complete.
    public func write(to directory: String) throws(IndexValidationError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .output("cannot create \(directory): \(error.localizedDescription)")
        }
        do {
            let daily = try CSVWriter(path: directory + "/indices_daily.csv")
            try daily.writeRow(["date", "index", "published", "replayed"])
            for c in comparisons {
                for k in c.dates.indices {
                    daily.write("\(c.dates[k])"); daily.write(c.index.rawValue); daily.write(c.published[k]); daily.write(c.replayed[k])
                    try daily.endRow()
                }
            }
            try daily.finish()
            let yearly = try CSVWriter(path: directory + "/indices_yearly.csv")
            try yearly.writeRow(["index", "year", "published_return", "replayed_return", "difference"])
            for c in comparisons {
                for y in c.years {
                    yearly.write(c.index.rawValue); yearly.write(y.year); yearly.write(y.published); yearly.write(y.replayed)
                    yearly.write(y.difference)
                    try yearly.endRow()
                }
            }
            try yearly.finish()
            let rolls = try CSVWriter(path: directory + "/indices_rolls.csv")
            try rolls.writeRow(["index", "roll_date", "reference_level", "legs", "net_premium", "next_roll_date",
                                "settlement_level", "settled_at", "published_return", "replayed_return",
                                "replayed_return_vol_1_point_lower", "difference", "difference_vol_points",
                                "settlement_zone"])
            for index in StrategyIndex.allCases {
                for cycle in rollCycles[index] ?? [] {
                    let roll = cycle.roll
                    rolls.write(index.rawValue); rolls.write("\(roll.date)"); rolls.write(roll.referenceLevel)
                    rolls.write(roll.legs.map(Self.legText).joined(separator: " ")); rolls.write(roll.netPremium)
                    rolls.write("\(cycle.end)")
                    rolls.writeOptional(cycle.settlementLevel)
                    rolls.write(cycle.settlementSource?.rawValue ?? "")
                    rolls.write(cycle.published); rolls.write(cycle.replayed)
                    rolls.writeOptional(cycle.replayedWithLowerVolatility)
                    rolls.write(cycle.difference)
                    rolls.writeOptional(cycle.differenceInVolatilityPoints)
                    rolls.write(cycle.settlementZone?.rawValue ?? "")
                    try rolls.endRow()
                }
            }
            try rolls.finish()
            let calls = try CSVWriter(path: directory + "/vxth_calls.csv")
            try calls.writeRow(["date", "expiration", "strike", "future", "volatility", "recorded_mid", "synthesized_mid", "ratio"])
            for p in vxth.prices {
                calls.write("\(p.date)"); calls.write("\(p.expiration)"); calls.write(p.strike); calls.write(p.future)
                calls.write(p.volatility); calls.write(p.recordedMid); calls.write(p.synthesizedMid); calls.write(p.ratio)
                try calls.endRow()
            }
            try calls.finish()
        } catch {
            throw .output("\(error)")
        }
        do {
            try Data(IndexValidationPage(self).html.utf8).write(to: URL(fileURLWithPath: directory + "/indices.html"), options: .atomic)
        } catch {
            throw .output("cannot write \(directory)/indices.html: \(error.localizedDescription)")
        }
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func fixed(_ value: Double, _ decimals: Int, _ width: Int) -> String {
    let text = value.isFinite ? String(format: "%.\(decimals)f", value) : "n/a"
    return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

func percent(_ value: Double, _ width: Int) -> String { fixed(value * 100, 2, width - 1) + "%" }
