//! Step 1 of the NOF: each metric scored 1.00 (best) to 4.00 (worst).
//!
//! Under the standard model a provider meeting the metric's standard scores 1.00 and one
//! failing its floor 4.00; every other provider is ranked in the metric's direction and
//! placed by its rank on an even spread between the bookends (1.00–4.00 with neither,
//! 2.00–4.00 with a standard, 1.00–3.00 with a floor), rounded to 2 dp. Ties share the
//! best score of their cluster because they share the best (competition) rank.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::target::DecimalText;
use crate::{Error, Issue, IssueKind, Issues, Polarity, Rounding};

/// The best metric score.
pub const BEST_SCORE: Decimal = Decimal::ONE;
/// The worst metric score.
pub const WORST_SCORE: Decimal = Decimal::from_parts(4, 0, 0, false, 0);
/// Published metric, domain and average scores carry two decimal places.
pub const SCORE_DECIMALS: u32 = 2;

/// Whether `a` is at least as good as `b` under a NOF metric's polarity, which
/// [`MetricRule::validate`] has checked is a judgement.
fn at_least_as_good(polarity: Polarity, a: Decimal, b: Decimal) -> bool {
    if polarity == Polarity::LowerIsBetter { a <= b } else { a >= b }
}

/// One bracket of a bespoke (banded) metric: a value at or better than `bound` scores `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Band {
    /// The value a provider must reach (`>=` when higher is better, `<=` when lower is).
    #[schemars(with = "DecimalText")]
    pub bound: Decimal,
    /// The score for reaching it, 1.00 to 4.00.
    #[schemars(with = "DecimalText")]
    pub score: Decimal,
}

/// How one metric turns values into scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum MetricRule {
    /// The manual's standard model: standard, floor, then percentile rank between bookends.
    Ranked {
        /// Which way the metric improves.
        direction: Polarity,
        /// Meeting this (at or better) scores 1.00; the rest then spread from 2.00.
        #[serde(default)]
        #[schemars(with = "Option<DecimalText>")]
        standard: Option<Decimal>,
        /// Failing this (strictly worse) scores 4.00; the rest then spread to 3.00.
        #[serde(default)]
        #[schemars(with = "Option<DecimalText>")]
        floor: Option<Decimal>,
    },
    /// Bespoke scoring: the first band (in the order given) the value reaches, else `otherwise`.
    Bands {
        /// Which way the metric improves, deciding what "reaching" a bound means.
        direction: Polarity,
        /// The brackets, tried in order.
        bands: Vec<Band>,
        /// The score of a value reaching no band.
        #[schemars(with = "DecimalText")]
        otherwise: Decimal,
    },
}

/// A metric rule written as named text fields, as a dict or a table row gives it: the
/// front ends pass what they were given and [`MetricRule::from_text`] reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleText {
    /// Every key given, so that one the rule does not have is refused, not ignored.
    pub keys: Vec<String>,
    /// `ranked` or `bands`; absent: bands when `bands` is given.
    pub rule: Option<String>,
    /// `higher_is_better` or `lower_is_better`.
    pub direction: Option<String>,
    /// A ranked rule's standard.
    pub standard: Option<String>,
    /// A ranked rule's floor.
    pub floor: Option<String>,
    /// A banded rule's bands, each its bound and score.
    pub bands: Option<Vec<(Option<String>, Option<String>)>>,
    /// A banded rule's score for a value reaching no band.
    pub otherwise: Option<String>,
}

const RANKED_KEYS: [&str; 4] = ["rule", "direction", "standard", "floor"];
const BANDED_KEYS: [&str; 4] = ["rule", "direction", "bands", "otherwise"];

