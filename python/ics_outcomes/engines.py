"""Statistics, SPC and scoring inside Arrow engines: DuckDB, Polars and Spark.

Those engines split data into Arrow record batches and run a function on each; the callables
made here are those functions. Each takes record batches and gives record batches back, with
an output schema known before any data arrives (Spark's ``mapInArrow`` asks for it), and each
pickles (Spark ships it to its workers). The engine does the scaling out; this library only
computes.

A callable accepts:

- a ``pyarrow.RecordBatch`` (or anything with ``__arrow_c_array__``): one batch out;
- a ``pyarrow.Table``, or a polars or pandas DataFrame: computed as a whole, same kind out
  (Spark's ``groupBy(...).applyInArrow``, Polars' ``map_batches`` and ``map_groups``);
- an iterator of batches or an Arrow stream (a ``RecordBatchReader``, a DuckDB result):
  an iterator of batches out (Spark's ``mapInArrow``; :meth:`BatchFunction.reader` wraps it
  for DuckDB to scan).

Row-wise statistics (``proportion`` and ``rate`` without ``group_by``) run batch by batch.
Anything computed per group (summaries with ``group_by``, SPC charts, area scores) needs all of
a group's rows in one computation: in a stream, a group's rows must be consecutive (DuckDB:
``ORDER BY`` the group columns; Spark: ``repartition`` by them then ``sortWithinPartitions``).
A group seen again after it was computed raises
:class:`~ics_outcomes.exceptions.ArgumentError` rather than giving a wrong answer.

Examples
--------
>>> import pyarrow as pa
>>> from ics_outcomes import engines
>>> proportions = engines.stats("proportion", x="num", n="den", multiplier=100)
>>> batch = pa.record_batch({"num": [30, 65], "den": [50, 100]})
>>> proportions(batch).column("value").to_pylist()
[60.0, 65.0]
>>> proportions.output_schema(batch.schema).names[:3]
['num', 'den', 'value']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast, overload

import numpy as np

from ics_outcomes import _core, spc
from ics_outcomes import stats as _stats
from ics_outcomes._frames import FrameT, _require

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow
from ics_outcomes.stats import _argument, _kind, _one_batch, _to_kind

__all__ = ["BatchFunction", "rank", "score", "score_schema", "stats", "xmr"]

#: Statistics computed row by row when not grouped.
_ROW_WISE = ("proportion", "rate")
#: Statistics computed per group of ``group_by``.
_GROUPED = ("proportion", "rate", "mean", "dsr", "isr_ratio", "isr_rate", "quantile")


def score_schema() -> pyarrow.Schema:
    """The schema of :func:`score`'s batches: the core's scorecard columns without the rank
    (ranks are over all areas: :func:`rank` adds them). Scores are exact decimals at 28
    places, the most a ``decimal.Decimal`` score has, so no value is rounded; counts are
    int64.

    Examples
    --------
    >>> from ics_outcomes import engines
    >>> schema = engines.score_schema()
    >>> schema.names[:6], "rank" in schema.names
    (['code', 'ods', 'name', 'overall', 'national', 'local'], False)
    """
    schema = _core.table_schema("scorecard")
    return schema.remove(schema.get_field_index("rank"))


class BatchFunction:
    """A computation over record batches with a stable output schema (see the module notes).

    ``keys`` are the columns whose groups must be computed whole; empty for row-wise ones.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from ics_outcomes import engines
    >>> proportions = engines.stats("proportion", x="num", n="den", multiplier=100)
    >>> isinstance(proportions, engines.BatchFunction), proportions.keys      # row-wise: no group keys
    (True, ())
    >>> batches = [pa.record_batch({"num": [30], "den": [50]}), pa.record_batch({"num": [65], "den": [100]})]
    >>> [batch.column("value").to_pylist() for batch in proportions(iter(batches))]
    [[60.0], [65.0]]
    """

    keys: tuple[str, ...] = ()

    def _apply(self, table: Any) -> Any:
        raise NotImplementedError

    @overload
    def __call__(self, data: pyarrow.Table, /) -> pyarrow.Table: ...
    @overload
    def __call__(self, data: pyarrow.RecordBatch, /) -> pyarrow.RecordBatch: ...
    @overload
    def __call__(self, data: pandas.DataFrame, /) -> pandas.DataFrame: ...
    @overload
    def __call__(self, data: polars.DataFrame, /) -> polars.DataFrame: ...
    @overload
    def __call__(self, key: object, data: pyarrow.Table, /) -> pyarrow.Table: ...
    @overload
    def __call__(self, data: Iterable[pyarrow.RecordBatch], /) -> Iterator[pyarrow.RecordBatch]: ...

    def __call__(self, *args: Any) -> Any:
        """The results for a frame, in its kind (pyarrow, pandas, polars, a record batch); for
        record batches or an Arrow stream, the result batches as they are ready; for Spark's
        grouped ``applyInArrow``, a group's key and its table."""
        # One argument, the data; or a group's key and its data, as Spark's applyInArrow may
        # pass them. (Spark counts the named parameters of __call__, so there are none.)
        if len(args) not in (1, 2):
            raise _argument("data", len(args), "give the data, or a group key and its data")
        data = args[-1]
        pa = _require("pyarrow", "arrow")
        if isinstance(data, pa.Table):
            return self._run(data)
        kind = _kind(data)
        if kind == "batch":
            batch = data if isinstance(data, pa.RecordBatch) else pa.record_batch(data)
            return _one_batch(self._run(pa.Table.from_batches([batch])))
        if kind == "polars":
            return self._polars(data)
        if kind == "pandas":
            return self._run(_stats._Frame(data, None).table).to_pandas()
        if hasattr(data, "__arrow_c_stream__"):
            return self._stream(iter(pa.RecordBatchReader.from_stream(data)))
        if isinstance(data, Mapping):
            return self._run(_stats._Frame(data, None).table)
        if isinstance(data, Iterable) and not isinstance(data, str | bytes):
            return self._stream(_record_batches(data))
        raise _argument("data", type(data).__name__, "must be record batches, a table or a frame")

    def reader(self, data: Any) -> pyarrow.RecordBatchReader:
        """The results of an Arrow stream (e.g. a DuckDB result) as a ``pyarrow.RecordBatchReader``,
        for DuckDB to scan in SQL or pyarrow to collect; a table or frame is read as one.

        Examples
        --------
        >>> import pyarrow as pa
        >>> from ics_outcomes import engines
        >>> proportions = engines.stats("proportion", x="num", n="den", multiplier=100)
        >>> reader = proportions.reader(pa.table({"num": [30, 65], "den": [50, 100]}))
        >>> type(reader).__name__, reader.read_all().column("value").to_pylist()
        ('RecordBatchReader', [60.0, 65.0])
        """
        pa = _require("pyarrow", "arrow")
        if isinstance(data, pa.RecordBatchReader) or (
            hasattr(data, "__arrow_c_stream__") and _kind(data) not in ("pandas", "polars")
        ):
            source = pa.RecordBatchReader.from_stream(data)
        else:
            source = _stats._Frame(data, None).table.to_reader()
        return cast(
            "pyarrow.RecordBatchReader",
            pa.RecordBatchReader.from_batches(self._schema(source.schema), self._stream(iter(source))),
        )

    @overload
    def output_schema(self, input_schema: pyarrow.Schema) -> pyarrow.Schema: ...
    @overload
    def output_schema(self, input_schema: polars.Schema) -> polars.Schema: ...
    @overload
    def output_schema(self, input_schema: object) -> Any: ...

    def output_schema(self, input_schema: Any) -> Any:
        """The schema of the results for input of ``input_schema``: a ``pyarrow.Schema`` (or
        anything with ``__arrow_c_schema__``), a Spark ``StructType`` (a ``StructType`` out,
        for ``mapInArrow``) or a polars schema (a polars schema out, for ``map_batches``).

        Examples
        --------
        >>> import pyarrow as pa
        >>> from ics_outcomes import engines
        >>> proportions = engines.stats("proportion", x="num", n="den", multiplier=100)
        >>> proportions.output_schema(pa.schema({"num": pa.int64(), "den": pa.int64()})).names
        ['num', 'den', 'value', 'lowercl', 'uppercl', 'confidence', 'statistic', 'method']
        """
        pa = _require("pyarrow", "arrow")
        module = type(input_schema).__module__.split(".")[0]
        if module == "pyspark":
            types = _require("pyspark.sql.pandas.types", "spark")
            return types.from_arrow_schema(self._schema(types.to_arrow_schema(input_schema)))
        if module == "polars":
            pl = _require("polars", "polars")
            empty = pl.DataFrame(schema=input_schema).to_arrow()
            return pl.from_arrow(self._schema(empty.schema).empty_table()).schema
        return self._schema(pa.schema(input_schema))

    def _schema(self, input_schema: Any) -> Any:
        cache: dict[Any, Any] = self.__dict__.setdefault("_schemas", {})
        if input_schema not in cache:
            cache[input_schema] = _portable(self._apply(input_schema.empty_table()).schema)
        return cache[input_schema]

    def _polars(self, frame: Any) -> Any:
        """The results for a polars frame, through Arrow and the stable schema."""
        pl = _require("polars", "polars")
        return pl.from_arrow(self._run(frame.to_arrow()))

    def _run(self, table: Any) -> Any:
        """The results of one computation, cast to the stable schema (casts are checked:
        a value that does not fit raises rather than changing)."""
        if table.num_rows == 0:
            return self._schema(table.schema).empty_table()
        result = self._apply(table)
        schema = self._schema(table.schema)
        return result if result.schema == schema else result.cast(schema)

    def _stream(self, batches: Iterator[Any]) -> Iterator[Any]:
        pa = _require("pyarrow", "arrow")
        if not self.keys:
            for batch in batches:
                if batch.num_rows:
                    yield _one_batch(self._run(pa.Table.from_batches([batch])))
            return
        done: set[tuple[Any, ...]] = set()
        carry = None
        for batch in batches:
            table = pa.Table.from_batches([batch])
            table = table if carry is None else pa.concat_tables([carry, table])
            if not table.num_rows:
                continue
            # The last group may go on in the next batch: hold it back until it ends.
            cut = _last_group_start(table, self.keys)
            carry = table.slice(cut)
            if cut:
                yield self._whole_groups(table.slice(0, cut), done)
        if carry is not None and carry.num_rows:
            yield self._whole_groups(carry, done)

    def _whole_groups(self, table: Any, done: set[tuple[Any, ...]]) -> Any:
        keys = list(self.keys)
        groups = {tuple(row[k] for k in keys) for row in table.group_by(keys).aggregate([]).to_pylist()}
        again = groups & done
        if again:
            raise _argument(
                ", ".join(keys),
                sorted(again, key=repr)[0],
                "this group's rows arrive in parts; a group's rows must be consecutive "
                f"(order the query by {', '.join(keys)}, or repartition and sort within partitions by them)",
            )
        done |= groups
        return _one_batch(self._run(table))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._describe()})"

    def _describe(self) -> str:
        return ""


