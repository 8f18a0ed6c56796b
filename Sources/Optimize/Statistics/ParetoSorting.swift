/// NSGA-II's fast non-dominated sorting (Deb, Pratap, Agarwal and Meyarivan, "A fast and
/// elitist multiobjective genetic algorithm: NSGA-II", IEEE Trans. Evol. Comput. 6(2), 2002).
///
/// Every objective is to be MAXIMIZED: negate one that should be small (a drawdown, say)
/// before sorting. Point a dominates point b when a is at least as good in every objective
/// and better in one. Front 0 holds the points no other point dominates, front 1 those
/// dominated only by front 0, and so on.
///
/// A point with a NaN objective cannot be compared: it is treated as dominated by every
/// other point and placed, with any other such points, in one last front of its own.
/// Infinite objectives compare as usual. Within a front points are listed by input index.
public enum ParetoSorting {
    public enum InputError: Error, Equatable, CustomStringConvertible {
        /// Points need at least one objective.
        case noObjectives
        /// Point `point` (zero-based) has `count` objectives where the first has `expected`.
        case mismatchedObjectives(point: Int, count: Int, expected: Int)

        public var description: String {
            switch self {
            case .noObjectives:
                "points: need at least one objective"
            case let .mismatchedObjectives(point, count, expected):
                "points: point \(point) (zero-based) has \(count) objectives, the first has \(expected)"
            }
        }
    }

    /// Whether `a` dominates `b` (all objectives maximized): no worse in each, better in one.
    /// False when either has a NaN objective.
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        var better = false
        for (x, y) in zip(a, b) {
            guard x >= y else { return false }
            if x > y { better = true }
        }
        return better
    }

    /// Sorts `points` (points[i][m]: objective m of point i) into fronts, with each point's
    /// crowding distance within its front.
    public static func sort(_ points: [[Double]]) throws -> ParetoFronts {
        guard let objectives = points.first?.count else {
            return ParetoFronts(frontIndex: [], fronts: [], crowdingDistance: [])
        }
        guard objectives > 0 else { throw InputError.noObjectives }
        for (i, point) in points.enumerated() where point.count != objectives {
            throw InputError.mismatchedObjectives(point: i, count: point.count, expected: objectives)
        }

        let comparable = points.indices.filter { !points[$0].contains(where: \.isNaN) }
        let incomparable = points.indices.filter { points[$0].contains(where: \.isNaN) }
        var dominated = [[Int]](repeating: [], count: points.count)
        var dominators = [Int](repeating: 0, count: points.count)
        for (position, p) in comparable.enumerated() {
            for q in comparable[(position + 1)...] {
                if dominates(points[p], points[q]) {
                    dominated[p].append(q)
                    dominators[q] += 1
                } else if dominates(points[q], points[p]) {
                    dominated[q].append(p)
                    dominators[p] += 1
                }
            }
        }

        var frontIndex = [Int](repeating: 0, count: points.count)
        var fronts: [[Int]] = []
        var current = comparable.filter { dominators[$0] == 0 }
        while !current.isEmpty {
            for p in current { frontIndex[p] = fronts.count }
            fronts.append(current)
            var next: [Int] = []
            for p in current {
                for q in dominated[p] {
                    dominators[q] -= 1
                    if dominators[q] == 0 { next.append(q) }
                }
            }
            current = next.sorted()
        }
        if !incomparable.isEmpty {
            for p in incomparable { frontIndex[p] = fronts.count }
            fronts.append(incomparable)
        }

        var crowding = [Double](repeating: 0, count: points.count)
        for front in fronts where !front.contains(where: { points[$0].contains(where: \.isNaN) }) {
            for (p, distance) in zip(front, CrowdingDistance.distances(of: front, in: points)) {
                crowding[p] = distance
            }
        }
        return ParetoFronts(frontIndex: frontIndex, fronts: fronts, crowdingDistance: crowding)
    }
}

/// The outcome of `ParetoSorting.sort`.
public struct ParetoFronts: Sendable, Equatable {
    /// frontIndex[i]: the front of point i, 0 for the non-dominated.
    public let frontIndex: [Int]
    /// The fronts in order, each listing its points by increasing input index.
    public let fronts: [[Int]]
    /// crowdingDistance[i]: point i's crowding distance within its front (+∞ at a front's
    /// extremes; 0 for points with a NaN objective).
    public let crowdingDistance: [Double]

    /// Point indices best first by NSGA-II's crowded comparison: lower front first, then
    /// larger crowding distance, then lower input index.
    public var crowdedOrder: [Int] {
        frontIndex.indices.sorted { a, b in
            if frontIndex[a] != frontIndex[b] { return frontIndex[a] < frontIndex[b] }
            if crowdingDistance[a] != crowdingDistance[b] { return crowdingDistance[a] > crowdingDistance[b] }
            return a < b
        }
    }
}
