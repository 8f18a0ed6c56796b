import Foundation
import Tabular

/// The series of the aligned daily history, as named in reports.
public enum MarketSeries: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case spx = "SPX"
    case vix = "VIX"
    case vix9d = "VIX9D"
    case vix3m = "VIX3M"
    case vvix = "VVIX"
    case skew = "SKEW"
    /// The risk-free rate from the 3-month Treasury bill.
    case riskFreeRate = "RATE"
    /// The S&P 500 dividend yield.
    case dividendYield = "DIV"
    /// The VIX futures curve (a day has it when at least one contract has a settle).
    case vixFutures = "VX"

    public var description: String { rawValue }

    /// Slow series may carry their last published value forward over days without one.
    public var mayCarryForward: Bool { self == .riskFreeRate || self == .dividendYield }
}

/// Open, high, low and close columns aligned with a history's days.
public struct PriceBars: Sendable {
    public var open: SeriesColumn
    public var high: SeriesColumn
    public var low: SeriesColumn
    public var close: SeriesColumn
}

/// A value used on a day other than the one it was published for.
public struct CarriedValue: Sendable, Hashable, CustomStringConvertible {
    /// What the carried value was published for.
    public enum Origin: Sendable, Hashable, CustomStringConvertible {
        case day(TradingDate)
        case month(YearMonth)

        public var description: String {
            switch self {
            case let .day(date): "\(date)"
            case let .month(month): "\(month)"
            }
        }
    }

    /// The session that uses the value.
    public var date: TradingDate
    /// The observation it comes from (always before `date`: never from the future).
    public var origin: Origin

    public var description: String { "\(date) uses \(origin)" }
}

/// How one series covers the history's sessions.
public struct SeriesCoverage: Sendable {
    public var series: MarketSeries
    /// The file the series was read from.
    public var source: String
    /// The first and last session with a value (nil when none has).
    public var firstDate: TradingDate?
    public var lastDate: TradingDate?
    /// Sessions with a value (carried values included).
    public var sessionsWithValue: Int
    /// Sessions in the range before the series' first value (it was not yet published).
    public var sessionsBeforeFirst: Int
    /// Sessions in the range after its last value (the file ends earlier).
    public var sessionsAfterLast: Int
    /// Sessions between the first and last value that have none: the gaps to know about.
    public var gaps: [TradingDate]
    /// Rows of the file inside the range on days that are not SPX sessions (exchange holidays
    /// with a published value, for example); they are not part of the history.
    public var extraDates: [TradingDate]
    /// Sessions that use an earlier published value (slow series only).
    public var carried: [CarriedValue]
}

/// One aligned, columnar daily frame of everything the strategy reads, for SPX sessions.
///
/// Built once from the data directory and shared by every backtest of a sweep. Day `i` is
/// `dates[i]`; every column has one entry per day. Nothing is filled from a later day: a
/// missing value stays missing (and is listed in ``coverage``), except the slow series (rate,
/// dividend yield), whose last published value is carried forward and recorded.
public struct MarketHistory: Sendable {
    /// What to build.
    public struct Options: Sendable {
        /// The first and last calendar day considered; the history holds the SPX sessions in it.
        public var firstDay: TradingDate
        public var lastDay: TradingDate
        /// Months between a dividend-yield month and the first month it is used in. Shiller's
        /// monthly yield divides by the month's average close, which is known only when the
        /// month ends, so by default a month's figure is first used in the following month.
        public var dividendPublicationLagMonths: Int

        public init(firstDay: TradingDate = Options.defaultFirstDay, lastDay: TradingDate = Options.defaultLastDay,
                    dividendPublicationLagMonths: Int = 1) {
            precondition(firstDay <= lastDay, "first day after last day")
            precondition(dividendPublicationLagMonths >= 0, "negative lag would read the future")
            self.firstDay = firstDay
            self.lastDay = lastDay
            self.dividendPublicationLagMonths = dividendPublicationLagMonths
        }

