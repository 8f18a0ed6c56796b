import Foundation
import Testing
import Pricing

/// The code of the Getting Started article (Sources/Pricing/Pricing.docc/GettingStarted.md),
/// run as written and checked against references that do not come from the kernels: a
/// textbook value and 40-digit values computed with mpmath, put-call parity, and the round
/// trip from volatility to price and back. scripts/test-docs checks that every code block of
/// the article appears in this file, so the article cannot drift from code that compiles.
@Suite("Getting Started article")
struct GettingStartedTests {
    /// The article's chain: one expiry, 41 strikes from 4000 to 5000, a call and a put each.
    static func chain() -> (OptionBatch, spot: Double, rate: Double, dividendYield: Double, timeToExpiry: Double) {
        let spot = 4500.0, rate = 0.05, dividendYield = 0.013
        let timeToExpiry = 30.0 / 365  // years, ACT/365

        // A skewed smile: higher volatility for lower strikes.
        func volatility(strike: Double) -> Double { 0.18 - 0.4 * (strike / spot - 1) }

        var chain = OptionBatch(reservingCapacity: 82)
        for strike in stride(from: 4000.0, through: 5000.0, by: 25) {
            for type in [OptionType.call, .put] {
                chain.append(type, spot: spot, strike: strike, timeToExpiry: timeToExpiry,
                             rate: rate, dividendYield: dividendYield,
                             volatility: volatility(strike: strike))
            }
        }
        return (chain, spot, rate, dividendYield, timeToExpiry)
    }

    @Test("one option: Hull's textbook example to 40-digit accuracy")
    func oneOption() {
        let call = BlackScholes.greeks(.call, spot: 42, strike: 40, timeToExpiry: 0.5,
                                       rate: 0.10, dividendYield: 0, volatility: 0.20)
        // call.price is 4.7594 (Hull, Options, Futures and Other Derivatives, example 15.6)
        // 40-digit reference (mpmath): 4.7594223928715333951.
        #expect(abs(call.price - 4.7594223928715333951) <= 1e-13 * 42)
        let put = BlackScholes.greeks(.put, spot: 42, strike: 40, timeToExpiry: 0.5,
                                      rate: 0.10, dividendYield: 0, volatility: 0.20)
        #expect(abs(put.price - 0.80859937290009365311) <= 1e-13 * 42)
        #expect(call.delta > 0 && put.delta < 0 && abs(call.gamma - put.gamma) <= 1e-15)
    }

