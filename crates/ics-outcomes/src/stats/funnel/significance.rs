//! The significance of each record against the funnel limits (`assign_funnel_significance`).

use super::super::dist::z_for;
use super::super::interval::{byars_lower_raw, byars_upper, exact_poisson};
use super::limits::{Side, wilson_limit};
use super::{FUNNEL_STATISTICS, RateType, STATISTIC_REQUIRED, check_rate_inputs, derived_denominators, one_of};
use crate::Error;
use crate::stats::{Checks, Field, Role, Table, check_multiplier};

/// What the records of [`funnel_significance`] are (`statistic`, with `rate_type` and
/// `multiplier` for rates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SignificanceStatistic {
    /// Numerators out of denominators.
    Proportion,
    /// Observed (numerator) against expected (denominator) events.
    Ratio,
    /// Rates per `multiplier`.
    Rate {
        /// Directly standardised or crude; directly standardised rates below 10 events are
        /// not assessed.
        rate_type: RateType,
        /// The rates are per this many of the population, e.g. 100,000.
        multiplier: f64,
    },
}

const RATE_REQUIRE: &str =
    "the following arguments are required for rates: data, numerator, rate, rate_type, multiplier";
const RATIO_PROPORTION_REQUIRE: &str =
    "the following arguments are required for ratios and proportions: data, numerator, denominator";

impl SignificanceStatistic {
    /// Builds the statistic from the package's arguments, with its messages for a missing
    /// statistic, a rate without `rate_type` or `multiplier`, and unknown strings.
    ///
    /// ```
    /// use ics_outcomes::stats::{RateType, SignificanceStatistic};
    /// let crude = SignificanceStatistic::from_args(Some("rate"), Some("crude"), Some(100.0))?;
    /// assert_eq!(crude, SignificanceStatistic::Rate { rate_type: RateType::Crude, multiplier: 100.0 });
    /// assert!(SignificanceStatistic::from_args(Some("rate"), Some("crude"), None).is_err());
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    pub fn from_args(statistic: Option<&str>, rate_type: Option<&str>, multiplier: Option<f64>) -> Result<Self, Error> {
        match statistic {
            None => Err(Error::argument("statistic", "NULL", STATISTIC_REQUIRED)),
            Some("proportion") => Ok(SignificanceStatistic::Proportion),
            Some("ratio") => Ok(SignificanceStatistic::Ratio),
            Some("rate") => match (rate_type, multiplier) {
                (Some(rate_type), Some(multiplier)) => {
                    Ok(SignificanceStatistic::Rate { rate_type: rate_type.parse()?, multiplier })
                }
                (None, _) => Err(Error::argument("rate_type", "NULL", RATE_REQUIRE)),
                (_, None) => Err(Error::argument("multiplier", "NULL", RATE_REQUIRE)),
            },
            Some(other) => Err(one_of("statistic", other, &FUNNEL_STATISTICS)),
        }
    }
}

/// The package's significance levels, in its factor order.
const LEVELS: [&str; 6] = [
    "High (0.001)",
    "High (0.025)",
    "Low (0.001)",
    "Low (0.025)",
    "Not significant",
    "Not applicable for events less than 10 for dsrs",
];
const HIGH_3S: u32 = 0;
const HIGH_2S: u32 = 1;
const LOW_3S: u32 = 2;
const LOW_2S: u32 = 3;
const NOT_SIGNIFICANT: u32 = 4;
const NOT_APPLICABLE: u32 = 5;

