//! Composite indicators from Python: unit codes and indicator columns in, the metadata as an
//! Arrow table (COINr's `iMeta` columns), each step's settings as typed arguments read by the
//! core's COINr names; the same columns out, or a core result table.

use std::collections::BTreeMap;

use arrow_array::Array;
use arrow_array::RecordBatch;
use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_schema::{DataType, SchemaRef};
use ics_outcomes::composite::{
    self, Aggregation, Aggregator, Data, Imputation, META_COLUMNS, Meta, Node, Normalisation, Normaliser,
    NormaliserSettings, Pipeline, SensitivityOptions, Treatment, UncertainInput, UncertaintyDesign, UncertaintyOptions,
    WeightNoise, Weights,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat};
use pyo3_arrow::PyTable;
use rust_decimal::Decimal;

use crate::convert::{Int, decimal, decimal_text};
use crate::data::named_text_rows;
use crate::errors::{OrRaise, bad_argument, bad_data};
use crate::results::PyResultTable;
use ics_outcomes::DataKind;

/// Unit codes, then `(code, values)` columns; NaN is missing.
type Columns = (Vec<String>, Vec<(String, Vec<f64>)>);

/// A frame as it crossed the Arrow C stream: its batches and schema.
type Frame = (Vec<RecordBatch>, SchemaRef);

/// The metadata table checked into a tree: each `iMeta` column read as text (absent ones
/// empty) and parsed by the core, which names any bad field.
fn meta_of(table: PyTable) -> PyResult<Meta> {
    let rows = named_text_rows(table, META_COLUMNS, |name, reason| bad_argument(&format!("meta.{name}"), "", reason))?;
    Meta::from_text_rows(rows.iter().map(|r| r.each_ref().map(Option::as_deref)), "iMeta").or_raise()
}

/// The unit codes and the columns the tree reads (indicators and their denominators) of the
/// data table, as floats with nulls missing (NaN); a column of text is refused by name.
fn data_of(frame: &Frame, meta: &Meta) -> PyResult<Data> {
    let refuse =
        |path: &str, value: String, reason: &str| bad_data(DataKind::IndicatorData, "iData", path, value, reason);
    let (batches, schema) = frame;
    let wanted = meta.indicators().iter().flat_map(|n| std::iter::once(&n.code).chain(n.denominator.as_ref()));
    let mut codes: Vec<&String> = Vec::new();
    for code in wanted {
        if !codes.contains(&code) && schema.index_of(code).is_ok() {
            codes.push(code);
        }
    }
    let unit_column =
        schema.index_of("uCode").map_err(|_| refuse("uCode", String::new(), "the data need a uCode column"))?;
    let mut units = Vec::new();
    let mut columns: Vec<(String, Vec<f64>)> = codes.iter().map(|c| ((*c).clone(), Vec::new())).collect();
    for batch in batches {
        let text = arrow_cast::cast(batch.column(unit_column), &DataType::Utf8)
            .map_err(|e| refuse("uCode", batch.column(unit_column).data_type().to_string(), &e.to_string()))?;
        let text = text.as_string::<i32>();
        units.extend((0..text.len()).map(|i| if text.is_valid(i) { text.value(i).to_owned() } else { String::new() }));
        for (code, values) in &mut columns {
            let column = batch.column(schema.index_of(code).map_err(|_| refuse(code, String::new(), "vanished"))?);
            if !column.data_type().is_numeric() {
                return Err(refuse(code, column.data_type().to_string(), "an indicator column must be numeric"));
            }
            let floats = arrow_cast::cast(column, &DataType::Float64)
                .map_err(|e| refuse(code, column.data_type().to_string(), &e.to_string()))?;
            let floats = floats.as_primitive::<Float64Type>();
            values.extend((0..floats.len()).map(|i| if floats.is_valid(i) { floats.value(i) } else { f64::NAN }));
        }
    }
    Data::new(units, columns, "iData").or_raise()
}

/// One column of the data table as text labels (nulls absent), for group imputation.
fn labels(frame: &Frame, name: &str) -> PyResult<Vec<Option<String>>> {
    let (batches, schema) = frame;
    let index = schema.index_of(name).map_err(|_| bad_argument("group", name, "not a column of the data"))?;
    let mut out = Vec::new();
    for batch in batches {
        let text = arrow_cast::cast(batch.column(index), &DataType::Utf8)
            .map_err(|e| bad_argument("group", name, format!("not readable as text: {e}")))?;
        let text = text.as_string::<i32>();
        out.extend((0..text.len()).map(|i| text.is_valid(i).then(|| text.value(i).to_owned())));
    }
    Ok(out)
}

/// The columns of `data` for `nodes`, in their order.
fn columns_of(data: &Data, nodes: &[Node]) -> Columns {
    let columns =
        nodes.iter().filter_map(|n| data.column(&n.code).map(|values| (n.code.clone(), values.to_vec()))).collect();
    (data.units().to_vec(), columns)
}

