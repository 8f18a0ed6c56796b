import Market
import Pricing
import Testing
@testable import Strategy

/// Small hand-made chains and legs for the fill, margin, greek and stress tests.
enum RiskFixtures {
    static let date = TradingDate(year: 2024, month: 3, day: 1)!
    static let rate = 0.05
    static let dividendYield = 0.015

    /// An expiry `days` calendar days after ``date``, settling at 16:00.
    static func expiry(_ product: OptionProduct, days: Int) -> ListedExpiry {
        let settlement = date + days
        let root: OptionRoot = product == .spx ? .spxw : (product == .xsp ? .xsp : .vix)
        return ListedExpiry(product: product, root: root, cycle: product == .vix ? .vixMonthly : .weekly,
                            style: product == .vix ? .am : .pm, expirationDate: settlement,
                            settlementDate: settlement, settlementMinute: product == .vix ? 570 : 960,
                            lastTradingDate: settlement)
    }

    struct Row {
        var type: OptionType
        var strike: Double
        var bid: Double
        var ask: Double
        var iv: Double
    }

    /// A one-expiry chain; greeks from Black-Scholes (Black-76 for VIX: q = r) at each row's iv.
    static func chain(_ product: OptionProduct, spot: Double, underlying: Double, days: Int, rows: [Row],
                      source: QuoteSource = .synthetic) -> OptionChain {
        let expiry = expiry(product, days: days)
        let t = Double(days) / 365
        let q = product == .vix ? rate : dividendYield
        let sorted = rows.sorted { ($0.type == .call ? 1 : 0, $0.strike) < ($1.type == .call ? 1 : 0, $1.strike) }
        let greeks = sorted.map {
            BlackScholes.greeks($0.type, spot: underlying, strike: $0.strike, timeToExpiry: t, rate: rate,
                                dividendYield: q, volatility: $0.iv)
        }
        return OptionChain(
            date: date, product: product, spot: spot, rate: rate, dividendYield: q, expiries: [expiry],
            underlyings: [underlying], timesToExpiry: [t], columns: OptionColumns(expiryIndex: sorted.map { _ in 0 },
            typeCodes: sorted.map(\.type.kernelCode), strikes: sorted.map(\.strike), bids: sorted.map(\.bid),
            asks: sorted.map(\.ask), mids: sorted.map { 0.5 * ($0.bid + $0.ask) }, ivs: sorted.map(\.iv),
            deltas: greeks.map(\.delta), gammas: greeks.map(\.gamma), vegas: greeks.map(\.vega),
            thetas: greeks.map(\.theta), sources: sorted.map { _ in source }))
    }

    static func leg(_ product: OptionProduct, _ type: OptionType, _ strike: Double, _ quantity: Int,
                    days: Int) -> Leg {
        Leg(product: product, expiry: expiry(product, days: days), type: type, strike: strike, quantity: quantity)
    }

    // SPX 30-day puts around a 5200 spot.
    static let spxDays = 28
    static let spxChain = chain(.spx, spot: 5200, underlying: 5200, days: spxDays, rows: [
        Row(type: .put, strike: 4900, bid: 6.0, ask: 6.4, iv: 0.19),
        Row(type: .put, strike: 5000, bid: 15.0, ask: 15.6, iv: 0.165),
        Row(type: .put, strike: 5050, bid: 22.0, ask: 22.8, iv: 0.155),
        Row(type: .put, strike: 5100, bid: 30.0, ask: 30.0, iv: 0.15),   // locked
        Row(type: .put, strike: 5150, bid: 41.0, ask: 40.5, iv: 0.145),  // crossed
        Row(type: .put, strike: 5200, bid: 55.0, ask: 55.8, iv: 0.14),
        Row(type: .call, strike: 5200, bid: 2.00, ask: 2.40, iv: 0.13),
        Row(type: .call, strike: 5300, bid: .nan, ask: 1.0, iv: 0.12),   // not finite
    ])

    // XSP 15-day puts around 520.
    static let xspDays = 15
    static let xspChain = chain(.xsp, spot: 520, underlying: 520, days: xspDays, rows: [
        Row(type: .put, strike: 495, bid: 0.80, ask: 0.90, iv: 0.18),
        Row(type: .put, strike: 500, bid: 1.20, ask: 1.30, iv: 0.17),
        Row(type: .put, strike: 520, bid: 5.10, ask: 5.30, iv: 0.14),
    ])

