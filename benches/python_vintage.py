"""Rolling small-area counts up to ICBs through a lookup: ics-outcomes beside pandas.

Both sum the counts of 33,755 LSOAs over the months given (300 by default: 10.1 million rows)
into the 36 ICBs of April 2026 through an ONS-shaped lookup (``LSOA21CD,ICB26CD``), pandas
frame in, pandas frame out. ``ico.reproject`` also checks every row, keeps counts exact
(decimals, not floats) and checks that England's totals are unchanged; pandas does none of it.

Run with a release build of the extension:

    .venv/bin/maturin develop --release
    .venv/bin/python benches/python_vintage.py                # 300 months, 10.1M rows
    .venv/bin/python benches/python_vintage.py --months 30    # 1.0M rows
"""

from __future__ import annotations

import argparse
import time

import ics_outcomes as ico
import numpy as np
import pandas as pd

LSOAS = 33_755


def data(months: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows (one per LSOA and month, counts seeded by their indices) and the lookup."""
    codes = np.array([f"E01{i:06}" for i in range(LSOAS)])
    icbs = ico.geography("2026-04")["code"].to_numpy()
    lookup = pd.DataFrame({"LSOA21CD": codes, "ICB26CD": icbs[np.arange(LSOAS) % len(icbs)]})
    denominator = 200 + (np.arange(LSOAS)[:, None] * 7 + np.arange(months)[None, :] * 13) % 1800
    periods = [f"{2001 + (m + 3) // 12}-{(m + 3) % 12 + 1:02d}" for m in range(months)]
    frame = pd.DataFrame(
        {
            "area_code": np.repeat(codes, months),
            "metric_id": "ae_4h",
            "period": np.tile(periods, LSOAS),
            "numerator": (denominator * 3 // 4).ravel(),
            "denominator": denominator.ravel(),
        }
    )
    return frame, lookup


def pandas_roll_up(frame: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    joined = frame.merge(lookup, left_on="area_code", right_on="LSOA21CD", how="left", validate="many_to_one")
    keys = ["ICB26CD", "metric_id", "period"]
    return joined.groupby(keys, as_index=False)[["numerator", "denominator"]].sum()


def best_of(runs: int, call) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = call()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    frame, lookup = data(args.months)
    ours, out = best_of(args.runs, lambda: ico.reproject(frame, "2026-04", lookup=lookup))
    peer, expected = best_of(args.runs, lambda: pandas_roll_up(frame, lookup))
    got = out.sort_values(["area_code", "period"])["numerator"].astype("int64").to_numpy()
    want = expected.sort_values(["ICB26CD", "period"])["numerator"].to_numpy()
    assert np.array_equal(got, want), "the two roll-ups disagree"
    print(f"{len(frame):,} rows of {LSOAS:,} LSOAs x {args.months} months onto {out['area_code'].nunique()} ICBs")
    print(f"  ics-outcomes reproject(lookup=)  {ours:7.2f} s")
    print(f"  pandas merge + groupby sum       {peer:7.2f} s")
    print(f"  ratio (pandas time / ours)       {peer / ours:7.2f}")


if __name__ == "__main__":
    main()
