"""Loading libspx30dte_c.so and declaring the C signatures (CSupport/include/spx30dte.h).

The library is the one shipped inside this package, or the file SPX30DTE_LIBRARY names (a
development override, e.g. .build/release/libspx30dte_c.so of a checkout). ctypes releases
the GIL for the duration of every call, so other Python threads run while a kernel does.
"""
import ctypes
import os
from pathlib import Path

#: The C API major version this module was written for (SPX30DTE_C_API_VERSION_MAJOR).
API_MAJOR = 1
#: The lowest C API version (major x 1000 + minor) whose functions this module calls.
API_MINIMUM = 1000

_double_p = ctypes.c_void_p  # raw addresses from ndarray.ctypes.data: no per-call conversion


class Contracts(ctypes.Structure):
    """spx_contracts"""
    _fields_ = [("count", ctypes.c_size_t), ("type", ctypes.c_void_p), ("spot", _double_p),
                ("strike", _double_p), ("t", _double_p), ("rate", _double_p), ("div", _double_p)]


class BSInputs(ctypes.Structure):
    """spx_bs_inputs"""
    _fields_ = [("contracts", Contracts), ("sigma", _double_p)]


class BSOutputs(ctypes.Structure):
    """spx_bs_outputs"""
    _fields_ = [(name, _double_p) for name in ("price", "delta", "gamma", "vega", "theta", "rho")]


class IVInputs(ctypes.Structure):
    """spx_iv_inputs"""
    _fields_ = [("contracts", Contracts), ("price", _double_p)]


def _library_path() -> Path:
    override = os.environ.get("SPX30DTE_LIBRARY")
    return Path(override) if override else Path(__file__).resolve().parent / "libspx30dte_c.so"


def _load() -> ctypes.CDLL:
    path = _library_path()
    if not path.is_file():
        raise ImportError(f"spx30dte: the C core {path} is missing; reinstall with `pip install ./python` "
                          "from the repository (it builds the library with swift build)")
    lib = ctypes.CDLL(str(path))
    size_t, c_int, void_p = ctypes.c_size_t, ctypes.c_int, ctypes.c_void_p
    path_t = ctypes.c_int  # spx_simd_path: a C enum, int-sized
    signatures = {
        "spx_c_api_version": (c_int, []),
        "spx_simd_best": (path_t, []),
        "spx_simd_supported": (c_int, [path_t]),
        "spx_simd_name": (ctypes.c_char_p, [path_t]),
        "spx_simd_resolve": (path_t, [path_t]),
        "spx_bs_price": (size_t, [ctypes.POINTER(BSInputs), void_p, path_t]),
        "spx_bs_greeks": (size_t, [ctypes.POINTER(BSInputs), ctypes.POINTER(BSOutputs), path_t]),
        "spx_norm_cdf": (ctypes.c_double, [ctypes.c_double]),
        "spx_implied_volatility_path": (size_t, [ctypes.POINTER(IVInputs), void_p, void_p, path_t]),
        "spx_book_totals": (None, [size_t, size_t, void_p, void_p, void_p]),
        "spx_books_totals": (None, [size_t, size_t, size_t, void_p, void_p, void_p]),
        "spx_scenario_workspace_count": (size_t, [size_t, size_t, size_t]),
        "spx_scenario_values": (size_t, [ctypes.POINTER(BSInputs), void_p, size_t, void_p, size_t, void_p,
                                         void_p, void_p, path_t]),
        "spx_scenario_pairs": (size_t, [ctypes.POINTER(BSInputs), void_p, size_t, void_p, void_p,
                                        void_p, void_p, path_t]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    version = lib.spx_c_api_version()
    if version // 1000 != API_MAJOR or version < API_MINIMUM:
        raise ImportError(f"spx30dte: {path} implements C API {version}, this module needs major {API_MAJOR}, "
                          f"at least {API_MINIMUM}")
    return lib


lib = _load()
