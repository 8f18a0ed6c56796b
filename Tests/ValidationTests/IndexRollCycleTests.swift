import Foundation
import Market
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

    @Test func legsAreWrittenWithTheirQuantityTypeStrikeAndSettlement() {
        let expiry = ExpiryListing.nyse.standardMonthly(.spx, year: 2009, month: 5, style: .am)
        let leg = IndexLeg(option: ReplayOption(type: .put, strike: 2100, expiry: expiry), quantity: -1.02346)
        #expect(IndexValidation.legText(leg) == "-1.0235 P2100 \(expiry.settlementDate)")
    }
}
