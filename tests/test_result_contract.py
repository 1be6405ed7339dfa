"""One engine, one answer: every result table has the same columns, types and values from
the command line (CSV and JSON), Python (pyarrow, pandas, polars) and the engines, because
each front end renders the core's one definition (``ics_outcomes::table::TableKind``)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, get_args

import ics_outcomes as ico
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from ics_outcomes import _core, composite, disclosure, engines, maturity, options, oversight, prevention

KINDS: dict[str, list[tuple[str, str]]] = dict(_core.table_kinds())


@pytest.fixture(scope="module")
def card() -> ico.Scorecard:
    return ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())


def _blank(value: Any) -> bool:
    return isinstance(value, str) and value == ""


def _canonical(kind: str, value: Any) -> Any:
    """A value of core type ``kind`` from any front end, as one comparable Python value."""
    if kind == "decimal_list" and value is not None and not isinstance(value, float) and not _blank(value):
        # CSV joins a list with `;`; JSON, Arrow and polars give a list, pandas an array.
        items = (value.split(";") if value else []) if isinstance(value, str) else list(value)
        return tuple(_canonical("decimal", v) for v in items)
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if kind == "decimal":
        return Decimal(str(value))
    if kind in ("count", "integer"):
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "flag":
        return value if isinstance(value, bool) else {"true": True, "false": False}[str(value)]
    return str(value)


def _rows(kind: str, names: list[str], records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    types = dict(KINDS[kind])
    return [tuple(_canonical(types[n], r[n]) for n in names) for r in records]


def _is_text(t: Any) -> bool:
    """Plain strings, or strings dictionary-encoded (a label column, categorical in pandas)."""
    return bool(pa.types.is_string(t) or (pa.types.is_dictionary(t) and pa.types.is_string(t.value_type)))


_ARROW = {
    "text": _is_text,
    "decimal": pa.types.is_decimal128,
    "count": lambda t: t == pa.int64(),
    "integer": lambda t: t == pa.int64(),
    "float": pa.types.is_float64,
    "flag": pa.types.is_boolean,
    "decimal_list": lambda t: pa.types.is_list(t) and pa.types.is_decimal128(t.value_type),
}

_POLARS = {
    "text": lambda t: t == pl.String,
    "decimal": lambda t: isinstance(t, pl.Decimal),
    "count": lambda t: t == pl.Int64,
    "integer": lambda t: t == pl.Int64,
    "float": lambda t: t == pl.Float64,
    "flag": lambda t: t == pl.Boolean,
    "decimal_list": lambda t: isinstance(t, pl.List) and isinstance(t.inner, pl.Decimal),
}


def _check_every_front_end(kind: str, result: Any, cli_args: list[str] | None, cli: Callable[..., str]) -> None:
    spec = KINDS[kind]
    names = [name for name, _ in spec]
    table = pa.table(result)
    # pyarrow: the core's names, order and types.
    assert table.column_names == names
    for (name, core_type), field in zip(spec, table.schema, strict=True):
        assert _ARROW[core_type](field.type), (kind, name, field.type)
    expected = _rows(kind, names, table.to_pylist())
    assert expected, kind
    # The engines' schema, declared before any data, agrees.
    declared = _core.table_schema(kind)  # type: ignore[arg-type]
    assert declared.names == names
    assert all(_ARROW[t](f.type) for (_, t), f in zip(spec, declared, strict=True))
    # pandas and polars.
    frame = result.to_pandas()
    assert list(frame.columns) == names
    assert _rows(kind, names, frame.to_dict("records")) == expected
    polars = result.to_polars()
    assert polars.columns == names
    assert all(_POLARS[t](polars.schema[n]) for n, t in spec), polars.schema
    assert _rows(kind, names, polars.to_dicts()) == expected
    if cli_args is None:
        return
    # The command line's CSV and JSON.
    text = cli(*cli_args, "--format", "csv")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == names
    assert _rows(kind, names, list(reader)) == expected
    document = json.loads(cli(*cli_args, "--format", "json"))
    assert document["table"] == kind
    assert [(c["name"], c["type"]) for c in document["columns"]] == spec
    assert _rows(kind, names, document["rows"]) == expected


def test_column_arguments_are_keyword_only_in_every_module() -> None:
    """One convention: a frame function takes its frame, then keywords only (the composite
    functions also take their metadata frame). The columns of ``stats`` and ``disclosure``
    were positional, and that spelling works one release with a ``DeprecationWarning``."""
    import inspect

    modules = [ico.stats, disclosure, ico.spc, oversight, prevention, composite]
    checked = 0
    for module in modules:
        for name in getattr(module, "__all__", dir(module)):
            function = getattr(module, name)
            if not inspect.isfunction(function) or name.startswith("_"):
                continue
            parameters = list(inspect.signature(function).parameters.values())
            if not parameters or parameters[0].name != "data":
                continue
            checked += 1
            for parameter in parameters[1:]:
                if module is composite and parameter.name == "meta":
                    continue
                assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (module.__name__, name, parameter.name)
    assert checked >= 20, checked
    frame = _stats_inputs()["people"]
    with pytest.warns(DeprecationWarning, match=r"rate\(\): give the columns by keyword \(x=, n=\)"):
        old = ico.stats.rate(frame, "x", "n", group_by="area")  # type: ignore[misc]
    assert old.equals(ico.stats.rate(frame, x="x", n="n", group_by="area"))
    with pytest.raises(TypeError, match="multiple values for argument 'x'"):
        ico.stats.rate(frame, "x", x="x", n="n")  # type: ignore[misc]


def test_every_option_alias_is_the_cores_list_of_values() -> None:
    """Each ``Literal`` in ``ics_outcomes.options`` names exactly the values the core accepts,
    in the core's order, and every alias is held to the core this way."""
    values = dict(_core.option_values())
    assert sorted(values) == sorted(options.__all__)
    for alias, accepted in values.items():
        assert list(get_args(getattr(options, alias))) == accepted, alias