    // VIX 50-day calls on an 18.5 future, VIX index at 15.
    static let vixDays = 50
    static let vixChain = chain(.vix, spot: 15, underlying: 18.5, days: vixDays, rows: [
        Row(type: .call, strike: 20, bid: 1.60, ask: 1.75, iv: 0.95),
        Row(type: .call, strike: 25, bid: 0.85, ask: 0.95, iv: 1.10),
        Row(type: .call, strike: 30, bid: 0.50, ask: 0.60, iv: 1.25),
    ])

    static let chains = DayChains(date: date, chains: [spxChain, xspChain, vixChain], spx: 5200, vix: 15)

    static func position(_ id: Int, _ component: Component, _ legs: [Leg]) -> Position {
        Position(id: id, component: component, legs: legs, openDate: date, openCredit: 0, maxRisk: 0, entryVIX: 15)
    }
}

@Suite("Fill model")
struct FillModelTests {
    let model = FillModel()

    func success(_ result: Result<ComboFill, FillRefusal>) throws -> ComboFill {
        switch result {
        case let .success(fill): return fill
        case let .failure(refusal): Issue.record("refused: \(refusal)"); throw refusal
        }
    }

    @Test("Single call bought at bid + 0.75 of the spread, SPX fees")
    func singleLeg() throws {
        // 5200 call 2.00 / 2.40: share 0.75 -> 2.00 + 0.75 x 0.40 = 2.30 (mid 2.20 + 0.5 x 0.20).
        // Slippage (2.30 - 2.20) x 1 x 100 = $10; premium traded $230; fees 0.65 + 0.66 = $1.31.
        let leg = RiskFixtures.leg(.spx, .call, 5200, 1, days: RiskFixtures.spxDays)
        let fill = try success(model.fill([leg], on: RiskFixtures.chains))
        #expect(fill.legCount == 1 && fill.units == 1)
        #expect(abs(fill.price - 2.30) < 1e-12)
        #expect(abs(fill.midPrice - 2.20) < 1e-12)
        #expect(abs(fill.naturalPrice - 2.40) < 1e-12)
        #expect(abs(fill.width - 0.40) < 1e-12)
        #expect(abs(fill.slippage - 10) < 1e-9)
        #expect(abs(fill.premiumTraded - 230) < 1e-9)
        #expect(abs(fill.fees - 1.31) < 1e-12)
        #expect(abs(fill.premiumCashFlow + 230) < 1e-9)
        #expect(abs(fill.netCashFlow + 231.31) < 1e-9)
        #expect(abs(fill.slippageShare - 10.0 / 230.0) < 1e-12)
    }

    @Test("XSP put credit spread: two legs, share 0.66")
    func creditSpread() throws {
        // Sell 500P 1.20/1.30 (mid 1.25), buy 495P 0.80/0.90 (mid 0.85).
        // Net debit per unit: natural -1.20 + 0.90 = -0.30; mid -1.25 + 0.85 = -0.40.
        // Width 0.20; 66% of it from the favourable side is mid + (2 x 0.66 - 1) = 0.32 of the
        // half-spread: fill = -0.40 + 0.32 x 0.10 = -0.368 (a 0.368 credit).
        // Legs: each mid moved 0.32 x its 0.05 half-spread against us:
        //   500P sold at 1.25 - 0.016 = 1.234, 495P bought at 0.85 + 0.016 = 0.866; -1.234 + 0.866 = -0.368.
        // Five spreads: credit 0.368 x 5 x 100 = $184; fees 10 contracts x (0.65 + 0.07) = $7.20.
        // Slippage (0.016 + 0.016) x 5 x 100 = $16; premium traded (1.234 + 0.866) x 500 = $1050.
        let legs = [RiskFixtures.leg(.xsp, .put, 500, -5, days: RiskFixtures.xspDays),
                    RiskFixtures.leg(.xsp, .put, 495, 5, days: RiskFixtures.xspDays)]
        let fill = try success(model.fill(legs, on: RiskFixtures.chains))
        #expect(fill.units == 5 && fill.legCount == 2 && fill.contracts == 10)
        #expect(abs(fill.price + 0.368) < 1e-12)
        #expect(abs(fill.legs[0].price - 1.234) < 1e-12)
        #expect(abs(fill.legs[1].price - 0.866) < 1e-12)
        #expect(abs(fill.premiumCashFlow - 184) < 1e-9)
        #expect(abs(fill.fees - 7.20) < 1e-9)
        #expect(abs(fill.netCashFlow - 176.80) < 1e-9)
        #expect(abs(fill.slippage - 16) < 1e-9)
        #expect(abs(fill.premiumTraded - 1050) < 1e-9)
    }

