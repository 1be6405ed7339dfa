//! Maturity from Python: a checked model and a scored round as classes over the core's
//! values, assessments as text rows, outcome evidence as a frame; every table is the core's.

use ics_outcomes::defaults;
use ics_outcomes::maturity::{
    self, AssessmentText, Assessments, AutonomyRule, EVIDENCE_COLUMNS, MaturityModel, MaturityReport, OutcomeEvidence,
};
use ics_outcomes::vintage::Vintages;
use ics_outcomes::{DataKind, Error};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use pyo3_arrow::PyTable;

use crate::convert::{name_of, period};
use crate::data::named_text_rows;
use crate::errors::{OrRaise, bad_argument, bad_data};
use crate::oversight::PyIcsOversight;
use crate::results::{PyResultTable, PyScorecard};

/// `(area, criterion, provider, source, score, evidence)`, empty text for none.
type Row = (String, String, String, String, String, String);

/// A checked maturity model: dimensions of criteria, levels, scoring and autonomy rules.
#[pyclass(module = "ics_outcomes", name = "MaturityModel", frozen)]
pub struct PyMaturityModel(pub MaturityModel);

fn float(d: rust_decimal::Decimal) -> f64 {
    rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(f64::NAN)
}

#[pymethods]
impl PyMaturityModel {
    /// `spec` is `hewitt`, `digital` or the text of a model (TOML or JSON, chosen by
    /// `source_name`'s extension).
    #[new]
    #[pyo3(signature = (spec, source_name = "<model>"))]
    fn new(spec: &str, source_name: &str) -> PyResult<Self> {
        Ok(PyMaturityModel(match spec {
            "hewitt" => maturity::hewitt_model(),
            "digital" => maturity::digital_model(),
            text => MaturityModel::from_text(text, source_name).or_raise()?,
        }))
    }

    /// The model's id.
    #[getter]
    fn id(&self) -> &str {
        &self.0.def().id
    }

    /// The model's name.
    #[getter]
    fn name(&self) -> &str {
        &self.0.def().name
    }

    /// What the model is for, if it says.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.0.def().description.as_deref()
    }

    /// Each level's name and the score it starts at, lowest first.
    #[getter]
    fn levels(&self) -> Vec<(String, f64)> {
        self.0.levels().iter().map(|l| (l.name.clone(), float(l.from))).collect()
    }

    /// The lowest and highest dimension score.
    #[getter]
    fn range(&self) -> (f64, f64) {
        let (low, high) = self.0.range();
        (float(low), float(high))
    }

    /// How criterion scores make a dimension score (`mean` or `percentage`).
    #[getter]
    fn aggregation(&self) -> String {
        name_of(&self.0.def().rules.aggregation)
    }

    /// The dimensions' ids, in model order.
    #[getter]
    fn dimensions(&self) -> Vec<String> {
        self.0.dimensions().iter().map(|d| d.id.clone()).collect()
    }

    /// The model's earned-autonomy conditions (a condition left out is not applied).
    #[getter]
    fn autonomy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rule = self.0.autonomy();
        let out = PyDict::new(py);
        out.set_item("min_overall_level", rule.min_overall_level)?;
        out.set_item("min_dimension_level", rule.min_dimension_level)?;
        out.set_item("max_segment", rule.max_segment)?;
        out.set_item("targets_met_above", rule.targets_met_above)?;
        Ok(out)
    }

    /// One row per criterion: `dimension`, `criterion`, `name`, `derived_from`.
    fn criteria(&self) -> PyResultTable {
        PyResultTable::from(self.0.criteria_table())
    }

    /// The level rings of a radar chart: each level's `start` score and `radius`.
    fn rings(&self) -> PyResultTable {
        PyResultTable::from(self.0.rings_table())
    }

    fn __repr__(&self) -> String {
        let levels: Vec<&str> = self.0.levels().iter().map(|l| l.name.as_str()).collect();
        format!("MaturityModel({:?}, {} dimensions, levels {levels:?})", self.0.def().id, self.0.dimensions().len())
    }
}

