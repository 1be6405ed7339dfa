//! National and local outcomes frameworks: their file definitions (`*Def`, mirroring the
//! TOML/JSON files) and the checked, immutable frameworks built from them.
//!
//! The national framework holds at most [`MAX_NATIONAL_PRIORITIES`] priorities. Each ICS
//! may add a local framework that nests in one national version: it adds local priorities
//! on local or national metrics and may set its own trajectory for national targets that
//! allow one. It has no way to drop or reweight a national priority: there is no field
//! for it, and unknown fields are rejected.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, IssueKind, IssueLog};
use crate::files::{self, Format};
use crate::geography::{AreaLevel, Geography};
use crate::input_limits;
use crate::metric::{Combine, Metric, Polarity};
use crate::period::Period;
use crate::purpose::{Coverage, Principle, Purpose};
use crate::rounding::Rounding;
use crate::target::{AttainmentScoring, Bound, ChangeKind, DecimalText, TargetDef, TargetKind, TargetRule, Trajectory};

/// The Hewitt Review's limit: "certainly no more than 10 national priorities".
///
/// ```
/// assert_eq!(ics_outcomes::MAX_NATIONAL_PRIORITIES, 10);
/// assert!(ics_outcomes::defaults::national_framework().priorities().len() <= ics_outcomes::MAX_NATIONAL_PRIORITIES);
/// ```
pub const MAX_NATIONAL_PRIORITIES: usize = 10;

/// The `kind` field of a national framework file.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, NationalKind};
assert_eq!(defaults::national_framework().def().kind, NationalKind::National);
assert_eq!(serde_json::to_string(&NationalKind::National).unwrap(), "\"national\"");
```
"##
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NationalKind {
    /// The only value: `kind = "national"`.
    #[default]
    National,
}

/// The `kind` field of a local framework file.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, LocalKind};
assert!(defaults::local_frameworks().iter().all(|l| l.def().kind == LocalKind::Local));
assert_eq!(serde_json::to_string(&LocalKind::Local).unwrap(), "\"local\"");
```
"##
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LocalKind {
    /// The only value: `kind = "local"`.
    #[default]
    Local,
}

/// A national outcomes framework as written in a file.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, NationalFramework};
let mut def = defaults::national_framework().def().clone();
assert_eq!((def.version.as_str(), def.priorities.len(), def.metrics.len()), ("2026/27.1", 7, 16));
def.version = "2026/27.2".into();
let national = NationalFramework::new(def, "national.toml")?;
assert_eq!(national.version(), "2026/27.2");
# Ok::<(), ics_outcomes::Error>(())
```
"##
)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NationalFrameworkDef {
    /// Always `national`.
    pub kind: NationalKind,
    /// Identifier of the framework.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Version that local frameworks name in `nests_in`.
    pub version: String,
    /// Free text for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How observed values are rounded to publication decimals before judging.
    #[serde(default)]
    pub rounding: Rounding,
    /// Default attainment scoring for every target, national and local.
    #[serde(default)]
    pub scoring: AttainmentScoring,
    /// The longest a local trajectory may take to reach a national value, in years from its
    /// baseline period (5 by default, the Hewitt Review's horizon): a goal decades away
    /// would neutralise the national target.
    #[serde(default = "default_trajectory_years")]
    pub trajectory_years: u16,
    /// The national metrics.
    pub metrics: Vec<Metric>,
    /// The national priorities, at most ten.
    pub priorities: Vec<PriorityDef>,
}

fn default_trajectory_years() -> u16 {
    DEFAULT_TRAJECTORY_YEARS
}

/// The default [`NationalFrameworkDef::trajectory_years`].
///
/// ```
/// use ics_outcomes::{defaults, DEFAULT_TRAJECTORY_YEARS};
/// assert_eq!(DEFAULT_TRAJECTORY_YEARS, 5);
/// assert_eq!(defaults::national_framework().def().trajectory_years, DEFAULT_TRAJECTORY_YEARS);
/// ```
pub const DEFAULT_TRAJECTORY_YEARS: u16 = 5;

