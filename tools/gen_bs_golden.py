#!/usr/bin/env python3
"""Generates Tests/PricingTests/Golden/bs_golden.csv: Black-Scholes-Merton prices and greeks
computed in high-precision arithmetic, the reference of Tests/PricingTests/BlackScholesAccuracyTests.

Each row holds the inputs as exact doubles, printed with repr (shortest round-trip form, so a
reader parsing them gets the very same doubles), and the six reference figures of the option
those exact doubles describe:

    type,spot,strike,t,rate,div,sigma,price,delta,gamma,vega,theta,rho

type is c or p; t is years; rate and div are continuously compounded; sigma is per 1.00.
The figures follow DESIGN section 2: delta dV/dS, gamma d2V/dS2, vega dV/dsigma, theta
dV/d(calendar time) per year (= -dV/dt for time to expiry t), rho dV/dr with div held fixed.
Black-76 rows are spot = F with div = rate.

Every figure is evaluated from the closed-form expressions with mpmath at 40 significant
digits or more: a row is evaluated at P and at 2P digits (P = 40 to start) and P doubles
until both agree to 30 digits, which takes care of the cancellation in far out-of-the-money
prices and near-zero thetas. Figures are printed with 25 significant digits. A figure
far below the double range is printed as it is (e.g. 1.2e-5000; a double reader gets 0).

The grid is deterministic (numpy Generator, fixed seed): a random grid over spot 1..10,000,
K/S 0.2..5, t one hour..5 years, sigma 1%..500%, rate -1%..10%, div 0..5% (calls and puts,
some Black-76 rows), a product grid over the same ranges, far strikes (K/S 1e-2 and 1e2),
near-the-money rows with tiny t and tiny vol, VIX-like Black-76 rows and exact-ATM rows.

Rerun (about a minute):
    python3 tools/gen_bs_golden.py > Tests/PricingTests/Golden/bs_golden.csv
    python3 tools/gen_bs_golden.py --check     # also checks the greeks against mpmath diff
"""
import sys

import mpmath as mp
import numpy as np

SEED = 20240530
START_DIGITS = 40
AGREE_DIGITS = 30
PRINT_DIGITS = 25
HOUR = 1.0 / 8760.0


def figures(cp, S, K, t, r, q, v):
    """price, delta, gamma, vega, theta, rho at the current mp precision (inputs are doubles)."""
    S, K, t, r, q, v = (mp.mpf(x) for x in (S, K, t, r, q, v))
    th = 1 if cp == "c" else -1
    sq = mp.sqrt(t)
    s = v * sq
    d1 = (mp.log(S / K) + (r - q) * t) / s + s / 2
    d2 = d1 - s
    dq = mp.exp(-q * t)
    dr = mp.exp(-r * t)
    n1 = mp.ncdf(th * d1)
    n2 = mp.ncdf(th * d2)
    pdf1 = mp.npdf(d1)
    price = th * (S * dq * n1 - K * dr * n2)
    delta = th * dq * n1
    gamma = dq * pdf1 / (S * s)
    vega = S * dq * pdf1 * sq
    theta = -S * dq * pdf1 * v / (2 * sq) + th * (q * S * dq * n1 - r * K * dr * n2)
    rho = th * K * t * dr * n2
    return [price, delta, gamma, vega, theta, rho]


def agree(a, b):
    for x, y in zip(a, b):
        if x == y:
            continue
        scale = max(abs(x), abs(y))
        if abs(x - y) > scale * mp.mpf(10) ** (-AGREE_DIGITS):
            return False
    return True


def reference(row):
    digits = START_DIGITS
    while True:
        with mp.workdps(digits):
            low = figures(*row)
        with mp.workdps(2 * digits):
            high = figures(*row)
        with mp.workdps(2 * digits):
            if agree(low, high):
                return high
        digits *= 2
        if digits > 5000:
            raise RuntimeError(f"no convergence for {row}")


def fmt(x):
    if x == 0:
        return "0"
    return mp.nstr(x, PRINT_DIGITS, min_fixed=1, max_fixed=0, strip_zeros=False)


def log_uniform(rng, lo, hi):
    return float(np.exp(rng.uniform(np.log(lo), np.log(hi))))


