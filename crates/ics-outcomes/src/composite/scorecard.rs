//! How far each ICS's rank in a scorecard would move under reasonable alternatives: noise on
//! the priority and target weights, another weighting policy, another way of scoring
//! attainment. The answer is a rank interval beside each rank.
//!
//! A replication rescores every ICS from the scorecard's own target scores (no data is read
//! again), in f64:
//! - each priority and each target weight is multiplied by `1 + f·(2u − 1)`, `u` uniform,
//!   with one draw per priority and per target shared by every ICS (COINr's noisy weights);
//! - the weighting policy is drawn from the alternatives: equal per priority (a priority's
//!   score is the weighted mean of its scored targets; the overall the weighted mean of the
//!   scored priorities), equal per target (the weighted mean of all scored targets, a target
//!   weighing its priority's weight times its own), or equal per tier (each tier present
//!   weighs the same, shared by its priorities);
//! - the attainment scoring is drawn from the alternatives: as the framework defines it, or
//!   binary (1 when met or on track, else 0).
//!
//! Targets the scorecard left out for want of data stay out, so their weight is shared as
//! the scorecard shares it. Without noise and with the nominal choices a replication gives
//! the scorecard's overall scores to within float rounding; scores are rounded to 12 places
//! before ranking so that exact ties stay ties. Replication `r` draws from its own SplitMix64
//! stream keyed by `(seed, r)`: the same seed gives the same result on every machine.

use std::collections::HashMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::rank::{descending_min_ranks, summarise_ranks};
use crate::Error;
use crate::capacity::ensure_allocatable;
use crate::framework::Tier;
use crate::scoring::Scorecard;
use crate::target::Attainment;
use crate::util::random::SplitMix64;
use crate::weighting::Weighting;

/// A way of scoring a target's attainment, for the alternatives of an uncertainty analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoringAlternative {
    /// As the framework defines each target's score.
    AsDefined,
    /// 1 when met or on track, else 0.
    Binary,
}

/// The alternatives and their number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RankUncertaintyOptions {
    /// Replications.
    pub replications: usize,
    /// The seed.
    pub seed: u64,
    /// The noise factor `f` on every priority and target weight (0 to 1; 0 for none).
    pub weight_noise: Decimal,
    /// Weighting policies drawn with equal probability (explicit weights are not an
    /// alternative); empty: the scorecard's own.
    pub policies: Vec<Weighting>,
    /// Attainment scorings drawn with equal probability; empty: as defined.
    pub scoring: Vec<ScoringAlternative>,
}

impl Default for RankUncertaintyOptions {
    /// 1,000 replications, seed 1, ±25 % weight noise, the three equal-weight policies and
    /// both scorings.
    fn default() -> Self {
        RankUncertaintyOptions {
            replications: 1000,
            seed: 1,
            weight_noise: Decimal::new(25, 2),
            policies: vec![Weighting::EqualPerPriority, Weighting::EqualPerTarget, Weighting::EqualPerTier],
            scoring: vec![ScoringAlternative::AsDefined, ScoringAlternative::Binary],
        }
    }
}

/// One ICS's rank and its distribution over the replications.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RankInterval {
    /// ONS code.
    pub code: String,
    /// ODS code.
    pub alt_code: Option<String>,
    /// Name.
    pub name: String,
    /// The scorecard's rank.
    pub rank: Option<usize>,
    /// The scorecard's overall score.
    pub overall: Option<Decimal>,
    /// Median rank over the replications.
    pub median: f64,
    /// 5th percentile of the rank: the better end of the 90 % interval.
    pub q5: f64,
    /// 95th percentile: the worse end.
    pub q95: f64,
    /// Mean rank.
    pub mean: f64,
    /// Mean absolute difference from the scorecard's rank.
    pub mean_shift: f64,
}

/// Rank intervals of every ICS of a scorecard, in its league-table order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RankUncertainty {
    /// The alternatives used.
    pub options: RankUncertaintyOptions,
    /// One per ICS with an overall score.
    pub areas: Vec<RankInterval>,
}

impl RankUncertainty {
    /// Each area's rank and interval, in league-table order
    /// ([`crate::table::TableKind::RankUncertainty`]).
    pub fn table(&self) -> crate::table::Table {
        let a = &self.areas;
        crate::table::TableBuilder::new(crate::table::TableKind::RankUncertainty, a.len())
            .count("rank", a.iter().map(|r| r.rank))
            .float("rank_median", a.iter().map(|r| Some(r.median)))
            .float("rank_q5", a.iter().map(|r| Some(r.q5)))
            .float("rank_q95", a.iter().map(|r| Some(r.q95)))
            .float("rank_mean", a.iter().map(|r| Some(r.mean)))
            .float("mean_shift", a.iter().map(|r| Some(r.mean_shift)))
            .text("code", a.iter().map(|r| Some(r.code.as_str())))
            .text("ods", a.iter().map(|r| r.alt_code.as_deref()))
            .text("name", a.iter().map(|r| Some(r.name.as_str())))
            .decimal("overall", a.iter().map(|r| r.overall))
            .finish()
    }
}

