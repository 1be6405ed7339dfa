"""Funnel plots with overdispersion through the built extension (#22): every FunnelPlotR 0.6.0
run in ``reference/funnel`` of the shared folder, from pandas, polars and pyarrow frames; the
multiplicative alternative by its derivation; hostile inputs as typed errors; the chart."""

from __future__ import annotations

import csv
import math
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import shared_data
from ics_outcomes import plot, stats
from ics_outcomes.exceptions import ArgumentError, DataError

matplotlib.use("Agg")

TOLERANCE = 1e-9
# The oracle's per-unit columns and ours.
UNIT_COLUMNS = {
    "numerator": "numerator",
    "denominator": "denominator",
    "value": "value",
    "Uzscore": "z",
    "Wuzscore": "z_winsorised",
    "z_adjusted_derived": "z_adjusted",
    "Y": "y",
    "s_z": "s_z",
    "s_limits": "s_limits",
    "LCL95": "lower95",
    "UCL95": "upper95",
    "LCL99": "lower998",
    "UCL99": "upper998",
    "OD95LCL": "od_lower95",
    "OD95UCL": "od_upper95",
    "OD99LCL": "od_lower998",
    "OD99UCL": "od_upper998",
}
CURVE_COLUMNS = {
    "number_seq": "denominator",
    "s": "s",
    "ll95": "lower95",
    "ul95": "upper95",
    "ll998": "lower998",
    "ul998": "upper998",
    "odll95": "od_lower95",
    "odul95": "od_upper95",
    "odll998": "od_lower998",
    "odul998": "od_upper998",
}


@cache
def folder() -> Path:
    return shared_data.folder("reference/funnel")


