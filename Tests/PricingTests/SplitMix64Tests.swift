import Testing
import Pricing

/// SplitMix64 against the reference outputs of Vigna's splitmix64.c (the values Java's
/// SplittableRandom and many test suites publish), recomputed independently with Python's
/// arbitrary-precision integers.
@Suite struct SplitMix64Tests {
    @Test func seed1234567() {
        var generator = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in generator.next() } == expected)
    }

    @Test func seedZero() {
        var generator = SplitMix64(seed: 0)
        let expected: [UInt64] = [
            0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
            0xF88B_B8A8_724C_81EC, 0x1B39_896A_51A8_749B,
        ]
        #expect((0..<5).map { _ in generator.next() } == expected)
    }

    /// Copies of a generator continue identically: the whole state is the value.
    @Test func copiesContinueIdentically() {
        var a = SplitMix64(seed: 42)
        _ = a.next()
        var b = a
        #expect(a.next() == b.next())
        #expect(a == b)
    }
}
