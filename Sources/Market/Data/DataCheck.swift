import Foundation
import Tabular

/// Validation of a market-data directory, with a printable coverage report.
///
/// Errors make the data unfit for a backtest: an expected file missing or unparseable, a
/// checksum mismatch, the SPX sessions disagreeing with the NYSE calendar, or a session
/// without SPX, VIX, rate, dividend yield or VIX futures. Warnings are known, documented
/// shortcomings (younger indices starting late, OHLC anomalies, carried slow series).
public enum DataCheck {
    /// Resolves the data directory by ``DataDirectory/resolve(explicit:environment:currentDirectory:)``
    /// (`directory` is the `--data` value, if any), checks it, and returns the printable report
    /// and whether the data passed (no errors).
    public static func run(directory: String?, allowModifiedData: Bool = false) -> (report: String, ok: Bool) {
        do {
            let resolved = try DataDirectory.resolve(explicit: directory)
            return run(directory: resolved, allowModifiedData: allowModifiedData)
        } catch {
            return ("data check: \(error)\n", false)
        }
    }

    /// Checks `directory`; the report and whether it passed.
    public static func run(directory: DataDirectory, options: MarketHistory.Options = .init(),
                           allowModifiedData: Bool = false) -> (report: String, ok: Bool) {
        let result = check(directory, options: options, allowModifiedData: allowModifiedData)
        return (result.text, result.ok)
    }

    /// Checks every expected file, the checksums and the history's coverage.
    ///
    /// - Parameter allowModifiedData: report the checksum problems (``DataIntegrity``) as
    ///   warnings instead of errors.
    public static func check(_ directory: DataDirectory, options: MarketHistory.Options = .init(),
                             allowModifiedData: Bool = false) -> DataCheckReport {
        var report = DataCheckReport(directory: directory, options: options)
        report.checksums = verifyChecksums(in: directory)
        report.checksums.allowModified = allowModifiedData
        for file in DataFile.allCases {
            report.files.append(inspect(file, in: directory))
        }
        do {
            report.history = try MarketHistory.load(from: directory, options: options)
        } catch {
            report.historyError = "\(error)"
        }
        report.crossChecks = crossChecks(report)
        return report
    }

    // MARK: - Files

    static func inspect(_ file: DataFile, in directory: DataDirectory) -> DataCheckReport.FileStatus {
        let path = directory.path(of: file)
        var status = DataCheckReport.FileStatus(file: file, path: path)
        guard directory.contains(file) else {
            status.problem = "missing"
            return status
        }
        status.isPresent = true
        do {
            switch file {
            case .checksums:
                status.summary = "sha256sum list"
            case .vixFuturesDaily:
                let futures = try VIXFuturesHistory.load(contentsOf: path)
                status.rows = futures.contractRowCount
                status.firstDate = futures.dates.first
                status.lastDate = futures.dates.last
                status.summary = "\(Report.count(futures.dates.count)) days of VX contracts"
            case .vixFuturesFront3:
                let term = try VIXTermStructure.load(contentsOf: path)
                status.rows = term.dates.count
                status.firstDate = term.dates.first
                status.lastDate = term.dates.last
                status.summary = "VX1-VX\(term.expirations.count) term structure"
            case .dividendYieldMonthly, .shillerMonthlyRaw:
                let yields = try MonthlyDividendYield.load(contentsOf: path)
                status.rows = yields.months.count + yields.unpublishedMonths.count
                status.summary = "monthly \(yields.months.first.map(\.description) ?? "-")..\(yields.months.last.map(\.description) ?? "-")"
                    + (yields.unpublishedMonths.isEmpty ? "" : ", \(yields.unpublishedMonths.count) months without a dividend (not yet published)")
            default:
                let series = try DailySeries.load(contentsOf: path, name: file.seriesName)
                status.rows = series.count + series.skippedDates.count
                status.firstDate = series.dates.first
                status.lastDate = series.dates.last
                status.anomalies = series.anomalies
                var notes = [series.layout.description]
                if !series.skippedDates.isEmpty { notes.append("\(series.skippedDates.count) rows without a value skipped") }
                let missing = ([series.open, series.high, series.low].compactMap { $0 } + [series.close]).map(\.missingCount).reduce(0, +)
                if missing > 0 { notes.append("\(missing) blank values") }
                status.summary = notes.joined(separator: "; ")
            }
        } catch {
            // The report names the file beside the problem.
            status.problem = errorText(error, within: path)
        }
        return status
    }

