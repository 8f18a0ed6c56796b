#!/usr/bin/env python3
"""Does the market depart from the synthesized put wing the same way every day?

For each closing SPX day of `structures.csv` (written by `spx30dte validate quotes`), the
core butterfly's expiry is read at every real strike: the real mid's implied vol at the
parity forward less the synthesized one, against z = log(K / F) / sqrt(theta), theta the
synthesized at-the-money total variance. The median departure in windows of 0.3 in z,
averaged over the OTHER days (optionally only those whose at-the-money vol is within a
log-distance --similar of the day's; a share --weight of it), is added to the day's synthesized vols and the legs are
priced again. If the days the butterfly misses shared the others' departure, this would
bring them in.

The chains come from `spx30dte chain --format csv`, the real one read from the day's file
(`--chain-file`, the file `validate quotes` compares), the synthesized one from a copy of the
data folder without `options/`, one file each per day:

    spx30dte chain --date D --min-dte 20 --max-dte 45 --window 0.3 --format csv --chain-file FILE > CHAINS/real_D.csv
    spx30dte chain --date D ... --data COPY --allow-modified-data > CHAINS/synthetic_D.csv
    python3 tools/butterfly_departure_check.py --structures OUT/structures.csv --chains CHAINS

Prices and implied vols come from the project's C core through its Python module
(`pip install ./python`); needs numpy.
"""
import argparse
import csv
import math

import numpy as np

from butterfly_common import black, closing_core_butterflies, implied, parity_forward, parse_legs

GRID = np.linspace(-4.0, 1.5, 111)
WINDOW = 0.15


def chain(path, expiry, source):
    """Calls and puts of one expiry by strike, from the rows of `source` (`real` or
    `synthetic`): the synthesized mid as printed, the real one from a two-sided quote; with
    the time and rate the file states."""
    calls, puts, t, rate = {}, {}, None, None
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["settlement_date"] != expiry or row["source"] != source:
                continue
            bid, ask = float(row["bid"]), float(row["ask"])
            if source == "synthetic":
                mid = float(row["mid"])
            elif bid > 0 and ask > bid:
                mid = 0.5 * (bid + ask)
            else:
                continue
            if mid > 0:
                (puts if row["type"] == "put" else calls)[float(row["strike"])] = mid
                t, rate = float(row["t"]), float(row["rate"])
    return calls, puts, t, rate


def out_of_the_money_vols(path, expiry, source):
    """Log-moneyness and implied vols of the out-of-the-money options, with forward, time and rate."""
    calls, puts, t, rate = chain(path, expiry, source)
    if not puts or not calls:
        raise SystemExit(f"butterfly_departure_check: {path} has no {source} quotes of the {expiry} expiry")
    forward = parity_forward(calls, puts, math.exp(rate * t))
    put_strikes = sorted(k for k in puts if k < forward)
    call_strikes = sorted(k for k in calls if k >= forward)
    x = np.log(np.array(put_strikes + call_strikes) / forward)
    vols = np.concatenate([implied(forward, put_strikes, t, [puts[k] for k in put_strikes], rate, True),
                           implied(forward, call_strikes, t, [calls[k] for k in call_strikes], rate, False)])
    keep = np.isfinite(vols)
    return x[keep], vols[keep], forward, t, rate


def read_day(chains, row):
    day, expiry = row["date"], row["expiry"]
    sx, sv, forward, t, rate = out_of_the_money_vols(f"{chains}/synthetic_{day}.csv", expiry, "synthetic")
    rx, rv, _, _, _ = out_of_the_money_vols(f"{chains}/real_{day}.csv", expiry, "real")
    atm = float(np.interp(0.0, sx, sv))
    theta = atm * atm * t
    z = rx / math.sqrt(theta)
    departure = rv - np.interp(rx, sx, sv)
    near = [np.abs(z - g) < WINDOW for g in GRID]
    curve = np.array([np.median(departure[m]) if m.sum() >= 2 else np.nan for m in near])
    return dict(sx=sx, sv=sv, forward=forward, t=t, rate=rate, theta=theta, atm=atm, curve=curve,
                legs=parse_legs(row["legs"]), real=float(row["real_mid"]))


def credit(d, correction):
    strikes = np.array([k for k, _ in d["legs"]])
    x = np.log(strikes / d["forward"])
    vols = np.interp(x, d["sx"], d["sv"]) + np.interp(x / math.sqrt(d["theta"]), GRID, correction)
    quantities = np.array([q for _, q in d["legs"]])
    return -100 * float(quantities @ black(d["forward"], strikes, d["t"], vols, d["rate"], True))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", required=True)
    parser.add_argument("--chains", required=True, help="folder of real_D.csv and synthetic_D.csv")
    parser.add_argument("--similar", type=float, default=None,
                        help="average only days whose at-the-money vol is within this log-distance")
    parser.add_argument("--weight", type=float, default=1.0, help="share of the average departure added (default 1)")
    args = parser.parse_args()
    days = {r["date"]: read_day(args.chains, r) for r in closing_core_butterflies(args.structures)}
    print("core butterfly credit at mid, dollars, and its ratio to the real mid")
    print(f"{'day':<11} {'real':>7} {'synthesized':>16} {'+ departure':>16} {'days averaged':>14}")
    plain, corrected = [], []
    for day, d in days.items():
        others = [o["curve"] for name, o in days.items() if name != day and
                  (args.similar is None or abs(math.log(o["atm"] / d["atm"])) < args.similar)]
        correction = np.zeros_like(GRID)
        if others:
            stacked = np.array(others)
            seen = np.isfinite(stacked).any(axis=0)
            correction[seen] = args.weight * np.nanmean(stacked[:, seen], axis=0)
        a, b = credit(d, np.zeros_like(GRID)), credit(d, correction)
        plain.append(a / d["real"])
        corrected.append(b / d["real"])
        print(f"{day:<11} {d['real']:7.1f} {a:8.1f} ({a / d['real']:5.2f}) {b:8.1f} ({b / d['real']:5.2f}) {len(others):>14}")
    for name, ratios in (("synthesized", plain), ("+ departure", corrected)):
        ratios = np.array(ratios)
        print(f"{name}: median {np.median(ratios):.2f}, outside 0.6-1.6 on {int(((ratios < 0.6) | (ratios > 1.6)).sum())} "
              f"of {len(ratios)} days")


if __name__ == "__main__":
    main()
