"""Panic safety: every public entry point of ``ics_outcomes`` called with hostile arguments (#10).

The rule each call must keep:

- it succeeds, or raises an ``ics_outcomes.exceptions.IcsOutcomesError`` (``ValidationError``,
  ``DataError``, ``FileError``, ``ArgumentError``, ``NotFoundError``);
- it may raise ``TypeError`` only when an argument has the wrong Python type (None for a
  frame, bytes for a name, a str for a count, a missing or unexpected argument), as Python's
  own functions do; and ``UnicodeEncodeError`` only for a ``str`` that is not valid Unicode
  (a lone surrogate);
- anything else is a failure: ``pyo3_runtime.PanicException`` (a Rust panic), ``SystemError``,
  a bare ``ValueError``, ``KeyError``, ``IndexError``, ``AttributeError``, ``OverflowError`` or
  pyarrow/numpy error escaping from inside the library, and of course a crashed interpreter.

Wrong values of the right type (NaN, infinity, 1e308, 10**40, ``Decimal('1e30000')``, empty,
ragged or misnamed frames, garbage Unicode ids, duplicate rows) must raise the library's own
exceptions, naming the argument.

``REGISTRY`` maps every public callable (module functions, class constructors, and public
methods of the classes each module exports in ``__all__``) to an :class:`Entry`: a valid call,
and for each parameter a strategy of hostile replacements (tests/hostile_strategies.py). Each
example replaces one or two arguments of the valid call, or calls a method on a hostile
receiver. ``test_every_public_callable_is_registered`` walks the package and fails for any
callable without an entry, so a new entry point cannot ship untested. Result classes that
only the library constructs are registered as :class:`Exempt`, with the reason.

Entry points whose hostile arguments could allocate or loop without bound (counts of
replications, quantiles, file parsers) run in a child interpreter with ``faulthandler``
(``test_dangerous_entry_points_in_a_subprocess``), so an abort or a stack overflow is reported
as a failed test rather than ending the run. The hypothesis profile is derandomised and has
no example database, so CI runs the same examples every time.
"""

from __future__ import annotations

import functools
import inspect
import os
import subprocess
import sys
import tempfile
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import hostile_strategies as h
import ics_outcomes as ico
import matplotlib
import matplotlib.pyplot
import pandas as pd
import pyarrow as pa
import pytest
from hostile_strategies import FrameSpec, Hostile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ics_outcomes import composite, engines, maturity, options, oversight, plot, prevention, ratings, spc, stats
from ics_outcomes.exceptions import IcsOutcomesError
from public_api import public_objects

CHILD = os.environ.get("ICS_HOSTILE_CHILD") == "1"

settings.register_profile(
    "hostile",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


# --- the registry ----------------------------------------------------------------------------

Strategy = Callable[[], st.SearchStrategy[Hostile]]


@dataclass
class Entry:
    """How to call one entry point validly, and how to break each of its arguments.

    ``base`` gives the keyword arguments of a valid call (built afresh for each example);
    ``params`` a strategy of hostile values per argument; ``receivers`` (methods only) the
    objects to call the method on, hostile ones included. ``constructor=False`` marks a class
    with no public constructor: calling it must raise ``TypeError``.
    """

    base: Callable[[], dict[str, Any]] = dict
    params: dict[str, Strategy] = field(default_factory=dict)
    receivers: tuple[Callable[[], Any], ...] = ()
    examples: int = 12
    subprocess: bool = False
    constructor: bool = True


@dataclass
class Exempt:
    """A public callable deliberately not fed hostile arguments, and why."""

    reason: str


@functools.cache
def default_card() -> ico.Scorecard:
    """The scorecard of the embedded default, whose record replays."""
    return ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())


def prevention_table() -> ico.ResultTable:
    """A result table of the core (the embedded budgets' prevention shares)."""
    return ico._core.prevention_shares()


RESULT = Exempt("a result built by the library from checked values; users receive it, never construct it")


class _frame:
    """The strategy of broken frames from a spec; the spec is kept for the edge sweep."""

    def __init__(self, spec: Callable[[], FrameSpec]) -> None:
        self.spec = spec

    def __call__(self) -> st.SearchStrategy[Hostile]:
        return h.frame(self.spec())


def _no_args() -> Entry:
    return Entry()


# Valid frames the hostile ones are broken from.


@functools.cache
def obs_spec() -> FrameSpec:
    rows = ico.default_observations().rows()[:4]
    columns = {k: [r[k] if k in ("area_code", "metric_id", "period") else float(r[k]) for r in rows] for k in rows[0]}
    return FrameSpec(columns, frozenset({"value", "numerator", "denominator"}))


def prop_spec() -> FrameSpec:
    return FrameSpec({"area": ["A", "A", "B"], "num": [30, 35, 65], "den": [50, 50, 100]}, frozenset({"num", "den"}))


def dsr_spec() -> FrameSpec:
    return FrameSpec(
        {"area": ["A"] * 19, "x": [float(10 + i) for i in range(19)], "n": [float(1000 + 10 * i) for i in range(19)]},
        frozenset({"x", "n"}),
    )


def isr_spec() -> FrameSpec:
    return FrameSpec(
        {
            "area": ["A", "A", "B", "B"],
            "x": [10.0, 20.0, 15.0, 5.0],
            "n": [100.0, 200.0, 150.0, 50.0],
            "xr": [50.0, 80.0, 50.0, 80.0],
            "nr": [500.0, 900.0, 500.0, 900.0],
        },
        frozenset({"x", "n", "xr", "nr"}),
    )


AGES = [0, 1, *range(5, 95, 5)]


def le_spec() -> FrameSpec:
    return FrameSpec(
        {
            "area": ["A"] * 20,
            "deaths": [float(5 + i) for i in range(20)],
            "pop": [1000.0 - 10 * i for i in range(20)],
            "startage": [float(a) for a in AGES],
        },
        frozenset({"deaths", "pop", "startage"}),
    )


def sii_spec() -> FrameSpec:
    return FrameSpec(
        {
            "area": ["A"] * 5,
            "q": [1.0, 2.0, 3.0, 4.0, 5.0],
            "pop": [100.0] * 5,
            "value": [80.0, 79.0, 78.0, 77.0, 75.0],
            "se": [0.5] * 5,
        },
        frozenset({"q", "pop", "value", "se"}),
    )


def funnel_spec() -> FrameSpec:
    return FrameSpec(
        {"num": [10.0, 20.0, 30.0, 5.0], "den": [100.0, 150.0, 200.0, 80.0], "rate": [10.0, 13.0, 15.0, 6.0]},
        frozenset({"num", "den", "rate"}),
    )


def funnel_od_spec() -> FrameSpec:
    return FrameSpec(
        {"g": ["A", "B", "C", "D", "A"], "num": [10.0, 20.0, 30.0, 5.0, 4.0], "den": [100.0, 150.0, 200.0, 80.0, 50.0]},
        frozenset({"num", "den"}),
    )


def funnel_od_result() -> stats.FunnelOverdispersion:
    return stats.funnel_overdispersion(h.build(funnel_od_spec()), numerator="num", denominator="den", group="g")


def series_spec() -> FrameSpec:
    values = [70.0, 72.0, 71.0, 74.0, 73.0, 75.0, 74.0, 76.0, 78.0, 77.0, 79.0, 80.0]
    return FrameSpec(
        {"g": ["A"] * 12, "value": values, "date": list(range(12)), "plan": [72.0 + i / 2 for i in range(12)]},
        frozenset({"value", "date", "plan"}),
    )


def units_spec() -> FrameSpec:
    return FrameSpec(
        {"uCode": list("ABCD"), "x": [1.0, 2.0, 3.0, 4.0], "y": [4.1, 2.9, 2.1, 0.9], "grp": ["a", "a", "b", "b"]},
        frozenset({"x", "y"}),
    )


def meta_spec() -> FrameSpec:
    return FrameSpec(
        {
            "Level": [1, 1, 2],
            "iCode": ["x", "y", "Index"],
            "Parent": ["Index", "Index", None],
            "Direction": [1, 1, 1],
            "Weight": [1, 1, 1],
            "Type": ["Indicator", "Indicator", "Aggregate"],
        },
        frozenset({"Level", "Direction", "Weight"}),
    )


def metric_values_spec() -> FrameSpec:
    return FrameSpec(
        {"provider": list("ABCDE"), "metric": ["m"] * 5, "value": [0.0, 5.0, None, 9.0, 5.0]}, frozenset({"value"})
    )


def segment_spec() -> FrameSpec:
    return FrameSpec(
        {
            "provider": ["A", "A", "B", "B"],
            "metric": ["m1", "m2", "m1", "m2"],
            "score": [1.0, 2.0, 1.0, 1.5],
            "deficit": [False, False, True, True],
        },
        frozenset({"score"}),
    )


def league_spec() -> FrameSpec:
    return FrameSpec(
        {"provider": ["A", "B", "C"], "segment": [1, 2, 2], "average": [1.5, 2.25, 2.0]},
        frozenset({"segment", "average"}),
    )


@functools.cache
def assessments_spec() -> FrameSpec:
    columns = maturity.default_assessments().head(8).to_dict("list")
    return FrameSpec(columns, frozenset({"score"}))


def outcomes_spec() -> FrameSpec:
    columns = maturity.default_outcomes().head(3).to_dict("list")
    return FrameSpec(columns, frozenset({"targets_met", "targets_judged", "segment"}))


def budgets_spec() -> FrameSpec:
    columns = prevention.default_budgets().head(6).to_dict("list")
    columns["amount"] = [float(v) for v in columns["amount"]]
    return FrameSpec(columns, frozenset({"amount"}))


