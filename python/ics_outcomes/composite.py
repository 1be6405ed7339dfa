"""Composite indicators the COINr way, over frames, and the uncertainty of their rankings.

Bring COINr's tables as they are: unit data with a ``uCode`` column and one column per
indicator (and denominator), and metadata with ``Level, iCode, Parent, Direction, Weight,
Type`` (and optionally ``Target`` and ``Denominator``). Each step returns a frame of the same
kind with ``uCode`` first. Direction is applied once, when normalising. Numbers are floats;
the methods follow COINr 1.1.14 and reproduce its example pipeline to 1e-9.

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

A scorecard's ranks with their 90 % interval are :meth:`ics_outcomes.Scorecard.uncertainty`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ics_outcomes import _core
from ics_outcomes._frames import _require
from ics_outcomes.stats import _argument, _Frame, _number, _to_kind

__all__ = ["aggregate", "impute", "normalise", "sensitivity", "treat", "uncertainty"]

_NORMALISERS = {
    "minmax": "min_max",
    "n_minmax": "min_max",
    "zscore": "z_score",
    "n_zscore": "z_score",
    "scaled": "scaled",
    "n_scaled": "scaled",
    "dist2max": "distance_to_max",
    "n_dist2max": "distance_to_max",
    "dist2ref": "distance_to_reference",
    "n_dist2ref": "distance_to_reference",
    "dist2targ": "distance_to_target",
    "n_dist2targ": "distance_to_target",
    "goalposts": "goalposts",
    "n_goalposts": "goalposts",
    "fracmax": "fraction_of_max",
    "n_fracmax": "fraction_of_max",
    "rank": "rank",
    "n_rank": "rank",
    "borda": "borda",
    "n_borda": "borda",
    "prank": "percentile_rank",
    "n_prank": "percentile_rank",
    "none": "none",
}

_AGGREGATORS = {
    "arithmetic": "arithmetic",
    "a_amean": "arithmetic",
    "geometric": "geometric",
    "a_gmean": "geometric",
    "harmonic": "harmonic",
    "a_hmean": "harmonic",
    "copeland": "copeland",
    "a_copeland": "copeland",
    "minimum": "minimum",
}


def _decimal(value: Any) -> Decimal:
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(value)
    return number


def _meta_rows(meta: Any) -> tuple[list[dict[str, Any]], str]:
    frame = _Frame(meta, None)
    rows = frame.table.to_pylist()
    out = []
    for i, row in enumerate(rows):
        entry: dict[str, Any] = {}
        for key in ("Level", "iCode", "Parent", "Direction", "Weight", "Type", "Target", "Denominator"):
            value = row.get(key)
            if isinstance(value, float) and value != value:
                value = None
            try:
                if key == "Level" and value is not None:
                    if float(value) != int(value):
                        raise ValueError
                    value = int(value)
                if key == "Weight" and value is not None:
                    value = str(_decimal(value))
                if key in ("Direction", "Target") and value is not None:
                    value = float(value)
            except (ValueError, TypeError, ArithmeticError):
                raise _argument(f"meta[{i}].{key}", value, "not a number of the right kind") from None
            entry[key] = value
        if entry["Type"] is None or entry["iCode"] is None:
            raise _argument(f"meta[{i}]", row, "every row needs iCode and Type")
        out.append(entry)
    return out, json.dumps(out)


def _columns(data: Any, meta_rows: list[dict[str, Any]]) -> tuple[_Frame, list[str], list[tuple[str, list[float]]]]:
    frame = _Frame(data, None)
    units = [str(u) for u in frame.column("uCode").to_pylist()]
    names = set(frame.table.column_names)
    wanted = [r["iCode"] for r in meta_rows if r["Type"] in ("Indicator", "Denominator") and r["iCode"] in names]
    # Numeric columns only (text is refused naming the column); nulls are NaN, i.e. missing.
    columns = [(code, frame.floats(code).tolist()) for code in wanted]
    return frame, units, columns


def _output(frame: _Frame, table: tuple[list[str], list[tuple[str, list[float]]]], keep: set[str] | None = None) -> Any:
    pa = _require("pyarrow", "arrow")
    units, columns = table
    arrays = {"uCode": pa.array(units, type=pa.string())}
    for code, values in columns:
        if keep is None or code in keep:
            arrays[code] = pa.array(values, type=pa.float64())
    return _to_kind(pa.table(arrays), frame.kind)


def _normaliser(method: str, range: tuple[float, float], options: Mapping[str, Any]) -> dict[str, Any]:
    name = _NORMALISERS.get(method)
    if name is None:
        raise _argument("method", method, f"should be one of {', '.join(sorted(_NORMALISERS))}")
    if len(range) != 2:
        raise _argument("range", range, "give two numbers: (low, high), or (mean, sd) for zscore")
    spec: dict[str, Any] = {"method": name, **options}
    if name in ("min_max", "scaled", "goalposts") and "low" not in options:
        spec["low"], spec["high"] = (_number("range", v) for v in range)
    if name == "z_score" and "mean" not in options:
        spec["mean"], spec["sd"] = (_number("range", v) for v in range)
    return spec


def normalise(
    data: Any,
    meta: Any,
    *,
    method: str = "minmax",
    range: tuple[float, float] = (0, 100),
    per_indicator: Mapping[str, Mapping[str, Any]] | None = None,
    **options: Any,
) -> Any:
    """The indicators normalised by ``uCode``: ``method`` is ``minmax`` (onto ``range``),
    ``zscore`` (``range`` read as mean and sd), ``rank``, ``borda``, ``prank``, ``fracmax``,
    ``dist2max``, ``dist2ref``, ``dist2targ``, ``goalposts`` or ``scaled`` (COINr's
    ``n_*`` names too); other parameters of the method go in ``options`` (e.g. ``cap=True``).
    ``per_indicator`` maps an iCode to its own ``{"method": ..., ...}``."""
    if per_indicator is not None and not isinstance(per_indicator, Mapping):
        raise TypeError(f"per_indicator must be a mapping of iCode to options, not {type(per_indicator).__name__}")
    for code, given in (per_indicator or {}).items():
        if not isinstance(given, Mapping):
            raise TypeError(f"per_indicator[{code!r}] must be a mapping of options, not {type(given).__name__}")
    rows, meta_json = _meta_rows(meta)
    frame, units, columns = _columns(data, rows)
    spec = {
        "default": _normaliser(method, range, options),
        "per_indicator": {
            code: _normaliser(
                str(s.get("method", "minmax")),
                s.get("range", range),
                {k: v for k, v in s.items() if k not in ("method", "range")},
            )
            for code, s in (per_indicator or {}).items()
        },
    }
    indicators = {r["iCode"] for r in rows if r["Type"] == "Indicator"}
    return _output(frame, _core.composite_normalise(units, columns, meta_json, json.dumps(spec)), indicators)


def _aggregation(method: str | Sequence[str], weights: Mapping[str, Any] | None) -> dict[str, Any]:
    methods = [method] if isinstance(method, str) else list(method)
    names = []
    for m in methods:
        if m not in _AGGREGATORS:
            raise _argument("method", m, f"should be one of {', '.join(sorted(_AGGREGATORS))}")
        names.append({"method": _AGGREGATORS[m]})
    if weights is not None and not isinstance(weights, Mapping):
        raise TypeError(f"weights must be a mapping of iCode to weight, got {type(weights).__name__}")
    try:
        given = {k: str(_decimal(v)) for k, v in (weights or {}).items()}
    except (ValueError, ArithmeticError):
        raise _argument("weights", dict(weights or {}), "weights must be numbers") from None
    return {"methods": names, "weights": given}


def aggregate(
    normalised: Any, meta: Any, *, method: str | Sequence[str] = "arithmetic", weights: Mapping[str, Any] | None = None
) -> Any:
    """Every aggregate up to the top of the tree, by ``uCode``: ``method`` is
    ``arithmetic``, ``geometric``, ``harmonic``, ``copeland`` or ``minimum`` (COINr's
    ``a_*`` names too), one for all levels or a list, one per level from the bottom. Missing
    children share their weight. ``weights`` replaces the metadata's weights by iCode."""
    rows, meta_json = _meta_rows(meta)
    frame, units, columns = _columns(normalised, rows)
    spec = _aggregation(method, weights)
    aggregates = {r["iCode"] for r in rows if r["Type"] == "Aggregate"}
    return _output(frame, _core.composite_aggregate(units, columns, meta_json, json.dumps(spec)), aggregates)


