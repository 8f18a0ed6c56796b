import Market
import Pricing

/// The chains of one day shared by every configuration stepped through that day on one thread
/// (see ``DayChainAssembler/init(builder:sharing:)``): what one configuration asks the chain
/// builder for is kept, and what another asks for later is cut out of it when it lies inside,
/// so that a day's surfaces and Black-Scholes batches are paid for once, not once per
/// configuration.
///
/// ## Exactness
/// A chain cut from the cache is, to the bit, the chain
/// `ChainBuilder.chain(on:product:strikeWindows:workspace:)` builds for the same request:
/// every figure of an option (vol, price, greeks, bid and ask) is a function of that option's
/// own inputs and of its expiry's (the kernel, the smile and the spread model work lane by
/// lane), so only which options a chain holds depends on the strike windows. That is
/// reproduced exactly: a synthesized expiry keeps the strikes `StrikeGrid` lists for the
/// narrower window (checked one by one against the wider build; any difference and the
/// request is built afresh), a real snapshot's expiry keeps the rows the builder's own test,
/// `|K / underlying - 1| <= window`, keeps. Expiries are ordered as the builder orders them.
///
/// Not thread-safe: one cache per thread. A new day (or another builder's day) empties it.
public final class DayChainCache: @unchecked Sendable {
    /// How much wider than asked a missing expiry is built, so that the next configuration's
    /// slightly wider window is already covered (capped by the widest window the assembler
    /// ever asks for).
    static let margin = 1.25

    /// One build of the chain builder and the windows it was built with, by days to settlement.
    private struct Build {
        var chain: OptionChain
        var windows: [Int: Double]
    }

    /// One request: a product and its windows by days to settlement.
    private struct Request: Hashable {
        var product: OptionProduct
        var windows: [Int: Double]
        var types: OptionTypeSet
    }

    /// The builds of one product and set of sides: a chain is cut only from builds of the
    /// same sides, so that a slice it lacks is never mistaken for an empty one.
    private struct Shelf: Hashable {
        var product: OptionProduct
        var types: OptionTypeSet
    }

    private var date: TradingDate?
    /// The day's answers by request: configurations that ask for exactly the same chain share
    /// one (a chain is a value; nobody can change the one handed out).
    private var answers: [Request: OptionChain] = [:]
    /// Per product and sides, the builds of the day, newest last; an expiry is read from the newest build
    /// holding its days to settlement.
    private var builds: [Shelf: [Build]] = [:]
    /// Requests answered from the day's builds and requests that had to build first, since creation.
    public private(set) var hits = 0
    /// Requests that had to build first, since creation.
    public private(set) var misses = 0
    /// Requests answered with a chain already handed out for the same request.
    public private(set) var shared = 0

    /// An empty cache, for the assemblers of one thread's configurations.
    public init() {}

    /// The chain `builder` builds for `strikeWindows` (days to settlement -> strike window) of
    /// `product` on `date`, cut from this day's earlier builds where they cover the request.
    public func chain(_ builder: ChainBuilder, on date: TradingDate, product: OptionProduct,
                      strikeWindows: [Int: Double], types: OptionTypeSet = .both,
                      workspace: inout ChainWorkspace) throws(ChainBuilderError) -> OptionChain {
        if self.date != date {
            self.date = date
            builds.removeAll(keepingCapacity: true)
            answers.removeAll(keepingCapacity: true)
        }
        let request = Request(product: product, windows: strikeWindows, types: types)
        let shelf = Shelf(product: product, types: types)
        if let answer = answers[request] {
            shared += 1
            return answer
        }
        for (_, window) in strikeWindows where !(window > 0 && window.isFinite) {
            // The builder's own refusal.
            return try builder.chain(on: date, product: product, strikeWindows: strikeWindows, types: types,
                                     workspace: &workspace)
        }
        var missing: [Int: Double] = [:]
        for (days, window) in strikeWindows where (coveringWindow(shelf, days: days) ?? 0) < window {
            let widest = DayChainAssembler.widestWindow(product)
            missing[days] = max(window, min(window * Self.margin, widest))
        }
        if missing.isEmpty {
            hits += 1
        } else {
            misses += 1
            let chain = try builder.chain(on: date, product: product, strikeWindows: missing, types: types,
                                          workspace: &workspace)
            builds[shelf, default: []].append(Build(chain: chain, windows: missing))
        }
        let answer: OptionChain
        if let cut = cut(builder, on: date, shelf: shelf, strikeWindows: strikeWindows) {
            answer = cut
        } else {
            answer = try builder.chain(on: date, product: product, strikeWindows: strikeWindows, types: types,
                                       workspace: &workspace)
        }
        answers[request] = answer
        return answer
    }

