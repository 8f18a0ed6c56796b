/* Implied-volatility kernel over one lane width; included by iv.c once per SIMD path after
 * vecmath_template.h, whose lane types (VD, VL), names (VFN) and helpers (vexp, vlog, the
 * Mills ratio, the exact two-sum and two-product) it is written over. The method, its error
 * analysis and its measured accuracy are in the comment at the top of iv.c; this file holds
 * the arithmetic that only the solver needs.
 *
 * Every lane runs the same instruction stream: the regions of the normalised Black function
 * and of the solver are selected per lane with vector selects, never with branches, except
 * where a whole vector can skip a formula that none of its lanes needs.
 */

#include "contract_lanes_template.h"

/* e^(zh + zl) as a double-double hi + *lo, relative error below 1e-30 for |zh| <= 700.
 * The discount factors need this: a deep in-the-money time value is the difference of
 * S e^{-qt} and K e^{-rt}, and its relative accuracy is theirs times their ratio to it.
 * z = k ln2 + r with r exact in double-double, r' = r/256, e^{r'} - 1 = E by its Taylor
 * series (leading square exact, the cubic and higher terms in double, which is enough for
 * |r'| <= 0.0014), then E <- 2E + E^2 eight times: kept as e^{r'} - 1 rather than e^{r'},
 * so the squarings carry E's relative error instead of multiplying it by 256. Kept out of
 * line: a block calls it twice, and one copy keeps the wide blocks' code, whose size the
 * instruction cache limits (iv.c), smaller by a sixth at no measured cost. */
static __attribute__((noinline)) VD VFN(iv_exp_dd)(VD zh, VD zl, VD *lo) {
    zh = VFN(vmin)(VFN(vmax)(zh, (VD)-700.0), (VD)700.0);
    VL k;
    VD kd = VFN(vround)(zh * VM_LOG2E, &k);
    VD r1 = zh - kd * VM_LN2_HI; /* exact: Sterbenz, and kd * VM_LN2_HI is exact */
    VD p2l, p2h = VFN(vtwo_prod)(kd, (VD)VM_LN2_LO, &p2l);
    VD e0, rh = VFN(vtwo_sum)(r1, -p2h, &e0);
    VD rl = ((e0 - p2l) - kd * IV_LN2_TAIL) + zl;
    rh = VFN(vfast_two_sum)(rh, rl, &rl);
    rh = rh * (1.0 / 256.0);
    rl = rl * (1.0 / 256.0);
    VD sql, sqh = VFN(vtwo_prod)(rh, rh, &sql);
    /* r'^3/6 in double-double too: in double its rounding, 1e-16 r'^3, would be 1e-23 of
     * the result after the squarings. */
    VD cul, cuh = VFN(vtwo_prod)(sqh, rh, &cul);
    cul = cul + sql * rh;
    VD c6h = cuh * (1.0 / 6.0);
    VD c6e, c6p = VFN(vtwo_prod)(c6h, (VD)6.0, &c6e);
    VD c6l = ((cuh - c6p) - c6e + cul) * (1.0 / 6.0);
    VD tail = (VD)(1.0 / 362880.0);
    tail = VFN(vmuladd)(tail, rh, (VD)(1.0 / 40320.0));
    tail = VFN(vmuladd)(tail, rh, (VD)(1.0 / 5040.0));
    tail = VFN(vmuladd)(tail, rh, (VD)(1.0 / 720.0));
    tail = VFN(vmuladd)(tail, rh, (VD)(1.0 / 120.0));
    tail = VFN(vmuladd)(tail, rh, (VD)(1.0 / 24.0));
    tail = tail * (rh * cuh); /* r'^4/24 + ... */
    VD e1, Eh = VFN(vtwo_sum)(rh, 0.5 * sqh, &e1);
    VD e4, Em = VFN(vtwo_sum)(Eh, c6h, &e4);
    Eh = Em;
    VD El = (e1 + e4) + (0.5 * sql + (c6l + (rl + (rh * rl + tail))));
    Eh = VFN(vfast_two_sum)(Eh, El, &El);
    for (int i = 0; i < 8; i++) {
        VD ql, qh = VFN(vtwo_prod)(Eh, Eh, &ql);
        ql = ql + 2.0 * Eh * El;
        VD e2, h = VFN(vtwo_sum)(2.0 * Eh, qh, &e2);
        Eh = VFN(vfast_two_sum)(h, e2 + ql + 2.0 * El, &El);
    }
    VD e3, h = VFN(vtwo_sum)((VD)1.0, Eh, &e3);
    VD l;
    h = VFN(vfast_two_sum)(h, e3 + El, &l);
    VD scale = VFN(vpow2)(k);
    *lo = l * scale;
    return h * scale;
}

