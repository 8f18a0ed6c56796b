import Market
import Pricing

/// Prices multi-leg orders as combos against the day's quotes (DESIGN section 6).
///
/// The convention is the practitioners' one DESIGN quotes ("about 75% of the spread for one
/// leg, 66% for two, 56% for four", the figures ORATS and most retail backtesters use): an
/// order travels that share of the combo's natural spread from the side that favours us, so
/// a one-leg buy fills at bid + 0.75 x (ask - bid) and a sale at ask - 0.75 x (ask - bid).
/// Per combo unit, in points per share, signed as a net debit:
/// - natural price: buy every long leg at its ask, sell every short leg at its bid;
/// - mid: every leg at (bid + ask) / 2; natural - mid is half the combo's width
///   Σ |ratio| x (ask - bid);
/// - fill = mid + (2 x share - 1) x (natural - mid), the share taken from
///   ``FillConfig/spreadShare(legCount:)`` by the number of distinct series (0.75 for one,
///   0.66 for two, 0.61 for three, 0.56 for four; a butterfly's -2 body is one series).
///   Share 0.5 is a mid fill, 1 the natural price; DESIGN's shares move the fill 50%, 32%,
///   22% and 12% of the way from mid to natural.
///
/// (An earlier reading took the share as the fraction of the half-spread paid from mid,
/// fill = mid + share x (natural - mid). It charges 75% of the half-spread on one leg and
/// 56% on four, about twice the convention on a single option and four times it on a
/// four-leg combo, and made slippage alone about 3% of the premium traded against the plan's
/// 1%; "a share of its natural spread" measured from mid cannot exceed one half of it, so a
/// 75% share only makes sense measured across the whole spread.)
///
/// The move is allocated to the legs as the same fraction (2 x share - 1) of each leg's own
/// half-spread, in the direction that costs us, so each leg's price lies in its own
/// [bid, ask] band and Σ ratio x leg price is the combo price. Fees are charged per contract
/// of every leg by product (``FillConfig/fees(for:)``). Prices are not rounded to ticks.
public struct FillModel: Sendable {
    /// The slippage and fee settings every fill reads.
    public let config: FillConfig

    /// `config`'s shares must lie in [0.5, 1] (never better than mid, never worse than
    /// natural) and its fees be finite and >= 0.
    public init(config: FillConfig = FillConfig()) {
        let shares = [config.spreadShareOneLeg, config.spreadShareTwoLegs, config.spreadShareFourLegs]
        let fees = [config.spxFees, config.xspFees, config.vixFees].flatMap { [$0.commission, $0.exchangeFee] }
        precondition(shares.allSatisfy { $0 >= 0.5 && $0 <= 1 } && fees.allSatisfy { $0.isFinite && $0 >= 0 },
                     "FillModel: spread shares must lie in [0.5, 1] and fees be >= 0")
        self.config = config
    }

    /// Fills `legs` (signed quantities in contracts) against the day's chains.
    public func fill(_ legs: [Leg], on chains: DayChains) -> Result<ComboFill, FillRefusal> {
        fill(legs, quotes: legs.map { chains.quote(for: $0) })
    }

    /// Fills `legs` against `quotes` (one per leg, nil when the series is not quoted).
    public func fill(_ legs: [Leg], quotes: [OptionQuote?]) -> Result<ComboFill, FillRefusal> {
        let checked: [(leg: Leg, quote: OptionQuote)]
        switch Self.checked(legs, quotes: quotes) {
        case .success(let legs): checked = legs
        case .failure(let refusal): return .failure(refusal)
        }
        let share = config.spreadShare(legCount: checked.count)
        // Fraction of each half-spread paid away from mid.
        return .success(priced(checked, fromMid: 2 * share - 1, share: share))
    }

