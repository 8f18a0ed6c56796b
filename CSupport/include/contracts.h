#ifndef SPX_CONTRACTS_H
#define SPX_CONTRACTS_H

#include <stddef.h>
#include <stdint.h>

/// Option type codes used in every `type` array: +1 call, -1 put.
enum { SPX_CALL = 1, SPX_PUT = -1 };

/// The contract columns every batch kernel reads, struct-of-arrays: what an option is, apart
/// from the figure a kernel takes with it (a volatility to price, a premium to invert). All
/// arrays hold `count` elements and are read only. Units (DESIGN section 2): spot and strike
/// in index points, `t` in years (ACT/365), `rate` and `div` continuously compounded per year.
/// Black-76 on a future F is spot = F with div = rate.
typedef struct spx_contracts {
    size_t count;
    const int8_t *type;   ///< SPX_CALL or SPX_PUT
    const double *spot;
    const double *strike;
    const double *t;
    const double *rate;
    const double *div;
} spx_contracts;

#endif
