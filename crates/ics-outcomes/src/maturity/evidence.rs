//! Criteria scored from outcome data rather than judgement: the share of framework targets
//! an ICS meets, or its oversight segment.

use std::collections::HashMap;
use std::fmt;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::assess::Assessment;
use super::model::{MaturityModel, Scale, Source};
use crate::error::{DataKind, Error, IssueKind, IssueLog};
use crate::oversight::IcsOversight;
use crate::scoring::Scorecard;
use crate::target::DecimalText;

/// How a criterion's score follows from outcome data. Both tables must be monotone (a
/// better outcome never scores lower), so better data never lowers a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "from", rename_all = "snake_case", deny_unknown_fields)]
pub enum Derivation {
    /// From the percentage of judged framework targets met: the score of the last band whose
    /// `from` the percentage reaches.
    TargetsMet {
        /// Bands in ascending order, the first from 0.
        bands: Vec<Band>,
    },
    /// From the oversight segment (1 is best): the score listed for the segment.
    OversightSegment {
        /// One score per segment that can occur.
        scores: Vec<SegmentScore>,
    },
}

/// A band of the targets-met percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The lowest percentage in the band.
    #[serde(with = "crate::number::text")]
    #[schemars(with = "DecimalText")]
    pub from: Decimal,
    /// The criterion score the band gives.
    #[serde(with = "crate::number::text")]
    #[schemars(with = "DecimalText")]
    pub score: Decimal,
}

/// The criterion score an oversight segment gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SegmentScore {
    /// The segment, 1 or more.
    pub segment: u8,
    /// The criterion score.
    #[serde(with = "crate::number::text")]
    #[schemars(with = "DecimalText")]
    pub score: Decimal,
}

impl Derivation {
    pub(super) fn check(&self, scale: Scale, path: &str, log: &mut IssueLog) {
        let off_scale = |score: Decimal| score < scale.min || score > scale.max;
        let invalid = |log: &mut IssueLog, field: String, value: String, reason: String| {
            log.push(format!("{path}.{field}"), value, IssueKind::Invalid { reason });
        };
        match self {
            Derivation::TargetsMet { bands } => {
                if bands.first().is_none_or(|b| !b.from.is_zero()) {
                    let first = bands.first().map(|b| b.from.to_string()).unwrap_or_default();
                    invalid(log, "bands[0].from".into(), first, "the first band starts at 0".into());
                }
                for (i, band) in bands.iter().enumerate() {
                    if off_scale(band.score) {
                        invalid(
                            log,
                            format!("bands[{i}].score"),
                            band.score.to_string(),
                            format!("off the scale {scale}"),
                        );
                    }
                    if band.from > Decimal::ONE_HUNDRED {
                        invalid(log, format!("bands[{i}].from"), band.from.to_string(), "above 100 percent".into());
                    }
                    if let Some(prev) = i.checked_sub(1).and_then(|p| bands.get(p)) {
                        if band.from <= prev.from {
                            let reason = format!("must be above the previous band's {}", prev.from);
                            invalid(log, format!("bands[{i}].from"), band.from.to_string(), reason);
                        }
                        if band.score < prev.score {
                            let reason =
                                format!("below the previous band's {}: more targets met never scores less", prev.score);
                            invalid(log, format!("bands[{i}].score"), band.score.to_string(), reason);
                        }
                    }
                }
            }
            Derivation::OversightSegment { scores } => {
                if scores.is_empty() {
                    invalid(log, "scores".into(), String::new(), "list the score of each segment".into());
                }
                for (i, entry) in scores.iter().enumerate() {
                    if off_scale(entry.score) {
                        invalid(
                            log,
                            format!("scores[{i}].score"),
                            entry.score.to_string(),
                            format!("off the scale {scale}"),
                        );
                    }
                    if entry.segment == 0 {
                        invalid(log, format!("scores[{i}].segment"), "0".into(), "segments start at 1".into());
                    }
                    for (j, other) in scores.iter().enumerate().take(i) {
                        if other.segment == entry.segment {
                            log.push(
                                format!("{path}.scores[{i}].segment"),
                                entry.segment.to_string(),
                                IssueKind::Duplicate { first: format!("{path}.scores[{j}].segment") },
                            );
                        } else if (other.segment < entry.segment) != (other.score >= entry.score) {
                            let reason = format!(
                                "segment {} scores {}: a better segment never scores less",
                                other.segment, other.score
                            );
                            log.push(
                                format!("{path}.scores[{i}].score"),
                                entry.score.to_string(),
                                IssueKind::Invalid { reason },
                            );
                        }
                    }
                }
            }
        }
    }