def _record_batches(items: Iterable[Any]) -> Iterator[Any]:
    """The record batches of an iterable, each checked: anything else is an ``ArgumentError``."""
    pa = _require("pyarrow", "arrow")
    for item in items:
        if isinstance(item, pa.RecordBatch):
            yield item
        elif hasattr(item, "__arrow_c_array__"):
            yield pa.record_batch(item)
        else:
            raise _argument("data", type(item).__name__, "an iterable of data must hold record batches")


def _last_group_start(table: Any, keys: Sequence[str]) -> int:
    """The first row of the run of rows, at the end of ``table``, in the last row's group."""
    pc = _require("pyarrow.compute", "arrow")
    same = np.ones(table.num_rows, dtype=bool)
    for key in keys:
        column = table.column(key)
        last = column[-1]
        equal = pc.is_null(column) if not last.is_valid else pc.fill_null(pc.equal(column, last), False)
        same &= equal.to_numpy(zero_copy_only=False)
    different = np.flatnonzero(~same)
    return int(different[-1]) + 1 if len(different) else 0


def _portable(schema: Any) -> Any:
    """A schema every engine reads: unsigned counts as int64 and labels as plain strings
    (Spark has neither unsigned nor dictionary-encoded types)."""
    pa = _require("pyarrow", "arrow")

    def portable(data_type: Any) -> Any:
        if pa.types.is_unsigned_integer(data_type):
            return pa.int64()
        if pa.types.is_dictionary(data_type):
            return data_type.value_type
        return data_type

    return pa.schema([f.with_type(portable(f.type)) for f in schema], metadata=schema.metadata)


