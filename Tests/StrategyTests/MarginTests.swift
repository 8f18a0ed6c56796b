import Market
import Pricing
import Testing
@testable import Strategy

@Suite("Reg-T margin, buying power and settlement")
struct MarginTests {
    let days = RiskFixtures.spxDays

    @Test("Put BWB: (broken - narrow) x 100 x contracts - credit")
    func brokenWingButterfly() throws {
        // +1 4900P / -2 5000P / +1 5050P: narrow wing 50 above, broken wing 100 below.
        // Below 4900 the payoff is (4900 - 2 x 5000 + 5050) x 100 = -5000 per butterfly.
        let one = [RiskFixtures.leg(.spx, .put, 4900, 1, days: days), RiskFixtures.leg(.spx, .put, 5000, -2, days: days),
                   RiskFixtures.leg(.spx, .put, 5050, 1, days: days)]
        let requirement = try RegTMargin.requirement(legs: one, premium: 126.8)
        #expect(requirement.requirement == 5000)
        #expect(abs(requirement.maxLoss - (5000 - 126.8)) < 1e-9)
        // Best payoff at the short strike: (5050 - 5000) x 100.
        #expect(requirement.maxExpiryPayoff == 5000)

        let three = one.map { leg -> Leg in
            var scaled = leg
            scaled.quantity *= 3
            return scaled
        }
        let tripled = try RegTMargin.requirement(legs: three, premium: 380.4)
        #expect(tripled.requirement == 15000)
        #expect(abs(tripled.maxLoss - (15000 - 380.4)) < 1e-9)
    }

    @Test("Credit spread: width x 100 - credit")
    func creditSpread() throws {
        let legs = [RiskFixtures.leg(.xsp, .put, 500, -1, days: 15), RiskFixtures.leg(.xsp, .put, 495, 1, days: 15)]
        let requirement = try RegTMargin.requirement(legs: legs, premium: 33.4)
        #expect(requirement.requirement == 500)
        #expect(abs(requirement.maxLoss - 466.6) < 1e-9)
        #expect(requirement.maxExpiryPayoff == 0)
    }

    @Test("Debit spread and long option: the debit paid")
    func debitPositions() throws {
        // VIX 20/30 call spread bought for 2.50: worst payoff 0, best (30 - 20) x 100.
        let spread = [RiskFixtures.leg(.vix, .call, 20, 1, days: 50), RiskFixtures.leg(.vix, .call, 30, -1, days: 50)]
        let requirement = try RegTMargin.requirement(legs: spread, premium: -250)
        #expect(requirement.requirement == 0)
        #expect(requirement.maxLoss == 250)
        #expect(requirement.maxExpiryPayoff == 1000)

        let call = [RiskFixtures.leg(.vix, .call, 20, 2, days: 50)]
        let long = try RegTMargin.requirement(legs: call, premium: -340)
        #expect(long.maxLoss == 340)
        #expect(long.maxExpiryPayoff == .infinity)
    }

    @Test("Iron condor: the wider wing less the credit")
    func ironCondor() throws {
        let legs = [RiskFixtures.leg(.spx, .put, 4900, 1, days: days), RiskFixtures.leg(.spx, .put, 5000, -1, days: days),
                    RiskFixtures.leg(.spx, .call, 5300, -1, days: days), RiskFixtures.leg(.spx, .call, 5350, 1, days: days)]
        let requirement = try RegTMargin.requirement(legs: legs, premium: 1200)
        #expect(requirement.requirement == 10000)
        #expect(requirement.maxLoss == 8800)
    }

