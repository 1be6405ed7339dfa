//! `ics_outcomes._core`: the Python face of the `ics-outcomes` crate.
//!
//! A translation layer only: it converts Python arguments into core types, calls the
//! core, and converts results and errors back. Every rule lives in the core crate;
//! display and optional frame libraries live in the Python package.

// Docstrings end in Python doctest examples (NumPy style): Markdown reads their `>>>` prompts
// as block quotes that the output lines after them continue lazily.
#![allow(clippy::doc_lazy_continuation)]

/// `#[pymethods]` for a class whose rows form one Arrow table, built by its inherent
/// `batch` method: the class's own methods, then `rows`, the Arrow PyCapsule export
/// (`__arrow_c_stream__`), `to_arrow`, `to_pandas` and `to_polars`. `$setup` is the start of
/// their doctested examples: Python lines that make an instance named `table`.
macro_rules! table_methods {
    ($ty:ty, $setup:literal { $($own:tt)* }) => {
        #[pymethods]
        impl $ty {
            $($own)*

            /// The rows as a list of dicts (decimals as `decimal.Decimal`).
            ///
            /// Examples
            /// --------
            #[doc = $setup]
            /// >>> rows = table.rows()
            /// >>> len(rows) == len(table), list(rows[0]) == table.to_arrow().column_names
            /// (True, True)
            fn rows<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, pyo3::types::PyDict>>> {
                crate::results::rows(py, &self.batch()?)
            }

            #[pyo3(signature = (requested_schema=None))]
            fn __arrow_c_stream__<'py>(
                &self,
                py: Python<'py>,
                requested_schema: Option<Bound<'py, pyo3::types::PyCapsule>>,
            ) -> PyResult<Bound<'py, pyo3::types::PyCapsule>> {
                crate::results::export_stream(py, self.batch()?, requested_schema)
            }

            /// The rows as a `pyarrow.Table` (decimals as `decimal128`).
            ///
            /// Examples
            /// --------
            #[doc = $setup]
            /// >>> arrow = table.to_arrow()
            /// >>> arrow.num_rows == len(table)
            /// True
            fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                crate::results::to_pyarrow(py, self.batch()?)
            }

            /// The rows as a pandas DataFrame (decimals as `decimal.Decimal`).
            ///
            /// Examples
            /// --------
            #[doc = $setup]
            /// >>> frame = table.to_pandas()
            /// >>> len(frame) == len(table), list(frame.columns) == table.to_arrow().column_names
            /// (True, True)
            fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
                crate::results::frames(slf.as_any(), "to_pandas")
            }

            /// The rows as a polars DataFrame.
            ///
            /// Examples
            /// --------
            #[doc = $setup]
            /// >>> frame = table.to_polars()
            /// >>> frame.height == len(table), frame.columns == table.to_arrow().column_names
            /// (True, True)
            fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
                crate::results::frames(slf.as_any(), "to_polars")
            }

            /// Pickles (and deep-copies) through the value's serialized state.
            fn __reduce__<'py>(
                slf: &Bound<'py, Self>,
            ) -> PyResult<(Bound<'py, PyAny>, (&'static str, Bound<'py, pyo3::types::PyBytes>))> {
                let py = slf.py();
                let restore = py.import("ics_outcomes._core")?.getattr("_restore")?;
                let state = crate::pickle::Pickled::state(slf.get())?;
                Ok((restore, (<Self as crate::pickle::Pickled>::KIND, pyo3::types::PyBytes::new(py, &state))))
            }
        }
    };
}

mod composite;
mod convert;
mod data;
mod disclosure;
mod errors;
mod framework;
mod maturity;
mod oversight;
mod pickle;
mod prevention;
mod ratings;
mod report;
mod results;
mod spc;
mod stats;
mod vintage;

use std::collections::BTreeMap;
use std::path::PathBuf;

