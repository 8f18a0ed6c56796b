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
}