    static func verifyChecksums(in directory: DataDirectory) -> DataCheckReport.Checksums {
        let integrity = DataIntegrity.verify(directory)
        var result = DataCheckReport.Checksums()
        result.integrity = integrity
        result.listed = integrity.listed
        result.matching = integrity.matching
        for problem in integrity.problems {
            switch problem {
            case let .mismatch(_, path, _, _), let .unreadable(_, path, _): result.mismatched.append(path)
            case let .missing(_, path): result.missing.append(path)
            default: break
            }
        }
        let listedPaths = Set(integrity.listedPaths)
        result.expectedButUnlisted = DataFile.allCases.filter { $0 != .checksums && !listedPaths.contains($0.relativePath) }
        return result
    }

    // MARK: - Cross-checks

    /// Agreement of files that hold the same series from different sources, over the range.
    static func crossChecks(_ report: DataCheckReport) -> [DataCheckReport.CrossCheck] {
        let range = report.options.firstDay ... report.options.lastDay
        let pairs: [(DataFile, DataFile, Double)] = [
            (.spxDaily, .spxYahooRaw, 0.005),
            (.spxDaily, .spxCrossCheckYahoo, 0.005),
            (.vixDaily, .vixCBOE, 0.005),
        ]
        var lines: [DataCheckReport.CrossCheck] = []
        for (primary, other, tolerance) in pairs {
            guard let a = try? DailySeries.load(contentsOf: report.directory.path(of: primary)),
                  let b = try? DailySeries.load(contentsOf: report.directory.path(of: other)) else { continue }
            var common = 0
            var worst = 0.0
            var differing: [TradingDate] = []
            for (i, date) in a.dates.enumerated() where range.contains(date) {
                guard let j = b.index(of: date), let x = a.close[i], let y = b.close[j] else { continue }
                common += 1
                worst = max(worst, abs(x - y))
                if abs(x - y) > tolerance { differing.append(date) }
            }
            lines.append(.init(
                summary: "\(primary) vs \(other): \(common) common days, max |close difference| "
                    + String(format: "%.4f", worst)
                    + (differing.isEmpty ? "" : "; \(differing.count) beyond \(tolerance): " + DateList.summary(differing)),
                agrees: differing.isEmpty))
        }
        if let history = report.history,
           let term = try? VIXTermStructure.load(contentsOf: report.directory.path(of: .vixFuturesFront3)) {
            var compared = 0
            var differing: [TradingDate] = []
            for (i, date) in history.dates.enumerated() {
                guard let front = term.front(on: date) else { continue }
                compared += 1
                // The term-structure file carries binary artefacts of the pre-2007 rescaling
                // (13.830000000000002 for 13.83), so settles are compared to a tolerance.
                let mine = history.vixFutures.curve(at: i).front
                let agree = mine?.expiration == front.expiration
                    && abs((mine?.settle ?? .infinity) - (front.settle ?? .infinity)) < 1e-9
                if !agree { differing.append(date) }
            }
            lines.append(.init(
                summary: "VX front contract (curve) vs \(DataFile.vixFuturesFront3): \(compared) sessions compared"
                    + (differing.isEmpty ? ", all agree" : ", \(differing.count) differ: " + DateList.summary(differing)),
                agrees: differing.isEmpty))
        }
        return lines
    }
}

/// The result of ``DataCheck/check(_:options:)``.
public struct DataCheckReport: Sendable {
    /// One expected file.
    public struct FileStatus: Sendable {
        public var file: DataFile
        public var path: String
        public var isPresent = false
        /// Why the file is unusable (missing or its first parse error); nil when it loads.
        public var problem: String?
        /// Data rows (header excluded; FRED blanks and unpublished months included).
        public var rows: Int?
        public var firstDate: TradingDate?
        public var lastDate: TradingDate?
        public var summary = ""
        public var anomalies: [SeriesAnomaly] = []
    }

