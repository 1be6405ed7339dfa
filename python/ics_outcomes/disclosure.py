"""Statistical disclosure control for published counts (NHS convention: counts of 1 to 7 hidden).

Three functions apply one rule to three kinds of output, each returning the same kind it was
given (pandas, polars or pyarrow):

- :func:`protect`: a table of counts in long form (one row per cell). Row, column and grand
  totals are added, small counts hidden, and further cells hidden (secondary suppression)
  until no hidden small count can be narrowed to one value by a reader who knows every
  published cell and total, that counts are whole and not negative, and the zeros.
- :func:`protect_statistics`: the output of an :mod:`ics_outcomes.stats` function. Rows whose
  count is small lose the count and everything computed from it (value, limits, funnel
  significance, method); a ``disclosure`` column says which. These tables publish no total,
  so nothing else needs hiding.
- :func:`protect_explanation`: a scorecard :class:`~ics_outcomes.Explanation`. Targets whose
  numerator is small lose the observed and published value, the gap, the interval and the
  SPC verdict; a partial score (which would give the value back) is withheld with the
  overall score.

Every result is safe to publish as it is: its status column (:data:`STATUSES`) says only
``published``, ``rounded`` or ``suppressed``. Saying why a cell is hidden would say which
hidden cells are small, which with the totals can pin them, so that is kept for the analyst:
``protect(..., audit=True)`` adds the reasons and the range a reader could narrow each hidden
cell to (:data:`AUDIT_STATUSES`). Do not publish the audit view.

``threshold`` is the largest small count (1 to 7); ``round_to=5`` rounds published counts to
the nearest 5 (totals independently, as is usual); ``suppress_zeros=True`` hides zeros too.

Examples
--------
>>> import pandas as pd
>>> from ics_outcomes import disclosure
>>> counts = pd.DataFrame({"icb": ["A", "A", "B", "B"], "sex": ["F", "M", "F", "M"], "deaths": [3, 20, 15, 30]})
>>> out = disclosure.protect(counts, rows="icb", columns="sex", value="deaths")
>>> out["status"].head(4).tolist()
['suppressed', 'suppressed', 'suppressed', 'suppressed']
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np

from ics_outcomes import _core
from ics_outcomes._frames import FrameT, _require, keyword_columns
from ics_outcomes.exceptions import IcsOutcomesError
from ics_outcomes.stats import _argument, _Frame, _to_kind

__all__ = ["AUDIT_STATUSES", "STATUSES", "protect", "protect_explanation", "protect_statistics"]

_PUBLIC, _AUDIT = _core.disclosure_statuses()

#: What a published output says about a cell: ``published``, ``rounded`` or ``suppressed``.
STATUSES: tuple[str, ...] = tuple(_PUBLIC)

#: What the analyst's audit view says: why a cell is hidden. Not for publication.
AUDIT_STATUSES: tuple[str, ...] = tuple(_AUDIT)


def _rule(
    threshold: int, suppress_zeros: bool, secondary: bool, round_to: int | None
) -> tuple[int, bool, bool, int | None]:
    for name, number in (("threshold", threshold), ("round_to", round_to)):
        if number is not None and (isinstance(number, bool) or not isinstance(number, (int, np.integer))):
            raise _argument(name, number, f"{name} must be a whole number")
    return (int(threshold), bool(suppress_zeros), bool(secondary), None if round_to is None else int(round_to))


def _label_text(value: Any) -> str | None:
    """A label or count as the core reads it: its text (``True`` is no count), None when
    missing."""
    return None if value is None else str(value)


def _data_error(path: str, value: Any, problem: str) -> IcsOutcomesError:
    """The core's ``DataError`` about counts in the caller's frame."""
    return _core._error("DataError", path, str(value), problem, "counts", "<frame>")


@keyword_columns("rows", "columns", "value")
def protect(
    data: FrameT,
    *,
    rows: str,
    columns: str,
    value: str,
    threshold: int = 7,
    secondary: bool = True,
    round_to: int | None = None,
    suppress_zeros: bool = False,
    total: str = "Total",
    audit: bool = False,
) -> FrameT:
    """A long table of counts, with its totals, ready to publish.

    Every combination of ``rows`` and ``columns`` needs exactly one non-negative whole count (a
    missing combination, a duplicate, a null or a fraction is a
    :class:`~ics_outcomes.exceptions.DataError` naming the row), and no label may equal
    ``total``. The result keeps the input rows in order, with ``value`` null where hidden, and
    appends the row totals, column totals and grand total (labelled ``total``; label columns
    become text); other columns are kept, null on the total rows. ``status`` says whether
    each cell is published, rounded or suppressed.

    With ``audit=True`` (for the analyst, never for publication) ``status`` says why
    (:data:`AUDIT_STATUSES`), ``reason`` which cell a secondary suppression protects, and
    ``lower``/``upper`` the range a reader can narrow each hidden cell to (``upper`` null when
    nothing bounds it).

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import disclosure
    >>> counts = pd.DataFrame({"icb": ["A", "A", "B", "B"], "sex": ["F", "M", "F", "M"], "deaths": [3, 20, 15, 30]})
    >>> out = disclosure.protect(counts, rows="icb", columns="sex", value="deaths")
    >>> out.tail(5).values.tolist()                  # the totals are published; every cell is hidden
    [['A', 'Total', 23.0, 'published'], ['B', 'Total', 45.0, 'published'],
     ['Total', 'F', 18.0, 'published'], ['Total', 'M', 50.0, 'published'],
     ['Total', 'Total', 68.0, 'published']]
    >>> audit = disclosure.protect(counts, rows="icb", columns="sex", value="deaths", audit=True)
    >>> audit["status"].head(4).tolist()             # why: for the analyst, not for publication
    ['primary_suppressed', 'secondary_suppressed', 'secondary_suppressed', 'secondary_suppressed']
    """
    pa = _require("pyarrow", "arrow")
    pc = _require("pyarrow.compute", "arrow")
    frame = _Frame(data, None)
    row_labels, column_labels, counts = (
        [_label_text(v) for v in frame.column(n).to_pylist()] for n in (rows, columns, value)
    )
    protected = _core.disclosure_protect_long(
        row_labels,
        column_labels,
        counts,
        [rows, columns, value],
        total,
        _rule(threshold, suppress_zeros, secondary, round_to),
    ).to_arrow()
    # The core's table holds each input row's cell, in input order, then the totals; its
    # value, status (the audit's with audit=True) and audit columns join the caller's.
    added = {value: "value", "status": "audit_status" if audit else "status"}
    added |= {name: name for name in (["reason", "lower", "upper"] if audit else [])}
    totals = pc.is_null(protected.column("input_row"))
    cells, margins = protected.filter(pc.invert(totals)), protected.filter(totals)
    body = frame.table
    for name in (rows, columns):
        if not pa.types.is_string(body.column(name).type):
            body = body.set_column(body.column_names.index(name), name, body.column(name).cast(pa.string()))
    for name, source in added.items():
        if name in body.column_names:
            body = body.set_column(body.column_names.index(name), name, cells.column(source))
        else:
            body = body.append_column(name, cells.column(source))
    given = {rows: "row", columns: "column", **added}
    tail = pa.table(
        {
            f.name: margins.column(given[f.name]) if f.name in given else pa.nulls(margins.num_rows, f.type)
            for f in body.schema
        },
        schema=body.schema,
    )
    return cast("FrameT", _to_kind(pa.concat_tables([body, tail]), frame.kind))


@keyword_columns("count")
def protect_statistics(
    data: FrameT,
    *,
    count: str,
    threshold: int = 7,
    round_to: int | None = None,
    suppress_zeros: bool = False,
    columns: list[str] | None = None,
) -> FrameT:
    """The output of a :mod:`ics_outcomes.stats` function, ready to publish.

    In each row whose ``count`` (the numerator: events, deaths, observed) is small, the count
    and the columns computed from it (``columns``; by default the package's ``value``,
    ``lowercl``/``uppercl``, ``lower95_0cl`` ... ``upper99_8cl``, ``significance`` and
    ``method``) become null. ``round_to`` rounds published counts, and is refused while such
    columns are kept (value times denominator would give the exact count back). A ``disclosure``
    column gives each row's status (:data:`STATUSES`).

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import disclosure, stats
    >>> df = pd.DataFrame({"area": ["A", "B"], "num": [3, 40], "den": [50, 90]})
    >>> out = disclosure.protect_statistics(stats.proportion(df, x="num", n="den", group_by="area"), count="num")
    >>> out["disclosure"].tolist(), out["value"].isna().tolist()
    (['suppressed', 'published'], [True, False])
    """
    pa = _require("pyarrow", "arrow")
    pc = _require("pyarrow.compute", "arrow")
    rule = _rule(threshold, suppress_zeros, False, round_to)
    frame = _Frame(data, None)
    names = frame.table.column_names
    derived = _core.disclosure_derived_columns(names) if columns is None else list(columns)
    for name in derived:
        frame.column(name)
    published, status = _core.disclosure_rows(frame.floats(count), count, rule, derived)
    table = frame.table
    hidden = pa.array([s == STATUSES[-1] for s in status], pa.bool_())
    original = table.column(count).type
    counts = pa.array(published, pa.float64(), mask=np.isnan(published))
    if pa.types.is_integer(original):
        # Rounding can carry a count past a narrow type (127 to 130 in int8).
        counts = counts.cast(pa.int64())
    table = table.set_column(names.index(count), count, counts)
    for name in derived:
        column = table.column(name)
        table = table.set_column(names.index(name), name, pc.if_else(hidden, pa.nulls(len(table), column.type), column))
    if "disclosure" in names:
        table = table.drop_columns(["disclosure"])
    table = table.append_column("disclosure", pa.array(status, pa.string()))
    return cast("FrameT", _to_kind(table, frame.kind, frame.index))


def protect_explanation(
    explanation: _core.Explanation,
    *,
    threshold: int = 7,
    round_to: int | None = None,
    suppress_zeros: bool = False,
) -> _core.Explanation:
    """A scorecard explanation with what small numerators would reveal hidden.

    Targets whose observation's numerator is small lose ``observed``, ``published``, ``gap``,
    the interval (``lowercl``, ``uppercl``, ``england``, ``vs_england``) and the SPC verdict,
    with a ``note``. A score of 0 or 1 stays (it says only which side of the requirement the
    value lies); a partial score would give the value back, so it is withheld (null) with its
    contribution and the overall score. No target keeps its SPC process mean or limits (they
    are computed over history that may hold values hidden elsewhere). The result is an
    :class:`~ics_outcomes.Explanation` with a ``disclosure`` column (:data:`STATUSES`).

    Examples
    --------
    >>> import ics_outcomes as ico
    >>> from ics_outcomes import disclosure
    >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())
    >>> safe = disclosure.protect_explanation(card.explain("QOP"))
    >>> type(safe).__name__, safe.to_pandas()["disclosure"].unique().tolist()
    ('Explanation', ['published'])
    """
    return _core.disclosure_explanation(explanation, _rule(threshold, suppress_zeros, True, round_to))
