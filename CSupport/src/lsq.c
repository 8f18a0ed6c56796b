#include "lsq.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int spx_least_squares(size_t rows, size_t cols, const double *A, const double *b,
                      double *x, double *residual_norm) {
    if (cols == 0 || rows < cols) return SPX_LSQ_UNDERDETERMINED;
    const size_t matrix_count = rows * cols;
    for (size_t k = 0; k < matrix_count; k++)
        if (!isfinite(A[k])) return SPX_LSQ_NOT_FINITE;
    for (size_t i = 0; i < rows; i++)
        if (!isfinite(b[i])) return SPX_LSQ_NOT_FINITE;

    /* One block for both copies: A then b. */
    double *scratch = malloc((matrix_count + rows) * sizeof(double));
    if (scratch == NULL) return SPX_LSQ_NO_MEMORY;
    double *a = scratch;
    double *rhs = scratch + matrix_count;
    memcpy(a, A, matrix_count * sizeof(double));
    memcpy(rhs, b, rows * sizeof(double));

    const lapack_int info = LAPACKE_dgels(LAPACK_COL_MAJOR, 'N', (lapack_int)rows,
                                          (lapack_int)cols, 1, a, (lapack_int)rows, rhs,
                                          (lapack_int)rows);
    if (info == 0) {
        memcpy(x, rhs, cols * sizeof(double));
        if (residual_norm != NULL) {
            /* Scaled sum of squares, so that large residuals do not overflow. */
            double scale = 0.0, sum = 1.0;
            for (size_t i = cols; i < rows; i++) {
                const double v = fabs(rhs[i]);
                if (v == 0.0) continue;
                if (scale < v) {
                    sum = 1.0 + sum * (scale / v) * (scale / v);
                    scale = v;
                } else {
                    sum += (v / scale) * (v / scale);
                }
            }
            *residual_norm = scale * sqrt(sum);
        }
    }
    free(scratch);
    return (int)info;
}