    /// The widest window of today's builds holding `days` to settlement, from the newest build that does.
    private func coveringWindow(_ shelf: Shelf, days: Int) -> Double? {
        builds[shelf]?.last { $0.windows[days] != nil }?.windows[days]
    }

    /// The request cut from the builds; nil when a synthesized expiry's strikes are not the
    /// grid's (then the request is built as asked).
    private func cut(_ builder: ChainBuilder, on date: TradingDate, shelf: Shelf,
                     strikeWindows: [Int: Double]) -> OptionChain? {
        let product = shelf.product
        guard let productBuilds = builds[shelf], let any = productBuilds.first?.chain else { return nil }
        // Each requested expiry: the build it is read from and its index there.
        var parts: [(expiry: ListedExpiry, build: Int, index: Int, window: Double)] = []
        for (days, window) in strikeWindows {
            guard let b = productBuilds.lastIndex(where: { $0.windows[days] != nil }) else { return nil }
            let chain = productBuilds[b].chain
            for (e, expiry) in chain.expiries.enumerated() where expiry.calendarDays(from: date) == days {
                parts.append((expiry, b, e, window))
            }
        }
        parts.sort { $0.expiry < $1.expiry }
        let hasSnapshot = builder.realChains.contains(date: date, product: product)

        // Sized for the whole of every part: a cut never holds more, and growing twelve columns
        // as they fill would copy them over and over.
        var capacity = 0
        for part in parts {
            let chain = productBuilds[part.build].chain
            capacity += chain.indices(expiry: part.index, type: .call).upperBound
                - chain.indices(expiry: part.index, type: .put).lowerBound
        }
        var columns = OptionColumns(capacity: capacity)
        for (e, part) in parts.enumerated() {
            let chain = productBuilds[part.build].chain
            let underlying = chain.underlyings[part.index]
            let puts = chain.indices(expiry: part.index, type: .put), calls = chain.indices(expiry: part.index, type: .call)
            let whole = puts.lowerBound..<calls.upperBound
            if let first = whole.first, chain.sources[first] == .real {
                // The builder's filter of the snapshot's rows, on the same figures, in the same order.
                var start = whole.lowerBound
                while start < whole.upperBound {
                    guard abs(chain.strikes[start] / underlying - 1) <= part.window else {
                        start += 1
                        continue
                    }
                    var end = start
                    while end < whole.upperBound, abs(chain.strikes[end] / underlying - 1) <= part.window { end += 1 }
                    columns.append(chain, range: start..<end, expiryIndex: e)
                    start = end
                }
                continue
            }
            let strikes = StrikeGrid.strikes(product: product, expiry: part.expiry, quoteDate: date,
                                             underlying: underlying, window: part.window)
            // An expiry without a single option is a snapshot's (then none is kept) or a grid's
            // (then none is listed): only when the grid lists strikes is it ambiguous.
            if whole.isEmpty, !strikes.isEmpty, hasSnapshot { return nil }
            for (type, range) in [(OptionType.put, puts), (.call, calls)] where shelf.types.holds(type) {
                guard let kept = Self.run(of: strikes, in: chain.strikes, range: range) else { return nil }
                columns.append(chain, range: kept, expiryIndex: e)
            }
        }
        return OptionChain(date: any.date, product: product, spot: any.spot, rate: any.rate,
                           dividendYield: any.dividendYield, expiries: parts.map(\.expiry),
                           underlyings: parts.map { productBuilds[$0.build].chain.underlyings[$0.index] },
                           timesToExpiry: parts.map { productBuilds[$0.build].chain.timesToExpiry[$0.index] },
                           columns: columns)
    }

    /// The range of `column[range]` (ascending) that equals `strikes` element by element; nil
    /// when there is none.
    static func run(of strikes: [Double], in column: [Double], range: Range<Int>) -> Range<Int>? {
        guard let first = strikes.first else { return range.lowerBound..<range.lowerBound }
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if column[middle] < first { low = middle + 1 } else { high = middle }
        }
        guard low + strikes.count <= range.upperBound else { return nil }
        for (k, strike) in strikes.enumerated() where column[low + k] != strike { return nil }
        return low..<(low + strikes.count)
    }
}
