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
    /// The session.
    public var date: TradingDate
    /// The day's P&L, dollars.
    public var pnl: Double
    /// Loss limits before and after the day's move, dollars.
    public var limitBefore: Double
    /// The loss limit after the day's move, dollars.
    public var limitAfter: Double
    /// How the day moved the notch.
    public var move: NotchMove
    /// Consecutive profitable days after the day (reset by any move and by a losing day; a
    /// flat day leaves it as it was).
    public var profitableStreak: Int

    /// A record from its fields, in the units of its properties.
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
///   (riskier: a larger limit), and the count starts again. A day losing more than
///   `streakBreakLossShare` (5%) of the current notch resets the count; a smaller loss
///   neither counts nor resets it. Read literally (any loss resets), the rule kept the 2005-2025
///   book at the bottom notch, where no core fits, for 71% of sessions and opened no core after
///   2013: a probe or a hedge loses a few dollars on most down days, so ten profitable days in
///   a row almost never happen. The ladder already names the loss that matters (the
///   down-move's 15% of the notch); a third of it is the loss that interrupts the climb.
///   `streakBreakLossShare` 0 restores the literal rule.
/// - A flat day (P&L within ``flatTolerance`` of zero: in practice a day with nothing open)
///   neither counts nor breaks the run. "Consecutive" means consecutive days of results: a
///   day without a position says nothing about the book's results, and counting it as a
///   break would pin a book that has emptied itself at the bottom for good (it can only
///   climb by showing profits, and it cannot show any once it is flat between entries).
/// - After a day losing more than `downOnLossShare` (15%) of the current notch, one notch
///   down, and the count starts again.
/// - At the top (5000) and the bottom (400) the notch stays; the count still restarts, so
///   leaving the bottom takes a full run of profitable days. At the top the limit is exactly
///   the plan's "-5% SPX = at most $5k loss".
public struct RevFibNotch: Sendable, Hashable, Codable {
    /// Loss limits from the top notch down, dollars.
    public let ladder: [Double]
    /// Consecutive profitable days that move the notch up (10).
    public let upAfterProfitableDays: Int
    /// A day's loss, as a share of the current notch, that moves it down (0.15).
    public let downOnLossShare: Double
    /// A day's loss, as a share of the current notch, that resets the count (0.05).
    public let streakBreakLossShare: Double
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
        streakBreakLossShare = config.streakBreakLossShare
        level = config.ladder.firstIndex(of: config.startNotch) ?? config.ladder.count / 2
    }

    /// |P&L| below which a day is flat, dollars: half a cent, so that rounding noise of an
    /// unchanged book is not read as a result.
    public static let flatTolerance = 0.005

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
        if abs(pnl) < Self.flatTolerance {
            // Flat: no evidence either way.
        } else if pnl < 0, -pnl > downOnLossShare * before {
            profitableStreak = 0
            if level + 1 < ladder.count { level += 1; move = .down }
        } else if pnl > 0 {
            profitableStreak += 1
            if profitableStreak >= upAfterProfitableDays {
                profitableStreak = 0
                if level > 0 { level -= 1; move = .up }
            }
        } else if -pnl > streakBreakLossShare * before {
            profitableStreak = 0
        }
        return NotchRecord(date: date, pnl: pnl, limitBefore: before, limitAfter: limit, move: move,
                           profitableStreak: profitableStreak)
    }
}
