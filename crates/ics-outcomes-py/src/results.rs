//! Results as Python objects: the scorecard and one ICS's explanation. Each table is built
//! once as an Arrow record batch (decimals as `decimal128`, never floats) and served from
//! there: through the Arrow PyCapsule interface, as pyarrow, pandas or polars frames, or
//! as plain rows for display.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Int32Type, Int64Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Decimal128Array, DictionaryArray, Int32Array, Int64Array, RecordBatch, StringArray,
    StructArray,
};
use arrow_schema::{DataType, Field, Schema};
use ics_outcomes::disclosure::{ProtectedExplanation, PublicStatus};
use ics_outcomes::record::RunRecord;
use ics_outcomes::table::{ColumnType, Labels, Table, TableKind, Values};
use ics_outcomes::{AreaScore, Period, Scorecard};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict};
use pyo3_arrow::PyTable;
use pyo3_arrow::ffi::{ArrayIterator, to_stream_pycapsule};
use rust_decimal::Decimal;

use crate::convert::{Int, name_of};
use crate::errors::{OrRaise, bad_argument};
use ics_outcomes::composite::{RankUncertaintyOptions, rank_uncertainty_until};

/// Arrow's widest decimal holds 38 digits.
const PRECISION: u8 = 38;

/// A unit variant of a serde enum from its snake_case name.
fn named<T: serde::de::DeserializeOwned>(argument: &str, text: &str) -> PyResult<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| bad_argument(argument, text, e.to_string()))
}

/// Columns of one table, built in order.
#[derive(Default)]
pub struct ColumnBuilder {
    fields: Vec<Field>,
    arrays: Vec<ArrayRef>,
}

/// `d` as a mantissa at `scale` places (rounding half away from zero when `d` has more),
/// if it fits in [`PRECISION`] digits.
fn mantissa_at(d: Decimal, scale: u32) -> Option<i128> {
    let rounded = d.round_dp(scale);
    let m = rounded.mantissa().checked_mul(10i128.checked_pow(scale - rounded.scale())?)?;
    (m.unsigned_abs() < 10u128.pow(u32::from(PRECISION))).then_some(m)
}

impl ColumnBuilder {
    fn push(&mut self, name: &str, array: ArrayRef) {
        self.fields.push(Field::new(name, array.data_type().clone(), true));
        self.arrays.push(array);
    }

    /// A text column.
    pub fn text<S: AsRef<str>>(&mut self, name: &str, values: impl Iterator<Item = Option<S>>) {
        self.push(name, Arc::new(values.collect::<StringArray>()));
    }

    /// A label column as a dictionary (`int32` keys, whatever the data, so a declared
    /// schema holds for every batch): pandas and polars read it as a categorical.
    pub fn labels(&mut self, name: &str, labels: &Labels) {
        let keys: Int32Array = labels.keys.iter().map(|k| k.and_then(|k| i32::try_from(k).ok())).collect();
        let values = Arc::new(labels.labels.iter().map(Some).collect::<StringArray>());
        match DictionaryArray::<Int32Type>::try_new(keys, values) {
            Ok(array) => self.push(name, Arc::new(array)),
            // Keys beyond the labels would be a defect of the core; plain text says the same.
            Err(_) => self.text(name, (0..labels.keys.len()).map(|row| labels.get(row))),
        }
    }

    /// A decimal column at the largest scale of its values that keeps every value within
    /// 38 digits (in practice, every value exactly).
    pub fn decimal(&mut self, name: &str, values: impl Iterator<Item = Option<Decimal>>) {
        let array = decimal_array(values.collect());
        self.push(name, Arc::new(array));
    }

    /// A column of lists of decimals (`list<decimal128>`), the elements at one scale as
    /// [`decimal`](Self::decimal) chooses it.
    pub fn decimal_lists(&mut self, name: &str, lists: &[Option<Vec<Option<Decimal>>>]) {
        let flat: Vec<Option<Decimal>> = lists.iter().flatten().flatten().copied().collect();
        let items = decimal_array(flat);
        let lengths = lists.iter().map(|l| l.as_ref().map_or(0, Vec::len));
        let offsets = arrow_buffer::OffsetBuffer::<i32>::from_lengths(lengths);
        let nulls = arrow_buffer::NullBuffer::from(lists.iter().map(Option::is_some).collect::<Vec<_>>());
        let field = Arc::new(Field::new("item", items.data_type().clone(), true));
        match arrow_array::ListArray::try_new(field, offsets, Arc::new(items), Some(nulls)) {
            Ok(array) => self.push(name, Arc::new(array)),
            Err(e) => self.text(name, std::iter::once(Some(e.to_string())).cycle().take(lists.len())),
        }
    }
}