def rows():
    rng = np.random.default_rng(SEED)
    out = []

    def add(cp, S, K, t, r, q, v):
        out.append((cp, float(S), float(K), float(t), float(r), float(q), float(v)))

    def rate():
        return float(rng.uniform(-0.01, 0.10))

    def div():
        return float(rng.uniform(0.0, 0.05))

    # 1. Random grid over the whole main domain.
    for i in range(2600):
        S = log_uniform(rng, 1.0, 10000.0)
        if i % 3 == 0:
            S = round(S, 2)  # quoted spots
        K = S * log_uniform(rng, 0.2, 5.0)
        if i % 2 == 0:
            K = max(0.5, round(K * 2) / 2)  # listed strikes: multiples of 0.5
        t = log_uniform(rng, HOUR, 5.0)
        v = log_uniform(rng, 0.01, 5.0)
        r = rate()
        q = r if i % 7 == 0 else div()  # Black-76 rows
        add("c" if rng.random() < 0.5 else "p", S, K, t, r, q, v)

    # 2. Product grid over the corners and the middle of the domain.
    moneyness = [0.2, 0.5, 0.8, 0.95, 1.0, 1.05, 1.25, 2.0, 5.0]
    expiries = [HOUR, 1 / 365, 7 / 365, 30 / 365, 0.25, 1.0, 5.0]
    vols = [0.01, 0.1, 0.3, 1.0, 5.0]
    for S in (100.0, 4512.25):
        for m in moneyness:
            for t in expiries:
                for v in vols:
                    for cp in ("c", "p"):
                        r = rate()
                        q = r if rng.random() < 0.15 else div()
                        add(cp, S, S * m, t, r, q, v)

    # 3. Far strikes: K/S = 1e-2 and 1e2 (and a little either side).
    for i in range(160):
        S = log_uniform(rng, 1.0, 10000.0)
        m = [1e-2, 1e2][i % 2] * log_uniform(rng, 0.8, 1.25)
        t = log_uniform(rng, HOUR, 5.0)
        v = log_uniform(rng, 0.01, 5.0)
        add("c" if (i // 2) % 2 == 0 else "p", S, S * m, t, rate(), div(), v)

    # 4. Near the money with tiny t and tiny vol: ln(S/K) must be accurate to its last ulp.
    for i in range(500):
        S = log_uniform(rng, 1.0, 10000.0)
        if i % 4 == 0:
            S = round(S, 2)
        eps = (1 if rng.random() < 0.5 else -1) * log_uniform(rng, 1e-9, 1e-3)
        K = S * (1.0 + eps)
        t = log_uniform(rng, HOUR, 3.0 / 365.0)
        v = log_uniform(rng, 0.01, 0.08)
        r = rate()
        q = r if i % 5 == 0 else div()
        add("c" if rng.random() < 0.5 else "p", S, K, t, r, q, v)

    # 5. Forward at the money: ln(S/K) = -(r - q) t nearly cancels, x is tiny.
    for i in range(150):
        S = log_uniform(rng, 10.0, 10000.0)
        t = log_uniform(rng, HOUR, 1.0)
        r, q = rate(), div()
        K = S * float(mp.exp(mp.mpf(r - q) * t)) * (1.0 + float(rng.uniform(-1e-12, 1e-12)))
        v = log_uniform(rng, 0.01, 0.5)
        add("c" if i % 2 == 0 else "p", S, K, t, r, q, v)

    # 6. VIX-like Black-76 rows: futures 9..80, strikes 5..150 on whole/half points.
    for i in range(300):
        F = round(log_uniform(rng, 9.0, 80.0), 2)
        K = max(1.0, round(F * log_uniform(rng, 0.3, 3.0) * 2) / 2)
        t = log_uniform(rng, HOUR, 0.5)
        v = log_uniform(rng, 0.3, 3.0)
        r = rate()
        add("c" if i % 2 == 0 else "p", F, K, t, r, r, v)

    # 7. Exact at the money (S == K), every expiry, small and large vol; spot 1 and 10,000.
    for S in (1.0, 20.0, 4500.0, 10000.0):
        for t in expiries:
            for v in (0.01, 0.2, 5.0):
                r, q = rate(), div()
                add("c", S, S, t, r, q, v)
                add("p", S, S, t, r, q, v)

    # 8. Zero carry and negative carry, whole numbers (SPX-like chain at 30 days).
    for K in range(3000, 6001, 50):
        for cp in ("c", "p"):
            add(cp, 4500.0, float(K), 30 / 365, 0.045, 0.013, 0.18)
            add(cp, 4500.0, float(K), 30 / 365, -0.005, 0.02, 0.18)
    return out


def check(sample):
    """Greeks of the closed forms against numerical differentiation of the price in mpmath."""
    worst = 0.0
    with mp.workdps(60):
        for row in sample:
            cp, S, K, t, r, q, v = row
            f = figures(*row)

            def p(S_=S, K_=K, t_=t, r_=r, q_=q, v_=v):
                return figures(cp, S_, K_, t_, r_, q_, v_)[0]

            # figures() converts its inputs with mpf, so mp values pass through unchanged.
            num = [
                mp.diff(lambda x: p(S_=x), mp.mpf(S)),
                mp.diff(lambda x: p(S_=x), mp.mpf(S), 2),
                mp.diff(lambda x: p(v_=x), mp.mpf(v)),
                -mp.diff(lambda x: p(t_=x), mp.mpf(t)),
                mp.diff(lambda x: p(r_=x), mp.mpf(r)),
            ]
            floors = [1, 1 / mp.mpf(S), mp.mpf(S), mp.mpf(S), mp.mpf(S)]
            for k, (a, b) in enumerate(zip(f[1:], num)):
                # Differentiation noise of a 60-digit price is far below 1e-40 of its scale.
                scale = max(abs(a), abs(b), floors[k] * mp.mpf(10) ** -40)
                err = float(abs(a - b) / scale)
                worst = max(worst, err)
                if err > 1e-25:
                    print(f"mismatch {['delta', 'gamma', 'vega', 'theta', 'rho'][k]} {row}: "
                          f"{fmt(a)} vs {fmt(b)}", file=sys.stderr)
    print(f"closed-form greeks vs mp.diff: worst relative difference {worst:.2e}", file=sys.stderr)


def main():
    grid = rows()
    if "--check" in sys.argv:
        check(grid[::29])
    print("type,spot,strike,t,rate,div,sigma,price,delta,gamma,vega,theta,rho")
    for row in grid:
        ref = reference(row)
        cells = [row[0]] + [repr(x) for x in row[1:]] + [fmt(x) for x in ref]
        print(",".join(cells))
    print(f"{len(grid)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
