"""The contract columns of a batch (spx_contracts) and the validity rule the kernels apply."""
from typing import Dict, Tuple

import numpy as np

from ._columns import batch_shape, first_invalid, float_column, type_column
from ._library import Contracts

_POSITIVE = ("spot", "strike", "t")
_FINITE = ("rate", "div")

NAN_POLICIES = ("propagate", "raise")


class ContractColumns:
    """type, spot, strike, t, rate, div and one more column (sigma to price, price to invert),
    each C-contiguous, of one broadcast `shape`; `struct()` is the spx_contracts over them.
    The object keeps the arrays alive for as long as C may read them."""

    def __init__(self, type, spot, strike, t, rate, div, figure_name: str, figure):
        raw = {"type": type, "spot": spot, "strike": strike, "t": t, "rate": rate, "div": div, figure_name: figure}
        self.shape: Tuple[int, ...] = batch_shape(raw)
        self.count = int(np.prod(self.shape, dtype=np.int64))
        self.figure_name = figure_name
        self.columns: Dict[str, np.ndarray] = {"type": type_column(type, self.shape)}
        for name in ("spot", "strike", "t", "rate", "div", figure_name):
            self.columns[name] = float_column(name, raw[name], self.shape)

    @property
    def figure(self) -> np.ndarray:
        return self.columns[self.figure_name]

    def address(self, name: str) -> int:
        return self.columns[name].ctypes.data

    def struct(self) -> Contracts:
        return Contracts(self.count, *(self.address(n) for n in ("type", "spot", "strike", "t", "rate", "div")))

    def valid(self) -> np.ndarray:
        """The kernels' validity rule, element by element: type +-1; spot, strike, t and the
        figure finite and > 0; rate and div finite."""
        c = self.columns
        ok = (c["type"] == 1) | (c["type"] == -1)
        for name in _POSITIVE + (self.figure_name,):
            ok &= np.isfinite(c[name]) & (c[name] > 0)
        for name in _FINITE:
            ok &= np.isfinite(c[name])
        return ok

    def require_valid(self):
        """ValueError naming the first invalid element and why, when there is one."""
        valid = self.valid()
        if valid.all():
            return
        i = first_invalid(valid)
        index = tuple(int(k) for k in np.unravel_index(i, self.shape)) if len(self.shape) > 1 else i
        values = {name: column.reshape(-1)[i].item() for name, column in self.columns.items()}
        if values["type"] not in (1, -1):
            reason = f"type is {values['type']} (must be +1 call or -1 put)"
        else:
            reason = next(
                (f"{name} is {values[name]!r} (must be finite and > 0)" for name in _POSITIVE + (self.figure_name,)
                 if not (np.isfinite(values[name]) and values[name] > 0)),
                None) or next(f"{name} is {values[name]!r} (must be finite)" for name in _FINITE
                              if not np.isfinite(values[name]))
        raise ValueError(f"invalid contract at index {index}: {reason}; "
                         f"{int((~valid).sum())} of {self.count} invalid (nan_policy='raise')")


def check_nan_policy(nan_policy: str):
    if nan_policy not in NAN_POLICIES:
        raise ValueError(f"nan_policy must be one of {NAN_POLICIES}, got {nan_policy!r}")
