//! Targets on one metric and their exact evaluation.
//!
//! A target is judged on the *published* value: the observed value rounded to the
//! metric's publication decimals under the framework's [`Rounding`] rule. The published
//! value is then compared with the required value exactly, in `Decimal`; trajectory points
//! are compared by cross-multiplication so no inexact division decides an attainment.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::number::compare;
use crate::period::Period;
use crate::rounding::Rounding;

/// The kinds of target, as written in the `type` field of a target.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, TargetKind};
let national = defaults::national_framework();
let cancer = &national.def().priorities[2];
let kinds: Vec<TargetKind> = cancer.targets.iter().map(|t| t.kind).collect();
assert_eq!(kinds, [TargetKind::Trajectory, TargetKind::Trajectory, TargetKind::Threshold]);
```
"##
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A fixed value to reach: `value` with `comparison`.
    Threshold,
    /// A change from a baseline: `baseline_period` (and optionally `baseline_value`),
    /// `change` and `change_kind`.
    Improvement,
    /// A straight line from a baseline to a goal, judged at each period.
    Trajectory,
}

/// Which side of the required value meets the target.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, Bound, TargetRule};
use std::cmp::Ordering;
assert!(Bound::AtLeast.holds(Ordering::Equal) && !Bound::AtLeast.holds(Ordering::Less));
assert!(Bound::AtMost.holds(Ordering::Less) && !Bound::AtMost.holds(Ordering::Greater));
// The ambulance target: a mean response time of at most 25 minutes.
let national = defaults::national_framework();
let TargetRule::Threshold { comparison, .. } = national.target("cat2_25min").unwrap().rule else { panic!() };
assert_eq!(comparison, Bound::AtMost);
```
"##
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// Met when the published value is greater than or equal to the required value.
    AtLeast,
    /// Met when the published value is less than or equal to the required value.
    AtMost,
}

impl Bound {
    /// Whether a value ordered `ordering` against the required one meets it.
    pub fn holds(self, ordering: Ordering) -> bool {
        match self {
            Bound::AtLeast => ordering != Ordering::Less,
            Bound::AtMost => ordering != Ordering::Greater,
        }
    }

    /// `+1` for at least, `-1` for at most: the sign of an improvement.
    fn sign(self) -> Decimal {
        match self {
            Bound::AtLeast => Decimal::ONE,
            Bound::AtMost => Decimal::NEGATIVE_ONE,
        }
    }
}

/// How an improvement target's `change` is measured.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{Attainment, AttainmentScoring, Bound, ChangeKind, Judging, Rounding, TargetRule};
let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
let fewer = |change_kind| TargetRule::Improvement {
    comparison: Bound::AtMost,
    baseline_period: "2025/26 Q4".parse().unwrap(),
    baseline_value: Some(d("200")),
    change: d("10"),
    change_kind,
};
let judging = Judging { rounding: Rounding::HalfAwayFromZero, decimals: 0, scoring: AttainmentScoring::Binary };
let judge = |rule: TargetRule| rule.evaluate("2026/27 Q4".parse().unwrap(), |_| Some(d("185")), judging);
// 10% fewer than 200 is 180; 10 fewer is 190.
assert_eq!(judge(fewer(ChangeKind::Relative)).required, Some(d("180")));
assert_eq!(judge(fewer(ChangeKind::Relative)).attainment, Attainment::NotMet);
assert_eq!(judge(fewer(ChangeKind::Absolute)).attainment, Attainment::Met);
```
"##
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// In the metric's own unit (percentage points for a percentage).
    Absolute,
    /// In per cent of the baseline value.
    Relative,
}

/// How an attainment becomes a score in `[0, 1]`.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{AttainmentScoring, Bound, Judging, Period, Rounding, TargetRule};
let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
let rule = TargetRule::Threshold { comparison: Bound::AtLeast, value: d("80"), floor: Some(d("70")) };
let judging = |scoring| Judging { rounding: Rounding::HalfAwayFromZero, decimals: 1, scoring };
let q4: Period = "2026/27 Q4".parse().unwrap();
// 75 lies halfway from the floor, 70, to the value, 80.
assert_eq!(rule.evaluate(q4, |_| Some(d("75")), judging(AttainmentScoring::Linear)).score, d("0.5"));
assert_eq!(rule.evaluate(q4, |_| Some(d("75")), judging(AttainmentScoring::Binary)).score, d("0"));
assert_eq!(AttainmentScoring::default(), AttainmentScoring::Binary);
```
"##
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttainmentScoring {
    /// 1 when met or on track, 0 otherwise.
    #[default]
    Binary,
    /// Partial credit on a straight line from the baseline (or a threshold's `floor`),
    /// scoring 0, to the required value, scoring 1; clamped to `[0, 1]`.
    Linear,
}

