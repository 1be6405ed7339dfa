//! ICS maturity models: dimensions of criteria scored on a scale, named levels, and
//! assessments scored into a level per dimension and overall, with the reasons.
//!
//! The Hewitt Review asks for measures of ICS maturity so that the most mature systems can
//! earn more autonomy. A [`MaturityModelDef`] (TOML or JSON, decimals written as strings) is
//! checked into a [`MaturityModel`]; [`Assessments`] (a score per area and criterion, with
//! its [`Source`] and evidence note) are checked against it; [`assess`] gives each area a
//! level per dimension and overall, each with a breakdown that reproduces it.
//!
//! Scoring, all exact [`Decimal`] arithmetic (a division keeps 28 significant digits):
//! - **criterion**: of the sources present, the first in the rules' `source_precedence`
//!   is used; several providers' scores from that source are averaged (the NHS England
//!   digital maturity assessment scores a system as the mean of its providers).
//! - **criterion → dimension**: [`Aggregation::Mean`] of the criterion scores, or
//!   [`Aggregation::Percentage`], `Σ scores / Σ scale maxima × 100`, as CQC does.
//! - **dimension → level**: the best level whose `from` threshold the score reaches.
//! - **overall**: the mean of the dimension scores meets the same thresholds; an optional
//!   limiter holds it at most `max_levels_above_weakest` levels above the weakest dimension.
//!
//! Two models are embedded: [`hewitt_model`] and [`digital_model`].
//!
//! ```
//! use ics_outcomes::maturity::{Assessment, Assessments, Source, assess, digital_model};
//! use rust_decimal::Decimal;
//!
//! let model = digital_model();
//! let rows = model
//!     .criteria()
//!     .map(|c| Assessment {
//!         area: "QWO".into(),
//!         criterion: c.id.clone(),
//!         provider: None,
//!         source: Source::SelfAssessment,
//!         score: Decimal::from(3),
//!         evidence: Some("board paper".into()),
//!     })
//!     .collect();
//! let assessments = Assessments::new(&model, rows, "<example>")?;
//! let results = assess(&model, &assessments);
//! let overall = results[0].overall.as_ref().expect("every dimension scored");
//! assert_eq!(overall.level.name, "maturing");
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, IssueKind, IssueLog};
use crate::files::{Format, parse};
use crate::purpose::{Principle, Purpose};
use crate::target::DecimalText;

/// The model on the six Hewitt principles and four statutory purposes (TOML).
pub const HEWITT_TOML: &str = include_str!("../data/maturity/hewitt.toml");

/// The model on the seven "What Good Looks Like" digital dimensions (TOML).
pub const DIGITAL_TOML: &str = include_str!("../data/maturity/digital.toml");

/// The level names of the NHS England ICS maturity matrix, lowest first: the default levels.
pub const DEFAULT_LEVELS: [&str; 4] = ["emerging", "developing", "maturing", "thriving"];

/// The embedded model on the Hewitt principles and statutory purposes.
pub fn hewitt_model() -> MaturityModel {
    MaturityModel::from_text(HEWITT_TOML, "hewitt.toml").unwrap_or_else(|e| unreachable!("embedded model: {e}"))
}

/// The embedded model on the "What Good Looks Like" digital dimensions.
pub fn digital_model() -> MaturityModel {
    MaturityModel::from_text(DIGITAL_TOML, "digital.toml").unwrap_or_else(|e| unreachable!("embedded model: {e}"))
}

/// The JSON Schema (draft 2020-12) that maturity model files satisfy.
pub fn maturity_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<MaturityModelDef>()
        .to_value()
}

/// A maturity model as written in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaturityModelDef {
    /// Identifier of the model.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Free text for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The scale of every criterion that does not set its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    /// Named levels, lowest first; when empty, [`DEFAULT_LEVELS`] splitting the score range
    /// into four equal parts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelDef>,
    /// How scores become levels.
    #[serde(default)]
    pub rules: ScoringRules,
    /// The dimensions, each with its criteria.
    pub dimensions: Vec<DimensionDef>,
}

/// The range of scores a criterion takes, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// The lowest score.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "DecimalText")]
    pub min: Decimal,
    /// The highest score.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "DecimalText")]
    pub max: Decimal,
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.min, self.max)
    }
}