use ics_outcomes::record::{Input, RunRecord};
use ics_outcomes::table::Table;
use ics_outcomes::{
    Area, AreaLevel, Catalogue, Geography, LocalFramework, MissingData, NationalFramework, Observations, Period,
    ScoreOptions, Scorecard, Weighting, defaults, files,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::convert::{decimal, named, period};
use crate::data::PyObservations;
use crate::errors::OrRaise;
use crate::framework::{PyLocalFramework, PyNationalFramework};
use crate::results::{PyResultTable, PyScorecard};
use crate::vintage::PyVintages;
use ics_outcomes::record;
use ics_outcomes::vintage::Vintages;

/// The embedded edition named (`"2026/27"`, the default, or `"2025/26"`).
fn edition(edition: Option<&str>) -> PyResult<defaults::Edition> {
    edition.map_or(Ok(defaults::Edition::CURRENT), |e| e.parse().or_raise())
}

/// Caps the threads a bulk call uses (interval limits, XmR charts of many series,
/// uncertainty replications) at `threads`; 0 lifts the cap. Results are the same whatever
/// the cap. Engines that already run one call per core set it to 1.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> ico.set_max_threads(1)
/// >>> ico.max_threads()
/// 1
/// >>> ico.set_max_threads(0)  # lift the cap again
/// >>> ico.max_threads() >= 1
/// True
#[pyfunction]
fn set_max_threads(threads: crate::convert::Int) -> PyResult<()> {
    ics_outcomes::threads::set_max_threads(threads.get("threads")?);
    Ok(())
}

/// The library's version and the embedded data's vintage, as `ics-outcomes --version` prints
/// them. `__version__` is the version alone, for tools that compare versions.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> ico.version()
/// '... (embedded data: 2026/27 edition: ICBs of 2026-04, 2024/25 Q1 to 2026/27 Q4; ...)'
/// >>> ico.version().startswith(ico.__version__)
/// True
#[pyfunction]
fn version() -> String {
    ics_outcomes::version_line()
}

/// The most threads a bulk call uses now: the cap, or the number of cores.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> ico.max_threads() >= 1
/// True
#[pyfunction]
fn max_threads() -> usize {
    ics_outcomes::threads::max_threads()
}

/// The embedded default national framework of an edition: 2026/27 (default; the Medium
/// Term Planning Framework's priorities) or 2025/26 (the 2025/26 planning guidance), each
/// with a prevention-share priority.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> ico.default_national_framework()
/// NationalFramework("ics-national-2026-27", version "2026/27.1": 7 priorities, 15 targets)
/// >>> ico.default_national_framework("2025/26").version
/// '2025/26.1'
#[pyfunction]
#[pyo3(signature = (edition=None))]
fn default_national_framework(edition: Option<&str>) -> PyResult<PyNationalFramework> {
    Ok(PyNationalFramework(self::edition(edition)?.national_framework()))
}

/// The embedded default local frameworks of seven ICSs in an edition (checked in its
/// geography vintage).
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> frameworks = ico.default_local_frameworks()
/// >>> len(frameworks)
/// 7
/// >>> frameworks[2]
/// LocalFramework("Greater Manchester local outcomes framework (illustrative)" for E54000057:
/// 3 local priorities, nests in "2026/27.1")
#[pyfunction]
#[pyo3(signature = (edition=None))]
fn default_local_frameworks(py: Python<'_>, edition: Option<&str>) -> PyResult<Vec<PyLocalFramework>> {
    let edition = self::edition(edition)?;
    let national = edition.national_framework();
    edition.local_frameworks().into_iter().map(|l| PyLocalFramework::from_core(py, l, &national)).collect()
}

/// The embedded default observations of an edition: synthetic data for the 36 ICSs of
/// 2026/27 over twelve quarters (history rebuilt onto them), or the 42 of 2025/26 over eight.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> ico.default_observations()
/// Observations(7104 rows over 2024/25 Q1 to 2026/27 Q4) [SYNTHETIC DATA ...]
/// >>> ico.default_observations("2025/26")
/// Observations(4160 rows over 2024/25 Q1 to 2025/26 Q4) [SYNTHETIC DATA ...]
#[pyfunction]
#[pyo3(signature = (edition=None))]
fn default_observations(edition: Option<&str>) -> PyResult<PyObservations> {
    Ok(PyObservations(self::edition(edition)?.observations()))
}

/// A path when given one, or text that holds a framework or CSV, with a name for errors.
pub(crate) enum Source {
    Path(PathBuf),
    Text(String),
}

pub(crate) fn source(obj: &Bound<'_, PyAny>) -> PyResult<Source> {
    if let Ok(text) = obj.cast::<PyString>() {
        let text = text.to_string();
        // Longer than any path the system accepts (PATH_MAX is 4096 on Linux): content,
        // checked against the size limits, not a file name echoed back in an error.
        let looks_like_content = text.contains('\n') || text.trim_start().starts_with('{') || text.len() > 4096;
        return Ok(if looks_like_content { Source::Text(text) } else { Source::Path(PathBuf::from(text)) });
    }
    Ok(Source::Path(obj.extract()?))
}

/// Loads a national or local framework from a TOML or JSON file (the format by its
/// extension). A local framework is checked against `national` (default: the embedded
/// national framework) and the ICSs of `vintage` (default: today's; an abolished ICB is
/// refused naming its successors). Text is read by `parse_framework`; text given here still
/// works for one release, with a `DeprecationWarning`.
///
/// Examples
/// --------
/// >>> import pathlib, tempfile
/// >>> import ics_outcomes as ico
/// >>> national = ico.default_national_framework()
/// >>> with tempfile.TemporaryDirectory() as folder:
/// ...     path = pathlib.Path(folder, "national.toml")
/// ...     _ = path.write_text(national.to_toml())
/// ...     loaded = ico.load_framework(path)
/// >>> loaded
/// NationalFramework("ics-national-2026-27", version "2026/27.1": 7 priorities, 15 targets)
/// >>> loaded == national
/// True
#[pyfunction]
#[pyo3(signature = (source, national=None, vintage=None))]
fn load_framework(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    national: Option<&Bound<'_, PyNationalFramework>>,
    vintage: Option<&str>,
) -> PyResult<Py<PyAny>> {
    match self::source(source)? {
        Source::Text(text) => {
            let warning = py.get_type::<pyo3::exceptions::PyDeprecationWarning>();
            let message = c"load_framework(text) is deprecated: load_framework takes a path; parse text with parse_framework(text, format=...)";
            PyErr::warn(py, &warning, message, 1)?;
            framework::load(py, &text, "<text>", None, national, vintage)
        }
        Source::Path(path) => {
            let text = files::read_text(&path).or_raise()?;
            framework::load(py, &text, &path.display().to_string(), None, national, vintage)
        }
    }
}

/// A national or local framework from its text in `format` (`toml` or `json`), checked as
/// `load_framework` checks a file.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> local = ico.parse_framework('''
/// ... kind = "local"
/// ... area = "QOP"
/// ... name = "Greater Manchester"
/// ... nests_in = "2026/27.1"
/// ...
/// ... [[priorities]]
/// ... id = "gm_ae"
/// ... title = "Faster A&E"
/// ... purposes = ["outcomes"]
/// ...
/// ... [[priorities.targets]]
/// ... id = "gm_ae_80pct"
/// ... metric = "ae_4h"
/// ... type = "threshold"
/// ... value = "80"
/// ... ''')
/// >>> local
/// LocalFramework("Greater Manchester" for E54000057: 1 local priorities, nests in "2026/27.1")
/// >>> ico.parse_framework(local.to_json(), format="json") == local
/// True
#[pyfunction]
#[pyo3(signature = (text, format="toml", national=None, vintage=None))]
fn parse_framework(
    py: Python<'_>,
    text: &str,
    format: &str,
    national: Option<&Bound<'_, PyNationalFramework>>,
    vintage: Option<&str>,
) -> PyResult<Py<PyAny>> {
    let format = files::Format::from_name(format).or_raise()?;
    framework::load(py, text, "<text>", Some(format), national, vintage)
}

/// England's ICSs of a vintage, with `places` (place code to the code of its ICS) added
/// beneath them.
fn geography(places: Option<&BTreeMap<String, String>>, vintage: &str, vintages: &Vintages) -> PyResult<Geography> {
    let england = vintages.geography(vintage).or_raise()?;
    let Some(places) = places else { return Ok(england) };
    let areas = places
        .iter()
        .map(|(code, parent)| Area {
            name: code.clone(),
            code: code.clone(),
            alt_code: None,
            level: AreaLevel::Place,
            parent: Some(parent.clone()),
        })
        .collect::<Vec<_>>();
    england.with_areas(areas).or_raise()
}

/// The settings a scorecard's record keeps beyond its options: the places scored.
fn extra_settings(places: Option<&BTreeMap<String, String>>) -> BTreeMap<String, serde_json::Value> {
    places.map(|p| ("places".to_owned(), serde_json::json!(p))).into_iter().collect()
}

pub(crate) fn core_locals(locals: &[Bound<'_, PyLocalFramework>]) -> Vec<LocalFramework> {
    locals.iter().map(|l| l.get().local.clone()).collect()
}

/// Loads observations from a tidy CSV file (path) or from a frame or dict of lists, checked
/// against the metrics of `national` and `locals` (default: the embedded frameworks) and
/// the ICSs of `vintage` (default: the local frameworks' vintage, else today's 36), plus
/// `places` (place code to ICS code) when given.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> obs = ico.load_observations({
/// ...     "area_code": ["QOP", "QOP"],
/// ...     "metric_id": ["ae_4h", "ae_4h"],
/// ...     "period": ["2026/27 Q3", "2026/27 Q4"],
/// ...     "value": ["76.4", "78.1"],
/// ... })
/// >>> obs
/// Observations(2 rows over 2026/27 Q3 to 2026/27 Q4)
/// >>> obs.rows()[1]["value"]
/// Decimal('78.1')
#[pyfunction]
#[pyo3(signature = (source, national=None, locals=None, places=None, vintage=None, vintages=None))]
fn load_observations(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    national: Option<&Bound<'_, PyNationalFramework>>,
    locals: Option<Vec<Bound<'_, PyLocalFramework>>>,
    places: Option<&Bound<'_, PyDict>>,
    vintage: Option<&str>,
    vintages: Option<&Bound<'_, PyVintages>>,
) -> PyResult<PyObservations> {
    let vintages = vintage::chosen(vintages);
    let national = national.map_or_else(defaults::national_framework, |n| n.get().0.clone());
    let locals = locals.map_or_else(defaults::local_frameworks, |l| core_locals(&l));
    let vintage = vintages.for_scoring(vintage, &locals, None).or_raise()?;
    let places: Option<BTreeMap<String, String>> = places.map(|p| p.extract()).transpose()?;
    let geography = geography(places.as_ref(), vintage, &vintages)?;
    let catalogue = Catalogue::new(&geography, &national, &locals);
    let is_path = source.is_instance_of::<PyString>() || source.hasattr("__fspath__")?;
    if is_path {
        let path: PathBuf = source.extract()?;
        return py.detach(|| Observations::read_csv_file(&path, &catalogue)).or_raise().map(PyObservations);
    }
    data::observations(source, &catalogue).map(|o| PyObservations(o.into_owned()))
}

fn weighting(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Weighting> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else { return Ok(Weighting::default()) };
    if let Ok(text) = obj.cast::<PyString>() {
        return named(text.to_str()?, "weighting");
    }
    let dict = obj.cast::<PyDict>().map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err(
            "weighting must be \"equal_per_priority\", \"equal_per_target\", \"equal_per_tier\" or a dict of priority id to weight",
        )
    })?;
    let mut weights = BTreeMap::new();
    for (key, value) in dict.iter() {
        let id: String = key.extract()?;
        let w = decimal(&value, &format!("weighting.{id}"))?;
        weights.insert(id, w);
    }
    Ok(Weighting::Explicit(weights))
}

