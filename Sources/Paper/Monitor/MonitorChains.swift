import Market
import Pricing
import Strategy

/// The day's chains for an open book: each product's chain holding exactly the series of the
/// open legs, asked of the same ``DayChainSource`` the day step reads (the backtest's
/// assembler, or a live source of the day's downloaded quotes), so that the monitor's quotes
/// are the ones the book was marked with.
public enum MonitorChains {
    /// The chains of `day` for the legs of `positions`, with `vix` as the day's VIX level.
    /// A product without open legs, or without a chain that day, is left out; its legs then
    /// appear as unpriced in the greeks and the stress figures.
    public static func chains(for positions: [Position], day: MarketDay, vix: Double,
                              source: inout some DayChainSource) -> DayChains {
        var legsByProduct: [OptionProduct: [Leg]] = [:]
        for position in positions {
            for leg in position.legs { legsByProduct[leg.product, default: []].append(leg) }
        }
        var built: [OptionChain] = []
        for product in OptionProduct.allCases {
            guard let legs = legsByProduct[product], !legs.isEmpty,
                  let assembled = source.chain(product: product, day: day, entries: [], legs: legs) else { continue }
            built.append(assembled.chain)
        }
        return DayChains(date: day.date, chains: built, spx: day.spxClose, vix: vix)
    }
}
