//! NOF-style oversight of the ICSs of a period (42 in 2025/26, 36 since April 2026) on a
//! national framework's metrics, beside their equal-weighted framework scores.
//!
//! Each metric with a direction is scored 1.00–4.00 across the ICSs as NOF scores providers:
//! a national threshold target on the metric is its standard (meeting it scores 1.00), the
//! rest are spread by rank. Values are judged as published (rounded to the metric's decimals
//! under the framework's rule). Domains are the framework's priorities. Segments come from
//! the averages by quartiles over the ICSs (one population), and a deficit on the framework's
//! financial metric caps an ICS at segment 3, as for providers.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Assessment, MetricRule, MetricScore, OversightSettings, ProviderInput, ScoredMetric, assess};
use super::{league_table, score_metric};
use crate::table::{Table, TableBuilder, TableKind};
use crate::target::{Bound, TargetRule};
use crate::{Error, NationalFramework, Observations, Polarity, Scorecard};

/// Settings of [`ics_oversight`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcsOversightSettings {
    /// Metric rounding, segmentation and combinations, as for providers.
    pub oversight: OversightSettings,
    /// The metric whose negative value means a deficit (the financial override); `None` for
    /// no override.
    pub deficit_metric: Option<String>,
}

impl Default for IcsOversightSettings {
    fn default() -> Self {
        IcsOversightSettings {
            oversight: OversightSettings { combinations: Vec::new(), ..OversightSettings::default() },
            deficit_metric: Some("net_position".into()),
        }
    }
}

/// One metric's value and score for one ICS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IcsMetric {
    /// The metric.
    pub metric: String,
    /// The domain (the priority of the metric's first target).
    pub domain: String,
    /// The published value scored, if there was one.
    pub value: Option<Decimal>,
    /// The score and why.
    pub score: MetricScore,
}

/// One ICS's oversight result beside its framework score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IcsOversight {
    /// ONS code.
    pub code: String,
    /// ODS code.
    pub alt_code: Option<String>,
    /// Name.
    pub name: String,
    /// Every metric's value and score.
    pub metrics: Vec<IcsMetric>,
    /// Average, domain scores, segments and overrides, explained.
    pub assessment: Assessment,
    /// League-table rank (segment after the financial override, then average).
    pub league_rank: usize,
    /// The equal-weighted framework score from the scorecard.
    pub framework_score: Option<Decimal>,
    /// The framework rank from the scorecard.
    pub framework_rank: Option<usize>,
}

impl IcsOversight {
    /// This ICS's metric values and scores, with why each score was given
    /// ([`TableKind::OversightMetrics`]).
    pub fn metrics_table(&self) -> Table {
        let m = &self.metrics;
        TableBuilder::new(TableKind::OversightMetrics, m.len())
            .text("metric", m.iter().map(|m| Some(m.metric.as_str())))
            .text("domain", m.iter().map(|m| Some(m.domain.as_str())))
            .decimal("value", m.iter().map(|m| m.value))
            .decimal("score", m.iter().map(|m| m.score.score))
            .text("basis", m.iter().map(|m| Some(m.score.basis.name())))
            .finish()
    }
}

/// The ICSs' league table beside their framework scores, in the order given
/// ([`TableKind::IcsOversight`]).
pub fn ics_oversight_table(results: &[IcsOversight]) -> Table {
    let r = results;
    let segments = || r.iter().map(|r| &r.assessment.segments);
    TableBuilder::new(TableKind::IcsOversight, r.len())
        .count("league_rank", r.iter().map(|r| Some(r.league_rank)))
        .text("code", r.iter().map(|r| Some(r.code.as_str())))
        .text("ods", r.iter().map(|r| r.alt_code.as_deref()))
        .text("name", r.iter().map(|r| Some(r.name.as_str())))
        .decimal("average", r.iter().map(|r| Some(r.assessment.average_published)))
        .count("segment_unadjusted", segments().map(|s| Some(usize::from(s.unadjusted))))
        .count("segment", segments().map(|s| Some(usize::from(s.segment))))
        .count("segment_final", segments().map(|s| Some(usize::from(s.final_segment))))
        .text("overrides", segments().map(super::Adjusted::overrides_label))
        .decimal("framework_score", r.iter().map(|r| r.framework_score))
        .count("framework_rank", r.iter().map(|r| r.framework_rank))
        .finish()
}