/// Scores every ICS: per-target attainment, equal-weighted priority, tier and overall
/// scores, ranks, and explanations that add up exactly.
///
/// `observations` may be an `Observations`, a pandas or polars DataFrame, a pyarrow Table
/// (or anything with `__arrow_c_stream__`) or a dict of lists. `weighting` is
/// `"equal_per_priority"` (default: local priorities weigh what national ones do),
/// `"equal_per_target"`, `"equal_per_tier"`, or a dict of priority id to weight.
/// `missing` is `"exclude"` (default) or `"score_zero"`. With `places` (a dict of place
/// code to the ONS or ODS code of its ICS), the places are scored and ranked instead of
/// the ICSs. `spc=False` skips the SPC chart of each target's history. With
/// `absent_period_unscored=True` a `period` the data do not hold scores every area as having
/// no data instead of raising `NotFoundError` (batch engines: a batch may hold none of it).
/// The ICSs are those of `vintage` (`"2023-04"`, `"2026-04"`; default: the vintage the
/// local frameworks were checked in, else the period's, else today's).
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
/// ...                  ico.default_observations())
/// >>> card
/// Scorecard(36 areas, 2026/27 Q4; leader NHS Bristol, North Somerset and South Gloucestershire
/// Integrated Care Board (QUY)) [SYNTHETIC DATA ...]
/// >>> card.rows()[0]["ods"], card.rows()[0]["targets_met"]
/// ('QUY', 9)
/// >>> earlier = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
/// ...                     ico.default_observations(), period="2025/26 Q4", weighting="equal_per_target")
/// >>> earlier.period, earlier.options["weighting"]
/// ('2025/26 Q4', 'equal_per_target')
#[pyfunction]
#[pyo3(signature = (national, locals, observations, period=None, weighting=None, missing="exclude", places=None, spc=true, absent_period_unscored=false, vintage=None, vintages=None))]
#[allow(clippy::too_many_arguments)] // Mirrors the keyword arguments of the Python function.
fn score(
    py: Python<'_>,
    national: &Bound<'_, PyNationalFramework>,
    locals: Vec<Bound<'_, PyLocalFramework>>,
    observations: &Bound<'_, PyAny>,
    period: Option<&str>,
    weighting: Option<&Bound<'_, PyAny>>,
    missing: &str,
    places: Option<&Bound<'_, PyDict>>,
    spc: bool,
    absent_period_unscored: bool,
    vintage: Option<&str>,
    vintages: Option<&Bound<'_, PyVintages>>,
) -> PyResult<PyScorecard> {
    let period = period.map(|p| self::period(p, "period")).transpose()?;
    let args = ScoringArgs { weighting, missing, places, spc, absent_period_unscored, vintage, vintages };
    let locals = core_locals(&locals);
    let national = &national.get().0;
    let scoring = |observations: &Observations, geography: &Geography, options: &ScoreOptions| {
        py.detach(|| ics_outcomes::score(national, &locals, observations, geography, options)).or_raise()
    };
    let recording = |card: &Scorecard, _: &ScoreOptions, inputs, vintage, extra| {
        record::scorecard_record(card, inputs, vintage, extra)
    };
    let (card, record) = args.run(national, &locals, observations, period, scoring, recording)?;
    Ok(PyScorecard(card, record))
}

