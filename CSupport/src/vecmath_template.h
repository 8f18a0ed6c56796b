/* Vector exp, log, normal density and Mills ratio for one lane width.
 *
 * Included by bs.c once per SIMD path with VW (lanes per vector) and VSUF (name suffix)
 * defined, inside a `#pragma clang attribute` target region, so that one source serves the
 * scalar, AVX2 and AVX-512 paths. The lane types are clang extended vectors: arithmetic and
 * comparisons are element-wise and the ternary operator selects per lane.
 *
 * Error bounds (measured against 50-digit mpmath by Tests/PricingTests; see README):
 *   vexp: <= 2 ulp on [-745, 709]; 0 below, +inf above.
 *   vlog: <= 1 ulp for positive normal arguments.
 *   vmills: <= 3 ulp on [0, 40] (tools/gen_mills_coefficients.py prints its bound).
 */

#define VCAT2(a, b) a##b
#define VCAT(a, b) VCAT2(a, b)
#define VD VCAT(vd_, VSUF)
#define VL VCAT(vl_, VSUF)
#define VB VCAT(vb_, VSUF)
#define VFN(name) VCAT(name##_, VSUF)

/* Series coefficients, shared by every lane width. */
#ifndef SPX_VECMATH_TABLES
#define SPX_VECMATH_TABLES
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

/* a*b + c, fused where the path has FMA hardware (VFUSED = 1) and plain otherwise: used where
 * either rounding is accurate enough, so that the scalar path runs on any x86-64. */
static inline VD VFN(vmuladd)(VD a, VD b, VD c) {
#if VFUSED
    return __builtin_elementwise_fma(a, b, c);
#else
    return a * b + c;
#endif
}

/* The exact rounding error of the product p = a*b (a*b - p), which is a double: one fused
 * operation where there is FMA hardware, Veltkamp-Dekker splitting elsewhere (a library fma()
 * call on such machines can be a slow software emulation). */
static inline VD VFN(vproduct_error)(VD a, VD b, VD p) {
#if VFUSED
    return __builtin_elementwise_fma(a, b, -p);
#else
    const double split = 134217729.0; /* 2^27 + 1 */
    VD ca = split * a, cb = split * b;
    VD ahi = ca - (ca - a), bhi = cb - (cb - b);
    VD alo = a - ahi, blo = b - bhi;
    return ((ahi * bhi - p) + ahi * blo + alo * bhi) + alo * blo;
#endif
}

/* Polynomial sum c[i] u^i of degree n, as even and odd halves in u^2 evaluated side by side:
 * two independent dependency chains of half the length, which is what bounds the kernels'
 * speed (a Horner chain of 24 fused steps is ~100 cycles of latency). */
static inline VD VFN(vpoly)(const double *c, int n, VD u) {
    VD u2 = u * u;
    int top_even = n & ~1, top_odd = (n & 1) ? n : n - 1;
    VD even = (VD)c[top_even], odd = (VD)c[top_odd];
    for (int i = top_even - 2; i >= 0; i -= 2) even = VFN(vmuladd)(even, u2, (VD)c[i]);
    for (int i = top_odd - 2; i >= 1; i -= 2) odd = VFN(vmuladd)(odd, u2, (VD)c[i]);
    return VFN(vmuladd)(odd, u, even);
}

static inline VD VFN(vmin)(VD a, VD b) { return __builtin_elementwise_min(a, b); }

static inline VD VFN(vmax)(VD a, VD b) { return __builtin_elementwise_max(a, b); }

/* exp(x): x = k ln2 + r with |r| <= ln2/2 (Cody-Waite: k * LN2_HI is exact for |k| < 2^11),
 * e^r by its Taylor series to degree 13 (truncation < 4e-18 relative), 2^k applied in two
 * halves so that results in the subnormal range are formed correctly. */

