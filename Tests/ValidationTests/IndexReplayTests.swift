import Foundation
import Market
import Pricing
import Testing
@testable import Validation

private func day(_ text: String) -> TradingDate { TradingDate(iso: text)! }

/// A market where every figure can be computed by hand: a flat vol, constant rate, no
/// dividends, 5-point strikes, and an index that sits at one level until a chosen day.
struct FlatVolatilityMarket: ReplayMarket {
    var sessions: [ReplaySession]
    let listing = ExpiryListing.nyse
    var volatility: Double

    /// Sessions `first...last` at `level`, then at `laterLevel` (open and close) from `move` on.
    init(first: TradingDate, last: TradingDate, level: Double, laterLevel: Double, move: TradingDate,
         rate: Double, volatility: Double, firstOpen: Double? = nil) {
        self.volatility = volatility
        sessions = TradingCalendar.nyse.tradingDays(from: first, through: last).map { date in
            let spx = date >= move ? laterLevel : level
            return ReplaySession(date: date, open: date == first ? (firstOpen ?? spx) : spx, close: spx, rate: rate,
                                 dividendYield: 0)
        }
    }

    /// The index at 11:00 on the days given, else the open: the strikes are picked from it.
    var elevenOClock: [TradingDate: Double] = [:]

    /// What is known of the 11:00 level on the days given (levels and probabilities), when it
    /// is not known exactly; else the one level of ``rollLevel(session:minute:)``.
    var elevenOClockOdds: [TradingDate: [(level: Double, probability: Double)]] = [:]

    func rollLevelDistribution(session i: Int, minute: Int) -> [(level: Double, probability: Double)] {
        if minute == IndexReplay.referenceMinute, let odds = elevenOClockOdds[sessions[i].date] { return odds }
        return [(rollLevel(session: i, minute: minute), 1)]
    }

    /// The reference level until 11:00; the close after (the options are sold at the close's quotes).
    func rollLevel(session i: Int, minute: Int) -> Double {
        let session = sessions[i]
        guard minute <= IndexReplay.referenceMinute else { return session.close }
        return elevenOClock[session.date] ?? session.open ?? session.close
    }

    func strikes(of expiry: ListedExpiry, session i: Int, around level: Double, window: Double) -> [Double] {
        stride(from: ((level * (1 - window)) / 5).rounded(.up) * 5, through: level * (1 + window), by: 5).map { $0 }
    }

    func quote(_ option: ReplayOption, session i: Int) throws(IndexReplayError) -> ReplayQuote {
        let session = sessions[i]
        let t = listing.yearsToSettlement(of: option.expiry, from: session.date)
        let g = BlackScholes.greeks(option.type, spot: session.close, strike: option.strike, timeToExpiry: t,
                                    rate: session.rate, dividendYield: 0, volatility: volatility)
        return ReplayQuote(mid: g.price, delta: g.delta)
    }
}

@Suite("Index replay rules")
struct IndexReplayTests {
    // January 2021: the roll days are the third Fridays 2021-01-15, 2021-02-19 and 2021-03-19.
    let first = day("2021-01-15"), second = day("2021-02-19")

    @Test func rollDaysAreTheThirdFridaySettlements() {
        #expect(IndexReplay.isRollDay(day("2021-01-15"), listing: .nyse))
        #expect(!IndexReplay.isRollDay(day("2021-01-22"), listing: .nyse))
        // Good Friday 2019-04-19: the April series settled on Thursday 2019-04-18.
        #expect(IndexReplay.isRollDay(day("2019-04-18"), listing: .nyse))
    }

