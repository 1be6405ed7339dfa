//! Observations from Python: an `Observations` object, any Arrow-exporting frame (pandas,
//! polars, pyarrow, DuckDB...) or a dict of lists. Text columns are read in place, float
//! and integer columns as numbers (the core reads a float as its shortest text), anything
//! else as text; the core's one loader checks every row, so frames and CSV files obey the
//! same rules.

use std::borrow::Cow;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_array::{
    Array, ArrayRef, Float64Array, Int64Array, LargeStringArray, RecordBatch, StringArray, StringViewArray,
};
use arrow_schema::DataType;
use ics_outcomes::{
    COLUMNS, Catalogue, Cell, DataKind, FieldRow, NUMBER_COLUMNS, Observation, Observations, column_positions,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyRecordBatch;

use crate::errors::{OrRaise, bad_data};
use crate::results::ColumnBuilder;

/// Checked observations: one value per area, metric and period.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> obs = ico.default_observations()
/// >>> len(obs), obs.periods[0], obs.periods[-1]
/// (7104, '2024/25 Q1', '2026/27 Q4')
/// >>> obs.rows()[0]
/// {'area_code': 'E54000008', 'metric_id': 'ae_4h', 'period': '2024/25 Q1', 'value': Decimal('72.0180'),
/// 'numerator': Decimal('209463.00'), 'denominator': Decimal('290848.00')}
#[pyclass(module = "ics_outcomes", name = "Observations", frozen)]
pub struct PyObservations(pub Observations);

impl crate::pickle::Pickled for PyObservations {
    const KIND: &'static str = "Observations";
    type State = Observations;

    fn to_state(&self) -> Observations {
        self.0.clone()
    }

    fn from_state(state: Observations) -> Self {
        PyObservations(state)
    }
}

table_methods!(PyObservations, "\
>>> import ics_outcomes as ico
>>> table = ico.default_observations()" {
    fn __len__(&self) -> usize {
        self.0.len()
    }

    /// The distinct periods, earliest first.
    #[getter]
    fn periods(&self) -> Vec<String> {
        self.0.periods().iter().map(ToString::to_string).collect()
    }

    /// Where the data came from; for the embedded default, that it is synthetic.
    #[getter]
    fn label(&self) -> Option<&str> {
        self.0.label()
    }

    /// The rows as a tidy CSV text, readable by `load_observations`.
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> text = ico.default_observations().to_csv()
    /// >>> text.splitlines()[1]
    /// 'area_code,metric_id,period,value,numerator,denominator'
    /// >>> text.splitlines()[2]
    /// 'E54000008,ae_4h,2024/25 Q1,72.0180,209463,290848'
    fn to_csv(&self) -> PyResult<String> {
        let mut out = Vec::new();
        self.0.write_csv(&mut out).or_raise()?;
        String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn __repr__(&self) -> String {
        let periods = self.0.periods();
        let span = match (periods.first(), periods.last()) {
            (Some(a), Some(b)) => format!(" over {a} to {b}"),
            _ => String::new(),
        };
        let label = self.0.label().map(|l| format!(" [{l}]")).unwrap_or_default();
        format!("Observations({} rows{span}){label}", self.0.len())
    }
});

impl PyObservations {
    fn batch(&self) -> PyResult<RecordBatch> {
        let rows: Vec<_> = self.0.rows().collect();
        let mut b = ColumnBuilder::default();
        b.text("area_code", rows.iter().map(|r| Some(r.area.clone())));
        b.text("metric_id", rows.iter().map(|r| Some(r.metric.clone())));
        b.text("period", rows.iter().map(|r| Some(r.period.to_string())));
        b.decimal("value", rows.iter().map(|r| r.value));
        b.decimal("numerator", rows.iter().map(|r| r.numerator));
        b.decimal("denominator", rows.iter().map(|r| r.denominator));
        b.finish()
    }
}

/// Columns named by pandas for its index are not data and are left out.
fn is_pandas_index(name: &str) -> bool {
    name.starts_with("__index_level_") && name.ends_with("__")
}

/// One observation column of a batch as the loader reads it.
pub enum Column {
    /// Text (Arrow's `Utf8`), read in place.
    Utf8(StringArray),
    /// Large text (pandas' strings).
    LargeUtf8(LargeStringArray),
    /// Text views (polars' strings).
    Utf8View(StringViewArray),
    /// Floats, for the number columns.
    Float(Float64Array),
    /// Integers, for the number columns.
    Integer(Int64Array),
}

impl Column {
    /// Reads an Arrow column: text in place; for a number column (`numeric`) floats and
    /// integers as such; anything else cast to text, or refused by `refuse`.
    fn read(array: &ArrayRef, numeric: bool, refuse: impl Fn(String) -> PyErr) -> PyResult<Column> {
        let cast = |to: &DataType| arrow_cast::cast(array, to).map_err(|e| refuse(format!("not readable: {e}")));
        Ok(match array.data_type() {
            DataType::Utf8 => Column::Utf8(array.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Column::LargeUtf8(array.as_string::<i64>().clone()),
            DataType::Utf8View => Column::Utf8View(array.as_string_view().clone()),
            DataType::Float64 if numeric => Column::Float(array.as_primitive::<Float64Type>().clone()),
            DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
                if numeric =>
            {
                Column::Integer(cast(&DataType::Int64)?.as_primitive::<Int64Type>().clone())
            }
            // Narrower floats print their own shortest text; wide integers and decimals are
            // exact as text; so is everything else a frame may hold.
            _ => Column::Utf8(cast(&DataType::Utf8)?.as_string::<i32>().clone()),
        })
    }

    fn len(&self) -> usize {
        match self {
            Column::Utf8(a) => a.len(),
            Column::LargeUtf8(a) => a.len(),
            Column::Utf8View(a) => a.len(),
            Column::Float(a) => a.len(),
            Column::Integer(a) => a.len(),
        }
    }

    /// Row `i` as a number cell; a null is absent.
    fn cell(&self, i: usize) -> Cell<'_> {
        match self {
            Column::Float(a) if a.is_valid(i) => Cell::Float(a.value(i)),
            Column::Integer(a) if a.is_valid(i) => Cell::Integer(a.value(i)),
            Column::Float(_) | Column::Integer(_) => Cell::Absent,
            text => Cell::Text(text.text(i)),
        }
    }

    /// Row `i` as text; empty for a null (or a number, which code columns never hold).
    fn text(&self, i: usize) -> &str {
        match self {
            Column::Utf8(a) if a.is_valid(i) => a.value(i),
            Column::LargeUtf8(a) if a.is_valid(i) => a.value(i),
            Column::Utf8View(a) if a.is_valid(i) => a.value(i),
            _ => "",
        }
    }
}

/// The observation columns of one batch, in the order of [`COLUMNS`]; absent ones `None`.
pub type Columns = [Option<Column>; 6];

/// The columns of an Arrow table, batch by batch, in the order of [`COLUMNS`]: codes as text,
/// numbers typed where their type allows, else as text.
fn arrow_columns(table: PyTable, source_name: &str) -> PyResult<Vec<Columns>> {
    let (batches, schema) = table.into_inner();
    let names: Vec<(usize, &str)> = schema
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| (i, f.name().as_str()))
        .filter(|(_, n)| !is_pandas_index(n))
        .collect();
    let positions = column_positions(names.iter().map(|(_, n)| *n), source_name).or_raise()?;
    let mut out = Vec::with_capacity(batches.len());
    for batch in &batches {
        let mut columns: Columns = Default::default();
        for (slot, (position, number)) in columns.iter_mut().zip(positions.into_iter().zip(NUMBER_COLUMNS)) {
            let Some(&(index, name)) = position.and_then(|p| names.get(p)) else { continue };
            let array = batch.column(index);
            let refuse = |reason: String| {
                bad_data(DataKind::Observations, source_name, name, array.data_type().to_string(), reason)
            };
            *slot = Some(Column::read(array, number, refuse)?);
        }
        out.push(columns);
    }
    Ok(out)
}

