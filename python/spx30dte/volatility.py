"""Implied volatility over numpy arrays, with a status per quote (C: spx_implied_volatility_path
in CSupport/include/iv.h).

Units as pricing.py; `price` is the premium per unit of underlying, in the unit of spot, and
the result sigma is per 1.00 of volatility (0.20 = 20%). Accuracy: within 1e-12 relative of the
exact volatility of the double price wherever the time value is at least 1e-9 of spot and the
strike within 1e4 of spot; a fixed number of steps per quote (never an unbounded loop).
"""
import enum
from typing import NamedTuple, Optional

import numpy as np

from ._columns import output_buffer
from ._contracts import ContractColumns, check_nan_policy
from ._library import IVInputs, lib
from .simd import PathLike, resolve_path


class IVStatus(enum.IntEnum):
    """spx_iv_status: the outcome of one solve, one uint8 per quote."""
    OK = 0               #: sigma holds the implied volatility
    BELOW_INTRINSIC = 1  #: price <= the discounted forward intrinsic value
    ABOVE_MAX = 2        #: price >= S e^{-qt} (call) or K e^{-rt} (put)
    INVALID = 3          #: a NaN, infinite or non-positive input, or a type other than +-1


class IVResult(NamedTuple):
    """sigma (float64, NaN unless the status is OK), status (uint8 IVStatus codes) and
    failures (how many statuses are not OK), in the batch shape."""
    sigma: np.ndarray
    status: np.ndarray
    failures: int


def implied_volatility(type, spot, strike, t, rate, div, price, path: PathLike = None, *,
                       nan_policy: str = "propagate", sigma_out: Optional[np.ndarray] = None,
                       status_out: Optional[np.ndarray] = None) -> IVResult:
    """The Black-Scholes-Merton volatility that reproduces each premium.

    Arguments broadcast together; the copy rules, `type` and `path` are those of
    pricing.price_greeks. `sigma_out` (float64) and `status_out` (uint8), both C-contiguous of
    the batch shape, are optional buffers written in place.

    Statuses: INVALID for spot, strike, t or price not finite and > 0, rate or div not finite,
    or type not +-1; BELOW_INTRINSIC when price <= max(theta (S e^{-qt} - K e^{-rt}), 0);
    ABOVE_MAX when price >= S e^{-qt} (call) or K e^{-rt} (put). nan_policy="raise" instead
    raises ValueError on the first INVALID quote before solving anything (the other two
    statuses are market data, not bad input, and are always reported as statuses).
    """
    check_nan_policy(nan_policy)
    columns = ContractColumns(type, spot, strike, t, rate, div, "price", price)
    if nan_policy == "raise":
        columns.require_valid()
    inputs = list(columns.columns.values())
    sigma = output_buffer("sigma_out", sigma_out, columns.shape, np.float64, inputs)
    status = output_buffer("status_out", status_out, columns.shape, np.uint8, inputs + [sigma])
    failures = 0
    if columns.count:
        quotes = IVInputs(columns.struct(), columns.address("price"))
        failures = lib.spx_implied_volatility_path(quotes, sigma.ctypes.data, status.ctypes.data,
                                                   resolve_path(path))
    return IVResult(sigma, status, int(failures))