/// Decimals as one `decimal128` array at the largest scale that keeps every value within 38
/// digits; all missing when none does.
fn decimal_array(values: Vec<Option<Decimal>>) -> Decimal128Array {
    {
        let widest = values.iter().flatten().map(|d| d.scale()).max().unwrap_or(0);
        let fitted = (0..=widest).rev().find_map(|scale| {
            let mantissas: Option<Vec<Option<i128>>> =
                values.iter().map(|v| v.map(|d| mantissa_at(d, scale)).map_or(Some(None), |m| m.map(Some))).collect();
            Some((scale, mantissas?))
        });
        let (scale, mantissas) = fitted.unwrap_or((0, vec![None; values.len()]));
        Decimal128Array::from(mantissas)
            .with_precision_and_scale(PRECISION, scale as i8)
            .unwrap_or_else(|_| Decimal128Array::from(vec![None::<i128>; values.len()]))
    }
}

impl ColumnBuilder {
    /// A count column: `int64`, the one integer type every engine reads (Spark has no
    /// unsigned types).
    pub fn count(&mut self, name: &str, values: impl Iterator<Item = Option<u64>>) {
        self.push(name, Arc::new(values.map(|v| v.and_then(|n| i64::try_from(n).ok())).collect::<Int64Array>()));
    }

    /// A signed whole-number column.
    pub fn integer(&mut self, name: &str, values: impl Iterator<Item = Option<i64>>) {
        self.push(name, Arc::new(values.collect::<Int64Array>()));
    }

    /// A float column.
    pub fn float(&mut self, name: &str, values: impl Iterator<Item = Option<f64>>) {
        self.push(name, Arc::new(values.collect::<arrow_array::Float64Array>()));
    }

    /// A yes/no column.
    pub fn flag(&mut self, name: &str, values: impl Iterator<Item = Option<bool>>) {
        self.push(name, Arc::new(values.collect::<BooleanArray>()));
    }

    /// The finished table.
    pub fn finish(self) -> PyResult<RecordBatch> {
        RecordBatch::try_new(Arc::new(Schema::new(self.fields)), self.arrays)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// The Arrow type of a core column type, as declared before data arrives: decimals at
/// [`DECLARED_SCALE`] places (a table's own batch uses the places its values need).
pub fn arrow_type(kind: ColumnType) -> DataType {
    match kind {
        ColumnType::Text => DataType::Utf8,
        ColumnType::Decimal => DataType::Decimal128(PRECISION, DECLARED_SCALE),
        ColumnType::Count | ColumnType::Integer => DataType::Int64,
        ColumnType::Float => DataType::Float64,
        ColumnType::Flag => DataType::Boolean,
        ColumnType::DecimalList => {
            DataType::List(Arc::new(Field::new("item", DataType::Decimal128(PRECISION, DECLARED_SCALE), true)))
        }
    }
}

/// The places of a declared decimal column: every score a `Decimal` holds, to 28 places.
pub const DECLARED_SCALE: i8 = 28;

/// The schema of a table kind, known before any data: the engines declare it.
pub fn declared_schema(kind: TableKind) -> Schema {
    Schema::new(kind.columns().iter().map(|c| Field::new(c.name, arrow_type(c.kind), true)).collect::<Vec<_>>())
}

/// A core table as one Arrow batch, column for column.
pub fn batch_of(table: &Table) -> PyResult<RecordBatch> {
    let mut b = ColumnBuilder::default();
    for (spec, values) in table.columns() {
        match values {
            Values::Text(v) => b.text(spec.name, v.iter().map(Option::as_deref)),
            Values::Decimal(v) => b.decimal(spec.name, v.iter().copied()),
            Values::Count(v) => b.count(spec.name, v.iter().copied()),
            Values::Integer(v) => b.integer(spec.name, v.iter().copied()),
            Values::Float(v) => b.float(spec.name, v.iter().copied()),
            Values::Flag(v) => b.flag(spec.name, v.iter().copied()),
            Values::Labels(v) => b.labels(spec.name, v),
            Values::DecimalList(v) => b.decimal_lists(spec.name, v),
        }
    }
    b.finish()
}

/// An Arrow C stream capsule over one batch, for `__arrow_c_stream__`.
pub fn export_stream<'py>(
    py: Python<'py>,
    batch: RecordBatch,
    requested_schema: Option<Bound<'py, PyCapsule>>,
) -> PyResult<Bound<'py, PyCapsule>> {
    // The schema's metadata (a run record) rides on the stream's top-level field.
    let schema = batch.schema();
    let field =
        Arc::new(Field::new_struct("", schema.fields().clone(), false).with_metadata(schema.metadata().clone()));
    let arrays = std::iter::once(Ok(Arc::new(StructArray::from(batch)) as ArrayRef));
    Ok(to_stream_pycapsule(py, Box::new(ArrayIterator::new(arrays, field)), requested_schema)?)
}

