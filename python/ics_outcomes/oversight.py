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

>>> from ics_outcomes import oversight
>>> table = oversight.ics_oversight()
>>> len(table), table.to_pandas().columns[:4].tolist()
(36, ['league_rank', 'code', 'ods', 'name'])
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ics_outcomes import _core
from ics_outcomes._frames import _require
from ics_outcomes.stats import _argument, _Frame, _to_kind

__all__ = ["IcsOversight", "ics_oversight", "league_table", "score_metrics", "segment"]


def _text(value: Any) -> str | None:
    """Decimal text of a cell: floats by their shortest repr, so 0.1 stays 0.1."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value)


def _settings(cut_points: Sequence[Any] | None, population: str) -> str:
    settings = json.loads(_core.oversight_default_settings())
    if cut_points is not None:
        if len(cut_points) != 3:
            raise _argument("cut_points", cut_points, "three ascending upper bounds, of segments 1, 2 and 3")
        settings["segments"] = {"method": "thresholds", "cuts": [_text(c) for c in cut_points]}
    else:
        settings["segments"] = {"method": "quartiles", "population": population}
    return json.dumps(settings)


def score_metrics(
    data: Any,
    *,
    rules: Mapping[str, Mapping[str, Any]],
    metric: str = "metric",
    value: str = "value",
    group_by: str | Sequence[str] | None = None,
) -> Any:
    """Each row's metric score, ranking each metric's values together (within ``group_by``,
    e.g. the quarter).

    ``rules`` maps a metric id to its rule: ``{"direction": "higher_is_better", "standard":
    "95", "floor": None}`` for the ranked model, or ``{"direction": ..., "bands": [{"bound":
    "95", "score": "1"}, ...], "otherwise": "4"}`` for bespoke bands. Adds ``score`` (Decimal,
    2 dp), ``score_unrounded`` and ``basis`` (``met_standard``, ``failed_floor``, ``ranked``,
    ``band``, ``otherwise`` or ``missing``).
    """
    frame = _Frame(data, group_by)
    metrics = [str(m) for m in frame.column(metric).to_pylist()]
    values = [_text(v) for v in frame.column(value).to_pylist()]
    keys = frame.codes()[0]
    groups: dict[tuple[Any, str], list[int]] = {}
    for row, name in enumerate(metrics):
        groups.setdefault((None if keys is None else int(keys[row]), name), []).append(row)
    scores: list[Decimal | None] = [None] * len(metrics)
    unrounded: list[Decimal | None] = [None] * len(metrics)
    basis: list[str] = [""] * len(metrics)
    settings = _settings(None, "within_type")
    for (_, name), rows in groups.items():
        if name not in rules:
            raise _argument("rules", name, "no rule for this metric")
        rule = dict(rules[name])
        rule.setdefault("rule", "bands" if "bands" in rule else "ranked")
        rule = {k: (_text(v) if k in {"standard", "floor", "otherwise"} else v) for k, v in rule.items()}
        if "bands" in rule:
            rule["bands"] = [{"bound": _text(b["bound"]), "score": _text(b["score"])} for b in rule["bands"]]
        results = json.loads(_core.oversight_score_metric([values[r] for r in rows], json.dumps(rule), settings))
        for row, result in zip(rows, results, strict=True):
            scores[row] = None if result["score"] is None else Decimal(result["score"])
            unrounded[row] = None if result["unrounded"] is None else Decimal(result["unrounded"])
            basis[row] = result["basis"]["basis"]
    pa = _require("pyarrow", "arrow")
    result = pa.table(
        {
            "score": pa.array(scores, pa.decimal128(5, 2)),
            "score_unrounded": pa.array(unrounded, pa.decimal128(38, 28)),
            "basis": pa.array(basis, pa.string()),
        }
    )
    return frame.attach(result, [], per_row=True)


def segment(
    data: Any,
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
    population: str = "within_type",
) -> Any:
    """One row per provider (within ``group_by``): the average metric score (``average``, 2 dp,
    and ``average_unrounded``), ``segment_unadjusted``, ``segment`` (after the financial
    override), ``segment_final`` (after segment 5), ``overrides`` and the cut points used.

    ``deficit`` and ``recovery`` name boolean columns (true on any of a provider's rows);
    ``cut_points`` supplies three upper bounds instead of quartiles over ``population``
    (``"within_type"`` or ``"pooled"``).
    """
    frame = _Frame(data, group_by)
    pa = _require("pyarrow", "arrow")
    table = frame.table
    codes, _ = frame.codes()
    providers = frame.column(provider).to_pylist()
    metrics = frame.column(metric).to_pylist()
    scores = frame.column(score).to_pylist()
    domains = frame.column(domain).to_pylist() if domain else None
    types = frame.column(provider_type).to_pylist() if provider_type else None
    deficits = frame.flags(deficit) if deficit else None
    recoveries = frame.flags(recovery) if recovery else None
    per_group: dict[int, dict[str, list[Any]]] = {}
    for row in range(table.num_rows):
        group = 0 if codes is None else int(codes[row])
        code = str(providers[row])
        entry = per_group.setdefault(group, {}).setdefault(
            code, [code, "" if types is None else str(types[row]), [], False, False, row]
        )
        entry[2].append((str(metrics[row]), "" if domains is None else str(domains[row]), _text(scores[row])))
        entry[3] = entry[3] or bool(deficits and deficits[row])
        entry[4] = entry[4] or bool(recoveries and recoveries[row])
    settings = _settings(cut_points, population)
    rows: list[dict[str, Any]] = []
    firsts: list[int] = []
    for group in sorted(per_group):
        providers = list(per_group[group].values())
        results = json.loads(_core.oversight_assess([tuple(p[:5]) for p in providers], settings))
        for entry, result in zip(providers, results, strict=True):
            overall = result["average"]["overall"]
            rows.append(
                {
                    provider: result["code"],
                    "provider_type": result["provider_type"],
                    "average": Decimal(result["average_published"]),
                    "average_unrounded": Decimal(overall["unrounded"]),
                    "metrics_scored": overall["metrics"],
                    "segment_unadjusted": result["segments"]["unadjusted"],
                    "segment": result["segments"]["segment"],
                    "segment_final": result["segments"]["final_segment"],
                    "overrides": ", ".join(_override(o) for o in result["segments"]["overrides"]) or None,
                    "in_deficit": entry[3],
                    "in_recovery_programme": entry[4],
                }
            )
            firsts.append(entry[5])
    out = pa.Table.from_pylist(rows)
    if frame.keys:
        keys = frame.table.select(frame.keys).take(firsts)
        for i, name in enumerate(frame.keys):
            out = out.add_column(i, name, keys.column(name))
    return _to_kind(out, frame.kind)


def _override(override: Mapping[str, Any]) -> str:
    names = {"financial_cap": "financial cap", "recovery_programme": "recovery programme"}
    return f"{names.get(override['override'], override['override'])} (from {override['from']})"


def league_table(
    data: Any,
    *,
    provider: str = "provider",
    segment: str = "segment",
    average: str = "average",
    group_by: str | Sequence[str] | None = None,
) -> Any:
    """Adds ``rank`` (by segment, then published average; ties share the best rank) within
    each group and sorts by it."""
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
    return _to_kind(table.take(pa.array(order, pa.int64())), frame.kind)


class IcsOversight:
    """The ICSs' oversight segments and league table beside their framework scores."""

    def __init__(self, results: list[dict[str, Any]]) -> None:
        self._results = results

    def __len__(self) -> int:
        return len(self._results)

    def to_arrow(self) -> Any:
        """One row per ICS in league-table order, as a ``pyarrow.Table``."""
        pa = _require("pyarrow", "arrow")
        rows = []
        for r in self._results:
            a = r["assessment"]
            rows.append(
                {
                    "league_rank": r["league_rank"],
                    "code": r["code"],
                    "ods": r["alt_code"],
                    "name": r["name"],
                    "average": Decimal(a["average_published"]),
                    "segment_unadjusted": a["segments"]["unadjusted"],
                    "segment": a["segments"]["segment"],
                    "overrides": ", ".join(_override(o) for o in a["segments"]["overrides"]) or None,
                    "framework_score": None if r["framework_score"] is None else Decimal(r["framework_score"]),
                    "framework_rank": r["framework_rank"],
                }
            )
        return pa.Table.from_pylist(rows)

    def to_pandas(self) -> Any:
        """The league table as a pandas DataFrame."""
        return self.to_arrow().to_pandas()

    def to_polars(self) -> Any:
        """The league table as a polars DataFrame."""
        pl = _require("polars", "polars")
        return pl.from_arrow(self.to_arrow())

    def metrics(self, code: str) -> Any:
        """One ICS's metric values and scores, with why each score was given."""
        pa = _require("pyarrow", "arrow")
        for r in self._results:
            if code in (r["code"], r["alt_code"]):
                return pa.Table.from_pylist(
                    [
                        {
                            "metric": m["metric"],
                            "domain": m["domain"],
                            "value": None if m["value"] is None else Decimal(m["value"]),
                            "score": None if m["score"]["score"] is None else Decimal(m["score"]["score"]),
                            "basis": m["score"]["basis"]["basis"],
                        }
                        for m in r["metrics"]
                    ]
                )
        raise _argument("code", code, "not an ICS in this table")

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>" for h in ["Rank", "ICS", "Average", "Segment", "Override", "Framework score (rank)"]
        )
        body = []
        for row in self.to_arrow().to_pylist():
            framework = (
                "" if row["framework_score"] is None else f"{row['framework_score']:.3f} ({row['framework_rank']})"
            )
            cells = [
                row["league_rank"],
                html.escape(f"{row['name']} ({row['ods']})"),
                row["average"],
                row["segment"],
                html.escape(row["overrides"] or ""),
                framework,
            ]
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"

    def __repr__(self) -> str:
        return f"IcsOversight({len(self)} ICSs)"


def ics_oversight(
    national: Any = None,
    locals: Sequence[Any] | None = None,
    observations: Any = None,
    *,
    period: str | None = None,
    cut_points: Sequence[Any] | None = None,
) -> IcsOversight:
    """NOF-style segments and league table of the ICSs on the national framework's metrics
    (a national threshold target is the metric's standard), beside the equal-weighted
    framework score; the embedded default framework and data of the period's planning
    year (2026/27 unless ``period`` is earlier) unless given."""
    cuts: tuple[str, str, str] | None = None
    if cut_points is not None:
        if len(cut_points) != 3:
            raise _argument("cut_points", cut_points, "three ascending upper bounds, of segments 1, 2 and 3")
        low, middle, high = (_text(c) or "" for c in cut_points)
        cuts = (low, middle, high)
    return IcsOversight(json.loads(_core.ics_oversight(national, locals, observations, period, cuts)))
