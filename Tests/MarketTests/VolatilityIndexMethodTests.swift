import Foundation
import Pricing
import TestSupport
import Testing
@testable import Market

/// A strip of European quotes at one flat vol, priced by the project's Black-Scholes kernel,
/// on a grid of `step` points from `low` to `high`, quoted with a bid and ask `halfSpread`
/// either side of the model price (bid zero when the price is below that).
private func flatExpiry(spot: Double, sigma: Double, days: Double, rate: Double, dividendYield: Double = 0,
                        step: Double, low: Double, high: Double, halfSpread: Double = 0) -> ExpiryQuotes {
    let t = days / 365
    let strikes = Array(stride(from: low, through: high, by: step))
    func price(_ type: OptionType, _ k: Double) -> Double {
        let forward = spot * exp((rate - dividendYield) * t), sd = sigma * t.squareRoot()
        let d1 = log(forward / k) / sd + sd / 2, d2 = d1 - sd
        let call = exp(-rate * t) * (forward * BlackScholes.normalCDF(d1) - k * BlackScholes.normalCDF(d2))
        return type == .call ? call : call - exp(-rate * t) * (forward - k)
    }
    func quote(_ p: Double) -> (Double, Double) { p > halfSpread + 0.05 ? (p - halfSpread, p + halfSpread) : (0, max(p + halfSpread, 0.05)) }
    let calls = strikes.map { quote(price(.call, $0)) }, puts = strikes.map { quote(price(.put, $0)) }
    return ExpiryQuotes(timeToExpiry: t, rate: rate, strikes: strikes, callBids: calls.map(\.0), callAsks: calls.map(\.1),
                        putBids: puts.map(\.0), putAsks: puts.map(\.1))
}

@Suite("CBOE VIX and SKEW methods")
struct VolatilityIndexMethodTests {
    @Test func flatVolStripReturnsItsVol() throws {
        for sigma in [0.10, 0.20, 0.60] {
            let quotes = flatExpiry(spot: 4000, sigma: sigma, days: 30, rate: 0.03, dividendYield: 0.015,
                                    step: 5, low: 500, high: 9000)
            let strip = try VarianceStrip(quotes)
            let forward = 4000 * exp((0.03 - 0.015) * 30 / 365)
            #expect(abs(strip.forward - forward) < 1e-6)
            #expect(strip.atTheMoneyStrike <= strip.forward && strip.forward - strip.atTheMoneyStrike < 5)
            // The strip truncates where prices fall under a tick: within a fraction of a vol point.
            #expect(abs(strip.variance.squareRoot() - sigma) < 0.002, "sigma \(sigma): \(strip.variance.squareRoot())")
            // Lognormal returns: skewness of ln(S_T / F) is 0, so SKEW is 100 give or take truncation.
            let skew = try #require(strip.skewness)
            #expect(abs(skew) < 0.15, "sigma \(sigma): S \(skew)")
        }
    }

    @Test func thirtyDayInterpolationOfTwoFlatTerms() throws {
        // 20% to 23 days, then a forward vol that makes 37 days total 0.25^2 x 37/365.
        let near = flatExpiry(spot: 3000, sigma: 0.20, days: 23, rate: 0.01, step: 5, low: 1000, high: 6000)
        let next = flatExpiry(spot: 3000, sigma: 0.25, days: 37, rate: 0.01, step: 5, low: 1000, high: 6000)
        let index = try ConstantMaturityIndex(expiries: [next, near], tenor: .vix)
        #expect(index.near.timeToExpiry == 23.0 / 365 && index.next.timeToExpiry == 37.0 / 365)
        let w1 = 0.04 * 23, w2 = 0.0625 * 37
        let expected = 100 * ((w1 + (w2 - w1) * 7 / 14) / 30).squareRoot()
        #expect(abs(index.volatilityIndex - expected) < 0.1, "\(index.volatilityIndex) vs \(expected)")
        let skew = try #require(index.skewIndex)
        #expect(abs(skew - 100) < 1.5)
    }

