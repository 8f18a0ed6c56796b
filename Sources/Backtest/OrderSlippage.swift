import Market
import Strategy

/// The slippage of one order (a combo filled at once) against what the order is worth: its
/// net premium at the mid (DESIGN section 6).
///
/// An order is a run of consecutive quoted rows of the trade log with the same day, position
/// and reason (the legs of one `ComboFill`); settlements, which have no quote, are not
/// orders. With legs `i` of signed quantity `q_i`, fill price `p_i` and quote mid `m_i`:
/// - slippage = `|Σ q_i (p_i - m_i)| x multiplier`, dollars: how far the combo filled from its mid;
/// - net premium = `|Σ q_i m_i| x multiplier`, dollars: the combo's value at the mid, the
///   credit or debit the order is about.
///
/// A butterfly's gross premium (every leg's premium added up) is several times its net
/// credit, so slippage over gross premium makes costs look several times smaller than they
/// are against what the trade earns; the gross figure is kept beside it (``Metrics``).
public struct OrderSlippage: Sendable, Hashable {
    /// The session the order filled on.
    public var date: TradingDate
    /// The position the order opened or closed.
    public var positionID: Int
    /// The component whose order it was.
    public var component: Component
    /// Why the order traded.
    public var reason: FillReason
    /// `|fill - mid|` of the combo, dollars.
    public var slippage: Double
    /// `|mid value|` of the combo, dollars.
    public var netPremium: Double
    /// Σ of the legs' `price x |quantity| x multiplier`, dollars.
    public var grossPremium: Double

    /// `slippage / netPremium`; nil for an order worth nothing at the mid.
    public var share: Double? { netPremium > 0 ? slippage / netPremium : nil }

    /// The orders of `trades`, in log order.
    public static func orders(_ trades: [TradeRecord]) -> [OrderSlippage] {
        var orders: [OrderSlippage] = []
        var signedSlippage = 0.0, midValue = 0.0
        func finish() {
            guard !orders.isEmpty else { return }
            orders[orders.count - 1].slippage = abs(signedSlippage)
            orders[orders.count - 1].netPremium = abs(midValue)
        }
        var current: (date: TradingDate, position: Int, reason: FillReason)?
        for trade in trades {
            guard let mid = trade.mid else {
                // A settlement (no quote) ends any order in progress.
                current = nil
                continue
            }
            if current.map({ $0.date != trade.date || $0.position != trade.positionID || $0.reason != trade.reason }) ?? true {
                finish()
                current = (trade.date, trade.positionID, trade.reason)
                orders.append(OrderSlippage(date: trade.date, positionID: trade.positionID, component: trade.component,
                                            reason: trade.reason, slippage: 0, netPremium: 0, grossPremium: 0))
                signedSlippage = 0
                midValue = 0
            }
            let units = Double(trade.quantity) * trade.multiplier
            signedSlippage += units * (trade.price - mid)
            midValue += units * mid
            orders[orders.count - 1].grossPremium += trade.premium
        }
        finish()
        return orders
    }
}

/// Order slippage summed over a set of orders: the premium-weighted mean of the orders'
/// slippage shares is Σ slippage / Σ net premium (each order's share weighted by its net
/// premium).
public struct SlippageTotals: Sendable, Hashable {
    /// Orders summed.
    public var orders = 0
    /// Σ of the orders' combo slippage, dollars.
    public var slippage = 0.0
    /// Σ of the orders' net premium at the mid, dollars.
    public var netPremium = 0.0
    /// Σ of the orders' legs' premium, dollars.
    public var grossPremium = 0.0

    /// No orders.
    public init() {}

    /// The totals of `orders`.
    public init(_ orders: some Sequence<OrderSlippage>) {
        for order in orders { add(order) }
    }

    /// Adds one order to the totals.
    public mutating func add(_ order: OrderSlippage) {
        orders += 1
        slippage += order.slippage
        netPremium += order.netPremium
        grossPremium += order.grossPremium
    }

    /// The premium-weighted mean share: `slippage / netPremium`; nil without premium.
    public var share: Double? { netPremium > 0 ? slippage / netPremium : nil }
}