# Receivers of methods, built once.


def counts_spec() -> FrameSpec:
    return FrameSpec(
        {"ics": ["A", "A", "B", "B"], "band": ["0-17", "18+", "0-17", "18+"], "people": [3, 40, 25, 31]},
        frozenset({"people"}),
    )


def proportions() -> Any:
    return stats.proportion(h.build(prop_spec()), x="num", n="den", group_by="area")


def score_rows() -> Any:
    return engines.score(national(), locals_(), period="2025/26 Q4")(pa.table(ico.default_observations()))


ENGINE_FUNCTIONS = (
    lambda: engines.stats("proportion", x="num", n="den"),
    lambda: engines.stats("proportion", x="num", n="den", group_by="area"),
    lambda: engines.xmr(value="value", date="date", group_by="g"),
)


@functools.cache
def national() -> ico.NationalFramework:
    return ico.default_national_framework()


@functools.cache
def national_file() -> str:
    """The default national framework as a TOML file, for the path-only loader."""
    path = Path(tempfile.mkdtemp(prefix="ico-hostile-")) / "national.toml"
    path.write_text(national().to_toml(), encoding="utf-8")
    return str(path)


@functools.cache
def locals_() -> list[ico.LocalFramework]:
    return ico.default_local_frameworks()


@functools.cache
def card() -> ico.Scorecard:
    return ico.score(national(), locals_(), ico.default_observations())


@functools.cache
def sparse_card() -> ico.Scorecard:
    """A scorecard of a single observation: almost every target without data."""
    return ico.score(national(), [], h.build(obs_spec(), "dict") | {}, spc=False)


@functools.cache
def odd_national() -> ico.NationalFramework:
    """A valid framework with the oddest ids and the largest numbers a target holds."""
    metric = ico.Metric("💥\x00m", "Ω " * 50, "percentage", "higher_is_better", 10)
    target = ico.Target("t\u202e", "💥\x00m", "threshold", value=Decimal("100000000000000"))
    priority = ico.Priority("p💥", "P", [target])
    return ico.NationalFramework("n💥", "N", "v\x00", [metric], [priority])


@functools.cache
def odd_local() -> ico.LocalFramework:
    return ico.LocalFramework("QOP", "💥", odd_national())


@functools.cache
def empty_observations() -> ico.Observations:
    return ico.load_observations({k: [] for k in obs_spec().columns})


@functools.cache
def maturity_result() -> maturity.MaturityResult:
    return maturity.assess()


@functools.cache
def small_maturity_result() -> maturity.MaturityResult:
    """One ICS with a few criteria: most dimensions without evidence."""
    return maturity.assess(h.build(assessments_spec()), outcomes=None)


@functools.cache
def ics_oversight_result() -> oversight.IcsOversight:
    return oversight.ics_oversight()


def _one_way(*receivers: Callable[[], Any]) -> tuple[Callable[[], Any], ...]:
    return receivers


CARDS = _one_way(card, sparse_card)
NATIONALS = _one_way(national, odd_national)
LOCALS = _one_way(lambda: locals_()[0], odd_local)
OBSERVATIONS = _one_way(ico.default_observations, empty_observations)
EXPLANATIONS = _one_way(lambda: card().explain("QOP"), lambda: sparse_card().explain("QOP"))
REPORTS = _one_way(lambda: card().report("QOP", replications=0), lambda: sparse_card().report("QOP", replications=0))
SAVED = Path(tempfile.mkdtemp(prefix="hostile-report-"))
MATURITY = _one_way(maturity_result, small_maturity_result)

# Strategy shorthands.
TEXT = h.text
CONF: Strategy = lambda: st.one_of(h.number(), h.numbers(2), h.fine(None, (), (0.95, 0.998, 0.5)))  # noqa: E731
TYPE: Strategy = lambda: h.choice("full", "standard", "value", "lower", "upper")  # noqa: E731
GROUP: Strategy = lambda: st.one_of(h.text("area", "g"), h.texts(), h.fine(None, ["area", "area"]))  # noqa: E731
# The arguments of `spc.xmr`.
CHART_PARAMS: dict[str, Strategy] = {
    "data": _frame(series_spec),
    "value": lambda: h.text("value"),
    "date": lambda: h.text("date", "g"),
    "improvement": lambda: h.choice(*typing.get_args(options.Improvement)),
    "target": lambda: st.one_of(h.number(), h.text("plan")),
    "screen_outliers": h.flag,
    "fix_after_n_points": h.count,
    "group_by": GROUP,
}
# The arguments `spc.chart`, `spc.summary` and `spc.propose_rebase` share.
KIND_PARAMS: dict[str, Strategy] = {
    "data": _frame(series_spec),
    "value": lambda: h.text("value"),
    "date": lambda: h.text("date", "g"),
    "chart": lambda: h.choice(*typing.get_args(options.ChartKind)),
    "denominator": lambda: st.one_of(h.text("plan"), h.fine(None)),
    "improvement": lambda: h.choice(*typing.get_args(options.Improvement)),
    "multiplier": h.number,
    "screened_mr": h.flag,
    "shift": h.count,
    "trend": h.count,
    "two_in_three": h.flag,
    "group_by": GROUP,
}
POSITIONS: Strategy = lambda: st.one_of(h.count(), h.numbers(), h.fine(None, [1, 3], [0], [99]))  # noqa: E731
ANNOTATIONS: Strategy = lambda: st.one_of(  # noqa: E731
    h.anything(), h.fine(None, [{"date": 3, "text": "new pathway"}], [{"date": 99, "text": "lost"}], [{"text": "x"}])
)
TOML_HOSTILE = (
    'kind = "national"\nid = "x"\nname = "x"\nversion = "1"\nmetrics = []\n',
    'kind = "national"\nid = "x"\nname = "x"\nversion = "1"\n[[metrics]]\nid = "m"\nname = "m"\nunit = "percentage"\n'
    'polarity = "higher_is_better"\ndecimals = 255\n[[priorities]]\nid = "p"\ntitle = "p"\n[[priorities.targets]]\n'
    'id = "t"\nmetric = "m"\ntype = "threshold"\nvalue = "1e30000"\n',
    '{"kind": "national", "id": 1e400, "metrics": [' + "[" * 50 + "]" * 50 + "]}",
    "kind = 'local'\narea = '\x00'\n",
    "a = [" * 20 + "]" * 20,
    'kind = "national"\nx = ' + "[" * 10_000 + "]" * 10_000,
    "\ufeff\x00\x01",
)

ID: Strategy = lambda: h.text("a", "QOP")  # noqa: E731
EDITION: Strategy = lambda: h.text("2025/26", "2026/27")  # noqa: E731
VINTAGE: Strategy = lambda: h.text("2023-04", "2026-04")  # noqa: E731
WAVE = "vintage,from,to,change,to_ods,to_name,to_region\n2027-04,S1Y5D,E54000080,merger,QZA,East,Y61\n"
VINTAGES: Strategy = lambda: st.one_of(  # noqa: E731
    h.anything(), h.fine(ico.Vintages(), ico.Vintages().with_reorganisation(WAVE))
)


