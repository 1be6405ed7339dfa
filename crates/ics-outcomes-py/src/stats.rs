//! The indicator statistics: numpy columns and group codes in, a `pyarrow.Table` and the
//! package's warnings out. `ics_outcomes.stats` turns frames into these arguments and the
//! table back into the caller's kind of frame.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, DictionaryArray, Float64Array, Int8Array, Int32Array, RecordBatch, StringArray};
use arrow_buffer::ScalarBuffer;
use arrow_schema::{Field as ArrowField, Schema};
use ics_outcomes::Error;
use ics_outcomes::stats::{
    self, ColumnData, Confidence, DsrOptions, Events, Field, Groups, Invert, IsrOptions, IsrScale, OutputType,
    ProportionOptions, RateOptions, Reference, Table,
};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::convert::Int;
use crate::errors::OrRaise;

type Floats<'py> = PyReadonlyArray1<'py, f64>;
type Codes<'py> = Option<PyReadonlyArray1<'py, u32>>;
/// A result table and the package's warnings.
type Output<'py> = (Bound<'py, PyAny>, Vec<String>);

fn to_groups(codes: &Codes<'_>, count: usize) -> PyResult<Option<Groups>> {
    codes.as_ref().map(|codes| Groups::new(codes.as_slice()?.to_vec(), count).or_raise()).transpose()
}

fn output_type(text: &str) -> PyResult<OutputType> {
    text.parse().or_raise()
}

/// One column as Arrow, taking over its buffer: floats with a validity mask only where some
/// are NaN; text as a dictionary (`int8` keys for one label on every row, `int32` otherwise,
/// whatever the data, so that an engine's declared schema holds for every batch).
fn arrow_column(data: ColumnData, rows: usize) -> PyResult<ArrayRef> {
    let invalid = |e: arrow_schema::ArrowError| pyo3::exceptions::PyValueError::new_err(e.to_string());
    Ok(match data {
        ColumnData::Number(values) => {
            let nulls = stats::any_missing(&values).then(|| values.iter().map(|v| !v.is_nan()).collect());
            Arc::new(Float64Array::new(ScalarBuffer::from(values), nulls))
        }
        ColumnData::Text { labels, codes } => {
            let keys: Int32Array = codes.into_iter().map(|c| c.and_then(|c| i32::try_from(c).ok())).collect();
            Arc::new(DictionaryArray::try_new(keys, Arc::new(StringArray::from(labels))).map_err(invalid)?)
        }
        ColumnData::Repeated(label) => {
            let keys = match label {
                Some(_) => Int8Array::new(ScalarBuffer::from(vec![0i8; rows]), None),
                None => Int8Array::new_null(rows),
            };
            let values = StringArray::from_iter_values(label.as_deref());
            // SAFETY: every key is 0 and the dictionary has one value, or every key is null:
            // what `try_new` would check, key by key, at a cost of most of the call.
            Arc::new(unsafe { DictionaryArray::new_unchecked(keys, Arc::new(values)) })
        }
    })
}

/// Converts a core table into a `pyarrow.Table` without copying its numbers: numbers as
/// float64 (NaN as null), text as dictionary-encoded strings, which pandas and polars read as
/// categoricals.
fn finish<'py>(py: Python<'py>, table: Result<Table, Error>, output: OutputType) -> PyResult<Output<'py>> {
    let table = table.or_raise()?;
    let warnings = table.warnings.clone();
    let table = table.select(output);
    let rows = table.rows;
    let mut fields = Vec::with_capacity(table.columns.len());
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(table.columns.len());
    for column in table.columns {
        let array = arrow_column(column.data, rows)?;
        fields.push(ArrowField::new(column.name, array.data_type().clone(), true));
        arrays.push(array);
    }
    let schema = Arc::new(Schema::new(fields));
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
    let batch = RecordBatch::try_new_with_options(schema, arrays, &options)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    Ok((crate::results::to_pyarrow(py, batch)?, warnings))
}