/* Phi^{-1}(p) <= 0 from lp = ln p <= -ln 2, to about 4e-4 absolute: w = sqrt(-2 lp) and
 * Phi^{-1} = -w + R(w), R a [2/3] rational fitted by least squares to the exact quantile on
 * w in [1.18, 40]. Only initial guesses use it. */
static inline VD VFN(iv_norm_quantile_log)(VD lp) {
    VD w = __builtin_elementwise_sqrt(-2.0 * lp);
    VD num = VFN(vmuladd)(VFN(vmuladd)((VD)IV_Q_N2, w, (VD)IV_Q_N1), w, (VD)IV_Q_N0);
    VD den = VFN(vmuladd)(VFN(vmuladd)(VFN(vmuladd)((VD)IV_Q_D3, w, (VD)IV_Q_D2), w, (VD)IV_Q_D1), w, (VD)1.0);
    return num / den - w;
}

/* The normalised Black call b(x, s) = e^{x/2} Phi(x/s + s/2) - e^{-x/2} Phi(x/s - s/2) for
 * x <= 0 (out of the money), with what the Householder steps need. With a = -x/s, t = s/2
 * and phi0 = e^{-(a^2+t^2)/2}/sqrt(2 pi) (= db/ds, the normalised vega):
 *
 *   b = phi0 D,  D = m(a - t) - m(a + t)                     (lo: a >= t, t >= IV_T_SMALL)
 *   D = -2 sum_{k odd <= 11} m^(k)(a) t^k / k!               (small: t < IV_T_SMALL)
 *   bmax - b = phi0 M,  M = m(t - a) + m(t + a)              (hi: a < t, t >= IV_T_SMALL)
 *
 * Each form is a sum of positive terms or a difference that loses at most a factor ~7
 * (lo near a = t), except the derivatives m^(k)(a) of the series, built by the recurrence
 * m^(k+1) = a m^(k) + k m^(k-1) from m' = a m - 1, which lose a factor ~a^2 that the
 * elasticity s b'/b ~ a^2 of the price gives back when inverting (see iv.c). The series is
 * what keeps tiny s exact (the difference form would lose a/s digits). */
typedef struct VCAT(iv_black_parts_, VSUF) {
    VD ln_phi0; /* ln phi0 */
    VD phi0;
    VD d;      /* D (lo, small) */
    VD m;      /* M (hi) */
    VL hi;     /* lanes computed from bmax - b */
    VD b;
    VD gap;    /* bmax - b */
} VCAT(iv_black_parts_, VSUF);

static inline VCAT(iv_black_parts_, VSUF) VFN(iv_black)(VD x, VD s, VD inv_s, VD bmax) {
    VCAT(iv_black_parts_, VSUF) o;
    VD a = -x * inv_s, t = 0.5 * s;
    o.ln_phi0 = -0.5 * (a * a + t * t) - IV_LN_SQRT_2PI;
    o.phi0 = VFN(vexp)(o.ln_phi0);
    VL small = (VL)(t < IV_T_SMALL);
    o.hi = ~small & (VL)(a < t);
    VD d = (VD)1.0, m = (VD)1.0;
    if (__builtin_reduce_or(~small)) {
        VD m_diff, m_sum;
        VFN(vmills2_far)(VFN(vabs)(a - t), a + t, &m_diff, &m_sum);
        d = m_diff - m_sum;
        m = m_diff + m_sum;
    }
    if (__builtin_reduce_or(small)) {
        VD m0 = VFN(vmills_y)(a);
        VD m1 = VFN(vmuladd)(a, m0, (VD)-1.0);
        VD m2 = VFN(vmuladd)(a, m1, m0);
        VD m3 = VFN(vmuladd)(a, m2, 2.0 * m1);
        VD m4 = VFN(vmuladd)(a, m3, 3.0 * m2);
        VD m5 = VFN(vmuladd)(a, m4, 4.0 * m3);
        VD m6 = VFN(vmuladd)(a, m5, 5.0 * m4);
        VD m7 = VFN(vmuladd)(a, m6, 6.0 * m5);
        VD m8 = VFN(vmuladd)(a, m7, 7.0 * m6);
        VD m9 = VFN(vmuladd)(a, m8, 8.0 * m7);
        VD m10 = VFN(vmuladd)(a, m9, 9.0 * m8);
        VD m11 = VFN(vmuladd)(a, m10, 10.0 * m9);
        VD tt = t * t;
        VD sum = m11 * (1.0 / 39916800.0);
        sum = VFN(vmuladd)(sum, tt, m9 * (1.0 / 362880.0));
        sum = VFN(vmuladd)(sum, tt, m7 * (1.0 / 5040.0));
        sum = VFN(vmuladd)(sum, tt, m5 * (1.0 / 120.0));
        sum = VFN(vmuladd)(sum, tt, m3 * (1.0 / 6.0));
        sum = VFN(vmuladd)(sum, tt, m1);
        d = small ? -2.0 * t * sum : d;
    }
    o.d = d;
    o.m = m;
    VD tail = o.phi0 * (o.hi ? m : d);
    o.b = o.hi ? bmax - tail : tail;
    o.gap = o.hi ? tail : bmax - tail;
    return o;
}

