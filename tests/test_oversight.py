"""NHS Oversight Framework scoring and the ICS league table through the built extension."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import polars as pl
import pytest
import shared_data
from ics_outcomes import oversight
from ics_outcomes.exceptions import ArgumentError


def test_metric_scores_rank_between_the_bookends() -> None:
    df = pl.DataFrame({"provider": list("ABCDE"), "metric": ["m"] * 5, "value": [0.0, 5.0, None, 9.0, 5.0]})
    rules = {"m": {"direction": "lower_is_better", "standard": 0}}
    out = oversight.score_metrics(df, rules=rules)
    assert isinstance(out, pl.DataFrame)
    assert out["score"].to_list() == [Decimal("1.00"), Decimal("2.00"), None, Decimal("4.00"), Decimal("2.00")]
    assert out["basis"].to_list() == ["met_standard", "ranked", "missing", "ranked", "ranked"]
    with pytest.raises(ArgumentError, match="no rule for this metric"):
        oversight.score_metrics(df, rules={})


def test_segments_overrides_and_league_table() -> None:
    rows = [
        ("A", "m1", "1.00", False, False),
        ("A", "m2", "2.00", False, False),
        ("B", "m1", "1.00", True, False),
        ("B", "m2", "1.50", True, False),
        ("C", "m1", "3.50", False, True),
        ("C", "m2", "3.00", False, True),
    ]
    df = pd.DataFrame(rows, columns=["provider", "metric", "score", "deficit", "recovery"])
    df["score"] = df["score"].map(Decimal)
    out = oversight.segment(df, domain=None, deficit="deficit", recovery="recovery", cut_points=["1.5", "2.0", "3.0"])
    by = out.set_index("provider")
    assert by.loc["A", "average"] == Decimal("1.50") and by.loc["A", "segment"] == 1
    assert (by.loc["B", "segment_unadjusted"], by.loc["B", "segment"]) == (1, 3)
    assert "financial cap" in by.loc["B", "overrides"]
    assert by.loc["C", "segment_final"] == 5
    with pytest.raises(ArgumentError, match="must be logical"):
        oversight.segment(df.assign(deficit="No"), domain=None, deficit="deficit", cut_points=["1.5", "2.0", "3.0"])
    table = oversight.league_table(out)
    assert table["provider"].tolist() == ["A", "B", "C"]
    assert table["rank"].tolist() == [1, 2, 3]


def test_published_q4_league_table_ranks_are_reproduced() -> None:
    name = "nhs-oversight-framework-mental-health-and-community-trust-league-table_q4-2025-26-release.csv"
    path = shared_data.folder("reference/nof") / name
    published = pd.read_csv(path, encoding="utf-8-sig")
    ours = oversight.league_table(
        published.assign(Average_score=published["Average_score"].map(lambda v: Decimal(str(v)))),
        provider="Trust_code",
        segment="Segment",
        average="Average_score",
    )
    merged = ours.merge(published[["Trust_code", "Rank"]], on="Trust_code", suffixes=("", "_published"))
    assert len(merged) == 61
    assert (merged["rank"] == merged["Rank"].astype(int)).all()


def test_ics_oversight_sits_beside_the_framework_score() -> None:
    table = oversight.ics_oversight()
    frame = table.to_pandas()
    assert len(frame) == 36
    assert len(oversight.ics_oversight(period="2025/26 Q4").to_pandas()) == 42
    assert frame["league_rank"].is_monotonic_increasing
    assert set(frame["segment"]) <= {1, 2, 3, 4}
    assert frame["framework_rank"].notna().all()
    assert "<table>" in table._repr_html_()
    metrics = table.metrics("QOP").to_pandas()
    assert {"metric", "value", "score", "basis"} <= set(metrics.columns)
