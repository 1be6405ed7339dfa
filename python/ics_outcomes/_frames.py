"""Frames from results, through the Arrow PyCapsule interface.

pandas, polars and pyarrow are optional: each is imported here, on first use, with a
message saying how to install it when it is missing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

FrameT = TypeVar("FrameT", "pd.DataFrame", "pl.DataFrame", "pa.Table", "pa.RecordBatch")
"""A frame in, the same kind of frame out: pandas, polars, a pyarrow table or record batch."""


def _require(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"{module} is needed for this; install it with: pip install 'ics-outcomes[{extra}]'"
        ) from error


def to_pandas(obj: Any) -> Any:
    """A pandas DataFrame of an Arrow-exporting result (decimals as ``decimal.Decimal``)."""
    _require("pandas", "pandas")
    pa = _require("pyarrow", "pandas")
    return pa.table(obj).to_pandas()


def to_polars(obj: Any) -> Any:
    """A polars DataFrame of an Arrow-exporting result."""
    pl = _require("polars", "polars")
    return pl.DataFrame(obj)


def league_table(card: Any) -> Any:
    """The main columns of a scorecard, indexed by rank, for reading."""
    frame = to_pandas(card)
    columns = ["code", "ods", "name", "overall", "national", "local", "targets_met", "targets_judged"]
    return frame.set_index("rank")[columns]