/* Normalised inversion: s > 0 with b(x, s) = beta, for x <= 0, 0 < beta < bmax = e^{x/2},
 * gamma = bmax - beta given separately (it is known to full relative accuracy when beta is
 * close to bmax, where bmax - beta in double would not be). */
static inline VD VFN(iv_solve_normalised)(VD x, VD beta, VD gamma, VD bmax) {
    const VD ax = -x;
    const VD ln_beta = VFN(vlog)(beta);
    const VD ln_gamma = VFN(vlog)(gamma);

    /* Inflection point s_c = sqrt(2|x|) of b(s), where the tangent has slope bmax/sqrt(2pi). */
    const VD s_c = VFN(vmax)(__builtin_elementwise_sqrt(2.0 * ax), (VD)1e-150);
    const VD b_c = VFN(iv_black)(x, s_c, 1.0 / s_c, bmax).b;
    const VD v_c = bmax * IV_INV_SQRT_2PI;
    const VL lower = (VL)(beta <= b_c);
    const VL upper = ~lower & (VL)(beta > 0.5 * bmax);
    const VL middle = ~lower & ~upper;

    /* Guesses. Tangent at s_c; lower map: b ~ (2 pi |x| / 3^1.5) Phi(-|x| / (sqrt3 s))^3 as
     * s -> 0, inverted in closed form; upper map: bmax - b ~ 2 Phi(-s/2) as s -> inf. */
    const VD s_tangent = s_c + (beta - b_c) / v_c;
    const VD ln_w = (ln_beta - VFN(vlog)(VFN(vmax)(ax, (VD)1e-300)) - IV_LN_2PI_OVER_3SQRT3) * (1.0 / 3.0);
    const VD z_low = VFN(iv_norm_quantile_log)(VFN(vmin)(ln_w, (VD)(-IV_LN2 - 1e-3)));
    const VD s_low = ln_w < -IV_LN2 ? ax / (IV_SQRT3 * -z_low) : (VD)__builtin_inf();
    const VD z_up = VFN(iv_norm_quantile_log)(VFN(vmin)(ln_gamma - IV_LN2, (VD)-IV_LN2));
    const VD s_up = -2.0 * z_up;
    VD s = lower ? (s_tangent > 0.0 ? VFN(vmin)(s_low, s_tangent) : s_low)
                 : (upper ? s_up : s_tangent);
    s = ((s > 0.0) & (s < IV_S_MAX)) ? s : s_c;

    const VD s_floor = VFN(vmax)(ax * (1.0 / IV_A_MAX), (VD)1e-300);
    const VD inv_ln_beta = 1.0 / ln_beta;
    for (int iter = 0; iter < IV_HOUSEHOLDER_STEPS; iter++) {
        VD inv_s = 1.0 / s;
        VCAT(iv_black_parts_, VSUF) k = VFN(iv_black)(x, s, inv_s, bmax);
        VD a = ax * inv_s;
        VD h2 = (a * a - 0.25 * s * s) * inv_s;                /* b''/b' */
        VD h3 = h2 * h2 - 3.0 * a * a * inv_s * inv_s - 0.25; /* b'''/b' */

        /* One logarithm serves the lower (ln b) and upper (ln(bmax - b)) objectives. */
        VD log_arg = lower ? (k.hi ? k.b : k.d) : (k.hi ? k.m : k.gap);
        VD log_off = lower ? (k.hi ? (VD)0.0 : k.ln_phi0) : (k.hi ? k.ln_phi0 : (VD)0.0);
        VD lv = log_off + VFN(vlog)(log_arg);

        /* rho = b'/b (lower) or (bmax - b)'/(bmax - b) (upper): one division for both. */
        VD rho_num = lower ? (k.hi ? k.phi0 : (VD)1.0) : (k.hi ? (VD)-1.0 : -k.phi0);
        VD rho = rho_num / log_arg;
        /* Objectives f: lower 1/ln b - 1/ln beta, upper ln(bmax - b) - ln gamma, middle
         * b - beta. nu = -f/f' = num/den, H2 = f''/f', H3 = f'''/f' (from h2, h3, rho). */
        VD inv_L = 1.0 / lv;
        VD num = lower ? lv * (ln_beta - lv) * inv_ln_beta : (upper ? ln_gamma - lv : beta - k.b);
        VD nu = num / (middle ? k.phi0 : rho);
        VD h2_lu = (h2 - rho) - (lower ? 2.0 * rho * inv_L : (VD)0.0);
        VD h3_lu = (h3 - 3.0 * h2 * rho + 2.0 * rho * rho) +
                   (lower ? 6.0 * rho * inv_L * (rho * inv_L - (h2 - rho)) : (VD)0.0);
        VD H2 = middle ? h2 : h2_lu;
        VD H3 = middle ? h3 : h3_lu;
        VD step = nu * VFN(vmuladd)(0.5 * H2, nu, (VD)1.0) /
                  VFN(vmuladd)(nu, VFN(vmuladd)(H3 * (1.0 / 6.0), nu, H2), (VD)1.0);
        VD next = s + step;
        /* A step that leaves (s/8, 8s), or is not a number, is a wild one: bound it. */
        next = next == next ? next : s;
        next = VFN(vmin)(VFN(vmax)(next, 0.125 * s), 8.0 * s);
        s = VFN(vmin)(VFN(vmax)(next, s_floor), (VD)IV_S_MAX);
    }
    return s;
}

