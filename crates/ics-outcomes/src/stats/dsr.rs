//! Directly standardised rates with Dobson limits (`calculate_dsr`).

use std::collections::BTreeMap;

use super::format::r_fixed;
use super::interval::{byars_lower, byars_upper};
use super::{Checks, Confidence, Field, Groups, Role, Table, check_multiplier};
use crate::Error;

/// The European Standard Population 2013 in 19 bands (0–4, 5–9, …, 85–89, 90+), summing to
/// 100,000: Eurostat's 2013 ESP with ages 0 and 1–4 merged and 90–94 and 95+ merged, as the
/// package ships it.
pub const ESP2013: [f64; 19] = [
    5000.0, 5500.0, 5500.0, 5500.0, 6000.0, 6000.0, 6500.0, 7000.0, 7000.0, 7000.0, 7000.0, 6500.0, 6000.0, 5500.0,
    5000.0, 4000.0, 2500.0, 1500.0, 1000.0,
];

/// Below this many events a DSR is not published (value and limits missing).
pub const DSR_MINIMUM_COUNT: f64 = 10.0;

/// Whether events are independent, or people can have several (e.g. repeat admissions).
#[derive(Debug, Clone, Copy)]
pub enum Events<'a> {
    /// Each row's `x` counts events (the usual case).
    Independent,
    /// Each row's `x` counts people with exactly `frequency` events in its `ageband`; the
    /// interval widens for the dependence between one person's events.
    NonIndependent {
        /// Events per person on each row.
        frequency: Field<'a>,
        /// The standardisation band of each row (populations must agree within a band).
        ageband: &'a Groups,
    },
}

/// Settings of [`dsr`].
#[derive(Debug, Clone, PartialEq)]
pub struct DsrOptions {
    /// Confidence levels (one, or the pair 0.95 + 0.998).
    pub confidence: Confidence,
    /// Rate per this many of the standard population; 100,000 by default.
    pub multiplier: f64,
}

impl Default for DsrOptions {
    fn default() -> Self {
        DsrOptions {
            confidence: Confidence::standard(&[0.95]).unwrap_or_else(|_| Confidence::none()),
            multiplier: 100_000.0,
        }
    }
}

/// Directly standardised rates per group (Dobson et al. 1991, Byar's limits for the total
/// count), one row per group.
///
/// Each input row is one standardisation band of one group: events `x` (missing counts as 0),
/// population `n` and standard population weight `stdpop` (for example [`ESP2013`] repeated
/// per group). Groups with fewer than 10 events get missing value and limits and the
/// statistic `dsr NA for total count < 10`.
///
/// Output: `total_count`, `total_pop`, `value`, limits, `confidence`, `statistic`, `method`.
///
/// # Errors
/// [`Error::Data`] for missing populations or weights, negative counts or weights,
/// populations of zero or less, infinite values, and (non-independent events) a missing
/// frequency or populations that differ within a group and band; [`Error::Argument`] for a
/// multiplier of zero or less.
pub fn dsr(
    x: Field<'_>,
    n: Field<'_>,
    stdpop: Field<'_>,
    groups: Option<&Groups>,
    events: Events<'_>,
    options: &DsrOptions,
) -> Result<Table, Error> {
    let rows = x.values.len();
    let mut checks = Checks::new("dsr");
    let mut fields = vec![n, stdpop];
    if let Events::NonIndependent { frequency, ageband } = events {
        fields.push(frequency);
        if ageband.rows() != rows {
            checks.field("ageband", ageband.rows().to_string(), "needs one band per row");
        }
    }
    checks.lengths(rows, &fields);
    if let Some(groups) = groups.filter(|g| g.rows() != rows) {
        checks.field("group_by", groups.rows().to_string(), "needs one group per row");
    }
    checks.finish()?;

    let mut checks = Checks::new("dsr");
    fields.push(x);
    checks.finite(&fields);
    checks.missing(n, "field n cannot have missing values");
    checks.missing(stdpop, "field stdpop cannot have missing values");
    checks.rows(x, |v| v < 0.0, "numerators must all be greater than or equal to zero");
    checks.rows(n, |v| v <= 0.0, "denominators must all be greater than zero");
    checks.rows(stdpop, |v| v < 0.0, "stdpop must all be greater than or equal to zero");
    if let Events::NonIndependent { frequency, .. } = events {
        checks.missing(frequency, "eventfreq field must not have any missing values");
    }
    checks.finish()?;
    check_multiplier(options.multiplier)?;

    let groups = Groups::or_single(groups, rows);
    let groups = &*groups;
    let count = groups.count();
    // Per group: observed events, population, Σ x w / n, Σ w, and the variance term.
    let mut observed = vec![0.0; count];
    let mut population = vec![0.0; count];
    let mut weighted = vec![0.0; count];
    let mut variance = vec![0.0; count];
    let mut weights = vec![0.0; count];
    let x_at = |row: usize| if x.values[row].is_nan() { 0.0 } else { x.values[row] };
    match events {
        Events::Independent => {
            for (row, &code) in groups.codes().iter().enumerate() {
                let g = code as usize;
                let (xi, ni, wi) = (x_at(row), n.values[row], stdpop.values[row]);
                observed[g] += xi;
                population[g] += ni;
                weighted[g] += xi * wi / ni;
                variance[g] += xi * wi * wi / (ni * ni);
                weights[g] += wi;
            }
            for g in 0..count {
                variance[g] /= weights[g] * weights[g];
            }
        }
        Events::NonIndependent { frequency, ageband } => {
            nonindependent(
                x_at,
                n,
                stdpop,
                frequency,
                ageband,
                groups,
                &mut [&mut observed, &mut population, &mut weighted, &mut variance, &mut weights],
            )?;
        }
    }

    let m = options.multiplier;
    let published = |g: usize| observed[g] >= DSR_MINIMUM_COUNT;
    let value: Vec<f64> =
        (0..count).map(|g| if published(g) { weighted[g] / weights[g] * m } else { f64::NAN }).collect();
    let mut table = Table::new(count);
    table.number("total_count", Role::Data, observed.clone());
    table.number("total_pop", Role::Data, population);
    table.number("value", Role::Value, value.clone());
    super::push_limits(&mut table, &options.confidence, |_, z| {
        (0..count)
            .map(|g| {
                let o = observed[g];
                let spread = (variance[g] / o).sqrt() * m;
                (value[g] + spread * (byars_lower(o, z) - o), value[g] + spread * (byars_upper(o, z) - o))
            })
            .unzip()
    });
    table.constant("confidence", options.confidence.label());
    let labels = vec![format!("dsr per {}", r_fixed(m)), "dsr NA for total count < 10".to_owned()];
    table.text("statistic", Role::Metadata, labels, (0..count).map(|g| Some(u32::from(!published(g)))).collect());
    let method = match events {
        Events::Independent => "Dobson",
        Events::NonIndependent { .. } => "Dobson, with confidence adjusted for non-independent events",
    };
    table.constant("method", Some(method.to_owned()));
    Ok(table)
}

