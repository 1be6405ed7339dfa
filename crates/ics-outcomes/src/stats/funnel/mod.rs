//! Funnel plots as in the Fingertips technical guidance (`calculate_funnel_limits`,
//! `assign_funnel_significance`, `calculate_funnel_points`): control limits around the
//! average of all records, the significance of each record against them, and the points a
//! rate funnel is drawn with.
//!
//! ```
//! use ics_outcomes::stats::{funnel_limits, FunnelLimitOptions, FunnelStatistic, Field, OutputType};
//! let options = FunnelLimitOptions { statistic: FunnelStatistic::Proportion, multiplier: 100.0, output: OutputType::Full };
//! let (x, n) = ([65.0, 80.0, 60.0], [100.0, 120.0, 90.0]);
//! let table = funnel_limits(Field::new("x", &x), Some(Field::new("n", &n)), None, &options)?;
//! assert_eq!(table.rows, 100);
//! // The axis starts at 95% of the smallest denominator, rounded down: 80.
//! assert_eq!(table.numbers("Population").unwrap()[0], 80.0);
//! assert_eq!(table.text_at("method", 0), Some("Wilson"));
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

mod limits;
mod significance;

pub use limits::{FunnelLimitOptions, funnel_limits};
pub use significance::{SignificanceStatistic, funnel_significance};

use super::format::r_number;
use super::{Checks, Field, Role, Table, check_multiplier};
use crate::Error;

/// How ratio funnel limits are expressed (`ratio_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatioType {
    /// Observed / expected − 1, centred on 0 (`"count"`).
    Count,
    /// Observed / expected × 100, centred on 100, as for an indirectly standardised ratio (`"isr"`).
    Isr,
}

impl RatioType {
    /// Every ratio type, in the package's order.
    pub const ALL: [RatioType; 2] = [RatioType::Count, RatioType::Isr];

    /// The package's name for it (`count`, `isr`).
    pub fn name(self) -> &'static str {
        match self {
            RatioType::Count => "count",
            RatioType::Isr => "isr",
        }
    }
}

impl std::str::FromStr for RatioType {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        RatioType::ALL
            .into_iter()
            .find(|t| t.name() == text)
            .ok_or_else(|| one_of("ratio_type", text, &RatioType::ALL.map(RatioType::name)))
    }
}

/// Which rate a rate funnel is drawn for (`rate_type`); it decides how the population behind
/// each rate is recovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateType {
    /// Directly standardised rates: records with fewer than 10 events are left out (`"dsr"`).
    Dsr,
    /// Crude rates: every record counts, with its denominator where it has no events (`"crude"`).
    Crude,
}

impl RateType {
    /// Every rate type, in the package's order.
    pub const ALL: [RateType; 2] = [RateType::Dsr, RateType::Crude];

    /// The package's name for it (`dsr`, `crude`).
    pub fn name(self) -> &'static str {
        match self {
            RateType::Dsr => "dsr",
            RateType::Crude => "crude",
        }
    }
}

impl std::str::FromStr for RateType {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        RateType::ALL
            .into_iter()
            .find(|t| t.name() == text)
            .ok_or_else(|| one_of("rate_type", text, &RateType::ALL.map(RateType::name)))
    }
}

/// What a funnel plot shows (`statistic` with its `ratio_type`, or `rate_type` and
/// `years_of_data`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FunnelStatistic {
    /// Numerators out of denominators, with Wilson-based limits.
    Proportion,
    /// Observed against expected events, with exact Poisson limits.
    Ratio(RatioType),
    /// Rates per `multiplier`, with exact Poisson limits on the events.
    Rate {
        /// Directly standardised or crude.
        rate_type: RateType,
        /// How many years the data cover; populations are shown per year.
        years_of_data: f64,
    },
}

const RATE_LIMITS_REQUIRE: &str =
    "the following arguments are required for rates: data, numerator, rate, rate_type, multiplier, years_of_data";
const RATIO_LIMITS_REQUIRE: &str =
    "the following arguments are required for ratios: data, numerator, denominator, ratio_type, multiplier";
const PROPORTION_LIMITS_REQUIRE: &str =
    "the following arguments are required for proportions: data, numerator, denominator, multiplier";
const STATISTIC_REQUIRED: &str = "statistic must be provided as proportion, rate or ratio";

/// The statistics a funnel plot can show, by the package's names (`statistic`).
pub const FUNNEL_STATISTICS: [&str; 3] = ["proportion", "ratio", "rate"];

impl FunnelStatistic {
    /// Builds the statistic from the package's string arguments, with its messages for a
    /// missing statistic, a missing `ratio_type`, `rate_type` or `years_of_data`, and unknown
    /// strings.
    ///
    /// ```
    /// use ics_outcomes::stats::{FunnelStatistic, RateType};
    /// let rate = FunnelStatistic::from_args(Some("rate"), None, Some("dsr"), Some(3.0))?;
    /// assert_eq!(rate, FunnelStatistic::Rate { rate_type: RateType::Dsr, years_of_data: 3.0 });
    /// assert!(FunnelStatistic::from_args(Some("ratio"), None, None, None).is_err());
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    pub fn from_args(
        statistic: Option<&str>,
        ratio_type: Option<&str>,
        rate_type: Option<&str>,
        years_of_data: Option<f64>,
    ) -> Result<Self, Error> {
        match statistic {
            None => Err(Error::argument("statistic", "NULL", STATISTIC_REQUIRED)),
            Some("proportion") => Ok(FunnelStatistic::Proportion),
            Some("ratio") => {
                let ratio_type =
                    ratio_type.ok_or_else(|| Error::argument("ratio_type", "NULL", RATIO_LIMITS_REQUIRE))?;
                Ok(FunnelStatistic::Ratio(ratio_type.parse()?))
            }
            Some("rate") => match (rate_type, years_of_data) {
                (Some(rate_type), Some(years_of_data)) => {
                    Ok(FunnelStatistic::Rate { rate_type: rate_type.parse()?, years_of_data })
                }
                (None, _) => Err(Error::argument("rate_type", "NULL", RATE_LIMITS_REQUIRE)),
                (_, None) => Err(Error::argument("years_of_data", "NULL", RATE_LIMITS_REQUIRE)),
            },
            Some(other) => Err(one_of("statistic", other, &FUNNEL_STATISTICS)),
        }
    }
}

