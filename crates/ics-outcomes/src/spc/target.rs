//! The Making Data Count verdict on a framework target: can the process behind the metric
//! meet what the target requires?

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::{Assurance, AssuranceIcon, Improvement, PointType, VariationIcon, XmrOptions, XmrSeries, xmr};
use crate::Period;
use crate::metric::Polarity;

/// What a target's chart is drawn from: the area's values of the metric at each charted
/// period, and what the target asked at each.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TargetSeries {
    /// The charted periods, oldest first: the scored period's kind, up to it, with a value.
    pub periods: Vec<Period>,
    /// The value at each charted period, as observed; `None` where disclosure control
    /// withheld it ([`protect_explanation`](crate::disclosure::protect_explanation)).
    pub values: Vec<Option<Decimal>>,
    /// The numerator at each charted period where the data gave counts, which disclosure
    /// control checks before a point is shown.
    pub numerators: Vec<Option<Decimal>>,
    /// For a target that follows a trajectory, the line's planned value at each charted
    /// period; empty otherwise.
    pub planned: Vec<Decimal>,
    /// A trajectory's goal period and value.
    pub goal: Option<(Period, Decimal)>,
    /// Marks on the chart: a charted period and what happened there (the reorganisation
    /// before which an ICB's history was rebuilt).
    #[serde(default)]
    pub annotations: Vec<(Period, String)>,
}

impl TargetSeries {
    /// The values as `f64`, as the chart computes with them; NaN where withheld.
    pub fn floats(&self) -> Vec<f64> {
        self.values.iter().map(|v| v.and_then(|v| v.to_f64()).unwrap_or(f64::NAN)).collect()
    }
}

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
    /// The series charted. Scorecards saved before it was kept read back with none.
    #[serde(default)]
    pub series: TargetSeries,
}

impl TargetSpc {
    /// The whole chart, recomputed from [`series`](Self::series) as it was first drawn:
    /// every point's limits and signals.
    ///
    /// # Errors
    /// [`crate::Error::Data`] when a value was withheld by disclosure control, and
    /// [`crate::Error::Argument`] when the series is empty (a scorecard saved before series
    /// were kept).
    pub fn chart(&self, polarity: Polarity, required: Option<Decimal>) -> Result<XmrSeries, crate::Error> {
        xmr(&self.series.floats(), &[], &options(polarity, required))
    }
}

fn options(polarity: Polarity, required: Option<Decimal>) -> XmrOptions {
    XmrOptions {
        improvement: Improvement::from(polarity),
        target: required.and_then(|r| r.to_f64()),
        ..XmrOptions::default()
    }
}

/// Charts `series` (at least two values) with the package's defaults under the metric's
/// polarity, with `required` as the assurance target.
pub(crate) fn target_spc(
    series: TargetSeries,
    gaps: usize,
    polarity: Polarity,
    required: Option<Decimal>,
) -> Option<TargetSpc> {
    if series.values.len() < 2 {
        return None;
    }
    // Finite values and default options: the chart cannot fail.
    let chart = xmr(&series.floats(), &[], &options(polarity, required)).ok()?;
    let last = chart.points.last()?;
    let shown = |v: f64| Decimal::from_f64_retain(v).map(|d| d.round_dp(6));
    Some(TargetSpc {
        points: series.values.len(),
        gaps,
        point_type: last.point_type,
        variation: chart.variation_icon,
        assurance: chart.assurance,
        assurance_icon: chart.assurance_icon,
        mean: shown(last.mean),
        lpl: shown(last.lpl),
        upl: shown(last.upl),
        short_group_warning: chart.segments.last().is_some_and(|s| s.short_group_warning),
        series,
    })
}
