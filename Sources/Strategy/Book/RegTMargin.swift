import Market
import Pricing

/// Why a combination of legs has no strategy-based (Reg-T) requirement.
public enum MarginError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No legs, or every leg's quantity is zero.
    case empty
    /// Legs on more than one product: their payoffs are on different underlyings.
    case mixedProducts
    /// Legs in more than one expiry: an expiry payoff does not bound a calendar's risk, and the
    /// strategy never opens one.
    case mixedExpiries
    /// More short than long contracts of one type: a naked short, whose risk the account
    /// does not take (a short call's loss is unbounded; a short put's is the whole strike).
    case uncoveredShort(type: OptionType, shortContracts: Int, longContracts: Int)
    /// The premium passed in is NaN or infinite.
    case nonFinitePremium

    public var description: String {
        switch self {
        case .empty: "no legs"
        case .mixedProducts: "legs on more than one product"
        case .mixedExpiries: "legs in more than one expiry"
        case let .uncoveredShort(type, short, long):
            "undefined risk: \(short) short \(type)s against \(long) long"
        case .nonFinitePremium: "premium is not finite"
        }
    }
}

/// The Reg-T strategy-based requirement of a defined-risk position, in dollars.
public struct MarginRequirement: Sendable, Hashable {
    /// The worst payoff at expiry, as a positive loss (0 when no settlement price loses):
    /// Σ quantity x multiplier x intrinsic, minimised over every settlement price. This is
    /// what the broker holds; the premium stays in cash.
    public let requirement: Double
    /// Net premium of the opening trade, positive when received (after fees when the caller
    /// passes a fill's net cash flow).
    public let premium: Double
    /// The best payoff at expiry in dollars (`.infinity` for a net long call position).
    public let maxExpiryPayoff: Double

    /// The most the position can lose from its opening: requirement - premium, never below 0.
    /// A BWB's (broken - narrow) x 100 x contracts - credit; a credit spread's width x 100 -
    /// credit; a debit spread's or long option's debit. This is ``Position/maxRisk``.
    public var maxLoss: Double { max(requirement - premium, 0) }
}

/// Reg-T strategy-based margin for defined-risk option combinations.
///
/// The payoff of a single-expiry combination at expiry is piecewise linear in the settlement
/// price with kinks only at strikes; on [0, ∞) it is bounded below exactly when no type has
/// more short than long contracts (then the slope past the highest strike, Σ call quantities,
/// is >= 0). Its minimum is therefore attained at 0 or at a strike, which is where it is
/// evaluated, so any defined-risk combination (verticals, butterflies of any wing widths,
/// condors, long options) gets its exact max loss without a case per structure.
public enum RegTMargin {
    /// The requirement of `legs` (signed quantities in contracts) opened for `premium` dollars
    /// (positive received, negative paid).
    public static func requirement(legs: [Leg], premium: Double) throws(MarginError) -> MarginRequirement {
        guard premium.isFinite else { throw .nonFinitePremium }
        let active = legs.filter { $0.quantity != 0 }
        guard let first = active.first else { throw .empty }
        guard active.allSatisfy({ $0.product == first.product }) else { throw .mixedProducts }
        guard active.allSatisfy({ $0.expiry == first.expiry }) else { throw .mixedExpiries }
        for type in [OptionType.put, .call] {
            let ofType = active.filter { $0.type == type }
            let long = ofType.reduce(0) { $0 + max($1.quantity, 0) }
            let short = ofType.reduce(0) { $0 - min($1.quantity, 0) }
            if short > long { throw .uncoveredShort(type: type, shortContracts: short, longContracts: long) }
        }
        let kinks = [0.0] + active.map(\.strike)
        let payoffs = kinks.map { price in active.reduce(0.0) { $0 + $1.settlementValue(at: price) } }
        let worst = payoffs.min()!
        let callSlope = active.reduce(0.0) { $0 + ($1.type == .call ? Double($1.quantity) * $1.multiplier : 0) }
        let best = callSlope > 0 ? Double.infinity : payoffs.max()!
        return MarginRequirement(requirement: max(-worst, 0), premium: premium, maxExpiryPayoff: best)
    }

    /// The requirement of a filled order, with its net cash flow (after fees) as the premium.
    public static func requirement(for fill: ComboFill) throws(MarginError) -> MarginRequirement {
        try requirement(legs: fill.legs.map(\.leg), premium: fill.netCashFlow)
    }
}