/// One batch as a `pyarrow.Table`.
pub fn to_pyarrow(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyAny>> {
    let schema = batch.schema();
    PyTable::try_new(vec![batch], schema)?.into_pyarrow(py)
}

/// Calls a frame helper of the Python package (pandas and polars are imported there, on
/// first use).
pub fn frames<'py>(obj: &Bound<'py, PyAny>, helper: &str) -> PyResult<Bound<'py, PyAny>> {
    obj.py().import("ics_outcomes._frames")?.call_method1(helper, (obj,))
}

/// Calls an HTML helper of the Python package, where notebook display is written.
pub fn display(obj: &Bound<'_, PyAny>, helper: &str) -> PyResult<String> {
    obj.py().import("ics_outcomes._display")?.call_method1(helper, (obj,))?.extract()
}

/// A column value back as a `Decimal`. The column's scale may exceed the value's own;
/// every value began as a `Decimal`, so dropping trailing zeros recovers it exactly.
fn from_column(mut mantissa: i128, mut scale: u32) -> Option<Decimal> {
    loop {
        if let Ok(d) = Decimal::try_from_i128_with_scale(mantissa, scale) {
            return Some(d);
        }
        if scale == 0 || mantissa % 10 != 0 {
            return None;
        }
        mantissa /= 10;
        scale -= 1;
    }
}

/// The rows of a batch as dicts of Python values (`decimal.Decimal` for decimals).
pub fn rows<'py>(py: Python<'py>, batch: &RecordBatch) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let schema = batch.schema();
    let mut out: Vec<Bound<'py, PyDict>> = (0..batch.num_rows()).map(|_| PyDict::new(py)).collect();
    for (field, column) in schema.fields().iter().zip(batch.columns()) {
        for (i, row) in out.iter_mut().enumerate() {
            let name = field.name().as_str();
            if column.is_null(i) {
                row.set_item(name, py.None())?;
                continue;
            }
            match column.data_type() {
                DataType::Utf8 => row.set_item(name, column.as_string::<i32>().value(i))?,
                DataType::UInt64 => row.set_item(name, column.as_primitive::<UInt64Type>().value(i))?,
                DataType::Int64 => row.set_item(name, column.as_primitive::<Int64Type>().value(i))?,
                DataType::Float64 => {
                    row.set_item(name, column.as_primitive::<arrow_array::types::Float64Type>().value(i))?
                }
                DataType::Boolean => row.set_item(name, column.as_boolean().value(i))?,
                DataType::Decimal128(_, scale) => {
                    let m = column.as_primitive::<Decimal128Type>().value(i);
                    let d = from_column(m, u32::try_from(*scale).unwrap_or(0)).ok_or_else(|| {
                        PyValueError::new_err(format!("column {name}: {m}e-{scale} is not a Decimal"))
                    })?;
                    row.set_item(name, d)?
                }
                DataType::List(_) => {
                    let items = column.as_list::<i32>().value(i);
                    let DataType::Decimal128(_, scale) = items.data_type() else {
                        return Err(PyValueError::new_err(format!("column {name}: a list of {}", items.data_type())));
                    };
                    let scale = u32::try_from(*scale).unwrap_or(0);
                    let decimals = items.as_primitive::<Decimal128Type>();
                    let list: Vec<Option<Decimal>> = (0..decimals.len())
                        .map(|k| (!decimals.is_null(k)).then(|| from_column(decimals.value(k), scale)).flatten())
                        .collect();
                    row.set_item(name, list)?
                }
                other => return Err(PyValueError::new_err(format!("column {name}: unexpected type {other}"))),
            }
        }
    }
    Ok(out)
}

/// A core document (settings, a run record, a JSON Schema) as plain Python dicts and lists.
pub fn document<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    py.import("json")?.call_method1("loads", (json,))
}

/// Every ICS's score, rank and explanation for one period.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
/// ...                  ico.default_observations())
/// >>> len(card), card.period, card.framework
/// (36, '2026/27 Q4', ('ics-national-2026-27', '2026/27.1'))
/// >>> card.rows()[0]["ods"]
/// 'QUY'
#[pyclass(module = "ics_outcomes", name = "Scorecard", frozen)]
pub struct PyScorecard(pub Scorecard, pub RunRecord);