/// Whether each record lies outside the 95% or 99.8% funnel limits around the average of all
/// records (`assign_funnel_significance`): one text column `significance` with the package's
/// levels `High (0.001)`, `High (0.025)`, `Low (0.001)`, `Low (0.025)`, `Not significant`
/// (and, for rates, `Not applicable for events less than 10 for dsrs`). The first rule that
/// holds wins:
///
/// * Proportion: x / n against the limits for n around Σx / Σn (Wilson).
/// * Ratio: 1 against the exact Poisson (below 10 events) or Byar's interval of observed /
///   expected.
/// * Rate: the overall rate Σ events / Σ population against the same interval of events /
///   population, where the population is recovered as `multiplier · numerator / rate` (or is
///   the denominator of a crude rate without events). Directly standardised rates with fewer
///   than 10 events are not assessed.
///
/// A limit that cannot be computed counts as not crossed. A ratio with a missing observed
/// count has a missing significance (the package stops with an R error there).
///
/// # Errors
/// [`Error::Argument`] for a missing `denominator` (proportions, ratios) or `rate` (rates) or
/// a bad multiplier; [`Error::Data`] for negative numerators, denominators of zero or less, a
/// proportion's numerator above its denominator, missing values the package refuses, and
/// infinite values.
pub fn funnel_significance(
    numerator: Field<'_>,
    denominator: Option<Field<'_>>,
    rate: Option<Field<'_>>,
    statistic: &SignificanceStatistic,
) -> Result<Table, Error> {
    let missing = |argument: &str, message: &str| Error::argument(argument, "NULL", message);
    let fields: Vec<Field<'_>> = match *statistic {
        SignificanceStatistic::Proportion | SignificanceStatistic::Ratio => {
            vec![numerator, denominator.ok_or_else(|| missing("denominator", RATIO_PROPORTION_REQUIRE))?]
        }
        SignificanceStatistic::Rate { multiplier, .. } => {
            check_multiplier(multiplier)?;
            let rate = rate.ok_or_else(|| missing("rate", RATE_REQUIRE))?;
            [numerator, rate].into_iter().chain(denominator).collect()
        }
    };
    let rows = numerator.values.len();
    let mut checks = Checks::new("funnel significance");
    checks.lengths(rows, &fields[1..]);
    checks.finish()?;

    let mut checks = Checks::new("funnel significance");
    checks.finite(&fields);
    match *statistic {
        SignificanceStatistic::Proportion => {
            let message = "for proportions, numerators and denominators must be provided for all records, even when their values are zero";
            checks.missing_where(numerator, |_| true, message);
            checks.missing_where(fields[1], |row| !numerator.values[row].is_nan(), message);
        }
        SignificanceStatistic::Ratio => {}
        SignificanceStatistic::Rate { .. } => check_rate_inputs(&mut checks, numerator, denominator, fields[1]),
    }
    checks.rows(numerator, |v| v < 0.0, "numerators must be greater than or equal to zero");
    if let Some(d) = denominator {
        checks.rows(d, |v| v <= 0.0, "denominators must be greater than zero");
        if *statistic == SignificanceStatistic::Proportion {
            checks.rows_where(
                numerator,
                |row| numerator.values[row] > d.values[row],
                "numerators must be less than or equal to denominator for a proportion statistic",
            );
        }
    }
    checks.finish()?;

    let o = numerator.values;
    let (codes, levels): (Vec<Option<u32>>, usize) = match *statistic {
        SignificanceStatistic::Proportion => {
            let n = fields[1].values;
            let average = o.iter().sum::<f64>() / n.iter().sum::<f64>();
            let codes = o.iter().zip(n).map(|(&x, &n)| Some(proportion_level(x / n, n, average))).collect();
            (codes, 5)
        }
        SignificanceStatistic::Ratio => {
            let expected = fields[1].values;
            let codes = o.iter().zip(expected).map(|(&o, &e)| (!o.is_nan()).then(|| count_level(1.0, o, e))).collect();
            (codes, 5)
        }
        SignificanceStatistic::Rate { rate_type, multiplier } => {
            let population =
                derived_denominators(o, denominator.map(|d| d.values), fields[1].values, rate_type, multiplier);
            let average = o.iter().sum::<f64>() / population.iter().filter(|p| !p.is_nan()).sum::<f64>();
            let codes = o
                .iter()
                .zip(&population)
                .map(|(&o, &p)| match rate_type {
                    RateType::Dsr if o < 10.0 => Some(NOT_APPLICABLE),
                    _ => Some(count_level(average, o, p)),
                })
                .collect();
            (codes, 6)
        }
    };
    let mut table = Table::new(rows);
    let labels = LEVELS[..levels].iter().map(|&l| l.to_owned()).collect();
    table.text("significance", Role::Value, labels, codes);
    Ok(table)
}

/// The level of proportion `r` out of `n` against the limits around `average`.
fn proportion_level(r: f64, n: f64, average: f64) -> u32 {
    let limit = |p, side| wilson_limit(p, n, average, side, 1.0);
    if r < limit(0.999, Side::Low) {
        LOW_3S
    } else if r < limit(0.975, Side::Low) {
        LOW_2S
    } else if r > limit(0.999, Side::High) {
        HIGH_3S
    } else if r > limit(0.975, Side::High) {
        HIGH_2S
    } else {
        NOT_SIGNIFICANT
    }
}

/// The level of `benchmark` against the interval of `observed / expected`: exact Poisson
/// below 10 events, Byar's from 10 (its lower limit not clipped).
fn count_level(benchmark: f64, observed: f64, expected: f64) -> u32 {
    let interval = |c: f64| {
        let (lower, upper) = if observed < 10.0 {
            exact_poisson(observed, c)
        } else {
            let z = z_for(c);
            (byars_lower_raw(observed, z), byars_upper(observed, z))
        };
        (lower / expected, upper / expected)
    };
    let (lower_3s, upper_3s) = interval(0.998);
    let (lower_2s, upper_2s) = interval(0.95);
    if benchmark < lower_3s {
        HIGH_3S
    } else if benchmark < lower_2s {
        HIGH_2S
    } else if benchmark > upper_3s {
        LOW_3S
    } else if benchmark > upper_2s {
        LOW_2S
    } else {
        NOT_SIGNIFICANT
    }
}