/// `(x, n)` with Wilson score limits, per row or per group.
#[pyfunction]
#[pyo3(signature = (x, n, names, codes, count, confidence, multiplier, output))]
#[allow(clippy::too_many_arguments)]
pub fn stats_proportion<'py>(
    py: Python<'py>,
    x: Floats<'py>,
    n: Floats<'py>,
    names: (String, String),
    codes: Codes<'py>,
    count: usize,
    confidence: Vec<f64>,
    multiplier: f64,
    output: &str,
) -> PyResult<Output<'py>> {
    let output = output_type(output)?;
    let options = ProportionOptions { confidence: Confidence::standard(&confidence).or_raise()?, multiplier };
    let groups = to_groups(&codes, count)?;
    let (x, n) = (x.as_slice()?, n.as_slice()?);
    let table =
        py.detach(|| stats::proportion(Field::new(&names.0, x), Field::new(&names.1, n), groups.as_ref(), &options));
    finish(py, table, output)
}

/// Crude rates with exact or Byar's limits, per row or per group.
#[pyfunction]
#[pyo3(signature = (x, n, names, codes, count, confidence, multiplier, output))]
#[allow(clippy::too_many_arguments)]
pub fn stats_rate<'py>(
    py: Python<'py>,
    x: Floats<'py>,
    n: Floats<'py>,
    names: (String, String),
    codes: Codes<'py>,
    count: usize,
    confidence: Vec<f64>,
    multiplier: f64,
    output: &str,
) -> PyResult<Output<'py>> {
    let output = output_type(output)?;
    let options = RateOptions { confidence: Confidence::standard(&confidence).or_raise()?, multiplier };
    let groups = to_groups(&codes, count)?;
    let (x, n) = (x.as_slice()?, n.as_slice()?);
    let table = py.detach(|| stats::rate(Field::new(&names.0, x), Field::new(&names.1, n), groups.as_ref(), &options));
    finish(py, table, output)
}

/// Means with Student's t limits, per group.
#[pyfunction]
#[pyo3(signature = (x, name, codes, count, confidence, output))]
pub fn stats_mean<'py>(
    py: Python<'py>,
    x: Floats<'py>,
    name: String,
    codes: Codes<'py>,
    count: usize,
    confidence: Vec<f64>,
    output: &str,
) -> PyResult<Output<'py>> {
    let output = output_type(output)?;
    let confidence = Confidence::standard(&confidence).or_raise()?;
    let groups = to_groups(&codes, count)?;
    let x = x.as_slice()?;
    finish(py, stats::mean(Field::new(&name, x), groups.as_ref(), &confidence), output)
}

/// Directly standardised rates, per group; `frequency` and `bands` for non-independent events.
#[pyfunction]
#[pyo3(signature = (x, n, stdpop, stdpop_by_position, names, codes, count, frequency, bands, band_count, confidence, multiplier, output))]
#[allow(clippy::too_many_arguments)]
pub fn stats_dsr<'py>(
    py: Python<'py>,
    x: Floats<'py>,
    n: Floats<'py>,
    stdpop: Floats<'py>,
    stdpop_by_position: bool,
    names: (String, String, String, String),
    codes: Codes<'py>,
    count: usize,
    frequency: Option<Floats<'py>>,
    bands: Codes<'py>,
    band_count: usize,
    confidence: Vec<f64>,
    multiplier: f64,
    output: &str,
) -> PyResult<Output<'py>> {
    let output = output_type(output)?;
    let options = DsrOptions { confidence: Confidence::standard(&confidence).or_raise()?, multiplier };
    let groups = to_groups(&codes, count)?;
    let bands = to_groups(&bands, band_count)?;
    let (x, n) = (x.as_slice()?, n.as_slice()?);
    // A weight vector is matched to each group's rows by position (the core's rule).
    let laid_out = if stdpop_by_position {
        Groups::or_single(groups.as_ref(), x.len()).by_position(&names.2, stdpop.as_slice()?).or_raise()?
    } else {
        stdpop.as_slice()?.to_vec()
    };
    let stdpop = laid_out.as_slice();
    let frequency = frequency.as_ref().map(|f| f.as_slice()).transpose()?;
    let events = match (frequency, bands.as_ref()) {
        (Some(frequency), Some(ageband)) => {
            Events::NonIndependent { frequency: Field::new(&names.3, frequency), ageband }
        }
        _ => Events::Independent,
    };
    let table = py.detach(|| {
        stats::dsr(
            Field::new(&names.0, x),
            Field::new(&names.1, n),
            Field::new(&names.2, stdpop),
            groups.as_ref(),
            events,
            &options,
        )
    });
    finish(py, table, output)
}

