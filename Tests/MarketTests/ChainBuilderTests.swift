import Foundation
import Pricing
import TestSupport
import Testing
@testable import Market

/// One builder for all chain tests, over the shared history and the discovered snapshots.
enum SharedChainBuilder {
    static let loaded = LoadedOnce {
        let history = try SharedHistory.get()
        return ChainBuilder(history: history, realChains: try RealChainLibrary.discover(in: MarketData.directory!))
    }
    static func get() throws -> ChainBuilder { try loaded.get() }
}

/// The judged days: the first VIX option chain, the 2008 crash, the first Friday-expiring
/// SPX monthly, the COVID crash, and the 2022 bear market with daily expiries.
private let judgedDays = ["2006-02-24", "2008-10-10", "2015-02-20", "2020-03-16", "2022-06-16"]

/// The smallest price increment at `price` for `product`.
private func tick(_ product: OptionProduct, _ price: Double) -> Double {
    SpreadModel.default.ticks(for: product).tick(at: price)
}

/// Whether `price` is a whole number of `tick`s.
private func onGrid(_ price: Double, _ tick: Double) -> Bool {
    abs((price / tick).rounded() * tick - price) < 1e-9
}

@Suite("Spread model")
struct SpreadModelTests {
    let model = SpreadModel.default

    private let calm = TradingDate(year: 2023, month: 9, day: 14)!

    @Test func quotesStraddleTheMidOnTheTickGrid() {
        for product in OptionProduct.allCases {
            for date in [TradingDate(year: 2006, month: 3, day: 1)!, calm] {
                for vix in [10.0, 20, 45, 82] {
                    for t in [2.0 / 365, 30.0 / 365, 1] {
                        var previous: (bid: Double, ask: Double) = (0, 0)
                        var mid = 0.0
                        while mid < 400 {
                            let (bid, ask) = model.quote(mid: mid, product: product, date: date, vix: vix, timeToExpiry: t,
                                                         absoluteDelta: 0.2)
                            #expect(bid >= 0 && bid <= mid && mid <= ask && bid < ask, "\(product) \(mid): \(bid) \(ask)")
                            #expect(onGrid(bid, tick(product, bid)) && onGrid(ask, tick(product, ask)), "\(product) \(bid) \(ask)")
                            // Monotone in the mid, so monotone in strike wherever the mids are.
                            #expect(bid >= previous.bid && ask >= previous.ask)
                            previous = (bid, ask)
                            mid += mid < 5 ? 0.0137 : 0.731
                        }
                    }
                }
            }
        }
    }

    @Test func farOutOfTheMoneyIsZeroBidOneTickAsk() {
        #expect(model.quote(mid: 0.03, product: .spx, date: calm, vix: 25, timeToExpiry: 0.1, absoluteDelta: 0.01) == (0, 0.05))
        #expect(model.quote(mid: 0.004, product: .xsp, date: calm, vix: 25, timeToExpiry: 0.1, absoluteDelta: 0.01) == (0, 0.01))
        #expect(model.quote(mid: 0, product: .vix, date: calm, vix: 25, timeToExpiry: 0.1, absoluteDelta: 0) == (0, 0.05))
    }

    @Test func widensWithVolatilityRegimeAndMatchesTheRealSpreads() {
        // 30-day SPX puts of 2 and 50 points: real medians 0.15 / 0.70 at VIX 12.8 (2023-09-14)
        // and 1.05 / 4.10 at VIX 66 (2020-03-20), measured on the snapshots.
        func spread(_ mid: Double, _ delta: Double, _ vix: Double, _ date: TradingDate) -> Double {
            let (bid, ask) = model.quote(mid: mid, product: .spx, date: date, vix: vix, timeToExpiry: 30.0 / 365,
                                         absoluteDelta: delta)
            return ask - bid
        }
        let crash = TradingDate(year: 2020, month: 3, day: 20)!
        #expect(spread(2, 0.05, 12.82, calm) >= 0.1 && spread(2, 0.05, 12.82, calm) <= 0.3)
        #expect(spread(50, 0.45, 12.82, calm) >= 0.4 && spread(50, 0.45, 12.82, calm) <= 1.2)
        #expect(spread(2, 0.01, 66.04, crash) >= 0.5 && spread(2, 0.01, 66.04, crash) <= 1.6)
        #expect(spread(50, 0.25, 66.04, crash) >= 2.0 && spread(50, 0.25, 66.04, crash) <= 6)
        #expect(spread(10, 0.2, 40, calm) > spread(10, 0.2, 20, calm))
    }

