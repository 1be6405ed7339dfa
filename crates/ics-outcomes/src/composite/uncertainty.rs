//! Uncertainty analysis (COINr `get_sensitivity(SA_type = "UA")`): Monte Carlo over the
//! methodological choices, reporting each unit's rank distribution.
//!
//! # Sampling
//!
//! Each uncertain input draws one uniform `u` in [0, 1) and one 64-bit key per replication.
//! A list of alternatives takes alternative `⌊u·count⌋` (COINr cuts the *observed* range of
//! its sample into equal bins instead, which ties each draw to the others; fixed bins make a
//! replication depend on its own draw only). Weight noise multiplies each weight at the given
//! levels by `1 + f·(2v − 1)` (COINr `get_noisy_weights`), with the `v`s drawn from a
//! SplitMix64 stream seeded by the key, so a key stands for one whole noisy weight set.
//!
//! Replication `r` draws from its own SplitMix64 stream keyed by `(seed, r)`, so results do
//! not depend on how replications are scheduled, and the same seed gives the same bits on
//! every machine. Steps up to normalisation are computed once per combination of their
//! alternatives and reused; a replication then costs one aggregation and one ranking.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::aggregate::Levels;
use super::rank::{descending_min_ranks, summarise_ranks};
use super::{
    Aggregation, Aggregator, Data, Imputation, Meta, Normalisation, Normaliser, NormaliserSettings, Pipeline,
    RankStats, Treatment, Weights,
};
use crate::Error;
use crate::capacity::ensure_allocatable;
use crate::util::random::SplitMix64;

/// One uncertain modelling choice, named for the report (e.g. "Weights").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UncertainInput {
    /// The name the results use.
    pub name: String,
    /// What varies and over what.
    pub choice: Choice,
}

/// What an [`UncertainInput`] varies. Each step may be varied by one input at most; the
/// nominal [`Pipeline`] supplies every step that is not varied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Choice {
    /// Alternative input data for the same units, e.g. target attainment scored under
    /// alternative rules; the pipeline's steps then apply to each. Given in code only (not
    /// serialised).
    #[serde(skip)]
    Data {
        /// The alternatives, each with the units of the nominal data in the same order.
        alternatives: Vec<Data>,
    },
    /// Alternative imputations (none: leave missing).
    Imputation {
        /// The alternatives, drawn with equal probability.
        alternatives: Vec<Option<Imputation>>,
    },
    /// Alternative outlier treatments, e.g. `winmax` from 1 to 5 (none: no treatment).
    Treatment {
        /// The alternatives.
        alternatives: Vec<Option<Treatment>>,
    },
    /// Alternative normalisations.
    Normalisation {
        /// The alternatives.
        alternatives: Vec<Normalisation>,
    },
    /// Alternative aggregation methods: one method, or one per aggregation level.
    Aggregation {
        /// The alternatives.
        alternatives: Vec<Vec<Aggregator>>,
    },
    /// Alternative weight sets, e.g. weighting policies; each replaces the weights it names.
    Weights {
        /// The alternatives.
        alternatives: Vec<Weights>,
    },
    /// Noise on the weights of whole levels: each weight at a level is multiplied by a factor
    /// drawn uniformly from [1 − f, 1 + f].
    WeightNoise {
        /// The noise factor f (0 to 1) by level.
        #[serde(deserialize_with = "level_keys")]
        levels: BTreeMap<u32, Decimal>,
    },
}

/// Level numbers from map keys, which JSON writes as strings (and an internally tagged enum
/// hands over as strings even where a number would do).
fn level_keys<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<u32, Decimal>, D::Error> {
    let keys: BTreeMap<String, Decimal> = BTreeMap::deserialize(deserializer)?;
    keys.into_iter()
        .map(|(k, v)| {
            k.parse()
                .map(|k| (k, v))
                .map_err(|_| serde::de::Error::custom(format!("level {k:?} is not a whole number")))
        })
        .collect()
}

