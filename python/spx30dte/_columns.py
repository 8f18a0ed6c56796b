"""Turning Python and numpy inputs into the contiguous columns the C kernels read.

A float64 argument that is a C-contiguous ndarray of the batch's full shape is passed to C in
place (no copy). Anything else is materialised once into a new contiguous array: Python
scalars and lists, other dtypes (float32, integers), non-contiguous views (slices with a
step, transposes, Fortran order) and arguments that broadcast (a scalar rate for a whole
chain). Option types are int8 (+1 call, -1 put) on the C side: an int8 array of the full shape
is used in place; other integer or float arrays and the strings "call"/"c"/"put"/"p" are
converted, anything not exactly +-1 becoming an invalid code (never wrapped into a valid one).
"""
from typing import Dict, Sequence, Tuple

import numpy as np

_TYPE_WORDS = {"call": 1, "c": 1, "put": -1, "p": -1}


def batch_shape(named: Dict[str, object]) -> Tuple[int, ...]:
    """The broadcast shape of every argument, or ValueError naming the shapes that disagree."""
    values = list(named.values())
    first = values[0]
    if isinstance(first, np.ndarray) and all(isinstance(v, np.ndarray) and v.shape == first.shape for v in values):
        return first.shape  # the common case of whole columns: no broadcasting to work out
    shapes = {name: np.shape(value) for name, value in named.items()}
    try:
        return tuple(np.broadcast_shapes(*shapes.values()))
    except ValueError:
        listed = ", ".join(f"{name} {shape}" for name, shape in shapes.items())
        raise ValueError(f"argument shapes do not broadcast together: {listed}") from None


def float_column(name: str, value, shape: Tuple[int, ...]) -> np.ndarray:
    """`value` as a C-contiguous float64 array of `shape`, the same object when it already is."""
    if isinstance(value, np.ndarray) and value.dtype == np.float64 and value.shape == shape \
            and value.flags.c_contiguous:
        return value
    if isinstance(value, (float, int)) and not isinstance(value, bool):
        return np.full(shape, value, dtype=np.float64)
    array = np.asarray(value)
    if array.dtype.kind not in "fiu":
        raise ValueError(f"{name} must be real numbers, got dtype {array.dtype}")
    return np.ascontiguousarray(np.broadcast_to(array.astype(np.float64, copy=False), shape))


def type_column(value, shape: Tuple[int, ...]) -> np.ndarray:
    """Option types as a C-contiguous int8 array of `shape` (+1 call, -1 put, 0 invalid)."""
    if isinstance(value, np.ndarray) and value.dtype == np.int8 and value.shape == shape \
            and value.flags.c_contiguous:
        return value
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        code = _TYPE_WORDS.get(value.strip().lower()) if isinstance(value, str) else (value if value in (1, -1) else 0)
        if code is None:
            raise ValueError(f"type must be 'call'/'c'/'put'/'p' or +1/-1, got {value!r}")
        return np.full(shape, code, dtype=np.int8)
    array = np.asarray(value)
    if array.dtype.kind in "US":
        words = np.char.lower(np.char.strip(array.astype(str)))
        codes = np.zeros(words.shape, dtype=np.int8)
        for word, code in _TYPE_WORDS.items():
            codes[words == word] = code
        unknown = words[codes == 0]
        if unknown.size:
            raise ValueError(f"type must be 'call'/'c'/'put'/'p' or +1/-1, got {unknown.flat[0]!r}")
        array = codes
    elif array.dtype.kind in "biuf":
        array = np.where(array == 1, 1, np.where(array == -1, -1, 0)).astype(np.int8)
    else:
        raise ValueError(f"type must be +1/-1 or 'call'/'put', got dtype {array.dtype}")
    return np.ascontiguousarray(np.broadcast_to(array, shape))


def output_buffer(name: str, out, shape: Tuple[int, ...], dtype, inputs: Sequence[np.ndarray]) -> np.ndarray:
    """A new array of `shape`, or `out` after checking it can be written by C in place."""
    if out is None:
        return np.empty(shape, dtype=dtype)
    if not isinstance(out, np.ndarray) or out.dtype != dtype or out.shape != shape or not out.flags.c_contiguous \
            or not out.flags.writeable:
        got = f"{type(out).__name__} {getattr(out, 'dtype', '')} {getattr(out, 'shape', '')}".strip()
        raise ValueError(f"{name} must be a writeable C-contiguous {np.dtype(dtype)} array of shape {shape}, "
                         f"got {got}")
    for column in inputs:
        if np.may_share_memory(out, column):
            raise ValueError(f"{name} overlaps an input array; the kernels need separate output memory")
    return out


def first_invalid(valid: np.ndarray) -> int:
    """Flat index of the first False in `valid` (which holds at least one)."""
    return int(np.flatnonzero(~valid.reshape(-1))[0])