/// A named level as written in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    /// The level's name, e.g. `maturing`.
    pub name: String,
    /// The lowest score that reaches it; the first level starts at the lowest possible score.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "DecimalText")]
    pub from: Decimal,
}

/// How criterion scores make a dimension score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// The mean of the criterion scores, on the criteria's common scale.
    #[default]
    Mean,
    /// `Σ scores / Σ scale maxima × 100`, as CQC turns quality-statement scores into a
    /// percentage; level thresholds are then percentages.
    Percentage,
}

/// Where a score comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The system's own assessment.
    SelfAssessment,
    /// An assessment by peers.
    PeerReview,
    /// Derived from outcome data, e.g. the share of framework targets met.
    OutcomeData,
}

impl Source {
    /// Every source, in the default precedence.
    pub const ALL: [Source; 3] = [Source::OutcomeData, Source::PeerReview, Source::SelfAssessment];
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::SelfAssessment => "self_assessment",
            Source::PeerReview => "peer_review",
            Source::OutcomeData => "outcome_data",
        })
    }
}

/// The scoring rules of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoringRules {
    /// Criterion scores to a dimension score.
    #[serde(default)]
    pub aggregation: Aggregation,
    /// The limiter: the overall level is at most this many levels above the weakest
    /// dimension's (none when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_levels_above_weakest: Option<usize>,
    /// Which source counts when a criterion has several: the first present. Lists every
    /// source once; by default outcome data, then peer review, then self assessment.
    #[serde(default = "default_precedence")]
    pub source_precedence: Vec<Source>,
}

fn default_precedence() -> Vec<Source> {
    Source::ALL.to_vec()
}

impl Default for ScoringRules {
    fn default() -> Self {
        ScoringRules {
            aggregation: Aggregation::Mean,
            max_levels_above_weakest: None,
            source_precedence: default_precedence(),
        }
    }
}

/// A dimension as written in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionDef {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Statutory purposes the dimension measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Purpose>,
    /// Hewitt principles the dimension measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principles: Vec<Principle>,
    /// At least one criterion.
    #[serde(default)]
    pub criteria: Vec<CriterionDef>,
}

/// A criterion as written in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionDef {
    /// Unique id across the model.
    pub id: String,
    /// What is judged.
    pub name: String,
    /// Overrides the model's scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
}

/// A checked level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Level {
    /// Position, 0 for the lowest.
    pub rank: usize,
    /// Name, e.g. `thriving`.
    pub name: String,
    /// The lowest score that reaches it.
    pub from: Decimal,
}

/// A checked criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// Unique id.
    pub id: String,
    /// What is judged.
    pub name: String,
    /// Its scale, defaults resolved.
    pub scale: Scale,
}

/// A checked dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Statutory purposes measured.
    pub purposes: Vec<Purpose>,
    /// Hewitt principles measured.
    pub principles: Vec<Principle>,
    /// At least one criterion.
    pub criteria: Vec<Criterion>,
}

/// A checked maturity model: unique ids, valid scales, levels in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaturityModel {
    def: MaturityModelDef,
    levels: Vec<Level>,
    dimensions: Vec<Dimension>,
    criteria: HashMap<String, (usize, usize)>,
}

