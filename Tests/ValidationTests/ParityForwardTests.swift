import Foundation
import Market
import Pricing
import Testing
import TestSupport
@testable import Validation

@Suite("Parity forward of a real chain")
struct ParityForwardTests {
    // The hand-built chains' day and expiry (2023-09-14, the PM weekly of 2023-10-13).
    static let date = StructurePricingTests.date
    static let expiry = StructurePricingTests.expiry

    /// Puts and calls 4300...4700 priced by Black-Scholes at `quotedSpot` with a skewed vol,
    /// then labelled with the index close 4500 as their underlying, as a download taken after
    /// the close would be; bid and ask 0.10 around each price.
    static func chain(quotedSpot: Double) -> OptionChain {
        let t = 29.0 / 365, r = 0.053, q = 0.015
        var columns = OptionColumns()
        for type in [OptionType.put, .call] {
            for strike in stride(from: 4300.0, through: 4700, by: 25) {
                let vol = 0.14 - 0.2 * log(strike / 4500)
                let g = BlackScholes.greeks(type, spot: quotedSpot, strike: strike, timeToExpiry: t, rate: r, dividendYield: q,
                                            volatility: vol)
                columns.append(OptionQuote(expiry: expiry, type: type, strike: strike, underlying: 4500, timeToExpiry: t,
                                           bid: g.price - 0.05, ask: g.price + 0.05, mid: g.price, iv: .nan, delta: g.delta,
                                           gamma: g.gamma, vega: g.vega, theta: g.theta, source: .real), expiryIndex: 0)
            }
        }
        return OptionChain(date: date, product: .spx, spot: 4500, rate: r, dividendYield: q, expiries: [expiry],
                           underlyings: [4500], timesToExpiry: [t], columns: columns)
    }

    @Test func theQuotesOwnSpotIsRecoveredAndTheirVolsWithIt() throws {
        let quoted = Self.chain(quotedSpot: 4511.5)
        let spots = ParityForward.impliedSpots(quoted)
        let spot = try #require(spots[0])
        // Parity holds exactly on Black-Scholes prices: only rounding separates the two.
        #expect(abs(spot - 4511.5) < 1e-8, "\(spot)")
        let resolved = ParityForward.resolved(quoted, spots: spots)
        #expect(resolved.underlyings == [spot])
        for i in 0..<resolved.count {
            let vol = 0.14 - 0.2 * log(resolved.strikes[i] / 4500)
            #expect(abs(resolved.ivs[i] - vol) < 1e-9, "\(resolved[i].type) \(resolved.strikes[i])")
        }
        // Against the close the same quotes show the false skew between puts and calls.
        let atClose = ParityForward.resolved(quoted, spots: [nil])
        let put = try #require(atClose.index(expiry: 0, type: .put, strike: 4500))
        let call = try #require(atClose.index(expiry: 0, type: .call, strike: 4500))
        #expect(atClose.ivs[call] - atClose.ivs[put] > 0.004)
    }

    @Test func tooFewStrikesQuotedOnBothSidesGiveNoForward() {
        let quoted = Self.chain(quotedSpot: 4500)
        var columns = OptionColumns()
        for i in 0..<quoted.count where quoted.typeCodes[i] == -1 || quoted.strikes[i] < 4350 {
            columns.append(quoted[i], expiryIndex: 0)
        }
        let sparse = OptionChain(date: quoted.date, product: .spx, spot: 4500, rate: quoted.rate,
                                 dividendYield: quoted.dividendYield, expiries: quoted.expiries, underlyings: [4500],
                                 timesToExpiry: quoted.timesToExpiry, columns: columns)
        #expect(ParityForward.impliedSpots(sparse) == [nil])
    }
}

@Suite("Parity forward on the real closing chains", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct ParityForwardRealChainTests {
    /// On 2023-09-14 the closing quotes solved against the index close show calls 1.3 vol
    /// points richer than puts at the money relative to the model (`validate quotes`); at
    /// their own forward the put and the call of one strike have the same vol, as parity says.
    @Test func atTheirOwnForwardPutsAndCallsOfAStrikeAgree() throws {
        let directory = RealMarketData.directory!
        let builder = ChainBuilder(history: try MarketHistory.load(from: directory),
                                   realChains: try RealChainLibrary.discover(in: directory))
        let date = TradingDate(year: 2023, month: 9, day: 14)!
        let real = try ChainPair.realChain(date: date, product: .spx, builder: builder, strikeWindow: 0.05)
        let resolved = ParityForward.resolved(real, spots: ParityForward.impliedSpots(real))
        func gap(_ chain: OptionChain) -> Double {
            var gaps: [Double] = []
            for e in chain.expiries.indices where (20.0 / 365...45.0 / 365).contains(chain.timesToExpiry[e]) {
                for i in chain.indices(expiry: e, type: .put) where abs(chain.strikes[i] / chain.spot - 1) < 0.01 {
                    guard let c = chain.index(expiry: e, type: .call, strike: chain.strikes[i]),
                          chain.ivs[i].isFinite, chain.ivs[c].isFinite else { continue }
                    gaps.append(abs(chain.ivs[c] - chain.ivs[i]))
                }
            }
            return gaps.sorted()[gaps.count / 2]
        }
        let before = gap(real), after = gap(resolved)
        print("2023-09-14, 20-45 days, strikes within 1% of spot: median |call - put| vol \(100 * before) vol points against the close, \(100 * after) at the parity forward")
        #expect(before > 0.004, "\(before)")
        #expect(after < 0.3 * before, "\(after) against \(before)")
    }
}
