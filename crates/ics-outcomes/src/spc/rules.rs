//! The four special-cause rules of Making Data Count, as `ptd_calculate_point_type()` applies
//! them within one segment, and the label each point gets under their precedence.
//!
//! The helpers are public so that each rule can be audited on its own against the package's
//! helper tests. [`xmr`](super::xmr) applies the same rules to every segment in two passes
//! (`SegmentRules::classify`); a property test holds the two to the same labels.

use serde::{Deserialize, Serialize};

use super::batch::PointsMut;
use super::limits::{Bounds, side};
use super::{Improvement, PointType};
use crate::Error;

/// Which special-cause rules apply, and how long a shift or trend must run.
///
/// The defaults are Making Data Count's and NHSRplotthedots': a shift of 7 points on one side
/// of the centre line, a trend of 7 points each rising (or falling), and 2 of 3 points beyond
/// the near (2σ) limits. Some NHS tools, and the IHI's run-chart rules, count 6 points for a
/// shift or a trend; Western Electric's rules count 8 or 9. A chart must say which it used,
/// so the settings travel with every result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Points in a row on one side of the centre line that make a shift (6 to 9).
    pub shift: usize,
    /// Points in a row, each above (or below) the one before, that make a trend (6 to 9).
    pub trend: usize,
    /// Whether 2 of 3 points beyond the near limits, on one side, are a special cause.
    pub two_in_three: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { shift: RUN, trend: RUN, two_in_three: true }
    }
}

impl Rules {
    /// Refuses run lengths outside 6 to 9 points.
    ///
    /// # Errors
    /// [`Error::Argument`] naming the setting.
    pub fn check(&self) -> Result<(), Error> {
        for (name, length) in [("shift", self.shift), ("trend", self.trend)] {
            if !(6..=9).contains(&length) {
                return Err(Error::argument(name, length, "runs of 6 to 9 points are the lengths in use"));
            }
        }
        Ok(())
    }
}

super::label_enum! {
    /// Why a point is special (the package's `special_cause_type`), by the first rule that
    /// flags it: outside the limits, then a 7-point trend, then 2 in 3 close to a limit, then
    /// 7 points on one side of the mean.
    pub enum SpecialCause("special cause") {
        /// No rule flags the point.
        CommonCause => "Common Cause",
        /// Above the upper process limit.
        AboveUcl => "Above UCL",
        /// Below the lower process limit.
        BelowLcl => "Below LCL",
        /// Part of 7 points rising step by step. The label takes the sign of the step to the
        /// next point when that point is in a trend too, else of the step from the previous one.
        TrendIncreasing => "7 Point Trend (Increasing)",
        /// Part of 7 points falling step by step. By the package's quirk a zero step also reads
        /// Decreasing (the first of a tied pair between two rising trends), as does the peak
        /// shared by a rise and a fall (its next step falls).
        TrendDecreasing => "7 Point Trend (Decreasing)",
        /// Close to the upper limit in a window of 3 above the mean with 2 close points.
        TwoInThreeAbove => "2 in 3 Above CL",
        /// Close to the lower limit in a window of 3 below the mean with 2 close points.
        TwoInThreeBelow => "2 in 3 Below CL",
        /// Part of 7 or more consecutive points above the mean.
        SevenPointsAbove => "7 Points Above CL",
        /// Part of 7 or more consecutive points below the mean.
        SevenPointsBelow => "7 Points Below CL",
    }
}

impl SpecialCause {
    /// +1 for a label naming "Above" or "Increasing", −1 for "Below" or "Decreasing", and 0
    /// for common cause: the sign the package turns into improvement or concern.
    pub const fn direction(self) -> i8 {
        match self {
            SpecialCause::CommonCause => 0,
            SpecialCause::AboveUcl
            | SpecialCause::TrendIncreasing
            | SpecialCause::TwoInThreeAbove
            | SpecialCause::SevenPointsAbove => 1,
            SpecialCause::BelowLcl
            | SpecialCause::TrendDecreasing
            | SpecialCause::TwoInThreeBelow
            | SpecialCause::SevenPointsBelow => -1,
        }
    }
}

/// Points in a run (a trend or a shift).
const RUN: usize = 7;

