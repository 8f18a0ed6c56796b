import Foundation
import Testing
@testable import Optimize

/// References: mpmath 1.3.0 at 40 significant digits, √2·erfinv(2p − 1) for the quantiles
/// (a root of log Φ(x) = log p for p below 1e-20) and erfc(−x/√2)/2 for the CDF.
@Suite struct NormalDistributionTests {
    @Test(arguments: [
        (0.975, 1.9599639845400542355),
        (0.025, -1.9599639845400542355),
        (1e-10, -6.3613409024040562047),
        (0.3, -0.52440051270804078404),
        (0.07, -1.4757910281791707352),
        (1e-6, -4.7534243088228989482),
        // 1 − 2⁻²⁰ is exact in binary, so the right tail's reference is exact too.
        (1 - 0x1p-20, 4.763001034267813957),
        (1e-20, -9.2623400897984075737),
        (1e-100, -21.273453560965324295),
        (1e-300, -37.047096299361199237),
    ])
    func quantileMatchesHighPrecisionReference(p: Double, expected: Double) throws {
        let x = try #require(NormalDistribution.quantile(p))
        #expect(abs(x - expected) <= 2e-15 * abs(expected), "quantile(\(p)) = \(x)")
    }

    @Test func quantileOfOneHalfIsZero() {
        #expect(NormalDistribution.quantile(0.5) == 0)
    }

    @Test(arguments: [0.0, 1.0, -0.1, 1.5, Double.nan, Double.infinity])
    func quantileOutsideTheOpenUnitIntervalIsNil(p: Double) {
        #expect(NormalDistribution.quantile(p) == nil)
    }

    @Test(arguments: [
        (-37.0, 5.7255712225245768227e-300),
        (-20.0, 2.7536241186062336951e-89),
        (-8.0, 6.2209605742717841235e-16),
        (-1.5, 0.066807201268858066004),
        (0.0, 0.5),
        (1.96, 0.97500210485177956586),
        (5.0, 0.99999971334842812081),
    ])
    func cdfMatchesHighPrecisionReference(x: Double, expected: Double) {
        let value = NormalDistribution.cdf(x)
        #expect(abs(value - expected) <= 1e-15 * expected, "cdf(\(x)) = \(value)")
    }

    @Test func quantileInvertsTheCdfAcrossTheRange() throws {
        var x = -37.0
        while x <= 8 {
            let p = NormalDistribution.cdf(x)
            let back = try #require(NormalDistribution.quantile(p))
            // Right of 0 the round trip goes through 1 − p, which keeps only ~16 digits of
            // the tail probability: compare in probability there, in x on the left.
            if x <= 0 {
                #expect(abs(back - x) <= 1e-14 * max(1, abs(x)), "x = \(x), back = \(back)")
            } else {
                #expect(abs(NormalDistribution.cdf(back) - p) <= 1e-15, "x = \(x)")
            }
            x += 0.37
        }
    }
}