REGISTRY: dict[str, Entry | Exempt] = {
    # --- frameworks, observations, scoring -----------------------------------------------------
    "ics_outcomes.default_national_framework": Entry(params={"edition": EDITION}),
    "ics_outcomes.default_local_frameworks": Entry(params={"edition": EDITION}),
    "ics_outcomes.default_observations": Entry(params={"edition": EDITION}),
    "ics_outcomes.framework_schema": _no_args(),
    "ics_outcomes.max_threads": _no_args(),
    "ics_outcomes.version": _no_args(),
    "ics_outcomes.set_max_threads": Entry(params={"threads": h.count}),
    "ics_outcomes.systems": Entry(params={"vintage": VINTAGE, "vintages": VINTAGES}),
    "ics_outcomes.geography": Entry(params={"vintage": VINTAGE, "vintages": VINTAGES}),
    "ics_outcomes.successions": Entry(params={"vintages": VINTAGES}),
    "ics_outcomes.Vintages": _no_args(),
    "ics_outcomes.Vintages.with_reorganisation": Entry(
        receivers=(ico.Vintages,),
        base=lambda: {"source": WAVE},
        params={
            "source": lambda: st.one_of(
                h.text(WAVE, WAVE.replace("merger", "split")),
                h.fine(*TOML_HOSTILE, WAVE.replace("2027-04", "2027-4"), Path("/nonexistent/x.csv"), Path("/")),
            )
        },
        examples=20,
    ),
    "ics_outcomes.Vintages.vintage_of": Entry(
        receivers=(ico.Vintages,), base=lambda: {"period": "2027/28 Q1"}, params={"period": TEXT}
    ),
    "ics_outcomes.load_framework": Entry(
        base=lambda: {"source": Path(national_file())},
        params={
            "source": lambda: st.one_of(h.text(), h.fine(*TOML_HOSTILE, Path("/nonexistent/x.toml"), Path("/"))),
            "national": h.anything,
            "vintage": VINTAGE,
        },
        examples=20,
        subprocess=True,
    ),
    "ics_outcomes.parse_framework": Entry(
        base=lambda: {"text": national().to_toml()},
        params={
            "text": lambda: st.one_of(h.text(), h.fine(*TOML_HOSTILE)),
            "format": lambda: h.choice(*typing.get_args(options.FrameworkFormat)),
            "national": h.anything,
            "vintage": VINTAGE,
        },
        examples=20,
        subprocess=True,
    ),
    "ics_outcomes.load_observations": Entry(
        base=lambda: {"source": h.build(obs_spec())},
        params={
            "source": _frame(obs_spec),
            "national": h.anything,
            "locals": lambda: st.one_of(h.anything(), h.objects(), h.wrong([national()])),
            "places": lambda: h.mapping(("QOP", "E54000057")),
            "vintage": VINTAGE,
            "vintages": VINTAGES,
        },
        examples=30,
    ),
    "ics_outcomes.reproject": Entry(
        base=lambda: {"data": h.build(obs_spec()), "to": "2026-04"},
        params={
            "data": _frame(obs_spec),
            "to": lambda: h.text("2026-04", "2023-04"),
            "from_": VINTAGE,
            "apportionment": h.anything,
            "national": h.anything,
            "locals": lambda: st.one_of(h.anything(), h.objects(), h.wrong([national()])),
            "vintages": VINTAGES,
        },
        examples=30,
    ),
    "ics_outcomes.replay": Entry(
        base=lambda: {
            "record": default_card(),
            "national": ico.default_national_framework(),
            "locals": ico.default_local_frameworks(),
            "observations": ico.default_observations(),
        },
        params={
            "record": lambda: st.one_of(h.anything(), h.text('{"table": "scorecard"}')),
            "national": lambda: st.one_of(h.anything(), h.fine(odd_national())),
            "locals": lambda: st.one_of(h.anything(), h.objects(), h.fine([odd_local()])),
            "observations": _frame(obs_spec),
        },
        examples=8,
    ),
    "ics_outcomes.score": Entry(
        base=lambda: {
            "national": national(),
            "locals": locals_(),
            "observations": h.build(obs_spec(), "pyarrow"),
            "spc": False,
        },
        params={
            "national": lambda: st.one_of(h.anything(), h.fine(odd_national())),
            "locals": lambda: st.one_of(h.anything(), h.objects(), h.fine([odd_local()], locals_() + locals_())),
            "observations": _frame(obs_spec),
            "period": lambda: h.text("2025/26 Q1", "2024/25 Q1"),
            "weighting": lambda: st.one_of(
                h.choice("equal_per_priority", "equal_per_target", "equal_per_tier"),
                h.mapping(
                    ("urgent_care", "a"), st.sampled_from([*h.ODD_DECIMALS, "-1", "0", 1.5, None]), (Decimal, str, int)
                ),
            ),
            "missing": lambda: h.choice("exclude", "zero"),
            "places": lambda: h.mapping(("QOP", "E54000057")),
            "spc": h.flag,
            "vintage": VINTAGE,
            "vintages": VINTAGES,
        },
        examples=30,
    ),
    "ics_outcomes.league_tables": Entry(
        base=lambda: {
            "national": national(),
            "locals": locals_(),
            "observations": h.build(obs_spec(), "pyarrow"),
            "periods": ["2025/26 Q1", "2024/25 Q1"],
        },
        params={
            "national": lambda: st.one_of(h.anything(), h.fine(odd_national())),
            "observations": _frame(obs_spec),
            "periods": h.texts,
            "missing": lambda: h.choice("exclude", "zero"),
            "places": lambda: h.mapping(("QOP", "E54000057")),
            "absent_period_unscored": h.flag,
            "vintage": VINTAGE,
        },
        examples=20,
    ),
    "ics_outcomes.Metric": Entry(
        base=lambda: {"id": "m", "name": "M", "unit": "percentage", "polarity": "higher_is_better", "decimals": 1},
        params={
            "id": ID,
            "name": TEXT,
            "unit": lambda: h.choice("percentage", "rate"),
            "polarity": lambda: h.choice("higher_is_better", "lower_is_better"),
            "decimals": h.integer,
            "source": TEXT,
            "statistic": lambda: h.choice("proportion", "rate"),
            "combine": lambda: h.choice("sum", "weighted_mean", "not_combinable"),
            "weight": ID,
        },
        examples=25,
    ),
    "ics_outcomes.Target": Entry(
        base=lambda: {"id": "t", "metric": "m", "type": "threshold", "value": "78.0"},
        params={
            "id": ID,
            "metric": ID,
            "type": lambda: h.choice("threshold", "improvement", "trajectory"),
            "comparison": lambda: h.choice("at_least", "at_most"),
            "value": h.decimal,
            "floor": h.decimal,
            "baseline_period": lambda: h.text("2024/25 Q1"),
            "baseline_value": h.decimal,
            "change": h.decimal,
            "change_kind": lambda: h.choice("absolute", "relative"),
            "goal_period": lambda: h.text("2025/26 Q4"),
            "goal_value": h.decimal,
            "scoring": lambda: h.choice("binary", "proportional"),
            "allow_local_trajectory": h.flag,
            "description": TEXT,
        },
        examples=30,
    ),
    "ics_outcomes.Priority": Entry(
        base=lambda: {"id": "p", "title": "P", "targets": [ico.Target("t", "m", "threshold", value="1")]},
        params={
            "id": ID,
            "title": TEXT,
            "targets": h.objects,
            "purposes": h.texts,
            "principles": h.texts,
            "description": TEXT,
        },
    ),
    "ics_outcomes.NationalFramework": Entry(
        base=lambda: {
            "id": "n",
            "name": "N",
            "version": "1",
            "metrics": list(national().metrics),
            "priorities": list(national().priorities),
        },
        params={
            "id": ID,
            "name": TEXT,
            "version": TEXT,
            "metrics": lambda: st.one_of(h.objects(), h.fine(national().metrics * 2)),
            "priorities": lambda: st.one_of(h.objects(), h.fine(national().priorities * 2)),
            "rounding": lambda: h.choice("half_away_from_zero", "half_even"),
            "scoring": lambda: h.choice("binary", "proportional"),
            "description": TEXT,
        },
    ),
    "ics_outcomes.LocalFramework": Entry(
        base=lambda: {"area": "QOP", "name": "GM", "national": national()},
        params={
            "area": ID,
            "name": TEXT,
            "national": lambda: st.one_of(h.anything(), h.fine(odd_national())),
            "metrics": lambda: st.one_of(h.objects(), h.fine(national().metrics)),
            "priorities": lambda: st.one_of(h.objects(), h.fine(national().priorities)),
            "trajectories": lambda: st.one_of(
                h.texts(),
                st.lists(
                    st.fixed_dictionaries(
                        {"target": st.sampled_from(["ae_82pct_4h", "💥"]), "points": st.sampled_from([[], None, "x"])},
                        optional={"period": st.sampled_from(h.GARBAGE), "value": st.sampled_from(h.ODD_DECIMALS)},
                    ),
                    max_size=2,
                ).map(Hostile),
            ),
            "description": TEXT,
            "vintage": VINTAGE,
        },
    ),
    "ics_outcomes.Observations": Entry(constructor=False),
    "ics_outcomes.Scorecard": Entry(constructor=False),
    "ics_outcomes.Explanation": Entry(constructor=False),
    **{
        f"ics_outcomes.NationalFramework.{m}": Entry(receivers=NATIONALS)
        for m in ("coverage", "to_json", "to_toml", "_repr_html_")
    },
    **{
        f"ics_outcomes.LocalFramework.{m}": Entry(receivers=LOCALS)
        for m in ("coverage", "to_json", "to_toml", "_repr_html_")
    },
    **{
        f"ics_outcomes.Observations.{m}": Entry(receivers=OBSERVATIONS)
        for m in ("rows", "to_csv", "to_arrow", "to_pandas", "to_polars")
    },
    **{
        f"ics_outcomes.Scorecard.{m}": Entry(receivers=CARDS)
        for m in ("rows", "targets", "league_table", "to_arrow", "to_pandas", "to_polars", "_repr_html_")
    },
    **{
        f"ics_outcomes.Explanation.{m}": Entry(receivers=EXPLANATIONS)
        for m in ("priorities", "rows", "to_arrow", "to_pandas", "to_polars", "_repr_html_")
    },
    **{
        f"ics_outcomes.{cls}.__arrow_c_stream__": Entry(receivers=receivers, params={"requested_schema": h.anything})
        for cls, receivers in (("Observations", OBSERVATIONS), ("Scorecard", CARDS), ("Explanation", EXPLANATIONS))
    },
    "ics_outcomes.ResultTable": Entry(constructor=False),
    **{
        f"ics_outcomes.ResultTable.{m}": Entry(receivers=(lambda: prevention_table(),))
        for m in ("rows", "to_arrow", "to_pandas", "to_polars")
    },
    "ics_outcomes.ResultTable.__arrow_c_stream__": Entry(
        receivers=(lambda: prevention_table(),), params={"requested_schema": h.anything}
    ),
    "ics_outcomes.table_schema": Entry(
        base=lambda: {"kind": "scorecard"}, params={"kind": lambda: h.choice(*typing.get_args(options.ResultTableKind))}
    ),
    "ics_outcomes.Scorecard.explain": Entry(receivers=CARDS, base=lambda: {"code": "QOP"}, params={"code": ID}),
    "ics_outcomes.Scorecard.summary": Entry(receivers=CARDS),
    "ics_outcomes.Scorecard.report": Entry(
        receivers=CARDS,
        base=lambda: {"code": "QOP", "replications": 0},
        params={
            "code": ID,
            "previous": lambda: st.one_of(h.fine(None), h.anything()),
            "oversight": lambda: st.one_of(h.fine(ics_oversight_result()), h.anything()),
            "maturity": h.anything,
            "suppress": h.integer,
            "round_to": h.integer,
            "replications": h.count,
        },
        subprocess=True,
    ),
    "ics_outcomes.Report": Entry(constructor=False),
    "ics_outcomes.Report._repr_html_": Entry(receivers=REPORTS),
    "ics_outcomes.Report.save": Entry(
        receivers=REPORTS,
        base=lambda: {"path": str(SAVED / "r.html")},
        params={
            "path": lambda: st.one_of(
                h.fine(str(SAVED / "r.xlsx"), str(SAVED / "r.pdf"), str(SAVED / "none" / "r.html"), SAVED / "r"),
                h.anything(),
            )
        },
    ),
    "ics_outcomes.Scorecard.uncertainty": Entry(
        receivers=CARDS,
        base=lambda: {"replications": 20},
        params={
            "replications": h.count,
            "seed": h.integer,
            "weight_noise": lambda: st.one_of(h.number(), h.decimal()),
            "policies": lambda: st.one_of(h.texts(), h.fine(["equal_per_target"] * 3)),
            "scoring": lambda: st.one_of(h.texts(), h.fine(["binary"])),
        },
        subprocess=True,
    ),
    # --- statistics ----------------------------------------------------------------------------
    "ics_outcomes.stats.wilson_interval": Entry(
        base=lambda: {"x": [1.0, 2.0], "n": [10.0, 20.0]},
        params={"x": h.numbers, "n": h.numbers, "confidence": h.number},
        examples=25,
    ),
    "ics_outcomes.stats.byars_interval": Entry(
        base=lambda: {"x": [1.0, 20.0]}, params={"x": h.numbers, "confidence": h.number}, examples=20
    ),
    "ics_outcomes.stats.poisson_interval": Entry(
        base=lambda: {"x": [1.0, 20.0]}, params={"x": h.numbers, "confidence": h.number}, examples=20
    ),
    **{
        f"ics_outcomes.stats.{name}": Entry(
            base=lambda: {"data": h.build(prop_spec()), "x": "num", "n": "den"},
            params={
                "data": _frame(prop_spec),
                "x": lambda: h.text("num", "area"),
                "n": lambda: h.text("den"),
                "group_by": GROUP,
                "confidence": CONF,
                "multiplier": h.number,
                "type": TYPE,
            },
            examples=30,
        )
        for name in ("proportion", "rate")
    },
    "ics_outcomes.stats.mean": Entry(
        base=lambda: {"data": h.build(prop_spec()), "x": "num"},
        params={
            "data": _frame(prop_spec),
            "x": lambda: h.text("num"),
            "group_by": GROUP,
            "confidence": CONF,
            "type": TYPE,
        },
        examples=25,
    ),
    "ics_outcomes.stats.dsr": Entry(
        base=lambda: {"data": h.build(dsr_spec()), "x": "x", "n": "n", "group_by": "area"},
        params={
            "data": _frame(dsr_spec),
            "x": lambda: h.text("x"),
            "n": lambda: h.text("n"),
            "stdpop": lambda: st.one_of(h.numbers(19), h.text("n")),
            "group_by": GROUP,
            "confidence": CONF,
            "multiplier": h.number,
            "independent_events": h.flag,
            "eventfreq": lambda: h.text("x"),
            "ageband": lambda: h.text("area"),
            "type": TYPE,
        },
        examples=30,
    ),
    **{
        f"ics_outcomes.stats.{name}": Entry(
            base=lambda: {
                "data": h.build(isr_spec()),
                "x": "x",
                "n": "n",
                "x_ref": "xr",
                "n_ref": "nr",
                "group_by": "area",
            },
            params={
                "data": _frame(isr_spec),
                "x": lambda: h.text("x"),
                "n": lambda: h.text("n"),
                "x_ref": lambda: st.one_of(h.text("xr"), h.numbers(2)),
                "n_ref": lambda: st.one_of(h.text("nr"), h.numbers(2)),
                "group_by": GROUP,
                "confidence": CONF,
                extra: h.number,
                "observed_totals": lambda: h.frame(
                    FrameSpec({"area": ["A", "B"], "x": [30.0, 20.0]}, frozenset({"x"}))
                ),
                "type": TYPE,
            },
            examples=25,
        )
        for name, extra in (("isr_ratio", "refvalue"), ("isr_rate", "multiplier"))
    },
    "ics_outcomes.stats.quantile": Entry(
        base=lambda: {"data": h.build(prop_spec()), "values": "num", "nquantiles": 2},
        params={
            "data": _frame(prop_spec),
            "values": lambda: h.text("num"),
            "group_by": GROUP,
            "nquantiles": h.count,
            "invert": lambda: st.one_of(h.flag(), h.text("area")),
            "type": TYPE,
        },
        examples=25,
        subprocess=True,
    ),
    "ics_outcomes.stats.life_expectancy": Entry(
        base=lambda: {"data": h.build(le_spec()), "deaths": "deaths", "population": "pop", "startage": "startage"},
        params={
            "data": _frame(le_spec),
            "deaths": lambda: h.text("deaths"),
            "population": lambda: h.text("pop"),
            "startage": lambda: h.text("startage", "area"),
            "group_by": GROUP,
            "age_contents": lambda: st.one_of(h.numbers(20), h.texts(), h.fine([str(a) for a in AGES], ["90+"] * 20)),
            "le_age": lambda: st.one_of(h.number(), h.text("all", "90+"), h.numbers()),
            "confidence": CONF,
            "type": TYPE,
        },
        examples=25,
    ),
    "ics_outcomes.stats.sii": Entry(
        base=lambda: {
            "data": h.build(sii_spec()),
            "quantile": "q",
            "population": "pop",
            "value": "value",
            "se": "se",
            "repetitions": 1000,
        },
        params={
            "data": _frame(sii_spec),
            "quantile": lambda: h.text("q"),
            "population": lambda: h.text("pop"),
            "x": lambda: h.text("value"),
            "value": lambda: h.text("value"),
            "value_type": h.integer,
            "transform": h.flag,
            "lower_cl": lambda: h.text("value"),
            "upper_cl": lambda: h.text("value"),
            "se": lambda: h.text("se"),
            "multiplier": h.number,
            "repetitions": h.count,
            "confidence": CONF,
            "rii": h.flag,
            "intercept": h.flag,
            "reliability_stat": h.flag,
            "seed": h.integer,
            "group_by": GROUP,
            "type": TYPE,
        },
        examples=30,
        subprocess=True,
    ),
    "ics_outcomes.stats.funnel_limits": Entry(
        base=lambda: {
            "data": h.build(funnel_spec()),
            "numerator": "num",
            "denominator": "den",
            "statistic": "proportion",
            "multiplier": 100,
        },
        params={
            "data": _frame(funnel_spec),
            "numerator": lambda: h.text("num"),
            "denominator": lambda: h.text("den"),
            "rate": lambda: h.text("rate"),
            "statistic": lambda: h.choice("proportion", "ratio", "rate"),
            "multiplier": h.number,
            "ratio_type": lambda: h.choice("count", "isr"),
            "rate_type": lambda: h.choice("dsr", "crude"),
            "years_of_data": h.number,
            "type": TYPE,
        },
        examples=30,
    ),
    "ics_outcomes.stats.funnel_significance": Entry(
        base=lambda: {
            "data": h.build(funnel_spec()),
            "numerator": "num",
            "denominator": "den",
            "statistic": "proportion",
        },
        params={
            "data": _frame(funnel_spec),
            "numerator": lambda: h.text("num"),
            "denominator": lambda: h.text("den"),
            "rate": lambda: h.text("rate"),
            "statistic": lambda: h.choice("proportion", "ratio", "rate"),
            "rate_type": lambda: h.choice("dsr", "crude"),
            "multiplier": h.number,
        },
        examples=25,
    ),
    "ics_outcomes.stats.funnel_overdispersion": Entry(
        base=lambda: {"data": h.build(funnel_od_spec()), "numerator": "num", "denominator": "den", "group": "g"},
        params={
            "data": _frame(funnel_od_spec),
            "numerator": lambda: h.text("num"),
            "denominator": lambda: h.text("den"),
            "group": lambda: h.text("g"),
            "data_type": lambda: h.choice(*typing.get_args(options.FunnelDataType)),
            "method": lambda: h.choice(*typing.get_args(options.RatioMethod)),
            "shmi_rounding": h.flag,
            "trim_by": h.number,
            "multiplier": h.number,
            "limit": h.number,
            "adjusted": h.flag,
            "unadjusted": h.flag,
            "overdispersion": lambda: h.choice(*typing.get_args(options.OverdispersionMethod)),
        },
        examples=40,
    ),
    "ics_outcomes.stats.FunnelOverdispersion": RESULT,
    "ics_outcomes.stats.funnel_points": Entry(
        base=lambda: {
            "data": h.build(funnel_spec()),
            "numerator": "num",
            "rate": "rate",
            "rate_type": "crude",
            "years_of_data": 1,
            "multiplier": 100,
        },
        params={
            "data": _frame(funnel_spec),
            "numerator": lambda: h.text("num"),
            "rate": lambda: h.text("rate"),
            "denominator": lambda: h.text("den"),
            "rate_type": lambda: h.choice("dsr", "crude"),
            "years_of_data": h.number,
            "multiplier": h.number,
        },
        examples=25,
    ),
    # --- SPC -------------------------------------------------------------------------------------
    "ics_outcomes.spc.xmr": Entry(
        base=lambda: {"data": h.build(series_spec()), "value": "value", "date": "date"},
        params={**CHART_PARAMS, "rebase": lambda: st.one_of(h.text("g"), h.numbers())},
        examples=30,
        subprocess=True,
    ),
    "ics_outcomes.spc.trajectory": Entry(
        base=lambda: {"data": h.build(series_spec()), "value": "value", "date": "date", "trajectory": "plan"},
        params={
            "data": _frame(series_spec),
            "value": lambda: h.text("value"),
            "date": lambda: h.text("date", "g"),
            "trajectory": lambda: h.text("plan"),
            "improvement": lambda: h.choice(*typing.get_args(options.Improvement)),
            "group_by": GROUP,
        },
        examples=25,
    ),
    "ics_outcomes.spc.summary": Entry(
        base=lambda: {"data": h.build(series_spec()), "value": "value", "date": "date"},
        params={
            **KIND_PARAMS,
            "target": lambda: st.one_of(h.number(), h.text("plan")),
            "trajectory": lambda: h.text("plan"),
            "baseline": h.count,
            "parts": POSITIONS,
            "exclude": POSITIONS,
            "runs_method": lambda: h.choice(*typing.get_args(options.RunsMethod)),
            "annotations": ANNOTATIONS,
        },
        examples=25,
    ),
    "ics_outcomes.spc.chart": Entry(
        base=lambda: {"data": h.build(series_spec()), "value": "value", "date": "date"},
        params={
            **KIND_PARAMS,
            "target": lambda: st.one_of(h.number(), h.text("plan")),
            "baseline": h.count,
            "parts": POSITIONS,
            "exclude": POSITIONS,
            "rebase": lambda: st.one_of(h.text("g"), h.numbers(), h.anything()),
            "categorical": h.flag,
            "runs_method": lambda: h.choice(*typing.get_args(options.RunsMethod)),
            "annotations": ANNOTATIONS,
        },
        examples=30,
        subprocess=True,
    ),
    "ics_outcomes.spc.propose_rebase": Entry(
        base=lambda: {"data": h.build(series_spec()), "value": "value", "date": "date"},
        params={**KIND_PARAMS, "min_points": h.count},
        examples=25,
    ),
    "ics_outcomes.spc.run_rate": Entry(
        base=lambda: {"data": h.build(series_spec()), "value": "value", "date": "date", "target": 90},
        params={
            "data": _frame(series_spec),
            "value": lambda: h.text("value"),
            "date": lambda: h.text("date", "g"),
            "target": h.number,
            "improvement": lambda: h.choice(*typing.get_args(options.Improvement)),
            "since": lambda: st.one_of(h.number(), h.text()),
            "group_by": GROUP,
        },
        examples=25,
    ),
    # --- composite indicators ------------------------------------------------------------------
    "ics_outcomes.composite.normalise": Entry(
        base=lambda: {"data": h.build(units_spec()), "meta": h.build(meta_spec())},
        params={
            "data": _frame(units_spec),
            "meta": _frame(meta_spec),
            "method": lambda: h.choice(*typing.get_args(options.NormaliseMethod)),
            "range": lambda: st.one_of(h.numbers(2), h.fine((1, 1), (100, 0))),
            "per_indicator": lambda: h.mapping(("x", "y"), st.sampled_from([{}, {"method": "💥"}, None, 1]), (dict,)),
        },
        examples=25,
    ),
    "ics_outcomes.composite.aggregate": Entry(
        base=lambda: {"normalised": h.build(units_spec()), "meta": h.build(meta_spec())},
        params={
            "normalised": _frame(units_spec),
            "meta": _frame(meta_spec),
            "method": lambda: st.one_of(h.choice(*typing.get_args(options.AggregateMethod)), h.texts()),
            "weights": lambda: h.mapping(("x", "y", "Index"), types=(float, int, Decimal, str)),
        },
        examples=25,
    ),
    "ics_outcomes.composite.impute": Entry(
        base=lambda: {"data": h.build(units_spec()), "meta": h.build(meta_spec())},
        params={
            "data": _frame(units_spec),
            "meta": _frame(meta_spec),
            "method": lambda: h.choice(*typing.get_args(options.ImputeMethod)),
            "group": lambda: h.text("grp"),
        },
        examples=25,
    ),
    "ics_outcomes.composite.treat": Entry(
        base=lambda: {"data": h.build(units_spec()), "meta": h.build(meta_spec())},
        params={
            "data": _frame(units_spec),
            "meta": _frame(meta_spec),
            "winmax": h.count,
            "skew": h.number,
            "kurtosis": h.number,
        },
        examples=25,
        subprocess=True,
    ),
    **{
        f"ics_outcomes.composite.{name}": Entry(
            base=lambda count=count: {"data": h.build(units_spec()), "meta": h.build(meta_spec()), count: 20},
            params={
                "data": _frame(units_spec),
                "meta": _frame(meta_spec),
                count: h.count,
                "seed": h.integer,
                "weight_noise": lambda: st.one_of(h.number(), h.mapping(("1", "2"), types=(float, int, Decimal, str))),
                "normalisations": lambda: st.one_of(
                    h.texts(),
                    h.fine(["minmax"] * 3),
                    st.lists(st.sampled_from(typing.get_args(options.NormaliseMethod)), min_size=1, max_size=3),
                ),
                "aggregations": lambda: st.one_of(
                    h.texts(),
                    h.fine(["geometric"]),
                    st.lists(st.sampled_from(typing.get_args(options.AggregateMethod)), min_size=1, max_size=2),
                ),
                **({"bootstrap": h.count} if name == "sensitivity" else {}),
            },
            examples=25,
            subprocess=True,
        )
        for name, count in (("uncertainty", "replications"), ("sensitivity", "n"))
    },
    # --- oversight and ratings -----------------------------------------------------------------
    "ics_outcomes.oversight.score_metrics": Entry(
        base=lambda: {
            "data": h.build(metric_values_spec()),
            "rules": {"m": {"direction": "lower_is_better", "standard": 0}},
        },
        params={
            "data": _frame(metric_values_spec),
            "rules": lambda: h.mapping(
                ("m",),
                st.one_of(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "direction": st.sampled_from(["lower_is_better", "💥", None, 1]),
                            "standard": st.sampled_from([*h.ODD_FLOATS, *h.HUGE_INTS, *h.ODD_DECIMALS, "x"]),
                            "floor": st.sampled_from([h.NAN, 10**40, "x"]),
                        },
                    ),
                    st.sampled_from([None, 1, "x"]),
                ),
                (dict,),
            ),
            "metric": lambda: h.text("metric"),
            "value": lambda: h.text("value"),
            "group_by": GROUP,
        },
        examples=30,
    ),
    "ics_outcomes.oversight.segment": Entry(
        base=lambda: {"data": h.build(segment_spec()), "domain": None, "cut_points": ["1.5", "2.0", "3.0"]},
        params={
            "data": _frame(segment_spec),
            "provider": lambda: h.text("provider"),
            "metric": lambda: h.text("metric"),
            "score": lambda: h.text("score"),
            "domain": lambda: h.text("metric"),
            "provider_type": lambda: h.text("metric"),
            "deficit": lambda: h.text("deficit", "score"),
            "recovery": lambda: h.text("deficit"),
            "group_by": GROUP,
            "cut_points": lambda: st.one_of(h.numbers(3), h.fine(["3", "2", "1"], [h.NAN] * 3, ["x", "y", "z"])),
            "population": lambda: h.choice("within_type", "pooled"),
        },
        examples=30,
    ),
    "ics_outcomes.oversight.league_table": Entry(
        base=lambda: {"data": h.build(league_spec())},
        params={
            "data": _frame(league_spec),
            "provider": lambda: h.text("provider"),
            "segment": lambda: h.text("segment"),
            "average": lambda: h.text("average"),
            "group_by": GROUP,
        },
        examples=25,
    ),
    "ics_outcomes.oversight.ics_oversight": Entry(
        base=dict,
        params={
            "national": lambda: st.one_of(h.anything(), h.fine(odd_national())),
            "locals": lambda: st.one_of(h.anything(), h.objects(), h.fine([odd_local()])),
            "observations": _frame(obs_spec),
            "period": lambda: h.text("2025/26 Q1"),
            "cut_points": lambda: st.one_of(h.numbers(3), h.fine(["3", "2", "1"], ["x", "y", "z"])),
        },
        examples=15,
    ),
    "ics_outcomes.oversight.IcsOversight": Entry(constructor=False),
    **{
        f"ics_outcomes.oversight.IcsOversight.{m}": Entry(receivers=(ics_oversight_result,))
        for m in ("rows", "to_arrow", "to_pandas", "to_polars", "_repr_html_")
    },
    "ics_outcomes.oversight.IcsOversight.__arrow_c_stream__": Entry(
        receivers=(ics_oversight_result,), params={"requested_schema": h.anything}
    ),
    "ics_outcomes.oversight.IcsOversight.metrics": Entry(
        receivers=(ics_oversight_result,), base=lambda: {"code": "QOP"}, params={"code": ID}
    ),
    "ics_outcomes.ratings.cqc_rating": Entry(
        base=lambda: {"scores": [3, 3, 2, 4]},
        params={
            "scores": lambda: st.one_of(h.numbers(), h.fine([10**40], [-1, 5], [2**64], [])),
            "band_match": lambda: h.choice("whole_percent", "exact"),
            "limiters": lambda: st.one_of(
                h.objects(), h.fine([(10**40, "good")], [(1, "💥")], [(h.NAN, "good")], [(1,)])
            ),
        },
        examples=30,
    ),
    "ics_outcomes.ratings.CqcRating": RESULT,
    "ics_outcomes.ratings.CqcRating._repr_html_": Entry(receivers=(lambda: ratings.cqc_rating([3, 3]),)),
    # --- prevention ----------------------------------------------------------------------------
    "ics_outcomes.prevention.default_budgets": _no_args(),
    "ics_outcomes.prevention.prevention_shares": Entry(
        base=lambda: {"data": h.build(budgets_spec())},
        params={
            "data": _frame(budgets_spec),
            "area": lambda: h.text("area"),
            "year": lambda: h.text("year"),
            "category": lambda: h.text("category"),
            "amount": lambda: h.text("amount", "year"),
            "categories": h.texts,
            "baseline": lambda: h.text("2024/25", "2025/26"),
            "basis": lambda: h.choice(*typing.get_args(options.TrajectoryBasis)),
            "target_pp": h.decimal,
            "horizon_years": h.count,
            "decimals": h.integer,
            "rounding": lambda: h.choice(*typing.get_args(options.Rounding)),
        },
        examples=30,
        subprocess=True,
    ),
    "ics_outcomes.prevention.summary": Entry(
        base=dict,
        params={"shares": lambda: h.frame(FrameSpec({"area": ["a"], "year": ["2025/26"], "status": ["x"]}))},
    ),
    "ics_outcomes.prevention.PreventionSummary": RESULT,
    "ics_outcomes.prevention.PreventionSummary._repr_html_": Entry(receivers=(prevention.summary,)),
    # --- maturity ------------------------------------------------------------------------------
    "ics_outcomes.maturity.schema": _no_args(),
    "ics_outcomes.maturity.default_outcomes": _no_args(),
    "ics_outcomes.maturity.load_model": Entry(
        params={
            "spec": lambda: st.one_of(
                h.text("hewitt", "digital"), h.fine(*TOML_HOSTILE, Path("/"), Path("/nonexistent"))
            )
        },
        examples=20,
        subprocess=True,
    ),
    "ics_outcomes.maturity.MaturityModel": Entry(
        base=lambda: {"spec": "hewitt"},
        params={"spec": lambda: st.one_of(h.text("hewitt"), h.fine(*TOML_HOSTILE)), "source_name": TEXT},
        examples=20,
        subprocess=True,
    ),
    "ics_outcomes.maturity.default_assessments": Entry(
        params={"model": lambda: h.text("hewitt", "digital"), "year": lambda: h.text("2024/25", "2025/26")}
    ),
    "ics_outcomes.maturity.outcomes_from": Entry(
        base=lambda: {"scorecard": card()},
        params={"scorecard": lambda: st.one_of(h.anything(), h.fine(sparse_card())), "oversight": h.anything},
    ),
    "ics_outcomes.maturity.assess": Entry(
        base=lambda: {"assessments": h.build(assessments_spec()), "outcomes": None},
        params={
            "assessments": lambda: h.frame(assessments_spec()),
            "model": lambda: h.text("hewitt", "digital"),
            "outcomes": lambda: st.one_of(h.frame(outcomes_spec()), h.text("default")),
            "previous": lambda: h.frame(assessments_spec()),
            "autonomy": lambda: h.mapping(
                ("min_overall_level", "max_segment", "targets_met_above"), types=(str, int, float)
            ),
            "area": lambda: h.text("area"),
            "criterion": lambda: h.text("criterion"),
            "provider": lambda: h.text("provider"),
            "source": lambda: h.text("source"),
            "score": lambda: h.text("score", "area"),
            "evidence": lambda: h.text("evidence"),
        },
        examples=30,
    ),
    "ics_outcomes.maturity.MaturityModel.criteria": Entry(receivers=(lambda: maturity.load_model("digital"),)),
    "ics_outcomes.maturity.MaturityModel._repr_html_": Entry(receivers=(lambda: maturity.load_model("hewitt"),)),
    "ics_outcomes.maturity.MaturityResult": RESULT,
    "ics_outcomes.maturity.MaturityPlots": RESULT,
    "ics_outcomes.maturity.MaturityResult._repr_html_": Entry(receivers=MATURITY),
    "ics_outcomes.maturity.MaturityResult.rings": Entry(receivers=MATURITY),
    "ics_outcomes.maturity.MaturityResult.divergence": Entry(
        receivers=MATURITY, params={"by": lambda: h.choice("criterion", "dimension")}
    ),
    "ics_outcomes.maturity.MaturityResult.explain": Entry(
        receivers=MATURITY, base=lambda: {"area": "QRL"}, params={"area": ID}
    ),
    "ics_outcomes.maturity.MaturityResult.radar": Entry(receivers=MATURITY, params={"area": ID}),
    "ics_outcomes.maturity.MaturityPlots.radar": Entry(
        receivers=(lambda: maturity_result().plot,),
        base=lambda: {"areas": "QRL"},
        params={"areas": lambda: st.one_of(h.text("QRL"), h.texts()), "title": TEXT},
        examples=6,
    ),
    # --- charts --------------------------------------------------------------------------------
    "ics_outcomes.plot.spc": Entry(
        base=lambda: {
            "chart": spc.xmr(h.build(series_spec()), value="value", date="date"),
            "value": "value",
            "date": "date",
        },
        params={
            "chart": _frame(series_spec),
            "value": lambda: h.text("value"),
            "date": lambda: h.text("date"),
            "target": lambda: st.one_of(h.number(), h.text("plan")),
            "title": TEXT,
            "ylabel": TEXT,
        },
        examples=10,
    ),
    "ics_outcomes.plot.funnel_overdispersion": Entry(
        base=lambda: {"result": funnel_od_result()},
        params={
            "result": lambda: st.one_of(h.anything(), h.fine(funnel_od_result())),
            "label": h.flag,
            "max_labels": h.count,
            "title": TEXT,
            "xlabel": TEXT,
            "ylabel": TEXT,
        },
        examples=10,
    ),
    "ics_outcomes.plot.funnel": Entry(
        base=lambda: {
            "points": stats.funnel_significance(
                h.build(funnel_spec()), numerator="num", denominator="den", statistic="proportion"
            ),
            "limits": stats.funnel_limits(
                h.build(funnel_spec()), numerator="num", denominator="den", statistic="proportion", multiplier=1
            ),
            "x": "den",
            "significance": "significance",
        },
        params={
            "points": _frame(funnel_spec),
            "limits": _frame(funnel_spec),
            "x": lambda: h.text("den"),
            "y": lambda: h.text("value"),
            "label": lambda: h.text("num"),
            "significance": lambda: h.text("num"),
            "max_labels": h.count,
            "title": TEXT,
            "xlabel": TEXT,
            "ylabel": TEXT,
        },
        examples=10,
    ),
    "ics_outcomes.plot.spine": Entry(
        base=lambda: {"card": card(), "area": "QOP"},
        params={
            "card": lambda: st.one_of(h.anything(), h.fine(sparse_card())),
            "area": ID,
            "national": lambda: st.one_of(h.anything(), h.fine(odd_national())),
            "title": TEXT,
        },
        examples=8,
    ),
    "ics_outcomes.plot.maturity_radar": Entry(
        base=lambda: {"result": maturity_result(), "areas": "QRL"},
        params={
            "result": lambda: st.one_of(h.anything(), h.fine(small_maturity_result())),
            "areas": lambda: st.one_of(h.text("QRL"), h.texts()),
            "title": TEXT,
        },
        examples=8,
    ),
    "ics_outcomes.plot.league_heatmap": Entry(
        base=lambda: {"card": card()},
        params={"card": lambda: st.one_of(h.anything(), h.fine(sparse_card())), "title": TEXT},
        examples=6,
    ),
    "ics_outcomes.plot.ScorecardPlots": RESULT,
    "ics_outcomes.plot.ScorecardPlots.heatmap": Entry(
        receivers=(lambda: sparse_card().plot,), params={"title": TEXT}, examples=4
    ),
    "ics_outcomes.plot.ScorecardPlots.spine": Entry(
        receivers=(lambda: card().plot, lambda: sparse_card().plot),
        base=lambda: {"area": "QOP"},
        params={"area": ID, "national": lambda: st.one_of(h.anything(), h.fine(odd_national())), "title": TEXT},
        examples=6,
    ),
    # --- disclosure control ----------------------------------------------------------------------
    "ics_outcomes.disclosure.protect": Entry(
        base=lambda: {"data": h.build(counts_spec()), "rows": "ics", "columns": "band", "value": "people"},
        params={
            "data": _frame(counts_spec),
            "rows": lambda: h.text("ics"),
            "columns": lambda: h.text("band"),
            "value": lambda: h.text("people"),
            "threshold": h.count,
            "secondary": h.flag,
            "round_to": h.count,
            "suppress_zeros": h.flag,
            "total": lambda: h.text("Total", "A"),
        },
        examples=30,
    ),
    "ics_outcomes.disclosure.protect_statistics": Entry(
        base=lambda: {"data": proportions(), "count": "num"},
        params={
            "data": _frame(prop_spec),
            "count": lambda: h.text("num", "area"),
            "threshold": h.count,
            "round_to": h.count,
            "suppress_zeros": h.flag,
            "columns": h.texts,
        },
        examples=25,
    ),
    "ics_outcomes.disclosure.protect_explanation": Entry(
        base=lambda: {"explanation": card().explain("QOP")},
        params={
            "explanation": lambda: st.one_of(h.anything(), h.fine(sparse_card().explain("QOP"))),
            "threshold": h.count,
            "round_to": h.count,
            "suppress_zeros": h.flag,
        },
        examples=15,
    ),
    # --- Arrow engines -----------------------------------------------------------------------------
    "ics_outcomes.engines.stats": Entry(
        base=lambda: {"method": "proportion", "x": "num", "n": "den"},
        params={
            "method": lambda: st.one_of(h.choice("proportion", "rate", "mean", "life_expectancy"), h.texts()),
            "x": lambda: h.text("num"),
            "group_by": GROUP,
        },
        examples=15,
    ),
    "ics_outcomes.engines.xmr": Entry(
        base=lambda: {"value": "value", "date": "date", "group_by": "g"},
        params={"value": lambda: h.text("value"), "date": lambda: h.text("date"), "group_by": GROUP},
        examples=15,
    ),
    "ics_outcomes.engines.score": Entry(
        base=lambda: {"national": national(), "locals": locals_(), "period": "2025/26 Q4"},
        params={
            "national": lambda: st.one_of(h.anything(), h.fine(odd_national())),
            "locals": lambda: st.one_of(h.anything(), h.fine([odd_local()], [])),
            "period": lambda: h.text("2025/26 Q4"),
            "weighting": lambda: st.one_of(
                h.choice("equal_per_priority"), h.mapping(("urgent_care",), types=(Decimal, str, int))
            ),
            "missing": lambda: h.choice("exclude", "score_zero"),
            "places": lambda: h.mapping(("P1",), types=(str,)),
            "spc": h.flag,
        },
        examples=15,
    ),
    "ics_outcomes.engines.rank": Entry(
        base=lambda: {"scores": score_rows()},
        params={"scores": lambda: st.one_of(h.anything(), _frame(prop_spec)())},
        examples=15,
    ),
    "ics_outcomes.engines.score_schema": Entry(),
    "ics_outcomes.engines.BatchFunction": Exempt(
        "the base class of what engines.stats, engines.xmr and engines.score return; calling those"
        " with hostile data is test_engine_functions_refuse_hostile_data"
    ),
    "ics_outcomes.engines.BatchFunction.output_schema": Entry(
        receivers=ENGINE_FUNCTIONS,
        base=lambda: {"input_schema": pa.table(h.build(prop_spec(), "pyarrow")).schema},
        params={"input_schema": lambda: st.one_of(h.anything(), h.fine(pa.schema([]), pa.schema([("x", pa.int8())])))},
        examples=12,
    ),
    "ics_outcomes.engines.BatchFunction.reader": Entry(
        receivers=ENGINE_FUNCTIONS,
        base=lambda: {"data": h.build(prop_spec(), "pyarrow")},
        params={"data": _frame(prop_spec)},
        examples=12,
    ),
}