/* One vector of quotes. Returns the number of lanes whose status is not ok. */
static inline size_t VFN(iv_block)(const int8_t *type, const double *spot, const double *strike,
                                   const double *tt, const double *rate, const double *div,
                                   const double *price, double *o_sigma, uint8_t *o_status) {
    VD S = VFN(vload)(spot), K = VFN(vload)(strike), t = VFN(vload)(tt);
    VD r = VFN(vload)(rate), q = VFN(vload)(div), p = VFN(vload)(price);
    VD th = VFN(vtype)(type);
    const double inf = __builtin_inf();

    const VL valid = (S > 0.0) & (S < inf) & (K > 0.0) & (K < inf) & (t > 0.0) & (t < inf) &
                     (p > 0.0) & (p < inf) & (VFN(vabs)(r) < inf) & (VFN(vabs)(q) < inf) &
                     ((th == 1.0) | (th == -1.0));
    /* Invalid lanes compute a harmless quote instead, so no NaN or infinity flows. */
    S = valid ? S : 1.0;
    K = valid ? K : 1.0;
    t = valid ? t : 1.0;
    r = valid ? r : 0.0;
    q = valid ? q : 0.0;
    p = valid ? p : 0.25;
    th = valid ? th : 1.0;

    /* u = S e^{-qt}, v = K e^{-rt} as double-doubles. */
    VD zql, zqh = VFN(vtwo_prod)(-q, t, &zql);
    VD zrl, zrh = VFN(vtwo_prod)(-r, t, &zrl);
    VD dql, dqh = VFN(iv_exp_dd)(zqh, zql, &dql);
    VD drl, drh = VFN(iv_exp_dd)(zrh, zrl, &drl);
    VD ul, uh = VFN(vtwo_prod)(S, dqh, &ul);
    uh = VFN(vfast_two_sum)(uh, ul + S * dql, &ul);
    VD vl, vh = VFN(vtwo_prod)(K, drh, &vl);
    vh = VFN(vfast_two_sum)(vh, vl + K * drl, &vl);

    /* Forward intrinsic u - v; the time value tau and the room below the maximum,
     * min(u, v) - tau, both in double-double. */
    VD dl, dh = VFN(vtwo_sum)(uh, -vh, &dl);
    dh = VFN(vfast_two_sum)(dh, dl + (ul - vl), &dl);
    const VL in_money = (VL)(th * dh > 0.0);
    VD sgn = dh < 0.0 ? (VD)-1.0 : (VD)1.0;
    VD ih = in_money ? sgn * dh : (VD)0.0, il = in_money ? sgn * dl : (VD)0.0;
    VD tl, tauh = VFN(vtwo_sum)(p, -ih, &tl);
    tauh = VFN(vfast_two_sum)(tauh, tl - il, &tl);
    VD caph = dh > 0.0 ? vh : uh, capl = dh > 0.0 ? vl : ul;
    VD gl, gaph = VFN(vtwo_sum)(caph, -tauh, &gl);
    gaph = VFN(vfast_two_sum)(gaph, gl + (capl - tl), &gl);

    const VL below = valid & (VL)(tauh <= 0.0);
    const VL above = valid & ~below & (VL)(gaph <= 0.0);
    const VL ok = valid & ~below & ~above;

    /* x = ln(u/v): the rounding of u/v is carried by an exact residual, so x is accurate to
     * a few ulp of itself however close to the money. */
    VD ratio = uh / vh;
    VD pl, ph = VFN(vtwo_prod)(ratio, vh, &pl);
    VD residual = ((uh - ph) - pl) + (ul - ratio * vl);
    VD x = VFN(vlog)(ratio) + residual / uh;
    VD xn = -VFN(vabs)(x);
    VD norm = 1.0 / (__builtin_elementwise_sqrt(uh) * __builtin_elementwise_sqrt(vh));
    VD beta = (tauh + tl) * norm;
    VD gamma = (gaph + gl) * norm;
    VD bmax = VFN(vexp)(0.5 * xn);
    xn = ok ? xn : (VD)0.0;
    beta = ok ? beta : (VD)0.5;
    gamma = ok ? gamma : (VD)0.5;
    bmax = ok ? bmax : (VD)1.0;

    VD s = VFN(iv_solve_normalised)(xn, beta, gamma, bmax);
    VD sigma = s / __builtin_elementwise_sqrt(t);
    VFN(vstore)(o_sigma, ok ? sigma : (VD)__builtin_nan(""));
    VL code = valid ? (below ? (VL)SPX_IV_BELOW_INTRINSIC : (above ? (VL)SPX_IV_ABOVE_MAX : (VL)SPX_IV_OK))
                    : (VL)SPX_IV_INVALID;
    for (int j = 0; j < VW; j++) o_status[j] = (uint8_t)code[j];
    return (size_t)(VW + __builtin_reduce_add(ok)); /* ok lanes are -1 */
}

