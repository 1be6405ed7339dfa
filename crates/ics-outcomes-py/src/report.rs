//! Integrated performance reports and icon summaries from Python: the core writes the page,
//! the workbook and the tables; this layer only carries them.

use ics_outcomes::disclosure::DisclosureRule;
use ics_outcomes::report::{self, AreaReport, SeriesLabels};
use ics_outcomes::spc::ChartRows;
use ics_outcomes::stats::Field;
use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::Int;
use crate::errors::{OrRaise, bad_argument};
use crate::maturity::PyMaturityReport;
use crate::oversight::PyIcsOversight;
use crate::results::{PyResultTable, PyScorecard};

/// One ICS's integrated performance report: a self-contained HTML page (shown inline in
/// Jupyter) and its tables.
///
/// Examples
/// --------
/// >>> import ics_outcomes as ico
/// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
/// ...                  ico.default_observations())
/// >>> report = card.report("QOP", replications=0)
/// >>> report.code
/// 'E54000057'
/// >>> "Greater Manchester" in report.html
/// True
#[pyclass(module = "ics_outcomes", name = "Report", frozen)]
pub struct PyReport(pub AreaReport);

#[pymethods]
impl PyReport {
    /// The ICS's ONS code.
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }

    /// The page: a complete HTML document with no external reference.
    #[getter]
    fn html(&self) -> &str {
        &self.0.html
    }

    /// The tables the page shows, by sheet name (`summary`, `explanation`, and
    /// `oversight` when an assessment was given).
    #[getter]
    fn tables<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (name, table) in &self.0.tables {
            out.set_item(*name, PyResultTable::from(table.clone()))?;
        }
        Ok(out)
    }

    /// Writes the page (`.html`, `.htm`) or its tables as an Excel workbook (`.xlsx`), by
    /// the file's suffix.
    ///
    /// Examples
    /// --------
    /// >>> import pathlib, tempfile
    /// >>> import ics_outcomes as ico
    /// >>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(),
    /// ...                  ico.default_observations())
    /// >>> report = card.report("QOP", replications=0)
    /// >>> with tempfile.TemporaryDirectory() as folder:
    /// ...     report.save(pathlib.Path(folder, "qop.html"))
    /// ...     report.save(pathlib.Path(folder, "qop.xlsx"))
    /// ...     sorted(path.name for path in pathlib.Path(folder).iterdir())
    /// ['qop.html', 'qop.xlsx']
    fn save(&self, path: std::path::PathBuf) -> PyResult<()> {
        let bytes = match path.extension().and_then(|e| e.to_str()) {
            Some("html" | "htm") => self.0.html.as_bytes().to_vec(),
            Some("xlsx") => {
                let sheets: Vec<_> = self.0.tables.iter().map(|(n, t)| (*n, t)).collect();
                report::workbook(&sheets).or_raise()?
            }
            _ => {
                return Err(bad_argument(
                    "path",
                    path.display().to_string(),
                    "the file's suffix names what to write: .html for the page, .xlsx for its tables",
                ));
            }
        };
        std::fs::write(&path, bytes).map_err(|e| {
            crate::errors::CoreError(ics_outcomes::Error::File {
                file: path.display().to_string(),
                message: e.to_string(),
            })
            .into()
        })
    }

    fn __repr__(&self) -> String {
        format!("Report({}, {} bytes of HTML)", self.0.ods.as_deref().unwrap_or(&self.0.code), self.0.html.len())
    }

    /// The page in a sandboxed frame, so that its styles stay off the notebook's.
    fn _repr_html_(&self) -> String {
        format!(
            r#"<iframe title="Integrated performance report" sandbox srcdoc="{}" style="width:100%;height:900px;border:1px solid #E8EDEE"></iframe>"#,
            report::escape(&self.0.html)
        )
    }
}