    @Test func putMonthIsPremiumPlusTBillsLessThePayoff() throws {
        let rate = 0.02, sigma = 0.20
        // The roll's reference level (the 11:00 level, here the open) 3803 picks the 3800
        // strike; the index closes at 3810 and falls to 3700 by the next roll, where the put
        // settles at 100.
        let market = FlatVolatilityMarket(first: first, last: second, level: 3810, laterLevel: 3700,
                                          move: day("2021-02-10"), rate: rate, volatility: sigma, firstOpen: 3803)
        let replay = try IndexReplay.replay(.put, on: market)
        let roll = try #require(replay.rolls.first)
        #expect(roll.legs.count == 1 && roll.legs[0].option.strike == 3800 && roll.legs[0].option.type == .put)
        #expect(roll.legs[0].option.expiry.settlementDate == second)

        // By hand: the put's value at the first close, 35 days to the 09:30 settlement of 2021-02-19.
        let t = (35.0 * 1440 + (570 - 960)) / (365 * 1440)
        let premium = BlackScholes.greeks(.put, spot: 3810, strike: 3800, timeToExpiry: t, rate: rate, dividendYield: 0,
                                          volatility: sigma).price
        let growth = exp(rate * t)
        let puts = 3810 * growth / (3800 - premium * growth)
        #expect(abs(puts * 3800 - (3810 + puts * premium) * growth) < 1e-9, "collateral covers the strike at expiry")
        #expect(abs(roll.legs[0].quantity + puts) < 1e-12)
        let cashAtRoll = (3810 + puts * premium) * exp(rate * 35 / 365)
        let expected = cashAtRoll - puts * 100
        let k = try #require(replay.dates.firstIndex(of: second))
        #expect(abs(replay.levels[k] - expected) < 1e-6, "\(replay.levels[k]) vs \(expected)")
        #expect(replay.levels[0] == 3810)
        // The one-month return: premium and interest earned, the settlement paid.
        let monthReturn = replay.levels[k] / replay.levels[0] - 1
        #expect(abs(monthReturn - (expected / 3810 - 1)) < 1e-12)
        #expect(monthReturn < 0, "a 2.9% fall through the strike costs more than the premium")
    }

    /// The strikes come from the index at 11:00, not from the open: a day that opens at 3803
    /// and stands at 3812 by 11:00 writes the 3810 put.
    @Test func theStrikesArePickedFromTheLevelAtEleven() throws {
        var market = FlatVolatilityMarket(first: first, last: second, level: 3810, laterLevel: 3700,
                                          move: day("2021-02-10"), rate: 0.02, volatility: 0.2, firstOpen: 3803)
        market.elevenOClock[first] = 3812
        let roll = try #require(try IndexReplay.replay(.put, on: market).rolls.first)
        #expect(roll.referenceLevel == 3812 && roll.legs.map(\.option.strike) == [3810])
    }

