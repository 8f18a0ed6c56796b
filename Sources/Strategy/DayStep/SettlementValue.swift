import Market

/// The value an expiring series settles at (DESIGN section 2, "Settlement").
public enum SettlementValue {
    /// Where a VIX option's settlement value came from.
    public enum VIXSource: String, Sendable, Hashable, CaseIterable {
        /// The VX final settlement value: the expiring future's settle on its final settlement
        /// date, the special opening quotation (SOQ) of VIX that also settles the options.
        case finalSettlement = "vx_final_settlement"
        /// The VIX open, where the data has no final settlement for the expiry.
        case open = "vix_open"
        /// The VIX close, where the day has neither.
        case close = "vix_close"
        /// The last VIX known before the day, where the day has no VIX at all.
        case lastKnown = "last_vix"
    }

    /// Where an SPX or XSP series' settlement value came from.
    public enum IndexSource: String, Sendable, Hashable, CaseIterable {
        /// Cboe's published special opening quotation (SET), on the settlement day of an AM
        /// series that the data's table covers (`SpecialOpeningQuotations`).
        case publishedSOQ = "published_soq"
        /// The SPX open: an AM series on a day without a published SOQ.
        case open = "spx_open"
        /// The SPX close: a PM series, or an AM series on a day without an open.
        case close = "spx_close"
    }

    /// The settlement value of `product` on `day`, in the product's points: see
    /// ``indexSettlement(day:atOpen:expiry:)`` for SPX (a tenth of it for XSP) and
    /// ``vixSettlement(day:settlementDate:lastVIX:)`` for VIX options.
    public static func price(product: OptionProduct, day: MarketDay, atOpen: Bool, expiry: ListedExpiry,
                             lastVIX: Double?) -> Double {
        switch product {
        case .vix:
            return vixSettlement(day: day, settlementDate: expiry.settlementDate, lastVIX: lastVIX).value
        case .spx, .xsp:
            return indexSettlement(day: day, atOpen: atOpen, expiry: expiry).value * product.indexScale
        }
    }

    /// The SPX level that settles an SPX or XSP series on `day`, and where it came from: at the
    /// open (`atOpen`, AM series) Cboe's published SOQ when `day` is the series' settlement day
    /// and the data has it, else the SPX open, else the close; at the close, the close. The
    /// SOQ carries the whole opening move, which the recorded open often misses (2007-08-17:
    /// open 1,411.26, the previous close; SOQ 1,450.11).
    public static func indexSettlement(day: MarketDay, atOpen: Bool, expiry: ListedExpiry) -> (value: Double, source: IndexSource) {
        guard atOpen else { return (day.spxClose, .close) }
        return openingSettlement(soq: expiry.settlementDate == day.date ? day.spxSOQ : nil, open: day.spxOpen,
                                 close: day.spxClose)
    }

    /// The rule an AM series settles by, given what the session has: the published SOQ, else
    /// the open, else the close. The backtest and the index replays both read it.
    public static func openingSettlement(soq: Double?, open: Double?, close: Double) -> (value: Double, source: IndexSource) {
        if let soq { return (soq, .publishedSOQ) }
        if let open { return (open, .open) }
        return (close, .close)
    }

    /// The settlement value of a VIX option settling on `settlementDate`, paid on `day`, and
    /// where it came from: the expiring future's settle on its final settlement date (the
    /// exchange's final settlement value, the SOQ; over the 249 expiries of 2005-2025 it
    /// differs from the VIX open by 0.47 points on average, by 3.11 on 2020-04-15), else the
    /// VIX open, then the close, then `lastVIX` (0 when none).
    public static func vixSettlement(day: MarketDay, settlementDate: TradingDate,
                                     lastVIX: Double?) -> (value: Double, source: VIXSource) {
        if let final = day.vixFutures.first(where: { $0.expiration == settlementDate && $0.expiration == day.date })?.settle {
            return (final, .finalSettlement)
        }
        if let open = day.vixOpen { return (open, .open) }
        if let close = day.vixClose { return (close, .close) }
        return (lastVIX ?? 0, .lastKnown)
    }
}
