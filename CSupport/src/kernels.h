#ifndef SPX_KERNELS_H
#define SPX_KERNELS_H

/* The per-path entry points of the batch kernels, one instantiation of each kernel template
 * per instruction-set path. They run unconditionally on the path their name says: calling an
 * AVX path on a CPU without it faults, so callers go through the dispatch table
 * (dispatch.h), which only hands out paths the CPU supports. The AVX entry points exist on
 * x86-64 only. */

#include <stddef.h>
#include <stdint.h>

#include "bs.h"
#include "iv.h"

/* Black-Scholes-Merton price (want_greeks == 0) or price and greeks of every element;
 * returns the number of invalid elements (contract in bs.h). */
size_t spx_bs_run_scalar(const spx_bs_inputs *in, const spx_bs_outputs *out, int want_greeks);
/* Implied volatility of every quote; returns the number not ok (contract in iv.h). */
size_t spx_iv_run_scalar(const spx_iv_inputs *in, double *sigma, uint8_t *status);

#if defined(__x86_64__)
size_t spx_bs_run_avx2(const spx_bs_inputs *in, const spx_bs_outputs *out, int want_greeks);
size_t spx_bs_run_avx512(const spx_bs_inputs *in, const spx_bs_outputs *out, int want_greeks);
size_t spx_iv_run_avx2(const spx_iv_inputs *in, double *sigma, uint8_t *status);
size_t spx_iv_run_avx512(const spx_iv_inputs *in, double *sigma, uint8_t *status);
#endif

#endif
