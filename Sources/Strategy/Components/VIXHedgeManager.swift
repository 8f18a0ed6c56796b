import Market
import Pricing

/// Why a hedge order is sent; the raw value is the log label.
public enum HedgeOrderReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Buying spreads to bring the payoff up to its target.
    case open
    /// Closing part of a hedge after VIX rose `takeOffVIXRise` above its entry.
    case takeOff = "hedge_take_off"
    /// Closing a hedge at the roll DTE, or buying its replacement the same day.
    case roll
}

/// One hedge order.
public struct HedgeOrder: Sendable, Hashable {
    /// What the order does.
    public enum Action: Sendable, Hashable {
        /// Buy `spreads` VIX call spreads: the ticket's legs already carry the quantities.
        case open(OrderTicket, spreads: Int)
        /// Sell `spreads` of the open hedge position `positionID`.
        case close(positionID: Int, spreads: Int)
    }

    /// What the order does.
    public var action: Action
    /// Why it is sent.
    public var reason: HedgeOrderReason
    /// The premium the order is expected to pay (positive) or receive (negative), dollars;
    /// from the pricer for opens; nil for closes (the engine prices them from its marks).
    public var estimatedCost: Double?
    /// Figures for the log.
    public var detail: String

    /// An order from its fields, in the units of its properties.
    public init(action: Action, reason: HedgeOrderReason, estimatedCost: Double?, detail: String) {
        self.action = action
        self.reason = reason
        self.estimatedCost = estimatedCost
        self.detail = detail
    }
}

/// The day's hedge decisions.
public struct HedgePlan: Sendable, Hashable {
    /// Closes first (rolls and take-offs), then at most one open.
    public var orders: [HedgeOrder]
    /// Why spreads the target called for were not bought.
    public var skips: [Skip]
    /// The core exposure the day's target and budget are sized on: the larger of the open
    /// cores' max risk and the closing core exposure of the lookback sessions, dollars.
    public var hedgedExposure: Double
    /// hedgeRatio x ``hedgedExposure``, dollars of payoff.
    public var targetPayoff: Double
    /// Payoff of the hedges still open after today's closes (before today's open), dollars.
    public var payoffAfterCloses: Double
    /// Budget left in the rolling window before today's open, dollars.
    public var budgetLeft: Double
}

/// Premium paid for hedges on one day.
public struct HedgeSpend: Sendable, Hashable, Codable {
    /// The session of the purchases.
    public var date: TradingDate
    /// Dollars paid, fees included.
    public var amount: Double

    /// `amount` dollars paid on `date`.
    public init(date: TradingDate, amount: Double) {
        self.date = date
        self.amount = amount
    }
}

