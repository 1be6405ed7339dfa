//! Geography vintages from Python: `ics_outcomes.reproject` hands over a frame, read from its
//! Arrow columns as loading reads them (floats as floats), and gets back a table in the
//! observation shape with where each row came from.

use ics_outcomes::vintage::{self, Apportionment, Vintages};
use ics_outcomes::{Catalogue, defaults, files};
use pyo3::prelude::*;

use crate::errors::OrRaise;
use crate::framework::{PyLocalFramework, PyNationalFramework};
use crate::results::{ColumnBuilder, to_pyarrow};

/// Geography vintages: England's embedded ones, extended by reorganisation files.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> vintages = ico.Vintages()
/// >>> vintages
/// Vintages(['2022-07', '2023-04', '2026-04'])
/// >>> vintages.latest
/// '2026-04'
#[pyclass(module = "ics_outcomes", name = "Vintages", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyVintages(pub Vintages);

#[pymethods]
impl PyVintages {
    /// England's vintages to date (`2022-07`, `2023-04`, `2026-04`).
    #[new]
    fn new() -> Self {
        PyVintages(Vintages::embedded().clone())
    }

    /// These vintages and the one a reorganisation file makes (TOML, JSON or CSV: a path,
    /// or the file's text).
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> later = ico.Vintages().with_reorganisation('''
    /// ... vintage = "2027-04"
    /// ...
    /// ... [[icbs]]
    /// ... code = "E54000080"
    /// ... ods = "QZA"
    /// ... name = "East Anglia and Essex"
    /// ... region = "Y61"
    /// ...
    /// ... [[successions]]
    /// ... from = "S1Y5D"
    /// ... to = "E54000080"
    /// ... change = "merger"
    /// ...
    /// ... [[successions]]
    /// ... from = "E54000066"
    /// ... to = "E54000080"
    /// ... change = "merger"
    /// ... ''')
    /// >>> later.latest
    /// '2027-04'
    /// >>> len(ico.systems("2027-04", vintages=later))
    /// 35
    fn with_reorganisation(&self, py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Self> {
        let (text, name) = match crate::source(source)? {
            crate::Source::Text(text) => (text, "<reorganisation>".to_owned()),
            crate::Source::Path(path) => (files::read_text(&path).or_raise()?, path.display().to_string()),
        };
        py.detach(|| self.0.with_reorganisation(&text, &name)).or_raise().map(PyVintages)
    }

    /// The vintages' names, oldest first.
    #[getter]
    fn names(&self) -> Vec<&str> {
        self.0.names().collect()
    }

    /// The newest vintage.
    #[getter]
    fn latest(&self) -> &str {
        self.0.latest()
    }

    /// The vintage in force at the start of a period (`"2027/28 Q1"`).
    ///
    /// Examples
    /// --------
    /// >>> import ics_outcomes as ico
    /// >>> vintages = ico.Vintages()
    /// >>> vintages.vintage_of("2024/25 Q1"), vintages.vintage_of("2026/27 Q1")
    /// ('2023-04', '2026-04')
    fn vintage_of(&self, period: &str) -> PyResult<String> {
        Ok(self.0.vintage_of(crate::convert::period(period, "period")?).to_owned())
    }

    fn __repr__(&self) -> String {
        format!("Vintages([{}])", self.0.names().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", "))
    }
}

/// The vintages a Python caller named, else the embedded ones.
pub fn chosen(vintages: Option<&Bound<'_, PyVintages>>) -> Vintages {
    vintages.map_or_else(|| Vintages::embedded().clone(), |v| v.get().0.clone())
}