/// Indirectly standardised ratios (`refvalue`) or rates (`multiplier`), per group.
#[pyfunction]
#[pyo3(signature = (x, n, x_ref, n_ref, by_field, names, codes, count, observed_totals, confidence, refvalue, multiplier, output))]
#[allow(clippy::too_many_arguments)]
pub fn stats_isr<'py>(
    py: Python<'py>,
    x: Floats<'py>,
    n: Floats<'py>,
    x_ref: Floats<'py>,
    n_ref: Floats<'py>,
    by_field: bool,
    names: (String, String, String, String),
    codes: Codes<'py>,
    count: usize,
    observed_totals: Option<Floats<'py>>,
    confidence: Vec<f64>,
    refvalue: Option<f64>,
    multiplier: Option<f64>,
    output: &str,
) -> PyResult<Output<'py>> {
    let output = output_type(output)?;
    let scale = match (refvalue, multiplier) {
        (_, Some(multiplier)) => IsrScale::Rate { multiplier },
        (refvalue, None) => IsrScale::Ratio { refvalue: refvalue.unwrap_or(1.0) },
    };
    let options = IsrOptions { confidence: Confidence::standard(&confidence).or_raise()?, scale };
    let groups = to_groups(&codes, count)?;
    let (x, n, x_ref, n_ref) = (x.as_slice()?, n.as_slice()?, x_ref.as_slice()?, n_ref.as_slice()?);
    let totals = observed_totals.as_ref().map(|t| t.as_slice()).transpose()?;
    let reference = if by_field {
        Reference::Fields { x_ref: Field::new(&names.2, x_ref), n_ref: Field::new(&names.3, n_ref) }
    } else {
        Reference::Vectors { x_ref, n_ref }
    };
    let table = py.detach(|| {
        stats::isr(Field::new(&names.0, x), Field::new(&names.1, n), reference, groups.as_ref(), totals, &options)
    });
    finish(py, table, output)
}

/// Quantiles within groups; `invert` is one flag for all groups or one per row.
#[pyfunction]
#[pyo3(signature = (values, name, codes, count, nquantiles, invert, invert_rows, output))]
#[allow(clippy::too_many_arguments)]
pub fn stats_quantile<'py>(
    py: Python<'py>,
    values: Floats<'py>,
    name: String,
    codes: Codes<'py>,
    count: usize,
    nquantiles: u32,
    invert: bool,
    invert_rows: Option<Vec<bool>>,
    output: &str,
) -> PyResult<Output<'py>> {
    let output = output_type(output)?;
    let groups = to_groups(&codes, count)?;
    let values = values.as_slice()?;
    let invert = match &invert_rows {
        Some(rows) => Invert::PerRow(rows),
        None => Invert::All(invert),
    };
    finish(py, stats::quantile(Field::new(&name, values), groups.as_ref(), nquantiles, invert), output)
}

/// The lower and upper limits of one interval per row, as numpy arrays.
type Limits<'py> = (Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>);

fn limits<'py>(py: Python<'py>, compute: impl FnOnce() -> (Vec<f64>, Vec<f64>) + Send) -> Limits<'py> {
    let (lower, upper) = py.detach(compute);
    (lower.into_pyarray(py), upper.into_pyarray(py))
}

fn one_level(confidence: f64) -> PyResult<(f64, f64)> {
    let confidence = Confidence::standard(&[confidence]).or_raise()?;
    Ok((confidence.levels()[0], confidence.z()[0]))
}

/// Wilson score limits of `x` out of `n` (as fractions), row by row.
#[pyfunction]
#[pyo3(signature = (x, n, confidence=0.95))]
pub fn wilson_interval<'py>(py: Python<'py>, x: Floats<'py>, n: Floats<'py>, confidence: f64) -> PyResult<Limits<'py>> {
    let (_, z) = one_level(confidence)?;
    let (x, n) = (x.as_slice()?, n.as_slice()?);
    stats::check_counts(Field::new("x", x), Field::new("n", n), true).or_raise()?;
    Ok(limits(py, || stats::interval::wilson_limits(x, n, z, 1.0)))
}

/// Byar's limits of Poisson counts, row by row.
#[pyfunction]
#[pyo3(signature = (x, confidence=0.95))]
pub fn byars_interval<'py>(py: Python<'py>, x: Floats<'py>, confidence: f64) -> PyResult<Limits<'py>> {
    let (_, z) = one_level(confidence)?;
    let x = x.as_slice()?;
    stats::check_counts(Field::new("x", x), Field::new("x", x), false).or_raise()?;
    Ok(limits(py, || stats::interval::byars_limits(x, z)))
}

