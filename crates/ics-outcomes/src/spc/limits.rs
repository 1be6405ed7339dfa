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
    /// Limits from the baseline points, in time order. The moving ranges are those between
    /// consecutive baseline points; with `screen`, one pass drops those `>= 3.267 ×` their
    /// mean (keeping strictly less) and the average is taken again, so that when every range
    /// is zero none is kept and the limits are NaN, as in the package.
    pub(crate) fn from_baseline(baseline: &[f64], screen: bool, sum: &mut ExactSum) -> Limits {
        sum.set(baseline.iter().copied());
        let mean = sum.mean();
        let ranges = || baseline.windows(2).map(|w| (w[1] - w[0]).abs());
        sum.set(ranges());
        let mut amr = sum.mean();
        if screen {
            let cutoff = SCREEN * amr;
            sum.set(ranges().filter(|&r| r < cutoff));
            amr = sum.mean();
        }
        Limits {
            mean,
            amr,
            lpl: mean - LIMIT * amr,
            upl: mean + LIMIT * amr,
            nlpl: mean - NEAR_LIMIT * amr,
            nupl: mean + NEAR_LIMIT * amr,
        }
    }

    /// Whether `y` is beyond a process limit (strictly); unknown when the limits are NaN.
    pub(crate) fn outside(&self, y: f64) -> Option<bool> {
        (!self.amr.is_nan()).then_some(y > self.upl || y < self.lpl)
    }

    /// Whether `y` is beyond a near limit but not outside; unknown when the limits are NaN.
    /// A point on the upper limit is close; a point on the upper near limit is not.
    pub(crate) fn close(&self, y: f64) -> Option<bool> {
        self.outside(y).map(|outside| !outside && (y < self.nlpl || y > self.nupl))
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
