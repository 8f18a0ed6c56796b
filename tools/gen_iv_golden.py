#!/usr/bin/env python3
"""Generates Tests/PricingTests/Golden/iv_golden.csv: implied volatilities of double option
prices, computed in high-precision arithmetic, the reference of
Tests/PricingTests/ImpliedVolatilityTests.

Columns:

    type,spot,strike,t,rate,div,price,status,sigma,time_value

type is the kernel code (1 call, -1 put; other codes are invalid rows); spot, strike, t, rate,
div and price are exact doubles printed with repr (shortest round-trip form, so a reader
parsing them gets the very same doubles; nan and inf are printed as nan, inf, -inf). status is
ok, below_intrinsic, above_max or invalid. sigma (ok rows only, else nan) is the EXACT
Black-Scholes-Merton implied volatility of the double price, printed with 25 significant
digits; time_value is (price - discounted forward intrinsic) / spot to 6 digits, which
tells a test whether the row is in the domain of the accuracy target (time value >= 1e-9 of
spot).

How a row is made: a volatility is drawn, the exact price of the option is computed with
mpmath and rounded to a double; then the volatility that reproduces that double exactly is
found by a bracketed root search and Newton steps at 60 digits or more. The time value is
priced as the out-of-the-money option of the same strike (put-call parity), so no digits are
lost to cancellation, and the working precision is raised by the digits that the difference
price - intrinsic cancels, so in-the-money rows keep 40 good digits as well.

The grid is deterministic (numpy Generator, fixed seed): random quotes with spot 1..10,000,
t one hour..5 years, sigma 1%..500%, rate -1%..10%, div 0..5%, strikes placed at -9..+9
standard deviations of the forward and at fixed ratios K/S 0.2..5; Black-76 rows (div =
rate); near-the-money rows with tiny t and tiny vol; exact-ATM rows; very deep wings with
tiny time values; and rows for each status: every kind of invalid input, prices below and
exactly at intrinsic, at and above the maximum.

Rerun (a few minutes):
    python3 tools/gen_iv_golden.py > Tests/PricingTests/Golden/iv_golden.csv
"""
import math
import sys

import mpmath as mp
import numpy as np

SEED = 20240611
BASE_DIGITS = 60
PRINT_DIGITS = 25
HOUR = 1.0 / 8760.0


def fmt(v):
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(v)


def forward_parts(S, K, t, r, q):
    """u = S e^{-qt}, v = K e^{-rt} at the current precision (inputs are exact doubles)."""
    S, K, t, r, q = (mp.mpf(z) for z in (S, K, t, r, q))
    return S * mp.exp(-q * t), K * mp.exp(-r * t)


def ncdf(z):
    """Phi(z); mpmath's erfc is slow for large negative arguments, so only positive ones go in."""
    if z < 0:
        return mp.erfc(-z / mp.sqrt(2)) / 2
    return 1 - mp.erfc(z / mp.sqrt(2)) / 2


def otm_price(u, v, t, sigma):
    """Price of the out-of-the-money option of this strike (call if u < v, put otherwise)."""
    s = mp.mpf(sigma) * mp.sqrt(mp.mpf(t))
    x = mp.log(u / v)
    d1 = x / s + s / 2
    d2 = d1 - s
    if u < v:
        return u * ncdf(d1) - v * ncdf(d2)
    return v * ncdf(-d2) - u * ncdf(-d1)


def otm_vega(u, v, t, sigma):
    s = mp.mpf(sigma) * mp.sqrt(mp.mpf(t))
    d1 = mp.log(u / v) / s + s / 2
    return u * mp.npdf(d1) * mp.sqrt(mp.mpf(t))


def price_double(ty, S, K, t, r, q, sigma):
    """The exact BSM price rounded to a double."""
    with mp.workdps(BASE_DIGITS):
        u, v = forward_parts(S, K, t, r, q)
        intrinsic = max(ty * (u - v), 0)
        tv = otm_price(u, v, t, sigma)
        extra = 0
        if tv > 0 and intrinsic > 0:
            # beyond 40 digits the time value no longer reaches the double price
            extra = min(40, max(0, int(mp.log10(intrinsic / tv))))
    with mp.workdps(BASE_DIGITS + extra):
        u, v = forward_parts(S, K, t, r, q)
        intrinsic = max(ty * (u - v), 0)
        return float(intrinsic + otm_price(u, v, t, sigma))