/// A priority as written in a file.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, NationalFramework, PriorityDef, Purpose, TargetDef, TargetKind};
let mut def = defaults::national_framework().def().clone();
let mut target = TargetDef::new("htn_85pct", "htn_treated", TargetKind::Threshold);
target.value = Some("85.0".parse().unwrap());
def.priorities.push(PriorityDef {
    id: "htn_stretch".into(),
    title: "Hypertension: a stretch goal".into(),
    purposes: vec![Purpose::Outcomes],
    principles: vec![],
    description: None,
    targets: vec![target],
});
let national = NationalFramework::new(def, "national.toml")?;
assert_eq!(national.priorities().len(), 8);
assert_eq!(national.target("htn_85pct").unwrap().metric, "htn_treated");
# Ok::<(), ics_outcomes::Error>(())
```
"##
)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityDef {
    /// Unique id across the national and local frameworks.
    pub id: String,
    /// Display title.
    pub title: String,
    /// Statutory purposes the priority serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Purpose>,
    /// Hewitt principles the priority reflects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principles: Vec<Principle>,
    /// Free text for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// At least one target.
    #[serde(default)]
    pub targets: Vec<TargetDef>,
}

/// A local outcomes framework as written in a file.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, LocalFramework};
let national = defaults::national_framework();
let gm = defaults::local_frameworks().into_iter().find(|l| l.def().area == "QOP").unwrap();
let mut def = gm.def().clone();
assert_eq!((def.nests_in.as_str(), def.priorities.len()), ("2026/27.1", 3));
// The ICS may be named by its ONS code as well as its ODS code.
def.area = "E54000057".into();
let again = LocalFramework::new(def, &national, &defaults::geography(), "gm.toml")?;
assert_eq!(again.area_code(), gm.area_code());
# Ok::<(), ics_outcomes::Error>(())
```
"##
)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalFrameworkDef {
    /// Always `local`.
    pub kind: LocalKind,
    /// The ICS: its ONS E54 code or ODS Q code.
    pub area: String,
    /// Display name.
    pub name: String,
    /// The version of the national framework this one nests in.
    pub nests_in: String,
    /// Free text for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Metrics defined locally.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
    /// Local priorities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priorities: Vec<PriorityDef>,
    /// Local trajectories towards national targets that allow them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trajectories: Vec<LocalTrajectoryDef>,
}

/// A local trajectory towards a national threshold target.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, LocalFramework};
let (national, geography) = (defaults::national_framework(), defaults::geography());
let gm = defaults::local_frameworks().into_iter().find(|l| l.def().area == "QOP").unwrap();
let t = &gm.def().trajectories[0];
assert_eq!((t.target.as_str(), t.baseline_value.to_string()), ("ae_82pct_4h", "72.0".to_owned()));
// A baseline that already meets the national 82% would neutralise the target: refused.
let mut def = gm.def().clone();
def.trajectories[0].baseline_value = "85.0".parse().unwrap();
let err = LocalFramework::new(def, &national, &geography, "gm.toml").unwrap_err();
assert_eq!(err.issues()[0].path, "trajectories[0].baseline_value");
```
"##
)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalTrajectoryDef {
    /// The national target's id.
    pub target: String,
    /// Where the ICS starts from.
    pub baseline_period: Period,
    /// Its value then.
    #[serde(with = "crate::number::text")]
    #[schemars(with = "DecimalText")]
    pub baseline_value: Decimal,
    /// When the ICS will reach the national value.
    pub goal_period: Period,
}

/// National or local.
///
/// ```
/// use ics_outcomes::{defaults, Tier};
/// assert!(defaults::national_framework().priorities().iter().all(|p| p.tier == Tier::National));
/// assert!(defaults::local_frameworks().iter().flat_map(|l| l.priorities()).all(|p| p.tier == Tier::Local));
/// assert_eq!(Tier::Local.to_string(), "local");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Set in the national framework.
    National,
    /// Set by the ICS.
    Local,
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tier::National => "national",
            Tier::Local => "local",
        })
    }
}

