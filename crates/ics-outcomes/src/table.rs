//! Result tables: the one definition of every result's columns.
//!
//! Each result the library produces as rows (a scorecard, one ICS's explanation, prevention
//! shares, ...) is a [`TableKind`]. The kind names its columns, their [`ColumnType`]s and
//! their order before any data exists, so an engine can declare its output schema up front;
//! a result's `table()` method fills a [`Table`] of that kind. The command line's CSV and
//! JSON, the Python frames and the engines' schemas are all rendered from here, so a column
//! is named, typed and labelled once.
//!
//! ```
//! use ics_outcomes::table::{ColumnType, TableKind};
//!
//! use ics_outcomes::{ScoreOptions, defaults};
//!
//! let card = ics_outcomes::score(
//!     &defaults::national_framework(),
//!     &defaults::local_frameworks(),
//!     &defaults::observations(),
//!     &defaults::geography(),
//!     &ScoreOptions::default(),
//! )?;
//! let table = card.table();
//! assert_eq!(table.kind(), TableKind::Scorecard);
//! assert_eq!(table.rows(), card.areas.len());
//! let first = &TableKind::Scorecard.columns()[0];
//! assert_eq!((first.name, first.kind), ("rank", ColumnType::Count));
//! // Decimals render in full; a missing value is `None`.
//! assert_eq!(table.text(0, "code").as_deref(), Some(card.areas[0].code.as_str()));
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The type of a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Text (codes, names, labels).
    Text,
    /// An exact decimal (scores, thresholds, shares, money).
    Decimal,
    /// A whole number (ranks, counts).
    Count,
    /// A signed whole number (a change in levels, up positive).
    Integer,
    /// A floating-point statistic (Monte Carlo ranks); computed in `f64` by its method.
    Float,
    /// Yes or no.
    Flag,
    /// A short list of exact decimals in each row (a series' latest values); an element is
    /// missing where a value was withheld. Text renders it as the values joined by `;`.
    DecimalList,
}

impl ColumnType {
    /// The type's name, as schemas print it.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Decimal => "decimal",
            ColumnType::Count => "count",
            ColumnType::Integer => "integer",
            ColumnType::Float => "float",
            ColumnType::Flag => "flag",
            ColumnType::DecimalList => "decimal_list",
        }
    }
}

/// A decimal as reading views show it (the command line's aligned tables, reports): rounded
/// to 4 places, trailing zeros dropped. CSV, JSON and frames give every digit.
///
/// ```
/// use ics_outcomes::table::reading;
/// assert_eq!(reading("0.630952380952".parse().unwrap()), "0.631");
/// ```
pub fn reading(value: Decimal) -> String {
    value.round_dp(4).normalize().to_string()
}

/// An area's name as reading views show it, without the `NHS ` and ` Integrated Care Board`
/// that every ICB's name carries.
pub fn short_name(name: &str) -> &str {
    name.trim_start_matches("NHS ").trim_end_matches(" Integrated Care Board")
}

/// One column of a table kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ColumnSpec {
    /// The column's name in every front end.
    pub name: &'static str,
    /// The type of its values.
    pub kind: ColumnType,
    /// Whether a reading view (the command line's aligned table) shows it; CSV, JSON and
    /// frames show every column.
    pub brief: bool,
}

const fn col(name: &'static str, kind: ColumnType) -> ColumnSpec {
    ColumnSpec { name, kind, brief: true }
}

/// A column left out of reading views.
const fn wide(name: &'static str, kind: ColumnType) -> ColumnSpec {
    ColumnSpec { name, kind, brief: false }
}

use ColumnType::{Count, Decimal as Dec, DecimalList, Flag, Float, Integer, Text};

const SCORECARD: &[ColumnSpec] = &[
    col("rank", Count),
    col("code", Text),
    col("ods", Text),
    col("name", Text),
    col("overall", Dec),
    col("national", Dec),
    col("local", Dec),
    col("targets_met", Count),
    col("targets_on_track", Count),
    col("targets_judged", Count),
    col("targets_no_data", Count),
];

/// The area keys that lead each row of the scorecard's targets.
const TARGET_KEYS: &[ColumnSpec] = &[col("code", Text), col("ods", Text), col("rank", Count)];

