import Market
import Strategy
import Testing
@testable import Backtest

/// Slippage measured per order against its net premium (DESIGN section 6).
@Suite struct OrderSlippageTests {
    private func fill(_ position: Int, _ component: Component, strike: Double, quantity: Int, price: Double,
                      bid: Double, ask: Double, reason: FillReason = .open) -> TradeRecord {
        TradeRecord(date: day("2020-02-20"), positionID: position, component: component, product: .spx,
                    expiry: day("2020-03-20"), type: .put, strike: strike, quantity: quantity, price: price,
                    bid: bid, ask: ask, quoteSource: .real, fees: 0, reason: reason)
    }

    /// A butterfly: +1 at 10.0-10.4 (mid 10.2), -2 at 6.0-6.4 (mid 6.2), +1 at 3.0-3.4
    /// (mid 3.2): a debit of 10.2 - 12.4 + 3.2 = 1.0 point at the mid, $100 of net premium,
    /// while the legs' gross premium is $2,580.
    @Test func orderSlippageIsAgainstTheNetPremium() {
        let butterfly = [
            fill(1, .core, strike: 3000, quantity: 1, price: 10.3, bid: 10.0, ask: 10.4),
            fill(1, .core, strike: 2900, quantity: -2, price: 6.1, bid: 6.0, ask: 6.4),
            fill(1, .core, strike: 2850, quantity: 1, price: 3.3, bid: 3.0, ask: 3.4),
        ]
        // A hedge bought at its ask: 1 call, mid 2.0, paid 2.1: $10 of $200.
        let hedge = [TradeRecord(date: day("2020-02-20"), positionID: 2, component: .hedge, product: .vix,
                                 expiry: day("2020-03-18"), type: .call, strike: 30, quantity: 1, price: 2.1,
                                 bid: 1.9, ask: 2.1, quoteSource: .real, fees: 0, reason: .open)]
        // A settlement row has no quote and is no order.
        var settlement = fill(3, .probe, strike: 3000, quantity: 1, price: 0, bid: 0, ask: 0, reason: .settlement)
        settlement.bid = nil
        settlement.ask = nil
        let orders = OrderSlippage.orders(butterfly + [settlement] + hedge)
        #expect(orders.count == 2)
        let core = orders[0]
        // By hand: Σ q (p - m) = (10.3 - 10.2) - 2 (6.1 - 6.2) + (3.3 - 3.2) = 0.1 + 0.2 + 0.1 = 0.4.
        #expect(abs(core.slippage - 40) < 1e-9)
        #expect(abs(core.netPremium - 100) < 1e-9)
        #expect(abs(core.grossPremium - (1030 + 1220 + 330)) < 1e-9)
        #expect(core.share.map { abs($0 - 0.40) < 1e-12 } == true)
        #expect(abs(orders[1].slippage - 10) < 1e-9 && abs(orders[1].netPremium - 200) < 1e-9)

        // Premium-weighted: (40 + 10) / (100 + 200); by component: core 40%, hedge 5%.
        var result = Sample.result()
        result.trades = butterfly + hedge
        let metrics = Metrics(result)
        #expect(metrics.orderSlippageShare.map { abs($0 - 50.0 / 300) < 1e-12 } == true)
        #expect(metrics.orderSlippageByComponent[.core]?.share.map { abs($0 - 0.40) < 1e-12 } == true)
        #expect(metrics.orderSlippageByComponent[.hedge]?.share.map { abs($0 - 0.05) < 1e-12 } == true)
        #expect(metrics.orderSlippageByComponent[.probe] == nil)
        // The secondary, gross figure: per-leg |p - m| over the legs' premium, far smaller.
        #expect(metrics.slippageShare.map { abs($0 - (10 + 20 + 10 + 10) / (2580.0 + 210)) < 1e-12 } == true)
        let g = BacktestReport(result).gates.first { $0.name == "slippage_share" }!
        #expect(!g.passed)
        #expect(g.value == metrics.orderSlippageShare)
    }
}
