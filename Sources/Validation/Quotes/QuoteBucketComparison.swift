import Market
import Pricing

/// One (day, product, DTE bucket, delta bucket) of the quote comparison: `quotes.csv`'s row.
public struct QuoteBucketRow: Sendable, Hashable {
    public var date: TradingDate
    public var product: OptionProduct
    /// Whether the snapshot holds closing quotes (the ones the criteria and the fit read).
    public var isClosing: Bool
    public var dteBucket: DTEBucket
    public var deltaBucket: DeltaBucket
    /// Options compared (two-sided real quotes with a solved implied vol).
    public var count: Int
    /// Median of synthesized iv minus real mid iv, vol points (1 = 0.01 of vol).
    public var medianIVBias: Double
    /// Mean of the same, vol points.
    public var meanIVBias: Double
    /// Median of synthesized (ask - bid) / real (ask - bid).
    public var medianWidthRatio: Double
    /// Median real and synthesized full spreads, points.
    public var medianRealWidth: Double
    public var medianSynthesizedWidth: Double
}

/// One option seen on both sides.
public struct ComparedOption: Sendable, Hashable {
    public var dteBucket: DTEBucket
    public var deltaBucket: DeltaBucket
    /// Vol points.
    public var ivBias: Double
    public var widthRatio: Double
    public var realWidth: Double
    public var synthesizedWidth: Double
}

/// Compares a ``ChainPair`` option by option and summarizes it by bucket.
public enum QuoteBucketComparison {
    /// The options of `pair` in some bucket whose real quote is two-sided (bid > 0, bid < ask)
    /// with a solved implied vol; buckets by the real quote's |delta| (VIX calls: strike
    /// against the expiry's future).
    public static func options(_ pair: ChainPair) -> [ComparedOption] {
        let real = pair.real, synth = pair.synthesized
        var result: [ComparedOption] = []
        for i in 0..<real.count {
            let e = Int(real.expiryIndex[i])
            let bid = real.bids[i], ask = real.asks[i]
            guard bid > 0, ask > bid, real.ivs[i].isFinite, synth.ivs[i].isFinite,
                  let dte = DTEBucket.bucket(days: real.expiries[e].calendarDays(from: real.date)),
                  let bucket = DeltaBucket.bucket(product: real.product, type: real.typeCodes[i] == 1 ? .call : .put,
                                                  absoluteDelta: abs(real.deltas[i]), strike: real.strikes[i],
                                                  future: real.underlyings[e])
            else { continue }
            let synthWidth = synth.asks[i] - synth.bids[i]
            result.append(ComparedOption(dteBucket: dte, deltaBucket: bucket, ivBias: 100 * (synth.ivs[i] - real.ivs[i]),
                                         widthRatio: synthWidth / (ask - bid), realWidth: ask - bid,
                                         synthesizedWidth: synthWidth))
        }
        return result
    }

    /// The bucket rows of `options` (one day and product), in bucket order.
    public static func rows(_ options: [ComparedOption], date: TradingDate, product: OptionProduct,
                            isClosing: Bool) -> [QuoteBucketRow] {
        var rows: [QuoteBucketRow] = []
        for dte in DTEBucket.allCases {
            for bucket in DeltaBucket.allCases {
                let group = options.filter { $0.dteBucket == dte && $0.deltaBucket == bucket }
                guard !group.isEmpty else { continue }
                let bias = group.map(\.ivBias)
                rows.append(QuoteBucketRow(
                    date: date, product: product, isClosing: isClosing, dteBucket: dte, deltaBucket: bucket,
                    count: group.count, medianIVBias: QuoteStatistics.median(bias),
                    meanIVBias: bias.reduce(0, +) / Double(bias.count),
                    medianWidthRatio: QuoteStatistics.median(group.map(\.widthRatio)),
                    medianRealWidth: QuoteStatistics.median(group.map(\.realWidth)),
                    medianSynthesizedWidth: QuoteStatistics.median(group.map(\.synthesizedWidth))))
            }
        }
        return rows
    }
}
