import Market
import Pricing

/// The real chain of one day and product and the synthesized chain of the same day at the
/// same expiries and strikes: the two sides every comparison reads.
///
/// The real side holds only the real quotes (``QuoteSource/real``) of a chain built with the
/// day's snapshot: mids as published, implied vols solved from them by the project's solver
/// with the day's rate and dividend yield, against each SPX or XSP expiry's own parity
/// forward (``ParityForward``; VIX: Black-76 on the builder's VX curve). The synthesized side
/// is ``ChainBuilder/modelQuotes(_:on:product:expiryUnderlyings:workspace:)`` of a builder
/// holding no real snapshot, for every (expiry, type, strike) of the real side, at the same
/// underlying: the same code that synthesizes a backtest chain, at the real strikes.
public struct ChainPair: Sendable {
    public var real: OptionChain
    public var synthesized: OptionChain

    public init(real: OptionChain, synthesized: OptionChain) {
        self.real = real
        self.synthesized = synthesized
    }

    /// The real side of `date`'s `product` chain: the real quotes of `builder`'s chain
    /// (whose library holds the day's snapshot), strikes within `strikeWindow` of the underlying.
    public static func realChain(date: TradingDate, product: OptionProduct, builder: ChainBuilder,
                                 strikeWindow: Double) throws(ChainBuilderError) -> OptionChain {
        realPart(of: try builder.chain(on: date, product: product, minDTE: 0, maxDTE: 800, strikeWindow: strikeWindow))
    }

    /// The pair of `real` (a ``realChain(date:product:builder:strikeWindow:)``) and its
    /// synthesized twin from `syntheticBuilder`, a builder without real snapshots whose
    /// surface and spread model are the ones judged.
    ///
    /// SPX and XSP expiries are compared at the real quotes' own forward
    /// (``ParityForward``): the real vols are solved against it and the model prices at it,
    /// where the expiry quotes at least three strikes two-sided on both sides.
    public static func build(real quoted: OptionChain,
                             syntheticBuilder: ChainBuilder) throws(ChainBuilderError) -> ChainPair {
        let date = quoted.date, product = quoted.product
        let (real, spots) = product == .vix ? (quoted, quoted.expiries.map { _ in nil }) : ParityForward.resolvedAtParity(quoted)
        var requests: [SeriesRequest] = []
        requests.reserveCapacity(real.count)
        for i in 0..<real.count {
            let quote = real[i]
            requests.append(SeriesRequest(expiry: quote.expiry, type: quote.type, strike: quote.strike))
        }
        var curves: [ListedExpiry: (underlying: Double, time: Double)] = [:]
        for (e, spot) in spots.enumerated() {
            if let spot { curves[real.expiries[e]] = (spot, real.timesToExpiry[e]) }
        }
        var workspace = ChainWorkspace()
        let quotes = try syntheticBuilder.modelQuotes(requests, on: date, product: product, expiryUnderlyings: curves,
                                                      workspace: &workspace)
        // Series the model cannot quote (settled, or no finite value) are dropped on both sides.
        var realColumns = OptionColumns(capacity: real.count)
        var synthColumns = OptionColumns(capacity: real.count)
        var synthUnderlyings = real.underlyings.map { _ in Double.nan }
        var synthTimes = real.timesToExpiry
        for i in 0..<real.count {
            guard let synthesized = quotes[i] else { continue }
            let e = Int(real.expiryIndex[i])
            realColumns.append(real[i], expiryIndex: e)
            synthColumns.append(synthesized, expiryIndex: e)
            synthUnderlyings[e] = synthesized.underlying
            synthTimes[e] = synthesized.timeToExpiry
        }
        let close = syntheticBuilder.history.day(date)?.spxClose
        let synthSpot = product == .vix ? real.spot : close.map { $0 * product.indexScale } ?? real.spot
        return ChainPair(
            real: OptionChain(date: date, product: product, spot: real.spot, rate: real.rate,
                              dividendYield: real.dividendYield, expiries: real.expiries, underlyings: real.underlyings,
                              timesToExpiry: real.timesToExpiry, columns: realColumns),
            synthesized: OptionChain(date: date, product: product, spot: synthSpot, rate: real.rate,
                                     dividendYield: real.dividendYield, expiries: real.expiries,
                                     underlyings: synthUnderlyings, timesToExpiry: synthTimes, columns: synthColumns))
    }

    /// The real quotes of `chain` and their expiries, in the chain's order.
    static func realPart(of chain: OptionChain) -> OptionChain {
        var expiryMap: [Int: Int] = [:]
        var expiries: [ListedExpiry] = [], underlyings: [Double] = [], times: [Double] = []
        var columns = OptionColumns(capacity: chain.count)
        for i in 0..<chain.count where chain.sources[i] == .real {
            let e = Int(chain.expiryIndex[i])
            if expiryMap[e] == nil {
                expiryMap[e] = expiries.count
                expiries.append(chain.expiries[e])
                underlyings.append(chain.underlyings[e])
                times.append(chain.timesToExpiry[e])
            }
            columns.append(chain[i], expiryIndex: expiryMap[e]!)
        }
        return OptionChain(date: chain.date, product: chain.product, spot: chain.spot, rate: chain.rate,
                           dividendYield: chain.dividendYield, expiries: expiries, underlyings: underlyings,
                           timesToExpiry: times, columns: columns)
    }
}
