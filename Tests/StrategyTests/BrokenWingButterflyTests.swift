import Testing
@testable import Strategy
import Market
import Pricing

@Suite("Broken-wing butterfly")
struct BrokenWingButterflyTests {
    @Test("expiry nearest 30 DTE in 25-35; short at |delta| nearest 0.15, +50 above, -100 below")
    func strikesByDelta() throws {
        let chain = HandBuiltChain.coreChain()
        let core = try BrokenWingButterfly(config: .pointWings).candidate(from: chain).get()
        // 28 and 30 DTE lie in the window (22 and 37 do not); 30 is the target.
        #expect(core.daysToExpiry == 30)
        // Computed independently at 30 DTE, spot 5000, vol 0.14 + 0.9 x moneyness: the 4750 put
        // has delta -0.15006; 4745 and 4755 are 0.0034 and 0.0036 away from 0.15.
        #expect(core.strikes == BWBStrikes(upperLong: 4800, short: 4750, lowerLong: 4650))
        #expect(core.legs.map(\.strike) == [4800, 4750, 4650])
        #expect(core.legs.map(\.quantity) == [1, -2, 1])
        #expect(core.legs.allSatisfy { $0.product == .spx && $0.type == .put && $0.expiry == core.expiry })
    }

    @Test("contracts multiply the +1/-2/+1 structure")
    func contracts() throws {
        var config = CoreConfig.pointWings
        config.contracts = 3
        config.minCredit = 100
        let core = try BrokenWingButterfly(config: config).candidate(from: HandBuiltChain.coreChain()).get()
        #expect(core.legs.map(\.quantity) == [3, -6, 3])
        #expect(core.contracts == 3)
        let single = try BrokenWingButterfly(config: .pointWings).candidate(from: HandBuiltChain.coreChain()).get()
        #expect(abs(core.midCredit - 3 * single.midCredit) < 1e-9)
    }

    @Test("offset selection: short strike nearest spot x (1 - offset)")
    func strikesByOffset() throws {
        var config = CoreConfig.pointWings
        config.strikeSelection = .offset
        config.shortStrikeOffset = 0.04
        let core = try BrokenWingButterfly(config: config).candidate(from: HandBuiltChain.coreChain()).get()
        // 5000 x 0.96 = 4800.
        #expect(core.strikes == BWBStrikes(upperLong: 4850, short: 4800, lowerLong: 4700))
    }

    @Test("credit and max risk from the chain's mids")
    func creditFromMids() throws {
        let chain = HandBuiltChain.coreChain()
        let core = try BrokenWingButterfly(config: .pointWings).candidate(from: chain).get()
        let mid = { (strike: Double) in HandBuiltChain.quote(chain, core.expiry, .put, strike).mid }
        // Sell two 4750 puts (21.1197 each), buy the 4800 (26.9730) and the 4650 (13.1541):
        // (2 x 21.1197 - 26.9730 - 13.1541) x 100 = $211.23.
        let expected = (2 * mid(4750) - mid(4800) - mid(4650)) * 100
        #expect(abs(core.credit - expected) < 1e-9)
        #expect(abs(core.credit - 211.23) < 0.01)
        // Max risk = (100 - 50) x 100 - 211.23 = $4,788.77.
        #expect(abs(core.maxRisk - (5000 - expected)) < 1e-9)
    }

