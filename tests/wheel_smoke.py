"""The installed wheel, run as a new user runs it: no Rust toolchain, no checkout (run by
scripts/wheel in a clean virtual environment; not collected by pytest)."""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
from pathlib import Path

import ics_outcomes as ico
import numpy as np
import pandas as pd
from ics_outcomes import plot, spc, stats

print(f"testing {sys.argv[1]}")
assert shutil.which("cargo") is None and shutil.which("rustc") is None, "a Rust toolchain is on PATH"
assert "site-packages" in str(Path(ico.__file__)), ico.__file__

# The version users cite: the distribution's, the module's and the line with the data's vintage.
assert importlib.metadata.version("ics-outcomes") == ico.__version__
assert ico.version().startswith(f"{ico.__version__} (embedded data: 2026/27 edition")

# The main job: the embedded default scored, 36 ICSs ranked.
card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())
table = card.league_table()
assert len(table) == 36 and table["code"].is_unique, table

# One statistic: PHEindicatormethods' proportion, Wilson limits.
out = stats.proportion(pd.DataFrame({"x": [65], "n": [100]}), x="x", n="n", multiplier=100)
assert abs(out["value"][0] - 65.0) < 1e-12 and 55.0 < out["lowercl"][0] < 56.0, out
lower, upper = stats.wilson_interval(np.array([65.0]), np.array([100.0]), 0.95)
assert abs(lower[0] - out["lowercl"][0] / 100) < 1e-12

# One chart: an XmR chart with Making Data Count's icons, drawn.
series = pd.DataFrame({"date": pd.date_range("2025-04-01", periods=20, freq="MS"), "value": np.arange(20.0) % 7 + 50})
chart = spc.xmr(series, value="value", date="date")
assert len(chart) == 20 and {"mean", "lpl", "upl"} <= set(chart.columns), chart.columns
figure = plot.spc(chart, value="value", date="date")
assert len(figure.axes) >= 1

# The licence files the metadata declares travel in the wheel.
dist = importlib.metadata.distribution("ics-outcomes")
licences = {Path(str(f)).name for f in dist.files or [] if "licen" in str(f).lower()}
assert {"LICENSE-MIT", "LICENSE-APACHE"} <= licences, licences
print(f"wheel smoke test passed: {ico.version()}")
