"""Rank uncertainty of a composite indicator: ics_outcomes.composite beside vectorised numpy.

The analysis (the Rust bench `benches/composite.rs` runs the same design): 42 units x 60
indicators under 10 priorities under one index, 5 % of values missing; 10,000 replications,
each with +/-25 % noise on every indicator and priority weight, min-max [1, 100] or z-score
(10, 2) normalisation, and the arithmetic or geometric mean; per unit the nominal rank, the
median and the 5-95 % rank interval. The numpy version draws its own random numbers, so its
intervals agree with ics-outcomes' in distribution, not bit for bit.

Run with a release build of the extension:

    .venv/bin/maturin develop --release
    .venv/bin/python benches/python_composite.py
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from ics_outcomes import composite

UNITS, INDICATORS, PER_PRIORITY, REPLICATIONS = 42, 60, 6, 10_000


def framework() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(20260801)
    values = rng.uniform(0, 100, size=(UNITS, INDICATORS))
    values[rng.uniform(size=values.shape) < 0.05] = np.nan
    codes = [f"ind{i}" for i in range(INDICATORS)]
    data = pd.DataFrame(values, columns=codes)
    data.insert(0, "uCode", [f"ICS{u:02}" for u in range(UNITS)])
    priorities = [f"priority{p}" for p in range(INDICATORS // PER_PRIORITY)]
    meta = pd.DataFrame(
        {
            "Level": [1] * INDICATORS + [2] * len(priorities) + [3],
            "iCode": [*codes, *priorities, "index"],
            "Parent": [priorities[i // PER_PRIORITY] for i in range(INDICATORS)] + ["index"] * len(priorities) + [None],
            "Direction": [-1 if i % 3 == 2 else 1 for i in range(INDICATORS)] + [1] * (len(priorities) + 1),
            "Weight": [1] * (INDICATORS + len(priorities) + 1),
            "Type": ["Indicator"] * INDICATORS + ["Aggregate"] * (len(priorities) + 1),
        }
    )
    return data, meta


def with_ics_outcomes(data: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    return composite.uncertainty(
        data,
        meta,
        replications=REPLICATIONS,
        seed=8,
        weight_noise={1: 0.25, 2: 0.25},
        normalisations=("minmax", "zscore"),
        aggregations=("arithmetic", "geometric"),
    )


def with_numpy(data: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng(8)
    x = data.iloc[:, 1:].to_numpy() * meta["Direction"].to_numpy()[:INDICATORS]
    present = ~np.isnan(x)
    low, high = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    minmax = (x - low) / (high - low) * 99 + 1
    zscore = (x - np.nanmean(x, axis=0)) / np.nanstd(x, axis=0, ddof=1) * 2 + 10
    normalised = np.nan_to_num(np.stack([minmax, zscore]), nan=1.0)  # masked by `present` below
    priority_of = np.arange(INDICATORS) // PER_PRIORITY
    groups = INDICATORS // PER_PRIORITY
    ranks = np.empty((REPLICATIONS, UNITS))
    chunk = 1000
    for start in range(0, REPLICATIONS, chunk):
        r = min(chunk, REPLICATIONS - start)
        norm = rng.integers(0, 2, size=r)
        geometric = rng.integers(0, 2, size=r).astype(bool)
        w_ind = 1 + 0.25 * (2 * rng.uniform(size=(r, INDICATORS)) - 1)
        w_pri = 1 + 0.25 * (2 * rng.uniform(size=(r, groups)) - 1)
        values = normalised[norm]  # (r, units, indicators)
        logs = np.log(np.clip(values, 1e-300, None))
        term = np.where(geometric[:, None, None], logs, values)
        weights = w_ind[:, None, :] * present[None, :, :]
        sums = np.zeros((r, UNITS, groups))
        totals = np.zeros((r, UNITS, groups))
        for p in range(groups):
            cols = priority_of == p
            sums[:, :, p] = (term[:, :, cols] * weights[:, :, cols]).sum(-1)
            totals[:, :, p] = weights[:, :, cols].sum(-1)
        pscore = sums / totals
        pscore = np.where(geometric[:, None, None], np.exp(pscore), pscore)
        pterm = np.where(geometric[:, None, None], np.log(pscore), pscore)
        index = (pterm * w_pri[:, None, :]).sum(-1) / w_pri.sum(-1)[:, None]
        index = np.where(geometric[:, None], np.exp(index), index)
        ranks[start : start + r] = 1 + (index[:, None, :] > index[:, :, None]).sum(-1)
    return pd.DataFrame(
        {
            "uCode": data["uCode"],
            "median": np.percentile(ranks, 50, axis=0),
            "q5": np.percentile(ranks, 5, axis=0),
            "q95": np.percentile(ranks, 95, axis=0),
        }
    )


def best_of(runs: int, f, *args):  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = f(*args)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    data, meta = framework()
    ours, a = best_of(3, with_ics_outcomes, data, meta)
    theirs, b = best_of(3, with_numpy, data, meta)
    width = (a["q95"] - a["q5"]).mean(), (b["q95"] - b["q5"]).mean()
    print(f"10,000 replications of 42 units x 60 indicators: ics-outcomes {ours:.3f} s, numpy {theirs:.3f} s")
    print(f"mean 90 % rank interval width: ics-outcomes {width[0]:.2f}, numpy {width[1]:.2f}")


if __name__ == "__main__":
    main()
