"""The prevention shift: each ICS's share of NHS spending on prevention.

The Hewitt Review asked that the prevention share of ICS NHS budgets rise by at least one
percentage point over five years. :func:`prevention_shares` sums budget lines exactly (amounts
are read as decimals: floats by their shortest repr), takes the share in the categories that
count as prevention (a setting, since no official definition exists), publishes it to
``decimals`` places, and judges the change from the ``baseline`` year against the trajectory:
cumulative (after k years, +k/5 pp) or year on year (+0.2 pp each year).

>>> from ics_outcomes import prevention
>>> shares = prevention.prevention_shares()          # the embedded synthetic budgets
>>> len(shares), sorted(set(shares["status"]))
(126, ['baseline', 'before baseline', 'off track', 'on track'])
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ics_outcomes import _core
from ics_outcomes._frames import _require
from ics_outcomes.stats import _Frame, _to_kind

__all__ = ["default_budgets", "prevention_shares"]

_LABELS = {
    "baseline": "baseline",
    "on_track": "on track",
    "off_track": "off track",
    "not_assessed": "not assessed",
    "before_baseline": "before baseline",
}


def default_budgets() -> Any:
    """The embedded synthetic budget lines (42 ICSs, 2024/25 to 2026/27) as a pandas frame."""
    pd = _require("pandas", "pandas")
    rows = _core.default_budget_lines()
    frame = pd.DataFrame(rows, columns=["area", "year", "category", "amount"])
    frame["amount"] = frame["amount"].map(Decimal)
    return frame


def prevention_shares(
    data: Any = None,
    *,
    area: str = "area",
    year: str = "year",
    category: str = "category",
    amount: str = "amount",
    categories: Iterable[str] | None = None,
    baseline: str = "2025/26",
    basis: str = "cumulative",
    target_pp: Decimal | str | int = 1,
    horizon_years: int = 5,
    decimals: int = 2,
    rounding: str = "half_away_from_zero",
) -> Any:
    """One row per ICS and financial year: ``prevention`` and ``total`` spending (exact
    Decimals), ``share`` (percent, exact) and ``published_share``, ``change_pp`` from the
    baseline, ``required_pp`` and ``status`` (on track, off track, baseline, before baseline,
    not assessed). Without ``data``, the embedded synthetic budgets (returned as pandas)."""
    options = json.loads(_core.prevention_default_options())
    options.update(baseline=baseline, basis=basis, target_pp=str(target_pp), horizon_years=horizon_years)
    options.update(decimals=decimals, rounding=rounding)
    if categories is not None:
        options["definition"] = {"categories": sorted(categories)}
    if data is None:
        lines = None
        kind = "pandas"
    else:
        frame = _Frame(data, None)
        kind = frame.kind
        columns = [frame.column(name).to_pylist() for name in (area, year, category, amount)]
        lines = [(str(a), str(y), str(c), "" if v is None else str(v)) for a, y, c, v in zip(*columns, strict=True)]
    results = json.loads(_core.prevention_shares(lines, json.dumps(options)))
    pa = _require("pyarrow", "arrow")

    def decimal(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    rows = [
        {
            "area": r["area"],
            "year": r["year"],
            "prevention": Decimal(r["prevention"]),
            "total": Decimal(r["total"]),
            "share": decimal(r["share"]),
            "published_share": decimal(r["published_share"]),
            "change_pp": decimal(r["change_pp"]),
            "required_pp": decimal(r["required_pp"]),
            "status": _LABELS.get(r["status"], r["status"]),
        }
        for r in results
    ]
    schema = pa.schema(
        [
            ("area", pa.string()),
            ("year", pa.string()),
            ("prevention", pa.decimal128(38, 10)),
            ("total", pa.decimal128(38, 10)),
            ("share", pa.decimal128(38, 28)),
            ("published_share", pa.decimal128(38, decimals)),
            ("change_pp", pa.decimal128(38, decimals)),
            ("required_pp", pa.decimal128(38, 28)),
            ("status", pa.string()),
        ]
    )
    table = pa.Table.from_pylist(rows, schema=schema)
    return _to_kind(table, kind)
