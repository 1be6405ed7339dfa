//! Maturity from Python: the model as text or an embedded name, assessments as text rows,
//! outcome evidence and results as JSON, which `ics_outcomes.maturity` turns into frames.

use crate::oversight::PyIcsOversight;
use crate::results::{PyResultTable, PyScorecard};
use ics_outcomes::defaults;
use ics_outcomes::maturity::{self, AssessmentText, Assessments, AutonomyRule, MaturityModel, OutcomeEvidence};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde::Serialize;

use crate::convert::period;
use crate::errors::{OrRaise, bad_argument};

/// `(area, criterion, provider, source, score, evidence)`, empty text for none.
type Row = (String, String, String, String, String, String);

fn model(spec: &str, source_name: &str) -> PyResult<MaturityModel> {
    match spec {
        "hewitt" => Ok(maturity::hewitt_model()),
        "digital" => Ok(maturity::digital_model()),
        text => MaturityModel::from_text(text, source_name).or_raise(),
    }
}

fn json(value: &impl Serialize) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(argument: &str, text: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| bad_argument(argument, text, e.to_string()))
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

/// The checked model as JSON: its definition, levels and score range. `spec` is `hewitt`,
/// `digital` or the text of a model (TOML or JSON, chosen by `source_name`'s extension).
#[pyfunction]
#[pyo3(signature = (spec, source_name = "<model>"))]
pub fn maturity_model(spec: &str, source_name: &str) -> PyResult<String> {
    let model = model(spec, source_name)?;
    let (low, high) = model.range();
    json(&serde_json::json!({
        "def": model.def(),
        "levels": model.levels(),
        "range": [low, high],
        "autonomy": model.autonomy(),
    }))
}

/// The JSON Schema of maturity model files.
#[pyfunction]
pub fn maturity_schema() -> PyResult<String> {
    json(&maturity::maturity_schema())
}

/// The embedded synthetic assessments of one round (`2024/25` or `2025/26`) as text rows.
#[pyfunction]
#[pyo3(signature = (spec, year, source_name = "<model>"))]
pub fn maturity_default_assessments(spec: &str, year: &str, source_name: &str) -> PyResult<Vec<Row>> {
    let model = model(spec, source_name)?;
    let rows = defaults::maturity_assessments(&model, period(year, "year")?).or_raise()?;
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

/// The default scorecard's outcome evidence (targets met, oversight segment) as JSON.
#[pyfunction]
pub fn maturity_default_outcomes() -> PyResult<String> {
    json(&defaults::outcome_evidence())
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
    Ok(PyResultTable(maturity::evidence_table(&evidence)))
}

/// A whole round as JSON: [`maturity::report`] plus each area's radar spokes.
#[pyfunction]
#[pyo3(signature = (spec, rows, outcomes, previous = None, autonomy = None, source_name = "<model>", data_name = "<assessments>"))]
pub fn maturity_report(
    spec: &str,
    rows: Vec<Row>,
    outcomes: &str,
    previous: Option<Vec<Row>>,
    autonomy: Option<&str>,
    source_name: &str,
    data_name: &str,
) -> PyResult<String> {
    let model = model(spec, source_name)?;
    let evidence: Vec<OutcomeEvidence> = parse("outcomes", outcomes)?;
    let rule: Option<AutonomyRule> = autonomy.map(|text| parse("autonomy", text)).transpose()?;
    let current = checked(&model, &rows, data_name)?.into_rows();
    let previous = previous.map(|p| checked(&model, &p, "<previous round>").map(Assessments::into_rows)).transpose()?;
    let report = maturity::report(&model, current, &evidence, previous, rule.as_ref(), data_name).or_raise()?;
    let radar: Vec<_> = report
        .results
        .iter()
        .map(|r| serde_json::json!({ "area": r.area, "axes": maturity::radar(&model, r) }))
        .collect();
    json(&serde_json::json!({ "report": report, "radar": radar }))
}
