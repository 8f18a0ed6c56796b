/// Listed strike prices by product and expiry horizon, for synthesizing chains where no real
/// chain exists.
///
/// The grids are coarse descriptions of what the exchange listed, read off the real chains in
/// the data folder (SPX 2020-03-20, 2023-09-14, 2023-12-08, 2025-10-01; XSP 2023-09-14):
///
/// - **SPX**, by calendar days to settlement: up to 100 days, 5-point strikes within 20% of
///   the index, 25-point strikes to 40%, 50-point beyond; up to 400 days, 25-point strikes
///   within 30%, 50-point beyond; longer (LEAPS), 50-point within 30%, 100-point beyond.
/// - **XSP**: up to 400 days, 1-point strikes within 10%, 5-point to 30%, 10-point beyond;
///   longer, 5-point within 30%, 10-point beyond.
/// - **VIX**, by strike level, not distance: 0.5-point steps below 20 (from 2011; 1-point before),
///   1-point from 20 to 50, 2.5-point from 50 to 80, 5-point above 80. The grid is centred on
///   whatever level is passed: the VIX future of the expiry, not spot, is the right centre.
///
/// A real listing is sparser far from the money and denser where volume is; the grid keeps
/// every strike a trader could ask for near the money, which is what the strategy selects from.
public enum StrikeGrid {
    /// A band of constant strike spacing: strikes that are multiples of `step` and whose
    /// distance from the centre is below `bound` (relative distance |K/S - 1| for the index
    /// products, the strike level itself for VIX).
    struct Band {
        let bound: Double
        let step: Double
    }

    /// The listed strikes of `expiry` within `window` of `underlying`, ascending.
    ///
    /// - Parameters:
    ///   - product: which grid to use.
    ///   - expiry: the expiry, for its horizon (and, for VIX, its era).
    ///   - quoteDate: the quote date, for the horizon.
    ///   - underlying: the level the grid is centred on, in the option's own points (XSP is
    ///     one tenth of SPX; for VIX pass the future of the expiry).
    ///   - window: half-width of the strike range as a fraction of `underlying` (0.3: from 70%
    ///     to 130% of it). Strikes are positive.
    public static func strikes(
        product: OptionProduct, expiry: ListedExpiry, quoteDate: TradingDate,
        underlying: Double, window: Double
    ) -> [Double] {
        guard underlying > 0, underlying.isFinite, window > 0 else { return [] }
        let low = max(underlying * (1 - window), 0)
        let high = underlying * (1 + window)
        let days = expiry.calendarDays(from: quoteDate)
        switch product {
        case .spx:
            let bands: [Band] = days <= 100
                ? [Band(bound: 0.20, step: 5), Band(bound: 0.40, step: 25), Band(bound: .infinity, step: 50)]
                : days <= 400
                    ? [Band(bound: 0.30, step: 25), Band(bound: .infinity, step: 50)]
                    : [Band(bound: 0.30, step: 50), Band(bound: .infinity, step: 100)]
            return relativeGrid(bands, centre: underlying, low: low, high: high)
        case .xsp:
            let bands: [Band] = days <= 400
                ? [Band(bound: 0.10, step: 1), Band(bound: 0.30, step: 5), Band(bound: .infinity, step: 10)]
                : [Band(bound: 0.30, step: 5), Band(bound: .infinity, step: 10)]
            return relativeGrid(bands, centre: underlying, low: low, high: high)
        case .vix:
            let halfPointEra = expiry.settlementDate >= TradingDate(year: 2011, month: 1, day: 1)!
            let bands: [Band] = [
                Band(bound: 20, step: halfPointEra ? 0.5 : 1),
                Band(bound: 50, step: 1),
                Band(bound: 80, step: 2.5),
                Band(bound: .infinity, step: 5),
            ]
            return levelGrid(bands, low: max(low, 1), high: high)
        }
    }

    /// The grid step of `product` at `strike` for an expiry `calendarDays` out: the spacing a
    /// trader would find between neighbouring strikes there.
    public static func step(product: OptionProduct, calendarDays: Int, underlying: Double, strike: Double) -> Double {
        let distance = abs(strike / underlying - 1)
        switch product {
        case .spx:
            if calendarDays <= 100 { return distance < 0.20 ? 5 : distance < 0.40 ? 25 : 50 }
            if calendarDays <= 400 { return distance < 0.30 ? 25 : 50 }
            return distance < 0.30 ? 50 : 100
        case .xsp:
            if calendarDays <= 400 { return distance < 0.10 ? 1 : distance < 0.30 ? 5 : 10 }
            return distance < 0.30 ? 5 : 10
        case .vix:
            return strike < 20 ? 0.5 : strike < 50 ? 1 : strike < 80 ? 2.5 : 5
        }
    }

    /// Union of the bands' multiples whose relative distance from `centre` falls in the band,
    /// clipped to `low...high`.
    static func relativeGrid(_ bands: [Band], centre: Double, low: Double, high: Double) -> [Double] {
        var strikes: [Double] = []
        var inner = 0.0
        for band in bands {
            // The band covers inner <= |K/centre - 1| < bound on both sides of the centre.
            let bandLow = max(low, centre * (1 - band.bound))
            let bandHigh = min(high, centre * (1 + band.bound))
            var index = (bandLow / band.step).rounded(.up)
            while index * band.step <= bandHigh {
                let strike = index * band.step
                if strike > 0, abs(strike / centre - 1) >= inner { strikes.append(strike) }
                index += 1
            }
            inner = band.bound
            if bandLow <= low && bandHigh >= high { break }
        }
        return sortedUnique(strikes)
    }

    /// Union of the bands' multiples where the strike level itself lies in the band.
    static func levelGrid(_ bands: [Band], low: Double, high: Double) -> [Double] {
        var strikes: [Double] = []
        var lower = 0.0
        for band in bands {
            let from = max(low, lower), to = min(high, band.bound)
            if from <= to {
                var index = (from / band.step).rounded(.up)
                while index * band.step <= to {
                    let strike = index * band.step
                    if strike < band.bound || band.bound == .infinity { strikes.append(strike) }
                    index += 1
                }
            }
            lower = band.bound
        }
        return sortedUnique(strikes)
    }

    private static func sortedUnique(_ values: [Double]) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(values.count)
        for value in values.sorted() where result.last != value { result.append(value) }
        return result
    }
}
