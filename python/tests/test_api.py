"""The Python surface: copies, output buffers, statuses, errors, book aggregation, paths."""
import math
import threading
import tracemalloc

import numpy as np
import pytest

import spx30dte
from spx30dte import IVStatus, SimdPath
from spx30dte._contracts import ContractColumns

from conftest import PATHS


def chain(n=1000, seed=3):
    """A random chain around spot 5000: calls and puts, 1 day..1 year, sigma 8%..60%, strikes
    within 3 standard deviations of spot."""
    rng = np.random.default_rng(seed)
    t, sigma = np.exp(rng.uniform(np.log(1 / 365), 0, n)), rng.uniform(0.08, 0.6, n)
    return dict(type=np.where(rng.random(n) < 0.5, 1, -1).astype(np.int8),
                spot=np.full(n, 5000.0),
                strike=5000.0 * np.exp(rng.uniform(-3, 3, n) * sigma * np.sqrt(t)),
                t=t, rate=np.full(n, 0.045), div=np.full(n, 0.013), sigma=sigma)


def test_textbook_values():
    # Hull, Options, Futures and Other Derivatives, example 15.6: call 4.76, put 0.81.
    g = spx30dte.price_greeks(["call", "put"], 42, 40, 0.5, 0.1, 0, 0.2)
    assert g.price == pytest.approx([4.7594, 0.8086], abs=5e-5)
    # Delta is N(d1) for the call, against math.erf as an independent normal CDF.
    d1 = (math.log(42 / 40) + (0.1 + 0.02) * 0.5) / (0.2 * math.sqrt(0.5))
    assert g.delta[0] == pytest.approx(0.5 * (1 + math.erf(d1 / math.sqrt(2))), rel=1e-14)
    assert spx30dte.norm_cdf(-1.96) == pytest.approx(0.5 * math.erfc(1.96 / math.sqrt(2)), rel=1e-14)


