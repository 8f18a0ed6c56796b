#include "dispatch.h"

#include <pthread.h>

#include "cpu_features.h"

static const spx_kernel_table scalar_table = {SPX_SIMD_SCALAR, spx_bs_run_scalar, spx_iv_run_scalar};
#if defined(__x86_64__)
static const spx_kernel_table avx2_table = {SPX_SIMD_AVX2, spx_bs_run_avx2, spx_iv_run_avx2};
static const spx_kernel_table avx512_table = {SPX_SIMD_AVX512, spx_bs_run_avx512, spx_iv_run_avx512};
#endif

/* Indexed by spx_simd_path; NULL where this CPU cannot run the path. The AUTO entry is the
 * widest supported row. Written once under pthread_once, read-only afterwards. */
static const spx_kernel_table *rows[SPX_SIMD_AVX512 + 1];
static pthread_once_t rows_once = PTHREAD_ONCE_INIT;

static void resolve_rows(void) {
    rows[SPX_SIMD_SCALAR] = &scalar_table;
    rows[SPX_SIMD_AUTO] = &scalar_table;
#if defined(__x86_64__)
    const spx_cpu_features *cpu = spx_cpu_features_get();
    if (cpu->avx2) rows[SPX_SIMD_AVX2] = rows[SPX_SIMD_AUTO] = &avx2_table;
    if (cpu->avx512) rows[SPX_SIMD_AVX512] = rows[SPX_SIMD_AUTO] = &avx512_table;
#endif
}

const spx_kernel_table *spx_kernel_table_for(spx_simd_path path) {
    pthread_once(&rows_once, resolve_rows);
    /* Unsigned, so that a negative value read from a foreign caller falls to the default. */
    const unsigned index = (unsigned)path;
    if (index < sizeof rows / sizeof rows[0] && rows[index]) return rows[index];
    return rows[SPX_SIMD_AUTO];
}
