//! Normalisation (COINr `Normalise`): each indicator is multiplied by its direction, then
//! brought onto a common scale.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::impute::{mean_of, min_max};
use super::rank::ascending_min_ranks;
use super::{Data, Meta, Node};
use crate::Error;
use crate::error::{IssueKind, IssueLog};

/// One normalisation method; formulas are on `x · Direction`. Bounds, goalposts and targets
/// are given in the indicator's own units and turned with it, so lower-is-better indicators
/// need no special case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Normaliser {
    /// `(x − min)/(max − min)·(high − low) + low` (COINr `n_minmax`, default [0, 100]). No
    /// spread gives NaN, as in COINr.
    MinMax {
        /// Value of the worst unit.
        low: f64,
        /// Value of the best unit.
        high: f64,
    },
    /// `(x − mean)/sd·sd* + mean*` with the sample sd (COINr `n_zscore`).
    ZScore {
        /// Mean of the result (m*).
        mean: f64,
        /// Standard deviation of the result (sd*).
        sd: f64,
    },
    /// `(x − low)/(high − low)·scale` on fixed bounds (COINr `n_scaled`).
    Scaled {
        /// Lower bound, in the indicator's units.
        low: f64,
        /// Upper bound, in the indicator's units.
        high: f64,
        /// Multiplier, e.g. 100.
        scale: f64,
    },
    /// `1 − (max − x)/(max − min)`, in [0, 1] (COINr `n_dist2max`).
    DistanceToMax,
    /// `1 − (x_ref − x)/(x_ref − min)` for a reference unit (COINr `n_dist2ref`).
    DistanceToReference {
        /// The reference unit's code.
        unit: String,
        /// Cap the result at 1.
        cap: bool,
    },
    /// `(x − min)/(target − min)` against the metadata `Target`, anchored on the data minimum
    /// (COINr `n_dist2targ`).
    DistanceToTarget {
        /// Cap the result at 1.
        cap: bool,
    },
    /// `(x − low)/(high − low)`, truncated to [0, 1] if asked, times `scale` (COINr
    /// `n_goalposts`): fixed, so one unit's score never depends on another's.
    Goalposts {
        /// Worst goalpost, in the indicator's units (the higher one if lower is better).
        low: f64,
        /// Best goalpost, in the indicator's units.
        high: f64,
        /// Multiplier (COINr `a`).
        scale: f64,
        /// Truncate to the goalposts (COINr `trunc2posts`, default true).
        truncate: bool,
    },
    /// `x / max` (COINr `n_fracmax`).
    FractionOfMax,
    /// Rank from the lowest, ties sharing the lowest rank (COINr `n_rank`).
    Rank,
    /// Rank − 1 (COINr `n_borda`).
    Borda,
    /// `(rank − 1)/(n − 1)` over the units present (COINr `n_prank`).
    PercentileRank,
    /// Unchanged (direction still applied).
    None,
}

impl Default for Normaliser {
    fn default() -> Self {
        Normaliser::MinMax { low: 0.0, high: 100.0 }
    }
}

/// The settings a normaliser named by COINr may take; each method reads those it needs and
/// falls back to COINr's default for the rest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NormaliserSettings {
    /// `(low, high)` for `minmax` (default `(0, 100)`), `scaled` (`(0, 100)`) and `goalposts`
    /// (`(0, 100)`); `(mean, sd)` for `zscore` (default `(0, 1)`).
    pub range: Option<(f64, f64)>,
    /// Cap `dist2ref` and `dist2targ` at 1.
    pub cap: bool,
    /// The reference unit of `dist2ref` (required there).
    pub unit: Option<String>,
    /// The multiplier of `scaled` (default 100) and `goalposts` (default 1).
    pub scale: Option<f64>,
    /// Truncate `goalposts` to the posts (default true).
    pub truncate: Option<bool>,
}

