/* Implied volatility of the Black-Scholes-Merton model, batch solver (contract in iv.h).
 *
 * Units: spot and strike in index points, t in years, rate and div continuously compounded
 * per year, price the premium of one unit; sigma per 1.00 (0.20 = 20%). Black-76: spot = F,
 * div = rate.
 *
 * Method ("Let's Be Rational" class: normalised form, regional initial guesses, a fixed
 * number of third-order Householder steps on transformed objectives):
 *
 * 1. Reduction, in double-double. u = S e^{-qt} and v = K e^{-rt} are formed to ~1e-28
 *    relative (iv_exp_dd), because the time value tau = price - max(theta (u - v), 0) of a
 *    deep in-the-money quote is a small difference of large numbers, and the volatility's
 *    relative error is tau's times u/tau. By put-call symmetry tau is the price of the
 *    out-of-the-money option of the same strike, so only x = -|ln(u/v)| <= 0 is inverted:
 *    beta = tau / sqrt(uv) against b(x, s), s = sigma sqrt(t), bmax = e^{x/2}. The room
 *    below the maximum, gamma = min(u, v) - tau, is kept separately (also double-double), so
 *    prices a hair below the maximum keep their information. The statuses are decided on
 *    these double-double quantities (tau <= 0: below_intrinsic; gamma <= 0: above_max).
 *    ln(u/v) carries the rounding of u/v as an exact residual, so x is exact to a few ulp
 *    of itself next to the money, where one-hour expiries make s tiny.
 *
 * 2. Normalised Black function b(x, s), x <= 0, to a few ulp relative (iv_black): written
 *    with the Mills ratio m(y) = Phi(-y)/phi(y) (polynomial of mills_coefficients.h, 5.6e-16)
 *    so that every term is a product of positive factors; the difference m(a-t) - m(a+t)
 *    (a = |x|/s, t = s/2), which loses digits as s -> 0, is replaced below t = 0.1 by its
 *    odd Taylor series in t to t^11, with m's derivatives from m' = a m - 1 and
 *    m^(k+1) = a m^(k) + k m^(k-1). Where s is large (t > a) the gap bmax - b is computed
 *    directly instead of b. The cancellation left in m' and the recurrence is ~a^2, and the
 *    inversion divides it back out: d(ln s) = d(ln b) / (s b'/b) with s b'/b ~ 1 + a^2.
 *
 * 3. Initial guess from three regions split at the inflection point s_c = sqrt(2|x|)
 *    (b_c = b(x, s_c), tangent slope bmax/sqrt(2 pi)): below b_c the smaller of the tangent
 *    guess and the closed-form inverse of the small-s asymptote
 *    b ~ (2 pi |x| / 3^1.5) Phi(-|x| / (sqrt3 s))^3; between b_c and bmax/2 the tangent; above
 *    bmax/2 the inverse of bmax - b ~ 2 Phi(-s/2). The quantile Phi^{-1} comes from a [2/3]
 *    rational in sqrt(-2 ln p) (4e-4 absolute: only guesses use it). Measured worst guess
 *    error over a dense (x, s) grid: 63% relative, typically under 5%.
 *
 * 4. Three Householder steps of third order, s += nu (1 + H2 nu/2) / (1 + nu (H2 + H3 nu/6)),
 *    on the objective of the lane's region: 1/ln b - 1/ln beta below b_c (nearly linear in
 *    s^2 where b is exponentially small), b - beta in the middle, ln(bmax - b) - ln gamma
 *    above bmax/2. The derivatives are closed-form in h2 = b''/b' = (a^2 - t^2)/s and
 *    h3 = b'''/b' = h2^2 - 3 a^2/s^2 - 1/4. Each step is bounded to (s/8, 8s) and to
 *    |x|/45 <= s <= 100 (outside, the price is not a double). Measured on the same grid: the
 *    error after two steps is below 3e-7 everywhere, so the third ends at rounding level.
 *
 * Vector code: iv_kernel_template.h is instantiated for the portable path (8 lanes: four
 * SSE2 pairs, no FMA), AVX2 (16 lanes: four vectors) and AVX-512 (32 lanes: four vectors);
 * every lane runs the same instructions, regions are selected per lane, and a formula is
 * skipped only when no lane of the block needs it. Each quote is one long dependency chain
 * (two double-double exponentials, logarithms, 24-term Mills polynomials, a dozen divisions),
 * so a block of one machine vector leaves the floating-point units waiting on latency;
 * several independent vectors per block fill them. Measured on the benchmark's chain, ns per
 * quote with 1, 2, 4 and 8 vectors per block (thread CPU time): AVX2 117, 77, 63, 66;
 * AVX-512 58, 40, 29, 35; portable (scalar SSE2, then 1, 2, 4, 8 pairs) 560, 301, 200, 170,
 * 225. This is why AVX2 took three times AVX-512's time rather than twice: AVX-512 had two
 * vectors per block and AVX2 one; at equal vectors per block the ratio is 2.0, the ratio of
 * widths (a profile splits the time alike on both: iv_block 43%, iv_black 34%, iv_exp_dd
 * 20%; there are no gathers or scalar fallbacks, and the selects are single blends). Eight
 * vectors run out of registers and double the code: a wide block's code (about 35 KB on
 * AVX2, with the spills of four vectors per value in 16 registers) already outgrows the
 * 32 KB level-1 instruction cache, so its speed varies by up to 15% with where the binary's
 * pages fall in memory (one binary in different files: AVX2 61 to 75 ns per quote). A
 * remainder of at most half a wide block goes to narrow blocks instead (AVX2 4 lanes,
 * AVX-512 16, portable 1), so that a batch of a few quotes costs what it did with narrow
 * blocks alone (iv_run_split); either block gives a lane the same bits.
 * Its lane arithmetic (exp, log, the Mills ratio, exact two-sum/two-product) is the lane
 * library vecmath_template.h that the pricing kernel uses too, so that the prices a quote
 * came from and the prices the solver matches are the same function; the solver takes the
 * subnormal-safe logarithm (normalised prices and gaps fall far below DBL_MIN) and the Mills
 * ratio with its asymptotic tail beyond y = 40 (iterates far from a solution go there). Only
 * the double-double exponential and what follows from the normalised form live here.
 * No allocation, no state between calls.
 *
 * Measured accuracy (Tests/PricingTests/Golden/iv_golden.csv, 2,744 rows: exact implied
 * volatility of the double price from 60+ digit arithmetic, tools/gen_iv_golden.py): worst
 * relative error 7.3e-15 over the 1,373 ok rows with time value >= 1e-9 of spot and strike
 * within 1e4 of spot (calls, puts, Black-76; t one hour..5 years; sigma 1%..500%; deep in
 * and out of the money) on the AVX2 and AVX-512 paths, 4.9e-15 on the portable one (its
 * multiply-adds are not fused); the block widths do not change a bit of it (every lane
 * computes alone; the tests compare batch sizes bit for bit). With strikes 1e8..1e15 x
 * spot the double-double discount factors limit it to 8e-12. Rows with time value below
 * 1e-9 of spot: worst 2e-8 (the price there fixes the volatility only loosely). Every
 * status row matches.
 *
 * Measured speed (the benchmark's chain: 46,880 quotes, 40 expiries one day..two years,
 * strikes 50%..150% of spot, calls and puts, `spx30dte-bench --filter iv_chain`; one core of
 * the AMD EPYC (Zen 5) build machine; median over 12 runs of the benchmark, each a median of
 * 15, range in brackets): AVX-512 29 ns per quote (28-30), AVX2 62 (59-65), portable 164
 * (160-249, the slow end under load); before the blocks were widened 40, 117 and 565. On 1e6
 * quotes spread over t one hour..5 years, sigma 1%..500%, strikes +-4 deviations (thread CPU
 * time, median of 9): 33, 70 and 183 ns (before: 44, 125 and 568).
 */