impl PyScorecard {
    fn batch(&self) -> PyResult<RecordBatch> {
        with_record(batch_of(&self.0.table())?, &self.1)
    }
}

/// The schema metadata key of a run record: it travels with the table into pandas, polars
/// and Parquet.
pub const RECORD_KEY: &str = "ics_outcomes.run";

/// A batch carrying `record` as schema metadata (the record's JSON under [`RECORD_KEY`]).
pub fn with_record(batch: RecordBatch, record: &RunRecord) -> PyResult<RecordBatch> {
    let json = serde_json::to_string(record).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let metadata = [(RECORD_KEY.to_owned(), json)].into_iter().collect();
    let schema = Arc::new(batch.schema().as_ref().clone().with_metadata(metadata));
    batch.with_schema(schema).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A run record from what Python holds: its JSON, a dict of it, a `Scorecard`, or a pyarrow
/// table or schema carrying it as metadata.
pub fn read_record(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<RunRecord> {
    if let Ok(card) = obj.cast::<PyScorecard>() {
        return Ok(card.get().1.clone());
    }
    let text: String = if let Ok(text) = obj.extract::<String>() {
        text
    } else if obj.is_instance_of::<PyDict>() {
        py.import("json")?.call_method1("dumps", (obj,))?.extract()?
    } else {
        // A pyarrow schema, or a table with one: the record is in its metadata.
        let schema = if obj.hasattr("metadata")? { Some(obj.clone()) } else { obj.getattr("schema").ok() };
        let metadata = schema.and_then(|s| s.getattr("metadata").ok()).filter(|m| !m.is_none());
        let value = metadata.and_then(|m| m.get_item(RECORD_KEY.as_bytes()).ok());
        let Some(text) = value.and_then(|v| v.extract::<Vec<u8>>().ok()) else {
            return Err(bad_argument(
                "record",
                obj.get_type().name()?.to_string(),
                "no run record: give a result, its record (a dict or JSON), or a table carrying it",
            ));
        };
        String::from_utf8_lossy(&text).into_owned()
    };
    RunRecord::from_json(&text, "record").or_raise()
}

table_methods!(PyScorecard, "\
>>> import ics_outcomes as ico
>>> table = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
...                   ico.default_observations())" {
    /// The period judged, e.g. `2025/26 Q4`.
    #[getter]
    fn period(&self) -> String {
        self.0.period.to_string()
    }

    /// The national framework's id and version.
    #[getter]
    fn framework(&self) -> (String, String) {
        self.0.framework.clone()
    }

    /// How this scorecard was made: library version, settings, a digest of each input, the
    /// vintage and the result's digest; `ico.replay` re-runs it. It also travels in the
    /// Arrow schema metadata (`ics_outcomes.run`).
    #[getter]
    fn record<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        document(py, &self.1)
    }

    /// The settings used: period, weighting, missing-data rule and area level.
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        document(py, &self.0.options)
    }

    /// The data's label; for the embedded default, that it is synthetic.
    #[getter]
    fn data_label(&self) -> Option<&str> {
        self.0.data_label.as_deref()
    }

    fn __len__(&self) -> usize {
        self.0.areas.len()
    }

    /// Every contribution to one ICS's score (by ONS or ODS code).
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
    /// ...                  ico.default_observations())
    /// >>> ex = card.explain("QOP")
    /// >>> ex
    /// Explanation(NHS Greater Manchester Integrated Care Board (QOP), 2026/27 Q4: overall 0.3583 from
    /// 18 contributions)
    /// >>> sum(row["contribution"] for row in ex.rows()) == ex.overall
    /// True
    fn explain(&self, code: &str) -> PyResult<PyExplanation> {
        let area = self.0.area(code).or_raise()?.clone();
        Ok(PyExplanation { area, period: self.0.period, data_label: self.0.data_label.clone(), disclosure: None })
    }

    /// Every target of every ICS, one row each in league-table order (`code`, `ods`,
    /// `rank`, then the explanation's columns: attainment, contribution, the comparison with
    /// England, and the SPC `variation` and `assurance`): a `targets` table.
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
    /// ...                  ico.default_observations())
    /// >>> targets = card.targets()
    /// >>> targets
    /// ResultTable(targets, 557 rows)
    /// >>> targets.columns[0], targets.columns[1], targets.columns[2]
    /// ('code', 'ods', 'rank')
    fn targets(&self) -> PyResultTable {
        PyResultTable::from(self.0.targets_table())
    }

    /// Each ICS's rank with its 90 % interval (`rank_q5` to `rank_q95`), median and mean
    /// rank and mean absolute shift over `replications` (default 1,000) that add noise of
    /// ±`weight_noise` to every priority and target weight, draw the weighting policy from
    /// `policies` (default: the three equal-weight policies) and score attainment as in
    /// `scoring` (default: as defined, and binary). Seeded: the same seed gives the same
    /// table. A `rank_uncertainty` table in league-table order, with its run record. `n` is
    /// the old name of `replications`, deprecated.
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
    /// ...                  ico.default_observations())
    /// >>> ranks = card.uncertainty(replications=200, seed=7)
    /// >>> ranks
    /// ResultTable(rank_uncertainty, 36 rows)
    /// >>> ranks.columns[0], ranks.columns[2], ranks.columns[3]
    /// ('rank', 'rank_q5', 'rank_q95')
    /// >>> card.uncertainty(replications=200, seed=7).rows() == ranks.rows()
    /// True
    #[pyo3(
        signature = (n = None, seed = Int(Ok(1)), weight_noise = None, policies = None, scoring = None, *, replications = None),
        text_signature = "($self, n=None, seed=1, weight_noise=None, policies=None, scoring=None, *, replications=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn uncertainty<'py>(
        &self,
        py: Python<'py>,
        n: Option<Int>,
        seed: Int,
        weight_noise: Option<Bound<'py, PyAny>>,
        policies: Option<Vec<String>>,
        scoring: Option<Vec<String>>,
        replications: Option<Int>,
    ) -> PyResult<PyResultTable> {
        let replications = match (replications, n) {
            (Some(_), Some(_)) => return Err(bad_argument("n", "given", "give replications only (n is its old name)")),
            (Some(count), None) => count.get("replications")?,
            (None, Some(count)) => {
                let warning = py.get_type::<pyo3::exceptions::PyDeprecationWarning>();
                PyErr::warn(py, &warning, c"uncertainty(n=...) is now uncertainty(replications=...)", 1)?;
                count.get("n")?
            }
            (None, None) => RankUncertaintyOptions::default().replications,
        };
        let mut options = RankUncertaintyOptions {
            replications,
            seed: seed.get("seed")?,
            ..RankUncertaintyOptions::default()
        };
        if let Some(noise) = weight_noise {
            options.weight_noise = crate::convert::decimal(&noise, "weight_noise")?;
        }
        if let Some(policies) = policies {
            options.policies = policies.iter().map(|p| named("policies", p)).collect::<PyResult<_>>()?;
        }
        if let Some(scoring) = scoring {
            options.scoring = scoring.iter().map(|s| named("scoring", s)).collect::<PyResult<_>>()?;
        }
        // Ctrl-C arrives while the replications run, not when they end.
        let mut interrupted = None;
        let ranks = py.detach(|| {
            rank_uncertainty_until(&self.0, &options, &mut || {
                Python::attach(|py| py.check_signals()).map_err(|e| interrupted = Some(e)).is_ok()
            })
        });
        if let Some(error) = interrupted {
            return Err(error);
        }
        let Some(ranks) = ranks.or_raise()? else {
            return Err(pyo3::exceptions::PyKeyboardInterrupt::new_err("interrupted"));
        };
        let record = ics_outcomes::record::uncertainty_record(&self.1, &ranks);
        Ok(PyResultTable(ranks.table(), Some(record)))
    }

    /// Icons as data: every target of every ICS read the Making Data Count way, one row each
    /// (value, requirement and trajectory point, `variation` and `assurance`, the rules that
    /// fired, process limits, trial limits, the latest values, suppression and notes): an
    /// `icon_summary` table.
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
    /// ...                  ico.default_observations())
    /// >>> summary = card.summary()
    /// >>> summary
    /// ResultTable(icon_summary, 557 rows)
    /// >>> "variation" in summary.columns and "assurance" in summary.columns
    /// True
    fn summary(&self) -> PyResultTable {
        PyResultTable::from(ics_outcomes::report::icon_summary(&self.0))
    }

    /// One ICS's integrated performance report (by ONS or ODS code): a self-contained HTML
    /// page shown inline in Jupyter, `.save("qop.html")` or `.save("qop.xlsx")`. `previous`
    /// (the scorecard of the period before) gives the change; `oversight` (from
    /// `ico.oversight.ics`) and `maturity` (a `MaturityReport`) add their sections;
    /// `suppress` applies disclosure control to everything shown; `replications` (0 for none)
    /// sets the rank's uncertainty interval.
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
    /// ...                  ico.default_observations())
    /// >>> report = card.report("QOP", replications=0)
    /// >>> report
    /// Report(QOP, ... bytes of HTML)
    /// >>> sorted(report.tables)
    /// ['explanation', 'summary']
    #[pyo3(
        signature = (code, *, previous=None, oversight=None, maturity=None, suppress=None, round_to=None, replications=Int(Ok(200))),
        text_signature = "($self, code, *, previous=None, oversight=None, maturity=None, suppress=None, round_to=None, replications=200)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn report(
        &self,
        py: Python<'_>,
        code: &str,
        previous: Option<PyRef<'_, PyScorecard>>,
        oversight: Option<PyRef<'_, crate::oversight::PyIcsOversight>>,
        maturity: Option<PyRef<'_, crate::maturity::PyMaturityReport>>,
        suppress: Option<Int>,
        round_to: Option<Int>,
        replications: Int,
    ) -> PyResult<crate::report::PyReport> {
        crate::report::area_report(py, self, code, previous, oversight, maturity, suppress, round_to, replications)
    }

    /// The charts of this scorecard, drawn with matplotlib: `card.plot.heatmap()`,
    /// `card.plot.spine("QOP")`.
    #[getter]
    fn plot<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("ics_outcomes.plot")?.getattr("ScorecardPlots")?.call1((slf,))
    }

    /// The league table for reading: a pandas DataFrame indexed by rank with the main
    /// columns.
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
    /// ...                  ico.default_observations())
    /// >>> table = card.league_table()
    /// >>> table.index.name, len(table)
    /// ('rank', 36)
    /// >>> table.loc[1, "ods"]
    /// 'QUY'
    fn league_table<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        frames(slf.as_any(), "league_table")
    }

    fn __repr__(&self) -> String {
        let leader =
            self.0.areas.first().map(|a| format!("; leader {} ({})", a.name, a.alt_code.as_deref().unwrap_or(&a.code)));
        let label = self.0.data_label.as_ref().map(|l| format!(" [{l}]")).unwrap_or_default();
        format!("Scorecard({} areas, {}{}){label}", self.0.areas.len(), self.0.period, leader.unwrap_or_default())
    }

    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        display(slf.as_any(), "scorecard_html")
    }
});

