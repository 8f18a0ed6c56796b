import Foundation
import Pricing

/// When in the trading day a real chain's quotes stand.
public enum QuoteSession: String, Sendable, Hashable, CaseIterable, Codable {
    /// At the regular session's close (end-of-day files; downloads after the close and before
    /// the overnight session opens at 20:15 ET).
    case close
    /// A daily file whose time was not recorded but whose quotes are synchronous with its
    /// underlying (the lambdaclass files). It stands for the close only when its underlying
    /// is the day's SPX close (``RealChainCatalog/summary(of:)`` says which); the others were
    /// taken during the session.
    case dailyUnstamped = "daily (time not recorded)"
    /// During the regular session (09:30-16:00 ET).
    case intraday
    /// The overnight session (global trading hours): the quotes move while the underlying's
    /// "Last" is still the previous close.
    case overnight = "overnight (GTH)"
    /// Before the regular open, on the session's morning.
    case preOpen = "pre-open"
    /// The file states a time without a time zone (the derived VIX slices).
    case unknown = "time not stated"
}

/// How a real chain file is laid out.
public enum RealChainLayout: String, Sendable, Hashable, CaseIterable {
    case quotedata = "Cboe quotedata"
    case longForm = "long form"
    case dataShopArchive = "DataShop EOD zip"
    case dataShopWorkbook = "DataShop xlsx"
    case lambdaclass = "lambdaclass daily"
    case iVolatility = "iVolatility RawIV"
    case optionChainAnalytics = "OCA resources"
    case impliedVolSlices = "derived IV slices"
}

/// One snapshot of the catalogue: a day and product of one file, with what the file's name
/// and place say about it (the rest is known once parsed: ``RealChainCatalog/summary(of:)``).
public struct RealChainEntry: Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the data directory (`archive.zip` for a zip, the folder's files
    /// are each an entry).
    public var file: String
    public var layout: RealChainLayout
    public var date: TradingDate
    public var product: ChainProduct
    public var session: QuoteSession
    /// The quote time when the file's name or layout states it (minutes after midnight New
    /// York time); nil for end-of-day files.
    public var statedMinute: Int?
    /// Why the entry is left out whatever its content (a copy of quotes read elsewhere,
    /// reference data, derived data); nil when its content decides.
    public var exclusion: String?
    /// Which snapshot of a multi-snapshot loader: DataShop's 15:45 quotes.
    var dataShopSnapshot: DataShopSnapshot = .endOfDay

    public var description: String { "\(product.rawValue) \(date) \(session.rawValue) [\(layout.rawValue)] \(file)" }
}

/// What a catalogue entry holds once parsed.
public struct RealChainSummary: Sendable, Hashable {
    public var rows: Int
    public var expiries: Int
    public var underlying: Double
    /// Whether the chain has an expiry 20-45 calendar days out with two-sided quotes at
    /// strikes both below and above the underlying (``ChainSnapshot/hasFullThirtyDayExpiry``).
    public var isFull: Bool
    /// Why the snapshot is not a closing, full snapshot fit for validation; nil when it is.
    public var unusableReason: String?
}

/// A real chain's days to expiry and strikes, for the catalogue's "full" rule.
extension ChainSnapshot {
    /// Whether some expiry 20-45 calendar days after the quote date has at least five
    /// two-sided quotes at strikes below the underlying and five above.
    public var hasFullThirtyDayExpiry: Bool {
        var below: [TradingDate: Int] = [:], above: [TradingDate: Int] = [:]
        for i in 0..<count where flags[i].isTwoSided {
            let days = Int(expirations[i].daysSinceEpoch - quoteDate.daysSinceEpoch)
            guard (20...45).contains(days) else { continue }
            if strikes[i] < underlyingLast { below[expirations[i], default: 0] += 1 } else { above[expirations[i], default: 0] += 1 }
        }
        return below.contains { expiry, n in n >= 5 && (above[expiry] ?? 0) >= 5 }
    }

    /// Whether some expiry `days` calendar days out has a two-sided quote.
    func hasTwoSidedExpiry(days range: ClosedRange<Int>) -> Bool {
        (0..<count).contains { i in
            flags[i].isTwoSided && range.contains(Int(expirations[i].daysSinceEpoch - quoteDate.daysSinceEpoch))
        }
    }
}
