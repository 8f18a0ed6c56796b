import Testing
@testable import Strategy
import Market
import Pricing

/// Small option chains built by hand for the strategy components' tests: Black-Scholes prices
/// and greeks on a volatility that rises linearly below spot (vol = atm + skew x max(0,
/// (S - K) / S)), a fixed half-spread around each mid, t = calendar days / 365.
enum HandBuiltChain {
    static func day(_ iso: String) -> TradingDate { TradingDate(iso: iso)! }

    /// A PM series settling at the close of `date` (SPXW / XSP weeklies).
    static func pmExpiry(_ product: OptionProduct, _ date: TradingDate) -> ListedExpiry {
        ListedExpiry(product: product, root: product == .spx ? .spxw : .xsp, cycle: .weekly, style: .pm,
                     expirationDate: date, settlementDate: date, settlementMinute: 960, lastTradingDate: date)
    }

    /// A VIX series settling on the morning of `date`.
    static func vixExpiry(_ date: TradingDate) -> ListedExpiry {
        ListedExpiry(product: .vix, root: .vix, cycle: .vixMonthly, style: .am, expirationDate: date,
                     settlementDate: date, settlementMinute: 570, lastTradingDate: date - 1)
    }

    /// A chain of `product` on `date`; each series is priced off its own underlying (spot for
    /// SPX/XSP, the VIX future for VIX, where the carry is that of Black-76: q = r).
    /// Options at `lockedStrikes` are quoted bid = ask (untradable).
    static func chain(
        _ product: OptionProduct, on date: TradingDate, spot: Double,
        series: [(expiry: ListedExpiry, underlying: Double)], strikes: [Double],
        atmVol: Double, skew: Double = 0.9, halfSpread: Double = 0.05, lockedStrikes: Set<Double> = []
    ) -> OptionChain {
        let rate = 0.04
        let dividendYield = product == .vix ? rate : 0.013
        let sorted = series.sorted { $0.expiry < $1.expiry }
        var expiryIndex: [Int32] = [], typeCodes: [Int8] = [], strikeColumn: [Double] = []
        var bids: [Double] = [], asks: [Double] = [], mids: [Double] = [], ivs: [Double] = []
        var deltas: [Double] = [], gammas: [Double] = [], vegas: [Double] = [], thetas: [Double] = []
        var times: [Double] = []
        for (e, s) in sorted.enumerated() {
            let t = Double(s.expiry.calendarDays(from: date)) / 365
            times.append(t)
            for type in [OptionType.put, .call] {
                for strike in strikes.sorted() {
                    let vol = atmVol + skew * max(0, (s.underlying - strike) / s.underlying)
                    let g = BlackScholes.greeks(type, spot: s.underlying, strike: strike, timeToExpiry: t,
                                                rate: rate, dividendYield: dividendYield, volatility: vol)
                    expiryIndex.append(Int32(e))
                    typeCodes.append(type.kernelCode)
                    strikeColumn.append(strike)
                    mids.append(g.price)
                    let locked = lockedStrikes.contains(strike)
                    bids.append(locked ? g.price : max(0, g.price - halfSpread))
                    asks.append(locked ? g.price : g.price + halfSpread)
                    ivs.append(vol)
                    deltas.append(g.delta)
                    gammas.append(g.gamma)
                    vegas.append(g.vega)
                    thetas.append(g.theta)
                }
            }
        }
        return OptionChain(
            date: date, product: product, spot: spot, rate: rate, dividendYield: dividendYield,
            expiries: sorted.map(\.expiry), underlyings: sorted.map(\.underlying), timesToExpiry: times,
            columns: OptionColumns(expiryIndex: expiryIndex, typeCodes: typeCodes, strikes: strikeColumn, bids: bids, asks: asks,
            mids: mids, ivs: ivs, deltas: deltas, gammas: gammas, vegas: vegas, thetas: thetas,
            sources: Array(repeating: .synthetic, count: strikeColumn.count)))
    }

    /// XSP on Monday 2024-03-04, spot 510, 15% ATM vol: expiries at 4, 11, 14, 18 and 32
    /// calendar days; strikes 450...530 every `strikeStep` points.
    static func probeChain(strikeStep: Double = 1, settlementDays: [Int] = [4, 11, 14, 18, 32]) -> OptionChain {
        let date = day("2024-03-04")
        return chain(.xsp, on: date, spot: 510,
                     series: settlementDays.map { (pmExpiry(.xsp, date + $0), 510) },
                     strikes: Array(stride(from: 450.0, through: 530, by: strikeStep)), atmVol: 0.15)
    }

