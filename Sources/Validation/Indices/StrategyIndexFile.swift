import Foundation
import Market
import Tabular

/// The Cboe strategy-benchmark indices replayed by ``IndexReplay``.
public enum StrategyIndex: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// Cboe S&P 500 PutWrite: one-month at-the-money SPX puts over T-bills.
    case put = "PUT"
    /// Cboe S&P 500 BuyWrite: the S&P 500 (dividends reinvested) with one-month near-the-money calls written on it.
    case bxm = "BXM"
    /// Cboe S&P 500 Iron Condor: about 0.20-delta puts and calls sold, 0.05-delta wings bought, over T-bills.
    case cndr = "CNDR"

    public var description: String { rawValue }

    /// The history's path inside the data directory.
    public var relativePath: String { "strategy_indices/\(rawValue)_History.csv" }

    /// When a roll's new options are traded, minutes after midnight ET: the middle of the
    /// 11:30-12:00 window whose average price PUT and BXM use, and 11:00 for CNDR, whose
    /// page says it rebalances "typically 11:00 a.m.".
    public var rollMinute: Int { self == .cndr ? 660 : 705 }
}

/// One published daily history of a strategy index: ascending sessions and closing levels.
public struct StrategyIndexHistory: Sendable {
    public var index: StrategyIndex
    public var dates: [TradingDate]
    public var levels: [Double]

    /// Reads Cboe's `DATE,<NAME>` layout (MM/DD/YYYY dates, positive levels, strictly
    /// ascending dates).
    ///
    /// - Throws: `TabularError` naming the file, row and column of the first bad field.
    public static func load(_ index: StrategyIndex, from directory: DataDirectory) throws(TabularError) -> StrategyIndexHistory {
        try load(index, path: directory.path + "/" + index.relativePath)
    }

    /// As ``load(_:from:)`` from an explicit path.
    public static func load(_ index: StrategyIndex, path: String) throws(TabularError) -> StrategyIndexHistory {
        let file = try CSVFile(path: path)
        let dateColumn = try file.column("DATE")
        let levelColumn = try file.column(index.rawValue)
        var history = StrategyIndexHistory(index: index, dates: [], levels: [])
        for row in file.rows {
            try row.checkShape()
            let date = try row.date(dateColumn, format: .monthDayYear)
            let level = try row.double(levelColumn)
            guard level > 0, level.isFinite else { throw row.error(levelColumn, expected: "a positive index level") }
            let session = TradingDate(date)
            if let last = history.dates.last, session <= last {
                throw row.error(dateColumn, expected: "a date after \(last)")
            }
            history.dates.append(session)
            history.levels.append(level)
        }
        return history
    }

    /// The level on `date`, or nil when the history has none that day.
    public func level(on date: TradingDate) -> Double? {
        dates.sortedIndex(of: date).map { levels[$0] }
    }
}

extension TradingDate {
    /// The same calendar day.
    init(_ date: CalendarDate) {
        self.init(daysSinceEpoch: Int32(date.daysSince1970))
    }
}
