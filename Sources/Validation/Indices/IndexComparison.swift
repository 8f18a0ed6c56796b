import Foundation
import Market

/// One calendar year of a published and a replayed index.
public struct IndexYear: Sendable, Hashable {
    public var year: Int
    /// Returns over the year (fractions), from the previous year's last common session (or
    /// the first one) to this year's last.
    public var published: Double
    public var replayed: Double
    /// replayed - published, fractions.
    public var difference: Double { replayed - published }

    /// The years both `long` and `short` have, each with `long`'s returns less `short`'s:
    /// published less published, replayed less replayed. For BXM less PUT on one set of
    /// chains, put-call parity ties the two replays together, so a vol level that lifts one
    /// lifts the other alike and leaves this spread's `difference` where it is.
    public static func spread(_ long: [IndexYear], less short: [IndexYear]) -> [IndexYear] {
        let shortByYear = Dictionary(short.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
        return long.compactMap { y in
            shortByYear[y.year].map { IndexYear(year: y.year, published: y.published - $0.published, replayed: y.replayed - $0.replayed) }
        }
    }
}

/// A replayed index held against its published levels on the sessions both have.
///
/// Statistics:
/// - monthly returns between the last common sessions of consecutive months, their Pearson
///   correlation and the tracking error (the standard deviation of the monthly return
///   differences, times sqrt 12);
/// - yearly returns side by side and the share of years within `tolerance` (1.5 percentage points);
/// - the annual growth of each, (last / first)^(365.25 / days) - 1, over the common span;
/// - the least-squares slope of the published monthly returns on the replayed ones (1 when
///   the replay has the index's leverage).
public struct IndexComparison: Sendable {
    public var index: StrategyIndex
    public var dates: [TradingDate]
    /// Both curves on `dates`, each divided by its first value.
    public var published: [Double]
    public var replayed: [Double]
    public var years: [IndexYear]
    public var monthlyCorrelation: Double
    public var trackingError: Double
    public var monthlySlope: Double
    public var publishedGrowth: Double
    public var replayedGrowth: Double
    public var months: Int

    /// The yearly-return tolerance of the target (1.5 percentage points).
    public static let yearTolerance = 0.015

    /// The share of years whose returns differ by at most ``yearTolerance``.
    public var yearsWithinTolerance: Double {
        years.isEmpty ? .nan : Double(Self.countWithinTolerance(years)) / Double(years.count)
    }

    /// How many of `years` differ by at most ``yearTolerance``.
    public static func countWithinTolerance(_ years: [IndexYear]) -> Int {
        years.filter { abs($0.difference) <= yearTolerance + 1e-12 }.count
    }

    /// Compares on the sessions both series have; nil when they share fewer than two months.
    public init?(published history: StrategyIndexHistory, replayed replay: ReplayedIndex) {
        index = replay.index
        var dates: [TradingDate] = [], published: [Double] = [], replayed: [Double] = []
        for (k, date) in replay.dates.enumerated() {
            guard let level = history.level(on: date) else { continue }
            dates.append(date)
            published.append(level)
            replayed.append(replay.levels[k])
        }
        guard let first = dates.first, let last = dates.last, dates.count > 40 else { return nil }
        self.dates = dates
        self.published = published.map { $0 / published[0] }
        self.replayed = replayed.map { $0 / replayed[0] }

        // The last common session of each month.
        var monthEnds: [Int] = []
        for k in dates.indices where k == dates.count - 1 || dates[k + 1].month != dates[k].month {
            monthEnds.append(k)
        }
        var monthlyPublished: [Double] = [], monthlyReplayed: [Double] = []
        var previous = 0
        for end in monthEnds where end > 0 {
            monthlyPublished.append(self.published[end] / self.published[previous] - 1)
            monthlyReplayed.append(self.replayed[end] / self.replayed[previous] - 1)
            previous = end
        }
        months = monthlyPublished.count
        monthlyCorrelation = Statistics.correlation(monthlyPublished, monthlyReplayed)
        trackingError = Statistics.standardDeviation(zip(monthlyReplayed, monthlyPublished).map { $0 - $1 }) * 12.0.squareRoot()
        monthlySlope = Statistics.slope(of: monthlyPublished, on: monthlyReplayed)
        years = Self.yearlyReturns(dates: dates, published: self.published, replayed: self.replayed)
        let span = Double(first.days(until: last)) / 365.25
        publishedGrowth = Foundation.pow(self.published.last!, 1 / span) - 1
        replayedGrowth = Foundation.pow(self.replayed.last!, 1 / span) - 1
    }
}

extension IndexComparison {
    /// The positions of each year's last session in `dates` (the last one included).
    static func yearEnds(_ dates: [TradingDate]) -> [Int] {
        dates.indices.filter { $0 == dates.count - 1 || dates[$0 + 1].year != dates[$0].year }
    }

    /// Yearly returns of both curves, each year from the previous year's last session (or the
    /// first one) to its own last.
    static func yearlyReturns(dates: [TradingDate], published: [Double], replayed: [Double]) -> [IndexYear] {
        var years: [IndexYear] = [], previous = 0
        for end in yearEnds(dates) where end > 0 {
            years.append(IndexYear(year: dates[end].year,
                                   published: published[end] / published[previous] - 1,
                                   replayed: replayed[end] / replayed[previous] - 1))
            previous = end
        }
        return years
    }
}

/// Sample statistics used by the comparisons.
enum Statistics {
    static func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }

    /// The sample standard deviation (n - 1).
    static func standardDeviation(_ x: [Double]) -> Double {
        guard x.count > 1 else { return .nan }
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count > 1 else { return .nan }
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for k in x.indices {
            sxy += (x[k] - mx) * (y[k] - my)
            sxx += (x[k] - mx) * (x[k] - mx)
            syy += (y[k] - my) * (y[k] - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The least-squares slope of `y` on `x`.
    static func slope(of y: [Double], on x: [Double]) -> Double {
        guard x.count == y.count, x.count > 1 else { return .nan }
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0
        for k in x.indices {
            sxy += (x[k] - mx) * (y[k] - my)
            sxx += (x[k] - mx) * (x[k] - mx)
        }
        return sxy / sxx
    }

    /// The median (NaN when empty).
    static func median(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        let sorted = x.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
    }
}
