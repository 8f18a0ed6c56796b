import Market

/// How a day moved the notch.
public enum NotchMove: String, Sendable, Hashable, Codable {
    /// One notch up: a larger loss limit, after enough consecutive profitable days.
    case up
    /// One notch down: a smaller loss limit, after a large losing day.
    case down
    /// No change (also when a move would leave the ladder's ends).
    case none
}

/// The notch state written to the daily ledger.
public struct NotchRecord: Sendable, Hashable, Codable {
    public var date: TradingDate
    /// The day's P&L, dollars.
    public var pnl: Double
    /// Loss limits before and after the day's move, dollars.
    public var limitBefore: Double
    public var limitAfter: Double
    public var move: NotchMove
    /// Consecutive profitable days after the day (reset by any move and by any day that is
    /// not profitable).
    public var profitableStreak: Int

    public init(date: TradingDate, pnl: Double, limitBefore: Double, limitAfter: Double, move: NotchMove,
                profitableStreak: Int) {
        self.date = date
        self.pnl = pnl
        self.limitBefore = limitBefore
        self.limitAfter = limitAfter
        self.move = move
        self.profitableStreak = profitableStreak
    }
}

/// The RevFibNotch ladder: the largest loss the book may show under the stress scenario
/// ("SPX -5% at once, VIX up by the scenario rule", repriced by the stress model), moved by
/// the book's own results (DESIGN section 5).
///
/// - The book starts at `startNotch` (2000).
/// - After `upAfterProfitableDays` (10) consecutive profitable days (P&L > 0), one notch up
///   (riskier: a larger limit), and the count starts again. A flat or losing day resets the
///   count.
/// - After a day losing more than `downOnLossShare` (15%) of the current notch, one notch
///   down, and the count starts again.
/// - At the top (5000) and the bottom (400) the notch stays; the count still restarts, so
///   leaving the bottom takes a full run of profitable days. At the top the limit is exactly
///   the plan's "-5% SPX = at most $5k loss".
public struct RevFibNotch: Sendable, Hashable, Codable {
    /// Loss limits from the top notch down, dollars.
    public let ladder: [Double]
    public let upAfterProfitableDays: Int
    public let downOnLossShare: Double
    /// Position of the current notch in ``ladder`` (0 is the top).
    public private(set) var level: Int
    /// Consecutive profitable days counted toward the next move up.
    public private(set) var profitableStreak: Int = 0
    /// The last day recorded.
    public private(set) var lastDate: TradingDate?

    /// The ladder of a validated configuration, at its start notch.
    public init(config: NotchConfig = NotchConfig()) {
        precondition(config.ladder.count >= 1, "RevFibNotch: empty ladder")
        ladder = config.ladder
        upAfterProfitableDays = config.upAfterProfitableDays
        downOnLossShare = config.downOnLossShare
        level = config.ladder.firstIndex(of: config.startNotch) ?? config.ladder.count / 2
    }

    /// The current loss limit under the stress scenario, dollars.
    public var limit: Double { ladder[level] }

    /// Whether a book whose stress loss after the new position would be `stressLossAfter`
    /// dollars (a loss as a positive number; a stress gain as a negative one) stays within
    /// the current notch. Equal to the limit is within it.
    public func allows(stressLossAfter: Double) -> Bool { stressLossAfter <= limit }

    /// Moves the notch by session `date`'s P&L (dollars) and returns the day's record.
    /// Sessions must be recorded in date order, once each.
    @discardableResult
    public mutating func record(day date: TradingDate, pnl: Double) -> NotchRecord {
        precondition(lastDate.map { date > $0 } ?? true, "RevFibNotch: days must be recorded in date order")
        lastDate = date
        let before = limit
        var move = NotchMove.none
        if pnl < 0, -pnl > downOnLossShare * before {
            profitableStreak = 0
            if level + 1 < ladder.count { level += 1; move = .down }
        } else if pnl > 0 {
            profitableStreak += 1
            if profitableStreak >= upAfterProfitableDays {
                profitableStreak = 0
                if level > 0 { level -= 1; move = .up }
            }
        } else {
            profitableStreak = 0
        }
        return NotchRecord(date: date, pnl: pnl, limitBefore: before, limitAfter: limit, move: move,
                           profitableStreak: profitableStreak)
    }
}
