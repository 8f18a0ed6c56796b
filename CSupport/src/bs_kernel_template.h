/* Black-Scholes-Merton price and greeks over one lane width; included by bs.c once per
 * path (see vecmath_template.h for VW/VSUF). Formulas, with theta = +1 call / -1 put:
 *
 *   x = ln(S/K) + (r - q) t,  s = sigma sqrt(t),  d1 = x/s + s/2,  d2 = d1 - s
 *   A = S e^{-qt} phi(d1) = K e^{-rt} phi(d2)           (one exponential serves both)
 *   P_j = A m(|d_j|) = the out-of-the-money tail S e^{-qt} Phi(-|d1|), K e^{-rt} Phi(-|d2|)
 *   T1 = S e^{-qt} Phi(theta d1) = P1 if theta d1 < 0 else S e^{-qt} - P1   (T2 likewise)
 *   price = theta (T1 - T2), delta = theta T1 / S, gamma = A / (S^2 s), vega = A sqrt(t),
 *   theta = -A sigma / (2 sqrt t) + theta (q T1 - r T2), rho = theta t T2.
 *
 * Below t = SPX_BS_T_EXPIRY the option is at expiry: A = 0 and T1, T2 are S e^{-qt} and
 * K e^{-rt} weighted by the exercise indicator (1/2 at S = K), so that every path gives the
 * discounted intrinsic value and its exact derivatives instead of rounding noise.
 *
 * The tails are products of positive factors, so an out-of-the-money value is never the
 * difference of two large numbers, and its relative accuracy is that of the factors.
 * ln(S/K) carries the rounding error of S/K as an exact FMA residual, so x stays accurate to
 * a few ulp of itself near the money, where short expiries make prices most sensitive to it.
 *
 * Per-expiry quantities (sqrt t, the discount factors, 1/S) are recomputed only when a
 * vector's (S, t, r, q) differ from the previous vector's: a chain sorted by expiry pays
 * for them once per expiry.
 */

#include "contract_lanes_template.h"

typedef struct VCAT(bs_shared_, VSUF) {
    VD spot, t, rate, div;
    VD sqrt_t, half_inv_sqrt_t, rate_discount, carry, inv_spot;
    VD spot_disc;      /* S e^{-qt} */
    VD spot_disc_phi;  /* S e^{-qt} / sqrt(2 pi), so that A = this * exp(-d1^2/2) */
    int valid;
} VCAT(bs_shared_, VSUF);

