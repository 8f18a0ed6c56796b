import Market
import Pricing

// MARK: - Orders, marks and exits shared by the probe, the core and the hedges

/// An order to open (or close) the given legs, with the quotes each leg would trade against.
///
/// The strategy's components choose what to trade; pricing the order as a combo, with
/// slippage and fees, is the fill model's business. ``midPremium`` and ``naturalPremium``
/// are the two reference prices every fill model is bounded by.
public struct OrderTicket: Sendable, Hashable {
    /// Signed quantities: positive buys, negative sells.
    public var legs: [Leg]
    /// `quotes[i]` is the quote of `legs[i]` on the decision day.
    public var quotes: [OptionQuote]

    public init(legs: [Leg], quotes: [OptionQuote]) {
        precondition(legs.count == quotes.count, "OrderTicket: one quote per leg")
        self.legs = legs
        self.quotes = quotes
    }

    /// Net premium received at mid, dollars (positive: a credit; negative: a debit).
    public var midPremium: Double {
        zip(legs, quotes).reduce(0) { $0 - Double($1.0.quantity) * $1.1.mid * $1.0.multiplier }
    }

    /// Net premium received when every leg trades at its own side of the market (buys at the
    /// ask, sells at the bid), dollars: the worst price a combo fill may have.
    public var naturalPremium: Double {
        zip(legs, quotes).reduce(0) { total, pair in
            let (leg, quote) = pair
            let price = leg.quantity > 0 ? quote.ask : quote.bid
            return total - Double(leg.quantity) * price * leg.multiplier
        }
    }

    /// Whether every leg's quote can be traded (see ``OptionQuote/isTradable``).
    public var isTradable: Bool { quotes.allSatisfy(\.isTradable) }

    /// Net position delta of the legs, per unit of underlying (sum of quantity x delta, no
    /// multiplier).
    public var delta: Double {
        zip(legs, quotes).reduce(0) { $0 + Double($1.0.quantity) * $1.1.delta }
    }
}

/// Prices an order as the engine's fill model would: the net premium received in dollars
/// after fees (positive a credit, negative a debit), or nil when it would not fill.
public typealias OrderPricer = @Sendable (OrderTicket) -> Double?

/// Reference pricers for decisions taken before a fill model is wired in.
public enum OrderPricers {
    /// Every order fills at mid, without fees.
    public static let mid: OrderPricer = { ticket in ticket.isTradable ? ticket.midPremium : nil }
}

/// A position's mark on the decision day from that day's closing quotes.
public struct PositionMark: Sendable, Hashable {
    /// What the position is worth at mid, dollars (sum of quantity x mid x multiplier; a
    /// short credit spread is worth a negative amount, the debit that closes it).
    public var value: Double
    /// Net delta per unit of underlying (sum of quantity x delta; multiply by the multiplier
    /// for dollars per point).
    public var delta: Double

    public init(value: Double, delta: Double) {
        self.value = value
        self.delta = delta
    }

    /// The mark of `position` from `chain` (the chain of the position's product) at the quotes'
    /// midpoints (bid + ask) / 2, the value the ledger and the fill model use; nil when a leg's
    /// series is missing from the chain or its quote is not finite.
    public init?(position: Position, chain: OptionChain) {
        var value = 0.0, delta = 0.0
        for leg in position.legs {
            guard leg.product == chain.product, let e = chain.expiryPosition(leg.expiry),
                  let i = chain.index(expiry: e, type: leg.type, strike: leg.strike) else { return nil }
            let quote = chain[i]
            let mid = 0.5 * (quote.bid + quote.ask)
            guard mid.isFinite, quote.delta.isFinite else { return nil }
            value += Double(leg.quantity) * mid * leg.multiplier
            delta += Double(leg.quantity) * quote.delta
        }
        self.init(value: value, delta: delta)
    }
}

/// Why an open position is closed before settlement.
public enum ExitReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The profit target's share of the opening credit has been captured.
    case profitTarget = "profit_target"
    /// The loss reached the loss multiple of the opening credit.
    case stopLoss = "stop_loss"
    /// Calendar days to expiry fell to the exit threshold.
    case timeExit = "time_exit"
    /// |delta per contract| exceeded its limit.
    case deltaLimit = "delta_limit"
}

