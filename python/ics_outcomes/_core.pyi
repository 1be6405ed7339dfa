"""Type stubs of the compiled module ``ics_outcomes._core`` (checked by mypy.stubtest)."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from os import PathLike
from typing import Any, Literal, final

import numpy as np
import numpy.typing as npt
import pandas as pd
import polars as pl
import pyarrow as pa

from ics_outcomes.options import ChartKind as _ChartKind
from ics_outcomes.options import FrameworkFormat as _FrameworkFormat
from ics_outcomes.options import Population as _Population
from ics_outcomes.options import ResultTableKind as _ResultTableKind
from ics_outcomes.options import Rounding as _Rounding
from ics_outcomes.options import TrajectoryBasis as _TrajectoryBasis
from ics_outcomes.plot import ScorecardPlots

__all__ = [
    "ArgumentError",
    "DataError",
    "Explanation",
    "FileError",
    "IcsOutcomesError",
    "IcsOversight",
    "LimitError",
    "LocalFramework",
    "MaturityModel",
    "MaturityReport",
    "Metric",
    "NationalFramework",
    "NotFoundError",
    "Observations",
    "Priority",
    "Report",
    "ResultTable",
    "Scorecard",
    "Target",
    "ValidationError",
    "Vintages",
    "__version__",
    "_error",
    "_restore",
    "age_band_start",
    "byars_interval",
    "chart_style",
    "composite_aggregate",
    "composite_impute",
    "composite_normalise",
    "composite_sensitivity",
    "composite_treat",
    "composite_uncertainty",
    "date_ordinals",
    "default_budget_lines",
    "default_local_frameworks",
    "default_national_framework",
    "default_observations",
    "disclosure_derived_columns",
    "disclosure_explanation",
    "disclosure_protect_long",
    "disclosure_rows",
    "disclosure_statuses",
    "framework_schema",
    "icbs",
    "ics_oversight",
    "league_order",
    "league_tables",
    "load_framework",
    "load_observations",
    "maturity_default_assessments",
    "maturity_outcomes",
    "maturity_report",
    "maturity_schema",
    "max_threads",
    "option_values",
    "oversight_league",
    "oversight_score_metrics",
    "oversight_segment",
    "parse_framework",
    "poisson_interval",
    "prevention_latest_rows",
    "prevention_shares",
    "rate_cqc",
    "replay",
    "reproject",
    "score",
    "set_max_threads",
    "spc_chart",
    "spc_rebase_proposals",
    "spc_run_rate",
    "spc_series",
    "spc_summary",
    "spc_trajectory_gaps",
    "spc_xmr",
    "stats_dsr",
    "stats_funnel_limits",
    "stats_funnel_overdispersion",
    "stats_funnel_points",
    "stats_funnel_significance",
    "stats_isr",
    "stats_life_expectancy",
    "stats_mean",
    "stats_proportion",
    "stats_quantile",
    "stats_rate",
    "stats_sii",
    "successions",
    "systems",
    "table_kinds",
    "table_schema",
    "version",
    "wilson_interval",
]

__version__: str

_DecimalLike = Decimal | str | int

class IcsOutcomesError(Exception):
    source: str | None
    data: str | None
    kind: str | None
    path: str | None
    value: str | None
    issues: list[dict[str, str]]

class ValidationError(IcsOutcomesError): ...
class DataError(IcsOutcomesError): ...
class FileError(IcsOutcomesError): ...
class NotFoundError(IcsOutcomesError): ...
class ArgumentError(IcsOutcomesError): ...
class LimitError(IcsOutcomesError): ...

@final
class Metric:
    def __new__(
        cls,
        id: str,
        name: str,
        unit: str,
        polarity: str,
        decimals: int,
        source: str | None = None,
        statistic: str | None = None,
        combine: _Combine | None = None,
        weight: str | None = None,
        spc_chart: _ChartKind | None = None,
    ) -> Metric: ...
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def polarity(self) -> str: ...
    @property
    def decimals(self) -> int: ...
    @property
    def source(self) -> str | None: ...
    @property
    def statistic(self) -> str | None: ...
    @property
    def combine(self) -> str | None: ...
    @property
    def weight(self) -> str | None: ...
    @property
    def spc_chart(self) -> str | None: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]: ...

@final
class Target:
    def __new__(
        cls,
        id: str,
        metric: str,
        type: str,
        *,
        comparison: str | None = None,
        value: _DecimalLike | None = None,
        floor: _DecimalLike | None = None,
        baseline_period: str | None = None,
        baseline_value: _DecimalLike | None = None,
        change: _DecimalLike | None = None,
        change_kind: str | None = None,
        goal_period: str | None = None,
        goal_value: _DecimalLike | None = None,
        scoring: str | None = None,
        allow_local_trajectory: bool = False,
        description: str | None = None,
    ) -> Target: ...
    @property
    def id(self) -> str: ...
    @property
    def metric(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def comparison(self) -> str | None: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def floor(self) -> Decimal | None: ...
    @property
    def baseline_period(self) -> str | None: ...
    @property
    def baseline_value(self) -> Decimal | None: ...
    @property
    def change(self) -> Decimal | None: ...
    @property
    def change_kind(self) -> str | None: ...
    @property
    def goal_period(self) -> str | None: ...
    @property
    def goal_value(self) -> Decimal | None: ...
    @property
    def scoring(self) -> str | None: ...
    @property
    def allow_local_trajectory(self) -> bool: ...
    @property
    def description(self) -> str | None: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]: ...

@final
class Priority:
    def __new__(
        cls,
        id: str,
        title: str,
        targets: Sequence[Target],
        *,
        purposes: Sequence[str] = (),
        principles: Sequence[str] = (),
        description: str | None = None,
    ) -> Priority: ...
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def tier(self) -> str | None: ...
    @property
    def purposes(self) -> list[str]: ...
    @property
    def principles(self) -> list[str]: ...
    @property
    def targets(self) -> list[Target]: ...
    @property
    def description(self) -> str | None: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]: ...

@final
class NationalFramework:
    def __new__(
        cls,
        id: str,
        name: str,
        version: str,
        metrics: Sequence[Metric],
        priorities: Sequence[Priority],
        *,
        rounding: str = "half_away_from_zero",
        scoring: str = "binary",
        description: str | None = None,
        trajectory_years: int | None = None,
    ) -> NationalFramework: ...
    @property
    def id(self) -> str: ...
    @property
    def trajectory_years(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def rounding(self) -> str: ...
    @property
    def scoring(self) -> str: ...
    @property
    def description(self) -> str | None: ...
    @property
    def metrics(self) -> list[Metric]: ...
    @property
    def priorities(self) -> list[Priority]: ...
    def coverage(self) -> list[tuple[str, list[str]]]: ...
    def to_toml(self) -> str: ...
    def to_json(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]: ...
    def _repr_html_(self) -> str: ...

@final
class LocalFramework:
    def __new__(
        cls,
        area: str,
        name: str,
        national: NationalFramework,
        *,
        metrics: Sequence[Metric] = (),
        priorities: Sequence[Priority] = (),
        trajectories: Sequence[Mapping[str, Any]] = (),
        description: str | None = None,
        vintage: _Vintage | None = None,
    ) -> LocalFramework: ...
    @property
    def area(self) -> str: ...
    @property
    def vintage(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def nests_in(self) -> str: ...
    @property
    def national(self) -> NationalFramework: ...
    @property
    def description(self) -> str | None: ...
    @property
    def metrics(self) -> list[Metric]: ...
    @property
    def priorities(self) -> list[Priority]: ...
    @property
    def trajectories(self) -> list[dict[str, Any]]: ...
    def coverage(self) -> list[tuple[str, list[str]]]: ...
    def to_toml(self) -> str: ...
    def to_json(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]: ...
    def _repr_html_(self) -> str: ...

@final
class Observations:
    def __len__(self) -> int: ...
    @property
    def periods(self) -> list[str]: ...
    @property
    def label(self) -> str | None: ...
    def to_csv(self) -> str: ...
    def rows(self) -> list[dict[str, Any]]: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def to_arrow(self) -> pa.Table: ...
    def to_pandas(self) -> pd.DataFrame: ...
    def to_polars(self) -> pl.DataFrame: ...

@final
class Explanation:
    @property
    def code(self) -> str: ...
    @property
    def ods(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def rank(self) -> int | None: ...
    @property
    def overall(self) -> Decimal | None: ...
    @property
    def national(self) -> Decimal | None: ...
    @property
    def local(self) -> Decimal | None: ...
    @property
    def period(self) -> str: ...
    @property
    def data_label(self) -> str | None: ...
    @property
    def total_weight(self) -> str | None: ...
    def priorities(self) -> list[dict[str, Any]]: ...
    def __len__(self) -> int: ...
    def rows(self) -> list[dict[str, Any]]: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def to_arrow(self) -> pa.Table: ...
    def to_pandas(self) -> pd.DataFrame: ...
    def to_polars(self) -> pl.DataFrame: ...
    def _repr_html_(self) -> str: ...

@final
class Scorecard:
    @property
    def period(self) -> str: ...
    @property
    def framework(self) -> tuple[str, str]: ...
    @property
    def record(self) -> dict[str, Any]: ...
    @property
    def options(self) -> dict[str, Any]: ...
    @property
    def data_label(self) -> str | None: ...
    def __len__(self) -> int: ...
    def rows(self) -> list[dict[str, Any]]: ...
    def explain(self, code: str) -> Explanation: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def to_arrow(self) -> pa.Table: ...
    def to_pandas(self) -> pd.DataFrame: ...
    def to_polars(self) -> pl.DataFrame: ...
    def targets(self) -> ResultTable: ...
    def summary(self) -> ResultTable: ...
    def report(
        self,
        code: str,
        *,
        previous: Scorecard | None = None,
        oversight: IcsOversight | None = None,
        maturity: MaturityReport | None = None,
        suppress: int | None = None,
        round_to: int | None = None,
        replications: int = 200,
    ) -> Report: ...
    @property
    def plot(self) -> ScorecardPlots: ...
    def uncertainty(
        self,
        n: int | None = None,
        seed: int = 1,
        weight_noise: Decimal | str | float | None = None,
        policies: Sequence[str] | None = None,
        scoring: Sequence[str] | None = None,
        *,
        replications: int | None = None,
    ) -> ResultTable: ...
    def league_table(self) -> pd.DataFrame: ...
    def _repr_html_(self) -> str: ...

@final
class Report:
    @property
    def code(self) -> str: ...
    @property
    def html(self) -> str: ...
    @property
    def tables(self) -> dict[str, ResultTable]: ...
    def save(self, path: str | PathLike[str]) -> None: ...
    def _repr_html_(self) -> str: ...

@final
class ResultTable:
    @property
    def kind(self) -> _ResultTableKind: ...
    @property
    def columns(self) -> list[str]: ...
    @property
    def record(self) -> dict[str, Any] | None: ...
    def __len__(self) -> int: ...
    def rows(self) -> list[dict[str, Any]]: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def to_arrow(self) -> pa.Table: ...
    def to_pandas(self) -> pd.DataFrame: ...
    def to_polars(self) -> pl.DataFrame: ...

def replay(
    record: str | Mapping[str, Any] | Scorecard | Any,
    national: NationalFramework,
    locals: Sequence[LocalFramework],
    observations: object,
    *,
    vintages: Vintages | None = None,
) -> ResultTable: ...
def table_schema(kind: _ResultTableKind) -> pa.Schema: ...
def table_kinds() -> list[tuple[str, list[tuple[str, str]]]]: ...
def option_values() -> list[tuple[str, list[str]]]: ...
def default_national_framework(edition: _Edition | None = None) -> NationalFramework: ...
def default_local_frameworks(edition: _Edition | None = None) -> list[LocalFramework]: ...
def default_observations(edition: _Edition | None = None) -> Observations: ...
def parse_framework(
    text: str,
    format: _FrameworkFormat = "toml",
    national: NationalFramework | None = None,
    vintage: _Vintage | None = None,
) -> NationalFramework | LocalFramework: ...
def load_framework(
    source: str | PathLike[str], national: NationalFramework | None = None, vintage: _Vintage | None = None
) -> NationalFramework | LocalFramework: ...
def load_observations(
    source: object,
    national: NationalFramework | None = None,
    locals: Sequence[LocalFramework] | None = None,
    places: Mapping[str, str] | None = None,
    vintage: _Vintage | str | None = None,
    vintages: Vintages | None = None,
) -> Observations: ...
def score(
    national: NationalFramework,
    locals: Sequence[LocalFramework],
    observations: object,
    period: str | None = None,
    weighting: str | Mapping[str, _DecimalLike] | None = None,
    missing: str = "exclude",
    places: Mapping[str, str] | None = None,
    spc: bool = True,
    absent_period_unscored: bool = False,
    vintage: _Vintage | str | None = None,
    vintages: Vintages | None = None,
) -> Scorecard: ...
def league_tables(
    national: NationalFramework,
    locals: Sequence[LocalFramework],
    observations: object,
    periods: Sequence[str],
    weighting: str | Mapping[str, _DecimalLike] | None = None,
    missing: str = "exclude",
    places: Mapping[str, str] | None = None,
    absent_period_unscored: bool = False,
    vintage: _Vintage | str | None = None,
    vintages: Vintages | None = None,
) -> ResultTable: ...
def _error(
    error_class: Literal["ValidationError", "DataError", "FileError", "ArgumentError", "NotFoundError"],
    path: str,
    value: str,
    message: str,
    data: str | None = None,
    source: str | None = None,
) -> IcsOutcomesError: ...
def _restore(kind: str, state: bytes) -> Scorecard | Explanation | ResultTable | IcsOversight | Observations: ...
def reproject(
    data: object,
    to: str,
    from_: str | None = None,
    apportionment: str | None = None,
    lookup: str | None = None,
    national: NationalFramework | None = None,
    locals: Sequence[LocalFramework] | None = None,
    vintages: Vintages | None = None,
) -> pa.Table: ...
def league_order(
    codes: Sequence[str], scores: Sequence[Decimal | str | int | None]
) -> tuple[list[int], list[int | None]]: ...
def framework_schema() -> str: ...
def set_max_threads(threads: int) -> None: ...
def max_threads() -> int: ...
def version() -> str: ...
def systems(vintage: _Vintage | str | None = None, vintages: Vintages | None = None) -> list[dict[str, str | None]]: ...
def icbs(vintage: _Vintage | str | None = None, vintages: Vintages | None = None) -> pa.Table: ...
def successions(vintages: Vintages | None = None) -> pa.Table: ...

@final
class Vintages:
    def __new__(cls) -> Vintages: ...
    def with_reorganisation(self, source: str | PathLike[str]) -> Vintages: ...
    @property
    def names(self) -> list[str]: ...
    @property
    def latest(self) -> str: ...
    def vintage_of(self, period: str) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...

# Indicator statistics (ics_outcomes.stats wraps these with frames).
_Edition = Literal["2025/26", "2026/27"]
_Vintage = Literal["2022-07", "2023-04", "2026-04"]
_Combine = Literal["sum", "weighted_mean", "not_combinable"]
_Floats = npt.NDArray[np.float64]
_Codes = npt.NDArray[np.uint32] | None
_Result = tuple[Any, list[str]]

def wilson_interval(x: _Floats, n: _Floats, confidence: float = 0.95) -> tuple[_Floats, _Floats]: ...
def byars_interval(x: _Floats, confidence: float = 0.95) -> tuple[_Floats, _Floats]: ...
def poisson_interval(x: _Floats, confidence: float = 0.95) -> tuple[_Floats, _Floats]: ...
def stats_proportion(
    x: _Floats,
    n: _Floats,
    names: tuple[str, str],
    codes: _Codes,
    count: int,
    confidence: Sequence[float],
    multiplier: float,
    output: str,
) -> _Result: ...
def stats_rate(
    x: _Floats,
    n: _Floats,
    names: tuple[str, str],
    codes: _Codes,
    count: int,
    confidence: Sequence[float],
    multiplier: float,
    output: str,
) -> _Result: ...
def stats_mean(
    x: _Floats, name: str, codes: _Codes, count: int, confidence: Sequence[float], output: str
) -> _Result: ...
def stats_dsr(
    x: _Floats,
    n: _Floats,
    stdpop: _Floats,
    stdpop_by_position: bool,
    names: tuple[str, str, str, str],
    codes: _Codes,
    count: int,
    frequency: _Floats | None,
    bands: _Codes,
    band_count: int,
    confidence: Sequence[float],
    multiplier: float,
    output: str,
) -> _Result: ...
def stats_isr(
    x: _Floats,
    n: _Floats,
    x_ref: _Floats,
    n_ref: _Floats,
    by_field: bool,
    names: tuple[str, str, str, str],
    codes: _Codes,
    count: int,
    observed_totals: _Floats | None,
    confidence: Sequence[float],
    refvalue: float | None,
    multiplier: float | None,
    output: str,
) -> _Result: ...
def stats_quantile(
    values: _Floats,
    name: str,
    codes: _Codes,
    count: int,
    nquantiles: int,
    invert: bool,
    invert_rows: Sequence[bool] | None,
    output: str,
) -> _Result: ...
def age_band_start(label: str) -> float | None: ...
def stats_life_expectancy(
    deaths: _Floats,
    population: _Floats,
    names: tuple[str, str, str],
    startage: _Floats | None,
    startage_labels: Sequence[str | None] | None,
    codes: _Codes,
    count: int,
    age_contents: Sequence[float] | None,
    age_content_labels: Sequence[str | None] | None,
    le_age: Sequence[float] | None,
    confidence: Sequence[float],
    output: str,
) -> tuple[Any, list[str], list[int]]: ...
def stats_sii(
    quantile: _Floats,
    population: _Floats,
    value: _Floats | None,
    x: _Floats | None,
    lower_cl: _Floats | None,
    upper_cl: _Floats | None,
    se: _Floats | None,
    names: Sequence[str],
    codes: _Codes,
    count: int,
    value_type: int,
    transform: bool,
    multiplier: float,
    repetitions: int,
    confidence: Sequence[float],
    rii: bool,
    intercept: bool,
    reliability_stat: bool,
    seed: int,
    output: str,
) -> tuple[Any, list[str], list[int]]: ...
def stats_funnel_limits(
    numerator: _Floats,
    denominator: _Floats | None,
    rate: _Floats | None,
    names: tuple[str, str, str],
    statistic: str | None,
    ratio_type: str | None,
    rate_type: str | None,
    years_of_data: float | None,
    multiplier: float,
    output: str,
) -> _Result: ...
def stats_funnel_significance(
    numerator: _Floats,
    denominator: _Floats | None,
    rate: _Floats | None,
    names: tuple[str, str, str],
    statistic: str | None,
    rate_type: str | None,
    multiplier: float | None,
) -> _Result: ...
def stats_funnel_points(
    numerator: _Floats,
    denominator: _Floats | None,
    rate: _Floats,
    names: tuple[str, str, str],
    rate_type: str,
    years_of_data: float,
    multiplier: float,
) -> _Result: ...
def stats_funnel_overdispersion(
    numerator: _Floats,
    denominator: _Floats,
    names: tuple[str, str],
    codes: npt.NDArray[np.uint32],
    labels: list[str],
    *,
    data_type: str,
    method: str,
    shmi_rounding: bool,
    trim_by: float,
    multiplier: float,
    limit: float,
    adjusted: bool,
    unadjusted: bool,
    overdispersion: str,
) -> tuple[pa.Table, pa.Table, dict[str, Any]]: ...
def rate_cqc(
    scores: Sequence[int], band_match: str = "whole_percent", limiters: Sequence[tuple[int, str]] = ...
) -> dict[str, Any]: ...
def oversight_score_metrics(
    groups: Sequence[int],
    metrics: Sequence[str],
    values: Sequence[str | None],
    rules: Mapping[str, Mapping[str, Any]],
    *,
    rounding: _Rounding | None = None,
) -> ResultTable: ...
def oversight_segment(
    groups: Sequence[int],
    providers: Sequence[str],
    metrics: Sequence[str],
    scores: Sequence[str | None],
    *,
    provider_types: Sequence[str] | None = None,
    domains: Sequence[str] | None = None,
    in_deficit: Sequence[bool] | None = None,
    in_recovery: Sequence[bool] | None = None,
    cut_points: Sequence[str | None] | None = None,
    population: _Population | None = None,
) -> tuple[ResultTable, list[tuple[int, int]]]: ...
def oversight_league(entries: Sequence[tuple[str, int, str]]) -> list[int]: ...
def ics_oversight(
    national: NationalFramework | None = None,
    locals: Sequence[LocalFramework] | None = None,
    observations: Any = None,
    *,
    period: str | None = None,
    cut_points: Sequence[_DecimalLike | float] | None = None,
) -> IcsOversight: ...

@final
class IcsOversight:
    def __len__(self) -> int: ...
    def metrics(self, code: str) -> ResultTable: ...
    def rows(self) -> list[dict[str, Any]]: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def to_arrow(self) -> pa.Table: ...
    def to_pandas(self) -> pd.DataFrame: ...
    def to_polars(self) -> pl.DataFrame: ...
    def _repr_html_(self) -> str: ...

def prevention_shares(
    lines: Sequence[tuple[str, str, str, str]] | None = None,
    *,
    categories: Sequence[str] | None = None,
    baseline: str | None = None,
    basis: _TrajectoryBasis | None = None,
    target_pp: _DecimalLike | None = None,
    horizon_years: int | None = None,
    decimals: int | None = None,
    rounding: _Rounding | None = None,
    latest: bool = False,
) -> ResultTable: ...
def prevention_latest_rows(areas: Sequence[str], years: Sequence[str]) -> list[int]: ...
def default_budget_lines() -> list[tuple[str, str, str, str]]: ...

# SPC (ics_outcomes.spc wraps this with frames).
def spc_xmr(
    values: _Floats,
    value_name: str,
    dates: npt.NDArray[np.int64],
    date_name: str,
    groups: npt.NDArray[np.uint32] | None,
    rebase: npt.NDArray[np.bool_] | None,
    targets: _Floats | None,
    *,
    improvement: str,
    target: float | None,
    screen_outliers: bool,
    fix_after_n_points: int | None,
) -> pa.Table: ...
def chart_style() -> dict[str, Any]: ...

_Notes = tuple[list[int], list[int | None], list[str]]

def spc_chart(
    values: _Floats,
    value_name: str,
    denominators: _Floats | None,
    denominator_name: str,
    dates: npt.NDArray[np.int64],
    date_name: str,
    groups: npt.NDArray[np.uint32] | None,
    rebase: npt.NDArray[np.bool_] | None,
    targets: _Floats | None,
    annotations: _Notes,
    *,
    options: dict[str, Any],
) -> pa.Table: ...
def spc_rebase_proposals(
    values: _Floats,
    value_name: str,
    denominators: _Floats | None,
    denominator_name: str,
    dates: npt.NDArray[np.int64],
    date_name: str,
    groups: npt.NDArray[np.uint32] | None,
    *,
    min_points: int | None,
    options: dict[str, Any],
) -> pa.Table: ...
def spc_summary(
    values: _Floats,
    value_name: str,
    denominators: _Floats | None,
    denominator_name: str,
    dates: npt.NDArray[np.int64],
    date_name: str,
    date_labels: list[str],
    groups: npt.NDArray[np.uint32] | None,
    group_labels: list[str],
    targets: _Floats | None,
    trajectory: _Floats | None,
    annotations: _Notes,
    *,
    options: dict[str, Any],
) -> ResultTable: ...
def date_ordinals(date_name: str, dates: list[str]) -> list[int]: ...
def spc_series(
    dates: npt.NDArray[np.int64], date_name: str, groups: npt.NDArray[np.uint32] | None
) -> tuple[list[int], list[int]]: ...
def spc_trajectory_gaps(values: _Floats, trajectory: _Floats, direction: str) -> tuple[_Floats, list[bool | None]]: ...
def spc_run_rate(
    values: _Floats, start: int, target: float, direction: str
) -> tuple[int, float, float, int | None]: ...

# Composite indicators (ics_outcomes.composite wraps these with frames).
_CompositeTable = tuple[list[str], list[tuple[str, list[float]]]]

def composite_normalise(
    data: object,
    meta: object,
    *,
    method: str,
    range: tuple[float, float] | None,
    cap: bool,
    unit: str | None,
    scale: float | None,
    truncate: bool | None,
    per_indicator: Mapping[str, object],
) -> _CompositeTable: ...
def composite_aggregate(
    data: object, meta: object, *, methods: Sequence[str], weights: Mapping[str, object]
) -> _CompositeTable: ...
def composite_impute(data: object, meta: object, *, method: str, group: str | None) -> _CompositeTable: ...
def composite_treat(
    data: object, meta: object, *, winmax: int, skew: float, kurtosis: float
) -> tuple[_CompositeTable, ResultTable]: ...
def composite_uncertainty(
    data: object,
    meta: object,
    *,
    replications: int,
    seed: int,
    weight_noise: object,
    normalisations: Sequence[str],
    aggregations: Sequence[str],
) -> ResultTable: ...
def composite_sensitivity(
    data: object,
    meta: object,
    *,
    n: int,
    seed: int,
    bootstrap: int,
    weight_noise: object,
    normalisations: Sequence[str],
    aggregations: Sequence[str],
) -> ResultTable: ...

# Maturity (ics_outcomes.maturity wraps these with frames).
_AssessmentRow = tuple[str, str, str, str, str, str]

@final
class MaturityModel:
    def __new__(cls, spec: str, source_name: str = "<model>") -> MaturityModel: ...
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str | None: ...
    @property
    def levels(self) -> list[tuple[str, float]]: ...
    @property
    def range(self) -> tuple[float, float]: ...
    @property
    def aggregation(self) -> str: ...
    @property
    def dimensions(self) -> list[str]: ...
    @property
    def autonomy(self) -> dict[str, Any]: ...
    def criteria(self) -> ResultTable: ...
    def rings(self) -> ResultTable: ...

@final
class MaturityReport:
    def levels(self) -> ResultTable: ...
    def dimensions(self) -> ResultTable: ...
    def criteria(self) -> ResultTable: ...
    def autonomy(self) -> ResultTable: ...
    def divergence(self, by: str = "criterion") -> ResultTable: ...
    def distribution(self) -> ResultTable: ...
    def movements(self) -> ResultTable | None: ...
    def radar(self, areas: Sequence[str] | None = None) -> ResultTable: ...
    def explain(self, area: str) -> str: ...
    @property
    def eligible(self) -> int: ...
    def __len__(self) -> int: ...

def maturity_schema() -> dict[str, Any]: ...
def maturity_default_assessments(model: MaturityModel, year: str) -> list[_AssessmentRow]: ...
def maturity_outcomes(scorecard: Scorecard | None = None, oversight: IcsOversight | None = None) -> ResultTable: ...
def maturity_report(
    model: MaturityModel,
    rows: Sequence[_AssessmentRow],
    outcomes: object,
    previous: Sequence[_AssessmentRow] | None = None,
    autonomy: Mapping[str, Any] | None = None,
    data_name: str = "<assessments>",
) -> MaturityReport: ...

# Disclosure control: (threshold, suppress_zeros, secondary, round_to).
_Rule = tuple[int, bool, bool, int | None]

def disclosure_protect_long(
    rows: Sequence[str | None],
    columns: Sequence[str | None],
    counts: Sequence[str | None],
    names: Sequence[str],
    total: str,
    rule_args: _Rule,
) -> ResultTable: ...
def disclosure_rows(counts: _Floats, name: str, rule_args: _Rule, derived: list[str]) -> tuple[_Floats, list[str]]: ...
def disclosure_derived_columns(names: list[str]) -> list[str]: ...
def disclosure_statuses() -> tuple[list[str], list[str]]: ...
def disclosure_explanation(explanation: Explanation, rule_args: _Rule) -> Explanation: ...
