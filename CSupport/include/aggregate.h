#ifndef SPX_AGGREGATE_H
#define SPX_AGGREGATE_H

#include <stddef.h>
#include "bs.h"

/// Book aggregation through OpenBLAS (part of the stable C API, see spx30dte.h).
///
/// Per-contract figures are stored column-major: `figures[k * contracts + i]` is figure k
/// (e.g. price, delta, gamma, vega, theta, rho) of contract i, the layout a batch of
/// spx_bs_outputs takes when its six arrays are consecutive slices of one buffer.
/// Position weights are quantity x multiplier (signed: short < 0), so a total is in the unit
/// of the figure times the multiplier's (e.g. dollars of premium, dollar delta per point).
///
/// Sizes: OpenBLAS takes dimensions as int, so `contracts`, `books`, `figure_count` and the
/// scenario count must each stay below 2^31. Alignment: natural alignment of double.
/// NaN rules: BLAS arithmetic, so a NaN figure or weight makes every total it enters NaN
/// (invalid contracts from the kernels carry NaN figures: filter them or zero their weight).
/// Thread safety: reentrant and allocation-free themselves; they call cblas_dgemv/dgemm, which
/// OpenBLAS may run on its own thread pool for large sizes (OPENBLAS_NUM_THREADS=1 keeps it
/// to the calling thread) and which OpenBLAS's pthreads builds (Debian's libopenblas0-pthread,
/// 0.3.21 in bookworm) allow from several threads at once.

#ifdef __cplusplus
extern "C" {
#endif

/// Portfolio totals of one book: out[k] = sum_i weights[i] * figures[k * contracts + i]
/// (one cblas_dgemv). `figures`: figure_count x contracts doubles as above; `weights`:
/// `contracts` doubles; `out`: `figure_count` doubles, written (zeros when contracts is 0).
void spx_book_totals(size_t contracts, size_t figure_count, const double *figures,
                     const double *weights, double *out);

/// Totals of many books at once (one cblas_dgemm): `weights` is books x contracts row-major,
/// `out` is books x figure_count row-major: out[b * figure_count + k] = sum_i
/// weights[b * contracts + i] * figures[k * contracts + i].
void spx_books_totals(size_t books, size_t contracts, size_t figure_count,
                      const double *figures, const double *weights, double *out);

/// Workspace size, in doubles (not bytes), that spx_scenario_values needs:
/// 3 x contracts x spot_shocks x vol_shocks.
size_t spx_scenario_workspace_count(size_t contracts, size_t spot_shocks, size_t vol_shocks);

/// Revalues one book under every (spot shock, vol shock) pair in one call.
/// Shocked contract j: spot * (1 + spot_shock[a]) (relative: 0.05 = spot up 5%),
/// sigma + vol_shock[b] (absolute, per 1.00: 0.02 = two vol points), other inputs unchanged.
/// Writes values[a * vol_shocks + b] = sum_i weights[i] * price_i (spot_shocks x vol_shocks
/// doubles, row-major), in price units times the weights' unit.
/// A shocked sigma <= 0 is clamped to 1e-8 so a large negative vol shock stays finite.
/// `workspace` must hold spx_scenario_workspace_count(...) doubles; the caller owns it (the
/// function itself never allocates) and its contents afterwards are unspecified.
/// `path` chooses the pricing kernel's instruction-set path (simd_path.h).
/// Returns the number of invalid (contract, scenario) evaluations (bs.h's validity rule on the
/// shocked inputs); the scenarios they enter are NaN.
size_t spx_scenario_values(const spx_bs_inputs *book, const double *weights,
                           size_t spot_shocks, const double *spot_shock,
                           size_t vol_shocks, const double *vol_shock,
                           double *values, double *workspace, spx_simd_path path);

/// Revalues one book under `scenarios` paired shocks: scenario j moves spot by spot_shock[j]
/// and sigma by vol_shock[j] (the diagonal of spx_scenario_values's grid, without the rest).
/// Writes values[j]; the same clamping, workspace layout and return value as
/// spx_scenario_values, with spx_scenario_workspace_count(contracts, scenarios, 1) doubles.
size_t spx_scenario_pairs(const spx_bs_inputs *book, const double *weights, size_t scenarios,
                          const double *spot_shock, const double *vol_shock,
                          double *values, double *workspace, spx_simd_path path);

#ifdef __cplusplus
}
#endif

#endif
