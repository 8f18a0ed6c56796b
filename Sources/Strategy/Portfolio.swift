import Market
import Pricing

/// The day's option chains, one per product, with the index levels the risk rules read.
///
/// Every lookup from a ``Leg`` to its quote goes through here, so that "no quote" is one
/// explicit answer (nil) everywhere instead of a NaN somewhere downstream.
public struct DayChains: Sendable {
    public let date: TradingDate
    public let chains: [OptionProduct: OptionChain]
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
        self.chains = byProduct
        self.spx = spx
        self.vix = vix
    }

    public subscript(product: OptionProduct) -> OptionChain? { chains[product] }

    /// The quote of the leg's series, or nil when the day has no chain for the product, the
    /// chain does not list the expiry, or the strike is not quoted.
    public func quote(for leg: Leg) -> OptionQuote? {
        guard let chain = chains[leg.product],
              let expiry = chain.expiryPosition(leg.expiry),
              let index = chain.index(expiry: expiry, type: leg.type, strike: leg.strike)
        else { return nil }
        return chain[index]
    }

    /// The chain's rate and dividend yield for the leg's product (nil without a chain).
    func carry(for product: OptionProduct) -> (rate: Double, dividendYield: Double)? {
        chains[product].map { ($0.rate, $0.dividendYield) }
    }
}

// MARK: - Marks

/// A position valued on the day's quotes, in dollars (long value positive).
public struct PositionValuation: Sendable, Hashable {
    public let positionID: Int
    /// Σ quantity x multiplier x mid over the legs; nil when any leg lacks a usable quote.
    public let midValue: Double?
    /// What closing the position at the natural side would bring: longs sold at the bid,
    /// shorts bought back at the ask. Nil when any leg lacks a usable quote.
    public let liquidationValue: Double?
    /// Legs without a quote, or with a non-finite bid or ask (they make the values nil).
    public let unquotedLegs: [Leg]
    /// Whether any quote used was synthesized rather than read from a real chain.
    public let usesSyntheticQuotes: Bool

    public var isComplete: Bool { unquotedLegs.isEmpty }

    /// Profit since opening if the position were worth its mid value: value + open credit.
    public func unrealizedPnL(of position: Position) -> Double? {
        midValue.map { $0 + position.openCredit }
    }
}

/// Every open position marked on one day.
public struct PortfolioValuation: Sendable {
    public let date: TradingDate
    public let cash: Double
    public let positions: [PositionValuation]

    /// Sum of the positions' mid values; nil when any position could not be marked.
    public var positionsValue: Double? {
        var total = 0.0
        for mark in positions {
            guard let value = mark.midValue else { return nil }
            total += value
        }
        return total
    }

    /// Cash plus the positions at mid; nil when any position could not be marked.
    public var equity: Double? { positionsValue.map { cash + $0 } }

    /// Cash plus what closing everything at the natural side would leave.
    public var liquidationEquity: Double? {
        var total = cash
        for mark in positions {
            guard let value = mark.liquidationValue else { return nil }
            total += value
        }
        return total
    }

    /// Positions that could not be fully marked (the caller decides: carry the last mark,
    /// value by model, or stop; never a silent NaN).
    public var incomplete: [PositionValuation] { positions.filter { !$0.isComplete } }
}

/// Closing a position at expiry: the arithmetic of cash settlement.
public struct Settlement: Sendable, Hashable {
    public let positionID: Int
    /// The settlement price used, in the product's own points (XSP = SPX/10).
    public let settlementPrice: Double
    /// Dollars paid to (positive) or by (negative) the account: Σ intrinsic x quantity x multiplier.
    public let value: Double
    /// Profit of the whole trade: open credit (after fees) plus the settlement value.
    public let realizedPnL: Double
}

// MARK: - Portfolio

/// The account: cash and the open positions, marked, settled and checked for buying power.
///
/// Cash moves only through ``open(_:)``, ``close(positionID:cashFlow:)``, ``settle(positionID:settlementPrice:)``
/// and explicit deposits, so the ledger reconciles: equity = cash + Σ position marks.
public struct Portfolio: Sendable, Hashable, Codable {
    public private(set) var cash: Double
    public private(set) var positions: [Position]

    public init(cash: Double, positions: [Position] = []) {
        self.cash = cash
        self.positions = positions
    }

    public func position(id: Int) -> Position? { positions.first { $0.id == id } }

    /// Records an opened position and credits its open credit (negative for a debit), which is
    /// already net of fees.
    public mutating func open(_ position: Position) {
        precondition(self.position(id: position.id) == nil, "Portfolio: position \(position.id) is already open")
        positions.append(position)
        cash += position.openCredit
    }

    /// Removes a closed position and books the closing trade's cash flow in dollars
    /// (``ComboFill/netCashFlow``: positive received). Returns the trade's realized P&L.
    @discardableResult
    public mutating func close(positionID: Int, cashFlow: Double) -> Double {
        guard let index = positions.firstIndex(where: { $0.id == positionID }) else {
            preconditionFailure("Portfolio: no open position \(positionID)")
        }
        let position = positions.remove(at: index)
        cash += cashFlow
        return position.openCredit + cashFlow
    }

