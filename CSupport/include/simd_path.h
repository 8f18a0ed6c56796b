#ifndef SPX_SIMD_PATH_H
#define SPX_SIMD_PATH_H

/// Instruction-set paths of the batch kernels. Every kernel takes a path; `SPX_SIMD_AUTO` picks
/// the widest one the running CPU supports. All paths evaluate the same formulas with the same
/// coefficients, so they agree to a few units in the last place (not bit for bit: the vector
/// paths use fused multiply-adds where the scalar path may not).
typedef enum spx_simd_path {
    SPX_SIMD_AUTO = 0,
    SPX_SIMD_SCALAR = 1,
    SPX_SIMD_AVX2 = 2,    ///< AVX2 + FMA, 4 doubles per vector.
    SPX_SIMD_AVX512 = 3,  ///< AVX-512 F/DQ, 8 doubles per vector.
} spx_simd_path;

/// The widest path this CPU supports (never `SPX_SIMD_AUTO`).
spx_simd_path spx_simd_best(void);

/// Whether `path` can run on this CPU (`SPX_SIMD_AUTO` and `SPX_SIMD_SCALAR` always can).
int spx_simd_supported(spx_simd_path path);

/// "scalar", "avx2", "avx512" or "auto".
const char *spx_simd_name(spx_simd_path path);

/// Resolves `SPX_SIMD_AUTO` to the best path, and an unsupported path to the best supported one.
spx_simd_path spx_simd_resolve(spx_simd_path path);

#endif
