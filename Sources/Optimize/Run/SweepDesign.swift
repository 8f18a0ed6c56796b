/// How a sweep places its points in the unit cube of a ``SearchSpace``.
public enum SweepDesign: String, Sendable, Hashable, CaseIterable {
    /// The Sobol sequence (Joe-Kuo direction numbers) without its corner point 0, so point 0 is
    /// the centre: low discrepancy, so any prefix covers the cube evenly. The seed is not used.
    case sobol
    /// A full factorial grid with L levels per gene, L = the largest whole number with
    /// L^d <= samples, at bin centres (j + 1/2)/L; L^d points (1 point when samples < 2^d).
    case grid
    /// Independent uniform points from SplitMix64 streams seeded by (seed, point index).
    case random

    /// Point `index` of a design of `samples` points in `dimensions` dimensions.
    public func point(_ index: Int, samples: Int, dimensions: Int, seed: UInt64) throws(OptimizeError) -> [Double] {
        switch self {
        case .sobol:
            do {
                return try SobolSequence(dimensions: dimensions).point(at: index)
            } catch {
                throw .invalid("the Sobol design: \(error)")
            }
        case .grid:
            let levels = Self.gridLevels(samples: samples, dimensions: dimensions)
            var rest = index
            return (0..<dimensions).map { _ in
                let level = rest % levels
                rest /= levels
                return (Double(level) + 0.5) / Double(levels)
            }
        case .random:
            var random = UnitRandom(seed: seed, stream: 0x5EED, stage: UInt64(index))
            return (0..<dimensions).map { _ in random.unit() }
        }
    }

    /// How many points the design has for `samples` requested.
    public func count(samples: Int, dimensions: Int) -> Int {
        switch self {
        case .sobol, .random: return samples
        case .grid:
            let levels = Self.gridLevels(samples: samples, dimensions: dimensions)
            var count = 1
            for _ in 0..<dimensions { count *= levels }
            return count
        }
    }

    static func gridLevels(samples: Int, dimensions: Int) -> Int {
        guard dimensions > 0, samples > 1 else { return 1 }
        var levels = 1
        while true {
            var count = 1
            var fits = true
            for _ in 0..<dimensions {
                count *= levels + 1
                if count > samples { fits = false; break }
            }
            guard fits else { return levels }
            levels += 1
        }
    }
}

/// One process's share of a sweep: `index` of `count` (from 1), taking the design points whose
/// index i has i mod count == index - 1.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// Parses `K/N` with 1 <= K <= N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else { return nil }
        index = k
        count = n
    }

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public static let whole = Shard(index: 1, count: 1)

    public func owns(_ point: Int) -> Bool { point % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}
