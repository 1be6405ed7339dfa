//! Composite indicators from Python: unit codes and indicator columns in, the same out, the
//! metadata and each step's settings as JSON (COINr's column names); `ics_outcomes.composite`
//! turns COINr-style frames into these and back.

use ics_outcomes::composite::{
    self, Aggregation, Data, Imputation, Meta, MetaRow, Normalisation, Pipeline, SensitivityOptions, Treatment,
    UncertainInput, UncertaintyOptions,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde::de::DeserializeOwned;

use crate::errors::{OrRaise, bad_argument};

/// Unit codes, then `(code, values)` columns; NaN is missing.
type Table = (Vec<String>, Vec<(String, Vec<f64>)>);

fn parse<T: DeserializeOwned>(argument: &str, text: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| bad_argument(argument, text, e.to_string()))
}

fn inputs(units: Vec<String>, columns: Vec<(String, Vec<f64>)>, meta: &str) -> PyResult<(Data, Meta)> {
    let rows: Vec<MetaRow> = parse("meta", meta)?;
    let meta = Meta::new(rows, "<meta>").or_raise()?;
    Ok((Data::new(units, columns, "<data>").or_raise()?, meta))
}

fn table(data: &Data) -> Table {
    let columns = data.codes().iter().map(|c| (c.clone(), data.column(c).unwrap_or_default().to_vec())).collect();
    (data.units().to_vec(), columns)
}

/// One step over the table: the settings parsed from `spec`, the result as columns.
fn step<S: DeserializeOwned>(
    units: Vec<String>,
    columns: Vec<(String, Vec<f64>)>,
    meta: &str,
    spec: &str,
    run: impl Fn(&Data, &Meta, &S) -> Result<Data, ics_outcomes::Error>,
) -> PyResult<Table> {
    let (data, meta) = inputs(units, columns, meta)?;
    let spec: S = parse("spec", spec)?;
    Ok(table(&run(&data, &meta, &spec).or_raise()?))
}

/// Normalises the indicators (`spec`: a `Normalisation` as JSON).
#[pyfunction]
pub fn composite_normalise(
    units: Vec<String>,
    columns: Vec<(String, Vec<f64>)>,
    meta: &str,
    spec: &str,
) -> PyResult<Table> {
    step::<Normalisation>(units, columns, meta, spec, composite::normalise)
}

/// Aggregates up the tree (`spec`: an `Aggregation` as JSON): the indicators and every
/// aggregate.
#[pyfunction]
pub fn composite_aggregate(
    units: Vec<String>,
    columns: Vec<(String, Vec<f64>)>,
    meta: &str,
    spec: &str,
) -> PyResult<Table> {
    step::<Aggregation>(units, columns, meta, spec, composite::aggregate)
}

/// Imputes missing values (`spec`: an `Imputation` as JSON).
#[pyfunction]
pub fn composite_impute(
    units: Vec<String>,
    columns: Vec<(String, Vec<f64>)>,
    meta: &str,
    spec: &str,
) -> PyResult<Table> {
    step::<Imputation>(units, columns, meta, spec, composite::impute)
}

/// Treats outliers (`spec`: a `Treatment` as JSON); the treated table and the log as JSON.
#[pyfunction]
pub fn composite_treat(
    units: Vec<String>,
    columns: Vec<(String, Vec<f64>)>,
    meta: &str,
    spec: &str,
) -> PyResult<(Table, String)> {
    let (data, meta) = inputs(units, columns, meta)?;
    let spec: Treatment = parse("spec", spec)?;
    let treated = composite::treat(&data, &meta, &spec).or_raise()?;
    let log = serde_json::to_string(&treated.log).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok((table(&treated.data), log))
}

/// The data, tree, nominal pipeline and uncertain inputs of an analysis.
type Design = (Data, Meta, Pipeline, Vec<UncertainInput>);

fn design(
    units: Vec<String>,
    columns: Vec<(String, Vec<f64>)>,
    meta: &str,
    pipeline: &str,
    uncertain: &str,
) -> PyResult<Design> {
    let (data, meta) = inputs(units, columns, meta)?;
    Ok((data, meta, parse("pipeline", pipeline)?, parse("inputs", uncertain)?))
}

/// An uncertainty analysis (`pipeline`, `inputs`, `options` as JSON): its rank statistics
/// and failed replications as JSON (the replications' scores stay in Rust).
#[pyfunction]
pub fn composite_uncertainty(
    py: Python<'_>,
    units: Vec<String>,
    columns: Vec<(String, Vec<f64>)>,
    meta: &str,
    pipeline: &str,
    uncertain: &str,
    options: &str,
) -> PyResult<String> {
    let (data, meta, pipeline, uncertain) = design(units, columns, meta, pipeline, uncertain)?;
    let options: UncertaintyOptions = parse("options", options)?;
    let result = py.detach(|| composite::uncertainty(&data, &meta, &pipeline, &uncertain, &options)).or_raise()?;
    let summary =
        serde_json::json!({ "target": result.target, "rank_stats": result.rank_stats, "failed": result.failed });
    serde_json::to_string(&summary).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A Sobol sensitivity analysis (Saltelli design; `pipeline`, `inputs`, `options` as JSON):
/// the first- and total-order index of each input with bootstrap intervals, as JSON.
#[pyfunction]
pub fn composite_sensitivity(
    py: Python<'_>,
    units: Vec<String>,
    columns: Vec<(String, Vec<f64>)>,
    meta: &str,
    pipeline: &str,
    uncertain: &str,
    options: &str,
) -> PyResult<String> {
    let (data, meta, pipeline, uncertain) = design(units, columns, meta, pipeline, uncertain)?;
    let options: SensitivityOptions = parse("options", options)?;
    let result = py.detach(|| composite::sensitivity(&data, &meta, &pipeline, &uncertain, &options)).or_raise()?;
    serde_json::to_string(&result.sobol).map_err(|e| PyValueError::new_err(e.to_string()))
}
