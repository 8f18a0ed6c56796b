#include "simd_path.h"

static int cpu_has_avx512(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}

static int cpu_has_avx2(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

spx_simd_path spx_simd_best(void) {
    if (cpu_has_avx512()) return SPX_SIMD_AVX512;
    if (cpu_has_avx2()) return SPX_SIMD_AVX2;
    return SPX_SIMD_SCALAR;
}

int spx_simd_supported(spx_simd_path path) {
    switch (path) {
    case SPX_SIMD_AUTO:
    case SPX_SIMD_SCALAR: return 1;
    case SPX_SIMD_AVX2: return cpu_has_avx2();
    case SPX_SIMD_AVX512: return cpu_has_avx512();
    }
    return 0;
}

const char *spx_simd_name(spx_simd_path path) {
    switch (path) {
    case SPX_SIMD_AUTO: return "auto";
    case SPX_SIMD_SCALAR: return "scalar";
    case SPX_SIMD_AVX2: return "avx2";
    case SPX_SIMD_AVX512: return "avx512";
    }
    return "unknown";
}

spx_simd_path spx_simd_resolve(spx_simd_path path) {
    if (path == SPX_SIMD_AUTO || !spx_simd_supported(path)) return spx_simd_best();
    return path;
}