def test_every_table_kind_has_a_literal_and_a_declared_schema() -> None:
    assert sorted(get_args(options.ResultTableKind)) == sorted(KINDS)
    for kind, spec in KINDS.items():
        assert _core.table_schema(kind).names == [name for name, _ in spec]  # type: ignore[arg-type]
    with pytest.raises(ico.exceptions.ArgumentError) as raised:
        _core.table_schema("league")  # type: ignore[arg-type]
    assert raised.value.path == "table" and raised.value.value == "league"


def test_scorecard(card: ico.Scorecard, cli: Callable[..., str]) -> None:
    _check_every_front_end("scorecard", card, ["score"], cli)


def test_scorecard_from_the_engines_equals_the_scorecard(card: ico.Scorecard) -> None:
    observations = ico.default_observations().to_arrow()
    scorer = engines.score(ico.default_national_framework(), ico.default_local_frameworks(), period=card.period)
    parts = pa.Table.from_batches(list(scorer(observations.sort_by("area_code").to_batches(max_chunksize=5_000))))
    ranked = engines.rank(parts).cast(_core.table_schema("scorecard"))
    names = ranked.column_names
    assert names == [name for name, _ in KINDS["scorecard"]]
    assert _rows("scorecard", names, ranked.to_pylist()) == _rows("scorecard", names, pa.table(card).to_pylist())


def test_icon_summary(card: ico.Scorecard, cli: Callable[..., str]) -> None:
    _check_every_front_end("icon_summary", card.summary(), ["summary"], cli)


def test_targets(card: ico.Scorecard, cli: Callable[..., str]) -> None:
    _check_every_front_end("targets", card.targets(), ["score", "--targets"], cli)


def test_explanation(card: ico.Scorecard, cli: Callable[..., str]) -> None:
    _check_every_front_end("explanation", card.explain("QOP"), ["explain", "QOP"], cli)


def test_protected_explanation(card: ico.Scorecard, cli: Callable[..., str]) -> None:
    protected = disclosure.protect_explanation(card.explain("QOP"), threshold=7, round_to=5)
    _check_every_front_end(
        "protected_explanation", protected, ["explain", "QOP", "--suppress", "7", "--round-to", "5"], cli
    )


def test_rank_uncertainty(card: ico.Scorecard, cli: Callable[..., str]) -> None:
    ranks = card.uncertainty(replications=200, seed=3)
    _check_every_front_end("rank_uncertainty", ranks, ["score", "--uncertainty", "200", "--seed", "3"], cli)


def test_prevention(cli: Callable[..., str]) -> None:
    shares = _core.prevention_shares()
    _check_every_front_end("prevention", shares, ["prevention", "--all-years"], cli)
    latest = _core.prevention_shares(latest=True)
    _check_every_front_end("prevention", latest, ["prevention"], cli)
    names = latest.columns
    summary = prevention.summary().latest.to_dict("records")
    assert _rows("prevention", names, summary) == _rows("prevention", names, latest.rows())