    /// Closes `units` of the position's `contracts` units (a hedge's take-off) and books the
    /// closing trade's cash flow in dollars. The position keeps its id; its legs, open credit
    /// and max risk shrink in proportion. Closing every unit is ``close(positionID:cashFlow:)``.
    /// Returns the closed part's realized P&L: its share of the open credit plus `cashFlow`.
    @discardableResult
    public mutating func reduce(positionID: Int, units: Int, cashFlow: Double) -> Double {
        guard let index = positions.firstIndex(where: { $0.id == positionID }) else {
            preconditionFailure("Portfolio: no open position \(positionID)")
        }
        let position = positions[index]
        let total = position.contracts
        precondition(units > 0 && units <= total, "Portfolio: cannot close \(units) of \(total) units")
        if units == total { return close(positionID: positionID, cashFlow: cashFlow) }
        let kept = Double(total - units) / Double(total)
        var reduced = position
        reduced.legs = position.legs.map { leg in
            var smaller = leg
            smaller.quantity = leg.quantity / total * (total - units)
            return smaller
        }
        reduced.openCredit = position.openCredit * kept
        reduced.maxRisk = position.maxRisk * kept
        positions[index] = reduced
        cash += cashFlow
        return position.openCredit - reduced.openCredit + cashFlow
    }

    /// Settles an expired position at `settlementPrice` (the product's own points: the AM
    /// special opening quotation proxy, the PM close, or the VIX opening value; the caller picks
    /// it) and removes it. No fees are charged on cash settlement.
    @discardableResult
    public mutating func settle(positionID: Int, settlementPrice: Double) -> Settlement {
        guard let index = positions.firstIndex(where: { $0.id == positionID }) else {
            preconditionFailure("Portfolio: no open position \(positionID)")
        }
        let position = positions.remove(at: index)
        let settlement = Self.settlement(of: position, settlementPrice: settlementPrice)
        cash += settlement.value
        return settlement
    }

    /// The settlement of `position` at `settlementPrice`, without changing any account.
    public static func settlement(of position: Position, settlementPrice: Double) -> Settlement {
        precondition(settlementPrice.isFinite && settlementPrice >= 0, "settlement price \(settlementPrice)")
        let value = position.legs.reduce(0.0) { $0 + $1.settlementValue(at: settlementPrice) }
        return Settlement(positionID: position.id, settlementPrice: settlementPrice, value: value,
                          realizedPnL: position.openCredit + value)
    }

    /// Adds (or, negative, withdraws) cash.
    public mutating func deposit(_ amount: Double) { cash += amount }

    // MARK: Marking

    /// Values one position on the day's chains (see ``PositionValuation``).
    public static func valuation(of position: Position, on chains: DayChains) -> PositionValuation {
        var mid = 0.0, natural = 0.0
        var unquoted: [Leg] = []
        var synthetic = false
        for leg in position.legs {
            guard let quote = chains.quote(for: leg), quote.bid.isFinite, quote.ask.isFinite else {
                unquoted.append(leg)
                continue
            }
            let units = Double(leg.quantity) * leg.multiplier
            // The mid of the two sides, not the chain's mid column, so marks and fills agree.
            mid += units * 0.5 * (quote.bid + quote.ask)
            natural += units * (leg.quantity > 0 ? quote.bid : quote.ask)
            synthetic = synthetic || quote.source == .synthetic
        }
        let complete = unquoted.isEmpty
        return PositionValuation(positionID: position.id, midValue: complete ? mid : nil,
                            liquidationValue: complete ? natural : nil, unquotedLegs: unquoted,
                            usesSyntheticQuotes: synthetic)
    }

    /// Every open position valued on the day's chains.
    public func valuation(on chains: DayChains) -> PortfolioValuation {
        PortfolioValuation(date: chains.date, cash: cash, positions: positions.map { Self.valuation(of: $0, on: chains) })
    }

    // MARK: Buying power

    /// Buying power held against the open positions: Σ of each position's expiry-payoff
    /// requirement (``MarginRequirement/requirement``). A position the margin rule cannot carry
    /// counts its recorded max risk.
    public var requirementHeld: Double {
        positions.reduce(0.0) { total, position in
            total + ((try? RegTMargin.requirement(legs: position.legs, premium: 0).requirement) ?? position.maxRisk)
        }
    }

    /// Cash not held as margin: what a new order may use.
    public var availableBuyingPower: Double { cash - requirementHeld }

    /// Checks that the account can carry an order of `legs` whose fill brings `cashFlow` dollars
    /// (positive received, negative paid, net of fees). Returns the order's requirement, or a
    /// refusal: an undefined-risk combination, or one the
    /// buying power left cannot carry.
    public func checkBuyingPower(
        legs: [Leg], cashFlow: Double, component: Component, on date: TradingDate
    ) -> Result<MarginRequirement, BuyingPowerRefusal> {
        let requirement: MarginRequirement
        do {
            requirement = try RegTMargin.requirement(legs: legs, premium: cashFlow)
        } catch {
            return .failure(BuyingPowerRefusal(date: date, component: component, reason: .notAllowed(error)))
        }
        let check = BuyingPower(available: availableBuyingPower)
        if let refusal = check.refusal(for: requirement, cashFlow: cashFlow, component: component, on: date) {
            return .failure(refusal)
        }
        return .success(requirement)
    }
}
