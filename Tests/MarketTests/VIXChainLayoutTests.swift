import Foundation
import Pricing
import Tabular
import TestSupport
import Testing
@testable import Market

/// The real VIX option files under `options/vix/`, with the counts and forwards
/// PROVENANCE-2026-11-29 records for them.
enum VIXChainFiles {
    static let directory: String? = {
        guard let data = RealMarketData.directory else { return nil }
        let folder = data.path + "/options/vix"
        return FileManager.default.fileExists(atPath: folder + "/" + dataShop) ? folder : nil
    }()

    static let isAvailable = directory != nil
    static let absent: Comment = "VIX option files not found: set SPX30DTE_DATA or provide ../shared/data"

    static let dataShop = "vix_2016-06-01_eod_cboe_datashop_official_sample.zip"
    static let preOpen = "vix_2019-08-29_0928ET_preopen_cboe_quotedata_raw.dat"
    static let derived = "vix_2022-07-15_sepp_stochvolmodels_bid_ask_iv_derived.csv"

    static func path(_ name: String) -> String { directory! + "/" + name }
}

/// The put-call parity forward as the provenance defines it, computed here independently of
/// the project's surface code: the median of K + (Cmid - Pmid) over the five strikes of
/// `expiry` with the smallest |Cmid - Pmid| among strikes with both sides two-sided.
func parityForward(_ chain: ChainSnapshot, expiry: TradingDate) -> Double? {
    var calls: [Double: Double] = [:], puts: [Double: Double] = [:]
    for i in 0..<chain.count where chain.expirations[i] == expiry && chain.bids[i] > 0 && chain.asks[i] > chain.bids[i] {
        if chain.types[i] == .call { calls[chain.strikes[i]] = chain.mid(at: i) } else { puts[chain.strikes[i]] = chain.mid(at: i) }
    }
    let pairs = calls.keys.compactMap { k in puts[k].map { (k, calls[k]! - $0) } }
        .sorted { abs($0.1) < abs($1.1) }.prefix(5).map { $0.0 + $0.1 }.sorted()
    guard !pairs.isEmpty else { return nil }
    return pairs.count % 2 == 1 ? pairs[pairs.count / 2] : 0.5 * (pairs[pairs.count / 2 - 1] + pairs[pairs.count / 2])
}

