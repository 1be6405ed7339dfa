//! The NHS Oversight Framework (NOF) 2025/26 methodology: metric scores, average and domain
//! scores, segments 1–5 and league tables, each explaining itself.
//!
//! # Method
//!
//! 1. **Metric scores** ([`score_metric`]) run from 1.00 (best) to 4.00. Meeting a standard
//!    scores 1.00 and failing a floor 4.00; the rest are spread evenly by competition rank
//!    between bookends (1–4, or 2–4 with a standard, 1–3 with a floor) and rounded to 2 dp
//!    under a stated [`Rounding`] (default half away from zero). Ties share the best rank, so
//!    the best score of their cluster. Bespoke metrics use [`MetricRule::Bands`].
//! 2. **Average and domain scores** ([`average`]): exact weighted means (weights are
//!    fractions, e.g. 1/3 for each infection rate) over the scored metrics; missing metrics
//!    and the components of a [`Combination`] are left out and listed. The unrounded mean is
//!    kept; the published one is rounded to 2 dp.
//! 3. **Segments** ([`SegmentRule`]): the published average against three cut points, either
//!    quartiles over a [`Population`] (2025/26) or fixed thresholds (2026/27 style).
//! 4. **Overrides** ([`adjust`]): a provider in deficit (or receiving deficit support) is
//!    capped at segment 3; a provider in the recovery programme is segment 5.
//! 5. **League tables** ([`league_table`]) rank by the capped segment, then the published
//!    average; [`movements`] explains quarter-on-quarter changes.
//! 6. **ICS oversight** ([`ics_oversight`]) applies steps 1–5 to the ICSs on a national
//!    framework's metrics, beside their equal-weighted framework scores.
//!
//! # What the published data confirms
//!
//! NHS England's 2025/26 mental health and community trust data reproduce steps 2, 4 and 5
//! and the rank formula of step 1 (see the crate's `tests/oversight.rs`). The cut points of
//! step 3 are **not** the within-type quartiles the manual describes: they look pooled across
//! trust types, which cannot be checked without the acute and ambulance files, hence the
//! [`Population`] setting and supplied [`SegmentRule::Thresholds`].
//!
//! ```
//! use ics_outcomes::oversight::{assess, league_table, OversightSettings, ProviderInput, ScoredMetric, SegmentRule};
//! let d = |s: &str| Some(s.parse().unwrap());
//! let provider = |code: &str, score: &str, in_deficit: bool| ProviderInput {
//!     code: code.into(),
//!     provider_type: "Acute".into(),
//!     metrics: vec![ScoredMetric::new("OF1013", "Access", d(score)), ScoredMetric::new("OF1084", "People", d("2.00"))],
//!     in_deficit,
//!     in_recovery_programme: false,
//! };
//! let settings = OversightSettings {
//!     segments: SegmentRule::Thresholds { cuts: ["1.75".parse()?, "2.25".parse()?, "2.75".parse()?] },
//!     ..OversightSettings::default()
//! };
//! let results = assess(&[provider("A", "1.00", true), provider("B", "3.00", false)], &settings)?;
//! assert_eq!(results[0].average_published.to_string(), "1.50");
//! assert_eq!((results[0].segments.unadjusted, results[0].segments.segment), (1, 3)); // capped: deficit
//! let ranks: Vec<usize> = league_table(&[("A", 3, results[0].average_published), ("B", 3, results[1].average_published)])
//!     .iter().map(|p| p.rank).collect();
//! assert_eq!(ranks, [1, 2]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod average;
mod ics;
mod league;
mod metric_score;
mod rows;
mod segment;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use average::{AverageScore, Combination, Contribution, Exclusion, ExclusionReason, Mean, ScoredMetric, average};
pub use ics::{
    IcsMetric, IcsOversight, IcsOversightSettings, ics_oversight, ics_oversight_table, ics_result, unknown_ics,
};
pub use league::{LeaguePosition, Movement, MovementCause, league_table, movements};
pub use metric_score::{
    BEST_SCORE, Band, MetricRule, MetricScore, RuleText, SCORE_DECIMALS, ScoreBasis, WORST_SCORE, score_metric,
    spread_score,
};
pub use rows::{ProviderAssessments, ProviderRows, assess_rows, score_metric_rows};
pub use segment::{Adjusted, CutPoints, DEFICIT_CAP, Override, Population, SegmentRule, adjust};

use crate::error::DataKind;
use crate::{Error, Issue, IssueKind, Issues, Rounding};

