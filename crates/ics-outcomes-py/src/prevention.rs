//! The prevention shift from Python: budget lines as text in, shares as JSON out, which
//! `ics_outcomes.prevention` turns into frames.

use ics_outcomes::defaults;
use ics_outcomes::prevention::{BudgetLine, PreventionOptions, prevention_shares as shares};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::{OrRaise, bad_argument};

/// Prevention shares of `(area, year, category, amount)` lines (the embedded synthetic budgets
/// when `None`) under options given as JSON, as JSON.
#[pyfunction]
#[pyo3(signature = (lines, options))]
pub fn prevention_shares(lines: Option<Vec<(String, String, String, String)>>, options: &str) -> PyResult<String> {
    let options: PreventionOptions =
        serde_json::from_str(options).map_err(|e| bad_argument("options", options, e.to_string()))?;
    let lines = match lines {
        None => defaults::budget_lines(),
        Some(rows) => BudgetLine::from_text(&rows).or_raise()?,
    };
    let result = shares(&lines, &options).or_raise()?;
    serde_json::to_string(&result).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The default options as JSON, for the Python layer to adjust.
#[pyfunction]
pub fn prevention_default_options() -> PyResult<String> {
    serde_json::to_string(&PreventionOptions::default()).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The embedded synthetic budget lines as `(area, year, category, amount)` text rows.
#[pyfunction]
pub fn default_budget_lines() -> Vec<(String, String, String, String)> {
    defaults::budget_lines()
        .into_iter()
        .map(|l| (l.area, l.year.to_string(), l.category, l.amount.to_string()))
        .collect()
}