@Suite("Real VIX option chains", .enabled(if: VIXChainFiles.isAvailable, VIXChainFiles.absent))
struct VIXChainLayoutTests {
    @Test func dataShopArchiveEndOfDay() throws {
        let chain = try ChainSnapshot.loadDataShopArchive(path: VIXChainFiles.path(VIXChainFiles.dataShop))
        #expect(chain.product == .vix)
        #expect(chain.count == 724)
        #expect(chain.quoteDate == TradingDate(iso: "2016-06-01"))
        #expect(chain.quoteMinute == 960)
        // The VIX close of 2016-06-01.
        #expect(abs(chain.underlyingLast - 14.20) < 1e-9)
        #expect(chain.source.hasSuffix("UnderlyingOptionsEODCalcs_2016-06-01.zip!UnderlyingOptionsEODCalcs_2016-06-01.csv"))
        // Weeklies Jun-01/08/22/29 and monthlies Jun..Nov.
        let expiries = chain.expirationDates.map(\.description)
        #expect(expiries == ["2016-06-01", "2016-06-08", "2016-06-15", "2016-06-22", "2016-06-29", "2016-07-20",
                             "2016-08-17", "2016-09-21", "2016-10-19", "2016-11-16"])
        #expect(chain.settlementStyles.allSatisfy { $0 == .am })
        // Parity forwards against the VX settlements of 2016-06-01 (CFE), each within 0.03.
        let settles: [(String, Double)] = [("2016-06-15", 15.275), ("2016-07-20", 17.525), ("2016-08-17", 18.275),
                                           ("2016-09-21", 19.075), ("2016-10-19", 19.625), ("2016-11-16", 19.775)]
        for (expiry, settle) in settles {
            let forward = try #require(parityForward(chain, expiry: TradingDate(iso: expiry)!))
            #expect(abs(forward - settle) <= 0.03, "\(expiry): parity \(forward) vs VX \(settle)")
        }
    }

    @Test func dataShopArchiveAt1545() throws {
        let chain = try ChainSnapshot.loadDataShopArchive(path: VIXChainFiles.path(VIXChainFiles.dataShop), snapshot: .at1545)
        #expect(chain.count == 724)
        #expect(chain.quoteMinute == 15 * 60 + 45)
        // DataShop's active underlying price at 15:45.
        #expect(abs(chain.underlyingLast - 14.24) < 1e-9)
    }

    @Test func preOpenQuotedata() throws {
        let chain = try ChainSnapshot.loadQuotedata(path: VIXChainFiles.path(VIXChainFiles.preOpen))
        #expect(chain.product == .vix)
        #expect(chain.count == 760)
        #expect(chain.expirationDates.count == 10)
        #expect(chain.expirationDates.first == TradingDate(iso: "2019-09-04"))
        #expect(chain.expirationDates.last == TradingDate(iso: "2020-02-19"))
        #expect(abs(chain.underlyingLast - 18.34) < 1e-9)
        #expect(Set(chain.roots) == [.vix, .vixw])
        // The Sep-18 parity forward lies between the VX settlements of 08-28 and 08-29.
        let forward = try #require(parityForward(chain, expiry: TradingDate(iso: "2019-09-18")!))
        #expect(forward > 18.475 && forward < 19.375, "\(forward)")
    }

    @Test func derivedImpliedVolSlices() throws {
        let path = VIXChainFiles.path(VIXChainFiles.derived)
        let chain = try ChainSnapshot.parseImpliedVolSlices(name: path, contents: try SeriesInput.contents(of: path))
        #expect(chain.product == .vix)
        #expect(chain.count == 92)
        #expect(chain.quoteDate == TradingDate(iso: "2022-07-15"))
        #expect(chain.expirationDates.count == 4)
        #expect(chain.statedForwards.count == 4)
        #expect(abs(chain.statedForwards[TradingDate(iso: "2022-08-03")!]! - 27.0333333) < 1e-6)
        // No spot in the file: the nearest forward stands for it.
        #expect(abs(chain.underlyingLast - 27.0333333) < 1e-6)
        #expect(chain.roots.contains(.vix))
        #expect(chain.flags.allSatisfy { $0.isTwoSided })
    }

    @Test func derivedSliceErrorNamesFileRowColumn() {
        let text = """
        snapshot,slice_id,expiration_inferred,ttm_years,forward,discount_factor,option_type,strike,bid_iv,ask_iv,bid_price_b76_derived,ask_price_b76_derived
        2022-07-15 16:23:02,2w,2022-08-03,0.05,27.03,0.99,P,22.0,0.56,0.66,0.07,0.14
        2022-07-15 16:23:02,2w,2022-08-03,0.05,27.03,0.99,X,23.0,0.61,0.70,0.20,0.31
        """
        do {
            _ = try ChainSnapshot.parseImpliedVolSlices(name: "slices.csv", contents: Array(text.utf8))
            Issue.record("a bad option type was accepted")
        } catch {
            #expect(error.file == "slices.csv")
            #expect(error.line == 3)
            #expect(error.column == "option_type")
        }
    }

    @Test func missingZipMemberIsNamed() {
        do {
            _ = try ZipEntryReader.contents(ofEntry: ["nope.csv"], inArchiveAt: VIXChainFiles.path(VIXChainFiles.dataShop))
            Issue.record("a missing member was found")
        } catch {
            #expect(error.entry == "nope.csv")
            #expect(error.description.contains("UnderlyingOptionsEODQuotes_2016-06-01.zip"))
        }
    }
}
