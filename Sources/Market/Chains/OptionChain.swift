import Pricing

/// Where a quote came from.
public enum QuoteSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// Read from a real chain snapshot of that day.
    case real
    /// Synthesized from the day's real index levels through the volatility surface and the
    /// spread model.
    case synthetic
}

/// One option of a chain, as a row (see ``OptionChain`` for units).
public struct OptionQuote: Sendable, Hashable {
    public var expiry: ListedExpiry
    public var type: OptionType
    public var strike: Double
    /// The price the option is priced off: SPX/XSP spot, or the VIX future of the expiry.
    public var underlying: Double
    /// Years from the quote time to settlement (ACT/365).
    public var timeToExpiry: Double
    public var bid: Double
    public var ask: Double
    public var mid: Double
    /// Implied volatility per 1.00 (NaN when a real quote's mid has none).
    public var iv: Double
    public var delta: Double
    public var gamma: Double
    /// dV/dsigma per 1.00 of vol.
    public var vega: Double
    /// dV/d(calendar time) per year.
    public var theta: Double
    public var source: QuoteSource

    public init(
        expiry: ListedExpiry, type: OptionType, strike: Double, underlying: Double, timeToExpiry: Double,
        bid: Double, ask: Double, mid: Double, iv: Double, delta: Double, gamma: Double, vega: Double,
        theta: Double, source: QuoteSource
    ) {
        self.expiry = expiry
        self.type = type
        self.strike = strike
        self.underlying = underlying
        self.timeToExpiry = timeToExpiry
        self.bid = bid
        self.ask = ask
        self.mid = mid
        self.iv = iv
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
        self.source = source
    }

    /// Calendar days from `date` to settlement.
    public func daysToExpiry(from date: TradingDate) -> Int { expiry.calendarDays(from: date) }

    /// Whether the quote can be traded: both sides finite, bid >= 0, ask > 0, bid < ask
    /// (a locked or crossed quote is not tradable).
    public var isTradable: Bool { bid.isFinite && ask.isFinite && bid >= 0 && ask > 0 && bid < ask }
}

/// The option chain of one product on one day: every listed expiry in the requested window and
/// the strikes around the money, with bid/ask, mid, implied vol and greeks (per unit of
/// underlying, DESIGN section 2; multiply by quantity x ``OptionProduct/multiplier`` for
/// dollars).
///
/// Storage is struct-of-arrays, sorted by expiry (as in ``expiries``), then type (puts first),
/// then strike ascending, so that an (expiry, type) slice is a contiguous, sorted range.
public struct OptionChain: Sendable {
    public let date: TradingDate
    public let product: OptionProduct
    /// The product's index level at the quote time (SPX, XSP = SPX/10, or VIX spot).
    public let spot: Double
    /// Continuously compounded risk-free rate and dividend yield used for pricing.
    public let rate: Double
    public let dividendYield: Double
    /// Listed expiries in the chain, in settlement order.
    public let expiries: [ListedExpiry]
    /// Per expiry: the price options of that expiry are priced off (spot for SPX/XSP, the
    /// VIX future for VIX), and the time to settlement in years.
    public let underlyings: [Double]
    public let timesToExpiry: [Double]

    /// Per option (all the same length).
    public let expiryIndex: [Int32]
    public let typeCodes: [Int8]
    public let strikes: [Double]
    public let bids: [Double]
    public let asks: [Double]
    public let mids: [Double]
    public let ivs: [Double]
    public let deltas: [Double]
    public let gammas: [Double]
    public let vegas: [Double]
    public let thetas: [Double]
    public let sources: [QuoteSource]

    /// Start of each (expiry, type) slice: `sliceStarts[2 * e + (call ? 1 : 0)]`, with one
    /// extra element at the end equal to `count`.
    let sliceStarts: [Int]