def impute(data: Any, meta: Any, *, method: str = "mean", group: str | None = None) -> Any:
    """Missing indicator values filled in by ``uCode``: ``mean``, ``median``, ``group_mean``
    or ``group_median`` (within the unit's ``group`` column, as COINr's ``i_mean_grp``)."""
    rows, meta_json = _meta_rows(meta)
    frame, units, columns = _columns(data, rows)
    spec: dict[str, Any] = {"method": method}
    if method in ("group_mean", "group_median"):
        if group is None:
            raise _argument("group", None, f"{method} needs the name of a group column")
        spec["groups"] = [None if g is None else str(g) for g in frame.column(group).to_pylist()]
    elif method not in ("mean", "median"):
        raise _argument("method", method, "should be one of 'mean', 'median', 'group_mean', 'group_median'")
    indicators = {r["iCode"] for r in rows if r["Type"] == "Indicator"}
    return _output(frame, _core.composite_impute(units, columns, meta_json, json.dumps(spec)), indicators)


def treat(data: Any, meta: Any, *, winmax: int = 5, skew: float = 2.0, kurtosis: float = 3.5) -> tuple[Any, Any]:
    """Outliers treated as COINr's defaults do (an indicator passes when |skew| < ``skew`` or
    kurtosis < ``kurtosis``; failing ones are Winsorised one point at a time up to
    ``winmax``, else log-transformed): the treated indicators by ``uCode``, and the log (one
    row per indicator: treatment and points Winsorised) as a frame."""
    pa = _require("pyarrow", "arrow")
    rows, meta_json = _meta_rows(meta)
    frame, units, columns = _columns(data, rows)
    spec = {"winmax": winmax, "skew_threshold": skew, "kurtosis_threshold": kurtosis}
    table, log = _core.composite_treat(units, columns, meta_json, json.dumps(spec))
    records = [
        {"iCode": r["code"], "treatment": json.dumps(r["treatment"]), "winsorised": r["winsorised"]}
        for r in json.loads(log)
    ]
    indicators = {r["iCode"] for r in rows if r["Type"] == "Indicator"}
    log_table = pa.Table.from_pylist(
        records, schema=pa.schema([("iCode", pa.string()), ("treatment", pa.string()), ("winsorised", pa.int64())])
    )
    return _output(frame, table, indicators), _to_kind(log_table, frame.kind)


