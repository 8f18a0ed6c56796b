/* Lane library of the batch kernels: loads and stores, exact-error primitives, exp, log, the
 * normal density and the Mills ratio, for one lane width.
 *
 * Both kernels include it: bs.c (Black-Scholes price and greeks) and iv.c (implied
 * volatility), once per SIMD path, each time with VW (lanes per vector), VSUF (name suffix)
 * and VFUSED (1 where the target has fused multiply-add) defined, inside that path's
 * `#pragma clang attribute` target region. The lane types are clang extended vectors:
 * arithmetic and comparisons are element-wise and the ternary operator selects per lane.
 * Type and function names carry VSUF only, so a translation unit instantiates one width per
 * suffix (the two kernels choose their widths independently: bs 4/8/16 per path; iv 8/16/32
 * and, under a _narrow suffix, 1/4/16 for the remainder of a batch).
 *
 * One copy serves both because the kernels need the same things of it: the pricing kernel's
 * figures and the solver's objective are both built from e^x, ln x and m(y), and an
 * improvement to one of these (a shorter dependency chain, a wider valid range) must reach
 * both. What is particular to one kernel stays in its template: the double-double
 * exponential, the normalised Black function and the solver in iv_kernel_template.h.
 *
 * Error bounds (measured against long double references on 1e6 random arguments per path):
 *   vexp: <= 2 ulp on [-745, 709.78]; 0 below, +inf above (the 2^k scale is applied in two
 *         halves, so subnormal results are formed correctly).
 *   vlog: <= 1 ulp for positive finite arguments, subnormals included (the solver takes
 *         logarithms of normalised prices far below DBL_MIN).
 *   vmills: <= 7 ulp on [0, 40] (measured against long double erfc: 6.8 ulp
 *         near y = 0.4; the polynomial itself is within 5.6e-16, see mills_coefficients.h);
 *         vmills_far extends it beyond 40 by the asymptotic series, first omitted
 *         term below 1e-17 relative there.
 * No state, no allocation, no calls: every helper is inlined into its kernel's loop.
 */

#define VCAT2(a, b) a##b
#define VCAT(a, b) VCAT2(a, b)
#define VD VCAT(vd_, VSUF)
#define VL VCAT(vl_, VSUF)
#define VB VCAT(vb_, VSUF)
#define VFN(name) VCAT(name##_, VSUF)

/* Constants and series coefficients, shared by every lane width. */
#ifndef SPX_VECMATH_TABLES
#define SPX_VECMATH_TABLES
#define VM_LOG2E 0x1.71547652b82fep0
#define VM_LN2_HI 0x1.62e42fee00000p-1 /* 32 significant bits: k * VM_LN2_HI is exact */
#define VM_LN2_LO 0x1.a39ef35793c76p-33 /* ln2 - VM_LN2_HI, rounded */
#define VM_SHIFT 0x1.8p52                /* x + 1.5 * 2^52 rounds x to an integer */

static const double exp_taylor[14] = {
    1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
    1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0,
};

static const double log_atanh_series[11] = { /* 2/(2k+3) */
    2.0 / 3, 2.0 / 5, 2.0 / 7, 2.0 / 9, 2.0 / 11, 2.0 / 13, 2.0 / 15, 2.0 / 17, 2.0 / 19, 2.0 / 21, 2.0 / 23,
};
#endif

typedef double VD __attribute__((ext_vector_type(VW)));
typedef int64_t VL __attribute__((ext_vector_type(VW)));
typedef int8_t VB __attribute__((ext_vector_type(VW)));