def test_ics_oversight(cli: Callable[..., str]) -> None:
    result = oversight.ics_oversight()
    _check_every_front_end("ics_oversight", result, ["oversight"], cli)
    assert json.loads(cli("oversight", "--format", "json"))["cut_points"]
    _check_every_front_end("oversight_metrics", result.metrics("QOP"), None, cli)


def test_outcome_evidence(card: ico.Scorecard) -> None:
    segments = oversight.ics_oversight()
    evidence = _core.maturity_outcomes(card, segments)
    _check_every_front_end("outcome_evidence", evidence, None, lambda *args: "")
    frame = maturity.outcomes_from(card, segments)
    assert _rows("outcome_evidence", evidence.columns, frame.to_dict("records")) == _rows(
        "outcome_evidence", evidence.columns, evidence.rows()
    )
    league = {r["code"]: r["segment"] for r in segments.rows()}
    assert all(r["segment"] == league[r["code"]] for r in evidence.rows())


def test_provider_oversight_frames_are_the_cores_tables() -> None:
    data = pd.DataFrame(
        {
            "provider": ["A", "A", "B", "B", "C", "C"],
            "metric": ["m1", "m2"] * 3,
            "value": [90.0, 5.0, 80.0, 7.0, 97.0, 2.0],
            "deficit": [False, False, False, False, False, True],
        }
    )
    rules = {
        "m1": {"direction": "higher_is_better", "standard": "95"},
        "m2": {"direction": "lower_is_better", "bands": [{"bound": "3", "score": "1"}], "otherwise": "4"},
    }
    scored = oversight.score_metrics(data, rules=rules)
    added = [name for name, _ in KINDS["metric_scores"]]
    assert list(scored.columns) == [*data.columns, *added]
    assert list(scored["basis"]) == ["ranked", "otherwise", "ranked", "otherwise", "met_standard", "band"]
    segments = oversight.segment(scored.assign(domain="d"), deficit="deficit", cut_points=["1.5", "2.5", "3.5"])
    assert list(segments.columns) == [name for name, _ in KINDS["provider_segments"]]
    # A provider is in deficit when any of its rows says so (C's second row does), and the
    # core's label says what the cap did.
    assert list(segments["in_deficit"]) == [False, False, True]
    assert list(segments["segment_unadjusted"]) == [3, 4, 1]
    assert list(segments["segment"]) == [3, 4, 3]
    assert list(segments["overrides"].fillna("")) == ["", "", "financial cap (from 1)"]


class _Arrow:
    """A pyarrow table with a result's frame methods, for results that return pyarrow."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self.table.__arrow_c_stream__(requested_schema)

    def to_pandas(self) -> pd.DataFrame:
        return self.table.to_pandas()

    def to_polars(self) -> pl.DataFrame:
        return pl.DataFrame(self.table)


_UNITS = pd.DataFrame(
    {"uCode": list("ABCDE"), "x": [1.0, 2.0, 3.0, 4.0, 9.0], "y": [4.1, 2.9, 2.1, 0.9, 0.5], "grp": list("aabbb")}
)
_TREE = pd.DataFrame(
    {
        "Level": [1, 1, 2],
        "iCode": ["x", "y", "Index"],
        "Parent": ["Index", "Index", None],
        "Direction": [1, -1, 1],
        "Weight": [1, 1, 1],
        "Type": ["Indicator", "Indicator", "Aggregate"],
        "Target": [5.0, 0.5, None],
    }
)


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("treatment_log", lambda frame: composite.treat(frame, _TREE)[1]),
        ("composite_uncertainty", lambda frame: composite.uncertainty(frame, _TREE, replications=40, seed=2)),
        ("sensitivity", lambda frame: composite.sensitivity(frame, _TREE, n=20, seed=2, bootstrap=50)),
    ],
)
def test_composite_tables(kind: str, make: Callable[[Any], Any]) -> None:
    """A composite result comes back as the frame it was given (pandas, polars or pyarrow),
    with the core's columns and the same values whichever it was."""
    table = make(pa.Table.from_pandas(_UNITS, preserve_index=False))
    assert isinstance(table, pa.Table)
    _check_every_front_end(kind, _Arrow(table), None, None)  # type: ignore[arg-type]
    expected = _rows(kind, table.column_names, table.to_pylist())
    from_pandas, from_polars = make(_UNITS), make(pl.from_pandas(_UNITS))
    assert isinstance(from_pandas, pd.DataFrame) and isinstance(from_polars, pl.DataFrame)
    assert _rows(kind, table.column_names, from_pandas.to_dict("records")) == expected
    assert _rows(kind, table.column_names, from_polars.to_dicts()) == expected