    /// SPX on Wednesday 2024-03-06, spot 5000, 14% ATM vol: expiries at 22, 28, 30 and 37
    /// calendar days; strikes 4000...5300 every 5 points.
    static func coreChain(settlementDays: [Int] = [22, 28, 30, 37], on date: TradingDate = day("2024-03-06"),
                          lockedStrikes: Set<Double> = []) -> OptionChain {
        chain(.spx, on: date, spot: 5000, series: settlementDays.map { (pmExpiry(.spx, date + $0), 5000) },
              strikes: Array(stride(from: 4000.0, through: 5300, by: 5)), atmVol: 0.14, lockedStrikes: lockedStrikes)
    }

    /// VIX options on `date` with VIX at `vix`: expiries 14, 47 and 77 calendar days out on
    /// futures at VIX + 1, + 1.5, + 2.5; strikes 10...30 by 1, then 32.5...40 by 2.5, 45, 50.
    static func vixChain(on date: TradingDate = day("2024-03-06"), vix: Double = 15,
                         settlementDays: [Int] = [14, 47, 77]) -> OptionChain {
        let basis = [1.0, 1.5, 2.5]
        let strikes = Array(stride(from: 10.0, through: 30, by: 1)) + [32.5, 35, 37.5, 40, 45, 50]
        return chain(.vix, on: date, spot: vix,
                     series: settlementDays.enumerated().map { (vixExpiry(date + $1), vix + basis[min($0, 2)]) },
                     strikes: strikes, atmVol: 0.9, skew: 0)
    }

    /// The quote of `strike` in `expiry` of `chain`.
    static func quote(_ chain: OptionChain, _ expiry: ListedExpiry, _ type: OptionType, _ strike: Double) -> OptionQuote {
        chain[chain.index(expiry: chain.expiryPosition(expiry)!, type: type, strike: strike)!]
    }
}

@Suite("Probe scout")
struct ProbeScoutTests {
    let scout = ProbeScout()

    @Test("expiry nearest 15 DTE in 7-20, short put nearest 0.20 delta, long 5 points lower")
    func picksStrikes() throws {
        let chain = HandBuiltChain.probeChain()
        let probe = try scout.candidate(from: chain).get()
        // 11, 14 and 18 DTE lie in the window; 14 is nearest 15.
        #expect(probe.daysToExpiry == 14)
        #expect(probe.expiry.settlementDate == HandBuiltChain.day("2024-03-18"))
        // Computed independently at 14 DTE, spot 510, vol 0.15 + 0.9 x moneyness: the 496 put
        // has delta -0.1946 (0.0054 from 0.20), the next nearest, 497, is 0.0089 away.
        #expect(probe.shortQuote.strike == 496)
        #expect(abs(probe.shortQuote.delta + 0.19455) < 1e-4)
        #expect(probe.longQuote.strike == 491)
        #expect(probe.legs.map(\.quantity) == [-1, 1])
        #expect(probe.legs.allSatisfy { $0.product == .xsp && $0.type == .put && $0.expiry == probe.expiry })
        // Quotes are the chain's own.
        #expect(probe.shortQuote == HandBuiltChain.quote(chain, probe.expiry, .put, 496))
        #expect(probe.longQuote == HandBuiltChain.quote(chain, probe.expiry, .put, 491))
        // Mid credit: (1.9116 - 1.2696) x 100 = $64.20.
        #expect(abs(probe.midCredit - 64.20) < 0.01)
        #expect(probe.width == 5)
        // A $62 credit risks 5 x 100 - 62 = $438.
        #expect(probe.maxRisk(credit: 62) == 438)
    }

