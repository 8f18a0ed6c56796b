"""Instruction-set paths of the C kernels (CSupport/include/simd_path.h)."""
import enum
import functools
from typing import List, Optional, Union

from ._library import lib


class SimdPath(enum.IntEnum):
    """spx_simd_path. AUTO runs the widest path the CPU supports; the others exist so that
    tests and benchmarks can compare paths (they agree to a few ulp)."""
    AUTO = 0
    SCALAR = 1
    AVX2 = 2
    AVX512 = 3


PathLike = Union[None, str, SimdPath]


def simd_path() -> str:
    """The name of the path the kernels run by default on this CPU: "avx512", "avx2" or
    "scalar" (resolved once per process by the C core)."""
    return lib.spx_simd_name(lib.spx_simd_best()).decode()


def supported_paths() -> List[str]:
    """The concrete paths this CPU can run, narrowest first (always starts with "scalar")."""
    return [p.name.lower() for p in (SimdPath.SCALAR, SimdPath.AVX2, SimdPath.AVX512)
            if lib.spx_simd_supported(int(p))]


@functools.lru_cache(maxsize=None)
def resolved_name(value: int) -> str:
    """The name of the concrete path spx_simd_path `value` runs (the dispatch is fixed per process)."""
    return lib.spx_simd_name(lib.spx_simd_resolve(value)).decode()


def resolve_path(path: PathLike) -> int:
    """The spx_simd_path value for `path` (None, "auto", "scalar", "avx2", "avx512" or a
    SimdPath). Unlike the C API, which falls back silently, asking for a path this CPU cannot
    run raises ValueError, so that a test or benchmark never measures another path unknowingly."""
    if path is None:
        return 0  # SimdPath.AUTO
    if isinstance(path, str):
        try:
            value = SimdPath[path.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown SIMD path {path!r}: expected one of auto, scalar, avx2, avx512") from None
    elif isinstance(path, int) and not isinstance(path, bool) and int(path) in SimdPath._value2member_map_:
        value = SimdPath(int(path))
    else:
        raise ValueError(f"unknown SIMD path {path!r}: expected None, a name or a SimdPath")
    if not lib.spx_simd_supported(int(value)):
        raise ValueError(f"SIMD path {value.name.lower()} is not supported by this CPU "
                         f"(supported: {', '.join(supported_paths())})")
    return int(value)


def path_name(path: Optional[PathLike] = None) -> str:
    """The concrete path a kernel called with `path` runs (e.g. "avx512" for None)."""
    return resolved_name(resolve_path(path))
