"""NHS Oversight Framework 2025/26 scoring: metric scores, segments and league tables.

Frames in (pandas, polars or pyarrow), the same kind of frame out:

- :func:`score_metrics` scores each metric's values 1.00 (best) to 4.00 across providers:
  meeting a standard scores 1.00, failing a floor 4.00, the rest spread by rank (ties share
  the best score), rounded to 2 dp.
- :func:`segment` averages each provider's metric scores (unrounded internally, published to
  2 dp), segments the averages (quartiles within provider type, pooled, or supplied cut
  points), and applies the financial override (a deficit caps segments 1 and 2 at 3) and
  segment 5 (the recovery programme).
- :func:`league_table` ranks by segment, then average; ties share the best rank.
- :func:`ics_oversight` applies the same method to the ICSs (the 36 of today; the 42 of a
  2025/26 period) on a national framework's metrics, beside their equal-weighted framework scores.

Examples
--------
>>> from ics_outcomes import oversight
>>> table = oversight.ics_oversight()
>>> len(table), table.to_pandas().columns[:4].tolist()
(36, ['league_rank', 'code', 'ods', 'name'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from ics_outcomes import _core
from ics_outcomes._frames import FrameT, _require
from ics_outcomes.options import Population
from ics_outcomes.stats import _argument, _Frame, _to_kind

__all__ = ["IcsOversight", "ics_oversight", "league_table", "score_metrics", "segment"]


def _text(value: Any) -> str | None:
    """Decimal text of a cell: floats by their shortest repr, so 0.1 stays 0.1."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value)


def score_metrics(
    data: FrameT,
    *,
    rules: Mapping[str, Mapping[str, object]],
    metric: str = "metric",
    value: str = "value",
    group_by: str | Sequence[str] | None = None,
) -> FrameT:
    """Each row's metric score, ranking each metric's values together (within ``group_by``,
    e.g. the quarter).

    ``rules`` maps a metric id to its rule: ``{"direction": "higher_is_better", "standard":
    "95", "floor": None}`` for the ranked model, or ``{"direction": ..., "bands": [{"bound":
    "95", "score": "1"}, ...], "otherwise": "4"}`` for bespoke bands. Adds ``score`` (Decimal,
    2 dp), ``score_unrounded`` and ``basis`` (``met_standard``, ``failed_floor``, ``ranked``,
    ``band``, ``otherwise`` or ``missing``).

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import oversight
    >>> values = pd.DataFrame({"provider": ["P1", "P2", "P3", "P4"], "metric": "ae", "value": [96, 80, 70, 90]})
    >>> rules = {"ae": {"direction": "higher_is_better", "standard": "95", "floor": "72"}}
    >>> scored = oversight.score_metrics(values, rules=rules)
    >>> scored[["provider", "score", "basis"]].values.tolist()
    [['P1', Decimal('1.00'), 'met_standard'], ['P2', Decimal('3.00'), 'ranked'],
     ['P3', Decimal('4.00'), 'failed_floor'], ['P4', Decimal('2.00'), 'ranked']]
    """
    frame = _Frame(data, group_by)
    metrics = [str(m) for m in frame.column(metric).to_pylist()]
    values = [_text(v) for v in frame.column(value).to_pylist()]
    groups = _groups(frame, len(metrics))
    if not isinstance(rules, Mapping):
        raise _argument("rules", type(rules).__name__, "a mapping of metric id to its rule")
    table = _core.oversight_score_metrics(groups, metrics, values, {str(k): _rule(k, r) for k, r in rules.items()})
    return cast("FrameT", frame.attach(table.to_arrow(), [], per_row=True))


def _rule(metric: Any, rule: Any) -> dict[str, Any]:
    """A rule's values as text (floats by their shortest repr), for the core to read."""
    if not isinstance(rule, Mapping):
        raise _argument(f"rules[{metric}]", type(rule).__name__, "a rule is a mapping")
    out: dict[str, Any] = {
        str(k): (_text(v) if k in {"standard", "floor", "otherwise"} else v) for k, v in rule.items()
    }
    bands = out.get("bands")
    if isinstance(bands, Sequence) and not isinstance(bands, str):
        out["bands"] = [{str(k): _text(v) for k, v in b.items()} if isinstance(b, Mapping) else b for b in bands]
    return out


def _groups(frame: Any, rows: int) -> list[int]:
    """Each row's group number (all 0 without ``group_by``)."""
    codes = frame.codes()[0]
    return [0] * rows if codes is None else [int(c) for c in codes]


