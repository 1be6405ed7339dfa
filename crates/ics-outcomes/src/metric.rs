//! Metrics: what is measured, in which unit, which direction is better, and to how many
//! decimal places it is published.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The unit a metric's values are in.
///
/// ```
/// use ics_outcomes::Unit;
/// use rust_decimal::Decimal;
/// let rate: Unit = "rate per 100,000".parse()?;
/// assert_eq!(rate, Unit::RatePer(100_000));
/// assert_eq!(rate.to_string(), "rate per 100000");
/// assert_eq!(Unit::Percentage.multiplier(), Some(Decimal::ONE_HUNDRED));
/// assert_eq!(Unit::Count.multiplier(), None);
/// assert!(Unit::Percentage.refuses(Decimal::from(101)).is_some());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Per cent, 0 to 100.
    Percentage,
    /// Events per `per` people (e.g. per 100,000).
    RatePer(u32),
    /// A count of events or people.
    Count,
    /// Money in pounds sterling.
    Gbp,
    /// A ratio (1 means parity).
    Ratio,
    /// A length of time.
    Duration(TimeUnit),
}

/// The unit of a [`Unit::Duration`].
///
/// ```
/// use ics_outcomes::{defaults, TimeUnit, Unit};
/// let cat2 = defaults::national_framework().metric("amb_cat2_mean").unwrap().unit;
/// assert_eq!(cat2, Unit::Duration(TimeUnit::Minutes));
/// assert_eq!("weeks".parse::<Unit>(), Ok(Unit::Duration(TimeUnit::Weeks)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// Weeks.
    Weeks,
}

impl Unit {
    /// Why `value` cannot be a value in this unit, if it cannot: a percentage lies between 0
    /// and 100; counts, rates, ratios and durations are not negative; money may be either.
    pub fn refuses(self, value: Decimal) -> Option<&'static str> {
        match self {
            Unit::Percentage if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED => {
                Some("a percentage lies between 0 and 100")
            }
            Unit::Gbp | Unit::Percentage => None,
            _ if value.is_sign_negative() && !value.is_zero() => Some("a value in this unit is never below zero"),
            _ => None,
        }
    }

    /// The factor that turns a numerator over a denominator into a value in this unit, or
    /// `None` for units that are not ratios (counts and money are summed, not divided).
    ///
    /// Roll-up and derived values use it so that percentages are recomputed from summed
    /// numerators and denominators, never averaged.
    pub fn multiplier(self) -> Option<Decimal> {
        match self {
            Unit::Percentage => Some(Decimal::ONE_HUNDRED),
            Unit::RatePer(per) => Some(Decimal::from(per)),
            Unit::Ratio | Unit::Duration(_) => Some(Decimal::ONE),
            Unit::Count | Unit::Gbp => None,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Percentage => f.write_str("percentage"),
            Unit::RatePer(per) => write!(f, "rate per {per}"),
            Unit::Count => f.write_str("count"),
            Unit::Gbp => f.write_str("gbp"),
            Unit::Ratio => f.write_str("ratio"),
            Unit::Duration(TimeUnit::Minutes) => f.write_str("minutes"),
            Unit::Duration(TimeUnit::Hours) => f.write_str("hours"),
            Unit::Duration(TimeUnit::Days) => f.write_str("days"),
            Unit::Duration(TimeUnit::Weeks) => f.write_str("weeks"),
        }
    }
}

impl FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "percentage" => Unit::Percentage,
            "count" => Unit::Count,
            "gbp" => Unit::Gbp,
            "ratio" => Unit::Ratio,
            "minutes" => Unit::Duration(TimeUnit::Minutes),
            "hours" => Unit::Duration(TimeUnit::Hours),
            "days" => Unit::Duration(TimeUnit::Days),
            "weeks" => Unit::Duration(TimeUnit::Weeks),
            _ => match s.strip_prefix("rate per ").map(|n| n.replace(',', "").parse::<u32>()) {
                Some(Ok(per)) if per > 0 => Unit::RatePer(per),
                _ => {
                    return Err(format!(
                        "unknown unit {s:?}; expected percentage, rate per N, count, gbp, ratio, minutes, hours, days or weeks"
                    ));
                }
            },
        })
    }
}

