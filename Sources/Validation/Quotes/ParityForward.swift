import Foundation
import Market
import Pricing

/// The underlying each expiry of a real chain is quoted against, read from its own quotes by
/// put-call parity.
///
/// SPX options trade until 16:15 ET, a quarter of an hour after the index's close, and a
/// download is taken later still; their quotes follow the futures over that time, and carry
/// a dividend forecast that the history's yield only approximates. Solving them against the
/// 16:00 close and the history's carry makes the puts of an expiry look cheap and its calls
/// rich (or the reverse) by up to 1.5 vol points at the money. Comparing the model with the
/// market at the market's own forward leaves the smile, not the clock, to be judged.
enum ParityForward {
    /// Per expiry of `chain`, the spot that carried at the chain's rate and dividend yield
    /// gives the expiry's ``PutCallParity`` forward (cash grown at the chain's rate) over the
    /// strikes quoted two-sided on both sides; nil where fewer than three such strikes exist.
    static func impliedSpots(_ chain: OptionChain) -> [Double?] {
        chain.expiries.indices.map { e in
            let t = chain.timesToExpiry[e]
            guard t > 0 else { return nil }
            var calls: [Double: Double] = [:]
            for i in chain.indices(expiry: e, type: .call) where twoSided(chain, i) { calls[chain.strikes[i]] = chain.mids[i] }
            var differences: [(strike: Double, callLessPut: Double)] = []
            for i in chain.indices(expiry: e, type: .put) where twoSided(chain, i) {
                if let call = calls[chain.strikes[i]] { differences.append((chain.strikes[i], call - chain.mids[i])) }
            }
            guard let forward = PutCallParity.forward(differences, growth: Foundation.exp(chain.rate * t), minimumStrikes: 3)
            else { return nil }
            return forward * Foundation.exp(-(chain.rate - chain.dividendYield) * t)
        }
    }

    /// Whether option `i` of `chain` is quoted on both sides, uncrossed, with a finite mid.
    static func twoSided(_ chain: OptionChain, _ i: Int) -> Bool {
        chain.bids[i] > 0 && chain.asks[i] > chain.bids[i] && chain.mids[i].isFinite
    }

    /// `chain` resolved against each expiry's parity spot (``impliedSpots(_:)``), unchanged when
    /// no expiry has one; and the spots.
    static func resolvedAtParity(_ chain: OptionChain) -> (chain: OptionChain, spots: [Double?]) {
        let spots = impliedSpots(chain)
        return (spots.allSatisfy { $0 == nil } ? chain : resolved(chain, spots: spots), spots)
    }

    /// The forward of expiry `e` of `chain`: its underlying grown at the chain's rate less
    /// its dividend yield.
    static func forward(_ chain: OptionChain, expiry e: Int) -> Double {
        chain.underlyings[e] * Foundation.exp((chain.rate - chain.dividendYield) * chain.timesToExpiry[e])
    }

    /// `chain` with each expiry's underlying replaced by `spots` (nil keeps it), and every
    /// option's implied vol and delta solved again against it (NaN where the mid has none).
    static func resolved(_ chain: OptionChain, spots: [Double?]) -> OptionChain {
        var quotes = QuoteBatch()
        quotes.reserveCapacity(chain.count)
        let underlyings = chain.expiries.indices.map { spots[$0] ?? chain.underlyings[$0] }
        for i in 0..<chain.count {
            let e = Int(chain.expiryIndex[i])
            quotes.append(chain[i].type, spot: underlyings[e], strike: chain.strikes[i], timeToExpiry: chain.timesToExpiry[e],
                          rate: chain.rate, dividendYield: chain.dividendYield, price: chain.mids[i])
        }
        let (vols, status) = ImpliedVolatility.solve(quotes)
        var columns = OptionColumns(capacity: chain.count)
        for i in 0..<chain.count {
            let e = Int(chain.expiryIndex[i])
            var quote = chain[i]
            quote.underlying = underlyings[e]
            quote.iv = status[i] == .ok ? vols[i] : .nan
            if quote.iv.isFinite {
                let greeks = BlackScholes.greeks(quote.type, spot: underlyings[e], strike: quote.strike,
                                                 timeToExpiry: chain.timesToExpiry[e], rate: chain.rate,
                                                 dividendYield: chain.dividendYield, volatility: quote.iv)
                quote.delta = greeks.delta
                quote.gamma = greeks.gamma
                quote.vega = greeks.vega
                quote.theta = greeks.theta
            }
            columns.append(quote, expiryIndex: e)
        }
        return OptionChain(date: chain.date, product: chain.product, spot: chain.spot, rate: chain.rate,
                           dividendYield: chain.dividendYield, expiries: chain.expiries, underlyings: underlyings,
                           timesToExpiry: chain.timesToExpiry, columns: columns)
    }
}