/// A target as written in a framework file. Which fields apply depends on `type`;
/// validation reports any that are missing or do not belong.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, Bound, ChangeKind, TargetKind, TargetRule};
let national = defaults::national_framework();
let def = &national.def().priorities[0].targets[1];
assert_eq!((def.id.as_str(), def.kind), ("rtt_7pt_gain", TargetKind::Improvement));
assert_eq!(def.change_kind, Some(ChangeKind::Absolute));
// No comparison stated: the checked rule takes it from the metric's polarity.
assert_eq!(def.comparison, None);
let rule = &national.target("rtt_7pt_gain").unwrap().rule;
assert!(matches!(rule, TargetRule::Improvement { comparison: Bound::AtLeast, .. }));
```
"##
)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetDef {
    /// Unique id within the framework.
    pub id: String,
    /// The metric the target is on.
    pub metric: String,
    /// The kind of target.
    #[serde(rename = "type")]
    pub kind: TargetKind,
    /// Which side meets the target; defaults from the metric's polarity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Bound>,
    /// Threshold: the value to reach.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::number::text_option")]
    #[schemars(with = "Option<DecimalText>")]
    pub value: Option<Decimal>,
    /// Threshold under linear scoring: the value that scores 0.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::number::text_option")]
    #[schemars(with = "Option<DecimalText>")]
    pub floor: Option<Decimal>,
    /// Improvement and trajectory: the period the change is measured from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_period: Option<Period>,
    /// Improvement (optional: read from the data when absent) and trajectory: the value at
    /// the baseline period.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::number::text_option")]
    #[schemars(with = "Option<DecimalText>")]
    pub baseline_value: Option<Decimal>,
    /// Improvement: the size of the improvement (positive).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::number::text_option")]
    #[schemars(with = "Option<DecimalText>")]
    pub change: Option<Decimal>,
    /// Improvement: whether `change` is absolute or relative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_kind: Option<ChangeKind>,
    /// Trajectory: the period by which the goal is to be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal_period: Option<Period>,
    /// Trajectory: the goal value.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::number::text_option")]
    #[schemars(with = "Option<DecimalText>")]
    pub goal_value: Option<Decimal>,
    /// Overrides the framework's attainment scoring for this target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<AttainmentScoring>,
    /// National threshold targets only: whether a local framework may set its own
    /// trajectory towards the national value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_local_trajectory: bool,
    /// Free text for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl TargetDef {
    /// A target of the given kind with every optional field empty, to fill in from code.
    ///
    /// ```
    /// use ics_outcomes::{TargetDef, TargetKind};
    /// let mut ae = TargetDef::new("ae_78pct_4h", "ae_4h", TargetKind::Threshold);
    /// ae.value = Some("78.0".parse().unwrap());
    /// ```
    pub fn new(id: impl Into<String>, metric: impl Into<String>, kind: TargetKind) -> Self {
        TargetDef {
            id: id.into(),
            metric: metric.into(),
            kind,
            comparison: None,
            value: None,
            floor: None,
            baseline_period: None,
            baseline_value: None,
            change: None,
            change_kind: None,
            goal_period: None,
            goal_value: None,
            scoring: None,
            allow_local_trajectory: false,
            description: None,
        }
    }
}

/// A decimal number written as a string, so it never passes through binary floating point
/// (used only for its JSON Schema).
pub(crate) struct DecimalText;

impl JsonSchema for DecimalText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DecimalText".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A decimal number written as a string, e.g. \"95.50\", so it is read exactly; \
                            at most 28 decimal places and 7.9e28 in magnitude",
            "pattern": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,6})?$"
        })
    }
}

/// A checked target rule with every default resolved.
///
/// ```
/// use ics_outcomes::{defaults, Attainment, Judging, TargetRule};
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let national = defaults::national_framework();
/// let target = national.target("cancer_62d_80pct").unwrap();
/// let TargetRule::Trajectory(line) = &target.rule else { panic!("not a trajectory") };
/// assert_eq!((line.baseline_value, line.goal_value), (d("80.0"), d("85.0")));
/// let judging = Judging { rounding: national.rounding(), decimals: 1, scoring: target.scoring };
/// // At the baseline period, 80% is on the line, two years before the goal.
/// let e = target.rule.evaluate("2026/27 Q4".parse().unwrap(), |_| Some(d("80.0")), judging);
/// assert_eq!(e.attainment, Attainment::OnTrack);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetRule {
    /// Reach `value`.
    Threshold {
        /// Which side meets it.
        comparison: Bound,
        /// The required value.
        value: Decimal,
        /// The value scoring 0 under linear scoring.
        floor: Option<Decimal>,
    },
    /// Improve on the baseline by `change`.
    Improvement {
        /// Which side meets it.
        comparison: Bound,
        /// When the baseline is taken.
        baseline_period: Period,
        /// The baseline, or `None` to read it from the data.
        baseline_value: Option<Decimal>,
        /// The size of the improvement.
        change: Decimal,
        /// Absolute or relative.
        change_kind: ChangeKind,
    },
    /// Follow a straight line from baseline to goal.
    Trajectory(Trajectory),
}

