import Foundation
import Tabular

/// The real VIX option chains of the data folder as calibration slices.
extension VIXOptionCalibration {
    /// The chains under `options/vix/`, by role.
    public enum RealChain: String, CaseIterable, Sendable {
        /// Cboe DataShop's official end-of-day sample of 2016-06-01.
        case endOfDay2016 = "options/vix/vix_2016-06-01_eod_cboe_datashop_official_sample.zip"
        /// A 09:28 ET pre-open (global trading hours) Cboe download of 2019-08-29.
        case preOpen2019 = "options/vix/vix_2019-08-29_0928ET_preopen_cboe_quotedata_raw.dat"
        /// Derived bid/ask implied-vol slices of 2022-07-15.
        case derived2022 = "options/vix/vix_2022-07-15_sepp_stochvolmodels_bid_ask_iv_derived.csv"

        public var role: Role { self == .endOfDay2016 ? .official : .shapeOnly }

        /// The day the chain was quoted: a check held on it is in sample, since the defaults
        /// of ``SurfaceParameters``' VIX-option block are fitted on every one of these chains.
        public var quoteDate: TradingDate {
            switch self {
            case .endOfDay2016: TradingDate(year: 2016, month: 6, day: 1)!
            case .preOpen2019: TradingDate(year: 2019, month: 8, day: 29)!
            case .derived2022: TradingDate(year: 2022, month: 7, day: 15)!
            }
        }

        /// Reads the chain.
        public func load(from directory: DataDirectory) throws -> ChainSnapshot {
            let path = directory.path + "/" + rawValue
            switch self {
            case .endOfDay2016:
                return try ChainSnapshot.loadDataShopArchive(path: path)
            case .preOpen2019:
                return try ChainSnapshot.loadQuotedata(path: path)
            case .derived2022:
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw TabularErrorBridge.cannotRead(path)
                }
                return try ChainSnapshot.parseImpliedVolSlices(name: path, contents: [UInt8](data))
            }
        }
    }

    /// The slice of `chain`: forwards are the day's VX settles (``VolatilitySurface/vixFuture(timeToExpiry:)``,
    /// exactly the synthesized chain's underlying) for the official end-of-day chain's
    /// monthlies and the quotes' parity forwards for its weeklies; the quotes' own put-call parity forwards
    /// for the pre-open chain (the settles of the evening before and of the day bracket it);
    /// the file's stated forwards for the derived slices. VVIX and the rate are the day's closes.
    public static func slice(_ chain: RealChain, snapshot: ChainSnapshot, history: MarketHistory) -> Slice? {
        guard let day = history.day(snapshot.quoteDate), let anchors = SurfaceAnchors(day: day),
              let vvix = day.vvix else { return nil }
        let surface = VolatilitySurface(anchors: anchors)
        let rate = day.riskFreeRate ?? 0
        let observations: [Observation]
        switch chain {
        case .endOfDay2016:
            // Weeklies have no future of their own: their forward is the quotes' parity forward.
            let settles = Set(day.vixFutures.map(\.expiration))
            let parity = parityForwards(snapshot)
            observations = Self.observations(snapshot, rate: rate) { expiry, t in
                settles.contains(expiry) ? surface.vixFuture(timeToExpiry: t) : parity[expiry]
            }
        case .preOpen2019:
            let forwards = parityForwards(snapshot)
            observations = Self.observations(snapshot, rate: rate) { expiry, _ in forwards[expiry] }
        case .derived2022:
            observations = Self.observations(snapshot, rate: rate) { expiry, _ in snapshot.statedForwards[expiry] }
        }
        return Slice(name: "\(snapshot.quoteDate) \(chain == .endOfDay2016 ? "end of day" : chain == .preOpen2019 ? "pre-open" : "derived")",
                     role: chain.role, volOfVolIndex: vvix, observations: observations)
    }
}

/// A file that cannot be read, as the Tabular layer words it.
enum TabularErrorBridge {
    static func cannotRead(_ path: String) -> TabularError {
        TabularError(file: path, reason: .cannotRead(FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"))
    }
}
