"""Statistics, SPC and scoring inside DuckDB, Polars and Spark, on data generated here, equal
to the library called directly on the whole data (issue #10, item 5)."""

from __future__ import annotations

import os
import pickle
import sys
from decimal import Decimal

import duckdb
import ics_outcomes as ico
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from ics_outcomes import engines, exceptions, spc, stats
from pyspark import cloudpickle
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

ROWS = 400_000
PERIOD = "2026/27 Q4"


@pytest.fixture(scope="module")
def counts() -> pa.Table:
    """Counts and populations of ROWS small areas in 2,000 groups (seeded), numbered by ``row``."""
    rng = np.random.default_rng(20261122)
    population = rng.integers(50, 20_000, ROWS)
    return pa.table(
        {
            "row": np.arange(ROWS),
            "area": pa.array(rng.integers(0, 2_000, ROWS)).cast(pa.string()),
            "deaths": rng.binomial(population, 0.01).astype(np.float64),
            "population": population.astype(np.float64),
        }
    )


@pytest.fixture(scope="module")
def series() -> pa.Table:
    """2,000 monthly series of 60 points, ordered by series then month (seeded)."""
    rng = np.random.default_rng(7)
    months = np.arange(np.datetime64("2021-04"), np.datetime64("2026-04")).astype("datetime64[D]")
    groups = 2_000
    return pa.table(
        {
            "unit": np.repeat([f"U{g:05d}" for g in range(groups)], len(months)),
            "month": np.tile(months, groups),
            "pct": np.round(rng.normal(75, 4, groups * len(months)), 1),
        }
    )


@pytest.fixture(scope="module")
def places() -> tuple[pa.Table, dict[str, str]]:
    """Observations of 420 places (10 per ICS): each place takes each national metric's history
    from an ICS drawn at random (seeded), so every value is a valid one and many tie."""
    obs = pa.table(ico.default_observations())
    national = sorted(m.id for m in ico.default_national_framework().metrics)
    obs = obs.filter(pc.is_in(obs["metric_id"], pa.array(national)))
    obs = obs.sort_by([("area_code", "ascending"), ("metric_id", "ascending"), ("period", "ascending")])
    systems = sorted(set(obs["area_code"].to_pylist()))
    block = obs.num_rows // len(systems)
    mapping = {f"P{i:06d}": systems[i % len(systems)] for i in range(10 * len(systems))}
    drawn = np.random.default_rng(3).integers(0, len(systems), len(mapping))
    rows = obs.take(pa.array((drawn[:, None] * block + np.arange(block)).ravel()))
    rows = rows.set_column(0, "area_code", pa.array(np.repeat(list(mapping), block)))
    return rows, mapping


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("ics-outcomes-engines")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "50000")
        .getOrCreate()
    )
    yield session
    session.stop()


def reader_of(con: duckdb.DuckDBPyConnection, query: str, rows: int) -> pa.RecordBatchReader:
    """A DuckDB query's result as Arrow record batches of ``rows`` rows."""
    relation = con.sql(query)
    fetch = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
    return fetch(rows)


def sorted_by(table: pa.Table, *keys: str) -> pa.Table:
    return table.sort_by([(k, "ascending") for k in keys])


# --- record batches in, record batches out --------------------------------------------------


def test_a_record_batch_in_gives_a_record_batch_out(counts):
    batch = counts.slice(0, 1000).combine_chunks().to_batches()[0]
    out = stats.rate(batch, x="deaths", n="population")
    assert isinstance(out, pa.RecordBatch)
    assert pa.Table.from_batches([out]).equals(stats.rate(counts.slice(0, 1000), x="deaths", n="population"))
    grouped = stats.mean(batch, x="deaths", group_by="area")
    assert isinstance(grouped, pa.RecordBatch) and grouped.num_rows == len(set(batch["area"].to_pylist()))


def test_an_arrow_c_array_exporter_gives_a_record_batch_out(counts):
    class Exporter:
        def __init__(self, batch):
            self.batch = batch

        def __arrow_c_array__(self, requested_schema=None):
            return self.batch.__arrow_c_array__(requested_schema)

    batch = counts.slice(0, 50).to_batches()[0]
    out = stats.proportion(Exporter(batch), x="deaths", n="population")
    assert isinstance(out, pa.RecordBatch)
    assert out.equals(stats.proportion(batch, x="deaths", n="population"))