        /// 2005-01-01.
        public static let defaultFirstDay = TradingDate(year: 2005, month: 1, day: 1)!
        /// 2025-12-31.
        public static let defaultLastDay = TradingDate(year: 2025, month: 12, day: 31)!
    }

    public let options: Options
    /// The SPX sessions of the range, ascending: the days of the history.
    public let dates: [TradingDate]
    /// SPX index levels. Every day has a close (a day is an SPX session because it has one).
    public let spx: PriceBars
    /// VIX index levels; CBOE's known bad opens are missing.
    public let vix: PriceBars
    /// Closes of the 9-day VIX (from 2011), the 3-month VIX (from 2009-09), VVIX (from 2006-03)
    /// and SKEW.
    public let vix9d: SeriesColumn
    public let vix3m: SeriesColumn
    public let vvix: SeriesColumn
    public let skew: SeriesColumn
    /// The risk-free rate: continuously compounded, ACT/365, as a fraction (0.05 = 5%), from
    /// the 3-month T-bill discount quote (see ``RateConversion/continuousRate(discountPercent:days:)``).
    /// Day D uses D's secondary-market quote (a level traders see that day, though FRED posts it
    /// the next); on bond-market holidays the previous quote is carried and recorded.
    public let riskFreeRate: SeriesColumn
    /// The S&P 500 dividend yield: continuous, annual, as a fraction.
    public let dividendYield: SeriesColumn
    /// The VIX futures curve of each day; `vixFutures.curve(at: i)` is day `i`'s.
    public let vixFutures: VIXFuturesHistory
    /// Cboe's published SOQs aligned with the days (see ``spxSOQ``).
    public let settlementQuotations: AlignedSettlementQuotations
    /// Coverage of each series over the sessions.
    public let coverage: [MarketSeries: SeriesCoverage]
    /// Disagreements between the SPX file's sessions and the exchange calendar, if any.
    public let calendarNotes: [String]
    /// Rows that loaded but look wrong, by series.
    public let anomalies: [MarketSeries: [SeriesAnomaly]]
    /// The input files, by role.
    public let inputs: [DataFile: String]
    /// Wall-clock time spent reading and aligning the inputs.
    public let loadDuration: Duration

    /// The number of days.
    public var count: Int { dates.count }

    /// The position of `date`, or nil when it is not a session of the history.
    public func index(of date: TradingDate) -> Int? {
        dates.sortedIndex(of: date)
    }

    /// Everything known on day `i`, as optionals.
    public subscript(i: Int) -> MarketDay {
        MarketDay(
            date: dates[i],
            spxOpen: spx.open[i], spxHigh: spx.high[i], spxLow: spx.low[i], spxClose: spx.close[i]!,
            vixOpen: vix.open[i], vixHigh: vix.high[i], vixLow: vix.low[i], vixClose: vix.close[i],
            vix9d: vix9d[i], vix3m: vix3m[i], vvix: vvix[i], skew: skew[i],
            riskFreeRate: riskFreeRate[i], dividendYield: dividendYield[i],
            vixFutures: vixFutures.curve(at: i), spxSOQ: spxSOQ[i])
    }

    /// The day of `date`, or nil when it is not a session of the history.
    public func day(_ date: TradingDate) -> MarketDay? { index(of: date).map { self[$0] } }

    /// Cboe's published special opening quotation of the S&P 500 on the monthly settlement
    /// days its table covers (``SpecialOpeningQuotations``); missing on every other day, and
    /// on every day when the data directory has no table.
    public var spxSOQ: SeriesColumn { settlementQuotations.levels }

    /// The path of the SOQ table read, or nil when the data directory has none.
    public var settlementQuotationsPath: String? { settlementQuotations.path }

    /// Dates of the SOQ table within the range that are not SPX sessions (none in good data).
    public var settlementQuotationsOffSession: [TradingDate] { settlementQuotations.offSession }

    /// The sessions with a published SOQ (``spxSOQ``), ascending.
    public var publishedSOQDays: [TradingDate] { dates.indices.compactMap { spxSOQ[$0] == nil ? nil : dates[$0] } }
}

