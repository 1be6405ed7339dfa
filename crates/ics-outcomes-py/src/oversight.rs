//! NHS Oversight Framework scoring from Python: values, scores and settings in (decimal text
//! and JSON settings), results out as JSON that `ics_outcomes.oversight` turns into frames.

use ics_outcomes::oversight::{
    self, IcsOversightSettings, MetricRule, OversightSettings, ProviderInput, ScoredMetric, SegmentRule,
};
use ics_outcomes::{Catalogue, LocalFramework, Observations, ScoreOptions, defaults};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rust_decimal::Decimal;

use crate::convert::decimal_text;
use crate::errors::{OrRaise, bad_argument};
use crate::framework::{PyLocalFramework, PyNationalFramework};

fn json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| bad_argument(what, text, e.to_string()))
}

fn decimals(values: &[Option<String>], what: &str) -> PyResult<Vec<Option<Decimal>>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| v.as_deref().map(|t| decimal_text(t, &format!("{what}[{i}]"))).transpose())
        .collect()
}

/// Scores one metric's values (decimal text, `None` for missing) under a rule (JSON), returning
/// the scores and their reasons as JSON.
#[pyfunction]
pub fn oversight_score_metric(values: Vec<Option<String>>, rule: &str, settings: &str) -> PyResult<String> {
    let rule: MetricRule = from_json(rule, "rule")?;
    let settings: OversightSettings = from_json(settings, "settings")?;
    let values = decimals(&values, "value")?;
    json(&oversight::score_metric(&rule, &values, settings.rounding).or_raise()?)
}

/// One metric score as Python sends it: `(metric, domain, score as decimal text)`.
type MetricRow = (String, String, Option<String>);
/// One provider as Python sends it: `(code, type, metric rows, in_deficit, in_recovery)`.
type ProviderRow = (String, String, Vec<MetricRow>, bool, bool);

/// Assesses providers: `(code, type, [(metric, domain, score)], in_deficit, in_recovery)`.
#[pyfunction]
pub fn oversight_assess(providers: Vec<ProviderRow>, settings: &str) -> PyResult<String> {
    let settings: OversightSettings = from_json(settings, "settings")?;
    let inputs = providers
        .into_iter()
        .map(|(code, provider_type, metrics, in_deficit, in_recovery_programme)| {
            let scores: Vec<Option<String>> = metrics.iter().map(|m| m.2.clone()).collect();
            let scores = decimals(&scores, "score")?;
            let metrics = metrics.iter().zip(scores).map(|(m, s)| ScoredMetric::new(&m.0, &m.1, s)).collect();
            Ok(ProviderInput { code, provider_type, metrics, in_deficit, in_recovery_programme })
        })
        .collect::<PyResult<Vec<_>>>()?;
    json(&oversight::assess(&inputs, &settings).or_raise()?)
}

/// League-table ranks of `(code, segment, average)` entries, in input order.
#[pyfunction]
pub fn oversight_league(entries: Vec<(String, u8, String)>) -> PyResult<Vec<usize>> {
    let averages: Vec<Option<String>> = entries.iter().map(|e| Some(e.2.clone())).collect();
    let averages = decimals(&averages, "average")?;
    let rows: Vec<(&str, u8, Decimal)> =
        entries.iter().zip(averages).map(|(e, a)| (e.0.as_str(), e.1, a.unwrap_or_default())).collect();
    Ok(oversight::league_table(&rows).iter().map(|p| p.rank).collect())
}

/// The default settings as JSON, for the Python layer to adjust.
#[pyfunction]
pub fn oversight_default_settings() -> PyResult<String> {
    json(&OversightSettings::default())
}

/// NOF-style oversight of every ICS on the national framework's metrics, beside the framework
/// score (defaults: the embedded framework and data), as JSON in league-table order.
#[pyfunction]
#[pyo3(signature = (national=None, locals=None, observations=None, period=None, cut_points=None))]
pub fn ics_oversight(
    national: Option<&Bound<'_, PyNationalFramework>>,
    locals: Option<Vec<Bound<'_, PyLocalFramework>>>,
    observations: Option<&Bound<'_, PyAny>>,
    period: Option<&str>,
    cut_points: Option<(String, String, String)>,
) -> PyResult<String> {
    let period = period.map(|p| crate::convert::period(p, "period")).transpose()?;
    // The embedded defaults of the period's planning year: 2025/26 Q4 is the 42 ICBs'.
    let edition = period.map_or(defaults::Edition::CURRENT, defaults::Edition::for_period);
    let national = national.map_or_else(|| edition.national_framework(), |n| n.get().0.clone());
    let locals: Vec<LocalFramework> = locals.map_or_else(|| edition.local_frameworks(), |l| crate::core_locals(&l));
    let vintage = ics_outcomes::vintage::Vintages::embedded().for_scoring(None, &locals, period).or_raise()?;
    let geography = ics_outcomes::Geography::of_vintage(vintage).or_raise()?;
    let observations: Observations = match observations {
        Some(data) => crate::data::observations(data, &Catalogue::new(&geography, &national, &locals))?.into_owned(),
        None => edition.observations(),
    };
    let options = ScoreOptions { period, ..ScoreOptions::default() };
    let card = ics_outcomes::score(&national, &locals, &observations, &geography, &options).or_raise()?;
    let mut settings = IcsOversightSettings::default();
    if let Some((a, b, c)) = cut_points {
        let cuts = decimals(&[Some(a), Some(b), Some(c)], "cut_points")?;
        let cuts = [cuts[0], cuts[1], cuts[2]].map(Option::unwrap_or_default);
        settings.oversight.segments = SegmentRule::Thresholds { cuts };
    }
    json(&oversight::ics_oversight(&national, &observations, &card, &settings).or_raise()?)
}
