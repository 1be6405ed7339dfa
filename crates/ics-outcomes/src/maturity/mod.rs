//! ICS maturity models: dimensions of criteria scored on a scale, named levels, and
//! assessments scored into a level per dimension and overall, with the reasons.
//!
//! The Hewitt Review asks for measures of ICS maturity so that the most mature systems can
//! earn more autonomy. A [`MaturityModelDef`] (TOML or JSON, decimals written as strings) is
//! checked into a [`MaturityModel`]; [`Assessments`] (a score per area and criterion, with
//! its [`Source`] and evidence note) are checked against it; [`assess`] gives each area a
//! level per dimension and overall, each with a breakdown that reproduces it.
//!
//! Scoring, all exact [`Decimal`](rust_decimal::Decimal) arithmetic (a division keeps 28 significant digits):
//! - **criterion**: of the sources present, the first in the rules' `source_precedence`
//!   is used; several providers' scores from that source are averaged (the NHS England
//!   digital maturity assessment scores a system as the mean of its providers).
//! - **criterion → dimension**: [`Aggregation::Mean`] of the criterion scores, or
//!   [`Aggregation::Percentage`], `Σ scores / Σ scale maxima × 100`, as CQC does.
//! - **dimension → level**: the best level whose `from` threshold the score reaches.
//! - **overall**: the mean of the dimension scores meets the same thresholds; an optional
//!   limiter holds it at most `max_levels_above_weakest` levels above the weakest dimension.
//!
//! Around the levels:
//! - [`derive_assessments`] scores criteria from [`OutcomeEvidence`] (framework targets met,
//!   oversight segment) as outcome data, quoting the figures as evidence;
//! - [`divergence`] sets self-assessment against peer review, flagged at the model's
//!   [`DivergenceRule`];
//! - [`movements`] compares two rounds and [`distribution`] counts areas per level;
//! - [`earned_autonomy`] judges each area against an [`AutonomyRule`], giving each
//!   condition's result; [`radar`] gives chart data;
//! - [`report`] does all of it for a round in one call.
//!
//! Two models are embedded: [`hewitt_model`] and [`digital_model`].
//!
//! ```
//! use ics_outcomes::maturity::{Assessment, Assessments, Source, assess, digital_model};
//! use rust_decimal::Decimal;
//!
//! let model = digital_model();
//! let rows = model
//!     .criteria()
//!     .map(|c| Assessment {
//!         area: "QWO".into(),
//!         criterion: c.id.clone(),
//!         provider: None,
//!         source: Source::SelfAssessment,
//!         score: Decimal::from(3),
//!         evidence: Some("board paper".into()),
//!     })
//!     .collect();
//! let assessments = Assessments::new(&model, rows, "<example>")?;
//! let results = assess(&model, &assessments);
//! let overall = results[0].overall.as_ref().expect("every dimension scored");
//! assert_eq!(overall.level.name, "maturing");
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

mod assess;
mod autonomy;
mod change;
mod divergence;
mod evidence;
mod model;
mod report;
mod tables;

pub use assess::{
    ASSESSMENT_COLUMNS, AreaMaturity, Assessment, AssessmentText, Assessments, CriterionResult, DimensionResult,
    OverallResult, RadarAxis, assess, radar,
};
pub use autonomy::{AutonomyCheck, AutonomyDecision, AutonomyRule, earned_autonomy};
pub use change::{LevelCount, Movement, distribution, movements};
pub use divergence::{CriterionDivergence, DimensionDivergence, Divergence, DivergenceRule, divergence};
pub use evidence::{
    Band, Derivation, EVIDENCE_COLUMNS, OutcomeEvidence, SegmentScore, derive_assessments, evidence_from_text_rows,
    evidence_table, outcome_evidence,
};
pub use model::{
    Aggregation, Criterion, CriterionDef, Dimension, DimensionDef, Level, LevelDef, MaturityModel, MaturityModelDef,
    Scale, ScoringRules, Source,
};
pub use report::{MaturityReport, report};

/// The model on the six Hewitt principles and four statutory purposes (TOML).
pub const HEWITT_TOML: &str = include_str!("../../data/maturity/hewitt.toml");

/// The model on the seven "What Good Looks Like" digital dimensions (TOML).
pub const DIGITAL_TOML: &str = include_str!("../../data/maturity/digital.toml");

/// The level names of the NHS England ICS maturity matrix, lowest first: the default levels.
pub const DEFAULT_LEVELS: [&str; 4] = ["emerging", "developing", "maturing", "thriving"];

/// The embedded model on the Hewitt principles and statutory purposes.
pub fn hewitt_model() -> MaturityModel {
    MaturityModel::from_text(HEWITT_TOML, "hewitt.toml").unwrap_or_else(|e| unreachable!("embedded model: {e}"))
}

/// The embedded model on the "What Good Looks Like" digital dimensions.
pub fn digital_model() -> MaturityModel {
    MaturityModel::from_text(DIGITAL_TOML, "digital.toml").unwrap_or_else(|e| unreachable!("embedded model: {e}"))
}

/// The JSON Schema (draft 2020-12) that maturity model files satisfy.
pub fn maturity_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<MaturityModelDef>()
        .to_value()
}