def rows(name: str) -> list[dict[str, str]]:
    with (folder() / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    return math.nan if text in ("", "NA") else float(text)


def assert_close(actual: Any, expected: float, what: str) -> None:
    actual = math.nan if actual is None else float(actual)
    if math.isnan(expected) or math.isinf(expected):
        assert actual == expected or (math.isnan(actual) and math.isnan(expected)), f"{what}: {actual} vs {expected}"
    else:
        assert abs(actual - expected) <= TOLERANCE * abs(expected) or actual == expected, f"{what}: {actual} {expected}"


def arguments(run: dict[str, str]) -> dict[str, Any]:
    data_type = {"PR": "proportion", "SR": "ratio", "RC": "rate"}[run["data_type"]]
    return {
        "data_type": data_type,
        "method": "cqc" if run["sr_method"] == "CQC" else "shmi",
        "shmi_rounding": run["SHMI_rounding"] != "FALSE",
        "trim_by": float(run["trim_by"]),
        "multiplier": float(run["multiplier"]),
        "limit": int(run["limit"]),
        "adjusted": run["draw_adjusted"] == "TRUE",
        "unadjusted": run["draw_unadjusted"] == "TRUE",
    }


def records(dataset: str) -> pd.DataFrame:
    frame = pd.DataFrame([r for r in rows("inputs.csv") if r["dataset"] == dataset])
    return frame.assign(numerator=frame["numerator"].astype(float), denominator=frame["denominator"].astype(float))


def as_kind(frame: pd.DataFrame, kind: str) -> Any:
    if kind == "polars":
        return pl.from_pandas(frame[["group", "numerator", "denominator"]])
    if kind == "pyarrow":
        return pa.Table.from_pandas(frame[["group", "numerator", "denominator"]], preserve_index=False)
    return frame


def test_every_reference_run_is_reproduced() -> None:
    """Each run of runs.csv (28 in this folder), cycling pandas, polars and pyarrow input."""
    units, curves = rows("expected_units.csv"), rows("expected_limits.csv")
    runs = rows("runs.csv")
    assert len(runs) >= 28
    for i, run in enumerate(runs):
        kind = ("pandas", "polars", "pyarrow")[i % 3]
        data = as_kind(records(run["dataset"]), kind)
        result = stats.funnel_overdispersion(
            data, numerator="numerator", denominator="denominator", group="group", **arguments(run)
        )
        rid = run["run_id"]
        for field, column in (
            ("phi", "phi"),
            ("tau2", "tau2"),
            ("phi_estimated", "phi_internal"),
            ("target", "target"),
        ):
            assert_close(getattr(result, field), number(run[column]), f"{rid} {field}")
        assert result.outliers == int(run["n_outliers"]), rid
        assert result.adjusted_drawn == (run["draw_adjusted_effective"] == "TRUE"), rid
        assert result.unadjusted_drawn == (run["draw_unadjusted_effective"] == "TRUE"), rid
        assert (result.note or "") == run["messages"], rid
        assert result.settings["data_type"] == arguments(run)["data_type"]
        table = pa.table(result.units) if kind == "polars" else result.units
        got = table.to_pandas() if kind != "pandas" else table
        expected = [u for u in units if u["run_id"] == rid]
        assert list(got["group"]) == [u["group"] for u in expected], rid
        for column, ours in UNIT_COLUMNS.items():
            for row, unit in zip(got[ours], expected, strict=True):
                assert_close(row, number(unit[column]), f"{rid} {unit['group']} {column}")
        assert [int(o) for o in got["outlier"]] == [int(u["outlier"]) for u in expected], rid
        assert [int(t) for t in got["trimmed"]] == [int(u["trimmed"]) for u in expected], rid
        lines = pa.table(result.limits).to_pandas() if kind != "pandas" else result.limits
        for curve in (c for c in curves if c["run_id"] == rid):
            at = int(curve["row"]) - 1
            assert len(lines) == int(curve["table_rows"]), rid
            for column, ours in CURVE_COLUMNS.items():
                assert_close(lines[ours].iloc[at], number(curve[column]), f"{rid} row {at + 1} {column}")


def test_result_frames_follow_the_callers_kind_and_keep_its_keys() -> None:
    frame = pd.DataFrame({"trust": [3, 1, 2, 1], "x": [10, 20, 5, 7], "n": [100, 150, 90, 60]})
    result = stats.funnel_overdispersion(
        frame, numerator="x", denominator="n", group="trust", adjusted=False, unadjusted=True
    )
    assert isinstance(result.units, pd.DataFrame) and isinstance(result.limits, pd.DataFrame)
    assert list(result.units["group"]) == [1, 2, 3] and list(result.units["numerator"]) == [27.0, 5.0, 10.0]
    assert (result.phi, result.tau2) == (0.0, 0.0) and result.phi_estimated >= 0
    polar = stats.funnel_overdispersion(
        pl.from_pandas(frame), numerator="x", denominator="n", group="trust", adjusted=False, unadjusted=True
    )
    assert isinstance(polar.units, pl.DataFrame)
    assert polar.units["od_upper998"].to_list() == list(result.units["od_upper998"])
    assert "FunnelOverdispersion proportion: 3 units" in repr(result)
    assert result.version and result.settings["overdispersion"] == "additive"


def test_multiplicative_limits_are_the_target_plus_or_minus_z_root_phi_s() -> None:
    """On the log scale of rates: log(limit) = log(target) ± z·sqrt(phi)·s, s = 1/(2 sqrt(x))."""
    data = records("rc_od")
    result = stats.funnel_overdispersion(
        data, numerator="numerator", denominator="denominator", group="group", data_type="rate",
        overdispersion="multiplicative", unadjusted=True,
    )  # fmt: skip
    assert result.phi > 1
    lines = result.limits
    s = 1 / (2 * np.sqrt(lines["denominator"].to_numpy()))
    centre = math.log(result.target)
    for column, z in (("od_lower998", -3.090232), ("od_upper95", 1.959964)):
        np.testing.assert_allclose(np.log(lines[column].to_numpy()), centre + z * math.sqrt(result.phi) * s, rtol=1e-12)
    np.testing.assert_allclose(result.units["z_adjusted"], result.units["z"] / math.sqrt(result.phi), rtol=1e-12)
    additive = stats.funnel_overdispersion(
        data, numerator="numerator", denominator="denominator", group="group", data_type="rate"
    )
    assert additive.phi == result.phi and not np.allclose(additive.units["od_upper998"], result.units["od_upper998"])


@pytest.mark.parametrize(
    ("numerator", "denominator", "data_type", "column"),
    [
        ([1.0, 2.0], [0.0, 5.0], "proportion", "n"),
        ([1.0, 2.0], [-5.0, 5.0], "rate", "n"),
        ([7.0, 2.0], [5.0, 5.0], "proportion", "x"),
        ([math.nan, 2.0], [5.0, 5.0], "proportion", "x"),
        ([1.0, 2.0], [5.0, math.nan], "ratio", "n"),
        ([-1.0, 2.0], [5.0, 5.0], "rate", "x"),
    ],
)
def test_hostile_records_are_data_errors(
    numerator: list[float], denominator: list[float], data_type: str, column: str
) -> None:
    frame = pd.DataFrame({"g": ["a", "b"], "x": numerator, "n": denominator})
    with pytest.raises(DataError) as caught:
        stats.funnel_overdispersion(frame, numerator="x", denominator="n", group="g", data_type=data_type)  # type: ignore[arg-type]
    assert caught.value.path.startswith(column)


def test_one_unit_and_all_equal_values() -> None:
    one = pd.DataFrame({"g": ["a", "a"], "x": [1.0, 2.0], "n": [10.0, 20.0]})
    with pytest.raises(DataError, match="at least two units"):
        stats.funnel_overdispersion(one, numerator="x", denominator="n", group="g")
    alone = stats.funnel_overdispersion(one, numerator="x", denominator="n", group="g", adjusted=False, unadjusted=True)
    assert list(alone.units["value"]) == [0.1]
    # Equal proportions: phi = tau2 = 0, and the package's fallback to unadjusted limits.
    equal = pd.DataFrame({"g": list("abcd"), "x": [10.0, 20.0, 30.0, 40.0], "n": [100.0, 200.0, 300.0, 400.0]})
    result = stats.funnel_overdispersion(equal, numerator="x", denominator="n", group="g")
    assert (result.phi, result.tau2, result.outliers) == (0.0, 0.0, 0)
    assert not result.adjusted_drawn and result.unadjusted_drawn and "No overdispersion" in (result.note or "")


def test_hostile_options_are_argument_errors() -> None:
    frame = pd.DataFrame({"g": list("abc"), "x": [1.0, 2.0, 3.0], "n": [10.0, 20.0, 30.0]})
    call = {"numerator": "x", "denominator": "n", "group": "g"}
    for bad, name in [
        ({"trim_by": 0.5}, "trim_by"),
        ({"trim_by": 0}, "trim_by"),
        ({"limit": 90}, "limit"),
        ({"multiplier": -1}, "multiplier"),
        ({"data_type": "mean"}, "data_type"),
        ({"method": "hsmr"}, "method"),
        ({"overdispersion": "both"}, "overdispersion"),
    ]:
        with pytest.raises(ArgumentError) as caught:
            stats.funnel_overdispersion(frame, **call, **bad)
        assert caught.value.path == name, bad
    with pytest.raises(ArgumentError):
        stats.funnel_overdispersion(frame, numerator="x", denominator="n", group="nope")
    with pytest.raises(TypeError):
        stats.funnel_overdispersion(frame, **call, adjusted="yes")  # type: ignore[arg-type]


def test_plot_draws_units_both_limit_sets_and_labels_outliers() -> None:
    data = records("pr_od")
    result = stats.funnel_overdispersion(
        data, numerator="numerator", denominator="denominator", group="group", unadjusted=True
    )
    fig = plot.funnel_overdispersion(result, max_labels=5)
    ax = fig.axes[0]
    by_gid = lambda gid: [a for a in [*ax.lines, *ax.collections, *ax.texts] if a.get_gid() == gid]  # noqa: E731
    points = by_gid("points")
    assert sum(len(c.get_offsets()) for c in points) == len(result.units) == 120
    drawn = np.concatenate([c.get_offsets() for c in points])
    np.testing.assert_allclose(sorted(drawn[:, 1]), sorted(result.units["value"]))
    for gid, column in (("od_limit_998", "od_upper998"), ("limit_95", "upper95")):
        lines = by_gid(gid)
        assert len(lines) == 2
        np.testing.assert_allclose(lines[0].get_ydata(), result.limits[column])
        np.testing.assert_allclose(lines[0].get_xdata(), result.limits["denominator"])
    labelled = {t.get_text() for t in by_gid("outlier_label")}
    outliers = set(result.units.loc[result.units["outlier"], "group"])
    assert 0 < len(labelled) <= 5 and labelled <= outliers
    assert len(by_gid("target")) == 1
    matplotlib.pyplot.close(fig)
    # Unadjusted limits alone: no overdispersed curves.
    alone = stats.funnel_overdispersion(
        data, numerator="numerator", denominator="denominator", group="group", adjusted=False, unadjusted=True
    )
    fig = plot.funnel_overdispersion(alone, label=False)
    gids = {a.get_gid() for a in fig.axes[0].lines}
    assert "od_limit_998" not in gids and "limit_998" in gids
    matplotlib.pyplot.close(fig)
    with pytest.raises(TypeError):
        plot.funnel_overdispersion(result.units)
