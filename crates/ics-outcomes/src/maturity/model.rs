//! The maturity model: its definition as written in a file and the checked model.

use std::collections::HashMap;
use std::fmt;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::DEFAULT_LEVELS;
use super::autonomy::AutonomyRule;
use super::divergence::DivergenceRule;
use super::evidence::Derivation;
use crate::error::{Error, IssueKind, IssueLog};
use crate::files::{Format, parse};
use crate::purpose::{Principle, Purpose};
use crate::target::DecimalText;

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
    /// The earned-autonomy rule; when absent, [`AutonomyRule::recommended`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autonomy: Option<AutonomyRule>,
    /// The dimensions, each with its criteria.
    pub dimensions: Vec<DimensionDef>,
}

/// The range of scores a criterion takes, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// The lowest score.
    #[serde(with = "crate::number::text")]
    #[schemars(with = "DecimalText")]
    pub min: Decimal,
    /// The highest score.
    #[serde(with = "crate::number::text")]
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
    #[serde(with = "crate::number::text")]
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

impl std::str::FromStr for Source {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Source::ALL
            .into_iter()
            .find(|s| s.to_string() == text)
            .ok_or_else(|| "not a source: outcome_data, peer_review or self_assessment".to_owned())
    }
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
    /// When self-assessment and peer review diverge enough to be flagged.
    #[serde(default)]
    pub divergence: DivergenceRule,
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
            divergence: DivergenceRule::default(),
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
    /// How the score follows from outcome data, for a criterion not left to judgement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<Derivation>,
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
    /// How the score follows from outcome data, when it does.
    pub derived: Option<Derivation>,
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
    range: (Decimal, Decimal),
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
                if let Some(derived) = &crit.derived {
                    derived.check(scale, &format!("{cpath}.derived"), &mut log);
                }
                criteria.entry(crit.id.clone()).or_insert((d, checked.len()));
                checked.push(Criterion {
                    id: crit.id.clone(),
                    name: crit.name.clone(),
                    scale,
                    derived: crit.derived.clone(),
                });
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
        def.rules.divergence.check("rules.divergence", &mut log);
        if let Some(rule) = &def.autonomy {
            rule.check(&levels, "autonomy", &mut log);
        }
        log.into_validation(source_name)?;
        let range = range.unwrap_or_default();
        Ok(MaturityModel { def, range, levels, dimensions, criteria })
    }

    /// Parses and checks a model from TOML or JSON text; `source_name` (a file name)
    /// chooses the format and names the file in errors.
    ///
    /// # Errors
    /// [`Error::File`] when the text does not parse, else as [`MaturityModel::new`].
    pub fn from_text(text: &str, source_name: &str) -> Result<Self, Error> {
        MaturityModel::new(parse(text, Format::detect(source_name, text), source_name)?, source_name)
    }

    /// The lowest and highest dimension score: the criteria's common scale under the mean,
    /// 0 to 100 under percentages.
    pub fn range(&self) -> (Decimal, Decimal) {
        self.range
    }

    /// Where a score sits in the range, 0 at the lowest and 1 at the highest: the radius of a
    /// radar chart on which every model's levels are rings.
    pub fn share_of_range(&self, score: Decimal) -> Decimal {
        let (low, high) = self.range;
        ((score - low) / (high - low)).normalize()
    }

    /// The earned-autonomy rule the model states, or [`AutonomyRule::recommended`].
    pub fn autonomy(&self) -> AutonomyRule {
        self.def.autonomy.clone().unwrap_or_else(AutonomyRule::recommended)
    }

    /// The level with this name.
    pub fn level(&self, name: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.name == name)
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