/// Every ICS's league table at each of `periods` (e.g. twelve quarters), one after
/// another in the order given and each row led by its `period`: the totals of the
/// scorecards `score` makes one period at a time, without their explanations, in one pass
/// on every core. A `league_tables` table with its run record; the arguments are `score`'s
/// but `spc` (a league table charts nothing), and each period must occur in the data unless
/// `absent_period_unscored`.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> tables = ico.league_tables(ico.default_national_framework(), ico.default_local_frameworks(),
/// ...                            ico.default_observations(), ["2026/27 Q3", "2026/27 Q4"])
/// >>> tables
/// ResultTable(league_tables, 72 rows)
/// >>> first = tables.rows()[0]
/// >>> first["period"], first["rank"], first["ods"]
/// ('2026/27 Q3', 1, 'QKS')
#[pyfunction]
#[pyo3(signature = (national, locals, observations, periods, weighting=None, missing="exclude", places=None, absent_period_unscored=false, vintage=None, vintages=None))]
#[allow(clippy::too_many_arguments)] // Mirrors the keyword arguments of the Python function.
fn league_tables(
    py: Python<'_>,
    national: &Bound<'_, PyNationalFramework>,
    locals: Vec<Bound<'_, PyLocalFramework>>,
    observations: &Bound<'_, PyAny>,
    periods: Vec<String>,
    weighting: Option<&Bound<'_, PyAny>>,
    missing: &str,
    places: Option<&Bound<'_, PyDict>>,
    absent_period_unscored: bool,
    vintage: Option<&str>,
    vintages: Option<&Bound<'_, PyVintages>>,
) -> PyResult<PyResultTable> {
    let periods = periods.iter().map(|p| self::period(p, "periods")).collect::<PyResult<Vec<_>>>()?;
    let args = ScoringArgs { weighting, missing, places, spc: false, absent_period_unscored, vintage, vintages };
    let locals = core_locals(&locals);
    let national = &national.get().0;
    let scoring = |observations: &Observations, geography: &Geography, options: &ScoreOptions| {
        py.detach(|| ics_outcomes::score_league_tables(national, &locals, observations, geography, options, &periods))
            .or_raise()
    };
    let recording = |table: &Table, options: &ScoreOptions, inputs, vintage, extra| {
        record::league_tables_record(table, options, &periods, inputs, vintage, extra)
    };
    let (table, record) = args.run(national, &locals, observations, periods.first().copied(), scoring, recording)?;
    Ok(PyResultTable(table, Some(record)))
}