def test_every_value_an_option_literal_names_is_accepted() -> None:
    """The Literal aliases are what the core accepts: each value succeeds through the entry
    point that takes it (with the settings the method needs), and a value they do not name is
    the core's ArgumentError naming the argument."""
    for method in get_args(options.NormaliseMethod):
        normalised = composite.normalise(_UNITS, _TREE, method=method, unit="A")
        assert list(normalised.columns) == ["uCode", "x", "y"], method
    shifted = composite.normalise(_UNITS, _TREE, range=(1, 100))
    for method in get_args(options.AggregateMethod):
        assert list(composite.aggregate(shifted, _TREE, method=method).columns) == ["uCode", "Index"], method
    for method in get_args(options.ImputeMethod):
        composite.impute(_UNITS, _TREE, method=method, group="grp")
    for basis in get_args(options.TrajectoryBasis):
        for rounding in get_args(options.Rounding):
            prevention.prevention_shares(basis=basis, rounding=rounding)
    for population in get_args(options.Population):
        oversight.segment(
            pd.DataFrame({"provider": list("AB"), "metric": "m", "score": ["1", "2"], "domain": "d"}),
            population=population,
        )
    inputs = _stats_inputs()
    people, rates = inputs["people"], inputs["rates"]
    for output in get_args(options.OutputType):
        assert len(ico.stats.rate(people, x="x", n="n", type=output)), output
    for ratio_type in get_args(options.RatioType):
        ico.stats.funnel_limits(
            people, numerator="x", denominator="n", statistic="ratio", ratio_type=ratio_type, multiplier=1
        )
    for rate_type in get_args(options.RateType):
        ico.stats.funnel_limits(
            rates, numerator="x", rate="r", statistic="rate", rate_type=rate_type, years_of_data=1, multiplier=1e5
        )
    ico.stats.funnel_limits(people, numerator="x", denominator="n", statistic="proportion", multiplier=100)
    assert set(get_args(options.FunnelStatistic)) == {"proportion", "ratio", "rate"}
    for bad in (
        lambda: composite.normalise(_UNITS, _TREE, method="minimax"),  # type: ignore[arg-type]
        lambda: composite.aggregate(shifted, _TREE, method="mean"),  # type: ignore[arg-type]
        lambda: composite.impute(_UNITS, _TREE, method="mode"),  # type: ignore[arg-type]
        lambda: prevention.prevention_shares(basis="annual"),  # type: ignore[arg-type]
        lambda: ico.stats.rate(people, x="x", n="n", type="all"),  # type: ignore[arg-type]
        lambda: ico.stats.funnel_limits(people, numerator="x", denominator="n", statistic="mean", multiplier=1),  # type: ignore[arg-type]
    ):
        with pytest.raises(ico.exceptions.ArgumentError) as raised:
            bad()
        assert raised.value.path in ("method", "basis", "type", "statistic"), raised.value


def test_maturity_levels(cli: Callable[..., str]) -> None:
    """The embedded round's levels: the command line and Python render one core table."""
    _check_every_front_end("maturity_levels", maturity.assess()._report.levels(), ["maturity"], cli)


def test_every_maturity_table_renders_the_cores_definition() -> None:
    """Each table of a scored round and of its model, through every Python front end."""
    result = maturity.assess()
    report, model = result._report, result.model._model
    tables = [
        report.dimensions(),
        report.criteria(),
        report.autonomy(),
        report.divergence("criterion"),
        report.divergence("dimension"),
        report.distribution(),
        report.movements(),
        report.radar(["QRL", "E54000054"]),
        model.rings(),
        model.criteria(),
    ]
    for table in tables:
        assert table is not None
        _check_every_front_end(table.kind, table, None, None)  # type: ignore[arg-type]


