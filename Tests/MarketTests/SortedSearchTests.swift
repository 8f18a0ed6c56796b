import Testing
import Market
import Pricing

/// The binary searches against a linear scan, the obviously correct reference.
@Suite struct SortedSearchTests {
    @Test func insertionIndexMatchesLinearScan() {
        var random = SplitMix64(seed: 2024)
        for length in 0..<40 {
            // Small values so that runs of equal elements are common.
            let sorted = (0..<length).map { _ in Int.random(in: 0..<12, using: &random) }.sorted()
            for value in -1...13 {
                let linear = sorted.firstIndex { $0 >= value } ?? sorted.endIndex
                #expect(sorted.sortedInsertionIndex(of: value) == linear, "\(sorted), \(value)")
                #expect(sorted.sortedIndex(of: value) == sorted.firstIndex(of: value), "\(sorted), \(value)")
                let firstGreater = sorted.firstIndex { $0 > value } ?? sorted.endIndex
                #expect(sorted.partitioningIndex { $0 > value } == firstGreater, "\(sorted), \(value)")
            }
        }
    }

    /// A slice keeps its parent's indices: results are positions in the parent.
    @Test func sliceIndicesAreTheParents() {
        let strikes: [Double] = [90, 95, 100, 105, 80, 85, 90, 95, 100]
        let puts = strikes[4...]
        #expect(puts.sortedIndex(of: 90) == 6)
        #expect(puts.sortedIndex(of: 92.5) == nil)
        #expect(puts.sortedInsertionIndex(of: 200) == strikes.endIndex)
        #expect(puts.sortedInsertionIndex(of: 0) == 4)
        #expect(strikes[4..<4].sortedIndex(of: 80) == nil)
    }

    @Test func emptyCollection() {
        let empty: [Int] = []
        #expect(empty.sortedInsertionIndex(of: 3) == 0)
        #expect(empty.sortedIndex(of: 3) == nil)
        #expect(empty.partitioningIndex { _ in true } == 0)
    }
}
