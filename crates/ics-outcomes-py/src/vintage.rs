//! Geography vintages from Python: `ics_outcomes.reproject` turns a frame into text rows,
//! and gets back a table in the observation shape with where each row came from.

use ics_outcomes::vintage::{self, Apportionment, REPROJECTED_COLUMNS};
use ics_outcomes::{Catalogue, defaults};
use pyo3::prelude::*;

use crate::errors::OrRaise;
use crate::framework::{PyLocalFramework, PyNationalFramework};
use crate::results::{ColumnBuilder, to_pyarrow};

/// Rows (`area_code, metric_id, period, value, numerator, denominator` as text) carried onto
/// the ICBs of vintage `to`, as a `pyarrow.Table`; values of counts in each metric's unit
/// from `national` and `locals` (default: the embedded frameworks).
#[pyfunction]
#[pyo3(signature = (rows, to, apportionment=None, national=None, locals=None))]
pub fn reproject<'py>(
    py: Python<'py>,
    rows: Vec<[String; 6]>,
    to: &str,
    apportionment: Option<&str>,
    national: Option<&Bound<'py, PyNationalFramework>>,
    locals: Option<Vec<Bound<'py, PyLocalFramework>>>,
) -> PyResult<Bound<'py, PyAny>> {
    let rows = vintage::rows_from_text(rows, "<frame>").or_raise()?;
    let shares = apportionment.map(|text| Apportionment::from_csv(text, "<apportionment>")).transpose().or_raise()?;
    let out = py.detach(|| vintage::reproject(&rows, to, shares.as_ref())).or_raise()?;
    let national = national.map_or_else(defaults::national_framework, |n| n.get().0.clone());
    let locals = locals.map_or_else(defaults::local_frameworks, |l| crate::core_locals(&l));
    let geography = defaults::geography();
    let catalogue = Catalogue::new(&geography, &national, &locals);
    let value =
        |r: &vintage::Reprojected| catalogue.metric(&r.metric).map_or(r.value, |m| r.value_in(m.unit.multiplier()));
    let [area, metric, period, value_column, numerator, denominator, from, method] = REPROJECTED_COLUMNS;
    let method_name = |m: vintage::Method| serde_json::to_value(m).ok().and_then(|v| v.as_str().map(str::to_owned));
    let mut b = ColumnBuilder::default();
    b.text(area, out.iter().map(|r| Some(r.area.as_str())));
    b.text(metric, out.iter().map(|r| Some(r.metric.as_str())));
    b.text(period, out.iter().map(|r| Some(r.period.to_string())));
    b.decimal(value_column, out.iter().map(value));
    b.decimal(numerator, out.iter().map(|r| r.numerator));
    b.decimal(denominator, out.iter().map(|r| r.denominator));
    b.text(from, out.iter().map(|r| Some(r.from.join(" + "))));
    b.text(method, out.iter().map(|r| method_name(r.method)));
    to_pyarrow(py, b.finish()?)
}
