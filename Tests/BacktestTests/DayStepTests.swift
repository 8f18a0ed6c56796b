import Foundation
import Market
import Strategy
import Testing
@testable import Backtest

/// The day step continues a saved book exactly: a state saved at a close, written to JSON and
/// read back, gives the same trades, ledger, refusals and risk day by day as the uninterrupted run.
@Suite("Day step from a saved state", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct DayStepStateTests {
    /// One uninterrupted run, 2005 to mid-2020, with the book saved at the two closes.
    static let saved = LoadedRun()

    final class LoadedRun: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (run: AuditedBacktest, states: [TradingDate: Data])?

        func get() throws -> (run: AuditedBacktest, states: [TradingDate: Data]) {
            lock.lock()
            defer { lock.unlock() }
            if let value { return value }
            let wanted: Set<TradingDate> = [day("2008-10-01"), day("2020-03-02")]
            var states: [TradingDate: Data] = [:]
            var failure: (any Error)?
            let run = try EngineData.engine().runAudited(from: day("2005-01-03"), to: day("2020-06-30"), saving: { date, state in
                guard wanted.contains(date) else { return }
                do { states[date] = try state.jsonData() } catch { failure = error }
            })
            if let failure { throw failure }
            value = (run, states)
            return (run, states)
        }
    }

    @Test(arguments: [("2008-10-01", "2008-12-31"), ("2020-03-02", "2020-06-30")])
    func savedStateContinuesTheRun(_ range: (String, String)) throws {
        let (full, states) = try Self.saved.get()
        let savedAt = day(range.0), end = day(range.1)
        let json = try #require(states[savedAt])
        let state = try BookState.decode(json: json)
        // The JSON form is exact: writing the read state again gives the same bytes.
        #expect(try state.jsonData() == json)
        #expect(state.lastDate == savedAt)
        #expect(!state.portfolio.positions.isEmpty, "the book holds positions at \(savedAt)")

        let resumed = try EngineData.engine().runAudited(from: savedAt + 1, to: end, state: state).result
        let tail = full.result
        let ledger = tail.ledger.filter { $0.date > savedAt && $0.date <= end }
        let trades = tail.trades.filter { $0.date > savedAt && $0.date <= end }
        let refusals = tail.refusals.filter { $0.date > savedAt && $0.date <= end }
        let risk = tail.risk.filter { $0.date > savedAt && $0.date <= end }
        #expect(resumed.ledger.count == ledger.count)
        for (a, b) in zip(resumed.ledger, ledger) {
            #expect(a == b, "ledger differs on \(a.date)")
            if a != b { break }
        }
        #expect(resumed.trades == trades)
        #expect(resumed.refusals == refusals)
        #expect(resumed.risk == risk)
        #expect(trades.count > 0)
    }

    @Test func aSessionNotAfterTheStateIsRefused() throws {
        let (_, states) = try Self.saved.get()
        let state = try BookState.decode(json: try #require(states[day("2008-10-01")]))
        #expect(throws: BacktestEngineError.session(.outOfOrder(date: day("2008-10-01"), last: day("2008-10-01")))) {
            try EngineData.engine().runAudited(from: day("2008-10-01"), to: day("2008-10-03"), state: state)
        }
    }
}
