//! A seeded generator of synthetic observations, for demonstrations, tests and
//! benchmarks. It produces the embedded default data.
//!
//! The generator uses SplitMix64 and approximates normal draws by the sum of twelve
//! uniforms (Irwin–Hall), so it needs only IEEE additions and multiplications: the same
//! seed gives the same bytes on every platform and every version of this crate. Each
//! area and each (area, metric) pair draws from its own stream, keyed by a hash of the
//! ids, so adding an area or a metric leaves the others' values unchanged.
//!
//! ```
//! use ics_outcomes::defaults::{Edition, SEED};
//! // The embedded observations are what this generator writes with the default seed.
//! let generated = Edition::Plan2025_26.generate_observations(SEED);
//! let mut csv = Vec::new();
//! generated.write_csv(&mut csv)?;
//! assert_eq!(String::from_utf8(csv).unwrap(), Edition::Plan2025_26.observations_csv());
//! assert_ne!(Edition::Plan2025_26.generate_observations(SEED + 1), generated);
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

use rust_decimal::Decimal;

use crate::metric::Metric;
use crate::observation::Observation;
use crate::period::Period;
use crate::util::random::SplitMix64;

/// How one metric's synthetic values behave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricModel {
    /// The national mean at the first period.
    pub centre: f64,
    /// Standard deviation of the area means around the centre.
    pub spread: f64,
    /// Change of the mean per period.
    pub trend: f64,
    /// Standard deviation of period-to-period noise.
    pub noise: f64,
    /// For ratio metrics, the typical denominator of an average-sized area per period;
    /// numerators and denominators are then generated and the value derived from them.
    pub denominator: Option<u64>,
}

/// FNV-1a, to key streams by id.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn stream(seed: u64, keys: &[&str]) -> SplitMix64 {
    let mut mix = SplitMix64(keys.iter().fold(seed, |acc, k| acc.rotate_left(17) ^ fnv1a(k)));
    mix.next_u64();
    mix
}

fn decimal(value: f64, decimals: usize) -> Decimal {
    format!("{value:.decimals$}").parse().unwrap_or_default()
}

/// Generates one observation per area, metric and period.
///
/// Areas differ in size (a factor from 0.4 to 2.5 applied to denominators) and in level;
/// each metric follows its [`MetricModel`]. Percentages stay within 0 to 100, and other
/// units other than money stay non-negative.
///
/// ```
/// use ics_outcomes::synthetic::{generate, MetricModel};
/// let metric = ics_outcomes::defaults::national_framework().metric("ae_4h").unwrap().clone();
/// let model = MetricModel { centre: 75.0, spread: 3.0, trend: 0.5, noise: 1.0, denominator: Some(100_000) };
/// let periods = ["2025/26 Q1".parse().unwrap(), "2025/26 Q2".parse().unwrap()];
/// let rows = generate(7, &["E54000057"], &[(&metric, model)], &periods);
/// assert_eq!(rows.len(), 2);
/// assert_eq!(rows, generate(7, &["E54000057"], &[(&metric, model)], &periods));
/// ```
pub fn generate(seed: u64, areas: &[&str], metrics: &[(&Metric, MetricModel)], periods: &[Period]) -> Vec<Observation> {
    let mut rows = Vec::with_capacity(areas.len() * metrics.len() * periods.len());
    for area in areas {
        let size = 0.4 + 2.1 * stream(seed, &[area]).uniform();
        for (metric, model) in metrics {
            let mut rng = stream(seed, &[area, &metric.id]);
            let level = model.centre + model.spread * rng.normal();
            // Counts are whole; other values carry two places beyond publication.
            let places = if metric.unit == crate::metric::Unit::Count { 0 } else { metric.decimals as usize + 2 };
            for (t, &period) in periods.iter().enumerate() {
                let mut value = level + model.trend * t as f64 + model.noise * rng.normal();
                match metric.unit {
                    crate::metric::Unit::Percentage => value = value.clamp(0.0, 100.0),
                    crate::metric::Unit::Gbp => {}
                    _ => value = value.max(0.0),
                }
                let row = match (model.denominator, metric.unit.multiplier()) {
                    (Some(typical), Some(multiplier)) => {
                        let denominator = (typical as f64 * size * (1.0 + 0.03 * rng.normal())).round().max(1.0);
                        let ratio = value / decimal_to_f64(multiplier);
                        let numerator = (denominator * ratio).round().clamp(0.0, denominator.max(denominator * ratio));
                        let (n, d) = (Decimal::from(numerator as u64), Decimal::from(denominator as u64));
                        Observation {
                            area: (*area).to_owned(),
                            metric: metric.id.clone(),
                            period,
                            value: Some((n * multiplier / d).round_dp(4)),
                            numerator: Some(n),
                            denominator: Some(d),
                        }
                    }
                    _ => Observation {
                        area: (*area).to_owned(),
                        metric: metric.id.clone(),
                        period,
                        value: Some(decimal(value, places)),
                        numerator: None,
                        denominator: None,
                    },
                };
                rows.push(row);
            }
        }
    }
    rows
}

