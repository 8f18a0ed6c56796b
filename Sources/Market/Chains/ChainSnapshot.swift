import Pricing

/// The underlying a real option chain is quoted on.
///
/// SPX, XSP and VIX are the products the strategy trades (``OptionProduct``); SPY is read
/// for reference only (American-style, physically settled, dividend-paying: its quotes are
/// never fed to the European surface without saying so).
public enum ChainProduct: String, Sendable, Hashable, CaseIterable, Codable {
    case spx = "SPX"
    case xsp = "XSP"
    case vix = "VIX"
    case spy = "SPY"

    /// The traded product, or nil for SPY.
    public var optionProduct: OptionProduct? {
        switch self {
        case .spx: .spx
        case .xsp: .xsp
        case .vix: .vix
        case .spy: nil
        }
    }

    /// The underlying symbol CBOE DataShop writes for the product (`^SPX`, `^XSP`, `^VIX`, `SPY`).
    public var dataShopSymbol: String { self == .spy ? "SPY" : "^" + rawValue }
}

/// The option symbol root of a quoted series, as printed in CBOE's files.
///
/// Kept apart from ``OptionRoot`` because real files carry historical and reference roots
/// (SPXPM, SPXQ, XSPAM, VIXW, SPY) that the listing model folds into its four roots.
public enum ChainRoot: String, Sendable, Hashable, CaseIterable, Codable {
    /// SPX AM-settled standard monthlies (third Friday; Saturday expiration before 2015-02-15).
    case spx = "SPX"
    /// SPX PM-settled Weeklys, dailies, month- and quarter-ends and PM third Fridays.
    case spxw = "SPXW"
    /// PM third-Friday SPX series under their 2011-2017 symbol.
    case spxpm = "SPXPM"
    /// PM quarter-end SPX series under their pre-2017 symbol.
    case spxq = "SPXQ"
    /// Mini-SPX (AM monthlies before 2013-11-05, PM otherwise).
    case xsp = "XSP"
    /// The AM-settled XSP series that kept trading after XSP moved to PM settlement.
    case xspam = "XSPAM"
    /// VIX monthly options (AM-settled on the special opening quotation).
    case vix = "VIX"
    /// VIX weekly options (AM-settled too).
    case vixw = "VIXW"
    /// SPDR S&P 500 ETF options (American; reference only).
    case spy = "SPY"

    /// The underlying the root belongs to.
    public var product: ChainProduct {
        switch self {
        case .spx, .spxw, .spxpm, .spxq: .spx
        case .xsp, .xspam: .xsp
        case .vix, .vixw: .vix
        case .spy: .spy
        }
    }

    /// The listing model's root: SPXPM and SPXQ fold into SPXW, XSPAM into XSP, VIXW into
    /// VIX; nil for SPY.
    public var optionRoot: OptionRoot? {
        switch self {
        case .spx: .spx
        case .spxw, .spxpm, .spxq: .spxw
        case .xsp, .xspam: .xsp
        case .vix, .vixw: .vix
        case .spy: nil
        }
    }

    /// Parses a root in any ASCII case, surrounding spaces ignored; nil when unknown.
    public init?<S: StringProtocol>(code: S) {
        let trimmed = code.trimmedOfSpacesForChain.uppercased()
        self.init(rawValue: trimmed)
    }

    /// The root of an OCC option symbol such as `SPXW230914C04500000`: its leading letters.
    public init?<S: StringProtocol>(occSymbol symbol: S) {
        let letters = symbol.trimmedOfSpacesForChain.prefix { $0.isLetter }
        self.init(code: letters)
    }

    /// The settlement style of a series of this root expiring on `expiration`, quoted on
    /// `quoteDate` (DESIGN section 4): SPX-root series settle AM, SPXW/SPXPM/SPXQ PM; XSP
    /// standard monthlies settle AM when quoted before 2013-11-05 and PM otherwise (XSP
    /// Weeklys were always PM); VIX and VIXW settle AM; SPY options stop trading at the
    /// close and are marked PM.
    public func settlementStyle(expiration: TradingDate, quotedOn quoteDate: TradingDate) -> SettlementStyle {
        switch self {
        case .spx, .xspam, .vix, .vixw: return .am
        case .spxw, .spxpm, .spxq, .spy: return .pm
        case .xsp:
            guard quoteDate < ListedProductEras.xspPMSettlement else { return .pm }
            return ChainRoot.isStandardMonthly(expiration) ? .am : .pm
        }
    }

    /// Whether `date` is a third Friday, or the Saturday after one (the expiration date of
    /// standard monthlies before 2015-02-15).
    static func isStandardMonthly(_ date: TradingDate) -> Bool {
        switch date.weekday {
        case .friday: (15...21).contains(date.day)
        case .saturday: (16...22).contains(date.day)
        default: false
        }
    }
}

