import Market
import Pricing

/// The day's option chains, one per product, with the index levels the risk rules read.
///
/// Every lookup from a ``Leg`` to its quote goes through here, so that "no quote" is one
/// explicit answer (nil) everywhere instead of a NaN somewhere downstream.
public struct DayChains: Sendable {
    /// The session the chains quote.
    public let date: TradingDate
    // One stored chain per product rather than a dictionary: a lookup then reads the chain in
    // place instead of copying it out (a chain is a dozen arrays, each retained on a copy,
    // and every leg of every position is looked up several times a day).
    private let spxChain: OptionChain?
    private let xspChain: OptionChain?
    private let vixChain: OptionChain?
    /// The SPX close of the day, in index points (the level SPX/XSP stress shocks apply to).
    public let spx: Double
    /// The VIX index close of the day, in index points (the stress rule scales with it).
    public let vix: Double

    /// Chains not dated `date` are a caller error: every quote of one decision must be of one day.
    public init(date: TradingDate, chains: [OptionChain], spx: Double, vix: Double) {
        precondition(chains.allSatisfy { $0.date == date }, "DayChains: a chain of another day")
        var byProduct: [OptionProduct: OptionChain] = [:]
        for chain in chains {
            precondition(byProduct[chain.product] == nil, "DayChains: two \(chain.product.rawValue) chains")
            byProduct[chain.product] = chain
        }
        self.date = date
        spxChain = byProduct[.spx]
        xspChain = byProduct[.xsp]
        vixChain = byProduct[.vix]
        self.spx = spx
        self.vix = vix
    }

    /// The chains by product.
    public var chains: [OptionProduct: OptionChain] {
        var byProduct: [OptionProduct: OptionChain] = [:]
        for product in OptionProduct.allCases { byProduct[product] = self[product] }
        return byProduct
    }

    /// The day's chain of `product`; nil when none was built.
    public subscript(product: OptionProduct) -> OptionChain? {
        switch product {
        case .spx: spxChain
        case .xsp: xspChain
        case .vix: vixChain
        }
    }

    /// The quote of the leg's series, or nil when the day has no chain for the product, the
    /// chain does not list the expiry, or the strike is not quoted.
    public func quote(for leg: Leg) -> OptionQuote? {
        switch leg.product {
        case .spx: Self.quote(for: leg, in: spxChain)
        case .xsp: Self.quote(for: leg, in: xspChain)
        case .vix: Self.quote(for: leg, in: vixChain)
        }
    }

    private static func quote(for leg: Leg, in chain: OptionChain?) -> OptionQuote? {
        guard let expiry = chain?.expiryPosition(leg.expiry),
              let index = chain?.index(expiry: expiry, type: leg.type, strike: leg.strike)
        else { return nil }
        return chain?[index]
    }

    /// The chain's rate and dividend yield for the leg's product (nil without a chain).
    func carry(for product: OptionProduct) -> (rate: Double, dividendYield: Double)? {
        switch product {
        case .spx: spxChain.map { ($0.rate, $0.dividendYield) }
        case .xsp: xspChain.map { ($0.rate, $0.dividendYield) }
        case .vix: vixChain.map { ($0.rate, $0.dividendYield) }
        }
    }
}