static inline VD VFN(vload)(const double *p) {
    VD v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

static inline void VFN(vstore)(double *p, VD v) { __builtin_memcpy(p, &v, sizeof v); }

static inline VD VFN(vtype)(const int8_t *p) {
    VB b;
    __builtin_memcpy(&b, p, sizeof b);
    return __builtin_convertvector(b, VD);
}

/* The last partial vector of a batch: the m < VW real elements of src, then fill, in a
 * whole vector's worth of stack, so that the block routine runs unchanged on a harmless
 * input in the padding lanes (whose results the caller drops). */
static inline void VFN(vpad)(double *dst, const double *src, size_t m, double fill) {
    for (size_t j = 0; j < VW; j++) dst[j] = j < m ? src[j] : fill;
}

static inline void VFN(vpad_type)(int8_t *dst, const int8_t *src, size_t m, int8_t fill) {
    for (size_t j = 0; j < VW; j++) dst[j] = j < m ? src[j] : fill;
}

static inline VD VFN(vabs)(VD a) { return __builtin_elementwise_abs(a); }

/* Selects rather than __builtin_elementwise_min/max (IEEE minNum): where either operand is
 * NaN the result is b. The kernels rely on that only in the form vmin(x, bound) with a
 * constant bound, where a NaN x becomes the bound (as with minNum), and the select is
 * exactly one x86 min/max instruction with no NaN fix-up. */
static inline VD VFN(vmin)(VD a, VD b) { return a < b ? a : b; }

static inline VD VFN(vmax)(VD a, VD b) { return a > b ? a : b; }

/* a*b + c, fused where the path has FMA hardware (VFUSED = 1) and plain otherwise: used where
 * either rounding is accurate enough, so that the scalar path runs on any x86-64 (a library
 * fma() call there can be a slow software emulation). */
static inline VD VFN(vmuladd)(VD a, VD b, VD c) {
#if VFUSED
    return __builtin_elementwise_fma(a, b, c);
#else
    return a * b + c;
#endif
}

/* a*b = hi + *lo exactly (barring over/underflow): one fused operation where there is FMA
 * hardware, Veltkamp-Dekker splitting into 26-bit halves elsewhere. */
static inline VD VFN(vtwo_prod)(VD a, VD b, VD *lo) {
    VD p = a * b;
#if VFUSED
    *lo = __builtin_elementwise_fma(a, b, -p);
#else
    const double split = 134217729.0; /* 2^27 + 1 */
    VD ca = split * a, cb = split * b;
    VD ahi = ca - (ca - a), bhi = cb - (cb - b);
    VD alo = a - ahi, blo = b - bhi;
    *lo = ((ahi * bhi - p) + ahi * blo + alo * bhi) + alo * blo;
#endif
    return p;
}

/* a + b = hi + *lo exactly, for any order of magnitude. */
static inline VD VFN(vtwo_sum)(VD a, VD b, VD *lo) {
    VD s = a + b;
    VD bb = s - a;
    *lo = (a - (s - bb)) + (b - bb);
    return s;
}

/* a + b = hi + *lo exactly, given |a| >= |b| or a == 0. */
static inline VD VFN(vfast_two_sum)(VD a, VD b, VD *lo) {
    VD s = a + b;
    *lo = b - (s - a);
    return s;
}

/* 2^k for integral k in [-1022, 1023]. */
static inline VD VFN(vpow2)(VL k) { return __builtin_bit_cast(VD, (k + 1023) << 52); }

/* The integer nearest x (|x| < 2^51) and that integer as a double, by the 1.5 * 2^52 shift. */
static inline VD VFN(vround)(VD x, VL *k) {
    VD shifted = x + VM_SHIFT;
    *k = __builtin_bit_cast(VL, shifted) - __builtin_bit_cast(int64_t, VM_SHIFT);
    return shifted - VM_SHIFT;
}

/* Polynomial sum c[i] u^i of degree n as even and odd halves in u^2, evaluated side by side:
 * two Horner chains of half the length. Used for exp and the Mills ratio although Estrin's
 * scheme (below) has the shorter chain: where the sum is dominated by its leading terms
 * (e^r = 1 + r + ...) or alternates in sign (the Mills polynomial), Estrin's early
 * combination of small terms costs accuracy: measured, Estrin made spx_norm_cdf(-1) 5 ulp
 * instead of 2 and the Mills polynomial 6.8 ulp instead of 6.0, and it pushed the implied
 * volatility round trip past its 1e-10 test bound on three quotes. */
static inline VD VFN(vpoly_split)(const double *c, int n, VD u) {
    VD u2 = u * u;
    int top_even = n & ~1, top_odd = (n & 1) ? n : n - 1;
    VD even = (VD)c[top_even], odd = (VD)c[top_odd];
    for (int i = top_even - 2; i >= 0; i -= 2) even = VFN(vmuladd)(even, u2, (VD)c[i]);
    for (int i = top_odd - 2; i >= 1; i -= 2) odd = VFN(vmuladd)(odd, u2, (VD)c[i]);
    return VFN(vmuladd)(odd, u, even);
}

/* Polynomial sum c[i] u^i of degree n by Estrin's scheme: pairs c[2i] + c[2i+1] u, then
 * pairs of pairs in u^2, u^4, ...: a dependency chain of about log2(n) + 1 fused steps where
 * Horner's has n, for a few more multiplications. Used for the logarithm's series in
 * z = s^2 <= 0.03, whose terms fall fast enough that the order of summation does not show
 * (0.78 ulp either way). With n a constant the loops unroll and the array lives in
 * registers. */
static inline VD VFN(vpoly)(const double *c, int n, VD u) {
    VD t[32];
    int m = (n + 2) / 2;
    for (int i = 0; i < m; i++)
        t[i] = 2 * i + 1 <= n ? VFN(vmuladd)((VD)c[2 * i + 1], u, (VD)c[2 * i]) : (VD)c[2 * i];
    VD x = u * u;
    while (m > 1) {
        int half = (m + 1) / 2;
        for (int i = 0; i < half; i++) t[i] = 2 * i + 1 < m ? VFN(vmuladd)(t[2 * i + 1], x, t[2 * i]) : t[2 * i];
        m = half;
        if (m > 1) x = x * x;
    }
    return t[0];
}

/* exp(x) (2.1 ulp measured): x = k ln2 + r with |r| <= ln2/2 (Cody-Waite: k * VM_LN2_HI is exact for |k| < 2^21),
 * e^r by its Taylor series to degree 13 (truncation < 4e-18 relative), 2^k applied in two
 * halves so that results in the subnormal range are formed correctly. */
static inline VD VFN(vexp)(VD x) {
    x = VFN(vmin)(VFN(vmax)(x, (VD)(-746.0)), (VD)710.0);
    VD ks = VFN(vmuladd)(x, (VD)VM_LOG2E, (VD)VM_SHIFT);
    VD kd = ks - VM_SHIFT;
    VD r = x - kd * VM_LN2_HI; /* exact */
    r = r - kd * VM_LN2_LO;
    VD p = VFN(vpoly_split)(exp_taylor, 13, r);
    VL k = __builtin_bit_cast(VL, ks) - __builtin_bit_cast(int64_t, VM_SHIFT);
    VL k1 = k >> 1;
    return p * VFN(vpow2)(k1) * VFN(vpow2)(k - k1);
}

/* log(x) = log(m) + e ln2 with x = 2^e m, the exponent field of x plus e_adj giving e:
 * m in [sqrt(2)/2, sqrt(2)), f = m - 1 exact, s = f/(2+f), log(1+f) = f - s (f - R) with
 * R = 2 s^2 (1/3 + s^2/5 + ...), 11 terms (truncation < 1e-17 relative), and e ln2 added in
 * two parts (e * VM_LN2_HI is exact). */
static inline VD VFN(vlog_core)(VD x, VL e_adj) {
    VL bits = __builtin_bit_cast(VL, x);
    VL e = ((bits >> 52) & 0x7ff) - 1023 + e_adj;
    VL mbits = (bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL;
    VL big = (VL)(__builtin_bit_cast(VD, mbits) > 0x1.6a09e667f3bcdp0); /* -1 where m > sqrt 2 */
    mbits = mbits + (big & (-(1LL << 52))); /* halve m */
    e = e - big;
    VD m = __builtin_bit_cast(VD, mbits);
    /* e as a double by the shift: an int64 -> double conversion has no AVX2 instruction */
    VD ed = __builtin_bit_cast(VD, __builtin_bit_cast(VL, (VD)VM_SHIFT) + e) - VM_SHIFT;
    VD f = m - 1.0;
    VD s = f / (f + 2.0);
    VD z = s * s;
    VD R = z * VFN(vpoly)(log_atanh_series, 10, z);
    VD lo = VFN(vmuladd)(-s, f - R, ed * VM_LN2_LO) + f;
    return ed * VM_LN2_HI + lo;
}

/* log(x) for positive finite x, subnormals included: those are first scaled by 2^54. The
 * solver needs it (it takes logarithms of normalised prices and gaps far below DBL_MIN). */
static inline VD VFN(vlog)(VD x) {
    VL tiny = (VL)(x < 0x1p-1022);
    return VFN(vlog_core)(tiny ? x * 0x1p54 : x, tiny & -54);
}

/* log(x) for positive normal x only (a subnormal x gives a wrong value). The pricing kernel
 * uses it for ln(S/K), which is subnormal only for a strike above 1e308 times the spot:
 * the subnormal select costs it 2-3% of its price-only time on AVX-512. */
static inline VD VFN(vlog_normal)(VD x) { return VFN(vlog_core)(x, (VL)0); }

/* Mills ratio m(y) = Phi(-y)/phi(y) for 0 <= y <= 40: m = f(u) / (y + 4), f the degree-24
 * polynomial of mills_coefficients.h in u = ((y - 4)/(y + 4) - MID) / HALF. The caller
 * passes y already clamped to 40 and the reciprocal inv = 1/(y + 4), so that two ratios can
 * share one division; 40 is where phi(y) has underflowed in every product the pricing
 * kernel forms, so it needs nothing beyond. u is formed from the exact y - 4: the cheaper
 * single step (1 - MID)/HALF - (2K/HALF) inv cancels near y = 0.4 and costs 3 ulp of m. */
static inline VD VFN(vmills)(VD y, VD inv) {
    VD u = VFN(vmuladd)(y - MILLS_K, inv, (VD)(-MILLS_Z_MID)) * MILLS_Z_INV_HALF;
    return VFN(vpoly_split)(mills_coefficients, MILLS_DEGREE, u) * inv;
}

/* m(y) for the lanes with y > 40 replaced by the asymptotic series
 * (1/y)(1 - 1/y^2 + 3/y^4 - ... + 10395/y^12), whose first omitted term is below 1e-17
 * relative there. The solver's iterates can reach such y (far from any solution) and need
 * the true ratio to steer back; a vector with no such lane skips the series. */
static inline VD VFN(vmills_far)(VD y, VD m) {
    VL far = (VL)(y > MILLS_Y_MAX);
    if (__builtin_reduce_or(far)) {
        VD r = 1.0 / VFN(vmax)(y, (VD)MILLS_Y_MAX);
        VD r2 = r * r;
        VD a = (VD)10395.0;
        a = VFN(vmuladd)(a, r2, (VD)-945.0);
        a = VFN(vmuladd)(a, r2, (VD)105.0);
        a = VFN(vmuladd)(a, r2, (VD)-15.0);
        a = VFN(vmuladd)(a, r2, (VD)3.0);
        a = VFN(vmuladd)(a, r2, (VD)-1.0);
        a = VFN(vmuladd)(a * r2, r, r);
        m = far ? a : m;
    }
    return m;
}

/* m(y) for all y >= 0. */
static inline VD VFN(vmills_y)(VD y) {
    VD yc = VFN(vmin)(y, (VD)MILLS_Y_MAX);
    return VFN(vmills_far)(y, VFN(vmills)(yc, 1.0 / (yc + MILLS_K)));
}

/* m(y1) and m(y2), y clamped at 40, with one division: 1/a = b/(ab), 1/b = a/(ab). */
static inline void VFN(vmills2)(VD y1, VD y2, VD *m1, VD *m2) {
    VD y1c = VFN(vmin)(y1, (VD)MILLS_Y_MAX), y2c = VFN(vmin)(y2, (VD)MILLS_Y_MAX);
    VD a = y1c + MILLS_K, b = y2c + MILLS_K;
    VD inv_ab = 1.0 / (a * b);
    *m1 = VFN(vmills)(y1c, b * inv_ab);
    *m2 = VFN(vmills)(y2c, a * inv_ab);
}

/* The same pair for all y >= 0 (asymptotic series beyond 40). */
static inline void VFN(vmills2_far)(VD y1, VD y2, VD *m1, VD *m2) {
    VFN(vmills2)(y1, y2, m1, m2);
    *m1 = VFN(vmills_far)(y1, *m1);
    *m2 = VFN(vmills_far)(y2, *m2);
}

/* exp(-d^2/2) with d^2 split exactly into p + e, so that the density keeps its relative
 * accuracy for large |d| (an error of one ulp in d^2 = 1000 would cost 1e-13 relative). */
static inline VD VFN(vgauss)(VD d) {
    VD e, p = VFN(vtwo_prod)(d, d, &e);
    return VFN(vexp)(-0.5 * p) * (1.0 - 0.5 * e);
}
