import ArgumentParser
import Dispatch
import Foundation
import Market
import Pricing
import Validation

/// `spx30dte validate surface`: how well each day's anchored surface reproduces that day's
/// VIX, VIX9D, VIX3M and SKEW, and how its puts compare with the real chains.
public struct ValidateSurfaceCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "surface",
        abstract: "VIX, VIX9D, VIX3M and SKEW recomputed from the synthesized chains, every day.",
        discussion: """
            Every session of the history: the day's surface (anchored on its VIX, VIX9D, VIX3M \
            and SKEW) is turned into a synthesized SPX chain of the listed expiries around 9, 30 \
            and 93 days (strikes out to 95% of spot, quotes from the spread model), and the CBOE \
            VIX and SKEW methods are run on it with Cboe's own series: the Friday expiries, \
            standard monthlies only before 2014-10-06 for VIX, VIX3M and SKEW. Printed: the \
            median absolute error against the published closes, the ten worst days and the mean \
            error by year of each index, for the anchored surface and \
            (with --compare) the parametric one; the fit's cost; and the implied-vol bias of the \
            synthesized puts against every real closing chain at 20-45 days by delta bucket.

            The data directory is --data, else $SPX30DTE_DATA, else ./data, else ../shared/data; \
            it is verified against its SHA256SUMS first (--allow-modified-data runs anyway).
            """)

    @OptionGroup var market: MarketDataOptions

    @Option(help: "Check every n-th session only (1: all).")
    var every: Int = 1

    @Flag(help: "Also check the parametric (unanchored) surface.")
    var compare = false

    @Option(help: "The anchoring checked: parametric, levels or levels-and-skew (the default).")
    var anchoring: SurfaceAnchoring = .default

    public init() {}

    public func validate() throws {
        guard every >= 1 else { throw ValidationError("--every must be at least 1") }
    }

    public func run() throws {
        let directory = try market.directory()
        let history = try MarketHistory.load(from: directory)
        let clock = ContinuousClock()
        let start = clock.now
        let anchored = ChainBuilder(history: history, tabulateExpiries: true, anchoring: anchoring)
        let fitted = clock.now - start
        let fits = history.dates.indices.compactMap { anchored.anchorFit(history[$0]) }
        let evaluations = fits.map(\.evaluations)
        print("Anchored fits: \(evaluations.count) days in \(fitted) (with the expiry tables), "
              + "\(evaluations.reduce(0, +) / max(evaluations.count, 1)) strips a day on average")
        let kept = fits.compactMap { fit in fit.uncutTail.map { fit.tail / $0 } }.sorted()
        if let least = kept.first, let most = kept.last {
            print("Far put tail cut to keep the density non-negative on every listed expiry: \(kept.count) days "
                  + String(format: "(kept %.2f-%.2f of the tail SKEW asked for; SKEW then not met)", least, most))
        }
        let days = Array(stride(from: 0, to: history.count, by: every))
        var builders = [(anchoring.rawValue, anchored)]
        if compare { builders.append(("parametric", ChainBuilder(history: history, tabulateExpiries: true, anchoring: .parametric))) }
        for (name, builder) in builders {
            let begun = clock.now
            let rows = Self.replicate(builder, days: days)
            print("\n## \(name) surface: CBOE methods on the synthesized chains (\(rows.count) days, \(clock.now - begun))")
            Self.printSummary(rows)
        }
        print("\n## Implied-vol bias of the synthesized puts against the real closing chains, 20-45 days (vol points, median)")
        try Self.printBias(directory: directory, history: history, anchored: anchored)
    }

    /// One day's indices on a synthesized chain.
    struct Row {
        var date: TradingDate
        var errors: [String: Double]
    }

    static let names = ["VIX", "VIX9D", "VIX3M", "SKEW"]

    static func replicate(_ builder: ChainBuilder, days: [Int]) -> [Row] {
        let slots = ParallelSlots<Row>(count: days.count)
        let chunk = 16
        DispatchQueue.concurrentPerform(iterations: (days.count + chunk - 1) / chunk) { c in
            var workspace = ChainWorkspace()
            for d in (c * chunk)..<min(days.count, (c + 1) * chunk) {
                let day = builder.history[days[d]]
                guard let chain = try? builder.chain(on: day.date, product: .spx, strikeWindows: windows(builder, day.date),
                                                     workspace: &workspace) else { continue }
                let replication = IndexReplication(expiries: chain.indexExpiries, day: day)
                var errors: [String: Double] = [:]
                for tenor in VolatilityIndexTenor.allCases { errors[tenor.rawValue] = replication.error(tenor) }
                errors["SKEW"] = replication.skewError
                slots[d] = Row(date: day.date, errors: errors)
            }
        }
        return days.indices.compactMap { slots[$0] }
    }

    /// Strike windows (95% of spot) for the listed expiries the index methods can pick: by
    /// each index's term rule (``ConstantMaturityIndex/termCandidates(_:target:minimum:)``,
    /// on whole calendar days, the minimum a day short so an expiry whose settlement minute
    /// makes it just long enough is kept), the near term and the first two beyond the target.
    static func windows(_ builder: ChainBuilder, _ date: TradingDate) -> [Int: Double] {
        let listed = builder.listedExpiries(.spx, on: date).map { (days: $0.calendarDays(from: date), kind: IndexSeriesKind($0)) }
        var windows: [Int: Double] = [:]
        for tenor in VolatilityIndexTenor.allCases {
            let days = Set(listed.filter { tenor.uses($0.kind, on: date) }.map(\.days)).sorted()
            let terms = ConstantMaturityIndex.termCandidates(days.map(Double.init), target: tenor.targetDays,
                                                             minimum: tenor.minimumDays - 1)
            for i in terms.near.prefix(1) + terms.beyond.prefix(2) { windows[days[i]] = 0.95 }
        }
        return windows
    }

    static func printSummary(_ rows: [Row]) {
        for name in names {
            let errors = rows.compactMap { row in row.errors[name].map { (row.date, $0) } }
            guard !errors.isEmpty else { continue }
            let absolute = errors.map { abs($0.1) }.sorted()
            let median = absolute[absolute.count / 2]
            let mean = errors.map(\.1).reduce(0, +) / Double(errors.count)
            let p90 = absolute[min(absolute.count - 1, Int(0.9 * Double(absolute.count)))]
            print(String(format: "%-6@ days %5d  median |error| %.3f  mean error %+.3f  90th pct |error| %.3f",
                         name as NSString, errors.count, median, mean, p90))
            let worst = errors.sorted { abs($0.1) > abs($1.1) }.prefix(10)
            print("       worst: " + worst.map { "\($0.0) \(String(format: "%+.2f", $0.1))" }.joined(separator: ", "))
            let years = Dictionary(grouping: errors, by: { $0.0.year }).sorted { $0.key < $1.key }
            print("       mean error by year: " + years.map { year, rows in
                "\(year) " + String(format: "%+.2f", rows.map(\.1).reduce(0, +) / Double(rows.count))
            }.joined(separator: ", "))
        }
    }

    /// The real closing full SPX chains of the data folder's catalogue (``RealChainCatalog``).
    static func realSnapshots(_ directory: DataDirectory) throws -> [ChainSnapshot] {
        let catalog = try RealChainCatalog.discover(in: directory)
        return catalog.closingFullSnapshots().snapshots.map(\.snapshot)
            .filter { $0.product == .spx }
            .sorted { $0.quoteDate < $1.quoteDate }
    }

    /// The put buckets of `validate quotes` (``DeltaBucket``), so both commands bucket alike.
    static let buckets: [(String, DeltaBucket)] = DeltaBucket.puts.map { (String($0.rawValue.dropFirst(2)), $0) }

    static func printBias(directory: DataDirectory, history: MarketHistory, anchored: ChainBuilder) throws {
        let parametric = ChainBuilder(history: history, anchoring: .parametric)
        print("day         SKEW   surface           " + buckets.map { $0.0.padding(toLength: 11, withPad: " ", startingAt: 0) }.joined())
        var pooled: [String: [Double]] = [:]
        for snapshot in try realSnapshots(directory) {
            guard let day = history.day(snapshot.quoteDate) else { continue }
            let real = ChainBuilder(history: history, realChains: RealChainLibrary([snapshot]), anchoring: .parametric)
            guard let chain = try? real.chain(on: day.date, product: .spx, minDTE: 20, maxDTE: 45, strikeWindow: 0.5) else { continue }
            for (name, builder) in [("parametric", parametric), (anchored.anchoring.rawValue, anchored)] {
                guard let surface = try? builder.surface(on: day.date, product: .spx) else { continue }
                var byBucket: [String: [Double]] = [:]
                for e in chain.expiries.indices {
                    let slice = surface.slice(timeToExpiry: chain.timesToExpiry[e])
                    for i in chain.indices(expiry: e, type: .put) where chain.sources[i] == .real && chain.ivs[i].isFinite && chain.bids[i] > 0 {
                        guard let found = DeltaBucket.bucket(product: .spx, type: .put, absoluteDelta: abs(chain.deltas[i]),
                                                             strike: chain.strikes[i], future: .nan),
                              let bucket = buckets.first(where: { $0.1 == found }) else { continue }
                        byBucket[bucket.0, default: []].append(100 * (slice.volatility(strike: chain.strikes[i]) - chain.ivs[i]))
                    }
                }
                var line = "\(day.date)  \(day.skew.map { String(format: "%5.1f", $0) } ?? "  n/a")  \(name.padding(toLength: 16, withPad: " ", startingAt: 0))  "
                for bucket in buckets {
                    let values = byBucket[bucket.0] ?? []
                    if let m = median(values) {
                        // Each day's median enters the pooled figure once, so a dense chain does not outweigh a sparse one.
                        pooled[name + bucket.0, default: []].append(m)
                    }
                    line += (median(values).map { String(format: "%+6.2f", $0) } ?? "   n/a").padding(toLength: 11, withPad: " ", startingAt: 0)
                }
                print(line)
            }
        }
        for name in ["parametric", anchored.anchoring.rawValue] {
            var line = "median of days     \(name.padding(toLength: 16, withPad: " ", startingAt: 0))  "
            for bucket in buckets {
                line += (median(pooled[name + bucket.0] ?? []).map { String(format: "%+6.2f", $0) } ?? "   n/a")
                    .padding(toLength: 11, withPad: " ", startingAt: 0)
            }
            print(line)
        }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
    }
}

extension SurfaceAnchoring: ExpressibleByArgument {}