    @Test("Naked shorts and unsupported combinations are not allowed")
    func undefinedRisk() {
        let nakedPut = [RiskFixtures.leg(.spx, .put, 5000, -1, days: days)]
        #expect(throws: MarginError.uncoveredShort(type: .put, shortContracts: 1, longContracts: 0)) {
            try RegTMargin.requirement(legs: nakedPut, premium: 1500)
        }
        let ratio = [RiskFixtures.leg(.spx, .put, 5050, 1, days: days), RiskFixtures.leg(.spx, .put, 5000, -2, days: days)]
        #expect(throws: MarginError.uncoveredShort(type: .put, shortContracts: 2, longContracts: 1)) {
            try RegTMargin.requirement(legs: ratio, premium: 0)
        }
        // A long put does not cover a short call.
        let mixed = [RiskFixtures.leg(.spx, .put, 5000, 1, days: days), RiskFixtures.leg(.spx, .call, 5300, -1, days: days)]
        #expect(throws: MarginError.uncoveredShort(type: .call, shortContracts: 1, longContracts: 0)) {
            try RegTMargin.requirement(legs: mixed, premium: 0)
        }
        let calendar = [RiskFixtures.leg(.spx, .put, 5000, -1, days: days), RiskFixtures.leg(.spx, .put, 5000, 1, days: days + 7)]
        #expect(throws: MarginError.mixedExpiries) { try RegTMargin.requirement(legs: calendar, premium: 0) }
        #expect(throws: MarginError.empty) { try RegTMargin.requirement(legs: [], premium: 0) }
        #expect(throws: MarginError.nonFinitePremium) {
            try RegTMargin.requirement(legs: nakedPut, premium: .nan)
        }
    }

    @Test("Requirement of a fill uses its net cash flow after fees")
    func requirementOfFill() throws {
        let legs = [RiskFixtures.leg(.xsp, .put, 500, -5, days: RiskFixtures.xspDays),
                    RiskFixtures.leg(.xsp, .put, 495, 5, days: RiskFixtures.xspDays)]
        guard case let .success(fill) = FillModel().fill(legs, on: RiskFixtures.chains) else {
            Issue.record("spread should fill")
            return
        }
        let requirement = try RegTMargin.requirement(for: fill)
        #expect(requirement.requirement == 2500)
        #expect(abs(requirement.maxLoss - (2500 - fill.netCashFlow)) < 1e-9)
    }

    @Test("An order the account cannot carry is refused")
    func buyingPower() {
        let bwb = [RiskFixtures.leg(.spx, .put, 4900, 1, days: days), RiskFixtures.leg(.spx, .put, 5000, -2, days: days),
                   RiskFixtures.leg(.spx, .put, 5050, 1, days: days)]
        let small = Portfolio(cash: 4000)
        // Needs $5000 held; $4000 + the $120 credit is not enough.
        let refused = small.checkBuyingPower(legs: bwb, cashFlow: 120, component: .core, on: RiskFixtures.date)
        guard case let .failure(refusal) = refused else {
            Issue.record("a $5000 requirement must not fit in $4120")
            return
        }
        #expect(refusal.reason == .insufficient(required: 5000, available: 4120))
        #expect(refusal.description.contains("core order refused"))

        let naked = [RiskFixtures.leg(.spx, .put, 5000, -1, days: days)]
        var large = Portfolio(cash: 100_000)
        if case .success = large.checkBuyingPower(legs: naked, cashFlow: 1500, component: .core, on: RiskFixtures.date) {
            Issue.record("a naked short must be refused")
        }
        guard case let .success(requirement) = large.checkBuyingPower(legs: bwb, cashFlow: 120, component: .core,
                                                                     on: RiskFixtures.date) else {
            Issue.record("the BWB fits in $100,000")
            return
        }
        #expect(requirement.requirement == 5000)

        // Open it: cash gains the credit, the requirement is held.
        var position = RiskFixtures.position(7, .core, bwb)
        position.openCredit = 120
        position.maxRisk = requirement.maxLoss
        large.open(position)
        #expect(large.cash == 100_120)
        #expect(large.requirementHeld == 5000)
        #expect(large.availableBuyingPower == 95_120)
    }

    @Test("Debits are checked against cash")
    func debitBuyingPower() {
        let spread = [RiskFixtures.leg(.vix, .call, 20, 10, days: 50), RiskFixtures.leg(.vix, .call, 30, -10, days: 50)]
        var account = Portfolio(cash: 1000)
        if case .success = account.checkBuyingPower(legs: spread, cashFlow: -1200, component: .hedge,
                                                    on: RiskFixtures.date) {
            Issue.record("a $1200 debit must not fit in $1000")
        }
        #expect(account.checkBuyingPower(legs: spread, cashFlow: -800, component: .hedge, on: RiskFixtures.date)
            .map(\.maxLoss) == .success(800))
    }

    @Test("Settlement by intrinsic value, in dollars")
    func settlement() {
        // BWB +1 4900P / -2 5000P / +1 5050P opened for $126.80.
        let legs = [RiskFixtures.leg(.spx, .put, 4900, 1, days: days), RiskFixtures.leg(.spx, .put, 5000, -2, days: days),
                    RiskFixtures.leg(.spx, .put, 5050, 1, days: days)]
        var position = RiskFixtures.position(3, .core, legs)
        position.openCredit = 126.8
        // Settles 5020: only the 5050P is in the money, (5050 - 5020) x 100 = $3000.
        let above = Portfolio.settlement(of: position, settlementPrice: 5020)
        #expect(above.value == 3000)
        #expect(abs(above.realizedPnL - 3126.8) < 1e-9)
        // Settles 4950: 5050P 100 - 2 x 5000P 50 = 0.
        #expect(Portfolio.settlement(of: position, settlementPrice: 4950).value == 0)
        // Settles 4850: (4900 - 4850) - 2 x (5000 - 4850) + (5050 - 4850) = 50 - 300 + 200 = -50 points.
        #expect(Portfolio.settlement(of: position, settlementPrice: 4850).value == -5000)
        // Settles above every strike: worthless, the credit is kept.
        #expect(Portfolio.settlement(of: position, settlementPrice: 5200).realizedPnL == 126.8)

        // VIX call spread 20/30 x 2 settling at 26.4 on the Wednesday's opening value: 6.4 x 2 x 100.
        let hedge = RiskFixtures.position(4, .hedge, [RiskFixtures.leg(.vix, .call, 20, 2, days: 50),
                                                       RiskFixtures.leg(.vix, .call, 30, -2, days: 50)])
        #expect(abs(Portfolio.settlement(of: hedge, settlementPrice: 26.4).value - 1280) < 1e-9)
        #expect(Portfolio.settlement(of: hedge, settlementPrice: 41).value == 2000)

        // Through the account: cash moves by the settlement value and the position is gone.
        var account = Portfolio(cash: 10_000)
        account.open(position)
        let settled = account.settle(positionID: 3, settlementPrice: 5020)
        #expect(settled.value == 3000)
        #expect(account.positions.isEmpty)
        #expect(abs(account.cash - 13_126.8) < 1e-9)
    }

    @Test("Valuation at mid and at the natural side; missing quotes flagged")
    func valuation() {
        let legs = [RiskFixtures.leg(.xsp, .put, 500, -1, days: RiskFixtures.xspDays),
                    RiskFixtures.leg(.xsp, .put, 495, 1, days: RiskFixtures.xspDays)]
        let spread = RiskFixtures.position(1, .probe, legs)
        let mark = Portfolio.valuation(of: spread, on: RiskFixtures.chains)
        // Mid: (-1.25 + 0.85) x 100 = -$40; closing at the natural side: (-1.30 + 0.80) x 100 = -$50.
        #expect(abs(mark.midValue! + 40) < 1e-9)
        #expect(abs(mark.liquidationValue! + 50) < 1e-9)
        #expect(mark.isComplete && mark.usesSyntheticQuotes)

        let unlisted = RiskFixtures.position(2, .probe, [RiskFixtures.leg(.xsp, .put, 490, 1, days: RiskFixtures.xspDays)])
        let missing = Portfolio.valuation(of: unlisted, on: RiskFixtures.chains)
        #expect(missing.midValue == nil && missing.liquidationValue == nil)
        #expect(missing.unquotedLegs == unlisted.legs)

        var account = Portfolio(cash: 1000)
        account.open(spread)
        #expect(abs(account.valuation(on: RiskFixtures.chains).equity! - 960) < 1e-9)
        account.open(unlisted)
        let book = account.valuation(on: RiskFixtures.chains)
        #expect(book.equity == nil)
        #expect(book.incomplete.map(\.positionID) == [2])
    }
}
