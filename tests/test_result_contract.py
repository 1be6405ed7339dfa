"""One engine, one answer: every result table has the same columns, types and values from
the command line (CSV and JSON), Python (pyarrow, pandas, polars) and the engines, because
each front end renders the core's one definition (``ics_outcomes::table::TableKind``)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import ics_outcomes as ico
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from ics_outcomes import _core, composite, disclosure, engines, maturity, options, oversight, prevention

ROOT = Path(__file__).resolve().parent.parent
KINDS: dict[str, list[tuple[str, str]]] = dict(_core.table_kinds())


@pytest.fixture(scope="module")
def cli() -> Callable[..., str]:
    """The command line as built by ``cargo test`` (built here when missing)."""
    binary = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "ics-outcomes"
    if not binary.exists():
        cargo = shutil.which("cargo")
        assert cargo, "the command line is needed: run cargo build -p ics-outcomes-cli"
        subprocess.run([cargo, "build", "-q", "-p", "ics-outcomes-cli"], cwd=ROOT, check=True)

    def run(*args: str) -> str:
        done = subprocess.run([str(binary), *args], capture_output=True, text=True, check=True)
        return done.stdout

    return run


@pytest.fixture(scope="module")
def card() -> ico.Scorecard:
    return ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())


def _canonical(kind: str, value: Any) -> Any:
    """A value of core type ``kind`` from any front end, as one comparable Python value."""
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


_ARROW = {
    "text": pa.types.is_string,
    "decimal": pa.types.is_decimal128,
    "count": lambda t: t == pa.int64(),
    "integer": lambda t: t == pa.int64(),
    "float": pa.types.is_float64,
    "flag": pa.types.is_boolean,
}

_POLARS = {
    "text": lambda t: t == pl.String,
    "decimal": lambda t: isinstance(t, pl.Decimal),
    "count": lambda t: t == pl.Int64,
    "integer": lambda t: t == pl.Int64,
    "float": lambda t: t == pl.Float64,
    "flag": lambda t: t == pl.Boolean,
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


def test_targets(card: ico.Scorecard, cli: Callable[..., str]) -> None:
    _check_every_front_end("targets", _Arrow(card.targets()), ["score", "--targets"], cli)


def test_explanation(card: ico.Scorecard, cli: Callable[..., str]) -> None:
    _check_every_front_end("explanation", card.explain("QOP"), ["explain", "QOP"], cli)


def test_protected_explanation(card: ico.Scorecard, cli: Callable[..., str]) -> None:
    protected = disclosure.protect_explanation(card.explain("QOP"), threshold=7, round_to=5)
    _check_every_front_end(
        "protected_explanation", protected, ["explain", "QOP", "--suppress", "7", "--round-to", "5"], cli
    )


def test_rank_uncertainty(card: ico.Scorecard, cli: Callable[..., str]) -> None:
    ranks = _Arrow(card.uncertainty(replications=200, seed=3))
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
    assert all(r["segment"] == league[r["area"]] for r in evidence.rows())


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
    for bad in (
        lambda: composite.normalise(_UNITS, _TREE, method="minimax"),  # type: ignore[arg-type]
        lambda: composite.aggregate(shifted, _TREE, method="mean"),  # type: ignore[arg-type]
        lambda: composite.impute(_UNITS, _TREE, method="mode"),  # type: ignore[arg-type]
        lambda: prevention.prevention_shares(basis="annual"),  # type: ignore[arg-type]
    ):
        with pytest.raises(ico.exceptions.ArgumentError) as raised:
            bad()
        assert raised.value.path in ("method", "basis"), raised.value


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
