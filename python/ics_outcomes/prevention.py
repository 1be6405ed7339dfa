"""The prevention shift: each ICS's share of NHS spending on prevention.

The Hewitt Review asked that the prevention share of ICS NHS budgets rise by at least one
percentage point over five years. :func:`prevention_shares` sums budget lines exactly (amounts
are read as decimals: floats by their shortest repr), takes the share in the categories that
count as prevention (a setting, since no official definition exists), publishes it to
``decimals`` places, and judges the change from the ``baseline`` year against the trajectory:
cumulative (after k years, +k/5 pp) or year on year (+0.2 pp each year).

Examples
--------
>>> from ics_outcomes import prevention
>>> shares = prevention.prevention_shares()          # the embedded synthetic budgets
>>> len(shares), sorted(set(shares["status"]))
(108, ['baseline', 'before baseline', 'off track', 'on track'])
>>> latest = prevention.summary().latest        # each ICS's latest year, shown as HTML in notebooks
>>> len(latest), set(latest["year"])
(36, {'2026/27'})
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Any, Generic, cast, overload

from ics_outcomes import _core
from ics_outcomes._display import _STYLE, _cell, _label, _table
from ics_outcomes._frames import FrameT, _require

if TYPE_CHECKING:
    import pandas as pd
from ics_outcomes.options import Rounding, TrajectoryBasis
from ics_outcomes.stats import _Frame, _to_kind

__all__ = ["PreventionSummary", "default_budgets", "prevention_shares", "summary"]


def default_budgets() -> pd.DataFrame:
    """The embedded synthetic budget lines (the 36 ICSs of today, 2024/25 to 2026/27) as a pandas frame.

    Examples
    --------
    >>> from ics_outcomes import prevention
    >>> budgets = prevention.default_budgets()
    >>> budgets.shape, budgets.columns.tolist()
    ((864, 4), ['area', 'year', 'category', 'amount'])
    >>> budgets.iloc[0].tolist()
    ['E54000008', '2024/25', 'prevention', Decimal('341709443')]
    """
    pandas = _require("pandas", "pandas")
    rows = _core.default_budget_lines()
    frame = pandas.DataFrame(rows, columns=["area", "year", "category", "amount"])
    frame["amount"] = frame["amount"].map(Decimal)
    return cast("pd.DataFrame", frame)


@overload
def prevention_shares(
    data: None = None,
    *,
    area: str = "area",
    year: str = "year",
    category: str = "category",
    amount: str = "amount",
    categories: Iterable[str] | None = None,
    baseline: str | None = None,
    basis: TrajectoryBasis | None = None,
    target_pp: Decimal | str | int | None = None,
    horizon_years: int | None = None,
    decimals: int | None = None,
    rounding: Rounding | None = None,
) -> pd.DataFrame: ...
@overload
def prevention_shares(
    data: FrameT,
    *,
    area: str = "area",
    year: str = "year",
    category: str = "category",
    amount: str = "amount",
    categories: Iterable[str] | None = None,
    baseline: str | None = None,
    basis: TrajectoryBasis | None = None,
    target_pp: Decimal | str | int | None = None,
    horizon_years: int | None = None,
    decimals: int | None = None,
    rounding: Rounding | None = None,
) -> FrameT: ...
def prevention_shares(
    data: Any = None,
    *,
    area: str = "area",
    year: str = "year",
    category: str = "category",
    amount: str = "amount",
    categories: Iterable[str] | None = None,
    baseline: str | None = None,
    basis: TrajectoryBasis | None = None,
    target_pp: Decimal | str | int | None = None,
    horizon_years: int | None = None,
    decimals: int | None = None,
    rounding: Rounding | None = None,
) -> Any:
    """One row per ICS and financial year: ``prevention`` and ``total`` spending (exact
    Decimals), ``share`` (percent, exact) and ``published_share``, ``change_pp`` from the
    baseline, ``required_pp`` and ``status`` (on track, off track, baseline, before baseline,
    not assessed). Without ``data``, the embedded synthetic budgets (returned as pandas).

    An option left as ``None`` takes the core's default: baseline ``2025/26``, the
    ``cumulative`` basis, a 1 pp rise over 5 years, shares published to 2 places rounded
    ``half_away_from_zero``, and the prevention categories ``prevention``, ``public_health``,
    ``screening`` and ``immunisation``.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import prevention
    >>> lines = pd.DataFrame({"area": ["A"] * 4, "year": ["2025/26", "2025/26", "2026/27", "2026/27"],
    ...                       "category": ["prevention", "acute", "prevention", "acute"],
    ...                       "amount": [40, 960, 52, 948]})
    >>> shares = prevention.prevention_shares(lines)
    >>> shares[["year", "published_share", "change_pp", "required_pp", "status"]].values.tolist()
    [['2025/26', Decimal('4.00'), Decimal('0.00'), None, 'baseline'],
     ['2026/27', Decimal('5.20'), Decimal('1.20'), Decimal('0.20'), 'on track']]
    """
    table, kind = _shares(
        data,
        (area, year, category, amount),
        categories=None if categories is None else list(categories),
        baseline=baseline,
        basis=basis,
        target_pp=target_pp,
        horizon_years=horizon_years,
        decimals=decimals,
        rounding=rounding,
    )
    return _to_kind(table, kind)


def _shares(data: Any, columns: tuple[str, str, str, str], **options: Any) -> tuple[Any, str]:
    """The core's prevention table of ``data`` (the embedded budgets when ``None``) as
    pyarrow, and the kind of frame to return."""
    if data is None:
        lines = None
        kind = "pandas"
    else:
        frame = _Frame(data, None)
        kind = frame.kind
        columns_data = [frame.column(name).to_pylist() for name in columns]
        lines = [
            (str(a), str(y), str(c), "" if v is None else str(v)) for a, y, c, v in zip(*columns_data, strict=True)
        ]
    return _core.prevention_shares(lines, **options).to_arrow(), kind


class PreventionSummary(Generic[FrameT]):
    """Prevention shares for a notebook: :attr:`shares` (every year), :attr:`latest` (each
    ICS's latest year) as frames, and an HTML table of the latest year with the count on
    track.

    Examples
    --------
    >>> from ics_outcomes import prevention
    >>> shown = prevention.summary()
    >>> shown
    PreventionSummary(36 ICSs)
    >>> len(shown.shares), len(shown.latest)
    (108, 36)
    """

    def __init__(self, table: Any, kind: str, label: str | None) -> None:
        self._table = table
        self._kind = kind
        self.data_label = label

    @property
    def shares(self) -> FrameT:
        """Every ICS and year, as :func:`prevention_shares` returns them."""
        return cast("FrameT", _to_kind(self._table, self._kind))

    def _latest(self) -> Any:
        areas = [str(a) for a in self._table.column("code").to_pylist()]
        years = [str(y) for y in self._table.column("year").to_pylist()]
        return self._table.take(_core.prevention_latest_rows(areas, years))

    def _latest_rows(self) -> list[dict[str, Any]]:
        return list(self._latest().to_pylist())

    @property
    def latest(self) -> FrameT:
        """Each ICS's latest year."""
        return cast("FrameT", _to_kind(self._latest(), self._kind))

    def _repr_html_(self) -> str:
        rows = self._latest_rows()
        on_track = sum(r["status"] == "on track" for r in rows)
        header = ["code", "year", "prevention", "total", "share %", "change pp", "required pp", "status"]
        cells = [
            [
                _cell(r["code"]),
                _cell(r["year"]),
                _cell(r["prevention"]),
                _cell(r["total"]),
                _cell(r["published_share"]),
                _cell(r["change_pp"]),
                _cell(r["required_pp"], 2),
                _cell(r["status"].replace(" ", "_")),
            ]
            for r in rows
        ]
        title = f"Prevention share of ICS NHS spending: {on_track} of {len(rows)} on track"
        return (
            f'<div class="ico">{_STYLE}{_label(self.data_label)}<h4>{escape(title)}</h4>{_table(header, cells)}</div>'
        )

    def __repr__(self) -> str:
        return f"PreventionSummary({len(self._latest_rows())} ICSs)"


@overload
def summary(shares: None = None) -> PreventionSummary[pd.DataFrame]: ...
@overload
def summary(shares: FrameT) -> PreventionSummary[FrameT]: ...
def summary(shares: Any = None) -> PreventionSummary[Any]:
    """A frame from :func:`prevention_shares` (pandas, polars or pyarrow; by default the
    embedded synthetic budgets' shares) wrapped for display in a notebook.

    Examples
    --------
    >>> from ics_outcomes import prevention
    >>> shown = prevention.summary(prevention.prevention_shares(baseline="2024/25"))
    >>> shown.latest["status"].value_counts().to_dict()   # against 2024/25, two years on
    {'on track': 19, 'off track': 17}
    """
    if shares is None:
        columns = ("area", "year", "category", "amount")
        table, kind = _shares(None, columns)
        label = "SYNTHETIC DATA generated by ics-outcomes for demonstration only: not real NHS budgets"
        return PreventionSummary(table, kind, label)
    frame = _Frame(shares, None)
    for name in _core.table_schema("prevention").names:
        frame.column(name)
    return PreventionSummary(frame.table, frame.kind, None)
