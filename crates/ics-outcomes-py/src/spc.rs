//! Making Data Count XmR charts from Python: numpy columns in (values, date ordinals, group
//! codes, rebase flags, targets), a `pyarrow.Table` of the charts out in chart order, with
//! the input row of each; `ics_outcomes.spc` turns frames into these and back.

use ics_outcomes::spc::{
    Annotation, ChartOptions, ChartRows, Improvement, Rules, XmrOptions, XmrRows, chart_rows, rebase_proposals,
    run_rate, series_order, trajectory_gaps, xmr_rows,
};
use ics_outcomes::stats::Field;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::Int;
use crate::errors::{OrRaise, bad_argument};

/// XmR charts of every group's series as a `pyarrow.Table` in chart order (group, then
/// date), its first column `row` the input row of each point.
#[pyfunction]
#[pyo3(signature = (
    values, value_name, dates, date_name, groups, rebase, targets, *, improvement, target, screen_outliers,
    fix_after_n_points
))]
#[allow(clippy::too_many_arguments)] // One argument per column of the caller's frame.
pub fn spc_xmr<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    value_name: &str,
    dates: PyReadonlyArray1<'py, i64>,
    date_name: &str,
    groups: Option<PyReadonlyArray1<'py, u32>>,
    rebase: Option<PyReadonlyArray1<'py, bool>>,
    targets: Option<PyReadonlyArray1<'py, f64>>,
    improvement: &str,
    target: Option<f64>,
    screen_outliers: bool,
    fix_after_n_points: Option<Int>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = xmr_options(improvement, target, screen_outliers, fix_after_n_points)?;
    let rows = XmrRows {
        values: Field::new(value_name, values.as_slice()?),
        dates: (date_name, dates.as_slice()?),
        groups: groups.as_ref().map(|g| g.as_slice()).transpose()?,
        rebase: rebase.as_ref().map(|r| r.as_slice()).transpose()?,
        targets: targets.as_ref().map(|t| t.as_slice().map(|t| Field::new("target", t))).transpose()?,
    };
    let charts = py.detach(|| xmr_rows(&rows, &options)).or_raise()?;
    let batch = crate::results::batch_of(&charts.table())?;
    crate::results::to_pyarrow(py, batch)
}

/// Any Making Data Count chart of every group's series as a `pyarrow.Table` in chart order
/// (group, then date), its first column `row` the input row of each point.
#[pyfunction]
#[pyo3(signature = (
    values, value_name, denominators, denominator_name, dates, date_name, groups, rebase, targets, annotations, *,
    options
))]
#[allow(clippy::too_many_arguments)] // One argument per column of the caller's frame.
pub fn spc_chart<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    value_name: &str,
    denominators: Option<PyReadonlyArray1<'py, f64>>,
    denominator_name: &str,
    dates: PyReadonlyArray1<'py, i64>,
    date_name: &str,
    groups: Option<PyReadonlyArray1<'py, u32>>,
    rebase: Option<PyReadonlyArray1<'py, bool>>,
    targets: Option<PyReadonlyArray1<'py, f64>>,
    annotations: Notes,
    options: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = chart_options(options)?;
    let annotations = self::annotations(annotations)?;
    let rows = ChartRows {
        values: Field::new(value_name, values.as_slice()?),
        denominators: denominators
            .as_ref()
            .map(|d| d.as_slice().map(|d| Field::new(denominator_name, d)))
            .transpose()?,
        dates: (date_name, dates.as_slice()?),
        groups: groups.as_ref().map(|g| g.as_slice()).transpose()?,
        rebase: rebase.as_ref().map(|r| r.as_slice()).transpose()?,
        targets: targets.as_ref().map(|t| t.as_slice().map(|t| Field::new("target", t))).transpose()?,
        annotations: &annotations,
    };
    let table = py.detach(|| chart_rows(&rows, &options).map(|charts| charts.table())).or_raise()?;
    let batch = py.detach(|| crate::results::batch_of(&table))?;
    crate::results::to_pyarrow(py, batch)
}

/// Annotations as columns: each one's date ordinal, group code (`None` for every series) and
/// text.
pub(crate) type Notes = (Vec<i64>, Vec<Option<u32>>, Vec<String>);

/// The annotations of `spc.chart` and `spc.summary` from their columns.
pub(crate) fn annotations((dates, groups, texts): Notes) -> PyResult<Vec<Annotation>> {
    if groups.len() != dates.len() || texts.len() != dates.len() {
        return Err(bad_argument("annotations", format!("{} dates", dates.len()), "one group and text per date"));
    }
    Ok(dates.into_iter().zip(groups).zip(texts).map(|((date, group), text)| Annotation { date, group, text }).collect())
}

/// Proposals to rebase every group's series, as a `pyarrow.Table` in chart order with the
/// input row of each proposed part's first point.
#[pyfunction]
#[pyo3(signature = (
    values, value_name, denominators, denominator_name, dates, date_name, groups, *, min_points, options
))]
#[allow(clippy::too_many_arguments)] // One argument per column of the caller's frame.
pub fn spc_rebase_proposals<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    value_name: &str,
    denominators: Option<PyReadonlyArray1<'py, f64>>,
    denominator_name: &str,
    dates: PyReadonlyArray1<'py, i64>,
    date_name: &str,
    groups: Option<PyReadonlyArray1<'py, u32>>,
    min_points: Option<Int>,
    options: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = chart_options(options)?;
    let min_points = min_points.map(|m| m.get("min_points")).transpose()?.unwrap_or(options.rules.shift);
    let rows = ChartRows {
        values: Field::new(value_name, values.as_slice()?),
        denominators: denominators
            .as_ref()
            .map(|d| d.as_slice().map(|d| Field::new(denominator_name, d)))
            .transpose()?,
        dates: (date_name, dates.as_slice()?),
        groups: groups.as_ref().map(|g| g.as_slice()).transpose()?,
        rebase: None,
        targets: None,
        annotations: &[],
    };
    let table = py.detach(|| rebase_proposals(&rows, &options, min_points)).or_raise()?;
    crate::results::to_pyarrow(py, crate::results::batch_of(&table)?)
}

