import Foundation
import Market
import Pricing
import Strategy

/// The strategy's structures priced on both sides of a ``ChainPair``.
public enum StructureKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// The core put broken-wing butterfly (+1/-2/+1) at the default rules.
    case coreButterfly = "core_bwb"
    /// The probe's XSP put credit spread.
    case probeSpread = "probe_put_spread"
    /// The hedge's VIX call spread.
    case hedgeSpread = "hedge_vix_call_spread"
}

/// One structure of one day: `structures.csv`'s row.
///
/// Premiums are dollars for the structure (one unit), signed as received: positive a credit
/// (the butterfly, the probe), negative a debit (the hedge). The fill premium is the fill
/// model's price before fees.
public struct StructureRow: Sendable, Hashable {
    public var date: TradingDate
    public var product: OptionProduct
    public var isClosing: Bool
    public var kind: StructureKind
    public var expiry: TradingDate?
    public var daysToExpiry: Int?
    /// The legs as `quantity x strike type`, e.g. `+1 4450P -2 4400P +1 4300P`.
    public var legs: String
    public var synthesizedMid: Double
    public var realMid: Double
    public var synthesizedFill: Double
    public var realFill: Double
    /// The real legs at their own side of the market (buys at the ask, sells at the bid),
    /// dollars: the worse end of the real combo's market, which spans realMid -+ its
    /// half-spread (``realHalfSpread``).
    public var realNatural: Double
    /// Why the structure could not be priced on one side (empty when it was).
    public var note: String

    /// Half the real combo's bid-ask width, dollars (``realMid`` - ``realNatural``): how far
    /// the real mid itself may lie from where the combo would trade.
    public var realHalfSpread: Double { realMid - realNatural }

    /// Whether the synthesized mid lies inside the real combo's bid-ask (nil when either side
    /// is missing).
    public var synthesizedMidInsideRealMarket: Bool? {
        guard synthesizedMid.isFinite, realMid.isFinite, realNatural.isFinite else { return nil }
        return abs(synthesizedMid - realMid) <= realHalfSpread
    }

    /// Synthesized / real premium at mid (NaN when either is missing or the real one is 0).
    public var midRatio: Double { Self.ratio(synthesizedMid, realMid) }
    /// Synthesized / real premium at the fill model's price.
    public var fillRatio: Double { Self.ratio(synthesizedFill, realFill) }

    static func ratio(_ a: Double, _ b: Double) -> Double {
        a.isFinite && b.isFinite && b != 0 ? a / b : .nan
    }
}

/// Chooses each structure's strikes on the synthesized side of a pair with the strategy's own
/// selection code (what the backtest would trade that day), then prices the same legs on both
/// sides: at mid (``OrderTicket/midPremium``) and with ``FillModel``.
public struct StructureComparison: Sendable {
    public var strategy: StrategyConfig
    public var fillModel: FillModel

    public init(strategy: StrategyConfig = StrategyConfig()) {
        self.strategy = strategy
        self.fillModel = FillModel(config: strategy.fills)
    }

    /// The structures that trade `pair`'s product: the core butterfly on SPX, the probe on
    /// XSP, the hedge on VIX.
    public func rows(_ pair: ChainPair, isClosing: Bool, vixClose: Double) -> [StructureRow] {
        switch pair.real.product {
        case .spx: [coreButterfly(pair, isClosing: isClosing)]
        case .xsp: [probeSpread(pair, isClosing: isClosing)]
        case .vix: [hedgeSpread(pair, isClosing: isClosing, vixClose: vixClose)]
        }
    }

    /// The core butterfly: expiry and strikes by ``BrokenWingButterfly`` at the default rules;
    /// or at `expiry` (a position in the pair's expiries), strikes by the rules. At mid only
    /// when `withFills` is false.
    ///
    /// By the rules, only on a real chain whose expiries reach the end of the core window
    /// (``CoreConfig/expiryWindow``): a near-term download that stops short of it would hand
    /// the rules a nearer expiry, or one from the fallback window, where the day's whole
    /// listing (which runs months out) held the one the strategy trades.
    public func coreButterfly(_ pair: ChainPair, isClosing: Bool, expiry: Int? = nil, withFills: Bool = true) -> StructureRow {
        let core = BrokenWingButterfly(config: strategy.core)
        let chain = pair.synthesized
        if expiry == nil, let note = Self.shortOfWindow(pair, strategy.core.expiryWindow, "core") {
            return missing(pair, .coreButterfly, isClosing, note)
        }
        guard let e = expiry ?? core.expiryIndex(in: chain) else {
            return missing(pair, .coreButterfly, isClosing, "no expiry in the core window on the real chain")
        }
        switch core.strikes(in: chain, expiry: e) {
        case .failure(let skip):
            return missing(pair, .coreButterfly, isClosing, "\(skip)")
        case .success(let strikes):
            let c = strategy.core.contracts
            let legs = [(strikes.upperLong, c), (strikes.short, -2 * c), (strikes.lowerLong, c)].map { strike, quantity in
                Leg(product: .spx, expiry: chain.expiries[e], type: .put, strike: strike, quantity: quantity)
            }
            return price(legs, expiry: e, pair: pair, kind: .coreButterfly, isClosing: isClosing, withFills: withFills)
        }
    }

