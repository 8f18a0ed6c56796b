#!/usr/bin/env python3
"""How exactly must a smile fit for the core butterfly's credit at mid to come out right?

For each closing SPX day of `structures.csv` (written by `spx30dte validate quotes`) whose
real chain is a Cboe quotedata download or the OCA 16:00 file, the core butterfly's legs are
priced on that day's REAL quotes of the butterfly's expiry, all in sample:

  real     the legs' real mids (what `validate quotes` compares against);
  ssvi     one SSVI slice (theta, rho, phi) fitted by least squares to the expiry's own
           out-of-the-money mid vols (puts 0.85-1.00 F, calls 1.00-1.03 F), with and without
           the project's far put tail (weight free, starting at z = -2 ATM deviations);
  svi      a raw SVI slice (five parameters) fitted to the same vols;
  local    a cubic in log-moneyness through the put vols within 3% of the legs.

If a smile family fitted to the very expiry it prices misses the real credit, no daily
model built on that family can meet it out of sample. The forward is put-call parity's by the
rule of the project's `PutCallParity` (the median of the five strikes nearest the money); time is calendar days / 365;
the rate is the day's three-month bill. Prices and implied vols come from the project's own C
core through its Python module (`pip install ./python`).

    python3 tools/butterfly_smile_check.py --structures OUT/structures.csv [--data data]

Needs the project's Python module, numpy and scipy (for the least-squares fits).
"""
import argparse
import csv
import glob
import gzip
import math
import os
from datetime import date, datetime

import numpy as np
from scipy.optimize import least_squares

from butterfly_common import black, closing_core_butterflies, implied, parity_forward, parse_legs


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


def ssvi(p, k, z0=None):
    """SSVI total variance (theta, rho, phi), plus the project's put tail beyond z0 when given."""
    theta, rho, phi = p[:3]
    w = 0.5 * theta * (1 + rho * phi * k + np.sqrt((phi * k + rho) ** 2 + 1 - rho * rho))
    if z0 is not None:
        x = np.maximum(z0 - k / np.sqrt(theta), 0)
        w = w + p[3] * theta * (np.sqrt(1 + x * x) - 1)
    return w


def raw_svi(p, k):
    """Raw SVI total variance (a, b, rho, m, s): SSVI's slice with the vertex and its curvature set free."""
    a, b, rho, m, s = p
    return a + b * (rho * (k - m) + np.sqrt((k - m) ** 2 + s * s))


def check(data, row):
    day, expiry = row["date"], row["expiry"]
    path = chain_file(data, day)
    if path is None:
        return None
    calls, puts = (oca_mids if "oca" in path else quotedata_mids)(path, expiry)
    legs = parse_legs(row["legs"])
    if not all(k in puts for k, _ in legs):
        return None
    t = (date.fromisoformat(expiry) - date.fromisoformat(day)).days / 365
    rate = bill_rate(data, day)
    forward = parity_forward(calls, puts, math.exp(rate * t))
    put_strikes = [k for k in sorted(puts) if 0.85 * forward < k < forward]
    call_strikes = [k for k in sorted(calls) if forward <= k < 1.03 * forward]
    strikes = np.array(put_strikes + call_strikes)
    vols = np.concatenate([implied(forward, put_strikes, t, [puts[k] for k in put_strikes], rate, True),
                           implied(forward, call_strikes, t, [calls[k] for k in call_strikes], rate, False)])
    strikes, vols = strikes[np.isfinite(vols)], vols[np.isfinite(vols)]
    k = np.log(strikes / forward)
    leg_strikes = np.array([s for s, _ in legs])
    quantities = np.array([q for _, q in legs])
    out = {"date": day, "real": -100 * sum(q * puts[s] for s, q in legs), "model": float(row["synthesized_mid"])}

    def record(name, vol_of, where=slice(None)):
        """The legs priced on the smile `vol_of` (log-moneyness -> vol) and its rms on the vols it was fitted to."""
        leg_vols = [vol_of(x) for x in np.log(leg_strikes / forward)]
        out[name] = -100 * float(quantities @ black(forward, leg_strikes, t, leg_vols, rate, True))
        out[name + "_rms"] = 100 * float(np.sqrt(np.mean((vols[where] - vol_of(k[where])) ** 2)))

    def fitted(total_variance, start, lower, upper):
        """The smile of `total_variance` fitted by least squares in vol to every point."""
        vol = lambda p, x: np.sqrt(np.maximum(total_variance(p, x), 1e-12) / t)
        p = least_squares(lambda p: vol(p, k) - vols, start, bounds=(lower, upper)).x
        return lambda x: vol(p, x)

    atm_variance = float(vols[np.argmin(abs(k))]) ** 2 * t
    record("ssvi", fitted(ssvi, [atm_variance, -0.6, 5.0], [1e-6, -0.999, 0.01], [1.0, 0.999, 500.0]))
    record("ssvi_tail", fitted(lambda p, x: ssvi(p, x, -2.0), [atm_variance, -0.6, 5.0, 0.1],
                               [1e-6, -0.999, 0.01, 0.0], [1.0, 0.999, 500.0, 20.0]))
    record("svi", fitted(raw_svi, [0.5 * atm_variance, 0.1, -0.7, 0.0, 0.05], [-1, 0, -0.999, -1, 1e-4], [1, 5, 0.999, 1, 2]))
    span = (strikes > 0.97 * leg_strikes.min()) & (strikes < 1.03 * leg_strikes.max()) & (strikes < forward)
    if span.sum() < 6:
        out["local"] = out["local_rms"] = float("nan")
        return out
    # Centred and scaled so that the cubic's normal equations stay well conditioned.
    centre, scale = float(k[span].mean()), float(k[span].std())
    cubic = np.polyfit((k[span] - centre) / scale, vols[span], 3)
    record("local", lambda x: np.polyval(cubic, (np.asarray(x) - centre) / scale), span)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", required=True)
    parser.add_argument("--data", default="data")
    args = parser.parse_args()
    rows = closing_core_butterflies(args.structures)
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
