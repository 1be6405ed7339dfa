//! Tracking against a target trajectory: the gap in each period, and when the current run
//! rate would meet the target.
//!
//! - The **gap** in a period is `value − trajectory`; the period is **on track** when the
//!   value is at or beyond the trajectory in the better direction (at or above it for
//!   `increase`, at or below it for `decrease`; no judgement for `neutral`).
//! - The **run rate** is the ordinary least-squares slope of the values against their
//!   positions (0, 1, 2, … in the whole series) over the points from a chosen position to the
//!   end; [`XmrSeries::run_rate`](super::XmrSeries::run_rate) takes the last segment. The
//!   fitted line then says at which position the target is first met: the last position if
//!   the fitted value there already meets it, else the first later position where it does,
//!   and `None` when the line never gets there (flat, or moving away).

use serde::Serialize;

use super::Improvement;
use crate::Error;
use crate::stats::{Checks, Field};

/// How one period stands against the trajectory.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrajectoryGap {
    /// `value − trajectory` (NaN where the trajectory is missing).
    pub gap: f64,
    /// At or beyond the trajectory in the better direction; `None` for a neutral direction
    /// or a missing (NaN) trajectory value.
    pub on_track: Option<bool>,
}

/// The gap to the trajectory in each period. `trajectory` is aligned with `values`; a NaN in
/// it marks a period without a trajectory value.
///
/// # Errors
/// [`Error::Argument`] when the lengths differ; [`Error::Data`] naming each missing or infinite
/// value, and each infinite trajectory value.
pub fn trajectory_gaps(
    values: &[f64],
    trajectory: &[f64],
    improvement: Improvement,
) -> Result<Vec<TrajectoryGap>, Error> {
    if trajectory.len() != values.len() {
        return Err(Error::argument(
            "trajectory",
            format!("{} values", trajectory.len()),
            format!("one trajectory value is needed for each of the {} values", values.len()),
        ));
    }
    let mut checks = Checks::series("trajectory_gaps");
    checks.rows_or_missing(Field::new("values", values), f64::is_infinite, "values must be finite numbers");
    checks.rows(Field::new("trajectory", trajectory), f64::is_infinite, "trajectory values must be finite or missing");
    checks.finish()?;
    Ok(values
        .iter()
        .zip(trajectory)
        .map(|(&value, &planned)| {
            let gap = value - planned;
            let on_track = match improvement {
                _ if planned.is_nan() => None,
                Improvement::Increase => Some(gap >= 0.0),
                Improvement::Decrease => Some(gap <= 0.0),
                Improvement::Neutral => None,
            };
            TrajectoryGap { gap, on_track }
        })
        .collect())
}

/// A least-squares run rate and when it meets a target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RunRate {
    /// Position of the first point fitted.
    pub from: usize,
    /// Number of points fitted.
    pub points: usize,
    /// Change per period (the least-squares slope).
    pub slope: f64,
    /// Fitted value at position 0, so that the fitted value at position `t` is
    /// `intercept + slope × t`.
    pub intercept: f64,
    /// The first position, from the last point on, at which the fitted value meets the target;
    /// `None` when it never would.
    pub meets_target_at: Option<usize>,
}

/// Fits the run rate over `values[from..]` and finds when it meets `target` (see the module
/// documentation for the definitions).
///
/// # Errors
/// [`Error::Argument`] for fewer than 2 points to fit, a non-finite target or a neutral
/// direction (which has no side of the target to reach); [`Error::Data`] naming each missing
/// or infinite value.
pub fn run_rate(values: &[f64], from: usize, target: f64, improvement: Improvement) -> Result<RunRate, Error> {
    let fitted = values.get(from..).unwrap_or_default();
    if fitted.len() < 2 {
        return Err(Error::argument("from", from, format!("at least 2 of the {} values are needed", values.len())));
    }
    if !target.is_finite() {
        return Err(Error::argument("target", target, "the target must be a finite number"));
    }
    if improvement == Improvement::Neutral {
        return Err(Error::argument(
            "improvement",
            improvement,
            "a run rate meets a target only in a better direction",
        ));
    }
    let mut checks = Checks::series("run_rate");
    checks.rows_or_missing(Field::new("values", values), f64::is_infinite, "values must be finite numbers");
    checks.finish()?;

    let n = fitted.len() as f64;
    let t_mean = from as f64 + (n - 1.0) / 2.0;
    let y_mean = fitted.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, &y) in fitted.iter().enumerate() {
        let dt = (from + i) as f64 - t_mean;
        sxy += dt * (y - y_mean);
        sxx += dt * dt;
    }
    let slope = sxy / sxx;
    let intercept = y_mean - slope * t_mean;
    let meets = |t: f64| {
        let value = intercept + slope * t;
        if improvement == Improvement::Increase { value >= target } else { value <= target }
    };
    let last = values.len() - 1;
    let meets_target_at = if meets(last as f64) {
        Some(last)
    } else if slope * f64::from(improvement.sign()) > 0.0 {
        // The crossing, rounded up; nudged on if rounding in the line leaves it just short.
        let crossing = ((target - intercept) / slope).ceil().max(last as f64 + 1.0);
        (0..3u8)
            .map(|step| crossing + f64::from(step))
            .find(|&t| meets(t))
            .filter(|&t| t < usize::MAX as f64)
            .map(|t| t as usize)
    } else {
        None
    };
    Ok(RunRate { from, points: fitted.len(), slope, intercept, meets_target_at })
}