/// The report of one ICS of `card`.
#[allow(clippy::too_many_arguments)] // Mirrors the keyword arguments of Scorecard.report.
pub fn area_report(
    py: Python<'_>,
    card: &PyScorecard,
    code: &str,
    previous: Option<PyRef<'_, PyScorecard>>,
    oversight: Option<PyRef<'_, PyIcsOversight>>,
    maturity: Option<PyRef<'_, PyMaturityReport>>,
    suppress: Option<Int>,
    round_to: Option<Int>,
    replications: Int,
) -> PyResult<PyReport> {
    let suppress = suppress.map(|s| s.get::<i64>("suppress")).transpose()?;
    let round_to = round_to.map(|r| r.get::<i64>("round_to")).transpose()?;
    let rule = DisclosureRule::for_report(suppress, round_to).or_raise()?;
    let request = report::ReportRequest {
        previous: previous.as_ref().map(|p| &p.0),
        oversight: oversight.as_ref().map(|o| o.0.as_slice()),
        maturity: maturity.as_ref().map(|m| &m.report),
        rule,
        replications: replications.get("replications")?,
    };
    py.detach(|| report::requested_report(&card.0, code, &request)).or_raise().map(PyReport)
}

/// The Making Data Count summary of every group's series as a `spc_summary` table, one row
/// per series in group order.
#[pyfunction]
#[pyo3(signature = (
    values, value_name, denominators, denominator_name, dates, date_name, date_labels, groups, group_labels, targets,
    trajectory, annotations, *, options
))]
#[allow(clippy::too_many_arguments)] // One argument per column of the caller's frame.
pub fn spc_summary<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    value_name: &str,
    denominators: Option<PyReadonlyArray1<'py, f64>>,
    denominator_name: &str,
    dates: PyReadonlyArray1<'py, i64>,
    date_name: &str,
    date_labels: Vec<String>,
    groups: Option<PyReadonlyArray1<'py, u32>>,
    group_labels: Vec<String>,
    targets: Option<PyReadonlyArray1<'py, f64>>,
    trajectory: Option<PyReadonlyArray1<'py, f64>>,
    annotations: crate::spc::Notes,
    options: &Bound<'py, PyDict>,
) -> PyResult<PyResultTable> {
    let options = crate::spc::chart_options(options)?;
    let annotations = crate::spc::annotations(annotations)?;
    let rows = ChartRows {
        values: Field::new(value_name, values.as_slice()?),
        denominators: column(denominators.as_ref(), denominator_name)?,
        dates: (date_name, dates.as_slice()?),
        groups: groups.as_ref().map(|g| g.as_slice()).transpose()?,
        rebase: None,
        targets: column(targets.as_ref(), "target")?,
        annotations: &annotations,
    };
    let planned = column(trajectory.as_ref(), "trajectory")?;
    let labels = SeriesLabels { groups: &group_labels, dates: &date_labels };
    let table = py.detach(|| report::spc_summary(&rows, planned, labels, &options)).or_raise()?;
    Ok(PyResultTable::from(table))
}

/// An optional float column as a named field.
fn column<'a>(array: Option<&'a PyReadonlyArray1<'_, f64>>, name: &'a str) -> PyResult<Option<Field<'a>>> {
    Ok(array.map(|a| a.as_slice().map(|values| Field::new(name, values))).transpose()?)
}

/// How the core draws charts, for the matplotlib charts to draw the same: the NHS colours by
/// name; each point type's colour, shape and legend words; each variation and assurance
/// icon's letter, colour and words; each chart kind's title and centre line.
#[pyfunction]
pub fn chart_style(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    use ics_outcomes::report::style;
    use ics_outcomes::spc::{AssuranceIcon, PointType, VariationIcon};
    let out = PyDict::new(py);
    out.set_item("colours", style::NHS_COLOURS.iter().copied().collect::<std::collections::BTreeMap<_, _>>())?;
    let points = PyDict::new(py);
    for &point in PointType::ALL {
        let (colour, shape, words) = style::point_style(point);
        points.set_item(point.as_str(), (colour, shape.name(), words))?;
    }
    out.set_item("points", points)?;
    let variation = PyDict::new(py);
    for &icon in VariationIcon::ALL {
        variation.set_item(icon.as_str(), style::variation_badge(icon))?;
    }
    out.set_item("variation", variation)?;
    let assurance = PyDict::new(py);
    for &icon in AssuranceIcon::ALL {
        assurance.set_item(icon.as_str(), style::assurance_badge(icon))?;
    }
    out.set_item("assurance", assurance)?;
    let charts = PyDict::new(py);
    for &kind in ics_outcomes::spc::ChartKind::ALL {
        charts.set_item(kind.as_str(), (kind.title(), kind.centre_line()))?;
    }
    out.set_item("charts", charts)?;
    Ok(out)
}