fn checked(model: &MaturityModel, rows: &[Row], source_name: &str) -> PyResult<Assessments> {
    let text = rows.iter().map(|(area, criterion, provider, source, score, evidence)| AssessmentText {
        area,
        criterion,
        provider,
        source,
        score,
        evidence,
    });
    Assessments::from_text_rows(model, text, source_name).or_raise()
}

/// The JSON Schema of maturity model files.
#[pyfunction]
pub fn maturity_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    crate::results::document(py, &maturity::maturity_schema())
}

/// The embedded synthetic assessments of one round (`2024/25` or `2025/26`) as text rows.
#[pyfunction]
pub fn maturity_default_assessments(model: &PyMaturityModel, year: &str) -> PyResult<Vec<Row>> {
    let rows = defaults::maturity_assessments(&model.0, period(year, "year")?).or_raise()?;
    Ok(rows
        .into_rows()
        .into_iter()
        .map(|r| {
            (
                r.area,
                r.criterion,
                r.provider.unwrap_or_default(),
                r.source.to_string(),
                r.score.to_string(),
                r.evidence.unwrap_or_default(),
            )
        })
        .collect())
}

/// Outcome evidence from a scorecard (targets met and judged per ICS) and the segments of an
/// ICS oversight of it; without a scorecard, the default scorecard's with its segments. An
/// `outcome_evidence` table.
#[pyfunction]
#[pyo3(signature = (scorecard=None, oversight=None))]
pub fn maturity_outcomes(
    scorecard: Option<&Bound<'_, PyScorecard>>,
    oversight: Option<&Bound<'_, PyIcsOversight>>,
) -> PyResult<PyResultTable> {
    let evidence = match scorecard {
        None => defaults::outcome_evidence(),
        Some(card) => maturity::outcome_evidence(&card.get().0, oversight.map_or(&[][..], |o| &o.get().0)),
    };
    Ok(PyResultTable::from(maturity::evidence_table(&evidence)))
}

/// Outcome evidence as given: `"default"` (the default scorecard's), `None` (none), or a
/// frame with the columns of `outcome_evidence`, read as text by the core.
fn evidence(outcomes: &Bound<'_, PyAny>) -> PyResult<Vec<OutcomeEvidence>> {
    if outcomes.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(text) = outcomes.cast::<PyString>() {
        return match text.to_str()? {
            "default" => Ok(defaults::outcome_evidence()),
            other => Err(bad_argument("outcomes", other, "give 'default', a frame or None")),
        };
    }
    let rows = named_text_rows(outcomes.extract::<PyTable>()?, EVIDENCE_COLUMNS, |name, reason| {
        bad_data(DataKind::OutcomeEvidence, "<outcomes>", name, "", reason)
    })?;
    maturity::evidence_from_text_rows(rows.iter().map(|r| r.each_ref().map(Option::as_deref)), "<outcomes>").or_raise()
}

/// The model's autonomy rule with the conditions in `changes` replaced (`None` drops one).
fn autonomy_rule(model: &MaturityModel, changes: &Bound<'_, PyDict>) -> PyResult<AutonomyRule> {
    let text = |value: Bound<'_, PyAny>| -> PyResult<Option<String>> {
        (!value.is_none()).then(|| value.str().map(|v| v.to_string())).transpose()
    };
    let changes = changes.iter().map(|(k, v)| Ok((k.str()?.to_string(), text(v)?))).collect::<PyResult<Vec<_>>>()?;
    model.autonomy().with_changes(&changes).or_raise()
}

