import Tabular

/// A daily price series as read from one file: dates ascending, one value per column per date.
///
/// Struct-of-arrays: `dates[i]` goes with `close[i]`, `open?[i]` and so on. Every value may be
/// missing (see ``SeriesColumn``); a single-valued series (SKEW, VVIX, a FRED rate) has only
/// `close` and no open/high/low.
public struct DailySeries: Sendable {
    /// A short name for reports, e.g. `VIX`.
    public var name: String
    /// The file the series was read from, as named to the loader.
    public var source: String
    /// The layout recognised from the file's header.
    public var layout: SeriesLayout
    /// Strictly ascending dates, one per row kept.
    public var dates: [TradingDate]
    /// Opening values; nil for a single-valued series.
    public var open: SeriesColumn?
    /// Daily highs; nil for a single-valued series.
    public var high: SeriesColumn?
    /// Daily lows; nil for a single-valued series.
    public var low: SeriesColumn?
    /// Closing values (for a single-valued series: its value).
    public var close: SeriesColumn
    /// Traded volume where the file has it (Yahoo-style and clean SPX files).
    public var volume: SeriesColumn?
    /// Dates whose row had no value at all (FRED's holiday blanks), left out of `dates`.
    public var skippedDates: [TradingDate]
    /// Rows that load but look wrong: an open or close outside the day's [low, high].
    public var anomalies: [SeriesAnomaly]

    /// The number of dates.
    public var count: Int { dates.count }

    /// The position of `date` in `dates`, or nil when the series has no row that day.
    public func index(of date: TradingDate) -> Int? {
        dates.sortedIndex(of: date)
    }

    /// The position of the last date on or before `date`, or nil when every date is later.
    public func indexOfLast(onOrBefore date: TradingDate) -> Int? {
        let position = dates.sortedInsertionIndex(of: date)
        if position < dates.count && dates[position] == date { return position }
        return position == 0 ? nil : position - 1
    }

    /// The close (the value) on `date`; nil when the date has no row or its close is missing.
    public func close(on date: TradingDate) -> Double? {
        index(of: date).flatMap { close[$0] }
    }
}

/// A row that loaded but whose values contradict each other.
public struct SeriesAnomaly: Sendable, Hashable, CustomStringConvertible {
    public var date: TradingDate
    /// The 1-based line in the source file.
    public var line: Int
    /// What is wrong, e.g. `OPEN 2.58 outside [LOW 14.02, HIGH 14.75]`.
    public var detail: String

    public var description: String { "\(date) (line \(line)): \(detail)" }
}

/// The public file layouts a daily series is read from, recognised by the header.
public enum SeriesLayout: Sendable, Hashable, CustomStringConvertible {
    /// CBOE index history: `DATE,OPEN,HIGH,LOW,CLOSE`, dates `MM/DD/YYYY`.
    case cboe
    /// CBOE single-valued history, `DATE,<NAME>` (e.g. `DATE,SKEW`, `DATE,VVIX`).
    case cboeSingleValue(column: String)
    /// Yahoo Finance download: `Date,Open,High,Low,Close,Adj Close,Volume`, dates ISO or
    /// `M/D/YYYY`. The index level is `Close`; `Adj Close` is ignored.
    case yahoo
    /// FRED graph download: `observation_date,<SERIES>`; blank or `.` values are holidays.
    case fred(column: String)
    /// The project's cleaned files: lower-case `date,open,high,low,close[,volume]` or
    /// `date,<value>`, ISO dates, optional `spx_session` flag (ignored).
    case clean

    public var description: String {
        switch self {
        case .cboe: "CBOE DATE,OPEN,HIGH,LOW,CLOSE"
        case let .cboeSingleValue(column): "CBOE DATE,\(column)"
        case .yahoo: "Yahoo Date,Open,High,Low,Close,Adj Close,Volume"
        case let .fred(column): "FRED observation_date,\(column)"
        case .clean: "clean date,..."
        }
    }

    /// The layout of a file with `header`, or nil when it is none of the known ones.
    public static func detect(header: [String]) -> SeriesLayout? {
        let keys = header.map { $0.lowercased() }
        guard let first = keys.first else { return nil }
        let hasOHLC = ["open", "high", "low", "close"].allSatisfy(keys.contains)
        if first == "observation_date", header.count == 2 { return .fred(column: header[1]) }
        guard first == "date" else { return nil }
        if keys.contains("adj close") { return hasOHLC ? .yahoo : nil }
        // CBOE spells its headers in capitals; the cleaned files in lower case.
        let isCapitalised = header.allSatisfy { $0 == $0.uppercased() }
        if hasOHLC { return isCapitalised ? .cboe : .clean }
        if isCapitalised { return header.count == 2 ? .cboeSingleValue(column: header[1]) : nil }
        return SeriesReader.singleValueColumn(in: header) == nil ? nil : .clean
    }
}

