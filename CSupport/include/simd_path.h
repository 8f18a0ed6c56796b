#ifndef SPX_SIMD_PATH_H
#define SPX_SIMD_PATH_H

/// Instruction-set paths of the batch kernels (part of the stable C API, see spx30dte.h).
///
/// Every batch kernel is compiled once per path and takes the path to run as an argument.
/// The CPU is queried once per process (the first call of any kernel or of a function below,
/// under pthread_once); after that choosing a path costs one table look-up. Which path runs:
/// - `SPX_SIMD_AUTO` (0): the widest path the running CPU supports, i.e. `spx_simd_best()`.
///   This is what production callers should pass.
/// - a concrete path the CPU supports: that path.
/// - a concrete path the CPU does not support, or any value outside the enumeration: the
///   widest supported path, exactly as `spx_simd_resolve` reports; a kernel never executes an
///   instruction the CPU lacks.
/// `spx_simd_resolve(path)` tells which path a call with `path` runs.
///
/// All paths evaluate the same formulas with the same coefficients, so they agree to a few
/// units in the last place (not bit for bit: the vector paths use fused multiply-adds where
/// the scalar path may not); statuses and validity decisions agree exactly. The non-automatic
/// values exist so that tests and benchmarks can compare paths.
///
/// Thread safety: every function here may be called from any thread at any time.

#ifdef __cplusplus
extern "C" {
#endif

typedef enum spx_simd_path {
    SPX_SIMD_AUTO = 0,    ///< The widest path this CPU supports.
    SPX_SIMD_SCALAR = 1,  ///< Portable C (SSE2 pairs on x86-64, NEON on arm64); runs everywhere.
    SPX_SIMD_AVX2 = 2,    ///< AVX2 + FMA, 4 doubles per vector (x86-64 only).
    SPX_SIMD_AVX512 = 3,  ///< AVX-512 F/DQ/VL, 8 doubles per vector (x86-64 only).
} spx_simd_path;

/// The widest path this CPU supports (never `SPX_SIMD_AUTO`).
spx_simd_path spx_simd_best(void);

/// 1 when `path` can run on this CPU (`SPX_SIMD_AUTO` and `SPX_SIMD_SCALAR` always can), 0
/// otherwise (also for values outside the enumeration).
int spx_simd_supported(spx_simd_path path);

/// "scalar", "avx2", "avx512" or "auto"; "unknown" for a value outside the enumeration. The
/// string is static: never free it.
const char *spx_simd_name(spx_simd_path path);

/// The concrete path a kernel called with `path` runs: `SPX_SIMD_AUTO` resolves to the best
/// path, an unsupported or out-of-range value to the best supported one. Never returns
/// `SPX_SIMD_AUTO`.
spx_simd_path spx_simd_resolve(spx_simd_path path);

#ifdef __cplusplus
}
#endif

#endif
