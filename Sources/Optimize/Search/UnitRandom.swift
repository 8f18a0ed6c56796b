import Pricing

/// Uniform draws from a seeded SplitMix64, by an explicit formula (the top 53 bits scaled into
/// `[0, 1)`), so that the same seed gives the same numbers on every platform and toolchain.
struct UnitRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// The stream for `stage` of a run seeded `seed` (a generation, a fold): independent of how
    /// many numbers earlier stages drew, which is what lets a resumed run rejoin the same path.
    init(seed: UInt64, stream: UInt64, stage: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        let base = mixer.next()
        generator = SplitMix64(seed: base ^ (stage &* 0x9E37_79B9_7F4A_7C15))
    }

    /// A draw in `[0, 1)`.
    mutating func unit() -> Double { Double(generator.next() >> 11) * 0x1p-53 }

    /// A draw in `0..<count` (`count` > 0), by multiplication (no modulo bias worth the name at
    /// the sizes a search uses: below 2^-40 for populations under 2^13).
    mutating func index(below count: Int) -> Int { min(Int(unit() * Double(count)), count - 1) }
}
