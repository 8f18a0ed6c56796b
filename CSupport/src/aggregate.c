#include "aggregate.h"

#include <cblas.h>
#include <math.h>

void spx_book_totals(size_t contracts, size_t figure_count, const double *figures,
                     const double *weights, double *out) {
    if (contracts == 0) {
        for (size_t k = 0; k < figure_count; k++) out[k] = 0.0;
        return;
    }
    /* figures is contracts x figure_count column-major, i.e. figure_count x contracts
       row-major: out = F * w. */
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)figure_count, (int)contracts, 1.0, figures,
                (int)contracts, weights, 1, 0.0, out, 1);
}

void spx_books_totals(size_t books, size_t contracts, size_t figure_count,
                      const double *figures, const double *weights, double *out) {
    if (books == 0) return;
    if (contracts == 0) {
        for (size_t k = 0; k < books * figure_count; k++) out[k] = 0.0;
        return;
    }
    /* out (books x figures) = W (books x contracts) * F^T, F stored figures x contracts
       row-major. */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)books, (int)figure_count,
                (int)contracts, 1.0, weights, (int)contracts, figures, (int)contracts, 0.0, out,
                (int)figure_count);
}

size_t spx_scenario_workspace_count(size_t contracts, size_t spot_shocks, size_t vol_shocks) {
    /* shocked spot and sigma columns for every scenario, then the price matrix. */
    return 3 * contracts * spot_shocks * vol_shocks;
}

/* Prices the book with spot moved by `spot_shock` (relative) and sigma by `vol_shock`
   (absolute, clamped at 1e-8), writing the shocked columns into `s` and `v` and the prices
   into `prices`; returns the number of invalid contracts. */
static size_t price_shocked(const spx_bs_inputs *book, double spot_shock, double vol_shock,
                            double *s, double *v, double *prices, spx_simd_path path) {
    for (size_t i = 0; i < book->contracts.count; i++) {
        s[i] = book->contracts.spot[i] * (1.0 + spot_shock);
        const double shocked = book->sigma[i] + vol_shock;
        v[i] = shocked > 1e-8 ? shocked : (isnan(shocked) ? shocked : 1e-8);
    }
    spx_bs_inputs shocked = *book;
    shocked.contracts.spot = s;
    shocked.sigma = v;
    return spx_bs_price(&shocked, prices, path);
}

size_t spx_scenario_values(const spx_bs_inputs *book, const double *weights,
                           size_t spot_shocks, const double *spot_shock,
                           size_t vol_shocks, const double *vol_shock,
                           double *values, double *workspace, spx_simd_path path) {
    const size_t n = book->contracts.count, scenarios = spot_shocks * vol_shocks;
    if (scenarios == 0) return 0;
    if (n == 0) {
        for (size_t j = 0; j < scenarios; j++) values[j] = 0.0;
        return 0;
    }
    double *spot = workspace, *sigma = workspace + n * scenarios, *prices = workspace + 2 * n * scenarios;
    /* Scenario j occupies columns [j*n, (j+1)*n) of one long batch, so a single kernel call
       prices the whole grid; the repeated strike/t/rate/div columns are read in place through
       per-scenario calls to avoid copying them. */
    size_t invalid = 0;
    for (size_t a = 0; a < spot_shocks; a++) {
        for (size_t b = 0; b < vol_shocks; b++) {
            const size_t j = a * vol_shocks + b;
            invalid += price_shocked(book, spot_shock[a], vol_shock[b], spot + j * n, sigma + j * n,
                                     prices + j * n, path);
        }
    }
    /* values = P^T w, P stored scenarios x n row-major. */
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)scenarios, (int)n, 1.0, prices, (int)n, weights,
                1, 0.0, values, 1);
    return invalid;
}

size_t spx_scenario_pairs(const spx_bs_inputs *book, const double *weights, size_t scenarios,
                          const double *spot_shock, const double *vol_shock,
                          double *values, double *workspace, spx_simd_path path) {
    const size_t n = book->contracts.count;
    if (scenarios == 0) return 0;
    if (n == 0) {
        for (size_t j = 0; j < scenarios; j++) values[j] = 0.0;
        return 0;
    }
    double *spot = workspace, *sigma = workspace + n * scenarios, *prices = workspace + 2 * n * scenarios;
    size_t invalid = 0;
    for (size_t j = 0; j < scenarios; j++) {
        invalid += price_shocked(book, spot_shock[j], vol_shock[j], spot + j * n, sigma + j * n, prices + j * n, path);
    }
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)scenarios, (int)n, 1.0, prices, (int)n, weights,
                1, 0.0, values, 1);
    return invalid;
}