/// Conditions of a two-sided quote that make it unusable for a fill or a fit. The quote is
/// kept in the snapshot, flagged, because "no fill on a missing, locked or crossed quote"
/// (DESIGN section 6) needs to see it.
public struct QuoteFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The bid is zero: nobody is buying (typical of far out-of-the-money series).
    public static let zeroBid = QuoteFlags(rawValue: 1 << 0)
    /// The ask is zero: nobody is selling (the quote is empty).
    public static let zeroAsk = QuoteFlags(rawValue: 1 << 1)
    /// Bid equals ask (and both are positive).
    public static let locked = QuoteFlags(rawValue: 1 << 2)
    /// Bid exceeds ask.
    public static let crossed = QuoteFlags(rawValue: 1 << 3)

    /// Flags of a quote with `bid` and `ask` (non-negative prices).
    public init(bid: Double, ask: Double) {
        var flags: QuoteFlags = []
        if bid == 0 { flags.insert(.zeroBid) }
        if ask == 0 { flags.insert(.zeroAsk) }
        if bid > ask { flags.insert(.crossed) }
        if bid == ask, bid > 0 { flags.insert(.locked) }
        self = flags
    }

    /// Whether the quote has a positive bid below a positive ask: a market one could trade at.
    public var isTwoSided: Bool { isEmpty }
}

/// A real option chain: every quoted series of one product on one quote date, in
/// struct-of-arrays form (one array per field, all of length ``count``).
///
/// Units (DESIGN section 2): prices and strikes in the product's points (XSP strikes are
/// a tenth of SPX's); ``impliedVolatilityCBOE`` per 1.00; ``deltaCBOE`` per unit of
/// underlying. Fields a file does not carry are NaN (Double) or nil-free defaults documented
/// on the field. Quotes are kept as published: crossed, locked, zero-bid and zero-ask quotes
/// stay in the arrays with their ``flags`` set; the loaders reject only text that is not a
/// quote at all (with a `TabularError` naming file, row and column).
///
/// Loaders: ``loadQuotedata(path:quoteDate:)`` (CBOE delayed-quote download),
/// ``loadLongForm(path:quoteDate:product:)`` (the project's parsed long file) and
/// ``loadDataShop(path:quoteDate:product:snapshot:)`` (CBOE DataShop end-of-day files).
public struct ChainSnapshot: Sendable {
    /// The underlying of every series.
    public var product: ChainProduct
    /// The session the quotes belong to (a weekend download maps to the Friday before).
    public var quoteDate: TradingDate
    /// Minutes after midnight New York time at which the quotes stand: the session's close
    /// (960, or 780 on an early-close day) for end-of-day files, 945 for DataShop's 15:45
    /// snapshot, the download time for an intraday file.
    public var quoteMinute: Int
    /// The underlying's last value at the quote time, in the product's points.
    public var underlyingLast: Double
    /// Where the quotes came from (a file path or a name given by the caller).
    public var source: String
    /// The forward of each expiration as the file states it (iVolatility's `forward_price`,
    /// the derived VIX slices' `forward`), in the product's points; empty when the file states
    /// none (then parity gives it).
    public var statedForwards: [TradingDate: Double] = [:]

    public internal(set) var roots: [ChainRoot] = []
    /// The expiration date as listed (for pre-2015 standard monthlies, the Saturday).
    public internal(set) var expirations: [TradingDate] = []
    public internal(set) var settlementStyles: [SettlementStyle] = []
    public internal(set) var types: [OptionType] = []
    public internal(set) var strikes: [Double] = []
    public internal(set) var bids: [Double] = []
    public internal(set) var asks: [Double] = []
    /// Last trade price; 0 when the series has not traded (as CBOE prints it).
    public internal(set) var lasts: [Double] = []
    /// CBOE's implied volatility per 1.00; NaN when absent or when CBOE printed 0 (could not compute).
    public internal(set) var impliedVolatilityCBOE: [Double] = []
    /// CBOE's delta; NaN when absent or when CBOE printed 0 with no implied volatility.
    public internal(set) var deltaCBOE: [Double] = []
    /// Contracts traded on the quote date; NaN when the file does not say.
    public internal(set) var volumes: [Double] = []
    /// Open interest in contracts; NaN when the file does not say.
    public internal(set) var openInterests: [Double] = []
    public internal(set) var flags: [QuoteFlags] = []

    /// An empty snapshot, to be filled with ``append(root:expiration:style:type:strike:bid:ask:last:impliedVolatilityCBOE:deltaCBOE:volume:openInterest:)``.
    public init(product: ChainProduct, quoteDate: TradingDate, quoteMinute: Int = NYSERules.regularCloseMinute,
                underlyingLast: Double, source: String) {
        self.product = product
        self.quoteDate = quoteDate
        self.quoteMinute = quoteMinute
        self.underlyingLast = underlyingLast
        self.source = source
    }

    /// The number of quoted series.
    public var count: Int { strikes.count }
    public var isEmpty: Bool { strikes.isEmpty }

