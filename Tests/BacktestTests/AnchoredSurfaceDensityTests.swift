import Foundation
@testable import Market
import Testing

/// Every day's anchored surface, as the backtest prices on it, has a non-negative risk-neutral
/// density on every listed expiry: Durrleman's condition at the check tenors of
/// ``SurfaceAnchorFit``, 2005-2025. Shares the engine tests' chain builder (the 20 years of
/// anchor fits are made once).
@Suite(.enabled(if: EngineData.isAvailable, EngineData.absent))
struct AnchoredSurfaceDensityTests {
    @Test func everyDayIsFreeOfNegativeDensity() throws {
        let builder = try EngineData.builder.get()
        let history = builder.history
        var fitted = 0, cut = 0
        for i in 0..<history.count {
            let day = history[i]
            guard let fit = builder.anchorFit(day), let anchors = SurfaceAnchors(day: day) else { continue }
            fitted += 1
            if let uncut = fit.uncutTail {
                cut += 1
                #expect(uncut > fit.tail, "\(day.date)")
            }
            let surface = VolatilitySurface(anchors: anchors, fit: fit)
            for t in SurfaceAnchorFit.arbitrageCheckTenors {
                let theta = surface.atmTotalVariance(timeToExpiry: t)
                #expect(surface.smile.isFreeOfButterflyArbitrageInTail(theta: theta), "\(day.date), \(t * 365) days")
            }
        }
        print("anchored days \(fitted), tail cut on \(cut)")
        #expect(fitted == 5283)
        // The cut is the exception: it binds where SKEW asks for a heavy tail.
        #expect(cut > 100 && cut < fitted / 5)
    }

    /// The published levels are met to 0.01 index points but on a few crisis days, where the
    /// strips' zero-bid truncation makes the index jump as a far strike's bid appears; none
    /// is left more than 0.06 off (ratio steps alone left 144 days off, up to 0.23).
    @Test func everyDayMeetsItsLevels() throws {
        let builder = try EngineData.builder.get()
        let history = builder.history
        var off: [TradingDate] = []
        for i in 0..<history.count {
            let day = history[i]
            guard let fit = builder.anchorFit(day) else { continue }
            let errors = fit.indexErrors.filter(\.isFinite).map(abs)
            #expect(errors.allSatisfy { $0 < 0.06 }, "\(day.date): \(fit.indexErrors)")
            if errors.contains(where: { $0 >= 0.01 }) { off.append(day.date) }
        }
        print("anchored days whose levels end 0.01 or more off: \(off.count)")
        #expect(off.count < 60)
    }
}
