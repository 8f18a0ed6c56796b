/* Placeholder implied-volatility solver (bisection on the price kernel); replaced by the
   rational solver. */
#include "iv.h"
#include "bs.h"
#include <math.h>

size_t spx_implied_volatility(const spx_iv_inputs *in, double *sigma, uint8_t *status) {
    size_t bad = 0;
    for (size_t i = 0; i < in->count; i++) {
        double S = in->spot[i], K = in->strike[i], t = in->t[i], r = in->rate[i], q = in->div[i], p = in->price[i];
        int8_t ty = in->type[i];
        sigma[i] = NAN;
        if (!(S > 0 && K > 0 && t > 0 && p > 0) || !isfinite(S) || !isfinite(K) || !isfinite(t) || !isfinite(r) || !isfinite(q) || !isfinite(p) || (ty != 1 && ty != -1)) { status[i] = SPX_IV_INVALID; bad++; continue; }
        double fwdS = S * exp(-q * t), fwdK = K * exp(-r * t);
        double intrinsic = ty == 1 ? fmax(fwdS - fwdK, 0) : fmax(fwdK - fwdS, 0);
        double maxp = ty == 1 ? fwdS : fwdK;
        if (p <= intrinsic) { status[i] = SPX_IV_BELOW_INTRINSIC; bad++; continue; }
        if (p >= maxp) { status[i] = SPX_IV_ABOVE_MAX; bad++; continue; }
        double lo = 1e-9, hi = 50;
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi), pr;
            spx_bs_inputs one = {1, &ty, &S, &K, &t, &r, &q, &mid};
            spx_bs_price(&one, &pr, SPX_SIMD_SCALAR);
            if (pr > p) hi = mid; else lo = mid;
        }
        sigma[i] = 0.5 * (lo + hi);
        status[i] = SPX_IV_OK;
    }
    return bad;
}
