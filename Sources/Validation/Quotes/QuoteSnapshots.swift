import Foundation
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

/// Every real SPX, XSP and VIX chain of the data folder that the project can read.
public enum ValidationSnapshots {
    /// The snapshots of `directory`, at most one per day and product (a closing one first,
    /// then the one with most quotes), in date order; and the files that could not be used,
    /// with the reason.
    ///
    /// Read: every Cboe quotedata download under `options/` (any folder; `.gz` or not) with
    /// ``RealChainFile/load(path:quoteDate:product:)``, then the long-form file's days that
    /// no download gave. A download is closing when its name says `close` (the data folder
    /// names every file by its session: `_close`, `_1340ET_intraday`, `_GTH`, `afterhours`,
    /// `preopen`); every long-form day but the after-hours 2025-10-01 is a closing export.
    public static func load(in directory: DataDirectory) -> (snapshots: [ValidationSnapshot], skipped: [String]) {
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
        let root = directory.path + "/options"
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted()
        for file in files where file.contains("quotedata") && !file.contains("parsed_long") {
            let path = root + "/" + file
            let lower = file.lowercased()
            guard lower.hasSuffix(".csv") || lower.hasSuffix(".csv.gz") || lower.hasSuffix(".dat") || lower.hasSuffix(".dat.gz")
            else { continue }
            do {
                let snapshot = try RealChainFile.load(path: path, quoteDate: nil, product: nil)
                guard let product = snapshot.product.optionProduct else { continue }
                offer(ValidationSnapshot(snapshot: snapshot, product: product, isClosing: lower.contains("close")))
            } catch {
                skipped.append("options/\(file): \(error)")
            }
        }
        do {
            let library = try RealChainLibrary.discover(in: directory)
            for key in library.keys where byKey[key] == nil {
                guard let snapshot = try library.snapshot(on: key.date, product: key.product) else { continue }
                let afterHours = key.date == TradingDate(year: 2025, month: 10, day: 1)!
                offer(ValidationSnapshot(snapshot: snapshot, product: key.product, isClosing: !afterHours))
            }
        } catch {
            skipped.append("\(ChainSnapshot.longFormRelativePath): \(error)")
        }
        let snapshots = byKey.keys.sorted().map { byKey[$0]! }
        return (snapshots, skipped)
    }
}
