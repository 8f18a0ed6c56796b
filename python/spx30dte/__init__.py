"""Black-Scholes-Merton prices, greeks, implied volatility and book aggregation on numpy
arrays, over the C core of SPX30DTE (libspx30dte_c.so, shipped inside this package).

Units: spot and strike in index points, t in years, rate and div continuously compounded per
year, sigma per 1.00 of volatility. C-contiguous float64 arrays go to C without a copy.
"""
from .book import book_totals, scenario_pairs, scenario_values
from .pricing import FIGURES, Greeks, norm_cdf, price, price_greeks
from .simd import SimdPath, path_name, simd_path, supported_paths
from .volatility import IVResult, IVStatus, implied_volatility
from ._library import lib as _lib

__version__ = "1.0.0"

#: The C API version of the loaded library (major x 1000 + minor).
C_API_VERSION = _lib.spx_c_api_version()

__all__ = [
    "FIGURES", "Greeks", "IVResult", "IVStatus", "SimdPath", "C_API_VERSION", "book_totals", "implied_volatility",
    "norm_cdf", "path_name", "price", "price_greeks", "scenario_pairs", "scenario_values", "simd_path",
    "supported_paths",
]
