import Testing
import Pricing
import Foundation

@Test func putCallParityHolds() {
    let c = BlackScholes.greeks(.call, spot: 100, strike: 95, timeToExpiry: 0.5, rate: 0.03, dividendYield: 0.01, volatility: 0.25)
    let p = BlackScholes.greeks(.put, spot: 100, strike: 95, timeToExpiry: 0.5, rate: 0.03, dividendYield: 0.01, volatility: 0.25)
    let forward = 100 * exp(-0.01 * 0.5) - 95 * exp(-0.03 * 0.5)
    #expect(abs((c.price - p.price) - forward) < 1e-12)
}
