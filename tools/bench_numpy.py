#!/usr/bin/env python3
"""The greeks_chain and greeks_sweep benchmarks of spx30dte-bench, in vectorised numpy/scipy.

Same chains (built as Benchmarks/Chains.swift builds them), same figures (price and the five
raw greeks of DESIGN section 2), same JSON line format with "impl":"numpy", so that the two
can be compared side by side on one machine. Each figure is the median of repeated runs
after a warm-up. The sweep is smaller than the Swift one (numpy holds every intermediate in
memory) and is reported per option.

    python3 tools/bench_numpy.py [--quick] [--days N]
"""
import argparse
import json
import math
import platform
import statistics
import time

import numpy as np
from scipy.special import ndtr

RATE, DIV = 0.05, 0.015
EXPIRY_DAYS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 16, 18, 21, 23, 25, 28, 30, 35,
               42, 49, 56, 63, 70, 77, 84, 91, 119, 147, 182, 210, 245, 273, 301, 364, 455, 546, 637, 730]
SWEEP_EXPIRY_DAYS = [1, 2, 3, 4, 5, 7, 9, 11, 14, 16, 18, 21, 23, 25, 28, 30, 35, 42, 49, 56]
SWEEP_STRIKES = 50


def smile(spot, strike, t, atm):
    k = np.log(strike / spot) / np.sqrt(np.maximum(t, 1 / 52))
    return np.clip(atm * (1 - 0.35 * k + 0.25 * k * k), 0.10, 0.60)


def strike_step(days):
    return 5.0 if days <= 60 else 25.0 if days <= 364 else 50.0


def full_chain(spot=4500.0, atm=0.16):
    """Calls and puts at every listed strike from 50% to 150% of spot, sorted by expiry."""
    cols = {k: [] for k in ("type", "spot", "strike", "t", "sigma")}
    for days in EXPIRY_DAYS:
        t = days / 365
        step = strike_step(days)
        strikes = np.arange(math.ceil(0.5 * spot / step) * step, 1.5 * spot + 1e-9, step)
        sigma = smile(spot, strikes, t, atm + 0.02 * min(t, 2))
        n = len(strikes)
        cols["type"].append(np.tile([1, -1], n))
        cols["strike"].append(np.repeat(strikes, 2))
        cols["sigma"].append(np.repeat(sigma, 2))
        cols["spot"].append(np.full(2 * n, spot))
        cols["t"].append(np.full(2 * n, t))
    chain = {k: np.concatenate(v).astype(np.int8 if k == "type" else np.float64) for k, v in cols.items()}
    chain["rate"] = np.full(len(chain["spot"]), RATE)
    chain["div"] = np.full(len(chain["spot"]), DIV)
    return chain


def sweep(days):
    """`days` days of 2,000-option windows, each day with its own spot and vol level."""
    rng = np.random.default_rng(2005)
    spot, atm = 1200.0, 0.15
    out = []
    for _ in range(days):
        spot *= 1 + 0.012 * rng.uniform(-1.7, 1.7) + 0.0003
        atm = min(max(atm + 0.01 * rng.uniform(-1, 1), 0.09), 0.55)
        atm_strike = round(spot / 5) * 5
        for d in SWEEP_EXPIRY_DAYS:
            t = d / 365
            strikes = atm_strike + 5 * (np.arange(SWEEP_STRIKES) - 35) * max(1, math.sqrt(d / 7))
            out.append((spot, t, atm, strikes))
    n = len(out) * SWEEP_STRIKES * 2
    chain = {"type": np.tile(np.array([1, -1], dtype=np.int8), n // 2)}
    chain["spot"] = np.repeat([o[0] for o in out], 2 * SWEEP_STRIKES)
    chain["t"] = np.repeat([o[1] for o in out], 2 * SWEEP_STRIKES)
    strikes = np.concatenate([o[3] for o in out])
    chain["strike"] = np.repeat(strikes, 2)
    atms = np.repeat([o[2] for o in out], SWEEP_STRIKES)
    chain["sigma"] = np.repeat(smile(np.repeat([o[0] for o in out], SWEEP_STRIKES), strikes,
                                     np.repeat([o[1] for o in out], SWEEP_STRIKES), atms), 2)
    chain["rate"] = np.full(n, RATE)
    chain["div"] = np.full(n, DIV)
    return chain


def greeks(c):
    """Price and raw greeks (theta per year of calendar time), vectorised."""
    s, k, t, r, q, v = c["spot"], c["strike"], c["t"], c["rate"], c["div"], c["sigma"]
    phi = c["type"].astype(np.float64)  # +1 call, -1 put
    sqrt_t = np.sqrt(t)
    vol_t = v * sqrt_t
    d1 = (np.log(s / k) + (r - q + 0.5 * v * v) * t) / vol_t
    d2 = d1 - vol_t
    growth, discount = np.exp(-q * t), np.exp(-r * t)
    n1, n2 = ndtr(phi * d1), ndtr(phi * d2)
    density = np.exp(-0.5 * d1 * d1) / math.sqrt(2 * math.pi)
    price = phi * (s * growth * n1 - k * discount * n2)
    delta = phi * growth * n1
    gamma = growth * density / (s * vol_t)
    vega = s * growth * density * sqrt_t
    theta = -s * growth * density * v / (2 * sqrt_t) - phi * r * k * discount * n2 + phi * q * s * growth * n1
    rho = phi * k * t * discount * n2
    return price, delta, gamma, vega, theta, rho


def median_ns(runs, body):
    body()
    times = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        body()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times)


def emit(bench, options, ns, runs, **extra):
    per = ns / options
    line = {"bench": bench, "impl": "numpy", "path": "numpy", "options": options,
            "ns_per_option": round(per, 3), "options_per_s": round(1e9 / per, 1), "runs": runs}
    line.update(extra)
    print(json.dumps(line, separators=(",", ":")), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller sweep")
    parser.add_argument("--days", type=int, default=None, help="days in the sweep (default 500)")
    args = parser.parse_args()
    runs = 3 if args.quick else 15
    days = args.days or (50 if args.quick else 500)

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(json.dumps({"machine": cpu, "impl": "numpy", "numpy": np.__version__,
                      "python": platform.python_version()}, separators=(",", ":")), flush=True)

    chain = full_chain()
    n = len(chain["spot"])
    emit("greeks_chain", n, median_ns(runs, lambda: greeks(chain)), runs, expiries=len(EXPIRY_DAYS))

    data = sweep(days)
    per_day = 2 * SWEEP_STRIKES * len(SWEEP_EXPIRY_DAYS)

    def one_pass():
        # Day by day, as the Swift sweep does, so numpy's per-call overhead counts too.
        for d in range(days):
            sl = slice(d * per_day, (d + 1) * per_day)
            greeks({k: v[sl] for k, v in data.items()})

    sweep_runs = 3 if args.quick else 7
    emit("greeks_sweep", days * per_day, median_ns(sweep_runs, one_pass), sweep_runs,
         days=days, options_per_day=per_day)


if __name__ == "__main__":
    main()
