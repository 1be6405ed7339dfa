"""HTML for notebooks: frameworks, scorecards and explanations.

Kept in Python so it is easy to read and restyle. User text is escaped; long tables are cut
at ``MAX_ROWS`` rows with a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape
from typing import Any

MAX_ROWS = 60

_STYLE = (
    "<style>.ico table{border-collapse:collapse;font-size:0.9em}"
    ".ico th,.ico td{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd}"
    ".ico td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".ico .synthetic{color:#8a1538;font-weight:bold}"
    ".ico .met,.ico .on_track{color:#007f3b}.ico .not_met,.ico .off_track{color:#d5281b}"
    ".ico .no_data{color:#768692}"
    ".ico .consistent_pass,.ico .improvement_high,.ico .improvement_low{color:#007f3b}"
    ".ico .consistent_fail,.ico .concern_high,.ico .concern_low{color:#d5281b}</style>"
)


def _cell(value: Any, places: int | None = None) -> str:
    if value is None:
        return "<td>&ndash;</td>"
    if isinstance(value, Decimal):
        shown = value if places is None else round(value, places)
        return f'<td class="n">{escape(str(shown))}</td>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="n">{value}</td>'
    return f'<td class="{escape(str(value))}">{escape(str(value))}</td>'


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        if i == MAX_ROWS:
            body.append(f'<tr><td colspan="{len(header)}">&hellip; more rows not shown</td></tr>')
            break
        body.append("<tr>" + "".join(row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _label(label: str | None) -> str:
    return f'<p class="synthetic">{escape(label)}</p>' if label else ""


def framework_html(framework: Any) -> str:
    """Priorities by tier with their purposes, and every target."""
    national = getattr(framework, "national", None)
    if national is not None:
        title = f"Local framework: {framework.name} ({framework.area}), nests in {framework.nests_in}"
        priorities = list(framework.priorities)
    else:
        title = f"National framework: {framework.name}, version {framework.version}"
        priorities = list(framework.priorities)
    rows = []
    for priority in priorities:
        for target in priority.targets:
            required = target.value if target.value is not None else target.goal_value
            if target.change is not None:
                required = f"{target.change} ({target.change_kind}) from {target.baseline_period}"
            rows.append(
                [
                    _cell(priority.tier),
                    _cell(priority.title),
                    _cell(", ".join(priority.purposes)),
                    _cell(target.id),
                    _cell(target.metric),
                    _cell(target.type),
                    _cell(required),
                ]
            )
    header = ["tier", "priority", "purposes", "target", "metric", "type", "required"]
    return f'<div class="ico">{_STYLE}<h4>{escape(title)}</h4>{_table(header, rows)}</div>'


def scorecard_html(card: Any) -> str:
    """The league table, scores to four places."""
    header = ["rank", "code", "ods", "name", "overall", "national", "local", "met", "judged"]
    rows = (
        [
            _cell(r["rank"]),
            _cell(r["code"]),
            _cell(r["ods"]),
            _cell(r["name"]),
            _cell(r["overall"], 4),
            _cell(r["national"], 4),
            _cell(r["local"], 4),
            _cell(r["targets_met"]),
            _cell(r["targets_judged"]),
        ]
        for r in card.rows()
    )
    framework, version = card.framework
    title = f"{framework} {version}: {card.period}"
    return f'<div class="ico">{_STYLE}{_label(card.data_label)}<h4>{escape(title)}</h4>{_table(header, rows)}</div>'


def explanation_html(explanation: Any) -> str:
    """Every contribution, with the total that equals the overall score."""
    header = [
        "priority",
        "target",
        "published",
        "required",
        "attainment",
        "score",
        "weight",
        "contribution",
        "variation",
        "assurance",
    ]
    rows = [
        [
            _cell(r["priority"]),
            _cell(r["target"]),
            _cell(r["published"]),
            _cell(r["required"], 4),
            _cell(r["attainment"]),
            _cell(r["score"], 4),
            _cell(r["weight"]),
            _cell(r["contribution"], 6),
            _cell(r["variation"]),
            _cell(r["assurance"]),
        ]
        for r in explanation.rows()
    ]
    title = (
        f"{explanation.name} ({explanation.ods or explanation.code}), {explanation.period}: "
        f"rank {explanation.rank}, overall {explanation.overall}"
    )
    return (
        f'<div class="ico">{_STYLE}{_label(explanation.data_label)}<h4>{escape(title)}</h4>{_table(header, rows)}</div>'
    )


def ics_oversight_html(result: Any) -> str:
    """The ICSs' oversight league table beside their framework scores."""
    header = ["rank", "ICS", "average", "segment", "overrides", "framework score", "framework rank"]
    cells = [
        [
            _cell(r["league_rank"]),
            f"<td>{escape(str(r['name']))} ({escape(str(r['ods']))})</td>",
            _cell(r["average"]),
            _cell(r["segment"]),
            f"<td>{escape(r['overrides'] or '')}</td>",
            _cell(r["framework_score"], 3),
            _cell(r["framework_rank"]),
        ]
        for r in result.rows()
    ]
    return f'<div class="ico">{_STYLE}{_table(header, cells)}</div>'
