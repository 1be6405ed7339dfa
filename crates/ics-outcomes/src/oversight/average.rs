//! Step 2 of the NOF: the average metric score and the contextual domain scores.
//!
//! The average is `Σ wᵢ·sᵢ / Σ wᵢ` over the scored metrics, computed exactly: weights are
//! fractions ([`Weight`]), brought to a common denominator so the one division is the last
//! step. Metrics with no score, and the components of a combined metric (which enters the
//! average in their place), are left out and reported. The unrounded value is kept; only
//! the published figure is rounded.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::metric_score::{SCORE_DECIMALS, in_range, out_of_range};
use crate::error::DataKind;
use crate::{Error, Issue, IssueKind, Issues, Rounding, Weight};

/// One provider's score on one metric, as the average takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoredMetric {
    /// The metric's id, e.g. `OF1080`.
    pub metric: String,
    /// The domain it belongs to, for the domain scores.
    pub domain: String,
    /// The score, 1.00 to 4.00 (unrounded where known); `None` when missing or suppressed.
    pub score: Option<Decimal>,
    /// Its weight in the average: 1 for most metrics, 1/3 for each healthcare-associated infection.
    pub weight: Weight,
}

impl ScoredMetric {
    /// A metric of weight 1.
    pub fn new(metric: impl Into<String>, domain: impl Into<String>, score: Option<Decimal>) -> Self {
        ScoredMetric { metric: metric.into(), domain: domain.into(), score, weight: Weight::ONE }
    }
}

/// A combined metric that replaces its components in the averages (e.g. NOF's `OF1080`,
/// "combined finance", scored from `OF1079` and `OF1081`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Combination {
    /// The combined metric, which counts once.
    pub combined: String,
    /// The metrics it is built from, which never count directly.
    pub components: Vec<String>,
}

/// Why a metric was left out of an average.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ExclusionReason {
    /// No score: not submitted, suppressed or not applicable (the manual's "score 0").
    Missing,
    /// A component of a combined metric, which counts in its place.
    ReplacedBy {
        /// The combined metric.
        combined: String,
    },
}

/// A metric left out of an average, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    /// The metric's id.
    pub metric: String,
    /// Why it does not count.
    pub reason: ExclusionReason,
}

/// A metric that counted, with its share of the average.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// The metric's id.
    pub metric: String,
    /// Its domain.
    pub domain: String,
    /// Its score.
    pub score: Decimal,
    /// Its weight.
    pub weight: Weight,
}

/// A mean of scores, unrounded and as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mean {
    /// Exact to 28 significant digits; segmenting and comparisons that need precision use this.
    pub unrounded: Decimal,
    /// Rounded to 2 dp under the stated rule, as NHSE publishes it.
    pub published: Decimal,
    /// How many metrics counted (the sum of weights may differ).
    pub metrics: usize,
}

/// A provider's average metric score, its domain scores and the metrics behind them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AverageScore {
    /// The average over every counted metric; `None` when no metric counted.
    pub overall: Option<Mean>,
    /// The same average within each domain (domains with no counted metric are absent).
    pub domains: BTreeMap<String, Mean>,
    /// The metrics that counted, in input order.
    pub contributions: Vec<Contribution>,
    /// The metrics left out, in input order, with the reason.
    pub exclusions: Vec<Exclusion>,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The exact weighted mean of `(score, weight)` pairs, dividing once at the end.
fn weighted_mean(items: &[(Decimal, Weight)], rounding: Rounding) -> Result<Option<Mean>, Error> {
    if items.is_empty() {
        return Ok(None);
    }
    let overflow = || Error::argument("weights", "", "the weights' common denominator is too large");
    let mut lcm: u128 = 1;
    for (_, w) in items {
        let d = w.denominator();
        lcm = (lcm / gcd(lcm, d)).checked_mul(d).ok_or_else(overflow)?;
    }
    let (mut total, mut sum) = (Decimal::ZERO, Decimal::ZERO);
    for (score, w) in items {
        let k = w.numerator().checked_mul(lcm / w.denominator()).ok_or_else(overflow)?;
        let k =
            i128::try_from(k).ok().and_then(|k| Decimal::try_from_i128_with_scale(k, 0).ok()).ok_or_else(overflow)?;
        total = total.checked_add(k).ok_or_else(overflow)?;
        sum = sum.checked_add(score.checked_mul(k).ok_or_else(overflow)?).ok_or_else(overflow)?;
    }
    if total.is_zero() {
        return Ok(None);
    }
    let unrounded = sum.checked_div(total).ok_or_else(overflow)?;
    Ok(Some(Mean { unrounded, published: rounding.apply(unrounded, SCORE_DECIMALS), metrics: items.len() }))
}