/// One scored target of one area.
struct Cell {
    area: usize,
    priority: usize,
    target: usize,
    tier: Tier,
    as_defined: f64,
    binary: f64,
}

fn check(options: &RankUncertaintyOptions) -> Result<f64, Error> {
    if options.replications == 0 {
        return Err(Error::argument("replications", 0, "at least one replication is needed"));
    }
    let noise =
        options.weight_noise.to_f64().filter(|f| (0.0..=1.0).contains(f)).ok_or_else(|| {
            Error::argument("weight_noise", options.weight_noise, "a noise factor from 0 to 1 is needed")
        })?;
    if let Some(explicit) = options.policies.iter().find(|p| matches!(p, Weighting::Explicit(_))) {
        let given = serde_json::to_string(explicit).unwrap_or_default();
        return Err(Error::argument("policies", given, "explicit weights are not an alternative policy"));
    }
    Ok(noise)
}

/// The rank interval of every ICS in `card` under the alternatives in `options`.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions};
/// use ics_outcomes::composite::{rank_uncertainty, RankUncertaintyOptions};
/// let card = score(&defaults::national_framework(), &defaults::local_frameworks(),
///                  &defaults::observations(), &defaults::geography(), &ScoreOptions::default())?;
/// let ranks = rank_uncertainty(&card, &RankUncertaintyOptions { replications: 200, ..Default::default() })?;
/// let leader = &ranks.areas[0];
/// assert_eq!(leader.rank, Some(1));
/// assert!(leader.q5 <= 1.0 + 1e-9 && leader.q95 >= leader.q5);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
///
/// # Errors
/// [`Error::Argument`] for no replications, a noise factor outside 0 to 1 or an explicit
/// policy among the alternatives, or a scorecard in which no ICS has an overall score.
pub fn rank_uncertainty(card: &Scorecard, options: &RankUncertaintyOptions) -> Result<RankUncertainty, Error> {
    rank_uncertainty_until(card, options, &mut || true)?
        .ok_or_else(|| Error::argument("replications", options.replications, "stopped before the end"))
}

/// Area scores (replications × areas) a thread computes at least.
const UNIT_RUNS_PER_THREAD: usize = 1 << 13;

/// How many replications run between two calls of [`rank_uncertainty_until`]'s `keep_going`:
/// about ten milliseconds of work for 42 ICSs.
pub const REPLICATIONS_BETWEEN_CHECKS: usize = 1024;

