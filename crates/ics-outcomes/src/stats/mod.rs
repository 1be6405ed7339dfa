//! Indicator statistics with confidence intervals, at parity with the R package
//! PHEindicatormethods 2.1.0 (OHID/UKHSA), the methods behind Fingertips.
//!
//! Every function works on columns (slices) and returns a [`Table`] whose column names are
//! the package's (`value`, `lowercl`, `uppercl`, or `lower95_0cl` ... `upper99_8cl`,
//! `statistic`, `method`). Grouped versions take [`Groups`] and sum within each group in one
//! pass, without allocating per row.
//!
//! # Conventions
//!
//! - **Missing is `NaN`.** As R's `NA_real_` is a NaN and pandas marks missing floats with
//!   NaN, a `NaN` input is a missing value: it gives missing outputs where the package gives
//!   `NA`, and is never dropped. Infinite inputs are refused.
//! - **Floating point.** Confidence limits need normal, chi-square and t quantiles, so the
//!   statistics compute in `f64` (see [`dist`]); they match the package to its own tests'
//!   tolerances, usually to 1e-13.
//! - **Errors.** Invalid data (a negative numerator, a numerator above its denominator) is an
//!   [`Error::Data`] naming the field, row and value, with the package's
//!   message; an invalid argument (a confidence level of 0.5) is an
//!   [`Error::Argument`].
//!
//! ```
//! use ics_outcomes::stats::{proportion, Confidence, Field, Groups, ProportionOptions};
//! let (groups, areas) = Groups::from_keys(&["E54000008", "E54000007", "E54000008"]);
//! let options = ProportionOptions { confidence: Confidence::standard(&[0.95])?, multiplier: 100.0 };
//! let table = proportion(Field::new("num", &[30.0, 65.0, 35.0]), Field::new("den", &[50.0, 100.0, 50.0]), Some(&groups), &options)?;
//! assert_eq!(areas, ["E54000007", "E54000008"]);
//! assert_eq!(table.numbers("value").unwrap(), [65.0, 65.0]);
//! assert_eq!(table.text_at("statistic", 0), Some("percentage"));
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

pub mod dist;
pub mod interval;
pub mod overdispersion;

mod compare;
mod confidence;
mod dsr;
mod format;
mod funnel;
mod group;
mod isr;
mod life_expectancy;
mod mean;
mod proportion;
mod quantile;
mod rate;
mod sii;
mod table;

pub use compare::{Benchmark, BenchmarkTest, Comparison, compare, compare_all};
pub use confidence::Confidence;
pub use dsr::{DSR_MINIMUM_COUNT, DsrOptions, ESP2013, Events, dsr};
pub use funnel::{
    FUNNEL_STATISTICS, FunnelLimitOptions, FunnelPointOptions, FunnelStatistic, RateType, RatioType,
    SignificanceStatistic, funnel_limits, funnel_points, funnel_significance,
};
pub use group::Groups;
pub use isr::{IsrOptions, IsrScale, Reference, isr};
pub use life_expectancy::{LifeExpectancy, LifeExpectancyOptions, age_band_start, life_expectancy};
pub use mean::mean;
pub use overdispersion::{
    FunnelCurves, FunnelDataType, FunnelUnits, GRID_POINTS, Limit, LimitColumns, NO_OVERDISPERSION,
    OverdispersedFunnel, Overdispersion, OverdispersionOptions, RatioMethod, UNADJUSTED_ONLY, Z95, Z998,
    funnel_overdispersion, r_round,
};
pub use proportion::{ProportionOptions, proportion};
pub use quantile::{Invert, quantile};
pub use rate::{RateOptions, rate};
pub use sii::{Sii, SiiFields, SiiOptions, ValueType, sii};
pub use table::{Column, ColumnData, OutputType, Role, Table};

use std::borrow::Cow;

use crate::Error;
use crate::error::{DataKind, IssueKind, IssueLog};

/// A named input column: the name is used in error messages.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// The column name as the caller knows it.
    pub name: &'a str,
    /// The values; `NaN` is missing.
    pub values: &'a [f64],
}

impl<'a> Field<'a> {
    /// A named column.
    pub fn new(name: &'a str, values: &'a [f64]) -> Self {
        Field { name, values }
    }

