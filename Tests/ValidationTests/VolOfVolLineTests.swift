import Foundation
import Market
import TestSupport
import Testing
@testable import Validation

@Suite("The usual VVIX at a VIX level")
struct VolOfVolLineTests {
    @Test func aPowerLawIsRecoveredExactly() throws {
        // VVIX = 54 VIX^0.2 at VIX 10-60: the line in logs passes through every point.
        let points = stride(from: 10.0, through: 60, by: 2.5).map { (vix: $0, vvix: 54 * Foundation.pow($0, 0.2)) }
        let line = try #require(VolOfVolLine(points: points))
        #expect(abs(line.intercept - Foundation.log(54)) < 1e-10)
        #expect(abs(line.slope - 0.2) < 1e-10)
        #expect(line.days == points.count)
        #expect(abs(line.usual(vix: 20) - 54 * Foundation.pow(20, 0.2)) < 1e-9)
        #expect(abs(line.ratio(vvix: 1.1 * 54 * Foundation.pow(20, 0.2), vix: 20) - 1.1) < 1e-10)
    }

    @Test func unusablePointsAreSkippedAndOneLevelGivesNoLine() {
        let skipped = [(vix: 20.0, vvix: .nan), (vix: 0, vvix: 90), (vix: 15, vvix: -1)]
        #expect(VolOfVolLine(points: skipped + [(vix: 20, vvix: 90), (vix: 20, vvix: 95)]) == nil)
        let line = VolOfVolLine(points: skipped + [(vix: 10, vvix: 80), (vix: 40, vvix: 160)])
        #expect(line?.days == 2)
        #expect(abs((line?.slope ?? 0) - 0.5) < 1e-12)  // ln 2 / ln 4
    }

    @Test func anUnknownLevelGivesNoRatio() {
        let line = VolOfVolLine(intercept: 4, slope: 0.2, days: 1)
        #expect(line.ratio(vvix: .nan, vix: 20).isNaN)
        #expect(line.ratio(vvix: 90, vix: .nan).isNaN)
        #expect(line.ratio(vvix: 0, vix: 20).isNaN)
    }
}

@Suite("The usual VVIX of the real history", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct VolOfVolLineRealHistoryTests {
    @Test func theHistorysLineMatchesAnIndependentFit() throws {
        // numpy.linalg.lstsq on the same sessions (SPX sessions of 2007-01-01..2025-12-31 with a
        // VIX and a VVIX close, read from data/index's clean files): 4,778 sessions,
        // intercept 3.990820, slope 0.183655.
        let line = try #require(VolOfVolLine(history: try realHistory.get()))
        #expect(line.days == 4_778)
        #expect(abs(line.intercept - 3.990820) < 5e-6)
        #expect(abs(line.slope - 0.183655) < 5e-6)
    }
}
