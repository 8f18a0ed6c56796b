import Foundation
import Market
import Pricing
import Strategy

/// One option an index holds: an SPX standard monthly series.
public struct ReplayOption: Sendable, Hashable {
    public var type: OptionType
    public var strike: Double
    public var expiry: ListedExpiry

    public init(type: OptionType, strike: Double, expiry: ListedExpiry) {
        self.type = type
        self.strike = strike
        self.expiry = expiry
    }

    /// The value at settlement when the index settles at `level` (points).
    public func payoff(at level: Double) -> Double {
        type == .put ? max(strike - level, 0) : max(level - strike, 0)
    }
}

/// The figures of one session that the replay reads.
public struct ReplaySession: Sendable, Hashable {
    public var date: TradingDate
    /// The SPX open: where the intraday levels of the roll's reference and sale times start
    /// from, and the settlement on a day without ``settlementQuotation`` (nil when unknown:
    /// the close is used).
    public var open: Double?
    /// Whether `open` is an ``OpeningLevelEstimate`` rather than the recorded open (which was
    /// the previous close).
    public var openIsEstimated: Bool
    /// Cboe's published SOQ, on the monthly settlement days the data's table covers
    /// (``MarketDay/spxSOQ``): what the expiring series settles at where known.
    public var settlementQuotation: Double?
    /// The session's high and low, where they bound the path from ``open`` (nil where the
    /// history lacks them, or where the recorded open was the previous close and is itself
    /// the high or the low: the session's true extreme after its stocks opened is unknown).
    public var high: Double?
    public var low: Double?
    public var close: Double
    /// Continuous annual T-bill rate and S&P 500 dividend yield, fractions (0 when unknown).
    public var rate: Double
    public var dividendYield: Double

    public init(date: TradingDate, open: Double?, close: Double, rate: Double, dividendYield: Double,
                openIsEstimated: Bool = false, settlementQuotation: Double? = nil, high: Double? = nil,
                low: Double? = nil) {
        self.date = date
        self.open = open
        self.openIsEstimated = openIsEstimated
        self.settlementQuotation = settlementQuotation
        self.high = high
        self.low = low
        self.close = close
        self.rate = rate
        self.dividendYield = dividendYield
    }

    /// The level the session's expiring AM series settle at, and where it came from, by the
    /// backtest's rule (`SettlementValue.openingSettlement`): the published SOQ, else the open
    /// (recorded or estimated), else the close.
    public var settlement: (level: Double, source: SettlementSource) {
        let settled = SettlementValue.openingSettlement(soq: settlementQuotation, open: open, close: close)
        switch settled.source {
        case .publishedSOQ: return (settled.value, .publishedSOQ)
        case .open: return (settled.value, openIsEstimated ? .estimatedOpen : .recordedOpen)
        case .close: return (settled.value, .close)
        }
    }
}

/// Where a replayed roll's settlement level came from.
public enum SettlementSource: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Cboe's published special opening quotation (``MarketDay/spxSOQ``).
    case publishedSOQ = "published SOQ"
    /// An ``OpeningLevelEstimate``: the recorded open was the previous close.
    case estimatedOpen = "estimated open"
    /// The history's open.
    case recordedOpen = "recorded open"
    /// The close: the history has no open that day.
    case close = "close"

    public var description: String { rawValue }
}

/// A model option value at a session's close: the mid and the delta (per 1 of the index).
public struct ReplayQuote: Sendable, Hashable {
    public var mid: Double
    public var delta: Double

    public init(mid: Double, delta: Double) {
        self.mid = mid
        self.delta = delta
    }
}

/// Why a replay could not run.
public enum IndexReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The market could not price a held option on a session (the underlying reason).
    case unpriced(TradingDate, String)
    /// No listed strike satisfies the index's rule on a roll day.
    case noStrike(StrategyIndex, TradingDate, String)
    /// The requested range holds no roll day.
    case noRoll(StrategyIndex, TradingDate, TradingDate)

    public var description: String {
        switch self {
        case let .unpriced(date, why): "\(date): the option cannot be priced: \(why)"
        case let .noStrike(index, date, why): "\(index) roll of \(date): \(why)"
        case let .noRoll(index, first, last): "\(index): no monthly roll day between \(first) and \(last)"
        }
    }
}

/// The market an index is replayed on: its sessions, the listed strikes and the option marks.
///
/// ``SynthesizedReplayMarket`` is the model's; tests use hand-built ones where every figure
/// can be computed by hand.
public protocol ReplayMarket {
    /// The sessions, ascending.
    var sessions: [ReplaySession] { get }
    /// The listing rules (monthly expiries, quote times).
    var listing: ExpiryListing { get }
    /// The listed strikes of `expiry` on session `i` within `window` (a fraction) of `level`, ascending.
    func strikes(of expiry: ListedExpiry, session i: Int, around level: Double, window: Double) -> [Double]
    /// The option's mid and delta at session `i`'s close.
    func quote(_ option: ReplayOption, session i: Int) throws(IndexReplayError) -> ReplayQuote
    /// The index level at `minute` (after midnight ET) of session `i`, when a roll's options
    /// are traded (``StrategyIndex/rollMinute``).
    func rollLevel(session i: Int, minute: Int) -> Double
    /// The option's mid and delta at `minute` of session `i`.
    func rollQuote(_ option: ReplayOption, session i: Int, minute: Int) throws(IndexReplayError) -> ReplayQuote
    /// What the market knows of the level at `minute` of session `i`: levels with their
    /// probabilities (summing to 1), whose mean is ``rollLevel(session:minute:)``. A market
    /// that records the level gives that one level.
    func rollLevelDistribution(session i: Int, minute: Int) -> [(level: Double, probability: Double)]
}

