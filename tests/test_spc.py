"""Making Data Count XmR charts through the built extension, against NHSRplotthedots 0.2.2."""

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


def _package(name: str, **read_options: Any) -> pd.DataFrame:
    """A file of NHSRplotthedots' test expectations."""
    return pd.read_csv(shared_data.folder("reference/spc/package_tests") / name, **read_options)


def _chart(inputs: pd.DataFrame, option: pd.Series) -> pd.DataFrame:
    frame = inputs.assign(rebase=inputs["rebase"].astype(bool))
    target = None if pd.isna(option["target"]) else float(option["target"])
    fix = None if pd.isna(option["fix_after_n_points"]) else int(option["fix_after_n_points"])
    return spc.xmr(
        frame,
        value="y",
        date="x",
        improvement=option["improvement_direction"],
        target=target,
        rebase="rebase",
        screen_outliers=bool(option["screen_outliers"]),
        fix_after_n_points=fix,
    )


def test_every_package_series_matches_its_points_and_assurance() -> None:
    inputs = _package("spc_inputs.csv")
    options = _package("spc_options.csv")
    points = _package("spc_package_output_points.csv")
    assurance = _package("spc_package_output_assurance.csv", keep_default_na=False)
    checked = 0
    for _, option in options.iterrows():
        sid = option["series_id"]
        got = _chart(inputs[inputs["series_id"] == sid], option).reset_index(drop=True)
        want = points[points["series_id"] == sid].reset_index(drop=True)
        assert len(got) == len(want)
        for ours, theirs in [("mean", "mean_col"), ("lpl", "lpl"), ("upl", "upl"), ("nlpl", "nlpl"), ("nupl", "nupl")]:
            a, e = got[ours].to_numpy(dtype=float), want[theirs].to_numpy(dtype=float)
            scale = np.nanmax(np.abs(np.concatenate([want["mean_col"], want["upl"] - want["mean_col"], [1e-300]])))
            np.testing.assert_allclose(a, e, rtol=0, atol=1e-12 * scale, equal_nan=True, err_msg=f"{sid} {ours}")
        assert got["point_type"].tolist() == want["point_type"].tolist(), sid
        assert got["special_cause"].tolist() == want["special_cause_type"].tolist(), sid
        assert got["relative_to_mean"].tolist() == want["relative_to_mean"].tolist(), sid
        assert got["rebase_group"].tolist() == want["rebase_group"].tolist(), sid
        last = assurance[assurance["series_id"] == sid].iloc[0]
        assert got["variation_icon"].iloc[-1] == last["variation_icon"], sid
        ours = got["assurance"].iloc[-1]
        assert ("" if pd.isna(ours) else ours) == last["assurance_type"], sid
        checked += 1
    assert checked == len(options) == 10


def test_groups_in_any_order_give_the_same_charts_in_polars() -> None:
    inputs = _package("spc_inputs.csv")
    options = _package("spc_options.csv")
    plain = options[(options["improvement_direction"] == "increase") & options["screen_outliers"]]
    plain = plain[plain["fix_after_n_points"].isna() & plain["rebase_x"].isna() & plain["target"].isna()]
    assert len(plain) >= 2
    rows = inputs[inputs["series_id"].isin(plain["series_id"])].sample(frac=1.0, random_state=7)
    together = spc.xmr(pl.from_pandas(rows), value="y", date="date", group_by="series_id")
    assert isinstance(together, pl.DataFrame)
    assert together["series_id"].to_list() == sorted(together["series_id"].to_list())
    for sid in plain["series_id"]:
        alone = spc.xmr(inputs[inputs["series_id"] == sid], value="y", date="date")
        mine = together.filter(pl.col("series_id") == sid)
        assert mine["point_type"].to_list() == alone["point_type"].tolist()
        np.testing.assert_array_equal(mine["upl"].to_numpy(), alone["upl"].to_numpy())


def test_per_series_targets_and_rebase_dates_in_pyarrow() -> None:
    values = [10.0, 11, 9, 10, 12, 10, 11, 9, 10, 11, 30, 31, 29, 30, 32, 30, 31, 29, 30, 31]
    table = pa.table({"day": list(range(20)), "v": values, "goal": [20.0] * 20})
    chart = spc.xmr(table, value="v", date="day", target="goal", rebase=[10])
    assert isinstance(chart, pa.Table)
    groups = chart.column("rebase_group").to_pylist()
    assert groups == [0] * 10 + [1] * 10
    assert chart.column("assurance").to_pylist()[-1] == "consistent_pass"
    assert chart.column("short_group_warning").to_pylist() == [True] * 20
    neutral = spc.xmr(table, value="v", date="day", improvement="neutral", target=20)
    assert neutral.column("assurance").to_pylist()[-1] is None