# --- discovery -------------------------------------------------------------------------------

# Methods whose names start with an underscore but which other libraries call on our objects.
PROTOCOL_METHODS = ("_repr_html_", "__arrow_c_stream__")


def public_callables() -> list[str]:
    """Every public function, class and public method reachable from ``ics_outcomes.__all__``
    and the ``__all__`` of its submodules (exceptions and warnings aside: they are raised,
    not called)."""
    found = []
    for qualified, obj in public_objects():
        if not callable(obj) or typing.get_origin(obj) is typing.Literal:
            continue
        if inspect.isclass(obj):
            if issubclass(obj, BaseException):
                continue
            found.append(qualified)
            for attr in dir(obj):
                if attr.startswith("_") and attr not in PROTOCOL_METHODS:
                    continue
                raw = inspect.getattr_static(obj, attr)
                if isinstance(raw, property | types.GetSetDescriptorType | types.MemberDescriptorType):
                    continue
                if callable(raw) or isinstance(raw, staticmethod | classmethod):
                    found.append(f"{qualified}.{attr}")
        else:
            found.append(qualified)
    return sorted(set(found))


def test_every_public_callable_is_registered() -> None:
    public = public_callables()
    missing = [name for name in public if name not in REGISTRY]
    assert not missing, f"public callables without a hostile-input entry in REGISTRY: {missing}"
    stale = sorted(set(REGISTRY) - set(public))
    assert not stale, f"REGISTRY names callables that are not public (renamed or removed?): {stale}"
    assert len(public) > 80


