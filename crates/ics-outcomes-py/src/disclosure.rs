//! Disclosure control: counts in, published counts and statuses out. `ics_outcomes.disclosure`
//! turns frames into these arguments and the results back into the caller's kind of frame.

use ics_outcomes::disclosure::{self, DisclosureRule};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::convert::Int;
use crate::errors::OrRaise;
use crate::results::PyExplanation;

/// `(threshold, suppress_zeros, secondary, round_to)` as Python passes them.
type RuleArgs = (Int, bool, bool, Option<Int>);

fn rule((threshold, suppress_zeros, secondary, round_to): RuleArgs) -> PyResult<DisclosureRule> {
    let threshold = threshold.get("threshold")?;
    let round_to = round_to.map(|r| r.get("round_to")).transpose()?;
    DisclosureRule::from_parts(threshold, suppress_zeros, secondary, round_to).or_raise()
}

/// The analyst's audit of a protected table: per cell, the status (primary or secondary) and
/// the range a reader can narrow a hidden cell to; per secondary suppression, its reason.
type Audit = (Vec<&'static str>, Vec<Option<(u64, Option<u64>)>>, Vec<(usize, usize, usize, usize, String)>);

/// What may be published: each cell's value (`None` when hidden) and public status.
type Publication = (Vec<Option<u64>>, Vec<&'static str>);

/// A protected table with margins, row by row over the `(rows + 1) × (columns + 1)` cells:
/// the [`Publication`] and the [`Audit`].
#[pyfunction]
pub fn disclosure_table(py: Python<'_>, cells: Vec<Vec<u64>>, rule_args: RuleArgs) -> PyResult<(Publication, Audit)> {
    let rule = rule(rule_args)?;
    let table = py.detach(|| disclosure::protect_table(&cells, &rule)).or_raise()?;
    let values = table.cells.iter().map(|c| c.value).collect();
    let public = table.cells.iter().map(|c| c.status.public(&rule).as_str()).collect();
    let status = table.cells.iter().map(|c| c.status.as_str()).collect();
    let ranges = table.ranges.iter().map(|r| r.map(|r| (r.lower, r.upper))).collect();
    let secondary =
        table.secondary.iter().map(|s| (s.row, s.column, s.protects_row, s.protects_column, s.to_string())).collect();
    Ok(((values, public), (status, ranges, secondary)))
}

/// Row-wise protection of counts (statistics) kept beside the `derived` columns: published
/// counts (NaN when hidden or missing) and each row's public status.
#[pyfunction]
pub fn disclosure_rows<'py>(
    py: Python<'py>,
    counts: PyReadonlyArray1<'py, f64>,
    name: &str,
    rule_args: RuleArgs,
    derived: Vec<String>,
) -> PyResult<(Bound<'py, PyArray1<f64>>, Vec<&'static str>)> {
    let rule = rule(rule_args)?;
    let derived: Vec<&str> = derived.iter().map(String::as_str).collect();
    disclosure::check_rounding(&rule, &derived).or_raise()?;
    let (published, status) = disclosure::protect_rows(counts.as_slice()?, name, &rule).or_raise()?;
    Ok((published.into_pyarray(py), status.iter().map(|s| s.public(&rule).as_str()).collect()))
}

/// The public statuses and the analyst's audit statuses, as outputs write them.
/// Row labels, column labels, counts by row, and each input row's cell.
type LongGrid = (Vec<String>, Vec<String>, Vec<Vec<u64>>, Vec<usize>);

/// A long table of counts (labels and counts as text, `None` missing) as the grid to
/// protect: `(row_keys, column_keys, cells, at)`, `at` each row's cell among the protected
/// table's cells.
#[pyfunction]
#[pyo3(signature = (rows, columns, counts, names, total))]
pub fn disclosure_long(
    rows: Vec<Option<String>>,
    columns: Vec<Option<String>>,
    counts: Vec<Option<String>>,
    names: [String; 3],
    total: &str,
) -> PyResult<LongGrid> {
    let [r, c, n] = &names;
    let long = disclosure::long_counts(&rows, &columns, &counts, [r, c, n], total).or_raise()?;
    Ok((long.row_keys, long.column_keys, long.cells, long.at))
}

#[pyfunction]
pub fn disclosure_statuses() -> (Vec<&'static str>, Vec<&'static str>) {
    (
        disclosure::PublicStatus::ALL.iter().map(|s| s.as_str()).collect(),
        disclosure::CellStatus::ALL.iter().map(|s| s.as_str()).collect(),
    )
}

/// Which of `names` are computed from the count (value and limits).
#[pyfunction]
pub fn disclosure_derived_columns(names: Vec<String>) -> Vec<String> {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    disclosure::derived_columns(&names).into_iter().map(str::to_owned).collect()
}

/// An explanation with what small numerators would reveal hidden, and a `disclosure` column.
#[pyfunction]
pub fn disclosure_explanation(explanation: &PyExplanation, rule_args: RuleArgs) -> PyResult<PyExplanation> {
    let rule = rule(rule_args)?;
    let protected = disclosure::protect_explanation(explanation.area(), &rule).or_raise()?;
    Ok(explanation.protected(protected))
}