/// Poisson limits of counts, exact below 10 events and Byar's from 10, row by row.
#[pyfunction]
#[pyo3(signature = (x, confidence=0.95))]
pub fn poisson_interval<'py>(py: Python<'py>, x: Floats<'py>, confidence: f64) -> PyResult<Limits<'py>> {
    let (c, z) = one_level(confidence)?;
    let x = x.as_slice()?;
    stats::check_counts(Field::new("x", x), Field::new("x", x), false).or_raise()?;
    Ok(limits(py, || stats::interval::poisson_limits(x, c, z)))
}

/// The numeric start of an age-band label: its first run of digits (`"90 +"` is 90).
#[pyfunction]
pub fn age_band_start(label: &str) -> Option<f64> {
    stats::age_band_start(label)
}

/// Start ages as numbers: numeric values, or the first run of digits of each label
/// (`"90 +"` is 90).
fn start_ages(numbers: Option<Floats<'_>>, labels: Option<Vec<Option<String>>>) -> PyResult<Vec<f64>> {
    match (numbers, labels) {
        (Some(numbers), _) => Ok(numbers.as_slice()?.to_vec()),
        (None, Some(labels)) => {
            Ok(labels.iter().map(|l| l.as_deref().and_then(stats::age_band_start).unwrap_or(f64::NAN)).collect())
        }
        (None, None) => Ok(Vec::new()),
    }
}

/// Life expectancy by the Chiang II method with Silcocks' final-band variance; also returns
/// the input row of each output row.
#[pyfunction]
#[pyo3(signature = (deaths, population, names, startage, startage_labels, codes, count, age_contents, age_content_labels, le_age, confidence, output))]
#[allow(clippy::too_many_arguments)]
pub fn stats_life_expectancy<'py>(
    py: Python<'py>,
    deaths: Floats<'py>,
    population: Floats<'py>,
    names: (String, String, String),
    startage: Option<Floats<'py>>,
    startage_labels: Option<Vec<Option<String>>>,
    codes: Codes<'py>,
    count: usize,
    age_contents: Option<Vec<f64>>,
    age_content_labels: Option<Vec<Option<String>>>,
    le_age: Option<Vec<f64>>,
    confidence: Vec<f64>,
    output: &str,
) -> PyResult<(Bound<'py, PyAny>, Vec<String>, Vec<usize>)> {
    let output = output_type(output)?;
    let groups = to_groups(&codes, count)?;
    let starts = start_ages(startage, startage_labels)?;
    let mut options = stats::LifeExpectancyOptions {
        le_age,
        confidence: Confidence::any(&confidence).or_raise()?,
        ..Default::default()
    };
    if let Some(ages) = age_contents {
        options.age_contents = ages;
    } else if age_content_labels.is_some() {
        options.age_contents = start_ages(None, age_content_labels)?;
    }
    let (deaths, population) = (deaths.as_slice()?, population.as_slice()?);
    let result = py.detach(|| {
        stats::life_expectancy(
            Field::new(&names.0, deaths),
            Field::new(&names.1, population),
            Field::new(&names.2, &starts),
            groups.as_ref(),
            &options,
        )
    });
    let result = result.or_raise()?;
    let (table, warnings) = finish(py, Ok(result.table), output)?;
    Ok((table, warnings, result.rows))
}