const CONTRIBUTION: &[ColumnSpec] = &[
    col("priority", Text),
    col("tier", Text),
    col("target", Text),
    col("metric", Text),
    col("observed", Dec),
    col("published", Dec),
    col("required", Dec),
    wide("baseline", Dec),
    col("attainment", Text),
    col("gap", Dec),
    col("score", Dec),
    col("weight", Text),
    col("contribution", Dec),
    wide("local_trajectory", Flag),
    wide("excluded", Flag),
    wide("lowercl", Dec),
    wide("uppercl", Dec),
    wide("england", Dec),
    col("vs_england", Text),
    col("variation", Text),
    col("assurance", Text),
    wide("spc_points", Count),
    wide("process_mean", Dec),
    wide("process_lpl", Dec),
    wide("process_upl", Dec),
    col("note", Text),
];

const DISCLOSURE: &[ColumnSpec] = &[col("disclosure", Text)];

const PROTECTED_COUNTS: &[ColumnSpec] = &[
    col("row", Text),
    col("column", Text),
    col("value", Count),
    col("status", Text),
    wide("audit_status", Text),
    wide("reason", Text),
    wide("lower", Count),
    wide("upper", Count),
    wide("input_row", Count),
];

const RANK_UNCERTAINTY: &[ColumnSpec] = &[
    col("rank", Count),
    col("rank_median", Float),
    col("rank_q5", Float),
    col("rank_q95", Float),
    wide("rank_mean", Float),
    wide("mean_shift", Float),
    col("code", Text),
    col("ods", Text),
    col("name", Text),
    col("overall", Dec),
];

const PREVENTION: &[ColumnSpec] = &[
    col("code", Text),
    col("year", Text),
    col("prevention", Dec),
    col("total", Dec),
    wide("share", Dec),
    col("published_share", Dec),
    col("change_pp", Dec),
    col("required_pp", Dec),
    col("status", Text),
];

const ICS_OVERSIGHT: &[ColumnSpec] = &[
    col("league_rank", Count),
    col("code", Text),
    col("ods", Text),
    col("name", Text),
    col("average", Dec),
    col("segment_unadjusted", Count),
    col("segment", Count),
    wide("segment_final", Count),
    col("overrides", Text),
    col("framework_score", Dec),
    col("framework_rank", Count),
];

const OVERSIGHT_METRICS: &[ColumnSpec] =
    &[col("metric", Text), col("domain", Text), col("value", Dec), col("score", Dec), col("basis", Text)];

const METRIC_SCORES: &[ColumnSpec] = &[col("score", Dec), col("score_unrounded", Dec), col("basis", Text)];

const PROVIDER_SEGMENTS: &[ColumnSpec] = &[
    col("provider", Text),
    col("provider_type", Text),
    col("average", Dec),
    wide("average_unrounded", Dec),
    col("metrics_scored", Count),
    col("segment_unadjusted", Count),
    col("segment", Count),
    col("segment_final", Count),
    col("overrides", Text),
    col("in_deficit", Flag),
    col("in_recovery_programme", Flag),
];

const OUTCOME_EVIDENCE: &[ColumnSpec] = &[
    col("code", Text),
    col("targets_met", Count),
    col("targets_judged", Count),
    col("segment", Count),
    col("basis", Text),
];

const TREATMENT_LOG: &[ColumnSpec] = &[
    col("iCode", Text),
    col("treatment", Text),
    col("winsorised", Count),
    wide("skewness", Float),
    wide("kurtosis", Float),
];

const COMPOSITE_UNCERTAINTY: &[ColumnSpec] = &[
    col("uCode", Text),
    col("nominal", Count),
    col("median", Float),
    col("q5", Float),
    col("q95", Float),
    col("mean", Float),
    col("mean_shift", Float),
];

const SENSITIVITY: &[ColumnSpec] = &[
    col("input", Text),
    col("first_order", Float),
    col("first_order_low", Float),
    col("first_order_high", Float),
    col("total_order", Float),
    col("total_order_low", Float),
    col("total_order_high", Float),
];

const MATURITY_LEVELS: &[ColumnSpec] = &[
    col("code", Text),
    col("level", Text),
    col("score", Float),
    col("weakest_dimension", Text),
    col("weakest_level", Text),
    col("limited", Flag),
    col("change", Integer),
    col("eligible", Flag),
    col("not_met", Text),
    col("unscored", Count),
    wide("reason", Text),
];