def _group_keys(group_by: str | Sequence[str] | None) -> tuple[str, ...]:
    return (group_by,) if isinstance(group_by, str) else tuple(group_by or ())


class _Stats(BatchFunction):
    def __init__(self, method: str, arguments: dict[str, Any]) -> None:
        if method not in _GROUPED:
            raise _argument("method", method, f"should be one of {', '.join(repr(m) for m in _GROUPED)}")
        self.method, self.arguments = method, arguments
        self.keys = _group_keys(arguments.get("group_by"))
        if not self.keys and method not in _ROW_WISE:
            raise _argument(
                "group_by", None, f"{method} summarises groups: name the group columns, so each group is computed whole"
            )

    def _apply(self, table: Any) -> Any:
        return getattr(_stats, self.method)(table, **self.arguments)

    def _polars(self, frame: Any) -> Any:
        # Row by row, the results join the frame itself: its columns (text among them) do
        # not make a round trip through Arrow.
        if self.keys or frame.height == 0:
            return super()._polars(frame)
        result, schema = self._apply(frame), self.output_schema(frame.schema)
        return result if result.schema == schema else result.cast(dict(schema))

    def _describe(self) -> str:
        return ", ".join([repr(self.method), *(f"{k}={v!r}" for k, v in self.arguments.items())])


