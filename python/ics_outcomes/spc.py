"""Making Data Count: XmR (statistical process control) charts with NHS England's rules.

:func:`xmr` charts one series or one per group, exactly as the R package NHSRplotthedots
0.2.2 does (the centre line and moving-range means are correctly rounded, so every label
matches the package bit for bit): the mean, process limits (``lpl``, ``upl``) at 2.66 mean
moving ranges, near limits (``nlpl``, ``nupl``), the four special-cause rules in the
package's precedence, the point type under the improvement direction, and per series the
assurance against a target and the variation and assurance icons.

>>> import pandas as pd
>>> from ics_outcomes import spc
>>> seen = [74, 76, 75, 77, 74, 76, 75, 77, 74, 76, 75, 77, 75, 60]
>>> df = pd.DataFrame({"month": pd.period_range("2024-04", periods=14, freq="M").to_timestamp(), "pct": seen})
>>> chart = spc.xmr(df, value="pct", date="month", improvement="increase", target=78)
>>> chart["point_type"].iloc[-1], chart["assurance"].iloc[-1]
('special_cause_concern', 'inconsistent')

:func:`summary` reads every series at its last date, one row each: the icons, the rule that
flagged the last point and every flagged point, limits, trial limits and the latest values,
with assurance against a ``trajectory`` column judged against each date's plan.

>>> spc.summary(df, value="pct", date="month", target=78)[["variation", "assurance", "special_cause"]].iloc[0].tolist()
['concern_low', 'inconsistent', 'Below LCL']

:func:`trajectory` gives each period's gap to a planned trajectory and whether it is on track;
:func:`run_rate` fits the current run rate and says how many periods from the last one it
would take to meet a target.

>>> df["plan"] = [74 + 0.3 * i for i in range(14)]
>>> spc.trajectory(df, value="pct", date="month", trajectory="plan")["on_track"].tolist()[5:8]
[True, False, True]
>>> rate = spc.run_rate(df.iloc[:12], value="pct", date="month", target=78)
>>> round(float(rate["slope"][0]), 4), int(rate["periods_to_target"][0])     # 78% in 25 more months at this rate
(0.0839, 25)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any, cast

import numpy as np

from ics_outcomes import _core
from ics_outcomes._frames import FrameT, _require
from ics_outcomes.options import Improvement
from ics_outcomes.stats import _argument, _Frame, _number

__all__ = ["run_rate", "summary", "trajectory", "xmr"]

_SORTABLE_TEXT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|/\d{2}( Q[1-4])?)$")


def _date_ordinals(frame: _Frame, date: str) -> np.ndarray:
    pa = _require("pyarrow", "arrow")
    pc = _require("pyarrow.compute", "arrow")
    column = frame.column(date).combine_chunks()
    if column.null_count:
        row = column.is_null().to_pylist().index(True)
        raise _argument(date, f"row {row}", f"field {date} must not have missing dates")
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        # Text sorts as text: only ISO dates and NHS periods sort in time order.
        bad = next((v for v in column.to_pylist() if not _SORTABLE_TEXT.match(v)), None)
        if bad is not None:
            raise _argument(
                date,
                bad,
                "dates as text must be ISO (2024-04, 2024-04-01) or NHS periods (2025/26, 2025/26 Q1); "
                "convert the column to a date type",
            )
    elif not (
        pa.types.is_temporal(column.type) or pa.types.is_integer(column.type) or pa.types.is_floating(column.type)
    ):
        raise _argument(date, str(column.type), "dates must be dates, numbers or ISO text")
    ranks = pc.rank(column, sort_keys="ascending", tiebreaker="dense")
    return np.ascontiguousarray(ranks.to_numpy(zero_copy_only=False), dtype=np.int64)


def _rebase_flags(frame: _Frame, date: str, rebase: str | Sequence[Any] | None) -> np.ndarray | None:
    if rebase is None:
        return None
    if isinstance(rebase, str):
        return np.asarray(frame.flags(rebase), dtype=bool)
    pa = _require("pyarrow", "arrow")
    pc = _require("pyarrow.compute", "arrow")
    column = frame.column(date)
    try:
        wanted = pa.array(list(rebase)).cast(column.type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
        raise _argument("rebase", list(rebase), f"dates of the type of {date} ({column.type}): {error}") from None
    missing = pc.filter(wanted, pc.invert(pc.is_in(wanted, value_set=column.combine_chunks())))
    if len(missing):
        raise _argument("rebase", missing.to_pylist(), f"not among the dates in {date}")
    return np.ascontiguousarray(pc.is_in(column, value_set=wanted).to_numpy(zero_copy_only=False), dtype=bool)


def xmr(
    data: FrameT,
    *,
    value: str,
    date: str,
    improvement: Improvement = "increase",
    target: float | str | None = None,
    rebase: str | Sequence[Any] | None = None,
    screen_outliers: bool = True,
    fix_after_n_points: int | None = None,
    group_by: str | Sequence[str] | None = None,
) -> FrameT:
    """XmR charts of ``value`` over ``date``, one per group of ``group_by``.

    Takes a pandas, polars or pyarrow frame (anything that exports Arrow) and returns the same
    kind, sorted by group and date, with the input columns and, per point: ``mean``, ``lpl``,
    ``upl``, ``nlpl``, ``nupl``, ``amr``, ``relative_to_mean``, ``close_to_limits``,
    ``outside_limits``, ``special_cause``, ``point_type``, ``rebase_group`` and
    ``short_group_warning``; per series (repeated on its rows): ``assurance``,
    ``variation_icon`` and ``assurance_icon``.

    ``improvement`` is ``"increase"``, ``"decrease"`` or ``"neutral"``. ``target`` is a
    number, or the name of a column whose value at each series' last date is its target.
    ``rebase`` is the name of a boolean column (a new segment starts at true rows) or a list of
    dates. ``screen_outliers=False`` reproduces NHS England's Excel tools.
    ``fix_after_n_points`` (12 or more) fixes the limits on the first points of each segment.

    Missing values are refused (:class:`~ics_outcomes.exceptions.DataError` naming the row):
    drop or fill the period first. Limits that the package gives as NaN (a constant series
    after screening, a one-point segment) are null.
    """
    frame = _Frame(data, group_by)
    values = frame.floats(value)
    dates = _date_ordinals(frame, date)
    codes, _ = frame.codes()
    targets = frame.floats(target) if isinstance(target, str) else None
    flags = _rebase_flags(frame, date, rebase)
    charts = _core.spc_xmr(
        values,
        value,
        dates,
        date,
        codes,
        flags,
        targets,
        improvement=improvement,
        target=None if target is None or isinstance(target, str) else _number("target", target),
        screen_outliers=bool(screen_outliers),
        fix_after_n_points=fix_after_n_points,
    )
    order = charts.column("row").to_numpy()
    return cast("FrameT", frame.attach(charts.drop_columns(["row"]), [], per_row=True, rows=order))


def summary(
    data: FrameT,
    *,
    value: str,
    date: str,
    improvement: Improvement = "increase",
    target: float | str | None = None,
    trajectory: str | None = None,
    screen_outliers: bool = True,
    fix_after_n_points: int | None = None,
    group_by: str | Sequence[str] | None = None,
) -> FrameT:
    """Icons as data: one row per series (per group of ``group_by``), read at its last date.

    Returns the kind of frame given, with the group keys and: ``date`` and ``value`` at the
    last date, ``target``, ``trajectory`` (the last date's planned value), ``variation`` and
    ``assurance`` (against the target), ``special_cause`` (the rule flagging the last point),
    ``signals`` (every flagged point with its rule), ``process_mean``, ``process_lpl`` and
    ``process_upl`` of the last point's segment, ``spc_points``, ``trial_limits``, ``recent``
    (the last six values, a list), ``trajectory_assurance`` (the last point's limits against
    the last date's plan: a target that changes over time is judged period by period) and
    ``notes``. Arguments are :func:`xmr`'s; ``trajectory`` names a column of planned values.
    Values show as decimals by their shortest text, limits to 6 places.
    """
    frame = _Frame(data, group_by)
    dates = _date_ordinals(frame, date)
    codes, _ = frame.codes()
    keys = frame.group_keys()
    group_labels = [" / ".join(str(v) for v in row.values()) for row in keys.to_pylist()] if keys is not None else []
    table = _core.spc_summary(
        frame.floats(value),
        value,
        dates,
        date,
        [_date_text(v) for v in _column_values(frame, date)],
        codes,
        group_labels,
        frame.floats(target) if isinstance(target, str) else None,
        frame.floats(trajectory) if trajectory is not None else None,
        improvement=improvement,
        target=None if target is None or isinstance(target, str) else _number("target", target),
        screen_outliers=bool(screen_outliers),
        fix_after_n_points=fix_after_n_points,
    ).to_arrow()
    # The group keys come back as the caller's own columns.
    return cast("FrameT", frame.attach(table.drop_columns(["group"]), []))


def _column_values(frame: _Frame, name: str) -> list[Any]:
    values: list[Any] = frame.column(name).to_pylist()
    return values


def _date_text(value: Any) -> str:
    """A date as summaries show it: ISO dates, and a timestamp at midnight as its date."""
    if hasattr(value, "hour") and (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
        return str(value.date().isoformat())
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _series(frame: _Frame, date: str) -> list[np.ndarray]:
    """Each series' rows in date order, series in group order, as the core orders them (a
    repeated date is the core's DataError naming the row)."""
    codes, _ = frame.codes()
    order, offsets = _core.spc_series(_date_ordinals(frame, date), date, codes)
    rows = np.asarray(order, dtype=np.int64)
    return [rows[start:end] for start, end in itertools.pairwise(offsets)]


def trajectory(
    data: FrameT,
    *,
    value: str,
    date: str,
    trajectory: str,
    improvement: Improvement = "increase",
    group_by: str | Sequence[str] | None = None,
) -> FrameT:
    """Each period's ``gap`` (value less the ``trajectory`` column's planned value) and
    ``on_track`` (at or beyond the plan in the better direction; null for ``neutral`` or a
    missing plan), sorted by group and date, in the kind of frame given."""
    pa = _require("pyarrow", "arrow")
    frame = _Frame(data, group_by)
    values, planned = frame.floats(value), frame.floats(trajectory)
    rows: list[np.ndarray] = []
    gaps: list[np.ndarray] = []
    on_track: list[bool | None] = []
    for series in _series(frame, date):
        gap, track = _core.spc_trajectory_gaps(values[series], planned[series], improvement)
        rows.append(series)
        gaps.append(gap)
        on_track.extend(track)
    result = pa.table({"gap": np.concatenate(gaps), "on_track": pa.array(on_track, type=pa.bool_())})
    return cast("FrameT", frame.attach(result, [], per_row=True, rows=np.concatenate(rows)))


def run_rate(
    data: FrameT,
    *,
    value: str,
    date: str,
    target: float,
    improvement: Improvement = "increase",
    since: Any = None,
    group_by: str | Sequence[str] | None = None,
) -> FrameT:
    """The run rate of each series: the least-squares ``slope`` per period over the points
    from ``since`` (a date; by default all), its ``intercept`` at the first point, and
    ``periods_to_target``, the periods after the last one until the fitted line meets
    ``target`` (0 when it already does; null when it never would). One row per group."""
    pa = _require("pyarrow", "arrow")
    frame = _Frame(data, group_by)
    values = frame.floats(value)
    dates = frame.column(date).to_pylist()
    out: dict[str, list[Any]] = {"points": [], "slope": [], "intercept": [], "periods_to_target": []}
    for series in _series(frame, date):
        try:
            start = 0 if since is None else sum(1 for i in series if dates[i] < since)
        except (TypeError, ArithmeticError):
            # Not comparable with the dates (text against numbers, a decimal NaN).
            raise _argument("since", since, f"must compare with the values of {date}") from None
        if isinstance(target, str) or not np.isfinite(_number("target", target)):
            raise _argument("target", target, "a finite number is needed")
        points, slope, intercept, meets = _core.spc_run_rate(
            values[series], start, _number("target", target), improvement
        )
        out["points"].append(points)
        out["slope"].append(slope)
        out["intercept"].append(intercept)
        out["periods_to_target"].append(None if meets is None else meets - (len(series) - 1))
    result = pa.table(
        out,
        schema=pa.schema(
            [
                ("points", pa.int64()),
                ("slope", pa.float64()),
                ("intercept", pa.float64()),
                ("periods_to_target", pa.int64()),
            ]
        ),
    )
    return cast("FrameT", frame.attach(result, []))
