import CSupport

/// The instruction-set path a batch kernel runs on.
///
/// Each kernel is compiled once per path and the widest path the CPU supports is found once per
/// process. All paths evaluate the same formulas with the same coefficients and agree to a few
/// units in the last place (not bit for bit: the vector paths fuse multiply-adds). A path the
/// CPU cannot run falls back to the widest one it can (see ``resolved``), so passing any path is
/// safe. The raw value is the name the command line and benchmarks print.
public enum SIMDPath: String, CaseIterable, Sendable {
    /// The widest path the running CPU supports.
    case automatic = "auto"
    /// Portable C, one option at a time; runs everywhere.
    case scalar
    /// AVX2 with FMA, four doubles per vector (x86-64 from Haswell on).
    case avx2
    /// AVX-512 F and DQ, eight doubles per vector.
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