impl Normaliser {
    /// COINr's names of the methods, then the same with COINr's `n_` prefix.
    pub const NAMES: &'static [&'static str] = &[
        "minmax",
        "zscore",
        "scaled",
        "dist2max",
        "dist2ref",
        "dist2targ",
        "goalposts",
        "fracmax",
        "rank",
        "borda",
        "prank",
        "none",
        "n_minmax",
        "n_zscore",
        "n_scaled",
        "n_dist2max",
        "n_dist2ref",
        "n_dist2targ",
        "n_goalposts",
        "n_fracmax",
        "n_rank",
        "n_borda",
        "n_prank",
    ];

    /// The method COINr calls `name` (`minmax` or `n_minmax`, ...) with `settings`.
    ///
    /// ```
    /// use ics_outcomes::composite::{Normaliser, NormaliserSettings};
    /// let z = Normaliser::named("n_zscore", &NormaliserSettings::default())?;
    /// assert_eq!(z, Normaliser::ZScore { mean: 0.0, sd: 1.0 });
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] for an unknown name (listing the names) or `dist2ref` without a
    /// unit.
    pub fn named(name: &str, settings: &NormaliserSettings) -> Result<Normaliser, Error> {
        let bounds = |default: (f64, f64)| settings.range.unwrap_or(default);
        let unknown = || {
            let names = Normaliser::NAMES.join(", ");
            Error::argument("method", format!("{name:?}"), format!("should be one of {names}"))
        };
        if !Normaliser::NAMES.contains(&name) {
            return Err(unknown());
        }
        Ok(match name.strip_prefix("n_").unwrap_or(name) {
            "minmax" => {
                let (low, high) = bounds((0.0, 100.0));
                Normaliser::MinMax { low, high }
            }
            "zscore" => {
                let (mean, sd) = bounds((0.0, 1.0));
                Normaliser::ZScore { mean, sd }
            }
            "scaled" => {
                let (low, high) = bounds((0.0, 100.0));
                Normaliser::Scaled { low, high, scale: settings.scale.unwrap_or(100.0) }
            }
            "dist2max" => Normaliser::DistanceToMax,
            "dist2ref" => Normaliser::DistanceToReference {
                unit: settings
                    .unit
                    .clone()
                    .ok_or_else(|| Error::argument("unit", "None", "dist2ref needs the reference unit's code"))?,
                cap: settings.cap,
            },
            "dist2targ" => Normaliser::DistanceToTarget { cap: settings.cap },
            "goalposts" => {
                let (low, high) = bounds((0.0, 100.0));
                let truncate = settings.truncate.unwrap_or(true);
                Normaliser::Goalposts { low, high, scale: settings.scale.unwrap_or(1.0), truncate }
            }
            "fracmax" => Normaliser::FractionOfMax,
            "rank" => Normaliser::Rank,
            "borda" => Normaliser::Borda,
            "prank" => Normaliser::PercentileRank,
            "none" => Normaliser::None,
            _ => return Err(unknown()),
        })
    }
}

/// A method for every indicator, with exceptions by code (COINr `global_specs` and
/// `indiv_specs`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Normalisation {
    /// The method used unless an indicator has its own.
    pub default: Normaliser,
    /// Methods for particular indicators.
    pub per_indicator: BTreeMap<String, Normaliser>,
}

impl From<Normaliser> for Normalisation {
    fn from(default: Normaliser) -> Self {
        Normalisation { default, per_indicator: BTreeMap::new() }
    }
}

/// Normalises every indicator of `data`, in the metadata's order.
pub fn normalise(data: &Data, meta: &Meta, spec: &Normalisation) -> Result<Data, Error> {
    if let Some(code) = spec.per_indicator.keys().find(|c| meta.indicators().iter().all(|n| &n.code != *c)) {
        return Err(Error::argument("per_indicator", code, "not an indicator"));
    }
    let mut out = data.indicators(meta, "iData")?;
    let mut log = IssueLog::default();
    let mut order = Vec::new();
    for (j, node) in meta.indicators().iter().enumerate() {
        let method = spec.per_indicator.get(&node.code).unwrap_or(&spec.default);
        method.check()?;
        let reference = match method {
            Normaliser::DistanceToReference { unit, .. } => Some(
                out.units()
                    .iter()
                    .position(|u| u == unit)
                    .ok_or_else(|| Error::argument("unit", unit, "unknown unit"))?,
            ),
            _ => None,
        };
        if matches!(method, Normaliser::DistanceToTarget { .. }) && node.target.is_none() {
            log.push(format!("{}.Target", node.code), "", IssueKind::Missing);
            continue;
        }
        let column = out.column_at_mut(j);
        column.iter_mut().for_each(|x| *x *= node.direction);
        method.apply(column, node, reference, &mut order);
    }
    log.into_validation("iMeta")?;
    Ok(out)
}