/// A statistical setting (a weight, a noise factor) as a decimal: a float is read as the
/// shortest text Python prints for it, since these settings are not targets.
fn setting(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Decimal> {
    if obj.is_instance_of::<PyFloat>() {
        return decimal_text(&obj.str()?.to_string(), path);
    }
    decimal(obj, path)
}

/// The normaliser named `method` with the settings given.
#[allow(clippy::too_many_arguments)]
fn normaliser(
    method: &str,
    range: Option<(f64, f64)>,
    cap: bool,
    unit: Option<String>,
    scale: Option<f64>,
    truncate: Option<bool>,
) -> PyResult<Normaliser> {
    Normaliser::named(method, &NormaliserSettings { range, cap, unit, scale, truncate }).or_raise()
}

/// One indicator's own normaliser from its dict of settings (`method`, `range`, `cap`,
/// `unit`, `scale`, `truncate`); an unknown key is refused by name.
fn own_normaliser(code: &str, given: &Bound<'_, PyAny>) -> PyResult<Normaliser> {
    let path = format!("per_indicator.{code}");
    let dict = given
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err(format!("{path} must be a dict of settings, not {}", given.get_type())))?;
    for key in dict.keys() {
        let key: String = key.extract()?;
        if !["method", "range", "cap", "unit", "scale", "truncate"].contains(&key.as_str()) {
            return Err(bad_argument(&path, &key, "settings are method, range, cap, unit, scale and truncate"));
        }
    }
    let get = |key: &str| dict.get_item(key).map(|v| v.filter(|v| !v.is_none()));
    let method: String = get("method")?.map(|m| m.extract()).transpose()?.unwrap_or_else(|| "minmax".into());
    normaliser(
        &method,
        get("range")?.map(|r| r.extract()).transpose()?,
        get("cap")?.map(|c| c.extract()).transpose()?.unwrap_or(false),
        get("unit")?.map(|u| u.extract()).transpose()?,
        get("scale")?.map(|s| s.extract()).transpose()?,
        get("truncate")?.map(|t| t.extract()).transpose()?,
    )
}

/// Normalises the indicators by the method COINr calls `method` (`minmax`, `n_zscore`, ...);
/// `per_indicator` maps an iCode to its own settings.
#[pyfunction]
#[pyo3(signature = (data, meta, *, method, range, cap, unit, scale, truncate, per_indicator))]
#[allow(clippy::too_many_arguments)]
pub fn composite_normalise(
    data: PyTable,
    meta: PyTable,
    method: &str,
    range: Option<(f64, f64)>,
    cap: bool,
    unit: Option<String>,
    scale: Option<f64>,
    truncate: Option<bool>,
    per_indicator: BTreeMap<String, Bound<'_, PyAny>>,
) -> PyResult<Columns> {
    let meta = meta_of(meta)?;
    let data = data_of(&data.into_inner(), &meta)?;
    let spec = Normalisation {
        default: normaliser(method, range, cap, unit, scale, truncate)?,
        per_indicator: per_indicator
            .iter()
            .map(|(c, s)| Ok((c.clone(), own_normaliser(c, s)?)))
            .collect::<PyResult<_>>()?,
    };
    Ok(columns_of(&composite::normalise(&data, &meta, &spec).or_raise()?, meta.indicators()))
}

/// Aggregates up the tree by one method, or one per level from the bottom: the aggregates.
#[pyfunction]
#[pyo3(signature = (data, meta, *, methods, weights))]
pub fn composite_aggregate(
    data: PyTable,
    meta: PyTable,
    methods: Vec<String>,
    weights: BTreeMap<String, Bound<'_, PyAny>>,
) -> PyResult<Columns> {
    let meta = meta_of(meta)?;
    let data = data_of(&data.into_inner(), &meta)?;
    let weights: Weights =
        weights.iter().map(|(c, w)| Ok((c.clone(), setting(w, &format!("weights.{c}"))?))).collect::<PyResult<_>>()?;
    let methods = methods.iter().map(|m| Aggregator::named(m)).collect::<Result<_, _>>().or_raise()?;
    let spec = Aggregation { methods, weights, ..Aggregation::default() };
    Ok(columns_of(&composite::aggregate(&data, &meta, &spec).or_raise()?, meta.aggregates()))
}

/// Imputes missing values by the method called `method`; the group methods read each unit's
/// label from the data's column `group`.
#[pyfunction]
#[pyo3(signature = (data, meta, *, method, group))]
pub fn composite_impute(data: PyTable, meta: PyTable, method: &str, group: Option<String>) -> PyResult<Columns> {
    let meta = meta_of(meta)?;
    let frame = data.into_inner();
    let data = data_of(&frame, &meta)?;
    let how = Imputation::named(method, group.map(|g| labels(&frame, &g)).transpose()?).or_raise()?;
    Ok(columns_of(&composite::impute(&data, &meta, &how).or_raise()?, meta.indicators()))
}