    @Test func zeroBidsEndTheStrip() throws {
        // Wide half-spread: far strikes have no bid, so the strip ends two zero bids past the last.
        let quotes = flatExpiry(spot: 4000, sigma: 0.2, days: 30, rate: 0, step: 5, low: 2000, high: 6000, halfSpread: 0.5)
        let strip = try VarianceStrip(quotes)
        let lowest = try #require(strip.strikes.first)
        let i = try #require(quotes.strikes.firstIndex(of: lowest))
        #expect(quotes.putBids[i] > 0 && quotes.putBids[i - 1] == 0 && quotes.putBids[i - 2] == 0)
        #expect(abs(strip.variance.squareRoot() - 0.2) < 0.01)
    }

    @Test func termRuleBracketsTheTarget() {
        // Days 2, 37, 16, 44, 30: VIX's near term is the latest at most 30 days with at least 7
        // (30, then 16), its next the first beyond (37, then 44); day 2 is under the minimum.
        let times = [2.0, 37, 16, 44, 30].map { $0 / 365 }
        let terms = ConstantMaturityIndex.termCandidates(times, target: 30.0 / 365, minimum: 7.0 / 365)
        #expect(terms.near == [4, 2] && terms.beyond == [1, 3])
        // Monthlies only, a roll away: no near term, the first two beyond are the pair.
        let monthly = ConstantMaturityIndex.termCandidates([3.0, 31, 59].map { $0 / 365 }, target: 30.0 / 365, minimum: 7.0 / 365)
        #expect(monthly.near.isEmpty && monthly.beyond == [1, 2])
    }

    @Test func noTermsIsATypedError() {
        let near = flatExpiry(spot: 3000, sigma: 0.2, days: 10, rate: 0, step: 5, low: 2000, high: 4000)
        #expect(throws: VolatilityIndexError.self) { try ConstantMaturityIndex(expiries: [near], tenor: .vix) }
    }
}

/// Every closing, full SPX and XSP chain of the data folder's catalogue (``RealChainCatalog``)
/// and every 2019 vendor file (six closes, eighteen taken during the session), with the
/// published closes.
enum RealIndexDays {
    struct Day: Sendable {
        var label: String
        var layout: RealChainLayout
        var replication: IndexReplication
        /// The chain's expiries, each with its kind.
        var expiries: [ExpiryQuotes]

        /// The 2019 lambdaclass files: a vendor's daily snapshots that state no time (18 of the 24
        /// were taken during the session, `LambdaclassQuoteTimeTests`), whose chains read SKEW
        /// 6-15 points over the published close on every day.
        var isVendorDaily: Bool { layout == .lambdaclass }
        /// The iVolatility sample lists the monthlies and LEAPS only, no Weeklys: no 9-day pair.
        var listsWeeklys: Bool { layout != .iVolatility }
        /// Whether the chain holds an expiry beyond 30 days of the kinds VIX uses that day.
        var hasVIXNextTerm: Bool {
            expiries.contains { $0.timeToExpiry > 30.0 / 365 && VolatilityIndexTenor.vix.uses($0.kind, on: replication.date) }
        }
    }

    static let loaded = LoadedOnce { () -> [Day] in
        let history = try SharedHistory.get()
        let catalog = try CatalogFixture.catalog.get()
        var days: [Day] = []
        // The vendor's session files are read too, apart: the catalogue no longer counts them as closes.
        let closing = catalog.closingFullSnapshots().snapshots.filter { $0.entry.layout != .lambdaclass }
        let vendor = try catalog.entries.filter { $0.layout == .lambdaclass }.map { ($0, try catalog.snapshot(of: $0)) }
        for (entry, snapshot) in closing + vendor where snapshot.product != .vix {
            guard let day = history.day(snapshot.quoteDate) else { continue }
            let expiries = snapshot.indexExpiries(rate: day.riskFreeRate ?? 0)
            days.append(Day(label: "\(snapshot.product.rawValue) \(entry.layout.rawValue)", layout: entry.layout,
                            replication: IndexReplication(expiries: expiries, day: day), expiries: expiries))
        }
        return days.sorted { $0.replication.date < $1.replication.date }
    }
}

private func format(_ value: Double?) -> String {
    value.map { String(format: "%+.2f", $0) } ?? "n/a"
}

