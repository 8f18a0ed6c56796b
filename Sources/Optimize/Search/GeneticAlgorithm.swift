import Foundation

/// The genetic search's settings and its breeding step, on points of the unit cube.
///
/// - Selection: binary tournament on ``TrialScore`` (constraint-first ranking; ties go to the
///   earlier slot).
/// - Crossover: simulated binary crossover (Deb and Agrawal 1995) gene by gene with probability
///   ``crossoverProbability`` per pair and distribution index ``crossoverEta``; each gene of a
///   crossed pair is crossed with probability 0.5.
/// - Mutation: polynomial mutation (Deb and Goyal 1996), each gene with probability
///   1/dimensions, distribution index ``mutationEta``.
/// - Elitism: the ``elites`` best distinct members pass to the next generation unchanged.
/// - The first generation is the base configuration's point followed by uniform draws.
///
/// Every draw comes from a stream seeded by (seed, fold, generation), so a generation depends
/// only on the one before: a run resumed from its last committed generation continues exactly
/// as an uninterrupted run would.
public struct GeneticAlgorithm: Sendable, Hashable {
    public var population: Int
    public var generations: Int
    public var seed: UInt64
    public var elites: Int
    public var crossoverProbability = 0.9
    public var crossoverEta = 15.0
    public var mutationEta = 20.0

    public init(population: Int = 64, generations: Int = 100, seed: UInt64 = 1, elites: Int? = nil) {
        self.population = population
        self.generations = generations
        self.seed = seed
        self.elites = elites ?? max(1, population / 16)
    }

    /// The settings in words, for reports.
    public var text: String {
        "population \(population), \(generations) generations, seed \(seed); binary tournament; SBX crossover "
            + "p=\(crossoverProbability) eta=\(crossoverEta); polynomial mutation p=1/d eta=\(mutationEta); "
            + "\(elites) elites"
    }

    /// Generation 0 of `fold`: `start` (the base configuration's point) then uniform points.
    public func firstGeneration(start: [Double], fold: Int) -> [[Double]] {
        var random = UnitRandom(seed: seed, stream: UInt64(fold), stage: 0)
        var members = [start]
        while members.count < population {
            members.append(start.map { _ in random.unit() })
        }
        return Array(members.prefix(population))
    }

    /// The generation after `generation` of `fold`, bred from its `members` and their `scores`.
    public func nextGeneration(after generation: Int, fold: Int, members: [[Double]], scores: [TrialScore]) -> [[Double]] {
        guard !members.isEmpty else { return [] }
        var random = UnitRandom(seed: seed, stream: UInt64(fold), stage: UInt64(generation + 1))
        let order = members.indices.sorted { scores[$0] != scores[$1] ? scores[$1] < scores[$0] : $0 < $1 }
        var next: [[Double]] = []
        for slot in order where next.count < min(elites, population) {
            if !next.contains(members[slot]) { next.append(members[slot]) }
        }
        func tournament() -> [Double] {
            let a = random.index(below: members.count), b = random.index(below: members.count)
            if scores[a] == scores[b] { return members[min(a, b)] }
            return scores[a] < scores[b] ? members[b] : members[a]
        }
        while next.count < population {
            var first = tournament(), second = tournament()
            if random.unit() < crossoverProbability {
                for gene in first.indices where random.unit() < 0.5 {
                    (first[gene], second[gene]) = simulatedBinaryCrossover(first[gene], second[gene], &random)
                }
            }
            for child in [first, second] where next.count < population {
                next.append(mutate(child, &random))
            }
        }
        return next
    }

    /// SBX on one gene within `[0, 1]`.
    private func simulatedBinaryCrossover(_ a: Double, _ b: Double, _ random: inout UnitRandom) -> (Double, Double) {
        let u = random.unit()
        guard abs(a - b) > 1e-14 else { return (a, b) }
        let beta = u <= 0.5 ? pow(2 * u, 1 / (crossoverEta + 1)) : pow(1 / (2 * (1 - u)), 1 / (crossoverEta + 1))
        let mean = (a + b) / 2, half = abs(b - a) / 2
        let low = clampUnit(mean - beta * half), high = clampUnit(mean + beta * half)
        return a < b ? (low, high) : (high, low)
    }

    /// Polynomial mutation of each gene with probability 1/d.
    private func mutate(_ point: [Double], _ random: inout UnitRandom) -> [Double] {
        let probability = 1 / Double(max(point.count, 1))
        return point.map { x in
            guard random.unit() < probability else { return x }
            let u = random.unit()
            let delta = u < 0.5 ? pow(2 * u, 1 / (mutationEta + 1)) - 1 : 1 - pow(2 * (1 - u), 1 / (mutationEta + 1))
            return clampUnit(x + delta)
        }
    }
}

private func clampUnit(_ x: Double) -> Double { min(max(x, 0), 1) }