/// The exit rules of a position opened for a credit (probe spreads and core butterflies).
///
/// Profit and loss are measured from the position's opening credit (``Position/openCredit``)
/// to its current mark: P&L = openCredit + mark value. The thresholds are inclusive ("at 65%",
/// "at a loss of 2x", "at 5 DTE") except the delta limit, which fires when exceeded; a
/// relative tolerance of 1e-9 keeps a mark exactly at a threshold from missing it by rounding.
/// When several rules hold on the same day the first of stop loss, profit target, delta limit,
/// time exit is reported.
public struct CreditExitRule: Sendable, Hashable {
    /// Share of the opening credit captured that closes the position.
    public var profitTarget: Double
    /// Loss, as a multiple of the opening credit, that closes the position (2: a loss of twice
    /// the credit, i.e. a closing debit of three times it).
    public var lossMultiple: Double
    /// Close at or below this many calendar days to expiry.
    public var exitDTE: Int
    /// Close when |delta| per contract exceeds this; nil for no delta rule.
    public var maxDeltaPerContract: Double?

    public init(profitTarget: Double, lossMultiple: Double, exitDTE: Int, maxDeltaPerContract: Double? = nil) {
        self.profitTarget = profitTarget
        self.lossMultiple = lossMultiple
        self.exitDTE = exitDTE
        self.maxDeltaPerContract = maxDeltaPerContract
    }

    static let tolerance = 1e-9

    /// The reason to close now, or nil to hold.
    /// - Parameters:
    ///   - openCredit: dollars received at the opening (after fees); the profit and loss
    ///     rules apply only to a positive credit.
    ///   - mark: today's mark of the whole position.
    ///   - daysToExpiry: calendar days from today to settlement.
    ///   - contracts: the position's size in units of its structure (a 3-lot spread: 3).
    public func evaluate(openCredit: Double, mark: PositionMark, daysToExpiry: Int, contracts: Int) -> ExitReason? {
        if openCredit > 0 {
            let pnl = openCredit + mark.value
            let slack = Self.tolerance * openCredit
            if -pnl >= lossMultiple * openCredit - slack { return .stopLoss }
            if pnl >= profitTarget * openCredit - slack { return .profitTarget }
        }
        if let limit = maxDeltaPerContract, contracts > 0, abs(mark.delta) / Double(contracts) > limit {
            return .deltaLimit
        }
        if daysToExpiry <= exitDTE { return .timeExit }
        return nil
    }

    /// ``evaluate(openCredit:mark:daysToExpiry:contracts:)`` for an open position on `date`.
    public func evaluate(_ position: Position, mark: PositionMark, on date: TradingDate) -> ExitReason? {
        evaluate(openCredit: position.openCredit, mark: mark, daysToExpiry: position.daysToExpiry(from: date),
                 contracts: position.contracts)
    }
}

extension Position {
    /// The position's size in units of its structure: the smallest |quantity| among its legs
    /// (a 2-lot butterfly +2/-4/+2 is 2 contracts).
    public var contracts: Int { legs.map { abs($0.quantity) }.min() ?? 0 }
}

/// Why a new position was not opened; the raw value is the log label.
public enum SkipReason: String, Sendable, Hashable, Codable, CaseIterable {
    case notch = "skipped: notch"
    case correlatedRisk = "skipped: correlated risk"
    case creditBelowMinimum = "skipped: credit below minimum"
    case sentiment = "skipped: sentiment"
    case noExpiryInWindow = "skipped: no expiry in window"
    case noChain = "skipped: no chain"
    case noStrike = "skipped: no strike"
    case untradableQuote = "skipped: untradable quote"
    case noFill = "skipped: no fill"
    case maxPositions = "skipped: max positions"
    case vixAboveThreshold = "skipped: vix at or above threshold"
    case budget = "skipped: hedge budget"
}

/// A refusal with the figures behind it, for the log.
public struct Skip: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: SkipReason
    public var detail: String

    public init(_ reason: SkipReason, _ detail: String = "") {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? reason.rawValue : "\(reason.rawValue) (\(detail))" }
}

extension OptionChain {
    /// The option of the expiry and type whose listed strike is nearest `strike` among the
    /// strikes `accepted` admits (ties go to the lower strike); nil when none is admitted.
    func indexNearestStrike(expiry: Int, type: OptionType, strike: Double,
                            where accepted: (Double) -> Bool) -> Int? {
        var best: Int?
        var bestDistance = Double.infinity
        for i in indices(expiry: expiry, type: type) where accepted(strikes[i]) {
            let distance = abs(strikes[i] - strike)
            if distance < bestDistance { best = i; bestDistance = distance }
        }
        return best
    }
}

// MARK: - Probes

/// A probe chosen on a probe day: a one-lot XSP put credit spread, short the put nearest the
/// probe delta, long the put `probeWidth` points lower.
public struct ProbeCandidate: Sendable, Hashable {
    /// Short put (quantity -1) then long put (quantity +1).
    public var ticket: OrderTicket
    /// The expiry chosen and its calendar days to settlement on the decision day.
    public var expiry: ListedExpiry
    public var daysToExpiry: Int

