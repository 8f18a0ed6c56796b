import Tabular

/// One listed VIX futures contract on one trading day.
public struct VIXFuture: Sendable, Hashable {
    /// The contract's final settlement date (its expiry Wednesday, or as moved by holidays).
    public var expiration: TradingDate
    /// The day's settlement price in VIX points; nil when the exchange published none.
    public var settle: Double?
}

/// The VIX futures curve of one day: every listed monthly contract, nearest expiry first.
public struct VIXFuturesCurve: Sendable, RandomAccessCollection {
    /// The trading day of the curve.
    public let date: TradingDate
    private let expirations: ArraySlice<TradingDate>
    private let settles: SeriesColumn
    private let offset: Int

    init(date: TradingDate, expirations: ArraySlice<TradingDate>, settles: SeriesColumn) {
        self.date = date
        self.expirations = expirations
        self.settles = settles
        self.offset = expirations.startIndex
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { expirations.count }

    public subscript(position: Int) -> VIXFuture {
        VIXFuture(expiration: expirations[offset + position], settle: settles[offset + position])
    }

    /// The nearest contract with a settle that has not expired before `date` (a contract on
    /// its expiry day still counts: it settles that morning), the usual "VX1".
    public var front: VIXFuture? {
        first { $0.settle != nil && $0.expiration >= date }
    }
}

/// Every monthly VIX futures contract on every day of a file, read once into flat columns.
///
/// The contracts of day `i` are rows `rowStart[i] ..< rowStart[i + 1]` of `expirations` and
/// `settles`, ordered by expiry.
public struct VIXFuturesHistory: Sendable {
    /// The file the contracts were read from.
    public var source: String
    /// Trading days with at least one contract, ascending.
    public private(set) var dates: [TradingDate]
    private var rowStart: [Int]
    private var expirations: [TradingDate]
    private var settles: SeriesColumn

    /// The number of rows (day, contract) held.
    public var contractRowCount: Int { expirations.count }

    /// The curve of the `i`-th day of `dates`.
    public func curve(at i: Int) -> VIXFuturesCurve {
        VIXFuturesCurve(date: dates[i], expirations: expirations[rowStart[i] ..< rowStart[i + 1]], settles: settles)
    }

    /// The curve of `date`, or nil when the file has no contract that day.
    public func curve(on date: TradingDate) -> VIXFuturesCurve? {
        dates.sortedIndex(of: date).map(curve(at:))
    }

    init(source: String, dates: [TradingDate], rowStart: [Int], expirations: [TradingDate], settles: SeriesColumn) {
        self.source = source
        self.dates = dates
        self.rowStart = rowStart
        self.expirations = expirations
        self.settles = settles
    }

    /// The same contracts restricted to the days in `days` (ascending), one entry per day;
    /// a day with no contract gets an empty curve. Used to align the curve with sessions.
    func aligned(to days: [TradingDate]) -> VIXFuturesHistory {
        var starts = [0]
        var keptRows: [Int] = []
        var cursor = 0
        for day in days {
            while cursor < dates.count && dates[cursor] < day { cursor += 1 }
            if cursor < dates.count && dates[cursor] == day {
                keptRows.append(contentsOf: rowStart[cursor] ..< rowStart[cursor + 1])
            }
            starts.append(keptRows.count)
        }
        return VIXFuturesHistory(source: source, dates: days, rowStart: starts,
                                 expirations: keptRows.map { expirations[$0] }, settles: settles.gathering(keptRows))
    }

    /// Reads the project's clean VIX futures file (`trade_date,expiration,...,settle,...`, one
    /// row per day and monthly contract, ISO dates; `.gz` is decompressed).
    ///
    /// Rows must be ordered by trade date, then by expiration, with no repeated (day, contract);
    /// a blank settle is a missing settle. Violations throw a `TabularError` naming file, line
    /// and column.
    public static func load(contentsOf path: String) throws -> VIXFuturesHistory {
        try SeriesReader.withFile(path) { file, source throws(TabularError) in try read(file, source: source) }
    }

    /// Reads the clean futures layout from text in memory; `sourceName` stands for the file.
    public static func load(sourceName: String, contents: some Collection<UInt8>) throws(TabularError) -> VIXFuturesHistory {
        try read(CSVFile(name: sourceName, contents: contents), source: sourceName)
    }