/// Averages one provider's metric scores, overall and by domain.
///
/// Scores outside 1.00–4.00 and repeated metric ids are refused as [`Error::Data`], naming
/// the metric. Published scores are rounded; NHSE averages unrounded ones, so an average of
/// published scores can differ from NHSE's by 0.01.
///
/// ```
/// use ics_outcomes::oversight::{average, Combination, ScoredMetric};
/// use ics_outcomes::Rounding;
/// let d = |s: &str| Some(s.parse().unwrap());
/// let metrics = [
///     ScoredMetric::new("OF1061", "Patient safety", d("1.50")),
///     ScoredMetric::new("OF1079", "Finance", d("4.00")),
///     ScoredMetric::new("OF1081", "Finance", d("1.00")),
///     ScoredMetric::new("OF1080", "Finance", d("2.00")),
///     ScoredMetric::new("OF1084", "People", None),
/// ];
/// let combined = [Combination { combined: "OF1080".into(), components: vec!["OF1079".into(), "OF1081".into()] }];
/// let avg = average(&metrics, &combined, Rounding::HalfAwayFromZero)?;
/// assert_eq!(avg.overall.unwrap().published.to_string(), "1.75");
/// assert_eq!(avg.exclusions.len(), 3);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn average(
    metrics: &[ScoredMetric],
    combinations: &[Combination],
    rounding: Rounding,
) -> Result<AverageScore, Error> {
    let replaced: HashMap<&str, &str> = combinations
        .iter()
        .flat_map(|c| c.components.iter().map(move |component| (component.as_str(), c.combined.as_str())))
        .collect();
    let mut issues = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut result =
        AverageScore { overall: None, domains: BTreeMap::new(), contributions: vec![], exclusions: vec![] };
    for (i, m) in metrics.iter().enumerate() {
        if let Some(first) = seen.insert(m.metric.as_str(), i) {
            let kind = IssueKind::Duplicate { first: format!("metrics[{first}].metric") };
            issues.push(Issue::new(format!("metrics[{i}].metric"), m.metric.clone(), kind));
            continue;
        }
        if let Some(combined) = replaced.get(m.metric.as_str()) {
            let reason = ExclusionReason::ReplacedBy { combined: (*combined).to_owned() };
            result.exclusions.push(Exclusion { metric: m.metric.clone(), reason });
            continue;
        }
        match m.score {
            None => result.exclusions.push(Exclusion { metric: m.metric.clone(), reason: ExclusionReason::Missing }),
            Some(score) if !in_range(score) => {
                issues.push(out_of_range(format!("metrics[{i}].score ({})", m.metric), score))
            }
            Some(score) => result.contributions.push(Contribution {
                metric: m.metric.clone(),
                domain: m.domain.clone(),
                score,
                weight: m.weight,
            }),
        }
    }
    if !issues.is_empty() {
        return Err(Error::Data {
            data: DataKind::OversightScores,
            source_name: "<metric scores>".into(),
            issues: Issues(issues),
        });
    }
    let all: Vec<(Decimal, Weight)> = result.contributions.iter().map(|c| (c.score, c.weight)).collect();
    result.overall = weighted_mean(&all, rounding)?;
    let mut by_domain: BTreeMap<&str, Vec<(Decimal, Weight)>> = BTreeMap::new();
    for c in &result.contributions {
        by_domain.entry(c.domain.as_str()).or_default().push((c.score, c.weight));
    }
    for (domain, items) in by_domain {
        if let Some(mean) = weighted_mean(&items, rounding)? {
            result.domains.insert(domain.to_owned(), mean);
        }
    }
    Ok(result)
}
