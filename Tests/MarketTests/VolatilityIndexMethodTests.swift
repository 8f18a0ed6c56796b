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

    @Test func noTermsIsATypedError() {
        let near = flatExpiry(spot: 3000, sigma: 0.2, days: 10, rate: 0, step: 5, low: 2000, high: 4000)
        #expect(throws: VolatilityIndexError.self) { try ConstantMaturityIndex(expiries: [near], tenor: .vix) }
    }
}

/// The real end-of-day SPX and XSP chains the loaders read, and the published closes.
enum RealIndexDays {
    struct Day: Sendable {
        var label: String
        var replication: IndexReplication
        /// The chain's expiries, each with its kind.
        var expiries: [ExpiryQuotes]
    }

    static let loaded = LoadedOnce { () -> [Day] in
        let directory = MarketData.directory!
        let history = try SharedHistory.get()
        var days: [Day] = []
        let library = try RealChainLibrary.discover(in: directory)
        for key in library.keys {
            guard let snapshot = try library.snapshot(on: key.date, product: key.product), let day = history.day(key.date) else { continue }
            let expiries = snapshot.indexExpiries(rate: day.riskFreeRate ?? 0)
            // 2025-10-01 is the after-hours partial download (RealChainLibrary's documentation).
            let partial = key.date == TradingDate(iso: "2025-10-01")
            days.append(Day(label: "\(key.product.rawValue) long form\(partial ? " (partial)" : "")", replication: IndexReplication(expiries: expiries, day: day),
                            expiries: expiries))
        }
        let options = directory.path + "/options/"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: options + "spx_2023_aprjun")) ?? [])
            .filter { $0.contains("_close_cboe_quotedata_raw.csv") && !$0.contains("partial") }.map { "spx_2023_aprjun/" + $0 }
            + ["spx_single/spx_2022-01-07_close_cboe_quotedata_raw.csv.gz", "spx_single/spx_2022-02-18_close_cboe_quotedata_raw.csv.gz",
               "spx_single/spx_2020-09-04_close_cboe_quotedata_raw.dat.gz"]
        for file in files.sorted() {
            guard let snapshot = try? RealChainFile.load(path: options + file, quoteDate: nil, product: nil),
                  let day = history.day(snapshot.quoteDate) else { continue }
            let expiries = snapshot.indexExpiries(rate: day.riskFreeRate ?? 0)
            days.append(Day(label: file, replication: IndexReplication(expiries: expiries, day: day), expiries: expiries))
        }
        return days.sorted { $0.replication.date < $1.replication.date }
    }
}

private func format(_ value: Double?) -> String {
    value.map { String(format: "%+.2f", $0) } ?? "n/a"
}

@Suite("CBOE methods on the real chains", .enabled(if: MarketData.isAvailable, MarketData.absent))
struct VolatilityIndexReplicationTests {
    @Test func realChainsReproduceThePublishedIndices() throws {
        let days = try RealIndexDays.loaded.get()
        #expect(days.count >= 12)
        for day in days {
            let r = day.replication
            defer {
            print("index replication \(r.date) \(day.label): VIX \(format(r.computed[.vix])) vs \(format(r.published[.vix])) "
                  + "(\(format(r.error(.vix)))), VIX9D \(format(r.error(.vix9d))), VIX3M \(format(r.error(.vix3m))), "
                  + "SKEW \(format(r.computedSkew)) vs \(format(r.publishedSkew)) (\(format(r.skewError))) \(r.failures.keys.sorted())")
            }
            // A partial download (a few far expiries, strike subsets) cannot form the strips.
            guard !day.label.contains("partial") else { continue }
            if let error = r.error(.vix), let vix = r.published[.vix] {
                #expect(abs(error) <= max(0.45, 0.01 * vix), "\(r.date) \(day.label): VIX off by \(error)")
            } else {
                // Only the near-term downloads (PROVENANCE: 2022-01-07 ends at 24 days, 2023-12-08
                // at 21) have no next term for VIX.
                let nearTermOnly = [TradingDate(iso: "2022-01-07"), TradingDate(iso: "2023-12-08")]
                #expect(nearTermOnly.contains(r.date), "\(r.date): no VIX \(r.failures)")
            }
            if let error = r.error(.vix9d), let level = r.published[.vix9d] {
                #expect(abs(error) <= max(0.5, 0.01 * level), "\(r.date) \(day.label): VIX9D off by \(error)")
            }
            if let error = r.error(.vix3m), let level = r.published[.vix3m] {
                #expect(abs(error) <= max(0.2, 0.005 * level), "\(r.date) \(day.label): VIX3M off by \(error)")
            }
            if let error = r.skewError {
                #expect(abs(error) <= 7, "\(r.date) \(day.label): SKEW off by \(error)")
            }
        }
    }

    /// Cboe's series (``IndexSeriesKind``) matter: from the expiries nearest each target,
    /// whatever their weekday, the same chains read VIX and VIX9D several times further from
    /// the published closes.
    @Test func cboesSeriesReadTheRealChainsCloser() throws {
        let days = try RealIndexDays.loaded.get().filter { !$0.label.contains("partial") }
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