def segment(
    data: FrameT,
    *,
    provider: str = "provider",
    metric: str = "metric",
    score: str = "score",
    domain: str | None = "domain",
    provider_type: str | None = None,
    deficit: str | None = None,
    recovery: str | None = None,
    group_by: str | Sequence[str] | None = None,
    cut_points: Sequence[Any] | None = None,
    population: Population | None = None,
) -> FrameT:
    """One row per provider (within ``group_by``): the average metric score (``average``, 2 dp,
    and ``average_unrounded``), ``segment_unadjusted``, ``segment`` (after the financial
    override), ``segment_final`` (after segment 5), ``overrides`` and the flags used.

    ``deficit`` and ``recovery`` name boolean columns (true on any of a provider's rows);
    ``cut_points`` supplies three upper bounds instead of quartiles over ``population``
    (``"within_type"``, the default, or ``"pooled"``).

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import oversight
    >>> values = pd.DataFrame({"provider": ["P1", "P2", "P3", "P4"] * 2, "metric": ["ae"] * 4 + ["rtt"] * 4,
    ...                        "value": [96, 80, 70, 90, 50, 60, 70, 40]})
    >>> rules = {"ae": {"direction": "higher_is_better", "standard": "95", "floor": "72"},
    ...          "rtt": {"direction": "higher_is_better", "standard": None, "floor": None}}
    >>> scored = oversight.score_metrics(values, rules=rules)
    >>> segments = oversight.segment(scored, domain=None, population="pooled")
    >>> segments[["provider", "average", "segment"]].values.tolist()
    [['P1', Decimal('2.00'), 1], ['P2', Decimal('2.50'), 2], ['P3', Decimal('2.50'), 2], ['P4', Decimal('3.00'), 4]]
    """
    frame = _Frame(data, group_by)
    pa = _require("pyarrow", "arrow")
    providers = [str(p) for p in frame.column(provider).to_pylist()]

    def texts(name: str | None) -> list[str] | None:
        return None if name is None else [str(v) for v in frame.column(name).to_pylist()]

    cuts = None if cut_points is None else [_text(c) for c in cut_points]
    table: _core.ResultTable
    firsts: list[tuple[int, int]]
    table, firsts = _core.oversight_segment(
        _groups(frame, len(providers)),
        providers,
        [str(m) for m in frame.column(metric).to_pylist()],
        [_text(s) for s in frame.column(score).to_pylist()],
        provider_types=texts(provider_type),
        domains=texts(domain),
        in_deficit=None if deficit is None else [bool(f) for f in frame.flags(deficit)],
        in_recovery=None if recovery is None else [bool(f) for f in frame.flags(recovery)],
        cut_points=cuts,
        population=population,
    )
    out = table.to_arrow().rename_columns([provider, *table.columns[1:]])
    if frame.keys:
        keys = frame.table.select(frame.keys).take(pa.array([row for _, row in firsts], pa.int64()))
        for i, name in enumerate(frame.keys):
            out = out.add_column(i, name, keys.column(name))
    return cast("FrameT", _to_kind(out, frame.kind))


def league_table(
    data: FrameT,
    *,
    provider: str = "provider",
    segment: str = "segment",
    average: str = "average",
    group_by: str | Sequence[str] | None = None,
) -> FrameT:
    """Adds ``rank`` (by segment, then published average; ties share the best rank) within
    each group and sorts by it.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import oversight
    >>> segments = pd.DataFrame({"provider": ["P1", "P2", "P3", "P4"], "segment": [2, 1, 2, 2],
    ...                          "average": ["2.10", "1.50", "2.40", "2.10"]})
    >>> oversight.league_table(segments)[["rank", "provider"]].values.tolist()    # ties share the best rank
    [[1, 'P2'], [2, 'P1'], [2, 'P4'], [4, 'P3']]
    """
    frame = _Frame(data, group_by)
    pa = _require("pyarrow", "arrow")
    codes, _ = frame.codes()
    providers = [str(p) for p in frame.column(provider).to_pylist()]
    segments = []
    for row, value in enumerate(frame.column(segment).to_pylist()):
        # The range test comes first: it also refuses NaN and infinity, which int() cannot take.
        whole = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 256
        if not whole or int(value) != value:
            raise _argument(f"{segment}[{row}]", value, "a segment is a whole number, 1 to 5")
        segments.append(int(value))
    averages = [_text(a) or "" for a in frame.column(average).to_pylist()]
    ranks = [0] * len(providers)
    groups: dict[int, list[int]] = {}
    for row in range(len(providers)):
        groups.setdefault(0 if codes is None else int(codes[row]), []).append(row)
    for rows in groups.values():
        for row, rank in zip(
            rows, _core.oversight_league([(providers[r], segments[r], averages[r]) for r in rows]), strict=True
        ):
            ranks[row] = rank
    table = frame.table.append_column("rank", pa.array(ranks, pa.int64()))
    order = sorted(range(len(ranks)), key=lambda r: (0 if codes is None else int(codes[r]), ranks[r], providers[r]))
    return cast("FrameT", _to_kind(table.take(pa.array(order, pa.int64())), frame.kind))


IcsOversight = _core.IcsOversight
"""The ICSs' oversight results (:func:`ics_oversight`): the league table as frames
(``to_pandas``, ``to_polars``, ``to_arrow``) and :meth:`IcsOversight.metrics` for one ICS,
each a table of the core."""


def ics_oversight(
    national: Any = None,
    locals: Sequence[Any] | None = None,
    observations: Any = None,
    *,
    period: str | None = None,
    cut_points: Sequence[Decimal | str | int | float] | None = None,
) -> IcsOversight:
    """NOF-style segments and league table of the ICSs on the national framework's metrics
    (a national threshold target is the metric's standard), beside the equal-weighted
    framework score; the embedded default framework and data of the period's planning
    year (2026/27 unless ``period`` is earlier) unless given. ``cut_points`` are the three
    ascending upper bounds of segments 1, 2 and 3 (quartiles over the ICSs by default).

    Examples
    --------
    >>> from ics_outcomes import oversight
    >>> table = oversight.ics_oversight()
    >>> first = table.rows()[0]
    >>> first["league_rank"], first["ods"], first["average"]
    (1, 'QRL', Decimal('1.61'))
    >>> len(oversight.ics_oversight(period="2025/26 Q4").rows())    # the 42 ICSs of 2025/26
    42
    """
    return _core.ics_oversight(
        national, locals, observations, period=period, cut_points=None if cut_points is None else list(cut_points)
    )