# --- running one call ------------------------------------------------------------------------


def resolve(name: str) -> tuple[Any, str | None]:
    """The module-level object a registry name refers to, and the method name, if any."""
    parts = name.split(".")
    obj: Any = ico
    for i, part in enumerate(parts[1:], start=1):
        if inspect.isclass(obj):
            return obj, ".".join(parts[i:])
        obj = getattr(obj, part)
    return obj, None


@st.composite
def calls(draw: Any, entry: Entry) -> tuple[Any, dict[str, Hostile], tuple[Any, ...]]:
    """A receiver (or None), keyword arguments with one or two broken, and extra positionals."""
    receiver = draw(st.sampled_from(entry.receivers))() if entry.receivers else None
    kwargs = {k: Hostile(v) for k, v in entry.base().items()}
    extra: tuple[Any, ...] = ()
    names = sorted(entry.params)
    how = draw(st.sampled_from(["break", "break", "break", "surplus", "missing"] if names else ["plain", "surplus"]))
    if how == "break":
        for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=min(2, len(names)), unique=True)):
            kwargs[name] = draw(entry.params[name]())
    elif how == "surplus":
        extra = (draw(st.sampled_from([None, "x", h.NoProtocol(), h.NAN])),)
        if draw(st.booleans()):
            kwargs["no_such_argument"] = Hostile(1)
            extra = ()
    elif how == "missing" and kwargs:
        kwargs.pop(draw(st.sampled_from(sorted(kwargs))))
    return receiver, kwargs, extra


