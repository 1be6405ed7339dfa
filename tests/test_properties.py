"""Hypothesis properties mirroring the Rust invariants, through the built extension."""

from __future__ import annotations

from decimal import Decimal

import ics_outcomes as ico
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NATIONAL = ico.default_national_framework()
METRICS = {m.id: m.polarity for m in NATIONAL.metrics}
SYSTEMS = [s["code"] for s in ico.systems()]
PERIODS = ["2024/25 Q1", "2024/25 Q4", "2025/26 Q4"]
SCORED = "2025/26 Q4"

# Within 0 to 100, which every metric accepts (a percentage must: the core refuses others).
values = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def data(draw: st.DrawFn) -> list[tuple[str, str, str, Decimal]]:
    areas = draw(st.lists(st.sampled_from(SYSTEMS), min_size=1, max_size=6, unique=True))
    return [(a, m, p, draw(values)) for a in areas for m in METRICS for p in PERIODS]


def frame(rows: list[tuple[str, str, str, Decimal]]) -> dict[str, list[object]]:
    return {
        "area_code": [r[0] for r in rows],
        "metric_id": [r[1] for r in rows],
        "period": [r[2] for r in rows],
        "value": [r[3] for r in rows],
    }


def overall(card: ico.Scorecard) -> dict[str, Decimal | None]:
    return {r["code"]: r["overall"] for r in card.rows()}


common = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(rows=data(), weighting=st.sampled_from(["equal_per_priority", "equal_per_target", "equal_per_tier"]))
def test_weights_sum_to_one_and_contributions_to_the_overall(rows, weighting):
    card = ico.score(NATIONAL, [], frame(rows), weighting=weighting)
    for row in card.rows():
        if row["overall"] is None:
            continue
        ex = card.explain(row["code"])
        assert ex.total_weight == "1"
        assert sum((r["contribution"] for r in ex.rows()), Decimal(0)) == row["overall"]


@common
@given(rows=data(), order=st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_row_order(rows, order):
    shuffled = list(rows)
    order.shuffle(shuffled)
    assert overall(ico.score(NATIONAL, [], frame(rows))) == overall(ico.score(NATIONAL, [], frame(shuffled)))


@common
@given(rows=data(), which=st.integers(min_value=0), step=st.decimals(min_value=0, max_value=50, places=2))
def test_improving_a_value_never_lowers_that_ics_score(rows, which, step):
    # Improvement targets read their baseline from other periods, so change only the scored one.
    scored = [i for i, r in enumerate(rows) if r[2] == SCORED]
    i = scored[which % len(scored)]
    area, metric, period, value = rows[i]
    better = min(value + step, 100) if METRICS[metric] == "higher_is_better" else max(value - step, 0)
    improved = list(rows)
    improved[i] = (area, metric, period, better)
    before = overall(ico.score(NATIONAL, [], frame(rows)))[area]
    after = overall(ico.score(NATIONAL, [], frame(improved)))[area]
    assert after >= before


@st.composite
def count_rows(draw: st.DrawFn) -> list[tuple[str, int, int]]:
    rows = []
    for _ in range(draw(st.integers(1, 40))):
        n = draw(st.integers(1, 10_000))
        rows.append((draw(st.sampled_from("abcde")), draw(st.integers(0, n)), n))
    return rows


@given(count_rows())
@settings(max_examples=60, deadline=None)
def test_grouped_proportions_are_the_wilson_interval_of_the_group_sums(rows: list[tuple[str, int, int]]) -> None:
    import math

    import pandas as pd
    from ics_outcomes import stats

    df = pd.DataFrame(rows, columns=["g", "x", "n"])
    out = stats.proportion(df, x="x", n="n", group_by="g", multiplier=100)
    sums = df.groupby("g").sum()
    assert out["g"].tolist() == sorted(set(df["g"]))
    z = 1.959963984540054
    for _, row in out.iterrows():
        x, n = sums.loc[row["g"], "x"], sums.loc[row["g"], "n"]
        assert row["x"] == x and row["n"] == n
        spread = z * math.sqrt(z * z + 4 * x * (1 - x / n))
        lower = (2 * x + z * z - spread) / (2 * (n + z * z)) * 100
        assert math.isclose(row["lowercl"], lower, rel_tol=1e-12, abs_tol=1e-12)
        # At x = 0 or x = n a limit equals the value in exact arithmetic; in doubles, as in R,
        # it can land a rounding error on the wrong side of it.
        assert row["lowercl"] - 1e-12 <= row["value"] <= row["uppercl"] + 1e-12
