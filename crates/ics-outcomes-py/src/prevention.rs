//! The prevention shift from Python: budget lines as text in, the core's prevention table
//! out; options are typed keyword arguments and an omitted one takes the core's default.

use ics_outcomes::defaults;
use ics_outcomes::prevention::{
    BudgetLine, PreventionDefinition, PreventionOptions, latest_rows, latest_shares, prevention_shares as shares,
    shares_table,
};
use pyo3::prelude::*;

use crate::convert::{Int, decimal, named, period};
use crate::errors::OrRaise;
use crate::results::PyResultTable;

/// Prevention shares of `(area, year, category, amount)` lines (the embedded synthetic budgets
/// when `None`): a `prevention` result table; with `latest`, each area's latest year only.
#[pyfunction]
#[pyo3(signature = (
    lines=None, *, categories=None, baseline=None, basis=None, target_pp=None, horizon_years=None,
    decimals=None, rounding=None, latest=false
))]
#[allow(clippy::too_many_arguments)]
pub fn prevention_shares(
    lines: Option<Vec<(String, String, String, String)>>,
    categories: Option<Vec<String>>,
    baseline: Option<&str>,
    basis: Option<&str>,
    target_pp: Option<Bound<'_, PyAny>>,
    horizon_years: Option<Int>,
    decimals: Option<Int>,
    rounding: Option<&str>,
    latest: bool,
) -> PyResult<PyResultTable> {
    let mut options = PreventionOptions::default();
    if let Some(categories) = categories {
        options.definition = PreventionDefinition { categories: categories.into_iter().collect() };
    }
    if let Some(baseline) = baseline {
        options.baseline = period(baseline, "baseline")?;
    }
    if let Some(basis) = basis {
        options.basis = named(basis, "basis")?;
    }
    if let Some(target) = target_pp {
        options.target_pp = decimal(&target, "target_pp")?;
    }
    if let Some(years) = horizon_years {
        options.horizon_years = years.get("horizon_years")?;
    }
    if let Some(places) = decimals {
        options.decimals = places.get("decimals")?;
    }
    if let Some(rounding) = rounding {
        options.rounding = named(rounding, "rounding")?;
    }
    let lines = match lines {
        None => defaults::budget_lines(),
        Some(rows) => BudgetLine::from_text(&rows).or_raise()?,
    };
    let mut result = shares(&lines, &options).or_raise()?;
    if latest {
        result = latest_shares(&result);
    }
    Ok(PyResultTable::from(shares_table(&result)))
}

/// The embedded synthetic budget lines as `(area, year, category, amount)` text rows.
#[pyfunction]
pub fn default_budget_lines() -> Vec<(String, String, String, String)> {
    defaults::budget_lines()
        .into_iter()
        .map(|l| (l.area, l.year.to_string(), l.category, l.amount.to_string()))
        .collect()
}

/// The positions of the rows holding each area's latest year (years as `2025/26`).
#[pyfunction]
pub fn prevention_latest_rows(areas: Vec<String>, years: Vec<String>) -> PyResult<Vec<usize>> {
    if areas.len() != years.len() {
        return Err(crate::errors::bad_argument(
            "years",
            years.len().to_string(),
            format!("{} areas need as many years", areas.len()),
        ));
    }
    let years =
        years.iter().enumerate().map(|(i, y)| period(y, &format!("year[{i}]"))).collect::<PyResult<Vec<_>>>()?;
    Ok(latest_rows(areas.iter().map(String::as_str).zip(years.iter().copied())))
}
