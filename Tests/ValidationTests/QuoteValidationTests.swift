import Foundation
import Market
import Pricing
import Strategy
import Testing
import TestSupport
@testable import Validation

@Suite("Quote validation buckets")
struct QuoteBucketTests {
    @Test func daysToExpiryBucketsIncludeTheirLowerBound() {
        #expect(DTEBucket.bucket(days: 6) == nil)
        #expect(DTEBucket.bucket(days: 7) == .short && DTEBucket.bucket(days: 19) == .short)
        #expect(DTEBucket.bucket(days: 20) == .medium && DTEBucket.bucket(days: 44) == .medium)
        #expect(DTEBucket.bucket(days: 45) == .long && DTEBucket.bucket(days: 90) == .long)
        #expect(DTEBucket.bucket(days: 91) == nil)
    }

    @Test func deltaBucketsByTypeAndAbsoluteDelta() {
        func bucket(_ type: OptionType, _ d: Double) -> DeltaBucket? {
            DeltaBucket.bucket(product: .spx, type: type, absoluteDelta: d, strike: 4000, future: .nan)
        }
        #expect(bucket(.put, 0.0049) == nil)
        #expect(bucket(.put, 0.005) == .putTail005 && bucket(.put, 0.0199) == .putTail005)
        #expect(bucket(.put, 0.02) == .putTail02 && bucket(.put, 0.049) == .putTail02)
        #expect(bucket(.call, 0.01) == nil && bucket(.call, 0.049) == nil)
        #expect(bucket(.put, 0.05) == .put05 && bucket(.put, 0.0999) == .put05)
        #expect(bucket(.put, 0.10) == .put10 && bucket(.put, 0.2) == .put20 && bucket(.put, 0.35) == .put35)
        #expect(bucket(.put, 0.5) == .put35 && bucket(.put, 0.51) == nil)
        #expect(bucket(.call, 0.07) == .call05 && bucket(.call, 0.25) == .call20)
        #expect(bucket(.put, .nan) == nil)
        #expect(DeltaBucket.puts.allSatisfy(\.isPut) && !DeltaBucket.call10.isPut)
        #expect(DeltaBucket.putTails.allSatisfy { $0.isPutTail && !$0.isPut } && !DeltaBucket.put05.isPutTail)
    }

    @Test func vixCallsFromTheFutureToFifteenAbove() {
        func bucket(_ type: OptionType, _ strike: Double) -> DeltaBucket? {
            DeltaBucket.bucket(product: .vix, type: type, absoluteDelta: 0.3, strike: strike, future: 18.4)
        }
        #expect(bucket(.call, 18) == nil)
        #expect(bucket(.call, 19) == .vixCall && bucket(.call, 33.4) == .vixCall)
        #expect(bucket(.call, 34) == nil)
        #expect(bucket(.put, 20) == nil)
    }
}

@Suite("Spread fit")
struct SpreadFitTests {
    /// Observations made exactly from `truth` on three days, two products, varied features.
    static func observations(_ truth: LogSpreadCoefficients) -> [SpreadObservation] {
        let days = [TradingDate(year: 2011, month: 1, day: 24)!, TradingDate(year: 2016, month: 6, day: 1)!,
                    TradingDate(year: 2020, month: 3, day: 20)!, TradingDate(year: 2023, month: 9, day: 14)!]
        let vix = [22.5, 14.2, 66.0, 12.8]
        var result: [SpreadObservation] = []
        for (k, day) in days.enumerated() {
            for product in [OptionProduct.spx, .xsp] {
                for t in [0.03, 0.1, 0.25] {
                    for d in [0.05, 0.2, 0.45] {
                        for mid in [0.8, 4.0, 31.0] {
                            let features = LogSpreadCoefficients.features(product: product, date: day, vix: vix[k],
                                                                          timeToExpiry: t, absoluteDelta: d, mid: mid)
                            // In SPX-equivalent points: an XSP spread is a tenth of the SPX-sized one.
                            let log = zip(features, truth.vector).reduce(0) { $0 + $1.0 * $1.1 }
                            result.append(SpreadObservation(date: day, product: product, vix: vix[k], timeToExpiry: t,
                                                            absoluteDelta: d, mid: mid, spread: exp(log) * product.indexScale))
                        }
                    }
                }
            }
        }
        return result
    }

