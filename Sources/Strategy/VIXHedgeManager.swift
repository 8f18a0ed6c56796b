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
    public enum Action: Sendable, Hashable {
        /// Buy `spreads` VIX call spreads: the ticket's legs already carry the quantities.
        case open(OrderTicket, spreads: Int)
        /// Sell `spreads` of the open hedge position `positionID`.
        case close(positionID: Int, spreads: Int)
    }

    public var action: Action
    public var reason: HedgeOrderReason
    /// The premium the order is expected to pay (positive) or receive (negative), dollars;
    /// from the pricer for opens; nil for closes (the engine prices them from its marks).
    public var estimatedCost: Double?
    /// Figures for the log.
    public var detail: String

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
    /// hedgeRatio x the open cores' max risk, dollars of payoff.
    public var targetPayoff: Double
    /// Payoff of the hedges still open after today's closes (before today's open), dollars.
    public var payoffAfterCloses: Double
    /// Budget left in the rolling window before today's open, dollars.
    public var budgetLeft: Double
}

/// Premium paid for hedges on one day.
public struct HedgeSpend: Sendable, Hashable, Codable {
    public var date: TradingDate
    /// Dollars paid, fees included.
    public var amount: Double

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
/// - **Size**: target payoff = `hedgeRatio` x the open cores' max risk. A VIX call spread pays
///   its width x 100 per spread at most. When the payoff still open falls short of the
///   target, the shortfall is bought in whole spreads, rounded up, but only while VIX <
///   `vixEntryThreshold` and within the budget. Hedges above target are kept, not sold: they
///   were paid for, and cores closing is not a reason to give up protection early.
/// - **Budget**: premium paid in the last `budgetWindowDays` calendar days (the decision day
///   included) may not exceed `budgetShare` x core exposure (the open cores' max risk today).
/// - **Strikes**: expiry nearest `hedgeDTE` within the hedge window (or, when it lists none,
///   within the fallback window: VIX expiries are a month apart); long call at the first
///   listed strike >= VIX + `hedgeStrikeOffset` (VIX = the index close, the level the plan
///   quotes); short call at long + `hedgeWidth`, or the first listed strike above that.
///
/// The manager remembers what was spent and which hedges were taken off; the engine reports
/// fills back through ``recordPurchase(_:on:)`` and ``recordTakeOff(positionID:)``.
public struct VIXHedgeManager: Sendable, Hashable {
    public var config: HedgeConfig
    /// Premium paid per day, oldest first (entries older than the window are dropped).
    public private(set) var spends: [HedgeSpend] = []
    /// Hedges that have had their one take-off.
    public private(set) var takenOff: Set<Int> = []

    public init(config: HedgeConfig = HedgeConfig()) {
        self.config = config
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
    ///     dollars (``coreExposure(of:)``).
    ///   - hedges: the open hedge positions.
    ///   - pricer: the fill model's net premium for an order (negative for a debit).
    public func plan(on date: TradingDate, vix: Double, chain: OptionChain?, coreExposure: Double, hedges: [Position],
                     pricer: OrderPricer = OrderPricers.mid) -> HedgePlan {
        var orders: [HedgeOrder] = []
        var skips: [Skip] = []
        var payoffLeft = 0.0
        var rolledPayoff = 0.0
        for hedge in hedges.sorted(by: { $0.id < $1.id }) {
            let spreads = hedge.contracts
            let payoff = Self.payoff(of: hedge)
            let dte = hedge.daysToExpiry(from: date)
            if dte <= config.rollDTE {
                rolledPayoff += payoff
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

        let exposure = max(0, coreExposure)
        let target = config.hedgeRatio * exposure
        let budgetLeft = budget(coreExposure: exposure) - spent(asOf: date)
        let shortfall = target - payoffLeft
        if shortfall > 0 {
            // At or above the entry threshold only the rolled payoff may be bought back.
            let calm = vix < config.vixEntryThreshold
            let rollOnly = rolledPayoff > 0 && !calm
            let wanted = rollOnly ? min(shortfall, rolledPayoff) : shortfall
            switch openOrder(shortfall: wanted, budgetLeft: budgetLeft, date: date, vix: vix, chain: chain,
                             pricer: pricer, reason: rolledPayoff > 0 ? .roll : .open) {
            case .success(let order): orders.append(order)
            case .failure(let skip): skips.append(skip)
            }
        }
        return HedgePlan(orders: orders, skips: skips, targetPayoff: target, payoffAfterCloses: payoffLeft,
                         budgetLeft: budgetLeft)
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