fn decimal_to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(1.0)
}

/// Spending categories of the synthetic budgets and their shares of non-prevention spending.
const BUDGET_CATEGORIES: [(&str, f64); 7] = [
    ("acute", 0.50),
    ("community", 0.12),
    ("mental_health", 0.10),
    ("primary_care", 0.10),
    ("prescribing", 0.09),
    ("continuing_care", 0.05),
    ("other", 0.04),
];

/// Synthetic budget lines, in whole pounds: for each area a total of £2bn to £8bn growing about
/// 3% a year, a prevention share starting between 3.5% and 5.5% and moving by a drawn
/// 0.0–0.4 percentage points a year, and the rest split over seven categories.
/// Deterministic for a seed, like [`generate`].
pub fn budgets(seed: u64, areas: &[&str], years: &[Period]) -> Vec<crate::prevention::BudgetLine> {
    let mut lines = Vec::with_capacity(areas.len() * years.len() * (BUDGET_CATEGORIES.len() + 1));
    for area in areas {
        let mut random = stream(seed, &[area, "budget"]);
        let base = 2.0e9 + 6.0e9 * random.uniform();
        let share = 0.035 + 0.02 * random.uniform();
        let drift = 0.004 * random.uniform();
        for (k, &year) in years.iter().enumerate() {
            let total = base * 1.03_f64.powi(k as i32) * (1.0 + 0.005 * random.normal());
            let prevention = total * (share + drift * k as f64 + 0.001 * random.normal()).max(0.0);
            let line = |category: &str, pounds: f64| crate::prevention::BudgetLine {
                area: (*area).to_owned(),
                year,
                category: category.to_owned(),
                amount: decimal(pounds.max(0.0), 0),
            };
            lines.push(line("prevention", prevention));
            for (category, part) in BUDGET_CATEGORIES {
                lines.push(line(category, (total - prevention) * part));
            }
        }
    }
    lines
}

/// Synthetic maturity assessments of `areas` against `model` in assessment round `round`
/// (0 for the first): every criterion is scored, those derived from outcome data too (the
/// system's own view, which outcome data outrank when present). Each area has
/// a capability drawn once, so rounds are comparable, and improves by about a tenth of the
/// scale a round. With `providers`, each area has that many (from `min` to `max`) providers
/// who self-assess (as in the NHS England digital maturity assessment, and centred near its
/// 2023 national mean of 2.4 on a 1-5 scale), coded `AREA-P1` and so on; otherwise the system self-assesses and is peer reviewed, rating itself a
/// point higher about a third of the time and two points higher about once in twenty.
/// About one score in twelve has no evidence note. Scores are whole points on the scale.
pub fn maturity_assessments(
    seed: u64,
    model: &crate::maturity::MaturityModel,
    areas: &[&str],
    round: u32,
    providers: Option<(usize, usize)>,
) -> Vec<crate::maturity::Assessment> {
    use crate::maturity::{Assessment, Source};
    let label = format!("round {}", round + 1);
    let mut rows = Vec::new();
    for area in areas {
        let draw = stream(seed, &[area, model.def().id.as_str(), "capability"]).uniform();
        // Providers' self-ratings centre near the 2023 digital maturity assessment's national 2.4 of 5.
        let capability = if providers.is_some() { 0.05 + 0.4 * draw } else { 0.15 + 0.8 * draw };
        let mut random = stream(seed, &[area, model.def().id.as_str(), &label]);
        let assessors: Vec<(Option<String>, Source)> = match providers {
            Some((min, max)) => {
                let n = min + (random.uniform() * (max.saturating_sub(min) + 1) as f64) as usize;
                (1..=n).map(|k| (Some(format!("{area}-P{k}")), Source::SelfAssessment)).collect()
            }
            None => vec![(None, Source::PeerReview), (None, Source::SelfAssessment)],
        };
        for criterion in model.criteria() {
            let (min, max) = (decimal_to_f64(criterion.scale.min), decimal_to_f64(criterion.scale.max));
            let level = (capability + 0.1 * f64::from(round) + 0.12 * random.normal()).clamp(0.0, 1.0);
            let peer = (min + level * (max - min)).round();
            for (provider, source) in &assessors {
                let optimism = match (source, random.uniform()) {
                    (Source::SelfAssessment, u) if providers.is_none() && u < 0.05 => 2.0,
                    (Source::SelfAssessment, u) if providers.is_none() && u < 0.35 => 1.0,
                    (Source::SelfAssessment, _) if providers.is_some() => (0.6 * random.normal()).round(),
                    _ => 0.0,
                };
                let score = (peer + optimism).clamp(min, max);
                let evidence = (random.uniform() >= 1.0 / 12.0).then(|| match source {
                    Source::PeerReview => format!("peer review, {label}"),
                    _ => format!("self-assessment, {label}"),
                });
                rows.push(Assessment {
                    area: (*area).to_owned(),
                    criterion: criterion.id.clone(),
                    provider: provider.clone(),
                    source: *source,
                    score: decimal(score, 0),
                    evidence,
                });
            }
        }
    }
    rows
}