#include "iv.h"

#include <stdint.h>

#include "dispatch.h"
#include "kernels.h"
#include "mills_coefficients.h"

#define IV_LN2 0x1.62e42fefa39efp-1
#define IV_LN2_TAIL 1.1612227229362532e-26 /* ln2 - VM_LN2_HI - VM_LN2_LO (vecmath_template.h) */
#define IV_LN_SQRT_2PI 0.9189385332046728
#define IV_INV_SQRT_2PI 0.3989422804014327
#define IV_LN_2PI_OVER_3SQRT3 0.18995863340718094
#define IV_SQRT3 1.7320508075688772

/* Phi^{-1} guess, -w + (N0 + N1 w + N2 w^2)/(1 + D1 w + D2 w^2 + D3 w^3), w = sqrt(-2 ln p). */
#define IV_Q_N0 2.580210984102609
#define IV_Q_N1 1.2321798793023495
#define IV_Q_N2 0.04011967538075566
#define IV_Q_D1 1.6888959337060534
#define IV_Q_D2 0.34153305949383606
#define IV_Q_D3 0.006125898276678606

/* t = s/2 below which the normalised price is summed as a series in t. */
#define IV_T_SMALL 0.1
/* Bounds on s = sigma sqrt(t) during the iteration: a = |x|/s above IV_A_MAX puts the price
 * below the smallest double, s above IV_S_MAX puts it within 1e-300 of its maximum. */