    /// The score and the evidence note the outcome data give, or `None` when the data the
    /// derivation needs is absent.
    fn score(&self, evidence: &OutcomeEvidence) -> Option<(Decimal, String)> {
        match self {
            Derivation::TargetsMet { bands } => {
                let share = evidence.targets_met_share()?;
                let band = bands.iter().rev().find(|b| share >= b.from)?;
                let note = format!(
                    "{} of {} judged targets met ({}%){}",
                    evidence.targets_met,
                    evidence.targets_judged,
                    share.round_dp(1).normalize(),
                    evidence.basis()
                );
                Some((band.score, note))
            }
            Derivation::OversightSegment { scores } => {
                let segment = evidence.segment?;
                let entry = scores.iter().find(|s| s.segment == segment)?;
                Some((entry.score, format!("oversight segment {segment}{}", evidence.basis())))
            }
        }
    }
}

impl fmt::Display for Derivation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Derivation::TargetsMet { .. } => "targets_met",
            Derivation::OversightSegment { .. } => "oversight_segment",
        })
    }
}

/// What outcome data say of one ICS: the inputs of derived criteria and of earned autonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeEvidence {
    /// The ICS code, as in the assessments.
    pub area: String,
    /// Framework targets met.
    pub targets_met: usize,
    /// Framework targets judged (met or not met).
    pub targets_judged: usize,
    /// The oversight segment (1 best), when segmented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<u8>,
    /// Where the figures come from, e.g. `national_ics_outcomes 2025/26`, quoted in evidence notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

impl OutcomeEvidence {
    /// The percentage of judged targets met (exact); `None` when no target was judged.
    pub fn targets_met_share(&self) -> Option<Decimal> {
        (self.targets_judged > 0).then(|| {
            (Decimal::from(self.targets_met) * Decimal::ONE_HUNDRED / Decimal::from(self.targets_judged)).normalize()
        })
    }

    fn basis(&self) -> String {
        self.basis.as_deref().map_or(String::new(), |b| format!(", {b}"))
    }
}

/// The outcome evidence of every ICS in a scorecard, with its segment from an ICS oversight
/// assessment of the same scorecard (after the financial override, as league tables use).
pub fn outcome_evidence(card: &Scorecard, oversight: &[IcsOversight]) -> Vec<OutcomeEvidence> {
    let segments: HashMap<&str, u8> =
        oversight.iter().map(|o| (o.code.as_str(), o.assessment.segments.segment)).collect();
    let basis = format!("{} version {}, {}", card.framework.0, card.framework.1, card.period);
    card.areas
        .iter()
        .map(|a| OutcomeEvidence {
            area: a.code.clone(),
            targets_met: a.targets_met,
            targets_judged: a.targets_judged,
            segment: segments.get(a.code.as_str()).copied(),
            basis: Some(basis.clone()),
        })
        .collect()
}

/// Outcome evidence as rows ([`crate::table::TableKind::OutcomeEvidence`]).
pub fn evidence_table(evidence: &[OutcomeEvidence]) -> crate::table::Table {
    let e = evidence;
    crate::table::TableBuilder::new(crate::table::TableKind::OutcomeEvidence, e.len())
        .text("code", e.iter().map(|e| Some(e.area.as_str())))
        .count("targets_met", e.iter().map(|e| Some(e.targets_met)))
        .count("targets_judged", e.iter().map(|e| Some(e.targets_judged)))
        .count("segment", e.iter().map(|e| e.segment.map(usize::from)))
        .text("basis", e.iter().map(|e| e.basis.as_deref()))
        .finish()
}

/// The columns of outcome evidence as a table holds them, in the order
/// [`evidence_from_text_rows`] reads them.
pub const EVIDENCE_COLUMNS: [&str; 5] = ["code", "targets_met", "targets_judged", "segment", "basis"];