def _stats_inputs() -> dict[str, pd.DataFrame]:
    """Small inputs of each shape the statistics take: counts by area, age-banded counts in
    the ESP2013 bands and in the life-table bands, deciles, and rates."""
    rng = np.random.default_rng(5)
    areas = ["A", "B", "C"]
    people = pd.DataFrame(
        {"area": np.repeat(areas, 4), "x": rng.integers(5, 60, 12).astype(float), "n": rng.integers(200, 900, 12)}
    )
    esp = pd.DataFrame({"area": np.repeat(areas, 19), "band": np.tile(np.arange(19), 3)})
    esp = esp.assign(
        x=rng.integers(1, 40, len(esp)).astype(float),
        n=rng.integers(1_000, 9_000, len(esp)).astype(float),
        x_ref=rng.integers(100, 400, len(esp)).astype(float),
        n_ref=rng.integers(50_000, 90_000, len(esp)).astype(float),
    )
    starts = [0, 1, *range(5, 95, 5)]
    life = pd.DataFrame({"area": np.repeat(areas[:2], len(starts)), "startage": np.tile(starts, 2)})
    life = life.assign(deaths=np.linspace(2, 400, len(life)).round(), pops=np.linspace(9_000, 2_000, len(life)).round())
    deciles = pd.DataFrame({"area": np.repeat(areas[:2], 10), "q": np.tile(np.arange(1, 11), 2)})
    deciles = deciles.assign(
        pop=rng.integers(5_000, 9_000, 20).astype(float),
        v=np.tile(np.linspace(80, 60, 10), 2) + rng.normal(0, 1, 20),
        se=rng.uniform(0.5, 1.5, 20),
    )
    rates = people.assign(r=people["x"] / people["n"] * 100_000)
    return {"people": people, "esp": esp, "life": life, "deciles": deciles, "rates": rates}


_STATS_CALLS: list[tuple[str, str, dict[str, Any]]] = [
    ("proportion", "people", {"x": "x", "n": "n"}),
    ("proportion", "people", {"x": "x", "n": "n", "group_by": "area", "confidence": (0.95, 0.998)}),
    ("rate", "people", {"x": "x", "n": "n", "group_by": "area", "type": "standard"}),
    ("mean", "people", {"x": "x", "group_by": "area"}),
    ("dsr", "esp", {"x": "x", "n": "n", "group_by": "area"}),
    ("isr_ratio", "esp", {"x": "x", "n": "n", "x_ref": "x_ref", "n_ref": "n_ref", "group_by": "area"}),
    ("isr_rate", "esp", {"x": "x", "n": "n", "x_ref": "x_ref", "n_ref": "n_ref", "group_by": "area"}),
    ("quantile", "people", {"values": "x", "group_by": "area", "nquantiles": 2}),
    ("life_expectancy", "life", {"deaths": "deaths", "population": "pops", "startage": "startage", "group_by": "area"}),
    (
        "sii",
        "deciles",
        {"quantile": "q", "population": "pop", "value": "v", "se": "se", "group_by": "area", "repetitions": 1000},
    ),
    ("funnel_limits", "people", {"numerator": "x", "denominator": "n", "statistic": "proportion", "multiplier": 100}),
    ("funnel_significance", "people", {"numerator": "x", "denominator": "n", "statistic": "proportion"}),
    (
        "funnel_points",
        "rates",
        {
            "numerator": "x",
            "rate": "r",
            "denominator": "n",
            "rate_type": "crude",
            "years_of_data": 1,
            "multiplier": 1e5,
        },
    ),
]


def _same_rows(table: pa.Table) -> list[tuple[Any, ...]]:
    """Rows as comparable values; a number is a float (pandas widens whole numbers with nulls
    to floats), a missing value ``None``."""

    def value(v: Any) -> Any:
        number = isinstance(v, int | float) and not isinstance(v, bool)
        return _canonical("float" if number else "flag" if isinstance(v, bool) else "text", v)

    return [tuple(value(v) for v in row.values()) for row in table.to_pylist()]


@pytest.mark.parametrize(
    ("method", "shape", "arguments"), _STATS_CALLS, ids=[f"{c[0]}-{i}" for i, c in enumerate(_STATS_CALLS)]
)
def test_statistics_tables(method: str, shape: str, arguments: dict[str, Any]) -> None:
    """A statistics table has the columns the core's table gives for the call: the same names,
    types and values from pandas, polars and pyarrow input, and from the engines, whose
    schema is known before any data arrives. (Statistics have no command-line front end.)"""
    frame = _stats_inputs()[shape]
    function = getattr(ico.stats, method)
    table = function(pa.Table.from_pandas(frame, preserve_index=False), **arguments)
    assert isinstance(table, pa.Table) and table.num_rows
    for field in table.schema:
        if field.name not in frame.columns:
            # Numbers are float64; the core's labels are strings.
            assert pa.types.is_float64(field.type) or _is_text(field.type), (method, field)
    expected = _same_rows(table)
    from_pandas, from_polars = function(frame, **arguments), function(pl.from_pandas(frame), **arguments)
    assert list(from_pandas.columns) == table.column_names == from_polars.columns
    assert _same_rows(pa.Table.from_pandas(from_pandas, preserve_index=False)) == expected
    assert _same_rows(from_polars.to_arrow()) == expected
    if method not in engines._GROUPED:
        return
    batch_function = engines.stats(method, **arguments)
    declared = batch_function.output_schema(pa.Table.from_pandas(frame, preserve_index=False).schema)
    assert declared.names == table.column_names
    from_engine = batch_function(pa.Table.from_pandas(frame, preserve_index=False))
    assert from_engine.schema == declared
    assert _same_rows(from_engine) == expected


