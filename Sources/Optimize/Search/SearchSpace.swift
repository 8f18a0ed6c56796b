import Foundation
import Strategy

/// The genes a search varies: each a tunable configuration key with the range it is sampled
/// from. A point of the search is a vector in the unit cube `[0, 1]^d`, one coordinate per gene
/// in key order; ``values(at:)`` maps it to configuration values (integers by equal-width bins,
/// so each whole value of an integer range is equally likely).
public struct SearchSpace: Sendable, Hashable {
    /// One gene: a configuration key and the range searched.
    public struct Gene: Sendable, Hashable {
        /// The full configuration key (`core.bwbDelta`).
        public var key: String
        public var isInteger: Bool
        public var range: ClosedRange<Double>
        /// What the gene is called in the plan, when it is one of the plan's.
        public var planName: String?

        /// The value of unit coordinate `u` (clamped into `[0, 1]`).
        public func value(at u: Double) -> Double {
            let unit = u.isNaN ? 0.5 : min(max(u, 0), 1)
            guard isInteger else { return range.lowerBound + unit * (range.upperBound - range.lowerBound) }
            let count = range.upperBound - range.lowerBound + 1
            return range.lowerBound + min((unit * count).rounded(.down), count - 1)
        }

        /// The unit coordinate of `value`: the inverse of ``value(at:)`` (an integer's bin centre).
        public func unit(of value: Double) -> Double {
            let span = range.upperBound - range.lowerBound
            guard isInteger else { return span > 0 ? min(max((value - range.lowerBound) / span, 0), 1) : 0.5 }
            let count = span + 1
            return min(max((value - range.lowerBound + 0.5) / count, 0), 1)
        }
    }

    /// The genes, sorted by key, no key twice.
    public private(set) var genes: [Gene]

    public var dimensions: Int { genes.count }

    /// A space of `genes` (sorted by key; a repeated key keeps the last).
    public init(genes: [Gene]) {
        var byKey: [String: Gene] = [:]
        for gene in genes { byKey[gene.key] = gene }
        self.genes = byKey.values.sorted { $0.key < $1.key }
    }

    /// The plan's chromosome (Chunk 7): twelve genes with the plan's ranges.
    ///
    /// "Probes per week (3-8)" sets `probe.probesPerDay` on the two probe days (Monday and
    /// Tuesday), so 2 to 4 a day: 4, 6 or 8 a week (odd counts need a third probe day, which the
    /// schedule does not have). "Core wing width (40-80)" is the narrow wing, `core.narrowWing`.
    public static let plan = SearchSpace(genes: [
        Gene(key: "core.narrowWing", isInteger: false, range: 40...80, planName: "core wing width"),
        Gene(key: "core.bwbDelta", isInteger: false, range: 0.10...0.25, planName: "core short delta"),
        Gene(key: "core.profitTarget", isInteger: false, range: 0.50...0.75, planName: "core profit target"),
        Gene(key: "probe.probeWidth", isInteger: false, range: 3...7, planName: "probe spread width"),
        Gene(key: "probe.probesPerDay", isInteger: true, range: 2...4, planName: "probes per week (x2 probe days)"),
        Gene(key: "probe.probeDTE", isInteger: true, range: 7...20, planName: "probe DTE"),
        Gene(key: "hedge.hedgeRatio", isInteger: false, range: 0.15...0.35, planName: "hedge ratio"),
        Gene(key: "hedge.vixEntryThreshold", isInteger: false, range: 18...25, planName: "VIX entry threshold"),
        Gene(key: "hedge.hedgeStrikeOffset", isInteger: false, range: 5...15, planName: "hedge strike offset"),
        Gene(key: "sentiment.minProbeWinRate", isInteger: false, range: 0.50...0.70, planName: "minimum probe win rate"),
        Gene(key: "core.spxEntryDelay", isInteger: true, range: 0...3, planName: "SPX entry delay"),
        Gene(key: "maxCorrelatedRisk", isInteger: false, range: 0.20...0.35, planName: "max correlated risk"),
    ])

    /// The plan's chromosome with a space file laid over it (the form `config --space` prints):
    /// an entry for a plan gene replaces its range (narrower or wider, within the declared
    /// range); an entry for another tunable key adds a gene.
    public static func plan(overlaidWith space: ParameterSpace) -> SearchSpace {
        var genes = plan.genes
        for dimension in space.dimensions {
            let gene = Gene(key: dimension.key, isInteger: dimension.type == .integer, range: dimension.range,
                            planName: plan.genes.first { $0.key == dimension.key }?.planName)
            genes.removeAll { $0.key == dimension.key }
            genes.append(gene)
        }
        return SearchSpace(genes: genes)
    }

    /// The configuration values of unit point `point` (one coordinate per gene, key order).
    public func values(at point: [Double]) -> [String: Double] {
        var values: [String: Double] = [:]
        for (gene, u) in zip(genes, point) { values[gene.key] = gene.value(at: u) }
        return values
    }

    /// The unit point of `config`'s values for these genes.
    public func point(of config: StrategyConfig) -> [Double] {
        genes.map { gene in
            if case .number(let value)? = config.value(of: gene.key) { return gene.unit(of: value) }
            return 0.5
        }
    }

    /// `base` with the values of `point` applied and validated (see
    /// ``StrategyConfig/applying(_:)-([String:Double])``).
    public func configuration(at point: [Double], base: StrategyConfig) throws(StrategyConfigError) -> StrategyConfig {
        try base.applying(values(at: point))
    }

    /// The space as a space file (`config --space` form): each gene's declared entry with the
    /// range searched.
    public var parameterSpaceJSON: String {
        var lines = ["{", "  \"parameters\" : ["]
        for (index, gene) in genes.enumerated() {
            let number = { (value: Double) in gene.isInteger ? String(Int(value)) : "\(value)" }
            lines.append("    { \"key\" : \"\(gene.key)\", \"min\" : \(number(gene.range.lowerBound)), "
                + "\"max\" : \(number(gene.range.upperBound)) }" + (index == genes.count - 1 ? "" : ","))
        }
        lines += ["  ]", "}"]
        return lines.joined(separator: "\n") + "\n"
    }
}
