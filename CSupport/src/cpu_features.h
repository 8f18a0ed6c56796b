#ifndef SPX_CPU_FEATURES_H
#define SPX_CPU_FEATURES_H

/* What the running CPU offers the kernels, detected once per process (the CPU does not change
 * under a running process, and asking it costs a CPUID round trip per feature). */
typedef struct spx_cpu_features {
    int avx2;    /* AVX2 and FMA */
    int avx512;  /* AVX-512 F, DQ and VL */
} spx_cpu_features;

/* The features of this CPU. Thread-safe: the first caller detects them, every later call
 * (from any thread) reads the cached answer. Always non-NULL. */
const spx_cpu_features *spx_cpu_features_get(void);

#endif