extension ReplayMarket {
    /// The close, for a market that knows only closes.
    public func rollLevel(session i: Int, minute: Int) -> Double { sessions[i].close }

    /// The one level ``rollLevel(session:minute:)``, for a market that records its levels.
    public func rollLevelDistribution(session i: Int, minute: Int) -> [(level: Double, probability: Double)] {
        [(rollLevel(session: i, minute: minute), 1)]
    }

    /// The close's quote, for a market that knows only closes.
    public func rollQuote(_ option: ReplayOption, session i: Int, minute: Int) throws(IndexReplayError) -> ReplayQuote {
        try quote(option, session: i)
    }
}

/// The synthesized SPX chains of a ``ChainBuilder``: the same surface, listing, strike grid
/// and Black-Scholes mids as its synthesized chains, with no real snapshot substituted.
public struct SynthesizedReplayMarket: ReplayMarket, Sendable {
    public let builder: ChainBuilder
    public let sessions: [ReplaySession]
    public var listing: ExpiryListing { builder.listing }
    /// Added to every synthesized vol (per 1.00; 0 for the model's own marks): a sensitivity
    /// that tells how far a uniform vol error moves a replay.
    public let volatilityShift: Double
    /// What centres the roll levels on the straight line (``rollLevel(session:minute:)``).
    public let intradayEstimate: IntradayLevelEstimate?
    /// Roll levels already worked out: each is a bridge expectation, and a roll asks for its
    /// level once for every strike it prices.
    private let rollLevels = RollLevelMemo()

    /// The sessions of `builder`'s history from `first` through `last`, each with the history's
    /// published SOQ where it has one; with `openingEstimate`, each session whose recorded open
    /// is the previous close opens at its estimate instead.
    public init(builder: ChainBuilder, from first: TradingDate, through last: TradingDate, volatilityShift: Double = 0,
                openingEstimate: OpeningLevelEstimate? = nil, intradayEstimate: IntradayLevelEstimate? = nil) {
        self.builder = builder
        self.volatilityShift = volatilityShift
        self.intradayEstimate = intradayEstimate
        let history = builder.history
        sessions = history.dates.indices.compactMap { i -> ReplaySession? in
            let date = history.dates[i]
            guard date >= first, date <= last else { return nil }
            let day = history[i]
            let open = openingEstimate.flatMap { $0.open(history, session: i) }
            // A stale first print that is the day's high or low hides the true extreme.
            let staleExtreme = (open?.estimated ?? false) && (day.spxOpen == day.spxHigh || day.spxOpen == day.spxLow)
            return ReplaySession(date: date, open: open?.level ?? day.spxOpen, close: day.spxClose,
                                 rate: day.riskFreeRate ?? 0, dividendYield: day.dividendYield ?? 0,
                                 openIsEstimated: open?.estimated ?? false,
                                 settlementQuotation: day.spxSOQ,
                                 high: staleExtreme ? nil : day.spxHigh, low: staleExtreme ? nil : day.spxLow)
        }
    }

    /// `builder`'s chains over `sessions` as given (dates of its history).
    init(builder: ChainBuilder, sessions: [ReplaySession], volatilityShift: Double = 0,
         intradayEstimate: IntradayLevelEstimate? = nil) {
        self.builder = builder
        self.sessions = sessions
        self.volatilityShift = volatilityShift
        self.intradayEstimate = intradayEstimate
    }

    public func strikes(of expiry: ListedExpiry, session i: Int, around level: Double, window: Double) -> [Double] {
        StrikeGrid.strikes(product: .spx, expiry: expiry, quoteDate: sessions[i].date, underlying: level, window: window)
    }

    public func quote(_ option: ReplayOption, session i: Int) throws(IndexReplayError) -> ReplayQuote {
        let session = sessions[i]
        let t = listing.yearsToSettlement(of: option.expiry, from: session.date)
        guard t > 0 else { throw .unpriced(session.date, "the series settled on \(option.expiry.settlementDate)") }
        let vol = try volatility(option, on: session.date, timeToExpiry: t)
        return Self.quote(option, spot: session.close, timeToExpiry: t, session: session, volatility: vol)
    }

    /// Share of session `i` gone at `minute` after midnight ET, within [0, 1]: from the
    /// calendar's open to its close (an early close included).
    public func sessionShare(session i: Int, minute: Int) -> Double {
        IntradayLevelEstimate.sessionShare(on: sessions[i].date, minute: minute, calendar: listing.calendar)
    }