extension DailySeries {
    /// Reads the daily series in the file at `path` (decompressing `.gz`), recognising its layout
    /// from the header.
    ///
    /// Every row is checked: a date that does not parse or does not follow the previous row's,
    /// text where a number belongs, a non-finite number, or a high below the low throws a
    /// `TabularError` naming the file, the line and the column. A blank value (or FRED's `.`) is
    /// a missing value; a row with every value missing is skipped and its date kept in
    /// ``skippedDates``. An open or close outside [low, high] loads, and is listed in
    /// ``anomalies``.
    ///
    /// - Parameter name: the series' name in reports; defaults to the file's value column
    ///   (`CLOSE` files are named after the file).
    /// - Throws: ``SeriesInputError`` when the file cannot be read, `TabularError` for bad content.
    public static func load(contentsOf path: String, name: String? = nil) throws -> DailySeries {
        try SeriesReader.withFile(path) { file, source throws(TabularError) in
            try SeriesReader.readDaily(file, source: source, name: name)
        }
    }

    /// Reads a series from text already in memory; `sourceName` stands for the file in errors.
    public static func load(sourceName: String, contents: some Collection<UInt8>, name: String? = nil) throws(TabularError) -> DailySeries {
        try SeriesReader.readDaily(CSVFile(name: sourceName, contents: contents), source: sourceName, name: name)
    }
}

/// The parsing shared by every loader of this module.
enum SeriesReader {
    /// Calls `body` with the CSV file at `path` and the name that stands for it in results
    /// and errors (`path` itself). A plain file is mapped; a `.gz` file is decompressed by
    /// gzip into an unlinked temporary file, which is then mapped the same way, so neither
    /// path copies the text through memory. Errors raised inside name `path`, never the
    /// temporary file.
    static func withFile<T>(_ path: String, _ body: (CSVFile, String) throws(TabularError) -> T) throws -> T {
        guard path.hasSuffix(".gz") else { return try body(CSVFile(path: path), path) }
        let plain = try SeriesInput.decompressedTemporaryFile(of: path)
        let file: CSVFile
        do {
            // The mapping outlives the directory entry, so the file is removed at once.
            defer { SeriesInput.remove(plain) }
            file = try CSVFile(path: plain)
        } catch var error {
            error.file = path
            throw error
        }
        do {
            return try body(file, path)
        } catch var error {
            if error.file == plain { error.file = path }
            throw error
        }
    }

    /// Columns that accompany a value in the cleaned files without being one.
    static let companionColumns: Set<String> = ["date", "spx_session", "volume"]

    /// The one value column of a single-valued clean file (`date,skew,spx_session`).
    static func singleValueColumn(in header: [String]) -> String? {
        let values = header.filter { !companionColumns.contains($0.lowercased()) }
        return values.count == 1 ? values[0] : nil
    }

    /// How a date field is written; decided from the first data row, then required of all.
    static func dateFormat(of row: CSVRow, column: CSVColumn) throws(TabularError) -> CalendarDate.Format {
        try row.withUnsafeBytes(of: column) { $0.contains(UInt8(ascii: "/")) } ? .monthDayYear : .iso
    }

    /// Reads a value that may be missing: blank, or `.` (FRED's marker), is nil; anything else
    /// must be a finite number.
    @inline(__always)
    static func optionalValue(_ row: CSVRow, _ column: CSVColumn) throws(TabularError) -> Double? {
        let isMissing = try row.withUnsafeBytes(of: column) { bytes -> Bool in
            var lower = 0
            var upper = bytes.count
            while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
            while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
            return lower == upper || (upper - lower == 1 && bytes[lower] == UInt8(ascii: "."))
        }
        if isMissing { return nil }
        let value = try row.double(column)
        guard value.isFinite else { throw row.error(column, expected: "a finite number") }
        return value
    }

    /// Checks that `date` follows `previous`, the last kept date.
    @inline(__always)
    static func requireIncreasing(_ date: CalendarDate, after previous: CalendarDate?, row: CSVRow, column: CSVColumn) throws(TabularError) {
        guard let previous, date <= previous else { return }
        let what = date == previous
            ? "a date after \(previous) (this date is repeated)"
            : "a date after \(previous) (dates must increase)"
        throw row.error(column, expected: what)
    }

