import Foundation
import Market
import Tabular

/// One day of the VIX Tail Hedge index (VXTH) with the VIX call it held.
public struct VXTHDay: Sendable, Hashable {
    public var date: TradingDate
    /// The index level.
    public var level: Double
    /// The held call's expiration (the VIX option expiry, a Wednesday as a rule).
    public var expiration: TradingDate
    /// The held call's strike (VIX points); 0 on days no call is held.
    public var strike: Double
    /// The recorded bid and ask (0 on the early rows that carry only a mid) and mid (points).
    public var bid: Double
    public var ask: Double
    public var mid: Double
    /// Calls held per index unit; 0 on days none is held.
    public var calls: Double

    /// Whether a call is held that day (strike above 0).
    public var holdsCall: Bool { strike > 0 }
}

/// The derived daily VXTH file (`strategy_indices/vxth_2006-2011_daily_derived.csv`).
public enum VXTHHistory {
    /// The file's path inside the data directory.
    public static let relativePath = "strategy_indices/vxth_2006-2011_daily_derived.csv"

    /// Reads the file: ISO dates ascending, non-negative strike, quotes and call count, a
    /// positive level.
    ///
    /// - Throws: `TabularError` naming the file, row and column of the first bad field.
    public static func load(from directory: DataDirectory) throws(TabularError) -> [VXTHDay] {
        try load(path: directory.path + "/" + relativePath)
    }

    /// As ``load(from:)`` from an explicit path.
    public static func load(path: String) throws(TabularError) -> [VXTHDay] {
        let file = try CSVFile(path: path)
        let date = try file.column("Date"), level = try file.column("VXTH")
        let expiration = try file.column("Expiration"), strike = try file.column("Strike")
        let bid = try file.column("Call Bid"), ask = try file.column("Call Ask"), mid = try file.column("Call Mid")
        let calls = try file.column("Number_Of_Calls")
        var days: [VXTHDay] = []
        for row in file.rows {
            try row.checkShape()
            let day = VXTHDay(
                date: TradingDate(try row.date(date)), level: try row.double(level),
                expiration: TradingDate(try row.date(expiration)), strike: try row.double(strike),
                bid: try row.double(bid), ask: try row.double(ask), mid: try row.double(mid), calls: try row.double(calls))
            guard day.level > 0 else { throw row.error(level, expected: "a positive index level") }
            for (column, value) in [(strike, day.strike), (bid, day.bid), (ask, day.ask), (mid, day.mid), (calls, day.calls)]
            where !(value >= 0) || !value.isFinite {
                throw row.error(column, expected: "a number at or above 0")
            }
            if let last = days.last, day.date <= last.date {
                throw row.error(date, expected: "a date after \(last.date)")
            }
            days.append(day)
        }
        return days
    }
}
