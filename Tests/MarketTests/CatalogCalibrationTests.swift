import Foundation
import Pricing
import TestSupport
import Testing
@testable import Market

@Suite("Calibration of every catalogue day", .enabled(if: SPXChainFiles.isAvailable, SPXChainFiles.absent))
struct CatalogCalibrationTests {
    /// Every (day, product) of the catalogue either fits, with a finite RMSE and a real
    /// chain's quotes, or says why it cannot be fitted; the table is printed.
    @Test func everyDayFitsOrSaysWhy() throws {
        let catalog = try CatalogFixture.catalog.get()
        let directory = try #require(RealMarketData.directory)
        let history = try MarketHistory.load(from: directory)
        var outcomes: [(date: TradingDate, product: ChainProduct, outcome: CatalogCalibration.Outcome)] = []
        for day in CatalogCalibration.days(of: catalog) {
            let outcome = CatalogCalibration.calibrate(catalog, date: day.date, product: day.product, history: history)
            outcomes.append((day.date, day.product, outcome))
            switch outcome {
            case let .fitted(entry, fit):
                #expect(fit.rmse.isFinite && fit.rmse > 0 && fit.rmse < 10, "\(entry): RMSE \(fit.rmse)")
                #expect(fit.quotesUsed >= 200, "\(entry): \(fit.quotesUsed) quotes")
                #expect(fit.quoteDate == day.date)
                #expect(entry.product == .spx || entry.product == .xsp)
                #expect(entry.session != .overnight && entry.session != .preOpen)
            case let .refused(reasons):
                #expect(!reasons.isEmpty && reasons.allSatisfy { !$0.reason.isEmpty }, "\(day)")
            }
        }
        print(CatalogCalibration.table(outcomes), terminator: "")
        func outcome(_ date: String, _ product: ChainProduct) -> CatalogCalibration.Outcome? {
            outcomes.first { $0.date == TradingDate(iso: date) && $0.product == product }?.outcome
        }
        // The long form's days, fitted as before (SurfaceCalibration's table: 0.84, 0.91, 0.95, 6.41).
        for (date, product, rmse) in [("2023-09-14", ChainProduct.spx, 0.841), ("2023-09-14", .xsp, 0.905),
                                      ("2023-12-08", .spx, 0.945), ("2020-03-20", .spx, 6.411)] {
            guard case let .fitted(_, fit) = outcome(date, product) else { Issue.record("\(product) \(date) not fitted"); continue }
            #expect(abs(fit.rmse - rmse) < 0.01, "\(product) \(date): \(fit.rmse)")
        }
        // Days that cannot be fitted, each for its own reason.
        #expect(outcome("2024-11-11", .spx)?.reason?.hasPrefix("overnight quotes") == true)
        #expect(outcome("2019-02-08", .spx)?.reason?.hasPrefix("no two-sided expiry 2-45 days out") == true)
        #expect(outcome("2023-03-15", .spx)?.reason?.hasPrefix("partial") == true)
        #expect(outcome("2016-06-01", .vix)?.reason?.hasPrefix("VIX options") == true)
        // A day with an overnight file and a daily one is fitted on the daily one.
        guard case let .fitted(entry, _) = outcome("2019-05-13", .spx) else { Issue.record("2019-05-13 not fitted"); return }
        #expect(entry.layout == .lambdaclass)
        // Every SPX day with a closing, full snapshot is fitted.
        for (entry, _) in catalog.closingFullSnapshots().snapshots where entry.product == .spx {
            guard case .fitted = outcome(entry.date.description, .spx) else {
                Issue.record("\(entry) is closing and full but not fitted: \(outcome(entry.date.description, .spx)?.reason ?? "")")
                continue
            }
        }
    }
}