/// One ICS's contributions: they add up exactly to its overall score.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
/// ...                  ico.default_observations())
/// >>> ex = card.explain("QOP")
/// >>> ex.name, ex.rank, ex.period
/// ('NHS Greater Manchester Integrated Care Board', 18, '2026/27 Q4')
/// >>> sum(row["contribution"] for row in ex.rows()) == ex.overall
/// True
#[pyclass(module = "ics_outcomes", name = "Explanation", frozen)]
pub struct PyExplanation {
    area: AreaScore,
    period: Period,
    data_label: Option<String>,
    /// Each contribution's public disclosure status, when disclosure control was applied.
    disclosure: Option<Vec<PublicStatus>>,
}

impl PyExplanation {
    fn batch(&self) -> PyResult<RecordBatch> {
        batch_of(&match &self.disclosure {
            None => self.area.table(),
            Some(status) => self.area.protected_table(status),
        })
    }

    /// The area explained.
    pub(crate) fn area(&self) -> &AreaScore {
        &self.area
    }

    /// The same explanation after disclosure control.
    pub(crate) fn protected(&self, protected: ProtectedExplanation) -> Self {
        PyExplanation {
            area: protected.area,
            period: self.period,
            data_label: self.data_label.clone(),
            disclosure: Some(protected.status.iter().map(|s| s.public(&protected.rule)).collect()),
        }
    }
}