/// Outcome evidence from a table's rows as text, one field per column of
/// [`EVIDENCE_COLUMNS`] (`None` where a cell is empty or the column is absent; `segment`
/// and `basis` may be). Whole numbers may be written as floats (`3.0`), as a frame with a
/// missing value writes them; `NaN` is an empty cell.
///
/// ```
/// use ics_outcomes::maturity::evidence_from_text_rows;
/// let rows = evidence_from_text_rows([[Some("QWO"), Some("3.0"), Some("4"), None, None]], "outcomes")?;
/// assert_eq!((rows[0].targets_met, rows[0].segment), (3, None));
/// assert!(evidence_from_text_rows([[Some("QWO"), Some("1.5"), Some("2"), None, None]], "outcomes").is_err());
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
///
/// # Errors
/// [`Error::Data`] (outcome evidence) naming each field that is missing or not a whole
/// number (`outcomes[0].targets_met`), then the checks every piece of evidence gets.
pub fn evidence_from_text_rows<'a>(
    rows: impl IntoIterator<Item = [Option<&'a str>; 5]>,
    source_name: &str,
) -> Result<Vec<OutcomeEvidence>, Error> {
    let mut log = IssueLog::default();
    let mut evidence = Vec::new();
    for (i, fields) in rows.into_iter().enumerate() {
        let [area, met, judged, segment, basis] =
            fields.map(|f| f.map(str::trim).filter(|f| !f.is_empty() && !f.eq_ignore_ascii_case("nan")));
        let mut whole = |name: &str, text: Option<&str>, required: bool| -> Option<u64> {
            let path = format!("outcomes[{i}].{name}");
            let Some(text) = text else {
                if required {
                    log.push(path, "", IssueKind::Missing);
                }
                return None;
            };
            let number =
                crate::number::parse_decimal(text).ok().filter(|d| d.fract().is_zero() && !d.is_sign_negative());
            let value = number.and_then(|d| u64::try_from(d).ok());
            if value.is_none() {
                log.push(path, text, IssueKind::Invalid { reason: "a whole number from 0 is needed".into() });
            }
            value
        };
        let (met, judged) = (whole("targets_met", met, true), whole("targets_judged", judged, true));
        let segment = whole("segment", segment, false);
        let segment = segment.map(|s| {
            u8::try_from(s).unwrap_or_else(|_| {
                log.push(
                    format!("outcomes[{i}].segment"),
                    s.to_string(),
                    IssueKind::Invalid { reason: "segments are 1 to 4".into() },
                );
                0
            })
        });
        if area.is_none() {
            log.push(format!("outcomes[{i}].area"), "", IssueKind::Missing);
        }
        if let (Some(area), Some(met), Some(judged)) = (area, met, judged) {
            evidence.push(OutcomeEvidence {
                area: area.to_owned(),
                targets_met: usize::try_from(met).unwrap_or(usize::MAX),
                targets_judged: usize::try_from(judged).unwrap_or(usize::MAX),
                segment,
                basis: basis.map(str::to_owned),
            });
        }
    }
    log.into_data(DataKind::OutcomeEvidence, source_name)?;
    check_evidence(&evidence, source_name)?;
    Ok(evidence)
}

/// Checks outcome evidence: one row per area, no more targets met than judged, segments of 1
/// or more.
pub(super) fn check_evidence(evidence: &[OutcomeEvidence], source_name: &str) -> Result<(), Error> {
    let mut log = IssueLog::default();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, row) in evidence.iter().enumerate() {
        let path = format!("outcomes[{i}]");
        if row.area.trim().is_empty() {
            log.push(format!("{path}.area"), "", IssueKind::Missing);
        } else if let Some(first) = seen.insert(&row.area, i) {
            log.push(
                format!("{path}.area"),
                row.area.as_str(),
                IssueKind::Duplicate { first: format!("outcomes[{first}]") },
            );
        }
        if row.targets_met > row.targets_judged {
            log.push(
                format!("{path}.targets_met"),
                row.targets_met.to_string(),
                IssueKind::Invalid { reason: format!("more than the {} targets judged", row.targets_judged) },
            );
        }
        if row.segment == Some(0) {
            log.push(format!("{path}.segment"), "0", IssueKind::Invalid { reason: "segments start at 1".into() });
        }
    }
    log.into_data(DataKind::OutcomeEvidence, source_name)
}

/// Scores every derived criterion of the model from each area's outcome evidence, as
/// [`Source::OutcomeData`] assessments with the figures as the evidence note. An area whose
/// data a derivation needs is absent (no target judged, no segment) gets no row for that
/// criterion, so the criterion falls back to the next source in precedence, or shows as
/// unscored.
///
/// # Errors
/// [`Error::Data`] naming `source_name`: a duplicate area, more targets met than judged, a
/// segment of 0, or a segment the derivation lists no score for.
pub fn derive_assessments(
    model: &MaturityModel,
    evidence: &[OutcomeEvidence],
    source_name: &str,
) -> Result<Vec<Assessment>, Error> {
    check_evidence(evidence, source_name)?;
    let mut log = IssueLog::default();
    let mut rows = Vec::new();
    for (i, area) in evidence.iter().enumerate() {
        for criterion in model.criteria() {
            let Some(derived) = &criterion.derived else { continue };
            match derived.score(area) {
                Some((score, note)) => rows.push(Assessment {
                    area: area.area.clone(),
                    criterion: criterion.id.clone(),
                    provider: None,
                    source: Source::OutcomeData,
                    score,
                    evidence: Some(note),
                }),
                None => {
                    if let (Derivation::OversightSegment { .. }, Some(segment)) = (derived, area.segment) {
                        log.push(
                            format!("outcomes[{i}].segment"),
                            segment.to_string(),
                            IssueKind::Invalid {
                                reason: format!("criterion {:?} lists no score for it", criterion.id),
                            },
                        );
                    }
                }
            }
        }
    }
    log.into_data(DataKind::Assessments, source_name)?;
    Ok(rows)
}
