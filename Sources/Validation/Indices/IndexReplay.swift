import Foundation
import Market
import Pricing

/// One monthly roll of a replayed index: what settled and what was written.
public struct IndexRoll: Sendable, Hashable {
    public var date: TradingDate
    /// The settlement level of the expiring series (``ReplaySession/settlement``); nil on the first roll.
    public var settlementLevel: Double?
    /// Where ``settlementLevel`` came from; nil on the first roll.
    public var settlementSource: SettlementSource?
    /// The level the new strikes were chosen from: the market's ``ReplayMarket/rollLevel(session:minute:)``
    /// at ``IndexReplay/referenceMinute``.
    public var referenceLevel: Double
    /// The options written (negative quantity) or bought, per index unit of account.
    public var legs: [IndexLeg]
    /// The net premium received per option set (points; negative for a debit).
    public var netPremium: Double
}

/// One leg held: the option and its signed quantity (negative = written).
public struct IndexLeg: Sendable, Hashable {
    public var option: ReplayOption
    public var quantity: Double
}

/// A replayed index: its level at each session's close from the first roll on.
public struct ReplayedIndex: Sendable {
    public var index: StrategyIndex
    public var dates: [TradingDate]
    public var levels: [Double]
    public var rolls: [IndexRoll]

    /// The replayed level at the close of `date`; nil for a session outside the replay.
    public func level(on date: TradingDate) -> Double? {
        dates.sortedIndex(of: date).map { levels[$0] }
    }
}

/// Replays Cboe's PUT, BXM and CNDR indices by their published rules on a ``ReplayMarket``.
///
/// ## Rules (Cboe's index methodologies; what this replay substitutes is said)
/// - **Roll day**: the settlement session of each month's standard third-Friday SPX series
///   (the session before when the Friday is a holiday). The expiring series settles at the
///   special opening quotation (SOQ): Cboe's published one where the data has it
///   (``SpecialOpeningQuotations``, 2005-2023), else the session's ``ReplaySession/open``
///   (the synthesized market's: the history's open, or ``OpeningLevelEstimate`` where that
///   open is the previous close); ``ReplaySession/settlement``. The new options expire at the
///   next month's standard series.
/// - **Reference level**: Cboe picks the strikes from the last index value reported before
///   11:00 ET (10:00 Chicago time); the replay reads the market's
///   ``ReplayMarket/rollLevel(session:minute:)`` at 11:00 (``referenceMinute``; the synthesized
///   market: the level expected 1.5 of the session's 6.5 hours in, given the session's open,
///   high, low and close, ``BrownianBridgeRange``). PUT's and BXM's strike follows from that
///   level alone, so they write every strike the level's distribution may pick
///   (``ReplayMarket/rollLevelDistribution(session:minute:)``), each on the share of the
///   account equal to its probability: the expected roll given the four figures, not the roll
///   at the expected level (a strike one step away moves a month that settles near it by a
///   tenth of a percent or more). CNDR picks by delta, read at the expected level. Not the SOQ:
///   built from opening trades made at different moments, it is no level the index ever
///   showed, and it lies outside the day's recorded range on 46 of the 228 monthly settlement
///   days of 2005-2023.
/// - **Sale price**: Cboe uses the volume-weighted average price of 11:30-12:00; the replay
///   uses the market's ``ReplayMarket/rollQuote(_:session:minute:)`` at
///   ``ReplayMarket/rollLevel(session:minute:)`` at the index's ``StrategyIndex/rollMinute``
///   (11:45 for PUT and BXM; 11:00 for CNDR, which rebalances then) (the synthesized market:
///   the index expected at that share of the session as above, each strike's vol that share
///   of the way from the previous close's surface to the day's close's; CNDR's deltas are
///   read there too), and marks
///   the new options at the close's mid that evening.
/// - **Marks**: every session's close, at the synthesized mid (the indices use mids).
/// - **Cash**: T-bills, accruing the previous session's continuous T-bill rate over the
///   calendar days between sessions (Cboe uses one- and three-month bills; the history holds
///   the three-month rate only).
///
/// Per index:
/// - **PUT**: writes the listed put whose strike is the highest at or below the reference
///   level, N of them with N K = (cash + N P) e^{rT}: the T-bills at expiry cover the
///   largest settlement loss.
/// - **BXM**: holds the S&P 500 with dividends reinvested (the day's dividend yield accrues
///   over calendar days) and writes one call per index unit on the lowest listed strike
///   strictly above the reference level; the premium is reinvested in the index.
/// - **CNDR**: writes the put and the call whose deltas are nearest to -0.20 and 0.20 and
///   buys those nearest to -0.05 and 0.05 (further out), N of them, over T-bills that hold
///   `condorLossCover` times the condors' largest payout at expiry (the wider wing W), read as
///   PUT's rule reads its strike: the account and the credit, grown to the expiry, cover it,
///   N (10 W - C e^{rT}) = account e^{rT}
///   (``IndexReplay/coveredQuantity(cash:premium:growth:largestPayout:cover:)``,
///   ``IndexReplay/defaultCondorLossCover``).
public enum IndexReplay {
    /// How many times the T-bills cover the condors' largest payout at expiry. Cboe's CNDR
    /// page says "the Treasury bills cover ten times the maximum loss" of the short spread, in
    /// a paragraph that also describes its butterfly index; it is the only sizing rule the page
    /// gives, so each roll is sized by it (a loss of about a tenth of the account at worst).
    /// The bills hold the credit as well, as PUT's do, so the loss they cover is the wing's
    /// payout. Netting the credit out of it instead, N = account / (10 (W - C)), sizes the
    /// condors about a tenth larger: over 2005-2025 the published monthly returns then regress
    /// on the replayed ones with slope 0.83 (0.94 as read here), and the months that expire
    /// between the short strikes earn 1.48% a month replayed against 1.31% published.
    public static let defaultCondorLossCover = 10.0