def _design(
    rows: list[dict[str, Any]],
    weight_noise: float | Mapping[int, float],
    normalisations: Sequence[str],
    aggregations: Sequence[str],
) -> tuple[str, str]:
    """The nominal pipeline (the first alternatives) and the uncertain inputs, as JSON."""
    if not normalisations or not aggregations:
        raise _argument("normalisations" if not normalisations else "aggregations", (), "give at least one method")
    kinds = ("Indicator", "Aggregate")
    levels = sorted({int(r["Level"]) for r in rows if r["Type"] in kinds and r["Level"] is not None})
    noise = weight_noise if isinstance(weight_noise, Mapping) else {level: weight_noise for level in levels[:-1]}

    def normaliser(method: str) -> dict[str, Any]:
        return {"default": _normaliser(method, (1, 100) if "minmax" in method else (10, 2), {})}

    pipeline = {"normalisation": normaliser(normalisations[0]), "aggregation": _aggregation(aggregations[0], None)}
    uncertain: list[dict[str, Any]] = []
    if any(_number("weight_noise", f) > 0 for f in noise.values()):
        levels_json = {str(k): str(v) for k, v in noise.items()}
        uncertain.append({"name": "weights", "choice": {"kind": "weight_noise", "levels": levels_json}})
    if len(normalisations) > 1:
        alternatives = [normaliser(m) for m in normalisations]
        uncertain.append({"name": "normalisation", "choice": {"kind": "normalisation", "alternatives": alternatives}})
    if len(aggregations) > 1:
        methods = [_aggregation(m, None)["methods"] for m in aggregations]
        uncertain.append({"name": "aggregation", "choice": {"kind": "aggregation", "alternatives": methods}})
    return json.dumps(pipeline), json.dumps(uncertain)