const MATURITY_DIMENSIONS: &[ColumnSpec] =
    &[col("code", Text), col("dimension", Text), col("score", Float), col("level", Text), col("reason", Text)];

const MATURITY_CRITERIA: &[ColumnSpec] = &[
    col("code", Text),
    col("dimension", Text),
    col("criterion", Text),
    col("score", Float),
    col("source", Text),
    col("outranked", Text),
    col("scores", Count),
    wide("evidence", Text),
    col("evidence_missing", Flag),
];

const MATURITY_AUTONOMY: &[ColumnSpec] =
    &[col("code", Text), col("eligible", Flag), col("condition", Text), col("passed", Flag), col("detail", Text)];

const CRITERION_DIVERGENCE: &[ColumnSpec] = &[
    col("code", Text),
    col("dimension", Text),
    col("criterion", Text),
    col("self_score", Float),
    col("peer_score", Float),
    col("difference", Float),
    col("flagged", Flag),
];

const DIMENSION_DIVERGENCE: &[ColumnSpec] = &[
    col("code", Text),
    col("dimension", Text),
    col("criteria_compared", Count),
    col("self_score", Float),
    col("peer_score", Float),
    col("difference", Float),
    col("flagged", Flag),
    col("self_level", Text),
    col("peer_level", Text),
];

const MATURITY_DISTRIBUTION: &[ColumnSpec] = &[col("dimension", Text), col("level", Text), col("areas", Count)];

const MATURITY_MOVEMENTS: &[ColumnSpec] =
    &[col("code", Text), col("dimension", Text), col("before", Text), col("after", Text), col("change", Integer)];

const MATURITY_RADAR: &[ColumnSpec] = &[
    col("code", Text),
    col("dimension", Text),
    col("name", Text),
    col("score", Float),
    col("radius", Float),
    col("level", Text),
];

const MATURITY_RINGS: &[ColumnSpec] = &[col("level", Text), col("start", Float), col("radius", Float)];

const MODEL_CRITERIA: &[ColumnSpec] =
    &[col("dimension", Text), col("criterion", Text), col("name", Text), col("derived_from", Text)];

const XMR_CHART: &[ColumnSpec] = &[
    wide("row", Count),
    col("mean", Float),
    col("lpl", Float),
    col("upl", Float),
    wide("nlpl", Float),
    wide("nupl", Float),
    wide("amr", Float),
    wide("relative_to_mean", Integer),
    wide("close_to_limits", Flag),
    wide("outside_limits", Flag),
    col("special_cause", Text),
    col("point_type", Text),
    col("rebase_group", Count),
    wide("short_group_warning", Flag),
    col("assurance", Text),
    col("variation_icon", Text),
    col("assurance_icon", Text),
];

const SPC_CHART: &[ColumnSpec] = &[
    wide("row", Count),
    col("chart", Text),
    col("part", Count),
    wide("baseline", Flag),
    col("status", Text),
    col("plotted", Float),
    col("centre", Float),
    col("lower", Float),
    col("upper", Float),
    wide("lower_2sigma", Float),
    wide("upper_2sigma", Float),
    col("sigma_signal", Flag),
    col("runs_signal", Flag),
    col("special_cause", Text),
    col("point_type", Text),
    wide("relative_to_centre", Integer),
    wide("close_to_limits", Flag),
    wide("outside_limits", Flag),
    col("limits_status", Text),
    wide("sigma_z", Float),
    wide("longest_run", Count),
    wide("longest_run_max", Count),
    wide("crossings", Count),
    wide("crossings_min", Count),
    col("variation_icon", Text),
    col("assurance", Text),
    col("assurance_icon", Text),
    col("annotation", Text),
];

const REBASE_PROPOSALS: &[ColumnSpec] = &[
    wide("row", Count),
    col("position", Count),
    col("points", Count),
    col("side", Text),
    col("centre_before", Float),
    col("centre_after", Float),
    col("lower_after", Float),
    col("upper_after", Float),
    col("evidence", Text),
];

/// The Making Data Count reading of a series, shared by both summaries: icons, the rules that
/// fired, limits and the latest values.
const ICONS: &[ColumnSpec] = &[
    wide("chart", Text),
    col("variation", Text),
    col("assurance", Text),
    col("special_cause", Text),
    wide("signals", Text),
    wide("annotations", Text),
    col("process_mean", Dec),
    col("process_lpl", Dec),
    col("process_upl", Dec),
    col("spc_points", Count),
    wide("trial_limits", Flag),
    wide("recent", DecimalList),
];