    /// Strike window searched for the roll's strikes (fraction of the reference level).
    static let strikeWindow = 0.30

    /// When the reference level is read, minutes after midnight ET: 11:00.
    public static let referenceMinute = 660

    /// Replays `index` over every session of `market` from its first roll day on.
    public static func replay(_ index: StrategyIndex, on market: some ReplayMarket,
                              condorLossCover: Double = defaultCondorLossCover) throws(IndexReplayError) -> ReplayedIndex {
        let sessions = market.sessions
        let listing = market.listing
        guard let firstRoll = sessions.indices.first(where: { isRollDay(sessions[$0].date, listing: listing) }) else {
            throw .noRoll(index, sessions.first?.date ?? TradingDate(daysSinceEpoch: 0),
                          sessions.last?.date ?? TradingDate(daysSinceEpoch: 0))
        }
        var cash = 0.0, units = 0.0
        var legs: [IndexLeg] = []
        var result = ReplayedIndex(index: index, dates: [], levels: [], rolls: [])
        for i in firstRoll..<sessions.count {
            let session = sessions[i]
            if i > firstRoll {
                let previous = sessions[i - 1]
                let days = Double(previous.date.days(until: session.date))
                cash *= Foundation.exp(previous.rate * days / 365)
                units *= Foundation.exp(previous.dividendYield * days / 365)
            }
            if i == firstRoll || isRollDay(session.date, listing: listing) {
                var settled: (level: Double, source: SettlementSource)?
                if !legs.isEmpty {
                    let settlement = session.settlement
                    settled = settlement
                    for leg in legs { cash += leg.quantity * leg.option.payoff(at: settlement.level) }
                    legs = []
                }
                if i == firstRoll {
                    // The account starts at the published convention's unit: 1 point of value per SPX point.
                    cash = index == .bxm ? 0 : session.close
                    units = index == .bxm ? 1 : 0
                }
                let reference = market.rollLevel(session: i, minute: referenceMinute)
                let roll = try writeOptions(index, session: i, reference: reference, market: market, cash: &cash,
                                            units: &units, condorLossCover: condorLossCover)
                legs = roll.legs
                result.rolls.append(IndexRoll(date: session.date, settlementLevel: settled?.level,
                                              settlementSource: settled?.source, referenceLevel: reference,
                                              legs: roll.legs, netPremium: roll.netPremium))
            }
            var value = cash + units * session.close
            for leg in legs { value += leg.quantity * (try market.quote(leg.option, session: i)).mid }
            result.dates.append(session.date)
            result.levels.append(value)
        }
        return result
    }