impl MetricRule {
    /// Reads a rule from its text fields; every error is an [`Error::Argument`] naming
    /// `path.key` (e.g. `rules[OF0057].direction`) and the value.
    ///
    /// ```
    /// use ics_outcomes::oversight::{MetricRule, RuleText};
    /// let text = RuleText {
    ///     keys: vec!["direction".into(), "standard".into()],
    ///     direction: Some("lower_is_better".into()),
    ///     standard: Some("0".into()),
    ///     ..RuleText::default()
    /// };
    /// let rule = MetricRule::from_text("rules[m]", &text)?;
    /// assert!(matches!(rule, MetricRule::Ranked { standard: Some(_), floor: None, .. }));
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    pub fn from_text(path: &str, text: &RuleText) -> Result<MetricRule, Error> {
        let at = |key: &str| format!("{path}.{key}");
        let bands = match text.rule.as_deref() {
            Some("bands") => true,
            Some("ranked") => false,
            Some(other) => return Err(Error::argument(&at("rule"), other, "should be ranked or bands")),
            None => text.bands.is_some(),
        };
        let allowed: &[&str] = if bands { &BANDED_KEYS } else { &RANKED_KEYS };
        if let Some(key) = text.keys.iter().find(|k| !allowed.contains(&k.as_str())) {
            return Err(Error::argument(&at(key), key, format!("not a key of this rule: {}", allowed.join(", "))));
        }
        let direction = text.direction.as_deref().ok_or_else(|| {
            Error::argument(&at("direction"), "", "every rule needs a direction: higher_is_better or lower_is_better")
        })?;
        let direction = match direction {
            "higher_is_better" => Polarity::HigherIsBetter,
            "lower_is_better" => Polarity::LowerIsBetter,
            other => {
                return Err(Error::argument(&at("direction"), other, "should be higher_is_better or lower_is_better"));
            }
        };
        let number = |key: &str, value: &str| {
            crate::number::parse_decimal(value).map_err(|reason| Error::argument(&at(key), value, reason))
        };
        let optional = |key: &str, value: &Option<String>| value.as_deref().map(|v| number(key, v)).transpose();
        if !bands {
            let (standard, floor) = (optional("standard", &text.standard)?, optional("floor", &text.floor)?);
            return Ok(MetricRule::Ranked { direction, standard, floor });
        }
        let bands = text
            .bands
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, (bound, score))| {
                let need = |key: &str, value: &Option<String>| {
                    let key = format!("bands[{i}].{key}");
                    value.as_deref().map_or_else(
                        || Err(Error::argument(&at(&key), "", "a band needs a bound and a score")),
                        |v| number(&key, v),
                    )
                };
                Ok(Band { bound: need("bound", bound)?, score: need("score", score)? })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let otherwise = optional("otherwise", &text.otherwise)?.ok_or_else(|| {
            Error::argument(&at("otherwise"), "", "banded rules need the score of a value reaching no band")
        })?;
        Ok(MetricRule::Bands { direction, bands, otherwise })
    }
}

/// Why a provider got its metric score: the explanation of one [`MetricScore`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum ScoreBasis {
    /// No value (not submitted, suppressed or not applicable): no score, left out of averages.
    Missing,
    /// The value meets the standard, so it scores 1.00.
    MetStandard {
        /// The standard met.
        standard: Decimal,
    },
    /// The value fails the floor, so it scores 4.00.
    FailedFloor {
        /// The floor failed.
        floor: Decimal,
    },
    /// Placed by rank: `best + (worst - best) * (rank - 1) / (of - 1)`, or `best` when `of` is 1.
    Ranked {
        /// Competition rank among the ranked providers (ties share the best rank), 1 = best.
        rank: usize,
        /// How many providers were ranked.
        of: usize,
        /// The bookend for rank 1.
        best: Decimal,
        /// The bookend for rank `of`.
        worst: Decimal,
    },
    /// The value reached band `index` (0-based) of a banded metric.
    Band {
        /// Which band, in the order given.
        index: usize,
        /// That band's bound.
        bound: Decimal,
    },
    /// The value reached no band of a banded metric.
    Otherwise,
}

impl ScoreBasis {
    /// The basis's name, as tables show it (`met_standard`, `ranked`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ScoreBasis::Missing => "missing",
            ScoreBasis::MetStandard { .. } => "met_standard",
            ScoreBasis::FailedFloor { .. } => "failed_floor",
            ScoreBasis::Ranked { .. } => "ranked",
            ScoreBasis::Band { .. } => "band",
            ScoreBasis::Otherwise => "otherwise",
        }
    }
}

/// One provider's score on one metric, unrounded and as published, with its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MetricScore {
    /// The score before rounding; NHSE averages these, not the published scores.
    pub unrounded: Option<Decimal>,
    /// The score rounded to 2 dp under the stated rule; `None` when missing.
    pub score: Option<Decimal>,
    /// Why.
    pub basis: ScoreBasis,
}

impl MetricScore {
    fn fixed(score: Decimal, basis: ScoreBasis, rounding: Rounding) -> Self {
        MetricScore { unrounded: Some(score), score: Some(rounding.apply(score, SCORE_DECIMALS)), basis }
    }
}

impl MetricRule {
    /// Checks the rule: a direction that judges, and band and fallback scores within
    /// 1.00–4.00.
    fn validate(&self) -> Result<(), Error> {
        let mut issues = Vec::new();
        let (MetricRule::Ranked { direction, .. } | MetricRule::Bands { direction, .. }) = self;
        if *direction == Polarity::NoJudgement {
            let reason = "a NOF metric is higher_is_better or lower_is_better".into();
            issues.push(Issue::new("direction", "no_judgement", IssueKind::Invalid { reason }));
        }
        if let MetricRule::Bands { bands, otherwise, .. } = self {
            for (i, band) in bands.iter().enumerate() {
                if !in_range(band.score) {
                    issues.push(out_of_range(format!("bands[{i}].score"), band.score));
                }
            }
            if !in_range(*otherwise) {
                issues.push(out_of_range("otherwise".into(), *otherwise));
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation { source_name: "<metric rule>".into(), issues: Issues(issues) })
        }
    }

    /// The bookends for the providers neither meeting a standard nor failing a floor.
    fn bookends(standard: Option<Decimal>, floor: Option<Decimal>) -> (Decimal, Decimal) {
        let best = if standard.is_some() { Decimal::TWO } else { BEST_SCORE };
        let worst = if floor.is_some() { Decimal::from(3) } else { WORST_SCORE };
        (best, worst)
    }
}