const ICON_SUMMARY: &[ColumnSpec] = &[
    col("period", Text),
    col("code", Text),
    col("ods", Text),
    wide("name", Text),
    wide("rank", Count),
    wide("priority", Text),
    wide("tier", Text),
    col("target", Text),
    col("metric", Text),
    wide("metric_name", Text),
    wide("unit", Text),
    wide("polarity", Text),
    col("value", Dec),
    wide("published", Dec),
    col("required", Dec),
    wide("trajectory", Dec),
    wide("goal", Dec),
    wide("goal_period", Text),
    col("attainment", Text),
];

const ICON_SUMMARY_TAIL: &[ColumnSpec] = &[wide("goal_assurance", Text), wide("suppressed", Flag), col("notes", Text)];

const SPC_SUMMARY: &[ColumnSpec] =
    &[col("group", Text), col("date", Text), col("value", Dec), col("target", Dec), col("trajectory", Dec)];

/// The eight funnel limits, with overdispersion (`od_*`) and without, as both funnel tables
/// carry them.
const FUNNEL_LIMIT_COLUMNS: &[ColumnSpec] = &[
    col("lower95", Float),
    col("upper95", Float),
    col("lower998", Float),
    col("upper998", Float),
    col("od_lower95", Float),
    col("od_upper95", Float),
    col("od_lower998", Float),
    col("od_upper998", Float),
];

const FUNNEL_UNITS: &[ColumnSpec] =
    &[col("group", Text), col("numerator", Float), col("denominator", Float), col("value", Float)];

const FUNNEL_UNITS_TAIL: &[ColumnSpec] = &[
    col("outlier", Flag),
    col("z", Float),
    col("z_winsorised", Float),
    col("z_adjusted", Float),
    wide("trimmed", Flag),
    wide("y", Float),
    wide("s_z", Float),
    wide("s_limits", Float),
];

const FUNNEL_LIMITS: &[ColumnSpec] =
    &[col("denominator", Float), wide("on_grid", Flag), wide("unit_denominator", Flag), wide("s", Float)];

const REPROJECTION: &[ColumnSpec] = &[
    col("area_code", Text),
    col("metric_id", Text),
    col("period", Text),
    col("value", Dec),
    col("numerator", Dec),
    col("denominator", Dec),
    col("reprojected_from", Text),
    col("method", Text),
];

const SPC_SUMMARY_TAIL: &[ColumnSpec] = &[wide("trajectory_assurance", Text), col("notes", Text)];

