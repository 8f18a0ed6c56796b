"""Price + five greeks (and implied volatility) on one array of options: this module against
vectorized numpy/scipy and a numba loop, in one run, on one thread. Prints JSON lines.

    python bench.py                 # 1,000,000 options, median of 7 runs
    python bench.py --n 20000 --repeats 3

Every implementation computes the same six figures in the same units (price, delta, gamma,
vega per 1.00 of vol, theta per year of calendar time, rho per 1.00 of rate) from the same
float64 arrays; each line reports its largest deviation from this module's figures relative to
the price scale (spot), so that a fast wrong answer shows. Times are wall-clock medians,
including the allocation of the outputs, in ns per option.
"""
import os

# One thread everywhere: BLAS pools, numba, OpenMP (set before numpy and numba are imported).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

# Python puts this script's folder first on sys.path, where the spx30dte source folder (without
# the built library) would shadow the installed package: benchmark the installed one.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

import numpy as np  # noqa: E402

import spx30dte  # noqa: E402


def emit(**fields):
    print(json.dumps(fields), flush=True)


def median_seconds(function, repeats):
    function()  # warm-up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def make_chain(n, seed=11):
    """Calls and puts on spot 5000, 1 day..1 year, sigma 8%..60%, strikes within 3 standard
    deviations: the region a backtest's chains fill."""
    rng = np.random.default_rng(seed)
    t = np.exp(rng.uniform(math.log(1 / 365), 0, n))
    sigma = rng.uniform(0.08, 0.6, n)
    return {"type": np.where(rng.random(n) < 0.5, 1, -1).astype(np.int8),
            "spot": np.full(n, 5000.0),
            "strike": 5000.0 * np.exp(rng.uniform(-3, 3, n) * sigma * np.sqrt(t)),
            "t": t, "rate": np.full(n, 0.045), "div": np.full(n, 0.013), "sigma": sigma}


def numpy_scipy_greeks(c):
    """Textbook vectorized Black-Scholes-Merton with scipy.special.ndtr: the repository's numpy
    reference (tools/bench_numpy.py, the same chain layout), stacked as this module returns it."""
    tools = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tools")
    if tools not in sys.path:
        sys.path.append(tools)
    from bench_numpy import greeks
    return np.stack(greeks(c))


