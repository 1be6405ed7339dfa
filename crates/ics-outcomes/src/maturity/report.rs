//! The whole maturity picture of a round in one call: levels, earned autonomy, divergence,
//! the spread over levels and, given an earlier round, the movements.

use serde::Serialize;

use super::assess::{AreaMaturity, Assessment, Assessments, assess};
use super::autonomy::{AutonomyDecision, AutonomyRule, earned_autonomy};
use super::change::{LevelCount, Movement, distribution, movements};
use super::divergence::{Divergence, divergence};
use super::evidence::{OutcomeEvidence, derive_assessments};
use super::model::MaturityModel;
use crate::error::Error;

/// Everything [`report`] finds, each part explained in its own type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MaturityReport {
    /// Each area's levels with their breakdown, in area-code order.
    pub results: Vec<AreaMaturity>,
    /// Each area's earned-autonomy decision with its checks.
    pub autonomy: Vec<AutonomyDecision>,
    /// Self-assessment against peer review.
    pub divergence: Divergence,
    /// How the areas spread over the levels.
    pub distribution: Vec<LevelCount>,
    /// Level movements from the earlier round, when one was given.
    pub movements: Option<Vec<Movement>>,
}

/// Scores a round: the assessment rows plus the criteria derived from `evidence` (as outcome
/// data), judged for earned autonomy under `rule` (the model's own when `None`), and
/// compared with `previous` rows when given. Every row is checked; none is dropped.
///
/// # Errors
/// [`Error::Data`] for bad assessment rows (naming `source_name` or `<previous round>`) or
/// evidence (`<outcomes>`), including an outcome-data row for a derived criterion that the
/// evidence also gives; [`Error::Validation`] for a rule the model cannot apply.
pub fn report(
    model: &MaturityModel,
    rows: Vec<Assessment>,
    evidence: &[OutcomeEvidence],
    previous: Option<Vec<Assessment>>,
    rule: Option<&AutonomyRule>,
    source_name: &str,
) -> Result<MaturityReport, Error> {
    let mut rows = rows;
    rows.extend(derive_assessments(model, evidence, "<outcomes>")?);
    let current = Assessments::new(model, rows, source_name)?;
    let results = assess(model, &current);
    let rule = rule.cloned().unwrap_or_else(|| model.autonomy());
    let autonomy = earned_autonomy(model, &rule, &results, evidence)?;
    let movements = match previous {
        Some(rows) => Some(movements(&assess(model, &Assessments::new(model, rows, "<previous round>")?), &results)),
        None => None,
    };
    Ok(MaturityReport {
        divergence: divergence(model, &current),
        distribution: distribution(model, &results),
        autonomy,
        movements,
        results,
    })
}