/// Every result table the library produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TableKind {
    /// One row per area of a scorecard, in league-table order.
    Scorecard,
    /// Scorecards' league tables over several periods, each row led by its period.
    LeagueTables,
    /// One row per target of every area of a scorecard: the area's keys, then an
    /// explanation's columns.
    Targets,
    /// One row per target of one area: how each contributed to its overall score.
    Explanation,
    /// An explanation after disclosure control, with each row's public status.
    ProtectedExplanation,
    /// A long table of counts after disclosure control: each input row's cell, then the row
    /// totals, column totals and grand total, with public and audit statuses.
    ProtectedCounts,
    /// Each area's rank with its interval over Monte Carlo replications.
    RankUncertainty,
    /// Prevention share of spending per area and financial year.
    Prevention,
    /// The ICSs' oversight segments and league table beside their framework scores.
    IcsOversight,
    /// One ICS's oversight metric values and scores, with why each score was given.
    OversightMetrics,
    /// Each provider row's oversight metric score, unrounded and published, and why.
    MetricScores,
    /// Each provider's average, segments and overrides.
    ProviderSegments,
    /// Each ICS's outcome evidence for a maturity assessment: targets met and judged, and its
    /// oversight segment.
    OutcomeEvidence,
    /// What outlier treatment did to each indicator of a composite.
    TreatmentLog,
    /// Each unit's composite rank with its distribution over Monte Carlo replications.
    CompositeUncertainty,
    /// How much of the rank uncertainty each modelling choice explains (Sobol indices).
    Sensitivity,
    /// Each area's overall maturity level, its weakest dimension, change and earned autonomy.
    MaturityLevels,
    /// Each area's score and level in each maturity dimension.
    MaturityDimensions,
    /// Each area's score on each maturity criterion, with its source and evidence.
    MaturityCriteria,
    /// Each area's earned-autonomy conditions and whether each passed.
    MaturityAutonomy,
    /// Peer review less self-assessment for each area and criterion.
    CriterionDivergence,
    /// Peer review less self-assessment for each area and dimension.
    DimensionDivergence,
    /// How many areas reached each maturity level, overall and per dimension.
    MaturityDistribution,
    /// Each area's maturity level movements between two rounds.
    MaturityMovements,
    /// Radar-chart spokes: each area's dimension scores as shares of the model's range.
    MaturityRadar,
    /// The level rings of a maturity radar chart.
    MaturityRings,
    /// The criteria of a maturity model by dimension.
    ModelCriteria,
    /// Making Data Count XmR charts: each point's limits and signals, each series' icons,
    /// and the input row of each point.
    XmrChart,
    /// Any Making Data Count chart (P, P′, U, U′, run, T, G or XmR): each point's limits,
    /// signals and status, its part's runs analysis, each series' icons, and the input row.
    SpcChart,
    /// Sustained shifts proposed as rebases, with their evidence: the input row and position
    /// of each new part's first point, the run, and the centre lines before and after.
    RebaseProposals,
    /// An integrated performance report's summary: one row per area and target of a
    /// scorecard, with its value, target, icons, the rules that fired, limits and notes.
    IconSummary,
    /// The same reading of any long frame of series: one row per series, at its last date.
    SpcSummary,
    /// A funnel plot with overdispersion: each unit's value, limits with and without
    /// overdispersion at its denominator, z-scores and outlier flag.
    FunnelUnits,
    /// A funnel plot's limit curves: the limits at each denominator of the lookup table.
    FunnelLimits,
    /// Observations carried onto the ICBs of another geography vintage: each row with where
    /// it came from and how.
    Reprojection,
}

