//! CQC single assessment framework ratings from quality-statement scores.
//!
//! Each quality statement is scored 1 (significant shortfalls) to 4 (exceptional). All
//! statements weigh the same; the percentage is `Σ scores / (4 n) × 100`, so all 1s give the
//! 25% floor. The bands are CQC's: 25–38% inadequate, 39–62% requires improvement, 63–87%
//! good, 88% and above outstanding, and the percentage also shows the position within the band.
//!
//! Two points are not settled by CQC's published wording, so they are settings:
//! how a fractional percentage meets whole-number bands ([`BandMatch`]: rounded to a whole
//! percent by default), and the limiter rules ([`Limiter`]: none by default).
//!
//! ```
//! use ics_outcomes::ratings::{Rating, RatingRules, cqc_rating};
//! let result = cqc_rating(&[3, 3, 3, 2, 4, 3, 3, 3, 3], &RatingRules::default())?;
//! assert_eq!(result.total, 27);
//! assert_eq!(result.percentage.to_string(), "75");
//! assert_eq!(result.rating, Rating::Good);
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::error::{IssueKind, IssueLog};

/// A CQC rating, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// 25–38%.
    Inadequate,
    /// 39–62%.
    RequiresImprovement,
    /// 63–87%.
    Good,
    /// 88% and above.
    Outstanding,
}

impl Rating {
    /// The rating as CQC writes it, e.g. `requires improvement`.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Inadequate => "inadequate",
            Rating::RequiresImprovement => "requires improvement",
            Rating::Good => "good",
            Rating::Outstanding => "outstanding",
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How a percentage with a fraction meets the whole-number bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BandMatch {
    /// Round to a whole percent, halves up (38.5% is 39%, requires improvement), then band:
    /// CQC publishes whole percentages against whole-number bands.
    #[default]
    WholePercent,
    /// Compare the exact percentage with each band's lower bound (38.9% is still inadequate).
    Exact,
}

/// A limiter: if any statement scores at or below `score_at_most`, the rating is at most `cap`.
///
/// CQC's guidance describes limiters only informally (one statement below good limits a key
/// question; any 1 or 2 can pull outstanding down to good), so none apply unless configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limiter {
    /// The score that triggers the limiter, and any lower.
    pub score_at_most: i64,
    /// The best rating allowed when it triggers.
    pub cap: Rating,
}

impl Limiter {
    /// Any score of 1 or 2 caps the rating at good (no outstanding with shortfalls).
    pub const SHORTFALL_CAPS_AT_GOOD: Limiter = Limiter { score_at_most: 2, cap: Rating::Good };
    /// Any score of 1 caps the rating at requires improvement.
    pub const SIGNIFICANT_SHORTFALL_CAPS_AT_REQUIRES_IMPROVEMENT: Limiter =
        Limiter { score_at_most: 1, cap: Rating::RequiresImprovement };
}

/// The rules a rating is made under.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingRules {
    /// How fractional percentages meet the bands.
    pub band_match: BandMatch,
    /// Limiters, applied in order; the lowest cap wins.
    pub limiters: Vec<Limiter>,
}

/// A rating and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CqcRating {
    /// How many quality statements were scored.
    pub statements: usize,
    /// The sum of their scores.
    pub total: i64,
    /// `total / (4 × statements) × 100`, exact (28 significant digits at most).
    pub percentage: Decimal,
    /// The percentage the bands were applied to (whole percent, or exact).
    pub banded_percentage: Decimal,
    /// The rating from the bands alone.
    pub band_rating: Rating,
    /// The rating after limiters.
    pub rating: Rating,
    /// The limiter that lowered the rating, if one did.
    pub limited_by: Option<Limiter>,
    /// Where the banded percentage sits within its band, from 0 (its lower bound) to 1 (its
    /// upper bound; 100% for outstanding).
    pub position_in_band: Decimal,
}

/// Each band's lower and upper bound in percent.
const BANDS: [(Rating, i64, i64); 4] = [
    (Rating::Inadequate, 25, 38),
    (Rating::RequiresImprovement, 39, 62),
    (Rating::Good, 63, 87),
    (Rating::Outstanding, 88, 100),
];

/// Rates a set of quality-statement scores (each 1 to 4, equally weighted).
///
/// # Errors
/// [`Error::Validation`] when there are no scores, or a score is outside 1 to 4 (naming its
/// position and value).
pub fn cqc_rating(scores: &[i64], rules: &RatingRules) -> Result<CqcRating, Error> {
    let mut log = IssueLog::default();
    if scores.is_empty() {
        log.push("scores", "", IssueKind::Missing);
    }
    for (i, &score) in scores.iter().enumerate() {
        if !(1..=4).contains(&score) {
            log.push(
                format!("scores[{i}]"),
                score.to_string(),
                IssueKind::Invalid { reason: "a quality statement score is 1, 2, 3 or 4".into() },
            );
        }
    }
    for (i, limiter) in rules.limiters.iter().enumerate() {
        if !(1..=4).contains(&limiter.score_at_most) {
            log.push(
                format!("limiters[{i}].score_at_most"),
                limiter.score_at_most.to_string(),
                IssueKind::Invalid { reason: "a limiter's score is 1, 2, 3 or 4".into() },
            );
        }
    }
    log.into_validation("<cqc rating>")?;

    // Each score is 1 to 4 here, so no sum of a slice that fits in memory overflows.
    let total: i64 = scores.iter().sum();
    let statements = scores.len();
    let percentage = Decimal::from(total) * Decimal::ONE_HUNDRED / Decimal::from(4 * statements as u64);
    let percentage = percentage.normalize();
    let banded_percentage = match rules.band_match {
        BandMatch::WholePercent => percentage.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero),
        BandMatch::Exact => percentage,
    };
    // The best band whose lower bound the percentage reaches (every percentage is at least 25).
    let (band_rating, low, high) =
        BANDS.iter().rev().find(|&&(_, low, _)| banded_percentage >= Decimal::from(low)).copied().unwrap_or(BANDS[0]);
    let span = Decimal::from(high - low);
    let position_in_band = ((banded_percentage - Decimal::from(low)) / span).min(Decimal::ONE).max(Decimal::ZERO);

    let lowest = scores.iter().copied().min().unwrap_or(4);
    let limited_by = rules
        .limiters
        .iter()
        .filter(|l| lowest <= l.score_at_most && l.cap < band_rating)
        .min_by_key(|l| l.cap)
        .copied();
    let rating = limited_by.map_or(band_rating, |l| l.cap);
    Ok(CqcRating {
        statements,
        total,
        percentage,
        banded_percentage,
        band_rating,
        rating,
        limited_by,
        position_in_band: position_in_band.normalize(),
    })
}