/// A straight-line trajectory from a baseline to a goal.
///
/// ```
/// use ics_outcomes::defaults;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let gm = defaults::local_frameworks().into_iter().find(|l| l.def().area == "QOP").unwrap();
/// // Greater Manchester's own path to the national 82% four-hour target.
/// let line = gm.trajectory("ae_82pct_4h").unwrap();
/// assert_eq!((line.baseline_value, line.goal_value), (d("72.0"), d("82.0")));
/// assert_eq!(line.line_at(line.baseline_period), d("72.0"));
/// assert_eq!(line.line_at(line.goal_period), d("82.0"));
/// let halfway = line.line_at("2025/26 Q3".parse().unwrap());
/// assert!(d("72.0") < halfway && halfway < d("82.0"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trajectory {
    /// Which side of the line is on track.
    pub comparison: Bound,
    /// The starting period.
    pub baseline_period: Period,
    /// The value at the starting period.
    pub baseline_value: Decimal,
    /// The period by which the goal is to be reached.
    pub goal_period: Period,
    /// The goal.
    pub goal_value: Decimal,
}

/// The verdict on a target for one area and period.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions, Attainment};
/// let card = score(
///     &defaults::national_framework(),
///     &defaults::local_frameworks(),
///     &defaults::observations(),
///     &defaults::geography(),
///     &ScoreOptions::default(),
/// )?;
/// let top = &card.areas[0];
/// let successes = top.contributions.iter().filter(|c| c.evaluation.attainment.is_success()).count();
/// assert_eq!(successes, top.targets_met + top.targets_on_track);
/// assert!(Attainment::OnTrack.is_success() && !Attainment::NoData.is_success());
/// assert_eq!(Attainment::NotMet.to_string(), "not_met");
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attainment {
    /// The target is met.
    Met,
    /// The target is not met.
    NotMet,
    /// Before the goal period of a trajectory, the value is on or beyond the line.
    OnTrack,
    /// Before the goal period of a trajectory, the value is short of the line.
    OffTrack,
    /// The value (or a baseline it needs) is missing.
    NoData,
}

impl Attainment {
    /// The stable string id.
    pub fn id(self) -> &'static str {
        match self {
            Attainment::Met => "met",
            Attainment::NotMet => "not_met",
            Attainment::OnTrack => "on_track",
            Attainment::OffTrack => "off_track",
            Attainment::NoData => "no_data",
        }
    }

    /// Met or on track.
    pub fn is_success(self) -> bool {
        matches!(self, Attainment::Met | Attainment::OnTrack)
    }
}

impl fmt::Display for Attainment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The result of judging one target for one area and period.
///
/// ```
/// use ics_outcomes::{Attainment, AttainmentScoring, Bound, Judging, Rounding, TargetRule};
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let ae = TargetRule::Threshold { comparison: Bound::AtLeast, value: d("78.0"), floor: None };
/// let judging = Judging { rounding: Rounding::HalfAwayFromZero, decimals: 1, scoring: AttainmentScoring::Binary };
/// let q4 = "2025/26 Q4".parse().unwrap();
/// let e = ae.evaluate(q4, |_| Some(d("76.96")), judging);
/// assert_eq!((e.attainment, e.published, e.gap), (Attainment::NotMet, Some(d("77.0")), Some(d("1.0"))));
/// assert_eq!(e.score, d("0"));
/// let none = ae.evaluate(q4, |_| None, judging);
/// assert_eq!(none.attainment, Attainment::NoData);
/// assert_eq!(none.note.as_deref(), Some("no value for 2025/26 Q4"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The verdict.
    pub attainment: Attainment,
    /// The value as observed.
    pub observed: Option<Decimal>,
    /// The observed value rounded to the metric's publication decimals: the value judged.
    pub published: Option<Decimal>,
    /// The value needed in this period (threshold, baseline plus change, or the trajectory
    /// point, the latter to 28 significant digits for display only).
    pub required: Option<Decimal>,
    /// The baseline used, published-rounded when read from the data.
    pub baseline: Option<Decimal>,
    /// How far the published value falls short of the required value, in the metric's
    /// unit: positive when short, zero or negative when met.
    pub gap: Option<Decimal>,
    /// The attainment score in `[0, 1]`.
    pub score: Decimal,
    /// Why there is no verdict, when the attainment is [`Attainment::NoData`].
    pub note: Option<String>,
}