    /// Appends one series; its ``flags`` are derived from `bid` and `ask`.
    public mutating func append(
        root: ChainRoot, expiration: TradingDate, style: SettlementStyle, type: OptionType,
        strike: Double, bid: Double, ask: Double, last: Double = 0,
        impliedVolatilityCBOE: Double = .nan, deltaCBOE: Double = .nan,
        volume: Double = .nan, openInterest: Double = .nan
    ) {
        roots.append(root)
        expirations.append(expiration)
        settlementStyles.append(style)
        types.append(type)
        strikes.append(strike)
        bids.append(bid)
        asks.append(ask)
        lasts.append(last)
        self.impliedVolatilityCBOE.append(impliedVolatilityCBOE)
        self.deltaCBOE.append(deltaCBOE)
        volumes.append(volume)
        openInterests.append(openInterest)
        flags.append(QuoteFlags(bid: bid, ask: ask))
    }

    /// The mid price (bid + ask) / 2 of series `i`, whatever its flags.
    @inlinable
    public func mid(at i: Int) -> Double { 0.5 * (bids[i] + asks[i]) }

    /// The session whose open (AM) or close (PM) settles series `i`: the expiration date, or
    /// the last session on or before it (the Friday before a pre-2015 Saturday expiration, the
    /// session before a holiday).
    public func settlementDate(at i: Int, calendar: TradingCalendar = .nyse) -> TradingDate {
        let expiration = expirations[i]
        guard calendar.coveredDates.contains(expiration) else { return expiration }
        return calendar.tradingDay(onOrBefore: expiration)
    }

    /// Settlement time of series `i`, minutes after midnight New York time: 09:30 for AM, the
    /// session's close for PM.
    public func settlementMinute(at i: Int, calendar: TradingCalendar = .nyse) -> Int {
        switch settlementStyles[i] {
        case .am: return NYSERules.openMinute
        case .pm:
            let date = settlementDate(at: i, calendar: calendar)
            guard calendar.coveredDates.contains(date) else { return NYSERules.regularCloseMinute }
            return calendar.closeMinute(on: date) ?? NYSERules.regularCloseMinute
        }
    }

    /// Time to settlement of series `i` in years (ACT/365), from the quote time; zero or
    /// negative once it has settled.
    public func yearsToSettlement(at i: Int, calendar: TradingCalendar = .nyse) -> Double {
        TimeToExpiry.years(from: quoteDate, minute: quoteMinute,
                           to: settlementDate(at: i, calendar: calendar), minute: settlementMinute(at: i, calendar: calendar))
    }

    /// The distinct expiration dates, earliest first.
    public var expirationDates: [TradingDate] { Array(Set(expirations)).sorted() }

    /// The distinct roots, in `ChainRoot` declaration order.
    public var rootSet: [ChainRoot] { ChainRoot.allCases.filter(Set(roots).contains) }

    /// Positions of the series expiring on `expiration` (all roots).
    public func indices(expiringOn expiration: TradingDate) -> [Int] {
        expirations.indices.filter { expirations[$0] == expiration }
    }

    /// A snapshot holding only the series for which `isIncluded` is true, in the same order.
    public func filter(_ isIncluded: (Int) -> Bool) -> ChainSnapshot {
        var kept = ChainSnapshot(product: product, quoteDate: quoteDate, quoteMinute: quoteMinute,
                                 underlyingLast: underlyingLast, source: source)
        kept.statedForwards = statedForwards
        for i in 0..<count where isIncluded(i) { kept.appendCopy(of: i, from: self) }
        return kept
    }

    mutating func appendCopy(of i: Int, from other: ChainSnapshot) {
        roots.append(other.roots[i])
        expirations.append(other.expirations[i])
        settlementStyles.append(other.settlementStyles[i])
        types.append(other.types[i])
        strikes.append(other.strikes[i])
        bids.append(other.bids[i])
        asks.append(other.asks[i])
        lasts.append(other.lasts[i])
        impliedVolatilityCBOE.append(other.impliedVolatilityCBOE[i])
        deltaCBOE.append(other.deltaCBOE[i])
        volumes.append(other.volumes[i])
        openInterests.append(other.openInterests[i])
        flags.append(other.flags[i])
    }

    /// The quote time used by end-of-day files: the close of `date` (13:00 on early-close
    /// days), 16:00 when the calendar does not cover it or it is no session.
    static func closeMinute(on date: TradingDate, calendar: TradingCalendar = .nyse) -> Int {
        guard calendar.coveredDates.contains(date) else { return NYSERules.regularCloseMinute }
        return calendar.closeMinute(on: date) ?? NYSERules.regularCloseMinute
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmedOfSpacesForChain: Substring {
        let text = self[...]
        let start = text.firstIndex { $0 != " " && $0 != "\t" } ?? text.endIndex
        let end = text.lastIndex { $0 != " " && $0 != "\t" }.map { text.index(after: $0) } ?? start
        return Substring(text[start..<end])
    }
}