impl crate::pickle::Pickled for PyScorecard {
    const KIND: &'static str = "Scorecard";
    type State = (Scorecard, RunRecord);

    fn to_state(&self) -> Self::State {
        (self.0.clone(), self.1.clone())
    }

    fn from_state((card, record): Self::State) -> Self {
        PyScorecard(card, record)
    }
}

impl crate::pickle::Pickled for PyExplanation {
    const KIND: &'static str = "Explanation";
    type State = (AreaScore, Period, Option<String>, Option<Vec<PublicStatus>>);

    fn to_state(&self) -> Self::State {
        (self.area.clone(), self.period, self.data_label.clone(), self.disclosure.clone())
    }

    fn from_state((area, period, data_label, disclosure): Self::State) -> Self {
        PyExplanation { area, period, data_label, disclosure }
    }
}

table_methods!(PyExplanation, "\
>>> import ics_outcomes as ico
>>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
...                  ico.default_observations())
>>> table = card.explain(\"QOP\")" {
    /// ONS code.
    #[getter]
    fn code(&self) -> &str {
        &self.area.code
    }

    /// ODS code.
    #[getter]
    fn ods(&self) -> Option<&str> {
        self.area.alt_code.as_deref()
    }

    /// Name.
    #[getter]
    fn name(&self) -> &str {
        &self.area.name
    }

    /// Rank (ties share the best), `None` when nothing could be scored.
    #[getter]
    fn rank(&self) -> Option<usize> {
        self.area.rank
    }

    /// The overall score: exactly the sum of the contributions.
    #[getter]
    fn overall(&self) -> Option<Decimal> {
        self.area.overall
    }

    /// The national tier's score.
    #[getter]
    fn national(&self) -> Option<Decimal> {
        self.area.national
    }

    /// The local tier's score.
    #[getter]
    fn local(&self) -> Option<Decimal> {
        self.area.local
    }

    /// The period judged.
    #[getter]
    fn period(&self) -> String {
        self.period.to_string()
    }

    /// The data's label.
    #[getter]
    fn data_label(&self) -> Option<&str> {
        self.data_label.as_deref()
    }

    /// The exact sum of the weights of the counted targets (`1`), as a fraction.
    #[getter]
    fn total_weight(&self) -> Option<String> {
        self.area.total_weight().map(|w| w.to_string())
    }

    /// Per-priority results: id, tier, weight (a fraction) and score.
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
    /// ...                  ico.default_observations())
    /// >>> card.explain("QOP").priorities()[0]
    /// {'priority': 'elective', 'tier': 'national', 'weight': '1/10', 'score': Decimal('0.25')}
    fn priorities<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.area
            .priorities
            .iter()
            .map(|p| {
                let d = PyDict::new(py);
                d.set_item("priority", &*p.id)?;
                d.set_item("tier", name_of(&p.tier))?;
                d.set_item("weight", p.weight.to_string())?;
                d.set_item("score", p.score)?;
                Ok(d)
            })
            .collect()
    }

    fn __len__(&self) -> usize {
        self.area.contributions.len()
    }

    fn __repr__(&self) -> String {
        let overall = self.area.overall.map_or_else(|| "unscored".to_owned(), |o| o.round_dp(4).to_string());
        format!(
            "Explanation({} ({}), {}: overall {overall} from {} contributions)",
            self.area.name,
            self.area.alt_code.as_deref().unwrap_or(&self.area.code),
            self.period,
            self.area.contributions.len()
        )
    }

    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        display(slf.as_any(), "explanation_html")
    }
});

