import Market

/// A real chain the quote validation compares with.
public struct ValidationSnapshot: Sendable {
    public var snapshot: ChainSnapshot
    public var product: OptionProduct
    /// Closing quotes: the ones the spread fit and the criteria read. Intraday, pre-open,
    /// overnight and after-hours downloads are compared too, flagged.
    public var isClosing: Bool

    public init(snapshot: ChainSnapshot, product: OptionProduct, isClosing: Bool) {
        self.snapshot = snapshot
        self.product = product
        self.isClosing = isClosing
    }

    public var date: TradingDate { snapshot.quoteDate }
}

/// Every real SPX, XSP and VIX chain of the data folder's catalogue (``RealChainCatalog``).
public enum ValidationSnapshots {
    /// The snapshots of `directory`, at most one per day and product (a closing one first,
    /// then the one with most quotes), in date order; and the entries not compared, with the
    /// reason.
    ///
    /// Closing: ``RealChainCatalog/closingFullSnapshots()`` (a close, or a daily file with no
    /// stated time whose underlying is the day's close, with an expiry 20-45 days out quoted
    /// on both sides). Every other entry the
    /// catalogue does not exclude (intraday, overnight, pre-open, partial) is compared too,
    /// flagged, and read by neither the spread fit nor the criteria.
    public static func load(from catalog: RealChainCatalog) -> (snapshots: [ValidationSnapshot], skipped: [String]) {
        var byKey: [RealChainLibrary.Key: ValidationSnapshot] = [:]
        var skipped: [String] = []
        func offer(_ candidate: ValidationSnapshot) {
            let key = RealChainLibrary.Key(date: candidate.date, product: candidate.product)
            if let held = byKey[key] {
                let better = (candidate.isClosing && !held.isClosing)
                    || (candidate.isClosing == held.isClosing && candidate.snapshot.count > held.snapshot.count)
                if !better { return }
            }
            byKey[key] = candidate
        }
        let (closing, failures) = catalog.closingFullSnapshots()
        var closingEntries: Set<RealChainEntry> = []
        for (entry, snapshot) in closing {
            guard let product = entry.product.optionProduct else { continue }
            closingEntries.insert(entry)
            offer(ValidationSnapshot(snapshot: snapshot, product: product, isClosing: true))
        }
        for (entry, error) in failures { skipped.append("\(entry): \(error)") }
        for entry in catalog.entries where !closingEntries.contains(entry) && entry.product.optionProduct != nil {
            if let exclusion = entry.exclusion {
                skipped.append("\(entry): \(exclusion)")
                continue
            }
            do {
                let snapshot = try catalog.snapshot(of: entry)
                offer(ValidationSnapshot(snapshot: snapshot, product: entry.product.optionProduct!, isClosing: false))
            } catch {
                skipped.append("\(entry): \(error)")
            }
        }
        return (byKey.keys.sorted().map { byKey[$0]! }, skipped)
    }
}
