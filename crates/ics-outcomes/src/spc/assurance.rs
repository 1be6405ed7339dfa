//! Assurance: whether the process, as its limits describe it, will meet a target
//! (`ptd_calculate_assurance_type()`).

use super::Improvement;

super::label_enum! {
    /// Whether a target will be met, judged at the last point against its process limits.
    pub enum Assurance("assurance") {
        /// The whole band between the limits meets the target.
        ConsistentPass => "consistent_pass",
        /// The whole band between the limits misses the target.
        ConsistentFail => "consistent_fail",
        /// The target lies within the limits (or on one, or the limits are unknown): the
        /// process will sometimes meet it and sometimes not.
        Inconsistent => "inconsistent",
    }
}

impl Assurance {
    /// Assurance of `target` against the limits `lpl`..`upl` under `improvement`; `None` for a
    /// neutral direction, which has no passing side. Comparisons are strict, so a target on a
    /// limit, or NaN limits, give [`Assurance::Inconsistent`].
    pub fn new(target: f64, lpl: f64, upl: f64, improvement: Improvement) -> Option<Assurance> {
        let (above, below) = match improvement {
            Improvement::Increase => (Assurance::ConsistentFail, Assurance::ConsistentPass),
            Improvement::Decrease => (Assurance::ConsistentPass, Assurance::ConsistentFail),
            Improvement::Neutral => return None,
        };
        Some(if target > upl {
            above
        } else if target < lpl {
            below
        } else {
            Assurance::Inconsistent
        })
    }

    /// The Making Data Count assurance icon for this result.
    pub fn icon(self) -> AssuranceIcon {
        match self {
            Assurance::ConsistentPass => AssuranceIcon::Pass,
            Assurance::ConsistentFail => AssuranceIcon::Fail,
            Assurance::Inconsistent => AssuranceIcon::Inconsistent,
        }
    }
}

super::label_enum! {
    /// The Making Data Count assurance icon (the package's icon file names without `.svg`).
    pub enum AssuranceIcon("assurance icon") {
        /// The target will consistently be met.
        Pass => "pass",
        /// The target will consistently be missed.
        Fail => "fail",
        /// The target will be met only some of the time.
        Inconsistent => "inconsistent",
    }
}
