"""Making Data Count: XmR (statistical process control) charts with NHS England's rules.

:func:`xmr` charts one series or one per group, exactly as the R package NHSRplotthedots
0.2.2 does (the centre line and moving-range means are correctly rounded, so every label
matches the package bit for bit): the mean, process limits (``lpl``, ``upl``) at 2.66 mean
moving ranges, near limits (``nlpl``, ``nupl``), the four special-cause rules in the
package's precedence, the point type under the improvement direction, and per series the
assurance against a target and the variation and assurance icons.

:func:`summary` reads every series at its last date, one row each: the icons, the rule that
flagged the last point and every flagged point, limits, trial limits and the latest values,
with assurance against a ``trajectory`` column judged against each date's plan.

:func:`trajectory` gives each period's gap to a planned trajectory and whether it is on track;
:func:`run_rate` fits the current run rate and says how many periods from the last one it
would take to meet a target.

Examples
--------
>>> import pandas as pd
>>> from ics_outcomes import spc
>>> seen = [74, 76, 75, 77, 74, 76, 75, 77, 74, 76, 75, 77, 75, 60]
>>> df = pd.DataFrame({"month": pd.period_range("2024-04", periods=14, freq="M").to_timestamp(), "pct": seen})
>>> chart = spc.xmr(df, value="pct", date="month", improvement="increase", target=78)
>>> chart["point_type"].iloc[-1], chart["assurance"].iloc[-1]
('special_cause_concern', 'inconsistent')

The icons as data, one row per series:

>>> spc.summary(df, value="pct", date="month", target=78)[["variation", "assurance", "special_cause"]].iloc[0].tolist()
['concern_low', 'inconsistent', 'Below LCL']

Against a plan, and the run rate:

>>> df["plan"] = [74 + 0.3 * i for i in range(14)]
>>> spc.trajectory(df, value="pct", date="month", trajectory="plan")["on_track"].tolist()[5:8]
[True, False, True]
>>> rate = spc.run_rate(df.iloc[:12], value="pct", date="month", target=78)
>>> round(float(rate["slope"][0]), 4), int(rate["periods_to_target"][0])     # 78% in 25 more months at this rate
(0.0839, 25)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, cast

import numpy as np

from ics_outcomes import _core
from ics_outcomes._frames import FrameT, _require
from ics_outcomes.options import ChartKind, Improvement, RunsMethod
from ics_outcomes.stats import _argument, _Frame, _number

__all__ = ["chart", "propose_rebase", "run_rate", "summary", "trajectory", "xmr"]


def _date_ordinals(frame: _Frame, date: str, extra: Sequence[Any] = ()) -> np.ndarray:
    """Each row's date as a sortable ordinal, then those of ``extra`` dates (annotations') in
    the same order."""
    pa = _require("pyarrow", "arrow")
    pc = _require("pyarrow.compute", "arrow")
    column = frame.column(date).combine_chunks()
    if len(extra):
        try:
            column = pa.concat_arrays([column, pa.array(list(extra)).cast(column.type)])
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
            raise _argument(
                "annotations", list(extra), f"dates of the type of {date} ({column.type}): {error}"
            ) from None
    if column.null_count:
        row = column.is_null().to_pylist().index(True)
        raise _argument(date, f"row {row}", f"field {date} must not have missing dates")
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        # Text is read by the core's one rule for dates (numbers, ISO dates, NHS periods), as R
        # and the command line read it.
        return np.asarray(_core.date_ordinals(date, column.to_pylist()), dtype=np.int64)
    elif not (
        pa.types.is_temporal(column.type) or pa.types.is_integer(column.type) or pa.types.is_floating(column.type)
    ):
        raise _argument(date, str(column.type), "dates must be dates, numbers or ISO text")
    ranks = pc.rank(column, sort_keys="ascending", tiebreaker="dense")
    return np.ascontiguousarray(ranks.to_numpy(zero_copy_only=False), dtype=np.int64)


def _rebase_flags(frame: _Frame, date: str, rebase: Any) -> np.ndarray | None:
    """True at the rows where a new part starts: a boolean column's name, a list of dates (for
    every series), or a frame of dates by group (the rows of :func:`propose_rebase` accepted)."""
    if rebase is None:
        return None
    if isinstance(rebase, str):
        return np.asarray(frame.flags(rebase), dtype=bool)
    pa = _require("pyarrow", "arrow")
    pc = _require("pyarrow.compute", "arrow")
    if not isinstance(rebase, Sequence):
        accepted = _Frame(rebase, None)
        keys = [*frame.keys, date]
        for key in keys:
            accepted.column(key)
        rows = frame.table.select(keys).append_column("__row", pa.array(np.arange(frame.table.num_rows)))
        wanted = accepted.table.select(keys).group_by(keys).aggregate([])
        matched = rows.join(wanted, keys=keys, join_type="inner").column("__row").to_numpy()
        if len(matched) != wanted.num_rows:
            raise _argument("rebase", wanted.num_rows, f"every accepted row must match a row of the data by {keys}")
        flags = np.zeros(frame.table.num_rows, dtype=bool)
        flags[matched] = True
        return flags
    column = frame.column(date)
    try:
        wanted = pa.array(list(rebase)).cast(column.type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
        raise _argument("rebase", list(rebase), f"dates of the type of {date} ({column.type}): {error}") from None
    missing = pc.filter(wanted, pc.invert(pc.is_in(wanted, value_set=column.combine_chunks())))
    if len(missing):
        raise _argument("rebase", missing.to_pylist(), f"not among the dates in {date}")
    return np.ascontiguousarray(pc.is_in(column, value_set=wanted).to_numpy(zero_copy_only=False), dtype=bool)


def _positions(name: str, value: Any) -> list[int]:
    if isinstance(value, (int, np.integer)):
        values = [value]
    elif value is None or isinstance(value, (list, tuple, np.ndarray)):
        values = list(value if value is not None else [])
    else:
        raise _argument(name, value, "positions are whole numbers counting from 1")
    if any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in values):
        raise _argument(name, value, "positions are whole numbers counting from 1")
    return [int(v) for v in values]


def _chart_options(
    chart: ChartKind,
    improvement: Improvement,
    target: float | str | None,
    multiplier: float,
    screened_mr: bool,
    baseline: int | None,
    parts: int | Sequence[int] | None,
    exclude: int | Sequence[int] | None,
    categorical: bool,
    shift: int,
    trend: int,
    two_in_three: bool,
    runs_method: RunsMethod,
) -> dict[str, Any]:
    """The options as the core names them; the core checks every value."""
    if baseline is not None and (isinstance(baseline, bool) or not isinstance(baseline, (int, np.integer))):
        raise _argument("baseline", baseline, "the last point of the baseline, counting from 1")
    return {
        "chart": chart,
        "improvement": improvement,
        "target": None if target is None or isinstance(target, str) else _number("target", target),
        "multiplier": _number("multiplier", multiplier),
        "screened_mr": bool(screened_mr),
        "baseline": None if baseline is None else int(baseline),
        "parts": _positions("parts", parts),
        "exclude": _positions("exclude", exclude),
        "categorical": bool(categorical),
        "shift": shift,
        "trend": trend,
        "two_in_three": bool(two_in_three),
        "runs_method": runs_method,
    }


_Notes = tuple[list[int], list[int | None], list[str]]


def _annotations(frame: _Frame, date: str, annotations: Any) -> tuple[np.ndarray, _Notes]:
    """The rows' date ordinals and the annotations as the core takes them: each one's date
    ordinal, group code (``None``: every series) and text. ``annotations`` is a frame, or a
    list of mappings, with ``date``, ``text`` and optionally ``series`` (a group key's value,
    or a tuple of them for several keys)."""
    if annotations is None:
        return _date_ordinals(frame, date), ([], [], [])
    if isinstance(annotations, Sequence) and not isinstance(annotations, str):
        records = [dict(a) for a in annotations]
    else:
        records = _Frame(annotations, None).table.to_pylist()
    for i, record in enumerate(records):
        if "date" not in record or "text" not in record:
            raise _argument(f"annotations[{i}]", record, "an annotation needs a date and a text")
    ordinals = _date_ordinals(frame, date, [r["date"] for r in records])
    n = len(ordinals) - len(records)
    keys = frame.group_keys()
    labels = [tuple(row.values()) for row in keys.to_pylist()] if keys is not None else []
    groups: list[int | None] = []
    for i, record in enumerate(records):
        series = record.get("series")
        if series is None:
            groups.append(None)
            continue
        wanted = tuple(series) if isinstance(series, (tuple, list)) else (series,)
        if wanted not in labels:
            raise _argument(f"annotations[{i}]", series, f"not a series of {frame.keys or 'the data'}")
        groups.append(labels.index(wanted))
    texts = [str(r["text"]) for r in records]
    return ordinals[:n], ([int(o) for o in ordinals[n:]], groups, texts)


def chart(
    data: FrameT,
    *,
    chart: ChartKind = "xmr",
    value: str,
    date: str,
    denominator: str | None = None,
    group_by: str | Sequence[str] | None = None,
    baseline: int | None = None,
    parts: int | Sequence[int] | None = None,
    exclude: int | Sequence[int] | None = None,
    rebase: Any = None,
    multiplier: float = 1,
    screened_mr: bool = True,
    improvement: Improvement = "increase",
    target: float | str | None = None,
    categorical: bool = False,
    shift: int = 7,
    trend: int = 7,
    two_in_three: bool = True,
    runs_method: RunsMethod = "anhoej",
    annotations: Any = None,
) -> FrameT:
    """A Making Data Count chart of ``value`` over ``date``, one per group of ``group_by``.

    ``chart`` is ``"xmr"``, ``"p"`` or ``"u"`` (with a ``denominator`` column: the value is the
    numerator), Laney's ``"p_prime"`` or ``"u_prime"`` (recommended for large denominators),
    ``"run"`` (median and Anhøj's runs rules; a ``denominator`` makes it a run chart of the
    ratio), ``"t"`` (time between rare events) or ``"g"`` (opportunities between them). The
    limits are qicharts2's; every chart is read with the same Making Data Count rules and icons.

    Returns the kind of frame given, sorted by group and date, with the input columns and per
    point: ``chart``, ``part``, ``baseline``, ``status`` (``charted``, ``excluded``, or why the
    point is a gap), ``plotted`` (the value charted: numerator over denominator times
    ``multiplier`` for P and U charts), ``centre``, ``lower`` and ``upper`` (3σ),
    ``lower_2sigma`` and ``upper_2sigma``, ``sigma_signal``, ``runs_signal``,
    ``special_cause``, ``point_type``, the part's ``limits_status``, ``sigma_z`` and runs
    analysis, the series' ``variation_icon``, ``assurance`` and ``assurance_icon``, and
    ``annotation``.

    ``date`` may hold dates, periods or integer positions. ``baseline`` is the last point
    (counting from 1) of the centre line's and limits' calculation (qicharts2's ``freeze``),
    ``parts`` the last point of each part but the last, ``exclude`` points left out of the
    calculations; ``rebase`` starts new parts by series: a boolean column's name, a list of
    dates, or a frame of dates by group such as rows of :func:`propose_rebase`. ``shift``,
    ``trend`` (6 to 9 points) and ``two_in_three`` set the rules: Making Data Count's are 7, 7
    and on. ``annotations`` (a frame or list of ``date``, ``text`` and optional ``series``)
    are carried to their points. A missing value is a gap, never a special cause.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import spc
    >>> df = pd.DataFrame({"month": range(1, 13), "readmitted": [30, 28, 35, 31, 29, 33, 30, 32, 31, 29, 33, 70],
    ...                    "discharged": [400, 380, 420, 410, 390, 405, 398, 402, 400, 395, 410, 410]})
    >>> p = spc.chart(df, chart="p_prime", value="readmitted", denominator="discharged", date="month",
    ...               improvement="decrease")
    >>> last = p.iloc[-1]
    >>> round(float(last["plotted"]), 4), bool(last["sigma_signal"]), last["point_type"]
    (0.1707, True, 'special_cause_concern')
    """
    frame = _Frame(data, group_by)
    dates, notes = _annotations(frame, date, annotations)
    codes, _ = frame.codes()
    options = _chart_options(
        chart,
        improvement,
        target,
        multiplier,
        screened_mr,
        baseline,
        parts,
        exclude,
        categorical,
        shift,
        trend,
        two_in_three,
        runs_method,
    )
    charts = _core.spc_chart(
        frame.floats(value),
        value,
        frame.floats(denominator) if denominator is not None else None,
        denominator or "denominator",
        dates,
        date,
        codes,
        _rebase_flags(frame, date, rebase),
        frame.floats(target) if isinstance(target, str) else None,
        notes,
        options=options,
    )
    order = charts.column("row").to_numpy()
    return cast("FrameT", frame.attach(charts.drop_columns(["row"]), [], per_row=True, rows=order))


def propose_rebase(
    data: FrameT,
    *,
    value: str,
    date: str,
    chart: ChartKind = "xmr",
    denominator: str | None = None,
    group_by: str | Sequence[str] | None = None,
    min_points: int | None = None,
    multiplier: float = 1,
    screened_mr: bool = True,
    improvement: Improvement = "increase",
    shift: int = 7,
    trend: int = 7,
    two_in_three: bool = True,
) -> FrameT:
    """Sustained shifts that could mark a changed process: runs of at least ``min_points``
    points (by default the shift rule's length) on one side of the centre line, each proposed
    as the start of a new part with its evidence. Nothing is rebased: accept a proposal by
    passing its rows to :func:`chart`'s (or :func:`xmr`'s) ``rebase``.

    Returns one row per proposal with the input columns of the new part's first point (its
    date and group), ``position`` (counting from 1 in its series), ``points``, ``side``,
    ``centre_before``, ``centre_after``, ``lower_after``, ``upper_after`` and ``evidence``.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import spc
    >>> waits = [20, 22, 21, 23, 20, 22, 21, 30, 31, 29, 32, 30, 31, 30, 29, 31]      # a step up at week 8
    >>> df = pd.DataFrame({"week": range(1, 17), "waits": waits})
    >>> proposals = spc.propose_rebase(df, value="waits", date="week")
    >>> proposals[["week", "points", "side"]].values.tolist()
    [[8, 9, 'above']]
    >>> print(proposals["evidence"].iloc[0])
    9 points in a row above the centre line 26.375: a new part from the first would have centre line 30.333333...
    >>> rebased = spc.chart(df, value="waits", date="week", rebase=proposals)     # accept it
    >>> sorted(set(rebased["part"]))
    [1, 2]
    """
    frame = _Frame(data, group_by)
    codes, _ = frame.codes()
    options = _chart_options(
        chart,
        improvement,
        None,
        multiplier,
        screened_mr,
        None,
        None,
        None,
        False,
        shift,
        trend,
        two_in_three,
        "anhoej",
    )
    if min_points is not None and (isinstance(min_points, bool) or not isinstance(min_points, (int, np.integer))):
        raise _argument("min_points", min_points, "a number of points")
    proposals = _core.spc_rebase_proposals(
        frame.floats(value),
        value,
        frame.floats(denominator) if denominator is not None else None,
        denominator or "denominator",
        _date_ordinals(frame, date),
        date,
        codes,
        min_points=None if min_points is None else int(min_points),
        options=options,
    )
    rows = proposals.column("row").to_numpy()
    return cast("FrameT", frame.attach(proposals.drop_columns(["row"]), [], per_row=True, rows=rows))


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

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import spc
    >>> seen = [74, 76, 75, 77, 74, 76, 75, 77, 74, 76, 75, 77, 75, 60]
    >>> df = pd.DataFrame({"month": pd.period_range("2024-04", periods=14, freq="M").to_timestamp(), "pct": seen})
    >>> chart = spc.xmr(df, value="pct", date="month", target=78)
    >>> [round(v, 2) for v in chart[["mean", "lpl", "upl"]].iloc[0]]
    [74.36, 69.26, 79.46]
    >>> chart["special_cause"].iloc[-1], chart["variation_icon"].iloc[-1]
    ('Below LCL', 'concern_low')
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
    chart: ChartKind = "xmr",
    denominator: str | None = None,
    improvement: Improvement = "increase",
    target: float | str | None = None,
    trajectory: str | None = None,
    group_by: str | Sequence[str] | None = None,
    baseline: int | None = None,
    parts: int | Sequence[int] | None = None,
    exclude: int | Sequence[int] | None = None,
    multiplier: float = 1,
    screened_mr: bool = True,
    shift: int = 7,
    trend: int = 7,
    two_in_three: bool = True,
    runs_method: RunsMethod = "anhoej",
    annotations: Any = None,
) -> FrameT:
    """Icons as data: one row per series (per group of ``group_by``), read at its last date.

    Returns the kind of frame given, with the group keys and: ``date`` and ``value`` at the
    last date (the plotted value: numerator over denominator for P and U charts), ``target``,
    ``trajectory`` (the last date's planned value), ``chart``, ``variation`` and ``assurance``
    (against the target), ``special_cause`` (the rule flagging the last point with a value),
    ``signals`` (every flagged point with its rule), ``annotations`` (the series' notes with
    their dates), ``process_mean``, ``process_lpl`` and ``process_upl`` at that point,
    ``spc_points``, ``trial_limits``, ``recent`` (the last six values, a list),
    ``trajectory_assurance`` (the last point's limits against the last date's plan: a target
    that changes over time is judged period by period) and ``notes`` (trial or missing limits
    and why, gaps, excluded points, a runs-analysis signal). Arguments are :func:`chart`'s;
    ``trajectory`` names a column of planned values. Values show as decimals by their
    shortest text, limits to 6 places.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import spc
    >>> df = pd.DataFrame({"icb": ["A"] * 6 + ["B"] * 6, "month": list(range(1, 7)) * 2,
    ...                    "pct": [70, 71, 72, 70, 71, 72, 80, 81, 79, 80, 95, 80]})
    >>> icons = spc.summary(df, value="pct", date="month", group_by="icb")
    >>> icons[["icb", "value", "variation"]].values.tolist()
    [['A', Decimal('72'), 'common_cause'], ['B', Decimal('80'), 'common_cause']]
    """
    frame = _Frame(data, group_by)
    dates, notes = _annotations(frame, date, annotations)
    codes, _ = frame.codes()
    keys = frame.group_keys()
    group_labels = [" / ".join(str(v) for v in row.values()) for row in keys.to_pylist()] if keys is not None else []
    options = _chart_options(
        chart,
        improvement,
        target,
        multiplier,
        screened_mr,
        baseline,
        parts,
        exclude,
        False,
        shift,
        trend,
        two_in_three,
        runs_method,
    )
    table = _core.spc_summary(
        frame.floats(value),
        value,
        frame.floats(denominator) if denominator is not None else None,
        denominator or "denominator",
        dates,
        date,
        [_date_text(v) for v in _column_values(frame, date)],
        codes,
        group_labels,
        frame.floats(target) if isinstance(target, str) else None,
        frame.floats(trajectory) if trajectory is not None else None,
        notes,
        options=options,
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
    missing plan), sorted by group and date, in the kind of frame given.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import spc
    >>> df = pd.DataFrame({"month": range(1, 5), "pct": [70, 72, 74, 75], "plan": [71, 72, 73, 76]})
    >>> spc.trajectory(df, value="pct", date="month", trajectory="plan")[["month", "gap", "on_track"]].values.tolist()
    [[1, -1.0, False], [2, 0.0, True], [3, 1.0, True], [4, -1.0, False]]
    """
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
    ``target`` (0 when it already does; null when it never would). One row per group.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import spc
    >>> df = pd.DataFrame({"month": range(1, 5), "pct": [70, 72, 74, 75]})
    >>> spc.run_rate(df, value="pct", date="month", target=80).to_dict("records")    # 1.7 a month: 80 in 3 more
    [{'points': 4, 'slope': 1.7, 'intercept': 70.2, 'periods_to_target': 3}]
    """
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
