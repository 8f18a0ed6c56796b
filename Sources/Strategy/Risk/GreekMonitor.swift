import Market
import Pricing

/// The underlying a set of greeks is measured on. SPX and XSP options share one (XSP is
/// expressed in SPX terms); VIX options are on the VIX futures and are kept apart, because
/// adding a VIX delta to an SPX delta has no meaning.
public enum GreekUnderlying: String, Sendable, Hashable, CaseIterable {
    /// SPX and XSP options, in SPX terms.
    case spx
    /// VIX options, on the VIX futures.
    case vix

    init(_ product: OptionProduct) { self = product == .vix ? .vix : .spx }
}

/// A leg left out of the greeks and the stress repricing, and why (never a silent NaN).
public struct UnpricedLeg: Sendable, Hashable {
    /// Why a leg could not be priced.
    public enum Reason: String, Sendable, Hashable {
        /// The day's chains have no quote for the series.
        case noQuote
        /// The quote has no usable implied volatility, time or underlying.
        case noModelInputs
    }

    /// The position, by its id.
    public let positionID: Int
    /// The leg left out.
    public let leg: Leg
    /// Why.
    public let reason: Reason
}

/// Book greeks on one underlying, in dollars (DESIGN section 2: raw derivatives, multiplied
/// by quantity x multiplier). The display conventions are the computed properties.
public struct UnderlyingGreeks: Sendable, Hashable {
    /// The underlying the figures are measured on.
    public let underlying: GreekUnderlying
    /// Model value (dollars), and dollars per unit move: delta per index point, gamma per
    /// point squared, vega per 1.00 of vol, theta per year, rho per 1.00 of rate. SPX terms for
    /// SPX/XSP; for VIX, delta is per point of a parallel move of the VIX futures.
    public let totals: Greeks
    /// Σ weight x delta x the leg's underlying: dollars gained per 1.00 relative move
    /// (x 0.01 for a 1% move).
    public let dollarDelta: Double
    /// Σ weight x gamma x underlying²: change of ``dollarDelta`` per 1.00 relative move.
    public let dollarGamma: Double
    /// Number of legs priced into these totals.
    public let legCount: Int

    /// Dollars per vol point (0.01 of vol).
    public var vegaPerVolPoint: Double { totals.vega / 100 }
    /// Dollars per 1.00 of vol.
    public var vegaPerUnitVol: Double { totals.vega }
    /// Dollars per calendar day.
    public var thetaPerDay: Double { totals.theta / 365 }

    static func empty(_ underlying: GreekUnderlying) -> UnderlyingGreeks {
        UnderlyingGreeks(underlying: underlying, totals: .zero, dollarDelta: 0, dollarGamma: 0, legCount: 0)
    }
}

/// One position's greeks on one underlying.
public struct PositionGreeks: Sendable, Hashable {
    /// The position, by its id.
    public let positionID: Int
    /// The component that opened the position.
    public let component: Component
    /// The underlying the figures are measured on.
    public let underlying: GreekUnderlying
    /// Dollars per unit move (see ``UnderlyingGreeks/totals``).
    public let totals: Greeks
    /// Combo units of the position (greatest common divisor of its leg quantities).
    public let units: Int
    /// Delta of one combo unit per share, in the position's own product's terms (an XSP
    /// spread's delta per XSP point): what a "delta per contract" exit rule compares.
    public let deltaPerUnit: Double
}

/// The whole book's greeks on one day.
public struct GreekReport: Sendable {
    /// The session.
    public let date: TradingDate
    /// SPX and XSP options, in SPX terms.
    public let spx: UnderlyingGreeks
    /// VIX options, on their futures.
    public let vix: UnderlyingGreeks
    /// Per position and underlying, in the order of the positions.
    public let positions: [PositionGreeks]
    /// Legs left out of every figure above.
    public let unpriced: [UnpricedLeg]

    /// The book's greeks on `underlying`.
    public subscript(underlying: GreekUnderlying) -> UnderlyingGreeks { underlying == .spx ? spx : vix }
}

/// The book's greeks through the batch kernels: one batch of per-contract greeks per
/// underlying, then the book's totals and every position's (`Book`, summed in a fixed order).
///
/// Per-contract greeks are recomputed with Black-Scholes-Merton from each quote's implied
/// volatility, time and underlying (Black-76 for VIX: spot = the future, q = r), so the
/// greeks and the stress repricing read the same model inputs.
public struct GreekMonitor: Sendable {
    /// The instruction-set path the per-contract greeks are computed on.
    public let path: SIMDPath

    /// A monitor computing on `path` (the widest the CPU runs by default).
    public init(path: SIMDPath = .automatic) { self.path = path }

    /// The greeks of `positions` from the quotes of `chains`: book totals per underlying,
    /// per-position totals, and every leg that could not be priced.
    public func report(for positions: [Position], on chains: DayChains) -> GreekReport {
        report(for: positions, book: RiskBook(positions: positions, chains: chains), on: chains)
    }

    /// ``report(for:on:)`` on a book already built from `positions` (the day step builds it
    /// once for the greeks and the stress scenarios).
    func report(for positions: [Position], book: RiskBook, on chains: DayChains) -> GreekReport {
        var family: [GreekUnderlying: UnderlyingGreeks] = [:]
        var perPosition: [PositionGreeks] = []
        for underlying in GreekUnderlying.allCases {
            let side = book[underlying]
            guard side.count > 0 else {
                family[underlying] = .empty(underlying)
                continue
            }
            let greeks = BlackScholes.greeks(side.book.contracts, path: path)
            let totals = side.book.totals(of: greeks)
            var dollarDelta = 0.0, dollarGamma = 0.0
            for i in 0..<side.count {
                let s = side.book.contracts.spot[i], w = side.book.weights[i]
                let g = greeks[i]
                dollarDelta += w * g.delta * s
                dollarGamma += w * g.gamma * s * s
            }
            family[underlying] = UnderlyingGreeks(underlying: underlying, totals: totals, dollarDelta: dollarDelta,
                                                  dollarGamma: dollarGamma, legCount: side.count)

            let rows = side.positionRows
            let matrix = side.weightMatrix(rows: rows)
            let rowTotals = Book.totals(books: rows.count, weights: matrix, of: greeks)
            for (row, total) in zip(rows, rowTotals) {
                let position = positions[row]
                let units = position.legs.reduce(0) { FillModel.gcd($0, abs($1.quantity)) }
                // Totals are in SPX terms; an XSP position's own delta is ten times its SPX delta.
                let scale = position.legs.first?.product.indexScale ?? 1
                let multiplier = position.legs.first?.multiplier ?? 100
                let perUnit = units > 0 ? total.delta / (Double(units) * multiplier * scale) : 0
                perPosition.append(PositionGreeks(positionID: position.id, component: position.component,
                                                  underlying: underlying, totals: total, units: units,
                                                  deltaPerUnit: perUnit))
            }
        }
        let order = Dictionary(uniqueKeysWithValues: positions.enumerated().map { ($1.id, $0) })
        perPosition.sort { (order[$0.positionID] ?? 0, $0.underlying.rawValue) < (order[$1.positionID] ?? 0, $1.underlying.rawValue) }
        return GreekReport(date: chains.date, spx: family[.spx]!, vix: family[.vix]!, positions: perPosition,
                           unpriced: book.unpriced)
    }
}