    /// The level the history lacks (it has the open, high, low and close, not the intraday
    /// levels), stood in for by its expectation at ``sessionShare(session:minute:)`` of the
    /// session given those four figures (``BrownianBridgeRange``; an estimated open is first
    /// brought inside the high-low range), centred by ``intradayEstimate`` where there is one;
    /// without a high and low, by the open moved that share of the way to the close.
    public func rollLevel(session i: Int, minute: Int) -> Double {
        rollLevels.level(session: i, minute: minute) { expectedRollLevel(session: i, minute: minute) }
    }

    /// The bridge's distribution of the level at ``sessionShare(session:minute:)``
    /// (``BrownianBridgeRange/levelDistribution(atShare:open:high:low:close:)``), scaled so
    /// that its mean is ``rollLevel(session:minute:)`` (the centring included); that one level
    /// for a session without a high and low.
    public func rollLevelDistribution(session i: Int, minute: Int) -> [(level: Double, probability: Double)] {
        let mean = rollLevel(session: i, minute: minute)
        guard let range = bridgeRange(session: i),
              let nodes = BrownianBridgeRange.levelDistribution(atShare: sessionShare(session: i, minute: minute),
                                                               open: range.open, high: range.high, low: range.low,
                                                               close: sessions[i].close)
        else { return [(mean, 1)] }
        var raw = 0.0
        for node in nodes { raw += node.level * node.probability }
        guard raw > 0, raw.isFinite else { return [(mean, 1)] }
        return nodes.map { ($0.level * mean / raw, $0.probability) }
    }

    /// The session's open (an estimated one brought inside the high-low range), high and low,
    /// for the bridge; nil without all three.
    private func bridgeRange(session i: Int) -> (open: Double, high: Double, low: Double)? {
        let session = sessions[i]
        guard let open = session.open, let high = session.high, let low = session.low else { return nil }
        return (min(max(open, low), high), high, low)
    }

    private func expectedRollLevel(session i: Int, minute: Int) -> Double {
        let session = sessions[i]
        guard let open = session.open else { return session.close }
        let share = sessionShare(session: i, minute: minute)
        if let range = bridgeRange(session: i),
           let level = (intradayEstimate ?? .uncentred).level(atMinute: minute, share: share, open: range.open,
                                                              high: range.high, low: range.low, close: session.close) {
            return level
        }
        return open + share * (session.close - open)
    }

    /// Priced at ``rollLevel(session:minute:)`` with each strike's vol the previous close's
    /// moved the same share of the way to this close's: the day's surface is known at the
    /// closes only, and a roll day's move (2015-08-21: SPX -3.2%, VIX 19 to 28) happens over it.
    public func rollQuote(_ option: ReplayOption, session i: Int, minute: Int) throws(IndexReplayError) -> ReplayQuote {
        let session = sessions[i]
        let t = listing.yearsToSettlement(of: option.expiry, from: session.date)
        guard t > 0 else { throw .unpriced(session.date, "the series settled on \(option.expiry.settlementDate)") }
        let close = try volatility(option, on: session.date, timeToExpiry: t)
        var vol = close
        if let k = builder.history.index(of: session.date), k > 0 {
            let before = try volatility(option, on: builder.history.dates[k - 1], timeToExpiry: t)
            vol = before + sessionShare(session: i, minute: minute) * (close - before)
        }
        return Self.quote(option, spot: rollLevel(session: i, minute: minute), timeToExpiry: t, session: session,
                          volatility: vol)
    }

    /// The surface vol of `option`'s strike on `date`, `t` years from settlement, shifted.
    private func volatility(_ option: ReplayOption, on date: TradingDate,
                            timeToExpiry t: Double) throws(IndexReplayError) -> Double {
        let surface: VolatilitySurface
        do {
            surface = try builder.surface(on: date, product: .spx)
        } catch {
            throw .unpriced(date, error.description)
        }
        return surface.slice(timeToExpiry: t).volatility(strike: option.strike) + volatilityShift
    }

    private static func quote(_ option: ReplayOption, spot: Double, timeToExpiry t: Double, session: ReplaySession,
                              volatility: Double) -> ReplayQuote {
        let greeks = BlackScholes.greeks(option.type, spot: spot, strike: option.strike, timeToExpiry: t,
                                         rate: session.rate, dividendYield: session.dividendYield, volatility: volatility)
        return ReplayQuote(mid: greeks.price, delta: greeks.delta)
    }
}

/// Values of ``SynthesizedReplayMarket/rollLevel(session:minute:)`` by session and minute,
/// behind a lock (`NSLock`: the package sets no platform floor for `Mutex`).
private final class RollLevelMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var levels: [Int: Double] = [:]

    func level(session: Int, minute: Int, compute: () -> Double) -> Double {
        let key = session * 1_440 + minute
        if let known = lock.withLock({ levels[key] }) { return known }
        let level = compute()
        lock.withLock { levels[key] = level }
        return level
    }
}
