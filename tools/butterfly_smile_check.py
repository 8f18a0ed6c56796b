#!/usr/bin/env python3
"""How exactly must a smile fit for the core butterfly's credit at mid to come out right?

For each closing SPX day of `structures.csv` (written by `spx30dte validate quotes`) whose
real chain is a Cboe quotedata download or the OCA 16:00 file, the core butterfly's legs are
priced three ways on that day's REAL quotes of the butterfly's expiry, all in sample:

  real     the legs' real mids (what `validate quotes` compares against);
  ssvi     one SSVI slice (theta, rho, phi) fitted by least squares to the expiry's own
           out-of-the-money mid vols (puts 0.85-1.00 F, calls 1.00-1.03 F), with and without
           the project's far put tail (weight free, starting at z = -2 ATM deviations);
  svi      a raw SVI slice (five parameters) fitted to the same vols;
  local    a cubic in log-moneyness through the put vols within 3% of the legs.

If a smile family fitted to the very expiry it prices misses the real credit, no daily
model built on that family can meet it out of sample. The forward is the median put-call
parity forward of strikes whose call and put are within 30 points; time is calendar days / 365;
the rate is the day's three-month bill.

    python3 tools/butterfly_smile_check.py --structures OUT/structures.csv [--data data]

Needs numpy and scipy.
"""
import argparse
import csv
import glob
import gzip
import math
import os
from datetime import date, datetime

import numpy as np
from scipy.optimize import brentq, least_squares
from scipy.stats import norm


def black(forward, strike, t, vol, discount, put):
    sd = vol * math.sqrt(t)
    d1 = math.log(forward / strike) / sd + 0.5 * sd
    d2 = d1 - sd
    if put:
        return discount * (strike * norm.cdf(-d2) - forward * norm.cdf(-d1))
    return discount * (forward * norm.cdf(d1) - strike * norm.cdf(d2))


def implied(forward, strike, t, price, discount, put):
    try:
        return brentq(lambda v: black(forward, strike, t, v, discount, put) - price, 1e-4, 5.0)
    except ValueError:
        return None


def open_text(path):
    return gzip.open(path, "rt") if path.endswith(".gz") else open(path, newline="")


def quotedata_mids(path, expiry):
    """Call and put mids of one expiry of a Cboe quotedata download (both date styles)."""
    calls, puts = {}, {}
    with open_text(path) as f:
        rows = list(csv.reader(f))[3:]
    for r in rows:
        if len(r) < 17:
            continue
        for style in ("%a %b %d %Y", "%m/%d/%Y"):
            try:
                day = datetime.strptime(r[0], style).date()
                break
            except ValueError:
                day = None
        if day is None or day.isoformat() != expiry:
            continue
        strike = float(r[11])
        for book, bid, ask in ((calls, r[4], r[5]), (puts, r[15], r[16])):
            b, a = float(bid), float(ask)
            if b > 0 and a > b:
                book.setdefault(strike, []).append(0.5 * (a + b))
    # SPX and SPXW of one date share strikes only on the monthly expiry: keep the first.
    return {k: v[0] for k, v in calls.items()}, {k: v[0] for k, v in puts.items()}


def oca_mids(path, expiry):
    calls, puts = {}, {}
    with open_text(path) as f:
        for r in csv.DictReader(f):
            if r["expiry"] != expiry:
                continue
            b, a = float(r["bid_price"]), float(r["ask_price"])
            if b > 0 and a > b:
                (calls if r["optiontype"] == "C" else puts)[float(r["strike"])] = 0.5 * (a + b)
    return calls, puts


def chain_file(data, day):
    for pattern in (f"options/**/spx_{day}_close_cboe_quotedata_raw.*", f"options/**/spx_{day}_1600ET_oca_resources_raw.*"):
        found = sorted(glob.glob(os.path.join(data, pattern), recursive=True))
        if found:
            return found[0]
    return None


def bill_rate(data, day):
    rate = None
    with open(os.path.join(data, "rates/dtb3_daily_clean.csv")) as f:
        for r in csv.DictReader(f):
            if r["date"] > day:
                break
            rate = float(r[[k for k in r if k != "date"][0]]) / 100
    return rate or 0.0


def ssvi(p, k, z0):
    theta, rho, phi = p[:3]
    w = 0.5 * theta * (1 + rho * phi * k + np.sqrt((phi * k + rho) ** 2 + 1 - rho * rho))
    if z0 is not None:
        x = np.maximum(z0 - k / np.sqrt(theta), 0)
        w = w + p[3] * theta * (np.sqrt(1 + x * x) - 1)
    return w