    static func read(_ file: CSVFile, source: String) throws(TabularError) -> VIXFuturesHistory {
        let tradeDateColumn = try file.column("trade_date")
        let expirationColumn = try file.column("expiration")
        let settleColumn = try file.column("settle")
        var dates: [TradingDate] = []
        var rowStart: [Int] = []
        var expirations: [TradingDate] = []
        var settles: [Double] = []
        var settlePresent: [Bool] = []
        var previousDay: CalendarDate?
        var previousExpiration: CalendarDate?

        for row in file.rows {
            try row.checkShape()
            let day = try row.date(tradeDateColumn)
            let expiration = try row.date(expirationColumn)
            if let previousDay, day < previousDay {
                throw row.error(tradeDateColumn, expected: "a trade date on or after \(previousDay) (rows must be in date order)")
            }
            if day != previousDay {
                dates.append(TradingDate(day))
                rowStart.append(expirations.count)
                previousExpiration = nil
            } else if let previousExpiration, expiration <= previousExpiration {
                throw row.error(expirationColumn, expected: "an expiration after \(previousExpiration) on \(day) (contracts in expiry order, each once)")
            }
            previousDay = day
            previousExpiration = expiration
            let settle = try SeriesReader.optionalValue(row, settleColumn)
            expirations.append(TradingDate(expiration))
            settles.append(settle ?? 0)
            settlePresent.append(settle != nil)
        }
        rowStart.append(expirations.count)
        return VIXFuturesHistory(source: source, dates: dates, rowStart: rowStart, expirations: expirations,
                                 settles: SeriesColumn(storage: settles, isPresent: settlePresent))
    }
}

/// The three nearest VIX futures per day, as in `vx_term_structure_front3_daily_clean.csv`.
public struct VIXTermStructure: Sendable {
    public var source: String
    /// Days ascending.
    public var dates: [TradingDate]
    /// `expirations[k][i]`: the expiry of the (k+1)-th nearest contract on `dates[i]`; nil when
    /// fewer contracts had a settle.
    public var expirations: [[TradingDate?]]
    /// `settles[k][i]`: its settlement price.
    public var settles: [SeriesColumn]

    /// The nearest contract (VX1) on `date`, or nil.
    public func front(on date: TradingDate) -> VIXFuture? {
        contract(0, on: date)
    }

    /// The (`rank`+1)-th nearest contract on `date` (rank 0 is VX1), or nil.
    public func contract(_ rank: Int, on date: TradingDate) -> VIXFuture? {
        guard rank < expirations.count, let i = dates.sortedIndex(of: date),
              let expiration = expirations[rank][i] else { return nil }
        return VIXFuture(expiration: expiration, settle: settles[rank][i])
    }

    /// Reads `date,vx1_expiration,vx1_settle,vx1_dte,vx2_...,vx3_...` (ISO dates, blanks missing).
    public static func load(contentsOf path: String) throws -> VIXTermStructure {
        try SeriesReader.withFile(path) { file, source throws(TabularError) in try read(file, source: source) }
    }

    static func read(_ file: CSVFile, source: String) throws(TabularError) -> VIXTermStructure {
        let dateColumn = try file.column("date")
        // VX1 is required (its absence is reported by name); further ranks are read while present.
        var ranks = [(expiration: try file.column("vx1_expiration"), settle: try file.column("vx1_settle"))]
        while let expiration = file.columnIfPresent("vx\(ranks.count + 1)_expiration") {
            ranks.append((expiration, try file.column("vx\(ranks.count + 1)_settle")))
        }
        var dates: [TradingDate] = []
        var expirations = Array(repeating: [TradingDate?](), count: ranks.count)
        var settles = Array(repeating: [Double?](), count: ranks.count)
        var previous: CalendarDate?
        for row in file.rows {
            try row.checkShape()
            let date = try row.date(dateColumn)
            try SeriesReader.requireIncreasing(date, after: previous, row: row, column: dateColumn)
            previous = date
            dates.append(TradingDate(date))
            for (k, columns) in ranks.enumerated() {
                let expiration: TradingDate? = try row.isBlank(columns.expiration) ? nil : TradingDate(row.date(columns.expiration))
                expirations[k].append(expiration)
                settles[k].append(try SeriesReader.optionalValue(row, columns.settle))
            }
        }
        return VIXTermStructure(source: source, dates: dates, expirations: expirations, settles: settles.map(SeriesColumn.init))
    }
}