/// Keeps VIX call-spread protection at a share of the core's risk (DESIGN section 5, "Hedges").
///
/// Rules, evaluated once a day on the close:
/// - **Roll**: a hedge at or below `rollDTE` calendar days to expiry is closed; its payoff is
///   replaced by new spreads bought the same day (reason `roll`), at any VIX level: a roll
///   keeps protection that is already held, it is not a new entry, so the `vixEntryThreshold`
///   does not apply (otherwise a hedge that reaches its roll date as VIX rises lapses just as
///   a sell-off starts, leaving the book naked into the crash the hedge is for). A roll
///   replaces at most the payoff it closed (up to the target), and the budget still applies;
///   payoff beyond what was rolled is a new entry and waits for VIX below the threshold.
/// - **Take off**: once per hedge, when the VIX close reaches its entry VIX + `takeOffVIXRise`,
///   `takeOffShare` of its spreads are closed, rounded down, so that part of the protection
///   always stays on (a single spread is kept whole). Rounding up closed a one-spread hedge
///   in full on the first 3-point VIX rise, which is how most sell-offs begin: the hedge was
///   gone before the crash it was bought for (2020-02-24, three weeks before 2020-03-16).
/// - **Exposure**: the core exposure hedged is the larger of the open cores' max risk today
///   and the largest max risk the cores held at the close of any of the last
///   `exposureLookbackSessions` sessions (0: today's cores only, the literal rule). Cores are
///   stopped out early in a sell-off, days or weeks before its worst day; sized on today's
///   cores alone the hedge bought for them lapses at its next roll, just before the crash it
///   was bought for (2008-10-07, a week before 2008-10-15; 2020-03-03, two weeks before
///   2020-03-16). Remembering the exposure keeps that hedge on and rolled through the
///   sell-off; once the window has passed with no core open the target falls to zero.
/// - **Size**: target payoff = `hedgeRatio` x the hedged exposure. A VIX call spread pays
///   its width x 100 per spread at most. When the payoff still open falls short of the
///   target, the shortfall is bought in whole spreads, rounded up, but only while VIX <
///   `vixEntryThreshold` and within the budget. Hedges above target are kept, not sold: they
///   were paid for, and cores closing is not a reason to give up protection early.
/// - **Budget**: premium paid in the last `budgetWindowDays` calendar days (the decision day
///   included) may not exceed `budgetShare` x the hedged exposure. The budget caps what the
///   protection costs, net: a roll's replacement may also spend what the hedges it closes
///   that day fetch (priced by the same pricer from the day's chain), and only the premium
///   beyond those proceeds counts as spent (the engine records it so). Counting the gross
///   premium refused 49 of the 171 roll replacements of the 2005-2025 run (26 of 174 with
///   the proceeds counted): a hedge that had gained was sold, and its protection lapsed for
///   want of money the roll itself had just brought in.
/// - **Strikes**: expiry nearest `hedgeDTE` within the hedge window (or, when it lists none,
///   within the fallback window: VIX expiries are a month apart); long call at the first
///   listed strike >= VIX + `hedgeStrikeOffset` (VIX = the index close, the level the plan
///   quotes); short call at long + `hedgeWidth`, or the first listed strike above that.
///
/// The manager remembers what was spent, which hedges were taken off and the recent core
/// exposure; the engine reports fills back through ``recordPurchase(_:on:)`` and
/// ``recordTakeOff(positionID:)``, and each session's closing core exposure through
/// ``recordClose(coreExposure:)``.
public struct VIXHedgeManager: Sendable, Hashable, Codable {
    /// The hedges' settings.
    public var config: HedgeConfig
    /// Premium paid per day, oldest first (entries older than the window are dropped).
    public private(set) var spends: [HedgeSpend] = []
    /// Hedges that have had their one take-off.
    public private(set) var takenOff: Set<Int> = []
    /// The open cores' max risk at the close of the last `exposureLookbackSessions` sessions,
    /// oldest first, dollars.
    public private(set) var recentExposures: [Double] = []

    /// A manager with `config` (the plan's defaults when omitted) and no memory yet.
    public init(config: HedgeConfig = HedgeConfig()) {
        self.config = config
    }

    /// Whether `hedge` is closed and replaced today: at or below `rollDTE` calendar days.
    public func isDueToRoll(_ hedge: Position, on date: TradingDate) -> Bool {
        hedge.daysToExpiry(from: date) <= config.rollDTE
    }

    /// The largest closing core exposure of the lookback sessions, dollars (0 when none).
    public var recentExposure: Double { recentExposures.max() ?? 0 }

    /// The exposure the target and the budget are sized on when the open cores risk
    /// `coreExposure` dollars today: the larger of that and ``recentExposure``.
    public func hedgedExposure(today coreExposure: Double) -> Double {
        max(0, coreExposure, recentExposure)
    }

    /// Records the open cores' max risk at a session's close, dollars; call once per session,
    /// after the day's orders, so that the next session's plan remembers it.
    public mutating func recordClose(coreExposure: Double) {
        let keep = config.exposureLookbackSessions
        guard keep > 0 else { return }
        recentExposures.append(max(0, coreExposure))
        if recentExposures.count > keep { recentExposures.removeFirst(recentExposures.count - keep) }
    }

    /// Premium paid in the rolling window ending on `date` (inclusive), dollars.
    public func spent(asOf date: TradingDate) -> Double {
        spends.reduce(0) { $0 + (isInWindow($1.date, asOf: date) ? $1.amount : 0) }
    }

    /// The window's budget for a core exposure (dollars of max risk), dollars.
    public func budget(coreExposure: Double) -> Double { config.budgetShare * max(0, coreExposure) }

    /// The open cores' max risk, dollars: what the hedge target and the budget scale with.
    public static func coreExposure(of cores: [Position]) -> Double {
        cores.reduce(0) { $0 + ($1.component == .core ? max(0, $1.maxRisk) : 0) }
    }

    /// Most payoff a hedge position can deliver, dollars: width x 100 x spreads.
    public static func payoff(of hedge: Position) -> Double {
        let calls = hedge.legs.filter { $0.type == .call }
        guard let low = calls.map(\.strike).min(), let high = calls.map(\.strike).max() else { return 0 }
        return (high - low) * OptionProduct.vix.multiplier * Double(hedge.contracts)
    }