/// The weight noise of an [`UncertaintyDesign`].
#[derive(Debug, Clone, PartialEq)]
pub enum WeightNoise {
    /// The same factor at every level below the top, indicators included.
    Uniform(Decimal),
    /// A factor for each level named.
    ByLevel(BTreeMap<u32, Decimal>),
}

/// The usual design of a composite's uncertainty analysis, by COINr's method names: noise on
/// the weights, and a draw among normalisations and among aggregations, the first of each
/// being nominal. Min-max alternatives map onto [1, 100] and z-scores onto mean 10 and sd 2,
/// so every alternative leaves scores above zero for a geometric or harmonic mean.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertaintyDesign {
    /// Noise on the weights.
    pub weight_noise: WeightNoise,
    /// Normalisation methods ([`Normaliser::NAMES`]).
    pub normalisations: Vec<String>,
    /// Aggregation methods ([`Aggregator::NAMES`]).
    pub aggregations: Vec<String>,
}

impl UncertaintyDesign {
    /// The nominal pipeline and the uncertain inputs (`weights`, `normalisation`,
    /// `aggregation`, in that order) for the tree `meta`; a choice that cannot vary (no
    /// noise, one method) is not an input.
    ///
    /// # Errors
    /// [`Error::Argument`] for an empty list or an unknown method name.
    pub fn inputs(&self, meta: &Meta) -> Result<(Pipeline, Vec<UncertainInput>), Error> {
        let normaliser = |name: &String| -> Result<Normalisation, Error> {
            let range = match name.strip_prefix("n_").unwrap_or(name) {
                "minmax" => Some((1.0, 100.0)),
                "zscore" => Some((10.0, 2.0)),
                _ => None,
            };
            Ok(Normaliser::named(name, &NormaliserSettings { range, ..NormaliserSettings::default() })?.into())
        };
        let normalisations: Vec<Normalisation> =
            self.normalisations.iter().map(normaliser).collect::<Result<_, _>>()?;
        let aggregations: Vec<Vec<Aggregator>> =
            self.aggregations.iter().map(|a| Aggregator::named(a).map(|m| vec![m])).collect::<Result<_, _>>()?;
        let (Some(normalisation), Some(methods)) = (normalisations.first(), aggregations.first()) else {
            let argument = if normalisations.is_empty() { "normalisations" } else { "aggregations" };
            return Err(Error::argument(argument, "[]", "give at least one method"));
        };
        let pipeline = Pipeline {
            normalisation: normalisation.clone(),
            aggregation: Aggregation { methods: methods.clone(), ..Aggregation::default() },
            ..Pipeline::default()
        };
        let levels = match &self.weight_noise {
            WeightNoise::Uniform(factor) => (1..meta.levels()).map(|level| (level, *factor)).collect(),
            WeightNoise::ByLevel(levels) => levels.clone(),
        };
        let mut inputs = Vec::new();
        if levels.values().any(|f| *f > Decimal::ZERO) {
            inputs.push(UncertainInput { name: "weights".into(), choice: Choice::WeightNoise { levels } });
        }
        if normalisations.len() > 1 {
            let choice = Choice::Normalisation { alternatives: normalisations };
            inputs.push(UncertainInput { name: "normalisation".into(), choice });
        }
        if aggregations.len() > 1 {
            let choice = Choice::Aggregation { alternatives: aggregations };
            inputs.push(UncertainInput { name: "aggregation".into(), choice });
        }
        Ok((pipeline, inputs))
    }
}

/// Settings of an uncertainty analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UncertaintyOptions {
    /// The code whose scores are ranked; default the top of the tree.
    pub target: Option<String>,
    /// The number of replications.
    pub replications: usize,
    /// The seed: the same seed gives the same result.
    pub seed: u64,
}

/// The result of an uncertainty analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Uncertainty {
    /// The code ranked.
    pub target: String,
    /// Unit codes, in row order.
    pub units: Vec<String>,
    /// The nominal scores of the target.
    pub nominal: Vec<f64>,
    /// Each unit's nominal rank, rank distribution and mean absolute rank shift.
    pub rank_stats: Vec<RankStats>,
    /// Each replication's scores of all units in turn (replication-major; NaN if it failed).
    pub scores: Vec<f64>,
    /// Each replication's uniform draw for each input in turn.
    pub draws: Vec<f64>,
    /// Replications whose pipeline failed (e.g. a geometric mean of a zero): their scores are
    /// NaN and they are left out of the rank statistics, as COINr does.
    pub failed: Vec<usize>,
}

