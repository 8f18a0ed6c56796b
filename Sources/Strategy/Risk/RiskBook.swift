import Market
import Pricing

/// Open positions' legs as model contracts, split by underlying.
///
/// An XSP leg becomes `indexScale` of an SPX-equivalent contract: by homogeneity of the
/// Black-Scholes price, V(S/10, K/10) = V(S, K)/10, so strike and spot are divided by the
/// scale and the weight multiplied by it; every greek then comes out in SPX terms and spot
/// shocks apply to one SPX level.
struct RiskBook {
    struct Side {
        var book = Book()
        /// Per contract: index of its position in the input, its component, and the leg.
        var positionIndex: [Int] = []
        var components: [Component] = []
        var legs: [Leg] = []
        var count: Int { book.count }

        /// Positions with at least one contract on this side, in input order.
        var positionRows: [Int] { Array(Set(positionIndex)).sorted() }

        /// Row-major weights, one row per entry of `rows`, zero outside that position's legs.
        func weightMatrix(rows: [Int]) -> [Double] {
            var matrix = [Double](repeating: 0, count: rows.count * count)
            let rowOf = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
            for i in 0..<count {
                if let r = rowOf[positionIndex[i]] { matrix[r * count + i] = book.weights[i] }
            }
            return matrix
        }

        /// Row-major weights, one row per component in `components`.
        func componentMatrix(_ order: [Component]) -> [Double] {
            var matrix = [Double](repeating: 0, count: order.count * count)
            for i in 0..<count {
                if let r = order.firstIndex(of: components[i]) { matrix[r * count + i] = book.weights[i] }
            }
            return matrix
        }

        /// The same contracts with only `component`'s weights (others zero).
        func componentBook(_ component: Component) -> Book {
            let weights = zip(book.weights, components).map { $1 == component ? $0 : 0 }
            // Counts match by construction.
            return try! Book(contracts: book.contracts, weights: weights)
        }
    }

    var spx = Side()
    var vix = Side()
    var unpriced: [UnpricedLeg] = []

    subscript(underlying: GreekUnderlying) -> Side { underlying == .spx ? spx : vix }

    init(positions: [Position], chains: DayChains) {
        for (p, position) in positions.enumerated() {
            for leg in position.legs where leg.quantity != 0 {
                guard let quote = chains.quote(for: leg), let carry = chains.carry(for: leg.product) else {
                    unpriced.append(UnpricedLeg(positionID: position.id, leg: leg, reason: .noQuote))
                    continue
                }
                func usable(_ x: Double) -> Bool { x.isFinite && x > 0 }
                guard usable(quote.iv), usable(quote.timeToExpiry), usable(quote.underlying), carry.rate.isFinite,
                      carry.dividendYield.isFinite else {
                    unpriced.append(UnpricedLeg(positionID: position.id, leg: leg, reason: .noModelInputs))
                    continue
                }
                let quantity = Double(leg.quantity)
                if leg.product == .vix {
                    vix.book.add(leg.type, quantity: quantity, multiplier: leg.multiplier, spot: quote.underlying,
                                 strike: leg.strike, timeToExpiry: quote.timeToExpiry, rate: carry.rate,
                                 dividendYield: carry.rate, volatility: quote.iv)
                    vix.positionIndex.append(p)
                    vix.components.append(position.component)
                    vix.legs.append(leg)
                } else {
                    let scale = leg.product.indexScale
                    spx.book.add(leg.type, quantity: quantity, multiplier: leg.multiplier * scale,
                                 spot: quote.underlying / scale, strike: leg.strike / scale,
                                 timeToExpiry: quote.timeToExpiry, rate: carry.rate,
                                 dividendYield: carry.dividendYield, volatility: quote.iv)
                    spx.positionIndex.append(p)
                    spx.components.append(position.component)
                    spx.legs.append(leg)
                }
            }
        }
    }
}
