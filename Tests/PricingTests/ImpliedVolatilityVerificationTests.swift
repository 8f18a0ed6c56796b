import Foundation
import Testing
import Pricing

/// `ImpliedVolatility.verify`: an `ok` volatility must give the quote's price back.
@Suite("Implied volatility repricing check")
struct ImpliedVolatilityVerificationTests {
    /// The golden file's quotes (see ImpliedVolatilityTests), calls and puts only.
    private func goldenQuotes() throws -> (quotes: QuoteBatch, statuses: [String]) {
        let url = try #require(Bundle.module.url(forResource: "iv_golden", withExtension: "csv", subdirectory: "Golden"))
        var quotes = QuoteBatch()
        var statuses: [String] = []
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 10, f[0] == "1" || f[0] == "-1" else { continue }
            let d = f[1...6].map { Double($0) ?? .nan }
            quotes.append(f[0] == "1" ? .call : .put, spot: d[0], strike: d[1], timeToExpiry: d[2], rate: d[3],
                          dividendYield: d[4], price: d[5])
            statuses.append(f[7])
        }
        return (quotes, statuses)
    }

    @Test func everyGoldenSolutionReproducesItsPrice() throws {
        let (quotes, expected) = try goldenQuotes()
        var (volatility, status) = ImpliedVolatility.solve(quotes)
        let before = volatility
        #expect(ImpliedVolatility.verify(quotes, volatility: &volatility, status: &status) == 0)
        #expect(status.map(\.description) == expected)
        #expect(zip(before, volatility).allSatisfy { $0.bitPattern == $1.bitPattern })
        #expect(expected.filter { $0 == "ok" }.count > 1300)
    }

    @Test func aQuoteTheKernelPricesAtExpiryIsNotReproduced() {
        // One second to expiry is an ordinary quote; 1e-40 years is below the kernel's expiry
        // threshold, where every volatility prices at the intrinsic value (0 here).
        var quotes = QuoteBatch()
        quotes.append(.call, spot: 4500, strike: 4510, timeToExpiry: 1.0 / (365 * 86_400), rate: 0.05,
                      dividendYield: 0.01, price: 0.25)
        quotes.append(.call, spot: 4500, strike: 4510, timeToExpiry: 1e-40, rate: 0.05, dividendYield: 0.01, price: 0.25)
        quotes.append(.put, spot: 4500, strike: 4510, timeToExpiry: 1e-40, rate: 0.05, dividendYield: 0.01, price: 5)
        quotes.append(.put, spot: -1, strike: 4510, timeToExpiry: 0.1, rate: 0.05, dividendYield: 0.01, price: 5)
        var (volatility, status) = ImpliedVolatility.solve(quotes)
        // The solver alone finds a volatility for the 1e-40 call (about 1e14)...
        #expect(status == [.ok, .ok, .belowIntrinsic, .invalid])
        let huge = volatility[1]
        #expect(huge > 1e12)
        // ...at which the pricing kernel gives 0, not 0.25.
        #expect(BlackScholes.greeks(.call, spot: 4500, strike: 4510, timeToExpiry: 1e-40, rate: 0.05,
                                    dividendYield: 0.01, volatility: huge).price == 0)
        let firstVolatility = volatility[0]
        #expect(ImpliedVolatility.verify(quotes, volatility: &volatility, status: &status) == 1)
        #expect(status == [.ok, .notReproduced, .belowIntrinsic, .invalid])
        #expect(volatility[0] == firstVolatility && volatility[1].isNaN)
        #expect(IVStatus.notReproduced.description == "not_reproduced")
    }

    @Test func toleranceScalesWithPriceAndSize() {
        func close(_ x: Double, _ y: Double) -> Bool { abs(x / y - 1) < 1e-14 }
        #expect(close(ImpliedVolatility.repricingTolerance(price: 10, spot: 4500, strike: 4000), 1.45e-9))
        #expect(close(ImpliedVolatility.repricingTolerance(price: 0, spot: 100, strike: 1e6), 1e-7))
    }
}
