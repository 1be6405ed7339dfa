//! NHS Oversight Framework scoring from Python: a frame's columns in (values and scores as
//! decimal text, options as typed keyword arguments), the core's tables out.

use std::collections::BTreeMap;

use ics_outcomes::oversight::{
    self, IcsOversight, IcsOversightSettings, MetricRule, OversightSettings, RuleText, SegmentRule,
};
use ics_outcomes::{Catalogue, LocalFramework, Observations, ScoreOptions, defaults};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rust_decimal::Decimal;

use crate::convert::{decimal_text, named};
use crate::errors::{OrRaise, bad_argument};
use crate::framework::{PyLocalFramework, PyNationalFramework};
use crate::results::{PyResultTable, batch_of, display};
use arrow_array::RecordBatch;

fn decimals(values: &[Option<String>], what: &str) -> PyResult<Vec<Option<Decimal>>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| v.as_deref().map(|t| decimal_text(t, &format!("{what}[{i}]"))).transpose())
        .collect()
}

/// A metric's rule from its dict, as the core reads it (`MetricRule::from_text`): the keys
/// given and each value as text (bands as a list of `{"bound", "score"}`).
fn metric_rule(metric: &str, dict: &Bound<'_, PyDict>) -> PyResult<MetricRule> {
    let path = format!("rules[{metric}]");
    let text_of = |dict: &Bound<'_, PyDict>, key: &str| -> PyResult<Option<String>> {
        match dict.get_item(key)? {
            Some(value) if !value.is_none() => Ok(Some(value.str()?.to_string())),
            _ => Ok(None),
        }
    };
    let bands = match dict.get_item("bands")? {
        Some(list) if !list.is_none() => {
            let bands: Vec<Bound<'_, PyDict>> = list.extract()?;
            Some(bands.iter().map(|b| Ok((text_of(b, "bound")?, text_of(b, "score")?))).collect::<PyResult<_>>()?)
        }
        _ => None,
    };
    let text = RuleText {
        keys: dict.keys().iter().map(|k| k.str().map(|k| k.to_string())).collect::<PyResult<_>>()?,
        rule: text_of(dict, "rule")?,
        direction: text_of(dict, "direction")?,
        standard: text_of(dict, "standard")?,
        floor: text_of(dict, "floor")?,
        bands,
        otherwise: text_of(dict, "otherwise")?,
    };
    MetricRule::from_text(&path, &text).or_raise()
}

/// Each row's metric score (`values` as decimal text), ranking one metric's values within one
/// group together: a `metric_scores` table, one row per input row.
#[pyfunction]
#[pyo3(signature = (groups, metrics, values, rules, *, rounding=None))]
pub fn oversight_score_metrics(
    groups: Vec<usize>,
    metrics: Vec<String>,
    values: Vec<Option<String>>,
    rules: BTreeMap<String, Bound<'_, PyDict>>,
    rounding: Option<&str>,
) -> PyResult<PyResultTable> {
    let rules = rules.iter().map(|(m, d)| Ok((m.clone(), metric_rule(m, d)?))).collect::<PyResult<_>>()?;
    let rounding = rounding.map(|r| named(r, "rounding")).transpose()?.unwrap_or_default();
    let values = decimals(&values, "value")?;
    Ok(PyResultTable::from(oversight::score_metric_rows(&groups, &metrics, &values, &rules, rounding).or_raise()?))
}

/// Each provider's average, segments and overrides (scores as decimal text), segmented within
/// its group: a `provider_segments` table and each provider's group and first row.
#[pyfunction]
#[pyo3(signature = (
    groups, providers, metrics, scores, *, provider_types=None, domains=None, in_deficit=None, in_recovery=None,
    cut_points=None, population=None
))]
#[allow(clippy::too_many_arguments)]
pub fn oversight_segment(
    groups: Vec<usize>,
    providers: Vec<String>,
    metrics: Vec<String>,
    scores: Vec<Option<String>>,
    provider_types: Option<Vec<String>>,
    domains: Option<Vec<String>>,
    in_deficit: Option<Vec<bool>>,
    in_recovery: Option<Vec<bool>>,
    cut_points: Option<Vec<Option<String>>>,
    population: Option<&str>,
) -> PyResult<(PyResultTable, Vec<(usize, usize)>)> {
    let segments = match cut_points {
        Some(cuts) => SegmentRule::Thresholds { cuts: three_cuts(&cuts)? },
        None => SegmentRule::Quartiles {
            population: population.map(|p| named(p, "population")).transpose()?.unwrap_or_default(),
        },
    };
    let settings = OversightSettings { segments, ..OversightSettings::default() };
    let scores = decimals(&scores, "score")?;
    let rows = oversight::ProviderRows {
        groups: &groups,
        providers: &providers,
        provider_types: provider_types.as_deref(),
        metrics: &metrics,
        domains: domains.as_deref(),
        scores: &scores,
        in_deficit: in_deficit.as_deref(),
        in_recovery: in_recovery.as_deref(),
    };
    let result = oversight::assess_rows(&rows, &settings).or_raise()?;
    Ok((PyResultTable::from(result.table()), result.first_rows))
}

