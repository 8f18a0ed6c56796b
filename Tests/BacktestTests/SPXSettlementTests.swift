import Foundation
import Market
import Strategy
import Testing
@testable import Backtest

/// AM-settled SPX and XSP series settle at Cboe's published SOQ where the data has it, else
/// at the SPX open; PM series at the close.
@Suite("SPX AM settlement", .enabled(if: EngineData.isAvailable, EngineData.absent))
struct SPXSettlementTests {
    @Test func settlesAtThePublishedSOQ() throws {
        let history = try EngineData.builder.get().history
        let date = day("2007-08-17")
        let i = try #require(history.index(of: date))
        let settlementDay = history[i]
        let expiry = ExpiryListing.nyse.standardMonthly(.spx, year: 2007, month: 8, style: .am)
        #expect(expiry.settlementDate == date)
        // The morning of the discount-rate cut: the recorded open is the previous close.
        #expect(settlementDay.spxOpen == 1411.26 && history[i - 1].spxClose == 1411.27)
        #expect(SettlementValue.indexSettlement(day: settlementDay, atOpen: true, expiry: expiry) == (1450.11, .publishedSOQ))
        let xsp = ExpiryListing.nyse.standardMonthly(.xsp, year: 2007, month: 8, style: .am)
        #expect(abs(SettlementValue.price(product: .xsp, day: settlementDay, atOpen: true, expiry: xsp, lastVIX: nil) - 145.011) < 1e-12)
        // A PM series of the same day settles at the close.
        #expect(SettlementValue.indexSettlement(day: settlementDay, atOpen: false, expiry: expiry) == (1445.94, .close))
        // Without the table, the open; a late settlement never reads another day's SOQ.
        var without = settlementDay
        without.spxSOQ = nil
        #expect(SettlementValue.indexSettlement(day: without, atOpen: true, expiry: expiry) == (1411.26, .open))
        var late = history[i + 1]
        late.spxSOQ = 1450.11
        #expect(SettlementValue.indexSettlement(day: late, atOpen: true, expiry: expiry).source == .open)
    }

    @Test func theManifestSaysWhichDaysSettleAtTheSOQ() throws {
        let history = try EngineData.builder.get().history
        var manifest = RunManifest(parameters: .null, dataFiles: [], codeVersion: "test", seed: nil, commandLine: [],
                                   startDate: nil, endDate: nil)
        guard case let .object(plain) = manifest.json, case let .object(none)? = plain["spx_am_settlement"] else {
            Issue.record("no spx_am_settlement block")
            return
        }
        #expect(none["published_soq_days"] == .integer(0) && none["first"] == .null)
        manifest.publishedSOQDays = history.publishedSOQDays
        guard case let .object(document) = manifest.json, case let .object(block)? = document["spx_am_settlement"] else {
            Issue.record("no spx_am_settlement block")
            return
        }
        #expect(block["published_soq_days"] == .integer(228))
        #expect(block["first"] == .string("2005-01-21") && block["last"] == .string("2023-12-15"))
    }
}