    /// The outcome of verifying `SHA256SUMS`.
    public struct Checksums: Sendable {
        public var listed = 0
        public var matching = 0
        public var mismatched: [String] = []
        /// Listed but absent.
        public var missing: [String] = []
        /// Expected files that the list does not cover.
        public var expectedButUnlisted: [DataFile] = []
        /// Why verification was incomplete, when it was.
        public var note: String?
        /// The verification itself; nil before it ran.
        public var integrity: DataIntegrity?
        /// Whether the problems are reported as warnings (`--allow-modified-data`).
        public var allowModified = false

        /// Every checksum problem, as printed.
        public var problems: [String] { integrity?.problems.map(\.description) ?? [] }
    }

    public var directory: DataDirectory
    public var options: MarketHistory.Options
    public var files: [FileStatus] = []
    public var checksums = Checksums()
    /// The aligned history, when it could be built.
    public var history: MarketHistory?
    public var historyError: String?
    /// Agreement of two files holding the same series.
    public struct CrossCheck: Sendable {
        public var summary: String
        public var agrees: Bool
    }

    public var crossChecks: [CrossCheck] = []

    /// Files a backtest does not read but `validate` does (the real option chains, the
    /// strategy indices) that could not be parsed, each naming its file, row and column: filled
    /// by the caller that can read them (`spx30dte data check`), reported as warnings.
    public var validationInputProblems: [String] = []

    init(directory: DataDirectory, options: MarketHistory.Options) {
        self.directory = directory
        self.options = options
    }

    /// The series every session needs; a gap in one of them is an error.
    public static let requiredSeries: Set<MarketSeries> = [.spx, .vix, .riskFreeRate, .dividendYield, .vixFutures]

    /// Everything that makes the data unfit for a backtest.
    public var errors: [String] {
        var errors: [String] = []
        for status in files {
            if let problem = status.problem { errors.append("\(status.file): \(problem)") }
        }
        if !checksums.allowModified { errors += checksums.problems }
        if let historyError { errors.append("history: \(historyError)") }
        if let history {
            errors += history.calendarNotes.map { "calendar: \($0)" }
            errors += history.settlementQuotationsOffSession.map { "\(SpecialOpeningQuotations.relativePath): \($0) is not an SPX session" }
            for series in MarketSeries.allCases where Self.requiredSeries.contains(series) {
                guard let coverage = history.coverage[series] else { continue }
                let missing = history.count - coverage.sessionsWithValue
                if missing > 0 { errors.append("\(series): no value on \(missing) of \(history.count) sessions") }
            }
        }
        return errors
    }

    /// Known shortcomings worth reading but not fatal.
    public var warnings: [String] {
        var warnings: [String] = []
        if let note = checksums.note { warnings.append(note) }
        if checksums.allowModified {
            warnings += checksums.problems.map { "\($0) (allowed by --allow-modified-data)" }
        }
        warnings += crossChecks.filter { !$0.agrees }.map { "cross-check: " + $0.summary }
        warnings += checksums.expectedButUnlisted.map { "\($0): not listed in SHA256SUMS (not verified)" }
        warnings += validationInputProblems.map { "\($0) (validate reads it; a backtest does not)" }
        if let history {
            for series in MarketSeries.allCases where !Self.requiredSeries.contains(series) {
                guard let coverage = history.coverage[series] else { continue }
                if !coverage.gaps.isEmpty { warnings.append("\(series): \(coverage.gaps.count) gaps") }
                if coverage.sessionsBeforeFirst > 0 { warnings.append("\(series): starts \(coverage.firstDate.map(\.description) ?? "never"), \(coverage.sessionsBeforeFirst) sessions earlier without it") }
            }
            for (series, anomalies) in history.anomalies where !anomalies.isEmpty {
                warnings.append("\(series): \(anomalies.count) OHLC anomalies in range")
            }
            for series in [MarketSeries.riskFreeRate, .dividendYield] {
                if let carried = history.coverage[series]?.carried, !carried.isEmpty {
                    warnings.append("\(series): \(carried.count) sessions use an earlier published value")
                }
            }
        }
        return warnings
    }