    /// Whether `date` is the settlement session of its month's standard SPX series.
    public static func isRollDay(_ date: TradingDate, listing: ExpiryListing) -> Bool {
        listing.standardMonthly(.spx, year: date.year, month: date.month, style: .am).settlementDate == date
    }

    /// The next month's standard series, written on roll day `date`.
    static func nextExpiry(after date: TradingDate, listing: ExpiryListing) -> ListedExpiry {
        let next = TradingDate.addingMonths(1, toYear: date.year, month: date.month)
        return listing.standardMonthly(.spx, year: next.year, month: next.month, style: .am)
    }

    /// The number of options sold for `premium` each whose largest payout at expiry
    /// (`largestPayout` each) the T-bills cover `cover` times: the account's `cash` and the
    /// credit, grown by `growth` to the expiry, equal cover x N x largestPayout. PUT's rule with
    /// cover 1 and the strike; CNDR's with ten and the wider wing.
    static func coveredQuantity(cash: Double, premium: Double, growth: Double, largestPayout: Double,
                                cover: Double) -> Double {
        cash * growth / (cover * largestPayout - premium * growth)
    }

    /// The strikes `pick` chooses from the levels of `distribution`, each with the probability
    /// of the levels that choose it, ascending; levels that choose none and strikes chosen
    /// with a probability under a millionth are dropped, and the rest scaled to sum to 1.
    static func strikeOdds(_ distribution: [(level: Double, probability: Double)],
                           pick: (Double) -> Double?) -> [(strike: Double, probability: Double)] {
        var byStrike: [Double: Double] = [:]
        for (level, probability) in distribution {
            if let strike = pick(level) { byStrike[strike, default: 0] += probability }
        }
        let kept = byStrike.filter { $0.value > 1e-6 }.sorted { $0.key < $1.key }
        let total = kept.reduce(0) { $0 + $1.value }
        guard total > 0 else { return [] }
        return kept.map { ($0.key, $0.value / total) }
    }

