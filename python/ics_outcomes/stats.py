"""Indicator statistics at parity with the R package PHEindicatormethods 2.1.0.

Each function takes a frame (pandas, polars, pyarrow, or anything exporting Arrow) and column
names, and returns the same kind of frame (a ``pyarrow.RecordBatch`` for a record batch, so
that they run inside Arrow engines: see :mod:`ics_outcomes.engines`) with the package's output
columns: ``value``, ``lowercl``/``uppercl`` (or ``lower95_0cl`` ... ``upper99_8cl`` for
``confidence=(0.95, 0.998)``), ``confidence``, ``statistic`` and ``method``. ``group_by``
names one or more columns; groups come out sorted by key, as dplyr sorts them.

Missing values (null, or NaN in pandas) give missing results where the package gives ``NA``;
no row is dropped. Bad data raises :class:`~ics_outcomes.exceptions.DataError` naming the
column, row and value; a bad argument raises
:class:`~ics_outcomes.exceptions.ArgumentError`. Warnings the package gives (for example,
groups too small for quantiles) are issued as :class:`StatisticsWarning`.

The plain interval functions (:func:`wilson_interval`, :func:`byars_interval`,
:func:`poisson_interval`) take numpy arrays and return numpy arrays.

Before publishing, :func:`ics_outcomes.disclosure.protect_statistics` hides the count, value
and limits of rows whose count is small (1 to 7).

Examples
--------
>>> import pandas as pd
>>> from ics_outcomes import stats
>>> df = pd.DataFrame({"area": ["A", "A", "B"], "num": [30, 35, 65], "den": [50, 50, 100]})
>>> out = stats.proportion(df, x="num", n="den", group_by="area", multiplier=100)
>>> out[["area", "num", "den", "value", "statistic"]].to_dict("records")[0]
{'area': 'A', 'num': 65.0, 'den': 100.0, 'value': 65.0, 'statistic': 'percentage'}
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, cast

import numpy as np

from ics_outcomes import _core
from ics_outcomes._frames import FrameT, _require, keyword_columns
from ics_outcomes.exceptions import IcsOutcomesError
from ics_outcomes.options import (
    FunnelDataType,
    FunnelStatistic,
    OutputType,
    OverdispersionMethod,
    RateType,
    RatioMethod,
    RatioType,
)

__all__ = [
    "ESP2013",
    "FunnelOverdispersion",
    "StatisticsWarning",
    "byars_interval",
    "dsr",
    "funnel_limits",
    "funnel_overdispersion",
    "funnel_points",
    "funnel_significance",
    "isr_rate",
    "isr_ratio",
    "life_expectancy",
    "mean",
    "poisson_interval",
    "proportion",
    "quantile",
    "rate",
    "sii",
    "wilson_interval",
]

#: The European Standard Population 2013 in 19 bands (0-4, ..., 85-89, 90+), summing to 100,000.
ESP2013: tuple[float, ...] = (
    5000.0, 5500.0, 5500.0, 5500.0, 6000.0, 6000.0, 6500.0, 7000.0, 7000.0, 7000.0,
    7000.0, 6500.0, 6000.0, 5500.0, 5000.0, 4000.0, 2500.0, 1500.0, 1000.0,
)  # fmt: skip

Confidence = float | Sequence[float] | None


class StatisticsWarning(UserWarning):
    """A result was computed, but some values were suppressed or could not be assigned.

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> three = pd.DataFrame({"lsoa": ["a", "b", "c"], "imd": [1.0, 2.0, 3.0]})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     out = stats.quantile(three, values="imd", nquantiles=5)   # fewer areas than quantiles
    >>> caught[0].category.__name__, bool(out["quantile"].isna().all())
    ('StatisticsWarning', True)
    """


def wilson_interval(x: Any, n: Any, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits of ``x`` successes out of ``n``, as fractions, row by row.

    Examples
    --------
    >>> import numpy as np
    >>> from ics_outcomes import stats
    >>> lower, upper = stats.wilson_interval(np.array([30, 65]), np.array([50, 100]))
    >>> lower.round(4).tolist(), upper.round(4).tolist()
    ([0.4618, 0.5525], [0.7239, 0.7364])
    """
    return _core.wilson_interval(_floats(x), _floats(n), confidence)


