import Foundation
import Market
import Pricing
import Testing
@testable import Validation

private func day(_ text: String) -> TradingDate { TradingDate(iso: text)! }

@Suite("Index roll cycles")
struct IndexRollCycleTests {
    static let dates = ["2019-01-18", "2019-01-22", "2019-02-15", "2019-02-19", "2019-03-15"].map(day)

    static func roll(_ date: TradingDate) -> IndexRoll {
        IndexRoll(date: date, settlementLevel: date == dates[0] ? nil : 2610, settlementSource: date == dates[0] ? nil : .publishedSOQ,
                  referenceLevel: 2600, legs: [], netPremium: 40)
    }

    static func replay(_ levels: [Double]) -> ReplayedIndex {
        ReplayedIndex(index: .put, dates: dates, levels: levels, rolls: [dates[0], dates[2], dates[4]].map(roll))
    }

    @Test func eachCycleRunsFromOneRollDaysCloseToTheNext() throws {
        let published = StrategyIndexHistory(index: .put, dates: Self.dates, levels: [100, 101, 102, 103, 101])
        let replayed = Self.replay([200, 202, 205, 206, 204])
        let lower = Self.replay([200, 201, 203, 204, 201])
        let cycles = IndexRollCycle.cycles(published: published, replayed: replayed, lowerVolatility: lower)
        #expect(cycles.count == 2)
        let first = try #require(cycles.first)
        #expect(first.roll.date == day("2019-01-18") && first.end == day("2019-02-15"))
        // The options written on the first roll day settle on the next.
        #expect(first.settlementLevel == 2610 && first.settlementSource == .publishedSOQ)
        #expect(abs(first.published - 0.02) < 1e-12 && abs(first.replayed - 0.025) < 1e-12)
        #expect(abs(try #require(first.replayedWithLowerVolatility) - 0.015) < 1e-12)
        // 0.5% over a gain of 1% per vol point: half a vol point rich.
        #expect(abs(try #require(first.differenceInVolatilityPoints) - 0.5) < 1e-9)
        let second = cycles[1]
        let expected = (204.0 / 205 - 101.0 / 102) / (204.0 / 205 - 201.0 / 203)
        #expect(abs(try #require(second.differenceInVolatilityPoints) - expected) < 1e-9)
        let byYear = IndexRollCycle.medianVolatilityPointsByYear(cycles)
        #expect(byYear.count == 1 && byYear[0].year == 2019 && byYear[0].cycles == 2)
        #expect(abs(byYear[0].median - (0.5 + expected) / 2) < 1e-9)
    }

    @Test func aCycleThePublishedHistoryMissesIsLeftOut() {
        // The published history lacks 2019-02-15: neither cycle that meets there can be compared.
        let published = StrategyIndexHistory(index: .put, dates: [0, 1, 3, 4].map { Self.dates[$0] }, levels: [100, 101, 103, 101])
        let cycles = IndexRollCycle.cycles(published: published, replayed: Self.replay([200, 202, 205, 206, 204]),
                                           lowerVolatility: nil)
        #expect(cycles.isEmpty)
    }

    @Test func noVolPointReadingWithoutAGainPerVolPoint() throws {
        let published = StrategyIndexHistory(index: .put, dates: Self.dates, levels: [100, 101, 102, 103, 101])
        let replayed = Self.replay([200, 202, 205, 206, 204])
        // Without the lower-vol replay, and where one vol point lower moves the cycle by under 0.01%.
        let without = IndexRollCycle.cycles(published: published, replayed: replayed, lowerVolatility: nil)
        #expect(without.count == 2 && without.allSatisfy { $0.differenceInVolatilityPoints == nil })
        let flat = IndexRollCycle.cycles(published: published, replayed: replayed,
                                         lowerVolatility: Self.replay([200, 202, 204.99, 206, 204]))
        let first = try #require(flat.first)
        #expect(first.replayedWithLowerVolatility != nil && first.differenceInVolatilityPoints == nil)
        #expect(IndexRollCycle.medianVolatilityPointsByYear(without).isEmpty)
    }