def check(name: str, entry: Entry, receiver: Any, kwargs: dict[str, Hostile], extra: tuple[Any, ...]) -> None:
    """Calls the entry point and fails unless it returns or raises an allowed exception."""
    target, method = resolve(name)
    fn = target if method is None else getattr(receiver, method)
    allowed: tuple[type[BaseException], ...] = tuple({e for hv in kwargs.values() for e in hv.allowed})
    # An unexpected or missing argument, or a surplus positional, is a TypeError in Python.
    if extra or "no_such_argument" in kwargs or set(entry.base()) - set(kwargs):
        allowed = (*allowed, TypeError)
    values = {k: v.value for k, v in kwargs.items()}
    try:
        if not entry.constructor:
            with pytest.raises(TypeError):
                fn(*extra, **values)
            return
        problem = misbehaviour(fn, extra, values, allowed)
    finally:
        matplotlib.pyplot.close("all")
    if problem is not None:
        arguments = ", ".join([*map(repr, extra), *(f"{k}={v!r}" for k, v in kwargs.items())])
        pytest.fail(f"{name}({arguments}) raised {problem}"[:3000], pytrace=False)


def misbehaviour(
    fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], allowed: tuple[type[BaseException], ...]
) -> str | None:
    """None when ``fn`` returns or raises an ``ics_outcomes`` exception or one of ``allowed``;
    otherwise the exception it raised, for the failure message."""
    try:
        fn(*args, **kwargs)
    except IcsOutcomesError:
        return None
    except BaseException as error:  # PanicException derives from BaseException, not Exception
        if allowed and isinstance(error, allowed) and not _is_panic(error):
            return None
        return f"{type(error).__module__}.{type(error).__name__}: {error}"
    return None