    /// Whether the data passed: no errors.
    public var ok: Bool { errors.isEmpty }

    /// The report as printed by `spx30dte data check`.
    public var text: String {
        var out = "SPX30DTE data check: \(directory.path)\n\n"
        out += fileSection()
        out += historySection()
        if !crossChecks.isEmpty {
            out += "\nCross-checks\n" + crossChecks.map { "  " + $0.summary + "\n" }.joined()
        }
        let errors = errors
        let warnings = warnings
        if !warnings.isEmpty { out += "\nWarnings\n" + warnings.map { "  - " + $0 + "\n" }.joined() }
        if !errors.isEmpty { out += "\nErrors\n" + errors.map { "  - " + $0 + "\n" }.joined() }
        out += "\nResult: \(ok ? "OK" : "FAILED") (\(errors.count) errors, \(warnings.count) warnings)\n"
        return out
    }

    private func fileSection() -> String {
        let present = files.filter(\.isPresent).count
        let parsed = files.filter { $0.isPresent && $0.problem == nil }.count
        var out = "Files: \(files.count) expected, \(present) present, \(parsed) parsed; "
        out += "SHA256SUMS: \(checksums.listed) listed, \(checksums.matching) match"
        out += checksums.mismatched.isEmpty ? "" : ", \(checksums.mismatched.count) DIFFER"
        out += checksums.missing.isEmpty ? "" : ", \(checksums.missing.count) missing"
        if let integrity = checksums.integrity {
            out += String(format: " (%.1f MB hashed in %.3f s)", Double(integrity.bytesHashed) / 1e6,
                          Double(integrity.duration.components.seconds) + Double(integrity.duration.components.attoseconds) / 1e18)
        }
        out += "\n"
        let width = files.map(\.file.relativePath.count).max() ?? 0
        for status in files {
            let name = status.file.relativePath.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "  \(name)  "
            if let problem = status.problem {
                line += "ERROR: \(problem)"
            } else {
                line += (status.rows.map { Report.count($0) + " rows" } ?? "").leftPadded(12)
                if let first = status.firstDate, let last = status.lastDate { line += "  \(first)..\(last)" }
                if !status.summary.isEmpty { line += "  " + status.summary }
                if !status.anomalies.isEmpty { line += "; \(status.anomalies.count) OHLC anomalies" }
            }
            out += line + "\n"
        }
        return out
    }