    public var shortQuote: OptionQuote { ticket.quotes[0] }
    public var longQuote: OptionQuote { ticket.quotes[1] }
    public var legs: [Leg] { ticket.legs }

    /// XSP points between the two strikes as listed (may differ from `probeWidth` where the
    /// strike grid is coarse).
    public var width: Double { shortQuote.strike - longQuote.strike }

    /// Credit at mid, dollars per spread.
    public var midCredit: Double { ticket.midPremium }

    /// The most the spread can lose once opened for `credit` dollars: width x 100 - credit.
    public func maxRisk(credit: Double) -> Double { max(0, width * OptionProduct.xsp.multiplier - credit) }
}

/// Chooses probe spreads and judges their exits (DESIGN section 5, "Probes").
public struct ProbeScout: Sendable {
    public var config: ProbeConfig

    public init(config: ProbeConfig = ProbeConfig()) {
        self.config = config
    }

    /// Whether `date` is a session on one of the probe weekdays (a holiday probe day is
    /// skipped, not moved; see ``EntrySchedule``).
    public func isProbeDay(_ date: TradingDate, calendar: TradingCalendar = .nyse) -> Bool {
        EntrySchedule(calendar: calendar, probeDays: config.probeDays, coreDay: .wednesday).isProbeDay(date)
    }

    /// The exit rules: profit target and loss multiple of the credit, exit DTE, no delta rule.
    public var exitRule: CreditExitRule {
        CreditExitRule(profitTarget: config.profitTarget, lossMultiple: config.lossMultiple, exitDTE: config.exitDTE)
    }

    /// The spread to open from the day's XSP chain, or why there is none.
    ///
    /// Expiry: nearest `probeDTE` calendar days within the probe window (ties to the earlier).
    /// Short put: the tradable put whose |delta| is nearest `probeDelta`. Long put: the listed
    /// put strike nearest `short - probeWidth` (ties to the lower strike), strictly below the
    /// short strike. The spread must be a credit at mid.
    public func candidate(from chain: OptionChain) -> Result<ProbeCandidate, Skip> {
        guard chain.product == .xsp else { return .failure(Skip(.noChain, "probes trade XSP, got \(chain.product.rawValue)")) }
        guard let e = chain.expiryNearest(days: config.probeDTE, within: config.expiryWindow) else {
            return .failure(Skip(.noExpiryInWindow, "no XSP expiry \(config.probeMinDTE)-\(config.probeMaxDTE) DTE"))
        }
        guard let shortIndex = chain.indexNearestDelta(expiry: e, type: .put, absoluteDelta: config.probeDelta) else {
            return .failure(Skip(.noStrike, "no tradable XSP put"))
        }
        let shortStrike = chain.strikes[shortIndex]
        guard let longIndex = chain.indexNearestStrike(expiry: e, type: .put, strike: shortStrike - config.probeWidth,
                                                       where: { $0 < shortStrike })
        else {
            return .failure(Skip(.noStrike, "no XSP put below \(shortStrike)"))
        }
        let expiry = chain.expiries[e]
        let legs = [
            Leg(product: .xsp, expiry: expiry, type: .put, strike: shortStrike, quantity: -1),
            Leg(product: .xsp, expiry: expiry, type: .put, strike: chain.strikes[longIndex], quantity: 1),
        ]
        let ticket = OrderTicket(legs: legs, quotes: [chain[shortIndex], chain[longIndex]])
        guard ticket.isTradable else { return .failure(Skip(.untradableQuote, "XSP \(legs[1].strike)/\(shortStrike) put")) }
        guard ticket.midPremium > 0 else {
            return .failure(Skip(.creditBelowMinimum, "mid credit \(ticket.midPremium) is not a credit"))
        }
        return .success(ProbeCandidate(ticket: ticket, expiry: expiry, daysToExpiry: expiry.calendarDays(from: chain.date)))
    }

    /// The reason to close an open probe today, or nil to hold it.
    public func exit(_ position: Position, mark: PositionMark, on date: TradingDate) -> ExitReason? {
        exitRule.evaluate(position, mark: mark, on: date)
    }
}

/// A closed probe: the evidence sentiment is built from.
public struct ProbeOutcome: Sendable, Hashable, Codable {
    public var positionID: Int
    public var openDate: TradingDate
    /// The session it was closed or settled on.
    public var closeDate: TradingDate
    /// Realized profit, dollars, after fees (positive a gain).
    public var pnl: Double

    public init(positionID: Int, openDate: TradingDate, closeDate: TradingDate, pnl: Double) {
        self.positionID = positionID
        self.openDate = openDate
        self.closeDate = closeDate
        self.pnl = pnl
    }

    /// A probe wins when it closes with a profit; breaking even is not a win.
    public var isWin: Bool { pnl > 0 }
}
