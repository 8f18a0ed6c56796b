#ifndef SPX_IV_H
#define SPX_IV_H

#include <stddef.h>
#include <stdint.h>
#include "contracts.h"
#include "simd_path.h"

/// Black-Scholes-Merton implied volatility, in batches (part of the stable C API, see
/// spx30dte.h).
///
/// Thread safety: reentrant, like the pricing kernels (bs.h): no allocation, no state between
/// calls beyond the once-resolved dispatch, writes only the caller's outputs.

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of one implied-volatility solve, written as one byte (uint8_t) per quote.
typedef enum spx_iv_status {
    SPX_IV_OK = 0,               ///< sigma holds the implied volatility
    SPX_IV_BELOW_INTRINSIC = 1,  ///< price <= discounted forward intrinsic value
    SPX_IV_ABOVE_MAX = 2,        ///< price >= the no-arbitrage maximum (S e^{-qt} call, K e^{-rt} put)
    SPX_IV_INVALID = 3,          ///< a non-positive, NaN or infinite input, t <= 0, or a bad type
} spx_iv_status;

/// A batch of quotes to invert: the contracts and, for each, its premium `price` (points per
/// unit of underlying, the unit of spot), `contracts.count` elements, read only (NULL when the
/// count is 0). Alignment as in spx_contracts: natural alignment of double.
typedef struct spx_iv_inputs {
    spx_contracts contracts;
    const double *price;
} spx_iv_inputs;

/// Solves every quote for the Black-Scholes-Merton volatility that reproduces its price.
/// Writes `sigma[i]` (per 1.00 of vol, 0.20 = 20%; NaN unless the status is SPX_IV_OK) and
/// `status[i]` (an spx_iv_status), both caller-owned arrays of `in->contracts.count`
/// elements that must not overlap the inputs or each other. Black-76 on a future F: spot = F,
/// div = rate.
///
/// Statuses (NaN and infinity rules): SPX_IV_INVALID for spot, strike, t or price not finite
/// and > 0, rate or div not finite, or type not +-1; SPX_IV_BELOW_INTRINSIC when price <= the
/// discounted forward intrinsic max(theta (S e^{-qt} - K e^{-rt}), 0); SPX_IV_ABOVE_MAX when
/// price >= S e^{-qt} (call) or K e^{-rt} (put). Both comparisons are made in double-double
/// arithmetic. One quote's status never depends on its neighbours.
///
/// Accuracy: within 1e-12 relative of the exact volatility of the double price (measured
/// worst 7.3e-15 on the AVX2 and AVX-512 paths, 4.9e-15 on the portable one) wherever the
/// time value is at least 1e-9 of spot and the strike within 1e4 of spot. Runs a fixed
/// number of steps per quote (three Householder iterations after a regional initial guess):
/// it never loops without bound. No allocation; the widest SIMD path of the running CPU is
/// used (spx_simd_best). Speed, one core of an AMD EPYC (Zen 5): about 29 ns per quote on AVX-512, 62 on
/// AVX2, 164 portable. Method and measurements: CSupport/src/iv.c.
/// Returns the number of quotes whose status is not SPX_IV_OK.
size_t spx_implied_volatility(const spx_iv_inputs *in, double *sigma, uint8_t *status);

/// spx_implied_volatility on a chosen instruction-set path (SPX_SIMD_AUTO: the widest this CPU
/// supports; an unsupported path falls back to the widest supported one, as spx_simd_resolve).
/// Every path runs the same method with the same coefficients, so results agree to rounding
/// level (not bit for bit: the vector paths fuse multiply-adds) and statuses agree exactly;
/// on one path a quote's result is the same bits whatever batch it is solved in. It exists
/// so that tests and benchmarks can compare the paths.
size_t spx_implied_volatility_path(const spx_iv_inputs *in, double *sigma, uint8_t *status,
                                   spx_simd_path path);

#ifdef __cplusplus
}
#endif

#endif