/// A checked target.
///
/// ```
/// use ics_outcomes::{defaults, AttainmentScoring, Bound, TargetRule};
/// let national = defaults::national_framework();
/// let ae = national.target("ae_82pct_4h").unwrap();
/// assert_eq!(ae.metric, "ae_4h");
/// assert!(ae.allow_local_trajectory);
/// assert_eq!(ae.scoring, AttainmentScoring::Binary);
/// assert!(matches!(ae.rule, TargetRule::Threshold { comparison: Bound::AtLeast, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Unique id.
    pub id: String,
    /// The metric it is on.
    pub metric: String,
    /// The rule, defaults resolved.
    pub rule: TargetRule,
    /// The attainment scoring in force.
    pub scoring: AttainmentScoring,
    /// Whether local frameworks may set a trajectory towards it.
    pub allow_local_trajectory: bool,
}

/// A checked priority.
///
/// ```
/// use ics_outcomes::{defaults, Principle, Purpose, Tier};
/// let national = defaults::national_framework();
/// let elective = &national.priorities()[0];
/// assert_eq!((elective.id.as_str(), elective.tier, elective.targets.len()), ("elective", Tier::National, 4));
/// assert_eq!(elective.purposes, [Purpose::Outcomes, Purpose::Productivity]);
/// assert_eq!(elective.principles, [Principle::SharedPriorities]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priority {
    /// Unique id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// National or local.
    pub tier: Tier,
    /// Statutory purposes served.
    pub purposes: Vec<Purpose>,
    /// Hewitt principles reflected.
    pub principles: Vec<Principle>,
    /// At least one target.
    pub targets: Vec<Target>,
}

/// A checked national outcomes framework.
///
/// ```
/// let national = ics_outcomes::defaults::national_framework();
/// assert!(national.priorities().len() <= ics_outcomes::MAX_NATIONAL_PRIORITIES);
/// assert!(national.coverage().uncovered().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalFramework {
    def: NationalFrameworkDef,
    priorities: Vec<Priority>,
    metrics: HashMap<String, usize>,
}

/// A checked local outcomes framework, nested in a national one.
///
/// ```
/// use ics_outcomes::defaults;
/// let national = defaults::national_framework();
/// let locals = defaults::local_frameworks();
/// assert_eq!(locals.len(), 7);
/// let gm = locals.iter().find(|l| l.def().area == "QOP").unwrap();
/// assert_eq!((gm.area_code(), gm.vintage()), ("E54000057", Some("2026-04")));
/// assert_eq!(gm.priorities().len(), 3);
/// assert!(gm.metric("gm_smoking_prevalence").is_some());
/// assert!(gm.trajectory("ae_82pct_4h").is_some());
/// assert!(gm.coverage(&national).uncovered().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFramework {
    def: LocalFrameworkDef,
    area_code: String,
    priorities: Vec<Priority>,
    metrics: HashMap<String, usize>,
    trajectories: HashMap<String, Trajectory>,
    vintage: Option<String>,
}

/// Bounds a local trajectory so that it cannot neutralise the national target it replaces:
/// its baseline is a possible value of the metric that falls short of the national value,
/// and its goal lies within the national framework's horizon after the baseline. (Scoring
/// also sets a trajectory aside whose baseline is better than the ICS's observed one.)
fn check_trajectory(
    t: &LocalTrajectoryDef,
    path: &str,
    target: &Target,
    comparison: Bound,
    national_value: Decimal,
    national: &NationalFramework,
    log: &mut IssueLog,
) {
    let invalid = |reason: String| IssueKind::Invalid { reason };
    let baseline = t.baseline_value;
    if let Some(issue) = input_limits::magnitude_issue(baseline) {
        log.push(format!("{path}.baseline_value"), baseline.to_string(), issue);
    } else if let Some(reason) = national.metric(&target.metric).and_then(|m| m.unit.refuses(baseline)) {
        log.push(format!("{path}.baseline_value"), baseline.to_string(), invalid(reason.to_owned()));
    } else if comparison.holds(baseline.cmp(&national_value)) {
        log.push(
            format!("{path}.baseline_value"),
            baseline.to_string(),
            invalid(format!(
                "already meets the national value {national_value}: a trajectory is for an ICS that starts short of it"
            )),
        );
    }
    let months = t.goal_period.end_month() - t.baseline_period.end_month();
    let years = national.def.trajectory_years;
    if months <= 0 {
        log.push(
            format!("{path}.goal_period"),
            t.goal_period.to_string(),
            invalid(format!("must end after the baseline period {}", t.baseline_period)),
        );
    } else if months > 12 * i32::from(years) {
        log.push(
            format!("{path}.goal_period"),
            t.goal_period.to_string(),
            invalid(format!(
                "more than {years} years after the baseline period {} (the national framework's trajectory_years)",
                t.baseline_period
            )),
        );
    }
}