/// Marks the last point of every 7 consecutive points with the same non-zero side of the mean
/// (1 there, else 0), as `ptd_seven_point_one_side_mean()`. A point on the mean (side 0)
/// breaks the run.
pub fn shift_ends(relative_to_mean: &[i8]) -> Vec<i8> {
    let mut run = 0;
    let sides = relative_to_mean;
    (0..sides.len())
        .map(|i| {
            let s = sides[i];
            run = if s != 0 && i > 0 && sides[i - 1] == s { run + 1 } else { usize::from(s != 0) };
            i8::from(run >= RUN)
        })
        .collect()
}

/// Marks the last point of every 7 points whose 6 steps all rise (+1) or all fall (−1), as
/// `ptd_seven_point_trend()`. A tie (a zero step) breaks the trend.
pub fn trend_ends(y: &[f64]) -> Vec<i8> {
    let (mut up, mut down) = (0, 0);
    (0..y.len())
        .map(|i| {
            let step = if i > 0 { side(y[i], y[i - 1]) } else { 0 };
            up = if step > 0 { up + 1 } else { 0 };
            down = if step < 0 { down + 1 } else { 0 };
            if up >= RUN - 1 {
                1
            } else if down >= RUN - 1 {
                -1
            } else {
                0
            }
        })
        .collect()
}

/// Spreads run-end markers back over the run: a point is part of a run when it or one of the
/// 6 points after it is a marked end, as `ptd_part_of_seven_trend()`.
pub fn part_of_run(ends: &[i8]) -> Vec<bool> {
    let mut part = vec![false; ends.len()];
    let mut next_end: Option<usize> = None;
    for i in (0..ends.len()).rev() {
        if ends[i] != 0 {
            next_end = Some(i);
        }
        part[i] = next_end.is_some_and(|e| e - i < RUN);
    }
    part
}

/// Whether each point lies in some window of 3 consecutive points with at least 2 close to a
/// limit and all 3 on the same non-zero side of the mean, as `ptd_two_in_three()` (from
/// v0.2.2, which stopped opposite sides from counting).
///
/// # Errors
/// [`Error::Argument`] when the two columns differ in length.
pub fn two_in_three_windows(close_to_limits: &[bool], relative_to_mean: &[i8]) -> Result<Vec<bool>, Error> {
    if close_to_limits.len() != relative_to_mean.len() {
        return Err(Error::argument(
            "relative_to_mean",
            format!("{} values", relative_to_mean.len()),
            format!("one side of the mean is needed for each of the {} points", close_to_limits.len()),
        ));
    }
    let mut hit = vec![false; close_to_limits.len()];
    for j in 0..close_to_limits.len().saturating_sub(2) {
        if two_in_three(&close_to_limits[j..j + 3], &relative_to_mean[j..j + 3]) {
            hit[j..j + 3].iter_mut().for_each(|h| *h = true);
        }
    }
    Ok(hit)
}

/// Whether a window of 3 points qualifies for 2 in 3: at least 2 close to a limit, and all 3
/// on the same non-zero side of the mean.
fn two_in_three(close: &[bool], sides: &[i8]) -> bool {
    let closes = close.iter().filter(|&&c| c).count();
    closes >= 2 && sides.iter().map(|&s| i32::from(s)).sum::<i32>().abs() == 3
}

/// The points flagged by 2 in 3: only the close points of a qualifying window
/// (`ptd_part_of_two_in_three()`).
///
/// # Errors
/// [`Error::Argument`] when the two columns differ in length.
pub fn part_of_two_in_three(close_to_limits: &[bool], relative_to_mean: &[i8]) -> Result<Vec<bool>, Error> {
    let hit = two_in_three_windows(close_to_limits, relative_to_mean)?;
    Ok(hit.iter().zip(close_to_limits).map(|(&h, &c)| h && c).collect())
}

/// The sign the package gives a trend point's label (+1 Increasing, else Decreasing): the step
/// to the next point when that point is also in a trend, otherwise the step from the previous
/// point. So a tie between two trends and the peak shared by a rise and a fall are labelled
/// Decreasing, as in the package.
fn trend_direction(y: &[f64], in_trend: impl Fn(usize) -> bool, i: usize) -> i8 {
    if i + 1 < y.len() && in_trend(i) && in_trend(i + 1) {
        side(y[i + 1], y[i])
    } else if i > 0 {
        side(y[i], y[i - 1])
    } else {
        0
    }
}

/// Flags a segment's points carry while their cause is decided.
const IN_TREND: u8 = 1;
const IN_SHIFT: u8 = 2;
const IN_WINDOW: u8 = 4;

