//! Disclosure control: counts in, published counts and statuses out. `ics_outcomes.disclosure`
//! turns frames into these arguments and the results back into the caller's kind of frame.

use ics_outcomes::disclosure::{self, DisclosureRule};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::convert::Int;
use crate::errors::OrRaise;
use crate::results::{PyExplanation, PyResultTable};

/// `(threshold, suppress_zeros, secondary, round_to)` as Python passes them.
type RuleArgs = (Int, bool, bool, Option<Int>);

fn rule((threshold, suppress_zeros, secondary, round_to): RuleArgs) -> PyResult<DisclosureRule> {
    let threshold = threshold.get("threshold")?;
    let round_to = round_to.map(|r| r.get("round_to")).transpose()?;
    DisclosureRule::from_parts(threshold, suppress_zeros, secondary, round_to).or_raise()
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

/// A long table of counts (labels and counts as text, `None` missing) protected under the
/// rule: the core's `protected_counts` table, input rows then totals.
#[pyfunction]
#[pyo3(signature = (rows, columns, counts, names, total, rule_args))]
pub fn disclosure_protect_long(
    py: Python<'_>,
    rows: Vec<Option<String>>,
    columns: Vec<Option<String>>,
    counts: Vec<Option<String>>,
    names: [String; 3],
    total: &str,
    rule_args: RuleArgs,
) -> PyResult<PyResultTable> {
    let rule = rule(rule_args)?;
    let [r, c, n] = &names;
    let long = disclosure::long_counts(&rows, &columns, &counts, [r, c, n], total).or_raise()?;
    Ok(PyResultTable::from(py.detach(|| long.protect(&rule, total)).or_raise()?))
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
