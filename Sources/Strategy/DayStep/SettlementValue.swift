import Market

/// The value an expiring series settles at (DESIGN section 2, "Settlement").
public enum SettlementValue {
    /// The settlement value of `product` on `day`, in the product's points: the SPX open (AM)
    /// or close (PM), a tenth of it for XSP, the VIX open for VIX options. A missing SPX open
    /// falls back to the close; a missing VIX open to the expiring future's final settlement,
    /// then to the close, then to `lastVIX`.
    public static func price(product: OptionProduct, day: MarketDay, atOpen: Bool, expiry: ListedExpiry,
                             lastVIX: Double?) -> Double {
        switch product {
        case .vix:
            // Without the open, the expiring future's final settlement is the same special
            // opening quotation; the close is only a last resort.
            let expiringFuture = day.vixFutures.first { $0.expiration == expiry.settlementDate }?.settle
            return day.vixOpen ?? expiringFuture ?? day.vixClose ?? lastVIX ?? 0
        case .spx, .xsp:
            let spx = atOpen ? (day.spxOpen ?? day.spxClose) : day.spxClose
            return spx * product.indexScale
        }
    }
}