/// Settings of a front end recorded beside the scoring options (e.g. `places`).
type Settings = BTreeMap<String, serde_json::Value>;

/// The arguments `score` and `league_tables` share.
struct ScoringArgs<'a, 'py> {
    weighting: Option<&'a Bound<'py, PyAny>>,
    missing: &'a str,
    places: Option<&'a Bound<'py, PyDict>>,
    spc: bool,
    absent_period_unscored: bool,
    vintage: Option<&'a str>,
    vintages: Option<&'a Bound<'py, PyVintages>>,
}

impl ScoringArgs<'_, '_> {
    /// Reads the arguments, scores by `scoring` and records the result by `recording`.
    /// `period` is the options' period, and chooses the vintage when none is named.
    fn run<T>(
        &self,
        national: &NationalFramework,
        locals: &[LocalFramework],
        observations: &Bound<'_, PyAny>,
        period: Option<Period>,
        scoring: impl FnOnce(&Observations, &Geography, &ScoreOptions) -> PyResult<T>,
        recording: impl FnOnce(&T, &ScoreOptions, Vec<Input>, Option<String>, Settings) -> RunRecord,
    ) -> PyResult<(T, RunRecord)> {
        let vintages = vintage::chosen(self.vintages);
        let vintage = vintages.for_scoring(self.vintage, locals, period).or_raise()?;
        let places: Option<BTreeMap<String, String>> = self.places.map(|p| p.extract()).transpose()?;
        let geography = geography(places.as_ref(), vintage, &vintages)?;
        let observations = data::observations(observations, &Catalogue::new(&geography, national, locals))?;
        let options = ScoreOptions {
            period,
            weighting: self::weighting(self.weighting)?,
            missing: named::<MissingData>(self.missing, "missing")?,
            level: places.as_ref().map(|_| AreaLevel::Place),
            spc: self.spc,
            absent_period_unscored: self.absent_period_unscored,
        };
        let result = scoring(&observations, &geography, &options)?;
        let inputs = record::scoring_inputs(national, locals, &observations);
        let run = recording(&result, &options, inputs, Some(vintage.to_owned()), extra_settings(places.as_ref()));
        Ok((result, run))
    }
}

