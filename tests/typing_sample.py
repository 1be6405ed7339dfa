"""A notebook-style session over every module, as an analyst would write it.

``tests/test_stubs.py`` runs it and type-checks it with ``mypy --strict --disallow-any-expr``:
every public function it calls has a precise return type, so no ``Any`` reaches the user's
code. Each variable is annotated with the type the user expects, so a wrong annotation in
the package fails the check.
"""

from __future__ import annotations

from decimal import Decimal

import ics_outcomes as ico
import pandas as pd
import polars as pl
import pyarrow as pa
from ics_outcomes import (
    composite,
    disclosure,
    engines,
    maturity,
    options,
    oversight,
    plot,
    prevention,
    ratings,
    spc,
    stats,
)
from matplotlib.figure import Figure


def session() -> None:
    # Scoring and explaining the embedded default.
    card: ico.Scorecard = ico.score(
        ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations()
    )
    league: pd.DataFrame = card.league_table()
    targets: pa.Table = card.targets().to_arrow()
    ranks: ico.ResultTable = card.uncertainty(replications=20, seed=3)
    recorded: dict[str, object] | None = ranks.record
    area: ico.Explanation = card.explain("QOP")
    frame: pd.DataFrame = area.to_pandas()
    heatmap: Figure = card.plot.heatmap()
    replayed: ico.ResultTable = ico.replay(
        card, ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations()
    )
    schema: pa.Schema = ico.table_schema("scorecard")
    kind: options.ResultTableKind = replayed.kind

    # Geography.
    icbs: pd.DataFrame = ico.geography("2026-04")
    moved: pd.DataFrame = ico.successions()
    london = pd.DataFrame(
        {
            "area_code": ["QRV", "QMJ"],
            "metric_id": ["ae_4h"] * 2,
            "period": ["2025/26 Q4"] * 2,
            "numerator": [70, 80],
            "denominator": [100, 100],
        }
    )
    reprojected: pd.DataFrame = ico.reproject(london, "2026-04")

    # Statistics and SPC, a polars frame in and out.
    counts = pl.DataFrame({"area": ["A", "B"], "x": [30, 45], "n": [100, 120]})
    rates: pl.DataFrame = stats.proportion(counts, x="x", n="n")
    series = pd.DataFrame({"month": [f"2025-{m:02d}" for m in range(1, 13)], "pct": [70.0 + m % 3 for m in range(12)]})
    improvement: options.Improvement = "increase"
    chart: pd.DataFrame = spc.xmr(series, value="pct", date="month", improvement=improvement, target=78)
    spc_figure: Figure = plot.spc(chart, value="pct", date="month")

    # Composite indicators, pyarrow in and out.
    units = pa.Table.from_pandas(
        pd.DataFrame({"uCode": ["A", "B", "C"], "x": [1.0, 2.0, 4.0], "y": [30.0, 10.0, 20.0]})
    )
    meta = pa.Table.from_pandas(
        pd.DataFrame(
            {
                "Level": [1, 1, 2],
                "iCode": ["x", "y", "Index"],
                "Parent": ["Index", "Index", None],
                "Direction": [1, -1, 1],
                "Weight": [1, 1, 1],
                "Type": ["Indicator", "Indicator", "Aggregate"],
            }
        )
    )
    method: options.NormaliseMethod = "n_minmax"
    normalised: pa.Table = composite.normalise(units, meta, method=method)
    index: pa.Table = composite.aggregate(normalised, meta, method="arithmetic")
    treated, log = composite.treat(units, meta)
    intervals: pa.Table = composite.uncertainty(units, meta, replications=30)

    # Disclosure control.
    published: pd.DataFrame = disclosure.protect(
        pd.DataFrame({"row": ["a", "a", "b", "b"], "column": ["x", "y", "x", "y"], "n": [3, 40, 25, 60]}),
        rows="row",
        columns="column",
        value="n",
    )
    hidden: ico.Explanation = disclosure.protect_explanation(area)

    # Oversight, ratings and prevention.
    scores = pd.DataFrame({"provider": ["A", "B"], "metric": ["m", "m"], "value": [Decimal("1"), Decimal("2")]})
    scored: pd.DataFrame = oversight.score_metrics(scores, rules={"m": {"direction": "higher_is_better"}})
    population: options.Population = "pooled"
    segments: pd.DataFrame = oversight.segment(scored.assign(domain="d"), population=population)
    rating: ratings.CqcRating = ratings.cqc_rating([3, 3, 2])
    shares: pd.DataFrame = prevention.prevention_shares()
    summary: prevention.PreventionSummary[pd.DataFrame] = prevention.summary()
    latest: pd.DataFrame = summary.latest

    # Maturity.
    result: maturity.MaturityResult[pd.DataFrame] = maturity.assess()
    levels: pd.DataFrame = result.levels
    movements: pd.DataFrame | None = result.movements
    words: str = result.explain("QRL")
    radar: Figure = result.plot.radar(["QRL"])
    evidence: pd.DataFrame = maturity.outcomes_from(card)
    polars_round: maturity.MaturityResult[pl.DataFrame] = maturity.assess(
        pl.from_pandas(maturity.default_assessments())
    )
    polars_levels: pl.DataFrame = polars_round.levels

    # Engines.
    declared: pa.Schema = engines.score_schema()
    ranked: pd.DataFrame = engines.rank(league.reset_index()[["code", "overall"]])
    proportions = engines.stats("proportion", x="x", n="n")
    counted: pa.Table = counts.to_arrow()
    by_engine: pa.Table = proportions(counted)
    by_engine_pandas: pd.DataFrame = proportions(counted.to_pandas())
    engine_schema: pa.Schema = proportions.output_schema(counted.schema)

    seen = (targets, ranks, recorded, frame, heatmap, schema, kind, icbs, moved, reprojected, rates, chart, spc_figure)
    more = (index, treated, log, intervals, published, hidden, segments, rating, shares, latest, levels, movements)
    last = (words, radar, evidence, polars_levels, declared, ranked, by_engine, by_engine_pandas, engine_schema)
    assert all(value is not None for value in (*seen, *more, *last))


if __name__ == "__main__":
    session()
