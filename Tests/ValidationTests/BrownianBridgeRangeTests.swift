import Foundation
import Pricing
import Testing
@testable import Validation

/// `paths` random-walk sessions of `steps` Gaussian steps whose sum has variance 1e-4 (a 1%
/// day), in log moves from the open: each one's position after `at` steps, its close, its high
/// and its low (Box-Muller on ``SplitMix64``, so a seed gives the same sessions everywhere).
private func simulatedSessions(seed: UInt64, paths: Int, steps: Int, at: Int)
    -> [(atShare: Double, close: Double, high: Double, low: Double)] {
    var generator = SplitMix64(seed: seed)
    func normal() -> Double {
        let u = max(Double(generator.next() >> 11) * 0x1p-53, 0x1p-60), w = Double(generator.next() >> 11) * 0x1p-53
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * w)
    }
    let stepSD = 0.01 / Double(steps).squareRoot()
    return (0..<paths).map { _ in
        var x = 0.0, high = 0.0, low = 0.0, atShare = 0.0
        for k in 1...steps {
            x += stepSD * normal()
            high = max(high, x)
            low = min(low, x)
            if k == at { atShare = x }
        }
        return (atShare, x, high, low)
    }
}

@Suite("Brownian bridge given its range")
struct BrownianBridgeRangeTests {
    /// Chapman-Kolmogorov: a path that stays in the strip up to s and from s to 1 stays in it
    /// throughout, so the strip density integrated over the position at s is the strip density
    /// over the whole session. This checks the image series and the Simpson rule together.
    @Test(arguments: [(0.3, -0.8, 0.9, 0.346), (-0.5, -1.2, 0.2, 0.231), (0.0, -0.4, 0.4, 0.5)])
    func theStripDensityComposesOverTime(close: Double, bottom: Double, top: Double, share: Double) {
        let n = BrownianBridgeRange.intervals, h = (top - bottom) / Double(n)
        var integral = 0.0
        for j in 0...n {
            let x = bottom + Double(j) * h
            let w = j == 0 || j == n ? 1.0 : (j % 2 == 1 ? 4.0 : 2.0)
            integral += w * StripDensity(from: 0, to: x, variance: share, bottom: bottom, top: top).value
                * StripDensity(from: x, to: close, variance: 1 - share, bottom: bottom, top: top).value
        }
        integral *= h / 3
        let whole = StripDensity(from: 0, to: close, variance: 1, bottom: bottom, top: top).value
        #expect(abs(integral / whole - 1) < 1e-7, "\(integral) vs \(whole)")
    }

    /// The density vanishes on both boundaries and is the free Gaussian in a strip far wider
    /// than the standard deviation.
    @Test func theStripDensityHasItsBoundariesAndItsFreeLimit() {
        let atTop = StripDensity(from: 0.1, to: 0.7, variance: 0.5, bottom: -0.6, top: 0.7).value
        let atBottom = StripDensity(from: 0.1, to: -0.6, variance: 0.5, bottom: -0.6, top: 0.7).value
        #expect(abs(atTop) < 1e-15 && abs(atBottom) < 1e-15)
        let wide = StripDensity(from: 0.1, to: 0.4, variance: 0.5, bottom: -20, top: 20).value
        let gaussian = exp(-0.09 / 1.0) / (2 * Double.pi * 0.5).squareRoot()
        #expect(abs(wide / gaussian - 1) < 1e-14)
    }

    /// The boundary derivatives against central differences of the density itself.
    @Test func theBoundaryDerivativesMatchFiniteDifferences() {
        let a = 0.15, b = -0.2, v = 0.4, m = -0.7, top = 0.8, h = 1e-4
        func q(_ bottom: Double, _ top: Double) -> Double {
            StripDensity(from: a, to: b, variance: v, bottom: bottom, top: top).value
        }
        let d = StripDensity(from: a, to: b, variance: v, bottom: m, top: top)
        let dTop = (q(m, top + h) - q(m, top - h)) / (2 * h)
        let dBottom = (q(m + h, top) - q(m - h, top)) / (2 * h)
        let dBoth = (q(m + h, top + h) - q(m - h, top + h) - q(m + h, top - h) + q(m - h, top - h)) / (4 * h * h)
        #expect(abs(d.dTop - dTop) < 1e-6 * max(1, abs(dTop)), "\(d.dTop) vs \(dTop)")
        #expect(abs(d.dBottom - dBottom) < 1e-6 * max(1, abs(dBottom)), "\(d.dBottom) vs \(dBottom)")
        #expect(abs(d.dTopBottom - dBoth) < 1e-5 * max(1, abs(dBoth)), "\(d.dTopBottom) vs \(dBoth)")
    }