    static let truth = LogSpreadCoefficients(intercept: -2.3, xsp: -1.9, perYearBefore2019: -0.12, perYearFrom2019: 0.04,
                                             logVIX: 0.9, perYearToExpiry: 1.2, absoluteDelta: -0.6, logMid: 0.4)

    @Test func recoversTheCoefficientsThatMadeTheData() throws {
        let fit = try #require(SpreadFit.fit(Self.observations(Self.truth)))
        for (got, want) in zip(fit.coefficients.vector, Self.truth.vector) {
            #expect(abs(got - want) < 1e-5, "\(got) vs \(want)")
        }
        #expect(fit.medianAbsoluteLogError < 1e-5)
        #expect(fit.days.count == 4)
        // The model quotes what generated the data: an XSP option at 0.8 with |delta| 0.2,
        // 0.1 year out, VIX 14.2 on 2016-06-01 (the era and VIX in the clamped span).
        let date = TradingDate(year: 2016, month: 6, day: 1)!
        let term = fit.coefficients.expiryTerm(product: .xsp, date: date, vix: 14.2, timeToExpiry: 0.1)
        let y = LogSpreadCoefficients.years(date)
        let expected = 0.1 * exp(-2.3 - 1.9 - 0.12 * y + 0.9 * log(14.2 / 20) + 1.2 * 0.1 - 0.6 * 0.2 + 0.4 * log(8.0))
        #expect(abs(fit.coefficients.spread(mid: 0.8, absoluteDelta: 0.2, expiryTerm: term) / expected - 1) < 1e-6)
    }

    @Test func theFitForADayHoldsNoneOfItsQuotes() throws {
        var data = Self.observations(Self.truth)
        let crash = TradingDate(year: 2020, month: 3, day: 20)!
        // The left-out day's spreads are made ten times too wide: a fit that saw them would move.
        data = data.map { o in
            var o = o
            if o.date == crash { o.spread *= 10 }
            return o
        }
        let (error, fits, dayErrors) = SpreadFit.leaveOneDayOut(data)
        let fit = try #require(fits[crash])
        #expect(!fit.days.contains(crash) && fit.days.count == 3)
        #expect(fit.count == data.filter { $0.date != crash }.count)
        // Three clean days, and four day-level terms (intercept, two era slopes, VIX): not
        // identifiable apart, but the fit still reproduces the clean days exactly.
        let clean = data.filter { $0.date != crash }
        #expect(clean.allSatisfy { abs(SpreadFit.logError(fit.coefficients, $0)) < 1e-4 })
        // The crash day, judged by a fit that never saw it, is off by about log(10).
        let crashErrors = data.filter { $0.date == crash }.map { abs(SpreadFit.logError(fit.coefficients, $0)) }
        #expect(QuoteStatistics.median(crashErrors) > 1)
        #expect(error > 0.5 && dayErrors[crash]! > 1)
    }
}

@Suite("Structures on a hand-built chain")
struct StructurePricingTests {
    static let date = TradingDate(year: 2023, month: 9, day: 14)!
    static let expiry = ListedExpiry(
        product: .spx, root: .spxw, cycle: .weekly, style: .pm, expirationDate: TradingDate(year: 2023, month: 10, day: 13)!,
        settlementDate: TradingDate(year: 2023, month: 10, day: 13)!, settlementMinute: 960,
        lastTradingDate: TradingDate(year: 2023, month: 10, day: 13)!)

    /// 43 days out: beyond the core window (25-35 days), as every full listing has one.
    static let laterExpiry = ListedExpiry(
        product: .spx, root: .spxw, cycle: .weekly, style: .pm, expirationDate: TradingDate(year: 2023, month: 10, day: 27)!,
        settlementDate: TradingDate(year: 2023, month: 10, day: 27)!, settlementMinute: 960,
        lastTradingDate: TradingDate(year: 2023, month: 10, day: 27)!)