    /// Assembles a chain from columns already sorted by expiry, type (puts first) and strike.
    /// The columns must have the same length (``OptionColumns/isRectangular``) and
    /// `expiryIndex` must be non-decreasing.
    public init(
        date: TradingDate, product: OptionProduct, spot: Double, rate: Double, dividendYield: Double,
        expiries: [ListedExpiry], underlyings: [Double], timesToExpiry: [Double], columns: OptionColumns
    ) {
        let n = columns.count
        precondition(columns.isRectangular, "OptionChain: columns differ in length")
        precondition(underlyings.count == expiries.count && timesToExpiry.count == expiries.count,
                     "OptionChain: per-expiry columns differ in length")
        self.date = date
        self.product = product
        self.spot = spot
        self.rate = rate
        self.dividendYield = dividendYield
        self.expiries = expiries
        self.underlyings = underlyings
        self.timesToExpiry = timesToExpiry
        self.expiryIndex = columns.expiryIndex
        self.typeCodes = columns.typeCodes
        self.strikes = columns.strikes
        self.bids = columns.bids
        self.asks = columns.asks
        self.mids = columns.mids
        self.ivs = columns.ivs
        self.deltas = columns.deltas
        self.gammas = columns.gammas
        self.vegas = columns.vegas
        self.thetas = columns.thetas
        self.sources = columns.sources
        let expiryIndex = columns.expiryIndex, typeCodes = columns.typeCodes
        var starts = [Int](repeating: n, count: 2 * expiries.count + 1)
        var i = n - 1
        while i >= 0 {
            let slot = 2 * Int(expiryIndex[i]) + (typeCodes[i] == 1 ? 1 : 0)
            starts[slot] = i
            i -= 1
        }
        // Empty slices start where the next one does.
        var next = n
        for slot in stride(from: starts.count - 1, through: 0, by: -1) {
            if starts[slot] == n && slot < starts.count - 1 { starts[slot] = next } else { next = starts[slot] }
        }
        self.sliceStarts = starts
    }

    public var count: Int { strikes.count }
    public var isEmpty: Bool { strikes.isEmpty }

    public subscript(index: Int) -> OptionQuote {
        let e = Int(expiryIndex[index])
        return OptionQuote(
            expiry: expiries[e], type: typeCodes[index] == 1 ? .call : .put, strike: strikes[index],
            underlying: underlyings[e], timeToExpiry: timesToExpiry[e], bid: bids[index], ask: asks[index],
            mid: mids[index], iv: ivs[index], delta: deltas[index], gamma: gammas[index], vega: vegas[index],
            theta: thetas[index], source: sources[index])
    }

    /// Indices of the options of expiry `expiry` (an index into ``expiries``) and `type`, by
    /// ascending strike.
    public func indices(expiry: Int, type: OptionType) -> Range<Int> {
        let slot = 2 * expiry + (type == .call ? 1 : 0)
        return sliceStarts[slot]..<sliceStarts[slot + 1]
    }

    /// The index of `expiry` in ``expiries``, if the chain has it.
    public func expiryPosition(_ expiry: ListedExpiry) -> Int? {
        expiries.firstIndex(of: expiry)
    }

    /// The index of the option with exactly this expiry, type and strike.
    public func index(expiry: Int, type: OptionType, strike: Double) -> Int? {
        strikes[indices(expiry: expiry, type: type)].sortedIndex(of: strike)
    }

    /// The expiry whose calendar days to settlement are nearest `days`, among those within
    /// `window` (ties go to the earlier expiry); nil when none lies in the window.
    public func expiryNearest(days: Int, within window: ClosedRange<Int>) -> Int? {
        var best: Int?
        var bestDistance = Int.max
        for (e, expiry) in expiries.enumerated() {
            let dte = expiry.calendarDays(from: date)
            guard window.contains(dte) else { continue }
            let distance = abs(dte - days)
            if distance < bestDistance { best = e; bestDistance = distance }
        }
        return best
    }

    /// The tradable option of the expiry and type whose |delta| is nearest `absoluteDelta`.
    public func indexNearestDelta(expiry: Int, type: OptionType, absoluteDelta: Double) -> Int? {
        var best: Int?
        var bestDistance = Double.infinity
        for i in indices(expiry: expiry, type: type) where bids[i] < asks[i] && asks[i] > 0 {
            let distance = abs(abs(deltas[i]) - absoluteDelta)
            if distance < bestDistance { best = i; bestDistance = distance }
        }
        return best
    }

    /// The option of the expiry and type with the listed strike nearest `strike` (ties go to
    /// the lower strike).
    public func indexNearestStrike(expiry: Int, type: OptionType, strike: Double) -> Int? {
        var best: Int?
        var bestDistance = Double.infinity
        for i in indices(expiry: expiry, type: type) {
            let distance = abs(strikes[i] - strike)
            if distance < bestDistance { best = i; bestDistance = distance }
        }
        return best
    }

    /// The first listed strike >= `strike` of the expiry and type.
    public func indexFirstStrike(atLeast strike: Double, expiry: Int, type: OptionType) -> Int? {
        indices(expiry: expiry, type: type).first { strikes[$0] >= strike }
    }
}