impl Evaluation {
    fn no_data(observed: Option<Decimal>, published: Option<Decimal>, note: String) -> Self {
        Evaluation {
            attainment: Attainment::NoData,
            observed,
            published,
            required: None,
            baseline: None,
            gap: None,
            score: Decimal::ZERO,
            note: Some(note),
        }
    }
}

/// What a rule needs to know about the metric and the framework to judge a value.
///
/// ```
/// use ics_outcomes::{defaults, Attainment, Judging};
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let national = defaults::national_framework();
/// let target = national.target("ae_82pct_4h").unwrap();
/// let metric = national.metric(&target.metric).unwrap();
/// let judging = Judging { rounding: national.rounding(), decimals: metric.decimals, scoring: target.scoring };
/// // 81.96 is published as 82.0, which meets the target.
/// let e = target.rule.evaluate("2026/27 Q4".parse().unwrap(), |_| Some(d("81.96")), judging);
/// assert_eq!((e.attainment, e.published), (Attainment::Met, Some(d("82.0"))));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Judging {
    /// The framework's rounding rule.
    pub rounding: Rounding,
    /// The metric's publication decimals.
    pub decimals: u32,
    /// The scoring rule in force for this target.
    pub scoring: AttainmentScoring,
}

/// Partial credit: where `value` lies between `zero` (0) and `full` (1), clamped.
fn linear_credit(value: Decimal, zero: Decimal, full: Decimal, comparison: Bound) -> Decimal {
    let span = full - zero;
    if span.is_zero() {
        return if comparison.holds(compare(value, full)) { Decimal::ONE } else { Decimal::ZERO };
    }
    let progress = value - zero;
    // Past the decimal range only when far beyond the full or zero mark, where the clamp
    // would give 1 or 0 anyway.
    let beyond = || if progress.is_sign_negative() == span.is_sign_negative() { Decimal::ONE } else { Decimal::ZERO };
    progress.checked_div(span).unwrap_or_else(beyond).clamp(Decimal::ZERO, Decimal::ONE)
}

impl TargetRule {
    /// Judges the rule at `period`.
    ///
    /// `value_at` gives the observed value of the metric for the area at a period (the
    /// period judged, and the baseline period of an improvement target without a stated
    /// baseline).
    ///
    /// ```
    /// use ics_outcomes::{Attainment, AttainmentScoring, Bound, Judging, Rounding, TargetRule};
    /// use rust_decimal::Decimal;
    /// let d = |s: &str| s.parse::<Decimal>().unwrap();
    /// let ae = TargetRule::Threshold { comparison: Bound::AtLeast, value: d("78.0"), floor: None };
    /// let judging = Judging { rounding: Rounding::HalfAwayFromZero, decimals: 1, scoring: AttainmentScoring::Binary };
    /// // 77.95 is published as 78.0, which meets 78.0 exactly.
    /// let e = ae.evaluate("2025/26 Q4".parse().unwrap(), |_| Some(d("77.95")), judging);
    /// assert_eq!(e.attainment, Attainment::Met);
    /// assert_eq!(e.published, Some(d("78.0")));
    /// ```
    pub fn evaluate(
        &self,
        period: Period,
        value_at: impl Fn(Period) -> Option<Decimal>,
        judging: Judging,
    ) -> Evaluation {
        self.evaluate_with_gap(period, value_at, judging, true)
    }

