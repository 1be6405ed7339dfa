//! Means with Student's t intervals (`phe_mean`).

use super::dist::t_quantile;
use super::{Checks, Confidence, Field, Groups, Role, Table, push_limits};
use crate::Error;

/// Means per group (or of all rows) with Student's t limits.
///
/// Output: `value_sum`, `value_count` (rows in the group, missing values included, as the
/// package counts them), `stdev` (sample standard deviation), `value`, the limits,
/// `confidence`, `statistic` (`mean`) and `method` (`Student's t-distribution`). A missing
/// value makes its group's sum, deviation and mean missing.
///
/// # Errors
/// [`Error::Data`] for an infinite value.
pub fn mean(x: Field<'_>, groups: Option<&Groups>, confidence: &Confidence) -> Result<Table, Error> {
    let mut checks = Checks::new("mean");
    checks.finite(&[x]);
    checks.finish()?;
    let groups = Groups::or_single(groups, x.values.len());
    let groups = &*groups;
    if groups.rows() != x.values.len() {
        return Err(Error::argument(
            "group codes",
            groups.rows(),
            format!("one group code per row of {} is needed", x.name),
        ));
    }
    let sums = groups.sum(x.values);
    let counts: Vec<f64> = groups.sizes().into_iter().map(|s| s as f64).collect();
    let means: Vec<f64> = sums.iter().zip(&counts).map(|(s, n)| s / n).collect();
    // Two-pass variance about the group mean, for accuracy.
    let mut squares = vec![0.0; groups.count()];
    for (&code, &value) in groups.codes().iter().zip(x.values) {
        let d = value - means[code as usize];
        squares[code as usize] += d * d;
    }
    let stdev: Vec<f64> = squares.iter().zip(&counts).map(|(s, n)| (s / (n - 1.0)).sqrt()).collect();

    let mut table = Table::new(groups.count());
    table.number("value_sum", Role::Data, sums);
    table.number("value_count", Role::Data, counts.clone());
    table.number("stdev", Role::Data, stdev.clone());
    table.number("value", Role::Value, means.clone());
    push_limits(&mut table, confidence, |c, _| {
        means
            .iter()
            .zip(&stdev)
            .zip(&counts)
            .map(|((&mean, &sd), &n)| {
                let half = t_quantile((1.0 - c) / 2.0, n - 1.0).abs() * sd / n.sqrt();
                (mean - half, mean + half)
            })
            .unzip()
    });
    table.constant("confidence", confidence.label());
    table.constant("statistic", Some("mean".to_owned()));
    table.constant("method", Some("Student's t-distribution".to_owned()));
    Ok(table)
}