impl Uncertainty {
    /// The rank statistics as a
    /// [`TableKind::CompositeUncertainty`](crate::table::TableKind::CompositeUncertainty): one
    /// row per unit with its nominal rank and its rank distribution.
    pub fn table(&self) -> crate::table::Table {
        let rows = &self.rank_stats;
        let finite = |x: f64| x.is_finite().then_some(x);
        crate::table::TableBuilder::new(crate::table::TableKind::CompositeUncertainty, rows.len())
            .text("uCode", rows.iter().map(|r| Some(r.unit.as_str())))
            .count("nominal", rows.iter().map(|r| r.nominal.map(|n| n as usize)))
            .float("median", rows.iter().map(|r| finite(r.median)))
            .float("q5", rows.iter().map(|r| finite(r.q5)))
            .float("q95", rows.iter().map(|r| finite(r.q95)))
            .float("mean", rows.iter().map(|r| finite(r.mean)))
            .float("mean_shift", rows.iter().map(|r| finite(r.mean_shift)))
            .finish()
    }
}

/// Runs `options.replications` replications of `nominal` with each input drawn at random.
pub fn uncertainty(
    data: &Data,
    meta: &Meta,
    nominal: &Pipeline,
    inputs: &[UncertainInput],
    options: &UncertaintyOptions,
) -> Result<Uncertainty, Error> {
    let mut engine = Engine::new(data, meta, nominal, inputs, options.target.as_deref())?;
    ensure_allocatable("replications", options.replications, replication_bytes(engine.units(), inputs.len()))?;
    let design: Vec<Vec<Draw>> = (0..options.replications).map(|r| draws(options.seed, r, inputs.len(), 1)).collect();
    let design: Vec<&[Draw]> = design.iter().map(Vec::as_slice).collect();
    let result = engine.run(&design)?;
    Ok(engine.finish(result, options.replications))
}

/// Unit scores (replications × units) a thread computes at least.
const UNIT_RUNS_PER_THREAD: usize = 1 << 13;

/// Working memory of one replication: its draws, scores and ranks (an overestimate).
pub(crate) fn replication_bytes(units: usize, inputs: usize) -> usize {
    let draws = inputs.saturating_mul(2 * std::mem::size_of::<Draw>()).saturating_add(std::mem::size_of::<Vec<Draw>>());
    units.saturating_mul(3 * std::mem::size_of::<f64>()).saturating_add(draws)
}

/// One input's draw in one replication.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Draw {
    pub(crate) u: f64,
    pub(crate) key: u64,
}

/// The draws of replication `row` for `inputs` inputs, `matrices` sets of them in turn
/// (two for the A and B matrices of a sensitivity design).
pub(crate) fn draws(seed: u64, row: usize, inputs: usize, matrices: usize) -> Vec<Draw> {
    let mut stream = SplitMix64(SplitMix64(seed ^ (row as u64).wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64());
    (0..inputs * matrices).map(|_| Draw { u: stream.uniform(), key: stream.next_u64() }).collect()
}

/// Scores of replications, replication-major, and the replications that failed.
pub(crate) struct Runs {
    pub(crate) scores: Vec<f64>,
    pub(crate) draws: Vec<f64>,
    pub(crate) failed: Vec<usize>,
}

/// Which input varies what.
#[derive(Debug, Default)]
struct Roles {
    data: Option<usize>,
    imputation: Option<usize>,
    treatment: Option<usize>,
    normalisation: Option<usize>,
    aggregation: Option<usize>,
    weights: Option<usize>,
    noise: Option<usize>,
}

pub(crate) struct Engine<'a> {
    data: &'a Data,
    meta: &'a Meta,
    nominal: &'a Pipeline,
    inputs: &'a [UncertainInput],
    roles: Roles,
    target: usize,
    /// Normalised data by (data, imputation, treatment, normalisation) alternative; `None`
    /// is nominal.
    normalised: HashMap<[Option<usize>; 4], Data>,
    /// The natural logarithms of each normalised data's values, for geometric means.
    logs: HashMap<[Option<usize>; 4], Vec<f64>>,
    weight_sets: Vec<Vec<f64>>,
    method_sets: Vec<Vec<Aggregator>>,
    noise: Vec<(u32, f64)>,
    nominal_weights: Vec<f64>,
    nominal_methods: Vec<Aggregator>,
    min_share: f64,
    units: usize,
    nominal_scores: Vec<f64>,
}

