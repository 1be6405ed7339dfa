//! Indirectly standardised ratios and rates (`calculate_ISRatio`, `calculate_ISRate`).

use super::format::r_fixed;
use super::interval::{PoissonMethod, poisson};
use super::{Checks, Confidence, Field, Groups, Role, Table, check_multiplier, push_limits};
use crate::Error;

/// The reference population's counts and populations per standardisation band.
#[derive(Debug, Clone, Copy)]
pub enum Reference<'a> {
    /// One value per band, matched by row position within each group (every group must have
    /// as many rows as the vectors have bands).
    Vectors {
        /// Reference event counts per band (missing counts as 0).
        x_ref: &'a [f64],
        /// Reference populations per band.
        n_ref: &'a [f64],
    },
    /// Reference values on every input row.
    Fields {
        /// Reference event counts.
        x_ref: Field<'a>,
        /// Reference populations.
        n_ref: Field<'a>,
    },
}

/// What an indirectly standardised result is scaled by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IsrScale {
    /// A ratio `observed / expected × refvalue` (1 for a ratio, 100 for an SMR-style index).
    Ratio {
        /// The reference value, 1 by default.
        refvalue: f64,
    },
    /// A rate: the ratio times the reference population's crude rate per `multiplier`.
    Rate {
        /// Rate per this many, 100,000 by default.
        multiplier: f64,
    },
}

/// Settings of [`isr`].
#[derive(Debug, Clone, PartialEq)]
pub struct IsrOptions {
    /// Confidence levels (one, or the pair 0.95 + 0.998).
    pub confidence: Confidence,
    /// Ratio or rate, with its scale.
    pub scale: IsrScale,
}

/// Indirectly standardised ratios or rates, one row per group.
///
/// Expected events are `Σ x_ref / n_ref · n` over a group's bands; observed events are
/// `Σ x` (missing ignored) unless `observed_totals` gives one total per group. Limits are
/// exact below 10 observed events and Byar's from 10, divided by the expected events.
///
/// Output: `observed`, `expected`, (rates: `ref_rate`), `value`, limits, `confidence`,
/// `statistic`, `method`.
///
/// # Errors
/// [`Error::Data`] for negative counts or populations (a population of zero is allowed),
/// infinite values, or groups whose row count differs from the reference vectors';
/// [`Error::Argument`] for a bad multiplier or reference value.
pub fn isr(
    x: Field<'_>,
    n: Field<'_>,
    reference: Reference<'_>,
    groups: Option<&Groups>,
    observed_totals: Option<&[f64]>,
    options: &IsrOptions,
) -> Result<Table, Error> {
    let rows = x.values.len();
    let groups = Groups::or_single(groups, rows);
    let groups = &*groups;
    let mut checks = Checks::new("isr");
    checks.lengths(rows, &[n]);
    if groups.rows() != rows {
        checks.field("group_by", groups.rows().to_string(), "needs one group per row");
    }
    checks.finish()?;
    // Reference vectors are matched to rows by position within each group.
    let laid_out;
    let (x_ref, n_ref) = match reference {
        Reference::Fields { x_ref, n_ref } => (x_ref, n_ref),
        Reference::Vectors { x_ref, n_ref } => {
            laid_out = (groups.by_position("x_ref", x_ref)?, groups.by_position("n_ref", n_ref)?);
            (Field::new("x_ref", &laid_out.0), Field::new("n_ref", &laid_out.1))
        }
    };
    let mut checks = Checks::new("isr");
    checks.lengths(rows, &[x_ref, n_ref]);
    if let Some(totals) = observed_totals.filter(|t| t.len() != groups.count()) {
        checks.field("observed_totals", totals.len().to_string(), "needs one total per group");
    }
    checks.finish()?;
    let mut checks = Checks::new("isr");
    checks.finite(&[x, n]);
    checks.rows(x, |v| v < 0.0, "numerators must all be greater than or equal to zero");
    checks.rows(n, |v| v < 0.0, "denominators must all be greater than or equal to zero");
    checks.finish()?;
    match options.scale {
        IsrScale::Ratio { refvalue } if !refvalue.is_finite() => {
            return Err(Error::argument("refvalue", refvalue, "refvalue must be a finite number"));
        }
        IsrScale::Rate { multiplier } => check_multiplier(multiplier)?,
        IsrScale::Ratio { .. } => {}
    }

    let count = groups.count();
    let zero_if_missing = |v: f64| if v.is_nan() { 0.0 } else { v };
    let mut observed = vec![0.0; count];
    let mut expected = vec![0.0; count];
    let mut ref_events = vec![0.0; count];
    let mut ref_population = vec![0.0; count];
    for (row, &code) in groups.codes().iter().enumerate() {
        let g = code as usize;
        let (xr, nr) = (x_ref.values[row], n_ref.values[row]);
        observed[g] += zero_if_missing(x.values[row]);
        expected[g] += zero_if_missing(xr) / nr * zero_if_missing(n.values[row]);
        ref_events[g] += zero_if_missing(xr);
        ref_population[g] += nr;
    }
    if let Some(totals) = observed_totals {
        observed.copy_from_slice(totals);
    }
    let (scale, statistic): (Vec<f64>, String) = match options.scale {
        IsrScale::Ratio { refvalue } => {
            (vec![refvalue; count], format!("indirectly standardised ratio x {}", r_fixed(refvalue)))
        }
        IsrScale::Rate { multiplier } => (
            ref_events.iter().zip(&ref_population).map(|(e, p)| e / p * multiplier).collect(),
            format!("indirectly standardised rate per {}", r_fixed(multiplier)),
        ),
    };

    let mut table = Table::new(count);
    table.number("observed", Role::Data, observed.clone());
    table.number("expected", Role::Data, expected.clone());
    if matches!(options.scale, IsrScale::Rate { .. }) {
        table.number("ref_rate", Role::Data, scale.clone());
    }
    table.number("value", Role::Value, (0..count).map(|g| observed[g] / expected[g] * scale[g]).collect());
    push_limits(&mut table, &options.confidence, |c, z| {
        (0..count)
            .map(|g| {
                let (lower, upper) = poisson(observed[g], c, z);
                (lower / expected[g] * scale[g], upper / expected[g] * scale[g])
            })
            .unzip()
    });
    table.constant("confidence", options.confidence.label());
    table.constant("statistic", Some(statistic));
    let labels = vec![PoissonMethod::Exact.label().to_owned(), PoissonMethod::Byars.label().to_owned()];
    let codes =
        observed.iter().map(|&o| PoissonMethod::for_count(o).map(|m| u32::from(m == PoissonMethod::Byars))).collect();
    table.text("method", Role::Metadata, labels, codes);
    Ok(table)
}
