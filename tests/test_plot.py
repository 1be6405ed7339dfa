"""Charts render from the embedded default and draw what they say they draw.

Every chart is saved as a PNG under ``tests/artefacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import ics_outcomes as ico
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import polars as pl
import pytest
from ics_outcomes import maturity, plot, spc, stats
from ics_outcomes.exceptions import ArgumentError, NotFoundError

ARTEFACTS = Path(__file__).parent / "artefacts"


def save(fig, name: str) -> Path:
    """Renders the figure to PNG as a test artefact and closes it."""
    ARTEFACTS.mkdir(exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    fig.savefig(path, dpi=80)
    plt.close(fig)
    assert path.stat().st_size > 10_000
    return path


def by_gid(ax, gid: str) -> list:
    return [a for a in ax.get_children() if a.get_gid() == gid]


@pytest.fixture(scope="module")
def observed() -> pd.DataFrame:
    frame = ico.default_observations().to_pandas()
    for column in ("value", "numerator", "denominator"):
        frame[column] = frame[column].astype(float)
    frame["ods"] = frame["area_code"].map({s["code"]: s["ods"] for s in ico.systems()})
    return frame


@pytest.fixture(scope="module")
def result() -> maturity.MaturityResult:
    return maturity.assess()


def test_spc_draws_points_limits_target_and_icons(observed):
    ae = observed[(observed["ods"] == "QOP") & (observed["metric_id"] == "ae_4h")]
    chart = spc.xmr(ae, value="value", date="period", improvement="increase", target=82)
    fig = plot.spc(chart, value="value", date="period", target=82, title="Greater Manchester: A&E")
    ax, key = fig.axes
    drawn = {c.get_gid(): len(c.get_offsets()) for c in ax.collections}
    # A categorical counts its unused categories too.
    expected = {k: v for k, v in chart["point_type"].value_counts().items() if v}
    assert drawn == {f"points_{k}": v for k, v in expected.items()}
    assert sum(drawn.values()) == len(chart) == 12
    for gid in ("mean", "lpl", "upl", "target"):
        assert len(by_gid(ax, gid)) == 1
    (target,) = by_gid(ax, "target")
    assert target.get_ydata()[0] == 82
    (upl,) = by_gid(ax, "upl")
    assert upl.get_ydata()[0] == pytest.approx(chart["upl"].iloc[0])
    assert not by_gid(ax, "rebase")
    (variation,) = by_gid(key, "variation_icon")
    (assurance,) = by_gid(key, "assurance_icon")
    assert chart["variation_icon"].iloc[-1] == "improvement_high" and variation.get_text() == "H"
    assert chart["assurance_icon"].iloc[-1] == "fail" and assurance.get_text() == "F"
    assert "improvement (high)" in by_gid(key, "variation_icon_label")[0].get_text()
    assert "consistently missed" in by_gid(key, "assurance_icon_label")[0].get_text().replace("\n", " ")
    assert ax.get_title(loc="left") == "Greater Manchester: A&E"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("period", "value")
    legend = [t.get_text() for t in key.get_legend().get_texts()]
    assert {"Centre line (mean)", "Process limits", "Target (82)"} <= set(legend)
    save(fig, "spc")


def test_spc_draws_limits_per_rebase_segment_from_polars():
    months = pd.period_range("2023-04", periods=30, freq="M").to_timestamp()
    rng = np.random.default_rng(9)
    values = np.r_[rng.normal(50, 2, 15), rng.normal(40, 2, 15)]
    frame = pl.DataFrame({"month": months, "waits": values, "plan": [45.0] * 30})
    chart = spc.xmr(frame, value="waits", date="month", improvement="decrease", target="plan", rebase=[months[15]])
    fig = plot.spc(chart, value="waits", date="month", target="plan")
    ax, key = fig.axes
    assert len(by_gid(ax, "mean")) == len(by_gid(ax, "upl")) == len(by_gid(ax, "lpl")) == 2
    (rebase,) = by_gid(ax, "rebase")
    assert rebase.get_xdata()[0] == pytest.approx(14.5)
    means = sorted(line.get_ydata()[0] for line in by_gid(ax, "mean"))
    assert means == pytest.approx(sorted(set(chart["mean"].to_list())))
    assert sum(len(c.get_offsets()) for c in ax.collections) == 30
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "2023-04" and len(labels) <= 12
    icon = chart["variation_icon"][-1]
    assert by_gid(key, "variation_icon")[0].get_text() == {"common_cause": "~"}.get(icon, icon[-4:][0].upper())
    save(fig, "spc_rebased")


def test_spc_refuses_several_series(observed):
    ae = observed[(observed["metric_id"] == "ae_4h") & observed["ods"].isin(["QOP", "QRL"])]
    chart = spc.xmr(ae, value="value", date="period", group_by="ods")
    with pytest.raises(ArgumentError, match="more than one series"):
        plot.spc(chart, value="value", date="period")


@pytest.fixture(scope="module")
def funnel_data(observed):
    quarter = observed[(observed["metric_id"] == "ae_4h") & (observed["period"] == "2026/27 Q4")]
    limits = stats.funnel_limits(
        quarter, numerator="numerator", denominator="denominator", statistic="proportion", multiplier=100
    )
    points = stats.funnel_significance(
        quarter, numerator="numerator", denominator="denominator", statistic="proportion", multiplier=100
    )
    return points, limits


def test_funnel_draws_every_ics_within_both_limits_and_labels_outliers(funnel_data):
    points, limits = funnel_data
    fig = plot.funnel(points, limits, label="ods", max_labels=8)
    ax = fig.axes[0]
    assert sum(len(c.get_offsets()) for c in ax.collections) == 36
    assert len(by_gid(ax, "limit_2s")) == len(by_gid(ax, "limit_3s")) == 2
    assert len(by_gid(ax, "baseline")) == 1
    labelled = [a.get_text() for a in by_gid(ax, "outlier_label")]
    far = set(points.loc[points["significance"].str.contains("0.001"), "ods"])
    assert 0 < len(labelled) <= 8 and set(labelled) <= far
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {"95% limits", "99.8% limits", "High: beyond 99.8%", "Low: beyond 99.8%"} <= legend
    assert ax.get_title(loc="left") and ax.get_xlabel() == "denominator" and ax.get_ylabel() == "value"
    save(fig, "funnel")
    # Without the significance column the records are placed against the limits themselves.
    again = plot.funnel(points.drop(columns="significance"), limits)
    classes = {c.get_label(): len(c.get_offsets()) for c in again.axes[0].collections}
    counts = points["significance"].value_counts()
    assert classes.get("High: beyond 99.8%", 0) == counts.get("High (0.001)", 0)
    assert classes.get("Low: beyond 99.8%", 0) == counts.get("Low (0.001)", 0)
    plt.close(again)


def test_spine_draws_each_target_of_one_ics_against_england(card):
    fig = plot.spine(card, "QOP")
    ax = fig.axes[0]
    targets = card.targets().to_pandas()
    ours = targets[targets["ods"] == "QOP"]
    assert len(ax.get_yticklabels()) == len(ours) == 18
    assert len(by_gid(ax, "value")) == ours["published"].notna().sum()
    assert len(by_gid(ax, "england")) == 1
    assert len(by_gid(ax, "range")) == len(by_gid(ax, "quartiles")) > 0
    better = ours.index[ours["vs_england"] == "Better"]
    colours = [tuple(c.get_facecolor()[0][:3]) for c in by_gid(ax, "value")]
    assert colours.count(matplotlib.colors.to_rgb(plot.NHS_COLOURS["nhs_blue"])) == len(better)
    assert "rtt_52w_under_1pct (lower is better)" in [t.get_text() for t in ax.get_yticklabels()]
    assert ax.get_title(loc="left").startswith("Greater Manchester") and ax.get_xlabel()
    assert fig.legends
    save(fig, "spine")
    with pytest.raises(NotFoundError, match="XXX"):
        plot.spine(card, "XXX")


def test_maturity_radar_draws_areas_and_level_rings(result):
    fig = result.plot.radar(["QOP", "QRL", "QHM"])
    ax = fig.axes[0]
    areas = by_gid(ax, "area")
    assert [line.get_label() for line in areas] == ["QOP", "QRL", "QHM"]
    dimensions = len(result.model.dimensions)
    assert all(len(line.get_xdata()) == dimensions + 1 for line in areas)
    qop = result.radar("QOP")
    assert areas[0].get_ydata()[:-1] == pytest.approx(qop["radius"].to_numpy())
    assert len(by_gid(ax, "ring")) == len(result.rings())
    assert [t.get_text() for t in by_gid(ax, "ring_label")] == list(result.rings()["level"])
    assert len(ax.get_xticklabels()) == dimensions
    assert ax.get_title(loc="left") and ax.get_legend() is not None
    save(fig, "maturity_radar")
    single = plot.maturity_radar(result, "QRL")
    assert len(by_gid(single.axes[0], "area")) == 1
    plt.close(single)


def test_league_heatmap_has_every_ics_in_rank_order_and_tiers_apart(card):
    fig = plot.league_heatmap(card)
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert len(rows) == 36
    ranks = [int(r.split(".")[0]) for r in rows]
    assert ranks == sorted(ranks) and ranks[0] == 1
    (image,) = ax.get_images()
    grid = image.get_array()
    columns = [t.get_text() for t in ax.get_xticklabels()]
    assert grid.shape == (36, len(columns))
    national = {p["priority"] for p in card.explain("QRL").priorities() if p["tier"] == "national"}
    assert set(columns[: len(national)]) == national
    (line,) = by_gid(ax, "tiers")
    assert line.get_xdata()[0] == len(national) - 0.5
    qop = rows.index(next(r for r in rows if "(QOP)" in r))
    scores = {p["priority"]: p["score"] for p in card.explain("QOP").priorities()}
    for j, priority in enumerate(columns):
        if scores.get(priority) is None:
            assert grid.mask[qop, j]
        else:
            assert grid[qop, j] == pytest.approx(float(scores[priority]))
    assert len(fig.axes) == 2 and fig.axes[1].get_ylabel().startswith("Priority score")
    assert ax.get_xlabel() == "Priority" and ax.get_ylabel() == "ICS (by rank)" and ax.get_title(loc="left")
    save(fig, "league_heatmap")


def test_the_charts_hang_off_the_scorecard(card):
    heatmap = card.plot.heatmap()
    assert len(heatmap.axes[0].get_yticklabels()) == 36
    spine = card.plot.spine("QOP")
    assert spine.axes[0].get_title(loc="left").startswith("Greater Manchester: each target")


def test_matplotlib_is_imported_only_when_a_chart_is_drawn(monkeypatch, card):
    code = "import sys, ics_outcomes; print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"ics-outcomes\[plot\]"):
        plot.league_heatmap(card)


def test_the_charts_notebook_runs(run_notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    outputs = run_notebook("charts.ipynb")
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "variation: improvement_high | assurance: fail" in printed
    assert "36 ICSs by 24 priorities" in printed


@pytest.mark.parametrize("kind", ["xmr", "p", "p_prime", "u", "u_prime", "run", "t", "g"])
def test_spc_draws_every_chart_kind_with_its_points_and_limits(kind: str) -> None:
    rng = np.random.default_rng(11)
    cases = rng.integers(500, 5000, 30).astype(float)
    events = rng.binomial(cases.astype(int), 0.08).astype(float)
    events[12] = np.nan  # a gap
    events[20:] = np.round(cases[20:] * 0.11)  # a shift up
    value, denominator = ("events", "cases") if kind in {"p", "p_prime", "u", "u_prime"} else ("days", None)
    frame = pd.DataFrame({"month": range(1, 31), "events": events, "cases": cases})
    frame["days"] = np.r_[rng.exponential(20, 30).round(1) + 0.5]
    chart = spc.chart(
        frame,
        chart=kind,  # type: ignore[arg-type]
        value=value,
        denominator=denominator,
        date="month",
        parts=[20],
        annotations=[{"date": 21, "text": "new pathway"}],
    )
    fig = plot.spc(chart, value=value, date="month")
    ax, key = fig.axes
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == int(chart["plotted"].notna().sum())
    for part in (1, 2):
        rows = chart[chart["part"] == part]
        (centre,) = by_gid(ax, f"centre_{part}")
        np.testing.assert_allclose(centre.get_ydata(), rows["centre"].to_numpy(dtype=float), equal_nan=True)
        upper = by_gid(ax, f"upper_{part}")
        if kind == "run":
            assert not upper
        elif rows["upper"].notna().any():
            np.testing.assert_allclose(upper[0].get_ydata(), rows["upper"].to_numpy(dtype=float), equal_nan=True)
    assert len(by_gid(ax, "rebase")) == 1
    (note,) = by_gid(ax, "annotation")
    assert note.get_text() == "new pathway"
    title = {"p_prime": "P′ chart (Laney)", "run": "Run chart", "g": "G chart (opportunities between events)"}
    if kind in title:
        assert ax.get_title(loc="left") == f"{value}: {title[kind]}"
    assert by_gid(key, "variation_icon")
    save(fig, f"spc_{kind}")