/// The options of `spc.chart` and `spc.summary` from their keyword arguments, each refused
/// under its Python name; a key the core does not know is refused too.
pub(crate) fn chart_options(given: &Bound<'_, PyDict>) -> PyResult<ChartOptions> {
    let mut options = ChartOptions::default();
    let mut rules = Rules::default();
    for (key, value) in given.iter() {
        let key: String = key.extract()?;
        let positions = |value: &Bound<'_, PyAny>| -> PyResult<Vec<usize>> {
            value.extract::<Vec<Int>>()?.iter().map(|p| p.get(&key)).collect()
        };
        match key.as_str() {
            "chart" => options.chart = label(&value.extract::<String>()?, "chart")?,
            "improvement" => options.improvement = improvement(&value.extract::<String>()?)?,
            "target" => options.target = value.extract()?,
            "multiplier" => options.multiplier = value.extract()?,
            "screened_mr" => options.screened_mr = value.extract()?,
            "baseline" => options.baseline = value.extract::<Option<Int>>()?.map(|b| b.get("baseline")).transpose()?,
            "parts" => options.parts = positions(&value)?,
            "exclude" => options.exclude = positions(&value)?,
            "categorical" => options.categorical = value.extract()?,
            "shift" => rules.shift = value.extract::<Int>()?.get("shift")?,
            "trend" => rules.trend = value.extract::<Int>()?.get("trend")?,
            "two_in_three" => rules.two_in_three = value.extract()?,
            "runs_method" => options.runs_method = label(&value.extract::<String>()?, "runs_method")?,
            other => return Err(bad_argument(other, "given", "not an option of the charts")),
        }
    }
    options.rules = rules;
    Ok(options)
}

/// A label of the core's, refused under the Python argument's name.
fn label<T: std::str::FromStr<Err = ics_outcomes::Error>>(text: &str, name: &str) -> PyResult<T> {
    text.parse().map_err(|error| match error {
        ics_outcomes::Error::Argument { value, message, .. } => bad_argument(name, value, message),
        other => crate::errors::CoreError(other).into(),
    })
}

/// The chart options of `spc.xmr`, each refused under its Python name.
pub(crate) fn xmr_options(
    improvement: &str,
    target: Option<f64>,
    screen_outliers: bool,
    fix_after_n_points: Option<Int>,
) -> PyResult<XmrOptions> {
    Ok(XmrOptions {
        improvement: self::improvement(improvement)?,
        target,
        screen_outliers,
        fix_after_n_points: fix_after_n_points.map(|n| n.get("fix_after_n_points")).transpose()?,
        ..XmrOptions::default()
    })
}

/// Each period's gap to the trajectory, and whether it is on track.
type Gaps<'py> = (Bound<'py, PyArray1<f64>>, Vec<Option<bool>>);

/// The improvement direction called `text`, refused under the Python argument's name.
fn improvement(text: &str) -> PyResult<Improvement> {
    label(text, "improvement")
}

/// Each date written as text (a number, an ISO date or an NHS period) as a sortable ordinal,
/// by the core's one reading of dates.
#[pyfunction]
pub fn date_ordinals(date_name: &str, dates: Vec<String>) -> PyResult<Vec<i64>> {
    let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
    ics_outcomes::spc::date_ordinals(date_name, &dates).or_raise()
}

/// The rows of each series in date order, series in group order: `(order, offsets)`.
#[pyfunction]
#[pyo3(signature = (dates, date_name, groups))]
pub fn spc_series(
    dates: PyReadonlyArray1<'_, i64>,
    date_name: &str,
    groups: Option<PyReadonlyArray1<'_, u32>>,
) -> PyResult<(Vec<usize>, Vec<usize>)> {
    series_order((date_name, dates.as_slice()?), groups.as_ref().map(|g| g.as_slice()).transpose()?).or_raise()
}

/// The gap to a trajectory in each period of one series (in time order) and whether it is
/// on track: `(gaps, on_track)`.
#[pyfunction]
pub fn spc_trajectory_gaps<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    trajectory: PyReadonlyArray1<'py, f64>,
    direction: &str,
) -> PyResult<Gaps<'py>> {
    let gaps = trajectory_gaps(values.as_slice()?, trajectory.as_slice()?, improvement(direction)?).or_raise()?;
    let on_track = gaps.iter().map(|g| g.on_track).collect();
    Ok((gaps.iter().map(|g| g.gap).collect::<Vec<_>>().into_pyarray(py), on_track))
}

/// The least-squares run rate of one series from position `start` and when it meets the
/// target: `(points, slope, intercept, meets_target_at)`.
#[pyfunction]
pub fn spc_run_rate(
    values: PyReadonlyArray1<'_, f64>,
    start: usize,
    target: f64,
    direction: &str,
) -> PyResult<(usize, f64, f64, Option<usize>)> {
    let rate = run_rate(values.as_slice()?, start, target, improvement(direction)?).or_raise()?;
    Ok((rate.points, rate.slope, rate.intercept, rate.meets_target_at))
}
