"""Indicator statistics through Python: ics_outcomes.stats beside its peers.

- Grouped proportion and rate: 1,000,000 pandas rows in 100,000 groups; grouped DSR:
  100,000 groups x 19 age bands (1.9 million rows). The R package PHEindicatormethods takes
  about 34 s, 53 s and 45 s for these on this machine class. The Python peer for the grouped
  proportion is pandas groupby-sum followed by statsmodels' Wilson interval.
- The Wilson interval over 10 million numpy rows, beside
  ``statsmodels.stats.proportion.proportion_confint(method="wilson")``.

Run with a release build of the extension:

    .venv/bin/maturin develop --release
    .venv/bin/pip install statsmodels
    .venv/bin/python benches/python_stats.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from ics_outcomes import stats
from statsmodels.stats.proportion import proportion_confint

GROUPS = 100_000


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


def main() -> None:
    df = frame(10)
    print("grouped, 1,000,000 rows in 100,000 groups (pandas in, pandas out)")
    ours, ours_out = best_of(3, lambda: stats.proportion(df, x="num", n="den", group_by="area", multiplier=100))
    peer, peer_out = best_of(3, lambda: pandas_statsmodels_proportion(df))
    np.testing.assert_allclose(ours_out["uppercl"].to_numpy(), peer_out["uppercl"].to_numpy(), rtol=1e-12)
    print(f"  proportion  ics-outcomes {ours:.3f} s   pandas+statsmodels {peer:.3f} s   ratio {peer / ours:.1f}x")
    ours, _ = best_of(3, lambda: stats.rate(df, x="num", n="den", group_by="area"))
    print(f"  rate        ics-outcomes {ours:.3f} s")
    bands = frame(19)
    ours, out = best_of(3, lambda: stats.dsr(bands, x="num", n="den", group_by="area"))
    assert len(out) == GROUPS
    print(f"  dsr (1.9M)  ics-outcomes {ours:.3f} s")

    rng = np.random.default_rng(1)
    n = np.floor(rng.random(10_000_000) * 10_000) + 1
    x = np.floor(n * rng.random(10_000_000))
    print("Wilson interval, 10,000,000 numpy rows")
    ours, (lower, upper) = best_of(3, lambda: stats.wilson_interval(x, n))
    peer, (peer_lower, peer_upper) = best_of(3, lambda: proportion_confint(x, n, alpha=0.05, method="wilson"))
    np.testing.assert_allclose(lower, peer_lower, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(upper, peer_upper, rtol=1e-9, atol=1e-15)
    print(f"  ics-outcomes {ours:.3f} s   statsmodels {peer:.3f} s   ratio {peer / ours:.1f}x")


if __name__ == "__main__":
    main()
