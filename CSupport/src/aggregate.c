#include "aggregate.h"

#include <math.h>

/* Every total is added in contract order (i = 0, 1, ...), each product rounded before it is
 * added: no fused multiply-add (the pragma, and -ffp-contract=off for the whole target) and
 * no reassociation. A total is then the same double on every IEEE-754 machine, whatever its
 * vector width or thread count. BLAS does not promise that: OpenBLAS picks its kernels by
 * CPU when it loads (Haswell, Zen, SkylakeX, ...), each with its own order of summation, and
 * the same 2005-2025 backtest wrote greeks differing in the last digit on an AVX2 and an
 * AVX-512 machine. Independent totals (a book's figures, several books, several scenarios)
 * run side by side, so the adds of one wait on each other but not on the others'. */
#pragma STDC FP_CONTRACT OFF

/* values[j] = sum_i w[i] * p[j * n + i] for j < rows, in order of i; four rows at a time. */
static void ordered_row_sums(size_t rows, size_t n, const double *restrict p, const double *restrict w,
                             double *restrict values) {
    size_t j = 0;
    for (; j + 4 <= rows; j += 4) {
        const double *p0 = p + j * n, *p1 = p0 + n, *p2 = p1 + n, *p3 = p2 + n;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        for (size_t i = 0; i < n; i++) {
            s0 += w[i] * p0[i];
            s1 += w[i] * p1[i];
            s2 += w[i] * p2[i];
            s3 += w[i] * p3[i];
        }
        values[j] = s0, values[j + 1] = s1, values[j + 2] = s2, values[j + 3] = s3;
    }
    for (; j < rows; j++) {
        const double *row = p + j * n;
        double s = 0.0;
        for (size_t i = 0; i < n; i++) s += w[i] * row[i];
        values[j] = s;
    }
}

/* out[k] = sum_i w[i] * f[k * n + i] for k < figure_count: the row sums of the figures, with
 * the six of a book's price and greeks (the usual call) side by side; how the figures are
 * grouped changes no sum. (ordered_row_sums taking six rows at a time instead, one loop for
 * both, measured 270 ns against 140 for a 50-contract book: this stays its own loop.) */
static void ordered_totals(size_t n, size_t figure_count, const double *restrict f, const double *restrict w,
                           double *restrict out) {
    if (figure_count != 6) {
        ordered_row_sums(figure_count, n, f, w, out);
        return;
    }
    const double *f0 = f, *f1 = f + n, *f2 = f + 2 * n, *f3 = f + 3 * n, *f4 = f + 4 * n, *f5 = f + 5 * n;
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double weight = w[i];
        s0 += weight * f0[i];
        s1 += weight * f1[i];
        s2 += weight * f2[i];
        s3 += weight * f3[i];
        s4 += weight * f4[i];
        s5 += weight * f5[i];
    }
    out[0] = s0, out[1] = s1, out[2] = s2, out[3] = s3, out[4] = s4, out[5] = s5;
}

void spx_book_totals(size_t contracts, size_t figure_count, const double *figures,
                     const double *weights, double *out) {
    /* figures is contracts x figure_count column-major, i.e. figure_count x contracts
       row-major. */
    ordered_totals(contracts, figure_count, figures, weights, out);
}

void spx_books_totals(size_t books, size_t contracts, size_t figure_count,
                      const double *figures, const double *weights, double *out) {
    /* Book b's weights are row b of the books x contracts matrix. (Two books interleaved,
       twelve sums at once, measured slower: the accumulators spill.) */
    for (size_t b = 0; b < books; b++)
        ordered_totals(contracts, figure_count, figures, weights + b * contracts, out + b * figure_count);
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
    /* values = P w, P stored scenarios x n row-major. */
    ordered_row_sums(scenarios, n, prices, weights, values);
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
    ordered_row_sums(scenarios, n, prices, weights, values);
    return invalid;
}