/// Slope and relative index of inequality per group, with seeded Monte Carlo limits; also
/// returns the group of each output row.
#[pyfunction]
#[pyo3(signature = (quantile, population, value, x, lower_cl, upper_cl, se, names, codes, count, value_type, transform, multiplier, repetitions, confidence, rii, intercept, reliability_stat, seed, output))]
#[allow(clippy::too_many_arguments)]
pub fn stats_sii<'py>(
    py: Python<'py>,
    quantile: Floats<'py>,
    population: Floats<'py>,
    value: Option<Floats<'py>>,
    x: Option<Floats<'py>>,
    lower_cl: Option<Floats<'py>>,
    upper_cl: Option<Floats<'py>>,
    se: Option<Floats<'py>>,
    names: Vec<String>,
    codes: Codes<'py>,
    count: usize,
    value_type: Int,
    transform: bool,
    multiplier: f64,
    repetitions: Int,
    confidence: Vec<f64>,
    rii: bool,
    intercept: bool,
    reliability_stat: bool,
    seed: Int,
    output: &str,
) -> PyResult<(Bound<'py, PyAny>, Vec<String>, Vec<usize>)> {
    let output = output_type(output)?;
    let groups = to_groups(&codes, count)?;
    let options = stats::SiiOptions {
        value_type: stats::ValueType::from_code(value_type.get("value_type")?).or_raise()?,
        transform,
        multiplier,
        // A negative count is the core's "at least 1,000", not a range error.
        repetitions: if matches!(repetitions.0, Ok(n) if n < 0) { 0 } else { repetitions.get("repetitions")? },
        confidence: Confidence::any(&confidence).or_raise()?,
        rii,
        intercept,
        reliability_stat,
        seed: seed.get("seed")?,
    };
    let name = |i: usize| names.get(i).map_or("", String::as_str);
    let slices = [&value, &x, &lower_cl, &upper_cl, &se]
        .map(|a| a.as_ref().map(|a| a.as_slice()).transpose())
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let (quantile, population) = (quantile.as_slice()?, population.as_slice()?);
    let mut fields = stats::SiiFields::new(Field::new(name(0), quantile), Field::new(name(1), population));
    let optional = |i: usize| slices[i].map(|s| Field::new(name(i + 2), s));
    fields.value = optional(0);
    fields.x = optional(1);
    fields.lower_cl = optional(2);
    fields.upper_cl = optional(3);
    fields.se = optional(4);
    let result = py.detach(|| stats::sii(&fields, groups.as_ref(), &options)).or_raise()?;
    let (table, warnings) = finish(py, Ok(result.table), output)?;
    Ok((table, warnings, result.groups))
}

/// Funnel-plot control limits: a 100-row table of x-axis points with 2σ and 3σ limits.
#[pyfunction]
#[pyo3(signature = (numerator, denominator, rate, names, statistic, ratio_type, rate_type, years_of_data, multiplier, output))]
#[allow(clippy::too_many_arguments)]
pub fn stats_funnel_limits<'py>(
    py: Python<'py>,
    numerator: Floats<'py>,
    denominator: Option<Floats<'py>>,
    rate: Option<Floats<'py>>,
    names: (String, String, String),
    statistic: Option<&str>,
    ratio_type: Option<&str>,
    rate_type: Option<&str>,
    years_of_data: Option<f64>,
    multiplier: f64,
    output: &str,
) -> PyResult<Output<'py>> {
    let output = output_type(output)?;
    let statistic = stats::FunnelStatistic::from_args(statistic, ratio_type, rate_type, years_of_data).or_raise()?;
    let options = stats::FunnelLimitOptions { statistic, multiplier, output };
    let numerator = numerator.as_slice()?;
    let denominator = denominator.as_ref().map(|d| d.as_slice()).transpose()?;
    let rate = rate.as_ref().map(|r| r.as_slice()).transpose()?;
    let table = stats::funnel_limits(
        Field::new(&names.0, numerator),
        denominator.map(|d| Field::new(&names.1, d)),
        rate.map(|r| Field::new(&names.2, r)),
        &options,
    );
    finish(py, table, output)
}

/// The funnel significance of every record: `High (0.001)` ... `Not significant`.
#[pyfunction]
#[pyo3(signature = (numerator, denominator, rate, names, statistic, rate_type, multiplier))]
#[allow(clippy::too_many_arguments)]
pub fn stats_funnel_significance<'py>(
    py: Python<'py>,
    numerator: Floats<'py>,
    denominator: Option<Floats<'py>>,
    rate: Option<Floats<'py>>,
    names: (String, String, String),
    statistic: Option<&str>,
    rate_type: Option<&str>,
    multiplier: Option<f64>,
) -> PyResult<Output<'py>> {
    let statistic = stats::SignificanceStatistic::from_args(statistic, rate_type, multiplier).or_raise()?;
    let numerator = numerator.as_slice()?;
    let denominator = denominator.as_ref().map(|d| d.as_slice()).transpose()?;
    let rate = rate.as_ref().map(|r| r.as_slice()).transpose()?;
    let table = stats::funnel_significance(
        Field::new(&names.0, numerator),
        denominator.map(|d| Field::new(&names.1, d)),
        rate.map(|r| Field::new(&names.2, r)),
        &statistic,
    );
    finish(py, table, OutputType::Full)
}

