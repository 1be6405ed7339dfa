"""Statistics, SPC and scoring inside Arrow engines: throughput per core (issue #10, item 5).

10,000,000 rows of counts (``row``, ``area``, ``deaths``, ``population``), made by integer
formulas of the row number that numpy and Spark SQL compute alike, go through
``ics_outcomes.engines.stats("rate", ...)`` (rates per 100,000 with exact limits below 10
events, Byar's from 10):

- the library directly, on the whole table at once;
- DuckDB: a query's Arrow record batches through the function, its results scanned by SQL;
- Polars: ``LazyFrame.map_batches`` collected by the streaming engine;
- PySpark: ``mapInArrow`` on local[1] and local[2] sessions, data made in Spark;
- peers: Byar's limits on every row in numpy and as a Polars expression (the peers use Byar's
  below 10 events too, so they do a little less work).

Then XmR charts of 166,666 monthly series of 60 points (10 million points) directly, through
DuckDB (ordered by series) and Spark local[2] (repartitioned by series), and scoring of
generated place observations (2,100 places) directly, through DuckDB and Spark local[2].

Every engine's total of the rates is printed beside the direct one: the engines compute the
same numbers. Run with a release build of the extension:

    VIRTUAL_ENV=$PWD/.venv .venv/bin/maturin develop --release --extras test
    .venv/bin/python benches/python_engines.py    # BENCH_PARTS=statistics for one part

Peak memory of the Python process is about 3 GiB (the direct call holds 10 million rows in
and out); Spark's JVM adds its 2 GiB driver.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import duckdb
import ics_outcomes as ico
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from ics_outcomes import engines, spc, stats

ROWS = int(os.environ.get("BENCH_ROWS", 10_000_000))  # fewer for a quick try
AREAS = 100_000
Z = 1.959963984540054
PERIOD = "2026/27 Q4"  # the default observations' last quarter: the 36 ICBs of April 2026
SPARK_PARTITIONS = 8


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def report(label: str, seconds: float, rows: int, cores: int, check: Any = None) -> None:
    per_core = rows / seconds / cores
    shown = "" if check is None else f"  check {check:.10g}"
    print(f"{label:<46} {seconds:8.2f} s {rows / seconds:14,.0f} rows/s {per_core:14,.0f} rows/s/core{shown}")


def counts() -> pa.Table:
    """The rows, by formulas Spark SQL repeats in :func:`spark_counts`."""
    row = np.arange(ROWS, dtype=np.int64)
    population = 50 + (row * 7919) % 20011
    deaths = np.floor(((row * 104729) % 997) * population / 49850)
    return pa.table(
        {
            "row": row,
            "area": pa.array(row % AREAS).cast(pa.string()),
            "deaths": deaths.astype(np.float64),
            "population": population.astype(np.float64),
        }
    )


def spark_counts(spark: Any) -> Any:
    return spark.range(ROWS, numPartitions=SPARK_PARTITIONS).selectExpr(
        "id AS row",
        f"CAST(id % {AREAS} AS STRING) AS area",
        "CAST(floor(((id * 104729) % 997) * (50 + (id * 7919) % 20011) / 49850) AS DOUBLE) AS deaths",
        "CAST(50 + (id * 7919) % 20011 AS DOUBLE) AS population",
    )


def byars_numpy(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    value = x / n * 100_000
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = x * (1 - 1 / (9 * x) - Z / (3 * np.sqrt(x))) ** 3 / n * 100_000
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + Z / (3 * np.sqrt(x + 1))) ** 3 / n * 100_000
    return value, lower, upper


def byars_polars(frame: pl.LazyFrame) -> pl.LazyFrame:
    x, n = pl.col("deaths"), pl.col("population")
    return frame.with_columns(
        value=x / n * 100_000,
        lowercl=x * (1 - 1 / (9 * x) - Z / (3 * x.sqrt())) ** 3 / n * 100_000,
        uppercl=(x + 1) * (1 - 1 / (9 * (x + 1)) + Z / (3 * (x + 1).sqrt())) ** 3 / n * 100_000,
    )


def spark_session(cores: int) -> Any:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(f"ics-outcomes-bench-{cores}")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(SPARK_PARTITIONS))
        .config("spark.driver.memory", "2g")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "100000")
        .getOrCreate()
    )


def statistics() -> None:
    print(f"Rates with limits, {ROWS:,} rows (row-wise, type='standard')")
    table = counts()
    rate = engines.stats("rate", x="deaths", n="population", type="standard")

    seconds, direct = timed(lambda: stats.rate(table, x="deaths", n="population", type="standard"))
    total = pc.sum(direct["value"]).as_py()
    report("library directly (one call)", seconds, ROWS, 1, total)
    del direct
    gc.collect()

    x, n = table["deaths"].to_numpy(), table["population"].to_numpy()
    numpy_seconds, (value, _, _) = timed(lambda: byars_numpy(x, n))

    def through_duckdb() -> float:
        source, sql = duckdb.connect(), duckdb.connect()
        source.register("counts", table)
        sql.register("results", rate.reader(source.sql("SELECT * FROM counts").to_arrow_reader(1_000_000)))
        return sql.execute("SELECT sum(value) FROM results").fetchone()[0]

    seconds, got = timed(through_duckdb)
    report("DuckDB batches -> rate -> DuckDB SQL", seconds, ROWS, 1, got)

    def duckdb_alone() -> float:
        """The same round trip with nothing computed: DuckDB's own cost, which no function
        passed through it can go below."""
        source, sql = duckdb.connect(), duckdb.connect()
        source.register("counts", table)
        sql.register("results", source.sql("SELECT * FROM counts").to_arrow_reader(1_000_000))
        return sql.execute("SELECT sum(deaths) FROM results").fetchone()[0]

    floor, _ = timed(duckdb_alone)
    report("  DuckDB's round trip alone (no computation)", floor, ROWS, 1)
    print(f"  ours/peer (numpy) of the time rates add to it: {(seconds - floor) / numpy_seconds:.2f}")

    frame = pl.from_arrow(table)
    schema = rate.output_schema(frame.schema)

    def through_polars() -> float:
        lazy = frame.lazy().map_batches(rate, schema=schema, streamable=True)
        return lazy.select(pl.col("value").sum()).collect(engine="streaming").item()

    seconds, got = timed(through_polars)
    report("Polars LazyFrame.map_batches (streaming)", seconds, ROWS, 1, got)
    # Polars and the library each use every core: the same on one thread each, in a child
    # process (Polars reads its thread count once, at import).
    child = dict(os.environ, BENCH_PARTS="one_core", POLARS_MAX_THREADS="1")
    subprocess.run([sys.executable, __file__], env=child, check=True)

    report("peer: numpy, Byar's on every row", numpy_seconds, ROWS, 1, value.sum())
    # All three columns are summed, or Polars would compute only the value.
    sums = [pl.col(c).fill_nan(None).sum() for c in ("value", "lowercl", "uppercl")]
    seconds, got = timed(lambda: byars_polars(frame.lazy()).select(sums).collect().row(0)[0])
    report("peer: Polars expressions, Byar's on every row", seconds, ROWS, os.cpu_count() or 1, got)
    table = frame = x = n = value = None  # free the memory before Spark
    gc.collect()

    for cores in (1, 2):
        spark = spark_session(cores)
        data = spark_counts(spark)
        spark_schema = rate.output_schema(data.schema)
        data.mapInArrow(rate, spark_schema).selectExpr("sum(value)").collect()  # warm the workers
        seconds, got = timed(lambda: data.mapInArrow(rate, spark_schema).selectExpr("sum(value)").collect()[0][0])  # noqa: B023
        report(f"PySpark mapInArrow local[{cores}]", seconds, ROWS, cores, got)
        spark.stop()


def one_core() -> None:
    """Polars ``map_batches`` and the numpy peer with one thread each."""
    ico.set_max_threads(1)
    table = counts()
    rate = engines.stats("rate", x="deaths", n="population", type="standard")
    frame = pl.from_arrow(table)
    schema = rate.output_schema(frame.schema)
    lazy = frame.lazy().map_batches(rate, schema=schema, streamable=True).select(pl.col("value").sum())
    best = min(timed(lambda: lazy.collect(engine="streaming").item())[0] for _ in range(3))
    report("  the same, one thread each", best, ROWS, 1)
    x, n = table["deaths"].to_numpy(), table["population"].to_numpy()
    best = min(timed(lambda: byars_numpy(x, n))[0] for _ in range(3))
    report("  numpy peer, the same process", best, ROWS, 1)


def series_table() -> pa.Table:
    """Monthly series of 60 points, by formulas Spark SQL repeats in :func:`charts`."""
    row = np.arange(ROWS - ROWS % 60, dtype=np.int64)
    return pa.table({"unit": row // 60, "month": row % 60, "pct": (50 + (row * 7919) % 50).astype(np.float64)})


def charts() -> None:
    table = series_table()
    rows = table.num_rows
    print(f"\nXmR charts, {rows // 60:,} series of 60 points ({rows:,} rows)")
    xmr = engines.xmr(value="pct", date="month", group_by="unit")
    seconds, direct = timed(lambda: spc.xmr(table, value="pct", date="month", group_by="unit"))
    report("library directly (one call)", seconds, rows, 1, pc.sum(direct["mean"]).as_py())
    del direct
    gc.collect()

    def through_duckdb() -> float:
        source, sql = duckdb.connect(), duckdb.connect()
        source.register("series", table)
        query = source.sql("SELECT * FROM series ORDER BY unit, month").to_arrow_reader(600_000)
        sql.register("charts", xmr.reader(query))
        return sql.execute("SELECT sum(mean) FROM charts").fetchone()[0]

    seconds, got = timed(through_duckdb)
    report("DuckDB ORDER BY unit -> xmr -> DuckDB SQL", seconds, rows, 1, got)

    table = None  # free the memory before Spark
    gc.collect()
    spark = spark_session(2)
    data = spark.range(rows, numPartitions=SPARK_PARTITIONS).selectExpr(
        "CAST(id DIV 60 AS BIGINT) AS unit", "id % 60 AS month", "CAST(50 + (id * 7919) % 50 AS DOUBLE) AS pct"
    )
    schema = xmr.output_schema(data.schema)

    def through_spark() -> float:
        partitioned = data.repartition("unit").sortWithinPartitions("unit", "month")
        return partitioned.mapInArrow(xmr, schema).selectExpr("sum(mean)").collect()[0][0]

    seconds, got = timed(through_spark)
    report("PySpark repartition + mapInArrow local[2]", seconds, rows, 2, got)
    spark.stop()


def places(per_ics: int) -> tuple[pa.Table, dict[str, str]]:
    obs = pa.table(ico.default_observations())
    national = sorted(m.id for m in ico.default_national_framework().metrics)
    obs = obs.filter(pc.is_in(obs["metric_id"], pa.array(national)))
    obs = obs.sort_by([("area_code", "ascending"), ("metric_id", "ascending"), ("period", "ascending")])
    systems = sorted(set(obs["area_code"].to_pylist()))
    block = obs.num_rows // len(systems)
    mapping = {f"P{i:06d}": systems[i % len(systems)] for i in range(per_ics * len(systems))}
    drawn = np.random.default_rng(3).integers(0, len(systems), len(mapping))
    rows = obs.take(pa.array((drawn[:, None] * block + np.arange(block)).ravel()))
    return rows.set_column(0, "area_code", pa.array(np.repeat(list(mapping), block))), mapping


def scoring() -> None:
    rows, mapping = places(50)
    national = ico.default_national_framework()
    print(f"\nScoring {len(mapping):,} places ({rows.num_rows:,} observation rows), SPC on")
    seconds, card = timed(lambda: ico.score(national, [], rows, places=mapping, period=PERIOD))
    report("library directly (one call)", seconds, rows.num_rows, 1)
    scorer = engines.score(national, [], period=PERIOD, places=mapping)

    def through_duckdb() -> Any:
        source, sql = duckdb.connect(), duckdb.connect()
        source.register("observations", rows)
        query = source.sql("SELECT * FROM observations ORDER BY area_code").to_arrow_reader(20_000)
        sql.register("scores", scorer.reader(query))
        return engines.rank(sql.sql("SELECT * FROM scores").to_arrow_reader(100_000).read_all())

    seconds, ranked = timed(through_duckdb)
    same = ranked["overall"].to_pylist() == pa.table(card)["overall"].to_pylist()
    report(f"DuckDB ORDER BY area -> score -> rank (same: {same})", seconds, rows.num_rows, 1)

    spark = spark_session(2)
    frame = spark.createDataFrame(rows).repartition(SPARK_PARTITIONS, "area_code").sortWithinPartitions("area_code")
    frame = frame.cache()
    frame.count()
    schema = scorer.output_schema(frame.schema)
    seconds, ranked = timed(lambda: engines.rank(frame.mapInArrow(scorer, schema).toArrow()))
    same = ranked["overall"].to_pylist() == pa.table(card)["overall"].to_pylist()
    report(f"PySpark mapInArrow local[2] -> rank (same: {same})", seconds, rows.num_rows, 2)
    spark.stop()


if __name__ == "__main__":
    parts = os.environ.get("BENCH_PARTS", "statistics,charts,scoring").split(",")  # a subset, to re-run one
    if parts != ["one_core"]:  # the child process of `statistics` prints its lines only
        versions = f"duckdb {duckdb.__version__}, polars {pl.__version__}"
        print(f"ics-outcomes {ico.__version__}, {os.cpu_count()} cores; {versions}")
    for part in (statistics, one_core, charts, scoring):
        if part.__name__ in parts:
            part()
