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

/// Assurance at every point against a target that changes over time (a trajectory): point
/// `i` is judged against `planned[i]` with the limits of its own segment, as the last point
/// is judged against a fixed target. A NaN planned value (a period the plan does not cover)
/// gives `None`, as does a neutral direction.
///
/// ```
/// use ics_outcomes::spc::{assurance_by_point, xmr, Assurance, Improvement, XmrOptions};
/// let values = [74.0, 76.0, 75.0, 77.0, 74.0, 76.0, 75.0, 77.0];
/// let chart = xmr(&values, &[], &XmrOptions { improvement: Improvement::Increase, ..XmrOptions::default() })?;
/// // The plan rises from below the lower limit to above the upper one.
/// let planned = [60.0, 62.0, 70.0, 75.0, 78.0, 80.0, 90.0, f64::NAN];
/// let by_point = assurance_by_point(&chart, &planned)?;
/// assert_eq!(by_point[0], Some(Assurance::ConsistentPass));
/// assert_eq!(by_point[3], Some(Assurance::Inconsistent));
/// assert_eq!(by_point[6], Some(Assurance::ConsistentFail));
/// assert_eq!(by_point[7], None);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
///
/// # Errors
/// [`Error::Argument`](crate::Error::Argument) when `planned` is not one value per point;
/// [`Error::Data`](crate::Error::Data) naming each infinite planned value.
pub fn assurance_by_point(chart: &super::XmrSeries, planned: &[f64]) -> Result<Vec<Option<Assurance>>, crate::Error> {
    if planned.len() != chart.points.len() {
        return Err(crate::Error::argument(
            "planned",
            format!("{} values", planned.len()),
            format!("one planned value is needed for each of the {} points", chart.points.len()),
        ));
    }
    let mut checks = crate::stats::Checks::series("assurance_by_point");
    checks.rows(
        crate::stats::Field::new("planned", planned),
        f64::is_infinite,
        "planned values must be finite or missing",
    );
    checks.finish()?;
    Ok(chart
        .points
        .iter()
        .zip(planned)
        .map(|(point, &target)| {
            (!target.is_nan()).then(|| Assurance::new(target, point.lpl, point.upl, chart.improvement)).flatten()
        })
        .collect())
}
