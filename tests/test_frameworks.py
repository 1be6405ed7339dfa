"""Frameworks in Python: exact decimals, building in code, loading and writing files."""

from __future__ import annotations

import json
from decimal import Decimal

import ics_outcomes as ico
import pytest


def test_framework_fields_are_exposed_with_decimal_values(national):
    assert national.version == "2026/27.1"
    assert len(national.priorities) <= 10
    target = national.priorities[0].targets[0]
    assert target.id == "rtt_65pct_18w"
    assert target.type == "threshold"
    assert target.value == Decimal("65.0")
    assert str(target.value) == "65.0"
    assert target.allow_local_trajectory
    assert national.priorities[0].tier == "national"
    metric = national.metrics[0]
    assert (metric.unit, metric.polarity, metric.decimals) == ("percentage", "higher_is_better", 1)
    assert dict(national.coverage())["social_economic"] == ["prevention_shift"]


def test_local_frameworks_nest_in_the_national_one(gm_local, national):
    gm = gm_local
    assert gm.nests_in == national.version
    assert gm.national == national
    assert [p.tier for p in gm.priorities] == ["local"] * 3
    assert gm.trajectories == [
        {
            "target": "ae_82pct_4h",
            "baseline_period": "2024/25 Q1",
            "baseline_value": Decimal("72.0"),
            "goal_period": "2026/27 Q4",
        }
    ]


def build_national(value: object = "78.0") -> ico.NationalFramework:
    metric = ico.Metric("ae_4h", "A&E within 4 hours", "percentage", "higher_is_better", 1)
    target = ico.Target("ae_78", "ae_4h", "threshold", value=value, allow_local_trajectory=True)
    priority = ico.Priority("urgent", "Urgent care", [target], purposes=["outcomes"])
    return ico.NationalFramework("n", "National", "1", [metric], [priority])


def test_frameworks_build_in_python_and_score():
    national = build_national(Decimal("78.0"))
    assert national.priorities[0].targets[0].value == Decimal("78.0")
    local = ico.LocalFramework(
        "QOP",
        "GM",
        national,
        priorities=[ico.Priority("gm", "GM", [ico.Target("gm_ae", "ae_4h", "threshold", value="80")])],
        trajectories=[
            {"target": "ae_78", "baseline_period": "2024/25 Q1", "baseline_value": "70", "goal_period": "2026/27 Q4"}
        ],
    )
    assert local.area == "E54000057"
    data = {"area_code": ["QOP"], "metric_id": ["ae_4h"], "period": ["2025/26 Q4"], "value": ["79.0"]}
    ex = ico.score(national, [local], data).explain("QOP")
    assert [r["attainment"] for r in ex.rows()] == ["on_track", "not_met"]


def test_decimals_accept_decimal_str_and_int_but_never_float():
    assert build_national("78").priorities[0].targets[0].value == Decimal("78")
    assert build_national(78).priorities[0].targets[0].value == Decimal("78")
    with pytest.raises(ico.exceptions.ArgumentError) as raised:
        build_national(78.0)
    assert raised.value.path == "Target.value"
    assert raised.value.value == "78.0"
    with pytest.raises(TypeError):
        build_national(True)
    with pytest.raises(ico.exceptions.ArgumentError):
        build_national("NaN")


def test_load_framework_reads_paths_and_parse_framework_reads_text(tmp_path, national):
    toml = national.to_toml()
    assert ico.parse_framework(toml) == national
    assert ico.parse_framework(national.to_json(), format="json") == national
    with pytest.raises(ico.exceptions.FileError):
        ico.parse_framework(toml, format="json")
    with pytest.raises(ico.exceptions.ArgumentError) as raised:
        ico.parse_framework(toml, format="yaml")  # type: ignore[arg-type]
    assert raised.value.path == "format"
    # Text given to load_framework still works for one release, with a warning.
    with pytest.warns(DeprecationWarning, match="parse_framework"):
        assert ico.load_framework(toml) == national
    path = tmp_path / "national.toml"
    path.write_text(toml)
    assert ico.load_framework(path) == national
    assert ico.load_framework(str(path)) == national
    parsed = json.loads(national.to_json())
    assert parsed["priorities"][0]["targets"][0]["value"] == "65.0", "decimals are written as exact strings"


def test_a_local_framework_is_edited_and_reloaded(gm_local, national):
    gm = gm_local
    text = gm.to_toml().replace('value = "10.0"', 'value = "99.0"')
    edited = ico.parse_framework(text, national=national)
    assert isinstance(edited, ico.LocalFramework)
    assert edited.priorities[1].targets[0].value == Decimal("99.0")
    assert edited != gm


def test_the_schema_is_json():
    schema = json.loads(ico.framework_schema())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_trajectory_horizon_is_kept_through_files_and_pickling() -> None:
    import pickle

    text = ico.default_national_framework().to_toml().replace("trajectory_years = 5\n", "trajectory_years = 3\n", 1)
    national = ico.parse_framework(text)
    assert national.trajectory_years == 3
    assert pickle.loads(pickle.dumps(national)).trajectory_years == 3
    assert ico.parse_framework(national.to_toml()).trajectory_years == 3
    assert ico.default_national_framework().trajectory_years == 5