    /// Puts 4200...4500 every 50 points at spot 4500 (wings exactly 50 and 100 at the default
    /// scaling), 29 days out; (strike, bid, ask, delta). With `reachingPastTheWindow` the same
    /// puts 43 days out too, so that the chain spans the core window as a full listing does.
    static func chain(_ puts: [(Double, Double, Double, Double)], source: QuoteSource,
                      reachingPastTheWindow: Bool = true) -> OptionChain {
        let expiries = reachingPastTheWindow ? [expiry, laterExpiry] : [expiry]
        let times = expiries.map { Double($0.calendarDays(from: date)) / 365 }
        var columns = OptionColumns()
        for (e, expiry) in expiries.enumerated() {
            for (strike, bid, ask, delta) in puts {
                columns.append(OptionQuote(expiry: expiry, type: .put, strike: strike, underlying: 4500, timeToExpiry: times[e],
                                           bid: bid, ask: ask, mid: 0.5 * (bid + ask), iv: 0.15, delta: delta, gamma: 0,
                                           vega: 0, theta: 0, source: source), expiryIndex: e)
            }
        }
        return OptionChain(date: date, product: .spx, spot: 4500, rate: 0.05, dividendYield: 0.015, expiries: expiries,
                           underlyings: expiries.map { _ in 4500 }, timesToExpiry: times, columns: columns)
    }

    @Test func coreButterflyCreditAtMidAndAtTheFill() throws {
        let real = Self.chain([(4200, 5.0, 5.4, -0.06), (4250, 9.0, 9.4, -0.09), (4300, 13.0, 13.6, -0.12),
                               (4350, 20.0, 20.6, -0.16), (4400, 30.0, 31.0, -0.22), (4450, 40, 41, -0.3),
                               (4500, 55, 56, -0.45)], source: .real)
        // The synthesized side: the same deltas (so the same strikes), richer premiums.
        let synth = Self.chain([(4200, 5.5, 5.9, -0.06), (4250, 10.0, 10.4, -0.09), (4300, 14.0, 14.6, -0.12),
                                (4350, 22.0, 22.4, -0.16), (4400, 31.0, 31.6, -0.22), (4450, 40, 41, -0.3),
                                (4500, 55, 56, -0.45)], source: .synthetic)
        let row = StructureComparison().coreButterfly(ChainPair(real: real, synthesized: synth), isClosing: true)
        // Short the 0.16-delta 4350 twice, long 4400 (+50) and 4250 (-100).
        #expect(row.legs == "+1 4400P -2 4350P +1 4250P", "\(row.note)")
        // Real: -(30.5 - 2 x 20.3 + 9.2) x 100 = 90 at mid. Three legs fill at share
        // (0.66 + 0.56) / 2 = 0.61, i.e. 0.22 of each half-spread against us:
        // 0.22 x (0.5 + 2 x 0.3 + 0.2) x 100 = 28.6 less.
        #expect(abs(row.realMid - 90) < 1e-9)
        #expect(abs(row.realFill - 61.4) < 1e-9)
        // Synthesized: -(31.3 - 2 x 22.2 + 10.2) x 100 = 290; less 0.22 x (0.3 + 2 x 0.2 + 0.2) x 100 = 19.8.
        #expect(abs(row.synthesizedMid - 290) < 1e-9)
        #expect(abs(row.synthesizedFill - 270.2) < 1e-9)
        #expect(abs(row.midRatio - 290.0 / 90) < 1e-12)
        // The real combo's own market: buy 4400 and 4250 at the ask, sell 4350 twice at the bid,
        // -(31.0 - 2 x 20.0 + 9.4) x 100 = -40; it spans 90 -+ 130, and 290 lies outside.
        #expect(abs(row.realNatural + 40) < 1e-9 && abs(row.realHalfSpread - 130) < 1e-9)
        #expect(row.synthesizedMidInsideRealMarket == false)
        #expect(row.daysToExpiry == 29 && row.note.isEmpty)
    }

