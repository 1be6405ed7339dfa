"""The values every option accepts, as ``Literal`` aliases for type checkers and editors.

Each alias names the Rust enum it mirrors; a test checks every alias against the values the
core accepts, so an alias cannot drift from the engine.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["Population", "ResultTableKind", "Rounding", "TrajectoryBasis"]

Rounding = Literal["half_away_from_zero", "half_even", "truncate"]
"""How a value is rounded to its published places (``ics_outcomes::Rounding``)."""

TrajectoryBasis = Literal["cumulative", "per_year"]
"""How the prevention trajectory is judged (``ics_outcomes::prevention::TrajectoryBasis``)."""

Population = Literal["within_type", "pooled"]
"""Over which providers oversight quartiles are computed (``ics_outcomes::oversight::Population``)."""

ResultTableKind = Literal[
    "scorecard",
    "targets",
    "explanation",
    "protected_explanation",
    "rank_uncertainty",
    "prevention",
    "ics_oversight",
    "oversight_metrics",
    "metric_scores",
    "provider_segments",
    "outcome_evidence",
]
"""A kind of result table (``ics_outcomes::table::TableKind``)."""