/// Three cut points as decimal text: the upper bounds of segments 1, 2 and 3.
fn three_cuts(cuts: &[Option<String>]) -> PyResult<[Decimal; 3]> {
    let [Some(low), Some(middle), Some(high)] = cuts else {
        let given = cuts.iter().map(|c| c.clone().unwrap_or_default()).collect::<Vec<_>>().join(", ");
        return Err(bad_argument("cut_points", given, "three ascending upper bounds, of segments 1, 2 and 3"));
    };
    Ok([
        decimal_text(low, "cut_points[0]")?,
        decimal_text(middle, "cut_points[1]")?,
        decimal_text(high, "cut_points[2]")?,
    ])
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

/// The ICSs' oversight results: the league table (`to_arrow`, `to_pandas`, `to_polars`) and
/// each ICS's metrics, as the core's tables.
///
/// Examples
/// --------
/// >>> from ics_outcomes import oversight
/// >>> oversight.ics_oversight()
/// IcsOversight(36 ICSs)
#[pyclass(module = "ics_outcomes.oversight", name = "IcsOversight", frozen)]
pub struct PyIcsOversight(pub Vec<IcsOversight>);

impl PyIcsOversight {
    fn batch(&self) -> PyResult<RecordBatch> {
        batch_of(&oversight::ics_oversight_table(&self.0))
    }
}

impl crate::pickle::Pickled for PyIcsOversight {
    const KIND: &'static str = "IcsOversight";
    type State = Vec<IcsOversight>;

    fn to_state(&self) -> Self::State {
        self.0.clone()
    }

    fn from_state(state: Self::State) -> Self {
        PyIcsOversight(state)
    }
}

table_methods!(PyIcsOversight, "\
>>> from ics_outcomes import oversight
>>> table = oversight.ics_oversight()" {
    fn __len__(&self) -> usize {
        self.0.len()
    }

    /// One ICS's metric values and scores (by ONS or ODS code), with why each score was given.
    ///
    /// Examples
    /// --------
    /// >>> from ics_outcomes import oversight
    /// >>> metrics = oversight.ics_oversight().metrics("QOP")
    /// >>> metrics
    /// ResultTable(oversight_metrics, 14 rows)
    /// >>> metrics.columns
    /// ['metric', 'domain', 'value', 'score', 'basis']
    fn metrics(&self, code: &str) -> PyResult<PyResultTable> {
        Ok(PyResultTable::from(oversight::ics_result(&self.0, code).or_raise()?.metrics_table()))
    }

    fn __repr__(&self) -> String {
        format!("IcsOversight({} ICSs)", self.0.len())
    }

    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        display(slf.as_any(), "ics_oversight_html")
    }
});

/// NOF-style oversight of every ICS on the national framework's metrics, beside the framework
/// score (defaults: the embedded framework and data of the period's planning year), in
/// league-table order.
#[pyfunction]
#[pyo3(signature = (national=None, locals=None, observations=None, *, period=None, cut_points=None))]
pub fn ics_oversight(
    national: Option<&Bound<'_, PyNationalFramework>>,
    locals: Option<Vec<Bound<'_, PyLocalFramework>>>,
    observations: Option<&Bound<'_, PyAny>>,
    period: Option<&str>,
    cut_points: Option<Vec<Bound<'_, PyAny>>>,
) -> PyResult<PyIcsOversight> {
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
    if let Some(cuts) = cut_points {
        let [low, middle, high] = cuts.as_slice() else {
            return Err(bad_argument(
                "cut_points",
                cuts.len().to_string(),
                "three ascending upper bounds, of segments 1, 2 and 3",
            ));
        };
        let cut = |value: &Bound<'_, PyAny>, i: usize| crate::convert::decimal(value, &format!("cut_points[{i}]"));
        settings.oversight.segments = SegmentRule::Thresholds { cuts: [cut(low, 0)?, cut(middle, 1)?, cut(high, 2)?] };
    }
    Ok(PyIcsOversight(oversight::ics_oversight(&national, &observations, &card, &settings).or_raise()?))
}
