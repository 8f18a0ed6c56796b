import Tabular

/// A calendar month.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1...12
    public let month: Int

    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "month \(month) outside 1...12")
        self.year = year
        self.month = month
    }

    /// The month `date` falls in.
    public init(_ date: TradingDate) {
        let (year, month, _) = date.components
        self.init(year: year, month: month)
    }

    /// Months since January of year 0: consecutive months differ by one.
    var ordinal: Int { year * 12 + month - 1 }

    init(ordinal: Int) { self.init(year: ordinal / 12, month: ordinal % 12 + 1) }

    /// The month `count` months later (earlier when negative).
    public func adding(months count: Int) -> YearMonth { YearMonth(ordinal: ordinal + count) }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { a.ordinal < b.ordinal }

    /// `YYYY-MM`.
    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// Parses `YYYY-MM`, or an ISO date `YYYY-MM-DD` (its month).
    init?(parsing text: Substring) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        if parts.count == 3 {
            guard CalendarDate(String(text)) != nil else { return nil }
        }
        self.init(year: year, month: month)
    }
}

/// The S&P 500 dividend yield by month: trailing twelve-month dividends over the month's
/// average index level (Robert Shiller's data), in percent.
///
/// Shiller's figure for a month averages that month's daily closes, so it is known only once
/// the month is over; ``MarketHistory`` therefore applies it with a publication lag.
public struct MonthlyDividendYield: Sendable {
    /// The file the yields were read from.
    public var source: String
    /// Months with a published yield, ascending and consecutive or not.
    public var months: [YearMonth]
    /// `yieldPercent[i]`: the simple annual yield of `months[i]`, percent (1.58 means 1.58%).
    public var yieldPercent: [Double]
    /// Months present in the file without a published dividend (Shiller's 0.0 placeholders
    /// for months not yet filled), skipped.
    public var unpublishedMonths: [YearMonth]

    /// The yield published for `month`, percent, or nil.
    public func yieldPercent(for month: YearMonth) -> Double? {
        lastIndex(onOrBefore: month).flatMap { months[$0] == month ? yieldPercent[$0] : nil }
    }

    /// The position of the latest month on or before `month`, or nil when all are later.
    func lastIndex(onOrBefore month: YearMonth) -> Int? {
        let firstLater = months.partitioningIndex { $0 > month }
        return firstLater == 0 ? nil : firstLater - 1
    }

    /// Reads either the clean yield file (`month,sp500_monthly_avg,dividend_ttm,div_yield_pct`)
    /// or Shiller's monthly table as published (`Date,SP500,Dividend,...`, yield computed as
    /// `100 * Dividend / SP500`; a zero dividend marks a month not yet published).
    public static func load(contentsOf path: String) throws -> MonthlyDividendYield {
        try SeriesReader.withFile(path) { file, source throws(TabularError) in try read(file, source: source) }
    }

    /// Reads either layout from text in memory; `sourceName` stands for the file in errors.
    public static func load(sourceName: String, contents: some Collection<UInt8>) throws(TabularError) -> MonthlyDividendYield {
        try read(CSVFile(name: sourceName, contents: contents), source: sourceName)
    }

    static func read(_ file: CSVFile, source: String) throws(TabularError) -> MonthlyDividendYield {
        let monthColumn: CSVColumn
        let yieldFromRow: (CSVRow) throws(TabularError) -> Double?
        if let month = file.columnIfPresent("month") {
            monthColumn = month
            let yield = try file.column("div_yield_pct")
            yieldFromRow = { row throws(TabularError) in try SeriesReader.optionalValue(row, yield) }
        } else {
            monthColumn = try file.column("Date")
            let price = try file.column("SP500")
            let dividend = try file.column("Dividend")
            yieldFromRow = { row throws(TabularError) in
                guard let d = try SeriesReader.optionalValue(row, dividend), d > 0,
                      let p = try SeriesReader.optionalValue(row, price), p > 0 else { return nil }
                return 100 * d / p
            }
        }
        var months: [YearMonth] = []
        var yields: [Double] = []
        var unpublished: [YearMonth] = []
        var previous: YearMonth?
        for row in file.rows {
            try row.checkShape()
            let month = try row.value(monthColumn, expected: "a month YYYY-MM") { YearMonth(parsing: $0) }
            if let previous, month <= previous {
                throw row.error(monthColumn, expected: "a month after \(previous) (months must increase)")
            }
            previous = month
            guard let yield = try yieldFromRow(row) else {
                unpublished.append(month)
                continue
            }
            months.append(month)
            yields.append(yield)
        }
        return MonthlyDividendYield(source: source, months: months, yieldPercent: yields, unpublishedMonths: unpublished)
    }
}
