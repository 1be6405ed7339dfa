"""Frames from results, through the Arrow PyCapsule interface.

pandas, polars and pyarrow are optional: each is imported here, on first use, with a
message saying how to install it when it is missing.
"""

from __future__ import annotations

import functools
import importlib
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

FrameT = TypeVar("FrameT", "pd.DataFrame", "pl.DataFrame", "pa.Table", "pa.RecordBatch")
"""A frame in, the same kind of frame out: pandas, polars, a pyarrow table or record batch."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


def keyword_columns(*names: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Column arguments are keyword-only in every module (``x="deaths"``), after the frame.

    Functions whose columns were positional (``stats.rate(df, "deaths", "pop")``) take the
    old spelling for one release, with a ``DeprecationWarning`` naming the keywords.
    """

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            if len(args) <= 1:
                return function(*args, **kwargs)
            data, *columns = args
            if columns:
                if len(columns) > len(names):
                    raise TypeError(f"{function.__name__}() takes the frame and then keyword arguments only")
                given = dict(zip(names, columns, strict=False))
                again = sorted(given.keys() & kwargs.keys())
                if again:
                    raise TypeError(f"{function.__name__}() got multiple values for argument {again[0]!r}")
                spelled = ", ".join(f"{name}=" for name in given)
                warnings.warn(
                    f"{function.__name__}(): give the columns by keyword ({spelled}); "
                    "positional columns will be refused in the next release",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs.update(given)
            return function(data, **kwargs)

        return call

    return decorate


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
