import Foundation
import Market

/// One roll-to-roll cycle of a replayed index against the published one: from the close of a
/// roll day to the close of the next, while the options written on the first are held to
/// their settlement.
///
/// Between two roll-day closes the published and the replayed index hold the same kind of
/// position over the same index path and settle it at the same SOQ, so what separates their
/// returns is mostly what the options were written and marked at: a rich synthesized premium
/// shows as a replayed return above the published one, earned as the premium decays. Dividing
/// the difference by what one vol point lower does to the replayed return of the same cycle
/// (the replay run again with every synthesized vol one point lower) expresses it in vol
/// points of the options written. That reading assumes the whole difference is a vol level;
/// the rest (the estimated 11:00 and 11:45 levels, the sale at a mid rather than Cboe's
/// average trade price, the strikes those levels pick) shows as noise around it.
public struct IndexRollCycle: Sendable, Hashable {
    /// The roll that opened the cycle: the strikes written, the premium, the reference level.
    public var roll: IndexRoll
    /// The next roll day, whose close ends the cycle.
    public var end: TradingDate
    /// The level the options written settled at on ``end``, and where it came from (the next
    /// roll's ``IndexRoll/settlementLevel`` and ``IndexRoll/settlementSource``).
    public var settlementLevel: Double?
    public var settlementSource: SettlementSource?
    /// Returns over the cycle (fractions).
    public var published: Double
    public var replayed: Double
    /// The replayed return with every synthesized vol one point lower; nil when that replay
    /// does not cover the cycle.
    public var replayedWithLowerVolatility: Double?
    /// The VIX close of the roll day (nil when the cycles were read without it).
    public var rollVIX: Double? = nil

    /// replayed - published (fraction).
    public var difference: Double { replayed - published }

    /// Where the options written settled against their strikes. Between the short strikes (at
    /// or above the highest put written and at or below the lowest call written) every option
    /// written expired worthless, so the cycle's return is the premium, the bills' interest
    /// and the roll days' marks of the options held: it reads what the options were written
    /// at, not which strikes were picked. Nil before the settlement is known or when the roll
    /// wrote nothing.
    public var settlementZone: SettlementZone? {
        guard let level = settlementLevel else { return nil }
        let written = roll.legs.filter { $0.quantity < 0 }
        guard !written.isEmpty else { return nil }
        if let put = written.filter({ $0.option.type == .put }).map(\.option.strike).max(), level < put { return .belowShortPut }
        if let call = written.filter({ $0.option.type == .call }).map(\.option.strike).min(), level > call { return .aboveShortCall }
        return .betweenShortStrikes
    }

    /// Where a cycle's written options settled (``settlementZone``).
    public enum SettlementZone: String, Sendable, Hashable, CaseIterable {
        case betweenShortStrikes = "between the short strikes"
        case aboveShortCall = "above the short call"
        case belowShortPut = "below the short put"
    }

    /// ``difference`` over the replayed return's gain per vol point (replayed less
    /// ``replayedWithLowerVolatility``); nil when that gain is under ``minimumSensitivity``.
    public var differenceInVolatilityPoints: Double? {
        guard let lower = replayedWithLowerVolatility else { return nil }
        let perPoint = replayed - lower
        guard perPoint.isFinite, perPoint >= Self.minimumSensitivity else { return nil }
        return difference / perPoint
    }

    /// The smallest gain per vol point (a fraction of the index: 0.01%) for which a difference
    /// is expressed in vol points: a written position always gains when vols are higher, and
    /// a near-zero gain would turn noise into large numbers.
    public static let minimumSensitivity = 1e-4