    @Test func tickRulesFollowTheExchange() {
        #expect(TickRule.spx.tick(at: 2.95) == 0.05 && TickRule.spx.tick(at: 3) == 0.10)
        #expect(TickRule.xsp.tick(at: 12) == 0.01)
        #expect(TickRule.vix.tick(at: 1) == 0.05 && TickRule.vix.tick(at: 4) == 0.10)
        #expect(TickRule.spx.roundDown(3.07) == 3.0 && TickRule.spx.roundUp(3.01) == 3.1)
        #expect(TickRule.spx.roundDown(0.149999999) == 0.1 && TickRule.spx.roundDown(0.1499999999999) == 0.15)
        #expect(TickRule.spx.roundUp(2.96) == 3.0 && TickRule.spx.roundDown(0.15) == 0.15)
    }

    /// The quoting rule as written in ``SpreadModel/quote(mid:spread:ticks:)``'s documentation,
    /// with libm's floor and ceil and each neighbour scaled on its own: the shortcuts of the
    /// fast path (truncation for floor and ceil, one scaled price for both neighbours) must
    /// give the same bits on every grid and across the 3.00 threshold.
    @Test func fastQuotingMatchesTheRuleToTheBit() {
        func down(_ p: Double, _ r: TickRule) -> Double {
            guard p > 0 else { return 0 }
            let c = Double(p < r.threshold ? r.lowTickCents : r.highTickCents)
            return Foundation.floor(p * 100 / c + 1e-9) * c / 100
        }
        func up(_ p: Double, _ r: TickRule) -> Double {
            guard p > 0 else { return 0 }
            let c = Double(p < r.threshold ? r.lowTickCents : r.highTickCents)
            return Foundation.ceil(p * 100 / c - 1e-9) * c / 100
        }
        func nearest(_ p: Double, _ r: TickRule, tiesUp: Bool) -> Double {
            let d = down(p, r), u = up(p, r)
            let below = p - d, above = u - p
            if abs(below - above) < 1e-9 { return tiesUp ? u : d }
            return below < above ? d : u
        }
        func reference(mid: Double, spread: Double, ticks r: TickRule) -> (Double, Double) {
            guard mid.isFinite, mid >= 0 else { return (.nan, .nan) }
            if mid < r.minimumTick { return (0, r.minimumTick) }
            let half = max(0.5 * (spread.isFinite ? spread : 0), 0.5 * r.minimumTick)
            let bid = min(nearest(mid - half, r, tiesUp: false), down(mid, r))
            var ask = max(nearest(mid + half, r, tiesUp: true), up(mid, r))
            if ask <= bid { ask = up(bid + 0.5 * r.minimumTick, r) }
            return (bid, ask)
        }
        var random = SplitMix64(seed: 2026)
        var mismatches = 0, checked = 0
        for rule in [TickRule.spx, .xsp, .vix] {
            // Mids on and off the grid, near half-ticks and the threshold, from a tick to deep in the money.
            var mids: [Double] = [0, 0.004, 0.01, 0.05, 2.95, 2.975, 2.999999999, 3, 3.05, 3.049999999, 1e6]
            for _ in 0..<20_000 { mids.append(Foundation.exp(Double.random(in: -4.6...7.5, using: &random))) }
            for k in 1...4000 { mids.append(Double(k) * 0.005 + Double.random(in: -1e-10...1e-10, using: &random)) }
            let spreads: [Double] = [0, 0.01, 0.05, 0.1, 0.15, 0.3, 1, 2.5, .nan, .infinity]
            for mid in mids {
                for spread in spreads + [Double.random(in: 0...5, using: &random)] {
                    let fast = SpreadModel.quote(mid: mid, spread: spread, ticks: rule)
                    let slow = reference(mid: mid, spread: spread, ticks: rule)
                    checked += 1
                    if fast.bid.bitPattern != slow.0.bitPattern || fast.ask.bitPattern != slow.1.bitPattern { mismatches += 1 }
                }
            }
            for price in mids {
                for tiesUp in [false, true] where rule.roundNearest(price, tiesUp: tiesUp).bitPattern
                    != nearest(price, rule, tiesUp: tiesUp).bitPattern { mismatches += 1 }
                if rule.roundDown(price).bitPattern != down(price, rule).bitPattern { mismatches += 1 }
                if rule.roundUp(price).bitPattern != up(price, rule).bitPattern { mismatches += 1 }
            }
        }
        #expect(checked > 700_000)
        #expect(mismatches == 0)
    }
}

