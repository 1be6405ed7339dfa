//! Variance-based sensitivity analysis (COINr `get_sensitivity(SA_type = "SA")`,
//! `SA_sample` and `SA_estimate`): how much of the uncertainty in the ranking each choice
//! explains, alone (first order) and with its interactions (total order).
//!
//! The output of a replication is the mean over units of |rank − nominal rank|. With the
//! design of `N(d + 2)` replications (matrices A and B, then A with input i from B), and
//! `V` the sample variance of the outputs of A and B together:
//!
//! - first order, Saltelli (2010): `S_i = mean(y_B·(y_ABi − y_A)) / V`;
//! - total order, Jansen: `S_Ti = Σ(y_A − y_ABi)² / (2N·V)`.
//!
//! Bootstrap intervals resample the N terms of each estimator with replacement, with V
//! held fixed, and take the 5% and 95% quantiles (R type 7), exactly as COINr does.

use serde::{Deserialize, Serialize};

use super::rank::{descending_min_ranks, quantile};
use super::uncertainty::{Draw, Engine, draws, replication_bytes};
use super::{Data, Meta, Pipeline, UncertainInput, Uncertainty};
use crate::Error;
use crate::capacity::ensure_allocatable;
use crate::util::random::SplitMix64;

/// Settings of a sensitivity analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityOptions {
    /// The code whose ranks are analysed; default the top of the tree.
    pub target: Option<String>,
    /// N, the rows of each sample matrix: the analysis runs N(d + 2) replications.
    pub n: usize,
    /// The seed: the same seed gives the same result.
    pub seed: u64,
    /// Bootstrap resamples for the intervals (COINr `Nboot`); 0 for none.
    pub bootstrap: usize,
}

/// First- and total-order indices of one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SobolIndex {
    /// The input's name.
    pub input: String,
    /// First-order index S_i: the share of the variance the input explains alone.
    pub first_order: f64,
    /// Total-order index S_Ti: its share including interactions with the other inputs.
    pub total_order: f64,
    /// 5% and 95% bootstrap quantiles of S_i.
    pub first_order_interval: Option<(f64, f64)>,
    /// 5% and 95% bootstrap quantiles of S_Ti.
    pub total_order_interval: Option<(f64, f64)>,
}

/// The indices of every input and the variance they share.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SobolIndices {
    /// V, the sample variance of the outputs of A and B.
    pub variance: f64,
    /// One entry per input, in input order.
    pub indices: Vec<SobolIndex>,
}

impl SobolIndices {
    /// The indices as a [`TableKind::Sensitivity`](crate::table::TableKind::Sensitivity):
    /// one row per input with each index and its bootstrap interval (missing without one).
    pub fn table(&self) -> crate::table::Table {
        let rows = &self.indices;
        let low = |i: Option<(f64, f64)>| i.map(|(low, _)| low);
        let high = |i: Option<(f64, f64)>| i.map(|(_, high)| high);
        crate::table::TableBuilder::new(crate::table::TableKind::Sensitivity, rows.len())
            .text("input", rows.iter().map(|r| Some(r.input.as_str())))
            .float("first_order", rows.iter().map(|r| Some(r.first_order)))
            .float("first_order_low", rows.iter().map(|r| low(r.first_order_interval)))
            .float("first_order_high", rows.iter().map(|r| high(r.first_order_interval)))
            .float("total_order", rows.iter().map(|r| Some(r.total_order)))
            .float("total_order_low", rows.iter().map(|r| low(r.total_order_interval)))
            .float("total_order_high", rows.iter().map(|r| high(r.total_order_interval)))
            .finish()
    }
}

/// The result of a sensitivity analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Sensitivity {
    /// All N(d + 2) replications (A, B, then A_B^i for each input); the rank statistics are
    /// over the first 2N, as COINr's.
    pub uncertainty: Uncertainty,
    /// The output of each replication: mean |rank − nominal rank| over units.
    pub output: Vec<f64>,
    /// The sensitivity indices.
    pub sobol: SobolIndices,
}