    @Test func aChainThatStopsShortOfTheCoreWindowIsNotJudgedByTheRules() {
        // A near-term download: its last expiry, 29 days out, lies inside the core window, but a
        // full listing runs months out and the rules may take an expiry past 29 days from it,
        // so the 29-day expiry cannot stand for what the strategy trades that day.
        let puts = [(4200.0, 5.0, 5.4, -0.06), (4250, 9.0, 9.4, -0.09), (4300, 13.0, 13.6, -0.12), (4350, 20.0, 20.6, -0.16),
                    (4400, 30.0, 31.0, -0.22)]
        let real = Self.chain(puts, source: .real, reachingPastTheWindow: false)
        let synth = Self.chain(puts, source: .synthetic, reachingPastTheWindow: false)
        let row = StructureComparison().coreButterfly(ChainPair(real: real, synthesized: synth), isClosing: true)
        #expect(row.realMid.isNaN && row.legs.isEmpty)
        #expect(row.note == "the real chain's expiries end at 2023-10-13 (29 days), short of the core window's 35 days"
                + " (a partial download)", "\(row.note)")
        // At an expiry named by the caller (SPY's snapshots: the snapshot's own) it is priced.
        let named = StructureComparison().coreButterfly(ChainPair(real: real, synthesized: synth), isClosing: true, expiry: 0)
        #expect(named.legs == "+1 4400P -2 4350P +1 4250P" && named.note.isEmpty, "\(named.note)")
    }

    @Test func strikesAreWrittenWholeOrToTheCent() {
        #expect(StructureComparison.strikeText(4450) == "4450" && StructureComparison.strikeText(450.5) == "450.5")
        #expect(StructureComparison.strikeText(1047.4424640047391) == "1047.44")
        #expect(StructureComparison.strikeText(1000.004) == "1000" && StructureComparison.strikeText(999.999) == "1000")
    }

    @Test func aLegMissingOnTheRealSideIsNoted() {
        let real = Self.chain([(4200, 5.0, 5.4, -0.06), (4300, 13.0, 13.6, -0.12), (4350, 20.0, 20.6, -0.16),
                               (4400, 30.0, 31.0, -0.22)], source: .real)
        let synth = Self.chain([(4200, 5.5, 5.9, -0.06), (4250, 10.0, 10.4, -0.09), (4300, 14.0, 14.6, -0.12),
                                (4350, 22.0, 22.4, -0.16), (4400, 31.0, 31.6, -0.22)], source: .synthetic)
        let row = StructureComparison().coreButterfly(ChainPair(real: real, synthesized: synth), isClosing: true)
        #expect(row.realMid.isNaN && row.midRatio.isNaN && row.synthesizedMidInsideRealMarket == nil)
        #expect(row.note.contains("real: a leg is not quoted"))
    }
}

@Suite("The core butterfly against the real combo's market")
struct ButterflyMarketSummaryTests {
    static func row(_ day: String, synthesized: Double, real: Double, natural: Double, fills: (Double, Double)) -> StructureRow {
        StructureRow(date: TradingDate(day)!, product: .spx, isClosing: true, kind: .coreButterfly, expiry: nil, daysToExpiry: 30,
                     legs: "+1 4400P -2 4350P +1 4250P", synthesizedMid: synthesized, realMid: real, synthesizedFill: fills.0,
                     realFill: fills.1, realNatural: natural, note: "")
    }