/// Cboe's published SOQs aligned with a history's days. A class, so that the history, which
/// chain builders hold and copy, grows by one reference: with these fields stored inline, the
/// debug build's tests crashed (signal 11) copying a chain builder into a shared fixture.
public final class AlignedSettlementQuotations: Sendable {
    /// One value per day of the history: the SOQ on the days the table covers, else missing.
    public let levels: SeriesColumn
    /// The table's path, or nil when the data directory has none.
    public let path: String?
    /// The table's dates within the history's range that are not sessions.
    public let offSession: [TradingDate]

    init(levels: SeriesColumn, path: String?, offSession: [TradingDate]) {
        self.levels = levels
        self.path = path
        self.offSession = offSession
    }
}

/// One session's values. Missing values are nil; `spxClose` always exists.
public struct MarketDay: Sendable {
    public var date: TradingDate
    public var spxOpen: Double?
    public var spxHigh: Double?
    public var spxLow: Double?
    public var spxClose: Double
    public var vixOpen: Double?
    public var vixHigh: Double?
    public var vixLow: Double?
    public var vixClose: Double?
    public var vix9d: Double?
    public var vix3m: Double?
    public var vvix: Double?
    public var skew: Double?
    /// Continuous annual rate, fraction.
    public var riskFreeRate: Double?
    /// Continuous annual dividend yield, fraction.
    public var dividendYield: Double?
    public var vixFutures: VIXFuturesCurve
    /// Cboe's published SOQ, on a monthly settlement day the data's table covers.
    public var spxSOQ: Double? = nil
}

// MARK: - Building

extension MarketHistory {
    /// Reads and aligns the history from `directory`'s files (``DataFile/historyInputs``, and
    /// the table of published SOQs where the directory has one).
    ///
    /// - Throws: ``SeriesInputError`` for an unreadable file, `TabularError` for bad content.
    public static func load(from directory: DataDirectory, options: Options = Options()) throws -> MarketHistory {
        let clock = ContinuousClock()
        let start = clock.now
        let inputs = Dictionary(uniqueKeysWithValues: DataFile.historyInputs.map { ($0, directory.path(of: $0)) })
        var loaded = try LoadedInputs(inputs)
        loaded.settlementQuotations = try SpecialOpeningQuotations.load(from: directory)
        let quotationsPath = loaded.settlementQuotations.map { _ in directory.path + "/" + SpecialOpeningQuotations.relativePath }
        return build(from: loaded, options: options, inputs: inputs, settlementQuotationsPath: quotationsPath,
                     started: start, clock: clock)
    }

    /// One parsed input file.
    enum ParsedInput: Sendable {
        case daily(DailySeries)
        case dividends(MonthlyDividendYield)
        case futures(VIXFuturesHistory)
    }

    /// The parsed input files of the history.
    struct LoadedInputs: Sendable {
        var spx, vix, vix9d, vix3m, vvix, skew, treasuryBill: DailySeries
        var dividends: MonthlyDividendYield
        var futures: VIXFuturesHistory
        /// Optional: nil where the directory has no table.
        var settlementQuotations: SpecialOpeningQuotations?

        /// Parses every file, in parallel because each is independent; the first failure in
        /// ``DataFile/historyInputs`` order is thrown, so the error is the same on every run.
        init(_ paths: [DataFile: String]) throws {
            let files = DataFile.historyInputs
            let results = ParallelSlots<Result<ParsedInput, any Error>>(count: files.count)
            DispatchQueue.concurrentPerform(iterations: files.count) { k in
                results[k] = Result { try LoadedInputs.parse(files[k], at: paths[files[k]]!) }
            }
            var parsed: [DataFile: ParsedInput] = [:]
            for k in files.indices { parsed[files[k]] = try results[k]!.get() }
            func daily(_ file: DataFile) -> DailySeries {
                guard case let .daily(series) = parsed[file] else { preconditionFailure("\(file) is not a daily series") }
                return series
            }
            guard case let .dividends(dividends) = parsed[.dividendYieldMonthly],
                  case let .futures(futures) = parsed[.vixFuturesDaily] else { preconditionFailure("inputs out of sync") }
            self.init(spx: daily(.spxDaily), vix: daily(.vixDaily), vix9d: daily(.vix9dDaily), vix3m: daily(.vix3mDaily),
                      vvix: daily(.vvixDaily), skew: daily(.skewDaily), treasuryBill: daily(.treasuryBillFRED),
                      dividends: dividends, futures: futures)
        }