    /// The cycles of `replayed` that the published history covers at both ends, with the
    /// returns of `lowerVolatility` (the same index replayed with every vol one point lower)
    /// over the same sessions where it has them.
    /// `vix` gives each roll day's VIX close (``rollVIX``).
    public static func cycles(published history: StrategyIndexHistory, replayed: ReplayedIndex,
                              lowerVolatility: ReplayedIndex?,
                              vix: (TradingDate) -> Double? = { _ in nil }) -> [IndexRollCycle] {
        var result: [IndexRollCycle] = []
        for (roll, next) in zip(replayed.rolls, replayed.rolls.dropFirst()) {
            guard let p0 = history.level(on: roll.date), let p1 = history.level(on: next.date),
                  let r0 = replayed.level(on: roll.date), let r1 = replayed.level(on: next.date),
                  p0 > 0, r0 > 0 else { continue }
            var lower: Double?
            if let shifted = lowerVolatility, let l0 = shifted.level(on: roll.date), let l1 = shifted.level(on: next.date), l0 > 0 {
                lower = l1 / l0 - 1
            }
            result.append(IndexRollCycle(roll: roll, end: next.date, settlementLevel: next.settlementLevel,
                                         settlementSource: next.settlementSource, published: p1 / p0 - 1,
                                         replayed: r1 / r0 - 1, replayedWithLowerVolatility: lower,
                                         rollVIX: vix(roll.date)))
        }
        return result
    }

    /// The cycles of each ``SettlementZone``, in the enum's order (zones without a cycle left
    /// out): their count and the mean and sample standard deviation of ``difference``.
    public static func differencesByZone(_ cycles: [IndexRollCycle])
        -> [(zone: SettlementZone, cycles: Int, mean: Double, standardDeviation: Double)] {
        SettlementZone.allCases.compactMap { zone in
            let differences = cycles.filter { $0.settlementZone == zone }.map(\.difference)
            guard !differences.isEmpty else { return nil }
            return (zone, differences.count, Statistics.mean(differences), Statistics.standardDeviation(differences))
        }
    }

    /// The VIX bands of ``meanDifferenceByVIX(_:zone:)``: lower edges (vol points).
    public static let vixBands: [Double] = [0, 12, 15, 20, 25, 35]

    /// The mean ``difference`` of the cycles of `zone` by their roll day's VIX, one entry per
    /// band of ``vixBands`` that holds a cycle (the last band open above), and the correlation of
    /// the difference with ln VIX over all of them (cycles without a ``rollVIX`` left out).
    public static func meanDifferenceByVIX(_ cycles: [IndexRollCycle], zone: SettlementZone)
        -> (bands: [(lower: Double, upper: Double?, cycles: Int, mean: Double)], correlationWithLogVIX: Double) {
        let read = cycles.compactMap { c -> (vix: Double, difference: Double)? in
            guard c.settlementZone == zone, let vix = c.rollVIX, vix > 0 else { return nil }
            return (vix, c.difference)
        }
        var bands: [(lower: Double, upper: Double?, cycles: Int, mean: Double)] = []
        for (k, lower) in vixBands.enumerated() {
            let upper = k + 1 < vixBands.count ? vixBands[k + 1] : nil
            let inside = read.filter { cycle in cycle.vix >= lower && (upper.map { cycle.vix < $0 } ?? true) }.map(\.difference)
            if !inside.isEmpty { bands.append((lower, upper, inside.count, Statistics.mean(inside))) }
        }
        return (bands, Statistics.correlation(read.map { Foundation.log($0.vix) }, read.map(\.difference)))
    }

    /// The median of ``differenceInVolatilityPoints`` over the cycles ending in each year, in
    /// year order (years without one are left out).
    public static func medianVolatilityPointsByYear(_ cycles: [IndexRollCycle]) -> [(year: Int, median: Double, cycles: Int)] {
        var byYear: [Int: [Double]] = [:]
        for cycle in cycles {
            if let points = cycle.differenceInVolatilityPoints { byYear[cycle.end.year, default: []].append(points) }
        }
        return byYear.keys.sorted().map { year in (year, Statistics.median(byYear[year]!), byYear[year]!.count) }
    }
}