impl MaturityModel {
    /// Checks a definition, reporting every problem at once with its path and value.
    ///
    /// # Errors
    /// [`Error::Validation`] naming `source_name`: empty or duplicate ids, a dimension with
    /// no criteria, a scale whose minimum is not below its maximum, differing scales under
    /// the mean, a negative scale under percentages, levels out of order or out of range, a
    /// source precedence that is not every source once.
    pub fn new(def: MaturityModelDef, source_name: &str) -> Result<Self, Error> {
        let mut log = IssueLog::default();
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut check_id = |id: &str, path: String, log: &mut IssueLog| {
            if id.trim().is_empty() {
                log.push(path, id, IssueKind::Invalid { reason: "an id must not be empty".into() });
            } else if let Some(first) = seen.get(id) {
                log.push(path, id, IssueKind::Duplicate { first: first.clone() });
            } else {
                seen.insert(id.to_owned(), path);
            }
        };
        check_id(&def.id, "id".into(), &mut log);
        if let Some(scale) = def.scale {
            check_scale(scale, "scale", def.rules.aggregation, &mut log);
        }
        if def.dimensions.is_empty() {
            log.push("dimensions", "", IssueKind::Invalid { reason: "a model needs at least one dimension".into() });
        }
        let mut dimensions = Vec::with_capacity(def.dimensions.len());
        let mut criteria = HashMap::new();
        let mut common: Option<(Scale, String)> = None;
        for (d, dim) in def.dimensions.iter().enumerate() {
            let path = format!("dimensions[{d}]");
            check_id(&dim.id, format!("{path}.id"), &mut log);
            if dim.criteria.is_empty() {
                log.push(
                    format!("{path}.criteria"),
                    "",
                    IssueKind::Invalid { reason: "a dimension needs at least one criterion".into() },
                );
            }
            let mut checked = Vec::with_capacity(dim.criteria.len());
            for (c, crit) in dim.criteria.iter().enumerate() {
                let cpath = format!("{path}.criteria[{c}]");
                check_id(&crit.id, format!("{cpath}.id"), &mut log);
                if let Some(scale) = crit.scale {
                    check_scale(scale, &format!("{cpath}.scale"), def.rules.aggregation, &mut log);
                }
                let Some(scale) = crit.scale.or(def.scale) else {
                    log.push(format!("{cpath}.scale"), "", IssueKind::Missing);
                    continue;
                };
                if def.rules.aggregation == Aggregation::Mean {
                    match &common {
                        Some((first, first_path)) if *first != scale => log.push(
                            format!("{cpath}.scale"),
                            scale.to_string(),
                            IssueKind::Invalid {
                                reason: format!(
                                    "the mean needs one scale for every criterion; {first_path} has {first}"
                                ),
                            },
                        ),
                        Some(_) => {}
                        None => common = Some((scale, format!("{cpath}.scale"))),
                    }
                }
                criteria.entry(crit.id.clone()).or_insert((d, checked.len()));
                checked.push(Criterion { id: crit.id.clone(), name: crit.name.clone(), scale });
            }
            dimensions.push(Dimension {
                id: dim.id.clone(),
                name: dim.name.clone(),
                purposes: dim.purposes.clone(),
                principles: dim.principles.clone(),
                criteria: checked,
            });
        }
        let range = match (def.rules.aggregation, common) {
            (Aggregation::Percentage, _) => Some((Decimal::ZERO, Decimal::ONE_HUNDRED)),
            (Aggregation::Mean, Some((scale, _))) => Some((scale.min, scale.max)),
            (Aggregation::Mean, None) => None,
        };
        let levels = check_levels(&def.levels, range, &mut log);
        let precedence = &def.rules.source_precedence;
        if precedence.len() != Source::ALL.len() || Source::ALL.iter().any(|s| !precedence.contains(s)) {
            let given: Vec<String> = precedence.iter().map(Source::to_string).collect();
            log.push(
                "rules.source_precedence",
                given.join(", "),
                IssueKind::Invalid {
                    reason: "must list outcome_data, peer_review and self_assessment once each".into(),
                },
            );
        }
        log.into_validation(source_name)?;
        Ok(MaturityModel { def, levels, dimensions, criteria })
    }

    /// Parses and checks a model from TOML or JSON text; `source_name` (a file name)
    /// chooses the format and names the file in errors.
    ///
    /// # Errors
    /// [`Error::File`] when the text does not parse, else as [`MaturityModel::new`].
    pub fn from_text(text: &str, source_name: &str) -> Result<Self, Error> {
        MaturityModel::new(parse(text, Format::detect(source_name, text), source_name)?, source_name)
    }

    /// The definition the model was built from.
    pub fn def(&self) -> &MaturityModelDef {
        &self.def
    }

    /// The levels, lowest first, defaults resolved.
    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    /// The dimensions in file order.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// The scoring rules.
    pub fn rules(&self) -> &ScoringRules {
        &self.def.rules
    }

    /// Every criterion, dimension by dimension.
    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.dimensions.iter().flat_map(|d| d.criteria.iter())
    }

    /// The criterion with this id.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.get(id).and_then(|&(d, c)| self.dimensions.get(d)?.criteria.get(c))
    }

    /// The best level a score reaches (the lowest level when it reaches none).
    pub fn level_for(&self, score: Decimal) -> &Level {
        let rank = self.levels.iter().rposition(|l| score >= l.from).unwrap_or(0);
        &self.levels[rank]
    }
}