/// Treats outliers as COINr's defaults do: the treated indicators and the treatment log.
#[pyfunction]
#[pyo3(signature = (data, meta, *, winmax, skew, kurtosis))]
pub fn composite_treat(
    data: PyTable,
    meta: PyTable,
    winmax: Int,
    skew: f64,
    kurtosis: f64,
) -> PyResult<(Columns, PyResultTable)> {
    let meta = meta_of(meta)?;
    let data = data_of(&data.into_inner(), &meta)?;
    let spec = Treatment {
        winmax: winmax.get("winmax")?,
        skew_threshold: skew,
        kurtosis_threshold: kurtosis,
        ..Treatment::default()
    };
    let treated = composite::treat(&data, &meta, &spec).or_raise()?;
    Ok((columns_of(&treated.data, meta.indicators()), PyResultTable::from(treated.log_table())))
}

/// The data, the tree, and the nominal pipeline and uncertain inputs of the usual design.
fn design(
    data: PyTable,
    meta: PyTable,
    weight_noise: &Bound<'_, PyAny>,
    normalisations: Vec<String>,
    aggregations: Vec<String>,
) -> PyResult<(Data, Meta, Pipeline, Vec<UncertainInput>)> {
    let meta = meta_of(meta)?;
    let data = data_of(&data.into_inner(), &meta)?;
    let weight_noise = match weight_noise.cast::<PyDict>() {
        Ok(levels) => WeightNoise::ByLevel(
            levels
                .iter()
                .map(|(level, factor)| {
                    // A level is a number, or its text as a JSON or YAML mapping gives it.
                    let number = match level.extract::<Int>() {
                        Ok(level) => level.get("weight_noise")?,
                        Err(_) => {
                            let text = level.str()?.to_string();
                            text.parse().map_err(|_| bad_argument("weight_noise", text, "levels are whole numbers"))?
                        }
                    };
                    Ok((number, setting(&factor, &format!("weight_noise.{number}"))?))
                })
                .collect::<PyResult<_>>()?,
        ),
        Err(_) => WeightNoise::Uniform(setting(weight_noise, "weight_noise")?),
    };
    let (pipeline, inputs) =
        UncertaintyDesign { weight_noise, normalisations, aggregations }.inputs(&meta).or_raise()?;
    Ok((data, meta, pipeline, inputs))
}

/// An uncertainty analysis of the composite's ranks under the usual design: each unit's
/// nominal rank and rank distribution.
#[pyfunction]
#[pyo3(signature = (data, meta, *, replications, seed, weight_noise, normalisations, aggregations))]
#[allow(clippy::too_many_arguments)]
pub fn composite_uncertainty(
    py: Python<'_>,
    data: PyTable,
    meta: PyTable,
    replications: Int,
    seed: Int,
    weight_noise: &Bound<'_, PyAny>,
    normalisations: Vec<String>,
    aggregations: Vec<String>,
) -> PyResult<PyResultTable> {
    let (data, meta, pipeline, inputs) = design(data, meta, weight_noise, normalisations, aggregations)?;
    let options =
        UncertaintyOptions { target: None, replications: replications.get("replications")?, seed: seed.get("seed")? };
    let result = py.detach(|| composite::uncertainty(&data, &meta, &pipeline, &inputs, &options)).or_raise()?;
    Ok(PyResultTable::from(result.table()))
}

/// A Sobol sensitivity analysis (Saltelli design) of the composite's ranks under the usual
/// design: the first- and total-order index of each input with bootstrap intervals.
#[pyfunction]
#[pyo3(signature = (data, meta, *, n, seed, bootstrap, weight_noise, normalisations, aggregations))]
#[allow(clippy::too_many_arguments)]
pub fn composite_sensitivity(
    py: Python<'_>,
    data: PyTable,
    meta: PyTable,
    n: Int,
    seed: Int,
    bootstrap: Int,
    weight_noise: &Bound<'_, PyAny>,
    normalisations: Vec<String>,
    aggregations: Vec<String>,
) -> PyResult<PyResultTable> {
    let (data, meta, pipeline, inputs) = design(data, meta, weight_noise, normalisations, aggregations)?;
    let options = SensitivityOptions {
        target: None,
        n: n.get("n")?,
        seed: seed.get("seed")?,
        bootstrap: bootstrap.get("bootstrap")?,
    };
    let result = py.detach(|| composite::sensitivity(&data, &meta, &pipeline, &inputs, &options)).or_raise()?;
    Ok(PyResultTable::from(result.sobol.table()))
}
