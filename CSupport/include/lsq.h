#ifndef SPX_LSQ_H
#define SPX_LSQ_H

#include <stddef.h>

/// Small dense least squares through LAPACKE (part of the stable C API, see spx30dte.h). The
/// one function of the C API that allocates: a scratch copy of its inputs, freed before it
/// returns. Reentrant (thread-safe as LAPACKE_dgels is); no SIMD path choice.

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome codes of spx_least_squares beyond LAPACK's own `info` (negative: LAPACK reports an
/// illegal argument; positive i: the i-th diagonal element of the triangular factor R is
/// exactly zero, so A has not full column rank and no solution is written).
enum {
    SPX_LSQ_OK = 0,
    SPX_LSQ_UNDERDETERMINED = -1001,  ///< rows < cols, or cols == 0
    SPX_LSQ_NOT_FINITE = -1002,       ///< A or b holds a NaN or an infinity
    SPX_LSQ_NO_MEMORY = -1003,        ///< the scratch copy of A and b could not be allocated
};

/// Solves the linear least-squares problem min_x || A x - b ||_2 for a full-column-rank
/// `rows` x `cols` matrix A (rows >= cols >= 1) by Householder QR (LAPACKE_dgels).
///
/// `A` is column-major with leading dimension `rows`: element (i, j) is A[j * rows + i].
/// `A` (rows * cols doubles) and `b` (rows doubles) are read only: they are copied into
/// scratch memory allocated and freed inside the call, because dgels overwrites its inputs.
/// On success writes `x` (cols doubles) and, when `residual_norm` is not NULL, the 2-norm of
/// the residual A x - b (from the last rows - cols entries of the transformed right-hand
/// side, which dgels leaves orthogonal to the column space).
/// NaN rules: a NaN or infinity anywhere in A or b gives SPX_LSQ_NOT_FINITE. Alignment:
/// natural alignment of double.
/// Returns SPX_LSQ_OK or one of the codes above; on failure `x` and `residual_norm` are left
/// unchanged.
int spx_least_squares(size_t rows, size_t cols, const double *A, const double *b,
                      double *x, double *residual_norm);

#ifdef __cplusplus
}
#endif

#endif