/// The sums of [`dsr`] when rows count people by how many events they had: events per band
/// are `Σ_f f·x`, and the variance is `Σ_f f² V_f` with `V_f` the Dobson variance of the
/// people with `f` events.
fn nonindependent(
    x_at: impl Fn(usize) -> f64,
    n: Field<'_>,
    stdpop: Field<'_>,
    frequency: Field<'_>,
    ageband: &Groups,
    groups: &Groups,
    sums: &mut [&mut Vec<f64>; 5],
) -> Result<(), Error> {
    let [observed, population, weighted, variance, weights] = sums;
    // (group, band) → (first row, events); (group, frequency) → (Σ x w²/n², Σ w).
    let mut bands: BTreeMap<(u32, u32), (usize, f64)> = BTreeMap::new();
    let mut by_frequency: BTreeMap<(u32, u64), (f64, f64, f64)> = BTreeMap::new();
    let mut checks = Checks::new("dsr");
    for (row, (&group, &band)) in groups.codes().iter().zip(ageband.codes()).enumerate() {
        let (xi, ni, wi, fi) = (x_at(row), n.values[row], stdpop.values[row], frequency.values[row]);
        let entry = bands.entry((group, band)).or_insert((row, 0.0));
        let first = entry.0;
        if n.values[first] != ni || stdpop.values[first] != wi {
            checks.field(
                &format!("{}[{row}]", n.name),
                ni.to_string(),
                "There are rows with the same grouping variables and ageband but with different populations (n) or standard populations(stdpop)",
            );
        }
        entry.1 += fi * xi;
        let cell = by_frequency.entry((group, fi.to_bits())).or_insert((fi, 0.0, 0.0));
        cell.1 += xi * wi * wi / (ni * ni);
        cell.2 += wi;
    }
    checks.finish()?;
    for (&(group, _), &(row, events)) in &bands {
        let g = group as usize;
        observed[g] += events;
        population[g] += n.values[row];
        weighted[g] += events * stdpop.values[row] / n.values[row];
        weights[g] += stdpop.values[row];
    }
    for (&(group, _), &(f, spread, weight)) in &by_frequency {
        variance[group as usize] += f * f * spread / (weight * weight);
    }
    Ok(())
}
