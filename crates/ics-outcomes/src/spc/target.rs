//! The Making Data Count verdict on a framework target: can the process behind the metric
//! meet what the target requires?

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::{Assurance, AssuranceIcon, Improvement, PointType, VariationIcon, XmrOptions, xmr};
use crate::metric::Polarity;

/// The XmR chart of one area's values of a target's metric, period by period up to the
/// scored period, read at its last point and judged against the target's requirement there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TargetSpc {
    /// Periods charted: those of the scored period's kind, up to it, that have a value.
    pub points: usize,
    /// Periods of that kind between the first charted and the scored one with no value,
    /// left out of the chart (the chart refuses missing values rather than guess them).
    pub gaps: usize,
    /// The last point's type.
    pub point_type: PointType,
    /// The variation icon.
    pub variation: VariationIcon,
    /// Assurance against the requirement; `None` without one or for a metric with no
    /// judgement of direction.
    pub assurance: Option<Assurance>,
    /// The assurance icon.
    pub assurance_icon: Option<AssuranceIcon>,
    /// The centre line at the last point (6 decimal places; `None` where the package gives
    /// NaN, e.g. a constant series).
    pub mean: Option<Decimal>,
    /// The lower process limit at the last point.
    pub lpl: Option<Decimal>,
    /// The upper process limit at the last point.
    pub upl: Option<Decimal>,
    /// True when the chart has too few points for stable limits (trial limits).
    pub short_group_warning: bool,
}

/// Charts `history` (oldest first, at least two values) with the package's defaults under the
/// metric's polarity, with `required` as the assurance target.
pub(crate) fn target_spc(
    history: &[f64],
    gaps: usize,
    polarity: Polarity,
    required: Option<Decimal>,
) -> Option<TargetSpc> {
    if history.len() < 2 {
        return None;
    }
    let options = XmrOptions {
        improvement: Improvement::from(polarity),
        target: required.and_then(|r| r.to_f64()),
        ..XmrOptions::default()
    };
    // Finite values and default options: the chart cannot fail.
    let chart = xmr(history, &[], &options).ok()?;
    let last = chart.points.last()?;
    let shown = |v: f64| Decimal::from_f64_retain(v).map(|d| d.round_dp(6));
    Some(TargetSpc {
        points: history.len(),
        gaps,
        point_type: last.point_type,
        variation: chart.variation_icon,
        assurance: chart.assurance,
        assurance_icon: chart.assurance_icon,
        mean: shown(last.mean),
        lpl: shown(last.lpl),
        upl: shown(last.upl),
        short_group_warning: chart.segments.last().is_some_and(|s| s.short_group_warning),
    })
}