/// Ids seen so far, to report duplicates with the path of the first use.
#[derive(Default)]
struct Seen(HashMap<String, String>);

impl Seen {
    fn check(&mut self, id: &str, path: String, log: &mut IssueLog) {
        if id.trim().is_empty() {
            log.push(path, id, IssueKind::Invalid { reason: "an id must not be empty".into() });
        } else if let Some(first) = self.0.get(id) {
            log.push(path, id, IssueKind::Duplicate { first: first.clone() });
        } else {
            self.0.insert(id.to_owned(), path);
        }
    }
}

fn check_metrics(metrics: &[Metric], seen: &mut Seen, log: &mut IssueLog) {
    for (i, m) in metrics.iter().enumerate() {
        seen.check(&m.id, format!("metrics[{i}].id"), log);
        if m.decimals > 10 {
            log.push(
                format!("metrics[{i}].decimals"),
                m.decimals.to_string(),
                IssueKind::Invalid { reason: "publication decimals must be 0 to 10".into() },
            );
        }
        // P and U charts chart a numerator over its denominator, in the unit's scale.
        if let Some(chart) = m.spc_chart.filter(|c| c.needs_denominator() && m.unit.multiplier().is_none()) {
            log.push(
                format!("metrics[{i}].spc_chart"),
                chart.as_str(),
                IssueKind::Invalid {
                    reason: format!("a {chart} chart charts a ratio of counts; a metric in {} is not one", m.unit),
                },
            );
        }
    }
    // A weighted mean needs a weight, which is another metric the data can carry.
    for (i, m) in metrics.iter().enumerate() {
        match (m.combine, &m.weight) {
            (Some(Combine::WeightedMean), None) => log.push(format!("metrics[{i}].weight"), "", IssueKind::Missing),
            (Some(Combine::WeightedMean), Some(w)) if w == &m.id || !seen.0.contains_key(w) => log.push(
                format!("metrics[{i}].weight"),
                w.as_str(),
                IssueKind::Invalid {
                    reason: "the weight of a weighted mean is another metric of the framework".into(),
                },
            ),
            (Some(Combine::WeightedMean), Some(_)) | (_, None) => {}
            (_, Some(w)) => log.push(
                format!("metrics[{i}].weight"),
                w.as_str(),
                IssueKind::NotAllowed { reason: "a weight is taken only with combine = \"weighted_mean\"".into() },
            ),
        }
    }
}

