import CSupport
import Foundation
import Testing
import Pricing

/// The kernels reuse per-expiry factors (sqrt t, discount factors, 1/S) while consecutive
/// vectors share spot, t, rate and dividend yield. These tests check that reuse changes no bit:
/// a chain sorted by expiry must price exactly as its options priced one at a time.
@Suite struct ChainLayoutTests {
    /// A chain sorted by expiry: 7 expiries x 37 strikes x call/put (a count that is not a
    /// multiple of any vector width, so blocks straddle expiries and the tail is exercised).
    static func chain() -> OptionBatch {
        var batch = OptionBatch()
        let spot = 4505.10
        for (e, days) in [1.0, 2, 7, 16, 30, 45, 91].enumerated() {
            let t = days / 365
            for k in 0..<37 {
                let strike = spot * (0.7 + 0.0125 * Double(k))
                let vol = 0.12 + 0.25 * max(0, 1 - strike / spot) + 0.01 * Double(e)
                batch.append(.put, spot: spot, strike: strike, timeToExpiry: t, rate: 0.053, dividendYield: 0.015, volatility: vol)
                batch.append(.call, spot: spot, strike: strike, timeToExpiry: t, rate: 0.053, dividendYield: 0.015, volatility: vol)
            }
        }
        return batch
    }

    @Test(arguments: SIMDPath.allCases.filter { $0 != .automatic && $0.isSupported })
    func sortedChainMatchesOneAtATime(path: SIMDPath) {
        let batch = Self.chain()
        let all = BlackScholes.greeks(batch, path: path)
        for i in 0..<batch.count {
            var single = OptionBatch()
            single.append(batch.type(at: i), spot: batch.spot[i], strike: batch.strike[i],
                          timeToExpiry: batch.timeToExpiry[i], rate: batch.rate[i],
                          dividendYield: batch.dividendYield[i], volatility: batch.volatility[i])
            let one = BlackScholes.greeks(single, path: path)[0]
            #expect(one == all[i], "option \(i) on \(path)")
        }
    }

    @Test func automaticPathIsTheBestSupported() {
        #expect(SIMDPath.automatic.resolved == SIMDPath.best)
        #expect(SIMDPath.best.isSupported)
        #expect(SIMDPath.scalar.isSupported)
    }

    /// The dispatcher's view of the CPU agrees with the kernel's own flags in /proc/cpuinfo
    /// (Linux), and a path value outside the enumeration falls back to the best path.
    @Test func dispatchAgreesWithCPUInfo() throws {
        let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flagLine = cpuinfo?.split(separator: "\n").first { $0.hasPrefix("flags") }
        if let flagLine {
            let flags = Set(flagLine.split(separator: " ").map(String.init))
            #expect(SIMDPath.avx2.isSupported == flags.isSuperset(of: ["avx2", "fma"]))
            #expect(SIMDPath.avx512.isSupported == flags.isSuperset(of: ["avx512f", "avx512dq", "avx512vl"]))
        }
        let outOfRange = spx_simd_path(rawValue: 99)
        #expect(spx_simd_supported(outOfRange) == 0)
        #expect(spx_simd_resolve(outOfRange) == spx_simd_best())
        for path in [SIMDPath.scalar, .avx2, .avx512] {
            #expect(path.resolved == (path.isSupported ? path : SIMDPath.best))
        }
    }
}
