"""Shared fixtures: the Swift tests' 40-digit golden files, read once."""
import csv
import os
from pathlib import Path

import numpy as np
import pytest

import spx30dte


def golden_folder() -> Path:
    """Tests/PricingTests/Golden of the checkout these tests belong to (or SPX30DTE_GOLDEN)."""
    override = os.environ.get("SPX30DTE_GOLDEN")
    folder = Path(override) if override else Path(__file__).resolve().parents[2] / "Tests" / "PricingTests" / "Golden"
    if not (folder / "bs_golden.csv").is_file():
        raise FileNotFoundError(f"golden files not found in {folder} (set SPX30DTE_GOLDEN)")
    return folder


@pytest.fixture(scope="session")
def bs_golden():
    """bs_golden.csv as columns: type codes, the six inputs and the six reference figures
    (price, delta, gamma, vega, theta, rho). References below the double range parse to 0,
    as they do in the Swift tests."""
    with open(golden_folder() / "bs_golden.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert header == ["type", "spot", "strike", "t", "rate", "div", "sigma",
                      "price", "delta", "gamma", "vega", "theta", "rho"]
    columns = {"type": np.array([1 if r[0] == "c" else -1 for r in body], dtype=np.int8)}
    for k, name in enumerate(header[1:], start=1):
        columns[name] = np.array([float(r[k]) for r in body])
    columns["line"] = np.arange(2, len(body) + 2)
    return columns


@pytest.fixture(scope="session")
def iv_golden():
    """iv_golden.csv as columns (type codes as written, including invalid ones)."""
    with open(golden_folder() / "iv_golden.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], [r for r in rows[1:] if len(r) == 10]
    assert header == ["type", "spot", "strike", "t", "rate", "div", "price", "status", "sigma", "time_value"]

    def number(text):
        try:
            return float(text)
        except ValueError:
            return float("nan")

    columns = {"type": np.array([int(r[0]) for r in body], dtype=np.int8),
               "status": np.array([r[7] for r in body])}
    for k, name in enumerate(header):
        if name not in ("type", "status"):
            columns[name] = np.array([number(r[k]) for r in body])
    columns["line"] = np.arange(2, len(body) + 2)
    return columns


PATHS = spx30dte.supported_paths()
