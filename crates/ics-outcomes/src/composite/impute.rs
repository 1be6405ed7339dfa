//! Imputation of missing values (COINr `Impute`), column by column or row by row.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{Data, Meta};
use crate::Error;

/// How missing values are filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Imputation {
    /// The indicator's mean over the units that have it (COINr `i_mean`).
    Mean,
    /// The indicator's median (COINr `i_median`).
    Median,
    /// The indicator's mean within the unit's group (COINr `i_mean_grp`); `groups` holds one
    /// label per unit, and a unit without one is left missing.
    GroupMean {
        /// Group label of each unit, in row order.
        groups: Vec<Option<String>>,
    },
    /// The indicator's median within the unit's group (COINr `i_median_grp`).
    GroupMedian {
        /// Group label of each unit, in row order.
        groups: Vec<Option<String>>,
    },
    /// The unit's mean over its other indicators, each first scaled to [0, 1] with directions
    /// applied and the result scaled back (COINr row imputation with `normalise_first`);
    /// with `level`, only over indicators in the same aggregate at that level.
    RowMean {
        /// The level of the aggregate that bounds the peers (e.g. 2 for the same pillar).
        level: Option<u32>,
    },
}

impl Imputation {
    /// The names of the column-wise methods, then COINr's names of the same.
    pub const NAMES: &'static [&'static str] =
        &["mean", "median", "group_mean", "group_median", "i_mean", "i_median", "i_mean_grp", "i_median_grp"];

    /// The method called `name`; the group methods take each unit's group label from
    /// `groups`.
    ///
    /// # Errors
    /// [`Error::Argument`] for an unknown name, or a group method without groups.
    pub fn named(name: &str, groups: Option<Vec<Option<String>>>) -> Result<Imputation, Error> {
        let grouped = |groups: Option<Vec<Option<String>>>| {
            groups.ok_or_else(|| Error::argument("group", "None", format!("{name} needs the name of a group column")))
        };
        Ok(match name {
            "mean" | "i_mean" => Imputation::Mean,
            "median" | "i_median" => Imputation::Median,
            "group_mean" | "i_mean_grp" => Imputation::GroupMean { groups: grouped(groups)? },
            "group_median" | "i_median_grp" => Imputation::GroupMedian { groups: grouped(groups)? },
            _ => {
                let names = Imputation::NAMES.join(", ");
                return Err(Error::argument("method", format!("{name:?}"), format!("should be one of {names}")));
            }
        })
    }
}

/// Fills the missing values of the indicator columns of `data`; values present are never
/// changed. Values that cannot be imputed (a group with no data) stay missing.
pub fn impute(data: &Data, meta: &Meta, how: &Imputation) -> Result<Data, Error> {
    let mut out = data.indicators(meta, "iData")?;
    let units = out.units().len();
    match how {
        Imputation::Mean | Imputation::Median => {
            let all = vec![Some(0usize); units];
            fill_by_group(&mut out, &all, 1, matches!(how, Imputation::Median));
        }
        Imputation::GroupMean { groups } | Imputation::GroupMedian { groups } => {
            if groups.len() != units {
                return Err(Error::argument("groups", groups.len(), format!("one group label per unit ({units})")));
            }
            let mut ids: HashMap<&str, usize> = HashMap::new();
            let coded: Vec<Option<usize>> = groups
                .iter()
                .map(|g| {
                    g.as_deref().map(|g| {
                        let next = ids.len();
                        *ids.entry(g).or_insert(next)
                    })
                })
                .collect();
            fill_by_group(&mut out, &coded, ids.len(), matches!(how, Imputation::GroupMedian { .. }));
        }
        Imputation::RowMean { level } => {
            if let Some(l) = level.filter(|l| *l < 2 || *l > meta.levels()) {
                return Err(Error::argument("level", l, format!("an aggregation level, 2 to {}", meta.levels())));
            }
            fill_by_row(&mut out, meta, *level);
        }
    }
    Ok(out)
}

/// Replaces missing values by the mean or median of the present values in the same group.
fn fill_by_group(data: &mut Data, groups: &[Option<usize>], count: usize, median: bool) {
    let mut members: Vec<Vec<f64>> = vec![Vec::new(); count];
    for j in 0..data.codes().len() {
        let column = data.column_at_mut(j);
        members.iter_mut().for_each(Vec::clear);
        for (x, g) in column.iter().zip(groups) {
            if let (Some(g), false) = (g, x.is_nan()) {
                members[*g].push(*x);
            }
        }
        let fill: Vec<f64> = members.iter_mut().map(|m| if median { median_of(m) } else { mean_of(m) }).collect();
        for (x, g) in column.iter_mut().zip(groups) {
            if let (Some(g), true) = (g, x.is_nan()) {
                *x = fill[*g];
            }
        }
    }
}

fn fill_by_row(data: &mut Data, meta: &Meta, level: Option<u32>) {
    let indicators = meta.indicators();
    let bound: Vec<Option<usize>> =
        indicators.iter().enumerate().map(|(j, _)| level.and_then(|l| meta.ancestor(j, l))).collect();
    // Each column scaled to [0, 1] after applying its direction, and its (min, max).
    let mut scaled = data.clone();
    let mut ranges = Vec::with_capacity(indicators.len());
    for (j, node) in indicators.iter().enumerate() {
        let column = scaled.column_at_mut(j);
        column.iter_mut().for_each(|x| *x *= node.direction);
        let (min, max) = min_max(column);
        column.iter_mut().for_each(|x| *x = (*x - min) / (max - min));
        ranges.push((min, max));
    }
    let units = data.units().len();
    for j in 0..indicators.len() {
        for u in 0..units {
            if !data.column_at(j)[u].is_nan() {
                continue;
            }
            let peers = (0..indicators.len()).filter(|&k| k != j && bound[k] == bound[j]);
            let present: Vec<f64> = peers.map(|k| scaled.column_at(k)[u]).filter(|s| !s.is_nan()).collect();
            let (min, max) = ranges[j];
            data.column_at_mut(j)[u] = indicators[j].direction * (mean_of(&present) * (max - min) + min);
        }
    }
}

/// Mean of the values; NaN when there are none.
pub(crate) fn mean_of(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Median of the values (R `median`); NaN when there are none. Sorts in place.
fn median_of(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}

/// Smallest and largest present values; (NaN, NaN) when there are none.
pub(crate) fn min_max(values: &[f64]) -> (f64, f64) {
    values.iter().filter(|x| !x.is_nan()).fold((f64::NAN, f64::NAN), |(lo, hi), &x| (x.min(lo), x.max(hi)))
}
