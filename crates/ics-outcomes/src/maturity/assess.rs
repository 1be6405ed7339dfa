//! Assessments: scores per criterion with their source and evidence, and the levels they give.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::model::{Aggregation, Criterion, Level, MaturityModel, Source};
use crate::error::{DataKind, Error, IssueKind, IssueLog};
use crate::target::DecimalText;

/// One score for one criterion of one area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The ICS (its ONS E54 or ODS Q code).
    pub area: String,
    /// The criterion's id.
    pub criterion: String,
    /// The provider scored, when the system score is the mean of its providers'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Where the score comes from.
    pub source: Source,
    /// The score, on the criterion's scale.
    #[serde(with = "crate::number::text")]
    #[schemars(with = "DecimalText")]
    pub score: Decimal,
    /// The evidence behind the score; `None` (or blank) records that there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// Assessments checked against a model: known criteria, scores on the scale, no duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessments {
    rows: Vec<Assessment>,
}

impl Assessments {
    /// Checks assessment rows against a model; blank evidence notes become `None`.
    ///
    /// # Errors
    /// [`Error::Data`] naming `source_name`, with every problem at
    /// `assessments[i].field`: an empty area, an unknown criterion, a score off the
    /// criterion's scale, a second score for the same area, criterion, provider and source,
    /// or system and provider scores mixed for one area, criterion and source.
    pub fn new(model: &MaturityModel, mut rows: Vec<Assessment>, source_name: &str) -> Result<Self, Error> {
        let mut log = IssueLog::default();
        let mut seen: HashMap<(&str, &str, Option<&str>, Source), usize> = HashMap::new();
        let mut per_system: HashMap<(&str, &str, Source), (bool, usize)> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            let path = format!("assessments[{i}]");
            if row.area.trim().is_empty() {
                log.push(format!("{path}.area"), "", IssueKind::Missing);
            }
            match model.criterion(&row.criterion) {
                None => log.push(format!("{path}.criterion"), row.criterion.as_str(), IssueKind::UnknownId),
                Some(c) if row.score < c.scale.min || row.score > c.scale.max => log.push(
                    format!("{path}.score"),
                    row.score.to_string(),
                    IssueKind::Invalid { reason: format!("off the scale {} of criterion {:?}", c.scale, c.id) },
                ),
                Some(_) => {}
            }
            let key = (row.area.as_str(), row.criterion.as_str(), row.provider.as_deref(), row.source);
            if let Some(first) = seen.insert(key, i) {
                log.push(
                    path.clone(),
                    format!("{} {} {}", row.area, row.criterion, row.source),
                    IssueKind::Duplicate { first: format!("assessments[{first}]") },
                );
            }
            let by_provider = row.provider.is_some();
            let entry = per_system.entry((key.0, key.1, key.3)).or_insert((by_provider, i));
            if entry.0 != by_provider {
                log.push(
                    format!("{path}.provider"),
                    row.provider.clone().unwrap_or_default(),
                    IssueKind::Invalid {
                        reason: format!(
                            "assessments[{}] scores the same criterion with the other of system and provider",
                            entry.1
                        ),
                    },
                );
            }
        }
        log.into_data(DataKind::Assessments, source_name)?;
        for row in &mut rows {
            if row.evidence.as_deref().is_some_and(|e| e.trim().is_empty()) {
                row.evidence = None;
            }
        }
        Ok(Assessments { rows })
    }

    /// The checked rows, in input order.
    pub fn rows(&self) -> &[Assessment] {
        &self.rows
    }

    /// The checked rows, to add to or to score again with [`report`](super::report).
    pub fn into_rows(self) -> Vec<Assessment> {
        self.rows
    }
}

/// One assessment as text fields, as read from a CSV file or a data frame; empty `provider`
/// and `evidence` mean none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessmentText<'a> {
    /// The area code.
    pub area: &'a str,
    /// The criterion's id.
    pub criterion: &'a str,
    /// The provider, or empty.
    pub provider: &'a str,
    /// `self_assessment`, `peer_review` or `outcome_data`.
    pub source: &'a str,
    /// The score's exact decimal text.
    pub score: &'a str,
    /// The evidence note, or empty.
    pub evidence: &'a str,
}