    private func historySection() -> String {
        guard let history else { return "\nHistory: not built (\(historyError ?? "unknown error"))\n" }
        var out = "\nHistory \(options.firstDay)..\(options.lastDay): \(Report.count(history.count)) SPX sessions"
        out += " \(history.dates.first.map(\.description) ?? "-")..\(history.dates.last.map(\.description) ?? "-")"
        out += history.calendarNotes.isEmpty ? ", identical to the NYSE calendar" : ", DIFFERENT from the NYSE calendar"
        out += "; loaded in \(Report.milliseconds(history.loadDuration))\n"
        out += "  series  first       last        sessions  before  after  gaps  extra  carried  source\n"
        for series in MarketSeries.allCases {
            guard let c = history.coverage[series] else { continue }
            out += "  " + series.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
            out += "  " + (c.firstDate?.description ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0)
            out += "  " + (c.lastDate?.description ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0)
            out += String(c.sessionsWithValue).leftPadded(10) + String(c.sessionsBeforeFirst).leftPadded(8)
            out += String(c.sessionsAfterLast).leftPadded(7) + String(c.gaps.count).leftPadded(6)
            out += String(c.extraDates.count).leftPadded(7) + String(c.carried.count).leftPadded(9)
            out += "  " + (c.source.split(separator: "/").suffix(2).joined(separator: "/")) + "\n"
        }
        let soqDays = history.publishedSOQDays
        if let first = soqDays.first, let last = soqDays.last {
            out += "  published SOQ (AM settlement): \(soqDays.count) sessions \(first)..\(last)  \(SpecialOpeningQuotations.relativePath)\n"
        } else {
            out += "  published SOQ (AM settlement): no table; AM series settle at the SPX open\n"
        }
        let coverages = MarketSeries.allCases.compactMap { history.coverage[$0] }
        let gapped = coverages.filter { !$0.gaps.isEmpty }
        if !gapped.isEmpty {
            out += "\nGaps (sessions without a value between a series' first and last):\n"
            for c in gapped { out += "  \(c.series): \(c.gaps.count): \(DateList.summary(c.gaps))\n" }
        }
        let extra = coverages.filter { !$0.extraDates.isEmpty }
        if !extra.isEmpty {
            out += "\nRows on days that are not SPX sessions (not used):\n"
            for c in extra { out += "  \(c.series): \(c.extraDates.count): \(DateList.summary(c.extraDates, limit: 30))\n" }
        }
        let carried = coverages.filter { !$0.carried.isEmpty }
        if !carried.isEmpty {
            out += "\nCarried forward (an earlier published value used; never a later one):\n"
            for c in carried {
                let shown = c.carried.prefix(8).map(\.description).joined(separator: ", ")
                out += "  \(c.series): \(c.carried.count) sessions, \(c.carried.first!.date)..\(c.carried.last!.date): \(shown)"
                out += c.carried.count > 8 ? ", ...\n" : "\n"
            }
        }
        let anomalies = history.anomalies.filter { !$0.value.isEmpty }.sorted { $0.key.rawValue < $1.key.rawValue }
        if !anomalies.isEmpty {
            out += "\nOHLC anomalies in range (rows kept):\n"
            for (series, list) in anomalies {
                out += "  \(series): \(list.count): " + list.prefix(6).map(\.description).joined(separator: "; ") + "\n"
            }
        }
        let anomalousFiles = files.filter { !$0.anomalies.isEmpty }
        if !anomalousFiles.isEmpty {
            out += "\nOHLC anomalies in the files (rows kept; the history reads the cleaned files):\n"
        }
        for status in anomalousFiles {
            out += "  \(status.file): \(status.anomalies.count) in the whole file, e.g. "
                + status.anomalies.suffix(3).map(\.description).joined(separator: "; ") + "\n"
        }
        out += "\nSeries available by day (runs of sessions with the same set):\n"
        for run in availabilityRuns(history) {
            out += "  \(run.first)..\(run.last)  " + String(run.count).leftPadded(5) + " sessions  "
                + run.series.map(\.rawValue).joined(separator: " ") + "\n"
        }
        return out
    }

    /// Consecutive sessions grouped by the set of series that have a value on them.
    public func availabilityRuns(_ history: MarketHistory) -> [(first: TradingDate, last: TradingDate, count: Int, series: [MarketSeries])] {
        func available(_ i: Int) -> [MarketSeries] {
            var set: [MarketSeries] = [.spx]
            let columns: [(MarketSeries, SeriesColumn)] = [
                (.vix, history.vix.close), (.vix9d, history.vix9d), (.vix3m, history.vix3m), (.vvix, history.vvix),
                (.skew, history.skew), (.riskFreeRate, history.riskFreeRate), (.dividendYield, history.dividendYield),
            ]
            for (series, column) in columns where column.isPresent(at: i) { set.append(series) }
            if history.vixFutures.curve(at: i).contains(where: { $0.settle != nil }) { set.append(.vixFutures) }
            return set
        }
        var runs: [(first: TradingDate, last: TradingDate, count: Int, series: [MarketSeries])] = []
        for i in history.dates.indices {
            let set = available(i)
            if let last = runs.last, last.series == set {
                runs[runs.count - 1].last = history.dates[i]
                runs[runs.count - 1].count += 1
            } else {
                runs.append((history.dates[i], history.dates[i], 1, set))
            }
        }
        return runs
    }
}

/// Number formatting for reports.
enum Report {
    /// `5283` as `5,283`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (k, character) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.0f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