impl TableKind {
    /// Every kind, in documentation order.
    pub const ALL: &'static [TableKind] = &[
        TableKind::Scorecard,
        TableKind::LeagueTables,
        TableKind::Targets,
        TableKind::Explanation,
        TableKind::ProtectedExplanation,
        TableKind::ProtectedCounts,
        TableKind::RankUncertainty,
        TableKind::Prevention,
        TableKind::IcsOversight,
        TableKind::OversightMetrics,
        TableKind::MetricScores,
        TableKind::ProviderSegments,
        TableKind::OutcomeEvidence,
        TableKind::TreatmentLog,
        TableKind::CompositeUncertainty,
        TableKind::Sensitivity,
        TableKind::MaturityLevels,
        TableKind::MaturityDimensions,
        TableKind::MaturityCriteria,
        TableKind::MaturityAutonomy,
        TableKind::CriterionDivergence,
        TableKind::DimensionDivergence,
        TableKind::MaturityDistribution,
        TableKind::MaturityMovements,
        TableKind::MaturityRadar,
        TableKind::MaturityRings,
        TableKind::ModelCriteria,
        TableKind::XmrChart,
        TableKind::SpcChart,
        TableKind::RebaseProposals,
        TableKind::IconSummary,
        TableKind::SpcSummary,
        TableKind::FunnelUnits,
        TableKind::FunnelLimits,
        TableKind::Reprojection,
    ];

    /// The kind's name, as front ends accept it (`scorecard`, `targets`, ...).
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Scorecard => "scorecard",
            TableKind::LeagueTables => "league_tables",
            TableKind::Targets => "targets",
            TableKind::Explanation => "explanation",
            TableKind::ProtectedExplanation => "protected_explanation",
            TableKind::ProtectedCounts => "protected_counts",
            TableKind::RankUncertainty => "rank_uncertainty",
            TableKind::Prevention => "prevention",
            TableKind::IcsOversight => "ics_oversight",
            TableKind::OversightMetrics => "oversight_metrics",
            TableKind::MetricScores => "metric_scores",
            TableKind::ProviderSegments => "provider_segments",
            TableKind::OutcomeEvidence => "outcome_evidence",
            TableKind::TreatmentLog => "treatment_log",
            TableKind::CompositeUncertainty => "composite_uncertainty",
            TableKind::Sensitivity => "sensitivity",
            TableKind::MaturityLevels => "maturity_levels",
            TableKind::MaturityDimensions => "maturity_dimensions",
            TableKind::MaturityCriteria => "maturity_criteria",
            TableKind::MaturityAutonomy => "maturity_autonomy",
            TableKind::CriterionDivergence => "criterion_divergence",
            TableKind::DimensionDivergence => "dimension_divergence",
            TableKind::MaturityDistribution => "maturity_distribution",
            TableKind::MaturityMovements => "maturity_movements",
            TableKind::MaturityRadar => "maturity_radar",
            TableKind::MaturityRings => "maturity_rings",
            TableKind::ModelCriteria => "model_criteria",
            TableKind::XmrChart => "xmr_chart",
            TableKind::SpcChart => "spc_chart",
            TableKind::RebaseProposals => "rebase_proposals",
            TableKind::IconSummary => "icon_summary",
            TableKind::SpcSummary => "spc_summary",
            TableKind::FunnelUnits => "funnel_units",
            TableKind::FunnelLimits => "funnel_limits",
            TableKind::Reprojection => "reprojection",
        }
    }

    /// The kind called `name`.
    ///
    /// # Errors
    /// [`crate::Error::Argument`] naming the kinds there are.
    pub fn from_name(name: &str) -> Result<TableKind, crate::Error> {
        TableKind::ALL.iter().copied().find(|k| k.name() == name).ok_or_else(|| {
            let known: Vec<&str> = TableKind::ALL.iter().map(|k| k.name()).collect();
            crate::Error::argument("table", name, format!("should be one of {}", known.join(", ")))
        })
    }

    /// The kind's columns, in order.
    pub fn columns(self) -> Vec<ColumnSpec> {
        match self {
            TableKind::Scorecard => SCORECARD.to_vec(),
            TableKind::LeagueTables => [&[col("period", Text)], SCORECARD].concat(),
            TableKind::Targets => [TARGET_KEYS, CONTRIBUTION].concat(),
            TableKind::Explanation => CONTRIBUTION.to_vec(),
            TableKind::ProtectedExplanation => [CONTRIBUTION, DISCLOSURE].concat(),
            TableKind::ProtectedCounts => PROTECTED_COUNTS.to_vec(),
            TableKind::RankUncertainty => RANK_UNCERTAINTY.to_vec(),
            TableKind::Prevention => PREVENTION.to_vec(),
            TableKind::IcsOversight => ICS_OVERSIGHT.to_vec(),
            TableKind::OversightMetrics => OVERSIGHT_METRICS.to_vec(),
            TableKind::MetricScores => METRIC_SCORES.to_vec(),
            TableKind::ProviderSegments => PROVIDER_SEGMENTS.to_vec(),
            TableKind::OutcomeEvidence => OUTCOME_EVIDENCE.to_vec(),
            TableKind::TreatmentLog => TREATMENT_LOG.to_vec(),
            TableKind::CompositeUncertainty => COMPOSITE_UNCERTAINTY.to_vec(),
            TableKind::Sensitivity => SENSITIVITY.to_vec(),
            TableKind::MaturityLevels => MATURITY_LEVELS.to_vec(),
            TableKind::MaturityDimensions => MATURITY_DIMENSIONS.to_vec(),
            TableKind::MaturityCriteria => MATURITY_CRITERIA.to_vec(),
            TableKind::MaturityAutonomy => MATURITY_AUTONOMY.to_vec(),
            TableKind::CriterionDivergence => CRITERION_DIVERGENCE.to_vec(),
            TableKind::DimensionDivergence => DIMENSION_DIVERGENCE.to_vec(),
            TableKind::MaturityDistribution => MATURITY_DISTRIBUTION.to_vec(),
            TableKind::MaturityMovements => MATURITY_MOVEMENTS.to_vec(),
            TableKind::MaturityRadar => MATURITY_RADAR.to_vec(),
            TableKind::MaturityRings => MATURITY_RINGS.to_vec(),
            TableKind::ModelCriteria => MODEL_CRITERIA.to_vec(),
            TableKind::XmrChart => XMR_CHART.to_vec(),
            TableKind::SpcChart => SPC_CHART.to_vec(),
            TableKind::RebaseProposals => REBASE_PROPOSALS.to_vec(),
            TableKind::IconSummary => [ICON_SUMMARY, ICONS, ICON_SUMMARY_TAIL].concat(),
            TableKind::SpcSummary => [SPC_SUMMARY, ICONS, SPC_SUMMARY_TAIL].concat(),
            TableKind::FunnelUnits => [FUNNEL_UNITS, FUNNEL_LIMIT_COLUMNS, FUNNEL_UNITS_TAIL].concat(),
            TableKind::FunnelLimits => [FUNNEL_LIMITS, FUNNEL_LIMIT_COLUMNS].concat(),
            TableKind::Reprojection => REPROJECTION.to_vec(),
        }
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One column's values, typed as its [`ColumnType`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Values {
    /// Text values.
    Text(Vec<Option<String>>),
    /// Exact decimals.
    Decimal(Vec<Option<Decimal>>),
    /// Whole numbers.
    Count(Vec<Option<u64>>),
    /// Signed whole numbers.
    Integer(Vec<Option<i64>>),
    /// Floating-point values.
    Float(Vec<Option<f64>>),
    /// Yes or no.
    Flag(Vec<Option<bool>>),
    /// Text of a few distinct values, each stored once (a [`ColumnType::Text`] column that
    /// front ends may render as a dictionary or categorical).
    Labels(Labels),
    /// Lists of exact decimals, an element `None` where withheld.
    DecimalList(Vec<Option<Vec<Option<Decimal>>>>),
}