def test_xmr_and_score_take_record_batches(series, national, locals_, observations, card):
    batch = series.slice(0, 120).combine_chunks().to_batches()[0]
    charts = spc.xmr(batch, value="pct", date="month", group_by="unit")
    assert isinstance(charts, pa.RecordBatch)
    assert pa.Table.from_batches([charts]).equals(
        spc.xmr(series.slice(0, 120), value="pct", date="month", group_by="unit")
    )
    rows = pa.table(observations).combine_chunks().to_batches()[0]
    assert pa.table(ico.score(national, locals_, rows)).equals(pa.table(card))


def test_batch_functions_pickle_with_their_frameworks(national, locals_, places):
    rows, mapping = places
    for function in (
        engines.stats("rate", x="deaths", n="population", confidence=(0.95, 0.998)),
        engines.xmr(value="pct", date="month", group_by="unit", improvement="decrease"),
        engines.score(national, locals_, period=PERIOD, weighting={"urgent_care": Decimal("2")}),
        engines.score(national, [], period=PERIOD, places=mapping),
    ):
        for dumps in (pickle.dumps, cloudpickle.dumps):
            copy = pickle.loads(dumps(function))
            assert repr(copy) == repr(function)
    scorer = engines.score(national, [], period=PERIOD, places=mapping)
    copy = pickle.loads(cloudpickle.dumps(scorer))
    assert copy(rows).equals(scorer(rows))


def test_output_schemas_are_known_before_data_and_kept(counts, national, locals_, observations):
    rate = engines.stats("rate", x="deaths", n="population")
    schema = rate.output_schema(counts.schema)
    assert schema.names[:4] == ["row", "area", "deaths", "population"] and "uppercl" in schema.names
    for batch in counts.slice(0, 30_000).to_batches(max_chunksize=10_000):
        assert rate(batch).schema == schema
    scorer = engines.score(national, locals_, period=PERIOD)
    scored = scorer(pa.table(observations).to_batches()[0])
    assert scored.schema == scorer.output_schema(pa.table(observations).schema)
    assert str(scored.schema.field("overall").type) == "decimal128(38, 28)"


def test_a_group_arriving_in_parts_is_refused(series):
    charts = engines.xmr(value="pct", date="month", group_by="unit")
    shuffled = series.take(pa.array(np.random.default_rng(1).permutation(series.num_rows)[:5_000]))
    with pytest.raises(exceptions.ArgumentError, match="arrive in parts"):
        list(charts(shuffled.to_batches(max_chunksize=500)))
    with pytest.raises(exceptions.ArgumentError, match="group_by"):
        engines.stats("mean", x="deaths")
    with pytest.raises(exceptions.ArgumentError, match="period"):
        engines.score(ico.default_national_framework(), [], period=None)


def test_ranks_of_scores_in_parts_equal_the_scorecard(national, places):
    rows, mapping = places
    whole = pa.table(ico.score(national, [], rows, places=mapping, period=PERIOD))
    scorer = engines.score(national, [], period=PERIOD, places=mapping)
    parts = pa.Table.from_batches(list(scorer(rows.to_batches(max_chunksize=7_000))))
    ranked = engines.rank(parts)
    assert ranked.equals(_as_scores(whole))
    assert len(set(ranked["rank"].to_pylist())) < ranked.num_rows  # ties share a rank


def _as_scores(card: pa.Table) -> pa.Table:
    """A scorecard's table in the declared schema of the core's scorecard table."""
    return card.cast(ico.table_schema("scorecard"))


# --- DuckDB -----------------------------------------------------------------------------------


def test_duckdb_batches_through_the_statistics_and_back_into_sql(counts):
    rate = engines.stats("rate", x="deaths", n="population", multiplier=1000)
    con = duckdb.connect()
    con.register("counts", counts)
    reader = reader_of(con, "SELECT * FROM counts", 50_000)
    # A second connection scans the results while the first streams the query.
    sql = duckdb.connect()
    sql.register("results", rate.reader(reader))
    summary = sql.execute("SELECT count(*) AS n, sum(value) AS total, max(uppercl) AS top FROM results").fetchone()
    direct = stats.rate(counts, x="deaths", n="population", multiplier=1000)
    assert summary[0] == ROWS
    assert summary[1] == pytest.approx(pc.sum(direct["value"]).as_py(), rel=1e-12)
    assert summary[2] == pc.max(direct["uppercl"]).as_py()
    reader = reader_of(con, "SELECT * FROM counts", 50_000)
    got = pa.Table.from_batches(list(rate(reader)))
    # Engines read labels as plain strings; the direct call keeps them dictionary-encoded.
    assert got.equals(direct.cast(got.schema))


