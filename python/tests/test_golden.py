"""The module against the same 40-digit golden files and tolerances as the Swift tests
(Tests/PricingTests/BlackScholesAccuracyTests.swift, ImpliedVolatilityTests.swift), on every
SIMD path this CPU runs."""
import numpy as np
import pytest

import spx30dte
from spx30dte import IVStatus

from conftest import PATHS

RELATIVE = 1e-12
FLOOR = 1e-13
STATUS_NAMES = {IVStatus.OK: "ok", IVStatus.BELOW_INTRINSIC: "below_intrinsic",
                IVStatus.ABOVE_MAX: "above_max", IVStatus.INVALID: "invalid"}


def floors(figure, spot):
    """The Swift suite's absolute floors: 1e-13 x spot for price, vega, theta, rho; 1e-13 for
    delta; 1e-13 / spot for gamma."""
    if figure == "delta":
        return np.full_like(spot, FLOOR)
    if figure == "gamma":
        return FLOOR / spot
    return FLOOR * spot


def test_golden_file_reaches_the_corners(bs_golden):
    g = bs_golden
    assert g["type"].size > 3000
    ratio = g["strike"] / g["spot"]
    assert ratio.min() < 0.011 and ratio.max() > 95
    assert g["t"].min() <= 1 / 8760 and g["t"].max() >= 5
    assert g["sigma"].min() <= 0.01 and g["sigma"].max() >= 5


@pytest.mark.parametrize("path", PATHS)
def test_every_figure_within_tolerance(bs_golden, path):
    g = bs_golden
    greeks = spx30dte.price_greeks(g["type"], g["spot"], g["strike"], g["t"], g["rate"], g["div"], g["sigma"],
                                   path=path)
    assert greeks.invalid == 0 and greeks.path == path
    report = []
    for name in spx30dte.FIGURES:
        got, ref = getattr(greeks, name), g[name]
        err = np.abs(got - ref)
        tolerance = RELATIVE * np.abs(ref) + floors(name, g["spot"])
        bad = ~(err <= tolerance)  # NaN counts as bad
        lines = g["line"][bad][:5]
        assert not bad.any(), f"{path} {name}: {bad.sum()} rows outside tolerance, lines {list(lines)}"
        resolved = np.abs(ref) >= floors(name, g["spot"])
        worst = float((err[resolved] / np.abs(ref[resolved])).max())
        report.append(f"{name} {worst:.2e} ({(err / tolerance).max():.2f})")
    print(f"\nbs golden, path {path}: max relative error where |ref| >= floor (max error / tolerance): "
          + ", ".join(report))


@pytest.mark.parametrize("path", PATHS)
def test_price_only_kernel_matches_greeks(bs_golden, path):
    g = bs_golden
    args = (g["type"], g["spot"], g["strike"], g["t"], g["rate"], g["div"], g["sigma"])
    assert np.array_equal(spx30dte.price(*args, path=path), spx30dte.price_greeks(*args, path=path).price)


@pytest.mark.parametrize("path", PATHS)
def test_implied_volatility_statuses_and_values(iv_golden, path):
    g = iv_golden
    result = spx30dte.implied_volatility(g["type"], g["spot"], g["strike"], g["t"], g["rate"], g["div"], g["price"],
                                         path=path)
    names = np.array([STATUS_NAMES[IVStatus(s)] for s in result.status])
    mismatched = g["line"][names != g["status"]]
    assert mismatched.size == 0, f"{path}: statuses differ on lines {list(mismatched[:10])}"
    ok = g["status"] == "ok"
    assert result.failures == int((~ok).sum())
    assert np.isnan(result.sigma[~ok]).all()
    for name in ("ok", "below_intrinsic", "above_max", "invalid"):
        assert (g["status"] == name).any(), f"golden file has no {name} row"

    rel = np.abs(result.sigma / g["sigma"] - 1)
    with np.errstate(divide="ignore", invalid="ignore"):  # the invalid rows hold zeros
        moderate = np.maximum(g["strike"] / g["spot"], g["spot"] / g["strike"]) <= 1e4
    resolved = g["time_value"] >= 1e-9
    strict = ok & resolved & moderate
    assert strict.sum() > 1200
    for mask, bound in ((strict, 1e-12), (ok & resolved & ~moderate, 1e-10), (ok & ~resolved, 1e-6)):
        bad = mask & ~(rel <= bound)
        assert not bad.any(), f"{path}: {bad.sum()} volatilities beyond {bound}, lines {list(g['line'][bad][:5])}"
    print(f"\niv golden, path {path}: max relative error {rel[strict].max():.2e} over {strict.sum()} rows "
          f"(time value >= 1e-9 of spot, strike within 1e4 of spot); {ok.sum()} ok of {ok.size}")


def test_automatic_path_is_the_best_path(bs_golden):
    g = bs_golden
    args = (g["type"], g["spot"], g["strike"], g["t"], g["rate"], g["div"], g["sigma"])
    assert np.array_equal(spx30dte.price_greeks(*args).figures,
                          spx30dte.price_greeks(*args, path=spx30dte.simd_path()).figures)
