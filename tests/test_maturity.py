"""ICS maturity through the built extension: levels, autonomy, divergence, frames."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from ics_outcomes import maturity
from ics_outcomes.exceptions import ArgumentError, DataError, FileError, NotFoundError, ValidationError


def test_default_round_levels_weakest_dimension_and_autonomy() -> None:
    result = maturity.assess()
    levels = result.levels
    assert isinstance(levels, pd.DataFrame) and len(levels) == 42
    assert set(levels["level"]) <= {"emerging", "developing", "maturing", "thriving"}
    assert levels["weakest_dimension"].notna().all()
    eligible = levels[levels["eligible"]]
    assert len(eligible) >= 1
    assert (eligible["level"] == "thriving").all() and (eligible["not_met"] == "").all()
    assert (levels.loc[~levels["eligible"], "not_met"] != "").all()
    checks = result.autonomy
    assert set(checks["condition"]) == {
        "overall at least thriving",
        "no dimension below maturing",
        "oversight segment 2 or better",
        "over 50% of targets met",
    }
    # eligible exactly when every check passed
    passed = checks.groupby("code")["passed"].all()
    assert passed.sum() == len(eligible)
    spread = result.distribution
    assert spread.loc[spread["dimension"].isna(), "areas"].sum() == 42
    assert result.movements is not None and result.movements["change"].dropna().abs().max() >= 1
    assert "SYNTHETIC" in result._repr_html_()


def test_derived_criteria_quote_the_outcome_figures() -> None:
    criteria = maturity.assess().criteria
    targets = criteria[criteria["criterion"] == "outcomes_targets_met"]
    assert (targets["source"] == "outcome_data").all()
    assert targets["evidence"].str.contains("judged targets met").all()
    assert targets["outranked"].str.contains("peer_review").all()
    without = maturity.assess(outcomes=None).criteria
    targets = without[without["criterion"] == "outcomes_targets_met"]
    assert (targets["source"] == "peer_review").all()


def test_user_assessments_from_polars_with_divergence_and_radar() -> None:
    model = maturity.load_model("hewitt")
    criteria = model.criteria()["criterion"].tolist()
    rows = [("QWO", c, "self_assessment", 4.0, "board paper") for c in criteria]
    rows += [("QWO", c, "peer_review", 2.0 if i == 0 else 4.0, None) for i, c in enumerate(criteria)]
    frame = pl.DataFrame(rows, schema=["area", "criterion", "source", "score", "evidence"], orient="row")
    result = maturity.assess(frame, outcomes=None)
    assert isinstance(result.levels, pl.DataFrame)
    diverging = result.divergence().filter(pl.col("flagged"))
    assert diverging["criterion"].to_list() == [criteria[0]]
    assert diverging["difference"].to_list() == [-2.0]
    by_dimension = result.divergence("dimension").filter(pl.col("flagged"))
    assert by_dimension["dimension"].to_list() == ["collaboration"]
    assert by_dimension["difference"].to_list() == [-25.0]
    radar = result.radar("QWO")
    assert radar.height == 10 and radar["radius"].max() == 1.0
    assert result.rings()["radius"].to_list() == [0.0, 0.39, 0.63, 0.88]
    criteria_frame = result.criteria
    assert criteria_frame.filter(pl.col("source") == "peer_review")["evidence_missing"].all()
    autonomy = result.autonomy.filter(pl.col("condition") == "oversight segment 2 or better")
    assert autonomy["detail"].to_list() == ["no oversight segment"]
    assert "QWO" in result.explain("QWO")


def test_pyarrow_in_pyarrow_out_and_digital_providers() -> None:
    rows = maturity.default_assessments("digital", "2024/25")
    assert rows["provider"].notna().all()
    table = pa.Table.from_pandas(rows, preserve_index=False)
    result = maturity.assess(table, model="digital")
    assert isinstance(result.levels, pa.Table) and result.levels.num_rows == 42
    assert result.movements is None


def test_bad_rows_raise_typed_errors_naming_the_field() -> None:
    frame = pd.DataFrame(
        {
            "area": ["QWO", "QWO", "QWO"],
            "criterion": ["well_led_strategy", "nope", "well_led_strategy"],
            "source": ["self_assessment", "peer_review", "guesswork"],
            "score": [7, 3, float("nan")],
        }
    )
    with pytest.raises(DataError) as caught:
        maturity.assess(frame, model="digital")
    message = str(caught.value)
    assert "assessments[2].source" in message and "assessments[2].score" in message
    ok = frame.iloc[:2]
    with pytest.raises(DataError) as caught:
        maturity.assess(ok, model="digital")
    assert "assessments[0].score" in str(caught.value) and "assessments[1].criterion" in str(caught.value)
    with pytest.raises(ArgumentError):
        maturity.assess(ok.drop(columns=["score"]), model="digital")
    with pytest.raises(DataError) as caught:
        maturity.assess(outcomes=pd.DataFrame({"code": ["QWO"], "targets_met": [1.5], "targets_judged": [2]}))
    assert caught.value.data == "outcome_evidence" and caught.value.issues[0]["path"] == "outcomes[0].targets_met"
    with pytest.raises(ValidationError):
        maturity.assess(autonomy={"min_overall_level": "stellar"})
    with pytest.raises(FileError):
        maturity.MaturityModel("id = 1\n[[[", "bad.toml")
    with pytest.raises(FileError):
        maturity.assess(model="hewit")
    with pytest.raises(ArgumentError):
        maturity.assess(frame.iloc[:0], model="digital")
    with pytest.raises(DataError):
        maturity.assess(outcomes=pd.DataFrame({"code": ["QWO"], "targets_met": [float("inf")], "targets_judged": [2]}))
    with pytest.raises(NotFoundError):
        maturity.assess().radar("nowhere")


def test_autonomy_rule_can_be_relaxed() -> None:
    strict = int(maturity.assess().levels["eligible"].sum())
    relaxed = maturity.assess(autonomy={"min_overall_level": "maturing", "max_segment": 3, "targets_met_above": "40"})
    assert int(relaxed.levels["eligible"].sum()) > strict
    # A partial change keeps the model's other conditions; None drops one.
    partial = maturity.assess(autonomy={"targets_met_above": 0}).autonomy
    assert partial["condition"].nunique() == 4
    dropped = maturity.assess(autonomy={"max_segment": None}).autonomy
    assert "oversight segment 2 or better" not in set(dropped["condition"])


def test_model_display_and_schema() -> None:
    model = maturity.load_model("hewitt")
    assert model.levels[0] == ("emerging", 0.0) and model.range == (0.0, 100.0)
    assert "Share of outcomes framework targets met" in model._repr_html_()
    assert maturity.schema()["title"] == "MaturityModelDef"
