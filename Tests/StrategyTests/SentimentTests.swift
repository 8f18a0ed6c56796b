import Testing
@testable import Strategy
import Market

@Suite("Sentiment")
struct SentimentTests {
    let sentiment = Sentiment()
    let start = HandBuiltChain.day("2024-01-02")

    /// Closed probes in closing order: true a win, false a loss.
    func probes(_ wins: [Bool]) -> [ProbeOutcome] {
        wins.enumerated().map { i, win in
            ProbeOutcome(positionID: i, openDate: start + i, closeDate: start + i + 7, pnl: win ? 40 : -60)
        }
    }

    func state(_ wins: [Bool], vix: Double = 15, change: Double = 0.002) -> SentimentState {
        sentiment.reading(closedProbes: probes(wins), vix: vix, spxDayChange: change).state
    }

    @Test("the ledger's label is the state's name, capitalized")
    func labels() {
        for state in SentimentState.allCases { #expect(state.label == state.rawValue.capitalized) }
    }

    @Test("fewer than 5 closed probes: neutral, marked as insufficient evidence")
    func insufficient() {
        let reading = sentiment.reading(closedProbes: probes([true, true, true, true]), vix: 15, spxDayChange: 0)
        #expect(reading.state == .neutral)
        #expect(!reading.hasEnoughProbes)
        #expect(reading.winRate == nil)
        #expect(reading.probeCount == 4)
        #expect(sentiment.reading(closedProbes: probes([true, true, true, true, true]), vix: 15, spxDayChange: 0).state == .bullish)
    }

    @Test("win rate thresholds: >= 0.60 bullish, < 0.40 bearish, neutral between")
    func thresholds() {
        #expect(state([true, true, true, false, false]) == .bullish)                 // 0.60
        #expect(state([true, true, false, false, false, true, false, false, true, false]) == .neutral) // 0.40
        #expect(state([true, false, false, false, false, true, false, false, true, false]) == .bearish) // 0.30
        #expect(state([true, true, false, false, false, true, false, true, true, false]) == .neutral)   // 0.50
    }

    @Test("only the last 10 closed probes count")
    func window() {
        // Two old losses, then 6 wins in the last 10: 0.60 over the window (6/12 = 0.50 would
        // be neutral).
        let wins = [false, false] + [true, true, true, true, true, true, false, false, false, false]
        let reading = sentiment.reading(closedProbes: probes(wins), vix: 15, spxDayChange: 0)
        #expect(reading.probeCount == 10)
        #expect(reading.winRate == 0.6)
        #expect(reading.state == .bullish)
    }

    @Test("volatile on VIX >= 30 or an SPX fall of 3% or more, whatever the probes say")
    func volatile() {
        let allWins = Array(repeating: true, count: 10)
        #expect(state(allWins, vix: 30) == .volatile)
        #expect(state(allWins, vix: 29.99) == .bullish)
        #expect(state(allWins, change: -0.03) == .volatile)
        #expect(state(allWins, change: -0.0299) == .bullish)
        #expect(state([], vix: 45) == .volatile)
    }

    @Test("transitions over a sequence of days, with the bullish streak")
    func transitions() {
        var streak = BullishStreak()
        let days: [(wins: [Bool], vix: Double, change: Double, expected: SentimentState, streak: Int)] = [
            ([true, true, true], 15, 0.001, .neutral, 0),                          // too few probes
            ([true, true, true, true, false], 15, 0.001, .bullish, 1),             // 0.80
            ([true, true, true, true, false, true], 15, 0.004, .bullish, 2),
            ([true, true, true, true, false, true], 31, -0.01, .volatile, 0),       // VIX spike resets
            ([true, true, true, true, false, true], 24, 0.011, .bullish, 1),
            ([true, true, true, true, false, true, false, false, false], 22, 0, .neutral, 0), // 5/9 = 0.56
            ([true, false, false, false, false, true, false, false, false, false], 22, 0, .bearish, 0),
        ]
        for (offset, day) in days.enumerated() {
            let reading = sentiment.reading(closedProbes: probes(day.wins), vix: day.vix, spxDayChange: day.change)
            #expect(reading.state == day.expected, "day \(offset)")
            #expect(streak.record(reading.state, on: start + offset) == day.streak, "day \(offset)")
        }
    }

    @Test("entry delay: Bullish today and on the delay's sessions before")
    func entryDelay() {
        var streak = BullishStreak()
        #expect(!streak.permitsEntry(entryDelay: 0))
        streak.record(.bullish, on: start)
        #expect(streak.permitsEntry(entryDelay: 0))
        #expect(!streak.permitsEntry(entryDelay: 1))
        streak.record(.bullish, on: start + 1)
        streak.record(.bullish, on: start + 2)
        #expect(streak.permitsEntry(entryDelay: 2))
        #expect(!streak.permitsEntry(entryDelay: 3))
        streak.record(.neutral, on: start + 3)
        #expect(streak.count == 0)
        #expect(!streak.permitsEntry(entryDelay: 0))
    }
}