fn check_scale(scale: Scale, path: &str, aggregation: Aggregation, log: &mut IssueLog) {
    if scale.min >= scale.max {
        log.push(
            path,
            scale.to_string(),
            IssueKind::Invalid { reason: "the minimum must be below the maximum".into() },
        );
    } else if aggregation == Aggregation::Percentage && scale.min < Decimal::ZERO {
        log.push(
            path,
            scale.to_string(),
            IssueKind::Invalid { reason: "a percentage needs scores of zero or more".into() },
        );
    }
}

fn check_levels(defs: &[LevelDef], range: Option<(Decimal, Decimal)>, log: &mut IssueLog) -> Vec<Level> {
    let Some((low, high)) = range else {
        return Vec::new();
    };
    if defs.is_empty() {
        let step = (high - low) / Decimal::from(DEFAULT_LEVELS.len());
        return DEFAULT_LEVELS
            .iter()
            .enumerate()
            .map(|(rank, name)| Level { rank, name: (*name).to_owned(), from: low + step * Decimal::from(rank) })
            .collect();
    }
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (i, level) in defs.iter().enumerate() {
        let path = format!("levels[{i}]");
        if level.name.trim().is_empty() {
            log.push(format!("{path}.name"), "", IssueKind::Invalid { reason: "a level needs a name".into() });
        } else if let Some(first) = names.insert(&level.name, i) {
            log.push(
                format!("{path}.name"),
                level.name.as_str(),
                IssueKind::Duplicate { first: format!("levels[{first}].name") },
            );
        }
        if i == 0 && level.from != low {
            log.push(
                format!("{path}.from"),
                level.from.to_string(),
                IssueKind::Invalid { reason: format!("the first level starts at the lowest score, {low}") },
            );
        } else if level.from > high {
            log.push(
                format!("{path}.from"),
                level.from.to_string(),
                IssueKind::Invalid { reason: format!("above the highest score, {high}") },
            );
        }
        if let Some(previous) = i.checked_sub(1).and_then(|p| defs.get(p))
            && level.from <= previous.from
        {
            log.push(
                format!("{path}.from"),
                level.from.to_string(),
                IssueKind::Invalid { reason: format!("must be above the previous level's {}", previous.from) },
            );
        }
    }
    defs.iter().enumerate().map(|(rank, l)| Level { rank, name: l.name.clone(), from: l.from }).collect()
}

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
    #[serde(with = "rust_decimal::serde::str")]
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
        log.into_data(source_name)?;
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
}

/// How one criterion was scored for one area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

fn mean(values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let (sum, n) = values.fold((Decimal::ZERO, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| (sum / Decimal::from(n)).normalize())
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
        .dimensions
        .iter()
        .map(|dim| {
            let criteria: Vec<CriterionResult> = dim
                .criteria
                .iter()
                .map(|c| score_criterion(model, c, rows.get(c.id.as_str()).map_or(&[], Vec::as_slice)))
                .collect();
            unscored.extend(criteria.iter().filter(|c| c.score.is_none()).map(|c| c.criterion.clone()));
            let scored = dim.criteria.iter().zip(&criteria).filter_map(|(c, r)| Some((c, r.score?)));
            let (score, how) = match model.rules().aggregation {
                Aggregation::Mean => (mean(scored.clone().map(|(_, s)| s)), "mean"),
                Aggregation::Percentage => {
                    let (total, max) =
                        scored.clone().fold((Decimal::ZERO, Decimal::ZERO), |(t, m), (c, s)| (t + s, m + c.scale.max));
                    ((max > Decimal::ZERO).then(|| (total * Decimal::ONE_HUNDRED / max).normalize()), "percentage")
                }
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
    model.levels.get(level.rank + 1)
}

fn overall(model: &MaturityModel, dimensions: &[DimensionResult]) -> Option<OverallResult> {
    let scored: Vec<(&DimensionResult, Decimal, &Level)> =
        dimensions.iter().map(|d| Some((d, d.score?, d.level.as_ref()?))).collect::<Option<_>>()?;
    let score = mean(scored.iter().map(|(_, s, _)| *s))?;
    let score_level = model.level_for(score).clone();
    let (weakest, _, weakest_level) = scored.iter().min_by_key(|(_, _, l)| l.rank)?;
    let cap = model.rules().max_levels_above_weakest.map(|above| {
        let rank = weakest_level.rank.saturating_add(above).min(model.levels.len() - 1);
        model.levels[rank].clone()
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