/// The points of a rate funnel: the rate to plot and the population per year it stands for.
#[pyfunction]
#[pyo3(signature = (numerator, denominator, rate, names, rate_type, years_of_data, multiplier))]
#[allow(clippy::too_many_arguments)]
pub fn stats_funnel_points<'py>(
    py: Python<'py>,
    numerator: Floats<'py>,
    denominator: Option<Floats<'py>>,
    rate: Floats<'py>,
    names: (String, String, String),
    rate_type: &str,
    years_of_data: f64,
    multiplier: f64,
) -> PyResult<Output<'py>> {
    let options = stats::FunnelPointOptions { rate_type: rate_type.parse().or_raise()?, years_of_data, multiplier };
    let numerator = numerator.as_slice()?;
    let denominator = denominator.as_ref().map(|d| d.as_slice()).transpose()?;
    let rate = rate.as_slice()?;
    let table = stats::funnel_points(
        Field::new(&names.0, numerator),
        denominator.map(|d| Field::new(&names.1, d)),
        Field::new(&names.2, rate),
        &options,
    );
    finish(py, table, OutputType::Full)
}

/// A funnel plot with overdispersion (FunnelPlotR's `funnel_plot()`): the units and the limit
/// curves as `pyarrow.Table`s, and a dict of φ, τ², the limits in force and the settings.
#[pyfunction]
#[pyo3(signature = (
    numerator, denominator, names, codes, labels, *, data_type, method, shmi_rounding, trim_by, multiplier, limit,
    adjusted, unadjusted, overdispersion
))]
#[allow(clippy::too_many_arguments)] // One argument per option of the package's call.
pub fn stats_funnel_overdispersion<'py>(
    py: Python<'py>,
    numerator: Floats<'py>,
    denominator: Floats<'py>,
    names: (String, String),
    codes: PyReadonlyArray1<'py, u32>,
    labels: Vec<String>,
    data_type: &str,
    method: &str,
    shmi_rounding: bool,
    trim_by: f64,
    multiplier: f64,
    limit: f64,
    adjusted: bool,
    unadjusted: bool,
    overdispersion: &str,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>, Bound<'py, pyo3::types::PyDict>)> {
    let options = stats::OverdispersionOptions {
        data_type: data_type.parse().or_raise()?,
        method: method.parse().or_raise()?,
        shmi_rounding,
        trim_by,
        multiplier,
        limit: stats::Limit::from_percent(limit).or_raise()?,
        adjusted,
        unadjusted,
        overdispersion: overdispersion.parse().or_raise()?,
    };
    let groups = Groups::new(codes.as_slice()?.to_vec(), labels.len()).or_raise()?;
    let (x, n) = (numerator.as_slice()?, denominator.as_slice()?);
    let funnel = py
        .detach(|| {
            stats::funnel_overdispersion(Field::new(&names.0, x), Field::new(&names.1, n), &groups, &labels, &options)
        })
        .or_raise()?;
    let units = crate::results::to_pyarrow(py, crate::results::batch_of(&funnel.units_table())?)?;
    let limits = crate::results::to_pyarrow(py, crate::results::batch_of(&funnel.limits_table())?)?;
    let fit = pyo3::types::PyDict::new(py);
    fit.set_item("phi", funnel.phi)?;
    fit.set_item("tau2", funnel.tau2)?;
    fit.set_item("phi_estimated", funnel.phi_estimated)?;
    fit.set_item("tau2_estimated", funnel.tau2_estimated)?;
    fit.set_item("target", funnel.target)?;
    fit.set_item("units_used", funnel.units_used)?;
    fit.set_item("outliers", funnel.outliers())?;
    fit.set_item("adjusted_drawn", funnel.adjusted_drawn)?;
    fit.set_item("unadjusted_drawn", funnel.unadjusted_drawn)?;
    fit.set_item("note", funnel.note)?;
    let settings = pyo3::types::PyDict::new(py);
    settings.set_item("data_type", options.data_type.name())?;
    settings.set_item("method", options.method.name())?;
    settings.set_item("shmi_rounding", options.shmi_rounding)?;
    settings.set_item("trim_by", options.trim_by)?;
    settings.set_item("multiplier", options.multiplier)?;
    settings.set_item("limit", options.limit.percent())?;
    settings.set_item("adjusted", options.adjusted)?;
    settings.set_item("unadjusted", options.unadjusted)?;
    settings.set_item("overdispersion", options.overdispersion.name())?;
    fit.set_item("settings", settings)?;
    Ok((units, limits, fit))
}