/// Settings of [`funnel_points`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunnelPointOptions {
    /// Directly standardised or crude rates.
    pub rate_type: RateType,
    /// How many years the data cover; the derived denominators are per year.
    pub years_of_data: f64,
    /// The rates are per this many of the population, e.g. 100,000.
    pub multiplier: f64,
}

/// The points to draw on a rate funnel (`calculate_funnel_points`): `<rate>_chart`, the rate
/// to plot, and `denominator_derived`, the population per year it stands for
/// (`multiplier · numerator / rate / years_of_data`).
///
/// For directly standardised rates both are missing below 10 events. For crude rates a record
/// without events takes its `denominator` (per year).
///
/// # Errors
/// [`Error::Data`] for a record without events when no `denominator` is given, or whose
/// denominator is missing or not positive, and for infinite values; [`Error::Argument`] for
/// a bad multiplier or `years_of_data`.
pub fn funnel_points(
    numerator: Field<'_>,
    denominator: Option<Field<'_>>,
    rate: Field<'_>,
    options: &FunnelPointOptions,
) -> Result<Table, Error> {
    check_multiplier(options.multiplier)?;
    check_years(options.years_of_data)?;
    let fields: Vec<Field<'_>> = [numerator, rate].into_iter().chain(denominator).collect();
    let mut checks = Checks::new("funnel points");
    checks.lengths(numerator.values.len(), &fields[1..]);
    checks.finish()?;
    let mut checks = Checks::new("funnel points");
    checks.finite(&fields);
    check_zero_events(&mut checks, numerator, denominator);
    checks.finish()?;

    let (m, years) = (options.multiplier, options.years_of_data);
    let (mut chart, mut derived) = (Vec::with_capacity(numerator.values.len()), Vec::new());
    for (row, (&o, &r)) in numerator.values.iter().zip(rate.values).enumerate() {
        let (shown, population) = match (options.rate_type, denominator) {
            // A missing count is not "below 10": the package keeps its rate.
            (RateType::Dsr, _) if o < 10.0 => (f64::NAN, f64::NAN),
            (RateType::Crude, Some(d)) if o == 0.0 => (r, d.values[row] / years),
            _ => (r, m * o / r / years),
        };
        chart.push(shown);
        derived.push(population);
    }
    let mut table = Table::new(numerator.values.len());
    table.number(format!("{}_chart", rate.name), Role::Value, chart);
    table.number("denominator_derived", Role::Data, derived);
    Ok(table)
}

/// R's `match.arg` error for a string outside `choices`.
fn one_of(argument: &str, value: &str, choices: &[&str]) -> Error {
    let quoted: Vec<String> = choices.iter().map(|c| format!("“{c}”")).collect();
    Error::argument(argument, value, format!("'arg' should be one of {}", quoted.join(", ")))
}

fn check_years(years: f64) -> Result<(), Error> {
    if !(years.is_finite() && years > 0.0) {
        return Err(Error::argument("years_of_data", r_number(years), "years_of_data must be greater than 0"));
    }
    Ok(())
}

/// The package's checks of rate inputs: every numerator given, every rate given (or, where
/// a rate is missing, the denominator), and a usable denominator wherever there are no events.
fn check_rate_inputs(checks: &mut Checks, numerator: Field<'_>, denominator: Option<Field<'_>>, rate: Field<'_>) {
    checks.missing_where(
        numerator,
        |_| true,
        "for rates, numerators must be provided for all records, even when their values are zero",
    );
    let message =
        "for rates, rates must be provided for all records, or a denominator must be provided if the rate is zero";
    match denominator {
        Some(d) => checks.missing_where(rate, |row| d.values[row].is_nan(), message),
        None => checks.missing_where(rate, |_| true, message),
    }
    check_zero_events(checks, numerator, denominator);
}

/// A record without events has no rate to recover its population from: it needs a positive
/// denominator.
fn check_zero_events(checks: &mut Checks, numerator: Field<'_>, denominator: Option<Field<'_>>) {
    match denominator {
        None => checks.rows(
            numerator,
            |o| o == 0.0,
            "for rates, where there are 0 events for a record, the denominator field needs to be provided using the denominator argument",
        ),
        Some(d) => checks.rows_where(
            numerator,
            |row| numerator.values[row] == 0.0 && (d.values[row] <= 0.0 || d.values[row].is_nan()),
            "for rates, where there are 0 events for a record, the denominator must be provided",
        ),
    }
}

/// The population behind each rate, `multiplier · numerator / rate`; a record without events
/// has none for directly standardised rates and its denominator (if given) for crude rates.
fn derived_denominators(
    numerator: &[f64],
    denominator: Option<&[f64]>,
    rate: &[f64],
    rate_type: RateType,
    m: f64,
) -> Vec<f64> {
    (0..numerator.len())
        .map(|row| match (rate_type, denominator) {
            (RateType::Dsr, _) if numerator[row] == 0.0 => f64::NAN,
            (RateType::Crude, Some(d)) if numerator[row] == 0.0 => d[row],
            _ => m * numerator[row] / rate[row],
        })
        .collect()
}
