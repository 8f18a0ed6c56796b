import Market

/// A published close off its neighbours: a session whose published move differs from the
/// replayed one by more than ``IndexComparison/reversalMove``, and whose next session gives
/// the difference back.
///
/// The replay's marks are one smooth surface's mids; the published index marks the real
/// series it holds at their own mids, so a published close can jump on a wide or stale quote
/// and fall back the next day. Such a close counts in the yearly returns only at a year's end,
/// where it moves two years at once, by as much in opposite directions.
public struct PublishedReversal: Sendable, Hashable {
    /// The session whose published close is off.
    public var date: TradingDate
    /// That session's published return less the replayed one (a fraction).
    public var move: Double
    /// The next session's published return less the replayed one (a fraction).
    public var nextMove: Double
}

extension IndexComparison {
    /// The size of a session's move against the replay that may be a published close off its
    /// neighbours: 0.4%, about four standard deviations of PUT's and BXM's daily differences
    /// over 2005-2025 (0.10%), beyond their 99th percentile (0.39%).
    public static let reversalMove = 0.004

    /// How much of that move the next session must give back: both differences exceed
    /// ``reversalMove`` in size, with opposite signs, the smaller at least this share of the
    /// larger.
    public static let reversalShare = 0.6

    /// Every session (neither the first nor the last common one) whose published close is
    /// off its neighbours, in date order.
    public var publishedReversals: [PublishedReversal] {
        guard dates.count > 2 else { return [] }
        var found: [PublishedReversal] = []
        for k in 1..<(dates.count - 1) {
            let move = (published[k] / published[k - 1] - 1) - (replayed[k] / replayed[k - 1] - 1)
            let nextMove = (published[k + 1] / published[k] - 1) - (replayed[k + 1] / replayed[k] - 1)
            let smaller = min(abs(move), abs(nextMove)), larger = max(abs(move), abs(nextMove))
            guard smaller > Self.reversalMove, move * nextMove < 0, smaller >= Self.reversalShare * larger else { continue }
            found.append(PublishedReversal(date: dates[k], move: move, nextMove: nextMove))
        }
        return found
    }

    /// The published reversals on a year's last common session: the ones that move the
    /// yearly returns.
    public var yearEndReversals: [PublishedReversal] {
        let yearEnds = Set(Self.yearEnds(dates).map { dates[$0] })
        return publishedReversals.filter { yearEnds.contains($0.date) }
    }

    /// ``years`` with the published close of each of `sessions` replaced by the previous
    /// session's (as replaced) moved as the replay moved that session; every other published
    /// close as published. A reading of how much given closes weigh, not a correction: the
    /// published levels stay the reference.
    public func years(takingReplayedMovesOn sessions: Set<TradingDate>) -> [IndexYear] {
        var levels = published
        for k in levels.indices.dropFirst() where sessions.contains(dates[k]) {
            levels[k] = levels[k - 1] * replayed[k] / replayed[k - 1]
        }
        return Self.yearlyReturns(dates: dates, published: levels, replayed: replayed)
    }
}
