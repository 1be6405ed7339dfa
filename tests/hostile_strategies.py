"""Hypothesis strategies of hostile arguments, for tests/test_hostile.py.

Every strategy draws :class:`Hostile` values: the argument itself, and which exceptions
other than the library's own (``IcsOutcomesError``) it may fairly raise. A value of the wrong
Python type may raise ``TypeError``; a ``str`` that is not valid Unicode (a lone surrogate)
may raise ``UnicodeEncodeError``, as Python's own APIs do. Everything else must succeed or
raise an ``ics_outcomes`` exception.

Frames are drawn from a small valid *spec* (column name to values) and then broken: no rows,
a column missing, renamed or added, a cell replaced by NaN, infinity, a huge or negative
number, garbage text or null, rows duplicated, columns of mismatched length, numbers as text;
then built as a dict of lists, a pandas, polars or pyarrow frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
from hypothesis import strategies as st

NAN = float("nan")
INF = float("inf")


@dataclass(frozen=True)
class Hostile:
    """One hostile argument and the non-library exceptions it may raise."""

    value: Any
    allowed: tuple[type[BaseException], ...] = ()
    label: str = ""

    def __repr__(self) -> str:
        text = self.label or _short(self.value)
        return f"{text}{' (wrong type)' if TypeError in self.allowed else ''}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 200 else text[:200] + "..."


class NoProtocol:
    """An object with no protocol at all: not a frame, number, string or sequence."""

    def __repr__(self) -> str:
        return "NoProtocol()"


class BadArrow:
    """Claims the Arrow stream protocol, then fails to produce one."""

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return "not a capsule"

    def __repr__(self) -> str:
        return "BadArrow()"


def wrong(*values: Any) -> st.SearchStrategy[Hostile]:
    """Values of the wrong type: ``TypeError`` is a fair answer."""
    return st.sampled_from([Hostile(v, (TypeError,)) for v in values])


def fine(*values: Any) -> st.SearchStrategy[Hostile]:
    """Values of the right type (however odd): only library exceptions are fair."""
    return st.sampled_from([Hostile(v) for v in values])


def _lift(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Hostile]:
    return strategy.map(Hostile)


# --- scalars ---------------------------------------------------------------------------------

HUGE_INTS = (10**40, -(10**40), 2**63, 2**64, -(2**63) - 1, -1, 0)
COUNT_EDGES = (*HUGE_INTS, 2**63 - 1, 2**40)
ODD_FLOATS = (NAN, INF, -INF, 1e308, -1e308, 5e-324, -0.0, 0.0, -1.0)
ODD_DECIMALS = (
    Decimal("1e30000"),
    Decimal("-1e30000"),
    Decimal("1e-30000"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    Decimal("79228162514264337593543950336"),  # one past rust_decimal's largest mantissa
    Decimal("-0.00000000000000000000000000001"),
)
GARBAGE = (
    "",
    " ",
    "\x00",
    "💥💥",
    "NaN",
    "inf",
    "-1",
    "1e400",
    "E54000057\n",
    "Ω≈ç√∫",
    "a" * 5000,
    "'; DROP TABLE areas; --",
    "2025/26 Q9",
    "../../etc/passwd",
)
SURROGATE = Hostile("bad\ud800text", (UnicodeEncodeError,), "lone surrogate")
WRONG_COMMON = (None, b"bytes", NoProtocol(), object, [1, "a", None], {"a": 1})


def text(*valid: str) -> st.SearchStrategy[Hostile]:
    """An id, name or code: garbage Unicode, or a wrong type."""
    return st.one_of(
        fine(*GARBAGE, *valid),
        _lift(st.text(max_size=12)),
        st.just(SURROGATE),
        wrong(1, 1.5, NAN, *WRONG_COMMON),
    )


def choice(*valid: str) -> st.SearchStrategy[Hostile]:
    """One of a few named options (``type="full"``, ``improvement="increase"``)."""
    return st.one_of(fine(*valid, *(v.upper() for v in valid)), text())


def number() -> st.SearchStrategy[Hostile]:
    """A float argument: NaN, infinities, huge and tiny, huge ints and decimals."""
    return st.one_of(
        fine(*ODD_FLOATS, *HUGE_INTS, *ODD_DECIMALS),
        _lift(st.floats(allow_nan=True, allow_infinity=True)),
        wrong("1", "x", *WRONG_COMMON, [0.5]),
    )


def integer() -> st.SearchStrategy[Hostile]:
    """A whole-number argument (counts, seeds, places)."""
    return st.one_of(
        fine(*HUGE_INTS),
        _lift(st.integers(min_value=-(2**70), max_value=2**70)),
        wrong(1.5, NAN, INF, "3", *WRONG_COMMON),
    )


def count() -> st.SearchStrategy[Hostile]:
    """A count that sizes work (replications, quantiles, bootstrap resamples): beyond 64
    bits, at the edge of it, negative, zero. Large counts that fit in memory are legitimate
    (slow) work, not hostile input, and are not drawn."""
    return st.one_of(fine(*COUNT_EDGES), wrong(1.5, NAN, INF, "3", *WRONG_COMMON))


def decimal() -> st.SearchStrategy[Hostile]:
    """An exact-decimal argument (a target value, money, a cut point)."""
    return st.one_of(
        fine(*ODD_DECIMALS, *HUGE_INTS, "1e30000", "NaN", "-inf", "1" * 40, ".", "1.2.3", ""),
        wrong(NAN, INF, 1.5, None, b"1", NoProtocol(), [1]),
    )


def flag() -> st.SearchStrategy[Hostile]:
    """A boolean argument."""
    return st.one_of(fine(True, False), wrong(None, "yes", 2, NAN, NoProtocol(), [True]))


def numbers(length: int = 3) -> st.SearchStrategy[Hostile]:
    """A sequence of numbers: odd values, empty, ragged, text and nulls."""
    odd = st.lists(st.sampled_from([*ODD_FLOATS, *HUGE_INTS, 1.0, 2.0]), max_size=length + 2)
    return st.one_of(
        odd.map(Hostile),
        fine([]),
        wrong("abc", 5, None, NoProtocol(), {"a": 1.0}, ["x", None, 1], [[1.0, 2.0], [3.0]]),
    )


def texts() -> st.SearchStrategy[Hostile]:
    """A sequence of ids: garbage, duplicates, empty."""
    return st.one_of(
        st.lists(st.sampled_from(GARBAGE), max_size=4).map(Hostile),
        fine([], ["a", "a"]),
        wrong("abc", 5, None, NoProtocol(), [1, None], {"a": "b"}),
    )


def objects() -> st.SearchStrategy[Hostile]:
    """A sequence of library objects (metrics, targets, frameworks): items of the wrong type."""
    return st.one_of(fine([]), wrong("abc", None, ["a", "a"], [1, None], [NoProtocol()], {"a": "b"}))


def mapping(
    keys: Sequence[str] = ("a",),
    values: st.SearchStrategy[Any] | None = None,
    types: tuple[type, ...] = (str,),
) -> st.SearchStrategy[Hostile]:
    """A mapping argument: garbage keys and values, empty, or not a mapping. A value not of
    ``types`` (what the argument maps to) is a wrong type."""
    vals = values if values is not None else st.sampled_from([None, NAN, INF, 10**40, -1, "x", "", [1], {}])
    key = st.sampled_from([*keys, *GARBAGE[:6]])

    def lift(d: dict[str, Any]) -> Hostile:
        odd = any(not isinstance(v, types) or isinstance(v, bool) for v in d.values())
        return Hostile(d, (TypeError,) if odd else ())

    return st.one_of(
        st.dictionaries(key, vals, max_size=3).map(lift),
        wrong("abc", 5, [("a", 1)], NoProtocol(), b"x"),
    )


def anything() -> st.SearchStrategy[Hostile]:
    """An argument where any object is fair game; only wrong types."""
    return wrong(None, 0, NAN, "x", b"x", NoProtocol(), [1], {"a": 1}, BadArrow())


# --- frames ----------------------------------------------------------------------------------

Spec = Mapping[str, Sequence[Any]]


@dataclass(frozen=True)
class FrameSpec:
    """A small valid frame: its columns, and which of them are numeric."""

    columns: dict[str, list[Any]]
    numeric: frozenset[str] = field(default_factory=frozenset)

    @property
    def names(self) -> list[str]:
        return list(self.columns)


def _cell_values(numeric: bool) -> st.SearchStrategy[Any]:
    if numeric:
        return st.sampled_from([*ODD_FLOATS, *HUGE_INTS, None, "12", "x"])
    return st.one_of(st.sampled_from([*GARBAGE[:10], None, 1, 1.5, NAN, True]), st.text(max_size=6))


@st.composite
def _broken(draw: Callable[..., Any], spec: FrameSpec) -> tuple[str, dict[str, list[Any]], bool]:
    """A broken copy of the spec's columns, what was broken, and whether lengths differ."""
    columns = {k: list(v) for k, v in spec.columns.items()}
    names = list(columns)
    rows = len(next(iter(columns.values()), []))
    how = draw(
        st.sampled_from(
            ["valid", "empty", "drop", "rename", "extra", "cell", "cells", "duplicate", "ragged", "as_text", "no_cols"]
        )
    )
    if how == "empty":
        columns = {k: [] for k in names}
    elif how == "drop" and names:
        columns.pop(draw(st.sampled_from(names)))
    elif how == "rename" and names:
        old = draw(st.sampled_from(names))
        columns[old + draw(st.sampled_from(["_x", " ", "\x00", "💥"]))] = columns.pop(old)
    elif how == "extra":
        columns[draw(st.sampled_from(["extra", "💥", "", "__index_level_0__"]))] = [
            draw(_cell_values(False)) for _ in range(rows)
        ]
    elif how in ("cell", "cells") and names and rows:
        for _ in range(1 if how == "cell" else draw(st.integers(2, 4))):
            name = draw(st.sampled_from(names))
            columns[name][draw(st.integers(0, rows - 1))] = draw(_cell_values(name in spec.numeric))
    elif how == "duplicate":
        columns = {k: v + v for k, v in columns.items()}
    elif how == "ragged" and names:
        name = draw(st.sampled_from(names))
        columns[name] = columns[name][: max(rows - 1, 0)] if rows else [1]
    elif how == "as_text" and spec.numeric:
        name = draw(st.sampled_from(sorted(spec.numeric)))
        columns[name] = [str(v) for v in columns[name]]
    elif how == "no_cols":
        columns = {}
    ragged = len({len(v) for v in columns.values()}) > 1
    return how, columns, ragged