/// Per-segment working flags, reused from segment to segment and series to series.
#[derive(Debug, Default)]
pub(crate) struct SegmentRules {
    flags: Vec<u8>,
}

impl SegmentRules {
    /// Classifies the points `y` of one segment against its limits, writing each point's side,
    /// limit flags, special cause and type into `out`. Unknown flags (NaN limits) count as
    /// false, as the package's `NA` conditions do.
    ///
    /// The same rules as [`trend_ends`] with [`part_of_run`], [`shift_ends`] with
    /// [`part_of_run`] and [`two_in_three_windows`], in two passes: a point is part of a
    /// 7-point trend or shift exactly when its run of equal steps or sides reaches 7 points,
    /// so the first pass marks each run as it ends, and each window of 3 as it completes;
    /// the second reads the causes off the marks.
    pub(crate) fn classify(
        &mut self,
        y: &[f64],
        limits: &impl Bounds,
        improvement: Improvement,
        rules: Rules,
        out: &mut PointsMut<'_>,
    ) {
        let n = y.len();
        let flags = &mut self.flags;
        flags.clear();
        flags.resize(n, 0);
        let sides = &mut out.relative_to_mean[..n];
        let outside = &mut out.outside_limits[..n];
        let close = &mut out.close_to_limits[..n];
        let mut shift = Run::new(IN_SHIFT, 0, rules.shift);
        let mut trend = Run::new(IN_TREND, 1, rules.trend - 1);
        for (i, &v) in y.iter().enumerate() {
            sides[i] = side(v, limits.centre(i));
            outside[i] = limits.outside(i, v);
            close[i] = limits.close(i, v);
            shift.next(flags, i, sides[i]);
            if i > 0 {
                trend.next(flags, i, side(v, y[i - 1]));
            }
            if rules.two_in_three && i >= 2 {
                let window = i - 2..=i;
                let closes = [i - 2, i - 1, i].map(|k| close[k] == Some(true));
                if two_in_three(&closes, &sides[window.clone()]) {
                    flags[window].iter_mut().for_each(|f| *f |= IN_WINDOW);
                }
            }
        }
        shift.next(flags, n, 0);
        trend.next(flags, n, 0);

        let type_of: [PointType; SpecialCause::ALL.len()] =
            std::array::from_fn(|k| PointType::new(SpecialCause::ALL[k], improvement));
        let in_trend = |i: usize| flags[i] & IN_TREND != 0;
        for i in 0..n {
            let above = sides[i] > 0;
            let cause = if outside[i] == Some(true) {
                if sides[i] == 1 { SpecialCause::AboveUcl } else { SpecialCause::BelowLcl }
            } else if in_trend(i) {
                if trend_direction(y, in_trend, i) == 1 {
                    SpecialCause::TrendIncreasing
                } else {
                    SpecialCause::TrendDecreasing
                }
            } else if flags[i] & IN_WINDOW != 0 && close[i] == Some(true) {
                if above { SpecialCause::TwoInThreeAbove } else { SpecialCause::TwoInThreeBelow }
            } else if flags[i] & IN_SHIFT != 0 {
                if above { SpecialCause::SevenPointsAbove } else { SpecialCause::SevenPointsBelow }
            } else {
                SpecialCause::CommonCause
            };
            out.special_cause[i] = cause;
            out.point_type[i] = type_of[cause.index()];
        }
    }
}

/// A run of equal, non-zero keys (steps or sides) followed point by point, which marks its
/// points with `bit` when it ends having reached `min` keys. Keys start at point `lead`, and
/// the `lead` points before a run are marked with it: a run of steps also covers the point
/// its first step leaves.
struct Run {
    bit: u8,
    lead: usize,
    min: usize,
    start: usize,
    key: i8,
}

impl Run {
    fn new(bit: u8, lead: usize, min: usize) -> Run {
        Run { bit, lead, min, start: lead, key: 0 }
    }

    /// Point `i` has `key`; 0 (or the end of the segment, `i == flags.len()`) ends any run.
    fn next(&mut self, flags: &mut [u8], i: usize, key: i8) {
        if key != 0 && key == self.key {
            return;
        }
        if self.key != 0 && i - self.start >= self.min {
            flags[self.start - self.lead..i].iter_mut().for_each(|f| *f |= self.bit);
        }
        self.start = i;
        self.key = key;
    }
}