    /// The day's hedge orders.
    /// - Parameters:
    ///   - date: the decision day.
    ///   - vix: the VIX close, index points.
    ///   - chain: the day's VIX option chain (nil when there is none, e.g. before 2006-02-24).
    ///   - coreExposure: the max risk of the cores open after today's core decisions,
    ///     dollars (``coreExposure(of:)``); the plan sizes on ``hedgedExposure(today:)``.
    ///   - hedges: the open hedge positions.
    ///   - pricer: the fill model's net premium for an order (negative for a debit).
    public func plan(on date: TradingDate, vix: Double, chain: OptionChain?, coreExposure: Double, hedges: [Position],
                     pricer: OrderPricer = OrderPricers.mid) -> HedgePlan {
        var orders: [HedgeOrder] = []
        var skips: [Skip] = []
        var payoffLeft = 0.0
        var rolledPayoff = 0.0
        var rollProceeds = 0.0
        for hedge in hedges.sorted(by: { $0.id < $1.id }) {
            let spreads = hedge.contracts
            let payoff = Self.payoff(of: hedge)
            let dte = hedge.daysToExpiry(from: date)
            if isDueToRoll(hedge, on: date) {
                rolledPayoff += payoff
                rollProceeds += Self.closingProceeds(of: hedge, chain: chain, pricer: pricer)
                orders.append(HedgeOrder(action: .close(positionID: hedge.id, spreads: spreads), reason: .roll,
                                         estimatedCost: nil, detail: "\(dte) DTE <= \(config.rollDTE)"))
                continue
            }
            let closing = min(spreads, Int((Double(spreads) * config.takeOffShare + 1e-9).rounded(.down)))
            if !takenOff.contains(hedge.id), closing > 0, vix >= hedge.entryVIX + config.takeOffVIXRise {
                orders.append(HedgeOrder(action: .close(positionID: hedge.id, spreads: closing), reason: .takeOff,
                                         estimatedCost: nil,
                                         detail: "VIX \(vix) >= entry \(hedge.entryVIX) + \(config.takeOffVIXRise)"))
                payoffLeft += payoff * Double(spreads - closing) / Double(max(spreads, 1))
                continue
            }
            payoffLeft += payoff
        }

        let exposure = hedgedExposure(today: coreExposure)
        let target = config.hedgeRatio * exposure
        let budgetLeft = budget(coreExposure: exposure) - spent(asOf: date)
        let shortfall = target - payoffLeft
        if shortfall > 0 {
            // At or above the entry threshold only the rolled payoff may be bought back.
            let calm = vix < config.vixEntryThreshold
            let rollOnly = rolledPayoff > 0 && !calm
            let wanted = rollOnly ? min(shortfall, rolledPayoff) : shortfall
            switch openOrder(shortfall: wanted, budgetLeft: budgetLeft + rollProceeds, date: date, vix: vix, chain: chain,
                             pricer: pricer, reason: rolledPayoff > 0 ? .roll : .open) {
            case .success(let order): orders.append(order)
            case .failure(let skip): skips.append(skip)
            }
        }
        return HedgePlan(orders: orders, skips: skips, hedgedExposure: exposure, targetPayoff: target,
                         payoffAfterCloses: payoffLeft, budgetLeft: budgetLeft)
    }

    /// What closing `hedge` in full fetches on `chain`'s quotes, dollars (0 when a leg has no
    /// tradable quote or the pricer gives no fill: a roll then spends from the budget alone).
    static func closingProceeds(of hedge: Position, chain: OptionChain?, pricer: OrderPricer) -> Double {
        guard let chain, chain.product == .vix else { return 0 }
        var legs: [Leg] = [], quotes: [OptionQuote] = []
        for leg in hedge.legs {
            guard let e = chain.expiryPosition(leg.expiry),
                  let i = chain.index(expiry: e, type: leg.type, strike: leg.strike) else { return 0 }
            var closing = leg
            closing.quantity = -leg.quantity
            legs.append(closing)
            quotes.append(chain[i])
        }
        let ticket = OrderTicket(legs: legs, quotes: quotes)
        guard ticket.isTradable, let premium = pricer(ticket) else { return 0 }
        return max(0, premium)
    }