/// The columns of an assessments CSV file, in order; `provider` and `evidence` may be absent.
pub const ASSESSMENT_COLUMNS: [&str; 6] = ["area", "criterion", "provider", "source", "score", "evidence"];

impl Assessments {
    /// Parses text rows and checks them as [`Assessments::new`] does; every unparsable source
    /// or score is reported with the rest, at `assessments[i].field`.
    ///
    /// # Errors
    /// [`Error::Data`] naming `source_name`.
    pub fn from_text_rows<'a>(
        model: &MaturityModel,
        rows: impl IntoIterator<Item = AssessmentText<'a>>,
        source_name: &str,
    ) -> Result<Self, Error> {
        let mut log = IssueLog::default();
        let mut parsed = Vec::new();
        for (i, row) in rows.into_iter().enumerate() {
            let source = row.source.trim().parse::<Source>().map_err(|reason| {
                log.push(format!("assessments[{i}].source"), row.source, IssueKind::Invalid { reason });
            });
            let score = crate::number::parse_decimal(row.score.trim()).map_err(|reason| {
                log.push(format!("assessments[{i}].score"), row.score, IssueKind::Invalid { reason });
            });
            let text = |t: &str| (!t.trim().is_empty()).then(|| t.trim().to_owned());
            if let (Ok(source), Ok(score)) = (source, score) {
                parsed.push(Assessment {
                    area: row.area.trim().to_owned(),
                    criterion: row.criterion.trim().to_owned(),
                    provider: text(row.provider),
                    source,
                    score,
                    evidence: text(row.evidence),
                });
            }
        }
        log.into_data(DataKind::Assessments, source_name)?;
        Assessments::new(model, parsed, source_name)
    }

    /// Reads a CSV file with the header [`ASSESSMENT_COLUMNS`] (any order; `provider` and
    /// `evidence` optional). Lines starting with `#` are comments.
    ///
    /// # Errors
    /// [`Error::File`] for a malformed file or a missing or unknown column; otherwise as
    /// [`Assessments::from_text_rows`].
    pub fn read_csv(model: &MaturityModel, text: &str, source_name: &str) -> Result<Self, Error> {
        let file_error = |message: String| Error::File { file: source_name.to_owned(), message };
        let mut csv = csv::ReaderBuilder::new().comment(Some(b'#')).trim(csv::Trim::All).from_reader(text.as_bytes());
        let headers = csv.headers().map_err(|e| file_error(e.to_string()))?.clone();
        let mut positions = [None; ASSESSMENT_COLUMNS.len()];
        for (p, name) in headers.iter().enumerate() {
            let column = ASSESSMENT_COLUMNS.iter().position(|c| *c == name).ok_or_else(|| {
                file_error(format!("unknown column {name:?}; the columns are {}", ASSESSMENT_COLUMNS.join(", ")))
            })?;
            positions[column] = Some(p);
        }
        if let Some(missing) = [0, 1, 3, 4].into_iter().find(|&c| positions[c].is_none()) {
            return Err(file_error(format!("no {:?} column", ASSESSMENT_COLUMNS[missing])));
        }
        let records: Vec<csv::StringRecord> = csv
            .records()
            .enumerate()
            .map(|(i, r)| r.map_err(|e| file_error(format!("row {}: {e}", i + 1))))
            .collect::<Result<_, _>>()?;
        let rows = records.iter().map(|record| {
            let field = |c: usize| positions[c].and_then(|p| record.get(p)).unwrap_or("");
            AssessmentText {
                area: field(0),
                criterion: field(1),
                provider: field(2),
                source: field(3),
                score: field(4),
                evidence: field(5),
            }
        });
        Assessments::from_text_rows(model, rows, source_name)
    }
}

/// How one criterion was scored for one area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CriterionResult {
    /// The criterion's id.
    pub criterion: String,
    /// The score used: the mean over providers of the source used; `None` when unscored.
    pub score: Option<Decimal>,
    /// The source used, the first present in the precedence.
    pub source: Option<Source>,
    /// Sources present but outranked.
    pub outranked: Vec<Source>,
    /// How many scores were averaged (providers, or 1 for a system score).
    pub scores: usize,
    /// The evidence notes of the scores used.
    pub evidence: Vec<String>,
    /// True when a score used has no evidence note: the gap is shown, not hidden.
    pub evidence_missing: bool,
}

