#ifndef SPX30DTE_H
#define SPX30DTE_H

/// The C API of the SPX30DTE pricing core: include this one header.
///
/// - simd_path.h  instruction-set paths (scalar, AVX2, AVX-512) and how one is chosen
/// - contracts.h  the contract columns every batch kernel reads, and their units
/// - bs.h         Black-Scholes-Merton price and five greeks, in batches
/// - iv.h         implied volatility with a status per quote, in batches
/// - aggregate.h  book totals and scenario revaluation, summed in a fixed order
/// - lsq.h        a small dense least-squares solve through LAPACKE
///
/// Library: libspx30dte_c.so, built by the package itself
/// (`swift build -c release --product spx30dte_c`); link with -lspx30dte_c (it brings in
/// openblas, lapacke and m). Usage: CSupport/README.md, "Using the C API".
///
/// Conventions shared by every function: batches are struct-of-arrays of doubles (int8_t for
/// option types, uint8_t for statuses), caller-owned, needing only the natural alignment of
/// their element type; units are those of contracts.h; invalid inputs (NaN, infinity,
/// non-positive where a positive value is required) give NaN outputs or an invalid status per
/// element, never a crash, and are counted in the return value; the kernels are reentrant,
/// allocate nothing and resolve the instruction-set dispatch once per process, so they may be
/// called from any number of threads at once on disjoint outputs.
///
/// Stability: the functions, structs, enumeration values and macros declared in these
/// headers form version SPX30DTE_C_API_VERSION of the interface. Within one major version
/// they are only added to: no signature, struct layout, enumeration value, unit or documented
/// rule changes, so a program built against an older header of the same major version runs
/// with a newer library. Accuracy may improve and speed may change within a major version.
/// Symbols of the library not declared here (spx_bs_run_avx2, spx_kernel_table_for, ...)
/// are internal and may change at any time.

#include "simd_path.h"
#include "contracts.h"
#include "bs.h"
#include "iv.h"
#include "aggregate.h"
#include "lsq.h"

/// Major version: changes only when something declared here changes incompatibly.
#define SPX30DTE_C_API_VERSION_MAJOR 1
/// Minor version: counts backward-compatible additions within the major version.
#define SPX30DTE_C_API_VERSION_MINOR 0
/// The interface version these headers declare, major x 1000 + minor (1000 is 1.0).
#define SPX30DTE_C_API_VERSION (SPX30DTE_C_API_VERSION_MAJOR * 1000 + SPX30DTE_C_API_VERSION_MINOR)

#ifdef __cplusplus
extern "C" {
#endif

/// SPX30DTE_C_API_VERSION of the library actually loaded, so that a program (or a binding
/// that loads the library at run time) can check it against the header it was written for:
/// compatible when the major versions (value / 1000) are equal and the library's minor is at
/// least the header's.
int spx_c_api_version(void);

#ifdef __cplusplus
}
#endif

#endif