/// The league order of area scores (row positions best first) and each of those rows'
/// competition rank, as a scorecard orders and ranks its areas; a repeated code is refused.
#[pyfunction]
pub fn league_order(codes: Vec<String>, scores: Vec<Bound<'_, PyAny>>) -> PyResult<(Vec<usize>, Vec<Option<usize>>)> {
    let scores = scores
        .iter()
        .enumerate()
        .map(|(i, s)| crate::convert::opt_decimal(Some(s), &format!("scores[{i}]")))
        .collect::<PyResult<Vec<_>>>()?;
    ics_outcomes::league_order(&codes, &scores).or_raise()
}

/// A result table of the core: its rows through Arrow, as pandas, polars or pyarrow, and
/// for a result that can be replayed its run record (also in the Arrow schema metadata).
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
/// ...                  ico.default_observations())
/// >>> targets = card.targets()
/// >>> targets.kind, len(targets), targets.record is None
/// ('targets', 557, True)
/// >>> ranks = card.uncertainty(replications=100)
/// >>> ranks.kind, ranks.record is not None
/// ('rank_uncertainty', True)
#[pyclass(module = "ics_outcomes", name = "ResultTable", frozen)]
pub struct PyResultTable(pub Table, pub Option<RunRecord>);

impl From<Table> for PyResultTable {
    fn from(table: Table) -> Self {
        PyResultTable(table, None)
    }
}

impl PyResultTable {
    fn batch(&self) -> PyResult<RecordBatch> {
        let batch = batch_of(&self.0)?;
        match &self.1 {
            Some(record) => with_record(batch, record),
            None => Ok(batch),
        }
    }
}

impl crate::pickle::Pickled for PyResultTable {
    const KIND: &'static str = "ResultTable";
    type State = (Table, Option<RunRecord>);

    fn to_state(&self) -> Self::State {
        (self.0.clone(), self.1.clone())
    }

    fn from_state((table, record): Self::State) -> Self {
        PyResultTable(table, record)
    }
}

