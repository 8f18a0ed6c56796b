import Foundation
import Market
import TestSupport
import Testing
@testable import Validation

private func day(_ text: String) -> TradingDate { TradingDate(iso: text)! }

@Suite("Intraday level estimate", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct IntradayLevelEstimateTests {
    let history: MarketHistory

    init() throws {
        history = try realHistory.get()
    }

    /// Over 2005-2025's sessions whose open moved, a Brownian bridge given each session's
    /// extremes lies under the straight line on average at 11:00 and 11:45: real lows are
    /// sharper than real highs. The fitted offsets are those means, session by session.
    @Test func theOffsetsAreTheBridgesMeanDistanceFromTheLine() throws {
        let minutes = [660, 705]
        let fit = try #require(IntradayLevelEstimate.fit(history, from: day("2005-01-01"), through: day("2025-12-31"),
                                                         minutes: minutes))
        var sums = [0.0, 0.0], count = 0
        for i in history.dates.indices where i > 0 && history.dates[i] >= day("2005-01-01") && history.dates[i] <= day("2025-12-31") {
            let d = history[i]
            guard let o = d.spxOpen, let h = d.spxHigh, let l = d.spxLow,
                  abs(log(o / history[i - 1].spxClose)) >= OpeningLevelEstimate.staleTolerance else { continue }
            let shares = minutes.map { Double($0 - 570) / Double((TradingCalendar.nyse.closeMinute(on: history.dates[i]) ?? 960) - 570) }
            let levels = shares.map { BrownianBridgeRange.expectedLevel(atShare: $0, open: o, high: h, low: l, close: d.spxClose) }
            guard levels.allSatisfy({ $0 != nil }) else { continue }
            for k in 0..<2 { sums[k] += log(levels[k]! / o) - shares[k] * log(d.spxClose / o) }
            count += 1
        }
        #expect(fit.sessions == count && count > 4_000)
        for (k, minute) in minutes.enumerated() {
            let offset = try #require(fit.offsets[minute])
            #expect(abs(offset - sums[k] / Double(count)) < 1e-12)
            #expect(offset < -2e-4 && offset > -8e-4, "\(minute): \(offset)")
        }
    }

    /// The level is the bridge's expectation less the offset of its minute; at a minute not
    /// fitted, the expectation itself.
    @Test func theLevelTakesOutTheOffsetOfItsMinute() throws {
        let estimate = IntradayLevelEstimate(offsets: [705: -5e-4], sessions: 100)
        let raw = try #require(BrownianBridgeRange.expectedLevel(atShare: 0.346, open: 4_000, high: 4_040, low: 3_950, close: 4_010))
        let centred = try #require(estimate.level(atMinute: 705, share: 0.346, open: 4_000, high: 4_040, low: 3_950, close: 4_010))
        #expect(abs(centred - raw * exp(5e-4)) < 1e-9)
        #expect(estimate.level(atMinute: 600, share: 0.346, open: 4_000, high: 4_040, low: 3_950, close: 4_010) == raw)
        #expect(IntradayLevelEstimate.fit(history, from: day("2019-05-13"), through: day("2019-05-20"), minutes: [705]) == nil)
    }
}
