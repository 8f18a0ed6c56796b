import Foundation
import Market
import Strategy
import Testing
@testable import Backtest

/// VIX options settle at the VX final settlement value where the data has it, else the open.
@Suite("VIX option settlement", .enabled(if: EngineData.isAvailable, EngineData.absent))
struct VIXSettlementTests {
    @Test func settlesAtTheFinalSettlementValue() throws {
        let history = try EngineData.builder.get().history
        let expiry = day("2020-04-15")
        let i = try #require(history.index(of: expiry))
        let settlementDay = history[i]
        // CFE's final settlement value of the April 2020 VX contract, against a VIX open 3.11 lower.
        let settled = SettlementValue.vixSettlement(day: settlementDay, settlementDate: expiry, lastVIX: nil)
        #expect(settled.source == .finalSettlement && settled.value == 42.51)
        let open = try #require(settlementDay.vixOpen)
        #expect(abs(settled.value - open - 3.11) < 0.005)
        let listed = ExpiryListing.nyse.vixMonthly(year: 2020, month: 4)
        #expect(SettlementValue.price(product: .vix, day: settlementDay, atOpen: true, expiry: listed, lastVIX: nil) == 42.51)

        // Without the expiring contract in the day's curve, the open; without the open, the close.
        var missing = settlementDay
        missing.vixFutures = history[i + 1].vixFutures
        #expect(SettlementValue.vixSettlement(day: missing, settlementDate: expiry, lastVIX: nil) == (open, .open))
        missing.vixOpen = nil
        #expect(SettlementValue.vixSettlement(day: missing, settlementDate: expiry, lastVIX: nil).source == .close)
        // A late settlement (the expiry passed without a session) never reads another day's final value.
        var late = history[i + 1]
        late.vixFutures = settlementDay.vixFutures
        #expect(SettlementValue.vixSettlement(day: late, settlementDate: expiry, lastVIX: nil).source == .open)
    }

    @Test func theManifestCountsTheSources() throws {
        let manifest = RunManifest(parameters: .null, dataFiles: [], codeVersion: "test", seed: nil, commandLine: [],
                                   startDate: nil, endDate: nil)
        var withSettlements = manifest
        withSettlements.vixSettlements = [
            VIXSettlementRecord(expiry: day("2020-04-15"), date: day("2020-04-15"), source: .finalSettlement, value: 42.51),
            VIXSettlementRecord(expiry: day("2020-05-20"), date: day("2020-05-20"), source: .open, value: 30),
        ]
        guard case let .object(document) = withSettlements.json,
              case let .object(fields)? = document["vix_option_settlement"], case let .object(counts)? = fields["counts"],
              case let .array(expiries)? = fields["expiries"]
        else {
            Issue.record("no vix_option_settlement block")
            return
        }
        #expect(counts["vx_final_settlement"] == .integer(1) && counts["vix_open"] == .integer(1))
        #expect(counts["vix_close"] == .integer(0))
        #expect(expiries.count == 2)
        guard case let .object(empty) = manifest.json, case let .object(emptyBlock)? = empty["vix_option_settlement"],
              case let .object(zero)? = emptyBlock["counts"] else {
            Issue.record("a run without VIX settlements has no counts")
            return
        }
        #expect(zero.values.allSatisfy { $0 == .integer(0) })
    }
}