        init(spx: DailySeries, vix: DailySeries, vix9d: DailySeries, vix3m: DailySeries, vvix: DailySeries,
             skew: DailySeries, treasuryBill: DailySeries, dividends: MonthlyDividendYield, futures: VIXFuturesHistory) {
            (self.spx, self.vix, self.vix9d, self.vix3m, self.vvix, self.skew) = (spx, vix, vix9d, vix3m, vvix, skew)
            (self.treasuryBill, self.dividends, self.futures) = (treasuryBill, dividends, futures)
        }

        static func parse(_ file: DataFile, at path: String) throws -> ParsedInput {
            switch file {
            case .vixFuturesDaily: .futures(try VIXFuturesHistory.load(contentsOf: path))
            case .dividendYieldMonthly, .shillerMonthlyRaw: .dividends(try MonthlyDividendYield.load(contentsOf: path))
            default: .daily(try DailySeries.load(contentsOf: path, name: file.seriesName))
            }
        }
    }

    static func build(from loaded: LoadedInputs, options: Options, inputs: [DataFile: String],
                      settlementQuotationsPath: String?, started: ContinuousClock.Instant,
                      clock: ContinuousClock) -> MarketHistory {
        let range = options.firstDay ... options.lastDay
        // The days are the SPX file's sessions in range that have a close.
        let spxRows = loaded.spx.dates.indices.filter { range.contains(loaded.spx.dates[$0]) && loaded.spx.close[$0] != nil }
        let dates = spxRows.map { loaded.spx.dates[$0] }
        var coverage: [MarketSeries: SeriesCoverage] = [:]
        var anomalies: [MarketSeries: [SeriesAnomaly]] = [:]

        func align(_ series: DailySeries, as id: MarketSeries) -> [Int?] {
            let (positions, extras) = Alignment.positions(of: series.dates, on: dates, within: range)
            anomalies[id] = series.anomalies.filter { range.contains($0.date) }
            coverage[id] = Alignment.coverage(of: id, source: series.source, dates: dates,
                                              hasValue: positions.map { $0.map { series.close.isPresent(at: $0) } ?? false },
                                              extraDates: extras, carried: [])
            return positions
        }
        func bars(_ series: DailySeries, _ positions: [Int?]) -> PriceBars {
            let close = Alignment.gather(series.close, positions)
            return PriceBars(open: series.open.map { Alignment.gather($0, positions) } ?? .missing(count: dates.count),
                             high: series.high.map { Alignment.gather($0, positions) } ?? .missing(count: dates.count),
                             low: series.low.map { Alignment.gather($0, positions) } ?? .missing(count: dates.count),
                             close: close)
        }

        let spx = bars(loaded.spx, align(loaded.spx, as: .spx))
        let vix = bars(loaded.vix, align(loaded.vix, as: .vix))
        let vix9d = Alignment.gather(loaded.vix9d.close, align(loaded.vix9d, as: .vix9d))
        let vix3m = Alignment.gather(loaded.vix3m.close, align(loaded.vix3m, as: .vix3m))
        let vvix = Alignment.gather(loaded.vvix.close, align(loaded.vvix, as: .vvix))
        let skew = Alignment.gather(loaded.skew.close, align(loaded.skew, as: .skew))

        let (rate, rateCoverage) = Alignment.riskFreeRate(loaded.treasuryBill, on: dates)
        coverage[.riskFreeRate] = rateCoverage
        let (dividend, dividendCoverage) = Alignment.dividendYield(loaded.dividends, on: dates,
                                                                   lagMonths: options.dividendPublicationLagMonths)
        coverage[.dividendYield] = dividendCoverage

        let futures = loaded.futures.aligned(to: dates)
        let futureExtras = loaded.futures.dates.filter { range.contains($0) && !Alignment.contains(dates, $0) }
        coverage[.vixFutures] = Alignment.coverage(
            of: .vixFutures, source: loaded.futures.source, dates: dates,
            hasValue: dates.indices.map { futures.curve(at: $0).contains { $0.settle != nil } },
            extraDates: futureExtras, carried: [])

        // A published SOQ belongs to a session; a date in range that is none is kept aside.
        var soq = [Double?](repeating: nil, count: dates.count)
        var soqOffSession: [TradingDate] = []
        if let quotations = loaded.settlementQuotations {
            let (positions, extras) = Alignment.positions(of: quotations.dates, on: dates, within: range)
            for (i, row) in positions.enumerated() { soq[i] = row.map { quotations.levels[$0] } }
            soqOffSession = extras
        }

        return MarketHistory(
            options: options, dates: dates, spx: spx, vix: vix, vix9d: vix9d, vix3m: vix3m, vvix: vvix, skew: skew,
            riskFreeRate: rate, dividendYield: dividend, vixFutures: futures,
            settlementQuotations: AlignedSettlementQuotations(levels: SeriesColumn(soq), path: settlementQuotationsPath,
                                                              offSession: soqOffSession),
            coverage: coverage, calendarNotes: SessionCrossCheck.notes(sessions: dates, within: range),
            anomalies: anomalies, inputs: inputs, loadDuration: clock.now - started)
    }
}

