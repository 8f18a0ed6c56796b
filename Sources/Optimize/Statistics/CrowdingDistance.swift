/// NSGA-II's crowding distance, as `ParetoSorting.sort` reports it per point (Deb et al. 2002): how much room a point has around it within
/// its front, the sum over objectives of the gap between its two neighbours, each objective
/// normalized by the front's range in it. Larger is preferred, to keep a front spread out.
///
/// For each objective the front's points are ordered by value (ties by input index); the
/// first and last are boundary points and get +∞, interior ones add (next − previous) / range.
/// An objective in which the whole front has one value (range 0) adds nothing, not even to
/// its boundaries; one with an infinite range gives its boundaries +∞ and adds nothing to
/// the interior. Fronts of one or two points are all boundary: +∞.
enum CrowdingDistance {
    /// The distances of `front` (indices into `points`, whose objectives must not be NaN), in
    /// the order of `front`.
    static func distances(of front: [Int], in points: [[Double]]) -> [Double] {
        guard front.count > 2 else { return [Double](repeating: .infinity, count: front.count) }
        var distance = [Double](repeating: 0, count: front.count)
        let objectives = points[front[0]].count
        for m in 0..<objectives {
            let order = front.indices.sorted { a, b in
                let x = points[front[a]][m], y = points[front[b]][m]
                return x != y ? x < y : front[a] < front[b]
            }
            let first = order[0], last = order[order.count - 1]
            let range = points[front[last]][m] - points[front[first]][m]
            guard range > 0 else { continue }
            distance[first] = .infinity
            distance[last] = .infinity
            guard range.isFinite else { continue }
            for k in 1..<(order.count - 1) {
                let gap = points[front[order[k + 1]]][m] - points[front[order[k - 1]]][m]
                distance[order[k]] += gap / range
            }
        }
        return distance
    }
}
