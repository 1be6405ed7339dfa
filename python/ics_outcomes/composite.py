"""Composite indicators the COINr way, over frames, and the uncertainty of their rankings.

Bring COINr's tables as they are: unit data with a ``uCode`` column and one column per
indicator (and denominator), and metadata with ``Level, iCode, Parent, Direction, Weight,
Type`` (and optionally ``Target`` and ``Denominator``). Each step returns a frame of the same
kind with ``uCode`` first. Direction is applied once, when normalising. Numbers are floats;
the methods follow COINr 1.1.14 and reproduce its example pipeline to 1e-9.

A scorecard's ranks with their 90 % interval are :meth:`ics_outcomes.Scorecard.uncertainty`.

Examples
--------
>>> import pandas as pd
>>> from ics_outcomes import composite
>>> data = pd.DataFrame({"uCode": ["A", "B", "C"], "x": [1.0, 2.0, 4.0], "y": [30.0, 10.0, 20.0]})
>>> meta = pd.DataFrame({"Level": [1, 1, 2], "iCode": ["x", "y", "Index"], "Parent": ["Index", "Index", None],
...                      "Direction": [1, -1, 1], "Weight": [1, 1, 1], "Type": ["Indicator", "Indicator", "Aggregate"]})
>>> normalised = composite.normalise(data, meta, method="minmax", range=(0, 100))
>>> normalised["y"].tolist()                      # lower is better for y
[0.0, 100.0, 50.0]
>>> composite.aggregate(normalised, meta)["Index"].round(2).tolist()
[0.0, 66.67, 75.0]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any, cast

from ics_outcomes import _core
from ics_outcomes._frames import FrameT, _require
from ics_outcomes.options import AggregateMethod, ImputeMethod, NormaliseMethod
from ics_outcomes.stats import _Frame, _number, _to_kind

__all__ = ["aggregate", "impute", "normalise", "sensitivity", "treat", "uncertainty"]


def _tables(data: Any, meta: Any) -> tuple[_Frame, Any]:
    """The data as a frame (its kind kept for the result) and the metadata as Arrow."""
    return _Frame(data, None), _Frame(meta, None).table


def _output(frame: _Frame, columns: tuple[list[str], list[tuple[str, list[float]]]]) -> Any:
    pa = _require("pyarrow", "arrow")
    units, values = columns
    arrays = {"uCode": pa.array(units, type=pa.string())}
    arrays.update({code: pa.array(column, type=pa.float64()) for code, column in values})
    return _to_kind(pa.table(arrays), frame.kind)


def _range(range: tuple[float, float] | None) -> tuple[float, float] | None:
    if range is None:
        return None
    if len(range) != 2:
        raise _core._error("ArgumentError", "range", repr(range), "give two numbers: (low, high), or (mean, sd)")
    low, high = (_number("range", v) for v in range)
    return low, high


def normalise(
    data: FrameT,
    meta: Any,
    *,
    method: NormaliseMethod = "minmax",
    range: tuple[float, float] | None = None,
    cap: bool = False,
    unit: str | None = None,
    scale: float | None = None,
    truncate: bool | None = None,
    per_indicator: Mapping[str, Mapping[str, Any]] | None = None,
) -> FrameT:
    """The indicators normalised by ``uCode``. ``method`` is COINr's name (``n_`` prefix
    optional): ``minmax`` onto ``range`` (default (0, 100)), ``zscore`` (``range`` read as
    mean and sd, default (0, 1)), ``scaled`` (``scale`` default 100), ``goalposts`` (``range``
    the worst and best posts, ``scale`` default 1, ``truncate`` default true), ``dist2ref``
    (the reference ``unit``, ``cap``), ``dist2targ`` (``cap``), ``dist2max``, ``fracmax``,
    ``rank``, ``borda``, ``prank`` or ``none``. ``per_indicator`` maps an iCode to its own
    settings, e.g. ``{"x": {"method": "rank"}}``.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import composite
    >>> data = pd.DataFrame({"uCode": ["A", "B", "C"], "x": [1.0, 2.0, 4.0], "y": [30.0, 10.0, 20.0]})
    >>> meta = pd.DataFrame({"Level": [1, 1, 2], "iCode": ["x", "y", "Index"], "Parent": ["Index", "Index", None],
    ...                      "Direction": [1, -1, 1], "Weight": [1, 1, 1],
    ...                      "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> composite.normalise(data, meta).round(2).values.tolist()      # min-max onto 0 to 100; lower y is better
    [['A', 0.0, 0.0], ['B', 33.33, 100.0], ['C', 100.0, 50.0]]
    >>> composite.normalise(data, meta, method="rank")["x"].tolist()
    [1.0, 2.0, 3.0]
    """
    frame, tree = _tables(data, meta)
    if per_indicator is not None and not isinstance(per_indicator, Mapping):
        raise TypeError(f"per_indicator must be a mapping of iCode to settings, not {type(per_indicator).__name__}")
    own = {code: dict(given) if isinstance(given, Mapping) else given for code, given in (per_indicator or {}).items()}
    for settings in own.values():
        if isinstance(settings, dict) and "range" in settings:
            settings["range"] = _range(settings["range"])
    columns = _core.composite_normalise(
        frame.table,
        tree,
        method=method,
        range=_range(range),
        cap=cap,
        unit=unit,
        scale=None if scale is None else _number("scale", scale),
        truncate=truncate,
        per_indicator=own,
    )
    return cast("FrameT", _output(frame, columns))


def aggregate(
    normalised: FrameT,
    meta: Any,
    *,
    method: AggregateMethod | Sequence[AggregateMethod] = "arithmetic",
    weights: Mapping[str, Any] | None = None,
) -> FrameT:
    """Every aggregate up to the top of the tree, by ``uCode``: ``method`` is
    ``arithmetic``, ``geometric``, ``harmonic``, ``copeland`` or ``minimum`` (COINr's
    ``a_*`` names too), one for all levels or a list, one per level from the bottom. Missing
    children share their weight. ``weights`` replaces the metadata's weights by iCode.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import composite
    >>> normalised = pd.DataFrame({"uCode": ["A", "B"], "x": [20.0, 80.0], "y": [80.0, 80.0]})
    >>> meta = pd.DataFrame({"Level": [1, 1, 2], "iCode": ["x", "y", "Index"], "Parent": ["Index", "Index", None],
    ...                      "Direction": [1, 1, 1], "Weight": [1, 1, 1],
    ...                      "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> composite.aggregate(normalised, meta)["Index"].tolist()
    [50.0, 80.0]
    >>> composite.aggregate(normalised, meta, method="geometric")["Index"].round(6).tolist()
    [40.0, 80.0]
    >>> composite.aggregate(normalised, meta, weights={"x": 3})["Index"].tolist()
    [35.0, 80.0]
    """
    frame, tree = _tables(normalised, meta)
    if weights is not None and not isinstance(weights, Mapping):
        raise TypeError(f"weights must be a mapping of iCode to weight, got {type(weights).__name__}")
    methods = [method] if isinstance(method, str) else list(method)
    columns = _core.composite_aggregate(frame.table, tree, methods=methods, weights=dict(weights or {}))
    return cast("FrameT", _output(frame, columns))


def impute(data: FrameT, meta: Any, *, method: ImputeMethod = "mean", group: str | None = None) -> FrameT:
    """Missing indicator values filled in by ``uCode``: ``mean``, ``median``, ``group_mean``
    or ``group_median`` (within the unit's ``group`` column, as COINr's ``i_mean_grp``).

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import composite
    >>> data = pd.DataFrame({"uCode": ["A", "B", "C"], "x": [1.0, None, 4.0]})
    >>> meta = pd.DataFrame({"Level": [1, 2], "iCode": ["x", "Index"], "Parent": ["Index", None],
    ...                      "Direction": [1, 1], "Weight": [1, 1], "Type": ["Indicator", "Aggregate"]})
    >>> composite.impute(data, meta)["x"].tolist()
    [1.0, 2.5, 4.0]
    """
    frame, tree = _tables(data, meta)
    return cast("FrameT", _output(frame, _core.composite_impute(frame.table, tree, method=method, group=group)))


def treat(
    data: FrameT, meta: Any, *, winmax: int = 5, skew: float = 2.0, kurtosis: float = 3.5
) -> tuple[FrameT, FrameT]:
    """Outliers treated as COINr's defaults do (an indicator passes when |skew| < ``skew`` or
    kurtosis < ``kurtosis``; failing ones are Winsorised one point at a time up to
    ``winmax``, else log-transformed): the treated indicators by ``uCode``, and the log (one
    row per indicator: ``iCode``, ``treatment``, ``winsorised`` points, and its ``skewness``
    and ``kurtosis`` before treatment) as a frame.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import composite
    >>> data = pd.DataFrame({"uCode": list("ABCDEFGHIJ"), "x": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100]})
    >>> meta = pd.DataFrame({"Level": [1, 2], "iCode": ["x", "Index"], "Parent": ["Index", None],
    ...                      "Direction": [1, 1], "Weight": [1, 1], "Type": ["Indicator", "Aggregate"]})
    >>> treated, log = composite.treat(data, meta)
    >>> treated["x"].tolist()                        # the outlier pulled in to the next value
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 9.0]
    >>> log[["iCode", "treatment", "winsorised"]].values.tolist()
    [['x', 'winsorised', 1]]
    """
    frame, tree = _tables(data, meta)
    columns, log = _core.composite_treat(
        frame.table, tree, winmax=winmax, skew=_number("skew", skew), kurtosis=_number("kurtosis", kurtosis)
    )
    return cast("tuple[FrameT, FrameT]", (_output(frame, columns), _to_kind(log.to_arrow(), frame.kind)))


def _noise(weight_noise: float | Mapping[int, float]) -> Any:
    if isinstance(weight_noise, Mapping):
        return dict(weight_noise)
    return weight_noise


def uncertainty(
    data: FrameT,
    meta: Any,
    *,
    replications: int = 1000,
    seed: int = 1,
    weight_noise: float | Mapping[int, float] = 0.25,
    normalisations: Sequence[NormaliseMethod] = ("minmax",),
    aggregations: Sequence[AggregateMethod] = ("arithmetic",),
    n: int | None = None,
) -> FrameT:
    """Each unit's rank over ``replications`` (seeded) that add noise to the weights
    (``weight_noise``: one factor for every level below the top, indicators included, or a
    factor per level) and draw the normalisation and the aggregation from the alternatives
    (the first is nominal; min-max onto [1, 100], z-score with mean 10 and sd 2):
    ``uCode``, ``nominal`` rank, ``median``, ``q5``, ``q95`` (the 90 % interval), ``mean``
    rank and ``mean_shift``. ``n`` is the old name of ``replications``, deprecated.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import composite
    >>> data = pd.DataFrame({"uCode": ["A", "B", "C"], "x": [1.0, 2.0, 4.0], "y": [30.0, 10.0, 20.0]})
    >>> meta = pd.DataFrame({"Level": [1, 1, 2], "iCode": ["x", "y", "Index"], "Parent": ["Index", "Index", None],
    ...                      "Direction": [1, -1, 1], "Weight": [1, 1, 1],
    ...                      "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> ranks = composite.uncertainty(data, meta, replications=100)
    >>> ranks[["uCode", "nominal", "q5", "q95"]].round(2).values.tolist()
    [['A', 3, 3.0, 3.0], ['B', 2, 1.95, 2.0], ['C', 1, 1.0, 1.05]]
    """
    if n is not None:
        warnings.warn("uncertainty(n=...) is now replications=...", DeprecationWarning, stacklevel=2)
        replications = n
    frame, tree = _tables(data, meta)
    table = _core.composite_uncertainty(
        frame.table,
        tree,
        replications=replications,
        seed=seed,
        weight_noise=_noise(weight_noise),
        normalisations=list(normalisations),
        aggregations=list(aggregations),
    )
    return cast("FrameT", _to_kind(table.to_arrow(), frame.kind))


def sensitivity(
    data: FrameT,
    meta: Any,
    *,
    n: int = 200,
    seed: int = 1,
    bootstrap: int = 1000,
    weight_noise: float | Mapping[int, float] = 0.25,
    normalisations: Sequence[NormaliseMethod] = ("minmax", "zscore"),
    aggregations: Sequence[AggregateMethod] = ("arithmetic", "geometric"),
) -> FrameT:
    """Which choice moves the ranks most: the first-order and total-order Sobol index of each
    uncertain input (weights, normalisation, aggregation, as in :func:`uncertainty`) on the
    mean absolute rank shift, by Saltelli's design (``n * (inputs + 2)`` runs) with the
    Saltelli 2010 and Jansen estimators as COINr uses them, and ``bootstrap`` intervals.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import composite
    >>> data = pd.DataFrame({"uCode": ["A", "B", "C"], "x": [1.0, 2.0, 4.0], "y": [30.0, 10.0, 20.0]})
    >>> meta = pd.DataFrame({"Level": [1, 1, 2], "iCode": ["x", "y", "Index"], "Parent": ["Index", "Index", None],
    ...                      "Direction": [1, -1, 1], "Weight": [1, 1, 1],
    ...                      "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> indices = composite.sensitivity(data, meta, n=20, bootstrap=100)
    >>> indices["input"].tolist()
    ['weights', 'normalisation', 'aggregation']
    >>> indices.columns.tolist()[1:]
    ['first_order', 'first_order_low', 'first_order_high', 'total_order', 'total_order_low', 'total_order_high']
    """
    frame, tree = _tables(data, meta)
    table = _core.composite_sensitivity(
        frame.table,
        tree,
        n=n,
        seed=seed,
        bootstrap=bootstrap,
        weight_noise=_noise(weight_noise),
        normalisations=list(normalisations),
        aggregations=list(aggregations),
    )
    return cast("FrameT", _to_kind(table.to_arrow(), frame.kind))