/// A text column as a dictionary: the distinct texts once, and each row's position among
/// them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    /// The distinct texts.
    pub labels: Vec<String>,
    /// Each row's text as its position in `labels`; `None` when missing.
    pub keys: Vec<Option<u32>>,
}

impl Labels {
    /// Row `row`'s text; `None` when missing or out of range.
    pub fn get(&self, row: usize) -> Option<&str> {
        let key = (*self.keys.get(row)?)?;
        self.labels.get(usize::try_from(key).ok()?).map(String::as_str)
    }
}

impl Values {
    /// The type of these values.
    pub fn kind(&self) -> ColumnType {
        match self {
            Values::Text(_) => ColumnType::Text,
            Values::Decimal(_) => ColumnType::Decimal,
            Values::Count(_) => ColumnType::Count,
            Values::Integer(_) => ColumnType::Integer,
            Values::Float(_) => ColumnType::Float,
            Values::Flag(_) => ColumnType::Flag,
            Values::Labels(_) => ColumnType::Text,
            Values::DecimalList(_) => ColumnType::DecimalList,
        }
    }

    /// How many values.
    pub fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::Decimal(v) => v.len(),
            Values::Count(v) => v.len(),
            Values::Integer(v) => v.len(),
            Values::Float(v) => v.len(),
            Values::Flag(v) => v.len(),
            Values::Labels(v) => v.keys.len(),
            Values::DecimalList(v) => v.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Value `row` as text in full precision (decimals without trailing zeros, floats in
    /// their shortest exact form); `None` when missing or out of range.
    pub fn text(&self, row: usize) -> Option<String> {
        match self {
            Values::Text(v) => v.get(row)?.clone(),
            Values::Decimal(v) => v.get(row)?.map(|d| d.normalize().to_string()),
            Values::Count(v) => v.get(row)?.map(|n| n.to_string()),
            Values::Integer(v) => v.get(row)?.map(|n| n.to_string()),
            Values::Float(v) => v.get(row)?.map(|x| x.to_string()),
            Values::Flag(v) => v.get(row)?.map(|b| b.to_string()),
            Values::Labels(v) => v.get(row).map(str::to_owned),
            Values::DecimalList(v) => v.get(row)?.as_ref().map(|list| {
                let text: Vec<String> =
                    list.iter().map(|d| d.map(|d| d.normalize().to_string()).unwrap_or_default()).collect();
                text.join(";")
            }),
        }
    }
}

/// A result as rows of a [`TableKind`]: its columns' values in the kind's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    kind: TableKind,
    columns: Vec<Values>,
    rows: usize,
}