    @Test("pricing a chain obeys put-call parity at every strike")
    func priceChain() {
        let (chain, spot, rate, dividendYield, timeToExpiry) = Self.chain()

        let greeks = BlackScholes.greeks(chain)  // price and five greeks, widest SIMD path
        let first = greeks[0]                    // the 4000 call
        print("4000 call: price \(first.price), delta \(first.delta)")

        #expect(chain.count == 82 && greeks.count == 82)
        // Parity: C - P = S e^{-qt} - K e^{-rt}, whatever the volatility.
        let discountedSpot = spot * exp(-dividendYield * timeToExpiry)
        for i in stride(from: 0, to: chain.count, by: 2) {
            #expect(chain.type(at: i) == .call && chain.type(at: i + 1) == .put)
            let strike = chain.strike[i]
            let parity = discountedSpot - strike * exp(-rate * timeToExpiry)
            #expect(abs((greeks[i].price - greeks[i + 1].price) - parity) <= 1e-12 * spot,
                    "strike \(strike)")
            // Delta parity: delta(call) - delta(put) = e^{-qt}.
            #expect(abs((greeks[i].delta - greeks[i + 1].delta) - exp(-dividendYield * timeToExpiry)) <= 1e-13)
        }
        #expect(first.price > discountedSpot - 4000 * exp(-rate * timeToExpiry))
    }

    @Test("implied volatilities recover the chain's smile; impossible quotes get their status")
    func impliedVolatilities() {
        let (chain, spot, rate, dividendYield, timeToExpiry) = Self.chain()
        let prices = BlackScholes.prices(chain)

        var quotes = QuoteBatch()
        for i in 0..<chain.count {
            quotes.append(chain.type(at: i), spot: spot, strike: chain.strike[i],
                          timeToExpiry: timeToExpiry, rate: rate,
                          dividendYield: dividendYield, price: prices[i])
        }
        // Quotes no volatility can explain get a status, not a number.
        quotes.append(.put, spot: spot, strike: 4000, timeToExpiry: timeToExpiry,
                      rate: rate, dividendYield: dividendYield, price: 0)     // invalid
        quotes.append(.call, spot: spot, strike: 4000, timeToExpiry: timeToExpiry,
                      rate: rate, dividendYield: dividendYield, price: 400)   // below intrinsic
        quotes.append(.call, spot: spot, strike: 4000, timeToExpiry: timeToExpiry,
                      rate: rate, dividendYield: dividendYield, price: 4600)  // above max

        var (volatility, status) = ImpliedVolatility.solve(quotes)
        // Optional: reprice every ok quote and downgrade any that misses it.
        ImpliedVolatility.verify(quotes, volatility: &volatility, status: &status)
        print(status.suffix(3).map(\.description))  // ["invalid", "below_intrinsic", "above_max"]

        #expect(status.suffix(3) == [.invalid, .belowIntrinsic, .aboveMax])
        #expect(volatility.suffix(3).allSatisfy { $0.isNaN })
        // Round trip: every chain quote solves back to the volatility it was priced with.
        for i in 0..<chain.count {
            #expect(status[i] == .ok, "quote \(i)")
            #expect(abs(volatility[i] - chain.volatility[i]) <= 1e-10 * chain.volatility[i], "quote \(i)")
        }
    }

    @Test("a put broken-wing butterfly's totals match 40-digit values; scenarios match repricing")
    func aggregateBook() {
        let spot = 4500.0, rate = 0.05, dividendYield = 0.013, timeToExpiry = 30.0 / 365
        func volatility(strike: Double) -> Double { 0.18 - 0.4 * (strike / spot - 1) }

        // +1 4400 put, -2 4350 puts, +1 4250 put: a put broken-wing butterfly.
        var book = Book()
        for (strike, quantity) in [(4400.0, 1.0), (4350, -2), (4250, 1)] {
            book.add(.put, quantity: quantity, multiplier: 100, spot: spot, strike: strike,
                     timeToExpiry: timeToExpiry, rate: rate, dividendYield: dividendYield,
                     volatility: volatility(strike: strike))
        }
        let totals = book.totals()  // dollars; delta in dollars per index point
        print("value \(totals.price), delta \(totals.delta), vega per vol point \(totals.vega / 100)")

        // The book under SPX -5%, 0, +5% and vol -5, 0, +5 points, in one call.
        let grid = book.scenarioValues(spotShocks: [-0.05, 0, 0.05], volShocks: [-0.05, 0, 0.05])
        print("SPX -5%, vol +5 points: \(grid.value(spotShock: 0, volShock: 2))")

        // 40-digit references (mpmath, from the same double inputs).
        let reference = Greeks(price: -465.61809911713723997, delta: 3.5434362000061213245,
                               gamma: -0.020258027989173260751, vega: -6308.6407806485987264,
                               theta: 6461.3868329469212767, rho: 1348.8559725324396402)
        // The kernel's tolerance per option (1e-12 relative, floors 1e-13 x spot for money
        // figures, 1e-13 for delta, 1e-13 / spot for gamma), summed over the 400 weighted units:
        // the totals cancel between long and short legs, so a floor is what bounds them.
        let units = 400.0
        func tolerance(_ reference: Double, floor: Double) -> Double { 1e-12 * abs(reference) + units * floor }
        #expect(abs(totals.price - reference.price) <= tolerance(reference.price, floor: 1e-13 * spot))
        #expect(abs(totals.delta - reference.delta) <= tolerance(reference.delta, floor: 1e-13))
        #expect(abs(totals.gamma - reference.gamma) <= tolerance(reference.gamma, floor: 1e-13 / spot))
        #expect(abs(totals.vega - reference.vega) <= tolerance(reference.vega, floor: 1e-13 * spot))
        #expect(abs(totals.theta - reference.theta) <= tolerance(reference.theta, floor: 1e-13 * spot))
        #expect(abs(totals.rho - reference.rho) <= tolerance(reference.rho, floor: 1e-13 * spot))

        // The unshocked scenario is the book's value; a shocked one is the book repriced by hand.
        let legsValue = units * spot
        #expect(abs(grid.value(spotShock: 1, volShock: 1) - totals.price) <= 1e-12 * legsValue)
        var shocked = 0.0
        for (strike, quantity) in [(4400.0, 1.0), (4350, -2), (4250, 1)] {
            shocked += quantity * 100 * BlackScholes.greeks(
                .put, spot: spot * 0.95, strike: strike, timeToExpiry: timeToExpiry, rate: rate,
                dividendYield: dividendYield, volatility: volatility(strike: strike) + 0.05).price
        }
        #expect(abs(grid.value(spotShock: 0, volShock: 2) - shocked) <= 1e-12 * legsValue)
    }
}
