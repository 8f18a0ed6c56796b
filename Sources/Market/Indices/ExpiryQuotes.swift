import Pricing

/// The quotes of one expiry laid out as CBOE's index methods read them: one row per strike,
/// ascending, with the call's and the put's bid and ask.
///
/// Units: strikes and prices in the product's points; ``timeToExpiry`` in years of
/// 525,600 minutes, counted from the quote time to the settlement moment (the open for an
/// AM-settled series, the close for a PM-settled one), as the VIX white paper counts minutes;
/// ``rate`` continuously compounded per year. A side that is not quoted is NaN.
public struct ExpiryQuotes: Sendable, Hashable {
    public var timeToExpiry: Double
    public var rate: Double
    public var strikes: [Double]
    public var callBids: [Double]
    public var callAsks: [Double]
    public var putBids: [Double]
    public var putAsks: [Double]
    /// What the expiry is to Cboe's index methods (``VolatilityIndexTenor/uses(_:on:)``); nil
    /// when unknown, as for a strip synthesized at an index's own tenor: every index uses it.
    public var kind: IndexSeriesKind?

    /// An expiry from columns of equal length, strikes ascending and distinct.
    public init(timeToExpiry: Double, rate: Double, strikes: [Double], callBids: [Double], callAsks: [Double],
                putBids: [Double], putAsks: [Double], kind: IndexSeriesKind? = nil) {
        self.kind = kind
        self.timeToExpiry = timeToExpiry
        self.rate = rate
        self.strikes = strikes
        self.callBids = callBids
        self.callAsks = callAsks
        self.putBids = putBids
        self.putAsks = putAsks
    }

    /// The number of strikes.
    public var count: Int { strikes.count }

    /// Whether the columns have the same length and the strikes rise strictly.
    public var isWellFormed: Bool {
        let n = strikes.count
        guard callBids.count == n, callAsks.count == n, putBids.count == n, putAsks.count == n else { return false }
        for i in 1..<max(n, 1) where !(strikes[i] > strikes[i - 1]) { return false }
        return true
    }
}

extension ChainSnapshot {
    /// The snapshot's expiries as ``ExpiryQuotes``, nearest first: one per settlement moment
    /// (date and minute), so an AM and a PM series of the same date are two expiries, while
    /// roots that settle at the same moment (SPXW and SPXPM) are one. Where two rows give the
    /// same (moment, type, strike), the first is kept. Expiries that have settled are left out.
    /// Each carries its ``IndexSeriesKind``.
    ///
    /// - Parameter rate: the rate to discount with (continuously compounded per year).
    public func indexExpiries(rate: Double, calendar: TradingCalendar = .nyse) -> [ExpiryQuotes] {
        struct Moment: Hashable, Comparable {
            var date: TradingDate
            var minute: Int
            static func < (a: Moment, b: Moment) -> Bool { a.date != b.date ? a.date < b.date : a.minute < b.minute }
        }
        var rowsByMoment: [Moment: [Int]] = [:]
        for i in 0..<count {
            let moment = Moment(date: settlementDate(at: i, calendar: calendar), minute: settlementMinute(at: i, calendar: calendar))
            rowsByMoment[moment, default: []].append(i)
        }
        var result: [ExpiryQuotes] = []
        for moment in rowsByMoment.keys.sorted() {
            let rows = rowsByMoment[moment]!
            let t = TimeToExpiry.years(from: quoteDate, minute: quoteMinute, to: moment.date, minute: moment.minute)
            guard t > 0 else { continue }
            var calls: [Double: (Double, Double)] = [:]
            var puts: [Double: (Double, Double)] = [:]
            for i in rows {
                if types[i] == .call {
                    if calls[strikes[i]] == nil { calls[strikes[i]] = (bids[i], asks[i]) }
                } else if puts[strikes[i]] == nil {
                    puts[strikes[i]] = (bids[i], asks[i])
                }
            }
            let kind = IndexSeriesKind(settlementDate: moment.date, settlementMinute: moment.minute, calendar: calendar)
            result.append(ExpiryQuotes(merging: calls, puts, timeToExpiry: t, rate: rate, kind: kind))
        }
        return result
    }
}

extension OptionChain {
    /// The chain's expiries as ``ExpiryQuotes``, in the chain's order, discounted at the
    /// chain's rate, each with its ``IndexSeriesKind``. The quotes are the chain's bids and asks
    /// (real or synthesized).
    public var indexExpiries: [ExpiryQuotes] {
        expiries.indices.compactMap { e -> ExpiryQuotes? in
            let t = timesToExpiry[e]
            guard t > 0 else { return nil }
            var calls: [Double: (Double, Double)] = [:]
            var puts: [Double: (Double, Double)] = [:]
            for i in indices(expiry: e, type: .call) { calls[strikes[i]] = (bids[i], asks[i]) }
            for i in indices(expiry: e, type: .put) { puts[strikes[i]] = (bids[i], asks[i]) }
            return ExpiryQuotes(merging: calls, puts, timeToExpiry: t, rate: rate, kind: IndexSeriesKind(expiries[e]))
        }
    }
}

extension ExpiryQuotes {
    /// One row per strike quoted on either side; the missing side is NaN.
    init(merging calls: [Double: (Double, Double)], _ puts: [Double: (Double, Double)], timeToExpiry: Double, rate: Double,
         kind: IndexSeriesKind?) {
        let strikes = Set(calls.keys).union(puts.keys).filter(\.isFinite).sorted()
        self.init(timeToExpiry: timeToExpiry, rate: rate, strikes: strikes,
                  callBids: strikes.map { calls[$0]?.0 ?? .nan }, callAsks: strikes.map { calls[$0]?.1 ?? .nan },
                  putBids: strikes.map { puts[$0]?.0 ?? .nan }, putAsks: strikes.map { puts[$0]?.1 ?? .nan }, kind: kind)
    }
}
