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

/// An element is valid when spot, strike, t and sigma are finite and > 0, rate and div are
/// finite, and type is SPX_CALL or SPX_PUT. Invalid elements get NaN in every output.
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
