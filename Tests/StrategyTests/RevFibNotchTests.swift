import Foundation
import Testing
@testable import Strategy
import Market

@Suite("RevFibNotch")
struct RevFibNotchTests {
    let start = HandBuiltChain.day("2024-01-02")

    /// Records `pnls` on consecutive days from `day`, returning the last record.
    @discardableResult
    func run(_ notch: inout RevFibNotch, _ pnls: [Double], from day: inout TradingDate) -> NotchRecord? {
        var last: NotchRecord?
        for pnl in pnls {
            last = notch.record(day: day, pnl: pnl)
            day = day + 1
        }
        return last
    }

    @Test("starts at 2000; a new position must keep the stress loss within the notch")
    func start2000() {
        let notch = RevFibNotch()
        #expect(notch.limit == 2000)
        #expect(notch.allows(stressLossAfter: 2000))
        #expect(!notch.allows(stressLossAfter: 2000.01))
        #expect(notch.allows(stressLossAfter: -300))   // a book that gains under stress
    }

    @Test("one notch up after exactly 10 consecutive profitable days")
    func upAfterTen() {
        var notch = RevFibNotch()
        var day = start
        let ninth = run(&notch, Array(repeating: 25, count: 9), from: &day)
        #expect(ninth?.move == NotchMove.none)
        #expect(ninth?.profitableStreak == 9)
        #expect(notch.limit == 2000)
        let tenth = notch.record(day: day, pnl: 0.01)
        #expect(tenth.move == .up)
        #expect(tenth.limitBefore == 2000 && tenth.limitAfter == 3200)
        #expect(tenth.profitableStreak == 0)
        #expect(notch.limit == 3200)
    }

    @Test("a day losing more than 5% of the notch restarts the count; a smaller loss does not")
    func streakBreaks() {
        var notch = RevFibNotch()
        var day = start
        // 5% of 2000 is 100.
        run(&notch, Array(repeating: 25, count: 9) + [-100.01] + Array(repeating: 25, count: 9), from: &day)
        #expect(notch.limit == 2000)
        run(&notch, [-150] + Array(repeating: 25, count: 9), from: &day)
        #expect(notch.limit == 2000)
        #expect(notch.record(day: day, pnl: 5).move == .up)
    }

    @Test("a small loss neither counts nor breaks the run; the literal rule (share 0) breaks on any loss")
    func smallLosses() {
        var notch = RevFibNotch()
        var day = start
        run(&notch, Array(repeating: 25, count: 5) + [-100] + Array(repeating: 25, count: 5), from: &day)
        #expect(notch.limit == 3200)
        var config = NotchConfig()
        config.streakBreakLossShare = 0
        var literal = RevFibNotch(config: config)
        run(&literal, Array(repeating: 25, count: 5) + [-0.01] + Array(repeating: 25, count: 5), from: &day)
        #expect(literal.limit == 2000)
        #expect(literal.profitableStreak == 5)
    }

    @Test("a flat day neither counts nor breaks the run of profitable days")
    func flatDays() {
        var notch = RevFibNotch()
        var day = start
        let afterFlat = run(&notch, Array(repeating: 25, count: 5) + [0, 0.004, -0.004] + Array(repeating: 25, count: 4),
                            from: &day)
        #expect(afterFlat?.profitableStreak == 9)
        #expect(notch.limit == 2000)
        #expect(notch.record(day: day, pnl: 25).move == .up)
        // An empty book at the bottom can climb once it trades again.
        var bottom = RevFibNotch()
        for _ in 0..<5 { day = day + 1; bottom.record(day: day, pnl: -5000) }
        #expect(bottom.limit == 400)
        for i in 0..<30 { day = day + 1; bottom.record(day: day, pnl: i % 3 == 0 ? 10 : 0) }
        #expect(bottom.limit == 800)
    }

    @Test("one notch down on a day losing more than 15% of the notch")
    func downOnLoss() {
        var notch = RevFibNotch()
        var day = start
        // 15% of 2000 is 300: losing exactly 300 is not more than it.
        #expect(run(&notch, [-300], from: &day)?.move == NotchMove.none)
        #expect(notch.limit == 2000)
        let record = notch.record(day: day, pnl: -300.01)
        #expect(record.move == .down)
        #expect(record.limitAfter == 1200)
        // The threshold follows the current notch: 15% of 1200 = 180.
        day = day + 1
        #expect(notch.record(day: day, pnl: -180.5).move == .down)
        #expect(notch.limit == 800)
    }

    @Test("bounded at the ends of the ladder")
    func bounded() {
        var notch = RevFibNotch()
        var day = start
        run(&notch, Array(repeating: 10, count: 20), from: &day)
        #expect(notch.limit == 5000)   // 2000 -> 3200 -> 5000
        let top = run(&notch, Array(repeating: 10, count: 10), from: &day)
        #expect(top?.move == NotchMove.none)
        #expect(notch.limit == 5000)
        #expect(top?.profitableStreak == 0)

        run(&notch, [-5000, -5000, -5000, -5000, -5000], from: &day)
        #expect(notch.limit == 400)   // 5000 -> 3200 -> 2000 -> 1200 -> 800 -> 400
        let bottom = run(&notch, [-5000], from: &day)
        #expect(bottom?.move == NotchMove.none)
        #expect(notch.limit == 400)
        #expect(notch.level == notch.ladder.count - 1)
    }

    @Test("a custom ladder and start")
    func custom() {
        var config = NotchConfig()
        config.ladder = [3000, 1000]
        config.startNotch = 1000
        config.upAfterProfitableDays = 2
        var notch = RevFibNotch(config: config)
        var day = start
        run(&notch, [1, 1], from: &day)
        #expect(notch.limit == 3000)
    }

    @Test("the state round-trips through JSON")
    func codable() throws {
        var notch = RevFibNotch()
        var day = start
        run(&notch, [5, 5, 5], from: &day)
        let decoded = try JSONDecoder().decode(RevFibNotch.self, from: JSONEncoder().encode(notch))
        #expect(decoded == notch)
    }
}