impl Table {
    /// A table of `kind` with no rows.
    pub(crate) fn empty(kind: TableKind) -> Table {
        let columns = kind
            .columns()
            .iter()
            .map(|c| match c.kind {
                ColumnType::Text => Values::Text(Vec::new()),
                ColumnType::Decimal => Values::Decimal(Vec::new()),
                ColumnType::Count => Values::Count(Vec::new()),
                ColumnType::Integer => Values::Integer(Vec::new()),
                ColumnType::Float => Values::Float(Vec::new()),
                ColumnType::Flag => Values::Flag(Vec::new()),
                ColumnType::DecimalList => Values::DecimalList(Vec::new()),
            })
            .collect();
        Table { kind, columns, rows: 0 }
    }

    /// The kind of table.
    pub fn kind(&self) -> TableKind {
        self.kind
    }

    /// How many rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Each column's definition with its values, in order.
    pub fn columns(&self) -> impl Iterator<Item = (ColumnSpec, &Values)> {
        self.kind.columns().into_iter().zip(&self.columns)
    }

    /// The values of the column called `name`.
    pub fn column(&self, name: &str) -> Option<&Values> {
        self.columns().find(|(spec, _)| spec.name == name).map(|(_, values)| values)
    }

    /// The value of column `name` in row `row` as text, as [`Values::text`] gives it.
    pub fn text(&self, row: usize, name: &str) -> Option<String> {
        self.column(name)?.text(row)
    }
}

/// Builds a table column by column in its kind's order. A column of the wrong name, type or
/// length is a defect of this crate, caught by the tests that build every kind.
pub(crate) struct TableBuilder {
    kind: TableKind,
    specs: Vec<ColumnSpec>,
    columns: Vec<Values>,
    rows: usize,
}

impl TableBuilder {
    pub(crate) fn new(kind: TableKind, rows: usize) -> Self {
        TableBuilder { kind, specs: kind.columns(), columns: Vec::new(), rows }
    }

    fn push(mut self, name: &str, values: Values) -> Self {
        let spec = self.specs.get(self.columns.len());
        debug_assert_eq!(spec.map(|s| (s.name, s.kind)), Some((name, values.kind())), "{} column", self.kind);
        debug_assert_eq!(values.len(), self.rows, "{} column {name}", self.kind);
        self.columns.push(values);
        self
    }

    pub(crate) fn text<S: Into<String>>(self, name: &str, values: impl IntoIterator<Item = Option<S>>) -> Self {
        self.push(name, Values::Text(values.into_iter().map(|v| v.map(Into::into)).collect()))
    }

    /// A text column of the few `labels`, each row naming one by its position.
    pub(crate) fn labels(self, name: &str, labels: Vec<String>, keys: impl IntoIterator<Item = Option<usize>>) -> Self {
        let keys = keys.into_iter().map(|k| k.and_then(|k| u32::try_from(k).ok())).collect();
        self.push(name, Values::Labels(Labels { labels, keys }))
    }

    pub(crate) fn decimal(self, name: &str, values: impl IntoIterator<Item = Option<Decimal>>) -> Self {
        self.push(name, Values::Decimal(values.into_iter().collect()))
    }

    pub(crate) fn count(self, name: &str, values: impl IntoIterator<Item = Option<usize>>) -> Self {
        self.push(name, Values::Count(values.into_iter().map(|v| v.map(|n| n as u64)).collect()))
    }

    pub(crate) fn counts(self, name: &str, values: impl IntoIterator<Item = Option<u64>>) -> Self {
        self.push(name, Values::Count(values.into_iter().collect()))
    }

    pub(crate) fn integer(self, name: &str, values: impl IntoIterator<Item = Option<i64>>) -> Self {
        self.push(name, Values::Integer(values.into_iter().collect()))
    }

    pub(crate) fn float(self, name: &str, values: impl IntoIterator<Item = Option<f64>>) -> Self {
        self.push(name, Values::Float(values.into_iter().collect()))
    }

    pub(crate) fn flag(self, name: &str, values: impl IntoIterator<Item = Option<bool>>) -> Self {
        self.push(name, Values::Flag(values.into_iter().collect()))
    }

    pub(crate) fn decimal_lists(
        self,
        name: &str,
        values: impl IntoIterator<Item = Option<Vec<Option<Decimal>>>>,
    ) -> Self {
        self.push(name, Values::DecimalList(values.into_iter().collect()))
    }

    pub(crate) fn finish(self) -> Table {
        debug_assert_eq!(self.columns.len(), self.specs.len(), "{} columns", self.kind);
        Table { kind: self.kind, columns: self.columns, rows: self.rows }
    }
}
