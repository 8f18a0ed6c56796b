import Testing
@testable import Strategy
import Market
import Pricing

@Suite("VIX hedge manager")
struct VIXHedgeManagerTests {
    let date = HandBuiltChain.day("2024-03-06")

    @Test func theDefaultHedgeHoldsVIXCallsOnlyWhereTheVIXSmileIsFitted() {
        // VIXOptionCalibration.fitDays restates the hedge's windows (Market cannot read the
        // Strategy's configuration): a hedge is bought in them and held down to its roll.
        let config = HedgeConfig()
        let held = Double(config.rollDTE)...Double(max(config.expiryWindow.upperBound, config.fallbackWindow.upperBound))
        #expect(VIXOptionCalibration.fitDays.contains(held.lowerBound) && VIXOptionCalibration.fitDays.contains(held.upperBound),
                "held \(held), fitted \(VIXOptionCalibration.fitDays)")
    }
    /// Every spread costs $60 to open: hand-countable budgets.
    let sixtyDollars: OrderPricer = { _ in -60 }

    func hedge(id: Int = 50, spreads: Int, entryVIX: Double = 15, daysToExpiry: Int = 40) -> Position {
        let expiry = HandBuiltChain.vixExpiry(date + daysToExpiry)
        return Position(id: id, component: .hedge,
                        legs: [Leg(product: .vix, expiry: expiry, type: .call, strike: 25, quantity: spreads),
                               Leg(product: .vix, expiry: expiry, type: .call, strike: 35, quantity: -spreads)],
                        openDate: date - 10, openCredit: -60 * Double(spreads), maxRisk: 60 * Double(spreads),
                        entryVIX: entryVIX)
    }

    func opened(_ plan: HedgePlan) -> (ticket: OrderTicket, spreads: Int, reason: HedgeOrderReason)? {
        for order in plan.orders { if case .open(let ticket, let spreads) = order.action { return (ticket, spreads, order.reason) } }
        return nil
    }

    func closed(_ plan: HedgePlan) -> [(id: Int, spreads: Int, reason: HedgeOrderReason)] {
        plan.orders.compactMap { order in
            if case .close(let id, let spreads) = order.action { return (id, spreads, order.reason) }
            return nil
        }
    }

    @Test("expiry nearest 50 DTE in 45-60; long at the first strike >= VIX + 10, short 10 above")
    func strikes() throws {
        let manager = VIXHedgeManager()
        let plan = manager.plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(vix: 15), coreExposure: 4000,
                                hedges: [], pricer: sixtyDollars)
        let open = try #require(opened(plan))
        #expect(open.ticket.legs.map(\.strike) == [25, 35])
        #expect(open.ticket.legs.map(\.type) == [.call, .call])
        #expect(open.ticket.legs[0].expiry.calendarDays(from: date) == 47)
        #expect(open.reason == .open)
        // Where the grid is coarser the strikes round up to what is listed: 26.3 -> 27, 37 -> 37.5.
        let coarse = manager.plan(on: date, vix: 16.3, chain: HandBuiltChain.vixChain(vix: 16.3), coreExposure: 4000,
                                  hedges: [], pricer: sixtyDollars)
        #expect(try #require(opened(coarse)).ticket.legs.map(\.strike) == [27, 37.5])
    }

    @Test("sizing: target = 0.25 x core max risk, in whole spreads of width x 100, rounded up")
    func sizing() throws {
        // Four cores risking $4,800 each: target 0.25 x 19,200 = $4,800 of payoff; a 10-point
        // spread pays $1,000, so 5 spreads. Budget 2% x 19,200 = $384: 6 spreads at $60 fit.
        let plan = VIXHedgeManager().plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 19_200,
                                          hedges: [], pricer: sixtyDollars)
        #expect(plan.targetPayoff == 4800)
        #expect(plan.budgetLeft == 384)
        let open = try #require(opened(plan))
        #expect(open.spreads == 5)
        #expect(open.ticket.legs.map(\.quantity) == [5, -5])
        #expect(plan.orders.first?.estimatedCost == 300)
        // Hedges already paying $4,000 leave $800: one more spread.
        let topUp = VIXHedgeManager().plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 19_200,
                                           hedges: [hedge(spreads: 4)], pricer: sixtyDollars)
        #expect(try #require(opened(topUp)).spreads == 1)
        // Fully hedged: nothing to do.
        let covered = VIXHedgeManager().plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 19_200,
                                             hedges: [hedge(spreads: 5)], pricer: sixtyDollars)
        #expect(covered.orders.isEmpty && covered.skips.isEmpty)
        // No cores, no hedge.
        let none = VIXHedgeManager().plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 0,
                                          hedges: [], pricer: sixtyDollars)
        #expect(none.orders.isEmpty && none.skips.isEmpty)
    }

    @Test("budget: at most 2% of core exposure per rolling 30 days")
    func budget() throws {
        // $100 a spread: the $384 budget buys 3 of the 5 wanted.
        let dear = VIXHedgeManager().plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 19_200,
                                          hedges: [], pricer: { _ in -100 })
        #expect(try #require(opened(dear)).spreads == 3)

        var manager = VIXHedgeManager()
        manager.recordPurchase(300, on: date - 29)   // inside the window: $84 left, one $60 spread
        #expect(manager.spent(asOf: date) == 300)
        let plan = manager.plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 19_200,
                                hedges: [], pricer: sixtyDollars)
        #expect(try #require(opened(plan)).spreads == 1)
        // A day later the spend has left the window.
        #expect(manager.spent(asOf: date + 1) == 0)

        manager.recordPurchase(84, on: date)
        let spent = manager.plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 19_200,
                                 hedges: [], pricer: sixtyDollars)
        #expect(opened(spent) == nil)
        #expect(spent.skips.map(\.reason) == [.budget])
    }

    @Test("buy only while VIX is below the entry threshold")
    func threshold() {
        let high = VIXHedgeManager().plan(on: date, vix: 20, chain: HandBuiltChain.vixChain(vix: 20), coreExposure: 19_200,
                                          hedges: [], pricer: sixtyDollars)
        #expect(high.orders.isEmpty)
        #expect(high.skips.map(\.reason) == [.vixAboveThreshold])
        let below = VIXHedgeManager().plan(on: date, vix: 19.99, chain: HandBuiltChain.vixChain(vix: 19.99),
                                           coreExposure: 19_200, hedges: [], pricer: sixtyDollars)
        #expect(opened(below) != nil)
    }

    @Test("take half off once VIX is 3 points over entry, once per hedge")
    func takeOff() {
        var manager = VIXHedgeManager()
        let held = hedge(spreads: 4, entryVIX: 15)
        // Exposure 16,000 -> target 4,000 = the 4 spreads held: only the take-off rule acts.
        let calm = manager.plan(on: date, vix: 17.99, chain: HandBuiltChain.vixChain(vix: 17.99), coreExposure: 16_000,
                                hedges: [held], pricer: sixtyDollars)
        #expect(calm.orders.isEmpty)
        let spike = manager.plan(on: date, vix: 18, chain: HandBuiltChain.vixChain(vix: 18), coreExposure: 16_000,
                                 hedges: [held], pricer: sixtyDollars)
        #expect(closed(spike).map(\.id) == [50])
        #expect(closed(spike).map(\.spreads) == [2])
        #expect(closed(spike).map(\.reason) == [.takeOff])
        #expect(spike.payoffAfterCloses == 2000)
        manager.recordTakeOff(positionID: 50)
        var halved = held
        halved.legs[0].quantity = 2
        halved.legs[1].quantity = -2
        let later = manager.plan(on: date + 1, vix: 22, chain: HandBuiltChain.vixChain(on: date + 1, vix: 22),
                                 coreExposure: 8000, hedges: [halved], pricer: sixtyDollars)
        #expect(closed(later).isEmpty)
        // Odd counts round down, so some protection stays on: 3 -> 1, and a single spread is kept.
        for (spreads, closing) in [(3, [1]), (1, [])] {
            let plan = VIXHedgeManager().plan(on: date, vix: 25, chain: nil, coreExposure: 0,
                                              hedges: [hedge(spreads: spreads)], pricer: sixtyDollars)
            #expect(closed(plan).map(\.spreads) == closing)
        }
    }

    @Test("roll at 15 DTE: close, and replace within the rules")
    func roll() throws {
        let manager = VIXHedgeManager()
        let early = manager.plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 16_000,
                                 hedges: [hedge(spreads: 4, daysToExpiry: 16)], pricer: sixtyDollars)
        #expect(early.orders.isEmpty)
        let due = manager.plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 16_000,
                               hedges: [hedge(spreads: 4, daysToExpiry: 15)], pricer: sixtyDollars)
        #expect(closed(due).map(\.spreads) == [4])
        #expect(closed(due).map(\.reason) == [.roll])
        let replacement = try #require(opened(due))
        #expect(replacement.reason == .roll)
        #expect(replacement.spreads == 4)
        #expect(replacement.ticket.legs[0].expiry.calendarDays(from: date) == 47)
    }

    @Test("a roll replaces the rolled payoff at any VIX; a new entry waits for VIX below the threshold")
    func rollAboveThreshold() throws {
        let manager = VIXHedgeManager()
        // VIX 30 >= 20: the 4 rolled spreads are bought back, not the 2 more the target wants.
        let due = manager.plan(on: date, vix: 30, chain: HandBuiltChain.vixChain(vix: 30), coreExposure: 24_000,
                               hedges: [hedge(spreads: 4, daysToExpiry: 15)], pricer: sixtyDollars)
        #expect(closed(due).map(\.spreads) == [4])
        let replacement = try #require(opened(due))
        #expect(replacement.reason == .roll)
        #expect(replacement.spreads == 4)
        // Without a roll, the same shortfall at VIX 30 is a new entry and is refused.
        let fresh = manager.plan(on: date, vix: 30, chain: HandBuiltChain.vixChain(vix: 30), coreExposure: 24_000,
                                 hedges: [], pricer: sixtyDollars)
        #expect(fresh.orders.isEmpty)
        #expect(fresh.skips.map(\.reason) == [.vixAboveThreshold])
    }

    @Test("the target remembers the core exposure of the lookback sessions")
    func exposureLookback() throws {
        var config = HedgeConfig()
        config.exposureLookbackSessions = 3
        var manager = VIXHedgeManager(config: config)
        #expect(manager.recentExposure == 0)
        // Closes of four sessions: 16,000 held, then the cores stopped out.
        for exposure in [16_000.0, 16_000, 0, 0] { manager.recordClose(coreExposure: exposure) }
        #expect(manager.recentExposures == [16_000, 0, 0])
        #expect(manager.hedgedExposure(today: 0) == 16_000)
        #expect(manager.hedgedExposure(today: 20_000) == 20_000)

        // No core open today, and the hedge bought for them is due to roll at VIX 30: it is
        // replaced in full, and the budget is 2% of the remembered 16,000 (= $320).
        let due = manager.plan(on: date, vix: 30, chain: HandBuiltChain.vixChain(vix: 30), coreExposure: 0,
                               hedges: [hedge(spreads: 4, daysToExpiry: 15)], pricer: sixtyDollars)
        #expect(due.hedgedExposure == 16_000 && due.targetPayoff == 4000 && due.budgetLeft == 320)
        #expect(closed(due).map(\.spreads) == [4])
        let replacement = try #require(opened(due))
        #expect(replacement.reason == .roll && replacement.spreads == 4)

        // New purchases still wait for VIX below the threshold, and are sized on the memory.
        let high = manager.plan(on: date, vix: 30, chain: HandBuiltChain.vixChain(vix: 30), coreExposure: 0,
                                hedges: [], pricer: sixtyDollars)
        #expect(high.orders.isEmpty && high.skips.map(\.reason) == [.vixAboveThreshold])
        let calm = manager.plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 0,
                                hedges: [], pricer: sixtyDollars)
        #expect(try #require(opened(calm)).spreads == 4)

        // Once the window holds no core, the target is zero again and a due hedge lapses.
        manager.recordClose(coreExposure: 0)
        #expect(manager.recentExposure == 0)
        let lapsed = manager.plan(on: date, vix: 30, chain: HandBuiltChain.vixChain(vix: 30), coreExposure: 0,
                                  hedges: [hedge(spreads: 4, daysToExpiry: 15)], pricer: sixtyDollars)
        #expect(lapsed.targetPayoff == 0 && opened(lapsed) == nil)
        #expect(closed(lapsed).map(\.reason) == [.roll])
    }

    @Test("a roll may spend what the hedges it closes fetch, beyond the budget left")
    func rollSpendsItsProceeds() throws {
        var manager = VIXHedgeManager()
        manager.recordPurchase(320, on: date - 5)   // the whole 2% of 16,000: nothing left
        // Closing the 4 spreads (the long leg sold first) fetches $250; a new spread costs $60.
        let pricer: OrderPricer = { ticket in ticket.legs[0].quantity < 0 ? 250 : -60 }
        let due = manager.plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 16_000,
                               hedges: [hedge(spreads: 4, daysToExpiry: 14)], pricer: pricer)
        #expect(due.budgetLeft == 0)
        let replacement = try #require(opened(due))
        #expect(replacement.reason == .roll && replacement.spreads == 4)
        // $250 pays for 4 spreads at $60, not 5: the target is 4,000 of payoff anyway.
        #expect(VIXHedgeManager.closingProceeds(of: hedge(spreads: 4, daysToExpiry: 14), chain: HandBuiltChain.vixChain(),
                                                pricer: pricer) == 250)
        // A hedge that cannot be priced fetches nothing, and the empty budget refuses the roll.
        let unpriced = manager.plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 16_000,
                                    hedges: [hedge(spreads: 4, daysToExpiry: 14)],
                                    pricer: { ticket in ticket.legs[0].quantity < 0 ? nil : -60 })
        #expect(opened(unpriced) == nil && unpriced.skips.map(\.reason) == [.budget])
        // New entries get no such allowance.
        let fresh = manager.plan(on: date, vix: 15, chain: HandBuiltChain.vixChain(), coreExposure: 16_000,
                                 hedges: [], pricer: pricer)
        #expect(opened(fresh) == nil && fresh.skips.map(\.reason) == [.budget])
    }

    @Test("a lookback of 0 sessions is the literal rule: today's cores only")
    func noLookback() {
        var config = HedgeConfig()
        config.exposureLookbackSessions = 0
        var manager = VIXHedgeManager(config: config)
        manager.recordClose(coreExposure: 16_000)
        #expect(manager.recentExposures.isEmpty)
        let due = manager.plan(on: date, vix: 30, chain: HandBuiltChain.vixChain(vix: 30), coreExposure: 0,
                               hedges: [hedge(spreads: 4, daysToExpiry: 15)], pricer: sixtyDollars)
        #expect(due.targetPayoff == 0 && opened(due) == nil)
        #expect(VIXHedgeManager().config.exposureLookbackSessions == 30)
    }

    @Test("payoff of a hedge position: width x 100 x spreads")
    func payoff() {
        #expect(VIXHedgeManager.payoff(of: hedge(spreads: 3)) == 3000)
    }
}