/// The text of one Python value in a dict-of-lists column; `None` is absent.
fn cell_text(value: &Bound<'_, PyAny>, column: &str, row: usize) -> PyResult<Option<String>> {
    if value.is_none() {
        return Ok(None);
    }
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!("{column}[{row}]: a bool is not a value")));
    }
    if value.is_instance_of::<PyFloat>() {
        // The shortest text that reads back as the same float: what Python's repr shows.
        let x: f64 = value.extract()?;
        return Ok(Some(x.to_string()));
    }
    if value.is_instance_of::<PyString>() {
        return Ok(Some(value.extract()?));
    }
    Ok(Some(value.str()?.to_string()))
}

/// Text columns from a dict of lists, in the order of [`COLUMNS`].
fn dict_columns(dict: &Bound<'_, PyDict>, source_name: &str) -> PyResult<Columns> {
    let names: Vec<String> = dict.keys().iter().map(|k| k.extract()).collect::<PyResult<_>>()?;
    let positions = column_positions(names.iter().map(String::as_str), source_name).or_raise()?;
    let mut columns: Columns = Default::default();
    let mut length = None;
    for (slot, position) in columns.iter_mut().zip(positions) {
        let Some(p) = position else { continue };
        let Some(name) = names.get(p) else { continue };
        let values = dict
            .get_item(name)?
            .ok_or_else(|| bad_data(DataKind::Observations, source_name, name, "", "the column vanished"))?;
        let list =
            values.cast::<PyList>().map_err(|_| PyTypeError::new_err(format!("column {name:?} must be a list")))?;
        let expected = *length.get_or_insert(list.len());
        if expected != list.len() {
            return Err(bad_data(
                DataKind::Observations,
                source_name,
                name,
                list.len().to_string(),
                format!("the column has {} values; earlier columns have {expected}", list.len()),
            ));
        }
        let texts: Vec<Option<String>> =
            list.iter().enumerate().map(|(row, v)| cell_text(&v, name, row + 1)).collect::<PyResult<_>>()?;
        *slot = Some(Column::Utf8(StringArray::from(texts)));
    }
    Ok(columns)
}