def byars_interval(x: Any, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Byar's limits of Poisson counts ``x`` (the lower limit is NaN where it would be negative).

    Examples
    --------
    >>> import numpy as np
    >>> from ics_outcomes import stats
    >>> lower, upper = stats.byars_interval(np.array([12, 40]))
    >>> lower.round(2).tolist(), upper.round(2).tolist()
    ([6.19, 28.57], [20.96, 54.47])
    """
    return _core.byars_interval(_floats(x), confidence)


def poisson_interval(x: Any, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Poisson limits of counts ``x``: exact below 10 events, Byar's from 10.

    Examples
    --------
    >>> import numpy as np
    >>> from ics_outcomes import stats
    >>> lower, upper = stats.poisson_interval(np.array([3, 40]))       # exact for 3, Byar's for 40
    >>> lower.round(2).tolist(), upper.round(2).tolist()
    ([0.62, 28.57], [8.77, 54.47])
    """
    return _core.poisson_interval(_floats(x), confidence)


@keyword_columns("x", "n")
def proportion(
    data: FrameT,
    *,
    x: str,
    n: str,
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = 0.95,
    multiplier: float = 1,
    type: OutputType = "full",
) -> FrameT:
    """Proportions ``x / n * multiplier`` with Wilson score limits (``phe_proportion``).

    Without ``group_by`` each row is kept with its columns and gains the results; with it,
    ``x`` and ``n`` are summed within each group (a missing value makes the group missing).
    ``confidence=None`` gives values only. ``multiplier=100`` gives percentages.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"area": ["A", "B"], "screened": [30, 65], "eligible": [50, 100]})
    >>> out = stats.proportion(df, x="screened", n="eligible", multiplier=100, type="standard")
    >>> out.round(2).values.tolist()
    [['A', 30, 50, 60.0, 46.18, 72.39], ['B', 65, 100, 65.0, 55.25, 73.64]]
    """
    frame = _Frame(data, group_by)
    result, notes = _core.stats_proportion(
        frame.floats(x),
        frame.floats(n),
        (x, n),
        *frame.codes(),
        _levels(confidence),
        _number("multiplier", multiplier),
        type,
    )
    return cast(
        "FrameT", frame.attach(result, notes, renames={"numerator": x, "denominator": n}, per_row=frame.ungrouped)
    )


@keyword_columns("x", "n")
def rate(
    data: FrameT,
    *,
    x: str,
    n: str,
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    type: OutputType = "full",
) -> FrameT:
    """Rates ``x / n * multiplier`` with exact limits below 10 events, Byar's from 10 (``phe_rate``).

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"area": ["A", "B"], "deaths": [12, 40], "pop": [10_000, 25_000]})
    >>> out = stats.rate(df, x="deaths", n="pop")             # per 100,000
    >>> out[["value", "lowercl", "uppercl"]].round(2).values.tolist()
    [[120.0, 61.94, 209.63], [160.0, 114.29, 217.88]]
    >>> out["method"].tolist()
    ['Byars', 'Byars']
    """
    frame = _Frame(data, group_by)
    result, notes = _core.stats_rate(
        frame.floats(x),
        frame.floats(n),
        (x, n),
        *frame.codes(),
        _levels(confidence),
        _number("multiplier", multiplier),
        type,
    )
    return cast(
        "FrameT", frame.attach(result, notes, renames={"numerator": x, "denominator": n}, per_row=frame.ungrouped)
    )


@keyword_columns("x")
def mean(
    data: FrameT,
    *,
    x: str,
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = 0.95,
    type: OutputType = "full",
) -> FrameT:
    """Means with Student's t limits, one row per group (``phe_mean``).

    ``value_count`` counts every row of the group, missing values included, as the package does.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"area": ["A"] * 4, "wait": [2.0, 4.0, 6.0, 8.0]})
    >>> out = stats.mean(df, x="wait", group_by="area")
    >>> out[["value", "lowercl", "uppercl"]].round(3).values.tolist()
    [[5.0, 0.891, 9.109]]
    """
    frame = _Frame(data, group_by, summarise=True)
    result, notes = _core.stats_mean(frame.floats(x), x, *frame.codes(), _levels(confidence), type)
    return cast("FrameT", frame.attach(result, notes))


@keyword_columns("x", "n")
def dsr(
    data: FrameT,
    *,
    x: str,
    n: str,
    stdpop: str | Sequence[float] = ESP2013,
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    independent_events: bool = True,
    eventfreq: str | None = None,
    ageband: str | None = None,
    type: OutputType = "full",
) -> FrameT:
    """Directly standardised rates with Dobson limits, one row per group (``calculate_dsr``).

    ``stdpop`` is a column of standard population weights, or a sequence of weights matched to
    each group's rows by position (default: the European Standard Population 2013, for 19 age
    bands in order). Groups with fewer than 10 events are not published (missing value and
    limits). With ``independent_events=False``, each row counts the people with ``eventfreq``
    events in ``ageband``, and the interval widens accordingly.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> deaths = [1, 0, 0, 0, 1, 1, 2, 3, 4, 6, 8, 12, 18, 25, 35, 45, 50, 45, 40]   # 19 age bands, 0-4 to 90+
    >>> df = pd.DataFrame({"area": ["A"] * 19, "deaths": deaths, "pop": [5000] * 19})
    >>> out = stats.dsr(df, x="deaths", n="pop", group_by="area")     # per 100,000, European Standard Population 2013
    >>> out[["total_count", "value", "lowercl", "uppercl"]].round(2).values.tolist()
    [[296.0, 217.6, 190.21, 247.45]]
    """
    frame = _Frame(data, group_by, summarise=True)
    codes, count = frame.codes()
    by_position = not isinstance(stdpop, str)
    weights = _floats(stdpop) if by_position else frame.floats(str(stdpop))
    frequency = bands = None
    band_count = 0
    if not independent_events:
        if eventfreq is None or ageband is None:
            raise _argument(
                "eventfreq", eventfreq, "eventfreq and ageband columns are needed when independent_events is False"
            )
        frequency = frame.floats(eventfreq)
        bands, band_count, _ = frame.codes_of([ageband])
    names = (x, n, stdpop if isinstance(stdpop, str) else "stdpop", eventfreq or "eventfreq")
    result, notes = _core.stats_dsr(
        frame.floats(x), frame.floats(n), weights, by_position, names, codes, count, frequency, bands, band_count,
        _levels(confidence), _number("multiplier", multiplier), type,
    )  # fmt: skip
    return cast("FrameT", frame.attach(result, notes))


@keyword_columns("x", "n", "x_ref", "n_ref")
def isr_ratio(
    data: FrameT,
    *,
    x: str,
    n: str,
    x_ref: str | Sequence[float],
    n_ref: str | Sequence[float],
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = 0.95,
    refvalue: float = 1,
    observed_totals: Any = None,
    type: OutputType = "full",
) -> FrameT:
    """Indirectly standardised ratios ``observed / expected * refvalue`` (``calculate_ISRatio``).

    ``x_ref`` and ``n_ref`` are columns (reference values on every row) or sequences matched to
    each group's rows by position. ``observed_totals`` is a frame with the group columns and
    ``x``, giving each group's observed total instead of the sum of ``x``.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"area": ["A"] * 3, "deaths": [10, 20, 40], "pop": [1000] * 3,
    ...                    "ref_deaths": [500, 1500, 4000], "ref_pop": [100_000] * 3})
    >>> out = stats.isr_ratio(df, x="deaths", n="pop", x_ref="ref_deaths", n_ref="ref_pop", group_by="area")
    >>> out[["observed", "expected", "value", "lowercl", "uppercl"]].round(4).values.tolist()
    [[70.0, 60.0, 1.1667, 0.9094, 1.474]]
    """
    return cast(
        "FrameT",
        _isr(
            data, x, n, x_ref, n_ref, group_by, confidence, _number("refvalue", refvalue), None, observed_totals, type
        ),
    )


@keyword_columns("x", "n", "x_ref", "n_ref")
def isr_rate(
    data: FrameT,
    *,
    x: str,
    n: str,
    x_ref: str | Sequence[float],
    n_ref: str | Sequence[float],
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    observed_totals: Any = None,
    type: OutputType = "full",
) -> FrameT:
    """Indirectly standardised rates: the ratio times the reference crude rate (``calculate_ISRate``).

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"area": ["A"] * 3, "deaths": [10, 20, 40], "pop": [1000] * 3,
    ...                    "ref_deaths": [500, 1500, 4000], "ref_pop": [100_000] * 3})
    >>> out = stats.isr_rate(df, x="deaths", n="pop", x_ref="ref_deaths", n_ref="ref_pop", group_by="area")
    >>> out[["ref_rate", "value", "lowercl", "uppercl"]].round(2).values.tolist()
    [[2000.0, 2333.33, 1818.87, 2948.07]]
    """
    return cast(
        "FrameT",
        _isr(
            data,
            x,
            n,
            x_ref,
            n_ref,
            group_by,
            confidence,
            None,
            _number("multiplier", multiplier),
            observed_totals,
            type,
        ),
    )


def _isr(
    data: Any,
    x: str,
    n: str,
    x_ref: str | Sequence[float],
    n_ref: str | Sequence[float],
    group_by: str | Sequence[str] | None,
    confidence: Confidence,
    refvalue: float | None,
    multiplier: float | None,
    observed_totals: Any,
    type: OutputType,
) -> Any:
    frame = _Frame(data, group_by, summarise=True)
    codes, count = frame.codes()
    by_field = isinstance(x_ref, str)
    if by_field != isinstance(n_ref, str):
        raise _argument("n_ref", n_ref, "x_ref and n_ref must both be column names or both be sequences")
    if isinstance(x_ref, str) and isinstance(n_ref, str):
        xr, nr = frame.floats(x_ref), frame.floats(n_ref)
        names = (x, n, x_ref, n_ref)
    else:
        xr, nr = _floats(x_ref), _floats(n_ref)
        names = (x, n, "x_ref", "n_ref")
    totals = None if observed_totals is None else frame.totals(observed_totals, x)
    result, notes = _core.stats_isr(
        frame.floats(x), frame.floats(n), xr, nr, by_field, names, codes, count, totals,
        _levels(confidence), refvalue, multiplier, type,
    )  # fmt: skip
    return frame.attach(result, notes)


@keyword_columns("values")
def quantile(
    data: FrameT,
    *,
    values: str,
    group_by: str | Sequence[str] | None = None,
    nquantiles: int = 10,
    invert: bool | str = True,
    type: OutputType = "full",
) -> FrameT:
    """Quantile of each row's value within its group (``phe_quantile``), e.g. deprivation deciles.

    ``invert=True`` puts the highest values in quantile 1; a column name reads the flag per
    row (constant within each group). Groups with fewer values than quantiles get missing
    quantiles and a :class:`StatisticsWarning`.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"lsoa": list("abcdefghij"), "imd": [float(i) for i in range(10)]})
    >>> stats.quantile(df, values="imd", nquantiles=5)["quantile"].tolist()    # the highest scores in quintile 1
    [5.0, 5.0, 4.0, 4.0, 3.0, 3.0, 2.0, 2.0, 1.0, 1.0]
    """
    frame = _Frame(data, group_by)
    invert_rows = None
    if isinstance(invert, str):
        invert_rows = frame.flags(invert)
    elif not isinstance(invert, bool):
        raise _argument("invert", invert, "invert expressed as a logical must equal TRUE or FALSE")
    if isinstance(nquantiles, bool) or not isinstance(nquantiles, int) or not 1 <= nquantiles < 2**32:
        raise _argument("nquantiles", nquantiles, "nquantiles must be a whole number from 1 to 2**32 - 1")
    result, notes = _core.stats_quantile(
        frame.floats(values), values, *frame.codes(), nquantiles, bool(invert), invert_rows, type
    )
    if type == "full":
        pa = _require("pyarrow", "arrow")
        result = result.append_column(
            "groupvars", pa.array([", ".join(frame.keys) or None] * result.num_rows, pa.string())
        )
    return cast("FrameT", frame.attach(result, notes, per_row=True))


@keyword_columns("deaths", "population", "startage")
def life_expectancy(
    data: FrameT,
    *,
    deaths: str,
    population: str,
    startage: str,
    group_by: str | Sequence[str] | None = None,
    age_contents: Sequence[float | str] | None = None,
    le_age: str | float | Sequence[float | str] = "all",
    confidence: float | Sequence[float] = 0.95,
    type: OutputType = "full",
) -> FrameT:
    """Life expectancy at each age band, by the Chiang II abridged life table with Silcocks'
    variance for the final band (``phe_life_expectancy``).

    ``startage`` holds each band's start age, as a number or a label such as ``"90+"`` (its
    first run of digits is the age). The default ``age_contents`` is 0, 1, 5, 10, ..., 90.
    Rows come back sorted by start age within each group. Groups with bad data (negative
    deaths, too few people, deaths above population, not 20 bands) get missing values and a
    :class:`StatisticsWarning`, as do values whose 95% interval is wider than 20 years.
    Any number of ``confidence`` levels may be given.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"startage": [0, 1, *range(5, 95, 5)],
    ...                    "deaths": [10, 3, 2, 2, 3, 5, 6, 8, 10, 15, 25, 40, 60, 90, 130, 180, 250, 320, 380, 420],
    ...                    "pop": [5000, 20000, *[25000] * 14, 20000, 15000, 10000, 6000]})
    >>> at_birth = stats.life_expectancy(df, deaths="deaths", population="pop", startage="startage").iloc[0]
    >>> at_birth["statistic"], [round(float(at_birth[c]), 2) for c in ("value", "lowercl", "uppercl")]
    ('life expectancy at 0', [93.94, 92.98, 94.9])
    """
    frame = _Frame(data, group_by)
    column = frame.column(startage)
    numeric = _is_numeric(column.type)
    starts = frame.floats(startage) if numeric else None
    labels = None if numeric else [None if v is None else str(v) for v in column.to_pylist()]
    ages = content_labels = None
    if age_contents is not None:
        if all(isinstance(a, int | float) for a in age_contents):
            ages = [float(a) for a in age_contents]
        else:
            content_labels = [str(a) for a in age_contents]
    result, notes, rows = _core.stats_life_expectancy(
        frame.floats(deaths), frame.floats(population), (deaths, population, startage), starts, labels,
        *frame.codes(), ages, content_labels, _ages(le_age), _levels(confidence) or [0.95], type,
    )  # fmt: skip
    result = result.drop_columns(["startage"]) if "startage" in result.column_names else result
    return cast("FrameT", frame.attach(result, notes, per_row=True, rows=np.asarray(rows, dtype=np.int64)))


@keyword_columns("quantile", "population")
def sii(
    data: FrameT,
    *,
    quantile: str,
    population: str,
    x: str | None = None,
    value: str | None = None,
    value_type: int = 0,
    transform: bool = False,
    lower_cl: str | None = None,
    upper_cl: str | None = None,
    se: str | None = None,
    multiplier: float = 1,
    repetitions: int = 100_000,
    confidence: float | Sequence[float] = 0.95,
    rii: bool = False,
    intercept: bool = False,
    reliability_stat: bool = False,
    seed: int = 1,
    group_by: str | Sequence[str] | None = None,
    type: OutputType = "full",
) -> FrameT:
    """Slope and relative index of inequality per group (``phe_sii``; Low & Low 2004).

    Each group's rows are its quantiles (most deprived first) with ``population`` and
    ``value`` (or ``x``, a count, for proportions), and either ``se`` or ``lower_cl`` and
    ``upper_cl`` (95%). ``value_type`` is 0 (normal), 1 (rate) or 2 (proportion). Limits are
    simulated with ``repetitions`` draws from a generator seeded by ``seed``: reproducible,
    and equal to the package's up to Monte Carlo error (its stream is R's).

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"area": ["A"] * 5, "quintile": [1, 2, 3, 4, 5], "pop": [1000] * 5,
    ...                    "value": [72.0, 75.0, 77.0, 78.0, 80.0], "se": [1.0] * 5})    # most deprived first
    >>> out = stats.sii(df, quantile="quintile", population="pop", value="value", se="se", group_by="area",
    ...                 repetitions=1000)
    >>> out[["sii", "sii_lower95_0cl", "sii_upper95_0cl"]].round(2).values.tolist()
    [[9.5, 6.3, 12.66]]
    """
    frame = _Frame(data, group_by, summarise=True)
    optional: list[str | None] = [value, x, lower_cl, upper_cl, se]
    values, counts, lowers, uppers, errors = (None if name is None else frame.floats(name) for name in optional)
    names = [quantile, population, *[name or "" for name in optional]]
    result, notes, groups = _core.stats_sii(
        frame.floats(quantile), frame.floats(population), values, counts, lowers, uppers, errors, names,
        *frame.codes(), value_type, bool(transform), _number("multiplier", multiplier), repetitions,
        _levels(confidence) or [0.95], bool(rii), bool(intercept), bool(reliability_stat), seed, type,
    )  # fmt: skip
    return cast("FrameT", frame.attach(result, notes, groups=np.asarray(groups, dtype=np.int64)))


@keyword_columns("numerator", "denominator", "rate")
def funnel_limits(
    data: FrameT,
    *,
    numerator: str,
    denominator: str | None = None,
    rate: str | None = None,
    statistic: FunnelStatistic,
    multiplier: float,
    ratio_type: RatioType | None = None,
    rate_type: RateType | None = None,
    years_of_data: float | None = None,
    type: OutputType = "full",
) -> FrameT:
    """Funnel-plot control limits (``calculate_funnel_limits``): 100 points along the x-axis
    with the 2-sigma (95%) and 3-sigma (99.8%) limits around the average of all records.

    ``statistic`` is ``"proportion"`` (numerator and denominator), ``"ratio"`` (observed and
    expected, with ``ratio_type`` ``"count"`` or ``"isr"``) or ``"rate"`` (numerator and
    rate, with ``rate_type`` ``"dsr"`` or ``"crude"`` and ``years_of_data``).

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"trust": list("ABCDEF"), "deaths": [12, 40, 7, 90, 30, 55],
    ...                    "cases": [100, 300, 80, 500, 150, 400]})
    >>> limits = stats.funnel_limits(df, numerator="deaths", denominator="cases", statistic="proportion",
    ...                              multiplier=100)
    >>> len(limits), limits.columns[:5].tolist()
    (100, ['Population', 'lower_2s_limit', 'upper_2s_limit', 'lower_3s_limit', 'upper_3s_limit'])
    >>> round(float(limits["baseline"].iloc[0]), 2)        # the average of all records, in percent
    15.29
    """
    frame = _Frame(data, None)
    den = None if denominator is None else frame.floats(denominator)
    values = None if rate is None else frame.floats(rate)
    result, notes = _core.stats_funnel_limits(
        frame.floats(numerator), den, values, (numerator, denominator or "denominator", rate or "rate"),
        statistic, ratio_type, rate_type, _optional_number("years_of_data", years_of_data),
        _number("multiplier", multiplier), type,
    )  # fmt: skip
    return cast("FrameT", frame.attach(result, notes))


@keyword_columns("numerator", "denominator", "rate")
def funnel_significance(
    data: FrameT,
    *,
    numerator: str,
    denominator: str | None = None,
    rate: str | None = None,
    statistic: FunnelStatistic,
    rate_type: RateType | None = None,
    multiplier: float | None = None,
) -> FrameT:
    """Each record's position on the funnel (``assign_funnel_significance``): a column
    ``significance`` of ``High (0.001)``, ``High (0.025)``, ``Low (0.001)``, ``Low (0.025)``
    or ``Not significant`` (and, for DSRs below 10 events, not applicable).

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"trust": list("ABCDEF"), "deaths": [12, 40, 7, 90, 30, 120],
    ...                    "cases": [100, 300, 80, 500, 150, 400]})
    >>> out = stats.funnel_significance(df, numerator="deaths", denominator="cases", statistic="proportion",
    ...                                 multiplier=100)
    >>> out["significance"].tolist()
    ['Not significant', 'Low (0.025)', 'Low (0.025)', 'Not significant', 'Not significant', 'High (0.001)']
    """
    frame = _Frame(data, None)
    den = None if denominator is None else frame.floats(denominator)
    values = None if rate is None else frame.floats(rate)
    result, notes = _core.stats_funnel_significance(
        frame.floats(numerator), den, values, (numerator, denominator or "denominator", rate or "rate"),
        statistic, rate_type, _optional_number("multiplier", multiplier),
    )  # fmt: skip
    return cast("FrameT", frame.attach(result, notes, per_row=True))


@keyword_columns("numerator", "rate")
def funnel_points(
    data: FrameT,
    *,
    numerator: str,
    rate: str,
    denominator: str | None = None,
    rate_type: RateType,
    years_of_data: float,
    multiplier: float,
) -> FrameT:
    """The points of a rate funnel (``calculate_funnel_points``): ``<rate>_chart``, the rate
    to plot, and ``denominator_derived``, the population per year it stands for.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"area": ["A", "B"], "deaths": [120, 300], "dsr": [240.0, 200.0]})
    >>> out = stats.funnel_points(df, numerator="deaths", rate="dsr", rate_type="dsr", years_of_data=1,
    ...                           multiplier=100_000)
    >>> out[["dsr_chart", "denominator_derived"]].round(1).values.tolist()
    [[240.0, 50000.0], [200.0, 150000.0]]
    """
    frame = _Frame(data, None)
    den = None if denominator is None else frame.floats(denominator)
    result, notes = _core.stats_funnel_points(
        frame.floats(numerator), den, frame.floats(rate), (numerator, denominator or "denominator", rate),
        rate_type, _number("years_of_data", years_of_data), _number("multiplier", multiplier),
    )  # fmt: skip
    return cast("FrameT", frame.attach(result, notes, per_row=True))


@dataclass(frozen=True, repr=False)
class FunnelOverdispersion:
    """A funnel plot with overdispersion, from :func:`funnel_overdispersion`.

    ``units`` has one row per group in group order: ``group``, ``numerator``, ``denominator``
    (summed; under SHMI rounding, rounded to 2 places), ``value``, the unadjusted limits
    ``lower95``, ``upper95``, ``lower998``, ``upper998``, the limits with overdispersion
    ``od_lower95`` ... ``od_upper998``, ``outlier``, the z-scores ``z``, ``z_winsorised``
    (missing where SHMI truncated the unit) and ``z_adjusted``, then ``trimmed``, ``y``,
    ``s_z`` and ``s_limits``. ``limits`` holds the same eight limits along the package's
    lookup table of denominators, for drawing the curves. Both are frames of the caller's
    kind. ``phi`` and ``tau2`` are as FunnelPlotR returns them (0 when ``adjusted=False``);
    ``phi_estimated`` and ``tau2_estimated`` whatever the settings.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"trust": list("ABCDEF"), "deaths": [12, 40, 7, 90, 30, 55],
    ...                    "cases": [100, 300, 80, 500, 150, 400]})
    >>> funnel = stats.funnel_overdispersion(df, numerator="deaths", denominator="cases", group="trust")
    >>> type(funnel).__name__, funnel.units_used, funnel.adjusted_drawn
    ('FunnelOverdispersion', 6, True)
    >>> funnel.units.columns[:4].tolist()
    ['group', 'numerator', 'denominator', 'value']
    """

    units: Any
    limits: Any
    phi: float
    tau2: float
    phi_estimated: float
    tau2_estimated: float
    target: float
    units_used: int
    outliers: int
    adjusted_drawn: bool
    unadjusted_drawn: bool
    note: str | None
    settings: dict[str, Any]
    version: str

    def __repr__(self) -> str:
        drawn = [name for name, on in (("adjusted", self.adjusted_drawn), ("unadjusted", self.unadjusted_drawn)) if on]
        return (
            f"<FunnelOverdispersion {self.settings['data_type']}: {len(self.units)} units, "
            f"phi={self.phi:.4g}, tau2={self.tau2:.4g}, {self.outliers} outliers "
            f"against {' and '.join(drawn) or 'no'} limits>"
        )


@keyword_columns("numerator", "denominator", "group")
def funnel_overdispersion(
    data: Any,
    *,
    numerator: str,
    denominator: str,
    group: str,
    data_type: FunnelDataType = "proportion",
    method: RatioMethod = "shmi",
    shmi_rounding: bool = True,
    trim_by: float = 0.1,
    multiplier: float = 1,
    limit: Literal[95, 99] = 99,
    adjusted: bool = True,
    unadjusted: bool = False,
    overdispersion: OverdispersionMethod = "additive",
) -> FunnelOverdispersion:
    """A funnel plot with overdispersion, as FunnelPlotR 0.6.0's ``funnel_plot()`` computes it.

    Records are summed by ``group``. ``data_type`` is ``"proportion"``, ``"ratio"`` (observed
    over expected, by ``method`` ``"shmi"``: log scale, expected rounded to 2 places unless
    ``shmi_rounding=False``, truncation; or ``"cqc"``: square-root scale, winsorisation) or
    ``"rate"``. tau2 is DerSimonian and Laird's from z-scores winsorised (truncated) by
    ``trim_by`` at each end; limits are 95% and 99.8%, and ``limit`` (95, or 99 for 99.8%)
    decides the outlier flag against the limits in force: with overdispersion when
    ``adjusted``, unless phi <= 1 and ``unadjusted`` is off, when the package falls back to the
    unadjusted limits (``note`` says so). ``overdispersion="multiplicative"`` widens the
    limits by sqrt(phi) instead, which FunnelPlotR does not offer.

    Examples
    --------
    >>> import pandas as pd
    >>> from ics_outcomes import stats
    >>> df = pd.DataFrame({"trust": list("ABCDEF"), "deaths": [12, 40, 7, 90, 30, 55],
    ...                    "cases": [100, 300, 80, 500, 150, 400]})
    >>> funnel = stats.funnel_overdispersion(df, numerator="deaths", denominator="cases", group="trust")
    >>> round(funnel.phi, 3), funnel.tau2 > 0, funnel.outliers
    (1.556, True, 0)
    >>> funnel
    <FunnelOverdispersion proportion: 6 units, phi=1.556, tau2=0.0009202, 0 outliers against adjusted limits>
    >>> [round(float(v), 3) for v in funnel.units.loc[0, ["value", "od_lower998", "od_upper998"]]]
    [0.12, 0.048, 0.303]
    """
    frame = _Frame(data, group)
    codes, _ = frame.codes()
    keys = frame.group_keys().column(0)
    if keys.null_count:
        raise _argument(group, "null", f"field {group} must name a group on every record")
    labels = [str(key) for key in keys.to_pylist()]
    units, limits, fit = _core.stats_funnel_overdispersion(
        frame.floats(numerator), frame.floats(denominator), (numerator, denominator),
        codes if codes is not None else np.zeros(0, dtype=np.uint32), labels,
        data_type=data_type, method=method, shmi_rounding=_flag("shmi_rounding", shmi_rounding),
        trim_by=_number("trim_by", trim_by), multiplier=_number("multiplier", multiplier),
        limit=_number("limit", limit), adjusted=_flag("adjusted", adjusted),
        unadjusted=_flag("unadjusted", unadjusted), overdispersion=overdispersion,
    )  # fmt: skip
    # The caller's own key values, of their type, in place of the core's text labels.
    units = units.set_column(0, "group", keys)
    return FunnelOverdispersion(
        units=_to_kind(units, frame.kind), limits=_to_kind(limits, frame.kind), **fit, version=_core.__version__
    )


def _flag(name: str, value: Any) -> bool:
    """A yes-or-no argument: a bool (numpy's too); anything else is refused with ``TypeError``."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, not {type(value).__name__}")
    return bool(value)


# --- frames in and out ---------------------------------------------------------------------


def _levels(confidence: Confidence) -> list[float]:
    if confidence is None:
        return []
    if isinstance(confidence, str) or not isinstance(confidence, Sequence):
        return [_number("confidence", confidence)]
    return [_number("confidence", c) for c in confidence]


def _number(name: str, value: Any) -> float:
    """A float argument: a number (or its text) becomes a float; other types are refused with
    ``TypeError``, text that is no number and values beyond float range with ``ArgumentError``."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal | np.number):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    try:
        return float(value)
    except (ValueError, OverflowError, ArithmeticError) as error:
        raise _argument(name, value, f"must be a number: {error}") from None


def _optional_number(name: str, value: Any) -> float | None:
    return None if value is None else _number(name, value)


def _ages(le_age: str | float | Sequence[float | str]) -> list[float] | None:
    if isinstance(le_age, str):
        if le_age == "all":
            return None
        le_age = [le_age]
    elif isinstance(le_age, int | float):
        le_age = [le_age]
    ages = []
    for age in le_age:
        start = _core.age_band_start(age) if isinstance(age, str) else _number("le_age", age)
        if start is None:
            raise _argument("le_age", age, "le_age must be 'all', start ages or age-band labels")
        ages.append(start)
    return ages


def _is_numeric(data_type: Any) -> bool:
    pa = _require("pyarrow", "arrow")
    return bool(
        pa.types.is_integer(data_type)
        or pa.types.is_floating(data_type)
        or pa.types.is_decimal(data_type)
        or pa.types.is_null(data_type)
    )


def _floats(values: Any) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise _argument("values", type(values).__name__, f"must be numbers: {error}") from None
    return np.ascontiguousarray(array.reshape(-1))


def _argument(name: str, value: Any, message: str) -> IcsOutcomesError:
    """The core's ``ArgumentError`` for a check this layer makes on a frame or argument."""
    return _core._error("ArgumentError", name, repr(value), message)


class _Frame:
    """The caller's frame as a pyarrow Table, its kind, and its groups."""

    def __init__(self, data: Any, group_by: str | Sequence[str] | None, summarise: bool = False) -> None:
        self.kind = _kind(data)
        self.data = data
        self.index = getattr(data, "index", None) if self.kind == "pandas" else None
        # A pandas or polars frame becomes Arrow only when something needs it: its float
        # columns are read in place, and row-wise results join it without a round trip.
        self._table: Any = None if self.kind in ("pandas", "polars") else _arrow_table(data)
        self.keys: list[str] = [group_by] if isinstance(group_by, str) else list(group_by or [])
        for key in self.keys:
            self.column(key)
        self.ungrouped = not self.keys
        self.summarise = summarise
        self._codes: tuple[np.ndarray | None, int] | None = None
        self._key_table: Any = None

    @property
    def table(self) -> Any:
        """The frame as a ``pyarrow.Table``."""
        if self._table is None:
            self._table = _arrow_table(self.data)
        return self._table

    def column(self, name: str) -> Any:
        if not isinstance(name, str) or name not in self.table.column_names:
            raise _argument(
                str(name), name, f"is not a field name from data (columns: {', '.join(self.table.column_names)})"
            )
        return self.table.column(name)

    def floats(self, name: str) -> np.ndarray:
        if self._table is None:
            values = _pandas_floats(self.data, name) if self.kind == "pandas" else _polars_floats(self.data, name)
            if values is not None:
                return values
        pa = _require("pyarrow", "arrow")
        column = self.column(name)
        if not _is_numeric(column.type):
            raise _argument(name, str(column.type), f"field {name} must be numeric")
        return np.ascontiguousarray(column.cast(pa.float64()).to_numpy(), dtype=np.float64)

    def flags(self, name: str) -> list[bool]:
        """A boolean column, every row true or false (text such as "No" is refused, not read as true)."""
        pa = _require("pyarrow", "arrow")
        column = self.column(name)
        if not pa.types.is_boolean(column.type):
            raise _argument(name, str(column.type), f"field {name} must be logical (true or false)")
        values = column.to_pylist()
        if None in values:
            raise _argument(name, f"row {values.index(None)}", f"field {name} must not have missing values")
        return [bool(v) for v in values]

    def codes(self) -> tuple[np.ndarray | None, int]:
        if self._codes is None:
            if self.keys:
                codes, count, self._key_table = self.codes_of(self.keys)
                self._codes = (codes, count)
            else:
                self._codes = (None, 0)
        return self._codes

    def codes_of(self, keys: list[str]) -> tuple[np.ndarray, int, Any]:
        """Group codes numbered in ascending key order (nulls last), as dplyr orders groups,
        and the table of distinct keys in that order."""
        pa = _require("pyarrow", "arrow")
        pc = _require("pyarrow.compute", "arrow")
        combined: np.ndarray | None = None
        for key in keys:
            encoded = pc.dictionary_encode(self.column(key).combine_chunks(), null_encoding="encode")
            order = pc.array_sort_indices(encoded.dictionary, null_placement="at_end")
            rank = np.empty(len(order), dtype=np.int64)
            rank[order.to_numpy()] = np.arange(len(order))
            ranks = rank[encoded.indices.to_numpy(zero_copy_only=False)]
            if len(keys) == 1:
                # One key: the sorted dictionary is the key table, and ranks are the codes.
                table = pa.table({key: encoded.dictionary.take(order)})
                return ranks.astype(np.uint32), len(order), table
            combined = ranks if combined is None else combined * max(len(order), 1) + ranks
            # Renumber densely so that the mixed-radix code cannot overflow.
            _, combined = np.unique(combined, return_inverse=True)
        assert combined is not None
        uniques, first, codes = np.unique(combined, return_index=True, return_inverse=True)
        return codes.astype(np.uint32), len(uniques), self.table.select(keys).take(first)

    def totals(self, observed_totals: Any, x: str) -> np.ndarray:
        """Each group's observed total, joined from a frame on the group columns."""
        other = _Frame(observed_totals, None)
        keys = self.group_keys()
        if keys is None:
            return other.floats(x)[:1]
        pa = _require("pyarrow", "arrow")
        indexed = keys.append_column("__group", pa.array(np.arange(keys.num_rows)))
        joined = indexed.join(other.table.select([*self.keys, x]), keys=self.keys, join_type="left outer")
        joined = joined.sort_by("__group")
        return np.ascontiguousarray(joined.column(x).cast(pa.float64()).to_numpy(), dtype=np.float64)

    def group_keys(self) -> Any:
        if not self.keys:
            return None
        self.codes()
        return self._key_table

    def attach(
        self,
        result: Any,
        notes: list[str],
        renames: dict[str, str] | None = None,
        per_row: bool = False,
        rows: np.ndarray | None = None,
        groups: np.ndarray | None = None,
    ) -> Any:
        """The result beside the input rows (``per_row``, reordered by ``rows``) or the group
        keys (of each output row, ``groups``), in the caller's kind."""
        for note in notes:
            warnings.warn(note, StatisticsWarning, stacklevel=3)
        if renames:
            result = result.rename_columns([renames.get(name, name) for name in result.column_names])
        index = self.index
        if per_row and rows is None and self.kind == "pandas":
            return _beside_pandas(self.data, result)
        if per_row and rows is None and self.kind == "polars":
            return _beside_polars(self.data, result)
        if per_row:
            table = self.table if rows is None else self.table.take(rows)
            if rows is not None and index is not None:
                index = index.take(rows)
            for name, column in zip(result.column_names, result.columns, strict=True):
                if name in table.column_names:
                    table = table.set_column(table.column_names.index(name), name, column)
                else:
                    table = table.append_column(name, column)
        else:
            keys = self.group_keys()
            if keys is not None and groups is not None:
                keys = keys.take(groups)
            table = result
            if keys is not None:
                for i, name in enumerate(keys.column_names):
                    table = table.add_column(i, name, keys.column(name))
        return _to_kind(table, self.kind, index if per_row else None)


def _arrow_table(data: Any) -> Any:
    """Any frame as a ``pyarrow.Table`` (a pandas index is not data and is left out)."""
    pa = _require("pyarrow", "arrow")
    kind = _kind(data)
    try:
        if kind == "pandas":
            table = pa.Table.from_pandas(data, preserve_index=False)
        elif kind == "batch":
            batch = data if isinstance(data, pa.RecordBatch) else pa.record_batch(data)
            table = pa.Table.from_batches([batch])
        else:
            table = data if isinstance(data, pa.Table) else pa.table(data)
    except (TypeError, ValueError, OverflowError, pa.ArrowException) as error:
        # Not a frame, columns of mismatched length, or a column Arrow cannot type
        # (mixed numbers and text, integers beyond 64 bits).
        raise _argument("data", type(data).__name__, f"is not a frame: {error}") from None
    if not isinstance(table, pa.Table):
        raise _argument("data", type(data).__name__, "is not a frame: it exports no Arrow table")
    # polars exports strings as views, which Arrow can neither sort nor take from.
    views = {pa.string_view(): pa.large_string(), pa.binary_view(): pa.large_binary()}
    if any(field.type in views for field in table.schema):
        table = table.cast(pa.schema([f.with_type(views.get(f.type, f.type)) for f in table.schema]))
    return table


def _pandas_floats(frame: Any, name: str) -> np.ndarray | None:
    """A pandas column of numpy numbers as float64, without converting the frame: floats read
    in place, integers cast by Arrow's checked cast (as every other frame's are); ``None`` for
    any other column, which goes through Arrow and its checks."""
    if not isinstance(name, str) or not frame.columns.is_unique or name not in frame.columns:
        return None
    values = frame[name].to_numpy() if isinstance(frame[name].dtype, np.dtype) else None
    if values is None or values.dtype.kind not in "fiu" or values.dtype.itemsize > 8:
        return None
    if values.dtype.kind != "f":
        pa = _require("pyarrow", "arrow")
        values = pa.array(values).cast(pa.float64()).to_numpy()
    return np.ascontiguousarray(values, dtype=np.float64)


def _beside_pandas(frame: Any, result: Any) -> Any:
    """Row-wise results joined to the caller's pandas frame, which is neither copied nor
    converted: its columns and index stay as they were, a result replacing a column of the
    same name."""
    pd = _require("pandas", "pandas")
    columns = _pandas_frame(result)
    columns.index = frame.index
    out = frame.copy(deep=False)
    for name in [name for name in columns.columns if name in frame.columns]:
        out[name] = columns.pop(name).array
    return pd.concat([out, columns], axis=1)


def _pandas_frame(table: Any) -> Any:
    """A result table as a pandas frame, its labels categoricals over their Arrow codes as
    they are: pandas' own conversion checks and copies every code of every label column,
    which for ten million rows costs more than the floats beside them. (The core writes
    only codes its dictionary holds.)"""
    pa = _require("pyarrow", "arrow")
    pd = _require("pandas", "pandas")
    labels = {
        i
        for i, field in enumerate(table.schema)
        if pa.types.is_dictionary(field.type) and table.column(i).num_chunks == 1 and table.column(i).null_count == 0
    }
    out = table.select([i for i in range(table.num_columns) if i not in labels]).to_pandas(split_blocks=True)
    for i in sorted(labels):
        column = table.column(i).chunk(0)
        codes = column.indices.to_numpy(zero_copy_only=False)
        categories = column.dictionary.to_pandas()
        labels_of = pd.Categorical.from_codes(codes, categories, ordered=column.type.ordered, validate=False)
        out.insert(i, table.schema.field(i).name, labels_of)
    return out


def _polars_floats(frame: Any, name: str) -> np.ndarray | None:
    """A polars ``Float64`` column as float64, read in place when it has no nulls (which
    become NaN, as through Arrow); ``None`` for any other column, which goes through Arrow and
    its checked casts."""
    pl = _require("polars", "polars")
    # Anything but an eager frame (a LazyFrame, a Series) goes to Arrow, which refuses it.
    if not isinstance(frame, pl.DataFrame) or not isinstance(name, str) or name not in frame.columns:
        return None
    if frame.schema[name] != pl.Float64:
        return None
    return np.ascontiguousarray(frame.get_column(name).to_numpy(), dtype=np.float64)


def _beside_polars(frame: Any, result: Any) -> Any:
    """Row-wise results joined to the caller's polars frame, whose columns are neither
    copied nor converted, a result replacing a column of the same name."""
    pl = _require("polars", "polars")
    return frame.with_columns(pl.from_arrow(result).get_columns())


def _kind(data: Any) -> str:
    module = type(data).__module__.split(".")[0]
    if module == "pandas":
        return "pandas"
    if module == "polars":
        return "polars"
    # A record batch, as Arrow engines hand them out, comes back as one: pyarrow's, or any
    # object exporting one array (``__arrow_c_array__``) rather than a stream.
    is_batch = module == "pyarrow" and type(data).__name__ == "RecordBatch"
    if is_batch or (hasattr(data, "__arrow_c_array__") and not hasattr(data, "__arrow_c_stream__")):
        return "batch"
    return "pyarrow"


def _one_batch(table: Any) -> Any:
    """A table as one ``pyarrow.RecordBatch`` (its chunks joined)."""
    pa = _require("pyarrow", "arrow")
    table = table.combine_chunks()
    arrays = [column.chunk(0) if column.num_chunks else pa.array([], column.type) for column in table.columns]
    return pa.RecordBatch.from_arrays(arrays, schema=table.schema)


def _to_kind(table: Any, kind: str, index: Any = None) -> Any:
    if kind == "pandas":
        frame = table.to_pandas()
        if index is not None:
            frame.index = index
        return frame
    if kind == "polars":
        pl = _require("polars", "polars")
        return pl.from_arrow(table)
    if kind == "batch":
        return _one_batch(table)
    return table
