import TestSupport
import Testing
@testable import Market

@Suite("Which expiries Cboe's index methods use")
struct IndexSeriesKindTests {
    private func kind(_ iso: String, _ minute: Int) -> IndexSeriesKind {
        IndexSeriesKind(settlementDate: TradingDate(iso: iso)!, settlementMinute: minute)
    }

    @Test func thirdFridayAMIsTheStandardSeries() {
        #expect(kind("2023-10-20", NYSERules.openMinute) == .standard)
        // The same Friday's PM-settled SPXW series is not a Weekly: Cboe takes the standard one.
        #expect(kind("2023-10-20", NYSERules.regularCloseMinute) == .other)
        // Before 2015 the official expiration was the Saturday; the series settles on the Friday.
        #expect(kind("2012-03-16", NYSERules.openMinute) == .standard)
    }

    @Test func otherFridaysPMAreWeeklys() {
        #expect(kind("2023-10-27", NYSERules.regularCloseMinute) == .fridayWeekly)
        #expect(kind("2023-10-13", NYSERules.regularCloseMinute) == .fridayWeekly)
        // An AM series on a Friday other than the third is no series Cboe lists for the indices.
        #expect(kind("2023-10-27", NYSERules.openMinute) == .other)
    }

    @Test func otherWeekdaysAreNotUsed() {
        #expect(kind("2023-10-23", NYSERules.regularCloseMinute) == .other)  // Monday
        #expect(kind("2023-10-25", NYSERules.regularCloseMinute) == .other)  // Wednesday
        #expect(kind("2023-10-31", NYSERules.regularCloseMinute) == .other)  // end of month, a Tuesday
    }

    @Test func aFridayHolidayMovesTheSeriesToThursday() {
        // Good Friday 2022-04-15: the April standard series settled on Thursday's open.
        #expect(kind("2022-04-14", NYSERules.openMinute) == .standard)
        // Good Friday 2021-04-02: that week's Weekly expired at Thursday's close.
        #expect(kind("2021-04-01", NYSERules.regularCloseMinute) == .fridayWeekly)
        // An ordinary Thursday is a daily expiry.
        #expect(kind("2023-10-26", NYSERules.regularCloseMinute) == .other)
    }

    @Test func weeklysEnterVIXOnTheSixthOfOctober2014() {
        let before = TradingDate(iso: "2014-10-03")!, after = TradingDate(iso: "2014-10-06")!
        for tenor in [VolatilityIndexTenor.vix, .vix3m] {
            #expect(!tenor.uses(.fridayWeekly, on: before))
            #expect(tenor.uses(.fridayWeekly, on: after))
            #expect(tenor.uses(.standard, on: before))
            #expect(!tenor.uses(.other, on: after))
        }
        #expect(VolatilityIndexTenor.vix9d.uses(.fridayWeekly, on: TradingDate(iso: "2011-06-01")!))
        // A strip of unknown kind (synthesized at the index's own tenor) is always used.
        #expect(VolatilityIndexTenor.vix.uses(nil, on: before))
    }
}

@Suite("The kinds on a synthesized chain", .enabled(if: MarketData.isAvailable, MarketData.absent))
struct SynthesizedChainSeriesKindTests {
    @Test func eachExpiryCarriesItsKind() throws {
        let history = try SharedHistory.get()
        let builder = ChainBuilder(history: history)
        let chain = try builder.chain(on: TradingDate(iso: "2023-10-12")!, product: .spx, minDTE: 1, maxDTE: 40)
        let expiries = chain.indexExpiries
        #expect(expiries.count == chain.expiries.count)
        for (quotes, expiry) in zip(expiries, chain.expiries) {
            #expect(quotes.kind == IndexSeriesKind(settlementDate: expiry.settlementDate, settlementMinute: expiry.settlementMinute))
            #expect(quotes.kind == IndexSeriesKind(expiry))
        }
        // In 2023 SPX lists every weekday: most of them are not Cboe's.
        #expect(expiries.contains { $0.kind == .other })
        #expect(expiries.contains { $0.kind == .fridayWeekly })
        #expect(expiries.contains { $0.kind == .standard })
    }
}
