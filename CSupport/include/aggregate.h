#ifndef SPX_AGGREGATE_H
#define SPX_AGGREGATE_H

#include <stddef.h>
#include "bs.h"

/// Book aggregation (part of the stable C API, see spx30dte.h).
///
/// Per-contract figures are stored column-major: `figures[k * contracts + i]` is figure k
/// (e.g. price, delta, gamma, vega, theta, rho) of contract i, the layout a batch of
/// spx_bs_outputs takes when its six arrays are consecutive slices of one buffer.
/// Position weights are quantity x multiplier (signed: short < 0), so a total is in the unit
/// of the figure times the multiplier's (e.g. dollars of premium, dollar delta per point).
///
/// Reproducibility: every total is summed in contract order (i = 0, 1, ...), each product
/// rounded before it is added (no fused multiply-add, no reassociation), so it is the same
/// double on every IEEE-754 machine and thread count: the left-to-right sum
/// ((w0 f0 + w1 f1) + w2 f2) + ... of the rounded products. BLAS promises no order (OpenBLAS
/// picks its kernels by CPU), so these do not call it.
/// Alignment: natural alignment of double.
/// NaN rules: IEEE arithmetic, so a NaN figure or weight makes every total it enters NaN
/// (invalid contracts from the kernels carry NaN figures: filter them or zero their weight).
/// Thread safety: reentrant, allocation-free, and they start no threads.

#ifdef __cplusplus
extern "C" {
#endif

/// Portfolio totals of one book: out[k] = sum_i weights[i] * figures[k * contracts + i].
/// `figures`: figure_count x contracts doubles as above; `weights`: `contracts` doubles;
/// `out`: `figure_count` doubles, written (zeros when contracts is 0).
void spx_book_totals(size_t contracts, size_t figure_count, const double *figures,
                     const double *weights, double *out);

/// Totals of many books at once: `weights` is books x contracts row-major,
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