/// Builds a target from its definition, reporting every missing or misplaced field.
fn check_target(
    def: &TargetDef,
    path: &str,
    metric: Option<&Metric>,
    default_scoring: AttainmentScoring,
    log: &mut IssueLog,
) -> Option<Target> {
    let before = log.len();
    let Some(metric) = metric else {
        log.push(format!("{path}.metric"), def.metric.as_str(), IssueKind::UnknownMetric);
        return None;
    };
    let implied = match metric.polarity {
        Polarity::HigherIsBetter => Some(Bound::AtLeast),
        Polarity::LowerIsBetter => Some(Bound::AtMost),
        Polarity::NoJudgement => None,
    };
    let comparison = match (def.comparison, implied) {
        (Some(given), Some(implied)) if given != implied => {
            log.push(
                format!("{path}.comparison"),
                serde_plain(&given),
                IssueKind::Invalid { reason: format!("contradicts the polarity of metric {:?}", metric.id) },
            );
            None
        }
        (Some(given), _) => Some(given),
        (None, Some(implied)) => Some(implied),
        (None, None) => {
            log.push(format!("{path}.comparison"), "", IssueKind::Missing);
            None
        }
    };
    let scoring = def.scoring.unwrap_or(default_scoring);
    let mut need = |name: &str, present: bool| {
        if !present {
            log.push(format!("{path}.{name}"), "", IssueKind::Missing);
        }
    };
    let kind = def.kind;
    match kind {
        TargetKind::Threshold => {
            need("value", def.value.is_some());
            if scoring == AttainmentScoring::Linear {
                need("floor", def.floor.is_some());
            }
        }
        TargetKind::Improvement => {
            need("baseline_period", def.baseline_period.is_some());
            need("change", def.change.is_some());
            need("change_kind", def.change_kind.is_some());
        }
        TargetKind::Trajectory => {
            need("baseline_period", def.baseline_period.is_some());
            need("baseline_value", def.baseline_value.is_some());
            need("goal_period", def.goal_period.is_some());
            need("goal_value", def.goal_value.is_some());
        }
    }
    let allowed: &[&str] = match kind {
        TargetKind::Threshold => &["value", "floor"],
        TargetKind::Improvement => &["baseline_period", "baseline_value", "change", "change_kind"],
        TargetKind::Trajectory => &["baseline_period", "baseline_value", "goal_period", "goal_value"],
    };
    let present = [
        ("value", def.value.is_some()),
        ("floor", def.floor.is_some()),
        ("baseline_period", def.baseline_period.is_some()),
        ("baseline_value", def.baseline_value.is_some()),
        ("change", def.change.is_some()),
        ("change_kind", def.change_kind.is_some()),
        ("goal_period", def.goal_period.is_some()),
        ("goal_value", def.goal_value.is_some()),
    ];
    for (name, _) in present.iter().filter(|(name, there)| *there && !allowed.contains(name)) {
        log.push(
            format!("{path}.{name}"),
            "",
            IssueKind::NotAllowed { reason: format!("a {} target does not take it", serde_plain(&kind)) },
        );
    }
    if def.allow_local_trajectory && kind != TargetKind::Threshold {
        log.push(
            format!("{path}.allow_local_trajectory"),
            "true",
            IssueKind::NotAllowed { reason: "only threshold targets take local trajectories".into() },
        );
    }
    let numbers = [
        ("value", def.value),
        ("floor", def.floor),
        ("baseline_value", def.baseline_value),
        ("change", def.change),
        ("goal_value", def.goal_value),
    ];
    for (name, number) in numbers {
        if let Some(number) = number
            && let Some(issue) = input_limits::magnitude_issue(number)
        {
            log.push(format!("{path}.{name}"), number.to_string(), issue);
        }
    }
    if let Some(change) = def.change
        && change <= Decimal::ZERO
    {
        log.push(
            format!("{path}.change"),
            change.to_string(),
            IssueKind::Invalid {
                reason: "the change must be positive; its direction comes from the comparison".into(),
            },
        );
    }
    // A fall of more than 100 % asks for a value below zero, which no one can reach.
    if let (Some(change), Some(ChangeKind::Relative), Some(Bound::AtMost)) = (def.change, def.change_kind, comparison)
        && change > Decimal::ONE_HUNDRED
    {
        log.push(
            format!("{path}.change"),
            change.to_string(),
            IssueKind::Invalid { reason: "a relative fall of more than 100% would require a negative value".into() },
        );
    }
    if let (Some(b), Some(g)) = (def.baseline_period, def.goal_period)
        && g.end_month() <= b.end_month()
    {
        log.push(
            format!("{path}.goal_period"),
            g.to_string(),
            IssueKind::Invalid { reason: format!("must end after the baseline period {b}") },
        );
    }
    if let (Some(c), Some(value), Some(floor)) = (comparison, def.value, def.floor)
        && !matches!(
            (c, floor.cmp(&value)),
            (Bound::AtLeast, std::cmp::Ordering::Less) | (Bound::AtMost, std::cmp::Ordering::Greater)
        )
    {
        log.push(
            format!("{path}.floor"),
            floor.to_string(),
            IssueKind::Invalid { reason: format!("must lie on the failing side of the value {value}") },
        );
    }
    if log.len() != before {
        return None;
    }
    let comparison = comparison?;
    let rule = match kind {
        TargetKind::Threshold => TargetRule::Threshold { comparison, value: def.value?, floor: def.floor },
        TargetKind::Improvement => TargetRule::Improvement {
            comparison,
            baseline_period: def.baseline_period?,
            baseline_value: def.baseline_value,
            change: def.change?,
            change_kind: def.change_kind?,
        },
        TargetKind::Trajectory => TargetRule::Trajectory(Trajectory {
            comparison,
            baseline_period: def.baseline_period?,
            baseline_value: def.baseline_value?,
            goal_period: def.goal_period?,
            goal_value: def.goal_value?,
        }),
    };
    Some(Target {
        id: def.id.clone(),
        metric: def.metric.clone(),
        rule,
        scoring,
        allow_local_trajectory: def.allow_local_trajectory,
    })
}

