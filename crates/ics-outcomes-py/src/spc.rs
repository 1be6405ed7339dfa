//! Making Data Count XmR charts from Python: numpy columns in (values, date ordinals, group
//! codes, rebase flags, targets), a `pyarrow.Table` of the charts out in chart order, with
//! the input row of each; `ics_outcomes.spc` turns frames into these and back.

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int8Array, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field as ArrowField, Schema};
use ics_outcomes::spc::{Improvement, XmrOptions, XmrRows, run_rate, trajectory_gaps, xmr_rows};
use ics_outcomes::stats::Field;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

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
    let options = XmrOptions {
        improvement: self::improvement(improvement)?,
        target,
        screen_outliers,
        fix_after_n_points: fix_after_n_points.map(|n| n.get("fix_after_n_points")).transpose()?,
        ..XmrOptions::default()
    };
    let rows = XmrRows {
        values: Field::new(value_name, values.as_slice()?),
        dates: (date_name, dates.as_slice()?),
        groups: groups.as_ref().map(|g| g.as_slice()).transpose()?,
        rebase: rebase.as_ref().map(|r| r.as_slice()).transpose()?,
        targets: targets.as_ref().map(|t| t.as_slice().map(|t| Field::new("target", t))).transpose()?,
    };
    let charts = py.detach(|| xmr_rows(&rows, &options)).or_raise()?;
    let series: Vec<usize> = charts.series_of_points().collect();
    let (order, c) = (&charts.order, &charts.columns);
    let float =
        |v: &[f64]| -> ArrayRef { Arc::new(v.iter().map(|&x| (!x.is_nan()).then_some(x)).collect::<Float64Array>()) };
    let text = |v: Vec<Option<&str>>| -> ArrayRef { Arc::new(StringArray::from(v)) };
    let columns: Vec<(&str, DataType, ArrayRef)> = vec![
        ("row", DataType::UInt64, Arc::new(order.iter().map(|&r| r as u64).collect::<UInt64Array>())),
        ("mean", DataType::Float64, float(&c.mean)),
        ("lpl", DataType::Float64, float(&c.lpl)),
        ("upl", DataType::Float64, float(&c.upl)),
        ("nlpl", DataType::Float64, float(&c.nlpl)),
        ("nupl", DataType::Float64, float(&c.nupl)),
        ("amr", DataType::Float64, float(&c.amr)),
        ("relative_to_mean", DataType::Int8, Arc::new(Int8Array::from(c.relative_to_mean.clone()))),
        ("close_to_limits", DataType::Boolean, Arc::new(BooleanArray::from(c.close_to_limits.clone()))),
        ("outside_limits", DataType::Boolean, Arc::new(BooleanArray::from(c.outside_limits.clone()))),
        ("special_cause", DataType::Utf8, text(c.special_cause.iter().map(|s| Some(s.as_str())).collect())),
        ("point_type", DataType::Utf8, text(c.point_type.iter().map(|p| Some(p.as_str())).collect())),
        ("rebase_group", DataType::UInt64, Arc::new(c.segment.iter().map(|&s| s as u64).collect::<UInt64Array>())),
        ("short_group_warning", DataType::Boolean, Arc::new(BooleanArray::from(c.short_group_warning.clone()))),
        ("assurance", DataType::Utf8, text(series.iter().map(|&s| c.assurance[s].map(|a| a.as_str())).collect())),
        ("variation_icon", DataType::Utf8, text(series.iter().map(|&s| Some(c.variation_icon[s].as_str())).collect())),
        (
            "assurance_icon",
            DataType::Utf8,
            text(series.iter().map(|&s| c.assurance_icon[s].map(|a| a.as_str())).collect()),
        ),
    ];
    let schema =
        Arc::new(Schema::new(columns.iter().map(|(n, t, _)| ArrowField::new(*n, t.clone(), true)).collect::<Vec<_>>()));
    let batch = RecordBatch::try_new(schema, columns.into_iter().map(|(_, _, a)| a).collect())
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    crate::results::to_pyarrow(py, batch)
}

/// Each period's gap to the trajectory, and whether it is on track.
type Gaps<'py> = (Bound<'py, PyArray1<f64>>, Vec<Option<bool>>);

/// The improvement direction called `text`, refused under the Python argument's name.
fn improvement(text: &str) -> PyResult<Improvement> {
    text.parse().map_err(|error| match error {
        ics_outcomes::Error::Argument { value, message, .. } => bad_argument("improvement", value, message),
        other => crate::errors::CoreError(other).into(),
    })
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
