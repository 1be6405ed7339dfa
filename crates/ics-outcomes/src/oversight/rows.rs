//! Oversight of providers given as rows, as a frame holds them: one row per provider and
//! metric, in groups (e.g. quarters) that are scored and segmented apart. The grouping and
//! the rules that join a provider's rows (in deficit if any of its rows says so) live here,
//! so every front end applies them alike.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{
    Assessment, MetricRule, MetricScore, OversightSettings, ProviderInput, ScoredMetric, assess, score_metric,
};
use crate::table::{Table, TableBuilder, TableKind};
use crate::{Error, Rounding};

/// Scores each row's metric value, ranking the values of one metric within one group
/// together; `groups[i]` is row `i`'s group. A table of [`TableKind::MetricScores`], one row
/// per input row.
///
/// # Errors
/// [`Error::Argument`] for a metric without a rule or columns of different lengths; the
/// errors of [`score_metric`].
pub fn score_metric_rows(
    groups: &[usize],
    metrics: &[String],
    values: &[Option<Decimal>],
    rules: &BTreeMap<String, MetricRule>,
    rounding: Rounding,
) -> Result<Table, Error> {
    same_length("metrics", metrics.len(), groups.len())?;
    same_length("values", values.len(), groups.len())?;
    let mut together: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for (row, (group, metric)) in groups.iter().zip(metrics).enumerate() {
        together.entry((*group, metric.as_str())).or_default().push(row);
    }
    let missing = MetricScore { unrounded: None, score: None, basis: super::ScoreBasis::Missing };
    let mut scores = vec![missing; groups.len()];
    for ((_, metric), rows) in together {
        let rule = rules.get(metric).ok_or_else(|| Error::argument("rules", metric, "no rule for this metric"))?;
        let group_values: Vec<Option<Decimal>> = rows.iter().map(|&r| values[r]).collect();
        for (row, score) in rows.iter().zip(score_metric(rule, &group_values, rounding)?) {
            scores[*row] = score;
        }
    }
    Ok(TableBuilder::new(TableKind::MetricScores, scores.len())
        .decimal("score", scores.iter().map(|s| s.score))
        .decimal("score_unrounded", scores.iter().map(|s| s.unrounded))
        .text("basis", scores.iter().map(|s| Some(s.basis.name())))
        .finish())
}

/// Providers' metric scores as rows: every column has one value per row; a missing optional
/// column is `None` (no provider type, no domain, no one in deficit or in recovery).
#[derive(Debug, Clone, Copy)]
pub struct ProviderRows<'a> {
    /// Each row's group: providers are segmented within their group.
    pub groups: &'a [usize],
    /// The provider's code.
    pub providers: &'a [String],
    /// The provider's type (the quartile population).
    pub provider_types: Option<&'a [String]>,
    /// The metric.
    pub metrics: &'a [String],
    /// The metric's domain.
    pub domains: Option<&'a [String]>,
    /// The metric score.
    pub scores: &'a [Option<Decimal>],
    /// In deficit: a provider is when any of its rows says so.
    pub in_deficit: Option<&'a [bool]>,
    /// In the recovery programme: a provider is when any of its rows says so.
    pub in_recovery: Option<&'a [bool]>,
}

/// The providers' assessments, by group then first appearance, with the first row of each
/// provider (for the front end to carry its group keys).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ProviderAssessments {
    /// Each provider's group and first row.
    pub first_rows: Vec<(usize, usize)>,
    /// Whether each provider was in deficit and in the recovery programme, as its rows said.
    pub flags: Vec<(bool, bool)>,
    /// Each provider's assessment, in the same order.
    pub assessments: Vec<Assessment>,
}

