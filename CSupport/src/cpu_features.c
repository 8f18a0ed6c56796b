#include "cpu_features.h"

#include <pthread.h>

static spx_cpu_features detected;
static pthread_once_t detected_once = PTHREAD_ONCE_INIT;

static void detect(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    detected.avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    detected.avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                      __builtin_cpu_supports("avx512vl");
#endif
}

const spx_cpu_features *spx_cpu_features_get(void) {
    pthread_once(&detected_once, detect);
    return &detected;
}
