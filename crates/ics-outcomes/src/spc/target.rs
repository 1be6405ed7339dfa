//! The Making Data Count verdict on a framework target: can the process behind the metric
//! meet what the target requires?

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::{
    Assurance, AssuranceIcon, ChartBatch, ChartKind, ChartOptions, Improvement, LimitsStatus, PointType, Segment,
    VariationIcon, XmrOptions, XmrPoint, XmrSeries, chart_batch, xmr,
};
use crate::Period;
use crate::metric::Polarity;
use crate::stats::Field;

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
    /// The denominator at each charted period where the data gave counts: P and U charts
    /// chart the numerators over them. Scorecards saved before they were kept read back with
    /// none.
    #[serde(default)]
    pub denominators: Vec<Option<Decimal>>,
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
    /// The chart drawn (the metric's `spc_chart`); scorecards saved before it was kept drew
    /// XmR charts.
    #[serde(default)]
    pub chart: ChartKind,
    /// The factor from a numerator over its denominator to the metric's unit (100 for a
    /// percentage), which P and U charts multiply by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiplier: Option<Decimal>,
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
    ///
    /// A chart other than XmR comes in the same points: each point's own centre line and
    /// limits (P and U limits follow each period's denominator), near limits at 2σ, and its
    /// parts as segments.
    pub fn chart(&self, polarity: Polarity, required: Option<Decimal>) -> Result<XmrSeries, crate::Error> {
        if self.chart == ChartKind::Xmr {
            return xmr(&self.series.floats(), &[], &options(polarity, required));
        }
        if self.series.values.iter().any(Option::is_none) {
            return Err(crate::Error::argument("series", "withheld values", "a chart needs every value"));
        }
        let multiplier = self.multiplier.and_then(|m| m.to_f64()).unwrap_or(1.0);
        let (values, denominators, multiplier) = engine_inputs(&self.series, self.chart, multiplier);
        let options = chart_options(self.chart, polarity, required, multiplier);
        let batch = ChartBatch {
            values: Field::new("value", &values),
            denominators: denominators.as_deref().map(|d| Field::new("denominator", d)),
            offsets: &[0, values.len()],
            rebase: None,
            targets: None,
        };
        let c = chart_batch(&batch, &options)?;
        let points = (0..values.len())
            .map(|i| XmrPoint {
                value: c.plotted[i],
                mean: c.centre[i],
                lpl: c.lower[i],
                upl: c.upper[i],
                nlpl: c.lower_2sigma[i],
                nupl: c.upper_2sigma[i],
                relative_to_mean: c.relative_to_centre[i],
                outside_limits: c.outside_limits[i],
                close_to_limits: c.close_to_limits[i],
                special_cause: c.special_cause[i],
                point_type: c.point_type[i],
                segment: c.part[i] as usize - 1,
            })
            .collect();
        let segments = c
            .parts
            .iter()
            .map(|part| Segment {
                start: part.start,
                len: part.len,
                baseline: part.baseline_points,
                mean: c.centre[part.start],
                amr: f64::NAN,
                lpl: c.lower[part.start],
                upl: c.upper[part.start],
                nlpl: c.lower_2sigma[part.start],
                nupl: c.upper_2sigma[part.start],
                short_group_warning: part.status == LimitsStatus::TrialLimits,
            })
            .collect();
        Ok(XmrSeries {
            improvement: options.improvement,
            target: options.target,
            points,
            segments,
            assurance: c.assurance[0],
            variation_icon: c.variation_icon[0],
            assurance_icon: c.assurance_icon[0],
        })
    }
}

/// What the general engine charts: the numerators and denominators for P and U charts
/// (a period without counts is a gap), else the values; and the multiplier to the unit.
fn engine_inputs(series: &TargetSeries, chart: ChartKind, multiplier: f64) -> (Vec<f64>, Option<Vec<f64>>, f64) {
    let float = |v: &Option<Decimal>| v.and_then(|v| v.to_f64()).unwrap_or(f64::NAN);
    if chart.needs_denominator() {
        let count = |column: &[Option<Decimal>]| {
            (0..series.values.len()).map(|i| column.get(i).map_or(f64::NAN, float)).collect()
        };
        (count(&series.numerators), Some(count(&series.denominators)), multiplier)
    } else {
        (series.floats(), None, 1.0)
    }
}

fn chart_options(chart: ChartKind, polarity: Polarity, required: Option<Decimal>, multiplier: f64) -> ChartOptions {
    ChartOptions {
        chart,
        improvement: Improvement::from(polarity),
        target: required.and_then(|r| r.to_f64()),
        multiplier,
        ..ChartOptions::default()
    }
}

fn options(polarity: Polarity, required: Option<Decimal>) -> XmrOptions {
    XmrOptions {
        improvement: Improvement::from(polarity),
        target: required.and_then(|r| r.to_f64()),
        ..XmrOptions::default()
    }
}

/// Charts `series` (at least two values) as `chart` with the package's defaults under the
/// metric's polarity, with `required` as the assurance target.
pub(crate) fn target_spc(
    series: TargetSeries,
    gaps: usize,
    polarity: Polarity,
    required: Option<Decimal>,
    (kind, multiplier): (ChartKind, Option<Decimal>),
) -> Option<TargetSpc> {
    if series.values.len() < 2 {
        return None;
    }
    let spc = TargetSpc {
        chart: kind,
        multiplier,
        points: series.values.len(),
        gaps,
        point_type: PointType::CommonCause,
        variation: VariationIcon::CommonCause,
        assurance: None,
        assurance_icon: None,
        mean: None,
        lpl: None,
        upl: None,
        short_group_warning: false,
        series,
    };
    // Finite values and default options: the chart cannot fail.
    let chart = spc.chart(polarity, required).ok()?;
    let last = chart.points.iter().rev().find(|p| !p.value.is_nan())?;
    let shown = |v: f64| Decimal::from_f64_retain(v).map(|d| d.round_dp(6));
    Some(TargetSpc {
        point_type: last.point_type,
        variation: chart.variation_icon,
        assurance: chart.assurance,
        assurance_icon: chart.assurance_icon,
        mean: shown(last.mean),
        lpl: shown(last.lpl),
        upl: shown(last.upl),
        short_group_warning: chart.segments.last().is_some_and(|s| s.short_group_warning),
        ..spc
    })
}