    /// Writes the roll's options, their strikes picked from `reference`, at session `i`'s
    /// roll-time mids; updates the account.
    private static func writeOptions(_ index: StrategyIndex, session i: Int, reference: Double, market: some ReplayMarket,
                                     cash: inout Double, units: inout Double,
                                     condorLossCover: Double)
        throws(IndexReplayError) -> (legs: [IndexLeg], netPremium: Double) {
        let session = market.sessions[i]
        let listing = market.listing
        let minute = index.rollMinute
        let expiry = nextExpiry(after: session.date, listing: listing)
        let strikes = market.strikes(of: expiry, session: i, around: reference, window: strikeWindow)
        // The T-bills' growth to the expiry, which PUT's and CNDR's sizing reads.
        let growth = Foundation.exp(session.rate * listing.yearsToSettlement(of: expiry, from: session.date))
        // PUT's and BXM's strike follows from the 11:00 level alone: each strike the level's
        // distribution can pick, with the probability that it does.
        func oddsOfPicking(_ pick: (Double) -> Double?) -> [(strike: Double, probability: Double)] {
            strikeOdds(market.rollLevelDistribution(session: i, minute: referenceMinute), pick: pick)
        }
        switch index {
        case .put:
            let odds = oddsOfPicking { level in strikes.last { $0 <= level } }
            guard !odds.isEmpty else {
                throw .noStrike(index, session.date, "no listed strike at or below \(reference)")
            }
            var legs: [IndexLeg] = [], received = 0.0, netPremium = 0.0
            for (strike, probability) in odds {
                let option = ReplayOption(type: .put, strike: strike, expiry: expiry)
                let premium = try market.rollQuote(option, session: i, minute: minute).mid
                let quantity = coveredQuantity(cash: probability * cash, premium: premium, growth: growth,
                                               largestPayout: strike, cover: 1)
                received += quantity * premium
                netPremium += probability * premium
                legs.append(IndexLeg(option: option, quantity: -quantity))
            }
            cash += received
            return (legs, netPremium)
        case .bxm:
            let odds = oddsOfPicking { level in strikes.first { $0 > level } }
            guard !odds.isEmpty else {
                throw .noStrike(index, session.date, "no listed strike above \(reference)")
            }
            let level = market.rollLevel(session: i, minute: minute)
            let value = cash + units * level
            var legs: [IndexLeg] = [], netPremium = 0.0
            units = 0
            for (strike, probability) in odds {
                let option = ReplayOption(type: .call, strike: strike, expiry: expiry)
                let premium = try market.rollQuote(option, session: i, minute: minute).mid
                let quantity = probability * value / (level - premium)
                units += quantity
                netPremium += probability * premium
                legs.append(IndexLeg(option: option, quantity: -quantity))
            }
            cash = 0
            return (legs, netPremium)
        case .cndr:
            var puts: [(strike: Double, delta: Double)] = [], calls: [(strike: Double, delta: Double)] = []
            for strike in strikes {
                if strike < reference {
                    let option = ReplayOption(type: .put, strike: strike, expiry: expiry)
                    puts.append((strike, try market.rollQuote(option, session: i, minute: minute).delta))
                } else if strike > reference {
                    let option = ReplayOption(type: .call, strike: strike, expiry: expiry)
                    calls.append((strike, try market.rollQuote(option, session: i, minute: minute).delta))
                }
            }
            func nearest(_ candidates: [(strike: Double, delta: Double)], _ target: Double) -> Double? {
                candidates.min { abs($0.delta - target) < abs($1.delta - target) }?.strike
            }
            guard let shortPut = nearest(puts, -0.20), let shortCall = nearest(calls, 0.20),
                  let longPut = nearest(puts.filter { $0.strike < shortPut }, -0.05),
                  let longCall = nearest(calls.filter { $0.strike > shortCall }, 0.05)
            else {
                throw .noStrike(index, session.date, "the 0.20 and 0.05 delta strikes are not all listed within 30% of \(reference)")
            }
            let options: [(OptionType, Double, Double)] = [
                (.put, longPut, 1), (.put, shortPut, -1), (.call, shortCall, -1), (.call, longCall, 1),
            ]
            var premium = 0.0
            for (type, strike, sign) in options {
                let option = ReplayOption(type: type, strike: strike, expiry: expiry)
                premium -= sign * (try market.rollQuote(option, session: i, minute: minute).mid)
            }
            // At expiry at most one wing pays out: the wider one.
            let widestWing = max(shortPut - longPut, longCall - shortCall)
            guard widestWing > premium else {
                throw .noStrike(index, session.date, "the condor's credit \(premium) covers its widest wing")
            }
            let quantity = coveredQuantity(cash: cash, premium: premium, growth: growth, largestPayout: widestWing,
                                           cover: condorLossCover)
            let legs = options.map { type, strike, sign in
                IndexLeg(option: ReplayOption(type: type, strike: strike, expiry: expiry), quantity: sign * quantity)
            }
            cash += quantity * premium
            return (legs, premium)
        }
    }
}