def numba_kernel():
    """A numba loop over the same formulas (math.erfc for the normal distribution), one thread."""
    from numba import njit

    @njit(cache=False, fastmath=False)
    def greeks(w8, s, k, t, r, q, v, out):
        inv_sqrt2pi = 1 / math.sqrt(2 * math.pi)
        for i in range(s.shape[0]):
            w = float(w8[i])
            sqrt_t = math.sqrt(t[i])
            vol_t = v[i] * sqrt_t
            d1 = (math.log(s[i] / k[i]) + (r[i] - q[i] + 0.5 * v[i] * v[i]) * t[i]) / vol_t
            d2 = d1 - vol_t
            dq, dr = math.exp(-q[i] * t[i]), math.exp(-r[i] * t[i])
            nd1 = 0.5 * math.erfc(-w * d1 / math.sqrt(2.0))
            nd2 = 0.5 * math.erfc(-w * d2 / math.sqrt(2.0))
            pdf = math.exp(-0.5 * d1 * d1) * inv_sqrt2pi
            out[0, i] = w * (s[i] * dq * nd1 - k[i] * dr * nd2)
            out[1, i] = w * dq * nd1
            out[2, i] = dq * pdf / (s[i] * vol_t)
            out[3, i] = s[i] * dq * pdf * sqrt_t
            out[4, i] = -s[i] * dq * pdf * v[i] / (2 * sqrt_t) + w * (q[i] * s[i] * dq * nd1 - r[i] * k[i] * dr * nd2)
            out[5, i] = w * k[i] * t[i] * dr * nd2

    def run(c):
        out = np.empty((6, c["spot"].size))
        greeks(c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"], out)
        return out

    return run


def deviation(figures, reference, spot):
    """Largest |difference| over the six figures, relative to |reference| + 1e-13 x spot."""
    return float(np.max(np.abs(figures - reference) / (np.abs(reference) + 1e-13 * spot)))


def vectorized_newton_iv(c, price, iterations=60):
    """A safeguarded Newton solver over the whole array in numpy/scipy (the usual vectorized
    baseline): Newton steps on the price with the analytic vega, kept inside a bracket
    [1e-4, 10] that each evaluation shrinks, bisection where a step would leave it; stops when
    every quote has converged (relative step below 1e-12) or after `iterations`."""
    from scipy.special import ndtr
    w = c["type"].astype(np.float64)
    s, k, t, r, q = c["spot"], c["strike"], c["t"], c["rate"], c["div"]
    sqrt_t, fwd_s, fwd_k = np.sqrt(t), s * np.exp(-q * t), k * np.exp(-r * t)
    low, high = np.full(s.size, 1e-4), np.full(s.size, 10.0)
    v = np.full(s.size, 0.3)
    with np.errstate(all="ignore"):
        for _ in range(iterations):
            vol_t = v * sqrt_t
            d1 = (np.log(fwd_s / fwd_k) + 0.5 * vol_t * vol_t) / vol_t
            f = w * (fwd_s * ndtr(w * d1) - fwd_k * ndtr(w * (d1 - vol_t))) - price
            vega = fwd_s * np.exp(-0.5 * d1 * d1) / math.sqrt(2 * math.pi) * sqrt_t
            high = np.where(f > 0, v, high)
            low = np.where(f <= 0, v, low)
            step = v - f / vega
            inside = (step > low) & (step < high)
            new = np.where(inside, step, 0.5 * (low + high))
            done = np.abs(new - v) <= 1e-12 * v
            v = new
            if done.all():
                break
    return v


def scipy_brentq_iv(c, price):
    """scipy.optimize.brentq quote by quote on [1e-4, 10] (the textbook robust baseline)."""
    from scipy.optimize import brentq
    from scipy.special import ndtr
    out = np.empty(price.size)
    for i in range(price.size):
        w, s, k, t, r, q = float(c["type"][i]), c["spot"][i], c["strike"][i], c["t"][i], c["rate"][i], c["div"][i]
        fwd_s, fwd_k, sqrt_t = s * math.exp(-q * t), k * math.exp(-r * t), math.sqrt(t)

        def objective(v):
            vol_t = v * sqrt_t
            d1 = (math.log(fwd_s / fwd_k) + 0.5 * vol_t * vol_t) / vol_t
            return w * (fwd_s * ndtr(w * d1) - fwd_k * ndtr(w * (d1 - vol_t))) - price[i]

        try:
            out[i] = brentq(objective, 1e-4, 10.0, xtol=1e-14, rtol=1e-14)
        except ValueError:
            out[i] = math.nan
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="options per array (default 1,000,000)")
    parser.add_argument("--repeats", type=int, default=9, help="timed runs per implementation (median)")
    parser.add_argument("--iv-n", type=int, default=100_000, help="quotes for the implied-volatility lines")
    args = parser.parse_args()
    n = args.n
    c = make_chain(n)
    cols = (c["type"], c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"])
    common = {"n": n, "repeats": args.repeats, "threads": 1}
    emit(bench="setup", simd_path=spx30dte.simd_path(), supported_paths=spx30dte.supported_paths(),
         numpy=np.__version__, c_api=spx30dte.C_API_VERSION, **common)

    # Every implementation is timed once per round, round after round, so that a change in the
    # machine's load during the run falls on all of them alike; each reports its median.
    reference = spx30dte.price_greeks(*cols).figures
    figures_out = np.empty((6, n))
    candidates = {"spx30dte": lambda: spx30dte.price_greeks(*cols),
                  "spx30dte(out=)": lambda: spx30dte.price_greeks(*cols, out=figures_out)}
    for path in spx30dte.supported_paths():
        candidates[f"spx30dte[{path}]"] = (lambda p: lambda: spx30dte.price_greeks(*cols, path=p))(path)
    details = {name: {"path": spx30dte.path_name(name[9:-1] if name.startswith("spx30dte[") else None)}
               for name in candidates}
    details["spx30dte(out=)"]["note"] = "writes into a preallocated (6, n) array"
    try:
        import scipy
        candidates["numpy_scipy"] = lambda: numpy_scipy_greeks(c)
        details["numpy_scipy"] = {"scipy": scipy.__version__,
                                  "max_deviation_from_spx30dte": deviation(numpy_scipy_greeks(c), reference, c["spot"])}
    except ImportError as error:
        emit(bench="price_greeks", impl="numpy_scipy", available=False, reason=str(error))
    try:
        import numba
        run = numba_kernel()
        candidates["numba"] = lambda: run(c)
        details["numba"] = {"numba": numba.__version__,
                            "max_deviation_from_spx30dte": deviation(run(c), reference, c["spot"])}
    except ImportError as error:
        emit(bench="price_greeks", impl="numba", available=False,
             reason=f"{error} (pip install numba to include it)")

    samples = {name: [] for name in candidates}
    for function in candidates.values():
        function()  # warm-up: page faults, first-call dispatch, JIT
    names = list(candidates)
    for round_index in range(args.repeats):
        # Rotated each round: whichever runs first after another implementation pays for the
        # cache and allocator state it leaves, so every implementation takes every position.
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            candidates[name]()
            samples[name].append(time.perf_counter() - start)
    ns = {}
    for name in candidates:
        seconds = statistics.median(samples[name])
        ns[name] = seconds / n * 1e9
        emit(bench="price_greeks", impl=name, ns_per_option=round(ns[name], 2), median_s=seconds,
             **details[name], **common)

    if "numpy_scipy" in ns:
        speedup = ns["numpy_scipy"] / ns["spx30dte"]
        emit(bench="price_greeks", summary="speedup_vs_numpy_scipy", speedup=round(speedup, 2), bar=5.0,
             meets_bar=speedup >= 5.0, note="spx30dte with its output allocated per call, automatic path",
             **common)
    if "numba" in ns:
        emit(bench="price_greeks", summary="speedup_vs_numba", speedup=round(ns["numba"] / ns["spx30dte"], 2),
             **common)

    # Implied volatility: the premiums of the first iv_n options, back to their volatilities.
    m = min(args.iv_n, n)
    q = {key: value[:m] for key, value in c.items()}
    prices = reference[0, :m].copy()
    qcols = (q["type"], q["spot"], q["strike"], q["t"], q["rate"], q["div"], prices)
    iv_common = {"n": m, "repeats": args.repeats, "threads": 1}
    solved = spx30dte.implied_volatility(*qcols)
    ok = solved.status == spx30dte.IVStatus.OK
    seconds = median_seconds(lambda: spx30dte.implied_volatility(*qcols), args.repeats)
    iv_ns = seconds / m * 1e9
    emit(bench="implied_volatility", impl="spx30dte", path=spx30dte.simd_path(), ns_per_quote=round(iv_ns, 2),
         median_s=seconds, ok=int(ok.sum()),
         max_rel_error_ok=float(np.max(np.abs(solved.sigma[ok] / q["sigma"][ok] - 1))), **iv_common)
    try:
        baselines = [("numpy_scipy_newton_vectorized", vectorized_newton_iv, m),
                     ("scipy_brentq_per_quote", scipy_brentq_iv, min(m, 2000))]
        for name, solve, size in baselines:
            part = {key: value[:size] for key, value in q.items()}
            sigma = solve(part, prices[:size])
            seconds = median_seconds(lambda: solve(part, prices[:size]), max(1, args.repeats // 2))
            ok_part = ok[:size]
            with np.errstate(invalid="ignore"):
                rel = np.abs(sigma[ok_part] / part["sigma"][ok_part] - 1)
            emit(bench="implied_volatility", impl=name, ns_per_quote=round(seconds / size * 1e9, 2), median_s=seconds,
                 max_rel_error_ok=float(np.nanmax(rel)), beyond_1e_6=int(np.sum(~(rel <= 1e-6))),
                 spx30dte_speedup=round(seconds / size * 1e9 / iv_ns, 2), n=size,
                 repeats=max(1, args.repeats // 2), threads=1)
    except ImportError as error:
        emit(bench="implied_volatility", impl="scipy", available=False, reason=str(error))

if __name__ == "__main__":
    main()