    @Test("SPX put BWB: three series (the -2 body counts once), share 0.61")
    func brokenWingButterfly() throws {
        // +1 4900P 6.0/6.4, -2 5000P 15.0/15.6, +1 5050P 22.0/22.8, two butterflies.
        // Per unit: natural 6.4 - 2 x 15.0 + 22.8 = -0.8; mid 6.2 - 2 x 15.3 + 22.4 = -2.0;
        // width 0.4 + 2 x 0.6 + 0.8 = 2.4. Share (0.66 + 0.56) / 2 = 0.61, 0.22 of the half-width
        // from mid: fill = -2.0 + 0.22 x 1.2 = -1.736 (a 1.736 credit).
        // Legs: 4900P 6.2 + 0.22 x 0.2 = 6.244, 5000P 15.3 - 0.22 x 0.3 = 15.234,
        //       5050P 22.4 + 0.22 x 0.4 = 22.488; 6.244 - 30.468 + 22.488 = -1.736.
        // Cash: 1.736 x 2 x 100 = $347.20; fees 8 contracts x $1.31 = $10.48.
        let days = RiskFixtures.spxDays
        let legs = [RiskFixtures.leg(.spx, .put, 4900, 2, days: days),
                    RiskFixtures.leg(.spx, .put, 5000, -4, days: days),
                    RiskFixtures.leg(.spx, .put, 5050, 2, days: days)]
        let fill = try success(model.fill(legs, on: RiskFixtures.chains))
        #expect(fill.units == 2 && fill.legCount == 3)
        #expect(abs(fill.spreadShare - 0.61) < 1e-15)
        #expect(abs(fill.naturalPrice + 0.8) < 1e-12)
        #expect(abs(fill.midPrice + 2.0) < 1e-12)
        #expect(abs(fill.price + 1.736) < 1e-12)
        #expect(abs(fill.legs[0].price - 6.244) < 1e-12)
        #expect(abs(fill.legs[1].price - 15.234) < 1e-12)
        #expect(abs(fill.legs[2].price - 22.488) < 1e-12)
        #expect(abs(fill.premiumCashFlow - 347.2) < 1e-9)
        #expect(abs(fill.fees - 10.48) < 1e-9)
    }

    @Test("A body given as two -1 legs is netted into one -2 series")
    func nettingRepeatedSeries() throws {
        let days = RiskFixtures.spxDays
        let split = [RiskFixtures.leg(.spx, .put, 4900, 1, days: days),
                     RiskFixtures.leg(.spx, .put, 5000, -1, days: days),
                     RiskFixtures.leg(.spx, .put, 5000, -1, days: days),
                     RiskFixtures.leg(.spx, .put, 5050, 1, days: days)]
        let fill = try success(model.fill(split, on: RiskFixtures.chains))
        #expect(fill.legCount == 3)
        #expect(fill.legs[1].leg.quantity == -2)
        #expect(abs(fill.price + 1.736) < 1e-12)
    }

    @Test("Every leg fills inside its band and the legs sum to the combo price")
    func legsInsideBands() throws {
        let days = RiskFixtures.spxDays
        let orders: [[Leg]] = [
            [RiskFixtures.leg(.spx, .put, 4900, 3, days: days), RiskFixtures.leg(.spx, .put, 5000, -6, days: days),
             RiskFixtures.leg(.spx, .put, 5050, 3, days: days)],
            [RiskFixtures.leg(.spx, .put, 4900, -1, days: days), RiskFixtures.leg(.spx, .put, 5000, 2, days: days),
             RiskFixtures.leg(.spx, .put, 5050, -1, days: days)],
            [RiskFixtures.leg(.spx, .put, 5200, -1, days: days), RiskFixtures.leg(.spx, .call, 5200, -1, days: days),
             RiskFixtures.leg(.spx, .put, 5000, 1, days: days), RiskFixtures.leg(.spx, .put, 4900, 1, days: days)],
            [RiskFixtures.leg(.vix, .call, 20, 4, days: RiskFixtures.vixDays),
             RiskFixtures.leg(.vix, .call, 30, -4, days: RiskFixtures.vixDays)],
        ]
        for share in [0.5, 0.65, 0.78, 1.0] {
            var config = FillConfig()
            config.spreadShareOneLeg = share
            config.spreadShareTwoLegs = share
            config.spreadShareFourLegs = share
            let model = FillModel(config: config)
            for order in orders {
                let fill = try success(model.fill(order, on: RiskFixtures.chains))
                var sum = 0.0
                for leg in fill.legs {
                    #expect(leg.price >= leg.quote.bid && leg.price <= leg.quote.ask, "\(leg.leg.strike) at \(leg.price)")
                    sum += Double(leg.leg.quantity / fill.units) * leg.price
                }
                #expect(sum == fill.price)
                #expect(abs(fill.price - (fill.midPrice + (2 * share - 1) * 0.5 * fill.width)) < 1e-12)
                let low = fill.midPrice - 0.5 * fill.width, high = fill.naturalPrice
                #expect(fill.price >= low - 1e-12 && fill.price <= high + 1e-12)
            }
        }
    }