/* Quotes [first, first + n) of `in`, VW at a time; a last partial vector is padded with a
 * valid quote, solved whole, and only its real lanes copied out. Writes sigma[first...] and
 * status[first...]; returns the number of quotes not ok. */
static size_t VFN(iv_span)(const spx_iv_inputs *in, size_t first, size_t n, double *sigma, uint8_t *status) {
    const spx_contracts *c = &in->contracts;
    const size_t end = first + n;
    size_t bad = 0;
    size_t i = first;
    for (; i + VW <= end; i += VW)
        bad += VFN(iv_block)(c->type + i, c->spot + i, c->strike + i, c->t + i,
                             c->rate + i, c->div + i, in->price + i, sigma + i, status + i);
    if (i < end) {
        VCAT(contract_lanes_, VSUF) lanes;
        double p[VW], o[VW];
        uint8_t st[VW];
        size_t m = end - i;
        VFN(vpad_contracts)(&lanes, c, i, m);
        VFN(vpad)(p, in->price + i, m, 0.25);
        bad += VFN(iv_block)(lanes.type, lanes.spot, lanes.strike, lanes.t, lanes.rate, lanes.div, p, o, st);
        __builtin_memcpy(sigma + i, o, m * sizeof(double));
        __builtin_memcpy(status + i, st, m);
    }
    return bad;
}
