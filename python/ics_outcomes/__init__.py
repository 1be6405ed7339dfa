"""Outcome frameworks for England's Integrated Care Systems.

Define a national ICS outcomes framework (no more than ten priorities) and local
frameworks nested in it, judge every target exactly, and score every ICS with local
priorities weighing the same as national ones. Every score explains itself.

Examples
--------
>>> import ics_outcomes as ico
>>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
...                  ico.default_observations())
>>> len(card)  # the 36 ICBs of April 2026, against the 2026/27 framework
36
>>> before = ico.score(ico.default_national_framework("2025/26"), ico.default_local_frameworks("2025/26"),
...                    ico.default_observations("2025/26"))
>>> len(before)  # the 42 ICBs of 2025/26
42
>>> ex = card.explain("QOP")
>>> sum(row["contribution"] for row in ex.rows()) == ex.overall
True
"""

from ics_outcomes import (
    composite,
    disclosure,
    engines,
    exceptions,
    maturity,
    options,
    oversight,
    plot,
    prevention,
    ratings,
    spc,
    stats,
)
from ics_outcomes._core import (
    Explanation,
    LocalFramework,
    Metric,
    NationalFramework,
    Observations,
    Priority,
    Report,
    ResultTable,
    Scorecard,
    Target,
    Vintages,
    __version__,
    default_local_frameworks,
    default_national_framework,
    default_observations,
    framework_schema,
    league_tables,
    load_framework,
    load_observations,
    max_threads,
    parse_framework,
    replay,
    score,
    set_max_threads,
    systems,
    table_schema,
    version,
)
from ics_outcomes._vintage import geography, reproject, successions

__all__ = [
    "Explanation",
    "LocalFramework",
    "Metric",
    "NationalFramework",
    "Observations",
    "Priority",
    "Report",
    "ResultTable",
    "Scorecard",
    "Target",
    "Vintages",
    "__version__",
    "composite",
    "default_local_frameworks",
    "default_national_framework",
    "default_observations",
    "disclosure",
    "engines",
    "exceptions",
    "framework_schema",
    "geography",
    "league_tables",
    "load_framework",
    "load_observations",
    "maturity",
    "max_threads",
    "options",
    "oversight",
    "parse_framework",
    "plot",
    "prevention",
    "ratings",
    "replay",
    "reproject",
    "score",
    "set_max_threads",
    "spc",
    "stats",
    "successions",
    "systems",
    "table_schema",
    "version",
]
