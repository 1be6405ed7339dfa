//! Scorecard explanations: the observed values of targets resting on small counts.
//!
//! An explanation publishes each target's observed and published value, its gap to the
//! requirement and its 95% interval. For a ratio metric with a small numerator, the value
//! and the interval together give the numerator back, so all of them are hidden. The
//! score, attainment, weight and contribution stay: they are judgements, not counts, and
//! the explanation must still add up exactly to the overall score. (Under partial credit, a
//! score strictly between 0 and 1 is a linear function of the value; publish binary
//! attainment where that matters.) Explanations publish no totals of counts, so there is no
//! secondary suppression.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::{CellStatus, DisclosureRule};
use crate::{AreaScore, Error};

/// An explanation ready to publish: the area's result with small-count values hidden, and
/// what happened to each contribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtectedExplanation {
    /// The area's result; suppressed contributions have no observed or published value, gap,
    /// interval or counts, and a note saying why.
    pub area: AreaScore,
    /// One status per contribution, in order: published, rounded (counts rounded), or
    /// primary suppressed.
    pub status: Vec<CellStatus>,
    /// The rule applied.
    pub rule: DisclosureRule,
}

/// Hides what a small numerator would reveal in an area's explanation.
///
/// A contribution is suppressed when its observation's numerator is small under `rule`;
/// contributions without counts (values given directly) are published as they are. With
/// [`DisclosureRule::round_to`], the counts carried are rounded.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions};
/// use ics_outcomes::disclosure::{protect_explanation, CellStatus, DisclosureRule};
/// let card = score(&defaults::national_framework(), &defaults::local_frameworks(),
///     &defaults::observations(), &defaults::geography(), &ScoreOptions::default())?;
/// // A threshold far below the synthetic counts hides nothing; every total still adds up.
/// let safe = protect_explanation(card.area("QOP")?, &DisclosureRule::default())?;
/// assert!(safe.status.iter().all(|s| *s == CellStatus::Published));
/// assert_eq!(safe.area.overall, card.area("QOP")?.overall);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn protect_explanation(area: &AreaScore, rule: &DisclosureRule) -> Result<ProtectedExplanation, Error> {
    rule.check()?;
    let mut out = area.clone();
    let mut status = Vec::with_capacity(out.contributions.len());
    for c in &mut out.contributions {
        // A count metric's value is the count itself; a ratio's rests on its numerator.
        let count = match (c.counts, c.count_metric) {
            (Some((numerator, _)), _) => numerator,
            (None, true) => match c.evaluation.observed {
                Some(value) => value,
                None => {
                    status.push(CellStatus::Published);
                    continue;
                }
            },
            (None, false) => {
                status.push(CellStatus::Published);
                continue;
            }
        };
        if small(count, rule) {
            let e = &mut c.evaluation;
            e.observed = None;
            e.published = None;
            e.gap = None;
            let what = if c.counts.is_some() { "numerator" } else { "count" };
            let reason = format!("suppressed: {what} of 1 to {} (disclosure control)", rule.threshold);
            e.note = Some(match e.note.take() {
                Some(note) => format!("{note}; {reason}"),
                None => reason,
            });
            c.benchmark = None;
            c.counts = None;
            status.push(CellStatus::PrimarySuppressed);
        } else if let Some((numerator, denominator)) = c.counts {
            let rounded = (round(numerator, rule), round(denominator, rule));
            status.push(if rounded == (numerator, denominator) { CellStatus::Published } else { CellStatus::Rounded });
            c.counts = Some(rounded);
        } else {
            status.push(CellStatus::Published);
        }
    }
    Ok(ProtectedExplanation { area: out, status, rule: *rule })
}

fn small(count: Decimal, rule: &DisclosureRule) -> bool {
    (count.is_zero() && rule.suppress_zeros) || (count > Decimal::ZERO && count <= Decimal::from(rule.threshold))
}

/// Rounds a non-negative count to the rule's multiple (halves up); fractional or
/// out-of-range counts are rounded through their nearest whole number.
fn round(count: Decimal, rule: &DisclosureRule) -> Decimal {
    match (rule.round_to, count.round().to_u64()) {
        (Some(_), Some(whole)) => Decimal::from(rule.round(whole)),
        _ => count,
    }
}
