import Foundation
import Pricing

/// Standard normal draws from SplitMix64 by the Box–Muller transform: the same numbers on
/// every run and machine, for the statistics suites' simulated returns.
struct SeededNormals {
    private var generator: SplitMix64
    private var spare: Double?

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// A uniform draw in the open interval (0, 1), 53 bits.
    mutating func uniform() -> Double {
        (Double(generator.next() >> 11) + 0.5) * 0x1p-53
    }

    mutating func next() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        let radius = (-2 * log(uniform())).squareRoot()
        let angle = 2 * Double.pi * uniform()
        spare = radius * sin(angle)
        return radius * cos(angle)
    }
}
