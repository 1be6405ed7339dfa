"""Scoring through pandas: ics-outcomes beside a plain pandas implementation.

Both score every area on 60 threshold targets (10 priorities of 6) in each of 12 quarters,
equal weight per priority, from a pandas frame in to pandas league tables out: ics-outcomes
one quarter at a time (`ico.score`) and all twelve in one call (`ico.league_tables`).

Run with a release build of the extension:

    .venv/bin/maturin develop --release
    .venv/bin/python benches/python_scoring.py            # 42 ICSs and 7,000 places
    .venv/bin/python benches/python_scoring.py --quick    # 42 ICSs only
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import ics_outcomes as ico
import numpy as np
import pandas as pd

PRIORITIES, TARGETS, QUARTERS = 10, 6, 12


def quarters() -> list[str]:
    """2023/24 Q1 to 2025/26 Q4."""
    out = []
    for year in (2023, 2024, 2025):
        out += [f"{year}/{(year + 1) % 100:02d} Q{q}" for q in range(1, 5)]
    return out[:QUARTERS]


def lower_is_better(i: int) -> bool:
    return i % 3 == 0


def framework() -> tuple[ico.NationalFramework, pd.DataFrame]:
    """The framework, and the same targets as a frame for the pandas implementation."""
    metrics, priorities, rows = [], [], []
    for p in range(PRIORITIES):
        targets = []
        for t in range(TARGETS):
            i = p * TARGETS + t
            lower = lower_is_better(i)
            polarity = "lower_is_better" if lower else "higher_is_better"
            metrics.append(ico.Metric(f"m{i:02d}", f"Metric {i}", "percentage", polarity, 1))
            value = "30.0" if lower else "70.0"
            targets.append(ico.Target(f"t{i:02d}", f"m{i:02d}", "threshold", value=value))
            rows.append((f"m{i:02d}", f"p{p}", lower, float(value)))
        priorities.append(ico.Priority(f"p{p}", f"Priority {p}", targets))
    national = ico.NationalFramework("bench", "Bench", "1", metrics, priorities)
    targets_frame = pd.DataFrame(rows, columns=["metric_id", "priority_id", "lower_is_better", "target"])
    return national, targets_frame


def observations(areas: list[str], seed: int = 1) -> pd.DataFrame:
    """Values to two decimal places around each target, with an area effect and a trend."""
    rng = np.random.default_rng(seed)
    n_metrics = PRIORITIES * TARGETS
    centre = np.where([lower_is_better(i) for i in range(n_metrics)], 30.0, 70.0)
    level = centre[None, :] + rng.normal(0, 5, size=(len(areas), n_metrics))
    values = level[:, :, None] + 0.2 * np.arange(QUARTERS)[None, None, :]
    values = values + rng.normal(0, 1, size=values.shape)
    return pd.DataFrame(
        {
            "area_code": np.repeat(np.array(areas, dtype=object), n_metrics * QUARTERS),
            "metric_id": np.tile(
                np.repeat(np.array([f"m{i:02d}" for i in range(n_metrics)], dtype=object), QUARTERS), len(areas)
            ),
            "period": np.tile(np.array(quarters(), dtype=object), len(areas) * n_metrics),
            "value": np.round(values.ravel(), 2),
        }
    )


def pandas_scores(frame: pd.DataFrame, targets: pd.DataFrame, exact: bool = False) -> pd.DataFrame:
    """Equal weight per priority, targets sharing their priority's weight, in plain pandas.

    With `exact`, values are rounded to one place half away from zero as decimals, in
    integers (the values are published to two places), as the framework's rule says; without
    it, by pandas' `round(1)` on binary floats, which is what a plain implementation writes.
    """
    df = frame.merge(targets, on="metric_id")
    if exact:
        hundredths = np.rint(df["value"].to_numpy() * 100).astype(np.int64)
        published = np.sign(hundredths) * ((np.abs(hundredths) + 5) // 10)
        target = np.rint(df["target"].to_numpy() * 10).astype(np.int64)
    else:
        published, target = df["value"].round(1), df["target"]
    met = np.where(df["lower_is_better"], published <= target, published >= target)
    df["score"] = met.astype(float)
    keys = ["period", "area_code"]
    per_priority = df.groupby([*keys, "priority_id"], sort=False)["score"].mean()
    overall = per_priority.groupby(level=keys, sort=False).mean().rename("overall").reset_index()
    overall["rank"] = overall.groupby("period")["overall"].rank(method="min", ascending=False).astype(int)
    return overall.sort_values(["period", "rank", "area_code"])


def ics_scores(frame: pd.DataFrame, national: ico.NationalFramework, places: dict[str, str] | None) -> list[Any]:
    """Frame in, twelve scorecards out as pandas frames (no SPC charts: the pandas peer has none)."""
    observations = ico.load_observations(frame, national, [], places=places, vintage="2023-04")
    return [
        ico.score(national, [], observations, period=p, places=places, spc=False, vintage="2023-04").to_pandas()
        for p in quarters()
    ]


def ics_league_tables(frame: pd.DataFrame, national: ico.NationalFramework, places: dict[str, str] | None) -> Any:
    """Frame in, the twelve quarters' league tables out as one pandas frame, in one call."""
    tables = ico.league_tables(national, [], frame, periods=quarters(), places=places, vintage="2023-04")
    return tables.to_pandas()


