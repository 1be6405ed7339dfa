//! Process limits of one segment from its baseline points, as `ptd_spc_standard()` computes
//! them.

use super::exact::ExactSum;

/// The XmR scaling constant: process limits are the mean ± 2.66 × the average moving range.
pub const LIMIT: f64 = 2.66;
/// Near limits are two thirds of the way out: the mean ± 2 × (2.66 / 3) × the average moving
/// range (the double 1.7733333333333334, as the package computes it).
pub const NEAR_LIMIT: f64 = 2.0 * (LIMIT / 3.0);
/// Moving ranges at or above this multiple of their mean are screened out before the limits
/// are set (when screening is on).
pub const SCREEN: f64 = 3.267;

/// Centre line, average moving range and limits of one segment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) mean: f64,
    pub(crate) amr: f64,
    pub(crate) lpl: f64,
    pub(crate) upl: f64,
    pub(crate) nlpl: f64,
    pub(crate) nupl: f64,
}

impl Limits {
    /// Limits from the baseline points, in time order: their mean (missing values left out)
    /// and [`average_moving_range`].
    pub(crate) fn from_baseline(baseline: &[f64], screen: bool, sum: &mut ExactSum) -> Limits {
        sum.set(baseline.iter().copied().filter(|v| !v.is_nan()));
        let mean = sum.mean();
        let amr = average_moving_range(baseline, screen, sum);
        Limits {
            mean,
            amr,
            lpl: mean - LIMIT * amr,
            upl: mean + LIMIT * amr,
            nlpl: mean - NEAR_LIMIT * amr,
            nupl: mean + NEAR_LIMIT * amr,
        }
    }
}

/// The average moving range of `values` in time order: `|Δy|` between consecutive values,
/// a range next to a missing (NaN) value not taken, so a gap breaks the series rather than
/// joining its neighbours; with `screen`, one pass drops the ranges `>= 3.267 ×` their mean
/// (keeping strictly less) and the average is taken again, so that when every range is zero
/// none is kept and the result is NaN, as in the package.
pub(crate) fn average_moving_range(values: &[f64], screen: bool, sum: &mut ExactSum) -> f64 {
    let ranges = || values.windows(2).map(|w| (w[1] - w[0]).abs()).filter(|r| !r.is_nan());
    sum.set(ranges());
    let amr = sum.mean();
    if !screen {
        return amr;
    }
    let cutoff = SCREEN * amr;
    sum.set(ranges().filter(|&r| r < cutoff));
    sum.mean()
}

/// What the special-cause rules read a point against: its centre line, and whether it lies
/// beyond the process limits or the near limits (unknown where there are none).
pub(crate) trait Bounds {
    /// The centre line at point `i`.
    fn centre(&self, i: usize) -> f64;
    /// Whether `y`, point `i`, is beyond a process limit (strictly).
    fn outside(&self, i: usize, y: f64) -> Option<bool>;
    /// Whether `y`, point `i`, is beyond a near limit but not outside. A point on the upper
    /// limit is close; a point on the upper near limit is not.
    fn close(&self, i: usize, y: f64) -> Option<bool>;
}

/// One segment's limits hold at every point; they are unknown when the limits are NaN.
impl Bounds for Limits {
    fn centre(&self, _: usize) -> f64 {
        self.mean
    }

    fn outside(&self, _: usize, y: f64) -> Option<bool> {
        (!self.amr.is_nan()).then_some(y > self.upl || y < self.lpl)
    }

    fn close(&self, i: usize, y: f64) -> Option<bool> {
        self.outside(i, y).map(|outside| !outside && (y < self.nlpl || y > self.nupl))
    }
}

/// The side of the centre line: +1 above, −1 below, 0 exactly on it (`sign(y − mean)`).
pub(crate) fn side(y: f64, mean: f64) -> i8 {
    let d = y - mean;
    if d > 0.0 {
        1
    } else if d < 0.0 {
        -1
    } else {
        0
    }
}
