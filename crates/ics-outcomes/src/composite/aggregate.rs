//! Weighted aggregation up the indicator tree (COINr `Aggregate`), level by level.

use serde::{Deserialize, Serialize};

use super::{Data, Meta, Weights};
use crate::error::DataKind;
use crate::{Error, Issue, IssueKind, Issues};

/// How an aggregate combines its children's scores. The weighted means skip missing
/// children, so **the children present share the weight of those missing**.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Aggregator {
    /// `Σw·x / Σw` (COINr `a_amean`): fully compensatory.
    Arithmetic,
    /// `exp(Σw·ln x / Σw)` (COINr `a_gmean`); a score of zero or below is an error, so
    /// normalise to e.g. [1, 100] first.
    Geometric,
    /// `Σw / Σ(w/x)` (COINr `a_hmean`); a score of zero is an error.
    Harmonic,
    /// `(Σw·x^p / Σw)^{1/p}` (COINr `a_genmean`); any missing child makes the result missing.
    Generalised {
        /// The exponent, not zero.
        p: f64,
    },
    /// Copeland's non-compensatory score (COINr `a_copeland`): for each pair of units, the
    /// weight of the children on which one beats the other (ties count half) decides the
    /// pair, +1 for a win, −1 for a loss, 0 for a draw; the score is the sum over the other
    /// units. A unit's comparison with itself is not counted.
    Copeland,
    /// The lowest child ("weakest link"); weights are not used.
    Minimum,
}

impl Aggregator {
    /// The names of the methods that need no parameter, then COINr's names of the same.
    pub const NAMES: &'static [&'static str] =
        &["arithmetic", "geometric", "harmonic", "copeland", "minimum", "a_amean", "a_gmean", "a_hmean", "a_copeland"];

    /// The method called `name`.
    ///
    /// # Errors
    /// [`Error::Argument`] naming the methods there are.
    pub fn named(name: &str) -> Result<Aggregator, Error> {
        Ok(match name {
            "arithmetic" | "a_amean" => Aggregator::Arithmetic,
            "geometric" | "a_gmean" => Aggregator::Geometric,
            "harmonic" | "a_hmean" => Aggregator::Harmonic,
            "copeland" | "a_copeland" => Aggregator::Copeland,
            "minimum" => Aggregator::Minimum,
            _ => {
                let names = Aggregator::NAMES.join(", ");
                return Err(Error::argument("method", format!("{name:?}"), format!("should be one of {names}")));
            }
        })
    }
}

/// The aggregation settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Aggregation {
    /// One method for every level, or one per aggregation level from level 2 upwards.
    pub methods: Vec<Aggregator>,
    /// Weights replacing the metadata's, by `iCode`.
    pub weights: Weights,
    /// An aggregate is missing when the share of its children present is below this (COINr
    /// `dat_thresh`; default 0, never). Not used by Copeland.
    pub min_share: f64,
}

impl Default for Aggregation {
    fn default() -> Self {
        Aggregation { methods: vec![Aggregator::Arithmetic], weights: Weights::new(), min_share: 0.0 }
    }
}

impl From<Aggregator> for Aggregation {
    fn from(method: Aggregator) -> Self {
        Aggregation { methods: vec![method], ..Aggregation::default() }
    }
}

/// Aggregates normalised indicators up the tree. Returns every node's column: the
/// indicators, then the aggregates level by level, in [`Meta::nodes`] order.
pub fn aggregate(normalised: &Data, meta: &Meta, spec: &Aggregation) -> Result<Data, Error> {
    let indicators = normalised.indicators(meta, "normalised data")?;
    let weights = meta.weights_with(&spec.weights)?;
    let methods = spec.per_level(meta)?;
    let units = indicators.units().len();
    let mut out = vec![0.0; (meta.nodes().len() - meta.indicator_count()) * units];
    Levels::new(units).run(
        meta,
        indicators.values(),
        &weights,
        &methods,
        spec.min_share,
        &mut out,
        indicators.units(),
        None,
    )?;
    let mut values = indicators.values().to_vec();
    values.extend_from_slice(&out);
    Ok(indicators.with_columns(meta.nodes().iter().map(|n| n.code.clone()).collect(), values))
}

impl Aggregation {
    /// One method per aggregation level (levels 2 and up).
    pub(crate) fn per_level(&self, meta: &Meta) -> Result<Vec<Aggregator>, Error> {
        let levels = meta.levels().saturating_sub(1) as usize;
        for method in &self.methods {
            if let Aggregator::Generalised { p } = method
                && (*p == 0.0 || !p.is_finite())
            {
                return Err(Error::argument("p", p, "the generalised mean needs a finite p other than 0"));
            }
        }
        if !(0.0..=1.0).contains(&self.min_share) {
            return Err(Error::argument("min_share", self.min_share, "a share between 0 and 1"));
        }
        match self.methods.len() {
            1 => Ok(vec![self.methods[0]; levels]),
            n if n == levels => Ok(self.methods.clone()),
            n => Err(Error::argument("methods", n, format!("one method, or one per aggregation level ({levels})"))),
        }
    }
}

/// Scratch space for aggregating one set of units, reused across replications.
#[derive(Debug, Clone)]
pub(crate) struct Levels {
    sum: Vec<f64>,
    weight: Vec<f64>,
    present: Vec<f64>,
}

impl Levels {
    pub(crate) fn new(units: usize) -> Self {
        Levels { sum: vec![0.0; units], weight: vec![0.0; units], present: vec![0.0; units] }
    }

