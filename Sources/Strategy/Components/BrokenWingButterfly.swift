import Market
import Pricing

/// The three strikes of a put broken-wing butterfly, SPX points.
public struct BWBStrikes: Sendable, Hashable {
    /// Long one put here, above the body.
    public var upperLong: Double
    /// Short two puts here.
    public var short: Double
    /// Long one put here, below the body, further away than the upper wing.
    public var lowerLong: Double

    /// Strikes from the top down, SPX points.
    public init(upperLong: Double, short: Double, lowerLong: Double) {
        self.upperLong = upperLong
        self.short = short
        self.lowerLong = lowerLong
    }

    /// Points from the body up to the upper long put.
    public var narrowWing: Double { upperLong - short }
    /// Points from the body down to the lower long put.
    public var brokenWing: Double { short - lowerLong }
}

/// The payoff arithmetic of a +1/-2/+1 put broken-wing butterfly, dollars.
///
/// At settlement S, per butterfly: above the upper strike every put expires worthless; at the
/// body the upper put is worth the narrow wing; below the lower strike the payoff is
/// narrowWing - brokenWing, a loss when the lower wing is the wider one. With the opening
/// credit C (dollars, whole position) and c butterflies:
///
///     max risk = max(0, (brokenWing - narrowWing) x 100 x c - C)   when C >= 0
///     max gain = narrowWing x 100 x c + C
///
/// (a debit, C < 0, is also lost above the upper strike: max risk = max(-C, ...)).
public enum BWBArithmetic {
    /// The most the position can lose from its opening, dollars.
    public static func maxRisk(strikes: BWBStrikes, contracts: Int, credit: Double) -> Double {
        let units = Double(contracts) * OptionProduct.spx.multiplier
        // Lowest settlement payoff: 0 above the upper strike, narrow - broken below the lower.
        let worstPayoff = min(0, (strikes.narrowWing - strikes.brokenWing) * units)
        return max(0, -(credit + worstPayoff))
    }

    /// The most the position can make, dollars (settlement at the body).
    public static func maxGain(strikes: BWBStrikes, contracts: Int, credit: Double) -> Double {
        strikes.narrowWing * Double(contracts) * OptionProduct.spx.multiplier + credit
    }

    /// The position's value at settlement S, dollars (without the opening credit).
    public static func settlementValue(strikes: BWBStrikes, contracts: Int, at settlement: Double) -> Double {
        let c = Double(contracts) * OptionProduct.spx.multiplier
        let put = { (k: Double) in max(k - settlement, 0) }
        return c * (put(strikes.upperLong) - 2 * put(strikes.short) + put(strikes.lowerLong))
    }
}

/// A core butterfly chosen on a core day, not yet filled.
public struct BWBCandidate: Sendable, Hashable {
    /// Legs in strike order from the top: upper long (+c), short (-2c), lower long (+c).
    public var ticket: OrderTicket
    /// The three strikes.
    public var strikes: BWBStrikes
    /// Butterflies in the order (c: one lot is +1 / -2 / +1).
    public var contracts: Int
    /// The expiry chosen.
    public var expiry: ListedExpiry
    /// Calendar days from the decision day to the expiry's settlement.
    public var daysToExpiry: Int
    /// The net credit the order is expected to fill for (the pricer's figure, dollars).
    public var credit: Double

    /// The legs, upper long first.
    public var legs: [Leg] { ticket.legs }
    /// Credit at mid, dollars for the whole position.
    public var midCredit: Double { ticket.midPremium }
    /// Max risk at ``credit``, dollars.
    public var maxRisk: Double { BWBArithmetic.maxRisk(strikes: strikes, contracts: contracts, credit: credit) }
}

/// Chooses core broken-wing butterflies and judges their exits (DESIGN section 5, "Core").
public struct BrokenWingButterfly: Sendable {
    /// The core's settings.
    public var config: CoreConfig

    /// The core component with `config` (the plan's defaults when omitted).
    public init(config: CoreConfig = CoreConfig()) {
        self.config = config
    }

    /// Profit target and loss multiple of the credit, exit DTE and the delta-per-contract limit.
    public var exitRule: CreditExitRule {
        CreditExitRule(profitTarget: config.profitTarget, lossMultiple: config.lossMultiple,
                       exitDTE: config.exitDTE, maxDeltaPerContract: config.maxDeltaPerContract)
    }

