"""Black-Scholes-Merton price and the five greeks over numpy arrays (C: spx_bs_price,
spx_bs_greeks in CSupport/include/bs.h).

Units (the C core's): spot and strike in index points, t in years (ACT/365), rate and div
continuously compounded per year (0.05 = 5%), sigma per 1.00 of volatility (0.20 = 20%).
Prices are per unit of underlying, in the unit of spot. Greeks are raw derivatives:
delta dV/dS, gamma d2V/dS2, vega dV/dsigma (per 1.00 of vol; /100 per vol point), theta
dV/d(calendar time) per year (/365 per day), rho dV/dr per 1.00 of rate. Black-76 on a
future F: spot = F, div = rate. Accuracy: 1e-12 relative of a 40-digit reference (absolute
floors 1e-13 x spot, 1e-13 for delta, 1e-13 / spot for gamma).
"""
from typing import Dict, Optional

import numpy as np

from ._columns import output_buffer
from ._contracts import ContractColumns, check_nan_policy
from ._library import BSInputs, BSOutputs, lib
from .simd import PathLike, resolve_path, resolved_name

#: The figures of price_greeks, in the order of their rows in Greeks.figures.
FIGURES = ("price", "delta", "gamma", "vega", "theta", "rho")


class Greeks:
    """Price and five greeks of a batch: `figures` is one (6, *shape) float64 array whose rows
    are price, delta, gamma, vega, theta, rho (FIGURES); the attributes are views of its rows,
    not copies. `figures` reshaped to (6, n) is the layout book_totals reads. `invalid` counts
    the elements that got NaN (see price_greeks)."""

    __slots__ = ("figures", "invalid", "path")

    def __init__(self, figures: np.ndarray, invalid: int, path: str):
        self.figures = figures
        self.invalid = invalid
        self.path = path

    price = property(lambda self: self.figures[0], doc="premium per unit of underlying, unit of spot")
    delta = property(lambda self: self.figures[1], doc="dV/dS")
    gamma = property(lambda self: self.figures[2], doc="d2V/dS2")
    vega = property(lambda self: self.figures[3], doc="dV/dsigma per 1.00 of vol")
    theta = property(lambda self: self.figures[4], doc="dV/d(calendar time) per year")
    rho = property(lambda self: self.figures[5], doc="dV/dr per 1.00 of rate")

    def as_dict(self) -> Dict[str, np.ndarray]:
        """{"price": ..., ..., "rho": ...}: views of `figures`."""
        return {name: self.figures[k] for k, name in enumerate(FIGURES)}

    def __repr__(self):
        return f"Greeks(shape={self.figures.shape[1:]}, invalid={self.invalid}, path={self.path!r})"


def _prepare(type, spot, strike, t, rate, div, sigma, nan_policy):
    check_nan_policy(nan_policy)
    columns = ContractColumns(type, spot, strike, t, rate, div, "sigma", sigma)
    if nan_policy == "raise":
        columns.require_valid()
    inputs = BSInputs(columns.struct(), columns.address("sigma"))
    return columns, inputs


def price_greeks(type, spot, strike, t, rate, div, sigma, path: PathLike = None, *,
                 nan_policy: str = "propagate", out: Optional[np.ndarray] = None) -> Greeks:
    """Price, delta, gamma, vega, theta and rho of every option.

    Arguments broadcast together (numpy rules) to the batch shape. `type` is +1/-1 (int8
    used in place) or "call"/"put"; the float arguments are used in place, without a copy,
    when they are C-contiguous float64 arrays of the batch shape, and copied once otherwise
    (scalars, lists, other dtypes, strided views, broadcast arguments).

    `path`: None or "auto" for the widest SIMD path of this CPU, or "scalar", "avx2", "avx512"
    (ValueError if this CPU cannot run it). `out`: an optional writeable C-contiguous float64
    array of shape (6, *shape) to write into (returned as Greeks.figures, so no allocation).

    NaN policy: an element is valid when type is +-1, spot, strike, t and sigma are finite
    and > 0, rate and div finite. nan_policy="propagate" (default) gives invalid elements NaN
    in every figure, counted in Greeks.invalid; nan_policy="raise" checks first and raises
    ValueError naming the first invalid element, writing nothing. Shapes that do not broadcast
    raise ValueError. The GIL is released while the kernel runs.
    """
    columns, inputs = _prepare(type, spot, strike, t, rate, div, sigma, nan_policy)
    figures = output_buffer("out", out, (6,) + columns.shape, np.float64, list(columns.columns.values()))
    n = columns.count
    base, step = figures.ctypes.data, n * 8
    outputs = BSOutputs(*(base + k * step for k in range(6)))
    resolved = resolve_path(path)
    invalid = lib.spx_bs_greeks(inputs, outputs, resolved) if n else 0
    return Greeks(figures, int(invalid), resolved_name(resolved))


def price(type, spot, strike, t, rate, div, sigma, path: PathLike = None, *,
          nan_policy: str = "propagate", out: Optional[np.ndarray] = None) -> np.ndarray:
    """The premium of every option only (the price row of price_greeks, bit for bit, about
    twice as fast). Arguments, copies, `path`, NaN policy as price_greeks; `out` is an
    optional float64 array of the batch shape."""
    columns, inputs = _prepare(type, spot, strike, t, rate, div, sigma, nan_policy)
    prices = output_buffer("out", out, columns.shape, np.float64, list(columns.columns.values()))
    if columns.count:
        lib.spx_bs_price(inputs, prices.ctypes.data, resolve_path(path))
    return prices


def norm_cdf(x: float) -> float:
    """The standard normal distribution function Phi(x), to a few ulp (the kernels' own)."""
    return lib.spx_norm_cdf(float(x))
