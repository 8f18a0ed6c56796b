import Foundation
import Market
import Tabular

/// The day's real quotes a trader downloaded: Cboe delayed-quote files ("quotedata", the CSV
/// saved from cboe.com's option-chain page) for SPX, XSP and VIX, at most one per product.
///
/// A session stepped with them decides on these quotes for their products instead of the
/// history's (real snapshots where the data holds one, synthesized otherwise); the products
/// without a file keep the history's quotes. Each file must be a quotedata download of the
/// session itself: its download time decides the day (a download before the 09:30 open, or
/// on a weekend, holds the previous session's closing quotes; one during the session holds
/// that minute's quotes).
public struct DayQuoteFiles: Sendable {
    /// One file read.
    public struct File: Sendable, Hashable {
        /// The path as given.
        public var path: String
        public var product: OptionProduct
        /// SHA-256 of the file as stored (compressed, for a `.gz`), hex.
        public var sha256: String
        /// The quotes' minute of the day, New York time (the close for an end-of-day download).
        public var quoteMinute: Int
        /// The underlying's last value in the file's title line, index points.
        public var underlyingLast: Double
        /// Options quoted (calls and puts with a bid or an ask).
        public var series: Int
    }

    public let date: TradingDate
    public let files: [File]
    /// The parsed quotes, one per product, as the chain builder takes them.
    public let snapshots: [ChainSnapshot]

    /// Reads `paths` for session `date`.
    ///
    /// - Throws: ``PaperInputError`` naming the file (and row and column for a malformed
    ///   row): unreadable; not a quotedata download (another chain layout or none); quotes of
    ///   another day than `date`; options of a product the strategy does not trade (SPY); two
    ///   files of one product.
    public init(paths: [String], date: TradingDate) throws(PaperInputError) {
        var files: [File] = []
        var snapshots: [ChainSnapshot] = []
        for path in paths {
            let bytes: [UInt8], digest: FileDigest
            do {
                bytes = try SeriesInput.contents(of: path)
                digest = try FileDigest.sha256(path: path)
            } catch {
                throw PaperInputError(file: path, reason: "cannot be read (\(error))")
            }
            switch RealChainFile.layout(of: bytes) {
            case .quotedata?:
                break
            case let other?:
                throw PaperInputError(file: path, reason: "is a \(other.rawValue) chain file, not a Cboe quotedata download "
                    + "(--quotes reads the CSV saved from cboe.com's delayed quotes page: two title lines, then a header "
                    + "row starting \"Expiration Date\")")
            case nil:
                throw PaperInputError(file: path, reason: "is not a Cboe quotedata download: no header row starting "
                    + "\"Expiration Date\" in its first lines")
            }
            let snapshot: ChainSnapshot
            do {
                snapshot = try ChainSnapshot.parseQuotedata(name: path, contents: bytes)
            } catch {
                throw PaperInputError(error)
            }
            guard let product = snapshot.product.optionProduct else {
                throw PaperInputError(file: path, reason: "holds \(snapshot.product.rawValue.uppercased()) options; the strategy "
                    + "trades SPX, XSP and VIX options (give those products' downloads)")
            }
            guard snapshot.quoteDate == date else {
                let when = snapshot.quoteDate < date ? "an earlier session's" : "a later session's"
                throw PaperInputError(file: path, reason: "holds \(when) quotes, \(snapshot.quoteDate) (from its download "
                    + "time), not \(date)'s: download the chain during or after the \(date) session")
            }
            if let earlier = files.first(where: { $0.product == product }) {
                throw PaperInputError(file: path, reason: "is a second \(product.rawValue.uppercased()) file for \(date) "
                    + "(\(earlier.path) is the first): give one file per product")
            }
            let series = zip(snapshot.bids, snapshot.asks).filter { $0 > 0 || $1 > 0 }.count
            guard series > 0 else {
                throw PaperInputError(file: path, reason: "quotes no option (every bid and ask is zero or missing)")
            }
            files.append(File(path: path, product: product, sha256: digest.sha256, quoteMinute: snapshot.quoteMinute,
                              underlyingLast: snapshot.underlyingLast, series: series))
            snapshots.append(snapshot)
        }
        self.date = date
        self.files = files
        self.snapshots = snapshots
    }

    /// No files: the history's quotes.
    public init(date: TradingDate) {
        self.date = date
        files = []
        snapshots = []
    }

    public var isEmpty: Bool { files.isEmpty }

    /// The file of `product`, if one was given.
    public func file(_ product: OptionProduct) -> File? { files.first { $0.product == product } }
}