    @Test("no expiry between 7 and 20 DTE is a skip with its reason")
    func noExpiry() {
        let chain = HandBuiltChain.probeChain(settlementDays: [4, 32])
        #expect(throws: Skip.self) { try scout.candidate(from: chain).get() }
        if case .failure(let skip) = scout.candidate(from: chain) { #expect(skip.reason == .noExpiryInWindow) }
    }

    @Test("on a coarse grid the long put is the nearest strike strictly below the short")
    func coarseGrid() throws {
        let chain = HandBuiltChain.probeChain(strikeStep: 10)
        let probe = try scout.candidate(from: chain).get()
        // Target short - 5 lies halfway between the short and the next strike: the short
        // itself is not eligible, so the long is 10 points lower.
        #expect(probe.longQuote.strike == probe.shortQuote.strike - 10)
        #expect(probe.width == 10)
    }

    @Test("probe days default to Monday and Tuesday")
    func probeDays() {
        #expect(scout.config.probeDays == [.monday, .tuesday])
        #expect(scout.isProbeDay(HandBuiltChain.day("2024-03-04")))
        #expect(scout.isProbeDay(HandBuiltChain.day("2024-03-05")))
        #expect(!scout.isProbeDay(HandBuiltChain.day("2024-03-06")))
        #expect(!scout.isProbeDay(HandBuiltChain.day("2024-02-19")))   // Presidents' Day
    }

    func openProbe(credit: Double) -> Position {
        let expiry = HandBuiltChain.pmExpiry(.xsp, HandBuiltChain.day("2024-03-18"))
        return Position(id: 1, component: .probe,
                        legs: [Leg(product: .xsp, expiry: expiry, type: .put, strike: 496, quantity: -1),
                               Leg(product: .xsp, expiry: expiry, type: .put, strike: 491, quantity: 1)],
                        openDate: HandBuiltChain.day("2024-03-04"), openCredit: credit, maxRisk: 500 - credit,
                        entryVIX: 14)
    }

    @Test("exit at 65% of the credit captured, not before")
    func profitExit() {
        let probe = openProbe(credit: 100)
        let day = HandBuiltChain.day("2024-03-06")   // 12 DTE
        // Closing for $35 keeps $65 of $100: exactly 65%.
        #expect(scout.exit(probe, mark: PositionMark(value: -35, delta: 0), on: day) == .profitTarget)
        #expect(scout.exit(probe, mark: PositionMark(value: -35.01, delta: 0), on: day) == nil)
    }

    @Test("exit at a loss of twice the credit, not before")
    func lossExit() {
        let probe = openProbe(credit: 100)
        let day = HandBuiltChain.day("2024-03-06")
        // Closing costs $300: a $200 loss on a $100 credit.
        #expect(scout.exit(probe, mark: PositionMark(value: -300, delta: 0), on: day) == .stopLoss)
        #expect(scout.exit(probe, mark: PositionMark(value: -299.99, delta: 0), on: day) == nil)
    }

    @Test("exit at 5 DTE, not at 6")
    func timeExit() {
        let probe = openProbe(credit: 100)
        let hold = PositionMark(value: -80, delta: 0)
        #expect(scout.exit(probe, mark: hold, on: HandBuiltChain.day("2024-03-12")) == nil)        // 6 DTE
        #expect(scout.exit(probe, mark: hold, on: HandBuiltChain.day("2024-03-13")) == .timeExit)  // 5 DTE
    }

    @Test("a mark is read from the chain: quantity x mid x 100, quantity x delta")
    func markFromChain() throws {
        let chain = HandBuiltChain.probeChain()
        let probe = try scout.candidate(from: chain).get()
        let position = Position(id: 3, component: .probe, legs: probe.legs, openDate: chain.date,
                                openCredit: probe.midCredit, maxRisk: probe.maxRisk(credit: probe.midCredit), entryVIX: 14)
        let mark = try #require(PositionMark(position: position, chain: chain))
        #expect(abs(mark.value + probe.midCredit) < 1e-9)
        #expect(abs(mark.delta - (probe.longQuote.delta - probe.shortQuote.delta)) < 1e-12)
        // Freshly opened at mid: no P&L, no exit.
        #expect(scout.exit(position, mark: mark, on: chain.date) == nil)
    }

    @Test("a probe wins only when it closes with a profit")
    func outcome() {
        let d = HandBuiltChain.day("2024-03-04")
        #expect(ProbeOutcome(positionID: 1, openDate: d, closeDate: d + 3, pnl: 12).isWin)
        #expect(!ProbeOutcome(positionID: 2, openDate: d, closeDate: d + 3, pnl: 0).isWin)
        #expect(!ProbeOutcome(positionID: 3, openDate: d, closeDate: d + 3, pnl: -40).isWin)
    }
}
