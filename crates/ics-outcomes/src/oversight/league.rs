//! League tables (rank by segment, then average score) and quarter-on-quarter movements.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Assessment, Override};

/// One provider's place in a league table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LeaguePosition {
    /// The provider's code.
    pub code: String,
    /// The segment ranked on: after the financial override, before segment 5 (`OF5000`).
    pub segment: u8,
    /// The published (2 dp) average ranked on within a segment.
    pub average: Decimal,
    /// Competition rank ("1, 2, 2, 4"): providers with equal segment and average share the best rank.
    pub rank: usize,
}

/// Ranks `(code, segment, published average)` entries, returning positions in input order.
///
/// ```
/// use ics_outcomes::oversight::league_table;
/// let d = |s: &str| s.parse().unwrap();
/// let table = league_table(&[("A", 3, d("1.90")), ("B", 1, d("2.00")), ("C", 3, d("1.90")), ("D", 4, d("1.00"))]);
/// let ranks: Vec<usize> = table.iter().map(|p| p.rank).collect();
/// assert_eq!(ranks, [2, 1, 2, 4]);
/// ```
pub fn league_table(entries: &[(&str, u8, Decimal)]) -> Vec<LeaguePosition> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    let key = |i: usize| (entries[i].1, entries[i].2);
    order.sort_by_key(|&i| key(i));
    let mut ranks = vec![0; entries.len()];
    for (position, &i) in order.iter().enumerate() {
        ranks[i] =
            if position > 0 && key(order[position - 1]) == key(i) { ranks[order[position - 1]] } else { position + 1 };
    }
    entries
        .iter()
        .zip(ranks)
        .map(|(&(code, segment, average), rank)| LeaguePosition { code: code.to_owned(), segment, average, rank })
        .collect()
}

/// Why a provider's final segment changed between quarters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum MovementCause {
    /// The average score moved the provider across a cut point (the unadjusted segment changed).
    ScoreChange {
        /// The previous quarter's unadjusted segment.
        from_segment: u8,
        /// This quarter's unadjusted segment.
        to_segment: u8,
        /// The previous published average.
        from_average: Decimal,
        /// This quarter's published average.
        to_average: Decimal,
    },
    /// The financial override now caps the segment and did not before.
    FinancialOverrideApplied,
    /// The financial override capped the segment before and no longer does.
    FinancialOverrideRemoved,
    /// The provider entered the recovery programme (segment 5).
    RecoveryProgrammeEntered,
    /// The provider left the recovery programme.
    RecoveryProgrammeLeft,
}

/// A change of final segment between two quarters, with its causes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Movement {
    /// The provider's code.
    pub code: String,
    /// The previous final segment.
    pub from: u8,
    /// This quarter's final segment.
    pub to: u8,
    /// Every cause found; more than one can apply.
    pub causes: Vec<MovementCause>,
}

fn capped(a: &Assessment) -> bool {
    a.segments.overrides.iter().any(|o| matches!(o, Override::FinancialCap { .. }))
}

fn in_recovery(a: &Assessment) -> bool {
    a.segments.overrides.iter().any(|o| matches!(o, Override::RecoveryProgramme { .. }))
}

/// The providers (matched by code) whose final segment changed, with the causes, in `current` order.
pub fn movements(previous: &[Assessment], current: &[Assessment]) -> Vec<Movement> {
    let before: std::collections::HashMap<&str, &Assessment> = previous.iter().map(|a| (a.code.as_str(), a)).collect();
    let mut moves = Vec::new();
    for now in current {
        let Some(then) = before.get(now.code.as_str()) else { continue };
        if then.segments.final_segment == now.segments.final_segment {
            continue;
        }
        let mut causes = Vec::new();
        if then.segments.unadjusted != now.segments.unadjusted {
            causes.push(MovementCause::ScoreChange {
                from_segment: then.segments.unadjusted,
                to_segment: now.segments.unadjusted,
                from_average: then.average_published,
                to_average: now.average_published,
            });
        }
        match (capped(then), capped(now)) {
            (false, true) => causes.push(MovementCause::FinancialOverrideApplied),
            (true, false) => causes.push(MovementCause::FinancialOverrideRemoved),
            _ => {}
        }
        match (in_recovery(then), in_recovery(now)) {
            (false, true) => causes.push(MovementCause::RecoveryProgrammeEntered),
            (true, false) => causes.push(MovementCause::RecoveryProgrammeLeft),
            _ => {}
        }
        moves.push(Movement {
            code: now.code.clone(),
            from: then.segments.final_segment,
            to: now.segments.final_segment,
            causes,
        });
    }
    moves
}
