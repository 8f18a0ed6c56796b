import Backtest
import Foundation
import Market
import Strategy
import Testing
@testable import Paper

/// The day's plan report on the day step's own records of real days.
@Suite("Day plan report", .enabled(if: MonitorFixture.isAvailable, MonitorFixture.absent), .serialized)
struct MonitorPlanReportTests {
    /// The lowest payoff at settlement of `legs` (dollars), over every strike and beyond.
    func worstPayoff(_ legs: [Leg]) -> Double {
        let prices = legs.map(\.strike) + [0, 2 * (legs.map(\.strike).max() ?? 0)]
        return prices.map { price in
            legs.reduce(0) { total, leg in
                let intrinsic = leg.type == .put ? max(leg.strike - price, 0) : max(price - leg.strike, 0)
                return total + Double(leg.quantity) * intrinsic * leg.multiplier
            }
        }.min() ?? 0
    }

    @Test(arguments: ["2020-02-19", "2008-10-01"])
    func everyOrderCarriesThePlansFigures(_ text: String) throws {
        let fixture = try MonitorFixture.day(text)
        let record = fixture.record
        let report = DayPlanReport(record: record)
        #expect(report.date == date(text))
        #expect(report.isCoreDay == record.plan.isCoreDay)
        #expect(report.sentiment == record.sentiment)
        #expect(report.notchLimit == record.ledger.notchLimit)
        #expect(report.stressLossAfter == record.ledger.stressLoss5pct)
        #expect(report.refusals == record.refusals)

        let opens = record.plan.actions.filter {
            switch $0.kind {
            case .openProbe, .openCore, .hedge: return true
            case .close, .skip: return false
            }
        }
        #expect(report.orders.count == opens.count)
        for order in report.orders {
            // Mid premium from the legs' own quotes: a buy pays the mid, a sell receives it.
            if !order.legs.isEmpty, let mid = order.midPremium {
                let expected = order.legs.reduce(0.0) { $0 - Double($1.leg.quantity) * ($1.mid ?? .nan) * $1.leg.multiplier }
                #expect(abs(mid - expected) <= 1e-9 * max(1, abs(expected)))
                for line in order.legs {
                    let bid = try #require(line.bid), ask = try #require(line.ask), legMid = try #require(line.mid)
                    #expect(bid <= legMid && legMid <= ask)
                }
            }
            // The fill model's price is never better than the mid.
            if let limit = order.limitCashFlow, let mid = order.midPremium { #expect(limit <= mid + 1e-9) }
            if order.kind == .openCore || order.kind == .openProbe {
                let limit = try #require(order.limitCashFlow)
                let loss = try #require(order.maxLoss)
                #expect(abs(loss - max(0, -(limit + worstPayoff(order.legs.map(\.leg))))) <= 1e-6, "\(order.summary)")
            }
        }
        #expect(report.text.contains("Core decision"))
        #expect(report.text.contains(record.sentiment.state.rawValue))
        guard case let .array(orders)? = report.json["orders"] else {
            Issue.record("no orders in the JSON")
            return
        }
        #expect(orders.count == report.orders.count)
    }

    @Test func theExitsAreThoseTheDayTook() throws {
        for text in ["2020-02-19", "2008-10-01"] {
            let record = try MonitorFixture.day(text).record
            let report = DayPlanReport(record: record)
            #expect(report.exits.map(\.positionID) == record.exits.compactMap {
                if case let .close(id, _) = $0.kind { return id }
                return nil
            })
            for exit in report.exits {
                #expect(exit.fills.allSatisfy { $0.positionID == exit.positionID && $0.date == record.date })
            }
        }
    }
}
