import Foundation
import Market
import Testing
@testable import Validation

private func day(_ text: String) -> TradingDate { TradingDate(iso: text)! }

@Suite("Published closes off their neighbours")
struct PublishedReversalTests {
    /// A replayed path over the turn of 2020, and the published index twice it, with the
    /// published close of `spike` multiplied by `spikeFactor` alone and every close from
    /// `shift` on by `shiftFactor`.
    static func comparison(spike: TradingDate?, spikeFactor: Double = 1.01,
                           shift: TradingDate = day("2021-02-01"), shiftFactor: Double = 1.01) throws -> IndexComparison {
        let dates = TradingCalendar.nyse.tradingDays(from: day("2020-11-02"), through: day("2021-03-31"))
        let replayed = dates.indices.map { k in 100 * (1 + 0.0003 * Double(k) + 0.002 * Foundation.sin(Double(k))) }
        let published = dates.indices.map { k in
            2 * replayed[k] * (dates[k] == spike ? spikeFactor : 1) * (dates[k] >= shift ? shiftFactor : 1)
        }
        return try #require(IndexComparison(
            published: StrategyIndexHistory(index: .cndr, dates: dates, levels: published),
            replayed: ReplayedIndex(index: .cndr, dates: dates, levels: replayed, rolls: [])))
    }

    @Test func aOneSessionJumpIsFoundAndALastingOneIsNot() throws {
        let comparison = try Self.comparison(spike: day("2020-12-31"))
        // The spike: +1% against the replay, given back the next session; the lasting shift
        // of 2021-02-01 is a move without a return.
        let found = comparison.publishedReversals
        #expect(found.map(\.date) == [day("2020-12-31")])
        let spike = try #require(found.first)
        let k = try #require(comparison.dates.firstIndex(of: day("2020-12-31")))
        let replayedMove = comparison.replayed[k] / comparison.replayed[k - 1]
        let replayedNext = comparison.replayed[k + 1] / comparison.replayed[k]
        #expect(abs(spike.move - 0.01 * replayedMove) < 1e-12)
        #expect(abs(spike.nextMove - (replayedNext / 1.01 - replayedNext)) < 1e-12)
        #expect(comparison.yearEndReversals == found)
    }

    @Test func aJumpTooSmallOrNotGivenBackIsNotFound() throws {
        // 0.3% is under the 0.4% threshold; a jump half given back is not a close off its
        // neighbours (the next session's move must be at least 0.6 of it).
        #expect(try Self.comparison(spike: day("2020-12-31"), spikeFactor: 1.003).publishedReversals.isEmpty)
        let halfBack = try Self.comparison(spike: day("2020-12-31"), shift: day("2021-01-04"), shiftFactor: 1.005)
        #expect(halfBack.publishedReversals.isEmpty)
        #expect(try Self.comparison(spike: day("2020-12-31"), shift: day("2021-01-04"), shiftFactor: 1.003)
            .publishedReversals.map(\.date) == [day("2020-12-31")])
    }

    @Test func takingTheReplaysMoveOnTheSpikeLeavesOnlyTheLastingShift() throws {
        let spiked = try Self.comparison(spike: day("2020-12-31"))
        let clean = try Self.comparison(spike: nil)
        // As published, the spike moves 2020 by about +1% and 2021 by about -1%.
        #expect(spiked.years.map(\.year) == [2020, 2021])
        #expect(abs(spiked.years[0].difference + 0.01 * (1 + spiked.years[0].published)) < 0.001)
        // With that session's move taken from the replay, the years are those of the path
        // without the spike: 2020 exact, 2021 the lasting 1% shift alone.
        let taken = spiked.years(takingReplayedMovesOn: [day("2020-12-31")])
        #expect(abs(taken[0].difference) < 1e-12)
        #expect(abs(taken[1].difference - clean.years[1].difference) < 1e-12)
        #expect(abs(clean.years[1].difference) > 0.009)
        // The yearly criterion counts each reading.
        #expect(IndexComparison.countWithinTolerance(spiked.years) == 2)
        #expect(IndexComparison.countWithinTolerance([IndexYear(year: 2020, published: 0.05, replayed: 0.0651)]) == 0)
    }
}
