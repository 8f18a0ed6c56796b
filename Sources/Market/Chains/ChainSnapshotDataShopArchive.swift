import Foundation
import Tabular

/// Reading CBOE DataShop's end-of-day files as DataShop ships them: a zip holding the day's
/// CSV, or (the official free sample) a zip of zips, one with the calculations
/// (`UnderlyingOptionsEODCalcs_*.zip`: implied volatility and greeks at 15:45) and one without
/// (`UnderlyingOptionsEODQuotes_*.zip`). Both carry the same quotes; the one with the
/// calculations is preferred.
extension ChainSnapshot {
    /// Reads one day of one product from the DataShop archive at `path`; see
    /// ``parseDataShop(name:contents:quoteDate:product:snapshot:calendar:)`` for `quoteDate`,
    /// `product` and `snapshot`. Errors name the member as `archive!inner.zip!file.csv`.
    ///
    /// - Throws: ``ZipEntryError`` when the archive or a member cannot be read or no DataShop
    ///   CSV is found; `TabularError` naming the member, row and column of a bad field.
    public static func loadDataShopArchive(path: String, quoteDate: TradingDate? = nil, product: ChainProduct? = nil,
                                           snapshot: DataShopSnapshot = .endOfDay,
                                           calendar: TradingCalendar = .nyse) throws -> ChainSnapshot {
        let (name, bytes) = try dataShopCSV(inArchiveAt: path)
        return try parseDataShop(name: name, contents: bytes, quoteDate: quoteDate, product: product,
                                 snapshot: snapshot, calendar: calendar)
    }

    /// The CSV inside the archive at `path` (DataShop's, or any chain file zipped) and the name
    /// errors give it: a `.csv` member at the top level, else one inside a nested `.zip`
    /// (those named `Calcs` first).
    static func dataShopCSV(inArchiveAt path: String) throws(ZipEntryError) -> (name: String, bytes: [UInt8]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZipEntryError(archive: path, entry: nil, reason: FileManager.default.fileExists(atPath: path)
                ? "cannot be read" : "does not exist")
        }
        let outer = [UInt8](data)
        // macOS resource forks (`__MACOSX/._name.csv`) are not the file.
        let members = try ZipEntryReader.memberPaths(inArchive: outer, name: path).filter { !$0.hasPrefix("__MACOSX/") }
        if let csv = members.first(where: { $0.lowercased().hasSuffix(".csv") }) {
            return (path + "!" + csv, try ZipEntryReader.contents(ofEntry: [csv], inArchive: outer, name: path))
        }
        let nested = members.filter { $0.lowercased().hasSuffix(".zip") }
            .sorted { ($0.contains("Calcs") ? 0 : 1) < ($1.contains("Calcs") ? 0 : 1) }
        for inner in nested {
            let innerBytes = try ZipEntryReader.contents(ofEntry: [inner], inArchive: outer, name: path)
            let innerName = path + "!" + inner
            if let csv = try ZipEntryReader.memberPaths(inArchive: innerBytes, name: innerName)
                .first(where: { $0.lowercased().hasSuffix(".csv") }) {
                return (innerName + "!" + csv, try ZipEntryReader.contents(ofEntry: [csv], inArchive: innerBytes, name: innerName))
            }
        }
        throw ZipEntryError(archive: path, entry: nil, reason: "holds no DataShop CSV (members: \(members.joined(separator: ", ")))")
    }
}