    /// A condor roll on `date` (puts 2400/2500, calls 2700/2800 written 1 each) whose options
    /// settle at `settlement`, and its cycle with `difference` and the roll day's `vix`.
    static func condorCycle(settlement: Double?, difference: Double, vix: Double?) -> IndexRollCycle {
        let expiry = ExpiryListing.nyse.standardMonthly(.spx, year: 2019, month: 2, style: .am)
        let legs = [(OptionType.put, 2400.0, 1.0), (.put, 2500, -1), (.call, 2700, -1), (.call, 2800, 1)].map { type, strike, quantity in
            IndexLeg(option: ReplayOption(type: type, strike: strike, expiry: expiry), quantity: quantity)
        }
        let roll = IndexRoll(date: dates[0], settlementLevel: nil, settlementSource: nil, referenceLevel: 2600, legs: legs,
                             netPremium: 20)
        return IndexRollCycle(roll: roll, end: dates[2], settlementLevel: settlement, settlementSource: .publishedSOQ,
                              published: 0.01, replayed: 0.01 + difference, replayedWithLowerVolatility: nil, rollVIX: vix)
    }

    @Test func aCycleSettlesBetweenItsShortStrikesOrBeyondOne() {
        // The short strikes themselves count as between: every option written expires worthless there.
        for (level, zone) in [(2450.0, IndexRollCycle.SettlementZone.belowShortPut), (2500, .betweenShortStrikes),
                              (2600, .betweenShortStrikes), (2700, .betweenShortStrikes), (2750, .aboveShortCall),
                              (2900, .aboveShortCall)] {
            #expect(Self.condorCycle(settlement: level, difference: 0, vix: 15).settlementZone == zone, "\(level)")
        }
        #expect(Self.condorCycle(settlement: nil, difference: 0, vix: 15).settlementZone == nil)
        // A put written alone (PUT): above its strike it expired worthless.
        var put = Self.condorCycle(settlement: 2550, difference: 0, vix: 15)
        put.roll.legs = put.roll.legs.filter { $0.option.type == .put && $0.quantity < 0 }
        #expect(put.settlementZone == .betweenShortStrikes)
        put.settlementLevel = 2499
        #expect(put.settlementZone == .belowShortPut)
    }

    @Test func differencesByZoneAndByTheRollDaysVIX() throws {
        let cycles = [Self.condorCycle(settlement: 2600, difference: 0.002, vix: 11),
                      Self.condorCycle(settlement: 2650, difference: 0.004, vix: 11.5),
                      Self.condorCycle(settlement: 2550, difference: -0.001, vix: 30),
                      Self.condorCycle(settlement: 2600, difference: 0.5, vix: nil),
                      Self.condorCycle(settlement: 2800, difference: -0.01, vix: 14)]
        let zones = IndexRollCycle.differencesByZone(cycles)
        #expect(zones.map(\.zone) == [.betweenShortStrikes, .aboveShortCall])
        #expect(zones[0].cycles == 4 && abs(zones[0].mean - 0.505 / 4) < 1e-12)
        #expect(zones[1].cycles == 1 && abs(zones[1].mean + 0.01) < 1e-12 && zones[1].standardDeviation.isNaN)
        // The cycle without a VIX is left out of the bands; the call-side one is another zone.
        let byVIX = IndexRollCycle.meanDifferenceByVIX(cycles, zone: .betweenShortStrikes)
        #expect(byVIX.bands.count == 2)
        #expect(byVIX.bands[0].lower == 0 && byVIX.bands[0].upper == 12 && byVIX.bands[0].cycles == 2)
        #expect(abs(byVIX.bands[0].mean - 0.003) < 1e-12)
        #expect(byVIX.bands[1].lower == 25 && byVIX.bands[1].upper == 35 && abs(byVIX.bands[1].mean + 0.001) < 1e-12)
        #expect(byVIX.correlationWithLogVIX < -0.8)
    }

    @Test func legsAreWrittenWithTheirQuantityTypeStrikeAndSettlement() {
        let expiry = ExpiryListing.nyse.standardMonthly(.spx, year: 2009, month: 5, style: .am)
        let leg = IndexLeg(option: ReplayOption(type: .put, strike: 2100, expiry: expiry), quantity: -1.02346)
        #expect(IndexValidation.legText(leg) == "-1.0235 P2100 \(expiry.settlementDate)")
    }
}