table_methods!(PyResultTable, "\
>>> import ics_outcomes as ico
>>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
...                  ico.default_observations())
>>> table = card.targets()" {
    /// What the table holds (`prevention`, `scorecard`, ...): a name of `TableKind`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind().name()
    }

    /// The column names, in order.
    #[getter]
    fn columns(&self) -> Vec<&'static str> {
        self.0.kind().columns().iter().map(|c| c.name).collect()
    }

    /// How the result was made, for results `ico.replay` reproduces (a scorecard's rank
    /// uncertainty, a replayed result): library version, settings, input digests, seed and
    /// the result's digest; `None` for the rest.
    #[getter]
    fn record<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.1.as_ref().map(|record| document(py, record)).transpose()
    }

    fn __len__(&self) -> usize {
        self.0.rows()
    }

    fn __repr__(&self) -> String {
        format!("ResultTable({}, {} rows)", self.0.kind(), self.0.rows())
    }
});

/// The schema of a result table (`scorecard`, `targets`, `explanation`, ...) before any
/// data: column names and Arrow types, decimals at 28 places, counts as `int64`.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> schema = ico.table_schema("scorecard")
/// >>> schema.names
/// ['rank', 'code', 'ods', 'name', 'overall', 'national', 'local', 'targets_met', 'targets_on_track',
/// 'targets_judged', 'targets_no_data']
/// >>> schema.field("overall").type
/// Decimal128Type(decimal128(38, 28))
#[pyfunction]
pub fn table_schema(py: Python<'_>, kind: &str) -> PyResult<Py<PyAny>> {
    let kind = TableKind::from_name(kind).or_raise()?;
    Ok(pyo3_arrow::PySchema::new(Arc::new(declared_schema(kind))).into_pyarrow(py)?.unbind())
}

/// The names of every result table and its columns with their core types (`text`,
/// `decimal`, `count`, `float`, `flag`).
#[pyfunction]
pub fn table_kinds() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    TableKind::ALL.iter().map(|k| (k.name(), k.columns().iter().map(|c| (c.name, c.kind.name())).collect())).collect()
}

/// The values each `Literal` alias of `ics_outcomes.options` stands for, as the core names
/// them, so a test can hold every alias to the engine.
#[pyfunction]
pub fn option_values() -> Vec<(&'static str, Vec<String>)> {
    use ics_outcomes::composite::{Aggregator, Imputation, Normaliser};
    use ics_outcomes::oversight::Population;
    use ics_outcomes::prevention::TrajectoryBasis;
    use ics_outcomes::spc::{ChartKind, Improvement, RunsMethod};
    use ics_outcomes::stats::{
        FUNNEL_STATISTICS, FunnelDataType, OutputType, Overdispersion, RateType, RatioMethod, RatioType,
    };
    let texts = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
    vec![
        ("AggregateMethod", texts(Aggregator::NAMES)),
        ("ChartKind", ChartKind::ALL.iter().map(|k| k.as_str().to_owned()).collect()),
        ("FunnelDataType", FunnelDataType::ALL.iter().map(|t| t.name().to_owned()).collect()),
        ("FunnelStatistic", texts(&FUNNEL_STATISTICS)),
        ("FrameworkFormat", ics_outcomes::files::Format::ALL.iter().map(|f| f.name().to_owned()).collect()),
        ("ImputeMethod", texts(Imputation::NAMES)),
        ("Improvement", Improvement::ALL.iter().map(|i| i.as_str().to_owned()).collect()),
        ("NormaliseMethod", texts(Normaliser::NAMES)),
        ("OverdispersionMethod", Overdispersion::ALL.iter().map(|t| t.name().to_owned()).collect()),
        ("OutputType", OutputType::ALL.iter().map(|t| t.name().to_owned()).collect()),
        ("Population", Population::ALL.iter().map(name_of).collect()),
        ("RateType", RateType::ALL.iter().map(|t| t.name().to_owned()).collect()),
        ("RatioMethod", RatioMethod::ALL.iter().map(|t| t.name().to_owned()).collect()),
        ("RatioType", RatioType::ALL.iter().map(|t| t.name().to_owned()).collect()),
        ("ResultTableKind", TableKind::ALL.iter().map(|k| k.name().to_owned()).collect()),
        ("Rounding", ics_outcomes::Rounding::ALL.iter().map(name_of).collect()),
        ("RunsMethod", RunsMethod::ALL.iter().map(|m| m.as_str().to_owned()).collect()),
        ("TrajectoryBasis", TrajectoryBasis::ALL.iter().map(name_of).collect()),
    ]
}
