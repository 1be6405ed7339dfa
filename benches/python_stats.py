"""Indicator statistics through Python: ics_outcomes.stats beside its peers.

- Grouped proportion and rate: 1,000,000 pandas rows in 100,000 groups; grouped DSR:
  100,000 groups x 19 age bands (1.9 million rows). The R package PHEindicatormethods takes
  about 34 s, 53 s and 45 s for these on this machine class. The Python peer for the grouped
  proportion is pandas groupby-sum followed by statsmodels' Wilson interval.
- The Wilson interval over 10 million numpy rows, beside
  ``statsmodels.stats.proportion.proportion_confint(method="wilson")``.
- ``stats.proportion`` and ``stats.rate`` row by row on a 10-million-row pandas frame and
  pyarrow table (x uniform in 0..n, n in 1..100,000), beside statsmodels' interval on the same
  columns (Wilson for the proportion; for the rate, ``confint_poisson(method="exact-c")``,
  the exact interval Byar's approximates, timed on a tenth of the rows and scaled), with the
  peak memory each call adds, measured in a fresh process, against the input and output
  columns' size.

Every case prints ours / peer.

Run with a release build of the extension:

    .venv/bin/maturin develop --release
    .venv/bin/pip install statsmodels
    .venv/bin/python benches/python_stats.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from ics_outcomes import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

GROUPS = 100_000
ROWS = 10_000_000


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of several runs, in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def frame(rows_per_group: int, seed: int = 20250401) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = GROUPS * rows_per_group
    n = 200 + np.floor(rng.random(rows) * 5000)
    return pd.DataFrame(
        {
            "area": np.repeat([f"E{g:08d}" for g in range(GROUPS)], rows_per_group),
            "num": np.floor(n * rng.random(rows) * 0.2),
            "den": n,
        }
    )


def pandas_statsmodels_proportion(df: pd.DataFrame) -> pd.DataFrame:
    sums = df.groupby("area", sort=True)[["num", "den"]].sum()
    lower, upper = proportion_confint(sums["num"], sums["den"], alpha=0.05, method="wilson")
    return sums.assign(value=sums["num"] / sums["den"] * 100, lowercl=lower * 100, uppercl=upper * 100)


def counts(rows: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = np.floor(rng.random(rows) * 100_000) + 1
    return np.floor(n * rng.random(rows)), n


def ratio(label: str, ours: float, peer_label: str, peer: float) -> None:
    print(f"  {label:<34} ics-outcomes {ours:.3f} s   {peer_label} {peer:.3f} s   ours/peer {ours / peer:.2f}")


_MEMORY = """
import sys
import pandas as pd, pyarrow as pa
from ics_outcomes import stats
import python_stats as bench

def status(field):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(field)) / 1024

kind, function = sys.argv[1], sys.argv[2]
x, n = bench.counts(bench.ROWS)
data = pd.DataFrame({"x": x, "n": n}) if kind == "pandas" else pa.table({"x": x, "n": n})
with open("/proc/self/clear_refs", "w") as peak:
    peak.write("5")  # Linux: the peak resident size starts again from the current one
before = status("VmRSS:")
out = getattr(stats, function)(data, x="x", n="n")
added = status("VmHWM:") - before
columns = (2 + 3) * 8 * bench.ROWS / 2**20
label = f"{function}, {kind}"
print(f"  {label:<34} peak memory added {added:.0f} MiB   2 x (input + output columns) {2 * columns:.0f} MiB")
"""


def peak_memory(kind: str, function: str) -> None:
    """In a fresh process: the peak memory one call adds, against its columns' size."""
    subprocess.run([sys.executable, "-c", _MEMORY, kind, function], check=True, cwd=Path(__file__).parent)


def main() -> None:
    df = frame(10)
    print("grouped, 1,000,000 rows in 100,000 groups (pandas in, pandas out)")
    ours, ours_out = best_of(3, lambda: stats.proportion(df, x="num", n="den", group_by="area", multiplier=100))
    peer, peer_out = best_of(3, lambda: pandas_statsmodels_proportion(df))
    np.testing.assert_allclose(ours_out["uppercl"].to_numpy(), peer_out["uppercl"].to_numpy(), rtol=1e-12)
    ratio("proportion", ours, "pandas+statsmodels", peer)
    ours, _ = best_of(3, lambda: stats.rate(df, x="num", n="den", group_by="area"))
    print(f"  rate        ics-outcomes {ours:.3f} s")
    bands = frame(19)
    ours, out = best_of(3, lambda: stats.dsr(bands, x="num", n="den", group_by="area"))
    assert len(out) == GROUPS
    print(f"  dsr (1.9M)  ics-outcomes {ours:.3f} s")

    x, n = counts(ROWS)
    print(f"{ROWS:,} rows, x uniform in 0..n, n in 1..100,000")
    wilson, (peer_lower, peer_upper) = best_of(3, lambda: proportion_confint(x, n, alpha=0.05, method="wilson"))
    ours, (lower, upper) = best_of(3, lambda: stats.wilson_interval(x, n))
    np.testing.assert_allclose(lower, peer_lower, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(upper, peer_upper, rtol=1e-9, atol=1e-15)
    ratio("wilson_interval, numpy", ours, "statsmodels", wilson)
    tenth = ROWS // 10
    exact = best_of(1, lambda: confint_poisson(x[:tenth], n[:tenth], method="exact-c"))[0] * 10
    for kind, data in [("pandas", pd.DataFrame({"x": x, "n": n})), ("pyarrow", pa.table({"x": x, "n": n}))]:
        ours, out = best_of(3, lambda data=data: stats.proportion(data, x="x", n="n"))
        np.testing.assert_array_equal(np.asarray(out["uppercl"]), upper)
        ratio(f"proportion, {kind}", ours, "statsmodels Wilson", wilson)
        ours, _ = best_of(3, lambda data=data: stats.rate(data, x="x", n="n"))
        ratio(f"rate, {kind}", ours, "statsmodels exact Poisson", exact)
    del data
    for kind in ("pandas", "pyarrow"):
        for function in ("proportion", "rate"):
            peak_memory(kind, function)


if __name__ == "__main__":
    main()