    /// An 11:00 level known only by its distribution: each strike it may pick is written on
    /// that share of the account, so the month is the same mixture of the months each level
    /// alone would give (PUT at or below, BXM above: 3803 picks 3800 and 3805, 3812 picks
    /// 3810 and 3815).
    @Test(arguments: [StrategyIndex.put, .bxm])
    func anUnrecordedLevelWritesEachStrikeItMayPick(index: StrategyIndex) throws {
        func market(_ odds: [(level: Double, probability: Double)]) -> FlatVolatilityMarket {
            var market = FlatVolatilityMarket(first: first, last: second, level: 3810, laterLevel: 3700,
                                              move: day("2021-02-10"), rate: 0.02, volatility: 0.2, firstOpen: 3803)
            market.elevenOClockOdds[first] = odds
            return market
        }
        let mixed = try IndexReplay.replay(index, on: market([(3803, 0.3), (3812, 0.7)]))
        let low = try IndexReplay.replay(index, on: market([(3803, 1)]))
        let high = try IndexReplay.replay(index, on: market([(3812, 1)]))
        let roll = try #require(mixed.rolls.first)
        let strikes = index == .put ? [3800.0, 3810] : [3805.0, 3815]
        #expect(roll.legs.map(\.option.strike) == strikes)
        let lowLeg = try #require(low.rolls.first?.legs.first), highLeg = try #require(high.rolls.first?.legs.first)
        #expect(abs(roll.legs[0].quantity - 0.3 * lowLeg.quantity) < 1e-12)
        #expect(abs(roll.legs[1].quantity - 0.7 * highLeg.quantity) < 1e-12)
        let premium = 0.3 * (try #require(low.rolls.first?.netPremium)) + 0.7 * (try #require(high.rolls.first?.netPremium))
        #expect(abs(roll.netPremium - premium) < 1e-12)
        let k = try #require(mixed.dates.firstIndex(of: second))
        #expect(abs(mixed.levels[k] - (0.3 * low.levels[k] + 0.7 * high.levels[k])) < 1e-9)
        #expect(mixed.levels[k] != low.levels[k] && mixed.levels[k] != high.levels[k])
    }

    @Test func buyWriteWritesTheFirstStrikeAboveAndCapsTheGain() throws {
        let sigma = 0.15
        let market = FlatVolatilityMarket(first: first, last: second, level: 3810, laterLevel: 4000,
                                          move: day("2021-02-10"), rate: 0, volatility: sigma, firstOpen: 3800)
        let replay = try IndexReplay.replay(.bxm, on: market)
        let leg = try #require(replay.rolls.first?.legs.first)
        #expect(leg.option.type == .call && leg.option.strike == 3805, "the first listed strike strictly above 3800")
        let t = (35.0 * 1440 + (570 - 960)) / (365 * 1440)
        let call = BlackScholes.greeks(.call, spot: 3810, strike: 3805, timeToExpiry: t, rate: 0, dividendYield: 0,
                                       volatility: sigma).price
        let units = 3810 / (3810 - call)
        let k = try #require(replay.dates.firstIndex(of: second))
        // Settled at 4000: the index gains only up to the strike, plus the premium.
        #expect(abs(replay.levels[k] - units * (4000 - (4000 - 3805))) < 1e-6)
    }

    /// Where the session has Cboe's published SOQ, the expiring series settles there and not
    /// at the open; the roll records which.
    @Test func theExpiringSeriesSettlesAtThePublishedSOQ() throws {
        let sigma = 0.15
        var market = FlatVolatilityMarket(first: first, last: second, level: 3810, laterLevel: 4000,
                                          move: day("2021-02-10"), rate: 0, volatility: sigma, firstOpen: 3800)
        let k = try #require(market.sessions.firstIndex { $0.date == second })
        market.sessions[k].settlementQuotation = 3900
        let replay = try IndexReplay.replay(.bxm, on: market)
        let t = (35.0 * 1440 + (570 - 960)) / (365 * 1440)
        let call = BlackScholes.greeks(.call, spot: 3810, strike: 3805, timeToExpiry: t, rate: 0, dividendYield: 0,
                                       volatility: sigma).price
        let units = 3810 / (3810 - call)
        // The call pays 95 at the SOQ of 3900 (at the open of 4000 it would pay 195).
        #expect(abs(replay.levels[k] - units * (4000 - 95)) < 1e-6)
        #expect(replay.rolls.map(\.settlementSource) == [nil, .publishedSOQ])
        #expect(replay.rolls.last?.settlementLevel == 3900 && replay.rolls.last?.referenceLevel == 4000,
                "the SOQ settles the expiring series; the new strikes still come from the index")
        market.sessions[k].settlementQuotation = nil
        #expect(try IndexReplay.replay(.bxm, on: market).rolls.last?.settlementSource == .recordedOpen)
    }