    /// Mirroring the path (x to -x) mirrors the answer, and so does running it backwards from
    /// the close (x_s to x_(1-s) - c).
    @Test func theExpectationRespectsTheBridgesSymmetries() throws {
        let c = 0.35, m = -0.1, top = 0.9, s = 0.346
        let e = try #require(BrownianBridgeRange.expectedMove(atShare: s, close: c, maximum: top, minimum: m, variance: 1))
        let mirrored = try #require(BrownianBridgeRange.expectedMove(atShare: s, close: -c, maximum: -m, minimum: -top,
                                                                    variance: 1))
        let reversed = try #require(BrownianBridgeRange.expectedMove(atShare: 1 - s, close: -c, maximum: top - c,
                                                                    minimum: m - c, variance: 1))
        #expect(abs(e + mirrored) < 1e-10, "\(e) vs \(mirrored)")
        #expect(abs(e - (c + reversed)) < 1e-10, "\(e) vs \(c + reversed)")
        // A high far above both ends pulls the path up from the straight line.
        #expect(e > s * c + 0.05)
    }

    /// Simulated sessions (1,000 steps each, seeded): the estimate from each path's open, high,
    /// low and close, its variance read from the same four figures, is unbiased at 11:45 and
    /// leaves well under half the straight line's error variance. The discrete path's extremes
    /// fall slightly inside the continuous ones, which costs a little of the gain.
    @Test func onSimulatedSessionsItBeatsTheStraightLine() throws {
        let paths = 800, steps = 1_000, share = 2.25 / 6.5, at = Int((share * Double(steps)).rounded())
        let exactShare = Double(at) / Double(steps)
        var lineErrors: [Double] = [], bridgeErrors: [Double] = []
        for (atShare, x, high, low) in simulatedSessions(seed: 20_261_130, paths: paths, steps: steps, at: at) {
            let open = 4_000.0
            let level = try #require(BrownianBridgeRange.expectedLevel(atShare: exactShare, open: open, high: open * exp(high),
                                                                       low: open * exp(low), close: open * exp(x)))
            bridgeErrors.append(atShare - log(level / open))
            lineErrors.append(atShare - exactShare * x)
        }
        func meanAndVariance(_ v: [Double]) -> (Double, Double) {
            let mean = v.reduce(0, +) / Double(v.count)
            return (mean, v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1))
        }
        let line = meanAndVariance(lineErrors), bridge = meanAndVariance(bridgeErrors)
        // The straight line's error variance is s (1 - s) of the session's, 0.226 x 1e-4.
        #expect(abs(line.1 / (exactShare * (1 - exactShare) * 1e-4) - 1) < 0.15)
        #expect(bridge.1 < 0.5 * line.1, "\(bridge.1) vs \(line.1)")
        #expect(abs(bridge.0) < 3 * (bridge.1 / Double(paths)).squareRoot(), "bias \(bridge.0)")
    }

    /// The distribution behind the expectation: its probabilities sum to 1, its mean is the
    /// expected move, and on simulated sessions the true position falls at each of its
    /// quantiles as often as the quantile says (the probability integral transform is uniform).
    @Test func theDistributionIsTheExpectationsAndIsCalibrated() throws {
        let nodes = try #require(BrownianBridgeRange.moveDistribution(atShare: 0.23, close: 0.004, maximum: 0.009,
                                                                      minimum: -0.006, variance: 1e-4))
        #expect(nodes.count == BrownianBridgeRange.intervals + 1)
        #expect(abs(nodes.reduce(0) { $0 + $1.probability } - 1) < 1e-12)
        let mean = nodes.reduce(0) { $0 + $1.move * $1.probability }
        let expected = try #require(BrownianBridgeRange.expectedMove(atShare: 0.23, close: 0.004, maximum: 0.009,
                                                                     minimum: -0.006, variance: 1e-4))
        #expect(abs(mean - expected) < 1e-9 * 0.015, "\(mean) vs \(expected)")
        #expect(BrownianBridgeRange.moveDistribution(atShare: 0, close: 0.004, maximum: 0.009, minimum: -0.006,
                                                     variance: 1e-4)?.map(\.move) == [0])

        let paths = 600, steps = 1_000, at = 231, share = Double(at) / Double(steps)
        var transforms: [Double] = []
        for (atShare, x, high, low) in simulatedSessions(seed: 20_261_201, paths: paths, steps: steps, at: at) {
            let distribution = try #require(BrownianBridgeRange.moveDistribution(atShare: share, close: x, maximum: high,
                                                                                 minimum: low, variance: 1e-4))
            // The node cell holding the true position counts half.
            let below = distribution.filter { $0.move < atShare }.reduce(0) { $0 + $1.probability }
            transforms.append(below)
        }
        let meanTransform = transforms.reduce(0, +) / Double(paths)
        let lowTail = Double(transforms.filter { $0 < 0.2 }.count) / Double(paths)
        let highTail = Double(transforms.filter { $0 > 0.8 }.count) / Double(paths)
        // Binomial standard errors: 0.012 for the mean, 0.016 for a 20% tail.
        #expect(abs(meanTransform - 0.5) < 0.04, "\(meanTransform)")
        #expect(abs(lowTail - 0.2) < 0.05 && abs(highTail - 0.2) < 0.05, "\(lowTail), \(highTail)")
    }

    /// Bad figures give nil, not NaN.
    @Test func refusesFiguresThatDescribeNoSession() {
        #expect(BrownianBridgeRange.expectedMove(atShare: 0.3, close: 0.2, maximum: 0.1, minimum: -0.1, variance: 1) == nil)
        #expect(BrownianBridgeRange.expectedMove(atShare: .nan, close: 0, maximum: 0.1, minimum: -0.1, variance: 1) == nil)
        #expect(BrownianBridgeRange.expectedMove(atShare: 0.3, close: 0, maximum: 0.1, minimum: -0.1, variance: 0) == nil)
        #expect(BrownianBridgeRange.expectedLevel(atShare: 0.3, open: 100, high: 99, low: 98, close: 98.5) == nil)
        #expect(BrownianBridgeRange.expectedLevel(atShare: 0.3, open: 100, high: 100, low: 100, close: 100) == nil)
        #expect(BrownianBridgeRange.garmanKlassVariance(close: 0, maximum: 0, minimum: 0) == nil)
        #expect(BrownianBridgeRange.moveDistribution(atShare: 0.3, close: 0.2, maximum: 0.1, minimum: -0.1, variance: 1) == nil)
    }
}