def classify(ty, S, K, t, r, q, p):
    """status, exact implied volatility (mpf or None), time value / spot."""
    vals = (S, K, t, r, q, p)
    if ty not in (1, -1) or any(math.isnan(z) or math.isinf(z) for z in vals):
        return "invalid", None, float("nan")
    if not (S > 0 and K > 0 and t > 0 and p > 0):
        return "invalid", None, float("nan")
    digits = BASE_DIGITS
    for _ in range(3):
        with mp.workdps(digits):
            u, v = forward_parts(S, K, t, r, q)
            intrinsic = max(ty * (u - v), 0)
            cap = u if ty == 1 else v
            tv = mp.mpf(p) - intrinsic
            if tv <= 0:
                return "below_intrinsic", None, float(tv / S)
            if mp.mpf(p) >= cap:
                return "above_max", None, float(tv / S)
            need = BASE_DIGITS + max(0, int(mp.log10(mp.mpf(p) / tv)))
            if need <= digits:
                return "ok", implied(u, v, t, tv, digits), float(tv / S)
            digits = need + 5
    raise RuntimeError("precision")


def implied(u, v, t, target, digits):
    """sigma with otm_price(sigma) = target (target is the time value, exact)."""
    with mp.workdps(digits):
        f = lambda sg: otm_price(u, v, t, sg) - target
        lo, hi = mp.mpf("1e-4"), mp.mpf("2")
        while f(lo) > 0:
            lo /= 4
        while f(hi) < 0:
            hi *= 2
        # log-bisection to a bracket of relative width 1e-6, then Newton
        while hi / lo > 1 + mp.mpf("1e-6"):
            mid = mp.sqrt(lo * hi)
            if f(mid) > 0:
                hi = mid
            else:
                lo = mid
        sg = mp.sqrt(lo * hi)
        for _ in range(60):
            step = f(sg) / otm_vega(u, v, t, sg)
            sg -= step
            if abs(step) < sg * mp.mpf(10) ** (-(PRINT_DIGITS + 8)):
                break
        return sg