def test_duckdb_ordered_query_gives_whole_groups(counts, series):
    con = duckdb.connect()
    con.register("counts", counts)
    con.register("series", series)
    means = engines.stats("mean", x="deaths", group_by="area")
    reader = reader_of(con, "SELECT * FROM counts ORDER BY area, row", 30_000)
    got = pa.Table.from_batches(list(means(reader)))
    assert sorted_by(got, "area").equals(stats.mean(counts, x="deaths", group_by="area").cast(got.schema))
    charts = engines.xmr(value="pct", date="month", group_by="unit", target=78)
    reader = reader_of(con, "SELECT * FROM series ORDER BY unit, month", 7_000)
    got = pa.Table.from_batches(list(charts(reader)))
    direct = spc.xmr(series, value="pct", date="month", group_by="unit", target=78)
    assert got.equals(direct.cast(got.schema))


def test_duckdb_scores_areas_of_an_ordered_query(national, places):
    rows, mapping = places
    con = duckdb.connect()
    con.register("observations", rows)
    scorer = engines.score(national, [], period=PERIOD, places=mapping)
    reader = reader_of(con, "SELECT * FROM observations ORDER BY area_code", 10_000)
    sql = duckdb.connect()
    sql.register("scores", scorer.reader(reader))
    table = reader_of(sql, "SELECT * FROM scores", 100_000).read_all()
    whole = pa.table(ico.score(national, [], rows, places=mapping, period=PERIOD))
    assert engines.rank(table).equals(_as_scores(whole))


# --- Polars -----------------------------------------------------------------------------------


def test_polars_map_batches_and_map_groups(counts, series):
    frame = pl.from_arrow(counts)
    proportion = engines.stats("proportion", x="deaths", n="population", multiplier=100)
    lazy = frame.lazy().map_batches(proportion, schema=proportion.output_schema(frame.schema))
    direct = stats.proportion(frame, x="deaths", n="population", multiplier=100)
    assert lazy.collect().equals(direct)
    charts = engines.xmr(value="pct", date="month", group_by="unit")
    # Groups of whole series (the first 5 characters of the unit code: 100 units each).
    buckets = pl.from_arrow(series).with_columns(bucket=pl.col("unit").str.slice(0, 5))
    grouped = buckets.group_by("bucket").map_groups(lambda df: charts(df.drop("bucket"))).sort("unit", "month")
    direct = spc.xmr(pl.from_arrow(series), value="pct", date="month", group_by="unit")
    assert grouped.equals(direct.with_columns(pl.col("rebase_group").cast(pl.Int64)))


def test_polars_scores_by_area(national, places):
    rows, mapping = places
    scorer = engines.score(national, [], period=PERIOD, places=mapping)
    # Groups of whole areas (the first 5 characters of the place code: 100 places each).
    buckets = pl.from_arrow(rows).with_columns(bucket=pl.col("area_code").str.slice(0, 5))
    scores = buckets.group_by("bucket").map_groups(lambda df: scorer(df.drop("bucket")))
    whole = pa.table(ico.score(national, [], rows, places=mapping, period=PERIOD))
    assert engines.rank(scores).equals(pl.from_arrow(_as_scores(whole)))


# --- Spark ------------------------------------------------------------------------------------


def test_spark_map_in_arrow_statistics(spark, counts):
    counts = counts.slice(0, 100_000)
    frame = spark.createDataFrame(counts).repartition(3)
    rate = engines.stats("rate", x="deaths", n="population", confidence=(0.95, 0.998))
    got = frame.mapInArrow(rate, rate.output_schema(frame.schema)).toArrow()
    direct = stats.rate(counts, x="deaths", n="population", confidence=(0.95, 0.998))
    assert sorted_by(got, "row").equals(direct.cast(got.schema))


def test_spark_xmr_by_partition_and_by_group(spark, series):
    series = series.slice(0, 300 * 60)
    frame = spark.createDataFrame(series)
    charts = engines.xmr(value="pct", date="month", group_by="unit", improvement="increase")
    schema = charts.output_schema(frame.schema)
    partitioned = frame.repartition("unit").sortWithinPartitions("unit", "month")
    got = sorted_by(partitioned.mapInArrow(charts, schema).toArrow(), "unit", "month")
    direct = spc.xmr(series, value="pct", date="month", group_by="unit")
    assert got.equals(direct.cast(got.schema))
    # Groups of 100 whole series (by the first 4 characters of the unit code).
    grouped = frame.groupBy(F.substring("unit", 1, 4)).applyInArrow(charts, schema)
    grouped = sorted_by(grouped.toArrow(), "unit", "month")
    assert grouped.equals(got)