    /// Fills `legs` at the price a broker really gave: `reportedPrice` is the net debit per
    /// combo unit in points per share (negative for a credit), as ``ComboFill/price``.
    ///
    /// The difference from mid is spread over the legs as the same fraction of each leg's
    /// half-spread, as the model's own fills are, so every leg lies inside its quote when the
    /// combo price lies inside the combo's bid and ask. A price outside them (by more than
    /// 1e-9 points of rounding) is refused with ``FillRefusal/outsideQuotes(price:low:high:)``.
    public func fill(_ legs: [Leg], quotes: [OptionQuote?], reportedPrice: Double) -> Result<ComboFill, FillRefusal> {
        let checked: [(leg: Leg, quote: OptionQuote)]
        switch Self.checked(legs, quotes: quotes) {
        case .success(let legs): checked = legs
        case .failure(let refusal): return .failure(refusal)
        }
        let atMid = priced(checked, fromMid: 0, share: 0.5)
        let halfWidth = atMid.naturalPrice - atMid.midPrice
        let low = atMid.midPrice - halfWidth, high = atMid.naturalPrice
        guard reportedPrice.isFinite, reportedPrice >= low - 1e-9, reportedPrice <= high + 1e-9 else {
            return .failure(.outsideQuotes(price: reportedPrice, low: low, high: high))
        }
        let fromMid = halfWidth > 0 ? min(max((reportedPrice - atMid.midPrice) / halfWidth, -1), 1) : 0
        return .success(priced(checked, fromMid: fromMid, share: 0.5 * (1 + fromMid)))
    }

    /// The legs netted by series, each with a usable quote, or why the order cannot fill.
    private static func checked(_ legs: [Leg], quotes: [OptionQuote?]) -> Result<[(leg: Leg, quote: OptionQuote)], FillRefusal> {
        precondition(legs.count == quotes.count, "fill: \(quotes.count) quotes for \(legs.count) legs")
        var netted: [(leg: Leg, quote: OptionQuote?)] = []
        for (leg, quote) in zip(legs, quotes) {
            if let i = netted.firstIndex(where: { Self.sameSeries($0.leg, leg) }) {
                netted[i].leg.quantity += leg.quantity
            } else {
                netted.append((leg, quote))
            }
        }
        netted.removeAll { $0.leg.quantity == 0 }
        guard !netted.isEmpty else { return .failure(.emptyOrder) }

        var checked: [(leg: Leg, quote: OptionQuote)] = []
        for (leg, quote) in netted {
            guard let quote else { return .failure(.missingQuote(leg)) }
            let bid = quote.bid, ask = quote.ask
            guard bid.isFinite, ask.isFinite, bid >= 0 else { return .failure(.invalidQuote(leg, bid: bid, ask: ask)) }
            if bid == ask { return .failure(.lockedQuote(leg, price: bid)) }
            if bid > ask { return .failure(.crossedQuote(leg, bid: bid, ask: ask)) }
            checked.append((leg, quote))
        }
        return .success(checked)
    }

    /// The combo filled with each leg `fromMid` of its half-spread from its mid, against us
    /// (-1: the favourable side, 0: mid, 1: the natural side).
    private func priced(_ checked: [(leg: Leg, quote: OptionQuote)], fromMid: Double, share: Double) -> ComboFill {
        let units = checked.reduce(0) { Self.gcd($0, abs($1.leg.quantity)) }
        var natural = 0.0, mid = 0.0, price = 0.0, fees = 0.0
        var fills: [LegFill] = []
        fills.reserveCapacity(checked.count)
        for (leg, quote) in checked {
            let ratio = Double(leg.quantity / units)
            let legMid = 0.5 * (quote.bid + quote.ask)
            let halfSpread = 0.5 * (quote.ask - quote.bid)
            let against: Double = leg.quantity > 0 ? 1 : -1
            // Clamped because mid + half-spread can land an ulp outside the band.
            let legPrice = min(max(legMid + against * fromMid * halfSpread, quote.bid), quote.ask)
            natural += ratio * (leg.quantity > 0 ? quote.ask : quote.bid)
            mid += ratio * legMid
            price += ratio * legPrice
            fees += Double(abs(leg.quantity)) * config.fees(for: leg.product).perContract
            fills.append(LegFill(leg: leg, quote: quote, price: legPrice))
        }
        return ComboFill(legs: fills, units: units, naturalPrice: natural, midPrice: mid, price: price,
                         spreadShare: share, fees: fees)
    }

    /// The order that closes `position`: every leg with its quantity negated.
    public static func closingLegs(of position: Position) -> [Leg] {
        position.legs.map { leg in
            var closing = leg
            closing.quantity = -leg.quantity
            return closing
        }
    }

    static func sameSeries(_ a: Leg, _ b: Leg) -> Bool {
        a.product == b.product && a.expiry == b.expiry && a.type == b.type && a.strike == b.strike
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