/// The serde name of a unit enum value, for messages.
fn serde_plain<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

struct PriorityScope<'a> {
    tier: Tier,
    metric: &'a dyn Fn(&str) -> Option<&'a Metric>,
    scoring: AttainmentScoring,
}

fn check_priorities(
    defs: &[PriorityDef],
    scope: &PriorityScope<'_>,
    priority_ids: &mut Seen,
    target_ids: &mut Seen,
    log: &mut IssueLog,
) -> Vec<Priority> {
    let mut priorities = Vec::with_capacity(defs.len());
    for (i, p) in defs.iter().enumerate() {
        let path = format!("priorities[{i}]");
        priority_ids.check(&p.id, format!("{path}.id"), log);
        if p.targets.is_empty() {
            log.push(
                format!("{path}.targets"),
                "",
                IssueKind::Invalid { reason: "a priority needs at least one target".into() },
            );
        }
        let mut targets = Vec::with_capacity(p.targets.len());
        for (j, t) in p.targets.iter().enumerate() {
            let tpath = format!("{path}.targets[{j}]");
            target_ids.check(&t.id, format!("{tpath}.id"), log);
            if let Some(target) = check_target(t, &tpath, (scope.metric)(&t.metric), scope.scoring, log) {
                if scope.tier == Tier::Local && target.allow_local_trajectory {
                    log.push(
                        format!("{tpath}.allow_local_trajectory"),
                        "true",
                        IssueKind::NotAllowed { reason: "local targets set their own trajectories directly".into() },
                    );
                }
                targets.push(target);
            }
        }
        priorities.push(Priority {
            id: p.id.clone(),
            title: p.title.clone(),
            tier: scope.tier,
            purposes: p.purposes.clone(),
            principles: p.principles.clone(),
            targets,
        });
    }
    priorities
}

fn metric_index(metrics: &[Metric]) -> HashMap<String, usize> {
    metrics.iter().enumerate().map(|(i, m)| (m.id.clone(), i)).collect()
}

impl NationalFramework {
    /// Checks a definition, reporting every problem at once; `source_name` names the file
    /// in the error.
    pub fn new(def: NationalFrameworkDef, source_name: &str) -> Result<Self, Error> {
        let mut log = IssueLog::default();
        if def.priorities.len() > MAX_NATIONAL_PRIORITIES {
            log.push(
                "priorities",
                def.priorities.len().to_string(),
                IssueKind::TooManyNationalPriorities { count: def.priorities.len(), limit: MAX_NATIONAL_PRIORITIES },
            );
        }
        if def.version.trim().is_empty() {
            log.push(
                "version",
                def.version.as_str(),
                IssueKind::Invalid { reason: "the version must not be empty".into() },
            );
        }
        check_metrics(&def.metrics, &mut Seen::default(), &mut log);
        let metrics = metric_index(&def.metrics);
        let lookup = |id: &str| metrics.get(id).map(|&i| &def.metrics[i]);
        let scope = PriorityScope { tier: Tier::National, metric: &lookup, scoring: def.scoring };
        let priorities =
            check_priorities(&def.priorities, &scope, &mut Seen::default(), &mut Seen::default(), &mut log);
        log.into_validation(source_name)?;
        Ok(NationalFramework { def, priorities, metrics })
    }

    /// The definition it was built from, for writing back to a file.
    pub fn def(&self) -> &NationalFrameworkDef {
        &self.def
    }

    /// The framework's id.
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// The framework's name.
    pub fn name(&self) -> &str {
        &self.def.name
    }