/// The choices the method leaves open, with NOF 2025/26 defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct OversightSettings {
    /// How averages become segments; default quartiles within provider type, as the manual says.
    pub segments: SegmentRule,
    /// How scores are rounded to 2 dp; default half away from zero.
    pub rounding: Rounding,
    /// Combined metrics that replace their components; default `OF1080` from `OF1079` and `OF1081`.
    pub combinations: Vec<Combination>,
}

impl Default for OversightSettings {
    fn default() -> Self {
        OversightSettings {
            segments: SegmentRule::default(),
            rounding: Rounding::default(),
            combinations: vec![Combination {
                combined: "OF1080".into(),
                components: vec!["OF1079".into(), "OF1081".into()],
            }],
        }
    }
}

/// One provider's metric scores and override flags for a quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderInput {
    /// The provider's ODS code.
    pub code: String,
    /// Its type (acute, mental health and community, ambulance): the quartile population.
    pub provider_type: String,
    /// Its metric scores.
    pub metrics: Vec<ScoredMetric>,
    /// Reporting a deficit or receiving deficit support (NOF field `OF5004`).
    pub in_deficit: bool,
    /// In the Recovery Support Programme (`OF5007`).
    pub in_recovery_programme: bool,
}

/// One provider's result, with everything that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Assessment {
    /// The provider's code.
    pub code: String,
    /// Its type.
    pub provider_type: String,
    /// The average and domain scores with their contributions and exclusions.
    pub average: AverageScore,
    /// The published (2 dp) average, the figure segmented and ranked on (`OF5002`).
    pub average_published: Decimal,
    /// The cut points the unadjusted segment was read from.
    pub cut_points: CutPoints,
    /// The segments before and after the overrides, and the overrides applied.
    pub segments: Adjusted,
}

/// Assesses every provider of a quarter: averages, segments (cut points over the stated
/// population), overrides. Results are in input order.
///
/// A provider with no scored metric cannot be segmented and is refused as [`Error::Data`].
pub fn assess(providers: &[ProviderInput], settings: &OversightSettings) -> Result<Vec<Assessment>, Error> {
    let mut averages = Vec::with_capacity(providers.len());
    let mut issues = Vec::new();
    for (i, p) in providers.iter().enumerate() {
        let avg = average(&p.metrics, &settings.combinations, settings.rounding)?;
        match avg.overall {
            Some(mean) => averages.push((avg, mean.published)),
            None => issues.push(Issue::new(format!("providers[{i}].metrics"), p.code.clone(), IssueKind::Missing)),
        }
    }
    if !issues.is_empty() {
        return Err(Error::Data {
            data: DataKind::OversightScores,
            source_name: "<providers>".into(),
            issues: Issues(issues),
        });
    }
    let cut_points: BTreeMap<&str, CutPoints> = match &settings.segments {
        SegmentRule::Thresholds { cuts } => {
            let cuts = CutPoints::thresholds(*cuts)?;
            providers.iter().map(|p| (p.provider_type.as_str(), cuts.clone())).collect()
        }
        SegmentRule::Quartiles { population: Population::Pooled } => {
            let all: Vec<Decimal> = averages.iter().map(|a| a.1).collect();
            let cuts = CutPoints::quartiles(&all, "pooled")?;
            providers.iter().map(|p| (p.provider_type.as_str(), cuts.clone())).collect()
        }
        SegmentRule::Quartiles { population: Population::WithinType } => {
            let mut by_type: BTreeMap<&str, Vec<Decimal>> = BTreeMap::new();
            for (p, a) in providers.iter().zip(&averages) {
                by_type.entry(p.provider_type.as_str()).or_default().push(a.1);
            }
            by_type
                .into_iter()
                .map(|(t, values)| CutPoints::quartiles(&values, t).map(|c| (t, c)))
                .collect::<Result<_, _>>()?
        }
    };
    providers
        .iter()
        .zip(averages)
        .map(|(p, (average, published))| {
            let cuts = cut_points
                .get(p.provider_type.as_str())
                .cloned()
                .ok_or_else(|| Error::argument("provider_type", &p.provider_type, "no cut points for this type"))?;
            let segments = adjust(cuts.segment(published), p.in_deficit, p.in_recovery_programme)?;
            Ok(Assessment {
                code: p.code.clone(),
                provider_type: p.provider_type.clone(),
                average,
                average_published: published,
                cut_points: cuts,
                segments,
            })
        })
        .collect()
}