/// Row `i` of the chunks, counted across them, as the loader's typed fields; `starts` holds
/// each chunk's first row.
fn field_row<'a>(chunks: &'a [Columns], starts: &[usize], i: usize) -> FieldRow<'a> {
    let chunk = starts.partition_point(|&start| start <= i).saturating_sub(1);
    let (c, i) = (&chunks[chunk], i - starts[chunk]);
    let text = |k: usize| c[k].as_ref().map_or("", |c| c.text(i));
    let cell = |k: usize| c[k].as_ref().map_or(Cell::Absent, |c| c.cell(i));
    FieldRow {
        area_code: text(0),
        metric_id: text(1),
        period: text(2),
        value: cell(3),
        numerator: cell(4),
        denominator: cell(5),
    }
}

/// The number of rows of a chunk.
fn chunk_len(chunk: &Columns) -> usize {
    chunk.iter().flatten().map(Column::len).next().unwrap_or(0)
}

/// The number of rows in the chunks, and row `i` counted across them, as the core's readers
/// take rows by number.
fn indexed_rows<'a>(chunks: &'a [Columns]) -> (usize, impl Fn(usize) -> FieldRow<'a> + Sync) {
    let mut starts = Vec::with_capacity(chunks.len());
    let mut count = 0;
    for chunk in chunks {
        starts.push(count);
        count += chunk_len(chunk);
    }
    (count, move |i| field_row(chunks, &starts, i))
}