    /// The version local frameworks nest in.
    pub fn version(&self) -> &str {
        &self.def.version
    }

    /// The rounding rule applied before judging.
    pub fn rounding(&self) -> Rounding {
        self.def.rounding
    }

    /// The national priorities.
    pub fn priorities(&self) -> &[Priority] {
        &self.priorities
    }

    /// The national metrics.
    pub fn metrics(&self) -> &[Metric] {
        &self.def.metrics
    }

    /// A national metric by id.
    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.metrics.get(id).map(|&i| &self.def.metrics[i])
    }

    /// A national target by id.
    pub fn target(&self, id: &str) -> Option<&Target> {
        self.priorities.iter().flat_map(|p| &p.targets).find(|t| t.id == id)
    }

    /// Which statutory purposes the national priorities serve.
    pub fn coverage(&self) -> Coverage {
        Coverage::from_tags(self.priorities.iter().map(|p| (p.id.as_str(), p.purposes.as_slice())))
    }
}

impl LocalFramework {
    /// Checks a local definition against the national framework it nests in and the
    /// geography its ICS belongs to, reporting every problem at once.
    pub fn new(
        def: LocalFrameworkDef,
        national: &NationalFramework,
        geography: &Geography,
        source_name: &str,
    ) -> Result<Self, Error> {
        let mut log = IssueLog::default();
        let area_code = match geography.get(&def.area) {
            Some(a) if a.level == AreaLevel::System => a.code.clone(),
            Some(a) => {
                log.push(
                    "area",
                    def.area.as_str(),
                    IssueKind::Invalid {
                        reason: format!("local frameworks belong to an ICS (system), not a {}", a.level),
                    },
                );
                String::new()
            }
            None => {
                log.push("area", def.area.as_str(), geography.missing_area(&def.area));
                String::new()
            }
        };
        if def.nests_in != national.version() {
            log.push(
                "nests_in",
                def.nests_in.as_str(),
                IssueKind::VersionMismatch { expected: national.version().to_owned() },
            );
        }
        let mut metric_ids =
            Seen(national.def.metrics.iter().map(|m| (m.id.clone(), "national metrics".to_owned())).collect());
        check_metrics(&def.metrics, &mut metric_ids, &mut log);
        let metrics = metric_index(&def.metrics);
        let lookup = |id: &str| metrics.get(id).map(|&i| &def.metrics[i]).or_else(|| national.metric(id));
        let scope = PriorityScope { tier: Tier::Local, metric: &lookup, scoring: national.def.scoring };
        let mut priority_ids =
            Seen(national.priorities.iter().map(|p| (p.id.clone(), "national priorities".to_owned())).collect());
        let mut target_ids = Seen(
            national
                .priorities
                .iter()
                .flat_map(|p| &p.targets)
                .map(|t| (t.id.clone(), "national targets".to_owned()))
                .collect(),
        );
        let priorities = check_priorities(&def.priorities, &scope, &mut priority_ids, &mut target_ids, &mut log);

        let mut trajectories = HashMap::new();
        for (i, t) in def.trajectories.iter().enumerate() {
            let path = format!("trajectories[{i}]");
            match national.target(&t.target) {
                None => log.push(format!("{path}.target"), t.target.as_str(), IssueKind::UnknownId),
                Some(target) => match (&target.rule, target.allow_local_trajectory) {
                    (TargetRule::Threshold { comparison, value, .. }, true) => {
                        check_trajectory(t, &path, target, *comparison, *value, national, &mut log);
                        let trajectory = Trajectory {
                            comparison: *comparison,
                            baseline_period: t.baseline_period,
                            baseline_value: t.baseline_value,
                            goal_period: t.goal_period,
                            goal_value: *value,
                        };
                        if trajectories.insert(t.target.clone(), trajectory).is_some() {
                            log.push(
                                format!("{path}.target"),
                                t.target.as_str(),
                                IssueKind::Invalid { reason: "a second trajectory for the same target".into() },
                            );
                        }
                    }
                    _ => log.push(
                        format!("{path}.target"),
                        t.target.as_str(),
                        IssueKind::NotAllowed {
                            reason: "the national target does not allow a local trajectory".into(),
                        },
                    ),
                },
            }
        }
        log.into_validation(source_name)?;
        Ok(LocalFramework {
            def,
            area_code,
            priorities,
            metrics,
            trajectories,
            vintage: geography.vintage().map(str::to_owned),
        })
    }