    @Test("worked example: 2 x 4800/4750/4650 for a $560 credit")
    func arithmetic() {
        let strikes = BWBStrikes(upperLong: 4800, short: 4750, lowerLong: 4650)
        #expect(strikes.narrowWing == 50 && strikes.brokenWing == 100)
        // Below 4650 the position owes (100 - 50) x 100 x 2 = $10,000, less the $560 taken in.
        #expect(BWBArithmetic.maxRisk(strikes: strikes, contracts: 2, credit: 560) == 9440)
        // At 4750 the 4800 puts are worth 50 x 100 x 2 = $10,000, plus the credit.
        #expect(BWBArithmetic.maxGain(strikes: strikes, contracts: 2, credit: 560) == 10560)
        #expect(BWBArithmetic.settlementValue(strikes: strikes, contracts: 2, at: 4750) == 10_000)
        #expect(BWBArithmetic.settlementValue(strikes: strikes, contracts: 2, at: 4900) == 0)
        // 4600: 2 x 100 x (200 - 2 x 150 + 50) = -$10,000.
        #expect(BWBArithmetic.settlementValue(strikes: strikes, contracts: 2, at: 4600) == -10_000)
        // A debit is at risk even above the upper strike.
        #expect(BWBArithmetic.maxRisk(strikes: BWBStrikes(upperLong: 4800, short: 4750, lowerLong: 4700),
                                      contracts: 1, credit: -120) == 120)
    }

    @Test("a credit below minCredit is skipped with the reason")
    func minimumCredit() {
        var config = CoreConfig.pointWings
        config.minCredit = 250
        let result = BrokenWingButterfly(config: config).candidate(from: HandBuiltChain.coreChain())
        guard case .failure(let skip) = result else { Issue.record("expected a skip"); return }
        #expect(skip.reason == .creditBelowMinimum)
        #expect(skip.description.contains("skipped: credit below minimum"))
        #expect(skip.description.contains("211.23"))
    }

    @Test("the pricer's credit decides: a fill model's worse price, or no fill")
    func pricer() throws {
        let core = try BrokenWingButterfly(config: .pointWings).candidate(from: HandBuiltChain.coreChain(), pricer: { _ in 150 }).get()
        #expect(core.credit == 150)
        #expect(core.maxRisk == 4850)
        let skip = BrokenWingButterfly(config: .pointWings).candidate(from: HandBuiltChain.coreChain(), pricer: { _ in 99.99 })
        #expect(throws: Skip(.creditBelowMinimum, "credit 99.99 < minimum 100.0")) { try skip.get() }
        let none = BrokenWingButterfly(config: .pointWings).candidate(from: HandBuiltChain.coreChain(), pricer: { _ in nil })
        #expect(throws: Skip(.noFill, "SPX butterfly")) { try none.get() }
    }

    @Test("no expiry in 25-35 DTE nor in the fallback window; a locked leg quote")
    func refusals() {
        var noFallback = CoreConfig.pointWings
        noFallback.fallbackMinDTE = 25
        noFallback.fallbackMaxDTE = 35
        let noExpiry = BrokenWingButterfly(config: noFallback).candidate(from: HandBuiltChain.coreChain(settlementDays: [22, 37]))
        #expect(throws: Skip.self) { try noExpiry.get() }
        if case .failure(let skip) = noExpiry { #expect(skip.reason == .noExpiryInWindow) }
        let locked = BrokenWingButterfly(config: .pointWings).candidate(from: HandBuiltChain.coreChain(lockedStrikes: [4650]))
        if case .failure(let skip) = locked { #expect(skip.reason == .untradableQuote) } else { Issue.record("expected a skip") }
    }

    @Test("with no expiry in 25-35 DTE, the nearest to 30 in the 21-45 fallback")
    func fallbackExpiry() throws {
        let chain = HandBuiltChain.coreChain(settlementDays: [22, 37])
        let core = try BrokenWingButterfly(config: .pointWings).candidate(from: chain).get()
        #expect(core.daysToExpiry == 37)
        #expect(BrokenWingButterfly(config: .pointWings).candidate(from: HandBuiltChain.coreChain(settlementDays: [12, 50]))
            .isFailure(.noExpiryInWindow))
    }

    @Test("spot-scaled wings: 50/100 points at 4,500 are 1.11%/2.22% of spot, minimum credit scaled alike")
    func spotScaledWings() throws {
        var config = CoreConfig()
        config.minCredit = 50
        #expect(config.wingScaling == .spot && config.wingReferenceLevel == 4500)
        let wings = config.wings(atSpot: 5000)
        #expect(abs(wings.narrow - 55.5556) < 1e-3 && abs(wings.broken - 111.111) < 1e-3)
        #expect(abs(config.minimumCredit(atSpot: 1200) - 13.3333) < 1e-3)
        let core = try BrokenWingButterfly(config: config).candidate(from: HandBuiltChain.coreChain()).get()
        // Listed strikes nearest 4750 + 55.6 and 4750 - 111.1 on the hand-built grid.
        #expect(core.strikes.short == 4750)
        #expect(abs(core.strikes.narrowWing - wings.narrow) <= 5 && abs(core.strikes.brokenWing - wings.broken) <= 5)
        var points = config
        points.wingScaling = .points
        #expect(points.wings(atSpot: 1200) == (50, 100))
        #expect(points.minimumCredit(atSpot: 1200) == 50)
    }

    func openCore(credit: Double, contracts: Int = 1) -> Position {
        let expiry = HandBuiltChain.pmExpiry(.spx, HandBuiltChain.day("2024-04-05"))
        let legs = [(4800.0, contracts), (4750, -2 * contracts), (4650, contracts)].map {
            Leg(product: .spx, expiry: expiry, type: .put, strike: $0.0, quantity: $0.1)
        }
        return Position(id: 9, component: .core, legs: legs, openDate: HandBuiltChain.day("2024-03-06"),
                        openCredit: credit, maxRisk: Double(contracts) * 5000 - credit, entryVIX: 14)
    }

    @Test("exits: 65% captured, a loss of 2x credit, 10 DTE; none before")
    func exits() {
        let bwb = BrokenWingButterfly(config: .pointWings)
        let core = openCore(credit: 200)
        let day = HandBuiltChain.day("2024-03-13")   // 23 DTE
        #expect(bwb.exit(core, mark: PositionMark(value: -70, delta: 0.02), on: day) == .profitTarget)  // +130 = 65%
        #expect(bwb.exit(core, mark: PositionMark(value: -70.5, delta: 0.02), on: day) == nil)
        #expect(bwb.exit(core, mark: PositionMark(value: -600, delta: 0.02), on: day) == .stopLoss)     // -400 = 2x
        #expect(bwb.exit(core, mark: PositionMark(value: -599.5, delta: 0.02), on: day) == nil)
        let hold = PositionMark(value: -150, delta: 0.02)
        #expect(bwb.exit(core, mark: hold, on: HandBuiltChain.day("2024-03-25")) == nil)        // 11 DTE
        #expect(bwb.exit(core, mark: hold, on: HandBuiltChain.day("2024-03-26")) == .timeExit)  // 10 DTE
    }

    @Test("exit when |delta| per contract exceeds 0.15, not at 0.15")
    func deltaExit() {
        let bwb = BrokenWingButterfly(config: .pointWings)
        let core = openCore(credit: 400, contracts: 2)
        let day = HandBuiltChain.day("2024-03-13")
        #expect(bwb.exit(core, mark: PositionMark(value: -300, delta: 0.30), on: day) == nil)      // 0.15 per contract
        #expect(bwb.exit(core, mark: PositionMark(value: -300, delta: 0.31), on: day) == .deltaLimit)
        #expect(bwb.exit(core, mark: PositionMark(value: -300, delta: -0.31), on: day) == .deltaLimit)
        #expect(core.contracts == 2)
    }

    @Test("a fresh core marked from its chain holds")
    func freshMark() throws {
        let chain = HandBuiltChain.coreChain()
        let candidate = try BrokenWingButterfly(config: .pointWings).candidate(from: chain).get()
        let position = Position(id: 1, component: .core, legs: candidate.legs, openDate: chain.date,
                                openCredit: candidate.credit, maxRisk: candidate.maxRisk, entryVIX: 14)
        let mark = try #require(PositionMark(position: position, chain: chain))
        #expect(abs(mark.value + candidate.credit) < 1e-9)
        // +1 x -0.1897 - 2 x -0.1501 + 1 x -0.0943 = +0.0161 per butterfly.
        #expect(abs(mark.delta - 0.01614) < 1e-4)
        #expect(BrokenWingButterfly(config: .pointWings).exit(position, mark: mark, on: chain.date) == nil)
    }
}

extension Result where Failure == Skip {
    func isFailure(_ reason: SkipReason) -> Bool {
        if case .failure(let skip) = self { return skip.reason == reason }
        return false
    }
}
