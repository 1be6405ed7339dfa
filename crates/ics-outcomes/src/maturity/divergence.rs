//! Self-assessment against peer review: how far a system's view of itself differs from its
//! peers', per criterion and per dimension, flagged at a stated threshold.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::assess::{Assessment, Assessments, dimension_score, mean};
use super::model::{Level, MaturityModel, Source};
use crate::error::{IssueKind, IssueLog};
use crate::target::DecimalText;

/// The differences, peer review less self-assessment, that are flagged (`|difference| ≥`
/// threshold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DivergenceRule {
    /// On a criterion, in scale points.
    #[serde(with = "crate::number::text")]
    #[schemars(with = "DecimalText")]
    pub criterion: Decimal,
    /// On a dimension, in dimension-score points (percentage points under percentages).
    #[serde(with = "crate::number::text")]
    #[schemars(with = "DecimalText")]
    pub dimension: Decimal,
}

impl Default for DivergenceRule {
    /// One point on either.
    fn default() -> Self {
        DivergenceRule { criterion: Decimal::ONE, dimension: Decimal::ONE }
    }
}

impl DivergenceRule {
    pub(super) fn check(&self, path: &str, log: &mut IssueLog) {
        for (field, value) in [("criterion", self.criterion), ("dimension", self.dimension)] {
            if value <= Decimal::ZERO {
                let reason = "a threshold must be above zero".to_owned();
                log.push(format!("{path}.{field}"), value.to_string(), IssueKind::Invalid { reason });
            }
        }
    }
}

/// One criterion of one area as the system and its peers scored it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CriterionDivergence {
    /// The area code.
    pub area: String,
    /// The dimension the criterion is in.
    pub dimension: String,
    /// The criterion's id.
    pub criterion: String,
    /// The self-assessed score (mean over providers).
    pub self_score: Option<Decimal>,
    /// The peer-review score (mean over providers).
    pub peer_score: Option<Decimal>,
    /// Peer less self; negative when the system rates itself higher than its peers do.
    pub difference: Option<Decimal>,
    /// True when `|difference|` reaches the criterion threshold.
    pub flagged: bool,
}

/// One dimension of one area as the system and its peers scored it, on the criteria both
/// scored, so like is compared with like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DimensionDivergence {
    /// The area code.
    pub area: String,
    /// The dimension's id.
    pub dimension: String,
    /// Criteria both sources scored.
    pub criteria_compared: usize,
    /// The dimension score from self-assessment alone.
    pub self_score: Option<Decimal>,
    /// The dimension score from peer review alone.
    pub peer_score: Option<Decimal>,
    /// The level the self-assessed score reaches.
    pub self_level: Option<Level>,
    /// The level the peer-review score reaches.
    pub peer_level: Option<Level>,
    /// Peer less self.
    pub difference: Option<Decimal>,
    /// True when `|difference|` reaches the dimension threshold.
    pub flagged: bool,
}

/// Self-assessment against peer review for every assessed area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Divergence {
    /// The thresholds applied.
    pub rule: DivergenceRule,
    /// Every criterion either source scored, by area then model order.
    pub criteria: Vec<CriterionDivergence>,
    /// Every dimension, by area then model order.
    pub dimensions: Vec<DimensionDivergence>,
}

/// Compares self-assessment with peer review under the model's divergence rule.
pub fn divergence(model: &MaturityModel, assessments: &Assessments) -> Divergence {
    let rule = model.rules().divergence;
    let mut by_area: BTreeMap<&str, Vec<&Assessment>> = BTreeMap::new();
    for row in assessments.rows() {
        if matches!(row.source, Source::SelfAssessment | Source::PeerReview) {
            by_area.entry(&row.area).or_default().push(row);
        }
    }
    let mut criteria = Vec::new();
    let mut dimensions = Vec::new();
    for (area, rows) in by_area {
        let score = |criterion: &str, source: Source| {
            mean(rows.iter().filter(|r| r.criterion == criterion && r.source == source).map(|r| r.score))
        };
        for dim in model.dimensions() {
            let mut both = Vec::new();
            for c in &dim.criteria {
                let (self_score, peer_score) = (score(&c.id, Source::SelfAssessment), score(&c.id, Source::PeerReview));
                if self_score.is_none() && peer_score.is_none() {
                    continue;
                }
                let difference = self_score.zip(peer_score).map(|(s, p)| p - s);
                if let Some(pair) = self_score.zip(peer_score) {
                    both.push((c, pair));
                }
                criteria.push(CriterionDivergence {
                    area: area.to_owned(),
                    dimension: dim.id.clone(),
                    criterion: c.id.clone(),
                    self_score,
                    peer_score,
                    difference,
                    flagged: difference.is_some_and(|d| d.abs() >= rule.criterion),
                });
            }
            let self_score = dimension_score(model, both.iter().map(|(c, (s, _))| (*c, *s)));
            let peer_score = dimension_score(model, both.iter().map(|(c, (_, p))| (*c, *p)));
            let difference = self_score.zip(peer_score).map(|(s, p)| p - s);
            dimensions.push(DimensionDivergence {
                area: area.to_owned(),
                dimension: dim.id.clone(),
                criteria_compared: both.len(),
                self_score,
                peer_score,
                self_level: self_score.map(|s| model.level_for(s).clone()),
                peer_level: peer_score.map(|s| model.level_for(s).clone()),
                difference,
                flagged: difference.is_some_and(|d| d.abs() >= rule.dimension),
            });
        }
    }
    Divergence { rule, criteria, dimensions }
}
