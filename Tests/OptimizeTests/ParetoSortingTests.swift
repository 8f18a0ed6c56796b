import Foundation
import Pricing
import Testing
@testable import Optimize

@Suite struct ParetoSortingTests {
    @Test func dominanceMaximizesEveryObjective() {
        #expect(ParetoSorting.dominates([2, 5], [1, 5]))
        #expect(!ParetoSorting.dominates([1, 5], [2, 5]))
        #expect(!ParetoSorting.dominates([2, 5], [2, 5]), "equal points do not dominate each other")
        #expect(!ParetoSorting.dominates([3, 1], [1, 3]))
        #expect(!ParetoSorting.dominates([.nan, 9], [0, 0]))
        #expect(!ParetoSorting.dominates([9, 9], [.nan, 0]))
    }

    /// Eight points drawn by hand: (1, 5), (2, 4), (3, 3) and a copy of (3, 3) trade off;
    /// (1, 4) and (2, 2) lie behind them, (0, 0) behind those, and (NaN, 9) cannot be ranked.
    @Test func handMadeFronts() throws {
        let points: [[Double]] = [[1, 5], [2, 4], [3, 3], [1, 4], [2, 2], [0, 0], [3, 3], [.nan, 9]]
        let sorted = try ParetoSorting.sort(points)
        #expect(sorted.fronts == [[0, 1, 2, 6], [3, 4], [5], [7]])
        #expect(sorted.frontIndex == [0, 0, 0, 1, 1, 2, 0, 3])
        // Front 0, objective 0 ascending 0, 1, 2, 6 (range 2): point 1 gets (3 − 1)/2;
        // objective 1 ascending 2, 6, 1, 0 (range 2): point 1 gets (5 − 3)/2 more.
        #expect(sorted.crowdingDistance == [.infinity, 2, .infinity, .infinity, .infinity, .infinity, .infinity, 0])
        #expect(sorted.crowdedOrder == [0, 2, 6, 1, 3, 4, 5, 7])
    }

    /// In objective 2 the whole front has one value: it must add nothing, so the points that
    /// its (index-ordered) ties would put at the ends stay interior.
    @Test func anObjectiveWithoutRangeAddsNothing() throws {
        let points: [[Double]] = [[2, 3, 7], [1, 4, 7], [4, 1, 7], [3, 2, 7]]
        let sorted = try ParetoSorting.sort(points)
        #expect(sorted.fronts == [[0, 1, 2, 3]])
        // Objectives 0 and 1 each have range 3 and give points 0 and 3 a gap of 2.
        #expect(abs(sorted.crowdingDistance[0] - 4.0 / 3) < 1e-15)
        #expect(abs(sorted.crowdingDistance[3] - 4.0 / 3) < 1e-15)
        #expect(sorted.crowdingDistance[1] == .infinity && sorted.crowdingDistance[2] == .infinity)
    }

    /// Against the definition itself, by peeling: front k is the set of points that no
    /// remaining point dominates once fronts 0…k−1 are removed; O(N³), independent of the
    /// dominance counting the sort uses. Objectives on a coarse grid, so that ties and equal
    /// points are frequent, and a few NaN points.
    @Test(arguments: [(1, 2), (2, 3), (3, 4), (4, 1)])
    func matchesBruteForceDefinitionOnRandomPoints(seed: UInt64, objectives: Int) throws {
        var generator = SplitMix64(seed: seed)
        let points: [[Double]] = (0..<150).map { i in
            (0..<objectives).map { m in
                i % 37 == 5 && m == objectives - 1 ? .nan : Double(generator.next() % 9)
            }
        }
        let sorted = try ParetoSorting.sort(points)

        var remaining = points.indices.filter { !points[$0].contains(where: \.isNaN) }
        var expectedFronts: [[Int]] = []
        while !remaining.isEmpty {
            let front = remaining.filter { p in !remaining.contains { q in ParetoSorting.dominates(points[q], points[p]) } }
            expectedFronts.append(front)
            remaining.removeAll { front.contains($0) }
        }
        let incomparable = points.indices.filter { points[$0].contains(where: \.isNaN) }
        if !incomparable.isEmpty { expectedFronts.append(incomparable) }

        #expect(sorted.fronts == expectedFronts)
        for (k, front) in sorted.fronts.enumerated() {
            #expect(front.allSatisfy { sorted.frontIndex[$0] == k })
            #expect(front == front.sorted())
        }
        #expect(sorted.fronts.flatMap { $0 }.sorted() == Array(points.indices))
        for p in points.indices where sorted.frontIndex[p] < sorted.fronts.count - (incomparable.isEmpty ? 0 : 1) {
            #expect(sorted.crowdingDistance[p] >= 0 && !sorted.crowdingDistance[p].isNaN)
        }
        let order = sorted.crowdedOrder
        #expect(order.sorted() == Array(points.indices))
        for (a, b) in zip(order, order.dropFirst()) {
            #expect(sorted.frontIndex[a] <= sorted.frontIndex[b])
        }
    }

    /// An infinite objective ranks as usual; its infinite range marks the front's ends and
    /// adds nothing to the interior, so no crowding distance is NaN.
    @Test func infiniteObjectivesSortAndCrowdWithoutNaN() throws {
        let points: [[Double]] = [[.infinity, 0], [1, 2], [0, 3], [-.infinity, 4], [0, 0]]
        let sorted = try ParetoSorting.sort(points)
        #expect(sorted.fronts == [[0, 1, 2, 3], [4]])
        // Objective 1 (range 4): point 1 gets (3 − 0)/4, point 2 gets (4 − 2)/4.
        #expect(sorted.crowdingDistance == [.infinity, 0.75, 0.5, .infinity, .infinity])
    }

    @Test func emptyAndMalformedInputs() throws {
        #expect(try ParetoSorting.sort([]) == ParetoFronts(frontIndex: [], fronts: [], crowdingDistance: []))
        #expect(throws: ParetoSorting.InputError.noObjectives) { try ParetoSorting.sort([[], []]) }
        #expect(throws: ParetoSorting.InputError.mismatchedObjectives(point: 2, count: 3, expected: 2)) {
            try ParetoSorting.sort([[1, 2], [2, 1], [0, 0, 0]])
        }
    }

    @Test func smallFrontsAreAllBoundary() throws {
        let sorted = try ParetoSorting.sort([[1, 2], [2, 1], [0, 0]])
        #expect(sorted.fronts == [[0, 1], [2]])
        #expect(sorted.crowdingDistance == [.infinity, .infinity, .infinity])
    }
}