    @Test("Refusals: missing, locked, crossed and non-finite quotes; empty order")
    func refusals() {
        let days = RiskFixtures.spxDays
        let good = RiskFixtures.leg(.spx, .put, 5000, -1, days: days)
        func refusal(_ legs: [Leg]) -> FillRefusal? {
            if case let .failure(reason) = model.fill(legs, on: RiskFixtures.chains) { return reason }
            return nil
        }
        let missing = RiskFixtures.leg(.spx, .put, 4950, 1, days: days)
        #expect(refusal([good, missing]) == .missingQuote(missing))
        let otherExpiry = RiskFixtures.leg(.spx, .put, 5000, 1, days: days + 7)
        #expect(refusal([good, otherExpiry]) == .missingQuote(otherExpiry))
        let locked = RiskFixtures.leg(.spx, .put, 5100, 1, days: days)
        #expect(refusal([good, locked]) == .lockedQuote(locked, price: 30))
        let crossed = RiskFixtures.leg(.spx, .put, 5150, 1, days: days)
        #expect(refusal([good, crossed]) == .crossedQuote(crossed, bid: 41, ask: 40.5))
        let notFinite = RiskFixtures.leg(.spx, .call, 5300, 1, days: days)
        if case .invalidQuote(let leg, _, _)? = refusal([good, notFinite]) {
            #expect(leg == notFinite)
        } else {
            Issue.record("a NaN bid must be refused")
        }
        #expect(refusal([]) == .emptyOrder)
        var cancel = good
        cancel.quantity = 1
        #expect(refusal([good, cancel]) == .emptyOrder)
        // No chain for the product at all.
        let bare = DayChains(date: RiskFixtures.date, chains: [RiskFixtures.spxChain], spx: 5200, vix: 15)
        let vixLeg = RiskFixtures.leg(.vix, .call, 20, 1, days: RiskFixtures.vixDays)
        if case .failure(let reason) = model.fill([vixLeg], on: bare) {
            #expect(reason == .missingQuote(vixLeg))
        } else {
            Issue.record("a leg without a chain must be refused")
        }
    }

    @Test("Fees per contract by product")
    func feesByProduct() throws {
        // One contract each: SPX 0.65 + 0.66, XSP 0.65 + 0.07, VIX 0.65 + 0.40.
        let spx = try success(model.fill([RiskFixtures.leg(.spx, .call, 5200, 1, days: RiskFixtures.spxDays)],
                                         on: RiskFixtures.chains))
        let xsp = try success(model.fill([RiskFixtures.leg(.xsp, .put, 520, -1, days: RiskFixtures.xspDays)],
                                         on: RiskFixtures.chains))
        let vix = try success(model.fill([RiskFixtures.leg(.vix, .call, 25, 3, days: RiskFixtures.vixDays)],
                                         on: RiskFixtures.chains))
        let config = FillConfig()
        #expect(abs(spx.fees - config.spxFees.perContract) < 1e-12)
        #expect(abs(xsp.fees - config.xspFees.perContract) < 1e-12)
        #expect(abs(vix.fees - 3 * config.vixFees.perContract) < 1e-12)
        #expect(abs(config.spxFees.perContract - 1.31) < 1e-12)
        #expect(abs(config.vixFees.perContract - 1.05) < 1e-12)
        // Selling: the XSP put sold at 5.20 - 0.5 x 0.10 = 5.15 (ask - 0.75 of the 0.20 width)
        // brings $515 less fees.
        #expect(abs(xsp.netCashFlow - (515 - config.xspFees.perContract)) < 1e-9)
    }

    @Test("Closing legs negate every quantity")
    func closingLegs() {
        let legs = [RiskFixtures.leg(.xsp, .put, 500, -2, days: 15), RiskFixtures.leg(.xsp, .put, 495, 2, days: 15)]
        let closing = FillModel.closingLegs(of: RiskFixtures.position(1, .probe, legs))
        #expect(closing.map(\.quantity) == [2, -2])
        #expect(closing.map(\.strike) == [500, 495])
    }
}
