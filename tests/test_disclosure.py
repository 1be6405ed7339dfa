"""Disclosure control through the built extension: small counts hidden, none recoverable."""

from __future__ import annotations

from fractions import Fraction

import ics_outcomes as ico
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ics_outcomes import disclosure, stats
from ics_outcomes.exceptions import ArgumentError, DataError


def long_frame(cells: list[list[int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"icb": f"R{i}", "age": f"C{j}", "n": v} for i, row in enumerate(cells) for j, v in enumerate(row)]
    )


def rank(matrix: list[list[Fraction]]) -> int:
    """Exact rank by Gaussian elimination over the rationals."""
    m = [row[:] for row in matrix]
    rank = 0
    for col in range(len(m[0]) if m else 0):
        pivot = next((r for r in range(rank, len(m)) if m[r][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][col] != 0:
                factor = m[r][col] / m[rank][col]
                m[r] = [x - factor * y for x, y in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


def recoverable(
    rows: int, columns: int, hidden: list[tuple[int, int]], known: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Hidden cells of the (rows + 1) x (columns + 1) table with margins that the row and
    column sums determine: their unit vector is in the row space of the constraints. The
    ``known`` hidden cells (zeros: counts cannot be negative) are given to the reader too."""
    lines = [
        [Fraction(-1 if j == columns else 1) if i == line else Fraction(0) for i, j in hidden]
        for line in range(rows + 1)
    ]
    lines += [
        [Fraction(-1 if i == rows else 1) if j == line else Fraction(0) for i, j in hidden]
        for line in range(columns + 1)
    ]
    unit = lambda k: [Fraction(int(x == k)) for x in range(len(hidden))]  # noqa: E731
    known = known or []
    lines += [unit(hidden.index(cell)) for cell in known]
    base = rank(lines)
    return [hidden[k] for k in range(len(hidden)) if hidden[k] not in known and rank([*lines, unit(k)]) == base]


def grid(out: pd.DataFrame, rows: int, columns: int) -> dict[tuple[int, int], object]:
    """(row, column) -> published value, with totals at index rows / columns."""
    index = lambda label, n: n if label == "Total" else int(label[1:])  # noqa: E731
    return {(index(r, rows), index(c, columns)): v for r, c, v in zip(out["icb"], out["age"], out["n"], strict=True)}


def test_a_small_count_and_its_complements_are_hidden_and_explained() -> None:
    cells = [[2, 10, 20], [15, 30, 12], [25, 18, 40]]
    public = disclosure.protect(long_frame(cells), rows="icb", columns="age", value="n")
    # What is published says only what is hidden (finding D1: saying why pinned counts).
    assert list(public.columns) == ["icb", "age", "n", "status"]
    assert set(public["status"]) == {"published", "suppressed"}
    out = disclosure.protect(long_frame(cells), rows="icb", columns="age", value="n", audit=True)
    assert len(out) == 9 + 3 + 4
    assert out["n"].equals(public["n"])
    status = dict(zip(zip(out["icb"], out["age"], strict=True), out["status"], strict=True))
    assert status[("R0", "C0")] == "primary_suppressed"
    assert [status[k] for k in [("R0", "C1"), ("R1", "C0"), ("R1", "C1")]] == ["secondary_suppressed"] * 3
    assert status[("Total", "Total")] == "published"
    # The audit gives the range a reader can narrow each hidden cell to: a + b = 12,
    # a + c = 17, every hidden cell at least 1, so the 2 lies anywhere in 1..11.
    corner = out[(out["icb"] == "R0") & (out["age"] == "C0")]
    assert (corner["lower"].item(), corner["upper"].item()) == (1, 11)
    assert out.loc[out["status"] == "published", ["lower", "upper"]].isna().all().all()
    values = grid(out, 3, 3)
    assert pd.isna(values[(0, 0)]) and values[(3, 3)] == 172 and values[(0, 3)] == 32
    reason = out.loc[(out["icb"] == "R1") & (out["age"] == "C1"), "reason"].item()
    assert reason == "row 1, column 1 suppressed to protect row 0, column 0, which the totals would otherwise reveal"
    assert not recoverable(3, 3, [k for k, v in values.items() if pd.isna(v)])


def test_the_same_kind_of_frame_comes_back_with_rounding() -> None:
    cells = [[12, 23], [17, 31]]
    frame = long_frame(cells)
    for kind in (frame, pl.from_pandas(frame), pa.Table.from_pandas(frame)):
        out = disclosure.protect(kind, rows="icb", columns="age", value="n", round_to=5)
        assert type(out) is type(kind)
        table = pa.table(out) if not isinstance(out, pd.DataFrame) else pa.Table.from_pandas(out)
        assert table.column("n").to_pylist() == [10, 25, 15, 30, 35, 50, 30, 55, 85]
        assert table.column("status").to_pylist()[:2] == ["rounded", "rounded"]


def test_bad_counts_and_rules_raise_typed_errors_naming_the_field() -> None:
    frame = long_frame([[1, 2], [3, 4]])
    with pytest.raises(ArgumentError) as error:
        disclosure.protect(frame, rows="icb", columns="age", value="n", threshold=8)
    assert error.value.path == "threshold" and error.value.value == "8"
    with pytest.raises(ArgumentError) as error:
        disclosure.protect(frame, rows="icb", columns="age", value="n", threshold=300)
    assert error.value.path == "threshold"
    with pytest.raises(ArgumentError):
        disclosure.protect(frame, rows="icb", columns="age", value="n", round_to=0)
    with pytest.raises(ArgumentError):
        disclosure.protect(frame, rows="icb", columns="age", value="n", threshold=7.5)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError):
        disclosure.protect(frame, rows="icb", columns="nope", value="n")
    with pytest.raises(DataError) as error:
        disclosure.protect(frame.assign(n=[1, -2, 3, 4]), rows="icb", columns="age", value="n")
    assert error.value.path == "row 1.n"
    for bad in (float("nan"), float("inf"), 2.5, -0.5):
        with pytest.raises(DataError):
            disclosure.protect(
                frame.astype({"n": object}).assign(n=[1, bad, 3, 4]), rows="icb", columns="age", value="n"
            )
    with pytest.raises(ArgumentError, match="64 bits"):
        disclosure.protect(
            frame.assign(n=[2**63, 2**63, 1, 1]).astype({"n": "uint64"}), rows="icb", columns="age", value="n"
        )
    with pytest.raises(DataError, match="duplicate"):
        disclosure.protect(pd.concat([frame, frame.iloc[:1]]), rows="icb", columns="age", value="n")
    with pytest.raises(DataError, match="no count for this combination"):
        disclosure.protect(frame.iloc[:3], rows="icb", columns="age", value="n")
    empty = disclosure.protect(frame.iloc[:0], rows="icb", columns="age", value="n")
    assert len(empty) == 0 and "status" in empty.columns


def test_other_columns_are_kept_and_null_on_totals() -> None:
    frame = long_frame([[12, 23], [17, 31]]).assign(period="2025/26")
    out = disclosure.protect(frame, rows="icb", columns="age", value="n")
    assert out["period"].iloc[:4].tolist() == ["2025/26"] * 4
    assert out["period"].iloc[4:].isna().all()


def test_statistics_lose_count_value_and_limits_of_small_rows() -> None:
    df = pd.DataFrame({"area": ["A", "B", "C"], "num": [3, 42, 0], "den": [50, 90, 20]})
    result = stats.proportion(df, x="num", n="den", group_by="area", confidence=(0.95, 0.998), multiplier=100)
    out = disclosure.protect_statistics(result, count="num")
    assert out["disclosure"].tolist() == ["suppressed", "published", "published"]
    for name in ["num", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "method"]:
        assert pd.isna(out[name].iloc[0]), name
    assert out["num"].iloc[1] == 42
    assert out["value"].iloc[1] == result["value"].iloc[1]
    # Finding D20: rounded counts beside exact values give the counts back (value x den).
    with pytest.raises(ArgumentError, match="value times the denominator") as error:
        disclosure.protect_statistics(result, count="num", round_to=5)
    assert error.value.path == "round_to"
    counts_only = disclosure.protect_statistics(df, count="num", round_to=5, columns=[])
    assert counts_only["num"].tolist()[1:] == [40, 0] and counts_only["disclosure"].tolist()[1] == "rounded"
    assert out["den"].tolist() == [50, 90, 20]
    # Ungrouped results keep the input rows; the caller's count column is protected too.
    per_row = disclosure.protect_statistics(stats.rate(df, x="num", n="den"), count="num")
    assert per_row["num"].isna().tolist() == [True, False, False]
    assert per_row["area"].tolist() == ["A", "B", "C"]
    polars = disclosure.protect_statistics(pl.from_pandas(result), count="num")
    assert isinstance(polars, pl.DataFrame) and polars["value"].null_count() == 1
    with pytest.raises(DataError):
        disclosure.protect_statistics(df.assign(num=[-1, 2, 3]), count="num")


def test_explanations_hide_small_numerators_and_still_add_up() -> None:
    rows = ico.default_observations().to_pandas()
    pick = (rows["area_code"] == "E54000057") & (rows["period"] == "2026/27 Q4") & rows["numerator"].notna()
    metric = rows.loc[pick, "metric_id"].iloc[0]
    first = rows.index[pick][0]
    rows.loc[first, "numerator"] = 3
    rows.loc[first, "value"] = None
    card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(), rows)
    explanation = card.explain("QOP")
    safe = disclosure.protect_explanation(explanation)
    frame = safe.to_pandas()
    hidden = frame[frame["metric"] == metric]
    assert (hidden["disclosure"] == "suppressed").all() and hidden["observed"].isna().all()
    assert hidden["note"].str.contains("suppressed: numerator of 1 to 7").all()
    if frame["contribution"].notna().all():
        assert sum(frame["contribution"]) == explanation.overall
    else:
        assert safe.overall is None
    assert frame["process_mean"].isna().all() and frame["process_upl"].isna().all()
    assert "disclosure" not in explanation.to_pandas().columns
    with pytest.raises(ArgumentError):
        disclosure.protect_explanation(explanation, threshold=0)


cells_strategy = st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 5).flatmap(
        lambda columns: st.lists(
            st.lists(st.one_of(st.just(0), st.integers(1, 7), st.integers(8, 39)), min_size=columns, max_size=columns),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(cells=cells_strategy, threshold=st.integers(1, 7), zeros=st.booleans())
def test_no_hidden_count_is_recoverable_from_published_cells(
    cells: list[list[int]], threshold: int, zeros: bool
) -> None:
    rows, columns = len(cells), len(cells[0])
    out = disclosure.protect(
        long_frame(cells), rows="icb", columns="age", value="n", threshold=threshold, suppress_zeros=zeros
    )
    values = grid(out, rows, columns)
    truth = {(i, j): v for i, row in enumerate(cells) for j, v in enumerate(row)}
    truth |= {(i, columns): sum(row) for i, row in enumerate(cells)}
    truth |= {(rows, j): sum(row[j] for row in cells) for j in range(columns)}
    truth[(rows, columns)] = sum(map(sum, cells))
    small = lambda v: (v == 0 and zeros) or 1 <= v <= threshold  # noqa: E731
    for key, v in truth.items():
        if small(v):
            assert pd.isna(values[key]), key
        elif not pd.isna(values[key]):
            assert values[key] == v
    hidden = [k for k, v in values.items() if pd.isna(v)]
    assert not recoverable(rows, columns, hidden)
    if not zeros:
        assert not recoverable(rows, columns, hidden, [k for k in hidden if truth[k] == 0])


def test_a_total_label_that_is_also_a_row_label_is_refused() -> None:
    # Finding D21: two (Total, Total) rows with different values.
    frame = pd.DataFrame({"icb": ["Total", "Total", "B", "B"], "sex": ["F", "M", "F", "M"], "people": [10, 20, 30, 40]})
    with pytest.raises(ArgumentError, match="total=") as error:
        disclosure.protect(frame, rows="icb", columns="sex", value="people")
    assert error.value.path == "total"
    out = disclosure.protect(frame, rows="icb", columns="sex", value="people", total="All")
    assert (out["icb"] == "All").sum() == 1 + 2


def test_funnel_significance_goes_with_a_small_count() -> None:
    # Finding D20: the band of a hidden count placed it.
    df = pd.DataFrame({"num": [3, 6, 400], "den": [50, 1000, 1000]})
    banded = stats.funnel_significance(df, numerator="num", denominator="den", statistic="proportion")
    out = disclosure.protect_statistics(banded, count="num")
    assert out["significance"].isna().tolist() == [True, True, False]
    rates = disclosure.protect_statistics(
        stats.rate(pd.DataFrame({"x": [4, 40], "n": [1000, 1000]}), x="x", n="n"), count="x"
    )
    assert rates["method"].isna().tolist() == [True, False]


def test_an_explanation_withholds_a_partial_score_that_gives_the_value_back() -> None:
    # Finding D2: 5 of 7 on a partially credited target came back through the score and the
    # SPC process mean.
    national, local = ico.default_national_framework("2025/26"), ico.default_local_frameworks("2025/26")
    rows = ico.default_observations("2025/26").to_pandas()
    card = ico.score(national, local, rows)
    chosen = None
    for code in card.to_pandas()["code"]:
        explained = card.explain(code).to_pandas()
        partial = explained[(explained["score"] > 0) & (explained["score"] < 1)]
        if len(partial):
            chosen = code, partial["metric"].iloc[0]
            break
    assert chosen is not None
    code, metric = chosen
    pick = (rows["area_code"] == code) & (rows["metric_id"] == metric) & (rows["period"] == card.period)
    rows.loc[pick, ["value", "numerator", "denominator"]] = [None, 5, 7]
    explanation = ico.score(national, local, rows).explain(code)
    safe = disclosure.protect_explanation(explanation).to_pandas()
    row = safe[safe["metric"] == metric].iloc[0]
    assert row["disclosure"] == "suppressed"
    for name in ("observed", "published", "score", "contribution", "process_mean", "variation"):
        assert pd.isna(row[name]), name
    assert disclosure.protect_explanation(explanation).overall is None


def _milp_range(
    truth: dict[tuple[int, int], int],
    hidden: list[tuple[int, int]],
    rows: int,
    columns: int,
    zeros_known: bool,
    cell: tuple[int, int],
) -> tuple[float, float]:
    """The least and greatest value of ``cell`` over every table of whole counts consistent
    with what is published: the independent integer program of the audit (scipy's HiGHS)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    index = {k: n for n, k in enumerate(hidden)}
    lines = [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows + 1)] for j in range(columns + 1)]
    a, b = [], []
    for line in lines:
        margin = line[-1]
        coefficients = np.zeros(len(hidden))
        rhs = 0.0
        for k in line:
            sign = -1.0 if k == margin else 1.0
            if k in index:
                coefficients[index[k]] += sign
            else:
                rhs -= sign * truth[k]
        if coefficients.any():
            a.append(coefficients)
            b.append(rhs)
    lower = np.array([(0.0 if truth[k] == 0 else 1.0) if zeros_known else 0.0 for k in hidden])
    upper = np.array([0.0 if zeros_known and truth[k] == 0 else np.inf for k in hidden])
    constraints = LinearConstraint(np.array(a), b, b)
    objective = np.zeros(len(hidden))
    objective[index[cell]] = 1.0
    ends = []
    for sign in (1.0, -1.0):
        result = milp(
            sign * objective, constraints=constraints, integrality=np.ones(len(hidden)), bounds=Bounds(lower, upper)
        )
        ends.append(sign * result.fun if result.status == 0 else (np.inf if sign < 0 else -np.inf))
    return ends[0], ends[1]


def test_an_integer_programming_attack_pins_no_hidden_small_count() -> None:
    """The audit of findings D1: hundreds of random 2 x 2 to 5 x 5 tables with many small
    counts and zeros, attacked with an integer program over everything published (cells,
    totals, integrality, non-negativity, known zeros; the status says only "suppressed").
    No hidden small count may be pinned to one value."""
    import random

    pytest.importorskip("scipy")
    generator = random.Random(20261202)
    tables, small_counts = 0, 0
    for _ in range(200):
        rows, columns = generator.randint(2, 5), generator.randint(2, 5)
        cells = [
            [generator.choice([0, 0, 1, 1, 2, 3, 5, 7, 8, 12, 20, 45]) for _ in range(columns)] for _ in range(rows)
        ]
        for suppress_zeros in (False, True):
            out = disclosure.protect(
                long_frame(cells), rows="icb", columns="age", value="n", suppress_zeros=suppress_zeros, audit=True
            )
            values = grid(out, rows, columns)
            status = {k: s for k, s in zip(values, out["status"], strict=True)}
            truth = {(i, j): v for i, row in enumerate(cells) for j, v in enumerate(row)}
            truth |= {(i, columns): sum(row) for i, row in enumerate(cells)}
            truth |= {(rows, j): sum(row[j] for row in cells) for j in range(columns)}
            truth[(rows, columns)] = sum(map(sum, cells))
            hidden = [k for k, v in values.items() if pd.isna(v)]
            bounds = dict(zip(values, zip(out["lower"], out["upper"], strict=True), strict=True))
            for cell in hidden:
                if status[cell] != "primary_suppressed":
                    continue
                low, high = _milp_range(truth, hidden, rows, columns, not suppress_zeros, cell)
                assert low < high, f"{cells} (zeros suppressed: {suppress_zeros}): {cell} pinned to {low}"
                # The library's own audit range is the integer program's.
                lower, upper = bounds[cell]
                assert lower == low and (pd.isna(upper) if high == float("inf") else upper == high), (
                    cell,
                    bounds[cell],
                    low,
                    high,
                )
                small_counts += 1
            tables += 1
    assert tables == 400 and small_counts > 300


def test_status_labels_are_the_core_s() -> None:
    assert disclosure.STATUSES == ("published", "rounded", "suppressed")
    assert disclosure.AUDIT_STATUSES == ("published", "rounded", "primary_suppressed", "secondary_suppressed")
