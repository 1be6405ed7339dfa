//! Proportions with Wilson score intervals (`phe_proportion`).

use super::format::r_number;
use super::interval::{ratios, wilson_limits};
use super::{
    Checks, Confidence, Field, Groups, Role, Table, check_multiplier, counts_are_clean, counts_table, push_limits,
};
use crate::Error;

/// Settings of [`proportion`].
#[derive(Debug, Clone, PartialEq)]
pub struct ProportionOptions {
    /// Confidence levels; [`Confidence::none`] gives point estimates only.
    pub confidence: Confidence,
    /// Scale of the output: 1 for a proportion, 100 for a percentage.
    pub multiplier: f64,
}

impl Default for ProportionOptions {
    fn default() -> Self {
        ProportionOptions {
            confidence: Confidence::standard(&[0.95]).unwrap_or_else(|_| Confidence::none()),
            multiplier: 1.0,
        }
    }
}

/// Proportions `x / n · multiplier` with Wilson score limits, row by row, or per group after
/// summing `x` and `n` within each group (a missing value makes its group missing).
///
/// Grouped output starts with the sums as `numerator` and `denominator`; then `value`, the
/// limits, `confidence`, `statistic` (`percentage` for a multiplier of 100, else
/// `proportion of <m>`) and `method` (`Wilson`).
///
/// # Errors
/// [`Error::Data`] for a negative numerator, a denominator of zero or less, a numerator above
/// its denominator, or an infinite value; [`Error::Argument`] for a bad multiplier.
pub fn proportion(
    x: Field<'_>,
    n: Field<'_>,
    groups: Option<&Groups>,
    options: &ProportionOptions,
) -> Result<Table, Error> {
    let mut checks = Checks::new("proportion");
    checks.lengths(x.values.len(), &[n]);
    if let Some(groups) = groups.filter(|g| g.rows() != x.values.len()) {
        checks.field("group_by", groups.rows().to_string(), "needs one group per row");
    }
    checks.finish()?;
    if !counts_are_clean(x.values, n.values, true) {
        let mut checks = Checks::new("proportion");
        checks.finite(&[x, n]);
        checks.rows(x, |v| v < 0.0, "numerators must be greater than or equal to zero");
        checks.rows(n, |v| v <= 0.0, "denominators must be greater than zero");
        checks.rows_where(
            x,
            |row| x.values[row] > n.values[row],
            "numerators must be less than or equal to denominator for a proportion statistic",
        );
        checks.finish()?;
    }
    check_multiplier(options.multiplier)?;
    let m = options.multiplier;

    let (xs, ns, mut table) = counts_table(x, n, groups);
    table.number("value", Role::Value, ratios(&xs, &ns, m));
    push_limits(&mut table, &options.confidence, |_, z| wilson_limits(&xs, &ns, z, m));
    if !options.confidence.is_empty() {
        table.constant("confidence", options.confidence.label());
    }
    let statistic = if m == 100.0 { "percentage".to_owned() } else { format!("proportion of {}", r_number(m)) };
    table.constant("statistic", Some(statistic));
    if !options.confidence.is_empty() {
        table.constant("method", Some("Wilson".to_owned()));
    }
    Ok(table)
}
