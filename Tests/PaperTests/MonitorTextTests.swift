import Testing
@testable import Paper

/// The figures as the monitor's table writes them.
struct MonitorTextTests {
    @Test func movesReadAsPercentages() {
        #expect(StressMatrix.percentText(-0.07) == "-7%")
        #expect(StressMatrix.percentText(-0.10) == "-10%")
        #expect(StressMatrix.percentText(0.01) == "+1%")
        #expect(StressMatrix.percentText(-0.025) == "-2.5%")
        #expect(StressMatrix.percentText(0.0125) == "+1.25%")
        #expect(StressMatrix.percentText(0) == "0%")
    }

    @Test func dollarsAreGroupedWholeDollars() {
        #expect(dollars(-4212.4) == "-4,212")
        #expect(dollars(1_234_567.5) == "1,234,568")
        #expect(dollars(999.49) == "999")
        #expect(dollars(-0.4) == "0")
        #expect(dollars(.nan) == "-")
    }

    @Test func cellsAreNamedByTheirMoves() {
        #expect(StressMatrix.name(spxMove: -0.05, vixPoints: 10) == "SPX -5%, VIX +10")
        #expect(StressMatrix.name(spxMove: 0.01, vixPoints: 0) == "SPX +1%, VIX +0")
    }
}