def test_xmr_chart() -> None:
    """The XmR chart's columns are the core's ``xmr_chart`` table (after the input columns),
    the same from every frame kind and from the engines."""
    series = pd.DataFrame(
        {
            "area": np.repeat(["A", "B"], 15),
            "month": np.tile(pd.date_range("2024-04-01", periods=15, freq="MS"), 2),
            "value": np.concatenate([np.linspace(70, 80, 15), np.linspace(90, 85, 15)]) + np.tile([0, 1, -1], 10),
        }
    )
    arguments: dict[str, Any] = {"value": "value", "date": "month", "group_by": "area", "target": 78.0}
    table = ico.spc.xmr(pa.Table.from_pandas(series, preserve_index=False), **arguments)
    chart = [(name, kind) for name, kind in KINDS["xmr_chart"] if name not in ("row", "value")]
    added = [name for name in table.column_names if name not in series.columns]
    assert added == [name for name, _ in chart]
    for name, kind in chart:
        assert _ARROW[kind](table.schema.field(name).type), (name, kind)
    # The labels cross as dictionaries: categoricals in pandas.
    labels = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
    assert labels == ["special_cause", "point_type", "assurance", "variation_icon", "assurance_icon"]
    expected = _same_rows(table)
    from_pandas, from_polars = ico.spc.xmr(series, **arguments), ico.spc.xmr(pl.from_pandas(series), **arguments)
    assert _same_rows(pa.Table.from_pandas(from_pandas, preserve_index=False)) == expected
    assert _same_rows(from_polars.to_arrow()) == expected
    charts = engines.xmr(**arguments)
    from_engine = charts(pa.Table.from_pandas(series, preserve_index=False))
    assert from_engine.schema == charts.output_schema(pa.Table.from_pandas(series, preserve_index=False).schema)
    assert _same_rows(from_engine.select(table.column_names)) == expected


def test_protected_counts() -> None:
    """``disclosure.protect`` gives the same table from pandas, polars and pyarrow, its status
    labels are the core's, and the command line's protected explanation uses the same ones."""
    cells = pd.DataFrame(
        {
            "icb": np.repeat(["QOP", "QRL", "QWO"], 3),
            "age": np.tile(["0-17", "18-64", "65+"], 3),
            "n": [3, 40, 52, 60, 8, 75, 44, 61, 2],
        }
    )
    for audit in (False, True):
        table = disclosure.protect(
            pa.Table.from_pandas(cells, preserve_index=False), rows="icb", columns="age", value="n", audit=audit
        )
        extra = ["status", "reason", "lower", "upper"] if audit else ["status"]
        assert table.column_names == [*cells.columns, *extra]
        statuses = disclosure.AUDIT_STATUSES if audit else disclosure.STATUSES
        assert set(table.column("status").to_pylist()) <= set(statuses)
        expected = _same_rows(table)
        from_pandas = disclosure.protect(cells, rows="icb", columns="age", value="n", audit=audit)
        from_polars = disclosure.protect(pl.from_pandas(cells), rows="icb", columns="age", value="n", audit=audit)
        assert _same_rows(pa.Table.from_pandas(from_pandas, preserve_index=False)) == expected
        assert _same_rows(from_polars.to_arrow()) == expected
    # The core's table behind it, through every Python front end.
    counts = [str(n) for n in cells["n"]]
    core = _core.disclosure_protect_long(
        list(cells["icb"]), list(cells["age"]), counts, ["icb", "age", "n"], "Total", (7, False, True, None)
    )
    _check_every_front_end("protected_counts", core, None, None)  # type: ignore[arg-type]
    assert core.to_arrow().column("input_row").to_pylist() == [*range(9), *[None] * 7]