/// The result for one ICS, by either of its codes.
///
/// # Errors
/// [`Error::NotFound`] when no result has the code.
pub fn ics_result<'a>(results: &'a [IcsOversight], code: &str) -> Result<&'a IcsOversight, Error> {
    results
        .iter()
        .find(|r| r.code == code || r.alt_code.as_deref() == Some(code))
        .ok_or_else(|| unknown_ics(code, results.len()))
}

/// The error for a code that is none of `held` ICS results.
pub fn unknown_ics(code: &str, held: usize) -> Error {
    Error::NotFound {
        what: "area",
        value: code.to_owned(),
        hint: format!(": the oversight results hold {held} ICSs; use an ONS (E54...) or ODS (Q..) code"),
    }
}

/// Scores every ICS of a scorecard on the national framework's metrics at the scorecard's
/// period, segments them and ranks them, beside their framework scores. Results are in
/// league-table order.
///
/// # Errors
/// [`Error::Data`] when no ICS has a value on any metric with a direction, or a metric rule
/// cannot be applied.
pub fn ics_oversight(
    national: &NationalFramework,
    observations: &Observations,
    card: &Scorecard,
    settings: &IcsOversightSettings,
) -> Result<Vec<IcsOversight>, Error> {
    let rounding = national.rounding();
    let mut per_area: Vec<Vec<IcsMetric>> = vec![Vec::new(); card.areas.len()];
    let mut deficits = vec![false; card.areas.len()];
    for metric in national.metrics() {
        let published: Vec<Option<Decimal>> = card
            .areas
            .iter()
            .map(|a| observations.value(&a.code, &metric.id, card.period).map(|v| rounding.apply(v, metric.decimals)))
            .collect();
        if settings.deficit_metric.as_deref() == Some(metric.id.as_str()) {
            for (deficit, value) in deficits.iter_mut().zip(&published) {
                *deficit = value.is_some_and(|v| v.is_sign_negative() && !v.is_zero());
            }
        }
        let direction = metric.polarity;
        if direction == Polarity::NoJudgement {
            continue;
        }
        let (domain, standard) = framework_standard(national, &metric.id, direction);
        let rule = MetricRule::Ranked { direction, standard, floor: None };
        let scores = score_metric(&rule, &published, settings.oversight.rounding)?;
        for ((area, value), score) in per_area.iter_mut().zip(published).zip(scores) {
            area.push(IcsMetric { metric: metric.id.clone(), domain: domain.clone(), value, score });
        }
    }
    let providers: Vec<ProviderInput> = card
        .areas
        .iter()
        .zip(&per_area)
        .zip(&deficits)
        .map(|((area, metrics), &in_deficit)| ProviderInput {
            code: area.code.clone(),
            provider_type: "ICS".into(),
            metrics: metrics.iter().map(|m| ScoredMetric::new(&m.metric, &m.domain, m.score.score)).collect(),
            in_deficit,
            in_recovery_programme: false,
        })
        .collect();
    let assessments = assess(&providers, &settings.oversight)?;
    let entries: Vec<(&str, u8, Decimal)> =
        assessments.iter().map(|a| (a.code.as_str(), a.segments.segment, a.average_published)).collect();
    let ranks: Vec<usize> = league_table(&entries).iter().map(|p| p.rank).collect();
    let mut results: Vec<IcsOversight> = card
        .areas
        .iter()
        .zip(per_area)
        .zip(assessments)
        .zip(ranks)
        .map(|(((area, metrics), assessment), league_rank)| IcsOversight {
            code: area.code.clone(),
            alt_code: area.alt_code.clone(),
            name: area.name.clone(),
            metrics,
            assessment,
            league_rank,
            framework_score: area.overall,
            framework_rank: area.rank,
        })
        .collect();
    results.sort_by(|a, b| a.league_rank.cmp(&b.league_rank).then_with(|| a.code.cmp(&b.code)));
    Ok(results)
}

/// The domain (priority) of a metric's first national target, and that target's threshold as
/// the standard when it points the metric's way.
fn framework_standard(national: &NationalFramework, metric: &str, direction: Polarity) -> (String, Option<Decimal>) {
    let first =
        national.priorities().iter().find_map(|p| p.targets.iter().find(|t| t.metric == metric).map(|t| (p, t)));
    if let Some((priority, target)) = first {
        let standard = match (&target.rule, direction) {
            (TargetRule::Threshold { comparison: Bound::AtLeast, value, .. }, Polarity::HigherIsBetter)
            | (TargetRule::Threshold { comparison: Bound::AtMost, value, .. }, Polarity::LowerIsBetter) => Some(*value),
            _ => None,
        };
        return (priority.id.clone(), standard);
    }
    ("other".into(), None)
}
