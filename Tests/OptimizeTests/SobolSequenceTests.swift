import Testing
@testable import Optimize

@Suite struct SobolSequenceTests {
    /// The first points as scipy 1.17.1's qmc.Sobol(scramble=False, bits=32), which uses the
    /// same new-joe-kuo-6.21201 numbers, gives them after its origin.
    @Test func firstPointsMatchThePublishedOnes() throws {
        let sobol = try SobolSequence(dimensions: 5)
        let points = try (0..<8).map { try sobol.point(at: $0) }
        let expected: [[Double]] = [
            [0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875],
            [0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625, 0.3125],
            [0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375],
            [0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125, 0.4375],
            [0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.5625],
        ]
        for d in 0..<5 {
            #expect(points.map { $0[d] } == expected[d], "dimension \(d + 1)")
        }
    }

    /// Points far into the sequence exercise all 32 direction numbers of each dimension. The
    /// references are scipy 1.17.1's own direction numbers (qmc.Sobol(d=1024, scramble=False,
    /// bits=32)._sv, checked against its sequential draws) combined by the Gray-code XOR, as
    /// 32-bit integers; our index i is the classical point i + 1.
    @Test(arguments: [
        (3_000_000_000, [2_156_797_399, 2_353_488_425, 1_806_415_863, 3_428_090_197, 384_687_691, 4_205_072_825],
         [886_631_109, 310_623_353, 3_668_856_543, 674_077_159, 2_342_372_703]),
        (4_294_967_294, [1, 4_294_967_295, 3_305_133_397, 1_342_505_107, 2_953_698_205, 1_086_045_115],
         [3_205_165_539, 1_621_060_971, 4_267_433_425, 1_106_067_173, 1_696_458_829]),
        (123_456_788, [4_191_448_864, 3_403_469_216, 27_513_184, 3_903_213_344, 3_757_488_416, 3_656_567_136],
         [1_218_978_976, 700_134_816, 1_000_162_208, 3_324_005_024, 2_876_975_264]),
    ])
    func deepPointsMatchAnIndependentConstruction(index: Int, first: [UInt32], last: [UInt32]) throws {
        let sobol = try SobolSequence(dimensions: 1024)
        let point = try sobol.point(at: index).map { UInt32($0 * 4_294_967_296) }
        #expect(Array(point.prefix(6)) == first)
        #expect(Array(point.suffix(5)) == last)
    }

    /// The classical points 2^j (j = 0…31) are the XORs V_j ⊕ V_(j−1) of consecutive direction
    /// numbers, so together they pin down all 32 numbers of all 1,024 dimensions. Their
    /// weighted checksum Σ_j Σ_d x_jd·(d + 1)·(j + 1)·0x9E3779B97F4A7C15 (mod 2^64), with x as
    /// 32-bit integers, from scipy 1.17.1's direction numbers: 18364487897091309640.
    @Test func allDirectionNumbersMatchAnIndependentTable() throws {
        let sobol = try SobolSequence(dimensions: 1024)
        var checksum: UInt64 = 0
        for j in 0..<32 {
            let point = try sobol.point(at: (1 << j) - 1)
            for (d, x) in point.enumerated() {
                checksum &+= UInt64(x * 4_294_967_296) &* UInt64(d + 1) &* UInt64(j + 1) &* 0x9E37_79B9_7F4A_7C15
            }
        }
        #expect(checksum == 18_364_487_897_091_309_640)
    }

    /// Every dimension's first 2^k points (the origin included) fall one in each interval
    /// [i/2^k, (i+1)/2^k): the (0, k, 1)-net property. A direction number that is even, too
    /// large, or corrupted by a wrong recurrence breaks it (a wrong but valid odd number does
    /// not: the checksum above catches those).
    @Test func everyDimensionStratifiesTheDyadicGrid() throws {
        for (dimensions, k) in [(1024, 10), (64, 14)] {
            let sobol = try SobolSequence(dimensions: dimensions)
            let n = 1 << k
            var seen = [[Bool]](repeating: [Bool](repeating: false, count: n), count: dimensions)
            for d in 0..<dimensions { seen[d][0] = true }
            for point in sobol.prefix(n - 1) {
                for (d, x) in point.enumerated() {
                    let cell = x * Double(n)
                    #expect(cell == cell.rounded(.down), "dimension \(d + 1): \(x) is not on the grid")
                    seen[d][Int(cell)] = true
                }
            }
            for d in 0..<dimensions {
                #expect(!seen[d].contains(false), "dimension \(d + 1) misses a cell of the 1/\(n) grid")
            }
        }
    }

    @Test func iterationAndRandomAccessAgree() throws {
        let sobol = try SobolSequence(dimensions: 12)
        var index = 0
        for point in sobol.prefix(5000) {
            #expect(point == (try sobol.point(at: index)))
            index += 1
        }
        #expect(index == 5000)
        #expect(sobol.underestimatedCount == 0)
    }

    /// Each dimension's generator matrix is invertible, so only the skipped origin has a zero
    /// coordinate.
    @Test func pointsLieStrictlyInsideTheCube() throws {
        let sobol = try SobolSequence(dimensions: 40)
        for point in sobol.prefix(2000) {
            #expect(point.allSatisfy { $0 > 0 && $0 < 1 })
        }
        #expect(try sobol.point(at: SobolSequence.count - 1).allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func outOfRangeRequestsAreErrors() throws {
        #expect(throws: SobolSequence.InputError.unsupportedDimensions(0)) { try SobolSequence(dimensions: 0) }
        #expect(throws: SobolSequence.InputError.unsupportedDimensions(1025)) { try SobolSequence(dimensions: 1025) }
        let sobol = try SobolSequence(dimensions: 1)
        #expect(throws: SobolSequence.InputError.indexOutOfRange(-1)) { try sobol.point(at: -1) }
        #expect(throws: SobolSequence.InputError.indexOutOfRange(SobolSequence.count)) {
            try sobol.point(at: SobolSequence.count)
        }
        #expect(try sobol.point(at: 0) == [0.5])
    }

    @Test func aTableLineWithAnEvenDirectionNumberIsRejected() {
        #expect(SobolSequence.directionNumbers("3 2 1 1 3", dimension: 3) != nil)
        #expect(SobolSequence.directionNumbers("3 2 1 1 2", dimension: 3) == nil)
        #expect(SobolSequence.directionNumbers("3 2 1 1 5", dimension: 3) == nil)
        #expect(SobolSequence.directionNumbers("4 2 1 1 3", dimension: 3) == nil)
    }
}