    /// The definition it was built from, for writing back to a file.
    pub fn def(&self) -> &LocalFrameworkDef {
        &self.def
    }

    /// The ONS code of the ICS, whichever code the file used.
    pub fn area_code(&self) -> &str {
        &self.area_code
    }

    /// The geography vintage its ICS was checked in (`None` for a hand-built geography).
    pub fn vintage(&self) -> Option<&str> {
        self.vintage.as_deref()
    }

    /// The framework's name.
    pub fn name(&self) -> &str {
        &self.def.name
    }

    /// The local priorities.
    pub fn priorities(&self) -> &[Priority] {
        &self.priorities
    }

    /// The locally defined metrics.
    pub fn metrics(&self) -> &[Metric] {
        &self.def.metrics
    }

    /// A locally defined metric by id.
    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.metrics.get(id).map(|&i| &self.def.metrics[i])
    }

    /// The local trajectory set for a national target, if any.
    pub fn trajectory(&self, national_target: &str) -> Option<&Trajectory> {
        self.trajectories.get(national_target)
    }

    /// Which statutory purposes the national and local priorities together serve.
    pub fn coverage(&self, national: &NationalFramework) -> Coverage {
        Coverage::from_tags(
            national.priorities.iter().chain(&self.priorities).map(|p| (p.id.as_str(), p.purposes.as_slice())),
        )
    }
}

/// A framework file of either kind, told apart by its `kind` field.
///
/// ```
/// use ics_outcomes::{defaults::Edition, FrameworkFile};
/// let file = FrameworkFile::parse(Edition::CURRENT.national_toml(), "national.toml")?;
/// let FrameworkFile::National(def) = file else { panic!("not a national framework") };
/// assert_eq!(def.version, "2026/27.1");
/// let (name, text) = Edition::CURRENT.local_toml()[0];
/// assert!(matches!(FrameworkFile::parse(text, name)?, FrameworkFile::Local(_)));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameworkFile {
    /// `kind = "national"`.
    National(NationalFrameworkDef),
    /// `kind = "local"`.
    Local(LocalFrameworkDef),
}

#[derive(serde::Deserialize)]
struct Peek {
    kind: Option<String>,
}

impl FrameworkFile {
    /// Parses a framework file's text; `source_name` (a file name) chooses the format
    /// and names the file in errors.
    pub fn parse(text: &str, source_name: &str) -> Result<Self, Error> {
        FrameworkFile::parse_as(text, Format::detect(source_name, text), source_name)
    }

    /// Parses a framework's text in a given format; `source_name` names it in errors.
    ///
    /// ```
    /// use ics_outcomes::FrameworkFile;
    /// use ics_outcomes::files::Format;
    /// let national = ics_outcomes::defaults::national_framework();
    /// let text = ics_outcomes::files::write(national.def(), Format::Json)?;
    /// assert!(matches!(FrameworkFile::parse_as(&text, Format::Json, "<text>")?, FrameworkFile::National(_)));
    /// assert!(matches!(FrameworkFile::parse_as(&text, Format::Toml, "<text>"), Err(ics_outcomes::Error::File { .. })));
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::File`] when the text is not a framework in that format.
    pub fn parse_as(text: &str, format: Format, source_name: &str) -> Result<Self, Error> {
        let peek: Peek = files::parse(text, format, source_name)?;
        match peek.kind.as_deref() {
            Some("national") => files::parse(text, format, source_name).map(FrameworkFile::National),
            Some("local") => files::parse(text, format, source_name).map(FrameworkFile::Local),
            other => Err(Error::File {
                file: source_name.to_owned(),
                message: format!("kind: expected \"national\" or \"local\", found {other:?}"),
            }),
        }
    }

    /// Reads and parses a framework file.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let name = path.display().to_string();
        FrameworkFile::parse(&files::read_text(path)?, &name)
    }
}