/// A scored round of assessments under a model, with outcome evidence and, when given, the
/// earlier round.
#[pyfunction]
#[pyo3(signature = (model, rows, outcomes, previous = None, autonomy = None, data_name = "<assessments>"))]
pub fn maturity_report(
    model: &PyMaturityModel,
    rows: Vec<Row>,
    outcomes: &Bound<'_, PyAny>,
    previous: Option<Vec<Row>>,
    autonomy: Option<&Bound<'_, PyDict>>,
    data_name: &str,
) -> PyResult<PyMaturityReport> {
    let model = &model.0;
    let evidence = evidence(outcomes)?;
    let rule = autonomy.map(|changes| autonomy_rule(model, changes)).transpose()?;
    let current = checked(model, &rows, data_name)?.into_rows();
    let previous = previous.map(|p| checked(model, &p, "<previous round>").map(Assessments::into_rows)).transpose()?;
    let report = maturity::report(model, current, &evidence, previous, rule.as_ref(), data_name).or_raise()?;
    Ok(PyMaturityReport { model: model.clone(), report })
}

/// A scored round: levels, dimensions, criteria, earned autonomy, divergence, the spread over
/// levels and the movements, each a core table.
#[pyclass(module = "ics_outcomes", name = "MaturityReport", frozen)]
pub struct PyMaturityReport {
    model: MaturityModel,
    pub(crate) report: MaturityReport,
}

impl PyMaturityReport {
    fn area(&self, code: &str) -> PyResult<&maturity::AreaMaturity> {
        self.report.area(code, Vintages::embedded()).ok_or_else(|| {
            crate::errors::CoreError(Error::NotFound {
                what: "assessed area",
                value: code.to_owned(),
                hint: ": it was not assessed".into(),
            })
            .into()
        })
    }
}

#[pymethods]
impl PyMaturityReport {
    /// One row per area: overall level and score, weakest dimension, change, eligibility.
    fn levels(&self) -> PyResultTable {
        PyResultTable::from(self.report.levels_table())
    }

    /// One row per area and dimension.
    fn dimensions(&self) -> PyResultTable {
        PyResultTable::from(self.report.dimensions_table())
    }

    /// One row per area and criterion.
    fn criteria(&self) -> PyResultTable {
        PyResultTable::from(self.report.criteria_table())
    }

    /// One row per area and earned-autonomy condition.
    fn autonomy(&self) -> PyResultTable {
        PyResultTable::from(self.report.autonomy_table())
    }

    /// Peer review less self-assessment per `criterion` or per `dimension`.
    #[pyo3(signature = (by = "criterion"))]
    fn divergence(&self, by: &str) -> PyResult<PyResultTable> {
        match by {
            "criterion" => Ok(PyResultTable::from(self.report.criterion_divergence_table())),
            "dimension" => Ok(PyResultTable::from(self.report.dimension_divergence_table())),
            _ => Err(bad_argument("by", by, "'criterion' or 'dimension'")),
        }
    }

    /// How many areas reached each level, overall and per dimension.
    fn distribution(&self) -> PyResultTable {
        PyResultTable::from(self.report.distribution_table())
    }

    /// Level movements from the earlier round; None without one.
    fn movements(&self) -> Option<PyResultTable> {
        self.report.movements_table().map(PyResultTable::from)
    }

    /// Radar-chart spokes of the areas named (ONS or ODS codes), or of every area.
    #[pyo3(signature = (areas = None))]
    fn radar(&self, areas: Option<Vec<String>>) -> PyResult<PyResultTable> {
        let chosen: Vec<&maturity::AreaMaturity> = match areas {
            None => self.report.results.iter().collect(),
            Some(codes) => codes.iter().map(|c| self.area(c)).collect::<PyResult<_>>()?,
        };
        Ok(PyResultTable::from(self.report.radar_table(&self.model, &chosen)))
    }

    /// One area's levels in words: overall, each dimension, and the autonomy checks.
    fn explain(&self, area: &str) -> PyResult<String> {
        Ok(self.report.explain(self.area(area)?))
    }

    /// How many areas are eligible for earned autonomy.
    #[getter]
    fn eligible(&self) -> usize {
        self.report.autonomy.iter().filter(|d| d.eligible).count()
    }

    fn __len__(&self) -> usize {
        self.report.results.len()
    }
}
