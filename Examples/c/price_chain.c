/* Prices a few SPX options with their greeks, solves their implied volatilities back, checks
 * put-call parity, the round trip and a textbook value, and aggregates a small book through
 * the C API of libspx30dte_c. Exits 1 on any wrong answer, so scripts/test-capi can run it.
 *
 * Build (after `swift build -c release --product spx30dte_c` at the repository root):
 *   cc -std=c11 -O2 price_chain.c -I../../CSupport/include -L../../.build/release \
 *      -Wl,-rpath,$PWD/../../.build/release -lspx30dte_c -lm -o price_chain
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "spx30dte.h"

enum { N = 6 };

static int failures = 0;

static void check(int ok, const char *what, double got, double want) {
    if (!ok) {
        failures++;
        fprintf(stderr, "FAIL %s: got %.17g, want %.17g\n", what, got, want);
    }
}

static int close_to(double got, double want, double relative, double absolute) {
    return fabs(got - want) <= relative * fabs(want) + absolute;
}

/* Prices the chain on `path` and checks it (failures are counted in `failures`). */
static void run_path(spx_simd_path path) {
    /* One expiry 30 days out, calls and puts at three strikes around spot 5000. */
    const int8_t type[N] = {SPX_CALL, SPX_PUT, SPX_CALL, SPX_PUT, SPX_CALL, SPX_PUT};
    const double spot[N] = {5000, 5000, 5000, 5000, 5000, 5000};
    const double strike[N] = {4800, 4800, 5000, 5000, 5200, 5200};
    const double t[N] = {30 / 365.0, 30 / 365.0, 30 / 365.0, 30 / 365.0, 30 / 365.0, 30 / 365.0};
    const double rate[N] = {0.045, 0.045, 0.045, 0.045, 0.045, 0.045};
    const double div[N] = {0.013, 0.013, 0.013, 0.013, 0.013, 0.013};
    const double sigma[N] = {0.19, 0.19, 0.16, 0.16, 0.13, 0.13};

    /* One buffer, six consecutive figures: the layout spx_book_totals reads. */
    double figures[6 * N];
    spx_bs_outputs out = {figures, figures + N, figures + 2 * N, figures + 3 * N, figures + 4 * N,
                          figures + 5 * N};
    spx_bs_inputs in = {{N, type, spot, strike, t, rate, div}, sigma};
    size_t invalid = spx_bs_greeks(&in, &out, path);
    check(invalid == 0, "no invalid contracts", (double)invalid, 0);

    printf("path %s\n", spx_simd_name(spx_simd_resolve(path)));
    printf("  type  strike   sigma      price      delta        gamma       vega      theta/365\n");
    for (int i = 0; i < N; i++) {
        printf("  %-4s %7.1f %7.3f %10.4f %10.5f %12.3e %10.4f %10.4f\n", type[i] > 0 ? "call" : "put",
               strike[i], sigma[i], out.price[i], out.delta[i], out.gamma[i], out.vega[i],
               out.theta[i] / 365);
    }

    /* Put-call parity: C - P = S e^{-qt} - K e^{-rt}; call delta - put delta = e^{-qt}. */
    for (int i = 0; i < N; i += 2) {
        const double forward_gap = spot[i] * exp(-div[i] * t[i]) - strike[i] * exp(-rate[i] * t[i]);
        check(close_to(out.price[i] - out.price[i + 1], forward_gap, 0, 1e-9 * spot[i]), "put-call parity",
              out.price[i] - out.price[i + 1], forward_gap);
        check(close_to(out.delta[i] - out.delta[i + 1], exp(-div[i] * t[i]), 0, 1e-12), "delta parity",
              out.delta[i] - out.delta[i + 1], exp(-div[i] * t[i]));
        check(close_to(out.gamma[i], out.gamma[i + 1], 1e-12, 0), "gamma parity", out.gamma[i], out.gamma[i + 1]);
    }

    /* Round trip: the prices back to their volatilities, with one statused failure of each kind. */
    enum { Q = N + 3 };
    int8_t q_type[Q];
    double q_spot[Q], q_strike[Q], q_t[Q], q_rate[Q], q_div[Q], q_price[Q], q_sigma[Q];
    uint8_t q_status[Q];
    for (int i = 0; i < N; i++) {
        q_type[i] = type[i], q_spot[i] = spot[i], q_strike[i] = strike[i], q_t[i] = t[i];
        q_rate[i] = rate[i], q_div[i] = div[i], q_price[i] = out.price[i];
    }
    for (int i = N; i < Q; i++) {
        q_type[i] = SPX_CALL, q_spot[i] = 5000, q_strike[i] = 4800, q_t[i] = 30 / 365.0;
        q_rate[i] = 0.045, q_div[i] = 0.013;
    }
    q_price[N] = 150.0;     /* below the discounted intrinsic value of about 212 */
    q_price[N + 1] = 5000;  /* above the call's maximum S e^{-qt} */
    q_price[N + 2] = NAN;   /* invalid */
    spx_iv_inputs quotes = {{Q, q_type, q_spot, q_strike, q_t, q_rate, q_div}, q_price};
    size_t not_ok = spx_implied_volatility_path(&quotes, q_sigma, q_status, path);
    check(not_ok == 3, "quotes not ok", (double)not_ok, 3);
    for (int i = 0; i < N; i++) {
        check(q_status[i] == SPX_IV_OK, "status ok", q_status[i], SPX_IV_OK);
        check(close_to(q_sigma[i], sigma[i], 1e-11, 0), "implied volatility round trip", q_sigma[i], sigma[i]);
    }
    const uint8_t expected[3] = {SPX_IV_BELOW_INTRINSIC, SPX_IV_ABOVE_MAX, SPX_IV_INVALID};
    for (int j = 0; j < 3; j++) {
        check(q_status[N + j] == expected[j], "failure status", q_status[N + j], expected[j]);
        check(isnan(q_sigma[N + j]), "failed quote gives NaN", q_sigma[N + j], NAN);
    }
    printf("  implied vols:");
    for (int i = 0; i < Q; i++) printf(" %.6f(%u)", q_sigma[i], (unsigned)q_status[i]);
    printf("\n");

    /* A book: long 2 calls at 5000, short 3 puts at 4800 (multiplier 100). */
    const double weights[N] = {0, -300, 200, 0, 0, 0};
    double totals[6];
    spx_book_totals(N, 6, figures, weights, totals);
    for (int k = 0; k < 6; k++) {
        const double direct = 200 * figures[k * N + 2] - 300 * figures[k * N + 1];
        check(close_to(totals[k], direct, 1e-13, 1e-9), "book total", totals[k], direct);
    }
    printf("  book: value %.2f, delta %.2f, gamma %.4f, vega %.2f\n", totals[0], totals[1], totals[2],
           totals[3]);

    /* The book revalued with spot -5%, 0, +5% and vol +0, +2 points. */
    const double spot_shock[3] = {-0.05, 0, 0.05}, vol_shock[2] = {0, 0.02};
    double values[6], workspace[3 * N * 6];
    check(spx_scenario_workspace_count(N, 3, 2) <= sizeof workspace / sizeof workspace[0], "workspace size",
          (double)spx_scenario_workspace_count(N, 3, 2), 3 * N * 6);
    size_t bad = spx_scenario_values(&in, weights, 3, spot_shock, 2, vol_shock, values, workspace, path);
    check(bad == 0, "scenario evaluations valid", (double)bad, 0);
    check(close_to(values[1 * 2 + 0], totals[0], 1e-13, 1e-9), "unshocked scenario is the book value",
          values[2], totals[0]);
    check(values[2 * 2 + 0] > values[0 * 2 + 0], "long delta book gains when spot rises", values[4], values[0]);
}