#define IV_A_MAX 45.0
#define IV_S_MAX 100.0
#define IV_HOUSEHOLDER_STEPS 3

/* Each path is instantiated twice: a wide block of several machine vectors for the bulk of a
 * batch, and the narrow block of one (or one pair) for a short remainder (iv_run_split). The
 * two compute every lane with the same instructions, so a quote's result does not depend on
 * which block solved it. The helpers are static inside one target region, so the wide lane
 * types never cross an ABI boundary: -Wpsabi's warning does not apply. */
#pragma clang diagnostic ignored "-Wpsabi"

#define VW 8
#define VFUSED 0
#define VSUF scalar
#include "vecmath_template.h"
#include "iv_kernel_template.h"
#include "vecmath_end.h"

#define VW 1
#define VFUSED 0
#define VSUF scalar_narrow
#include "vecmath_template.h"
#include "iv_kernel_template.h"
#include "vecmath_end.h"

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define VW 16
#define VFUSED 1
#define VSUF avx2
#include "vecmath_template.h"
#include "iv_kernel_template.h"
#include "vecmath_end.h"

#define VW 4
#define VFUSED 1
#define VSUF avx2_narrow
#include "vecmath_template.h"
#include "iv_kernel_template.h"
#include "vecmath_end.h"
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,fma"))), apply_to = function)
#define VW 32
#define VFUSED 1
#define VSUF avx512
#include "vecmath_template.h"
#include "iv_kernel_template.h"
#include "vecmath_end.h"

#define VW 16
#define VFUSED 1
#define VSUF avx512_narrow
#include "vecmath_template.h"
#include "iv_kernel_template.h"
#include "vecmath_end.h"
#pragma clang attribute pop
#endif

typedef size_t (*iv_span_fn)(const spx_iv_inputs *in, size_t first, size_t n, double *sigma, uint8_t *status);

/* A batch in whole wide blocks of `wide_lanes` quotes; a remainder that would fill at most half
 * a wide block goes to narrow blocks instead, so that a short batch (one quote, a handful)
 * costs no more than it did with one narrow block per step. */
static size_t iv_run_split(const spx_iv_inputs *in, double *sigma, uint8_t *status, size_t wide_lanes,
                           iv_span_fn wide, iv_span_fn narrow) {
    const size_t n = in->contracts.count;
    const size_t rest = n % wide_lanes;
    if (rest == 0 || rest > wide_lanes / 2) return wide(in, 0, n, sigma, status);
    return wide(in, 0, n - rest, sigma, status) + narrow(in, n - rest, rest, sigma, status);
}

size_t spx_iv_run_scalar(const spx_iv_inputs *in, double *sigma, uint8_t *status) {
    return iv_run_split(in, sigma, status, 8, iv_span_scalar, iv_span_scalar_narrow);
}

#if defined(__x86_64__)
size_t spx_iv_run_avx2(const spx_iv_inputs *in, double *sigma, uint8_t *status) {
    return iv_run_split(in, sigma, status, 16, iv_span_avx2, iv_span_avx2_narrow);
}

size_t spx_iv_run_avx512(const spx_iv_inputs *in, double *sigma, uint8_t *status) {
    return iv_run_split(in, sigma, status, 32, iv_span_avx512, iv_span_avx512_narrow);
}
#endif

size_t spx_implied_volatility_path(const spx_iv_inputs *in, double *sigma, uint8_t *status,
                                   spx_simd_path path) {
    return spx_kernel_table_for(path)->iv_run(in, sigma, status);
}

size_t spx_implied_volatility(const spx_iv_inputs *in, double *sigma, uint8_t *status) {
    return spx_kernel_table_for(SPX_SIMD_AUTO)->iv_run(in, sigma, status);
}