def test_spark_scores_partitioned_by_area_then_ranked(spark, national, locals_, observations, card, places):
    frame = spark.createDataFrame(pa.table(observations))
    scorer = engines.score(national, locals_, period=PERIOD)
    partitioned = frame.repartition("area_code").sortWithinPartitions("area_code")
    got = engines.rank(partitioned.mapInArrow(scorer, scorer.output_schema(frame.schema)).toArrow())
    assert got.equals(_as_scores(pa.table(card)))
    rows, mapping = places
    frame = spark.createDataFrame(rows)
    scorer = engines.score(national, [], period=PERIOD, places=mapping)
    # Groups of 100 whole areas (by the first 5 characters of the place code).
    grouped = frame.groupBy(F.substring("area_code", 1, 5)).applyInArrow(scorer, scorer.output_schema(frame.schema))
    got = engines.rank(grouped.toArrow())
    assert got.equals(_as_scores(pa.table(ico.score(national, [], rows, places=mapping, period=PERIOD))))


def test_an_area_arriving_under_both_its_codes_is_refused():
    """One area's rows split between its ONS and its ODS code would be scored twice on parts
    of its data: refused, not two wrong scores."""
    obs = pa.table(ico.default_observations())
    area = pc.equal(obs.column("area_code"), "E54000067")
    rows = obs.filter(area)
    half = rows.num_rows // 2
    ods = rows.slice(half).set_column(0, "area_code", pa.array(["QRL"] * (rows.num_rows - half)))
    scorer = engines.score(ico.default_national_framework(), [], period="2026/27 Q4")
    parts = [rows.slice(0, half), ods]
    with pytest.raises(exceptions.ArgumentError, match="ONS and its ODS code"):
        list(scorer(batch for part in parts for batch in part.to_batches()))
    # Together in one computation, the two codes are one area, as in ico.score.
    whole = scorer(pa.concat_tables(parts))
    assert whole.column("code").to_pylist() == ["E54000067"]


def test_parts_split_by_metric_are_refused_when_ranked():
    # Finding D11: partitions not split by area gave 84 rows for 42 ICSs, each ranked twice.
    national, locals_ = ico.default_national_framework(), ico.default_local_frameworks()
    table = ico.default_observations().to_arrow()
    scorer = engines.score(national, locals_, period="2026/27 Q4", spc=False)
    metrics = sorted(set(table["metric_id"].to_pylist()))
    parts = [table.filter(pc.is_in(table["metric_id"], pa.array(metrics[i::2]))).sort_by("area_code") for i in (0, 1)]
    scored = pa.concat_tables([pa.Table.from_batches(list(scorer(iter(p.to_batches(500))))) for p in parts])
    with pytest.raises(exceptions.ArgumentError, match="scored more than once") as raised:
        engines.rank(scored)
    assert raised.value.path == "code"


def test_a_batch_without_the_scored_period_leaves_its_areas_unscored():
    # Finding D11: an area with only older data made a batch raise NotFoundError, depending
    # on the batch size, where the whole scorecard marks it unscored.
    national, locals_ = ico.default_national_framework(), ico.default_local_frameworks()
    table = ico.default_observations().to_arrow()
    older = pc.or_(pc.not_equal(table["area_code"], "E54000057"), pc.not_equal(table["period"], "2026/27 Q4"))
    table = table.filter(older).sort_by("area_code")
    whole = ico.score(national, locals_, table, period="2026/27 Q4", spc=False).to_arrow()
    scorer = engines.score(national, locals_, period="2026/27 Q4", spc=False)
    for size in (64, 500, 10_000):
        ranked = engines.rank(pa.Table.from_batches(list(scorer(iter(table.to_batches(size))))))
        qop = ranked.filter(pc.equal(ranked["code"], "E54000057"))
        assert qop.num_rows == 1 and qop["overall"][0].as_py() is None, size
        assert ranked.num_rows == 36
        expected = dict(zip(whole["code"].to_pylist(), whole["rank"].to_pylist(), strict=True))
        assert dict(zip(ranked["code"].to_pylist(), ranked["rank"].to_pylist(), strict=True)) == expected