fn checked(py: Python<'_>, chunks: &[Columns], catalogue: &Catalogue<'_>, source_name: &str) -> PyResult<Observations> {
    let (count, row) = indexed_rows(chunks);
    py.detach(|| Observations::from_indexed_rows(count, row, catalogue, source_name)).or_raise()
}

/// The chunks' rows read for a reprojection, as loading reads them.
pub fn reproject_rows(py: Python<'_>, chunks: &[Columns], source_name: &str) -> PyResult<Vec<Observation>> {
    let (count, row) = indexed_rows(chunks);
    py.detach(|| ics_outcomes::vintage::rows_from_fields(count, row, source_name)).or_raise()
}

/// Observations from any supported Python object, checked against `catalogue`; an
/// `Observations` is used as it is, without a copy.
pub fn observations<'a>(obj: &'a Bound<'_, PyAny>, catalogue: &Catalogue<'_>) -> PyResult<Cow<'a, Observations>> {
    let py = obj.py();
    if let Ok(given) = obj.cast::<PyObservations>() {
        return Ok(Cow::Borrowed(&given.get().0));
    }
    let (chunks, name) = typed_columns(obj)?;
    checked(py, &chunks, catalogue, &name).map(Cow::Owned)
}

/// The observation columns of a frame or dict of lists in chunks, in the order of
/// [`COLUMNS`] (absent ones `None`), numbers typed where their type allows, with the source's
/// name for errors.
pub fn typed_columns(obj: &Bound<'_, PyAny>) -> PyResult<(Vec<Columns>, String)> {
    if let Ok(dict) = obj.cast::<PyDict>() {
        return Ok((vec![dict_columns(dict, "<dict>")?], "<dict>".into()));
    }
    if obj.hasattr("__arrow_c_stream__")? || obj.hasattr("__arrow_c_array__")? {
        // A record batch (`__arrow_c_array__`) as engines hand them out, or a stream.
        let name = format!("<{}>", obj.get_type().name()?);
        // The exporter itself may fail (pandas cannot type a column of integers beyond 64
        // bits); that is the data's problem, reported as such.
        let table: PyTable =
            obj.extract::<AnyRecordBatch>().and_then(|batches| Ok(batches.into_table()?)).map_err(|e| {
                bad_data(
                    DataKind::Observations,
                    &name,
                    "observations",
                    obj.get_type().to_string(),
                    format!("no Arrow table: {e}"),
                )
            })?;
        return Ok((arrow_columns(table, &name)?, name));
    }
    Err(PyTypeError::new_err(format!(
        "observations must be an Observations, a pandas or polars DataFrame, a pyarrow Table or RecordBatch, an object \
         with __arrow_c_stream__ or __arrow_c_array__, or a dict of lists with the columns {}; got {}",
        COLUMNS.join(", "),
        obj.get_type().name()?
    )))
}

/// The columns `names` of an Arrow table as text, row by row (`None` for a null cell or a
/// column the table lacks), for the core to read as it reads a file; a column Arrow cannot
/// cast to text is refused by `refuse(column, reason)`.
pub fn named_text_rows<const N: usize>(
    table: PyTable,
    names: [&str; N],
    refuse: impl Fn(&str, String) -> PyErr,
) -> PyResult<Vec<[Option<String>; N]>> {
    let (batches, schema) = table.into_inner();
    let mut rows = Vec::new();
    for batch in &batches {
        let mut columns = Vec::with_capacity(N);
        for name in names {
            let column = match schema.index_of(name) {
                Ok(index) => Some(
                    arrow_cast::cast(batch.column(index), &DataType::Utf8)
                        .map_err(|e| refuse(name, format!("not readable as text: {e}")))?,
                ),
                Err(_) => None,
            };
            columns.push(column);
        }
        for i in 0..batch.num_rows() {
            rows.push(std::array::from_fn(|j| {
                let text = columns[j].as_ref()?.as_string::<i32>();
                text.is_valid(i).then(|| text.value(i).to_owned())
            }));
        }
    }
    Ok(rows)
}
