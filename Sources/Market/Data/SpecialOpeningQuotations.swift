import Foundation
import Tabular

/// Cboe's published special opening quotation (SOQ, settlement symbol SET) of the S&P 500 on
/// the settlement days of the standard monthly SPX series: the value the AM-settled options
/// of that day settle at.
///
/// The SOQ is the index computed from each stock's opening trade on its primary exchange,
/// whenever that trade comes, so it carries the whole opening move. The history's open is the
/// index's first disseminated value instead, taken while most stocks still stand at the
/// previous close (CME Group, "Final Settlement Procedures"): on 63 of the 228 monthly
/// settlement days of 2005-2023 it equals the previous close to within 0.01% (2007-08-17:
/// open 1,411.26, SOQ 1,450.11), and where it moved it still misses the SOQ by 66 bp RMS.
///
/// The table is optional data: a data directory without it settles at the open, as before.
public struct SpecialOpeningQuotations: Sendable, Hashable {
    /// The settlement days, strictly ascending.
    public private(set) var dates: [TradingDate]
    /// The SOQ of each day, index points.
    public private(set) var levels: [Double]

    /// The table's path inside the data directory.
    public static let relativePath = "index/spx_soq_monthly_cboe.csv"

    /// A table from parallel arrays; nil unless the dates strictly ascend and every level is
    /// positive and finite.
    public init?(dates: [TradingDate], levels: [Double]) {
        guard dates.count == levels.count, zip(dates, dates.dropFirst()).allSatisfy({ $0 < $1 }),
              levels.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        self.dates = dates
        self.levels = levels
    }

    /// The SOQ published for `date`, or nil when the table has none that day.
    public func level(on date: TradingDate) -> Double? {
        dates.sortedIndex(of: date).map { levels[$0] }
    }

    /// Reads the `date,soq` layout: ISO dates, strictly ascending; positive levels.
    ///
    /// - Throws: `TabularError` naming the file, row and column of the first bad field.
    public static func load(path: String) throws(TabularError) -> SpecialOpeningQuotations {
        let file = try CSVFile(path: path)
        let dateColumn = try file.column("date")
        let levelColumn = try file.column("soq")
        var dates: [TradingDate] = [], levels: [Double] = []
        for row in file.rows {
            try row.checkShape()
            let date = TradingDate(try row.date(dateColumn))
            let level = try row.double(levelColumn)
            guard level > 0, level.isFinite else { throw row.error(levelColumn, expected: "a positive index level") }
            if let last = dates.last, date <= last { throw row.error(dateColumn, expected: "a date after \(last)") }
            dates.append(date)
            levels.append(level)
        }
        // Every check the failable initializer makes was made row by row above.
        return SpecialOpeningQuotations(checkedDates: dates, levels: levels)
    }

    /// The table of `directory`, or nil when the directory has no such file.
    ///
    /// - Throws: `TabularError` for a file that exists but cannot be read.
    public static func load(from directory: DataDirectory) throws(TabularError) -> SpecialOpeningQuotations? {
        let path = directory.path + "/" + relativePath
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try load(path: path)
    }

    private init(checkedDates dates: [TradingDate], levels: [Double]) {
        self.dates = dates
        self.levels = levels
    }
}