impl ProviderAssessments {
    /// One row per provider ([`TableKind::ProviderSegments`]).
    pub fn table(&self) -> Table {
        let a = &self.assessments;
        let overall = || a.iter().map(|a| a.average.overall.as_ref());
        let segments = || a.iter().map(|a| &a.segments);
        TableBuilder::new(TableKind::ProviderSegments, a.len())
            .text("provider", a.iter().map(|a| Some(a.code.as_str())))
            .text("provider_type", a.iter().map(|a| Some(a.provider_type.as_str())))
            .decimal("average", a.iter().map(|a| Some(a.average_published)))
            .decimal("average_unrounded", overall().map(|m| m.map(|m| m.unrounded)))
            .count("metrics_scored", overall().map(|m| Some(m.map_or(0, |m| m.metrics))))
            .count("segment_unadjusted", segments().map(|s| Some(usize::from(s.unadjusted))))
            .count("segment", segments().map(|s| Some(usize::from(s.segment))))
            .count("segment_final", segments().map(|s| Some(usize::from(s.final_segment))))
            .text("overrides", segments().map(super::Adjusted::overrides_label))
            .flag("in_deficit", self.flags.iter().map(|f| Some(f.0)))
            .flag("in_recovery_programme", self.flags.iter().map(|f| Some(f.1)))
            .finish()
    }
}

/// Assesses the providers of each group: averages, segments and overrides, as [`assess`].
///
/// # Errors
/// [`Error::Argument`] for columns of different lengths; the errors of [`assess`].
pub fn assess_rows(rows: &ProviderRows<'_>, settings: &OversightSettings) -> Result<ProviderAssessments, Error> {
    let n = rows.groups.len();
    same_length("providers", rows.providers.len(), n)?;
    same_length("metrics", rows.metrics.len(), n)?;
    same_length("scores", rows.scores.len(), n)?;
    for (name, len) in
        [("provider_type", rows.provider_types.map(<[_]>::len)), ("domain", rows.domains.map(<[_]>::len))]
            .into_iter()
            .chain([("deficit", rows.in_deficit.map(<[_]>::len)), ("recovery", rows.in_recovery.map(<[_]>::len))])
    {
        if let Some(len) = len {
            same_length(name, len, n)?;
        }
    }
    // Providers by group, each in order of first appearance.
    let mut groups: BTreeMap<usize, GroupProviders<'_>> = BTreeMap::new();
    for row in 0..n {
        let (providers, index) = groups.entry(rows.groups[row]).or_default();
        let code = rows.providers[row].as_str();
        let at = *index.entry(code).or_insert_with(|| {
            let provider_type = rows.provider_types.map_or_else(String::new, |t| t[row].clone());
            let input = ProviderInput {
                code: code.to_owned(),
                provider_type,
                metrics: Vec::new(),
                in_deficit: false,
                in_recovery_programme: false,
            };
            providers.push((row, input));
            providers.len() - 1
        });
        let input = &mut providers[at].1;
        let domain = rows.domains.map_or("", |d| d[row].as_str());
        input.metrics.push(ScoredMetric::new(rows.metrics[row].as_str(), domain, rows.scores[row]));
        input.in_deficit |= rows.in_deficit.is_some_and(|d| d[row]);
        input.in_recovery_programme |= rows.in_recovery.is_some_and(|r| r[row]);
    }
    let mut out = ProviderAssessments { first_rows: Vec::new(), flags: Vec::new(), assessments: Vec::new() };
    for (group, (providers, _)) in groups {
        let inputs: Vec<ProviderInput> = providers.iter().map(|(_, p)| p.clone()).collect();
        out.assessments.extend(assess(&inputs, settings)?);
        out.first_rows.extend(providers.iter().map(|(row, _)| (group, *row)));
        out.flags.extend(inputs.iter().map(|p| (p.in_deficit, p.in_recovery_programme)));
    }
    Ok(out)
}

/// One group's providers, each with its first row, and where each code sits among them.
type GroupProviders<'a> = (Vec<(usize, ProviderInput)>, BTreeMap<&'a str, usize>);

fn same_length(column: &str, len: usize, rows: usize) -> Result<(), Error> {
    if len == rows {
        return Ok(());
    }
    Err(Error::argument(column, len, format!("{rows} rows need {rows} values, one each")))
}
