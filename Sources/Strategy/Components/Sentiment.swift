import Market

/// The market read the core waits on (DESIGN section 5, "Sentiment").
public enum SentimentState: String, Sendable, Hashable, Codable, CaseIterable {
    /// VIX at or above the volatile level, or SPX fell by the volatile change or more today.
    case volatile
    /// Closed probes win at least `minProbeWinRate` of the time.
    case bullish
    /// Closed probes win less than `bearishWinRate` of the time.
    case bearish
    /// Neither, or too few closed probes to say (see ``SentimentReading/hasEnoughProbes``).
    case neutral

    /// The state as the ledger writes it: "Volatile", "Bullish", "Bearish", "Neutral".
    public var label: String {
        switch self {
        case .volatile: "Volatile"
        case .bullish: "Bullish"
        case .bearish: "Bearish"
        case .neutral: "Neutral"
        }
    }
}

/// One day's sentiment with the evidence behind it.
public struct SentimentReading: Sendable, Hashable, Codable {
    /// Bullish, Bearish, Neutral or Volatile.
    public var state: SentimentState
    /// Win rate of the closed probes considered (0...1); nil with fewer than the minimum.
    public var winRate: Double?
    /// Closed probes the win rate was computed over (at most the window).
    public var probeCount: Int
    /// Whether there were at least `minimumProbes` closed probes. A neutral reading without
    /// them means "no evidence yet", not "mixed evidence".
    public var hasEnoughProbes: Bool

    /// A reading from its fields.
    public init(state: SentimentState, winRate: Double?, probeCount: Int, hasEnoughProbes: Bool) {
        self.state = state
        self.winRate = winRate
        self.probeCount = probeCount
        self.hasEnoughProbes = hasEnoughProbes
    }
}

/// The sentiment rule, a pure function of the day's evidence.
///
/// In order: Volatile if VIX >= `volatileVIX` or the SPX close-to-close change <=
/// `volatileSPXDayChange` (this needs no probe evidence); otherwise, with fewer than
/// `minimumProbes` closed probes, Neutral (insufficient evidence); otherwise, over the last
/// `window` closed probes, Bullish if the win rate >= `minProbeWinRate`, Bearish if it is below
/// `bearishWinRate`, Neutral between.
public struct Sentiment: Sendable {
    /// The sentiment rule's settings.
    public var config: SentimentConfig

    /// The sentiment rule with `config` (the plan's defaults when omitted).
    public init(config: SentimentConfig = SentimentConfig()) {
        self.config = config
    }

    /// The reading on the day whose close gave `vix` and `spxDayChange`.
    /// - Parameters:
    ///   - closedProbes: probes closed up to and including the decision day, in closing order
    ///     (oldest first); only the last `window` count.
    ///   - vix: the day's VIX close, index points.
    ///   - spxDayChange: SPX close over the previous session's close, minus one (-0.03 is a
    ///     3% fall).
    public func reading<Probes: BidirectionalCollection<ProbeOutcome>>(
        closedProbes: Probes, vix: Double, spxDayChange: Double
    ) -> SentimentReading {
        let recent = closedProbes.suffix(config.window)
        let enough = recent.count >= config.minimumProbes
        let winRate = enough ? Double(recent.count(where: \.isWin)) / Double(recent.count) : nil
        let state: SentimentState
        if isVolatile(vix: vix, spxDayChange: spxDayChange) {
            state = .volatile
        } else if let rate = winRate {
            state = rate >= config.minProbeWinRate ? .bullish : rate < config.bearishWinRate ? .bearish : .neutral
        } else {
            state = .neutral
        }
        return SentimentReading(state: state, winRate: winRate, probeCount: recent.count, hasEnoughProbes: enough)
    }

    /// Whether the day's VIX close or SPX move makes it Volatile, whatever the probes say.
    public func isVolatile(vix: Double, spxDayChange: Double) -> Bool {
        vix >= config.volatileVIX || spxDayChange <= config.volatileSPXDayChange
    }
}

/// Counts consecutive sessions of Bullish sentiment, for the core's entry delay.
///
/// Feed it one reading per session, in date order; any other state resets the count.
public struct BullishStreak: Sendable, Hashable, Codable {
    /// Consecutive Bullish sessions up to and including the last one recorded.
    public private(set) var count: Int = 0
    /// The last session recorded.
    public private(set) var lastDate: TradingDate?

    /// No session recorded yet: a count of zero.
    public init() {}

    /// Records the sentiment of session `date` (later than any recorded before) and returns
    /// the updated count.
    @discardableResult
    public mutating func record(_ state: SentimentState, on date: TradingDate) -> Int {
        precondition(lastDate.map { date > $0 } ?? true, "BullishStreak: sessions must be recorded in date order")
        lastDate = date
        count = state == .bullish ? count + 1 : 0
        return count
    }

    /// Whether the core may enter after today's reading: Bullish today and on the
    /// `entryDelay` sessions before (a count of at least entryDelay + 1).
    public func permitsEntry(entryDelay: Int) -> Bool { count >= entryDelay + 1 }

    /// Whether a Bullish reading at the next session would permit the entry: what is known of
    /// the next session's ``permitsEntry(entryDelay:)`` before its reading.
    public func permitsEntryAfterOneMoreBullish(entryDelay: Int) -> Bool {
        var next = self
        next.count += 1
        return next.permitsEntry(entryDelay: entryDelay)
    }
}