def test_bad_input_raises_typed_errors_naming_the_row() -> None:
    frame = pd.DataFrame({"d": [1, 2, 3, 3], "v": [1.0, float("nan"), 2.0, 3.0]})
    with pytest.raises(DataError) as caught:
        spc.xmr(frame, value="v", date="d")
    message = str(caught.value)
    assert 'v[1] = "NaN"' in message and "drop or fill the period" in message
    assert "d[3]" in message and "a date repeats within its series" in message
    # One rule orders every series: a repeated date is the same DataError from every function.
    repeated = frame.assign(v=[1.0, 2.0, 3.0, 4.0], plan=1.0)
    for call in (
        lambda: spc.trajectory(repeated, value="v", date="d", trajectory="plan"),
        lambda: spc.run_rate(repeated, value="v", date="d", target=5),
    ):
        with pytest.raises(DataError) as again:
            call()
        assert [i["path"] for i in again.value.issues] == ["d[3]"]
    ok = frame.assign(d=[1, 2, 3, 4], v=[1.0, 2.0, 3.0, 4.0])
    with pytest.raises(ArgumentError):
        spc.xmr(ok, value="v", date="d", fix_after_n_points=5)
    with pytest.raises(ArgumentError):
        spc.xmr(ok, value="v", date="d", improvement="up")
    with pytest.raises(ArgumentError):
        spc.xmr(ok, value="v", date="d", rebase=[99])
    with pytest.raises(ArgumentError):
        spc.xmr(ok, value="nope", date="d")


def test_scorecard_targets_carry_variation_and_assurance(card) -> None:
    targets = card.targets().to_pandas()
    assert len(targets) == sum(len(card.explain(r["code"]).rows()) for r in card.rows())
    assert set(targets["variation"].dropna()) <= {
        "common_cause",
        "improvement_high",
        "improvement_low",
        "concern_high",
        "concern_low",
        "neutral_high",
        "neutral_low",
    }
    assert set(targets["assurance"].dropna()) == {"consistent_pass", "consistent_fail", "inconsistent"}
    row = targets[(targets["ods"] == "QOP") & (targets["target"] == "rtt_52w_under_1pct")].iloc[0]
    explained = card.explain("QOP").to_pandas().set_index("target").loc["rtt_52w_under_1pct"]
    assert (row["variation"], row["assurance"]) == (explained["variation"], explained["assurance"])
    assert row["spc_points"] == 12


def test_trajectory_gaps_and_run_rate_per_group() -> None:
    frame = pl.DataFrame(
        {
            "icb": ["A"] * 4 + ["B"] * 4,
            "q": [4, 3, 2, 1, 1, 2, 3, 4],
            "pct": [73.0, 72.0, 71.0, 70.0, 80.0, 79.0, 78.0, 77.0],
            "plan": [72.0, 71.5, 71.0, 70.5, 78.0, 78.0, 78.0, 78.0],
        }
    )
    gaps = spc.trajectory(frame, value="pct", date="q", trajectory="plan", group_by="icb")
    assert isinstance(gaps, pl.DataFrame)
    assert gaps["q"].to_list() == [1, 2, 3, 4, 1, 2, 3, 4]
    assert gaps["gap"].to_list() == [-0.5, 0.0, 0.5, 1.0, 2.0, 1.0, 0.0, -1.0]
    assert gaps["on_track"].to_list() == [False, True, True, True, True, True, True, False]
    rates = spc.run_rate(frame, value="pct", date="q", target=75.0, group_by="icb")
    assert rates["icb"].to_list() == ["A", "B"]
    assert rates["slope"].to_list() == [1.0, -1.0]
    # A rises 1 a quarter from 73: 75 two quarters after the last; B is above it already.
    assert rates["periods_to_target"].to_list() == [2, 0]
    # B falls by 1 a quarter from 77: it never reaches 85, and A does in 12 quarters.
    assert spc.run_rate(frame, value="pct", date="q", target=85.0, group_by="icb")["periods_to_target"].to_list() == [
        12,
        None,
    ]
    since = spc.run_rate(frame.filter(pl.col("icb") == "A"), value="pct", date="q", target=75.0, since=3)
    assert since["points"].to_list() == [2]
    with pytest.raises(ArgumentError):
        spc.run_rate(frame, value="pct", date="q", target=75.0, improvement="neutral", group_by="icb")
    with pytest.raises(DataError):
        spc.trajectory(pl.concat([frame, frame.head(1)]), value="pct", date="q", trajectory="plan", group_by="icb")
    with pytest.raises(ArgumentError):
        spc.run_rate(frame, value="pct", date="q", target=75.0, since="later", group_by="icb")
    # Text dates are read by the core's one rule, as R and the command line read them: months
    # named in words sort in time, not as text; text of no kind of date is named.
    months = pd.DataFrame({"month": ["May 2024", "Apr 2024", "Jun 2024"], "v": [2.0, 1.0, 3.0]})
    assert spc.xmr(months, value="v", date="month")["month"].tolist() == ["Apr 2024", "May 2024", "Jun 2024"]
    with pytest.raises(DataError) as caught:
        spc.xmr(months.assign(month=["Apr 2024", "spring", "Jun 2024"]), value="v", date="month")
    assert caught.value.path == "month[1]" and caught.value.value == "spring"
