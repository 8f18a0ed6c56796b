"""What the butterfly checks in tools/ share: the core butterflies of `structures.csv`,
Black-76 prices and implied vols, and the parity forward. Prices and vols come from the
project's C core through its Python module (`pip install ./python`); the forward follows the
project's `PutCallParity`."""
import csv

import numpy as np

try:
    import spx30dte
except ImportError as error:  # the project's own pricing: `pip install ./python`
    raise SystemExit(f"{error}; install the project's module first: pip install ./python")


def black(forward, strikes, t, vols, rate, put):
    """Black-76 prices of `strikes` on `forward` (the project's kernels: spot = F, dividend yield = rate)."""
    return spx30dte.price("put" if put else "call", forward, np.asarray(strikes, float), t, rate, rate,
                          np.asarray(vols, float))


def implied(forward, strikes, t, prices, rate, put):
    """Black-76 implied vols of `prices` (NaN where the project's solver finds none)."""
    return spx30dte.implied_volatility("put" if put else "call", forward, np.asarray(strikes, float), t, rate, rate,
                                       np.asarray(prices, float)).sigma


def parity_forward(calls, puts, growth):
    """The project's PutCallParity rule: the median of K + g (C - P) over the five strikes with the smallest |C - P|."""
    both = sorted((k for k in calls if k in puts), key=lambda k: abs(calls[k] - puts[k]))[:5]
    return float(np.median([k + growth * (calls[k] - puts[k]) for k in both]))


def closing_core_butterflies(path):
    """The rows of `structures.csv` (`spx30dte validate quotes`) that judge the core butterfly:
    closing SPX days whose chain reaches the core window."""
    with open(path, newline="") as f:
        return [r for r in csv.DictReader(f) if r["structure"] == "core_bwb" and r["closing"] == "1" and r["legs"]]


def parse_legs(text):
    """The legs of a `legs` cell ("+1 4190P -2 4140P +1 4050P") as (strike, quantity) pairs."""
    parts = text.split(" ")
    return [(float(parts[i + 1][:-1]), int(parts[i])) for i in range(0, len(parts), 2)]
