#ifndef SPX_BS_H
#define SPX_BS_H

#include <stddef.h>
#include <stdint.h>
#include "contracts.h"
#include "simd_path.h"

/// A batch of European options to price: the contracts and, for each, its volatility
/// `sigma` per 1.00 of vol (0.20 = 20%), `contracts.count` elements, read only.
typedef struct spx_bs_inputs {
    spx_contracts contracts;
    const double *sigma;
} spx_bs_inputs;

/// Caller-owned outputs, `count` elements each. Greeks are raw derivatives per unit of
/// underlying: delta dV/dS, gamma d2V/dS2, vega dV/dsigma, theta dV/d(calendar time) per
/// year (= -dV/dt for time to expiry t; theta/365 is the daily figure), rho dV/dr (div held).
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

/// An element is valid when spot, strike, t and sigma are finite and > 0, rate and div are
/// finite, and type is SPX_CALL or SPX_PUT. Invalid elements get NaN in every output. No
/// price is negative: where sigma sqrt(t) is so small that the price near the money is only
/// rounding noise, it is floored at zero.
///
/// Prices every element into `price`. Returns the number of invalid elements.
size_t spx_bs_price(const spx_bs_inputs *in, double *price, spx_simd_path path);

/// Price and the five greeks of every element (all six output arrays required).
/// Returns the number of invalid elements. No allocation; arrays may not alias inputs.
size_t spx_bs_greeks(const spx_bs_inputs *in, const spx_bs_outputs *out, spx_simd_path path);

/// The standard normal cumulative distribution Phi(x), to within a few ulp relative on the
/// whole double range (reference implementation shared with the kernels' coefficients).
double spx_norm_cdf(double x);

#endif