/// Re-runs the scorecard or rank-uncertainty analysis that `record` describes (its JSON, a
/// dict of it, a `Scorecard`, or a pyarrow table or schema carrying it as metadata) on
/// these inputs and checks it reproduced the result bit for bit: the result table, else
/// `DataError` naming each input or setting that differs.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> inputs = (ico.default_national_framework(), ico.default_local_frameworks(),
/// ...           ico.default_observations())
/// >>> card = ico.score(*inputs)
/// >>> ico.replay(card, *inputs)
/// ResultTable(scorecard, 36 rows)
/// >>> ico.replay(card.record, *inputs).record["result"] == card.record["result"]
/// True
#[pyfunction]
#[pyo3(signature = (record, national, locals, observations, *, vintages=None))]
fn replay(
    py: Python<'_>,
    record: &Bound<'_, PyAny>,
    national: &Bound<'_, PyNationalFramework>,
    locals: Vec<Bound<'_, PyLocalFramework>>,
    observations: &Bound<'_, PyAny>,
    vintages: Option<&Bound<'_, PyVintages>>,
) -> PyResult<PyResultTable> {
    let record = results::read_record(py, record)?;
    let vintages = vintage::chosen(vintages);
    let national = &national.get().0;
    let locals = core_locals(&locals);
    let places: Option<BTreeMap<String, String>> = record.setting("places").or_raise()?;
    let vintage = record.vintage.clone().unwrap_or_else(|| vintages.latest().to_owned());
    let geography = geography(places.as_ref(), &vintage, &vintages)?;
    let observations = data::observations(observations, &Catalogue::new(&geography, national, &locals))?;
    let extra = extra_settings(places.as_ref());
    let table =
        py.detach(|| record::replay(&record, national, &locals, &observations, &geography, extra)).or_raise()?;
    Ok(PyResultTable(table, Some(record)))
}