/// Runs the Saltelli design over `inputs` and estimates each input's indices.
pub fn sensitivity(
    data: &Data,
    meta: &Meta,
    nominal: &Pipeline,
    inputs: &[UncertainInput],
    options: &SensitivityOptions,
) -> Result<Sensitivity, Error> {
    let (n, d) = (options.n, inputs.len());
    if n < 2 {
        return Err(Error::argument("n", n, "at least 2 rows per sample matrix"));
    }
    let mut engine = Engine::new(data, meta, nominal, inputs, options.target.as_deref())?;
    // N(d + 2) replications, and two bootstrap samples of each index per resample.
    let per_row = replication_bytes(engine.units(), d).saturating_mul(d.saturating_add(2));
    ensure_allocatable("n", n, per_row)?;
    ensure_allocatable("bootstrap", options.bootstrap, d.saturating_mul(2 * std::mem::size_of::<f64>()))?;
    let rows: Vec<Vec<Draw>> = (0..n).map(|r| draws(options.seed, r, d, 2)).collect();
    let a = rows.iter().map(|row| row[..d].to_vec());
    let b = rows.iter().map(|row| row[d..].to_vec());
    let ab = (0..d).flat_map(|i| {
        rows.iter().map(move |row| {
            let mut mixed = row[..d].to_vec();
            mixed[i] = row[d + i];
            mixed
        })
    });
    let design: Vec<Vec<Draw>> = a.chain(b).chain(ab).collect();
    let design: Vec<&[Draw]> = design.iter().map(Vec::as_slice).collect();
    let runs = engine.run(&design)?;
    let nominal_ranks = engine.nominal_ranks();
    let units = engine.units();
    let mut ranks = vec![0.0; units];
    let mut order = Vec::new();
    let output: Vec<f64> = runs
        .scores
        .chunks(units)
        .map(|scores| {
            descending_min_ranks(scores, &mut ranks, &mut order);
            let shifts = ranks.iter().zip(&nominal_ranks).map(|(r, n)| (r - n).abs()).filter(|s| !s.is_nan());
            let (sum, count) = shifts.fold((0.0, 0.0), |(s, c), x| (s + x, c + 1.0));
            sum / count
        })
        .collect();
    let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let sobol = sobol_indices(&output, n, &names, options.bootstrap, options.seed)?;
    Ok(Sensitivity { uncertainty: engine.finish(runs, 2 * n), output, sobol })
}

/// First- and total-order indices from the outputs of a Saltelli design: `output` holds the
/// N(d + 2) outputs in the order A, B, A_B^1 … A_B^d, with d = `inputs.len()`. The
/// bootstrap (`bootstrap` resamples, 0 for none) is seeded by `seed`.
pub fn sobol_indices(
    output: &[f64],
    n: usize,
    inputs: &[String],
    bootstrap: usize,
    seed: u64,
) -> Result<SobolIndices, Error> {
    let d = inputs.len();
    if n < 2 || output.len() != n * (d + 2) {
        let message = format!("N(d + 2) = {n}·{} outputs with N of at least 2", d + 2);
        return Err(Error::argument("output", output.len(), message));
    }
    let (y_a, y_b) = (&output[..n], &output[n..2 * n]);
    let both = &output[..2 * n];
    let mean = both.iter().sum::<f64>() / (2 * n) as f64;
    let variance = both.iter().map(|y| (y - mean) * (y - mean)).sum::<f64>() / (2 * n - 1) as f64;
    // The terms of each estimator, per input: y_B·(y_ABi − y_A) and y_A − y_ABi.
    let terms: Vec<(Vec<f64>, Vec<f64>)> = (0..d)
        .map(|i| {
            let y_ab = &output[(2 + i) * n..(3 + i) * n];
            let first = (0..n).map(|k| y_b[k] * (y_ab[k] - y_a[k])).collect();
            let total = (0..n).map(|k| y_a[k] - y_ab[k]).collect();
            (first, total)
        })
        .collect();
    // Bootstrap in COINr's order: per resample, per input, the first-order terms then the
    // total-order terms, each resampled on its own.
    let mut stream = SplitMix64(seed ^ 0x5EED_B007_57A9_0000);
    let mut resamples = vec![(Vec::with_capacity(bootstrap), Vec::with_capacity(bootstrap)); d];
    for _ in 0..bootstrap {
        for ((first, total), (first_boot, total_boot)) in terms.iter().zip(resamples.iter_mut()) {
            let mut row = || ((stream.uniform() * n as f64) as usize).min(n - 1);
            first_boot.push(first_order(first, (0..n).map(|_| row()), variance));
            total_boot.push(total_order(total, (0..n).map(|_| row()), variance));
        }
    }
    let interval = |mut values: Vec<f64>| {
        (bootstrap > 0).then(|| {
            values.retain(|v| !v.is_nan());
            values.sort_unstable_by(f64::total_cmp);
            (quantile(&values, 0.05), quantile(&values, 0.95))
        })
    };
    let indices = inputs
        .iter()
        .zip(terms.iter().zip(resamples))
        .map(|(name, ((first, total), (first_boot, total_boot)))| SobolIndex {
            input: name.clone(),
            first_order: first_order(first, 0..n, variance),
            total_order: total_order(total, 0..n, variance),
            first_order_interval: interval(first_boot),
            total_order_interval: interval(total_boot),
        })
        .collect();
    Ok(SobolIndices { variance, indices })
}

/// Saltelli (2010): the mean of the terms y_B·(y_ABi − y_A) at `rows`, over V.
fn first_order(terms: &[f64], rows: impl Iterator<Item = usize>, variance: f64) -> f64 {
    rows.map(|k| terms[k]).sum::<f64>() / terms.len() as f64 / variance
}

/// Jansen: the sum of squares of the terms y_A − y_ABi at `rows`, over 2N·V.
fn total_order(terms: &[f64], rows: impl Iterator<Item = usize>, variance: f64) -> f64 {
    rows.map(|k| terms[k] * terms[k]).sum::<f64>() / (2.0 * terms.len() as f64 * variance)
}
