import Market
import Pricing

/// The account: cash and the open positions, marked, settled and checked for buying power.
///
/// Cash moves only through ``open(_:)``, ``close(positionID:cashFlow:)``, ``settle(positionID:settlementPrice:)``,
/// ``accrueInterest(periodReturn:)`` and explicit deposits, so the ledger reconciles:
/// equity = cash + Σ position marks.
public struct Portfolio: Sendable, Hashable, Codable {
    /// Cash, dollars.
    public private(set) var cash: Double
    /// The open positions, in opening order.
    public private(set) var positions: [Position]

    /// An account of `cash` dollars holding `positions`.
    public init(cash: Double, positions: [Position] = []) {
        self.cash = cash
        self.positions = positions
    }

    /// The open position with `id`; nil when none is open under it.
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

    /// Credits the interest the cash balance earned over a period whose T-bill return is
    /// `periodReturn` (``TreasuryBillAccrual``): `cash x periodReturn` dollars. The whole
    /// balance earns, premium received included: margin held against a defined-risk spread
    /// stays the account's cash (as Cboe's option indices hold their collateral in T-bills).
    /// A negative balance, which the plan never runs, would pay the same rate. Returns the
    /// amount credited.
    @discardableResult
    public mutating func accrueInterest(periodReturn: Double) -> Double {
        let interest = cash * periodReturn
        cash += interest
        return interest
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