    /// The spreads that cover `shortfall` dollars of payoff, within the budget; a new entry
    /// (`reason` open) only below the VIX entry threshold, a roll at any VIX.
    func openOrder(shortfall: Double, budgetLeft: Double, date: TradingDate, vix: Double, chain: OptionChain?,
                   pricer: OrderPricer, reason: HedgeOrderReason) -> Result<HedgeOrder, Skip> {
        guard reason == .roll || vix < config.vixEntryThreshold else {
            return .failure(Skip(.vixAboveThreshold, "VIX \(vix) >= \(config.vixEntryThreshold)"))
        }
        guard let chain, chain.product == .vix else { return .failure(Skip(.noChain, "no VIX chain")) }
        guard let e = chain.expiryNearest(days: config.hedgeDTE, within: config.expiryWindow)
            ?? chain.expiryNearest(days: config.hedgeDTE, within: config.fallbackWindow) else {
            let fallback = config.fallbackWindow
            return .failure(Skip(.noExpiryInWindow,
                                 "no VIX expiry \(config.hedgeMinDTE)-\(config.hedgeMaxDTE) DTE nor \(fallback.lowerBound)-\(fallback.upperBound)"))
        }
        guard let longIndex = chain.indexFirstStrike(atLeast: vix + config.hedgeStrikeOffset, expiry: e, type: .call),
              let shortIndex = chain.indexFirstStrike(atLeast: chain.strikes[longIndex] + config.hedgeWidth, expiry: e, type: .call)
        else {
            return .failure(Skip(.noStrike, "no VIX call strikes from \(vix + config.hedgeStrikeOffset)"))
        }
        let expiry = chain.expiries[e]
        let longStrike = chain.strikes[longIndex], shortStrike = chain.strikes[shortIndex]
        let one = OrderTicket(
            legs: [Leg(product: .vix, expiry: expiry, type: .call, strike: longStrike, quantity: 1),
                   Leg(product: .vix, expiry: expiry, type: .call, strike: shortStrike, quantity: -1)],
            quotes: [chain[longIndex], chain[shortIndex]])
        guard one.isTradable else { return .failure(Skip(.untradableQuote, "VIX \(longStrike)/\(shortStrike) call")) }
        guard let premium = pricer(one) else { return .failure(Skip(.noFill, "VIX call spread")) }
        let costPerSpread = -premium
        guard costPerSpread > 0 else {
            return .failure(Skip(.untradableQuote, "VIX \(longStrike)/\(shortStrike) call spread priced at no debit"))
        }
        let payoffPerSpread = (shortStrike - longStrike) * OptionProduct.vix.multiplier
        // The small slack keeps an exact multiple from rounding up to one spread too many.
        let needed = Int((shortfall / payoffPerSpread - 1e-9).rounded(.up))
        let affordable = budgetLeft > 0 ? Int((budgetLeft / costPerSpread).rounded(.down)) : 0
        let spreads = min(needed, affordable)
        guard spreads > 0 else {
            return .failure(Skip(.budget, "\(needed) spreads at \(rounded(costPerSpread)) each, \(rounded(max(0, budgetLeft))) left"))
        }
        var ticket = one
        for i in ticket.legs.indices { ticket.legs[i].quantity *= spreads }
        return .success(HedgeOrder(action: .open(ticket, spreads: spreads), reason: reason,
                                   estimatedCost: costPerSpread * Double(spreads),
                                   detail: "\(spreads) of \(needed) spreads \(longStrike)/\(shortStrike), \(expiry.calendarDays(from: date)) DTE"))
    }

    /// Records premium paid for hedges on `date` (dollars, fees included).
    public mutating func recordPurchase(_ amount: Double, on date: TradingDate) {
        spends.append(HedgeSpend(date: date, amount: amount))
        // Older spends can never count again once the window has passed them.
        let window = config.budgetWindowDays
        spends.removeAll { $0.date.days(until: date) >= window }
    }

    /// Records that hedge `positionID` has had its take-off.
    public mutating func recordTakeOff(positionID: Int) {
        takenOff.insert(positionID)
    }

    /// Forgets a closed hedge.
    public mutating func recordClosed(positionID: Int) {
        takenOff.remove(positionID)
    }

    private func isInWindow(_ spendDate: TradingDate, asOf date: TradingDate) -> Bool {
        let age = spendDate.days(until: date)
        return age >= 0 && age < config.budgetWindowDays
    }
}