pub(crate) fn in_range(score: Decimal) -> bool {
    (BEST_SCORE..=WORST_SCORE).contains(&score)
}

pub(crate) fn out_of_range(path: String, score: Decimal) -> Issue {
    Issue::new(path, score.to_string(), IssueKind::Invalid { reason: "a NOF score lies in 1.00 to 4.00".into() })
}

/// Scores every provider's value of one metric (`None` = missing), in input order.
///
/// Missing values get no score and do not take part in the ranking.
///
/// ```
/// use ics_outcomes::Polarity;
/// use ics_outcomes::oversight::{score_metric, MetricRule};
/// use ics_outcomes::Rounding;
/// let rule = MetricRule::Ranked { direction: Polarity::LowerIsBetter, standard: Some(0.into()), floor: None };
/// let values = [Some(0.into()), Some(5.into()), None, Some(9.into()), Some(5.into())];
/// let scores = score_metric(&rule, &values, Rounding::HalfAwayFromZero)?;
/// let shown: Vec<_> = scores.iter().map(|s| s.score.map(|d| d.to_string())).collect();
/// // 0 meets the standard; the two 5s tie for the best of the rest (2.00); 9 is last (4.00).
/// assert_eq!(shown, [Some("1.00".into()), Some("2.00".into()), None, Some("4.00".into()), Some("2.00".into())]);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn score_metric(
    rule: &MetricRule,
    values: &[Option<Decimal>],
    rounding: Rounding,
) -> Result<Vec<MetricScore>, Error> {
    rule.validate()?;
    let missing = MetricScore { unrounded: None, score: None, basis: ScoreBasis::Missing };
    let mut scores = vec![missing; values.len()];
    match rule {
        MetricRule::Bands { direction, bands, otherwise } => {
            for (slot, value) in scores.iter_mut().zip(values) {
                let Some(value) = *value else { continue };
                *slot = match bands.iter().enumerate().find(|(_, b)| at_least_as_good(*direction, value, b.bound)) {
                    Some((index, band)) => {
                        MetricScore::fixed(band.score, ScoreBasis::Band { index, bound: band.bound }, rounding)
                    }
                    None => MetricScore::fixed(*otherwise, ScoreBasis::Otherwise, rounding),
                };
            }
        }
        MetricRule::Ranked { direction, standard, floor } => {
            let mut rest: Vec<(usize, Decimal)> = Vec::with_capacity(values.len());
            for (i, value) in values.iter().enumerate() {
                let Some(value) = *value else { continue };
                if let Some(standard) = standard.filter(|s| at_least_as_good(*direction, value, *s)) {
                    scores[i] = MetricScore::fixed(BEST_SCORE, ScoreBasis::MetStandard { standard }, rounding);
                } else if let Some(floor) = floor.filter(|f| !at_least_as_good(*direction, value, *f)) {
                    scores[i] = MetricScore::fixed(WORST_SCORE, ScoreBasis::FailedFloor { floor }, rounding);
                } else {
                    rest.push((i, value));
                }
            }
            // Best first, then competition ranks (`ranking`).
            rest.sort_by(|a, b| if *direction == Polarity::LowerIsBetter { a.1.cmp(&b.1) } else { b.1.cmp(&a.1) });
            let (best, worst) = MetricRule::bookends(*standard, *floor);
            let mut ranks = vec![0; rest.len()];
            let order: Vec<usize> = (0..rest.len()).collect();
            crate::util::ranking::competition(&order, |a, b| rest[a].1 == rest[b].1, |k, rank| ranks[k] = rank);
            for (&(i, _), &rank) in rest.iter().zip(&ranks) {
                scores[i] = spread_score(rank, rest.len(), best, worst, rounding)?;
            }
        }
    }
    Ok(scores)
}

/// The score at `rank` of `of` on an even spread from `best` to `worst`, unrounded and to 2 dp.
///
/// Public so that a published rank (NHSE ranks unrounded values) can be scored directly.
///
/// ```
/// use ics_outcomes::oversight::spread_score;
/// use ics_outcomes::Rounding;
/// let s = spread_score(2, 61, 1.into(), 4.into(), Rounding::HalfAwayFromZero)?;
/// assert_eq!(s.score.unwrap().to_string(), "1.05");
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn spread_score(
    rank: usize,
    of: usize,
    best: Decimal,
    worst: Decimal,
    rounding: Rounding,
) -> Result<MetricScore, Error> {
    if rank == 0 || rank > of {
        return Err(Error::argument("rank", rank, format!("a rank lies in 1 to the number ranked, {of}")));
    }
    if !in_range(best) || !in_range(worst) || best > worst {
        return Err(Error::argument(
            "bookends",
            format!("{best} to {worst}"),
            "bookends lie in 1.00 to 4.00, best first",
        ));
    }
    let unrounded = if of == 1 {
        best
    } else {
        let step = Decimal::from(rank as u64 - 1) / Decimal::from(of as u64 - 1);
        best + (worst - best) * step
    };
    Ok(MetricScore {
        unrounded: Some(unrounded),
        score: Some(rounding.apply(unrounded, SCORE_DECIMALS)),
        basis: ScoreBasis::Ranked { rank, of, best, worst },
    })
}
