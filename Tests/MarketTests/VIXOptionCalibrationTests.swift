import Foundation
import Pricing
import TestSupport
import Testing
@testable import Market

/// The VIX-option smile fitted on the real VIX chains; the defaults are that fit.
@Suite("VIX option smile fit", .enabled(if: VIXChainFiles.isAvailable, VIXChainFiles.absent))
struct VIXOptionCalibrationTests {
    static func slices() throws -> [VIXOptionCalibration.Slice] {
        let history = try SharedHistory.get()
        return try VIXOptionCalibration.RealChain.allCases.map { chain in
            let snapshot = try chain.load(from: MarketData.directory!)
            return try #require(VIXOptionCalibration.slice(chain, snapshot: snapshot, history: history))
        }
    }

    @Test func theDefaultsAreTheFit() throws {
        let slices = try Self.slices()
        #expect(slices[0].role == .official && slices[0].observations.count > 100)
        let fit = try VIXOptionCalibration.fit(slices)
        print(VIXOptionCalibration.report(fit))
        if ProcessInfo.processInfo.environment["VIX_FIT_DUMP"] != nil {
            for k in fit.slices.indices {
                for (i, o) in fit.slices[k].observations.enumerated() {
                    print(String(format: "DUMP %d %@ %.4f %.2f %.3f %.4f %.4f %.3f %.3f", k, "\(o.expiration)", o.timeToExpiry, o.strike,
                                 o.forward, o.volatility, o.volatility + fit.residuals[k][i], o.bid, o.ask))
                }
            }
        }
        let fitted = fit.parameters, defaults = SurfaceParameters.default
        #expect(abs(fitted.vixOptionATMRatio - defaults.vixOptionATMRatio) < 0.01)
        #expect(abs(fitted.vixOptionTermExponent - defaults.vixOptionTermExponent) < 0.01)
        #expect(abs(fitted.vixOptionRho - defaults.vixOptionRho) < 0.01)
        #expect(abs(fitted.vixOptionEta - defaults.vixOptionEta) < 0.01)
        #expect(abs(fitted.vixOptionGamma - defaults.vixOptionGamma) < 0.01)
        // Over 14-90 days the official chain is matched to 3.3 vol points RMS, the pre-open to 3.8.
        #expect(fit.slices.allSatisfy { $0.observations.allSatisfy { VIXOptionCalibration.fitDays.contains($0.timeToExpiry * 365) } })
        #expect(fit.rmsError(slice: 0) < 4)
        #expect(fit.rmsError(slice: 1) < 4.5)
    }

    /// The ATM line read off the official chain: its expiries' vols at the forward run
    /// 0.76-0.79 from 21 to 77 days, then 0.70 (112), 0.66 (140), 0.63 (168), at VVIX 78.93.
    /// The line is drawn through the four the hedge can hold (14-90 days); through all seven
    /// it falls at -0.107.
    @Test func theATMTermStructureIsReadOffTheOfficialChain() throws {
        let slices = try Self.slices()
        let line = try #require(VIXOptionCalibration.atmTermStructure(slices))
        #expect(abs(line.termExponent - -0.036) < 0.005 && abs(line.ratio - 0.994) < 0.005)
        #expect(line.termExponent > -0.107 + 0.05, "the expiries beyond 90 days do not tilt the line")
        // Fitted jointly with the smile the slope comes out steeper: the power law is traded
        // against the smile's misfit away from the money.
        let joint = try VIXOptionCalibration.fit(slices, atmFromOfficialChain: false)
        #expect(joint.parameters.vixOptionTermExponent < line.termExponent - 0.03)
    }

    /// On quotes from a known power law and a flat smile the line gives back its ratio and
    /// exponent exactly; the shape-only slices do not enter it.
    @Test func theATMLineRecoversAKnownPowerLaw() throws {
        let ratio = 0.85, exponent = -0.22, vvix = 90.0
        func slice(_ role: VIXOptionCalibration.Role, scale: Double) -> VIXOptionCalibration.Slice {
            var observations: [VIXOptionCalibration.Observation] = []
            for (m, days) in [21, 49, 77, 140].enumerated() {
                let t = Double(days) / 365, forward = 16 + Double(m)
                let atm = scale * ratio * vvix / 100 * Foundation.pow(t / VolatilitySurface.vixTenor, exponent)
                for k in [-0.02, -0.01, 0.01, 0.02, 0.2] {
                    observations.append(.init(type: k < 0 ? .put : .call, strike: forward * Foundation.exp(k),
                                              expiration: TradingDate(year: 2016, month: 6, day: 1)!.adding(days: days),
                                              forward: forward, timeToExpiry: t, rate: 0.01, bid: 1, ask: 1.1,
                                              volatility: atm))
                }
            }
            return .init(name: "\(role)", role: role, volOfVolIndex: vvix, observations: observations)
        }
        let line = try #require(VIXOptionCalibration.atmTermStructure([slice(.official, scale: 1), slice(.shapeOnly, scale: 2)]))
        #expect(abs(line.ratio - ratio) < 1e-12 && abs(line.termExponent - exponent) < 1e-12)
        #expect(VIXOptionCalibration.atmTermStructure([slice(.shapeOnly, scale: 1)]) == nil)
    }

