import Foundation
import Market

/// A stand-in for the SPX level at a moment of a session, from the session's open, high, low
/// and close: the Brownian bridge's expectation given its extremes (``BrownianBridgeRange``),
/// less that expectation's mean offset from the straight line over a range of sessions.
///
/// Under any drift spread evenly over the session, the straight line from the open to the
/// close is right on average, and a Brownian bridge's expectation given its extremes is right
/// on average too. Real sessions are not Brownian: their lows are sharper and briefer than
/// their highs, and over the 4,170 sessions of 2005-2025 whose open moved the bridge's
/// expectation lies about 4 basis points under the line at 11:00 and 5 at 11:45. Taken at
/// face value, that offset would sell every PUT put a little dear and every BXM call a little
/// cheap. The estimate keeps what the extremes say about each session and the line's mean.
public struct IntradayLevelEstimate: Sendable, Hashable {
    /// The mean log offset of the bridge's expectation from the straight line, by minute
    /// after midnight ET (the minutes the estimate was fitted for).
    public var offsets: [Int: Double]
    /// Sessions the means ran over.
    public var sessions: Int

    public init(offsets: [Int: Double], sessions: Int) {
        self.offsets = offsets
        self.sessions = sessions
    }

    /// No offsets: the bridge's expectation itself.
    public static let uncentred = IntradayLevelEstimate(offsets: [:], sessions: 0)

    /// Share of `date`'s session gone at `minute` after midnight ET, within [0, 1]: from the
    /// calendar's open to its close (an early close included).
    public static func sessionShare(on date: TradingDate, minute: Int, calendar: TradingCalendar) -> Double {
        let open = calendar.openMinute(on: date) ?? NYSERules.openMinute
        let close = calendar.closeMinute(on: date) ?? NYSERules.regularCloseMinute
        return min(max(Double(minute - open) / Double(close - open), 0), 1)
    }

    /// The uncentred expectation's log offset from the straight line at `share` of a session
    /// with these figures (index points); nil where they describe no session.
    static func offset(atShare share: Double, open: Double, high: Double, low: Double, close: Double) -> Double? {
        guard let level = BrownianBridgeRange.expectedLevel(atShare: share, open: open, high: high, low: low, close: close)
        else { return nil }
        return Foundation.log(level / open) - share * Foundation.log(close / open)
    }

    /// The means over the sessions of `history` from `first` through `last` whose recorded
    /// open moved from the previous close (``OpeningLevelEstimate/isStale(open:previousClose:)``)
    /// and whose open, high, low and close describe a session, at each of `minutes`; nil with
    /// fewer than 30 such sessions.
    public static func fit(_ history: MarketHistory, from first: TradingDate, through last: TradingDate, minutes: [Int],
                           calendar: TradingCalendar = .nyse) -> IntradayLevelEstimate? {
        let distinct = Array(Set(minutes)).sorted()
        var sums = [Double](repeating: 0, count: distinct.count), count = 0
        for i in history.dates.indices where i > 0 && history.dates[i] >= first && history.dates[i] <= last {
            let day = history[i]
            guard let open = day.spxOpen, let high = day.spxHigh, let low = day.spxLow,
                  !OpeningLevelEstimate.isStale(open: open, previousClose: history[i - 1].spxClose) else { continue }
            let found = distinct.compactMap { minute in
                offset(atShare: sessionShare(on: history.dates[i], minute: minute, calendar: calendar), open: open,
                       high: high, low: low, close: day.spxClose)
            }
            guard found.count == distinct.count else { continue }
            for k in sums.indices { sums[k] += found[k] }
            count += 1
        }
        guard count >= 30 else { return nil }
        return IntradayLevelEstimate(offsets: Dictionary(uniqueKeysWithValues: zip(distinct, sums.map { $0 / Double(count) })),
                                     sessions: count)
    }

    /// The level at `minute` (share `share` of the session) from the session's figures: the
    /// bridge's expectation less the fitted mean offset at that minute (none at a minute the
    /// estimate was not fitted for); nil where the figures describe no session.
    public func level(atMinute minute: Int, share: Double, open: Double, high: Double, low: Double,
                      close: Double) -> Double? {
        guard let expected = BrownianBridgeRange.expectedLevel(atShare: share, open: open, high: high, low: low, close: close)
        else { return nil }
        return expected * Foundation.exp(-(offsets[minute] ?? 0))
    }
}
