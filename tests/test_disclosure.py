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
    out = disclosure.protect(long_frame(cells), rows="icb", columns="age", value="n")
    assert len(out) == 9 + 3 + 4
    status = dict(zip(zip(out["icb"], out["age"], strict=True), out["status"], strict=True))
    assert status[("R0", "C0")] == "primary_suppressed"
    assert [status[k] for k in [("R0", "C1"), ("R1", "C0"), ("R1", "C1")]] == ["secondary_suppressed"] * 3
    assert status[("Total", "Total")] == "published"
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
    result = stats.proportion(df, "num", "den", group_by="area", confidence=(0.95, 0.998), multiplier=100)
    out = disclosure.protect_statistics(result, "num", round_to=5)
    assert out["disclosure"].tolist() == ["primary_suppressed", "rounded", "published"]
    for name in ["num", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]:
        assert pd.isna(out[name].iloc[0]), name
    assert out["num"].iloc[1] == 40
    assert out["value"].iloc[1] == result["value"].iloc[1]
    assert out["den"].tolist() == [50, 90, 20]
    # Ungrouped results keep the input rows; the caller's count column is protected too.
    per_row = disclosure.protect_statistics(stats.rate(df, "num", "den"), "num")
    assert per_row["num"].isna().tolist() == [True, False, False]
    assert per_row["area"].tolist() == ["A", "B", "C"]
    polars = disclosure.protect_statistics(pl.from_pandas(result), "num")
    assert isinstance(polars, pl.DataFrame) and polars["value"].null_count() == 1
    with pytest.raises(DataError):
        disclosure.protect_statistics(df.assign(num=[-1, 2, 3]), "num")


def test_explanations_hide_small_numerators_and_still_add_up() -> None:
    rows = ico.default_observations().to_pandas()
    pick = (rows["area_code"] == "E54000057") & (rows["period"] == "2025/26 Q4") & rows["numerator"].notna()
    metric = rows.loc[pick, "metric_id"].iloc[0]
    first = rows.index[pick][0]
    rows.loc[first, "numerator"] = 3
    rows.loc[first, "value"] = None
    card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(), rows)
    explanation = card.explain("QOP")
    safe = disclosure.protect_explanation(explanation)
    frame = safe.to_pandas()
    hidden = frame[frame["metric"] == metric]
    assert (hidden["disclosure"] == "primary_suppressed").all() and hidden["observed"].isna().all()
    assert hidden["note"].str.contains("suppressed: numerator of 1 to 7").all()
    assert sum(frame["contribution"]) == explanation.overall
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
