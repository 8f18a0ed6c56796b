import Foundation
import Pricing
import Testing
@testable import Market

/// Undiscounted Black-76 put on a forward of 1 with total variance `w` at log-strike `k`.
private func put(logStrike k: Double, totalVariance w: Double) -> Double {
    let sd = w.squareRoot()
    let d1 = -k / sd + sd / 2
    return Foundation.exp(k) * BlackScholes.normalCDF(-(d1 - sd)) - BlackScholes.normalCDF(-d1)
}

/// The second difference of put prices in strike around log-strike `k` (strikes evenly spaced
/// by `h` times the strike): the butterfly, whose sign is that of the risk-neutral density.
private func butterfly(_ smile: SSVI, logStrike k: Double, theta: Double, step h: Double) -> Double {
    let strike = Foundation.exp(k)
    let strikes = [strike * (1 - h), strike, strike * (1 + h)]
    let prices = strikes.map { put(logStrike: Foundation.log($0), totalVariance: smile.totalVariance(Foundation.log($0), theta: theta)) }
    return prices[0] - 2 * prices[1] + prices[2]
}

@Suite("SSVI: butterfly arbitrage")
struct SSVIButterflyArbitrageTests {
    /// eta_max as the closed form of ``SSVI/cappedEta(_:rho:gamma:)`` gives it.
    private func bound(rho: Double, gamma: Double) -> Double { SSVI.cappedEta(.infinity, rho: rho, gamma: gamma) }

    @Test func durrlemanConditionHasTheSignOfThePriceButterflies() {
        // A heavy tail on the default smile: negative density some four ATM deviations out.
        let theta = 0.005
        let smile = SSVI(rho: -0.544, eta: bound(rho: -0.544, gamma: 0.37), gamma: 0.37, tail: 2.5)
        var negative = 0, checked = 0
        for z in stride(from: -12.0, through: 2.0, by: 0.05) {
            let k = z * theta.squareRoot()
            let g = smile.durrlemanCondition(k, theta: theta)
            guard abs(g) > 0.02 else { continue }
            let fly = butterfly(smile, logStrike: k, theta: theta, step: 2e-4)
            #expect((fly > 0) == (g > 0), "z \(z): g \(g), butterfly \(fly)")
            checked += 1
            if g < 0 { negative += 1 }
        }
        #expect(negative > 5 && checked > 200)
        #expect(!smile.isFreeOfButterflyArbitrageInTail(theta: theta))
    }

    @Test func etaBoundIsTheMaximumOfTheoremFourPointTwo() {
        // theta phi^2 (1 + |rho|) over a fine theta grid peaks at 4 on the bound (where that
        // condition binds) and theta phi (1 + |rho|) stays under 4.
        for rho in [-0.9, -0.544, 0.0] {
            for gamma in [0.2, 0.37, 0.5] {
                let shape = SSVI(rho: rho, eta: bound(rho: rho, gamma: gamma), gamma: gamma)
                var peak = 0.0, first = 0.0
                for n in 0...6000 {
                    let theta = Foundation.pow(10, -6 + Double(n) * 0.002)   // 1e-6 to 1e6
                    let phi = shape.phi(theta)
                    peak = max(peak, theta * phi * phi * (1 + abs(rho)))
                    first = max(first, theta * phi * (1 + abs(rho)))
                }
                #expect(peak <= 4 + 1e-9 && (peak > 3.99 || first > 3.99), "rho \(rho) gamma \(gamma): \(peak), \(first)")
                #expect(first < 4)
            }
        }
        // The remark's cap, eta (1 + |rho|) <= 2, is the stricter.
        #expect(bound(rho: -0.544, gamma: 0.37) > 2 / 1.544 * 1.7)
    }

    @Test func smileOnTheBoundHasNoNegativeDensity() {
        for rho in [-0.95, -0.544, 0.0, 0.5] {
            for gamma in [0.1, 0.37, 0.5] {
                let smile = SSVI(rho: rho, eta: bound(rho: rho, gamma: gamma), gamma: gamma)
                for n in 0...40 {
                    let theta = Foundation.pow(10, -5 + Double(n) * 0.15)   // 1e-5 to 10^1
                    let scale = theta.squareRoot()
                    for z in stride(from: -60.0, through: 60.0, by: 0.1) {
                        let g = smile.durrlemanCondition(z * scale, theta: theta)
                        #expect(g >= -1e-12, "rho \(rho) gamma \(gamma) theta \(theta) z \(z): \(g)")
                    }
                }
            }
        }
    }

    @Test func largestArbitrageFreeTailIsTight() {
        let smile = SSVI(rho: -0.544, eta: bound(rho: -0.544, gamma: 0.37), gamma: 0.37)
        let thetas = [1e-5, 1e-3, 0.01, 0.12]
        let largest = smile.largestArbitrageFreeTail(thetas: thetas, limit: 4)
        func admissible(_ tail: Double) -> Bool {
            let shape = SSVI(rho: smile.rho, eta: smile.eta, gamma: smile.gamma, tail: tail)
            return thetas.allSatisfy(shape.isFreeOfButterflyArbitrageInTail(theta:))
        }
        #expect(largest > 0.5 && largest < 1.5, "\(largest)")
        #expect(admissible(largest) && !admissible(largest + 0.002))
        // Within the limit nothing is cut.
        #expect(smile.largestArbitrageFreeTail(thetas: thetas, limit: 0.3) == 0.3)
    }
}