impl Normaliser {
    fn check(&self) -> Result<(), Error> {
        let finite = |name: &str, values: &[f64]| match values.iter().find(|v| !v.is_finite()) {
            Some(v) => Err(Error::argument(name, v, "must be finite")),
            None => Ok(()),
        };
        match *self {
            Normaliser::MinMax { low, high } => finite("min-max range", &[low, high]),
            Normaliser::ZScore { mean, sd } => finite("z-score mean and sd", &[mean, sd]),
            Normaliser::Scaled { low, high, scale } | Normaliser::Goalposts { low, high, scale, .. } => {
                finite("bounds and scale", &[low, high, scale])?;
                if low == high {
                    return Err(Error::argument("bounds", format!("({low}, {high})"), "the bounds must differ"));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Normalises one column already multiplied by its direction; `reference` is the row of
    /// the reference unit.
    fn apply(&self, x: &mut [f64], node: &Node, reference: Option<usize>, order: &mut Vec<usize>) {
        let turn = |low: f64, high: f64| if node.direction < 0.0 { (-high, -low) } else { (low, high) };
        let (min, max) = min_max(x);
        match *self {
            Normaliser::MinMax { low, high } => {
                x.iter_mut().for_each(|v| *v = (*v - min) / (max - min) * (high - low) + low)
            }
            Normaliser::ZScore { mean, sd } => {
                let present: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
                let m = mean_of(&present);
                let s = (present.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (present.len() as f64 - 1.0)).sqrt();
                x.iter_mut().for_each(|v| *v = (*v - m) / s * sd + mean);
            }
            Normaliser::Scaled { low, high, scale } => {
                let (l, u) = turn(low, high);
                x.iter_mut().for_each(|v| *v = (*v - l) / (u - l) * scale);
            }
            Normaliser::DistanceToMax => x.iter_mut().for_each(|v| *v = 1.0 - (max - *v) / (max - min)),
            Normaliser::DistanceToReference { cap, .. } => {
                let r = reference.map_or(f64::NAN, |row| x[row]);
                x.iter_mut().for_each(|v| *v = capped(1.0 - (r - *v) / (r - min), cap));
            }
            Normaliser::DistanceToTarget { cap } => {
                let t = node.target.map_or(f64::NAN, |t| t * node.direction);
                x.iter_mut().for_each(|v| *v = capped((*v - min) / (t - min), cap));
            }
            Normaliser::Goalposts { low, high, scale, truncate } => {
                let (l, u) = turn(low, high);
                x.iter_mut().for_each(|v| {
                    let s = (*v - l) / (u - l);
                    *v = if truncate { s.clamp(0.0, 1.0) } else { s } * scale;
                });
            }
            Normaliser::FractionOfMax => x.iter_mut().for_each(|v| *v /= max),
            Normaliser::Rank | Normaliser::Borda | Normaliser::PercentileRank => {
                let present = x.iter().filter(|v| !v.is_nan()).count() as f64;
                let mut ranks = vec![0.0; x.len()];
                ascending_min_ranks(x, &mut ranks, order);
                for (v, r) in x.iter_mut().zip(ranks) {
                    *v = match self {
                        Normaliser::Rank => r,
                        Normaliser::Borda => r - 1.0,
                        _ => (r - 1.0) / (present - 1.0),
                    };
                }
            }
            Normaliser::None => {}
        }
    }
}

fn capped(v: f64, cap: bool) -> f64 {
    if cap && v > 1.0 { 1.0 } else { v }
}