static inline void VFN(bs_block)(const int8_t *type, const double *spot, const double *strike,
                                 const double *tt, const double *rate, const double *div,
                                 const double *sigma, VCAT(bs_shared_, VSUF) *sh, int want_greeks,
                                 double *o_price, double *o_delta, double *o_gamma,
                                 double *o_vega, double *o_theta, double *o_rho, size_t *valid_count) {
    const VD S = VFN(vload)(spot), K = VFN(vload)(strike), t = VFN(vload)(tt);
    const VD r = VFN(vload)(rate), q = VFN(vload)(div), sig = VFN(vload)(sigma);
    const VD th = VFN(vtype)(type);
    const double inf = __builtin_inf();

    VL valid = (S > 0.0) & (S < inf) & (K > 0.0) & (K < inf) & (t > 0.0) & (t < inf) &
               (sig > 0.0) & (sig < inf) & (VFN(vabs)(r) < inf) &
               (VFN(vabs)(q) < inf) & ((th == 1.0) | (th == -1.0));

    VL same = (S == sh->spot) & (t == sh->t) & (r == sh->rate) & (q == sh->div);
    if (!sh->valid || !__builtin_reduce_and(same)) {
        sh->spot = S;
        sh->t = t;
        sh->rate = r;
        sh->div = q;
        sh->sqrt_t = __builtin_elementwise_sqrt(t);
        sh->half_inv_sqrt_t = 0.5 / sh->sqrt_t;
        sh->spot_disc = S * VFN(vexp)(-q * t);
        sh->spot_disc_phi = sh->spot_disc * 0x1.9884533d43651p-2; /* 1/sqrt(2 pi) */
        sh->rate_discount = VFN(vexp)(-r * t);
        sh->carry = (r - q) * t;
        sh->inv_spot = 1.0 / S;
        sh->valid = 1;
    }

    /* s is kept in [1e-100, 1e100]: beyond, every figure has reached its limit, and inside
       the products below (K s, s / (K s)) neither overflow nor underflow. */
    const VD s = VFN(vmax)(VFN(vmin)(sig * sh->sqrt_t, (VD)1e100), (VD)1e-100);
    const VD inv_Ks = 1.0 / (K * s); /* one division for 1/K and 1/s */
    const VD inv_s = K * inv_Ks;
    const VD ratio = S * (s * inv_Ks); /* rounding of S/K is carried by the residual */
    VD ratio_K_lo;
    const VD ratio_K = VFN(vtwo_prod)(ratio, K, &ratio_K_lo);
    const VD residual = (S - ratio_K) - ratio_K_lo; /* S - ratio K */
    const VD x = VFN(vlog_normal)(ratio) + VFN(vmuladd)(residual, sh->inv_spot, sh->carry);
    /* |d| is capped at 1e6 (where phi is long 0 and the Mills argument is capped anyway), so
       that d^2 stays finite. */
    const VD h = x * inv_s;
    const VD half_s = 0.5 * s;
    const VD d1 = VFN(vmax)(VFN(vmin)(h + half_s, (VD)1e6), (VD)(-1e6));
    const VD d2 = VFN(vmax)(VFN(vmin)(h - half_s, (VD)1e6), (VD)(-1e6));

    const VD S_disc = sh->spot_disc;
    const VD K_disc = K * sh->rate_discount;
    VD A = sh->spot_disc_phi * VFN(vgauss)(d1);
    VD m1, m2;
    VFN(vmills2)(VFN(vabs)(d1), VFN(vabs)(d2), &m1, &m2);
    const VD P1 = A * m1;
    const VD P2 = A * m2;
    /* Signs are applied as bit flips rather than products by theta: the multiply ports are
       what bounds this kernel. theta d < 0 exactly when the signs of d and theta differ. */
    const VL is_put = th < 0.0;
    const VL flip = is_put & (VL)(1LL << 63);
    VD T1 = ((d1 < 0.0) ^ is_put) ? P1 : S_disc - P1;
    VD T2 = ((d2 < 0.0) ^ is_put) ? P2 : K_disc - P2;
    /* At expiry (t below SPX_BS_T_EXPIRY, see bs.h) the density term A is zero, which zeroes
       gamma and vega and leaves theta and rho those of the discounted intrinsic value, and the
       exercise probability is the limit of Phi(theta d) as t -> 0: 1 in the money, 0 out of
       it, 1/2 at S = K. Rare, so only a vector with an expired lane pays for it. */
    const VL expired = t < SPX_BS_T_EXPIRY;
    /* Only where s is tiny can the price below round under zero (see the store), so vectors
       with neither case skip both fix-ups. */
    const int degenerate = __builtin_reduce_or(expired | (s < 1e-7)) != 0;
    if (__builtin_expect(degenerate, 0)) {
        const VD in_money_call = (S > K) ? (VD)1.0 : (S < K) ? (VD)0.0 : (VD)0.5;
        const VD exercised = is_put ? 1.0 - in_money_call : in_money_call;
        A = expired ? (VD)0.0 : A;
        T1 = expired ? exercised * S_disc : T1;
        T2 = expired ? exercised * K_disc : T2;
    }
#define SIGNED(v) __builtin_bit_cast(VD, __builtin_bit_cast(VL, (v)) ^ flip)

    const VD nan = (VD)__builtin_nan("");
    VD price = SIGNED(T1 - T2);
    if (__builtin_expect(degenerate, 0)) {
        /* With s below ~1e-15 the price near the money is the difference of two nearly equal
           terms and can round below zero by an ulp of S (with s >= 1e-7 the time value is
           1e8 times that rounding). A price is never negative, and an expired option worth
           nothing is +0, not the put's sign-flipped -0. */
        const VL floored = (price < 0.0) | (expired & (price == 0.0));
        price = floored ? (VD)0.0 : price;
    }
    VFN(vstore)(o_price, valid ? price : nan);
    if (want_greeks) {
        VFN(vstore)(o_delta, valid ? SIGNED(T1 * sh->inv_spot) : nan);
        VFN(vstore)(o_gamma, valid ? A * sh->inv_spot * sh->inv_spot * inv_s : nan);
        VFN(vstore)(o_vega, valid ? A * sh->sqrt_t : nan);
        VD carry_theta = SIGNED(VFN(vmuladd)(-r, T2, q * T1));
        VD theta = VFN(vmuladd)(-(A * sig), sh->half_inv_sqrt_t, carry_theta);
        VFN(vstore)(o_theta, valid ? theta : nan);
        VFN(vstore)(o_rho, valid ? SIGNED(t * T2) : nan);
    }
#undef SIGNED
    *valid_count += (size_t)(-__builtin_reduce_add(valid)); /* valid lanes are -1 */
}

size_t VFN(spx_bs_run)(const spx_bs_inputs *in, const spx_bs_outputs *out, int want_greeks) {
    const spx_contracts *c = &in->contracts;
    const size_t n = c->count;
    VCAT(bs_shared_, VSUF) sh;
    sh.valid = 0;
    size_t valid_lanes = 0;
    size_t i = 0;
    for (; i + VW <= n; i += VW) {
        VFN(bs_block)(c->type + i, c->spot + i, c->strike + i, c->t + i, c->rate + i,
                      c->div + i, in->sigma + i, &sh, want_greeks, out->price + i,
                      want_greeks ? out->delta + i : 0, want_greeks ? out->gamma + i : 0,
                      want_greeks ? out->vega + i : 0, want_greeks ? out->theta + i : 0,
                      want_greeks ? out->rho + i : 0, &valid_lanes);
    }
    if (i < n) {
        /* Tail: pad to a whole vector with a harmless option, compute, copy the real lanes. */
        VCAT(contract_lanes_, VSUF) lanes;
        double v[VW];
        double p[VW], d[VW], g[VW], ve[VW], th[VW], rh[VW];
        size_t m = n - i;
        VFN(vpad_contracts)(&lanes, c, i, m);
        VFN(vpad)(v, in->sigma + i, m, 1.0);
        size_t tail_valid = 0;
        VFN(bs_block)(lanes.type, lanes.spot, lanes.strike, lanes.t, lanes.rate, lanes.div, v, &sh,
                      want_greeks, p, d, g, ve, th, rh, &tail_valid);
        valid_lanes += tail_valid - (VW - m); /* padding lanes are valid */
        __builtin_memcpy(out->price + i, p, m * sizeof(double));
        if (want_greeks) {
            __builtin_memcpy(out->delta + i, d, m * sizeof(double));
            __builtin_memcpy(out->gamma + i, g, m * sizeof(double));
            __builtin_memcpy(out->vega + i, ve, m * sizeof(double));
            __builtin_memcpy(out->theta + i, th, m * sizeof(double));
            __builtin_memcpy(out->rho + i, rh, m * sizeof(double));
        }
    }
    return n - valid_lanes;
}