/// A frame's rows (`area_code, metric_id, period, value, numerator, denominator`, read
/// straight from its Arrow columns as `load_observations` reads them) carried onto the ICBs
/// of vintage `to`, as a `pyarrow.Table`; values of counts in each metric's unit from
/// `national` and `locals` (default: the embedded frameworks).
#[pyfunction]
#[pyo3(signature = (data, to, from_=None, apportionment=None, lookup=None, national=None, locals=None, vintages=None))]
#[allow(clippy::too_many_arguments)] // One per keyword of the Python function.
pub fn reproject<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    to: &str,
    from_: Option<&str>,
    apportionment: Option<&str>,
    lookup: Option<&str>,
    national: Option<&Bound<'py, PyNationalFramework>>,
    locals: Option<Vec<Bound<'py, PyLocalFramework>>>,
    vintages: Option<&Bound<'py, PyVintages>>,
) -> PyResult<Bound<'py, PyAny>> {
    let vintages = chosen(vintages);
    let (chunks, name) = crate::data::typed_columns(data)?;
    let rows = crate::data::reproject_rows(py, &chunks, &name)?;
    let shares =
        apportionment.map(|text| Apportionment::from_csv(text, "<apportionment>", &vintages)).transpose().or_raise()?;
    let national = national.map_or_else(defaults::national_framework, |n| n.get().0.clone());
    let locals = locals.map_or_else(defaults::local_frameworks, |l| crate::core_locals(&l));
    let combining = vintage::Combining::of(national.metrics().iter().chain(locals.iter().flat_map(|l| l.metrics())));
    let lookup = lookup.map(|text| vintage::Lookup::from_csv(text, "<lookup>", &vintages)).transpose().or_raise()?;
    let how = vintage::Reprojection {
        from: from_,
        apportionment: shares.as_ref(),
        combining: Some(&combining),
        lookup: lookup.as_ref(),
        vintages: Some(&vintages),
    };
    let out = py.detach(|| vintage::reproject(&rows, to, &how)).or_raise()?;
    let geography = defaults::geography();
    let catalogue = Catalogue::new(&geography, &national, &locals);
    let table = vintage::reprojection_table(&out, |metric| catalogue.metric(metric).map(|m| m.unit.multiplier()));
    to_pyarrow(py, crate::results::batch_of(&table)?)
}

/// The ICBs of `vintage` (default: of every vintage), one row each, as a `pyarrow.Table`.
#[pyfunction]
#[pyo3(signature = (vintage=None, vintages=None))]
pub fn icbs<'py>(
    py: Python<'py>,
    vintage: Option<&str>,
    vintages: Option<&Bound<'py, PyVintages>>,
) -> PyResult<Bound<'py, PyAny>> {
    let vintages = chosen(vintages);
    let icbs: Vec<&vintage::Icb> = match vintage {
        Some(v) => vintages.icbs_in(v).or_raise()?,
        None => vintages.icbs().iter().collect(),
    };
    let [code, ods, name, region, first, last] = vintage::ICB_COLUMNS;
    let mut b = ColumnBuilder::default();
    b.text(code, icbs.iter().map(|i| Some(i.code.as_str())));
    b.text(ods, icbs.iter().map(|i| Some(i.ods.as_str())));
    b.text(name, icbs.iter().map(|i| Some(i.name.as_str())));
    b.text(region, icbs.iter().map(|i| Some(i.region.as_str())));
    b.text(first, icbs.iter().map(|i| Some(i.first.as_str())));
    b.text(last, icbs.iter().map(|i| i.last.as_deref()));
    to_pyarrow(py, b.finish()?)
}

/// Every succession between vintages, as a `pyarrow.Table`.
#[pyfunction]
#[pyo3(signature = (vintages=None))]
pub fn successions<'py>(py: Python<'py>, vintages: Option<&Bound<'py, PyVintages>>) -> PyResult<Bound<'py, PyAny>> {
    let vintages = chosen(vintages);
    let rows = vintages.successions();
    let [from, to, change, vintage] = vintage::SUCCESSION_COLUMNS;
    let mut b = ColumnBuilder::default();
    b.text(from, rows.iter().map(|s| Some(s.from.as_str())));
    b.text(to, rows.iter().map(|s| Some(s.to.as_str())));
    b.text(change, rows.iter().map(|s| Some(s.change.id())));
    b.text(vintage, rows.iter().map(|s| Some(s.vintage.as_str())));
    to_pyarrow(py, b.finish()?)
}