    @Test func countsTheDaysInsideAndAveragesEachYear() {
        var result = QuoteValidation.Result()
        result.structureRows = [
            // Inside: |120 - 100| = 20 <= 100 - 20 = 80.
            Self.row("2019-05-02", synthesized: 120, real: 100, natural: 20, fills: (100, 80)),
            // Outside: |300 - 100| = 200 > 100 - 40 = 60.
            Self.row("2019-05-03", synthesized: 300, real: 100, natural: 40, fills: (280, 70)),
            // Inside, a debit on the real side: |-20 - (-60)| = 40 <= -60 - (-150) = 90.
            Self.row("2023-12-08", synthesized: -20, real: -60, natural: -150, fills: (-30, -90)),
            // No real side: left out of every figure.
            Self.row("2023-12-11", synthesized: 50, real: .nan, natural: .nan, fills: (40, .nan)),
        ]
        let lines = QuoteCriteria.coreButterflyAgainstRealMarket(result)
        #expect(lines.count == 6, "\(lines)")
        // Errors 20, 200, 40: median 40, largest 200; half-spreads 80, 60, 90: median 80.
        #expect(lines[2].contains("inside the real bid-ask on 2 of 3 days"))
        #expect(lines[2].contains("median $40.0, largest $200.0") && lines[2].contains("half-spread: median $80.0"))
        // 2019: mids (120 + 300) / 2 = 210 against 100, fills 190 against 75; 2023: one day, debits.
        #expect(lines[3] == "  mean credit a day, synthesized against real:")
        #expect(lines[4] == "  2019 (2 days): at mid $210.0 against $100.0; at the fill $190.0 against $75.0")
        #expect(lines[5] == "  2023 (1 day): at mid -$20.0 against -$60.0; at the fill -$30.0 against -$90.0")
        #expect(QuoteCriteria.coreButterflyAgainstRealMarket(QuoteValidation.Result()).isEmpty)
    }
}

@Suite("Quote criteria")
struct QuoteCriteriaTests {
    @Test func theHedgeCriterionSaysWhenItsDayIsOneTheVIXSmileIsFittedOn() throws {
        func criterion(on day: String) throws -> QuoteCriterion {
            var result = QuoteValidation.Result()
            result.structureRows = [StructureRow(date: TradingDate(day)!, product: .vix, isClosing: true, kind: .hedgeSpread,
                                                 expiry: nil, daysToExpiry: 49, legs: "+1 25C -1 35C", synthesizedMid: -45,
                                                 realMid: -50, synthesizedFill: -50, realFill: -55, realNatural: -55, note: "")]
            return try #require(QuoteCriteria.evaluate(result).last)
        }
        let fittedOn = try criterion(on: "2016-06-01"), other = try criterion(on: "2024-03-01")
        #expect(fittedOn.name.hasSuffix("median of 1 days (in sample)") && fittedOn.passed == true)
        #expect(other.name.hasSuffix("median of 1 days") && other.measured == "0.90")
    }
}