/// A dimension's score and level for one area, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DimensionResult {
    /// The dimension's id.
    pub dimension: String,
    /// Each criterion, in model order.
    pub criteria: Vec<CriterionResult>,
    /// The dimension score (mean or percentage of the scored criteria); `None` when no
    /// criterion is scored.
    pub score: Option<Decimal>,
    /// The level the score reaches.
    pub level: Option<Level>,
    /// The reason, in words.
    pub reason: String,
}

/// The overall level of one area, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct OverallResult {
    /// The mean of the dimension scores.
    pub score: Decimal,
    /// The level that score reaches before any limiter.
    pub score_level: Level,
    /// The first dimension with the lowest level.
    pub weakest_dimension: String,
    /// That dimension's level.
    pub weakest_level: Level,
    /// The best level the limiter allows, when one is configured.
    pub cap: Option<Level>,
    /// The overall level: the score's level, held to the cap.
    pub level: Level,
    /// True when the limiter lowered the level.
    pub limited: bool,
    /// The reason, in words.
    pub reason: String,
}

/// The maturity of one area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AreaMaturity {
    /// The area code.
    pub area: String,
    /// Each dimension, in model order.
    pub dimensions: Vec<DimensionResult>,
    /// Criteria with no score at all, listed so missing evidence is explicit.
    pub unscored: Vec<String>,
    /// The overall level; `None` while any dimension is unscored.
    pub overall: Option<OverallResult>,
}

/// Scores every assessed area (in area-code order) under the model's rules.
pub fn assess(model: &MaturityModel, assessments: &Assessments) -> Vec<AreaMaturity> {
    let mut by_area: BTreeMap<&str, HashMap<&str, Vec<&Assessment>>> = BTreeMap::new();
    for row in &assessments.rows {
        by_area.entry(&row.area).or_default().entry(&row.criterion).or_default().push(row);
    }
    by_area.into_iter().map(|(area, rows)| assess_area(model, area, &rows)).collect()
}

pub(super) fn mean(values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let (sum, n) = values.fold((Decimal::ZERO, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| (sum / Decimal::from(n)).normalize())
}

/// A dimension's score from its scored criteria under the model's aggregation; `None` when
/// none is scored.
pub(super) fn dimension_score<'a>(
    model: &MaturityModel,
    scored: impl Iterator<Item = (&'a Criterion, Decimal)>,
) -> Option<Decimal> {
    match model.rules().aggregation {
        Aggregation::Mean => mean(scored.map(|(_, s)| s)),
        Aggregation::Percentage => {
            let (total, max) = scored.fold((Decimal::ZERO, Decimal::ZERO), |(t, m), (c, s)| (t + s, m + c.scale.max));
            (max > Decimal::ZERO).then(|| (total * Decimal::ONE_HUNDRED / max).normalize())
        }
    }
}

fn score_criterion(model: &MaturityModel, criterion: &Criterion, rows: &[&Assessment]) -> CriterionResult {
    let present = |s: &Source| rows.iter().any(|r| r.source == *s);
    let mut order = model.rules().source_precedence.iter().filter(|s| present(s));
    let source = order.next().copied();
    let outranked = order.copied().collect();
    let used: Vec<&&Assessment> = rows.iter().filter(|r| Some(r.source) == source).collect();
    CriterionResult {
        criterion: criterion.id.clone(),
        score: mean(used.iter().map(|r| r.score)),
        source,
        outranked,
        scores: used.len(),
        evidence: used.iter().filter_map(|r| r.evidence.clone()).collect(),
        evidence_missing: used.iter().any(|r| r.evidence.is_none()),
    }
}

fn assess_area(model: &MaturityModel, area: &str, rows: &HashMap<&str, Vec<&Assessment>>) -> AreaMaturity {
    let mut unscored = Vec::new();
    let dimensions: Vec<DimensionResult> = model
        .dimensions()
        .iter()
        .map(|dim| {
            let criteria: Vec<CriterionResult> = dim
                .criteria
                .iter()
                .map(|c| score_criterion(model, c, rows.get(c.id.as_str()).map_or(&[], Vec::as_slice)))
                .collect();
            unscored.extend(criteria.iter().filter(|c| c.score.is_none()).map(|c| c.criterion.clone()));
            let scored = dim.criteria.iter().zip(&criteria).filter_map(|(c, r)| Some((c, r.score?)));
            let score = dimension_score(model, scored.clone());
            let how = match model.rules().aggregation {
                Aggregation::Mean => "mean",
                Aggregation::Percentage => "percentage",
            };
            let n = scored.count();
            let level = score.map(|s| model.level_for(s).clone());
            let reason = match (score, &level) {
                (Some(s), Some(l)) => format!(
                    "{how} {s} of {n} of {} criteria reaches {} (from {}){}",
                    dim.criteria.len(),
                    l.name,
                    l.from,
                    next_level(model, l)
                        .map_or(String::new(), |next| format!(", below {} (from {})", next.name, next.from))
                ),
                _ => "no criterion scored".to_owned(),
            };
            DimensionResult { dimension: dim.id.clone(), criteria, score, level, reason }
        })
        .collect();
    let overall = overall(model, &dimensions);
    AreaMaturity { area: area.to_owned(), dimensions, unscored, overall }
}

fn next_level<'a>(model: &'a MaturityModel, level: &Level) -> Option<&'a Level> {
    model.levels().get(level.rank + 1)
}