    static func readDaily(_ file: CSVFile, source: String, name: String?) throws(TabularError) -> DailySeries {
        guard let layout = SeriesLayout.detect(header: file.header) else {
            // A header with part of OPEN/HIGH/LOW/CLOSE is a price file missing a column: say which.
            let keys = Set(file.header.map { $0.lowercased() })
            let prices = ["open", "high", "low", "close"]
            if file.header.first?.lowercased() == "date", let absent = prices.first(where: { !keys.contains($0) }),
               prices.contains(where: keys.contains) {
                let capitalised = file.header.allSatisfy { $0 == $0.uppercased() }
                throw TabularError(file: source, line: file.headerLine,
                                   column: capitalised ? absent.uppercased() : absent.prefix(1).uppercased() + absent.dropFirst(),
                                   reason: .missingColumn)
            }
            throw TabularError(file: source, line: file.headerLine, reason: .expected(
                "a daily-series header (DATE,OPEN,HIGH,LOW,CLOSE; DATE,<NAME>; Date,Open,High,Low,Close,Adj Close,Volume; observation_date,<SERIES>; date,...)",
                found: file.header.joined(separator: ",")))
        }
        let dateColumn = try file.column(file.header[0])
        let valueColumns: [CSVColumn]
        let hasRange: Bool
        switch layout {
        case .cboe, .yahoo:
            valueColumns = try ["open", "high", "low", "close"].map { name throws(TabularError) in try file.column(name) }
            hasRange = true
        case let .cboeSingleValue(column), let .fred(column):
            valueColumns = [try file.column(column)]
            hasRange = false
        case .clean:
            if let close = file.columnIfPresent("close") {
                valueColumns = try ["open", "high", "low"].map { name throws(TabularError) in try file.column(name) } + [close]
                hasRange = true
            } else {
                // `detect` accepted the header, so the single value column exists.
                valueColumns = [try file.column(singleValueColumn(in: file.header) ?? "value")]
                hasRange = false
            }
        }
        let volumeColumn = layout == .cboe ? nil : file.columnIfPresent("volume")

        var dates: [TradingDate] = []
        var values = Array(repeating: [Double](), count: valueColumns.count)
        var present = Array(repeating: [Bool](), count: valueColumns.count)
        var volumes: [Double] = []
        var volumePresent: [Bool] = []
        var skipped: [TradingDate] = []
        var anomalies: [SeriesAnomaly] = []
        var previous: CalendarDate?
        var format: CalendarDate.Format?
        var row = Array<Double?>(repeating: nil, count: valueColumns.count)

        for record in file.rows {
            try record.checkShape()
            let rowFormat: CalendarDate.Format
            if let format { rowFormat = format } else {
                rowFormat = try dateFormat(of: record, column: dateColumn)
                format = rowFormat
            }
            let date = try record.date(dateColumn, format: rowFormat)
            try requireIncreasing(date, after: previous, row: record, column: dateColumn)
            previous = date

            var anyPresent = false
            for k in valueColumns.indices {
                row[k] = try optionalValue(record, valueColumns[k])
                anyPresent = anyPresent || row[k] != nil
            }
            guard anyPresent else {
                skipped.append(TradingDate(date))
                continue
            }
            if hasRange {
                try checkRange(open: row[0], high: row[1], low: row[2], close: row[3], record: record,
                               columns: valueColumns, date: TradingDate(date), anomalies: &anomalies)
            }
            dates.append(TradingDate(date))
            for k in valueColumns.indices {
                values[k].append(row[k] ?? 0)
                present[k].append(row[k] != nil)
            }
            if let volumeColumn {
                let volume = try optionalValue(record, volumeColumn)
                volumes.append(volume ?? 0)
                volumePresent.append(volume != nil)
            }
        }

        let columns = valueColumns.indices.map { SeriesColumn(storage: values[$0], isPresent: present[$0]) }
        return DailySeries(
            name: name ?? defaultName(file: source, layout: layout),
            source: source,
            layout: layout,
            dates: dates,
            open: hasRange ? columns[0] : nil,
            high: hasRange ? columns[1] : nil,
            low: hasRange ? columns[2] : nil,
            close: columns[columns.count - 1],
            volume: volumeColumn == nil ? nil : SeriesColumn(storage: volumes, isPresent: volumePresent),
            skippedDates: skipped,
            anomalies: anomalies)
    }

    /// A high below the low is an error (the row cannot be a real day); an open or close
    /// outside the range is kept and reported, because exchanges publish such rows (CBOE's
    /// known bad VIX opens) and the close is usually still right.
    private static func checkRange(open: Double?, high: Double?, low: Double?, close: Double?, record: CSVRow,
                                   columns: [CSVColumn], date: TradingDate, anomalies: inout [SeriesAnomaly]) throws(TabularError) {
        guard let high, let low else { return }
        if high < low {
            throw record.error(columns[1], expected: "a high not below the low \(low)")
        }
        for (value, column) in [(open, columns[0]), (close, columns[3])] {
            if let value, value < low || value > high {
                anomalies.append(SeriesAnomaly(
                    date: date, line: record.line,
                    detail: "\(column.name) \(value) outside [\(columns[2].name) \(low), \(columns[1].name) \(high)]"))
            }
        }
    }

    /// `VIX` for `VIX_History.csv`, `SKEW` for `DATE,SKEW`, `DTB3` for FRED's DTB3.
    static func defaultName(file: String, layout: SeriesLayout) -> String {
        switch layout {
        case let .cboeSingleValue(column), let .fred(column): return column
        default:
            let base = file.split(separator: "/").last.map(String.init) ?? file
            let stem = base.split(separator: ".").first.map(String.init) ?? base
            for suffix in ["_History", "_daily_clean", "_daily_raw", "_daily"] where stem.hasSuffix(suffix) {
                return String(stem.dropLast(suffix.count)).uppercased()
            }
            return stem
        }
    }
}
