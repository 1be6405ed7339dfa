//! Proposals to rebase a chart: sustained shifts that may mark a changed process, each with
//! the evidence a reviewer needs. Nothing is rebased here; a proposal is accepted by passing
//! its date back as a rebase, explicitly.

use serde::Serialize;

use super::{ChartBatch, ChartColumns, ChartOptions, chart_batch};
use crate::Error;

/// A run of points on one side of the centre line, long enough to propose a new part from
/// its first point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RebaseProposal {
    /// The series.
    pub series: usize,
    /// The run's first point, within its series (0-based): where the new part would start.
    pub start: usize,
    /// Points in the run.
    pub points: usize,
    /// +1 above the centre line, −1 below.
    pub side: i8,
    /// The centre line the run departs from.
    pub centre_before: f64,
    /// The centre line the new part would have.
    pub centre_after: f64,
    /// The new part's lower limit at its first point (NaN where it has none).
    pub lower_after: f64,
    /// The new part's upper limit at its first point.
    pub upper_after: f64,
}

impl RebaseProposal {
    /// The evidence in words, for a reviewer.
    pub fn evidence(&self) -> String {
        let side = if self.side > 0 { "above" } else { "below" };
        format!(
            "{} points in a row {side} the centre line {}: a new part from the first would have centre line {}",
            self.points,
            shown(self.centre_before),
            shown(self.centre_after)
        )
    }
}

fn shown(x: f64) -> String {
    crate::number::decimal_from_float(x).map_or_else(|_| x.to_string(), |d| d.round_dp(6).normalize().to_string())
}

/// Proposes a new part at the start of each run of at least `min_points` points on one side
/// of the centre line (the shift rule, held that long), in every series of `batch` charted
/// with `options`; the new part's centre line and limits are computed as they would be.
///
/// A run is broken by a gap and by a part's end; a run that starts a part proposes nothing.
///
/// # Errors
/// As [`chart_batch`], and [`Error::Argument`] when `min_points` is below the shift rule's
/// length (such a run is no special cause).
pub fn propose_rebase(
    batch: &ChartBatch<'_>,
    options: &ChartOptions,
    min_points: usize,
) -> Result<Vec<RebaseProposal>, Error> {
    if min_points < options.rules.shift {
        return Err(Error::argument(
            "min_points",
            min_points,
            format!("a shift needs at least {} points (the shift rule)", options.rules.shift),
        ));
    }
    let chart = chart_batch(batch, options)?;
    let mut proposals = Vec::new();
    for series in 0..batch.offsets.len() - 1 {
        let (begin, end) = (batch.offsets[series], batch.offsets[series + 1]);
        for (start, points) in runs(&chart, begin..end).filter(|&(_, points)| points >= min_points) {
            let mut flags = vec![false; end - begin];
            flags[start - begin] = true;
            if let Some(rebase) = batch.rebase {
                flags.iter_mut().zip(&rebase[begin..end]).for_each(|(f, r)| *f |= r);
            }
            let one = ChartBatch {
                values: crate::stats::Field::new(batch.values.name, &batch.values.values[begin..end]),
                denominators: batch.denominators.map(|d| crate::stats::Field::new(d.name, &d.values[begin..end])),
                offsets: &[0, end - begin],
                rebase: Some(&flags),
                targets: batch.targets.map(|t| &t[series..=series]),
            };
            let after = chart_batch(&one, options)?;
            let first = start - begin;
            proposals.push(RebaseProposal {
                series,
                start: first,
                points,
                side: chart.relative_to_centre[start],
                centre_before: chart.centre[start],
                centre_after: after.centre[first],
                lower_after: after.lower[first],
                upper_after: after.upper[first],
            });
        }
    }
    Ok(proposals)
}

/// The runs on one side of the centre line among the points `range`: each run's first point
/// and length, runs that start a part left out.
fn runs(chart: &ChartColumns, range: std::ops::Range<usize>) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut found = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let side = chart.relative_to_centre[i];
        let mut j = i + 1;
        while j < range.end && side != 0 && chart.relative_to_centre[j] == side && chart.part[j] == chart.part[i] {
            j += 1;
        }
        let starts_part = i == range.start || chart.part[i - 1] != chart.part[i];
        if side != 0 && !starts_part {
            found.push((i, j - i));
        }
        i = j;
    }
    found.into_iter()
}