/// [`rank_uncertainty`] that asks `keep_going` every [`REPLICATIONS_BETWEEN_CHECKS`]
/// replications whether to go on, and returns `Ok(None)` as soon as it says no: a caller can
/// stop a long run (Ctrl-C in a notebook) without waiting for it to end.
pub fn rank_uncertainty_until(
    card: &Scorecard,
    options: &RankUncertaintyOptions,
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<Option<RankUncertainty>, Error> {
    let noise = check(options)?;
    let areas: Vec<_> = card.areas.iter().filter(|a| a.overall.is_some()).collect();
    if areas.is_empty() {
        return Err(Error::argument("card", "no overall scores", "no ICS has a score to rank"));
    }
    let mut priorities: HashMap<&str, usize> = HashMap::new();
    let mut targets: HashMap<(&str, &str), usize> = HashMap::new();
    let mut cells = Vec::new();
    for (a, area) in areas.iter().enumerate() {
        for c in area.contributions.iter().filter(|c| !c.excluded) {
            let next = priorities.len();
            let priority = *priorities.entry(&c.priority).or_insert(next);
            let next = targets.len();
            let target = *targets.entry((&c.priority, &c.target)).or_insert(next);
            let met = matches!(c.evaluation.attainment, Attainment::Met | Attainment::OnTrack);
            cells.push(Cell {
                area: a,
                priority,
                target,
                tier: c.tier,
                as_defined: c.evaluation.score.to_f64().unwrap_or(f64::NAN),
                binary: if met { 1.0 } else { 0.0 },
            });
        }
    }
    let policies =
        if options.policies.is_empty() { vec![card.options.weighting.clone()] } else { options.policies.clone() };
    let scorings =
        if options.scoring.is_empty() { vec![ScoringAlternative::AsDefined] } else { options.scoring.clone() };
    let n = areas.len();
    // The runs and their ranks: two f64 per area and replication.
    ensure_allocatable("replications", options.replications, n.saturating_mul(16))?;
    let mut runs = vec![0.0; options.replications * n];
    let pick = |count: usize, u: f64| ((u * count as f64) as usize).min(count - 1);
    // Each replication draws from its own stream, so blocks of them run in parallel parts
    // (each with its own working memory) and give the same runs whatever the threads.
    let replicate = |first: usize, part: &mut [f64]| {
        let mut scratch = Scratch::new(n, priorities.len());
        let mut priority_weights = vec![1.0; priorities.len()];
        let mut target_weights = vec![1.0; targets.len()];
        for (i, out) in part.chunks_mut(n).enumerate() {
            let r = first + i;
            let mut random = SplitMix64(options.seed ^ (r as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
            random.next_u64();
            let policy = &policies[pick(policies.len(), random.uniform())];
            let scoring = scorings[pick(scorings.len(), random.uniform())];
            for w in priority_weights.iter_mut().chain(target_weights.iter_mut()) {
                *w = 1.0 + noise * (2.0 * random.uniform() - 1.0);
            }
            scratch.score(&cells, policy, scoring, &priority_weights, &target_weights, out);
        }
    };
    for (b, block) in runs.chunks_mut(n * REPLICATIONS_BETWEEN_CHECKS).enumerate() {
        if b > 0 && !keep_going() {
            return Ok(None);
        }
        crate::threads::fill_rows(block, n, UNIT_RUNS_PER_THREAD, |first, part| {
            replicate(b * REPLICATIONS_BETWEEN_CHECKS + first, part);
        });
    }
    let units: Vec<String> = areas.iter().map(|a| a.code.clone()).collect();
    let nominal: Vec<f64> = areas.iter().map(|a| a.rank.map_or(f64::NAN, |r| r as f64)).collect();
    let mut ranks = vec![0.0; runs.len()];
    crate::threads::fill_rows(&mut ranks, n, UNIT_RUNS_PER_THREAD, |first, part| {
        let mut order = Vec::new();
        for (scores, out) in runs[first * n..].chunks(n).zip(part.chunks_mut(n)) {
            descending_min_ranks(scores, out, &mut order);
        }
    });
    let stats = summarise_ranks(&units, &nominal, &ranks);
    Ok(Some(RankUncertainty {
        options: options.clone(),
        areas: areas
            .iter()
            .zip(stats)
            .map(|(a, s)| RankInterval {
                code: a.code.clone(),
                alt_code: a.alt_code.clone(),
                name: a.name.clone(),
                rank: a.rank,
                overall: a.overall,
                median: s.median,
                q5: s.q5,
                q95: s.q95,
                mean: s.mean,
                mean_shift: s.mean_shift,
            })
            .collect(),
    }))
}

/// Per-area sums reused across replications.
struct Scratch {
    /// Per area and priority: Σ w·x and Σ w over its scored targets.
    sums: Vec<(f64, f64)>,
    priorities: usize,
}

impl Scratch {
    fn new(areas: usize, priorities: usize) -> Self {
        Scratch { sums: vec![(0.0, 0.0); areas * priorities], priorities }
    }

    fn score(
        &mut self,
        cells: &[Cell],
        policy: &Weighting,
        scoring: ScoringAlternative,
        priority_weights: &[f64],
        target_weights: &[f64],
        out: &mut [f64],
    ) {
        self.sums.iter_mut().for_each(|s| *s = (0.0, 0.0));
        let mut tiers: Vec<[(f64, f64); 2]> = vec![[(0.0, 0.0); 2]; out.len()];
        let mut totals: Vec<(f64, f64)> = vec![(0.0, 0.0); out.len()];
        let mut tier_of = vec![Tier::National; self.priorities];
        for c in cells {
            let x = match scoring {
                ScoringAlternative::AsDefined => c.as_defined,
                ScoringAlternative::Binary => c.binary,
            };
            let w = target_weights[c.target];
            tier_of[c.priority] = c.tier;
            if matches!(policy, Weighting::EqualPerTarget) {
                let wp = priority_weights[c.priority] * w;
                totals[c.area].0 += wp * x;
                totals[c.area].1 += wp;
            } else {
                let s = &mut self.sums[c.area * self.priorities + c.priority];
                s.0 += w * x;
                s.1 += w;
            }
        }
        if !matches!(policy, Weighting::EqualPerTarget) {
            for (i, &(sum, weight)) in self.sums.iter().enumerate() {
                if weight == 0.0 {
                    continue;
                }
                let (area, priority) = (i / self.priorities, i % self.priorities);
                let wp = priority_weights[priority];
                let tier = usize::from(tier_of[priority] == Tier::Local);
                tiers[area][tier].0 += wp * sum / weight;
                tiers[area][tier].1 += wp;
            }
        }
        for (a, score) in out.iter_mut().enumerate() {
            let value = match policy {
                Weighting::EqualPerTarget => totals[a].0 / totals[a].1,
                Weighting::EqualPerTier => {
                    let present: Vec<f64> = tiers[a].iter().filter(|t| t.1 > 0.0).map(|t| t.0 / t.1).collect();
                    present.iter().sum::<f64>() / present.len() as f64
                }
                _ => {
                    let [national, local] = tiers[a];
                    (national.0 + local.0) / (national.1 + local.1)
                }
            };
            *score = (value * 1e12).round() / 1e12;
        }
    }
}