class _Xmr(BatchFunction):
    def __init__(self, arguments: dict[str, Any]) -> None:
        self.arguments = arguments
        self.keys = _group_keys(arguments.get("group_by"))
        if not self.keys:
            raise _argument("group_by", None, "name the series columns, so each series is charted whole")

    def _apply(self, table: Any) -> Any:
        return spc.xmr(table, **self.arguments)

    def _schema(self, input_schema: Any) -> Any:
        # The input columns come first, as xmr keeps them, and the core's chart columns (all
        # but the input row) are added or replace them.
        cache: dict[Any, Any] = self.__dict__.setdefault("_schemas", {})
        if input_schema not in cache:
            pa = _require("pyarrow", "arrow")
            fields = list(_stats._Frame(input_schema.empty_table(), None).table.schema)
            for field in _core.table_schema("xmr_chart"):
                names = [f.name for f in fields]
                if field.name in names:
                    fields[names.index(field.name)] = field
                elif field.name != "row":
                    fields.append(field)
            cache[input_schema] = _portable(pa.schema(fields))
        return cache[input_schema]

    def _describe(self) -> str:
        return ", ".join(f"{k}={v!r}" for k, v in self.arguments.items())


class _Score(BatchFunction):
    keys = ("area_code",)

    def __init__(self, national: Any, locals_: Sequence[Any], arguments: dict[str, Any]) -> None:
        # Checked here, where the job is built, rather than later on every worker.
        if not isinstance(national, _core.NationalFramework):
            raise _argument("national", type(national).__name__, "must be a NationalFramework")
        bad = next((type(f).__name__ for f in locals_ if not isinstance(f, _core.LocalFramework)), None)
        if bad is not None:
            raise _argument("locals", bad, "must be LocalFramework objects")
        if not isinstance(arguments["period"], str):
            raise _argument("period", arguments["period"], "the period to score, e.g. '2025/26 Q4', is required")
        self.national, self.locals, self.arguments = national, list(locals_), arguments

    def _schema(self, input_schema: Any) -> Any:
        return score_schema()

    def _apply(self, table: Any) -> Any:
        pa = _require("pyarrow", "arrow")
        pc = _require("pyarrow.compute", "arrow")
        # A batch may hold none of the period's rows (an area with only older data): its
        # areas are then unscored, as in one whole scorecard, not an error.
        card = pa.table(_core.score(self.national, self.locals, table, absent_period_unscored=True, **self.arguments))
        # The card lists every area of the level; keep those whose rows are here.
        present = pc.unique(table.column("area_code").cast(pa.string()))
        here = pc.or_(pc.is_in(card.column("code"), present), pc.is_in(card.column("ods"), present))
        return card.filter(pc.fill_null(here, False)).drop_columns(["rank"])

    def _whole_groups(self, table: Any, done: set[tuple[Any, ...]]) -> Any:
        # An area may come under its ONS code in one part and its ODS code in another: the
        # groups then differ but the scored area is the same, so check the scored codes too.
        batch = super()._whole_groups(table, done)
        scored = {("scored", code) for code in batch.column("code").to_pylist()}
        again = scored & done
        if again:
            raise _argument(
                "area_code",
                sorted(again)[0][1],
                "this area's rows arrive in parts (under its ONS and its ODS code); give one code per "
                "area, or keep each area's rows together",
            )
        done |= scored
        return batch

    def _describe(self) -> str:
        return f"{self.national.id!r}, {len(self.locals)} locals, " + ", ".join(
            f"{k}={v!r}" for k, v in self.arguments.items()
        )


