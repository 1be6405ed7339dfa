"""The values every option accepts, as ``Literal`` aliases for type checkers and editors.

Each alias names the Rust enum it mirrors; a test checks every alias against the values the
core accepts, so an alias cannot drift from the engine.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "AggregateMethod",
    "ChartKind",
    "FrameworkFormat",
    "FunnelDataType",
    "FunnelStatistic",
    "Improvement",
    "ImputeMethod",
    "NormaliseMethod",
    "OutputType",
    "OverdispersionMethod",
    "Population",
    "RateType",
    "RatioMethod",
    "RatioType",
    "ResultTableKind",
    "Rounding",
    "RunsMethod",
    "TrajectoryBasis",
]

Rounding = Literal["half_away_from_zero", "half_even", "truncate"]
"""How a value is rounded to its published places (``ics_outcomes::Rounding``)."""

FrameworkFormat = Literal["toml", "json"]
"""The text format of a framework (``ics_outcomes::files::Format``)."""

Improvement = Literal["increase", "neutral", "decrease"]
"""Which way is better for an SPC series (``ics_outcomes::spc::Improvement``)."""

ChartKind = Literal["xmr", "p", "p_prime", "u", "u_prime", "run", "t", "g"]
"""Which Making Data Count chart (``ics_outcomes::spc::ChartKind``)."""

RunsMethod = Literal["anhoej", "bestbox", "cutbox"]
"""The limits of a run chart's runs analysis (``ics_outcomes::spc::RunsMethod``)."""

TrajectoryBasis = Literal["cumulative", "per_year"]
"""How the prevention trajectory is judged (``ics_outcomes::prevention::TrajectoryBasis``)."""

Population = Literal["within_type", "pooled"]
"""Over which providers oversight quartiles are computed (``ics_outcomes::oversight::Population``)."""

OutputType = Literal["value", "lower", "upper", "standard", "full"]
"""Which columns a statistic returns, the package's ``type`` (``ics_outcomes::stats::OutputType``)."""

FunnelStatistic = Literal["proportion", "ratio", "rate"]
"""What a funnel plot shows, the package's ``statistic`` (``ics_outcomes::stats::FUNNEL_STATISTICS``)."""

RatioType = Literal["count", "isr"]
"""How ratio funnel limits are expressed (``ics_outcomes::stats::RatioType``)."""

RateType = Literal["dsr", "crude"]
"""Which rate a rate funnel is for (``ics_outcomes::stats::RateType``)."""

FunnelDataType = Literal["proportion", "ratio", "rate"]
"""What a funnel with overdispersion shows (``ics_outcomes::stats::FunnelDataType``)."""

RatioMethod = Literal["shmi", "cqc"]
"""How ratio funnels are transformed and trimmed (``ics_outcomes::stats::RatioMethod``)."""

OverdispersionMethod = Literal["additive", "multiplicative"]
"""How overdispersion widens funnel limits (``ics_outcomes::stats::Overdispersion``)."""

ResultTableKind = Literal[
    "scorecard",
    "league_tables",
    "targets",
    "explanation",
    "protected_explanation",
    "protected_counts",
    "rank_uncertainty",
    "prevention",
    "ics_oversight",
    "oversight_metrics",
    "metric_scores",
    "provider_segments",
    "outcome_evidence",
    "treatment_log",
    "composite_uncertainty",
    "sensitivity",
    "maturity_levels",
    "maturity_dimensions",
    "maturity_criteria",
    "maturity_autonomy",
    "criterion_divergence",
    "dimension_divergence",
    "maturity_distribution",
    "maturity_movements",
    "maturity_radar",
    "maturity_rings",
    "model_criteria",
    "xmr_chart",
    "spc_chart",
    "rebase_proposals",
    "icon_summary",
    "spc_summary",
    "funnel_units",
    "funnel_limits",
    "reprojection",
]
"""A kind of result table (``ics_outcomes::table::TableKind``)."""

NormaliseMethod = Literal[
    "minmax",
    "zscore",
    "scaled",
    "dist2max",
    "dist2ref",
    "dist2targ",
    "goalposts",
    "fracmax",
    "rank",
    "borda",
    "prank",
    "none",
    "n_minmax",
    "n_zscore",
    "n_scaled",
    "n_dist2max",
    "n_dist2ref",
    "n_dist2targ",
    "n_goalposts",
    "n_fracmax",
    "n_rank",
    "n_borda",
    "n_prank",
]
"""A composite normalisation by COINr's name (``ics_outcomes::composite::Normaliser::NAMES``)."""

AggregateMethod = Literal[
    "arithmetic", "geometric", "harmonic", "copeland", "minimum", "a_amean", "a_gmean", "a_hmean", "a_copeland"
]
"""A composite aggregation (``ics_outcomes::composite::Aggregator::NAMES``, and COINr's ``a_*``)."""

ImputeMethod = Literal[
    "mean", "median", "group_mean", "group_median", "i_mean", "i_median", "i_mean_grp", "i_median_grp"
]
"""A composite imputation (``ics_outcomes::composite::Imputation::NAMES``, and COINr's ``i_*``)."""
