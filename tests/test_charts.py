"""Making Data Count charts beyond XmR through the built extension: P, P′, U, U′ and run
charts against qicharts2 0.8.1, T and G charts, rules, gaps, hostile input, annotations and
rebase proposals."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import shared_data
from ics_outcomes import spc
from ics_outcomes.exceptions import ArgumentError, DataError

_CHARTS = {"p": "p", "pp": "p_prime", "u": "u", "up": "u_prime", "run": "run"}


def _reference(name: str) -> pd.DataFrame:
    return pd.read_csv(shared_data.folder("reference/attribute-spc") / name, keep_default_na=False, na_values=[""])


def _positions(text: Any) -> list[int]:
    return [int(p) for p in str(text).split()] if isinstance(text, str) and text else []


def _chart(run: pd.Series, series: pd.DataFrame, kind: str = "pandas") -> Any:
    frame: Any = series.rename(columns={"xx": "position"})[["position", "y", "n"]]
    if kind == "polars":
        frame = pl.from_pandas(frame)
    elif kind == "arrow":
        frame = pa.Table.from_pandas(frame, preserve_index=False)
    freeze = run["freeze"]
    return spc.chart(
        frame,
        chart=_CHARTS[run["chart"]],  # type: ignore[arg-type]
        value="y",
        denominator="n" if run["y_is_ratio"] else None,
        date="position",
        baseline=None if pd.isna(freeze) else int(freeze),
        parts=_positions(run["part"]),
        exclude=_positions(run["exclude"]),
        multiplier=float(run["multiply"]),
        screened_mr=bool(run["screenedmr"]),
        categorical=run["x_type"] == "factor",
        runs_method=run["method"],
    )


def test_every_qicharts2_run_is_reproduced_point_by_point() -> None:
    runs = _reference("runs.csv")
    series = _reference("series.csv")
    points = _reference("expected_points.csv")
    kinds = ["pandas", "polars", "arrow"]
    for i, (_, run) in enumerate(runs.iterrows()):
        kind = kinds[i % len(kinds)]
        got = _chart(run, series[series["series_id"] == run["series_id"]], kind)
        if kind == "polars":
            got = got.to_pandas()
        elif kind == "arrow":
            got = got.to_pandas()
        want = points[points["run_id"] == run["run_id"]].reset_index(drop=True)
        assert len(got) == len(want), run["run_id"]
        for ours, theirs in [
            ("plotted", "y"),
            ("centre", "cl"),
            ("lower", "lcl"),
            ("upper", "ucl"),
            ("lower_2sigma", "lcl_95"),
            ("upper_2sigma", "ucl_95"),
        ]:
            a = got[ours].to_numpy(dtype=float)
            e = want[theirs].to_numpy(dtype=float)
            np.testing.assert_allclose(a, e, rtol=1e-9, atol=0, equal_nan=True, err_msg=f"{run['run_id']} {ours}")
        assert got["sigma_signal"].tolist() == want["sigma_signal"].tolist(), run["run_id"]
        assert got["runs_signal"].tolist() == want["runs_signal"].tolist(), run["run_id"]
        assert got["part"].tolist() == want["part"].tolist(), run["run_id"]


def test_the_runs_analysis_matches_the_packages_summary() -> None:
    runs = _reference("runs.csv").set_index("run_id")
    series = _reference("series.csv")
    summary = _reference("expected_summary.csv")
    for _, want in summary.iterrows():
        run = runs.loc[want["run_id"]]
        got = _chart(run, series[series["series_id"] == run["series_id"]])
        part = got[got["part"] == want["part"]].iloc[0]
        for column in ["longest_run", "longest_run_max"]:
            assert (pd.isna(part[column]) and pd.isna(want[column])) or part[column] == want[column], want["run_id"]
        assert (pd.isna(part["crossings"]) and pd.isna(want["n_crossings"])) or part["crossings"] == want["n_crossings"]
        if not pd.isna(want["sigma_z_derived"]):
            assert part["sigma_z"] == pytest.approx(want["sigma_z_derived"], rel=1e-9), want["run_id"]


def test_the_engines_xmr_chart_is_spc_xmr() -> None:
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"month": range(30), "v": np.round(rng.normal(50, 5, 30), 1)})
    df.loc[25:, "v"] += 20
    ours = spc.chart(df, value="v", date="month", target=55)
    theirs = spc.xmr(df, value="v", date="month", target=55)
    assert ours["centre"].tolist() == theirs["mean"].tolist()
    assert ours["upper"].tolist() == theirs["upl"].tolist()
    assert ours["upper_2sigma"].tolist() == theirs["nupl"].tolist()
    assert ours["special_cause"].tolist() == theirs["special_cause"].tolist()
    assert ours["variation_icon"].iloc[-1] == theirs["variation_icon"].iloc[-1] == "improvement_high"


def test_t_and_g_charts_read_rare_events() -> None:
    days = [12, 30, 7, 45, 21, 9, 60, 15, 33, 18, 26, 40, 11, 5, 200]
    df = pd.DataFrame({"event": range(1, 16), "days": days})
    t = spc.chart(df, chart="t", value="days", date="event", improvement="increase")
    # A long wait since the last event: above the upper limit, an improvement.
    assert t["sigma_signal"].iloc[-1]
    assert t["point_type"].iloc[-1] == "special_cause_improvement"
    assert t["lower"].iloc[0] >= 0
    g = spc.chart(df, chart="g", value="days", date="event")
    assert g["centre"].iloc[0] == 21.0  # the median
    assert g["lower"].iloc[0] == 0.0
    with pytest.raises(DataError, match=r"days\[1\]"):
        spc.chart(df.assign(days=[3, 0, *days[2:]]), chart="t", value="days", date="event")


def test_rules_are_settings() -> None:
    values = [5, 4, 6, 5, 4, 6, 7, 7.5, 7, 7.5, 7, 7.5, 5, 4, 6]
    df = pd.DataFrame({"m": range(15), "v": values})
    seven = spc.chart(df, chart="run", value="v", date="m")
    six = spc.chart(df, chart="run", value="v", date="m", shift=6)
    assert "7 Points Above CL" not in seven["special_cause"].tolist()
    assert six["special_cause"].tolist()[6:12] == ["7 Points Above CL"] * 6
    with pytest.raises(ArgumentError, match="trend"):
        spc.chart(df, value="v", date="m", trend=5)


def test_gaps_are_kept_with_their_reasons() -> None:
    df = pd.DataFrame(
        {"m": range(6), "events": [3, 4, np.nan, 0, 2, 5], "cases": [100, 90, 100, 0, 95, np.nan]},
    )
    p = spc.chart(df, chart="p", value="events", denominator="cases", date="m")
    assert p["status"].tolist() == [
        "charted",
        "charted",
        "missing value",
        "zero denominator",
        "charted",
        "missing denominator",
    ]
    assert p["upper"].isna().tolist() == [False, False, True, True, False, True]
    assert not p["sigma_signal"].iloc[2:4].any()
    row = spc.summary(df, chart="p", value="events", denominator="cases", date="m").iloc[0]
    assert "1 missing value" in row["notes"] and "1 zero denominator" in row["notes"]
    assert row["chart"] == "p"


@pytest.mark.parametrize(
    ("frame", "options", "error", "named"),
    [
        ({"events": [3, 4], "cases": [10, -1]}, {"chart": "p"}, DataError, r"cases\[1\]"),
        ({"events": [3, 12], "cases": [10, 10]}, {"chart": "p"}, DataError, r"events\[1\]"),
        ({"events": [3, np.inf], "cases": [10, 10]}, {"chart": "u"}, DataError, r"events\[1\]"),
        ({"events": [3, 4], "cases": [10, 10]}, {"chart": "xmr"}, ArgumentError, "cases"),
        ({"events": [3, 4], "cases": [10, 10]}, {"chart": "p", "exclude": [9]}, ArgumentError, "exclude"),
        ({"events": [3, 4], "cases": [10, 10]}, {"chart": "p", "baseline": 0}, ArgumentError, "baseline"),
        ({"events": [3, 4], "cases": [10, 10]}, {"chart": "p", "parts": [1.5]}, ArgumentError, "parts"),
        ({"events": [3, 4], "cases": [10, 10]}, {"chart": "p", "multiplier": -1}, ArgumentError, "multiplier"),
        ({"events": [3, 4], "cases": [10, 10]}, {"chart": "q"}, ArgumentError, "chart"),
    ],
)
def test_hostile_input_gets_typed_errors(
    frame: dict[str, Any], options: dict[str, Any], error: type, named: str
) -> None:
    df = pd.DataFrame({"m": [1, 2], **frame})
    # A denominator given to an XmR chart, which takes none, is refused rather than dropped.
    with pytest.raises(error, match=named):
        spc.chart(df, value="events", denominator="cases", date="m", **options)


def test_short_flat_and_repeated_series_are_stated() -> None:
    one = spc.chart(pd.DataFrame({"m": [1], "v": [5]}), value="v", date="m")
    assert one["limits_status"].tolist() == ["too few points"]
    flat = spc.chart(pd.DataFrame({"m": range(15), "v": [4.0] * 15}), value="v", date="m")
    assert set(flat["limits_status"]) == {"no variation"}
    assert flat["variation_icon"].iloc[0] == "common_cause"
    with pytest.raises(DataError, match=r"m\[1\]"):
        spc.chart(pd.DataFrame({"m": [1, 1], "v": [5, 6]}), value="v", date="m")


def test_annotations_reach_points_and_the_summary() -> None:
    df = pd.DataFrame(
        {"icb": ["A"] * 14 + ["B"] * 14, "month": list(range(14)) * 2, "v": [10, 12, 11, 13] * 7},
    )
    notes = pd.DataFrame({"date": [3, 5], "text": ["new pathway", "merger"], "series": [None, "B"]})
    charts = spc.chart(df, value="v", date="month", group_by="icb", annotations=notes)
    assert charts["annotation"].notna().sum() == 3
    assert charts[(charts["icb"] == "B") & (charts["month"] == 5)]["annotation"].iloc[0] == "merger"
    summary = spc.summary(df, value="v", date="month", group_by="icb", annotations=notes)
    assert summary["annotations"].tolist() == ["3: new pathway", "3: new pathway; 5: merger"]
    with pytest.raises(ArgumentError, match=r"annotations\[0\]"):
        spc.chart(df, value="v", date="month", group_by="icb", annotations=[{"date": 99, "text": "lost"}])
    with pytest.raises(ArgumentError, match=r"annotations\[0\]"):
        spc.chart(df, value="v", date="month", group_by="icb", annotations=[{"date": 3, "text": "x", "series": "Z"}])


def test_a_rebase_is_proposed_with_evidence_and_accepted_explicitly() -> None:
    wiggle = [0, 1, -1, 0.5, -0.5]
    values = [(10 if i < 12 else 20) + wiggle[i % 5] for i in range(22)]
    df = pd.DataFrame(
        {
            "icb": ["A"] * 22 + ["B"] * 22,
            "m": list(range(22)) * 2,
            "v": values + [10 + w for w in wiggle * 4 + wiggle[:2]],
        }
    )
    proposals = spc.propose_rebase(df, value="v", date="m", group_by="icb")
    assert proposals["icb"].tolist() == ["A"]
    assert proposals[["m", "position", "points", "side"]].iloc[0].tolist() == [12, 13, 10, "above"]
    assert proposals["evidence"].iloc[0].startswith("10 points in a row above the centre line")
    before = spc.chart(df, value="v", date="m", group_by="icb")
    assert set(before["part"]) == {1}
    after = spc.chart(df, value="v", date="m", group_by="icb", rebase=proposals)
    assert after[after["icb"] == "A"]["part"].tolist() == [1] * 12 + [2] * 10
    assert set(after[after["icb"] == "B"]["part"]) == {1}
    assert after[after["icb"] == "A"]["centre"].iloc[-1] == pytest.approx(proposals["centre_after"].iloc[0])
    with pytest.raises(ArgumentError, match="min_points"):
        spc.propose_rebase(df, value="v", date="m", group_by="icb", min_points=3)


def test_summaries_read_every_chart_kind_with_the_same_icons() -> None:
    rng = np.random.default_rng(3)
    cases = rng.integers(2000, 20000, 24)
    events = rng.binomial(cases, 0.1)
    events[-1] = int(cases[-1] * 0.2)
    df = pd.DataFrame({"m": range(24), "events": events, "cases": cases})
    for chart in ["p", "p_prime", "u", "u_prime", "run", "xmr"]:
        kind: Any = chart
        denominator = None if chart == "xmr" else "cases"
        value = "events"
        row = spc.summary(df, chart=kind, value=value, denominator=denominator, date="m", improvement="decrease").iloc[
            0
        ]
        assert row["chart"] == chart
        assert row["variation"] in {"concern_high", "common_cause"}, chart
        if chart in {"p", "p_prime", "u", "u_prime"}:
            assert row["variation"] == "concern_high", chart