def stats(method: str, **arguments: Any) -> BatchFunction:
    """A batch function of the :mod:`ics_outcomes.stats` function ``method`` with these
    arguments (all but the data), e.g. ``stats("rate", x="deaths", n="pop", multiplier=1e5)``.

    ``proportion`` and ``rate`` without ``group_by`` are row-wise; the others summarise groups
    and need ``group_by``.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from ics_outcomes import engines
    >>> rates = engines.stats("rate", x="deaths", n="pop", multiplier=1e5, group_by="area")
    >>> rates.keys                                   # each area's rows must come together
    ('area',)
    >>> table = pa.table({"area": ["A", "A", "B"], "deaths": [12, 8, 30], "pop": [10_000, 10_000, 25_000]})
    >>> out = rates(table)
    >>> out.column("area").to_pylist(), [round(v, 6) for v in out.column("value").to_pylist()]
    (['A', 'B'], [100.0, 120.0])
    """
    return _Stats(method, arguments)


def xmr(**arguments: Any) -> BatchFunction:
    """A batch function of :func:`ics_outcomes.spc.xmr` with these arguments; ``group_by``
    names the series (each charted whole).

    Examples
    --------
    >>> import datetime
    >>> import pyarrow as pa
    >>> from ics_outcomes import engines
    >>> charts = engines.xmr(value="v", date="d", group_by="g")
    >>> t = pa.table({"g": ["A"] * 4, "d": [datetime.date(2025, m, 1) for m in range(1, 5)], "v": [1.0, 2.0, 1.5, 2.5]})
    >>> charts(t).column("mean").to_pylist()
    [1.75, 1.75, 1.75, 1.75]
    """
    return _Xmr(arguments)


def score(
    national: Any,
    locals: Sequence[Any],
    *,
    period: str,
    weighting: str | Mapping[str, Decimal | str | int] | None = None,
    missing: str = "exclude",
    places: Mapping[str, str] | None = None,
    spc: bool = True,
) -> BatchFunction:
    """A batch function scoring the areas whose observations (rows of ``area_code``,
    ``metric_id``, ``period``, ``value``...) it is given, as :func:`ics_outcomes.score`
    scores them, one row per area (:func:`score_schema`); :func:`rank` ranks the rows
    of all batches together afterwards.

    An area's score depends only on its own rows, so each area's rows must arrive together
    (one code per area: all ONS or all ODS). ``period`` is required: the latest period of each
    batch would differ between batches. Areas with no rows at all are not scored.

    Examples
    --------
    >>> import ics_outcomes as ico
    >>> from ics_outcomes import engines
    >>> scoring = engines.score(ico.default_national_framework(), ico.default_local_frameworks(), period="2026/27 Q4")
    >>> scores = scoring(ico.default_observations().to_arrow())   # each ICS's rows are together
    >>> scores.num_rows, scores.column_names[:4]
    (36, ['code', 'ods', 'name', 'overall'])
    """
    arguments = {"period": period, "weighting": weighting, "missing": missing, "places": places, "spc": spc}
    return _Score(national, locals, arguments)


def rank(scores: FrameT) -> FrameT:
    """Area scores from :func:`score` (a table, frame or Arrow stream) ranked together as a
    scorecard ranks them: best first, ties sharing the best rank (1, 2, 2, 4), with ``rank``
    as the first column; the same kind of frame out (a ``pyarrow.Table`` for a stream). An
    area given twice (scored from data split by metric rather than by area) is an
    :class:`~ics_outcomes.exceptions.ArgumentError`.

    Examples
    --------
    >>> import ics_outcomes as ico
    >>> from ics_outcomes import engines
    >>> scoring = engines.score(ico.default_national_framework(), ico.default_local_frameworks(), period="2026/27 Q4")
    >>> ranked = engines.rank(scoring(ico.default_observations().to_arrow()))
    >>> ranked.slice(0, 2).select(["rank", "code"]).to_pylist()
    [{'rank': 1, 'code': 'E54000039'}, {'rank': 2, 'code': 'E54000065'}]
    """
    pa = _require("pyarrow", "arrow")
    kind = _kind(scores)
    table = _stats._Frame(scores, None).table
    for name in ("code", "overall"):
        if name not in table.column_names:
            raise _argument(name, table.column_names, "area scores need the columns code and overall")
    codes = [str(code) for code in table.column("code").to_pylist()]
    order, ranks = _core.league_order(codes, table.column("overall").to_pylist())
    table = table.take(pa.array(order, pa.int64())).add_column(0, "rank", pa.array(ranks, pa.int64()))
    return cast("FrameT", _to_kind(table, kind))