impl<'a> Engine<'a> {
    pub(crate) fn new(
        data: &'a Data,
        meta: &'a Meta,
        nominal: &'a Pipeline,
        inputs: &'a [UncertainInput],
        target: Option<&str>,
    ) -> Result<Self, Error> {
        // Ranks of no units mean nothing, and replications are sliced per unit.
        if data.units().is_empty() {
            return Err(Error::argument("data", "no units", "at least one unit is needed to rank"));
        }
        let target = match target {
            Some(code) => meta.position(code).ok_or_else(|| Error::argument("target", code, "unknown iCode"))?,
            None => meta.position(&meta.top().code).unwrap_or(0),
        };
        let mut roles = Roles::default();
        let mut weight_sets = Vec::new();
        let mut method_sets = Vec::new();
        let mut noise = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let (slot, count) = match &input.choice {
                Choice::Data { alternatives } => {
                    if let Some(k) = alternatives.iter().position(|a| a.units() != data.units()) {
                        let message = "the units of the nominal data, in the same order";
                        return Err(Error::argument(
                            &format!("{}.alternatives[{k}]", input.name),
                            "other units",
                            message,
                        ));
                    }
                    (&mut roles.data, alternatives.len())
                }
                Choice::Imputation { alternatives } => (&mut roles.imputation, alternatives.len()),
                Choice::Treatment { alternatives } => (&mut roles.treatment, alternatives.len()),
                Choice::Normalisation { alternatives } => (&mut roles.normalisation, alternatives.len()),
                Choice::Aggregation { alternatives } => {
                    for methods in alternatives {
                        let spec = super::Aggregation { methods: methods.clone(), ..nominal.aggregation.clone() };
                        method_sets.push(spec.per_level(meta)?);
                    }
                    (&mut roles.aggregation, alternatives.len())
                }
                Choice::Weights { alternatives } => {
                    for weights in alternatives {
                        let mut all = nominal.aggregation.weights.clone();
                        all.extend(weights.iter().map(|(k, v)| (k.clone(), *v)));
                        weight_sets.push(meta.weights_with(&all)?);
                    }
                    (&mut roles.weights, alternatives.len())
                }
                Choice::WeightNoise { levels } => {
                    for (&level, factor) in levels {
                        let f = factor.to_f64().unwrap_or(f64::NAN);
                        if !(1..=meta.levels()).contains(&level) {
                            return Err(Error::argument(
                                "levels",
                                level,
                                format!("a level from 1 to {}", meta.levels()),
                            ));
                        }
                        if !(0.0..=1.0).contains(&f) {
                            return Err(Error::argument(
                                &format!("levels.{level}"),
                                factor,
                                "a noise factor from 0 to 1",
                            ));
                        }
                        noise.push((level, f));
                    }
                    (&mut roles.noise, 1)
                }
            };
            if slot.is_some() {
                return Err(Error::argument("inputs", &input.name, "this step is already varied by another input"));
            }
            if count == 0 {
                return Err(Error::argument(&input.name, "[]", "at least one alternative"));
            }
            *slot = Some(i);
        }
        let units = data.units().len();
        let mut engine = Engine {
            data,
            meta,
            nominal,
            inputs,
            roles,
            target,
            normalised: HashMap::new(),
            logs: HashMap::new(),
            weight_sets,
            method_sets,
            noise,
            nominal_weights: meta.weights_with(&nominal.aggregation.weights)?,
            nominal_methods: nominal.aggregation.per_level(meta)?,
            min_share: nominal.aggregation.min_share,
            units,
            nominal_scores: Vec::new(),
        };
        let nominal_run = engine.run(&[&[]])?;
        if !nominal_run.failed.is_empty() {
            // Rerun the failing nominal pipeline to report why.
            super::aggregate(&engine.normalised[&[None; 4]], meta, &nominal.aggregation)?;
        }
        engine.nominal_scores = nominal_run.scores;
        Ok(engine)
    }

    /// Runs one replication per slice of draws (empty: the nominal choices). The combinations
    /// of step alternatives the design needs are normalised first, in design order; the
    /// replications then run in contiguous parts across threads, each part with its own
    /// working memory, and join in order, so the result is the same whatever the threads.
    pub(crate) fn run(&mut self, design: &[&[Draw]]) -> Result<Runs, Error> {
        for draw in design {
            let key = self.key(draw);
            if !self.normalised.contains_key(&key) {
                let data = self.stages(key)?;
                self.logs.insert(key, data.values().iter().map(|v| v.ln()).collect());
                self.normalised.insert(key, data);
            }
        }
        let parts = crate::threads::parts(design.len().saturating_mul(self.units), UNIT_RUNS_PER_THREAD);
        let size = design.len().div_ceil(parts).max(1);
        let this = &*self;
        let runs = crate::threads::map(parts, 1, |p| {
            let first = (p * size).min(design.len());
            this.run_part(&design[first..((p + 1) * size).min(design.len())], first)
        });
        let mut all = Runs { scores: Vec::new(), draws: Vec::new(), failed: Vec::new() };
        for part in runs {
            all.scores.extend(part.scores);
            all.draws.extend(part.draws);
            all.failed.extend(part.failed);
        }
        Ok(all)
    }

    /// Which combination of data, imputation, treatment and normalisation a draw picks.
    fn key(&self, draw: &[Draw]) -> [Option<usize>; 4] {
        let pick = |role: Option<usize>| {
            let count = self.count(role);
            role.and_then(|i| draw.get(i)).map(|d| ((d.u * count as f64) as usize).min(count - 1))
        };
        [pick(self.roles.data), pick(self.roles.imputation), pick(self.roles.treatment), pick(self.roles.normalisation)]
    }

    /// Runs the replications `design`, numbered from `first`, on normalised data already
    /// computed by [`Engine::run`].
    fn run_part(&self, design: &[&[Draw]], first: usize) -> Runs {
        let (units, indicators) = (self.units, self.meta.indicator_count());
        let mut levels = Levels::new(units);
        let mut aggregates = vec![0.0; (self.meta.nodes().len() - indicators) * units];
        let mut weights = self.nominal_weights.clone();
        let mut runs = Runs {
            scores: Vec::with_capacity(design.len() * units),
            draws: Vec::with_capacity(design.iter().map(|d| d.len()).sum()),
            failed: Vec::new(),
        };
        for (r, draw) in design.iter().enumerate() {
            let pick = |role: Option<usize>, count: usize| {
                role.and_then(|i| draw.get(i)).map(|d| ((d.u * count as f64) as usize).min(count - 1))
            };
            let key = self.key(draw);
            let (Some(normalised), Some(logs)) = (self.normalised.get(&key), self.logs.get(&key)) else {
                // Unreachable: `run` normalised every key of the design. Counted as failed.
                runs.scores.extend(std::iter::repeat_n(f64::NAN, units));
                runs.failed.push(first + r);
                runs.draws.extend(draw.iter().map(|d| d.u));
                continue;
            };
            let base = pick(self.roles.weights, self.weight_sets.len())
                .map_or(&self.nominal_weights, |w| &self.weight_sets[w]);
            weights.copy_from_slice(base);
            if let Some(d) = self.roles.noise.and_then(|i| draw.get(i)) {
                let mut stream = SplitMix64(d.key);
                for (node, w) in self.meta.nodes().iter().zip(weights.iter_mut()) {
                    if let Some(&(_, f)) = self.noise.iter().find(|(level, _)| *level == node.level) {
                        *w *= 1.0 + f * (2.0 * stream.uniform() - 1.0);
                    }
                }
            }
            let methods = pick(self.roles.aggregation, self.method_sets.len())
                .map_or(&self.nominal_methods, |m| &self.method_sets[m]);
            let scores = if self.target < indicators {
                Ok(&normalised.values()[self.target * units..(self.target + 1) * units])
            } else {
                levels
                    .run(
                        self.meta,
                        normalised.values(),
                        &weights,
                        methods,
                        self.min_share,
                        &mut aggregates,
                        normalised.units(),
                        Some(logs),
                    )
                    .map(|()| &aggregates[(self.target - indicators) * units..(self.target - indicators + 1) * units])
            };
            match scores {
                Ok(scores) => runs.scores.extend_from_slice(scores),
                Err(_) => {
                    runs.scores.extend(std::iter::repeat_n(f64::NAN, units));
                    runs.failed.push(first + r);
                }
            }
            runs.draws.extend(draw.iter().map(|d| d.u));
        }
        runs
    }

    fn count(&self, role: Option<usize>) -> usize {
        match role.map(|i| &self.inputs[i].choice) {
            Some(Choice::Data { alternatives }) => alternatives.len(),
            Some(Choice::Imputation { alternatives }) => alternatives.len(),
            Some(Choice::Treatment { alternatives }) => alternatives.len(),
            Some(Choice::Normalisation { alternatives }) => alternatives.len(),
            _ => 1,
        }
    }

    /// The normalised data under one combination of step alternatives.
    fn stages(&self, key: [Option<usize>; 4]) -> Result<Data, Error> {
        let mut pipeline = self.nominal.clone();
        let mut data = self.data;
        let choice = |role: Option<usize>| role.map(|i| &self.inputs[i].choice);
        if let (Some(Choice::Data { alternatives }), Some(a)) = (choice(self.roles.data), key[0]) {
            data = &alternatives[a];
        }
        if let (Some(Choice::Imputation { alternatives }), Some(a)) = (choice(self.roles.imputation), key[1]) {
            pipeline.imputation = alternatives[a].clone();
        }
        if let (Some(Choice::Treatment { alternatives }), Some(a)) = (choice(self.roles.treatment), key[2]) {
            pipeline.treatment = alternatives[a].clone();
        }
        if let (Some(Choice::Normalisation { alternatives }), Some(a)) = (choice(self.roles.normalisation), key[3]) {
            pipeline.normalisation = alternatives[a].clone();
        }
        Ok(pipeline.normalise(data, self.meta)?.2)
    }

    pub(crate) fn units(&self) -> usize {
        self.units
    }

    pub(crate) fn nominal_ranks(&self) -> Vec<f64> {
        let mut ranks = vec![0.0; self.units];
        descending_min_ranks(&self.nominal_scores, &mut ranks, &mut Vec::new());
        ranks
    }

    /// The result, with rank statistics over the first `summarised` replications.
    pub(crate) fn finish(self, runs: Runs, summarised: usize) -> Uncertainty {
        let units = self.data.units();
        let mut ranks = vec![0.0; summarised * self.units];
        let scores = &runs.scores;
        crate::threads::fill_rows(&mut ranks, self.units, UNIT_RUNS_PER_THREAD, |first, part| {
            let mut order = Vec::new();
            let from = first * self.units;
            for (scores, out) in scores[from..].chunks(self.units).zip(part.chunks_mut(self.units)) {
                descending_min_ranks(scores, out, &mut order);
            }
        });
        Uncertainty {
            target: self.meta.nodes()[self.target].code.clone(),
            units: units.to_vec(),
            rank_stats: summarise_ranks(units, &self.nominal_ranks(), &ranks),
            nominal: self.nominal_scores,
            scores: runs.scores,
            draws: runs.draws,
            failed: runs.failed,
        }
    }
}
