"""Book aggregation (C: CSupport/include/aggregate.h).

Weights are quantity x multiplier per contract (signed: short < 0), so totals are in the unit
of each figure times the multiplier's (premium in dollars, dollar delta per point, ...). Each
total is summed in contract order with every product rounded before it is added, so it is
the same double on every machine. NaN figures or weights make every total they enter NaN
(IEEE arithmetic): give invalid contracts zero weight AND finite figures, or drop them.
"""
from typing import Union

import numpy as np

from ._columns import float_column, output_buffer
from ._contracts import ContractColumns, check_nan_policy
from ._library import BSInputs, lib
from .pricing import Greeks
from .simd import PathLike, resolve_path


def book_totals(figures: Union[Greeks, np.ndarray], weights) -> np.ndarray:
    """Totals of one book, or of many books at once.

    `figures`: a Greeks (its (6, *shape) buffer, read in place) or a (k, n) float64 array
    whose row k holds figure k of the n contracts (any k: price and the five greeks, or your
    own columns). `weights`: (n,) for one book, giving (k,) totals; or (books, n) row-major for
    many, giving (books, k). Both are read in place when C-contiguous
    float64, copied once otherwise.
    """
    matrix = figures.figures if isinstance(figures, Greeks) else figures
    matrix = np.asarray(matrix)
    if matrix.ndim < 1:
        raise ValueError("figures must be a (k, n) array or a Greeks")
    rows = matrix.shape[0]
    matrix = matrix.reshape(rows, -1) if matrix.ndim != 2 else matrix
    contracts = matrix.shape[1]
    matrix = float_column("figures", matrix, (rows, contracts))
    weights = np.asarray(weights)
    if weights.ndim not in (1, 2) or weights.shape[-1] != contracts:
        raise ValueError(f"weights must have shape ({contracts},) or (books, {contracts}) to match figures "
                         f"{matrix.shape}, got {weights.shape}")
    weights = float_column("weights", weights, weights.shape)
    if weights.ndim == 1:
        out = np.empty(rows)
        lib.spx_book_totals(contracts, rows, matrix.ctypes.data, weights.ctypes.data, out.ctypes.data)
        return out
    books = weights.shape[0]
    out = np.empty((books, rows))
    lib.spx_books_totals(books, contracts, rows, matrix.ctypes.data, weights.ctypes.data, out.ctypes.data)
    return out


def _book(type, spot, strike, t, rate, div, sigma, weights, nan_policy):
    check_nan_policy(nan_policy)
    columns = ContractColumns(type, spot, strike, t, rate, div, "sigma", sigma)
    if len(columns.shape) > 1:
        raise ValueError(f"a book is one-dimensional: the contract arguments broadcast to {columns.shape}")
    if nan_policy == "raise":
        columns.require_valid()
    weights = float_column("weights", weights, columns.shape) if np.shape(weights) in ((), columns.shape) else None
    if weights is None:
        raise ValueError(f"weights must have shape ({columns.count},) like the contracts")
    return columns, BSInputs(columns.struct(), columns.address("sigma")), weights


def _shocks(name, values) -> np.ndarray:
    shocks = np.asarray(values)
    if shocks.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional array of shocks, got shape {shocks.shape}")
    return float_column(name, shocks, shocks.shape)


def scenario_values(type, spot, strike, t, rate, div, sigma, weights, spot_shocks, vol_shocks,
                    path: PathLike = None, *, nan_policy: str = "propagate") -> np.ndarray:
    """The book's value under every (spot shock, vol shock) pair: an (a, b) array whose
    [i, j] is sum over contracts of weight x price with spot x (1 + spot_shocks[i]) (relative)
    and sigma + vol_shocks[j] (absolute, per 1.00; a shocked sigma <= 0 is clamped to 1e-8).
    Contract arguments as pricing.price_greeks (one-dimensional); an invalid contract makes
    every scenario NaN under nan_policy="propagate", ValueError under "raise"."""
    columns, book, weights = _book(type, spot, strike, t, rate, div, sigma, weights, nan_policy)
    spot_shocks, vol_shocks = _shocks("spot_shocks", spot_shocks), _shocks("vol_shocks", vol_shocks)
    a, b = spot_shocks.size, vol_shocks.size
    values = np.empty((a, b))
    workspace = np.empty(lib.spx_scenario_workspace_count(columns.count, a, b))
    lib.spx_scenario_values(book, weights.ctypes.data, a, spot_shocks.ctypes.data, b, vol_shocks.ctypes.data,
                            values.ctypes.data, workspace.ctypes.data, resolve_path(path))
    return values


def scenario_pairs(type, spot, strike, t, rate, div, sigma, weights, spot_shocks, vol_shocks,
                   path: PathLike = None, *, nan_policy: str = "propagate") -> np.ndarray:
    """The book's value under paired shocks: element j moves spot by spot_shocks[j] and sigma
    by vol_shocks[j] (equal lengths), with the rules of scenario_values."""
    columns, book, weights = _book(type, spot, strike, t, rate, div, sigma, weights, nan_policy)
    spot_shocks, vol_shocks = _shocks("spot_shocks", spot_shocks), _shocks("vol_shocks", vol_shocks)
    if spot_shocks.size != vol_shocks.size:
        raise ValueError(f"spot_shocks ({spot_shocks.size}) and vol_shocks ({vol_shocks.size}) must pair up")
    m = spot_shocks.size
    values = np.empty(m)
    workspace = np.empty(lib.spx_scenario_workspace_count(columns.count, m, 1))
    lib.spx_scenario_pairs(book, weights.ctypes.data, m, spot_shocks.ctypes.data, vol_shocks.ctypes.data,
                           values.ctypes.data, workspace.ctypes.data, resolve_path(path))
    return values