@Suite("validate quotes on the real data", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct QuoteValidationRunTests {
    static let run = LoadedOnce { try QuoteValidation().run(directory: RealMarketData.directory!) }

    @Test func everyChainIsSynthesizedWithASpreadFitThatNeverSawItsDay() throws {
        let result = try Self.run.get()
        #expect(result.spreadFitDaysUsed.count >= 15)
        for (key, days) in result.spreadFitDaysUsed {
            #expect(!days.isEmpty && !days.contains(key.date), "\(key)")
        }
        // Each closing day was itself fitted in the full fit, which therefore differs from every day's own.
        let fit = try #require(result.spreadFit)
        #expect(result.spreadFitDays.allSatisfy { fit.days.contains($0.date) })
        #expect(result.outOfSampleLogError > fit.medianAbsoluteLogError)
    }

    @Test func theShippedSpreadCoefficientsAreTheFitOnTheData() throws {
        // LogSpreadCoefficients.fitted is written out in the source; the data must give it back.
        let fit = try #require(try Self.run.get().spreadFit)
        let shipped = LogSpreadCoefficients.fitted
        for (name, (refit, constant)) in zip(LogSpreadCoefficients.names, zip(fit.coefficients.vector, shipped.vector)) {
            #expect(abs(refit - constant) < 1e-5, "\(name): \(refit) against \(constant)")
        }
        #expect(fit.coefficients.firstYear == shipped.firstYear && fit.coefficients.lastYear == shipped.lastYear)
        #expect(fit.count == 105_454 && fit.days.count == 29)
    }

    @Test func theCoreButterflyOf20230914IsRicherSynthesizedThanReal() throws {
        // Issue 8: on 2023-09-14 the real butterfly at the synthesized strikes is worth far
        // less than the synthesized one (about $22 against $82 at the fill).
        let result = try Self.run.get()
        let row = try #require(result.structureRows.first {
            $0.kind == .coreButterfly && $0.date == TradingDate(year: 2023, month: 9, day: 14)! })
        #expect(row.realMid < 60 && row.synthesizedMid > row.realMid)
        #expect(row.realFill < row.realMid && row.synthesizedFill < row.synthesizedMid)
        // Yet the real combo's own bid-ask is wider than the gap: the real mid is known only to
        // within its half-spread.
        #expect(row.realHalfSpread > row.synthesizedMid - row.realMid && row.synthesizedMidInsideRealMarket == true)
    }

    @Test func theCoreIsJudgedOnlyOnChainsThatSpanItsWindow() throws {
        // Three closing downloads hold near-term expiries only (PROVENANCE): 2022-01-07 to
        // 2022-01-31, 2023-02-03 to 2023-02-28, 2023-12-08 to 2023-12-29. The rules would pick
        // 24, 25 and 21 days on them, where the strategy traded 31 days out those days.
        let rows = try Self.run.get().structureRows.filter { $0.kind == .coreButterfly && $0.isClosing }
        let short = rows.filter { $0.note.contains("short of the core window") }.map(\.date.description)
        #expect(short == ["2022-01-07", "2023-02-03", "2023-12-08"], "\(short)")
        let judged = rows.filter { $0.midRatio.isFinite }
        #expect(judged.count == 26)
        #expect(judged.allSatisfy { ($0.daysToExpiry ?? 0) >= 25 && ($0.daysToExpiry ?? 99) <= 45 })
    }

    @Test func theHedgesCallSpreadOnTheOfficialVIXChain() throws {
        // 2016-06-01, the one closing VIX chain: the default rules buy the 25/35 call spread
        // 49 days out (future 17.525), $47.5 at the real mid. With the ATM line drawn through
        // expiries to 168 days (T^-0.107) the synthesized spread came out at $39.4 (0.83).
        let row = try #require(try Self.run.get().structureRows.first {
            $0.kind == .hedgeSpread && $0.date == TradingDate(year: 2016, month: 6, day: 1)! && $0.isClosing })
        #expect(row.daysToExpiry == 49 && row.legs == "+1 25C -1 35C" && abs(row.realMid - -47.5) < 1e-9)
        let ratio = row.synthesizedMid / row.realMid
        #expect(ratio > 0.85 && ratio < 1.15, "\(row.synthesizedMid) against \(row.realMid)")
    }

    @Test func fourteenYearsOfSPYPutsOutOfSample() throws {
        // Nothing is fitted on SPY: 326 end-of-day snapshots 2010-2023, 0-25% out of the money.
        let spy = try Self.run.get().spyPuts
        #expect(spy.days.count == 326 && spy.skipped.isEmpty)
        for dte in [DTEBucket.medium, .long] {
            for bucket in DeltaBucket.puts {
                let bias = spy.medianBias(bucket, dte: dte)
                #expect(abs(bias) < 0.5, "\(dte.rawValue) \(bucket.rawValue): \(bias)")
            }
        }
        // Year by year they are further apart (2020's 0.20-0.50 delta puts at 20-45 days come
        // out two vol points under SPY's), but no year's median is off by 2.5 points.
        for year in 2010...2023 {
            for bucket in DeltaBucket.puts {
                let bias = spy.medianBias(bucket, dte: .medium, years: year...year)
                #expect(abs(bias) < 2.5, "\(year) \(bucket.rawValue): \(bias)")
            }
        }
        // The core butterfly at the same strikes on both sides, at mid.
        let butterflies = spy.butterflies()
        #expect(butterflies.count > 280)
        let median = QuoteStatistics.median(butterflies.map(\.midRatio))
        #expect(median > 0.9 && median < 1.1, "\(median)")
    }

    @Test func spysPutsLeanOnVVIXAgainstItsUsualLevel() throws {
        // The surface does not read VVIX. Where VVIX is low for the day's VIX the synthesized
        // puts are rich against SPY's, where it is high they are cheap (measured at 0.10-0.20
        // delta, 20-45 days: +0.49 / +0.33 below 0.85 / 0.85-0.95 of the usual VVIX, -0.27 /
        // -0.27 at 1.05-1.15 / above): the skew the market puts on when the VIX is expected to
        // move, which VIX and SKEW alone do not say.
        let spy = try Self.run.get().spyPuts
        let line = try #require(spy.volOfVolLine)
        #expect(line.days == 4_778)
        #expect(spy.days.map(spy.volOfVolRatio(of:)).allSatisfy { $0.isFinite && $0 > 0.5 && $0 < 2 })
        let low = spy.medianBias(.put10, dte: .medium) { spy.volOfVolRatio(of: $0) < 0.95 }
        let high = spy.medianBias(.put10, dte: .medium) { spy.volOfVolRatio(of: $0) >= 1.05 }
        #expect(low - high > 0.3, "below 0.95: \(low), from 1.05: \(high)")
    }

    @Test func spyAgainstSPXOnTheOneDayWithBoth() throws {
        // 2023-09-14: SPY's real puts, their early-exercise premium taken out, mapped to SPX
        // against SPX's real puts at the same forward moneyness: within 0.15 vol points at
        // 20-45 days. With the premium left in, SPY's puts near the money sit a quarter of a
        // point above SPX's (5.3% rates).
        let basis = try Self.run.get().spyPuts.basis
        let rows = basis.filter { $0.date == TradingDate(year: 2023, month: 9, day: 14)! && $0.dteBucket == .medium }
        #expect(Set(rows.map(\.deltaBucket)) == Set(DeltaBucket.puts))
        for row in rows { #expect(abs(row.medianIVBias) < 0.15, "\(row.deltaBucket.rawValue): \(row.medianIVBias)") }
    }

    @Test func theFarPutTailIsReportedAndNotJudged() throws {
        // Beyond the strikes the strategy trades (0.005-0.05 delta), where the surface's put
        // tail carries SKEW: in the median over the 30 closing SPX and XSP chains richer than
        // the real ones by 1.3 to 1.7 vol points (measured +1.70 and +1.30; +0.61 and +0.51
        // while 18 session files counted as closes), named in the summary and read by no
        // criterion.
        let result = try Self.run.get()
        for bucket in DeltaBucket.putTails {
            let biases = result.bucketRows.filter {
                $0.isClosing && $0.product != .vix && $0.dteBucket == .medium && $0.deltaBucket == bucket
            }.map(\.medianIVBias)
            #expect(biases.count >= 28, "\(bucket.rawValue)")
            let median = QuoteStatistics.median(biases)
            #expect(median > 1 && median < 2, "\(bucket.rawValue): \(median)")
        }
        let line = try #require(QuoteCriteria.farPutTail(result).first)
        #expect(line.contains("P 0.005-0.02") && line.contains("P 0.02-0.05"))
        #expect(!QuoteCriteria.evaluate(result).contains { $0.name.contains("0.005") || $0.name.contains("0.02-0.05") })
    }

    @Test func theCrashDaysLowSkewIsTheRealChainsFlatterSmile() throws {
        // 2020-03-20, SKEW 118: met by turning the smile (rho towards 0), the 20-45 day calls
        // at 0.10-0.20 delta came out 6.4 vol points over the real chain and the puts at
        // 0.20-0.35 delta 3.1 under; met by a lower curvature, 2.3 and 0.8.
        let result = try Self.run.get()
        let crash = TradingDate(year: 2020, month: 3, day: 20)!
        func bias(_ bucket: DeltaBucket) throws -> Double {
            try #require(result.bucketRows.first {
                $0.date == crash && $0.product == .spx && $0.isClosing && $0.dteBucket == .medium && $0.deltaBucket == bucket
            }).medianIVBias
        }
        #expect(abs(try bias(.call10)) < 3)
        for bucket in [DeltaBucket.put10, .put20, .put35] { #expect(abs(try bias(bucket)) < 1.5, "\(bucket)") }
    }
}
