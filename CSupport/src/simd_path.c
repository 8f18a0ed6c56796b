#include "simd_path.h"

#include "dispatch.h"

spx_simd_path spx_simd_best(void) { return spx_kernel_table_for(SPX_SIMD_AUTO)->path; }

int spx_simd_supported(spx_simd_path path) {
    if (path == SPX_SIMD_AUTO) return 1;
    return spx_kernel_table_for(path)->path == path;
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

spx_simd_path spx_simd_resolve(spx_simd_path path) { return spx_kernel_table_for(path)->path; }