    /// Adds `term(u, v)` to each unit's sum, and the child's weight and presence, where the
    /// child's value `v` is not missing. Adding zero where it is missing leaves each sum as
    /// skipping would (the sums start at +0, which no addition turns to −0), and lets the
    /// compiler vectorise the loop.
    #[inline(always)]
    fn add_present(&mut self, x: &[f64], w: f64, term: impl Fn(usize, f64) -> f64) {
        for (u, &v) in x.iter().enumerate().take(self.sum.len()) {
            let present = !v.is_nan();
            self.present[u] += if present { 1.0 } else { 0.0 };
            self.weight[u] += if present { w } else { 0.0 };
            self.sum[u] += if present { term(u, v) } else { 0.0 };
        }
    }

    /// Aggregates `indicators` (column by column, the metadata's order) into `out`, one
    /// column per aggregate in [`Meta::nodes`] order. `weights` are per node, `methods` per
    /// aggregation level; `units` name the rows in errors. `logs`, if given, are the natural
    /// logarithms of `indicators`, computed once by a caller that aggregates the same
    /// indicators many times (replications): the same numbers `ln` would give here.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run(
        &mut self,
        meta: &Meta,
        indicators: &[f64],
        weights: &[f64],
        methods: &[Aggregator],
        min_share: f64,
        out: &mut [f64],
        units: &[String],
        logs: Option<&[f64]>,
    ) -> Result<(), Error> {
        let n = self.sum.len();
        let first = meta.indicator_count();
        for node in first..meta.nodes().len() {
            let (done, rest) = out.split_at_mut((node - first) * n);
            let target = &mut rest[..n];
            let column = |c: usize| {
                if c < first { &indicators[c * n..(c + 1) * n] } else { &done[(c - first) * n..(c - first + 1) * n] }
            };
            let children = meta.children(node);
            let method = methods[meta.nodes()[node].level as usize - 2];
            if method == Aggregator::Copeland {
                copeland(children, &column, weights, target);
                continue;
            }
            self.sum.fill(0.0);
            self.weight.fill(0.0);
            self.present.fill(0.0);
            if method == Aggregator::Minimum {
                self.sum.fill(f64::INFINITY);
            }
            for &child in children {
                let (x, w) = (column(child), weights[child]);
                let ln_x = logs.filter(|_| child < first).map(|logs| &logs[child * n..(child + 1) * n]);
                let refused = |bad: fn(f64) -> bool| x.iter().position(|&v| !v.is_nan() && bad(v));
                match method {
                    Aggregator::Geometric => {
                        if let Some(u) = refused(|v| v <= 0.0) {
                            return Err(fail(meta, node, child, &units[u], x[u], "above zero"));
                        }
                        match ln_x {
                            Some(ln_x) => self.add_present(x, w, |u, _| w * ln_x[u]),
                            None => self.add_present(x, w, |_, v| w * v.ln()),
                        }
                    }
                    Aggregator::Harmonic => {
                        if let Some(u) = refused(|v| v == 0.0) {
                            return Err(fail(meta, node, child, &units[u], x[u], "other than zero"));
                        }
                        self.add_present(x, w, |_, v| w / v);
                    }
                    Aggregator::Arithmetic => self.add_present(x, w, |_, v| w * v),
                    Aggregator::Generalised { p } => self.add_present(x, w, |_, v| w * v.powf(p)),
                    Aggregator::Minimum | Aggregator::Copeland => {
                        for (u, &v) in x.iter().enumerate().filter(|(_, v)| !v.is_nan()) {
                            self.present[u] += 1.0;
                            self.weight[u] += w;
                            self.sum[u] = self.sum[u].min(v);
                        }
                    }
                }
            }
            let count = children.len() as f64;
            let totals = self.sum.iter().zip(&self.weight).zip(&self.present);
            for (score, ((&s, &w), &present)) in target.iter_mut().zip(totals) {
                *score = if present == 0.0 || present / count < min_share {
                    f64::NAN
                } else {
                    match method {
                        Aggregator::Geometric => (s / w).exp(),
                        Aggregator::Harmonic => w / s,
                        Aggregator::Generalised { .. } if present < count => f64::NAN,
                        Aggregator::Generalised { p } => (s / w).powf(1.0 / p),
                        Aggregator::Minimum => s,
                        _ => s / w,
                    }
                };
            }
        }
        Ok(())
    }
}

/// Copeland scores of the units on `children`, into `target`.
fn copeland<'a>(children: &[usize], column: &impl Fn(usize) -> &'a [f64], weights: &[f64], target: &mut [f64]) {
    let total: f64 = children.iter().map(|&c| weights[c]).sum();
    target.fill(0.0);
    let n = target.len();
    for i in 0..n {
        for j in i + 1..n {
            // COINr's outranking entry o_ij; o_ji is taken as 1 − o_ij.
            let mut o = 0.0;
            for &c in children {
                let (x, w) = (column(c), weights[c] / total);
                if x[i] > x[j] {
                    o += w;
                } else if x[i] == x[j] {
                    o += w / 2.0;
                }
            }
            let vote = |o: f64| {
                if o > 0.5 {
                    1.0
                } else if o < 0.5 {
                    -1.0
                } else {
                    0.0
                }
            };
            target[i] += vote(o);
            target[j] += vote(1.0 - o);
        }
    }
}

fn fail(meta: &Meta, node: usize, child: usize, unit: &str, value: f64, need: &str) -> Error {
    let (aggregate, code) = (&meta.nodes()[node].code, &meta.nodes()[child].code);
    let reason = format!("{aggregate}: this mean needs scores {need}; normalise onto e.g. [1, 100] first");
    let issue = Issue::new(format!("{code}[{unit}]"), value.to_string(), IssueKind::Invalid { reason });
    Error::Data { data: DataKind::IndicatorData, source_name: "aggregation".into(), issues: Issues(vec![issue]) }
}
