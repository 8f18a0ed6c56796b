import Market
import Pricing

/// A probe chosen on a probe day: a one-lot XSP put credit spread, short the put nearest the
/// probe delta, long the put `probeWidth` points lower.
public struct ProbeCandidate: Sendable, Hashable {
    /// Short put (quantity -1) then long put (quantity +1).
    public var ticket: OrderTicket
    /// The expiry chosen and its calendar days to settlement on the decision day.
    public var expiry: ListedExpiry
    /// Calendar days from the decision day to the expiry's settlement.
    public var daysToExpiry: Int

    /// The short put's quote.
    public var shortQuote: OptionQuote { ticket.quotes[0] }
    /// The long put's quote.
    public var longQuote: OptionQuote { ticket.quotes[1] }
    /// The spread's legs, short first.
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
    /// The probes' settings.
    public var config: ProbeConfig

    /// The probe component with `config` (the plan's defaults when omitted).
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
    /// The probe position, by its id.
    public var positionID: Int
    /// The session it was opened on.
    public var openDate: TradingDate
    /// The session it was closed or settled on.
    public var closeDate: TradingDate
    /// Realized profit, dollars, after fees (positive a gain).
    public var pnl: Double

    /// An outcome from its fields, in the units of its properties.
    public init(positionID: Int, openDate: TradingDate, closeDate: TradingDate, pnl: Double) {
        self.positionID = positionID
        self.openDate = openDate
        self.closeDate = closeDate
        self.pnl = pnl
    }

    /// A probe wins when it closes with a profit; breaking even is not a win.
    public var isWin: Bool { pnl > 0 }
}
