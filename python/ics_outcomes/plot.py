"""Charts analysts publish: SPC, funnel, spine, maturity radar and league heatmap.

matplotlib is optional (``pip install 'ics-outcomes[plot]'``) and is imported on first use.
Every function returns the matplotlib :class:`~matplotlib.figure.Figure`; its chart is
``fig.axes[0]`` (a key or colour bar, where there is one, follows), so it can be restyled
or saved with ``fig.savefig(...)``. Colours come from the NHS identity palette and every
meaning carried by colour is carried by marker shape too, so the charts read in greyscale
and for colour-blind readers.

:class:`~ics_outcomes.maturity.MaturityResult` has the radar as ``result.plot.radar(areas)``.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import ics_outcomes as ico
>>> from ics_outcomes import plot
>>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
...                  ico.default_observations())
>>> fig = plot.league_heatmap(card)                  # or card.plot.heatmap()
>>> len(fig.axes[0].get_yticklabels())
36
>>> fig = plot.spine(card, "QOP")
>>> fig.axes[0].get_title(loc="left")[:30]
'Greater Manchester: each targe'
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ics_outcomes import _core
from ics_outcomes._core import Scorecard
from ics_outcomes._frames import _require

if TYPE_CHECKING:
    from matplotlib.figure import Figure
from ics_outcomes.stats import _argument, _Frame

__all__ = [
    "NHS_COLOURS",
    "ScorecardPlots",
    "funnel",
    "funnel_overdispersion",
    "league_heatmap",
    "maturity_radar",
    "spc",
    "spine",
]

# Colours, point styles and icon badges are the core's (``ics_outcomes::report::style``), so
# these charts and the reports' SVG charts draw every meaning the same way.
_STYLE: dict[str, Any] = _core.chart_style()

#: The NHS identity colours the charts use.
NHS_COLOURS: dict[str, str] = dict(_STYLE["colours"])
_C = NHS_COLOURS

# Each core shape as a matplotlib marker.
_MARKERS = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^"}
# (colour, marker, legend label) for each SPC point type, as Making Data Count colours them;
# the two neutral types share one style.
_POINTS = {
    point: (colour, _MARKERS[shape], label)
    for point, (colour, shape, label) in _STYLE["points"].items()
    if point != "special_cause_neutral_low"
}
_POINTS["special_cause_neutral"] = _POINTS.pop("special_cause_neutral_high")
# Variation and assurance icons as badges: (letter, colour, words).
_VARIATION: dict[str, tuple[str, str, str]] = {k: (v[0], v[1], v[2]) for k, v in _STYLE["variation"].items()}
_ASSURANCE: dict[str, tuple[str, str, str]] = {k: (v[0], v[1], v[2]) for k, v in _STYLE["assurance"].items()}
# Each chart kind's title and centre line: (title, centre line).
_CHARTS: dict[str, tuple[str, str]] = {k: (v[0], v[1]) for k, v in _STYLE["charts"].items()}
# Benchmark against England: (colour, marker), as Fingertips compares, colour-blind safe.
_VS_ENGLAND = {
    "Better": (_C["nhs_blue"], "^"),
    "Similar": (_C["warm_yellow"], "o"),
    "Worse": (_C["orange"], "v"),
    None: ("white", "s"),
}
_COMPARED = {
    "Better": "better than England",
    "Similar": "similar to England",
    "Worse": "worse than England",
    None: "not compared",
}
# Series of several areas: colour, marker and line style together.
_SERIES = [
    (_C["nhs_blue"], "o", "-"),
    (_C["orange"], "s", "--"),
    (_C["aqua_green"], "^", "-."),
    (_C["dark_grey"], "D", ":"),
    (_C["warm_yellow"], "v", "-"),
    (_C["dark_blue"], "P", "--"),
]
_TICK_FONT = 7


def _expect(value: Any, kind: type, name: str) -> None:
    """A ``TypeError`` naming the argument unless ``value`` is a ``kind``."""
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, not {type(value).__name__}")


def _pyplot() -> Any:
    return _require("matplotlib.pyplot", "plot")


def _floats(values: Sequence[Any]) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def _column(frame: _Frame, name: str) -> list[Any]:
    values: list[Any] = frame.column(name).to_pylist()
    return values


def _last(values: Sequence[Any]) -> Any:
    present = [v for v in values if v is not None]
    return present[-1] if present else None


def _short_name(name: str) -> str:
    return name.removeprefix("NHS ").removesuffix(" Integrated Care Board").removesuffix(" ICB")


def _badge(ax: Any, y: float, icon: tuple[str, str, str], heading: str, gid: str) -> None:
    letter, colour, words = icon
    ax.text(
        0.1,
        y,
        letter,
        ha="center",
        va="center",
        fontsize=12,
        fontweight="bold",
        color="white",
        bbox={"boxstyle": "circle,pad=0.35", "facecolor": colour, "edgecolor": _C["dark_grey"]},
        transform=ax.transAxes,
        gid=gid,
    )
    text = heading + ":\n" + textwrap.fill(words, 24)
    ax.text(0.27, y, text, ha="left", va="center", fontsize=8, transform=ax.transAxes, gid=f"{gid}_label")


def _date_labels(values: list[Any]) -> list[str]:
    if values and all(hasattr(v, "strftime") for v in values):
        monthly = all(getattr(v, "day", 1) == 1 for v in values)
        return [v.strftime("%Y-%m" if monthly else "%Y-%m-%d") for v in values]
    return [str(v) for v in values]


def spc(
    chart: Any,
    *,
    value: str,
    date: str,
    target: float | str | None = None,
    title: str | None = None,
    ylabel: str | None = None,
) -> Figure:
    """A Making Data Count chart of one series from :func:`ics_outcomes.spc.xmr` or
    :func:`ics_outcomes.spc.chart` (any kind: XmR, P, P′, U, U′, run, T, G).

    ``chart`` is the frame returned (pandas, polars or pyarrow) for one series (filter a
    grouped chart to one group first); ``value`` and ``date`` name its value and date
    columns. ``target`` is the number or the name of the target column given to the chart.

    Draws the points joined by a line (a gap breaks it), coloured and shaped by point type
    (special cause improvement light blue squares, concern orange diamonds, neutral purple
    triangles, common cause grey circles), the centre line and limits of each part (stepped
    where they follow each point's denominator; ``spc.chart``'s 2σ limits dotted), the part
    breaks, annotations, the target line, and the series' variation and assurance icons as
    labelled badges in the key on the right (``fig.axes[1]``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from ics_outcomes import plot, spc
    >>> seen = [74, 76, 75, 77, 74, 76, 75, 77, 74, 76, 75, 77, 75, 60]
    >>> df = pd.DataFrame({"month": pd.period_range("2024-04", periods=14, freq="M").to_timestamp(), "pct": seen})
    >>> chart = spc.xmr(df, value="pct", date="month", target=78)
    >>> fig = plot.spc(chart, value="pct", date="month", target=78, title="Patients seen within 4 hours")
    >>> fig.axes[0].get_title(loc="left")
    'Patients seen within 4 hours'
    """
    plt = _pyplot()
    frame = _Frame(chart, None)
    dates = _column(frame, date)
    if len(set(map(str, dates))) != len(dates):
        raise _argument("chart", date, "holds more than one series: filter it to one group first")
    kind = _last(_column(frame, "chart")) if "plotted" in frame.table.column_names else None
    y = _floats(_column(frame, "plotted" if kind is not None else value))
    x = np.arange(len(y), dtype=np.float64)
    groups = np.asarray(_column(frame, "rebase_group" if kind is None else "part"))
    fig = plt.figure(figsize=(10, 4.8), layout="constrained")
    ax, key = fig.subplots(1, 2, gridspec_kw={"width_ratios": [4, 1.25]})
    ax.plot(x, y, color=_C["mid_grey"], linewidth=1.2, zorder=2)
    types = [
        ("special_cause_neutral" if str(t).startswith("special_cause_neutral") else t)
        for t in _column(frame, "point_type")
    ]
    for point_type, (colour, marker, label) in _POINTS.items():
        # A gap (no value) has no point.
        chosen = np.array([t == point_type for t in types], dtype=bool) & np.isfinite(y)
        if chosen.any():
            ax.scatter(
                x[chosen],
                y[chosen],
                color=colour,
                marker=marker,
                s=42,
                edgecolor=_C["dark_grey"],
                linewidth=0.6,
                zorder=3,
                label=label,
                gid=f"points_{point_type}",
            )
    if kind is not None:
        _chart_lines(ax, frame, x, str(kind))
    lines = (
        {}
        if kind is not None
        else {
            "mean": _floats(_column(frame, "mean")),
            "lpl": _floats(_column(frame, "lpl")),
            "upl": _floats(_column(frame, "upl")),
        }
    )
    for i, group in enumerate(dict.fromkeys(groups.tolist()) if kind is None else []):
        rows = np.flatnonzero(groups == group)
        span = [x[rows[0]] - 0.4, x[rows[-1]] + 0.4]
        first = i == 0
        ax.plot(
            span,
            [lines["mean"][rows[0]]] * 2,
            color=_C["dark_blue"],
            linewidth=1.4,
            zorder=1,
            label="Centre line (mean)" if first else None,
            gid="mean",
        )
        for name in ("lpl", "upl"):
            ax.plot(
                span,
                [lines[name][rows[0]]] * 2,
                color=_C["dark_grey"],
                linestyle="--",
                linewidth=1.1,
                zorder=1,
                label="Process limits" if first and name == "upl" else None,
                gid=name,
            )
        if not first:
            ax.axvline(
                x[rows[0]] - 0.5,
                color=_C["dark_grey"],
                linestyle=":",
                linewidth=1.2,
                gid="rebase",
                label="Rebase" if i == 1 else None,
            )
    if target is not None:
        level = float(target) if not isinstance(target, str) else _last(_column(frame, target))
        if level is not None:
            ax.axhline(
                float(level),
                color=_C["red"],
                linestyle="-.",
                linewidth=1.3,
                label=f"Target ({float(level):g})",
                gid="target",
            )
    labels = _date_labels(dates)
    step = max(1, int(np.ceil(len(labels) / 12)))
    ax.set_xticks(x[::step], labels[::step], rotation=45, ha="right", fontsize=_TICK_FONT)
    ax.tick_params(axis="y", labelsize=_TICK_FONT + 1)
    ax.set_xlabel(date)
    ax.set_ylabel(ylabel or value)
    ax.set_title(title or f"{value}: {_CHARTS[str(kind or 'xmr')][0]}", loc="left")
    ax.grid(axis="y", color=_C["pale_grey"], linewidth=0.8)
    ax.set_axisbelow(True)
    key.set_axis_off()
    variation = _last(_column(frame, "variation_icon"))
    if variation in _VARIATION:
        _badge(key, 0.93, _VARIATION[variation], "Variation", "variation_icon")
    assurance = _last(_column(frame, "assurance_icon")) if "assurance_icon" in frame.table.column_names else None
    if assurance in _ASSURANCE:
        _badge(key, 0.76, _ASSURANCE[assurance], "Assurance", "assurance_icon")
    handles, names = ax.get_legend_handles_labels()
    key.legend(handles, names, loc="lower left", bbox_to_anchor=(0.0, 0.0), fontsize=8, title="Key", frameon=False)
    return cast("Figure", fig)


def _chart_lines(ax: Any, frame: _Frame, x: np.ndarray, kind: str) -> None:
    """The lines of a :func:`ics_outcomes.spc.chart` frame, part by part: the centre line, the
    3σ limits and the dotted 2σ limits, stepped at each point (P and U limits follow each
    point's denominator), the part breaks and the annotations."""
    parts = np.asarray(_column(frame, "part"))
    y = _floats(_column(frame, "plotted"))
    columns = {
        name: _floats(_column(frame, name)) for name in ("centre", "lower", "upper", "lower_2sigma", "upper_2sigma")
    }
    styles = {
        "centre": (_C["dark_blue"], "-", 1.4, _CHARTS[kind][1]),
        "lower": (_C["dark_grey"], "--", 1.1, None),
        "upper": (_C["dark_grey"], "--", 1.1, "Limits (3σ)"),
        "lower_2sigma": (_C["mid_grey"], ":", 0.9, None),
        "upper_2sigma": (_C["mid_grey"], ":", 0.9, "Near limits (2σ)"),
    }
    for i, part in enumerate(dict.fromkeys(parts.tolist())):
        rows = np.flatnonzero(parts == part)
        for name, (colour, style, width, label) in styles.items():
            values = columns[name][rows]
            if np.isnan(values).all():
                continue
            ax.plot(
                x[rows],
                values,
                drawstyle="steps-mid",
                color=colour,
                linestyle=style,
                linewidth=width,
                zorder=1,
                label=label if i == 0 else None,
                gid=f"{name}_{part}",
            )
        if i > 0:
            ax.axvline(
                x[rows[0]] - 0.5,
                color=_C["dark_grey"],
                linestyle=":",
                linewidth=1.2,
                gid="rebase",
                label="New part" if i == 1 else None,
            )
    notes = _column(frame, "annotation")
    for xi, yi, note in zip(x, y, notes, strict=True):
        if note is not None and note == note:
            at = yi if np.isfinite(yi) else np.nanmax(y)
            ax.annotate(
                str(note),
                (xi, at),
                xytext=(0, 14),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color=_C["dark_grey"],
                arrowprops={"arrowstyle": "-", "color": _C["mid_grey"], "linewidth": 0.8},
                gid="annotation",
            )


def funnel(
    points: Any,
    limits: Any,
    *,
    x: str = "denominator",
    y: str = "value",
    label: str | None = None,
    significance: str | None = "significance",
    max_labels: int = 12,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Figure:
    """A funnel plot: each record's ``y`` against its ``x`` (the denominator, the expected count
    or ``denominator_derived``) within the 95% and 99.8% limits of
    :func:`ics_outcomes.stats.funnel_limits`.

    ``points`` is a frame of records, for example :func:`~ics_outcomes.stats.funnel_significance`
    output (its ``significance`` column places each record) or
    :func:`~ics_outcomes.stats.funnel_points` output (``y="<rate>_chart"``,
    ``x="denominator_derived"``); without a significance column records are placed against
    the limits interpolated at their ``x``. Records beyond the 99.8% limits are filled,
    those only beyond 95% hollow; high ones are blue upward triangles, low ones orange
    downward triangles. The ``max_labels`` most extreme records beyond 99.8% are labelled
    with the ``label`` column.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from ics_outcomes import plot, stats
    >>> df = pd.DataFrame({"trust": list("ABCDEF"), "deaths": [12, 40, 7, 90, 30, 120],
    ...                    "cases": [100, 300, 80, 500, 150, 400]})
    >>> args = dict(numerator="deaths", denominator="cases", statistic="proportion", multiplier=100)
    >>> points = stats.funnel_significance(df, **args).rename(columns={"cases": "denominator"})
    >>> points["value"] = points["deaths"] / points["denominator"] * 100
    >>> fig = plot.funnel(points, stats.funnel_limits(df, **args), label="trust")
    >>> len(fig.axes)
    1
    """
    plt = _pyplot()
    frame, bounds = _Frame(points, None), _Frame(limits, None)
    px, py = _floats(_column(frame, x)), _floats(_column(frame, y))
    lx = _floats(_column(bounds, bounds.table.column_names[0]))
    band = {
        name: _floats(_column(bounds, name))
        for name in ("lower_2s_limit", "upper_2s_limit", "lower_3s_limit", "upper_3s_limit")
    }
    centre = _floats(_column(bounds, "baseline"))
    if significance is not None and significance in frame.table.column_names:
        marks = [str(s or "") for s in _column(frame, significance)]
        high = np.array([m.startswith("High") for m in marks])
        low = np.array([m.startswith("Low") for m in marks])
        far = np.array(["0.001" in m for m in marks]) & (high | low)
    else:
        inside = {name: np.interp(px, lx, values) for name, values in band.items()}
        high, low = py > inside["upper_2s_limit"], py < inside["lower_2s_limit"]
        far = (py > inside["upper_3s_limit"]) | (py < inside["lower_3s_limit"])
    fig = plt.figure(figsize=(9, 6), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(lx, centre, color=_C["dark_blue"], linewidth=1.3, label="Average", gid="baseline")
    for name, style, text in (("2s", "--", "95% limits"), ("3s", "-", "99.8% limits")):
        colour = _C["bright_blue"] if name == "2s" else _C["dark_grey"]
        ax.plot(
            lx,
            band[f"upper_{name}_limit"],
            color=colour,
            linestyle=style,
            linewidth=1.1,
            label=text,
            gid=f"limit_{name}",
        )
        ax.plot(lx, band[f"lower_{name}_limit"], color=colour, linestyle=style, linewidth=1.1, gid=f"limit_{name}")
    within = ~(high | low)
    groups = [
        (within, _C["mid_grey"], "o", True, "Within 95% limits"),
        (high & ~far, _C["nhs_blue"], "^", False, "High: beyond 95%"),
        (high & far, _C["nhs_blue"], "^", True, "High: beyond 99.8%"),
        (low & ~far, _C["orange"], "v", False, "Low: beyond 95%"),
        (low & far, _C["orange"], "v", True, "Low: beyond 99.8%"),
    ]
    for chosen, colour, marker, filled, text in groups:
        if chosen.any():
            ax.scatter(
                px[chosen],
                py[chosen],
                marker=marker,
                s=40,
                linewidth=1.2,
                zorder=3,
                label=text,
                gid="points",
                facecolor=colour if filled else "white",
                edgecolor=colour if not filled else _C["dark_grey"],
            )
    seen = np.concatenate([px[np.isfinite(px)], [0.0]])
    near = lx >= np.nanmin(px[np.isfinite(px)]) * 0.5 if np.isfinite(px).any() else np.ones(len(lx), bool)
    spread = np.concatenate([py[np.isfinite(py)], band["lower_3s_limit"][near], band["upper_3s_limit"][near]])
    spread = spread[np.isfinite(spread)]
    if len(spread):
        low_y, high_y = float(spread.min()), float(spread.max())
        pad = (high_y - low_y) * 0.08 or 1.0
        ax.set_ylim(low_y - pad, high_y + pad)
    ax.set_xlim(0, float(seen.max()) * 1.15 or 1.0)
    if label is not None and far.any():
        _label_outliers(ax, px, py, _column(frame, label), far, centre, lx, max_labels)
    ax.set_title(title or f"Funnel plot of {y}", loc="left")
    ax.set_xlabel(xlabel or x)
    ax.set_ylabel(ylabel or y)
    ax.tick_params(labelsize=_TICK_FONT + 1)
    ax.grid(color=_C["pale_grey"], linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, loc="upper right", framealpha=0.9)
    return cast("Figure", fig)


def funnel_overdispersion(
    result: Any,
    *,
    label: bool = True,
    max_labels: int = 12,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Figure:
    """A funnel plot of :func:`ics_outcomes.stats.funnel_overdispersion`: each unit's value
    against its denominator, the target, and the limit curves drawn: with overdispersion
    (solid, gid ``od_limit_95`` / ``od_limit_998``) and without (dotted, ``limit_95`` /
    ``limit_998``), as ``result.adjusted_drawn`` and ``result.unadjusted_drawn`` say.

    Outliers (``result.units["outlier"]``, against the limits in force) are filled: high
    ones blue upward triangles, low ones orange downward triangles; the ``max_labels``
    furthest from the target are labelled with their group when ``label``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from ics_outcomes import plot, stats
    >>> df = pd.DataFrame({"trust": list("ABCDEF"), "deaths": [12, 40, 7, 90, 30, 55],
    ...                    "cases": [100, 300, 80, 500, 150, 400]})
    >>> result = stats.funnel_overdispersion(df, numerator="deaths", denominator="cases", group="trust")
    >>> fig = plot.funnel_overdispersion(result)
    >>> sorted({line.get_gid() for line in fig.axes[0].lines if "limit" in (line.get_gid() or "")})
    ['od_limit_95', 'od_limit_998']
    """
    from ics_outcomes.stats import FunnelOverdispersion

    if not isinstance(result, FunnelOverdispersion):
        raise TypeError(f"result must be a FunnelOverdispersion, got {type(result).__name__}")
    plt = _pyplot()
    units, curves = _Frame(result.units, None), _Frame(result.limits, None)
    px, py = _floats(_column(units, "denominator")), _floats(_column(units, "value"))
    names, outlier = _column(units, "group"), np.array([bool(o) for o in _column(units, "outlier")], dtype=bool)
    lx = _floats(_column(curves, "denominator"))
    centre = np.full(len(lx), result.target * float(result.settings["multiplier"]))
    fig = plt.figure(figsize=(9, 6), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(lx, centre, color=_C["dark_blue"], linewidth=1.3, label="Target", gid="target")
    drawn: list[np.ndarray] = []
    sets = (
        (result.adjusted_drawn, "od_", "-", "with overdispersion"),
        (result.unadjusted_drawn, "", ":", "without overdispersion"),
    )
    for on, prefix, style, words in sets:
        if not on:
            continue
        for level, colour, text in (("95", _C["bright_blue"], "95%"), ("998", _C["dark_grey"], "99.8%")):
            lower, upper = (_floats(_column(curves, f"{prefix}{side}{level}")) for side in ("lower", "upper"))
            gid = f"{prefix}limit_{level}"
            ax.plot(lx, upper, color=colour, linestyle=style, linewidth=1.1, label=f"{text} limits {words}", gid=gid)
            ax.plot(lx, lower, color=colour, linestyle=style, linewidth=1.1, gid=gid)
            drawn += [lower, upper]
    high, low = outlier & (py > np.interp(px, lx, centre)), outlier & ~(py > np.interp(px, lx, centre))
    groups = [
        (~outlier, _C["mid_grey"], "o", "Within the limits"),
        (high, _C["nhs_blue"], "^", "High outlier"),
        (low, _C["orange"], "v", "Low outlier"),
    ]
    for chosen, colour, marker, text in groups:
        if chosen.any():
            ax.scatter(
                px[chosen], py[chosen], marker=marker, s=40, linewidth=1.2, zorder=3, label=text, gid="points",
                facecolor=colour, edgecolor=_C["dark_grey"] if chosen is not groups[0][0] else colour,
            )  # fmt: skip
    finite = np.isfinite(px) & np.isfinite(py)
    near = lx >= np.nanmin(px[finite]) * 0.5 if finite.any() else np.ones(len(lx), bool)
    spread = np.concatenate([py[finite], *[values[near] for values in drawn]])
    spread = spread[np.isfinite(spread)]
    if len(spread):
        low_y, high_y = float(spread.min()), float(spread.max())
        pad = (high_y - low_y) * 0.08 or 1.0
        ax.set_ylim(low_y - pad, high_y + pad)
    ax.set_xlim(0, float(np.nanmax(px[finite], initial=1.0)) * 1.15)
    if label and outlier.any():
        _label_outliers(ax, px, py, names, outlier, centre, lx, max_labels)
    kind = result.settings["data_type"]
    ax.set_title(title or f"Funnel plot of {kind}s (phi {result.phi:.3g}, tau2 {result.tau2:.3g})", loc="left")
    ax.set_xlabel(xlabel or "denominator")
    ax.set_ylabel(ylabel or "value")
    ax.tick_params(labelsize=_TICK_FONT + 1)
    ax.grid(color=_C["pale_grey"], linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, loc="upper right", framealpha=0.9)
    return cast("Figure", fig)


def _label_outliers(
    ax: Any,
    px: np.ndarray,
    py: np.ndarray,
    names: list[Any],
    far: np.ndarray,
    centre: np.ndarray,
    lx: np.ndarray,
    most: int,
) -> None:
    """Labels the most extreme records (furthest from the average) beyond the 99.8% limits,
    spread vertically so that no two labels overlap."""
    distance = np.abs(py - np.interp(px, lx, centre))
    chosen = [i for i in np.argsort(-distance) if far[i]][:most]
    low, high = ax.get_ylim()
    gap = (high - low) * 0.035
    placed: list[float] = []
    for i in sorted(chosen, key=lambda i: py[i]):
        at = py[i] if not placed else max(py[i], placed[-1] + gap)
        placed.append(at)
        ax.annotate(
            str(names[i]),
            xy=(px[i], py[i]),
            xytext=(px[i] + (ax.get_xlim()[1] * 0.02), at),
            fontsize=_TICK_FONT,
            va="center",
            arrowprops={"arrowstyle": "-", "color": _C["mid_grey"], "linewidth": 0.6},
            gid="outlier_label",
        )


def _polarities(card: Any, national: Any) -> dict[str, str]:
    """Each metric's polarity from ``national``, or from the embedded default frameworks when
    the scorecard was scored on the default national framework; otherwise none is known."""
    import ics_outcomes as ico

    if national is not None and not isinstance(national, (ico.NationalFramework, ico.LocalFramework)):
        raise TypeError(f"national must be a NationalFramework, got {type(national).__name__}")
    frameworks = [] if national is None else [national]
    if national is None:
        default = ico.default_national_framework()
        if tuple(card.framework) == (default.id, default.version):
            frameworks = [default, *ico.default_local_frameworks()]
    found: dict[str, str] = {}
    for framework in frameworks:
        for metric in framework.metrics:
            found.setdefault(metric.id, metric.polarity)
    return found


def spine(card: Any, area: str, *, national: Any = None, title: str | None = None) -> Figure:
    """A Fingertips-style spine chart: one row per target of one ICS (ODS or ONS code) against
    the range of the other ICSs on its metric.

    Each row is centred on the England value (the median of ICSs where England is not
    published) and scaled to the furthest ICS: the pale bar runs from the lowest to the
    highest ICS, the darker bar from the 25th to the 75th percentile, and the marker is the
    ICS's published value, coloured and shaped by its comparison with England (better blue
    upward triangle, similar yellow circle, worse orange downward triangle, not compared white
    square). Where the metric's polarity is known (from ``national`` or the embedded default
    the scorecard was scored on) better is to the right. Built from :meth:`Scorecard.targets`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import ics_outcomes as ico
    >>> from ics_outcomes import plot
    >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())
    >>> fig = plot.spine(card, "QOP", title="Greater Manchester")
    >>> fig.axes[0].get_title(loc="left")
    'Greater Manchester'
    """
    _expect(card, Scorecard, "card")
    plt = _pyplot()
    table = _Frame(card.targets(), None)
    columns = {
        name: _column(table, name) for name in ("code", "ods", "target", "metric", "published", "england", "vs_england")
    }
    rows = [i for i, (code, ods) in enumerate(zip(columns["code"], columns["ods"], strict=True)) if area in (code, ods)]
    if not rows:
        raise _core._error("NotFoundError", "area", str(area), "it is not in the scorecard")
    explained = card.explain(columns["code"][rows[0]])
    by_metric: dict[str, dict[str, float]] = {}
    for code, metric, value in zip(columns["code"], columns["metric"], columns["published"], strict=True):
        if value is not None:
            by_metric.setdefault(metric, {}).setdefault(code, float(value))
    polarity = _polarities(card, national)
    n = len(rows)
    fig = plt.figure(figsize=(10, 1.4 + 0.42 * n), layout="constrained")
    ax = fig.add_subplot()
    labels, notes = [], []
    for position, i in enumerate(rows):
        row = n - 1 - position
        metric = columns["metric"][i]
        values = np.array(sorted(by_metric.get(metric, {}).values()), dtype=np.float64)
        value = columns["published"][i]
        england = columns["england"][i]
        centre = float(england) if england is not None else (float(np.median(values)) if len(values) else np.nan)
        flip = -1.0 if polarity.get(metric) == "lower_is_better" else 1.0
        half = float(np.max(np.abs(values - centre))) if len(values) else 0.0
        half = half or 1.0

        def at(v: float, centre: float = centre, half: float = half, flip: float = flip) -> float:
            return 0.5 + flip * (v - centre) / (2 * half)

        if len(values):
            ends = sorted([at(values[0]), at(values[-1])])
            quartiles = sorted([at(float(np.quantile(values, 0.25))), at(float(np.quantile(values, 0.75)))])
            ax.barh(
                row,
                ends[1] - ends[0],
                left=ends[0],
                height=0.6,
                color=_C["pale_grey"],
                edgecolor=_C["mid_grey"],
                linewidth=0.5,
                gid="range",
            )
            ax.barh(
                row, quartiles[1] - quartiles[0], left=quartiles[0], height=0.6, color=_C["mid_grey"], gid="quartiles"
            )
        if value is not None:
            colour, marker = _VS_ENGLAND.get(columns["vs_england"][i], _VS_ENGLAND[None])
            ax.scatter(
                [at(float(value))],
                [row],
                color=colour,
                marker=marker,
                s=70,
                edgecolor=_C["dark_grey"],
                zorder=3,
                gid="value",
            )
        arrow = {"higher_is_better": " (higher is better)", "lower_is_better": " (lower is better)"}.get(
            polarity.get(metric, ""), ""
        )
        labels.append((row, f"{columns['target'][i]}{arrow}"))
        eng = "n/a" if england is None else f"{float(england):.1f}"
        notes.append((row, f"{'n/a' if value is None else f'{float(value):g}'}  (England {eng})"))
    ax.axvline(0.5, color=_C["dark_blue"], linewidth=1.4, zorder=2, gid="england")
    ax.set_yticks([r for r, _ in labels], [t for _, t in labels], fontsize=_TICK_FONT + 1)
    for row, text in notes:
        ax.text(1.02, row, text, va="center", ha="left", fontsize=_TICK_FONT + 1, transform=ax.get_yaxis_transform())
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xticks([0.0, 0.5, 1.0], ["furthest ICS", "England", "furthest ICS"], fontsize=_TICK_FONT + 1)
    ax.set_xlabel("Position against England, scaled to the furthest ICS (better to the right where polarity is known)")
    name = _short_name(explained.name)
    ax.set_title(title or f"{name}: each target against the range of ICSs ({card.period})", loc="left")
    patch = _require("matplotlib.patches", "plot").Patch
    line = _require("matplotlib.lines", "plot").Line2D
    handles = [
        patch(facecolor=_C["pale_grey"], edgecolor=_C["mid_grey"], label="ICS range (lowest to highest)"),
        patch(facecolor=_C["mid_grey"], label="25th to 75th percentile"),
        line([0], [0], color=_C["dark_blue"], label="England (median of ICSs if unpublished)"),
    ] + [
        line(
            [0],
            [0],
            linestyle="",
            marker=marker,
            markerfacecolor=colour,
            markeredgecolor=_C["dark_grey"],
            markersize=8,
            label=f"{name}: {_COMPARED[word]}",
        )
        for word, (colour, marker) in _VS_ENGLAND.items()
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, fontsize=_TICK_FONT + 1, frameon=False)
    return cast("Figure", fig)


def maturity_radar(result: Any, areas: str | Sequence[str], *, title: str | None = None) -> Figure:
    """A radar of maturity dimensions for one or several areas (ODS or ONS codes) from
    :func:`ics_outcomes.maturity.assess`, with the model's levels as rings.

    Each area is a closed polygon of its dimension scores as a share of the model's range
    (:meth:`~ics_outcomes.maturity.MaturityResult.radar`), with its own colour, marker and
    line style; the rings are :meth:`~ics_outcomes.maturity.MaturityResult.rings`, labelled
    with the level they start.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from ics_outcomes import maturity, plot
    >>> fig = plot.maturity_radar(maturity.assess(), ["QRL", "QOP"])
    >>> len(fig.axes), fig.axes[0].name
    (1, 'polar')
    """
    from ics_outcomes.maturity import MaturityResult

    _expect(result, MaturityResult, "result")
    plt = _pyplot()
    wanted = [areas] if isinstance(areas, str) else list(areas)
    if not wanted:
        raise _argument("areas", areas, "name at least one area")
    rings = _Frame(result.rings(), None)
    fig = plt.figure(figsize=(8, 7.5), layout="constrained")
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    names: list[str] = []
    for k, area in enumerate(wanted):
        radar = _Frame(result.radar(area), None)
        names = [str(n) for n in _column(radar, "name")]
        radius = _floats(_column(radar, "radius"))
        theta = np.linspace(0.0, 2 * np.pi, len(radius), endpoint=False)
        colour, marker, style = _SERIES[k % len(_SERIES)]
        closed_t, closed_r = np.append(theta, theta[:1]), np.append(radius, radius[:1])
        ax.plot(closed_t, closed_r, color=colour, marker=marker, linestyle=style, linewidth=1.6, label=area, gid="area")
        ax.fill(closed_t, closed_r, color=colour, alpha=0.08)
    theta = np.linspace(0.0, 2 * np.pi, len(names), endpoint=False)
    ax.set_xticks(theta, [textwrap.fill(n, 16) for n in names], fontsize=_TICK_FONT + 1)
    levels, starts = _column(rings, "level"), _floats(_column(rings, "radius"))
    ax.tick_params(axis="x", pad=6)
    for angle, text in zip(theta, ax.get_xticklabels(), strict=True):
        side = np.sin(angle)
        text.set_horizontalalignment("left" if side > 0.1 else "right" if side < -0.1 else "center")
        up = np.cos(angle)
        text.set_verticalalignment("bottom" if up > 0.9 else "top" if up < -0.9 else "center")
    ax.set_yticks(starts[starts > 0], [])
    ax.set_ylim(0, 1)
    ring = np.linspace(0.0, 2 * np.pi, 200)
    for level, start in zip(levels, starts, strict=True):
        ax.plot(ring, np.full_like(ring, start), color=_C["mid_grey"], linewidth=0.8, linestyle=":", gid="ring")
        ax.text(
            np.pi / len(names),
            start + 0.02,
            str(level),
            fontsize=_TICK_FONT,
            color=_C["dark_grey"],
            ha="left",
            gid="ring_label",
        )
    ax.set_title(title or f"{result.model.name}: maturity by dimension", loc="left", fontsize=11)
    ax.set_xlabel("Dimensions; rings mark where each level starts (score as a share of the range)", fontsize=8)
    ax.legend(title="Area", loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8)
    return cast("Figure", fig)


def league_heatmap(card: Any, *, title: str | None = None) -> Figure:
    """The league table as a heatmap: ICSs as rows in rank order, priorities as columns
    (national, then after a line the local ones), each cell the ICS's attainment of the
    priority (its score, 0 to 1, from :meth:`Scorecard.explain`). Hatched cells are priorities
    not in the ICS's framework or without data.

    Also ``card.plot.heatmap()``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import ics_outcomes as ico
    >>> from ics_outcomes import plot
    >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())
    >>> fig = plot.league_heatmap(card)
    >>> len(fig.axes[0].get_yticklabels())
    36
    """
    _expect(card, Scorecard, "card")
    plt = _pyplot()
    ranked = sorted(card.rows(), key=lambda r: (r["rank"] is None, r["rank"] or 0, r["code"]))
    scores: list[dict[str, float | None]] = []
    tiers: dict[str, str] = {}
    for row in ranked:
        found: dict[str, float | None] = {}
        for p in card.explain(row["code"]).priorities():
            tiers.setdefault(p["priority"], p["tier"])
            found[p["priority"]] = None if p["score"] is None else float(p["score"])
        scores.append(found)
    columns = [p for p in tiers if tiers[p] == "national"] + [p for p in tiers if tiers[p] != "national"]
    grid = np.array([[s.get(p) if s.get(p) is not None else np.nan for p in columns] for s in scores], dtype=np.float64)
    colors = _require("matplotlib.colors", "plot")
    cmap = colors.LinearSegmentedColormap.from_list(
        "nhs_attainment", [_C["warm_yellow"], _C["light_blue"], _C["nhs_blue"], _C["dark_blue"]]
    ).with_extremes(bad=(1.0, 1.0, 1.0, 0.0))
    fig = plt.figure(figsize=(3.5 + 0.32 * len(columns), 1.8 + 0.2 * len(ranked)), layout="constrained")
    ax = fig.add_subplot()
    patches = _require("matplotlib.patches", "plot")
    blank = patches.Rectangle((-0.5, -0.5), len(columns), len(ranked), hatch="///", fill=False, zorder=0)
    blank.set_edgecolor(_C["pale_grey"])
    ax.add_patch(blank)
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    rows = [f"{r['rank']}. {_short_name(r['name'])} ({r['ods'] or r['code']})" for r in ranked]
    ax.set_yticks(np.arange(len(rows)), rows, fontsize=_TICK_FONT)
    ax.set_xticks(np.arange(len(columns)), columns, rotation=60, ha="right", fontsize=_TICK_FONT)
    ax.set_xticks(np.arange(len(columns) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(rows) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    national = sum(1 for p in columns if tiers[p] == "national")
    if 0 < national < len(columns):
        ax.axvline(national - 0.5, color=_C["dark_grey"], linewidth=2.2, gid="tiers")
        ax.text(national / 2 - 0.5, -0.8, "national", ha="center", va="bottom", fontsize=8, fontweight="bold")
        ax.text(
            (national + len(columns)) / 2 - 0.5, -0.8, "local", ha="center", va="bottom", fontsize=8, fontweight="bold"
        )
    ax.set_xlabel("Priority")
    ax.set_ylabel("ICS (by rank)")
    framework, version = card.framework
    ax.set_title(title or f"Attainment by priority, {framework} {version}, {card.period}", loc="left", pad=16)
    bar = fig.colorbar(image, ax=ax, shrink=0.5, pad=0.02)
    bar.set_label("Priority score (0 = no target met, 1 = all met); hatched = not in framework", fontsize=8)
    bar.ax.tick_params(labelsize=_TICK_FONT)
    return cast("Figure", fig)


class ScorecardPlots:
    """Charts of a :class:`~ics_outcomes.Scorecard` (``card.plot``), drawn with matplotlib.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import ics_outcomes as ico
    >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())
    >>> type(card.plot).__name__
    'ScorecardPlots'
    """

    def __init__(self, card: Any) -> None:
        self._card = card

    def heatmap(self, *, title: str | None = None) -> Figure:
        """Every ICS by priority, coloured by attainment, in rank order (:func:`league_heatmap`).

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import ics_outcomes as ico
        >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
        ...                  ico.default_observations())
        >>> fig = card.plot.heatmap(title="ICS attainment")
        >>> len(fig.axes[0].get_yticklabels())           # one row per ICS
        36
        """
        return league_heatmap(self._card, title=title)

    def spine(self, area: str, *, national: Any = None, title: str | None = None) -> Figure:
        """One ICS's targets against the range of ICSs and England (:func:`spine`).

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import ics_outcomes as ico
        >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
        ...                  ico.default_observations())
        >>> fig = card.plot.spine("QOP")
        >>> fig.axes[0].get_title(loc="left")[:18]
        'Greater Manchester'
        """
        return spine(self._card, area, national=national, title=title)
