#ifndef SPX_BS_H
#define SPX_BS_H

#include <stddef.h>
#include <stdint.h>
#include "contracts.h"
#include "simd_path.h"

/// Black-Scholes-Merton price and greeks of European options, in batches (part of the stable
/// C API, see spx30dte.h).
///
/// Accuracy: every figure within 1e-12 relative of a 40-digit reference, with absolute floors
/// of 1e-13 x spot (price, vega, theta, rho), 1e-13 (delta) and 1e-13 / spot (gamma), on every
/// path (Tests/PricingTests/Golden/bs_golden.csv: strikes 0.01..100 x spot, t one hour to
/// five years, sigma 1%..500%).
///
/// Thread safety: the kernels are reentrant. They keep no state between calls beyond the
/// instruction-set dispatch, resolved once per process under pthread_once, never allocate,
/// and write only the caller's output arrays, so any number of threads may call them at once
/// on disjoint outputs. They do not start threads themselves: to use several cores, split the
/// batch and call from several threads.

#ifdef __cplusplus
extern "C" {
#endif

/// A batch of European options to price: the contracts and, for each, its volatility
/// `sigma` per 1.00 of vol (0.20 = 20%), `contracts.count` elements, read only (NULL when the
/// count is 0). Alignment as in spx_contracts: natural alignment of double.
typedef struct spx_bs_inputs {
    spx_contracts contracts;
    const double *sigma;
} spx_bs_inputs;

/// Caller-owned outputs, `count` elements each. Greeks are raw derivatives per unit of
/// underlying: delta dV/dS, gamma d2V/dS2, vega dV/dsigma (per 1.00 of vol: vega/100 is the
/// figure per vol point), theta dV/d(calendar time) per year (= -dV/dt for time to expiry t;
/// theta/365 is the daily figure), rho dV/dr per 1.00 of rate (div held). Prices are in the
/// unit of spot and strike, per unit of underlying (multiply by the contract multiplier
/// yourself).
///
/// The six arrays must not overlap each other or any input array. A common layout is one
/// buffer of 6 x count doubles with price, delta, gamma, vega, theta, rho as consecutive
/// slices: that is the `figures` layout spx_book_totals reads directly.
typedef struct spx_bs_outputs {
    double *price;
    double *delta;
    double *gamma;
    double *vega;
    double *theta;
    double *rho;
} spx_bs_outputs;

/// Times to expiry below this (years; about 3e-23 seconds) are treated as expiry.
///
/// There the time value is below 4e-16 x sigma x spot, under the kernel's rounding of the
/// price, and the formulas only return rounding noise (a price of -1e-14, a delta off 1/2,
/// gamma stuck at its clamp of 4e97 / spot). An expired element gets the discounted intrinsic
/// value max(theta (S e^{-qt} - K e^{-rt}), 0) with the exercise indicator w = 1 in the money,
/// 0 out of it, 1/2 at S = K: delta = theta w e^{-qt}, gamma = vega = 0, theta = theta w
/// (q S e^{-qt} - r K e^{-rt}) (the intrinsic value's own drift), rho = theta w t K e^{-rt}.
#define SPX_BS_T_EXPIRY 1e-30

/// Prices every element of `in` into `price` (`in->contracts.count` doubles, caller-owned).
///
/// NaN and infinity rules: an element is valid when spot, strike, t and sigma are finite and
/// > 0, rate and div are finite, and type is SPX_CALL or SPX_PUT. An invalid element (a NaN
/// or an infinity anywhere in its inputs, a zero or negative spot, strike, t or sigma, a bad
/// type) gets NaN in every output and does not affect its neighbours. No price is negative:
/// where sigma sqrt(t) is so small that the price near the money is only rounding noise, it is
/// floored at zero.
///
/// `path`: the instruction-set path to run (SPX_SIMD_AUTO for the widest; see simd_path.h).
/// `in` must not be NULL; the arrays may be NULL only when the count is 0.
/// Returns the number of invalid elements (those given NaN).
size_t spx_bs_price(const spx_bs_inputs *in, double *price, spx_simd_path path);

/// Price and the five greeks of every element: all six arrays of `out` are required (none may
/// be NULL unless the count is 0), each `in->contracts.count` doubles, caller-owned. Validity,
/// NaN rules, path choice and return value as spx_bs_price, whose price it matches bit for
/// bit on the same path. No allocation; output arrays may not alias inputs or each other.
size_t spx_bs_greeks(const spx_bs_inputs *in, const spx_bs_outputs *out, spx_simd_path path);

/// The standard normal cumulative distribution Phi(x), to within a few ulp relative on the
/// whole double range (reference implementation shared with the kernels' coefficients).
/// Phi(NaN) is NaN, Phi(-inf) = 0, Phi(+inf) = 1. Reentrant.
double spx_norm_cdf(double x);

#ifdef __cplusplus
}
#endif

#endif