/// Results written by concurrent workers, one slot each.
package final class ParallelSlots<Value>: @unchecked Sendable {
    // Each index is written by exactly one worker and read only after all have finished.
    private var slots: [Value?]
    private let lock = NSLock()
    package init(count: Int) { slots = Array(repeating: nil, count: count) }
    package subscript(index: Int) -> Value? {
        get { lock.lock(); defer { lock.unlock() }; return slots[index] }
        set { lock.lock(); defer { lock.unlock() }; slots[index] = newValue }
    }
}

/// Aligning series with the sessions.
enum Alignment {
    static func contains(_ sorted: [TradingDate], _ date: TradingDate) -> Bool {
        sorted.sortedIndex(of: date) != nil
    }

    /// For each session, the row of `seriesDates` on that day (nil if none); and the rows in
    /// `range` that fall on no session.
    static func positions(of seriesDates: [TradingDate], on sessions: [TradingDate],
                          within range: ClosedRange<TradingDate>) -> (positions: [Int?], extras: [TradingDate]) {
        var positions = [Int?](repeating: nil, count: sessions.count)
        var extras: [TradingDate] = []
        var s = 0
        for (row, date) in seriesDates.enumerated() where range.contains(date) {
            while s < sessions.count && sessions[s] < date { s += 1 }
            if s < sessions.count && sessions[s] == date {
                positions[s] = row
            } else {
                extras.append(date)
            }
        }
        return (positions, extras)
    }

    static func gather(_ column: SeriesColumn, _ positions: [Int?]) -> SeriesColumn {
        SeriesColumn(positions.map { $0.flatMap { column[$0] } })
    }

    static func coverage(of series: MarketSeries, source: String, dates: [TradingDate], hasValue: [Bool],
                         extraDates: [TradingDate], carried: [CarriedValue]) -> SeriesCoverage {
        let first = hasValue.firstIndex(of: true)
        let last = hasValue.lastIndex(of: true)
        var gaps: [TradingDate] = []
        if let first, let last {
            for i in first ... last where !hasValue[i] { gaps.append(dates[i]) }
        }
        return SeriesCoverage(
            series: series, source: source,
            firstDate: first.map { dates[$0] }, lastDate: last.map { dates[$0] },
            sessionsWithValue: hasValue.reduce(0) { $0 + ($1 ? 1 : 0) },
            sessionsBeforeFirst: first ?? dates.count,
            sessionsAfterLast: last.map { dates.count - 1 - $0 } ?? 0,
            gaps: gaps, extraDates: extraDates, carried: carried)
    }

