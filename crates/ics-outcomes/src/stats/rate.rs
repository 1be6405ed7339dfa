//! Crude rates with exact (below 10 events) or Byar's limits (`phe_rate`).

use super::format::r_fixed;
use super::interval::{PoissonMethod, poisson_rate_limits, ratios};
use super::{
    Checks, Confidence, Field, Groups, Role, Table, check_multiplier, counts_are_clean, counts_table, push_limits,
};
use crate::Error;

/// Settings of [`rate`].
#[derive(Debug, Clone, PartialEq)]
pub struct RateOptions {
    /// Confidence levels; [`Confidence::none`] gives point estimates only.
    pub confidence: Confidence,
    /// Rate per this many of the denominator, 100,000 by default.
    pub multiplier: f64,
}

impl Default for RateOptions {
    fn default() -> Self {
        RateOptions {
            confidence: Confidence::standard(&[0.95]).unwrap_or_else(|_| Confidence::none()),
            multiplier: 100_000.0,
        }
    }
}

/// Rates `x / n · multiplier`, row by row or per group after summing `x` and `n`, with exact
/// Poisson limits below 10 events and Byar's from 10 (`method` says which). Unlike a
/// proportion, `x` may exceed `n`.
///
/// # Errors
/// [`Error::Data`] for a negative numerator, a denominator of zero or less, or an infinite
/// value; [`Error::Argument`] for a bad multiplier.
pub fn rate(x: Field<'_>, n: Field<'_>, groups: Option<&Groups>, options: &RateOptions) -> Result<Table, Error> {
    let mut checks = Checks::new("rate");
    checks.lengths(x.values.len(), &[n]);
    if let Some(groups) = groups.filter(|g| g.rows() != x.values.len()) {
        checks.field("group_by", groups.rows().to_string(), "needs one group per row");
    }
    checks.finish()?;
    if !counts_are_clean(x.values, n.values, false) {
        let mut checks = Checks::new("rate");
        checks.finite(&[x, n]);
        checks.rows(x, |v| v < 0.0, "numerators must be greater than or equal to zero");
        checks.rows(n, |v| v <= 0.0, "denominators must be greater than zero");
        checks.finish()?;
    }
    check_multiplier(options.multiplier)?;
    let m = options.multiplier;

    let (xs, ns, mut table) = counts_table(x, n, groups);
    table.number("value", Role::Value, ratios(&xs, &ns, m));
    push_limits(&mut table, &options.confidence, |c, z| poisson_rate_limits(&xs, &ns, c, z, m));
    if !options.confidence.is_empty() {
        table.constant("confidence", options.confidence.label());
    }
    table.constant("statistic", Some(format!("rate per {}", r_fixed(m))));
    if !options.confidence.is_empty() {
        let labels = vec![PoissonMethod::Exact.label().to_owned(), PoissonMethod::Byars.label().to_owned()];
        let codes = xs
            .iter()
            .map(|&x| PoissonMethod::for_count(x).map(|method| u32::from(method == PoissonMethod::Byars)))
            .collect();
        table.text("method", Role::Metadata, labels, codes);
    }
    Ok(table)
}
