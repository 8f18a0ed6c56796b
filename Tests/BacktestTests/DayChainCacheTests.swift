import Foundation
import Market
import Pricing
import Strategy
import Testing

/// Chains cut from a day's earlier builds against the chain builder asked directly: the same
/// options, in the same order, with the same figures to the bit (compared as the chains' full
/// text, every Double printed to round-trip precision).
@Suite("Day chain cache", .enabled(if: EngineData.isAvailable, EngineData.absent), .serialized)
struct DayChainCacheTests {
    static func text(_ chain: OptionChain) -> String { String(reflecting: chain) }

    /// Requests as a day of several configurations makes them: a wide one first, then
    /// narrower and wider windows, expiries added and dropped, the same request twice.
    static func requests(_ product: OptionProduct, dtes: [Int]) -> [[Int: Double]] {
        let base = product == .vix ? 0.6 : 0.12
        let a = dtes[0], b = dtes[dtes.count / 2], c = dtes[dtes.count - 1]
        return [
            [a: base, b: base * 1.1],
            [a: base * 0.7],
            [b: base * 0.93, c: base * 0.5],
            [a: base * 1.6, c: base * 0.51],
            [a: base * 0.7],
            [b: base * 0.31, a: base * 1.59, c: base * 2],
        ]
    }

    /// Sessions with synthesized chains only, and the days of the real snapshots.
    func days(_ builder: ChainBuilder) -> [(TradingDate, OptionProduct)] {
        var days: [(TradingDate, OptionProduct)] = []
        for date in ["2008-10-15", "2013-06-20", "2020-03-16", "2024-07-10"] {
            for product in OptionProduct.allCases where product.isListed(on: day(date)) { days.append((day(date), product)) }
        }
        days += builder.realChains.keys.prefix(6).map { ($0.date, $0.product) }
        return days
    }

    /// Every test request: the days above, each with ``requests(_:dtes:)`` over its expiries
    /// 1-69 days out (days with fewer than three are left out).
    func requests(_ builder: ChainBuilder) -> [(TradingDate, OptionProduct, [Int: Double])] {
        var all: [(TradingDate, OptionProduct, [Int: Double])] = []
        for (date, product) in days(builder) where builder.history.index(of: date) != nil {
            let dtes = builder.listedExpiries(product, on: date).map { $0.calendarDays(from: date) }.filter { $0 > 0 && $0 < 70 }
            guard dtes.count >= 3 else { continue }
            all += Self.requests(product, dtes: dtes).map { (date, product, $0) }
        }
        return all
    }

    @Test func cutsEqualTheBuildersChains() throws {
        let builder = try EngineData.builder.get()
        let cache = DayChainCache()
        var workspace = ChainWorkspace()
        var compared = 0
        for (date, product, windows) in requests(builder) {
            let direct = try builder.chain(on: date, product: product, strikeWindows: windows, workspace: &workspace)
            let cut = try cache.chain(builder, on: date, product: product, strikeWindows: windows, workspace: &workspace)
            #expect(Self.text(cut) == Self.text(direct), "\(product.rawValue) \(date) \(windows)")
            #expect(cut.count == direct.count)
            compared += 1
        }
        #expect(compared >= 40)
        // Every path was taken: cut from earlier builds, built first, handed out again.
        #expect(cache.hits >= 10 && cache.misses >= 10 && cache.shared >= 10, "\(cache.hits) \(cache.misses) \(cache.shared)")
    }

    /// A chain of one side holds exactly that side of the chain of both, to the bit, and the
    /// cache cuts one-side chains as the builder builds them.
    @Test func oneSideIsTheSameOptionsToTheBit() throws {
        let builder = try EngineData.builder.get()
        let cache = DayChainCache()
        var workspace = ChainWorkspace()
        var compared = 0
        for (date, product, windows) in requests(builder) {
            let both = try builder.chain(on: date, product: product, strikeWindows: windows, workspace: &workspace)
            for (type, side) in [(OptionType.put, OptionTypeSet.puts), (.call, .calls)] {
                let one = try builder.chain(on: date, product: product, strikeWindows: windows, types: side,
                                            workspace: &workspace)
                #expect(one.expiries == both.expiries)
                for e in both.expiries.indices {
                    let kept = both.indices(expiry: e, type: type), theirs = one.indices(expiry: e, type: type)
                    let columns: [KeyPath<OptionChain, [Double]>] = [\.strikes, \.bids, \.asks, \.mids, \.ivs, \.deltas,
                                                                     \.gammas, \.vegas, \.thetas]
                    for column in columns {
                        #expect(one[keyPath: column][theirs].map(\.bitPattern) == both[keyPath: column][kept].map(\.bitPattern),
                                "\(product.rawValue) \(date) \(windows) \(type)")
                    }
                    #expect(Array(one.sources[theirs]) == Array(both.sources[kept]))
                    #expect(one.indices(expiry: e, type: type == .put ? .call : .put).isEmpty)
                }
                let cut = try cache.chain(builder, on: date, product: product, strikeWindows: windows, types: side,
                                          workspace: &workspace)
                #expect(Self.text(cut) == Self.text(one), "\(product.rawValue) \(date) \(windows) \(type)")
                compared += 1
            }
        }
        #expect(compared >= 80)
        #expect(throws: ChainBuilderError.self) {
            try builder.chain(on: day("2020-03-16"), product: .spx, strikeWindows: [30: 0.1], types: [], workspace: &workspace)
        }
    }

    /// A window the builder refuses is refused the same way.
    @Test func aBadWindowIsTheBuildersError() throws {
        let builder = try EngineData.builder.get()
        let cache = DayChainCache()
        var workspace = ChainWorkspace()
        #expect(throws: ChainBuilderError.self) {
            try cache.chain(builder, on: day("2020-03-16"), product: .spx, strikeWindows: [30: -0.1], workspace: &workspace)
        }
    }
}