    /// [`evaluate`](Self::evaluate), leaving out the gap unless `gap`: totals alone do not
    /// need it, and its exact product costs as much as the comparison.
    pub(crate) fn evaluate_with_gap(
        &self,
        period: Period,
        value_at: impl Fn(Period) -> Option<Decimal>,
        judging: Judging,
        gap: bool,
    ) -> Evaluation {
        let publish = |v: Decimal| judging.rounding.apply(v, judging.decimals);
        let observed = value_at(period);
        let Some(published) = observed.map(publish) else {
            return Evaluation::no_data(None, None, format!("no value for {period}"));
        };
        let (comparison, required, baseline, attainment, credit) = match self {
            TargetRule::Threshold { comparison, value, floor } => {
                let met = comparison.holds(compare(published, *value));
                let credit = floor.map(|floor| linear_credit(published, floor, *value, *comparison));
                (*comparison, *value, *floor, if met { Attainment::Met } else { Attainment::NotMet }, credit)
            }
            TargetRule::Improvement { comparison, baseline_period, baseline_value, change, change_kind } => {
                let baseline = match baseline_value.or_else(|| value_at(*baseline_period).map(publish)) {
                    Some(b) => b,
                    None => {
                        return Evaluation::no_data(
                            observed,
                            Some(published),
                            format!("no baseline value for {baseline_period}"),
                        );
                    }
                };
                let step = match change_kind {
                    ChangeKind::Absolute => *change,
                    ChangeKind::Relative => baseline.abs() * *change / Decimal::ONE_HUNDRED,
                };
                let required = baseline + comparison.sign() * step;
                let met = comparison.holds(compare(published, required));
                let credit = linear_credit(published, baseline, required, *comparison);
                (
                    *comparison,
                    required,
                    Some(baseline),
                    if met { Attainment::Met } else { Attainment::NotMet },
                    Some(credit),
                )
            }
            TargetRule::Trajectory(t) => {
                let (on_line, required) = t.judge(period, published);
                let attainment = match (period.end_month() >= t.goal_period.end_month(), on_line) {
                    (true, true) => Attainment::Met,
                    (true, false) => Attainment::NotMet,
                    (false, true) => Attainment::OnTrack,
                    (false, false) => Attainment::OffTrack,
                };
                let credit = linear_credit(published, t.baseline_value, required, t.comparison);
                (t.comparison, required, Some(t.baseline_value), attainment, Some(credit))
            }
        };
        let success = if attainment.is_success() { Decimal::ONE } else { Decimal::ZERO };
        let score = match judging.scoring {
            AttainmentScoring::Binary => success,
            // A met target always scores 1, whatever rounding did to the line.
            AttainmentScoring::Linear => credit.map_or(success, |c| c.max(success)),
        };
        Evaluation {
            attainment,
            observed,
            published: Some(published),
            required: Some(required),
            baseline,
            gap: gap.then(|| comparison.sign() * (required - published)),
            score,
            note: None,
        }
    }
}

impl Trajectory {
    /// The line's value at `period`: the trajectory's planned value there, as
    /// [`TargetRule::evaluate`] requires it (flat before the baseline and after the goal).
    ///
    /// ```
    /// use ics_outcomes::{Bound, Trajectory};
    /// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    /// let line = Trajectory {
    ///     comparison: Bound::AtLeast,
    ///     baseline_period: "2025/26".parse().unwrap(), baseline_value: d("70"),
    ///     goal_period: "2027/28".parse().unwrap(), goal_value: d("78"),
    /// };
    /// assert_eq!(line.line_at("2026/27".parse().unwrap()), d("74"));
    /// assert_eq!(line.line_at("2026/27 Q2".parse().unwrap()), d("72"));
    /// ```
    pub fn line_at(&self, period: Period) -> Decimal {
        let n = i64::from(self.goal_period.end_month() - self.baseline_period.end_month()).max(1);
        let k = i64::from(period.end_month() - self.baseline_period.end_month()).clamp(0, n);
        self.baseline_value + (self.goal_value - self.baseline_value) * Decimal::from(k) / Decimal::from(n)
    }

    /// Whether `published` is on the right side of the line at `period`, decided exactly,
    /// and the line's value there (for display).
    ///
    /// The line is `baseline + (goal - baseline) * k / n` with `k` months elapsed since
    /// the baseline period's end and `n` months from there to the goal period's end, `k`
    /// clamped to `[0, n]`. The comparison is made as
    /// `(published - baseline) * n` against `(goal - baseline) * k`, which is exact.
    fn judge(&self, period: Period, published: Decimal) -> (bool, Decimal) {
        let n = i64::from(self.goal_period.end_month() - self.baseline_period.end_month()).max(1);
        let k = i64::from(period.end_month() - self.baseline_period.end_month()).clamp(0, n);
        let (n, k) = (Decimal::from(n), Decimal::from(k));
        let rise = self.goal_value - self.baseline_value;
        let required = self.line_at(period);
        let on_line = match ((published - self.baseline_value).checked_mul(n), rise.checked_mul(k)) {
            (Some(lhs), Some(rhs)) => self.comparison.holds(compare(lhs, rhs)),
            _ => self.comparison.holds(compare(published, required)),
        };
        (on_line, required)
    }
}
