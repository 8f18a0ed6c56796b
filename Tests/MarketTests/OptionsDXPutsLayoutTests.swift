import Foundation
import Pricing
import Tabular
import TestSupport
import Testing
@testable import Market

@Suite("The OptionsDX SPY put extract")
struct OptionsDXPutsLayoutTests {
    static let header = "quote_date,snapshot,cycle_month,expiration,option_type,strike,bid,ask,mid,iv_optionsdx,underlying_last"
    static let fixture = """
        \(header)
        2010-01-04,entry,2010-01,2010-02-19,P,85.0,0.06,0.09,0.075,0.3767,113.29
        2010-01-04,entry,2010-01,2010-02-19,P,86.0,0.07,0.1,0.085,0.36959,113.29
        2010-01-29,mid,2010-01,2010-02-19,P,100.0,0.51,0.50,0.505,0.24,107.39
        2010-01-29,mid,2010-01,2010-02-19,P,101.0,0.60,0.62,0.61,0.23,107.39

        """

    static func parse(_ text: String) throws -> [ChainSnapshot] {
        try ChainSnapshot.parseOptionsDXPuts(name: "spy.csv", contents: Array(text.utf8))
    }

    static func error(_ text: String) -> TabularError? {
        do { _ = try parse(text) } catch let error as TabularError { return error } catch { return nil }
        return nil
    }

    @Test func oneSPYSnapshotPerQuoteDate() throws {
        let days = try Self.parse(Self.fixture)
        #expect(days.map(\.quoteDate.description) == ["2010-01-04", "2010-01-29"])
        let first = days[0]
        #expect(first.product == .spy && first.count == 2 && first.underlyingLast == 113.29 && first.quoteMinute == 960)
        #expect(first.roots == [.spy, .spy] && first.types == [.put, .put] && first.settlementStyles == [.pm, .pm])
        #expect(first.strikes == [85, 86] && first.bids == [0.06, 0.07] && first.asks == [0.09, 0.1])
        #expect(first.impliedVolatilityCBOE.allSatisfy { $0.isNaN })
        // A bid a cent above the ask, as the source has 205 of, is kept and flagged.
        #expect(days[1].flags[0] == .crossed && days[1].flags[1].isTwoSided)
        // PM settlement at the close of the expiration day, quoted at a close: 46 whole days.
        #expect(abs(first.yearsToSettlement(at: 0) - 46.0 / 365) < 1e-12)
    }

    @Test func badRowsAreNamedByRowAndColumn() {
        var e = Self.error(Self.fixture.replacingOccurrences(of: "2010-02-19,P,86.0", with: "2010-02-19,C,86.0"))
        #expect(e?.file == "spy.csv" && e?.line == 3 && e?.column == "option_type")
        e = Self.error(Self.fixture.replacingOccurrences(of: "0.1,0.085,0.36959,113.29", with: "0.1,0.085,0.36959,113.30"))
        #expect(e?.line == 3 && e?.column == "underlying_last")
        e = Self.error(Self.fixture.replacingOccurrences(of: "2010-01-29,mid,2010-01,2010-02-19,P,100.0",
                                                         with: "2010-01-29,mid,2010-01,2010-01-29,P,100.0"))
        #expect(e?.line == 4 && e?.column == "expiration")
        e = Self.error(Self.fixture.replacingOccurrences(of: "0.60,0.62", with: "-0.60,0.62"))
        #expect(e?.line == 5 && e?.column == "bid")
        e = Self.error(Self.header + "\n")
        #expect(e?.file == "spy.csv" && e?.description.contains("at least one option row") == true)
    }
}

@Suite("The OptionsDX SPY put extract, real file", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct OptionsDXPutsFileTests {
    @Test func theWholeExtract() throws {
        let path = RealMarketData.directory!.path + "/" + ChainSnapshot.optionsDXPutsRelativePath
        let days = try ChainSnapshot.parseOptionsDXPuts(name: path, contents: try SeriesInput.contents(of: path))
        // PROVENANCE 2.5: 18,983 rows, 326 quote dates, 2010-01-04 .. 2023-12-29, 205 crossed by a cent.
        #expect(days.count == 326 && days.reduce(0) { $0 + $1.count } == 18_983)
        #expect(days.first?.quoteDate.description == "2010-01-04" && days.last?.quoteDate.description == "2023-12-29")
        #expect(days.reduce(0) { $0 + $1.flags.filter { $0.contains(.crossed) }.count } == 205)
        let first = try #require(days.first)
        #expect(first.underlyingLast == 113.29 && first.strikes.first == 85 && first.bids.first == 0.06 && first.asks.first == 0.09)
        // Each date is one snapshot of one expiry: the next month's third Friday, 21 to 51 days out.
        for day in days {
            #expect(day.expirationDates.count == 1, "\(day.quoteDate)")
            let out = day.quoteDate.days(until: day.expirationDates[0])
            #expect((21...51).contains(out), "\(day.quoteDate): \(out)")
        }
        // Mostly 0-25% out of the money; 98 snapshots also hold puts in the money (688 rows, to
        // 22% in), 75 some further than 25% out (394 rows, to 35%).
        let moneyness = days.flatMap { day in day.strikes.map { $0 / day.underlyingLast } }
        #expect(moneyness.filter { $0 > 1.0001 }.count == 688 && moneyness.filter { $0 < 0.75 }.count == 394)
        #expect(moneyness.allSatisfy { $0 > 0.65 && $0 < 1.22 })
    }
}
