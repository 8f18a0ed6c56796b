import CSupport

/// The instruction-set path a batch kernel runs on.
public enum SIMDPath: String, CaseIterable, Sendable {
    /// The widest path the running CPU supports.
    case automatic = "auto"
    case scalar
    case avx2
    case avx512

    var cValue: spx_simd_path {
        switch self {
        case .automatic: SPX_SIMD_AUTO
        case .scalar: SPX_SIMD_SCALAR
        case .avx2: SPX_SIMD_AVX2
        case .avx512: SPX_SIMD_AVX512
        }
    }

    /// The widest path this CPU supports (never `.automatic`).
    public static var best: SIMDPath { SIMDPath(spx_simd_best()) }

    /// Whether this CPU can run the path.
    public var isSupported: Bool { spx_simd_supported(cValue) != 0 }

    /// The concrete path a kernel called with `self` runs on here.
    public var resolved: SIMDPath { SIMDPath(spx_simd_resolve(cValue)) }

    init(_ c: spx_simd_path) {
        switch c {
        case SPX_SIMD_SCALAR: self = .scalar
        case SPX_SIMD_AVX2: self = .avx2
        case SPX_SIMD_AVX512: self = .avx512
        default: self = .automatic
        }
    }
}