    fn len(&self) -> usize {
        self.values.len()
    }
}

/// At most this many offending rows are listed per problem; the rest are counted.
const MAX_LISTED_ROWS: usize = 10;

/// Collects data problems for one statistic, listing a bounded number of rows per rule.
pub(crate) struct Checks {
    function: &'static str,
    data: DataKind,
    log: IssueLog,
}

impl Checks {
    /// Checks of indicator data for the statistic `function`.
    pub(crate) fn new(function: &'static str) -> Self {
        Checks { function, data: DataKind::IndicatorData, log: IssueLog::default() }
    }

    /// Checks of an SPC series for `function`, so its errors say what the data is.
    pub(crate) fn series(function: &'static str) -> Self {
        Checks { function, data: DataKind::Series, log: IssueLog::default() }
    }

    /// Records every row of `field` where `bad` holds (missing values are never bad).
    pub(crate) fn rows(&mut self, field: Field<'_>, bad: impl Fn(f64) -> bool, message: &str) {
        self.rows_where(field, |row| bad(field.values[row]), message);
    }

    /// Records every row where `bad(row)` holds, reporting the value of `field` there.
    pub(crate) fn rows_where(&mut self, field: Field<'_>, bad: impl Fn(usize) -> bool, message: &str) {
        self.record(field, |row| !field.values[row].is_nan() && bad(row), message);
    }

    /// Records every row of `field` that is missing or where `bad` holds.
    pub(crate) fn rows_or_missing(&mut self, field: Field<'_>, bad: impl Fn(f64) -> bool, message: &str) {
        self.record(field, |row| field.values[row].is_nan() || bad(field.values[row]), message);
    }

    /// Records every row where `field` is missing and `also(row)` holds.
    pub(crate) fn missing_where(&mut self, field: Field<'_>, also: impl Fn(usize) -> bool, message: &str) {
        self.record(field, |row| field.values[row].is_nan() && also(row), message);
    }

    fn record(&mut self, field: Field<'_>, bad: impl Fn(usize) -> bool, message: &str) {
        let mut found = 0usize;
        for row in 0..field.len() {
            if bad(row) {
                found += 1;
                if found <= MAX_LISTED_ROWS {
                    let reason = message.to_owned();
                    self.log.push(
                        format!("{}[{row}]", field.name),
                        field.values[row].to_string(),
                        IssueKind::Invalid { reason },
                    );
                }
            }
        }
        if found > MAX_LISTED_ROWS {
            let reason = format!("{message} ({} more rows)", found - MAX_LISTED_ROWS);
            self.log.push(field.name.to_owned(), String::new(), IssueKind::Invalid { reason });
        }
    }

    /// Records every row where `field` is missing, for fields that must be complete.
    pub(crate) fn missing(&mut self, field: Field<'_>, message: &str) {
        self.missing_where(field, |_| true, message);
    }

