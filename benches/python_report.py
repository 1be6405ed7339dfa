"""Integrated performance reports for every ICS, on one core, beside matplotlib.

- Ours: ``ics-outcomes report --all --out DIR --xlsx DIR`` on the embedded default (36 ICSs,
  one page and one workbook each, with every target's SVG chart, oversight, maturity, the
  change since the quarter before and a 200-replication rank interval), pinned to one core
  with ``taskset``; and ``card.report(code)`` for every ICS from Python on one thread.
- Peer: what an analyst's notebook does for the same charts: ``ics_outcomes.spc.xmr`` then
  ``ics_outcomes.plot.spc`` (matplotlib) saved as SVG, for a sample of the targets, scaled
  to all of them. It draws the charts alone: no page, no tables, no workbook.

The issue's bar is every ICS's report in under 5 s on one core. Run with a release build:

    cargo build --release -p ics-outcomes-cli
    .venv/bin/maturin develop --release --extras test
    .venv/bin/python benches/python_report.py
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ics_outcomes as ico
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from ics_outcomes import plot, spc

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "target" / "release" / "ics-outcomes"
SAMPLE = 30


def best_of(runs: int, work: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def cli_reports() -> float:
    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    with tempfile.TemporaryDirectory() as folder:
        command = [*one_core, str(CLI), "report", "--all", "--out", f"{folder}/html", "--xlsx", f"{folder}/xlsx"]
        return best_of(3, lambda: subprocess.run(command, check=True, capture_output=True))


def python_reports(card: ico.Scorecard) -> float:
    ico.set_max_threads(1)
    codes = [row["code"] for row in card.rows()]
    return best_of(3, lambda: [card.report(code) for code in codes])


def matplotlib_charts(card: ico.Scorecard) -> tuple[float, int]:
    """Seconds for every target's chart by xmr + matplotlib, from a timed sample."""
    observations = ico.default_observations().to_pandas()
    quarterly = observations[observations["period"].str.contains("Q")]
    summary = card.summary().to_pandas()
    pairs = list(zip(summary["code"], summary["metric"], strict=True))
    sample = pairs[:: max(1, len(pairs) // SAMPLE)][:SAMPLE]
    frames = []
    for code, metric in sample:
        rows = quarterly[(quarterly["area_code"] == code) & (quarterly["metric_id"] == metric)].copy()
        rows["order"] = range(len(rows))
        frames.append(rows)

    def draw() -> None:
        for rows in frames:
            chart = spc.xmr(rows, value="value", date="order")
            figure = plot.spc(chart, value="value", date="order")
            figure.savefig(io.StringIO(), format="svg")
            plt.close(figure)

    seconds = best_of(2, draw)
    return seconds * len(pairs) / len(sample), len(pairs)


def main() -> None:
    card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())
    print(f"{len(card)} ICSs, {len(card.summary())} targets; cpu {os.cpu_count()} cores, ours pinned to one")
    cli = cli_reports()
    python = python_reports(card)
    peer, charts = matplotlib_charts(card)
    print(f"ics-outcomes report --all (pages + workbooks, one core): {cli:.3f} s  (bar: under 5 s)")
    print(f"card.report(code) for every ICS (one thread):              {python:.3f} s")
    print(f"matplotlib: xmr + plot.spc to SVG, {charts} charts (scaled from {SAMPLE}): {peer:.2f} s")
    print(f"ratio ours (CLI, whole reports) / matplotlib (charts alone): {cli / peer:.4f}")
    print(f"ratio ours (Python) / matplotlib (charts alone):             {python / peer:.4f}")


if __name__ == "__main__":
    main()
