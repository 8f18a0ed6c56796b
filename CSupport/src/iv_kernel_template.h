/* Implied-volatility kernel over one lane width; included by iv.c once per SIMD path with
 * VW (lanes per vector), VSUF (name suffix) and IV_FMA (1 where the target has fused
 * multiply-add) defined. The method, its error analysis and its measured accuracy are in the
 * comment at the top of iv.c; this file holds the arithmetic.
 *
 * Every lane runs the same instruction stream: the regions of the normalised Black function
 * and of the solver are selected per lane with vector selects, never with branches, except
 * where a whole vector can skip a formula that none of its lanes needs.
 */

#define IV_CAT2(a, b) a##b
#define IV_CAT(a, b) IV_CAT2(a, b)
#define VD IV_CAT(ivd_, VSUF)
#define VL IV_CAT(ivl_, VSUF)
#define VB IV_CAT(ivb_, VSUF)
#define VFN(name) IV_CAT(name##_, VSUF)

typedef double VD __attribute__((ext_vector_type(VW)));
typedef int64_t VL __attribute__((ext_vector_type(VW)));
typedef int8_t VB __attribute__((ext_vector_type(VW)));

static inline VD VFN(iv_load)(const double *p) {
    VD v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

static inline void VFN(iv_store)(double *p, VD v) { __builtin_memcpy(p, &v, sizeof v); }

static inline VD VFN(iv_load_type)(const int8_t *p) {
    VB b;
    __builtin_memcpy(&b, p, sizeof b);
    return __builtin_convertvector(b, VD);
}

static inline VD VFN(iv_abs)(VD a) { return __builtin_elementwise_abs(a); }
static inline VD VFN(iv_min)(VD a, VD b) { return a < b ? a : b; }
static inline VD VFN(iv_max)(VD a, VD b) { return a > b ? a : b; }

/* a*b + c: fused where the target has it (one rounding), two roundings on the plain scalar
 * path, where a library fma() call would cost more than the whole polynomial. */
static inline VD VFN(iv_mad)(VD a, VD b, VD c) {
#if IV_FMA
    return __builtin_elementwise_fma(a, b, c);
#else
    return a * b + c;
#endif
}

/* a*b = hi + *lo exactly (barring over/underflow). */
static inline VD VFN(iv_two_prod)(VD a, VD b, VD *lo) {
    VD p = a * b;
#if IV_FMA
    *lo = __builtin_elementwise_fma(a, b, -p);
#else
    /* Dekker: split each factor into 26-bit halves so that partial products are exact. */
    const double split = 134217729.0; /* 2^27 + 1 */
    VD ca = split * a, cb = split * b;
    VD ah = ca - (ca - a), bh = cb - (cb - b);
    VD al = a - ah, bl = b - bh;
    *lo = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
#endif
    return p;
}

/* a + b = hi + *lo exactly, for any order of magnitude. */
static inline VD VFN(iv_two_sum)(VD a, VD b, VD *lo) {
    VD s = a + b;
    VD bb = s - a;
    *lo = (a - (s - bb)) + (b - bb);
    return s;
}

/* a + b = hi + *lo exactly, given |a| >= |b| or a == 0. */
static inline VD VFN(iv_fast_two_sum)(VD a, VD b, VD *lo) {
    VD s = a + b;
    *lo = b - (s - a);
    return s;
}

/* 2^k for integral k in [-1022, 1023]. */
static inline VD VFN(iv_pow2)(VL k) { return __builtin_bit_cast(VD, (k + 1023) << 52); }

/* The integer nearest x (|x| < 2^51) and that integer as a double, by the 1.5 * 2^52 shift. */
static inline VD VFN(iv_round)(VD x, VL *k) {
    VD shifted = x + IV_ROUND_SHIFT;
    *k = __builtin_bit_cast(VL, shifted) - __builtin_bit_cast(int64_t, IV_ROUND_SHIFT);
    return shifted - IV_ROUND_SHIFT;
}

/* e^x to 2 ulp on [-745, 709]: x = k ln2 + r (Cody-Waite: k * IV_LN2_HI is exact because
 * IV_LN2_HI has 32 significant bits), e^r by its Taylor series to degree 13 (truncation
 * below 4e-18 relative for |r| <= ln2/2), 2^k applied in two halves so that subnormal
 * results are formed correctly. Arguments below -745 give 0. */
static inline VD VFN(iv_exp)(VD x) {
    x = VFN(iv_min)(VFN(iv_max)(x, (VD)-746.0), (VD)709.5);
    VL k;
    VD kd = VFN(iv_round)(x * IV_LOG2E, &k);
    VD r = (x - kd * IV_LN2_HI) - kd * IV_LN2_MID;
    VD p = (VD)(1.0 / 6227020800.0);
    p = VFN(iv_mad)(p, r, (VD)(1.0 / 479001600.0));
    p = VFN(iv_mad)(p, r, (VD)(1.0 / 39916800.0));
    p = VFN(iv_mad)(p, r, (VD)(1.0 / 3628800.0));
    p = VFN(iv_mad)(p, r, (VD)(1.0 / 362880.0));
    p = VFN(iv_mad)(p, r, (VD)(1.0 / 40320.0));
    p = VFN(iv_mad)(p, r, (VD)(1.0 / 5040.0));
    p = VFN(iv_mad)(p, r, (VD)(1.0 / 720.0));
    p = VFN(iv_mad)(p, r, (VD)(1.0 / 120.0));
    p = VFN(iv_mad)(p, r, (VD)(1.0 / 24.0));
    p = VFN(iv_mad)(p, r, (VD)(1.0 / 6.0));
    p = VFN(iv_mad)(p, r, (VD)0.5);
    p = VFN(iv_mad)(p * r, r, r); /* r + r^2 p: the small part is added last */
    p = p + 1.0;
    VL k1 = k >> 1;
    return p * VFN(iv_pow2)(k1) * VFN(iv_pow2)(k - k1);
}

/* ln x to 1 ulp for x > 0 (subnormals included): x = 2^e m with m in [sqrt2/2, sqrt2),
 * f = m - 1 exact, s = f/(2+f), ln(1+f) = 2s + 2s^3/3 + ... = f - s (f - R) with
 * R = 2 s^2 (1/3 + s^2/5 + ...) to s^22 (truncation below 1e-18 relative), and e ln2 added
 * in two parts so that e * IV_LN2_HI is exact. */
static inline VD VFN(iv_log)(VD x) {
    VL tiny = (VL)(x < 0x1p-1022);
    x = tiny ? x * 0x1p54 : x;
    VL bits = __builtin_bit_cast(VL, x);
    VL e = ((bits >> 52) & 0x7ff) - 1023 + (tiny & -54);
    VL mbits = (bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL;
    VL big = (VL)(__builtin_bit_cast(VD, mbits) > 0x1.6a09e667f3bcdp0);
    mbits = mbits + (big & -(1LL << 52)); /* m / 2 */
    e = e - big;
    VD m = __builtin_bit_cast(VD, mbits);
    VD ed = __builtin_convertvector(e, VD);
    VD f = m - 1.0;
    VD s = f / (f + 2.0);
    VD z = s * s;
    VD p = (VD)(1.0 / 23.0);
    p = VFN(iv_mad)(p, z, (VD)(1.0 / 21.0));
    p = VFN(iv_mad)(p, z, (VD)(1.0 / 19.0));
    p = VFN(iv_mad)(p, z, (VD)(1.0 / 17.0));
    p = VFN(iv_mad)(p, z, (VD)(1.0 / 15.0));
    p = VFN(iv_mad)(p, z, (VD)(1.0 / 13.0));
    p = VFN(iv_mad)(p, z, (VD)(1.0 / 11.0));
    p = VFN(iv_mad)(p, z, (VD)(1.0 / 9.0));
    p = VFN(iv_mad)(p, z, (VD)(1.0 / 7.0));
    p = VFN(iv_mad)(p, z, (VD)(1.0 / 5.0));
    p = VFN(iv_mad)(p, z, (VD)(1.0 / 3.0));
    VD R = 2.0 * z * p;
    VD lo = (ed * IV_LN2_MID - s * (f - R)) + f;
    return ed * IV_LN2_HI + lo;
}

/* e^(zh + zl) as a double-double hi + *lo, relative error below 1e-30 for |zh| <= 700.
 * The discount factors need this: a deep in-the-money time value is the difference of
 * S e^{-qt} and K e^{-rt}, and its relative accuracy is theirs times their ratio to it.
 * z = k ln2 + r with r exact in double-double, r' = r/256, e^{r'} - 1 = E by its Taylor
 * series (leading square exact, the cubic and higher terms in double, which is enough for
 * |r'| <= 0.0014), then E <- 2E + E^2 eight times: kept as e^{r'} - 1 rather than e^{r'},
 * so the squarings carry E's relative error instead of multiplying it by 256. */
static inline VD VFN(iv_exp_dd)(VD zh, VD zl, VD *lo) {
    zh = VFN(iv_min)(VFN(iv_max)(zh, (VD)-700.0), (VD)700.0);
    VL k;
    VD kd = VFN(iv_round)(zh * IV_LOG2E, &k);
    VD r1 = zh - kd * IV_LN2_HI; /* exact: Sterbenz, and kd * IV_LN2_HI is exact */
    VD p2l, p2h = VFN(iv_two_prod)(kd, (VD)IV_LN2_MID, &p2l);
    VD e0, rh = VFN(iv_two_sum)(r1, -p2h, &e0);
    VD rl = ((e0 - p2l) - kd * IV_LN2_LO) + zl;
    rh = VFN(iv_fast_two_sum)(rh, rl, &rl);
    rh = rh * (1.0 / 256.0);
    rl = rl * (1.0 / 256.0);
    VD sql, sqh = VFN(iv_two_prod)(rh, rh, &sql);
    /* r'^3/6 in double-double too: in double its rounding, 1e-16 r'^3, would be 1e-23 of
     * the result after the squarings. */
    VD cul, cuh = VFN(iv_two_prod)(sqh, rh, &cul);
    cul = cul + sql * rh;
    VD c6h = cuh * (1.0 / 6.0);
    VD c6e, c6p = VFN(iv_two_prod)(c6h, (VD)6.0, &c6e);
    VD c6l = ((cuh - c6p) - c6e + cul) * (1.0 / 6.0);
    VD tail = (VD)(1.0 / 362880.0);
    tail = VFN(iv_mad)(tail, rh, (VD)(1.0 / 40320.0));
    tail = VFN(iv_mad)(tail, rh, (VD)(1.0 / 5040.0));
    tail = VFN(iv_mad)(tail, rh, (VD)(1.0 / 720.0));
    tail = VFN(iv_mad)(tail, rh, (VD)(1.0 / 120.0));
    tail = VFN(iv_mad)(tail, rh, (VD)(1.0 / 24.0));
    tail = tail * (rh * cuh); /* r'^4/24 + ... */
    VD e1, Eh = VFN(iv_two_sum)(rh, 0.5 * sqh, &e1);
    VD e4, Em = VFN(iv_two_sum)(Eh, c6h, &e4);
    Eh = Em;
    VD El = (e1 + e4) + (0.5 * sql + (c6l + (rl + (rh * rl + tail))));
    Eh = VFN(iv_fast_two_sum)(Eh, El, &El);
    for (int i = 0; i < 8; i++) {
        VD ql, qh = VFN(iv_two_prod)(Eh, Eh, &ql);
        ql = ql + 2.0 * Eh * El;
        VD e2, h = VFN(iv_two_sum)(2.0 * Eh, qh, &e2);
        Eh = VFN(iv_fast_two_sum)(h, e2 + ql + 2.0 * El, &El);
    }
    VD e3, h = VFN(iv_two_sum)((VD)1.0, Eh, &e3);
    VD l;
    h = VFN(iv_fast_two_sum)(h, e3 + El, &l);
    VD scale = VFN(iv_pow2)(k);
    *lo = l * scale;
    return h * scale;
}

/* Mills ratio m(y) = Phi(-y)/phi(y) for y >= 0: the polynomial of mills_coefficients.h on
 * [0, 40] (given inv = 1/(min(y, 40) + 4), so that callers can share one division), and
 * beyond it the asymptotic series (1/y)(1 - 1/y^2 + 3/y^4 - ...), whose first omitted term
 * is below 1e-17 relative at y = 40. Only iterates far from any solution reach y > 40. */
static inline VD VFN(iv_mills_with)(VD y, VD inv) {
    VD yc = VFN(iv_min)(y, (VD)MILLS_Y_MAX);
    VD u = ((yc - MILLS_K) * inv - MILLS_Z_MID) * MILLS_Z_INV_HALF;
    /* Estrin's scheme: the same sum as Horner's with a fifth of its dependency chain. */
    VD u2 = u * u, u4 = u2 * u2, u8 = u4 * u4, u16 = u8 * u8;
    const double *c = mills_coefficients;
    VD p0 = VFN(iv_mad)((VD)c[1], u, (VD)c[0]), p1 = VFN(iv_mad)((VD)c[3], u, (VD)c[2]);
    VD p2 = VFN(iv_mad)((VD)c[5], u, (VD)c[4]), p3 = VFN(iv_mad)((VD)c[7], u, (VD)c[6]);
    VD p4 = VFN(iv_mad)((VD)c[9], u, (VD)c[8]), p5 = VFN(iv_mad)((VD)c[11], u, (VD)c[10]);
    VD p6 = VFN(iv_mad)((VD)c[13], u, (VD)c[12]), p7 = VFN(iv_mad)((VD)c[15], u, (VD)c[14]);
    VD p8 = VFN(iv_mad)((VD)c[17], u, (VD)c[16]), p9 = VFN(iv_mad)((VD)c[19], u, (VD)c[18]);
    VD p10 = VFN(iv_mad)((VD)c[21], u, (VD)c[20]), p11 = VFN(iv_mad)((VD)c[23], u, (VD)c[22]);
    VD q0 = VFN(iv_mad)(p1, u2, p0), q1 = VFN(iv_mad)(p3, u2, p2);
    VD q2 = VFN(iv_mad)(p5, u2, p4), q3 = VFN(iv_mad)(p7, u2, p6);
    VD q4 = VFN(iv_mad)(p9, u2, p8), q5 = VFN(iv_mad)(p11, u2, p10);
    VD r0 = VFN(iv_mad)(q1, u4, q0), r1 = VFN(iv_mad)(q3, u4, q2), r2 = VFN(iv_mad)(q5, u4, q4);
    VD low = VFN(iv_mad)(r1, u8, r0);
    VD high = VFN(iv_mad)((VD)c[24], u8, r2);
    VD poly = VFN(iv_mad)(high, u16, low) * inv;
    VL far = (VL)(y > MILLS_Y_MAX);
    if (__builtin_reduce_or(far)) {
        VD r = 1.0 / VFN(iv_max)(y, (VD)MILLS_Y_MAX);
        VD r2 = r * r;
        VD a = (VD)10395.0;
        a = VFN(iv_mad)(a, r2, (VD)-945.0);
        a = VFN(iv_mad)(a, r2, (VD)105.0);
        a = VFN(iv_mad)(a, r2, (VD)-15.0);
        a = VFN(iv_mad)(a, r2, (VD)3.0);
        a = VFN(iv_mad)(a, r2, (VD)-1.0);
        a = VFN(iv_mad)(a * r2, r, r);
        poly = far ? a : poly;
    }
    return poly;
}

static inline VD VFN(iv_mills)(VD y) {
    return VFN(iv_mills_with)(y, 1.0 / (VFN(iv_min)(y, (VD)MILLS_Y_MAX) + MILLS_K));
}

/* m(y1) and m(y2) with one division: 1/A = B/(AB), 1/B = A/(AB). */
static inline void VFN(iv_mills_pair)(VD y1, VD y2, VD *m1, VD *m2) {
    VD a = VFN(iv_min)(y1, (VD)MILLS_Y_MAX) + MILLS_K, b = VFN(iv_min)(y2, (VD)MILLS_Y_MAX) + MILLS_K;
    VD inv_ab = 1.0 / (a * b);
    *m1 = VFN(iv_mills_with)(y1, b * inv_ab);
    *m2 = VFN(iv_mills_with)(y2, a * inv_ab);
}

/* Phi^{-1}(p) <= 0 from lp = ln p <= -ln 2, to about 4e-4 absolute: w = sqrt(-2 lp) and
 * Phi^{-1} = -w + R(w), R a [2/3] rational fitted by least squares to the exact quantile on
 * w in [1.18, 40]. Only initial guesses use it. */
static inline VD VFN(iv_norm_quantile_log)(VD lp) {
    VD w = __builtin_elementwise_sqrt(-2.0 * lp);
    VD num = VFN(iv_mad)(VFN(iv_mad)((VD)IV_Q_N2, w, (VD)IV_Q_N1), w, (VD)IV_Q_N0);
    VD den = VFN(iv_mad)(VFN(iv_mad)(VFN(iv_mad)((VD)IV_Q_D3, w, (VD)IV_Q_D2), w, (VD)IV_Q_D1), w, (VD)1.0);
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
typedef struct IV_CAT(iv_black_parts_, VSUF) {
    VD ln_phi0; /* ln phi0 */
    VD phi0;
    VD d;      /* D (lo, small) */
    VD m;      /* M (hi) */
    VL hi;     /* lanes computed from bmax - b */
    VD b;
    VD gap;    /* bmax - b */
} IV_CAT(iv_black_parts_, VSUF);

static inline IV_CAT(iv_black_parts_, VSUF) VFN(iv_black)(VD x, VD s, VD inv_s, VD bmax) {
    IV_CAT(iv_black_parts_, VSUF) o;
    VD a = -x * inv_s, t = 0.5 * s;
    o.ln_phi0 = -0.5 * (a * a + t * t) - IV_LN_SQRT_2PI;
    o.phi0 = VFN(iv_exp)(o.ln_phi0);
    VL small = (VL)(t < IV_T_SMALL);
    o.hi = ~small & (VL)(a < t);
    VD d = (VD)1.0, m = (VD)1.0;
    if (__builtin_reduce_or(~small)) {
        VD m_diff, m_sum;
        VFN(iv_mills_pair)(VFN(iv_abs)(a - t), a + t, &m_diff, &m_sum);
        d = m_diff - m_sum;
        m = m_diff + m_sum;
    }
    if (__builtin_reduce_or(small)) {
        VD m0 = VFN(iv_mills)(a);
        VD m1 = VFN(iv_mad)(a, m0, (VD)-1.0);
        VD m2 = VFN(iv_mad)(a, m1, m0);
        VD m3 = VFN(iv_mad)(a, m2, 2.0 * m1);
        VD m4 = VFN(iv_mad)(a, m3, 3.0 * m2);
        VD m5 = VFN(iv_mad)(a, m4, 4.0 * m3);
        VD m6 = VFN(iv_mad)(a, m5, 5.0 * m4);
        VD m7 = VFN(iv_mad)(a, m6, 6.0 * m5);
        VD m8 = VFN(iv_mad)(a, m7, 7.0 * m6);
        VD m9 = VFN(iv_mad)(a, m8, 8.0 * m7);
        VD m10 = VFN(iv_mad)(a, m9, 9.0 * m8);
        VD m11 = VFN(iv_mad)(a, m10, 10.0 * m9);
        VD tt = t * t;
        VD sum = m11 * (1.0 / 39916800.0);
        sum = VFN(iv_mad)(sum, tt, m9 * (1.0 / 362880.0));
        sum = VFN(iv_mad)(sum, tt, m7 * (1.0 / 5040.0));
        sum = VFN(iv_mad)(sum, tt, m5 * (1.0 / 120.0));
        sum = VFN(iv_mad)(sum, tt, m3 * (1.0 / 6.0));
        sum = VFN(iv_mad)(sum, tt, m1);
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
    const VD ln_beta = VFN(iv_log)(beta);
    const VD ln_gamma = VFN(iv_log)(gamma);

    /* Inflection point s_c = sqrt(2|x|) of b(s), where the tangent has slope bmax/sqrt(2pi). */
    const VD s_c = VFN(iv_max)(__builtin_elementwise_sqrt(2.0 * ax), (VD)1e-150);
    const VD b_c = VFN(iv_black)(x, s_c, 1.0 / s_c, bmax).b;
    const VD v_c = bmax * IV_INV_SQRT_2PI;
    const VL lower = (VL)(beta <= b_c);
    const VL upper = ~lower & (VL)(beta > 0.5 * bmax);
    const VL middle = ~lower & ~upper;

    /* Guesses. Tangent at s_c; lower map: b ~ (2 pi |x| / 3^1.5) Phi(-|x| / (sqrt3 s))^3 as
     * s -> 0, inverted in closed form; upper map: bmax - b ~ 2 Phi(-s/2) as s -> inf. */
    const VD s_tangent = s_c + (beta - b_c) / v_c;
    const VD ln_w = (ln_beta - VFN(iv_log)(VFN(iv_max)(ax, (VD)1e-300)) - IV_LN_2PI_OVER_3SQRT3) * (1.0 / 3.0);
    const VD z_low = VFN(iv_norm_quantile_log)(VFN(iv_min)(ln_w, (VD)(-IV_LN2 - 1e-3)));
    const VD s_low = ln_w < -IV_LN2 ? ax / (IV_SQRT3 * -z_low) : (VD)__builtin_inf();
    const VD z_up = VFN(iv_norm_quantile_log)(VFN(iv_min)(ln_gamma - IV_LN2, (VD)-IV_LN2));
    const VD s_up = -2.0 * z_up;
    VD s = lower ? (s_tangent > 0.0 ? VFN(iv_min)(s_low, s_tangent) : s_low)
                 : (upper ? s_up : s_tangent);
    s = ((s > 0.0) & (s < IV_S_MAX)) ? s : s_c;

    const VD s_floor = VFN(iv_max)(ax * (1.0 / IV_A_MAX), (VD)1e-300);
    const VD inv_ln_beta = 1.0 / ln_beta;
    for (int iter = 0; iter < IV_HOUSEHOLDER_STEPS; iter++) {
        VD inv_s = 1.0 / s;
        IV_CAT(iv_black_parts_, VSUF) k = VFN(iv_black)(x, s, inv_s, bmax);
        VD a = ax * inv_s;
        VD h2 = (a * a - 0.25 * s * s) * inv_s;                /* b''/b' */
        VD h3 = h2 * h2 - 3.0 * a * a * inv_s * inv_s - 0.25; /* b'''/b' */

        /* One logarithm serves the lower (ln b) and upper (ln(bmax - b)) objectives. */
        VD log_arg = lower ? (k.hi ? k.b : k.d) : (k.hi ? k.m : k.gap);
        VD log_off = lower ? (k.hi ? (VD)0.0 : k.ln_phi0) : (k.hi ? k.ln_phi0 : (VD)0.0);
        VD lv = log_off + VFN(iv_log)(log_arg);

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
        VD step = nu * VFN(iv_mad)(0.5 * H2, nu, (VD)1.0) /
                  VFN(iv_mad)(nu, VFN(iv_mad)(H3 * (1.0 / 6.0), nu, H2), (VD)1.0);
        VD next = s + step;
        /* A step that leaves (s/8, 8s), or is not a number, is a wild one: bound it. */
        next = next == next ? next : s;
        next = VFN(iv_min)(VFN(iv_max)(next, 0.125 * s), 8.0 * s);
        s = VFN(iv_min)(VFN(iv_max)(next, s_floor), (VD)IV_S_MAX);
    }
    return s;
}

/* One vector of quotes. Returns the number of lanes whose status is not ok. */
static inline size_t VFN(iv_block)(const int8_t *type, const double *spot, const double *strike,
                                   const double *tt, const double *rate, const double *div,
                                   const double *price, double *o_sigma, uint8_t *o_status) {
    VD S = VFN(iv_load)(spot), K = VFN(iv_load)(strike), t = VFN(iv_load)(tt);
    VD r = VFN(iv_load)(rate), q = VFN(iv_load)(div), p = VFN(iv_load)(price);
    VD th = VFN(iv_load_type)(type);
    const double inf = __builtin_inf();

    const VL valid = (S > 0.0) & (S < inf) & (K > 0.0) & (K < inf) & (t > 0.0) & (t < inf) &
                     (p > 0.0) & (p < inf) & (VFN(iv_abs)(r) < inf) & (VFN(iv_abs)(q) < inf) &
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
    VD zql, zqh = VFN(iv_two_prod)(-q, t, &zql);
    VD zrl, zrh = VFN(iv_two_prod)(-r, t, &zrl);
    VD dql, dqh = VFN(iv_exp_dd)(zqh, zql, &dql);
    VD drl, drh = VFN(iv_exp_dd)(zrh, zrl, &drl);
    VD ul, uh = VFN(iv_two_prod)(S, dqh, &ul);
    uh = VFN(iv_fast_two_sum)(uh, ul + S * dql, &ul);
    VD vl, vh = VFN(iv_two_prod)(K, drh, &vl);
    vh = VFN(iv_fast_two_sum)(vh, vl + K * drl, &vl);

    /* Forward intrinsic u - v; the time value tau and the room below the maximum,
     * min(u, v) - tau, both in double-double. */
    VD dl, dh = VFN(iv_two_sum)(uh, -vh, &dl);
    dh = VFN(iv_fast_two_sum)(dh, dl + (ul - vl), &dl);
    const VL in_money = (VL)(th * dh > 0.0);
    VD sgn = dh < 0.0 ? (VD)-1.0 : (VD)1.0;
    VD ih = in_money ? sgn * dh : (VD)0.0, il = in_money ? sgn * dl : (VD)0.0;
    VD tl, tauh = VFN(iv_two_sum)(p, -ih, &tl);
    tauh = VFN(iv_fast_two_sum)(tauh, tl - il, &tl);
    VD caph = dh > 0.0 ? vh : uh, capl = dh > 0.0 ? vl : ul;
    VD gl, gaph = VFN(iv_two_sum)(caph, -tauh, &gl);
    gaph = VFN(iv_fast_two_sum)(gaph, gl + (capl - tl), &gl);

    const VL below = valid & (VL)(tauh <= 0.0);
    const VL above = valid & ~below & (VL)(gaph <= 0.0);
    const VL ok = valid & ~below & ~above;

    /* x = ln(u/v): the rounding of u/v is carried by an exact residual, so x is accurate to
     * a few ulp of itself however close to the money. */
    VD ratio = uh / vh;
    VD pl, ph = VFN(iv_two_prod)(ratio, vh, &pl);
    VD residual = ((uh - ph) - pl) + (ul - ratio * vl);
    VD x = VFN(iv_log)(ratio) + residual / uh;
    VD xn = -VFN(iv_abs)(x);
    VD norm = 1.0 / (__builtin_elementwise_sqrt(uh) * __builtin_elementwise_sqrt(vh));
    VD beta = (tauh + tl) * norm;
    VD gamma = (gaph + gl) * norm;
    VD bmax = VFN(iv_exp)(0.5 * xn);
    xn = ok ? xn : (VD)0.0;
    beta = ok ? beta : (VD)0.5;
    gamma = ok ? gamma : (VD)0.5;
    bmax = ok ? bmax : (VD)1.0;

    VD s = VFN(iv_solve_normalised)(xn, beta, gamma, bmax);
    VD sigma = s / __builtin_elementwise_sqrt(t);
    VFN(iv_store)(o_sigma, ok ? sigma : (VD)__builtin_nan(""));
    VL code = valid ? (below ? (VL)SPX_IV_BELOW_INTRINSIC : (above ? (VL)SPX_IV_ABOVE_MAX : (VL)SPX_IV_OK))
                    : (VL)SPX_IV_INVALID;
    for (int j = 0; j < VW; j++) o_status[j] = (uint8_t)code[j];
    return (size_t)(VW + __builtin_reduce_add(ok)); /* ok lanes are -1 */
}

static size_t VFN(iv_run)(const spx_iv_inputs *in, double *sigma, uint8_t *status) {
    const size_t n = in->count;
    size_t bad = 0;
    size_t i = 0;
    for (; i + VW <= n; i += VW)
        bad += VFN(iv_block)(in->type + i, in->spot + i, in->strike + i, in->t + i,
                             in->rate + i, in->div + i, in->price + i, sigma + i, status + i);
    if (i < n) {
        /* Tail: pad to a whole vector with a valid quote, solve, copy the real lanes. */
        int8_t ty[VW];
        double S[VW], K[VW], t[VW], r[VW], q[VW], p[VW], o[VW];
        uint8_t st[VW];
        size_t m = n - i;
        for (size_t j = 0; j < VW; j++) {
            int real = j < m;
            ty[j] = real ? in->type[i + j] : 1;
            S[j] = real ? in->spot[i + j] : 1.0;
            K[j] = real ? in->strike[i + j] : 1.0;
            t[j] = real ? in->t[i + j] : 1.0;
            r[j] = real ? in->rate[i + j] : 0.0;
            q[j] = real ? in->div[i + j] : 0.0;
            p[j] = real ? in->price[i + j] : 0.25;
        }
        bad += VFN(iv_block)(ty, S, K, t, r, q, p, o, st);
        for (size_t j = 0; j < m; j++) {
            sigma[i + j] = o[j];
            status[i + j] = st[j];
        }
    }
    return bad;
}

#undef VD
#undef VL
#undef VB
#undef VFN
