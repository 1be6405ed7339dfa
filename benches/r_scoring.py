"""Scoring from R beside scoring from Python: the same core, through each binding.

Both score the 36 ICSs of the embedded 2026/27 edition (its national and local frameworks)
on its observations, given as a data frame read once from the embedded CSV: a pandas frame
for Python (`ico.score`), a `data.frame` for R (`ico_score()`, `benches/r/score.R`). The
time is each call's, from frame in to scorecard out, median of the repeats; the ratio is R's
over Python's (the goal: within 20 %).

Run with release builds of both (`scripts/bench` makes them):

    .venv/bin/maturin develop --release
    ICS_OUTCOMES_PROFILE=release R CMD INSTALL --library=target/r-lib-release r/
    .venv/bin/python benches/r_scoring.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from pathlib import Path

import ics_outcomes as ico
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "crates" / "ics-outcomes" / "data" / "2026-27" / "observations.csv"


def python_times(repeats: int) -> list[float]:
    national, locals_ = ico.default_national_framework(), ico.default_local_frameworks()
    frame = pd.read_csv(CSV, comment="#")
    assert len(pd.DataFrame(ico.score(national, locals_, frame).rows())) == 36
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        ico.score(national, locals_, frame)
        times.append(time.perf_counter() - started)
    return times


def r_times(repeats: int, library: Path) -> list[float]:
    env = {**os.environ, "R_LIBS": str(library)}
    script = ROOT / "benches" / "r" / "score.R"
    out = subprocess.run(
        ["Rscript", str(script), str(CSV), str(repeats)], check=True, env=env, capture_output=True, text=True
    )
    return [float(line) for line in out.stdout.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--library", type=Path, default=ROOT / "target" / "r-lib-release")
    args = parser.parse_args()
    rows = len(pd.read_csv(CSV, comment="#"))
    print(f"score the 36 ICSs of 2026/27 from a data frame of {rows:,} observations, median of {args.repeats}")
    # Take turns, so that neither runs on a warmer machine.
    python, r = [], []
    for _ in range(2):
        python += python_times(args.repeats // 2)
        r += r_times(args.repeats // 2, args.library)
    py_median, r_median = statistics.median(python), statistics.median(r)
    print(f"  Python ico.score:  {py_median * 1000:8.2f} ms")
    print(f"  R      ico_score(): {r_median * 1000:8.2f} ms")
    print(f"  ratio R / Python: {r_median / py_median:.2f}")


if __name__ == "__main__":
    main()