def uncertainty(
    data: Any,
    meta: Any,
    *,
    n: int = 1000,
    seed: int = 1,
    weight_noise: float | Mapping[int, float] = 0.25,
    normalisations: Sequence[str] = ("minmax",),
    aggregations: Sequence[str] = ("arithmetic",),
) -> Any:
    """Each unit's rank over ``n`` replications (seeded) that add noise to the weights
    (``weight_noise``: one factor for every level below the top, indicators included, or a
    factor per level) and
    draw the normalisation and the aggregation from the alternatives (the first is nominal;
    min-max onto [1, 100], z-score with mean 10 and sd 2): ``uCode``, ``nominal`` rank,
    ``median``, ``q5``, ``q95`` (the 90 % interval), ``mean`` rank and ``mean_shift``."""
    pa = _require("pyarrow", "arrow")
    rows, meta_json = _meta_rows(meta)
    frame, units, columns = _columns(data, rows)
    pipeline, uncertain = _design(rows, weight_noise, normalisations, aggregations)
    options = json.dumps({"target": None, "replications": n, "seed": seed})
    result = json.loads(_core.composite_uncertainty(units, columns, meta_json, pipeline, uncertain, options))
    keys = ("nominal", "median", "q5", "q95", "mean", "mean_shift")
    stats = [{"uCode": s["unit"], **{k: s[k] for k in keys}} for s in result["rank_stats"]]
    schema = pa.schema([("uCode", pa.string()), ("nominal", pa.int64())] + [(k, pa.float64()) for k in keys[1:]])
    return _to_kind(pa.Table.from_pylist(stats, schema=schema), frame.kind)


def sensitivity(
    data: Any,
    meta: Any,
    *,
    n: int = 200,
    seed: int = 1,
    bootstrap: int = 1000,
    weight_noise: float | Mapping[int, float] = 0.25,
    normalisations: Sequence[str] = ("minmax", "zscore"),
    aggregations: Sequence[str] = ("arithmetic", "geometric"),
) -> Any:
    """Which choice moves the ranks most: the first-order and total-order Sobol index of each
    uncertain input (weights, normalisation, aggregation, as in :func:`uncertainty`) on the
    mean absolute rank shift, by Saltelli's design (``n * (inputs + 2)`` runs) with the
    Saltelli 2010 and Jansen estimators as COINr uses them, and ``bootstrap`` intervals."""
    pa = _require("pyarrow", "arrow")
    rows, meta_json = _meta_rows(meta)
    frame, units, columns = _columns(data, rows)
    pipeline, uncertain = _design(rows, weight_noise, normalisations, aggregations)
    options = json.dumps({"target": None, "n": n, "seed": seed, "bootstrap": bootstrap})
    result = json.loads(_core.composite_sensitivity(units, columns, meta_json, pipeline, uncertain, options))

    def bounds(interval: list[float] | None) -> tuple[float | None, float | None]:
        return (None, None) if interval is None else (interval[0], interval[1])

    out = []
    for index in result["indices"]:
        (s_low, s_high), (t_low, t_high) = bounds(index["first_order_interval"]), bounds(index["total_order_interval"])
        out.append(
            {
                "input": index["input"],
                "first_order": index["first_order"],
                "first_order_low": s_low,
                "first_order_high": s_high,
                "total_order": index["total_order"],
                "total_order_low": t_low,
                "total_order_high": t_high,
            }
        )
    names = ["first_order", "first_order_low", "first_order_high", "total_order", "total_order_low", "total_order_high"]
    schema = pa.schema([("input", pa.string())] + [(k, pa.float64()) for k in names])
    return _to_kind(pa.Table.from_pylist(out, schema=schema), frame.kind)