def check(data, row):
    day, expiry = row["date"], row["expiry"]
    path = chain_file(data, day)
    if path is None:
        return None
    calls, puts = (oca_mids if "oca" in path else quotedata_mids)(path, expiry)
    parts = row["legs"].split(" ")
    legs = [(float(parts[i + 1][:-1]), int(parts[i])) for i in range(0, len(parts), 2)]
    if not all(k in puts for k, _ in legs):
        return None
    t = (date.fromisoformat(expiry) - date.fromisoformat(day)).days / 365
    discount = math.exp(-bill_rate(data, day) * t)
    both = [k for k in calls if k in puts and abs(calls[k] - puts[k]) < 30]
    forward = float(np.median([k + (calls[k] - puts[k]) / discount for k in both]))
    points = [(k, implied(forward, k, t, puts[k], discount, True)) for k in puts if 0.85 * forward < k < forward]
    points += [(k, implied(forward, k, t, calls[k], discount, False)) for k in calls if forward <= k < 1.03 * forward]
    points = [(k, v) for k, v in points if v]
    strikes = np.array([k for k, _ in points])
    vols = np.array([v for _, v in points])
    k = np.log(strikes / forward)

    def price(vol_of):
        return -100 * sum(q * black(forward, s, t, vol_of(math.log(s / forward)), discount, True) for s, q in legs)

    real = -100 * sum(q * puts[s] for s, q in legs)
    atm = float(vols[np.argmin(abs(k))])
    out = {"date": day, "real": real, "model": float(row["synthesized_mid"])}
    for name, z0 in (("ssvi", None), ("ssvi_tail", -2.0)):
        start = [atm * atm * t, -0.6, 5.0] + ([0.1] if z0 is not None else [])
        lower = [1e-6, -0.999, 0.01] + ([0.0] if z0 is not None else [])
        upper = [1.0, 0.999, 500.0] + ([20.0] if z0 is not None else [])
        fit = least_squares(lambda p: np.sqrt(ssvi(p, k, z0) / t) - vols, start, bounds=(lower, upper))
        out[name] = price(lambda x: math.sqrt(float(ssvi(fit.x, np.array([x]), z0)[0]) / t))
        out[name + "_rms"] = 100 * float(np.sqrt(np.mean(fit.fun ** 2)))
    # Raw SVI (a, b, rho, m, s): SSVI's slice with the vertex and its curvature set free.
    raw = lambda p, x: p[0] + p[1] * (p[2] * (x - p[3]) + np.sqrt((x - p[3]) ** 2 + p[4] ** 2))
    fit = least_squares(lambda p: np.sqrt(np.maximum(raw(p, k), 1e-12) / t) - vols, [0.5 * atm * atm * t, 0.1, -0.7, 0.0, 0.05],
                        bounds=([-1, 0, -0.999, -1, 1e-4], [1, 5, 0.999, 1, 2]))
    out["svi"] = price(lambda x: math.sqrt(max(float(raw(fit.x, np.array([x]))[0]), 1e-12) / t))
    out["svi_rms"] = 100 * float(np.sqrt(np.mean(fit.fun ** 2)))
    span = (strikes > 0.97 * min(s for s, _ in legs)) & (strikes < 1.03 * max(s for s, _ in legs)) & (strikes < forward)
    if span.sum() < 6:
        out["local"] = out["local_rms"] = float("nan")
        return out
    # Centred and scaled so that the cubic's normal equations stay well conditioned.
    centre, scale = float(k[span].mean()), float(k[span].std())
    cubic = np.polyfit((k[span] - centre) / scale, vols[span], 3)
    local = lambda x: float(np.polyval(cubic, (x - centre) / scale))
    out["local"] = price(local)
    out["local_rms"] = 100 * float(np.sqrt(np.mean((vols[span] - np.array([local(x) for x in k[span]])) ** 2)))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", required=True)
    parser.add_argument("--data", default="data")
    args = parser.parse_args()
    with open(args.structures, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["structure"] == "core_bwb" and r["closing"] == "1" and r["legs"]]
    print("butterfly credit at mid, dollars; ratio to the real mid in brackets; rms = the fit's vol error (vol points)")
    print(f"{'day':<11} {'real':>7} {'model':>15} {'ssvi slice':>22} {'ssvi+tail slice':>22} {'raw svi slice':>22} "
          f"{'local cubic':>22}")
    for row in rows:
        r = check(args.data, row)
        if r is None:
            continue

        def cell(name, rms=None):
            if not math.isfinite(r[name]):
                return "-"
            text = f"{r[name]:7.1f} ({r[name] / r['real']:5.2f})" if r["real"] else f"{r[name]:7.1f}"
            return text + (f" rms {r[rms]:.2f}" if rms else "")

        print(f"{r['date']:<11} {r['real']:7.1f} {cell('model'):>15} {cell('ssvi', 'ssvi_rms'):>22} "
              f"{cell('ssvi_tail', 'ssvi_tail_rms'):>22} {cell('svi', 'svi_rms'):>22} {cell('local', 'local_rms'):>22}")


if __name__ == "__main__":
    main()
