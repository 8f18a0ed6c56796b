/// SplitMix64, a small, fast pseudo-random generator with a 64-bit state (Steele, Lea and
/// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the constants are
/// those of Java's `SplittableRandom` and of Vigna's reference C implementation).
///
/// Deterministic for a given seed on every platform, so that random test grids and benchmark
/// inputs are the same on every run; not for cryptographic use. Every seed, zero included,
/// gives a full-period (2^64) sequence.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The Weyl-sequence position: advanced by the golden-ratio increment on every draw.
    public private(set) var state: UInt64

    /// A generator whose first draw follows `seed` (any value).
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 uniformly distributed bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