crate::text_serde!(
    Unit,
    "percentage, rate per N (e.g. rate per 100000), count, gbp, ratio, minutes, hours, days or weeks",
    r"^(percentage|rate per [1-9][0-9,]*|count|gbp|ratio|minutes|hours|days|weeks)$"
);

/// Which direction of change is an improvement.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, Polarity};
let national = defaults::national_framework();
assert_eq!(national.metric("ae_4h").unwrap().polarity, Polarity::HigherIsBetter);
assert_eq!(national.metric("amb_cat2_mean").unwrap().polarity.as_str(), "lower_is_better");
assert_eq!(national.metric("amb_cat2_incidents").unwrap().polarity, Polarity::NoJudgement);
```
"##
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Larger values are better (e.g. % seen within 4 hours).
    HigherIsBetter,
    /// Smaller values are better (e.g. mean ambulance response time).
    LowerIsBetter,
    /// No judgement (context metrics); targets must state their comparison.
    NoJudgement,
}

impl Polarity {
    /// The polarity as framework files spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "higher_is_better",
            Polarity::LowerIsBetter => "lower_is_better",
            Polarity::NoJudgement => "no_judgement",
        }
    }
}

/// A metric as defined in a framework file.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, MetricStatistic, Polarity, Unit};
let national = defaults::national_framework();
let ae = national.metric("ae_4h").unwrap();
assert_eq!((ae.unit, ae.polarity, ae.decimals), (Unit::Percentage, Polarity::HigherIsBetter, 1));
assert_eq!(ae.statistic, Some(MetricStatistic::Proportion));
assert_eq!(ae.combine, None);
```
"##
)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// Unique id, referenced by targets and by observation rows.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit of the values.
    pub unit: Unit,
    /// Which direction is better.
    pub polarity: Polarity,
    /// Decimal places the metric is published to; observed values are rounded to this
    /// under the framework's rounding rule before targets are judged.
    pub decimals: u32,
    /// Where the data comes from, for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The statistical method of the metric's confidence interval, from its numerator and
    /// denominator. When set, every scored value is compared with England (better, similar
    /// or worse, as Fingertips shows it) beside its target verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<MetricStatistic>,
    /// How values without counts combine when ICBs merge or split
    /// ([`vintage::reproject`](crate::vintage::reproject)); absent: only counts combine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combine: Option<Combine>,
    /// The metric whose value, for the same area and period, weights this one's in a
    /// weighted mean (with `combine = "weighted_mean"` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
    /// The Making Data Count chart of the metric's history in reports and icon summaries
    /// ([`ChartKind`](crate::spc::ChartKind)); absent: XmR. P and U charts (and Laney's P′
    /// and U′, for large denominators) chart the numerators over the denominators, in the
    /// metric's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spc_chart: Option<crate::spc_chart::ChartKind>,
}

/// How a metric's values combine across areas when they are given without counts.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, Combine};
let national = defaults::national_framework();
let cat2 = national.metric("amb_cat2_mean").unwrap();
assert_eq!(cat2.combine, Some(Combine::WeightedMean));
assert_eq!(cat2.weight.as_deref(), Some("amb_cat2_incidents"));
assert_eq!(national.metric("amb_cat2_incidents").unwrap().combine, Some(Combine::Sum));
```
"##
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// The value is additive (spend, activity, a count): values are summed, and a split
    /// ICB's value is shared like a count.
    Sum,
    /// The value is a mean or rate: the weighted mean of the parts' values, weighted by the
    /// metric named in `weight`.
    WeightedMean,
    /// The value cannot be combined: merging or splitting it is refused, naming the metric.
    NotCombinable,
}

/// How a metric's confidence interval is computed from its numerator and denominator.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, MetricStatistic};
let national = defaults::national_framework();
assert_eq!(national.metric("rtt_18w").unwrap().statistic, Some(MetricStatistic::Proportion));
assert_eq!(national.metric("ld_inpatients").unwrap().statistic, Some(MetricStatistic::Rate));
assert_eq!(national.metric("amb_cat2_mean").unwrap().statistic, None);
```
"##
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricStatistic {
    /// A proportion with a Wilson score interval (for percentages).
    Proportion,
    /// A rate with an exact (below 10 events) or Byar's interval (for rates per N).
    Rate,
}