def by_quarter(long: pd.DataFrame) -> list[pd.DataFrame]:
    """The long table's league table of each quarter."""
    return [long[long["period"] == p] for p in quarters()]


def best_of(repeats: int, runs: dict[str, Callable[[], Any]]) -> dict[str, tuple[float, Any]]:
    """Each run's best time and last result. The runs take turns, so that each meets the
    machine (and the allocator's heap) in the state the others leave it in."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    results: dict[str, Any] = {}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            results[name] = run()
            times[name].append(time.perf_counter() - start)
    return {name: (min(times[name]), results[name]) for name in runs}


def agreement(ours: list[pd.DataFrame], theirs: pd.DataFrame) -> float:
    """Share of (area, quarter) overall scores on which the two agree to 1e-12."""
    agree = total = 0
    for period, card in zip(quarters(), ours, strict=True):
        expected = theirs[theirs["period"] == period].set_index("area_code")["overall"]
        got = card.set_index("code")["overall"].map(lambda d: float(d) if isinstance(d, Decimal) else np.nan)
        both = got.index.intersection(expected.index)
        agree += int((abs(got[both] - expected[both]) < 1e-12).sum())
        total += len(both)
    return agree / total


def run_case(name: str, areas: list[str], places: dict[str, str] | None, repeats: int) -> None:
    national, targets = framework()
    frame = observations(areas)
    timed = best_of(
        repeats,
        {
            "pandas": lambda: pandas_scores(frame, targets),
            "ico.score per quarter": lambda: ics_scores(frame, national, places),
            "ico.league_tables": lambda: ics_league_tables(frame, national, places),
        },
    )
    pandas_time, theirs = timed.pop("pandas")
    exact_scores = pandas_scores(frame, targets, exact=True)
    for how, (ours_time, result) in timed.items():
        # One long frame, as the peer's: split by quarter only to check it.
        cards = result if isinstance(result, list) else by_quarter(result)
        exact = agreement(cards, exact_scores)
        print(
            f"{name:<40} {len(frame):>10,} rows  {how:<22} {ours_time:8.3f} s  pandas {pandas_time:8.3f} s  "
            f"ours / pandas {ours_time / pandas_time:5.2f}  agreement {agreement(cards, theirs):.4%} (float round), "
            f"{exact:.4%} (decimal round)"
        )
        if exact != 1:
            raise SystemExit(f"{name}: scores differ from exact decimal rounding on {1 - exact:.4%} of areas")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the 42-ICS case")
    args = parser.parse_args()
    # The quarters are of 2023/24 to 2025/26: the 42 ICSs of the April 2023 vintage.
    systems = [s["code"] for s in ico.systems(vintage="2023-04")]
    run_case("42 ICSs x 60 targets x 12 quarters", systems, None, repeats=5)
    if not args.quick:
        places = {f"PL{i:05d}": systems[i % len(systems)] for i in range(7_000)}
        run_case("7,000 places x 60 targets x 12 quarters", list(places), places, repeats=4)


if __name__ == "__main__":
    main()