    @Test func condorSellsTwentyAndBuysFiveDelta() throws {
        let market = FlatVolatilityMarket(first: first, last: second, level: 3810, laterLevel: 3810,
                                          move: second, rate: 0.01, volatility: 0.18)
        let replay = try IndexReplay.replay(.cndr, on: market)
        let legs = try #require(replay.rolls.first?.legs)
        #expect(legs.count == 4)
        for leg in legs {
            let delta = try market.quote(leg.option, session: 0).delta
            let target = leg.quantity < 0 ? 0.20 : 0.05
            // A 5-point grid puts some strike within a few hundredths of each target delta.
            #expect(abs(abs(delta) - target) < 0.01, "\(leg.option.type) \(leg.option.strike): delta \(delta)")
        }
        let puts = legs.filter { $0.option.type == .put }.sorted { $0.option.strike < $1.option.strike }
        let calls = legs.filter { $0.option.type == .call }.sorted { $0.option.strike < $1.option.strike }
        #expect(puts[0].quantity > 0 && puts[1].quantity < 0, "the wing is further out than the short put")
        // Sized as PUT is: the T-bills (the first close, 3810, and the credit), grown to the
        // 09:30 settlement 35 days on, cover ten times the largest payout, the wider wing.
        var credit = 0.0
        for leg in legs { credit -= (leg.quantity < 0 ? -1 : 1) * (try market.quote(leg.option, session: 0).mid) }
        let widest = max(puts[1].option.strike - puts[0].option.strike, calls[1].option.strike - calls[0].option.strike)
        let growth = exp(0.01 * (35.0 * 1440 + (570 - 960)) / (365 * 1440))
        let condors = 3810 * growth / (10 * widest - credit * growth)
        #expect(abs((3810 + condors * credit) * growth - 10 * condors * widest) < 1e-9, "the bills cover ten wings")
        #expect(condors > 2 && condors < 4, "\(condors) condors on a wing of \(widest)")
        for leg in legs { #expect(abs(abs(leg.quantity) - condors) < 1e-9) }
        // Nothing moved: every option expires worthless and the index earns credit plus interest.
        let k = try #require(replay.dates.firstIndex(of: second))
        #expect(abs(try #require(replay.rolls.first?.netPremium) - credit) < 1e-12)
        #expect(credit > 0)
        #expect(abs(replay.levels[k] - (3810 + condors * credit) * exp(0.01 * 35 / 365)) < 1e-6)
    }

    @Test func theSpreadOfTwoIndicesKeepsTheYearsBothHave() {
        let bxm = [IndexYear(year: 2019, published: 0.10, replayed: 0.12), IndexYear(year: 2020, published: -0.03, replayed: 0.01),
                   IndexYear(year: 2021, published: 0.20, replayed: 0.21)]
        let put = [IndexYear(year: 2020, published: 0.02, replayed: 0.015), IndexYear(year: 2021, published: 0.22, replayed: 0.22),
                   IndexYear(year: 2022, published: -0.08, replayed: -0.11)]
        let gap = IndexYear.spread(bxm, less: put)
        #expect(gap.map(\.year) == [2020, 2021])
        // 2020: published -0.05, replayed -0.005, so the replay's spread is 4.5 points wider.
        #expect(abs(gap[0].published - -0.05) < 1e-15 && abs(gap[0].replayed - -0.005) < 1e-15)
        #expect(abs(gap[0].difference - 0.045) < 1e-15 && abs(gap[1].difference - 0.01) < 1e-15)
    }

    @Test func aVolLevelMovesPUTAndBXMAlikeAndNotTheirSpread() throws {
        // Put-call parity: the ATM put PUT writes and the ATM call BXM writes gain alike from a
        // higher vol, so BXM less PUT barely moves while each index moves by several points.
        func growth(_ index: StrategyIndex, volatility: Double) throws -> Double {
            let market = FlatVolatilityMarket(first: day("2021-01-15"), last: day("2021-12-31"), level: 3810, laterLevel: 3600,
                                              move: day("2021-06-01"), rate: 0.01, volatility: volatility)
            let replay = try IndexReplay.replay(index, on: market)
            return replay.levels.last! / replay.levels.first! - 1
        }
        let put = (low: try growth(.put, volatility: 0.15), high: try growth(.put, volatility: 0.30))
        let bxm = (low: try growth(.bxm, volatility: 0.15), high: try growth(.bxm, volatility: 0.30))
        #expect(put.high - put.low > 0.05 && bxm.high - bxm.low > 0.05, "\(put) \(bxm)")
        let spreadMove = (bxm.high - put.high) - (bxm.low - put.low)
        #expect(abs(spreadMove) < 0.1 * (put.high - put.low), "BXM less PUT moved \(spreadMove)")
    }

    @Test func comparisonOfACurveWithItselfIsPerfect() throws {
        let market = FlatVolatilityMarket(first: day("2021-01-15"), last: day("2021-12-31"), level: 3810, laterLevel: 3500,
                                          move: day("2021-06-01"), rate: 0.01, volatility: 0.18)
        let replay = try IndexReplay.replay(.put, on: market)
        let published = StrategyIndexHistory(index: .put, dates: replay.dates, levels: replay.levels.map { $0 * 2 })
        let comparison = try #require(IndexComparison(published: published, replayed: replay))
        #expect(abs(comparison.monthlyCorrelation - 1) < 1e-12)
        #expect(comparison.trackingError < 1e-12)
        #expect(comparison.yearsWithinTolerance == 1)
        #expect(abs(comparison.publishedGrowth - comparison.replayedGrowth) < 1e-12)
        #expect(abs(comparison.monthlySlope - 1) < 1e-9)
    }
}