    /// The probe: ``ProbeScout/candidate(from:)`` on the synthesized chain, where the real
    /// chain's expiries reach the end of the probe window (as for the core).
    public func probeSpread(_ pair: ChainPair, isClosing: Bool) -> StructureRow {
        if let note = Self.shortOfWindow(pair, strategy.probe.expiryWindow, "probe") {
            return missing(pair, .probeSpread, isClosing, note)
        }
        switch ProbeScout(config: strategy.probe).candidate(from: pair.synthesized) {
        case .failure(let skip):
            return missing(pair, .probeSpread, isClosing, "\(skip)")
        case .success(let candidate):
            let e = pair.synthesized.expiryPosition(candidate.expiry)!
            return price(candidate.legs, expiry: e, pair: pair, kind: .probeSpread, isClosing: isClosing)
        }
    }

    /// The hedge: one spread of ``VIXHedgeManager``'s open order on the synthesized chain, its
    /// entry threshold and budget lifted (the strikes and expiry are what is compared).
    public func hedgeSpread(_ pair: ChainPair, isClosing: Bool, vixClose: Double) -> StructureRow {
        var config = strategy.hedge
        config.vixEntryThreshold = .infinity
        config.budgetShare = 1e9
        let manager = VIXHedgeManager(config: config)
        // A target of a quarter of one spread's payoff: exactly one spread is bought.
        let exposure = 0.25 * config.hedgeWidth * OptionProduct.vix.multiplier / max(config.hedgeRatio, 1e-9)
        let plan = manager.plan(on: pair.synthesized.date, vix: vixClose, chain: pair.synthesized, coreExposure: exposure,
                                hedges: [])
        for order in plan.orders {
            if case .open(let ticket, let spreads) = order.action, spreads > 0 {
                let legs = ticket.legs.map { leg in
                    var one = leg
                    one.quantity = leg.quantity / spreads
                    return one
                }
                let e = pair.synthesized.expiryPosition(legs[0].expiry)!
                return price(legs, expiry: e, pair: pair, kind: .hedgeSpread, isClosing: isClosing)
            }
        }
        return missing(pair, .hedgeSpread, isClosing, plan.skips.map { "\($0)" }.joined(separator: "; "))
    }

    /// Why the pair's real chain cannot show what the rules pick in `window` (calendar days):
    /// its last expiry comes before the window's end; nil when it reaches it.
    static func shortOfWindow(_ pair: ChainPair, _ window: ClosedRange<Int>, _ structure: String) -> String? {
        let date = pair.real.date
        let last = pair.real.expiries.last
        guard (last?.calendarDays(from: date) ?? -1) < window.upperBound else { return nil }
        let end = last.map { "\($0.settlementDate) (\($0.calendarDays(from: date)) days)" } ?? "nothing"
        return "the real chain's expiries end at \(end), short of the \(structure) window's \(window.upperBound) days"
            + " (a partial download)"
    }

    /// Prices `legs` (all of expiry `e`) on both sides; at mid only, the fill columns NaN,
    /// when `withFills` is false.
    func price(_ legs: [Leg], expiry e: Int, pair: ChainPair, kind: StructureKind, isClosing: Bool,
               withFills: Bool = true) -> StructureRow {
        var row = missing(pair, kind, isClosing, "")
        row.expiry = pair.real.expiries[e].settlementDate
        row.daysToExpiry = pair.real.expiries[e].calendarDays(from: pair.real.date)
        row.legs = legs.map { "\($0.quantity > 0 ? "+" : "")\($0.quantity) \(Self.strikeText($0.strike))\($0.type == .put ? "P" : "C")" }
            .joined(separator: " ")
        var notes: [String] = []
        for (side, chain) in [("synthesized", pair.synthesized), ("real", pair.real)] {
            let quotes = legs.map { leg in chain.index(expiry: e, type: leg.type, strike: leg.strike).map { chain[$0] } }
            guard quotes.allSatisfy({ $0 != nil }) else {
                notes.append("\(side): a leg is not quoted")
                continue
            }
            let ticket = OrderTicket(legs: legs, quotes: quotes.map { $0! })
            let mid = ticket.midPremium
            var fill = Double.nan
            if withFills {
                switch fillModel.fill(legs, quotes: quotes) {
                case .success(let combo): fill = combo.premiumCashFlow
                case .failure(let refusal): notes.append("\(side): \(refusal)")
                }
            }
            if side == "real" {
                (row.realMid, row.realFill, row.realNatural) = (mid, fill, ticket.naturalPremium)
            } else {
                (row.synthesizedMid, row.synthesizedFill) = (mid, fill)
            }
        }
        row.note = notes.joined(separator: "; ")
        return row
    }

    func missing(_ pair: ChainPair, _ kind: StructureKind, _ isClosing: Bool, _ note: String) -> StructureRow {
        StructureRow(date: pair.real.date, product: pair.real.product, isClosing: isClosing, kind: kind, expiry: nil,
                     daysToExpiry: nil, legs: "", synthesizedMid: .nan, realMid: .nan, synthesizedFill: .nan,
                     realFill: .nan, realNatural: .nan, note: note)
    }

    /// A strike as written in the legs: whole, or to the cent without trailing zeros (the
    /// SPX-equivalent strikes of SPY are not on any grid).
    static func strikeText(_ strike: Double) -> String {
        guard strike != strike.rounded() else { return String(Int(strike)) }
        var text = String(format: "%.2f", strike)
        while text.hasSuffix("0") { text.removeLast() }
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}