@pytest.mark.parametrize("path", PATHS)
def test_put_call_parity_and_round_trip(path):
    c = chain()
    calls = spx30dte.price_greeks(1, c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"], path=path)
    puts = spx30dte.price_greeks(-1, c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"], path=path)
    forward_gap = c["spot"] * np.exp(-c["div"] * c["t"]) - c["strike"] * np.exp(-c["rate"] * c["t"])
    assert np.allclose(calls.price - puts.price, forward_gap, rtol=0, atol=1e-9 * 5000)
    assert np.allclose(calls.delta - puts.delta, np.exp(-c["div"] * c["t"]), rtol=0, atol=1e-12)
    back = spx30dte.implied_volatility(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"],
                                       np.where(c["type"] == 1, calls.price, puts.price), path=path)
    ok = back.status == IVStatus.OK
    assert ok.mean() > 0.99 and back.failures == int((~ok).sum())
    # Where the premium carries the volatility (time value >= 1e-6 of spot), it comes back.
    premium = np.where(c["type"] == 1, calls.price, puts.price)
    time_value = premium - np.maximum(c["type"] * forward_gap, 0)
    informative = ok & (time_value >= 1e-6 * c["spot"])
    assert informative.mean() > 0.98
    assert np.allclose(back.sigma[informative], c["sigma"][informative], rtol=1e-9, atol=0)
    # Only quotes whose time value is lost in the rounding of the premium fail, and as below intrinsic.
    assert (back.status[~ok] == IVStatus.BELOW_INTRINSIC).all()
    assert (time_value[~ok] < 1e-12 * c["spot"][~ok]).all()


def test_float64_contiguous_inputs_are_used_in_place():
    c = chain()
    columns = ContractColumns(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"], "sigma", c["sigma"])
    for name in ("type", "spot", "strike", "t", "rate", "div", "sigma"):
        assert columns.columns[name] is c[name], name
    # A strided view, float32 and a scalar are materialised into new contiguous arrays.
    strided = np.repeat(c["spot"], 2)[::2]
    copied = ContractColumns(c["type"], strided, c["strike"].astype(np.float32), c["t"], 0.045, c["div"], "sigma",
                             c["sigma"])
    assert copied.columns["spot"] is not strided and copied.columns["spot"].flags.c_contiguous
    assert copied.columns["strike"].dtype == np.float64
    assert copied.columns["rate"].shape == (1000,)


def test_no_input_copies_measured_by_allocation():
    n = 1_000_000
    c = chain(n)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        g = spx30dte.price_greeks(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"])
        in_place = tracemalloc.get_traced_memory()[1] - before
        del g
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        g = spx30dte.price_greeks(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"],
                                  c["sigma"].astype(np.float32))
        converted = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    outputs = 6 * 8 * n
    assert outputs <= in_place < outputs + 1_000_000  # only the result buffer
    assert converted >= outputs + 8 * n  # plus the float64 copy of sigma


def test_output_buffers_are_written_in_place():
    c = chain()
    figures = np.empty((6, 1000))
    g = spx30dte.price_greeks(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"], out=figures)
    assert g.figures is figures
    assert all(np.shares_memory(getattr(g, name), figures) for name in spx30dte.FIGURES)
    assert np.array_equal(g.as_dict()["vega"], figures[3])
    prices = np.empty(1000)
    assert spx30dte.price(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"],
                          out=prices) is prices
    sigma, status = np.empty(1000), np.empty(1000, dtype=np.uint8)
    result = spx30dte.implied_volatility(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"], prices,
                                         sigma_out=sigma, status_out=status)
    assert result.sigma is sigma and result.status is status


def test_shapes_broadcast_and_grids_keep_their_shape():
    strikes = np.linspace(4500, 5500, 11)[:, None]
    expiries = np.array([7, 30, 90]) / 365
    g = spx30dte.price_greeks("call", 5000, strikes, expiries, 0.045, 0.013, 0.16)
    assert g.figures.shape == (6, 11, 3)
    assert np.all(np.diff(g.price, axis=0) < 0) and np.all(np.diff(g.price, axis=1) > 0)
    assert spx30dte.price_greeks([], [], [], [], [], [], []).figures.shape == (6, 0)


def test_statuses():
    assert [int(s) for s in IVStatus] == [0, 1, 2, 3]
    r = spx30dte.implied_volatility([1, 1, 1, 1, -1, 7], 5000, 4800, 30 / 365, 0.045, 0.013,
                                    [240.0, 150.0, 5000.0, math.nan, -1.0, 10.0])
    assert list(r.status) == [IVStatus.OK, IVStatus.BELOW_INTRINSIC, IVStatus.ABOVE_MAX, IVStatus.INVALID,
                              IVStatus.INVALID, IVStatus.INVALID]
    assert r.failures == 5 and np.isnan(r.sigma[1:]).all() and 0.05 < r.sigma[0] < 0.5
    assert r.status.dtype == np.uint8


def test_invalid_elements_propagate_nan_or_raise():
    g = spx30dte.price_greeks([1, 1, 1], [100, math.nan, 100], 100, 1, 0.01, 0, [0.2, 0.2, -0.1])
    assert g.invalid == 2
    assert np.isnan(g.figures[:, 1]).all() and np.isnan(g.figures[:, 2]).all() and np.isfinite(g.figures[:, 0]).all()
    # Type codes other than +-1 are invalid, never wrapped into int8 range (257 would be 1).
    assert np.isnan(spx30dte.price(257, 100, 100, 1, 0, 0, 0.2))
    assert np.isnan(spx30dte.price(np.array([257, 1]), 100, 100, 1, 0, 0, 0.2)[0])
    out = np.zeros((6, 3))
    with pytest.raises(ValueError, match=r"index 1: spot is nan"):
        spx30dte.price_greeks([1, 1, 1], [100, math.nan, 100], 100, 1, 0.01, 0, 0.2, nan_policy="raise", out=out)
    assert not out.any()  # nothing written before the error
    with pytest.raises(ValueError, match=r"index \(0, 1\): type is 0"):
        spx30dte.price([[1, 2]], 100, 100, 1, 0.01, 0, 0.2, nan_policy="raise")
    with pytest.raises(ValueError, match=r"index 0: rate is inf"):
        spx30dte.implied_volatility(1, 100, 100, 1, math.inf, 0, [5.0], nan_policy="raise")
    with pytest.raises(ValueError, match="nan_policy"):
        spx30dte.price(1, 100, 100, 1, 0, 0, 0.2, nan_policy="omit")


def test_bad_arguments_raise_value_errors():
    with pytest.raises(ValueError, match="do not broadcast"):
        spx30dte.price_greeks(1, np.ones(3), np.ones(4), 1, 0, 0, 0.2)
    with pytest.raises(ValueError, match="type must be"):
        spx30dte.price("straddle", 100, 100, 1, 0, 0, 0.2)
    with pytest.raises(ValueError, match="real numbers"):
        spx30dte.price(1, "100", 100, 1, 0, 0, 0.2)
    with pytest.raises(ValueError, match="out must be"):
        spx30dte.price_greeks(1, np.ones(3), 1, 1, 0, 0, 0.2, out=np.empty((6, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="out must be"):
        spx30dte.price_greeks(1, np.ones(3), 1, 1, 0, 0, 0.2, out=np.empty((3, 6)).T)
    spot = np.ones(6)
    with pytest.raises(ValueError, match="overlaps"):
        spx30dte.price(1, spot, 1, 1, 0, 0, 0.2, out=spot)
    with pytest.raises(ValueError, match="unknown SIMD path"):
        spx30dte.price(1, 100, 100, 1, 0, 0, 0.2, path="neon")


def test_simd_paths():
    assert spx30dte.simd_path() in ("scalar", "avx2", "avx512")
    assert PATHS[0] == "scalar" and spx30dte.simd_path() == PATHS[-1]
    assert spx30dte.path_name() == spx30dte.simd_path() and spx30dte.path_name("scalar") == "scalar"
    assert spx30dte.path_name(SimdPath.AUTO) == spx30dte.simd_path()
    for path in ("avx2", "avx512"):
        if path not in PATHS:
            with pytest.raises(ValueError, match="not supported by this CPU"):
                spx30dte.price(1, 100, 100, 1, 0, 0, 0.2, path=path)


def test_book_totals_match_direct_sums():
    c = chain(200)
    g = spx30dte.price_greeks(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"])
    weights = np.random.default_rng(1).integers(-5, 6, 200) * 100.0
    totals = spx30dte.book_totals(g, weights)
    direct = np.array([math.fsum(w * x for w, x in zip(weights, row)) for row in g.figures])
    assert np.allclose(totals, direct, rtol=1e-12, atol=1e-9)
    books = np.stack([weights, -weights, np.zeros(200)])
    many = spx30dte.book_totals(g.figures, books)
    assert many.shape == (3, 6)
    assert np.allclose(many[0], totals, rtol=1e-13) and np.allclose(many[1], -totals, rtol=1e-13)
    assert not many[2].any()
    with pytest.raises(ValueError, match="weights must have shape"):
        spx30dte.book_totals(g, np.ones(199))


def left_to_right(weights, row):
    """The C core's order: ((w0 x0 + w1 x1) + w2 x2) + ..., each product rounded first."""
    total = 0.0
    for w, x in zip(weights.tolist(), row.tolist()):
        total += w * x
    return total


def test_book_totals_are_the_left_to_right_sums_bit_for_bit():
    c = chain(203)
    g = spx30dte.price_greeks(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"])
    rng = np.random.default_rng(7)
    weights = rng.integers(-9, 10, 203) * 100.0
    # The six figures of a book, and other figure counts (one, three, seven own columns).
    for figures in (g.figures, g.figures[:1], g.figures[[1, 3, 5]], np.vstack([g.figures, g.figures[2:3] * 3.7])):
        totals = spx30dte.book_totals(figures, weights)
        assert [t.hex() for t in totals.tolist()] == [left_to_right(weights, row).hex() for row in figures]
        books = np.stack([weights, rng.normal(size=203) * 100.0, weights[::-1].copy()])
        many = spx30dte.book_totals(figures, books)
        for b, row_weights in enumerate(books):
            assert [t.hex() for t in many[b].tolist()] == [left_to_right(row_weights, row).hex() for row in figures]


def test_scenarios_reprice_the_shocked_book():
    c = chain(50)
    weights = np.arange(50) - 25.0
    args = (c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"])
    spot_shocks, vol_shocks = np.array([-0.05, 0, 0.05]), np.array([-0.02, 0, 0.03])
    grid = spx30dte.scenario_values(*args, c["sigma"], weights, spot_shocks, vol_shocks)
    assert grid.shape == (3, 3)
    for i, ds in enumerate(spot_shocks):
        for j, dv in enumerate(vol_shocks):
            repriced = spx30dte.price(c["type"], c["spot"] * (1 + ds), c["strike"], c["t"], c["rate"], c["div"],
                                      np.maximum(c["sigma"] + dv, 1e-8))
            assert grid[i, j] == pytest.approx(math.fsum(weights * repriced), rel=1e-12, abs=1e-9)
    pairs = spx30dte.scenario_pairs(*args, c["sigma"], weights, spot_shocks, vol_shocks)
    assert np.allclose(pairs, np.diag(grid), rtol=1e-13)
    with pytest.raises(ValueError, match="pair up"):
        spx30dte.scenario_pairs(*args, c["sigma"], weights, spot_shocks, vol_shocks[:2])


def test_threads_share_the_library():
    c = chain(20_000)
    expected = spx30dte.price_greeks(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"])
    results = [None] * 4

    def work(k):
        results[k] = spx30dte.price_greeks(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"],
                                           c["sigma"]).figures

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(np.array_equal(r, expected.figures) for r in results)
