//! Scorecard explanations: the observed values of targets resting on small counts.
//!
//! An explanation publishes each target's observed and published value, its gap to the
//! requirement and its 95% interval. For a ratio metric with a small numerator, the value
//! and the interval together give the numerator back, so all of them are hidden, with the
//! target's SPC verdict (its point type and limits place the value too).
//!
//! The attainment, weight and a score of 0 or 1 stay: they say only on which side of the
//! requirement (or baseline) the value lies. A partial score strictly between 0 and 1 is a
//! linear function of the value (`baseline + score × (required − baseline)` gives it back),
//! so it is **withheld** ([`Contribution::withheld`](crate::Contribution::withheld)), with
//! its contribution, and so are the area's overall score, the score of its tier and of its
//! priority, which would give it back by differencing. (The league table's overall score for
//! the area carries the same information: score with binary attainment where that matters.)
//!
//! The SPC process mean and limits of every target are hidden too: they are computed over
//! the area's history, which may hold values suppressed in other periods' outputs, and
//! `mean × points − Σ published values` gives such a value back. Each value of the charted
//! history that rests on a small count is withheld, and the numerators carried are rounded
//! as the current one is. The variation and assurance icons stay. Explanations publish no totals of counts, so there is no secondary
//! suppression.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::{CellStatus, DisclosureRule};
use crate::{AreaScore, Error, Tier};

/// An explanation ready to publish: the area's result with small-count values hidden, and
/// what happened to each contribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtectedExplanation {
    /// The area's result; suppressed contributions have no observed or published value, gap,
    /// interval or counts, and a note saying why.
    pub area: AreaScore,
    /// One status per contribution, in order: published, rounded (counts rounded), or
    /// primary suppressed. For the analyst; outputs publish [`CellStatus::public`].
    pub status: Vec<CellStatus>,
    /// The rule applied.
    pub rule: DisclosureRule,
}

impl ProtectedExplanation {
    /// The explanation as published, with each row's public status
    /// ([`crate::table::TableKind::ProtectedExplanation`]).
    pub fn table(&self) -> crate::table::Table {
        let status: Vec<_> = self.status.iter().map(|s| s.public(&self.rule)).collect();
        self.area.protected_table(&status)
    }
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
    let mut withheld = Vec::new();
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
            c.spc = None;
            if e.score > Decimal::ZERO && e.score < Decimal::ONE {
                e.score = Decimal::ZERO;
                c.contribution = Decimal::ZERO;
                c.withheld = true;
                withheld.push((c.tier, c.priority.clone()));
                if let Some(note) = &mut e.note {
                    note.push_str("; partial score withheld");
                }
            }
            status.push(CellStatus::PrimarySuppressed);
        } else if let Some((numerator, denominator)) = c.counts {
            let rounded = (round(numerator, rule), round(denominator, rule));
            status.push(if rounded == (numerator, denominator) { CellStatus::Published } else { CellStatus::Rounded });
            c.counts = Some(rounded);
        } else {
            status.push(CellStatus::Published);
        }
    }
    for c in &mut out.contributions {
        let count_metric = c.count_metric;
        let Some(spc) = c.spc.as_mut() else { continue };
        (spc.mean, spc.lpl, spc.upl) = (None, None, None);
        // The charted history: each value resting on a small count is withheld.
        let series = &mut spc.series;
        for (value, numerator) in series.values.iter_mut().zip(&series.numerators) {
            let count = numerator.or(if count_metric { *value } else { None });
            if count.is_some_and(|count| small(count, rule)) {
                *value = None;
            }
        }
        series.numerators = series.numerators.iter().map(|n| n.map(|n| round(n, rule))).collect();
        // An exact denominator times a published value would give the numerator back.
        series.denominators = series.denominators.iter().map(|n| n.map(|n| round(n, rule))).collect();
    }
    if !withheld.is_empty() {
        out.overall = None;
        for (tier, priority) in &withheld {
            match tier {
                Tier::National => out.national = None,
                Tier::Local => out.local = None,
            }
            for p in out.priorities.iter_mut().filter(|p| &p.id == priority) {
                p.score = None;
            }
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