    /// The rate of each session: the DTB3 quote of that day, or else of the latest earlier day
    /// with one (bond-market holidays such as Columbus Day are SPX sessions), converted to a
    /// continuous rate.
    static func riskFreeRate(_ bill: DailySeries, on dates: [TradingDate]) -> (SeriesColumn, SeriesCoverage) {
        var values: [Double?] = []
        var carried: [CarriedValue] = []
        var row = -1
        for date in dates {
            while row + 1 < bill.count && bill.dates[row + 1] <= date { row += 1 }
            // The latest row on or before the day whose value is present.
            var source = row
            while source >= 0 && bill.close[source] == nil { source -= 1 }
            guard source >= 0, let quote = bill.close[source] else {
                values.append(nil)
                continue
            }
            if bill.dates[source] != date { carried.append(CarriedValue(date: date, origin: .day(bill.dates[source]))) }
            values.append(RateConversion.continuousRate(discountPercent: quote))
        }
        // Bond-market days that are not SPX sessions are simply not used; they are not listed.
        let coverage = Alignment.coverage(of: .riskFreeRate, source: bill.source, dates: dates,
                                          hasValue: values.map { $0 != nil }, extraDates: [], carried: carried)
        return (SeriesColumn(values), coverage)
    }

    /// The yield of each session: that of the month `lagMonths` before the session's month,
    /// or, past the file's end, the latest published month (recorded as carried).
    static func dividendYield(_ yields: MonthlyDividendYield, on dates: [TradingDate],
                              lagMonths: Int) -> (SeriesColumn, SeriesCoverage) {
        var values: [Double?] = []
        var carried: [CarriedValue] = []
        for date in dates {
            let wanted = YearMonth(date).adding(months: -lagMonths)
            guard let k = yields.lastIndex(onOrBefore: wanted) else {
                values.append(nil)
                continue
            }
            if yields.months[k] != wanted { carried.append(CarriedValue(date: date, origin: .month(yields.months[k]))) }
            values.append(RateConversion.continuousDividendYield(simplePercent: yields.yieldPercent[k]))
        }
        let coverage = Alignment.coverage(of: .dividendYield, source: yields.source, dates: dates,
                                          hasValue: values.map { $0 != nil }, extraDates: [], carried: carried)
        return (SeriesColumn(values), coverage)
    }
}

/// Comparing the SPX file's sessions with the exchange calendar.
enum SessionCrossCheck {
    /// Notes on sessions that the calendar and the file disagree on (empty when they agree).
    static func notes(sessions: [TradingDate], within range: ClosedRange<TradingDate>,
                      calendar: TradingCalendar = .nyse) -> [String] {
        let expected = calendar.tradingDays(from: range.lowerBound, through: range.upperBound)
        let have = Set(sessions)
        let want = Set(expected)
        let missing = expected.filter { !have.contains($0) }
        let unexpected = sessions.filter { !want.contains($0) }
        var notes: [String] = []
        if !missing.isEmpty {
            notes.append("NYSE sessions without an SPX row (\(missing.count)): " + DateList.summary(missing))
        }
        if !unexpected.isEmpty {
            notes.append("SPX rows on days the NYSE calendar has closed (\(unexpected.count)): " + DateList.summary(unexpected))
        }
        return notes
    }
}

/// Printing lists of dates compactly.
enum DateList {
    /// Up to `limit` dates, then how many more.
    static func summary(_ dates: [TradingDate], limit: Int = 12) -> String {
        let shown = dates.prefix(limit).map(\.description).joined(separator: ", ")
        return dates.count > limit ? shown + ", ... (\(dates.count - limit) more)" : shown
    }
}
