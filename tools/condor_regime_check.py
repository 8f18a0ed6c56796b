#!/usr/bin/env python3
"""Does the replayed indices' error follow realized volatility against the VIX?

CNDR's missed years 2012, 2017 and 2021 are the three whose S&P 500 moved least for their
VIX (21-day realized vol over VIX, averaged over the year: 0.72, 0.61, 0.67; 0.61-1.26 over
2005-2025). If the synthesized options were rich where the market had been quiet for its
VIX, the roll-to-roll differences would say so, and so would the out-of-sample SPY puts.

Reads, from `spx30dte validate indices --out IND` and `spx30dte validate quotes --out Q`:
- IND/indices_rolls.csv: each cycle's replayed less published return and where it settled
  (`settlement_zone`, as `validate indices` prints CNDR's cycles);
- IND/indices_yearly.csv: the years;
- Q/spy_puts.csv: each SPY snapshot's median IV bias by DTE and delta bucket;
and the SPX and VIX closes in the data folder. Realized vol is the close-to-close one of the
21 sessions ending at the roll day's (or the snapshot's) close, so it is known when the
options are written.

Prints, for PUT, BXM and CNDR, the correlation of the cycles' differences with ln VIX and
with ln(realized / VIX); for CNDR's months that settle between the short strikes (the credit
alone) and the others, the same and the partial correlation with ln(realized / VIX) once
ln VIX is taken out; the years CNDR would have within 1.5 pp if the between-strike months
were corrected by a least-squares line in each regressor FITTED ON CNDR ITSELF (an in-sample
ceiling, not a calibration: the replay is judged by that index; each cycle's correction is
taken off the year its cycle ends in); and the SPY puts' partial
correlations, 20-45 days, by delta bucket.

    python3 tools/condor_regime_check.py --indices IND --quotes Q [--data data]

Needs numpy.
"""
import argparse
import csv
import math

import numpy as np


def closes(path, column):
    values = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            try:
                values[row["date"]] = float(row[column])
            except (KeyError, ValueError):
                pass
    return values


class Market:
    def __init__(self, data):
        self.spx = closes(f"{data}/index/spx_daily_clean.csv", "close")
        self.vix = closes(f"{data}/index/vix_daily_clean.csv", "close")
        self.dates = sorted(self.spx)
        self.position = {d: i for i, d in enumerate(self.dates)}

    def realized(self, date, sessions=21):
        """Annualized close-to-close vol (vol points) of the `sessions` returns ending at `date`."""
        i = self.position[date]
        returns = [math.log(self.spx[self.dates[j]] / self.spx[self.dates[j - 1]]) for j in range(i - sessions + 1, i + 1)]
        return 100 * math.sqrt(252 * sum(r * r for r in returns) / sessions)

    def regressors(self, date):
        vix = self.vix[date]
        return math.log(vix), math.log(self.realized(date) / vix)


def partial(y, control, x):
    """Correlation of x with what is left of y after a line in `control`."""
    design = np.column_stack([np.ones_like(y), control])
    residual = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
    return np.corrcoef(residual, x)[0, 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--indices", required=True, help="folder written by `spx30dte validate indices --out`")
    parser.add_argument("--quotes", required=True, help="folder written by `spx30dte validate quotes --out`")
    parser.add_argument("--data", default="data", help="the data folder (default: data)")
    args = parser.parse_args()
    market = Market(args.data)

    with open(f"{args.indices}/indices_rolls.csv", newline="") as f:
        rolls = list(csv.DictReader(f))
    print("cycles: replayed less published, correlation with ln VIX / ln(realized / VIX) on the roll day")
    for index in ("PUT", "BXM", "CNDR"):
        rows = [r for r in rolls if r["index"] == index]
        y = np.array([100 * float(r["difference"]) for r in rows])
        x = np.array([market.regressors(r["roll_date"]) for r in rows])
        print(f"  {index:4} {len(rows):3}: {np.corrcoef(y, x[:, 0])[0, 1]:+.2f} / {np.corrcoef(y, x[:, 1])[0, 1]:+.2f}"
              f"  (partial, ln VIX taken out: {partial(y, x[:, 0], x[:, 1]):+.2f})")

    condor = [r for r in rolls if r["index"] == "CNDR"]
    between = np.array([r["settlement_zone"] == "between the short strikes" for r in condor])
    y = np.array([100 * float(r["difference"]) for r in condor])
    x = np.array([market.regressors(r["roll_date"]) for r in condor])
    for name, mask in (("between the short strikes", between), ("beyond a short strike", ~between)):
        print(f"  CNDR {name} ({mask.sum()}): {np.corrcoef(y[mask], x[mask, 0])[0, 1]:+.2f} / "
              f"{np.corrcoef(y[mask], x[mask, 1])[0, 1]:+.2f}  (partial {partial(y[mask], x[mask, 0], x[mask, 1]):+.2f})")

    with open(f"{args.indices}/indices_yearly.csv", newline="") as f:
        years = {r["year"]: 100 * float(r["difference"]) for r in csv.DictReader(f) if r["index"] == "CNDR"}
    ends = [r["next_roll_date"][:4] for r in condor]
    print("CNDR years within 1.5 pp, the between-strike months corrected by a line fitted on CNDR (in-sample ceiling):")
    first_half = np.array([r["roll_date"] < "2015" for r in condor])
    fits = (("none", [], None), ("ln VIX", [0], None), ("ln(realized / VIX)", [1], None), ("both", [0, 1], None),
            ("ln(realized / VIX), line of 2005-2014", [1], first_half),
            ("ln(realized / VIX), line of 2015-2025", [1], ~first_half))
    for name, columns, fitted_on in fits:
        correction = np.zeros_like(y)
        if columns:
            design = np.column_stack([np.ones(len(condor))] + [x[:, c] for c in columns])
            rows = between & (fitted_on if fitted_on is not None else True)
            coefficients = np.linalg.lstsq(design[rows], y[rows], rcond=None)[0]
            correction[between] = design[between] @ coefficients
            name += " (slope " + " ".join(f"{c:+.3f}" for c in coefficients[1:]) + ")"
        adjusted = dict(years)
        for amount, year in zip(correction, ends):
            if year in adjusted:
                adjusted[year] -= amount
        missed = ", ".join(f"{year} {value:+.2f}" for year, value in sorted(adjusted.items()) if abs(value) > 1.5)
        print(f"  {name:53} {sum(abs(v) <= 1.5 for v in adjusted.values())} of {len(adjusted)}; missed {missed}")

    with open(f"{args.quotes}/spy_puts.csv", newline="") as f:
        spy = [r for r in csv.DictReader(f) if r["dte_bucket"] == "20-45" and r["date"] in market.position]
    print("SPY puts 20-45 days, median IV bias: correlation with ln VIX / ln(realized / VIX) (partial)")
    for bucket in ("P 0.05-0.10", "P 0.10-0.20", "P 0.20-0.35", "P 0.35-0.50"):
        rows = [r for r in spy if r["delta_bucket"] == bucket]
        y = np.array([float(r["median_iv_bias_vp"]) for r in rows])
        x = np.array([(math.log(float(r["vix"])), math.log(market.realized(r["date"]) / float(r["vix"]))) for r in rows])
        print(f"  {bucket} ({len(rows)}): {np.corrcoef(y, x[:, 0])[0, 1]:+.2f} / {np.corrcoef(y, x[:, 1])[0, 1]:+.2f}"
              f"  ({partial(y, x[:, 0], x[:, 1]):+.2f})")


if __name__ == "__main__":
    main()