@Suite("CBOE methods on the real chains", .enabled(if: MarketData.isAvailable, MarketData.absent))
struct VolatilityIndexReplicationTests {
    /// The exchange's own files (Cboe quotedata, the long forms, DataShop, OCA) and the
    /// iVolatility end-of-day sample of January 2011, when VIX still took the monthlies alone.
    @Test func realChainsReproduceThePublishedIndices() throws {
        let days = try RealIndexDays.loaded.get()
        #expect(days.filter { !$0.isVendorDaily }.count >= 20)
        for day in days where !day.isVendorDaily {
            let r = day.replication
            defer {
            print("index replication \(r.date) \(day.label): VIX \(format(r.computed[.vix])) vs \(format(r.published[.vix])) "
                  + "(\(format(r.error(.vix)))), VIX9D \(format(r.error(.vix9d))), VIX3M \(format(r.error(.vix3m))), "
                  + "SKEW \(format(r.computedSkew)) vs \(format(r.publishedSkew)) (\(format(r.skewError))) \(r.failures.keys.sorted())")
            }
            if let error = r.error(.vix), let vix = r.published[.vix] {
                #expect(abs(error) <= max(0.45, 0.01 * vix), "\(r.date) \(day.label): VIX off by \(error)")
            } else {
                // Only a near-term download (PROVENANCE: 2022-01-07, 2023-02-03, 2023-12-08) has no VIX.
                #expect(!day.hasVIXNextTerm, "\(r.date): no VIX \(r.failures)")
            }
            if day.listsWeeklys, let error = r.error(.vix9d), let level = r.published[.vix9d] {
                #expect(abs(error) <= max(0.5, 0.01 * level), "\(r.date) \(day.label): VIX9D off by \(error)")
            }
            if let error = r.error(.vix3m), let level = r.published[.vix3m] {
                #expect(abs(error) <= max(0.2, 0.005 * level), "\(r.date) \(day.label): VIX3M off by \(error)")
            }
            if let error = r.skewError {
                #expect(abs(error) <= 10.5, "\(r.date) \(day.label): SKEW off by \(error)")
            }
        }
    }

    /// The 2019 vendor files: VIX near in the median, SKEW above Cboe's on every day.
    @Test func vendorDailyChainsReadVIXNearAndSKEWHigh() throws {
        let days = try RealIndexDays.loaded.get().filter(\.isVendorDaily)
        #expect(days.count >= 20)
        let vix = days.compactMap { $0.replication.error(.vix) }.map(abs).sorted()
        let skew = days.compactMap(\.replication.skewError)
        print("lambdaclass 2019: \(vix.count) days, VIX median |error| \(vix[vix.count / 2]), SKEW errors \(skew.min()!) to \(skew.max()!)")
        #expect(vix[vix.count / 2] <= 0.3)
        #expect(skew.allSatisfy { $0 > 5 && $0 < 16 })
    }

    /// Cboe's series (``IndexSeriesKind``) matter: from the expiries nearest each target,
    /// whatever their weekday, the same chains read VIX and VIX9D several times further from
    /// the published closes.
    @Test func cboesSeriesReadTheRealChainsCloser() throws {
        let days = try RealIndexDays.loaded.get().filter { !$0.isVendorDaily && $0.listsWeeklys }
        var withRule: [VolatilityIndexTenor: [Double]] = [:], anyExpiry: [VolatilityIndexTenor: [Double]] = [:]
        for day in days {
            let r = day.replication
            for tenor in [VolatilityIndexTenor.vix, .vix9d] {
                guard let error = r.error(tenor), let published = r.published[tenor],
                      let all = try? ConstantMaturityIndex(expiries: day.expiries, tenor: tenor) else { continue }
                withRule[tenor, default: []].append(abs(error))
                anyExpiry[tenor, default: []].append(abs(all.volatilityIndex - published))
            }
        }
        for tenor in [VolatilityIndexTenor.vix, .vix9d] {
            let rule = withRule[tenor] ?? [], any = anyExpiry[tenor] ?? []
            #expect(rule.count >= 10)
            let median = { (x: [Double]) in x.sorted()[x.count / 2] }
            print("\(tenor.rawValue) on \(rule.count) real chains, median |error|: Cboe's series \(median(rule)), any expiry \(median(any))")
            #expect(median(rule) * 3 < median(any), "\(tenor.rawValue): \(median(rule)) against \(median(any))")
        }
    }
}
