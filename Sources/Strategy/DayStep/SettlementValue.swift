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

    /// The settlement value of `product` on `day`, in the product's points: the SPX open (AM)
    /// or close (PM), a tenth of it for XSP; for VIX options the VX final settlement value
    /// (see ``vixSettlement(day:settlementDate:lastVIX:)``). A missing SPX open falls back to the close.
    public static func price(product: OptionProduct, day: MarketDay, atOpen: Bool, expiry: ListedExpiry,
                             lastVIX: Double?) -> Double {
        switch product {
        case .vix:
            return vixSettlement(day: day, settlementDate: expiry.settlementDate, lastVIX: lastVIX).value
        case .spx, .xsp:
            let spx = atOpen ? (day.spxOpen ?? day.spxClose) : day.spxClose
            return spx * product.indexScale
        }
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