def test_the_rule_refuses_untyped_errors_and_panics() -> None:
    """The harness itself: a bare error, or a TypeError not excused by a wrong type, fails."""

    def raising(error: BaseException) -> Callable[..., Any]:
        def fn() -> None:
            raise error

        return fn

    panic = type("PanicException", (BaseException,), {})
    assert misbehaviour(raising(ValueError("inside")), (), {}, ()) == "builtins.ValueError: inside"
    assert misbehaviour(raising(KeyError("k")), (), {}, (TypeError,)) is not None
    assert misbehaviour(raising(TypeError("t")), (), {}, ()) is not None
    assert misbehaviour(raising(panic("boom")), (), {}, (BaseException,)) is not None
    assert misbehaviour(raising(TypeError("t")), (), {}, (TypeError,)) is None
    assert misbehaviour(raising(ico.exceptions.DataError("d")), (), {}, ()) is None
    assert misbehaviour(lambda: 1, (), {}, ()) is None


def _is_panic(error: BaseException) -> bool:
    return type(error).__name__ == "PanicException"


def _entries() -> list[Any]:
    params = []
    for name, entry in REGISTRY.items():
        if isinstance(entry, Exempt):
            continue
        marks = []
        if entry.subprocess and not CHILD:
            marks.append(
                pytest.mark.skip(reason="run in a child interpreter by test_dangerous_entry_points_in_a_subprocess")
            )
        params.append(pytest.param(name, id=name.removeprefix("ics_outcomes."), marks=marks))
    return params


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name", _entries())
def test_hostile_arguments_raise_typed_errors(name: str) -> None:
    entry = REGISTRY[name]
    assert isinstance(entry, Entry)

    # Every count argument with every edge value and every frame argument with every edge
    # frame, deterministically; then the random mix.
    for param, strategy in entry.params.items():
        edges: list[Hostile] = []
        if strategy is h.count:
            edges = [Hostile(value) for value in h.COUNT_EDGES]
        elif isinstance(strategy, _frame):
            edges = h.frame_edges(strategy.spec())
        for edge in edges:
            receiver = entry.receivers[0]() if entry.receivers else None
            check(name, entry, receiver, {k: Hostile(v) for k, v in entry.base().items()} | {param: edge}, ())

    @settings(settings.get_profile("hostile"), max_examples=entry.examples)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        receiver, kwargs, extra = data.draw(calls(entry), label="call")
        check(name, entry, receiver, kwargs, extra)

    run()


