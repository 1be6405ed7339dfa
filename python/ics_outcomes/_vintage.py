"""Geography vintages from Python: :func:`reproject` carries observations onto the ICBs of a
later vintage (the 36 ICBs of April 2026)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Literal, cast

from ics_outcomes import _core
from ics_outcomes._frames import FrameT, _require

if TYPE_CHECKING:
    import pandas as pd
from ics_outcomes.stats import _argument, _Frame, _to_kind

Vintage = Literal["2022-07", "2023-04", "2026-04"]
"""A geography vintage, named by the month it starts; a :class:`Vintages` extended by a
reorganisation file holds more (``"2027-04"``)."""

_COLUMNS = ("area_code", "metric_id", "period", "value", "numerator", "denominator")


def reproject(
    data: FrameT,
    to: Vintage | str,
    *,
    from_: Vintage | str | None = None,
    apportionment: Any = None,
    lookup: Any = None,
    national: Any = None,
    locals: Any = None,
    vintages: _core.Vintages | None = None,
) -> FrameT:
    """Observations (``area_code``, ``metric_id``, ``period``, ``value``, ``numerator``,
    ``denominator``; codes of any vintage, each read in the vintage of its period, or all in
    ``from_``) carried onto the ICBs of vintage ``to`` (``"2026-04"``), as the same kind of
    frame.

    Mergers sum the counts and recompute the value in the metric's unit (from ``national``
    and ``locals``, by default the embedded frameworks); values without counts combine only
    as their metric's ``combine`` rule says (summed, or a mean weighted by another metric),
    else the merger is refused naming the metric. A split ICB is shared by
    ``apportionment`` (a frame or CSV path with ``from_code``, ``to_code`` and ``share``,
    exact shares summing to 1 per ICB), or rebuilt exactly from small areas: with ``lookup`` (a
    frame or CSV path in the ONS shape, the small area's code first and then an ``ICB26CD``,
    ``ICB23CD``, ``ICB22CD`` or ``icb_code`` column), rows keyed by LSOAs, practices or sub-ICB
    locations are summed into the ICB each lies in. Without either, a split ICB is refused
    with a ``DataError`` naming it. The result adds ``reprojected_from`` and ``method``
    (``unchanged``, ``recoded``, ``merged``, ``apportioned``, ``rolled_up``). With
    ``vintages`` (a :class:`Vintages` extended by a reorganisation file), ``to`` may be a
    vintage the file adds.

    Examples
    --------
    >>> import pandas as pd
    >>> import ics_outcomes as ico
    >>> london = pd.DataFrame({"area_code": ["QRV", "QMJ"], "metric_id": ["ae_4h"] * 2,
    ...                        "period": ["2025/26 Q4"] * 2, "numerator": [70, 80], "denominator": [100, 100]})
    >>> out = ico.reproject(london, "2026-04")
    >>> out[["area_code", "value", "method"]].values.tolist()
    [['E54000071', Decimal('75'), 'merged']]
    """
    pa = _require("pyarrow", "arrow")
    frame = _Frame(data, None)
    table = frame.table
    present = table.column_names
    for name in _COLUMNS[:3]:
        if name not in present:
            raise _argument(name, present, f"no {name} column; the columns are {', '.join(present)}")
    for name in _COLUMNS[3:]:
        if name not in present:
            table = table.append_column(name, pa.nulls(table.num_rows, pa.string()))
    shares = None if apportionment is None else _csv_text(apportionment)
    areas = None if lookup is None else _csv_text(lookup)
    locals_ = None if locals is None else list(locals)
    out = _core.reproject(table, to, from_, shares, areas, national, locals_, vintages)
    return cast("FrameT", _to_kind(out, frame.kind))


def _csv_text(source: Any) -> str:
    """A CSV file's text, or a frame as CSV text (every column, quoted where a name holds a
    comma): the core reads the columns it needs by name."""
    if not isinstance(source, (str, os.PathLike)):
        pa = _require("pyarrow", "arrow")
        pa_csv = _require("pyarrow.csv", "arrow")
        table = _Frame(source, None).table
        table = table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))
        sink = pa.BufferOutputStream()
        pa_csv.write_csv(table, sink)
        text: str = sink.getvalue().to_pybytes().decode("utf-8")
        return text
    path = os.fspath(source)
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, ValueError) as error:
        # ValueError: a path no file can have (an embedded NUL).
        raise _core._error("FileError", path, "", str(getattr(error, "strerror", None) or error)) from None


def geography(vintage: Vintage | str | None = None, vintages: _core.Vintages | None = None) -> pd.DataFrame:
    """The ICBs of a geography vintage (``"2022-07"``, ``"2023-04"``, ``"2026-04"``), or of
    every vintage when none is named, as a pandas DataFrame: ONS ``code``, ``ods`` code,
    ``name``, NHS ``region`` and the ``first_vintage`` and ``last_vintage`` each is valid in
    (missing while still in force), from ``vintages`` (default: the embedded ones).
    :func:`successions` gives how each vintage's ICBs became the next's.

    Examples
    --------
    >>> import ics_outcomes as ico
    >>> len(ico.geography("2026-04")), len(ico.geography("2023-04"))
    (36, 42)
    >>> ico.geography("2026-04").set_index("ods").loc["Z9B2Z", "name"]
    'West and North London'
    """
    _require("pandas", "pandas")
    return _core.icbs(vintage, vintages).to_pandas()


def successions(vintages: _core.Vintages | None = None) -> pd.DataFrame:
    """Every succession between geography vintages as a pandas DataFrame: ``from`` and
    ``to`` ONS codes, the ``change`` (``merger``, ``split``, ``boundary_change``) and the
    ``vintage`` from which the successor stands.

    Examples
    --------
    >>> import ics_outcomes as ico
    >>> frimley = ico.successions().query("`from` == 'E54000034'")
    >>> sorted(frimley["to"]), set(frimley["change"])
    (['E54000067', 'E54000069', 'E54000070'], {'split'})
    """
    _require("pandas", "pandas")
    return _core.successions(vintages).to_pandas()