    /// The strikes for a butterfly in one expiry of an SPX chain, or why there are none.
    ///
    /// Short: by delta, the tradable put whose |delta| is nearest `bwbDelta`; by offset, the
    /// put strike nearest spot x (1 - shortStrikeOffset). Upper long: the put strike nearest
    /// short + the narrow wing, strictly above the short. Lower long: the strike nearest short
    /// - the broken wing, strictly below it. Ties go to the lower strike. The wings are
    /// ``CoreConfig/wings(atSpot:)`` at the chain's spot: fixed points, or scaled with the
    /// index level (the default), so that the listed strikes nearest a scaled distance are
    /// the wings.
    public func strikes(in chain: OptionChain, expiry e: Int) -> Result<BWBStrikes, Skip> {
        let shortIndex: Int?
        switch config.strikeSelection {
        case .delta:
            shortIndex = chain.indexNearestDelta(expiry: e, type: .put, absoluteDelta: config.bwbDelta)
        case .offset:
            shortIndex = chain.indexNearestStrike(expiry: e, type: .put, strike: chain.spot * (1 - config.shortStrikeOffset))
        }
        guard let shortIndex else { return .failure(Skip(.noStrike, "no SPX put for the body")) }
        let short = chain.strikes[shortIndex]
        let wings = config.wings(atSpot: chain.spot)
        guard let upper = chain.indexNearestStrike(expiry: e, type: .put, strike: short + wings.narrow,
                                                   where: { $0 > short }),
              let lower = chain.indexNearestStrike(expiry: e, type: .put, strike: short - wings.broken,
                                                   where: { $0 < short })
        else { return .failure(Skip(.noStrike, "no SPX wing strikes around \(short)")) }
        return .success(BWBStrikes(upperLong: chain.strikes[upper], short: short, lowerLong: chain.strikes[lower]))
    }

    /// The butterfly to open from the day's SPX chain, or why there is none.
    ///
    /// Expiry by ``expiryIndex(in:)``; strikes by ``strikes(in:expiry:)``; the credit is
    /// `pricer`'s figure for the order (mid by default) and must reach
    /// ``CoreConfig/minimumCredit(atSpot:)`` x contracts.
    public func candidate(from chain: OptionChain, pricer: OrderPricer = OrderPricers.mid) -> Result<BWBCandidate, Skip> {
        guard chain.product == .spx else { return .failure(Skip(.noChain, "cores trade SPX, got \(chain.product.rawValue)")) }
        guard let e = expiryIndex(in: chain) else {
            let primary = config.expiryWindow, fallback = config.fallbackWindow
            return .failure(Skip(.noExpiryInWindow,
                                 "no SPX expiry \(primary.lowerBound)-\(primary.upperBound) DTE nor \(fallback.lowerBound)-\(fallback.upperBound)"))
        }
        let strikes: BWBStrikes
        switch self.strikes(in: chain, expiry: e) {
        case .success(let found): strikes = found
        case .failure(let skip): return .failure(skip)
        }
        let expiry = chain.expiries[e]
        let c = config.contracts
        let layout: [(strike: Double, quantity: Int)] = [(strikes.upperLong, c), (strikes.short, -2 * c), (strikes.lowerLong, c)]
        var legs: [Leg] = []
        var quotes: [OptionQuote] = []
        for (strike, quantity) in layout {
            // The strikes came from this expiry's put slice, so the lookups succeed.
            let i = chain.index(expiry: e, type: .put, strike: strike)!
            legs.append(Leg(product: .spx, expiry: expiry, type: .put, strike: strike, quantity: quantity))
            quotes.append(chain[i])
        }
        let ticket = OrderTicket(legs: legs, quotes: quotes)
        guard ticket.isTradable else {
            return .failure(Skip(.untradableQuote, "SPX \(strikes.lowerLong)/\(strikes.short)/\(strikes.upperLong) put"))
        }
        guard let credit = pricer(ticket) else { return .failure(Skip(.noFill, "SPX butterfly")) }
        let minimum = config.minimumCredit(atSpot: chain.spot) * Double(c)
        guard credit >= minimum else {
            return .failure(Skip(.creditBelowMinimum, "credit \(rounded(credit)) < minimum \(rounded(minimum))"))
        }
        return .success(BWBCandidate(ticket: ticket, strikes: strikes, contracts: c, expiry: expiry,
                                     daysToExpiry: expiry.calendarDays(from: chain.date), credit: credit))
    }

    /// The expiry a core takes in `chain`: nearest `coreDTE` within the core window (DESIGN's
    /// 25-35 days), or, when that window lists none, nearest `coreDTE` within the fallback
    /// window (the monthly-only era; see ``CoreConfig/fallbackMinDTE``). Ties go to the earlier.
    public func expiryIndex(in chain: OptionChain) -> Int? {
        chain.expiryNearest(days: config.coreDTE, within: config.expiryWindow)
            ?? chain.expiryNearest(days: config.coreDTE, within: config.fallbackWindow)
    }

    /// The reason to close an open core today, or nil to hold it.
    public func exit(_ position: Position, mark: PositionMark, on date: TradingDate) -> ExitReason? {
        exitRule.evaluate(position, mark: mark, on: date)
    }
}

/// Dollars to the cent, for log text.
func rounded(_ dollars: Double) -> Double { (dollars * 100).rounded() / 100 }