def test_dangerous_entry_points_in_a_subprocess() -> None:
    """The entry points that could abort or overflow the stack, in a child interpreter with
    faulthandler on: a crash fails this test with the child's traceback, not the whole run."""
    if CHILD:
        pytest.skip("already in the child")
    tests = ("test_hostile_arguments_raise_typed_errors", "test_unicode_and_huge_values_through_every_argument")
    ids = [
        f"{Path(__file__).name}::{test}[{name.removeprefix('ics_outcomes.')}]"
        for test in tests
        for name, entry in REGISTRY.items()
        if isinstance(entry, Entry) and entry.subprocess
    ]
    assert ids
    root = Path(__file__).resolve().parents[1]
    child = subprocess.run(
        [
            sys.executable,
            "-X",
            "faulthandler",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *[f"tests/{i}" for i in ids],
        ],
        cwd=root,
        env={**os.environ, "ICS_HOSTILE_CHILD": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, (
        f"child interpreter exited with {child.returncode}:\n{child.stdout[-6000:]}\n{child.stderr[-4000:]}"
    )


# --- regressions: each failure the hostile tests found, pinned --------------------------------


def _regressions() -> list[Any]:
    from ics_outcomes.exceptions import ArgumentError, DataError, FileError, NotFoundError, ValidationError

    frame = h.build(prop_spec())
    cases: list[tuple[str, Callable[[], Any], type[BaseException] | None, str | None]] = [
        ("ragged dict", lambda: stats.proportion({"num": [1], "den": [1, 2]}, x="num", n="den"), ArgumentError, "data"),
        ("mixed column", lambda: stats.mean(pd.DataFrame({"x": [1, "a"]}), x="x"), ArgumentError, "data"),
        ("int beyond 64 bits", lambda: stats.mean({"x": [10**40]}, x="x"), ArgumentError, "data"),
        ("fake arrow", lambda: stats.mean(h.BadArrow(), x="x"), ArgumentError, "data"),
        ("text confidence", lambda: stats.proportion(
            frame, x="num", n="den", confidence="x"), ArgumentError, "confidence"),
        ("object multiplier", lambda: stats.rate(frame, x="num", n="den", multiplier=object()), TypeError, None),
        ("sNaN years", lambda: stats.funnel_limits(
            frame, numerator="num", denominator="den", statistic="proportion", multiplier=Decimal("sNaN")),
         ArgumentError, "multiplier"),
        ("nquantiles 2**40", lambda: stats.quantile(
            frame, values="num", nquantiles=2**40), ArgumentError, "nquantiles"),
        ("value_type 10**40", lambda: stats.sii(
            h.build(sii_spec()), quantile="q", population="pop", value="value", se="se", value_type=10**40),
         ArgumentError, "value_type"),
        ("repetitions 2**62", lambda: stats.sii(
            h.build(sii_spec()), quantile="q", population="pop", value="value", se="se", repetitions=2**62),
         ArgumentError, "repetitions"),
        ("since NaN", lambda: spc.run_rate(
            h.build(series_spec()), value="value", date="date", target=90, since=Decimal("NaN")),
         ArgumentError, "since"),
        ("target sNaN", lambda: spc.xmr(
            h.build(series_spec()), value="value", date="date", target=Decimal("sNaN")), ArgumentError, "target"),
        ("per_indicator None", lambda: composite.normalise(
            h.build(units_spec()), h.build(meta_spec()), per_indicator={"x": None}), TypeError, None),
        ("text range", lambda: composite.normalise(
            h.build(units_spec()), h.build(meta_spec()), range=("a", "b")), ArgumentError, "range"),
        ("text indicator", lambda: composite.normalise(
            h.build(units_spec()).assign(x=list("abcd")), h.build(meta_spec())), DataError, "x"),
        ("cqc 10**40", lambda: ratings.cqc_rating([10**40]), ValidationError, "scores[0]"),
        ("cqc limiter 10**40", lambda: ratings.cqc_rating([3], limiters=[(10**40, "good")]), ValidationError,
         "limiters[0]"),
        ("cqc limiter text", lambda: ratings.cqc_rating([3], limiters=["a"]), TypeError, None),
        ("spine area", lambda: plot.spine(card(), "💥"), NotFoundError, "area"),
        ("heatmap None", lambda: plot.league_heatmap(None), TypeError, None),
        ("radar no areas", lambda: plot.maturity_radar(maturity_result(), []), ArgumentError, "areas"),
        ("model NUL", lambda: maturity.load_model("\x00"), FileError, None),
        ("outcomes_from None", lambda: maturity.outcomes_from(None), TypeError, None),
        ("decimals 10**40", lambda: ico.Metric("m", "M", "percentage", "higher_is_better", 10**40), ArgumentError,
         "Metric.decimals"),
        ("uncertainty replications 10**40", lambda: card().uncertainty(replications=10**40), ArgumentError,
         "replications"),
        ("uncertainty seed -1", lambda: card().uncertainty(replications=5, seed=-1), ArgumentError, "seed"),
        ("uncertainty replications 2**62", lambda: card().uncertainty(replications=2**62), ArgumentError,
         "replications"),
        ("uncertainty n and replications", lambda: card().uncertainty(5, replications=5), ArgumentError, "n"),
        ("composite replications 2**62", lambda: composite.uncertainty(
            h.build(units_spec()), h.build(meta_spec()), replications=2**62), ArgumentError, "replications"),
        ("struct column", lambda: ico.load_observations(
            pa.table(obs_spec().columns).set_column(3, "value", pa.array([{"a": 1}] * 4))), DataError, "value"),
        ("ragged observations", lambda: ico.load_observations(
            {k: v[:2] if k == "period" else v for k, v in obs_spec().columns.items()}), DataError, "period"),
        ("pandas int beyond 64 bits", lambda: ico.load_observations(
            pd.DataFrame(obs_spec().columns).assign(denominator=[10**40] * 4)), DataError, "observations"),
        ("league of no rows", lambda: oversight.league_table({"provider": [], "segment": [], "average": []}),
         None, None),
        ("league NaN segment", lambda: oversight.league_table(
            {"provider": ["A"], "segment": [h.NAN], "average": [1.5]}), ArgumentError, "segment[0]"),
        ("league inf segment", lambda: oversight.league_table(
            {"provider": ["A"], "segment": [h.INF], "average": [1.5]}), ArgumentError, "segment[0]"),
        ("sensitivity of no units", lambda: composite.sensitivity(
            h.build(units_spec()).head(0), h.build(meta_spec()), n=10), ArgumentError, "data"),
    ]  # fmt: skip
    return [pytest.param(call, error, path, id=name) for name, call, error, path in cases]


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize(("call", "error", "path"), _regressions())
def test_found_failures_raise_typed_errors(
    call: Callable[[], Any], error: type[BaseException] | None, path: str | None
) -> None:
    """Each failure the hostile tests found, pinned (``error`` None: it must now succeed)."""
    try:
        if error is None:
            assert len(call()) == 0
            return
        with pytest.raises(error) as raised:
            call()
    finally:
        matplotlib.pyplot.close("all")
    if path is not None:
        assert raised.value.path == path, raised.value


ENGINE_CALLS = {
    "proportion": (lambda: engines.stats("proportion", x="num", n="den"), prop_spec),
    "grouped": (lambda: engines.stats("proportion", x="num", n="den", group_by="area"), prop_spec),
    "xmr": (lambda: engines.xmr(value="value", date="date", group_by="g"), series_spec),
    "score": (lambda: engines.score(national(), locals_(), period="2025/26 Q4"), obs_spec),
}


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("which", sorted(ENGINE_CALLS))
def test_engine_functions_refuse_hostile_data(which: str) -> None:
    """What engines.stats, xmr and score return is called by DuckDB, Polars and Spark with
    whatever batches they hold: every edge frame, as a table, a record batch and a stream of
    batches, must give a result or a typed error."""
    make, spec = ENGINE_CALLS[which]
    function = make()

    def shapes(value: Any) -> list[Any]:
        try:
            table = value if isinstance(value, pa.Table) else pa.table(value)
        except Exception:  # not representable in Arrow: only the value itself is fair
            return [value]
        return [value, *table.to_batches(), iter(table.to_batches(max_chunksize=1)), table.to_reader()]

    for edge in h.frame_edges(spec()):
        for data in shapes(edge.value):
            problem = misbehaviour(
                lambda d=data: list(r) if isinstance(r := function(d), Iterator) else r, (), {}, edge.allowed
            )
            assert problem is None, f"{which}({data!r:.200}) raised {problem}"


#: Unicode text and huge numbers (#17, findings D3 to D5): non-ASCII month names, digits and
#: signs, control and combining characters, bidirectional overrides, and numbers at and past
#: the library's bounds (10**14), a Decimal's 28 digits and f64's range.
SWEEP = [
    "Août 2025",
    "\uff12\uff10\uff12\uff15/\uff12\uff16",  # full-width digits
    "2025/26 Q\uff14",
    "\u0667\u0668",  # Arabic-Indic 78
    "\u22125",  # minus sign
    "\u202e2025/26",
    "🏥 QOP",
    "\x00",
    "\u017fept 2025",  # long s, which upper-cases to S
    "İ",
    Decimal("1e28"),
    Decimal("9" * 40),
    Decimal("0." + "1" * 40),
    10**30,
    1e308,
    "1e28",
    "9" * 40,
]


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name", _entries())
def test_unicode_and_huge_values_through_every_argument(name: str) -> None:
    """Every argument of every entry point, deterministically, with each value of SWEEP: a
    result or the library's own error (a TypeError only where the type is wrong)."""
    entry = REGISTRY[name]
    assert isinstance(entry, Entry)
    for param in entry.params:
        for value in SWEEP:
            receiver = entry.receivers[0]() if entry.receivers else None
            hostile = Hostile(value, (TypeError,), label=f"sweep {value!r}"[:60])
            check(name, entry, receiver, {k: Hostile(v) for k, v in entry.base().items()} | {param: hostile}, ())