fn overall(model: &MaturityModel, dimensions: &[DimensionResult]) -> Option<OverallResult> {
    let scored: Vec<(&DimensionResult, Decimal, &Level)> =
        dimensions.iter().map(|d| Some((d, d.score?, d.level.as_ref()?))).collect::<Option<_>>()?;
    let score = mean(scored.iter().map(|(_, s, _)| *s))?;
    let score_level = model.level_for(score).clone();
    let (weakest, _, weakest_level) = scored.iter().min_by_key(|(_, _, l)| l.rank)?;
    let cap = model.rules().max_levels_above_weakest.map(|above| {
        let rank = weakest_level.rank.saturating_add(above).min(model.levels().len() - 1);
        model.levels()[rank].clone()
    });
    let limited = cap.as_ref().is_some_and(|c| c.rank < score_level.rank);
    let level = match &cap {
        Some(c) if limited => c.clone(),
        _ => score_level.clone(),
    };
    let mut reason = format!("mean of {} dimension scores {score} reaches {}", scored.len(), score_level.name);
    if let (Some(c), Some(above)) = (&cap, model.rules().max_levels_above_weakest) {
        reason.push_str(&format!(
            "; weakest dimension {} is {}, so at most {} ({above} above)",
            weakest.dimension, weakest_level.name, c.name
        ));
        if limited {
            reason.push_str(&format!(": limited to {}", c.name));
        }
    }
    Some(OverallResult {
        score,
        score_level,
        weakest_dimension: weakest.dimension.clone(),
        weakest_level: (*weakest_level).clone(),
        cap,
        level,
        limited,
        reason,
    })
}

/// One spoke of a radar chart: a dimension's score for one area, and where it sits in the
/// model's range so every model draws on the same 0 to 1 radius.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RadarAxis {
    /// The dimension's id.
    pub dimension: String,
    /// Its display name.
    pub name: String,
    /// The dimension score.
    pub score: Option<Decimal>,
    /// The score's share of the model's range, 0 to 1.
    pub radius: Option<Decimal>,
    /// The level the score reaches.
    pub level: Option<String>,
}

/// The radar spokes of one area, in model order. The level rings sit at
/// [`MaturityModel::share_of_range`] of each level's `from`.
pub fn radar(model: &MaturityModel, area: &AreaMaturity) -> Vec<RadarAxis> {
    model
        .dimensions()
        .iter()
        .map(|dim| {
            let result = area.dimensions.iter().find(|d| d.dimension == dim.id);
            let score = result.and_then(|d| d.score);
            RadarAxis {
                dimension: dim.id.clone(),
                name: dim.name.clone(),
                score,
                radius: score.map(|s| model.share_of_range(s)),
                level: result.and_then(|d| d.level.as_ref()).map(|l| l.name.clone()),
            }
        })
        .collect()
}