    /// Refuses infinities in every field (NaN is missing, not an error).
    pub(crate) fn finite(&mut self, fields: &[Field<'_>]) {
        for &field in fields {
            self.rows(field, f64::is_infinite, "infinite values are not numbers the method can use");
        }
    }

    /// Requires every field to have `rows` values.
    pub(crate) fn lengths(&mut self, rows: usize, fields: &[Field<'_>]) {
        for field in fields {
            if field.len() != rows {
                let reason = format!("has {} values where {rows} rows were given", field.len());
                self.log.push(field.name.to_owned(), String::new(), IssueKind::Invalid { reason });
            }
        }
    }

    /// Records a problem with a whole field or argument.
    pub(crate) fn field(&mut self, name: &str, value: impl Into<String>, message: &str) {
        self.log.push(name.to_owned(), value, IssueKind::Invalid { reason: message.to_owned() });
    }

    pub(crate) fn is_clean(&self) -> bool {
        self.log.len() == 0
    }

    pub(crate) fn finish(self) -> Result<(), Error> {
        self.log.into_data(self.data, self.function)
    }
}

/// Checks counts for the plain interval functions: finite, `x >= 0`, and for a proportion
/// (`wilson`) `0 < n` and `x <= n`, with the package's messages.
///
/// # Errors
/// [`Error::Data`] naming every offending row (up to a bound) and its value.
pub fn check_counts(x: Field<'_>, n: Field<'_>, proportion: bool) -> Result<(), Error> {
    let mut checks = Checks::new("interval");
    checks.lengths(x.values.len(), &[n]);
    checks.finish()?;
    let clean = if proportion {
        counts_are_clean(x.values, n.values, true)
    } else {
        x.values.iter().all(|&x| !(x < 0.0 || x.is_infinite()))
    };
    if clean {
        return Ok(());
    }
    let mut checks = Checks::new("interval");
    checks.finite(&[x, n]);
    checks.rows(x, |v| v < 0.0, "observed events must all be greater than or equal to zero");
    if proportion {
        checks.rows(n, |v| v <= 0.0, "sample sizes must all be greater than zero");
        checks.rows_where(
            x,
            |row| x.values[row] > n.values[row],
            "numerators must be less than or equal to denominator for a Wilson score to be calculated",
        );
    }
    checks.finish()
}

/// Whether any value is missing (`NaN`), searched across threads for long columns.
pub fn any_missing(values: &[f64]) -> bool {
    // Branch-free within blocks, so that the compiler vectorises the search.
    crate::threads::any_block(values.len(), 1 << 16, |rows| {
        values[rows].iter().fold(false, |found, v| found | v.is_nan())
    })
}

/// Checks a multiplier: finite and positive (zero gives all zeros, and a negative one an
/// interval whose lower limit is above its upper).
pub(crate) fn check_multiplier(multiplier: f64) -> Result<(), Error> {
    if !multiplier.is_finite() || multiplier <= 0.0 {
        return Err(Error::argument("multiplier", format::r_number(multiplier), "multiplier must be greater than 0"));
    }
    Ok(())
}

/// The counts a proportion or rate is computed on: the rows as given, or each group's sums
/// (missing spreading to the group), which then open the table as `numerator` and
/// `denominator`.
pub(crate) fn counts_table<'a>(
    x: Field<'a>,
    n: Field<'a>,
    groups: Option<&Groups>,
) -> (Cow<'a, [f64]>, Cow<'a, [f64]>, Table) {
    match groups {
        Some(groups) => {
            let (xs, ns) = (groups.sum(x.values), groups.sum(n.values));
            let mut table = Table::new(groups.count());
            table.number("numerator", Role::Data, xs.clone());
            table.number("denominator", Role::Data, ns.clone());
            (Cow::Owned(xs), Cow::Owned(ns), table)
        }
        None => (Cow::Borrowed(x.values), Cow::Borrowed(n.values), Table::new(x.values.len())),
    }
}

/// Whether every row of counts is usable as they stand: finite or missing, `x >= 0`,
/// `n > 0`, and for a proportion `x <= n`. One tight pass for the usual case of clean data,
/// so that the detailed per-rule report is built only on failure. (Comparisons with NaN are
/// false, so missing values pass, as they should.)
pub(crate) fn counts_are_clean(x: &[f64], n: &[f64], proportion: bool) -> bool {
    let n = &n[..n.len().min(x.len())];
    // Branch-free within blocks, so that the compiler vectorises the test.
    !crate::threads::any_block(n.len(), 1 << 16, |rows| {
        x[rows.clone()].iter().zip(&n[rows]).fold(false, |bad, (&x, &n)| {
            bad | (x < 0.0) | (n <= 0.0) | (proportion & (x > n)) | x.is_infinite() | n.is_infinite()
        })
    })
}

/// Adds the lower and upper limit columns of every level, computed by `limits(level, z)` as
/// one `(lower, upper)` column pair per level.
pub(crate) fn push_limits(
    table: &mut Table,
    confidence: &Confidence,
    mut limits: impl FnMut(f64, f64) -> (Vec<f64>, Vec<f64>),
) {
    for (i, (&c, &z)) in confidence.levels().iter().zip(confidence.z()).enumerate() {
        let (lower, upper) = limits(c, z);
        table.number(confidence.lower_name(i), Role::Lower, lower);
        table.number(confidence.upper_name(i), Role::Upper, upper);
    }
}