def _build(kind: str, columns: dict[str, list[Any]]) -> Any:
    if kind == "pandas":
        return pd.DataFrame(columns)
    if kind == "polars":
        return pl.DataFrame(columns, strict=False)
    if kind == "pyarrow":
        return pa.table(columns)
    return columns


@st.composite
def _frame(draw: Callable[..., Any], spec: FrameSpec, kinds: Sequence[str]) -> Hostile:
    how, columns, ragged = draw(_broken(spec))
    kind = "dict" if ragged else draw(st.sampled_from(list(kinds)))
    try:
        built = _build(kind, columns)
    except Exception:
        # The frame library refuses these columns itself; pass them as a dict of lists.
        kind, built = "dict", columns
    return Hostile(built, (), f"{how} {kind} frame {_short(columns)}")


def frame(
    spec: FrameSpec, kinds: Sequence[str] = ("dict", "pandas", "polars", "pyarrow")
) -> st.SearchStrategy[Hostile]:
    """A frame broken in one way, of one kind, or an object that is no frame at all."""
    return st.one_of(_frame(spec, kinds), anything())


def frame_edges(spec: FrameSpec) -> list[Hostile]:
    """Broken frames every frame argument is tried with, not left to chance: each numeric
    column's first cell beyond 64 bits, NaN, text or null, as a dict and as pandas; no rows;
    no columns."""
    edges = [Hostile({k: [] for k in spec.columns}, (), "no rows"), Hostile({}, (), "no columns")]
    for name in sorted(spec.numeric):
        for value in (10**40, NAN, "x", None):
            columns = {k: list(v) for k, v in spec.columns.items()}
            if columns[name]:
                columns[name][0] = value
            for kind in ("dict", "pandas"):
                try:
                    built = _build(kind, columns)
                except Exception:
                    continue
                edges.append(Hostile(built, (), f"{kind} frame with {name}[0] = {value!r}"))
    return edges


def build(spec: FrameSpec, kind: str = "pandas") -> Any:
    """The spec's valid frame."""
    return _build(kind, {k: list(v) for k, v in spec.columns.items()})


def finite(value: Any) -> bool:
    return not isinstance(value, float) or math.isfinite(value)