    /// The hedge's calls (future to future + 15, 14-90 days) on the official chain: the
    /// default model's mids against the real ones, and the former assumed smile's.
    @Test func theHedgesCallsArePricedNearTheRealMids() throws {
        let slice = try Self.slices()[0]
        let calls = slice.observations.filter {
            $0.type == .call && $0.strike <= $0.forward + 15 && $0.timeToExpiry <= 90.0 / 365
        }
        #expect(calls.count > 40)
        func medianRatio(_ parameters: SurfaceParameters) -> Double {
            let ratios = calls.map { o in
                VIXOptionCalibration.modelPrice(o, volOfVolIndex: slice.volOfVolIndex, parameters: parameters,
                                                atmRatio: parameters.vixOptionATMRatio) / o.mid
            }.sorted()
            return ratios[ratios.count / 2]
        }
        let fitted = medianRatio(.default)
        let assumed = medianRatio(SurfaceParameters(vixOptionATMRatio: 0.90, vixOptionTermExponent: -0.30,
                                                    vixOptionRho: 0.5, vixOptionEta: 0.8, vixOptionGamma: 0.5))
        print("hedge calls, model / real mid: fitted \(fitted), former assumption \(assumed)")
        // The hedge's 10-wide call spreads: long K in future...future + 5, short K + 10.
        func spreadRatios(_ parameters: SurfaceParameters) -> [Double] {
            calls.filter { $0.strike <= $0.forward + 5 }.compactMap { long in
                guard let short = calls.first(where: { $0.expiration == long.expiration && $0.strike == long.strike + 10 })
                else { return nil }
                let model = [long, short].map {
                    VIXOptionCalibration.modelPrice($0, volOfVolIndex: slice.volOfVolIndex, parameters: parameters,
                                                    atmRatio: parameters.vixOptionATMRatio)
                }
                return (model[0] - model[1]) / (long.mid - short.mid)
            }.sorted()
        }
        let spreads = spreadRatios(.default)
        print("hedge call spreads, model / real: \(spreads.count) spreads, median \(spreads[spreads.count / 2]), "
              + "range \(spreads.first!)...\(spreads.last!)")
        #expect(spreads.count >= 8)
        #expect(spreads[spreads.count / 2] > 0.85 && spreads[spreads.count / 2] < 1.15)
        #expect(fitted > 0.9 && fitted < 1.1)
        #expect(assumed < 0.85, "the former smile priced these calls too cheap")
    }

    @Test func eachChainsQuoteDateIsTheOneItsFileIsNamedFor() {
        // quoteDate is written out beside the file name; the two must not drift apart.
        for chain in VIXOptionCalibration.RealChain.allCases {
            #expect(chain.rawValue.contains("vix_\(chain.quoteDate)_"), "\(chain.rawValue)")
        }
    }

    @Test func theOfficialForwardsAreTheVXSettles() throws {
        let slice = try Self.slices()[0]
        // The VX settles of 2016-06-01 for the monthlies (PROVENANCE-2026-11-29).
        for (expiry, settle) in [("2016-07-20", 17.525), ("2016-08-17", 18.275), ("2016-09-21", 19.075)] {
            let forwards = Set(slice.observations.filter { $0.expiration == TradingDate(iso: expiry)! }.map(\.forward))
            #expect(forwards.count == 1 && abs(forwards.first! - settle) < 1e-9, "\(expiry): \(forwards)")
        }
    }
}

/// The VIX bid/ask model fitted on the official 2016-06-01 chain; the defaults are that fit.
@Suite("VIX spread fit", .enabled(if: VIXChainFiles.isAvailable, VIXChainFiles.absent))
struct VIXSpreadCalibrationTests {
    @Test func theDefaultsAreTheFit() throws {
        let history = try SharedHistory.get()
        let slices = try VIXOptionCalibrationTests.slices()
        let vix2016 = try #require(history.day(TradingDate(iso: "2016-06-01")!)?.vixClose)
        let fit = try VIXSpreadCalibration.fit(slices[0].observations, vix: vix2016)
        let p = fit.parameters, defaults = SpreadModel.default.vix
        print("VIX spreads 2016-06-01: intercept \(p.intercept), sqrt-price \(p.sqrtPriceCoefficient), term \(p.termWidening); "
              + "\(fit.quotes) quotes, median width ratio \(fit.medianWidthRatio) (start \(fit.startMedianWidthRatio)), "
              + "median |log error| \(fit.medianAbsoluteLogError)")
        #expect(abs(p.intercept - defaults.intercept) < 0.002)
        #expect(abs(p.sqrtPriceCoefficient - defaults.sqrtPriceCoefficient) < 0.002)
        #expect(abs(p.termWidening - defaults.termWidening) < 0.051)
        // The default model's rounded quotes are as wide as the real ones in the median.
        #expect(fit.medianWidthRatio > 0.8 && fit.medianWidthRatio < 1.25)
        let hedgeCalls = slices[0].observations.filter {
            $0.type == .call && $0.strike <= $0.forward + 15 && $0.timeToExpiry <= 90.0 / 365
        }
        var fitted = SpreadModel.default
        fitted.vix = p
        print("hedge calls width ratio: fitted \(VIXSpreadCalibration.medianWidthRatio(hedgeCalls, vix: vix2016, model: fitted)), "
              + "defaults \(VIXSpreadCalibration.medianWidthRatio(hedgeCalls, vix: vix2016, model: .default))")
        // The pre-open chain is far wider than the model at its own VIX: not a fit for costs.
        let preOpenVIX = try #require(history.day(TradingDate(iso: "2019-08-28")!)?.vixClose)
        let preOpen = VIXSpreadCalibration.medianWidthRatio(slices[1].observations, vix: preOpenVIX, model: .default)
        print("pre-open 2019: model / real width \(preOpen)")
        #expect(preOpen < 0.8)
    }
}
