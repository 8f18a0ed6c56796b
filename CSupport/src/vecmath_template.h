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

static inline VD VFN(vfma)(VD a, VD b, VD c) { return __builtin_elementwise_fma(a, b, c); }

static inline VD VFN(vmin)(VD a, VD b) { return __builtin_elementwise_min(a, b); }

static inline VD VFN(vmax)(VD a, VD b) { return __builtin_elementwise_max(a, b); }

/* exp(x): x = k ln2 + r with |r| <= ln2/2 (Cody-Waite with fused steps), e^r by its Taylor
 * series to degree 13 (truncation < 4e-18 relative), 2^k applied in two halves so that
 * results in the subnormal range are formed correctly. */
static inline VD VFN(vexp)(VD x) {
    const double shift = 0x1.8p52;
    x = VFN(vmin)(VFN(vmax)(x, (VD)(-746.0)), (VD)710.0);
    VD ks = VFN(vfma)(x, (VD)0x1.71547652b82fep0, (VD)shift); /* log2(e) */
    VD kd = ks - shift;
    VD r = VFN(vfma)(-kd, (VD)0x1.62e42fefa39efp-1, x);        /* ln2, rounded */
    r = VFN(vfma)(-kd, (VD)0x1.abc9e3b39803fp-56, r);          /* ln2 - rounded ln2 */
    VD p = (VD)(1.0 / 6227020800.0);                             /* 1/13! */
    p = VFN(vfma)(p, r, (VD)(1.0 / 479001600.0));
    p = VFN(vfma)(p, r, (VD)(1.0 / 39916800.0));
    p = VFN(vfma)(p, r, (VD)(1.0 / 3628800.0));
    p = VFN(vfma)(p, r, (VD)(1.0 / 362880.0));
    p = VFN(vfma)(p, r, (VD)(1.0 / 40320.0));
    p = VFN(vfma)(p, r, (VD)(1.0 / 5040.0));
    p = VFN(vfma)(p, r, (VD)(1.0 / 720.0));
    p = VFN(vfma)(p, r, (VD)(1.0 / 120.0));
    p = VFN(vfma)(p, r, (VD)(1.0 / 24.0));
    p = VFN(vfma)(p, r, (VD)(1.0 / 6.0));
    p = VFN(vfma)(p, r, (VD)0.5);
    p = VFN(vfma)(p, r, (VD)1.0);
    p = VFN(vfma)(p, r, (VD)1.0);
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
    VD p = (VD)(1.0 / 23.0);
    p = VFN(vfma)(p, z, (VD)(1.0 / 21.0));
    p = VFN(vfma)(p, z, (VD)(1.0 / 19.0));
    p = VFN(vfma)(p, z, (VD)(1.0 / 17.0));
    p = VFN(vfma)(p, z, (VD)(1.0 / 15.0));
    p = VFN(vfma)(p, z, (VD)(1.0 / 13.0));
    p = VFN(vfma)(p, z, (VD)(1.0 / 11.0));
    p = VFN(vfma)(p, z, (VD)(1.0 / 9.0));
    p = VFN(vfma)(p, z, (VD)(1.0 / 7.0));
    p = VFN(vfma)(p, z, (VD)(1.0 / 5.0));
    p = VFN(vfma)(p, z, (VD)(1.0 / 3.0));
    VD R = 2.0 * z * p;
    VD lo = VFN(vfma)(ed, (VD)1.90821492927058770002e-10, -s * (f - R)) + f;
    return VFN(vfma)(ed, (VD)6.93147180369123816490e-01, lo);
}

/* Mills ratio m(y) = Phi(-y)/phi(y) for 0 <= y (clamped to 40, beyond which phi underflows
 * and the product is 0 anyway): m = f(u) / (y + 4), f a degree-24 polynomial. */
static inline VD VFN(vmills)(VD y) {
    y = VFN(vmin)(y, (VD)MILLS_Y_MAX);
    VD inv = 1.0 / (y + MILLS_K);
    VD u = ((y - MILLS_K) * inv - MILLS_Z_MID) * MILLS_Z_INV_HALF;
    VD p = (VD)mills_coefficients[MILLS_DEGREE];
    for (int i = MILLS_DEGREE - 1; i >= 0; i--) p = VFN(vfma)(p, u, (VD)mills_coefficients[i]);
    return p * inv;
}

/* exp(-d^2/2) with d^2 split exactly into p + e, so that the density keeps its relative
 * accuracy for large |d| (an error of one ulp in d^2 = 1000 would cost 1e-13 relative). */
static inline VD VFN(vgauss)(VD d) {
    VD p = d * d;
    VD e = VFN(vfma)(d, d, -p);
    return VFN(vexp)(-0.5 * p) * (1.0 - 0.5 * e);
}
