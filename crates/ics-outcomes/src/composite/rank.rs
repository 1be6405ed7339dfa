//! Ranks with ties sharing the best rank ("1224", R's `rank(-x, ties.method = "min")`), and
//! rank statistics over replications.

use serde::Serialize;

use crate::Error;

/// Ranks scores from the highest (rank 1); tied units share the best rank of their cluster
/// and the next rank is skipped; missing scores have no rank.
pub fn rank(scores: &[f64]) -> Vec<Option<u32>> {
    let mut ranks = vec![0.0; scores.len()];
    descending_min_ranks(scores, &mut ranks, &mut Vec::new());
    ranks.iter().map(|r| (!r.is_nan()).then_some(*r as u32)).collect()
}

/// Ranks from the highest into `out` (NaN for a missing score); `order` is scratch space.
pub(crate) fn descending_min_ranks(x: &[f64], out: &mut [f64], order: &mut Vec<usize>) {
    min_ranks(x, out, order, |a, b| b.total_cmp(a));
}

/// Ranks from the lowest into `out` (R's `rank(x, ties.method = "min", na.last = "keep")`).
pub(crate) fn ascending_min_ranks(x: &[f64], out: &mut [f64], order: &mut Vec<usize>) {
    min_ranks(x, out, order, f64::total_cmp);
}

fn min_ranks(x: &[f64], out: &mut [f64], order: &mut Vec<usize>, cmp: impl Fn(&f64, &f64) -> std::cmp::Ordering) {
    order.clear();
    order.extend((0..x.len()).filter(|&i| !x[i].is_nan()));
    order.sort_unstable_by(|&a, &b| cmp(&x[a], &x[b]));
    out.fill(f64::NAN);
    crate::util::ranking::competition(order, |a, b| x[a] == x[b], |i, rank| out[i] = rank as f64);
}

/// The distribution of one unit's rank over replications (COINr `RankStats`, plus the mean
/// absolute shift from the nominal rank). Quantiles are R's type 7, numpy's default.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankStats {
    /// The unit's code.
    pub unit: String,
    /// Rank under the nominal choices.
    pub nominal: Option<u32>,
    /// Mean rank over the replications where it has one.
    pub mean: f64,
    /// Median rank.
    pub median: f64,
    /// 5th percentile of the rank: the lower end of the 90% interval.
    pub q5: f64,
    /// 95th percentile of the rank: the upper end.
    pub q95: f64,
    /// Mean of |rank − nominal rank|.
    pub mean_shift: f64,
}

/// Rank statistics of each unit from replicate scores: `runs` holds each replication's
/// scores for all units in turn (replication-major), `nominal` the nominal scores.
pub fn rank_statistics(units: &[String], nominal: &[f64], runs: &[f64]) -> Result<Vec<RankStats>, Error> {
    let n = units.len();
    if nominal.len() != n {
        return Err(Error::argument("nominal", nominal.len(), format!("one score per unit ({n})")));
    }
    if n == 0 || !runs.len().is_multiple_of(n) {
        return Err(Error::argument("runs", runs.len(), format!("a whole number of replications of {n} units")));
    }
    let mut ranks = vec![0.0; runs.len()];
    let mut order = Vec::new();
    for (scores, out) in runs.chunks(n).zip(ranks.chunks_mut(n)) {
        descending_min_ranks(scores, out, &mut order);
    }
    let mut nominal_ranks = vec![0.0; n];
    descending_min_ranks(nominal, &mut nominal_ranks, &mut order);
    Ok(summarise_ranks(units, &nominal_ranks, &ranks))
}

/// Per-unit statistics of replication-major ranks.
pub(crate) fn summarise_ranks(units: &[String], nominal: &[f64], ranks: &[f64]) -> Vec<RankStats> {
    let n = units.len();
    let mut column = Vec::with_capacity(ranks.len() / n.max(1));
    units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            column.clear();
            column.extend(ranks.iter().skip(u).step_by(n).copied().filter(|r| !r.is_nan()));
            column.sort_unstable_by(f64::total_cmp);
            let count = column.len() as f64;
            RankStats {
                unit: unit.clone(),
                nominal: (!nominal[u].is_nan()).then_some(nominal[u] as u32),
                mean: column.iter().sum::<f64>() / count,
                median: quantile(&column, 0.5),
                q5: quantile(&column, 0.05),
                q95: quantile(&column, 0.95),
                mean_shift: column.iter().map(|r| (r - nominal[u]).abs()).sum::<f64>() / count,
            }
        })
        .collect()
}

/// Quantile of sorted values by R's type 7 (linear between order statistics); NaN if empty.
pub(crate) fn quantile(sorted: &[f64], p: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else { return f64::NAN };
    // R's arithmetic (1-based index, (1 - h)·lo + h·hi), so quantiles of ranks come out
    // exactly as R prints them.
    let index = 1.0 + last as f64 * p;
    let lo = index.floor();
    let h = index - lo;
    let below = lo as usize - 1;
    let (low, high) = (sorted[below], sorted[(below + 1).min(last)]);
    if h > 0.0 && high != low { (1.0 - h) * low + h * high } else { low }
}