def main():
    rng = np.random.default_rng(SEED)
    rows = []

    def add(ty, S, K, t, r, q, sigma=None, price=None):
        S, K, t, r, q = float(S), float(K), float(t), float(r), float(q)
        if price is None:
            price = price_double(ty, S, K, t, r, q, sigma)
        rows.append((ty, S, K, t, r, q, float(price)))

    def rand_quote(black76=False):
        S = float(np.exp(rng.uniform(0, np.log(10000))))
        t = float(np.exp(rng.uniform(np.log(HOUR), np.log(5))))
        sigma = float(np.exp(rng.uniform(np.log(0.01), np.log(5))))
        r = float(rng.uniform(-0.01, 0.10))
        q = r if black76 else float(rng.uniform(0, 0.05))
        return S, t, sigma, r, q

    # standardised-moneyness grid: strikes at z standard deviations from the forward
    for i in range(1400):
        S, t, sigma, r, q = rand_quote(black76=(i % 5 == 0))
        z = float(rng.uniform(-9, 9))
        F = S * math.exp((r - q) * t)
        K = float(F * math.exp(z * sigma * math.sqrt(t)))
        ty = 1 if rng.uniform() < 0.5 else -1
        add(ty, S, K, t, r, q, sigma)
    # fixed strike ratios K/S 0.2..5 (deep in and out of the money for short expiries)
    for i in range(600):
        S, t, sigma, r, q = rand_quote(black76=(i % 4 == 0))
        K = float(S * np.exp(rng.uniform(np.log(0.2), np.log(5))))
        ty = 1 if rng.uniform() < 0.5 else -1
        add(ty, S, K, t, r, q, sigma)
    # grid corners: t one hour .. 5 years, sigma 1% .. 500%, a few moneyness levels
    for t in (HOUR, 1 / 365, 7 / 365, 30 / 365, 0.25, 1.0, 5.0):
        for sigma in (0.01, 0.05, 0.2, 1.0, 5.0):
            for z in (-6.0, -2.0, 0.0, 2.0, 6.0):
                S = 4500.0
                K = float(S * math.exp(0.04 * t - 0.013 * t + z * sigma * math.sqrt(t)))
                for ty in (1, -1):
                    add(ty, S, K, t, 0.04, 0.013, sigma)
    # near the money, tiny t and tiny vol; exact ATM (K = S with r = q)
    for i in range(120):
        t = float(np.exp(rng.uniform(np.log(HOUR), np.log(2 / 365))))
        sigma = float(np.exp(rng.uniform(np.log(0.01), np.log(0.1))))
        S = 4000.0 + float(rng.uniform(0, 1000))
        K = float(S * (1 + rng.uniform(-3, 3) * sigma * math.sqrt(t)))
        ty = 1 if i % 2 == 0 else -1
        add(ty, S, K, t, 0.05, 0.01, sigma)
    for sigma in (0.01, 0.1, 1.0, 5.0):
        for t in (HOUR, 0.1, 5.0):
            add(1, 100.0, 100.0, t, 0.03, 0.03, sigma)
            add(-1, 100.0, 100.0, t, 0.0, 0.0, sigma)
    # deep wings with small time values (1e-9 .. 1e-14 of spot) and Black-76 VIX-like rows
    for i in range(150):
        S, t, sigma, r, q = rand_quote()
        ty = 1 if i % 2 == 0 else -1
        target = 10.0 ** rng.uniform(-14, -9)
        # strike whose OTM price is about target * S: z solves phi-ish tail ~ target
        z = math.sqrt(max(2 * math.log(1 / target) - 2 * math.log(max(1e-300, 1.0)), 1.0))
        F = S * math.exp((r - q) * t)
        side = 1 if rng.uniform() < 0.5 else -1
        K = float(F * math.exp(side * z * sigma * math.sqrt(t)))
        add(ty, S, K, t, r, q, sigma)
    for i in range(60):
        F = float(rng.uniform(12, 40))
        t = float(np.exp(rng.uniform(np.log(1 / 365), np.log(0.5))))
        sigma = float(rng.uniform(0.5, 2.0))
        K = float(F * np.exp(rng.uniform(-1, 1.2)))
        r = 0.045
        add(1 if i % 2 == 0 else -1, F, K, t, r, r, sigma)
    # statuses: invalid inputs of each kind
    nan, inf = float("nan"), float("inf")
    base = (1, 100.0, 100.0, 0.5, 0.03, 0.01, 5.0)
    for idx, bad in ((1, 0.0), (1, -1.0), (1, nan), (1, inf), (2, 0.0), (2, -5.0), (2, nan),
                     (2, inf), (3, 0.0), (3, -0.1), (3, nan), (3, inf), (4, nan), (4, inf),
                     (4, -inf), (5, nan), (5, inf), (5, -inf), (6, 0.0), (6, -1.0), (6, nan),
                     (6, inf)):
        row = list(base)
        row[idx] = bad
        rows.append(tuple(row))
    for code in (0, 2, -2, 127):
        rows.append((code,) + base[1:])
    # below and exactly at intrinsic (r = q = 0 makes the intrinsic exact), at/above the max
    rows.append((1, 110.0, 100.0, 0.5, 0.0, 0.0, 10.0))
    rows.append((-1, 90.0, 100.0, 0.5, 0.0, 0.0, 10.0))
    rows.append((1, 110.0, 100.0, 0.5, 0.0, 0.0, 9.999))
    rows.append((-1, 90.0, 100.0, 0.5, 0.0, 0.0, 9.5))
    rows.append((1, 110.0, 100.0, 0.5, 0.05, 0.02, 1.0))
    rows.append((-1, 4000.0, 4500.0, 0.25, 0.05, 0.01, 400.0))
    rows.append((1, 100.0, 100.0, 0.5, 0.03, 0.0, 100.0))
    rows.append((-1, 100.0, 100.0, 0.5, 0.0, 0.01, 100.0))
    rows.append((1, 100.0, 100.0, 0.5, 0.03, 0.0, 150.0))
    rows.append((-1, 100.0, 100.0, 0.5, 0.03, 0.01, 120.0))
    rows.append((1, 100.0, 100.0, 0.5, 0.03, 0.02, float(100.0 * math.exp(-0.02 * 0.5))))
    rows.append((-1, 100.0, 80.0, 0.5, 0.03, 0.02, float(80.0 * math.exp(-0.03 * 0.5))))
    # just inside the maximum and just above intrinsic (ok, extreme)
    rows.append((1, 100.0, 100.0, 0.5, 0.0, 0.0, 99.99999))
    rows.append((1, 110.0, 100.0, 0.5, 0.0, 0.0, 10.0 + 1e-6))

    out = sys.stdout
    out.write("type,spot,strike,t,rate,div,price,status,sigma,time_value\n")
    for ty, S, K, t, r, q, p in rows:
        status, sigma, tv = classify(ty, S, K, t, r, q, p)
        sig = mp.nstr(sigma, PRINT_DIGITS, strip_zeros=False) if sigma is not None else "nan"
        tvs = "nan" if math.isnan(tv) else "%.6g" % tv
        out.write(",".join([fmt(ty), fmt(S), fmt(K), fmt(t), fmt(r), fmt(q), fmt(p), status, sig, tvs]) + "\n")


if __name__ == "__main__":
    main()
