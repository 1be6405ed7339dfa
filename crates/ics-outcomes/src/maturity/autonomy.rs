//! Earned autonomy: which systems are mature enough, and perform well enough, to be given
//! more freedom, with the reason each passes or fails.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::assess::AreaMaturity;
use super::evidence::{OutcomeEvidence, check_evidence};
use super::model::{Level, MaturityModel};
use crate::error::{Error, IssueKind, IssueLog};
use crate::target::DecimalText;

/// The conditions a system must meet, all of them; a condition left out is not applied.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutonomyRule {
    /// The overall level must be at least this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_overall_level: Option<String>,
    /// No dimension may be below this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_dimension_level: Option<String>,
    /// The oversight segment must be this or better (lower).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_segment: Option<u8>,
    /// The percentage of judged framework targets met must be above this.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::number::text_option")]
    #[schemars(with = "Option<DecimalText>")]
    pub targets_met_above: Option<Decimal>,
}

impl AutonomyRule {
    /// Overall thriving, no dimension below maturing, oversight segment 1 or 2, and more than
    /// half of the judged targets met: the example the Hewitt Review's earned autonomy suggests.
    pub fn recommended() -> Self {
        AutonomyRule {
            min_overall_level: Some("thriving".into()),
            min_dimension_level: Some("maturing".into()),
            max_segment: Some(2),
            targets_met_above: Some(Decimal::from(50)),
        }
    }

    /// This rule with some conditions changed: each named condition set to a value given as
    /// text, or dropped for `None`. Errors are [`Error::Argument`]s naming `autonomy.<name>`.
    ///
    /// ```
    /// use ics_outcomes::maturity::AutonomyRule;
    /// let changes = [("max_segment".to_owned(), Some("3".to_owned())), ("targets_met_above".to_owned(), None)];
    /// let rule = AutonomyRule::recommended().with_changes(&changes)?;
    /// assert_eq!((rule.max_segment, rule.targets_met_above), (Some(3), None));
    /// assert!(AutonomyRule::recommended().with_changes(&[("segment".into(), None)]).is_err());
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    pub fn with_changes(mut self, changes: &[(String, Option<String>)]) -> Result<Self, Error> {
        for (name, value) in changes {
            let path = format!("autonomy.{name}");
            match name.as_str() {
                "min_overall_level" => self.min_overall_level = value.clone(),
                "min_dimension_level" => self.min_dimension_level = value.clone(),
                "max_segment" => {
                    self.max_segment = value
                        .as_deref()
                        .map(|v| {
                            v.parse().map_err(|_| Error::argument(&path, v, "a segment is a whole number, 1 to 4"))
                        })
                        .transpose()?;
                }
                "targets_met_above" => {
                    self.targets_met_above = value
                        .as_deref()
                        .map(|v| crate::number::parse_decimal(v).map_err(|reason| Error::argument(&path, v, reason)))
                        .transpose()?;
                }
                _ => {
                    let known = "min_overall_level, min_dimension_level, max_segment, targets_met_above";
                    return Err(Error::argument("autonomy", name, format!("the conditions are {known}")));
                }
            }
        }
        Ok(self)
    }

    pub(super) fn check(&self, levels: &[Level], path: &str, log: &mut IssueLog) {
        for (field, name) in
            [("min_overall_level", &self.min_overall_level), ("min_dimension_level", &self.min_dimension_level)]
        {
            if let Some(name) = name
                && !levels.is_empty()
                && !levels.iter().any(|l| &l.name == name)
            {
                let known: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
                let reason = format!("not a level of the model ({})", known.join(", "));
                log.push(format!("{path}.{field}"), name.as_str(), IssueKind::Invalid { reason });
            }
        }
        if self.max_segment == Some(0) {
            log.push(format!("{path}.max_segment"), "0", IssueKind::Invalid { reason: "segments start at 1".into() });
        }
        if let Some(bar) = self.targets_met_above
            && (bar < Decimal::ZERO || bar >= Decimal::ONE_HUNDRED)
        {
            let reason = "a percentage from 0 to below 100".to_owned();
            log.push(format!("{path}.targets_met_above"), bar.to_string(), IssueKind::Invalid { reason });
        }
        if *self == AutonomyRule::default() {
            log.push(path, "", IssueKind::Invalid { reason: "state at least one condition".into() });
        }
    }
}

