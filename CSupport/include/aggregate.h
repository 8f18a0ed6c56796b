#ifndef SPX_AGGREGATE_H
#define SPX_AGGREGATE_H

#include <stddef.h>
#include "bs.h"

/// Per-contract figures are stored column-major: `figures[k * contracts + i]` is figure k
/// (e.g. price, delta, gamma, vega, theta, rho) of contract i, the layout a batch of
/// spx_bs_outputs takes when its six arrays are consecutive slices of one buffer.
/// Position weights are quantity x multiplier (signed: short < 0).

/// Portfolio totals of one book: out[k] = sum_i weights[i] * figures[k * contracts + i]
/// (one cblas_dgemv).
void spx_book_totals(size_t contracts, size_t figure_count, const double *figures,
                     const double *weights, double *out);

/// Totals of many books at once (one cblas_dgemm): `weights` is books x contracts row-major,
/// `out` is books x figure_count row-major.
void spx_books_totals(size_t books, size_t contracts, size_t figure_count,
                      const double *figures, const double *weights, double *out);

/// Bytes-free workspace size, in doubles, that spx_scenario_values needs.
size_t spx_scenario_workspace_count(size_t contracts, size_t spot_shocks, size_t vol_shocks);

/// Revalues one book under every (spot shock, vol shock) pair in one call.
/// Shocked contract j: spot * (1 + spot_shock[a]), sigma + vol_shock[b] (absolute, per 1.00),
/// other inputs unchanged. Writes values[a * vol_shocks + b] = sum_i weights[i] * price_i.
/// A shocked sigma <= 0 is clamped to 1e-8 so a large negative vol shock stays finite.
/// `workspace` must hold spx_scenario_workspace_count(...) doubles.
/// Returns the number of invalid (contract, scenario) evaluations; their values are NaN.
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

#endif
