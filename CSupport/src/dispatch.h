#ifndef SPX_DISPATCH_H
#define SPX_DISPATCH_H

/* The dispatch table of the batch kernels: one row of function pointers per instruction-set
 * path, and the row of the widest path this CPU supports, chosen once per process (in the
 * manner of OpenBLAS's and SLEEF's dispatchers). A kernel call then costs one table look-up
 * and an indirect call instead of CPU queries and a switch. */

#include "kernels.h"
#include "simd_path.h"

typedef struct spx_kernel_table {
    spx_simd_path path;  /* the concrete path of every pointer in the row (never AUTO) */
    size_t (*bs_run)(const spx_bs_inputs *in, const spx_bs_outputs *out, int want_greeks);
    size_t (*iv_run)(const spx_iv_inputs *in, double *sigma, uint8_t *status);
} spx_kernel_table;

/* The row a kernel called with `path` runs: SPX_SIMD_AUTO, and any path this CPU cannot run
 * (or an out-of-range value), give the widest supported row, as spx_simd_resolve does.
 * Thread-safe; always non-NULL. */
const spx_kernel_table *spx_kernel_table_for(spx_simd_path path);

#endif