@Suite("Chain builder on the real history", .enabled(if: MarketData.isAvailable, MarketData.absent))
struct ChainBuilderTests {
    // MARK: Expiries and settlement styles

    @Test func firstVIXOptionChainAndItsSPXChain() throws {
        let builder = try SharedChainBuilder.get()
        let date = day("2006-02-24")
        let vix = try builder.chain(on: date, product: .vix, minDTE: 0, maxDTE: 400)
        #expect(vix.expiries.map(\.settlementDate) == ["2006-03-22", "2006-04-19", "2006-05-17", "2006-06-21",
                                                       "2006-07-19", "2006-08-16"].map(day))
        #expect(vix.expiries.allSatisfy { $0.style == .am && $0.root == .vix && $0.settlementMinute == 570 })
        #expect(vix.sources.allSatisfy { $0 == .synthetic })

        let spx = try builder.chain(on: date, product: .spx, minDTE: 0, maxDTE: 200)
        // March 2006: third Friday 03-17, expiring on the Saturday after, settled AM on the Friday.
        let march = try #require(spx.expiries.first { $0.root == .spx })
        #expect(march.settlementDate == day("2006-03-17") && march.expirationDate == day("2006-03-18"))
        #expect(march.style == .am && march.lastTradingDate == day("2006-03-16"))
        // The next Friday's Weekly, PM (today's expires at this close and is not quoted).
        #expect(spx.expiries.first == ListedExpiry(
            product: .spx, root: .spxw, cycle: .weekly, style: .pm, expirationDate: day("2006-03-03"),
            settlementDate: day("2006-03-03"), settlementMinute: 960, lastTradingDate: day("2006-03-03")))
        #expect(spx.expiries.filter { $0.root == .spx }.map(\.settlementDate)
            == ["2006-03-17", "2006-04-21", "2006-05-19", "2006-06-16"].map(day))
    }

    @Test func settlementStylesOnEveryJudgedDay() throws {
        let builder = try SharedChainBuilder.get()
        for iso in judgedDays {
            let date = day(iso)
            for product in [OptionProduct.spx, .xsp] {
                let chain = try builder.chain(on: date, product: product, minDTE: 0, maxDTE: 120)
                #expect(!chain.expiries.isEmpty)
                for expiry in chain.expiries {
                    let thirdFriday = expiry.settlementDate.weekday == .friday && (15...21).contains(expiry.settlementDate.day)
                    switch expiry.root {
                    case .spx:
                        #expect(expiry.style == .am && thirdFriday && expiry.settlementMinute == 570, "\(iso) \(expiry)")
                        // Saturday expiration until February 2015, Friday after.
                        #expect(expiry.expirationDate == expiry.settlementDate + (expiry.settlementDate < day("2015-02-15") ? 1 : 0))
                    case .spxw:
                        #expect(expiry.style == .pm && expiry.settlementMinute >= 780, "\(iso) \(expiry)")
                    case .xsp:
                        let amEra = date < day("2013-11-05")
                        #expect(expiry.style == (amEra && thirdFriday ? .am : .pm), "\(iso) \(expiry)")
                    case .vix:
                        Issue.record("VIX root in an S&P chain")
                    }
                }
            }
        }
    }

    @Test func expiriesOfTheJudgedDays() throws {
        let builder = try SharedChainBuilder.get()
        // 2008-10-10: AM monthlies Oct/Nov/Dec, the next Friday Weekly (10-17 is a third
        // Friday: no Weekly then), and the December quarter end (PM).
        let crash = try builder.chain(on: day("2008-10-10"), product: .spx, minDTE: 0, maxDTE: 90)
        #expect(crash.expiries.filter { $0.root == .spx }.map(\.settlementDate) == ["2008-10-17", "2008-11-21", "2008-12-19"].map(day))
        #expect(crash.expiries.contains { $0.root == .spxw && $0.settlementDate == day("2008-12-31") && $0.cycle == .endOfQuarter })
        // 2015-02-20: the February monthly settled this morning and is gone; March expires
        // on Friday 03-20 itself.
        let friday = try builder.chain(on: day("2015-02-20"), product: .spx, minDTE: 0, maxDTE: 60)
        let march = try #require(friday.expiries.first { $0.root == .spx })
        #expect(march.settlementDate == day("2015-03-20") && march.expirationDate == day("2015-03-20"))
        #expect(!friday.expiries.contains { $0.settlementDate == day("2015-02-20") })
        // 2022-06-16, 20-60 days out: the Mondays and Wednesdays opened four weeks ahead (to
        // 07-11 and 07-13; the new Tuesdays and Thursdays stop within 20 days), the Fridays
        // seven weeks out (to 08-05, the July PM third Friday and month end among them), plus
        // the AM July monthly.
        let daily = try builder.chain(on: day("2022-06-16"), product: .spx, minDTE: 20, maxDTE: 60)
        let pmDates = daily.expiries.filter { $0.style == .pm }.map(\.settlementDate)
        #expect(pmDates == ["2022-07-06", "2022-07-08", "2022-07-11", "2022-07-13", "2022-07-15", "2022-07-22",
                            "2022-07-29", "2022-08-05"].map(day))
        #expect(daily.expiries.contains { $0.root == .spx && $0.settlementDate == day("2022-07-15") && $0.style == .am })
        // The DTE window is honoured.
        #expect(daily.expiries.allSatisfy { (20...60).contains($0.calendarDays(from: day("2022-06-16"))) })
    }

    // MARK: Quotes

    @Test func quotesAreSaneOnEverySynthesizedChain() throws {
        let builder = try SharedChainBuilder.get()
        for iso in judgedDays {
            for product in OptionProduct.allCases {
                let chain = try builder.chain(on: day(iso), product: product, minDTE: 1, maxDTE: 90)
                #expect(chain.count > 0)
                #expect(chain.sources.allSatisfy { $0 == .synthetic })
                for e in chain.expiries.indices {
                    let t = chain.timesToExpiry[e], s = chain.underlyings[e]
                    let discountedSpot = s * exp(-chain.dividendYield * t)
                    for type in [OptionType.put, .call] {
                        let range = chain.indices(expiry: e, type: type)
                        #expect(range.count > 5, "\(iso) \(product) \(chain.expiries[e]) \(type)")
                        var previous: Int?
                        for i in range {
                            let (bid, ask, mid) = (chain.bids[i], chain.asks[i], chain.mids[i])
                            #expect(bid >= 0 && bid <= mid && mid <= ask && bid < ask, "\(iso) \(product) \(chain[i])")
                            #expect(onGrid(bid, tick(product, bid)) && onGrid(ask, tick(product, ask)))
                            // No negative time value against the discounted forward intrinsic.
                            let forwardIntrinsic = (discountedSpot - chain.strikes[i] * exp(-chain.rate * t)) * (type == .call ? 1 : -1)
                            #expect(mid >= max(forwardIntrinsic, 0) - 1e-9 * s, "\(iso) \(product) \(chain[i])")
                            #expect(chain.deltas[i].isFinite && chain.gammas[i] >= 0 && chain.vegas[i] >= 0 && chain.thetas[i].isFinite)
                            if let p = previous {
                                #expect(chain.strikes[i] > chain.strikes[p])
                                // Calls fall and puts rise with the strike: mids, bids and asks.
                                if type == .call {
                                    #expect(mid <= chain.mids[p] && bid <= chain.bids[p] && ask <= chain.asks[p], "\(iso) \(product) \(chain[i])")
                                } else {
                                    #expect(mid >= chain.mids[p] && bid >= chain.bids[p] && ask >= chain.asks[p], "\(iso) \(product) \(chain[i])")
                                }
                            }
                            previous = i
                        }
                    }
                }
            }
        }
    }

    @Test func putCallParityHoldsOnSynthesizedMids() throws {
        let builder = try SharedChainBuilder.get()
        for iso in judgedDays {
            for product in OptionProduct.allCases {
                let chain = try builder.chain(on: day(iso), product: product, minDTE: 1, maxDTE: 400)
                var checked = 0
                for e in chain.expiries.indices {
                    let t = chain.timesToExpiry[e], s = chain.underlyings[e]
                    let forwardValue = s * exp(-chain.dividendYield * t)
                    for p in chain.indices(expiry: e, type: .put) {
                        let c = try #require(chain.index(expiry: e, type: .call, strike: chain.strikes[p]))
                        let parity = forwardValue - chain.strikes[p] * exp(-chain.rate * t)
                        #expect(abs((chain.mids[c] - chain.mids[p]) - parity) <= 1e-9 * s, "\(iso) \(product) K \(chain.strikes[p])")
                        checked += 1
                    }
                }
                #expect(checked > 100)
            }
        }
    }

    @Test func impliedVolsReproduceTheSurface() throws {
        let builder = try SharedChainBuilder.get()
        for iso in judgedDays {
            for product in OptionProduct.allCases {
                let chain = try builder.chain(on: day(iso), product: product, minDTE: 1, maxDTE: 120)
                let surface = try builder.surface(on: day(iso), product: product)
                var quotes = QuoteBatch()
                var expected: [Double] = []
                for i in 0..<chain.count {
                    let e = Int(chain.expiryIndex[i])
                    let t = chain.timesToExpiry[e], u = chain.underlyings[e]
                    let surfaceVol = product == .vix
                        ? surface.vixOptionVolatility(strike: chain.strikes[i], future: u, timeToExpiry: t)
                        : surface.volatility(strike: chain.strikes[i], timeToExpiry: t)
                    // The iv column is the surface's vol itself.
                    #expect(abs(chain.ivs[i] - surfaceVol) <= 1e-14 * surfaceVol)
                    // Options with meaningful time value: the mid's implied vol gives it back.
                    let type: OptionType = chain.typeCodes[i] == 1 ? .call : .put
                    let intrinsic = max((type == .call ? 1 : -1) * (u - chain.strikes[i]), 0)
                    guard chain.mids[i] - intrinsic > 1e-4 * u, chain.vegas[i] > 1e-3 * u * t.squareRoot() else { continue }
                    quotes.append(type, spot: u, strike: chain.strikes[i], timeToExpiry: t, rate: chain.rate,
                                  dividendYield: chain.dividendYield, price: chain.mids[i])
                    expected.append(surfaceVol)
                }
                let (solved, status) = ImpliedVolatility.solve(quotes)
                #expect(expected.count > 100)
                for k in expected.indices {
                    #expect(status[k] == .ok && abs(solved[k] - expected[k]) < 1e-7, "\(iso) \(product) \(solved[k]) vs \(expected[k])")
                }
            }
        }
    }

    @Test func spxThirtyDayATMVolSitsNearVIX() throws {
        let builder = try SharedChainBuilder.get()
        for iso in judgedDays {
            let date = day(iso)
            let chain = try builder.chain(on: date, product: .spx, minDTE: 20, maxDTE: 45, strikeWindow: 0.05)
            let e = try #require(chain.expiryNearest(days: 30, within: 20...45))
            let t = chain.timesToExpiry[e]
            let forward = chain.spot * exp((chain.rate - chain.dividendYield) * t)
            let atm = try #require(chain.indexNearestStrike(expiry: e, type: .call, strike: forward))
            let vix = try #require(builder.history.day(date)?.vixClose)
            let atmVol = 100 * chain.ivs[atm]
            // ATM sits below VIX (the skew and the far put tail lift the variance swap): the
            // real snapshots' 30-day ATM is 0.785 x VIX on 2023-09-14 (SKEW 144) and 0.90 x VIX
            // on 2020-03-20 (SKEW 118); the anchored surface lands in that band or near it.
            #expect(atmVol < 0.97 * vix && atmVol > 0.75 * vix, "\(iso): ATM \(atmVol) vs VIX \(vix)")
        }
    }

    @Test func vixOptionsArePricedOffTheFutures() throws {
        let builder = try SharedChainBuilder.get()
        let date = day("2020-03-16")
        let chain = try builder.chain(on: date, product: .vix, minDTE: 0, maxDTE: 200)
        let market = try #require(builder.history.day(date))
        #expect(chain.spot == 82.69)
        // Each VIX expiry settles with a VX contract: its underlying is that contract's settle.
        for (e, expiry) in chain.expiries.enumerated() {
            let future = try #require(market.vixFutures.first { $0.expiration == expiry.settlementDate }?.settle)
            #expect(abs(chain.underlyings[e] - future) < 1e-12, "\(expiry.settlementDate)")
            #expect(chain.underlyings[e] != chain.spot)
        }
        #expect(chain.underlyings.first == 72.625)
        // Black-76: dividend yield = rate; call deltas between 0 and the discount factor.
        #expect(chain.dividendYield == chain.rate)
        for e in chain.expiries.indices {
            for i in chain.indices(expiry: e, type: .call) {
                #expect(chain.deltas[i] > 0 && chain.deltas[i] < 1)
            }
        }
    }

    // MARK: Errors

    @Test func noChainBeforeListingOrOffSession() throws {
        let builder = try SharedChainBuilder.get()
        #expect(throws: ChainBuilderError.notListed(.vix, day("2006-02-23"))) {
            try builder.chain(on: day("2006-02-23"), product: .vix, minDTE: 0, maxDTE: 60)
        }
        #expect(throws: ChainBuilderError.notListed(.xsp, day("2005-10-24"))) {
            try builder.chain(on: day("2005-10-24"), product: .xsp, minDTE: 0, maxDTE: 60)
        }
        let error = #expect(throws: ChainBuilderError.self) {
            try builder.chain(on: day("2020-03-15"), product: .spx, minDTE: 0, maxDTE: 60)
        }
        #expect(error?.description.contains("weekend") == true)
        #expect(throws: ChainBuilderError.self) {
            try builder.chain(on: day("2026-03-02"), product: .spx, minDTE: 0, maxDTE: 60)
        }
        #expect(throws: ChainBuilderError.self) {
            try builder.chain(on: day("2020-03-16"), product: .spx, minDTE: 40, maxDTE: 20)
        }
    }

    // MARK: Real snapshots

    @Test func discoversTheRealSnapshots() throws {
        let builder = try SharedChainBuilder.get()
        let keys = builder.realChains.keys.map(\.description)
        #expect(keys == ["SPX 2020-03-20", "SPX 2023-09-14", "XSP 2023-09-14", "SPX 2023-12-08", "SPX 2025-10-01"])
    }

    @Test func aRealSnapshotDayUsesTheRealQuotes() throws {
        let builder = try SharedChainBuilder.get()
        let date = day("2023-09-14")
        for product in [OptionProduct.spx, .xsp] {
            let chain = try builder.chain(on: date, product: product, minDTE: 20, maxDTE: 60)
            let snapshot = try #require(try builder.realChains.snapshot(on: date, product: product))
            #expect(chain.count > 500)
            #expect(chain.sources.allSatisfy { $0 == .real }, "\(product): \(chain.sources.filter { $0 == .synthetic }.count) synthetic")
            // The October monthly is among them, as published: AM for SPX, PM for XSP (since 2013).
            #expect(chain.expiries.contains {
                $0.style == (product == .spx ? .am : .pm) && $0.settlementDate == day("2023-10-20") && $0.root != .spxw
            })
            var solved = 0
            for i in 0..<chain.count {
                let e = Int(chain.expiryIndex[i])
                #expect(chain.mids[i] == 0.5 * (chain.bids[i] + chain.asks[i]))
                #expect(chain.underlyings[e] == snapshot.underlyingLast)
                #expect(chain.deltas[i].isFinite && chain.gammas[i].isFinite)
                if chain.ivs[i].isFinite { solved += 1 }
            }
            #expect(solved > chain.count * 9 / 10)
            // The published quote of one series, found again.
            let e = try #require(chain.expiryNearest(days: 30, within: 20...60))
            let i = try #require(chain.indexNearestDelta(expiry: e, type: .put, absoluteDelta: 0.2))
            let row = try #require(snapshot.strikes.indices.first {
                snapshot.strikes[$0] == chain.strikes[i] && snapshot.types[$0] == .put
                    && snapshot.settlementDate(at: $0) == chain.expiries[e].settlementDate
                    && snapshot.roots[$0].optionRoot == chain.expiries[e].root
            })
            #expect(snapshot.bids[row] == chain.bids[i] && snapshot.asks[row] == chain.asks[i])
        }
    }

    @Test func withinItsSpanTheSnapshotsExpiriesAreTheListing() throws {
        let builder = try SharedChainBuilder.get()
        // On a real snapshot's day the chain holds the snapshot's expiries, all real. The
        // listing rules, read off the full real chains, list exactly these 1-100 days out on
        // both full snapshot days (until their midweek listing days were read, they had a
        // Wednesday 2020-04-22 that CBOE had not opened yet).
        for date in ["2020-03-20", "2023-09-14"].map(day) {
            let chain = try builder.chain(on: date, product: .spx, minDTE: 1, maxDTE: 100)
            #expect(chain.sources.allSatisfy { $0 == .real })
            let listed = ExpiryListing.nyse.expiries(for: .spx, on: date).filter { (1...100).contains($0.calendarDays(from: date)) }
            #expect(chain.expiries.map(\.settlementDate) == listed.map(\.settlementDate), "\(date)")
        }
    }

    @Test func aPartialSnapshotIsCompletedBySynthesizedExpiries() throws {
        let builder = try SharedChainBuilder.get()
        // The 2023-12-08 file quotes expiries up to 2023-12-29 only.
        let chain = try builder.chain(on: day("2023-12-08"), product: .spx, minDTE: 14, maxDTE: 45)
        for (e, expiry) in chain.expiries.enumerated() {
            let sources = Set(chain.indices(expiry: e, type: .put).map { chain.sources[$0] })
            #expect(sources == [expiry.settlementDate <= day("2023-12-29") ? .real : .synthetic], "\(expiry)")
        }
        #expect(chain.expiries.contains { $0.settlementDate == day("2024-01-19") && $0.style == .am })
    }

    @Test func workspaceReuseGivesTheSameChain() throws {
        let builder = try SharedChainBuilder.get()
        var workspace = ChainWorkspace()
        for iso in judgedDays + ["2023-09-14"] {
            let fresh = try builder.chain(on: day(iso), product: .spx, minDTE: 20, maxDTE: 60)
            let reused = try builder.chain(on: day(iso), product: .spx, minDTE: 20, maxDTE: 60, workspace: &workspace)
            #expect(fresh.strikes == reused.strikes && fresh.bids == reused.bids && fresh.asks == reused.asks)
            #expect(fresh.deltas == reused.deltas && fresh.expiries == reused.expiries)
        }
    }
}