/// One condition of the rule, judged for one area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AutonomyCheck {
    /// The condition, e.g. `overall level at least thriving`.
    pub condition: String,
    /// Whether the area meets it; missing data never passes.
    pub passed: bool,
    /// What the area has, e.g. `maturing` or `no oversight segment`.
    pub detail: String,
}

/// Whether one area has earned autonomy, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AutonomyDecision {
    /// The area code.
    pub area: String,
    /// True when every check passed.
    pub eligible: bool,
    /// Each condition of the rule, in the rule's order.
    pub checks: Vec<AutonomyCheck>,
}

impl AutonomyDecision {
    /// The checks that failed, in words: the reasons an area is not eligible.
    pub fn reasons(&self) -> Vec<String> {
        self.checks.iter().filter(|c| !c.passed).map(|c| format!("{}: {}", c.condition, c.detail)).collect()
    }
}

/// Judges every area that has a maturity result or outcome evidence (in code order) against
/// the rule. An area without a maturity result, overall level, segment or judged target
/// fails the condition that needs it, with that as the reason.
///
/// # Errors
/// [`Error::Validation`] when the rule names a level the model lacks or states nothing;
/// [`Error::Data`] when the evidence repeats an area or has more targets met than judged.
pub fn earned_autonomy(
    model: &MaturityModel,
    rule: &AutonomyRule,
    results: &[AreaMaturity],
    evidence: &[OutcomeEvidence],
) -> Result<Vec<AutonomyDecision>, Error> {
    let mut log = IssueLog::default();
    rule.check(model.levels(), "autonomy", &mut log);
    log.into_validation("<autonomy rule>")?;
    check_evidence(evidence, "<outcomes>")?;
    let by_area: HashMap<&str, &OutcomeEvidence> = evidence.iter().map(|e| (e.area.as_str(), e)).collect();
    let mut areas: BTreeMap<&str, Option<&AreaMaturity>> = results.iter().map(|r| (r.area.as_str(), Some(r))).collect();
    for e in evidence {
        areas.entry(&e.area).or_insert(None);
    }
    let level = |name: &Option<String>| name.as_deref().and_then(|n| model.level(n));
    Ok(areas
        .into_iter()
        .map(|(area, result)| {
            let mut checks = Vec::new();
            if let Some(min) = level(&rule.min_overall_level) {
                let overall = result.and_then(|r| r.overall.as_ref());
                checks.push(AutonomyCheck {
                    condition: format!("overall at least {}", min.name),
                    passed: overall.is_some_and(|o| o.level.rank >= min.rank),
                    detail: match (result, overall) {
                        (None, _) => "not assessed".into(),
                        (Some(r), None) => format!("no overall level: {} criteria unscored", r.unscored.len()),
                        (Some(_), Some(o)) => o.level.name.clone(),
                    },
                });
            }
            if let Some(min) = level(&rule.min_dimension_level) {
                let below: Vec<String> = result
                    .map(|r| {
                        r.dimensions
                            .iter()
                            .filter(|d| d.level.as_ref().is_none_or(|l| l.rank < min.rank))
                            .map(|d| {
                                format!("{} {}", d.dimension, d.level.as_ref().map_or("unscored", |l| l.name.as_str()))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                checks.push(AutonomyCheck {
                    condition: format!("no dimension below {}", min.name),
                    passed: result.is_some() && below.is_empty(),
                    detail: match result {
                        None => "not assessed".into(),
                        Some(_) if below.is_empty() => "none below".into(),
                        Some(_) => below.join(", "),
                    },
                });
            }
            let outcomes = by_area.get(area);
            if let Some(max) = rule.max_segment {
                let segment = outcomes.and_then(|e| e.segment);
                checks.push(AutonomyCheck {
                    condition: format!("oversight segment {max} or better"),
                    passed: segment.is_some_and(|s| s <= max),
                    detail: segment.map_or("no oversight segment".into(), |s| format!("segment {s}")),
                });
            }
            if let Some(bar) = rule.targets_met_above {
                let share = outcomes.and_then(|e| e.targets_met_share());
                checks.push(AutonomyCheck {
                    condition: format!("over {bar}% of targets met"),
                    passed: share.is_some_and(|s| s > bar),
                    detail: match (outcomes, share) {
                        (Some(e), Some(s)) => {
                            format!("{} of {} ({}%)", e.targets_met, e.targets_judged, s.round_dp(1).normalize())
                        }
                        _ => "no targets judged".into(),
                    },
                });
            }
            AutonomyDecision { area: area.to_owned(), eligible: checks.iter().all(|c| c.passed), checks }
        })
        .collect())
}