/// The JSON Schema of framework files, as text.
///
/// Examples
/// --------
/// >>> import json
/// >>> import ics_outcomes as ico
/// >>> schema = json.loads(ico.framework_schema())
/// >>> schema["title"]
/// 'ics-outcomes framework file'
#[pyfunction]
fn framework_schema() -> &'static str {
    ics_outcomes::schema::FRAMEWORK_SCHEMA_JSON
}

/// England's ICSs of a vintage (default: today's 36): ONS code, ODS code, name and NHS
/// region code.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> icss = ico.systems()
/// >>> len(icss)
/// 36
/// >>> icss[0]
/// {'code': 'E54000008', 'ods': 'QYG', 'name': 'NHS Cheshire and Merseyside Integrated Care Board',
/// 'region': 'Y62'}
/// >>> len(ico.systems("2023-04"))
/// 42
#[pyfunction]
#[pyo3(signature = (vintage=None, vintages=None))]
fn systems<'py>(
    py: Python<'py>,
    vintage: Option<&str>,
    vintages: Option<&Bound<'py, PyVintages>>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let vintages = vintage::chosen(vintages);
    vintages
        .geography(vintages.choose(vintage, None, None).or_raise()?)
        .or_raise()?
        .systems()
        .map(|a| {
            let d = PyDict::new(py);
            d.set_item("code", &a.code)?;
            d.set_item("ods", &a.alt_code)?;
            d.set_item("name", &a.name)?;
            d.set_item("region", &a.parent)?;
            Ok(d)
        })
        .collect()
}

/// Outcome frameworks for England's Integrated Care Systems: exact targets,
/// equal-weighted explained scores.
#[pymodule]
mod _core {
    #[pymodule_export]
    use super::composite::{
        composite_aggregate, composite_impute, composite_normalise, composite_sensitivity, composite_treat,
        composite_uncertainty,
    };
    #[pymodule_export]
    use super::data::PyObservations;
    #[pymodule_export]
    use super::disclosure::{
        disclosure_derived_columns, disclosure_explanation, disclosure_protect_long, disclosure_rows,
        disclosure_statuses,
    };
    #[pymodule_export]
    use super::errors::{
        _error, ArgumentError, DataError, FileError, IcsOutcomesError, LimitError, NotFoundError, ValidationError,
    };
    #[pymodule_export]
    use super::framework::{PyLocalFramework, PyMetric, PyNationalFramework, PyPriority, PyTarget};
    #[pymodule_export]
    use super::maturity::{
        PyMaturityModel, PyMaturityReport, maturity_default_assessments, maturity_outcomes, maturity_report,
        maturity_schema,
    };
    #[pymodule_export]
    use super::oversight::{
        PyIcsOversight, ics_oversight, oversight_league, oversight_score_metrics, oversight_segment,
    };
    #[pymodule_export]
    use super::pickle::_restore;
    #[pymodule_export]
    use super::prevention::{default_budget_lines, prevention_latest_rows, prevention_shares};
    #[pymodule_export]
    use super::ratings::rate_cqc;
    #[pymodule_export]
    use super::report::{PyReport, chart_style, spc_summary};
    #[pymodule_export]
    use super::results::{
        PyExplanation, PyResultTable, PyScorecard, league_order, option_values, table_kinds, table_schema,
    };
    #[pymodule_export]
    use super::spc::{
        date_ordinals, spc_chart, spc_rebase_proposals, spc_run_rate, spc_series, spc_trajectory_gaps, spc_xmr,
    };
    #[pymodule_export]
    use super::stats::{
        age_band_start, byars_interval, poisson_interval, stats_dsr, stats_funnel_limits, stats_funnel_overdispersion,
        stats_funnel_points, stats_funnel_significance, stats_isr, stats_life_expectancy, stats_mean, stats_proportion,
        stats_quantile, stats_rate, stats_sii, wilson_interval,
    };
    #[pymodule_export]
    use super::vintage::{PyVintages, icbs, reproject, successions};
    #[pymodule_export]
    use super::{
        default_local_frameworks, default_national_framework, default_observations, framework_schema, league_tables,
        load_framework, load_observations, max_threads, parse_framework, replay, score, set_max_threads, systems,
        version,
    };

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