int main(void) {
    if (spx_c_api_version() / 1000 != SPX30DTE_C_API_VERSION_MAJOR ||
        spx_c_api_version() < SPX30DTE_C_API_VERSION) {
        fprintf(stderr, "library C API version %d, header %d\n", spx_c_api_version(), SPX30DTE_C_API_VERSION);
        return 1;
    }
    printf("C API %d, best SIMD path %s\n", spx_c_api_version(), spx_simd_name(spx_simd_best()));

    const spx_simd_path paths[3] = {SPX_SIMD_SCALAR, SPX_SIMD_AVX2, SPX_SIMD_AVX512};
    for (int p = 0; p < 3; p++)
        if (spx_simd_supported(paths[p])) run_path(paths[p]);

    /* A textbook value independent of this library (Hull, Options, Futures and Other
     * Derivatives, example 15.6: S 42, K 40, r 10%, sigma 20%, six months: call 4.76, put 0.81). */
    const int8_t type[2] = {SPX_CALL, SPX_PUT};
    const double s[2] = {42, 42}, k[2] = {40, 40}, t[2] = {0.5, 0.5}, r[2] = {0.1, 0.1}, q[2] = {0, 0};
    const double v[2] = {0.2, 0.2};
    double price[2];
    spx_bs_inputs hull = {{2, type, s, k, t, r, q}, v};
    spx_bs_price(&hull, price, SPX_SIMD_AUTO);
    check(close_to(price[0], 4.7594, 0, 5e-5), "textbook call", price[0], 4.7594);
    check(close_to(price[1], 0.8086, 0, 5e-5), "textbook put", price[1], 0.8086);

    /* NaN rules: an invalid element is NaN and counted, its neighbour untouched. */
    const double bad_sigma[2] = {NAN, 0.2};
    spx_bs_inputs mixed = {{2, type, s, k, t, r, q}, bad_sigma};
    check(spx_bs_price(&mixed, price, SPX_SIMD_AUTO) == 1, "one invalid element", 0, 1);
    check(isnan(price[0]) && close_to(price[1], 0.8086, 0, 5e-5), "NaN only where invalid", price[0], NAN);
    /* Phi to a few ulp: Phi(0) = 1/2, Phi(-1.96) = 0.024997895148220435 (erfc reference). */
    check(close_to(spx_norm_cdf(0), 0.5, 1e-15, 0), "Phi(0)", spx_norm_cdf(0), 0.5);
    check(close_to(spx_norm_cdf(-1.96), 0.5 * erfc(1.96 / sqrt(2)), 1e-14, 0), "Phi(-1.96)", spx_norm_cdf(-1.96),
          0.5 * erfc(1.96 / sqrt(2)));
    check(spx_norm_cdf(-INFINITY) == 0 && spx_norm_cdf(INFINITY) == 1 && isnan(spx_norm_cdf(NAN)), "Phi(+-inf, NaN)",
          spx_norm_cdf(-INFINITY), 0);

    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("all checks passed\n");
    return 0;
}
