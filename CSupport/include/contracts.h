#ifndef SPX_CONTRACTS_H
#define SPX_CONTRACTS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Option type codes used in every `type` array: +1 call, -1 put. Any other value makes the
/// element invalid (NaN outputs, or SPX_IV_INVALID).
enum { SPX_CALL = 1, SPX_PUT = -1 };

/// The contract columns every batch kernel reads, struct-of-arrays: what an option is, apart
/// from the figure a kernel takes with it (a volatility to price, a premium to invert).
///
/// All arrays hold `count` elements and are read only; they may be NULL when `count` is 0.
/// Units (DESIGN section 2): spot and strike in index points (any currency unit, as long as
/// premiums use the same one), `t` in years (ACT/365 in this package; any year fraction
/// consistent with the rates works), `rate` and `div` continuously compounded per year
/// (0.05 = 5%). Black-76 on a future F is spot = F with div = rate.
///
/// Alignment: each array needs only the natural alignment of its element type (8 bytes for
/// double). The kernels load and store through unaligned vector moves, so no vector alignment
/// is required; 64-byte aligned arrays avoid split cache lines and run marginally faster.
/// Arrays may be shared between fields (one array for rate and div, say), but no output array
/// of a kernel may overlap any of them.
typedef struct spx_contracts {
    size_t count;
    const int8_t *type;   ///< SPX_CALL or SPX_PUT
    const double *spot;   ///< underlying price (or the future for Black-76), > 0
    const double *strike; ///< strike, > 0, same unit as spot
    const double *t;      ///< time to expiry in years, > 0
    const double *rate;   ///< risk-free rate, continuously compounded per year, finite
    const double *div;    ///< dividend yield, continuously compounded per year, finite
} spx_contracts;

#ifdef __cplusplus
}
#endif

#endif