static inline VD VFN(vexp)(VD x) {
    const double shift = 0x1.8p52;
    x = VFN(vmin)(VFN(vmax)(x, (VD)(-746.0)), (VD)710.0);
    VD ks = VFN(vmuladd)(x, (VD)0x1.71547652b82fep0, (VD)shift); /* log2(e) */
    VD kd = ks - shift;
    VD r = x - kd * 6.93147180369123816490e-01;    /* exact */
    r = r - kd * 1.90821492927058770002e-10;
    VD p = VFN(vpoly)(exp_taylor, 13, r);
    VL k = __builtin_bit_cast(VL, ks) - __builtin_bit_cast(int64_t, shift);
    VL k1 = k >> 1, k2 = k - k1;
    VD s1 = __builtin_bit_cast(VD, (k1 + 1023) << 52);
    VD s2 = __builtin_bit_cast(VD, (k2 + 1023) << 52);
    return p * s1 * s2;
}

/* log(x) for positive normal x: x = 2^e m with m in [sqrt(2)/2, sqrt(2)), f = m - 1 exact,
 * s = f/(2+f), log(1+f) = f - s (f - R) with R = 2 s^2 (1/3 + s^2/5 + ...), 11 terms
 * (truncation < 1e-17 relative), and e ln2 added in two parts (e * LN2_HI is exact). */

static inline VD VFN(vlog)(VD x) {
    const double shift = 0x1.8p52;
    VL bits = __builtin_bit_cast(VL, x);
    VL e = ((bits >> 52) & 0x7ff) - 1023;
    VL mbits = (bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL;
    VL big = (VL)(__builtin_bit_cast(VD, mbits) > 0x1.6a09e667f3bcdp0); /* -1 where m > sqrt 2 */
    mbits = mbits + (big & (-(1LL << 52))); /* halve m */
    e = e - big;
    VD m = __builtin_bit_cast(VD, mbits);
    VD ed = __builtin_bit_cast(VD, __builtin_bit_cast(VL, (VD)shift) + e) - shift;
    VD f = m - 1.0;
    VD s = f / (f + 2.0);
    VD z = s * s;
    VD p = VFN(vpoly)(log_atanh_series, 10, z);
    VD R = z * p;
    VD lo = VFN(vmuladd)(-s, f - R, ed * 1.90821492927058770002e-10) + f;
    return ed * 6.93147180369123816490e-01 + lo; /* ed * LN2_HI is exact */
}

/* Mills ratio m(y) = Phi(-y)/phi(y) for 0 <= y (clamped to 40, beyond which phi underflows
 * and the product is 0 anyway): m = f(u) / (y + 4), f a degree-24 polynomial. The caller
 * passes the reciprocal 1/(y + 4), so that two ratios can share one division. */
static inline VD VFN(vmills)(VD inv) {
    /* u = ((y - K)/(y + K) - MID) / HALF = (1 - MID)/HALF - (2K/HALF) * 1/(y + K) */
    VD u = VFN(vmuladd)((VD)(-2.0 * MILLS_K * MILLS_Z_INV_HALF), inv,
                        (VD)((1.0 - MILLS_Z_MID) * MILLS_Z_INV_HALF));
    return VFN(vpoly)(mills_coefficients, MILLS_DEGREE, u) * inv;
}

/* m(y1) and m(y2) with one division: 1/a = b/(ab), 1/b = a/(ab). */
static inline void VFN(vmills2)(VD y1, VD y2, VD *m1, VD *m2) {
    y1 = VFN(vmin)(y1, (VD)MILLS_Y_MAX);
    y2 = VFN(vmin)(y2, (VD)MILLS_Y_MAX);
    VD a = y1 + MILLS_K, b = y2 + MILLS_K;
    VD inv_ab = 1.0 / (a * b);
    *m1 = VFN(vmills)(b * inv_ab);
    *m2 = VFN(vmills)(a * inv_ab);
}

/* exp(-d^2/2) with d^2 split exactly into p + e, so that the density keeps its relative
 * accuracy for large |d| (an error of one ulp in d^2 = 1000 would cost 1e-13 relative). */
static inline VD VFN(vgauss)(VD d) {
    VD p = d * d;
    VD e = VFN(vproduct_error)(d, d, p);
    return VFN(vexp)(-0.5 * p) * (1.0 - 0.5 * e);
}
