//! The Making Data Count family of charts beyond XmR: P and U charts with limits at each
//! point's denominator, Laney's P′ and U′, run charts with Anhøj's rules, and T and G charts
//! for rare events, all read with the same special-cause rules, point types and icons.
//!
//! The limits are qicharts2 0.8.1's (Anhøj), to its published values:
//!
//! | chart | centre line (baseline points) | σ at point *i* |
//! | --- | --- | --- |
//! | `p` | Σy / Σn | √(p̄(1 − p̄)/nᵢ), limits clamped to [0, 1] |
//! | `u` | Σy / Σn | √(ū/nᵢ), the lower limit clamped at 0 |
//! | `p_prime`, `u_prime` | as `p`, `u` | σᵢ · σz, σz the average moving range of the z-scores / 1.128 |
//! | `run` | the median | no limits |
//! | `xmr` | the mean | Making Data Count's 2.66 × the average moving range (as [`xmr`](super::xmr)) |
//! | `t` | the mean of y^(1/3.6), back-transformed | an I chart of y^(1/3.6), back-transformed |
//! | `g` | the median (limits from the mean ḡ) | √(ḡ(ḡ + 1)), the lower limit clamped at 0 |
//!
//! Limits are 3σ (`lower`, `upper`) and 2σ (`lower_2sigma`, `upper_2sigma`, the near limits
//! of the 2-in-3 rule). A `baseline` fixes the centre line and σ on the first points
//! (qicharts2's `freeze`), `parts` splits the chart into parts each with its own lines, and
//! `exclude` leaves points out of the calculations (they are still charted and judged).
//!
//! Each point is then read by Making Data Count's rules ([`Rules`]) against its own limits,
//! so a P′ chart gets the same `special_cause`, `point_type`, variation and assurance icons as
//! an XmR chart; a run chart, having no limits, gets the shift and trend rules only. Each part
//! also gets qicharts2's runs analysis ([`RunsAnalysis`]).
//!
//! **Missing values** stay in the chart as gaps, with the reason in the point's `status`: a
//! gap has no value and no special cause (P and U gaps have no limits either, having no
//! denominator), and no shift or trend runs across it. The runs
//! analysis, as qicharts2's, counts the points either side of a gap as neighbours. A part
//! whose limits cannot be computed says why ([`LimitsStatus`]).
//!
//! Statistics with square roots and powers compute in `f64`.
//!
//! ```
//! use ics_outcomes::spc::{ChartBatch, ChartKind, ChartOptions, Improvement, VariationIcon, chart_batch};
//! use ics_outcomes::stats::Field;
//! // Patients readmitted within 30 days, of discharges, month by month.
//! let readmitted = [30.0, 28.0, 35.0, 31.0, 29.0, 33.0, 30.0, 32.0, 70.0];
//! let discharged = [400.0, 380.0, 420.0, 410.0, 390.0, 405.0, 398.0, 402.0, 410.0];
//! let batch = ChartBatch {
//!     values: Field::new("readmitted", &readmitted),
//!     denominators: Some(Field::new("discharged", &discharged)),
//!     offsets: &[0, 9],
//!     rebase: None,
//!     targets: None,
//! };
//! let options = ChartOptions {
//!     chart: ChartKind::P,
//!     improvement: Improvement::Decrease,
//!     baseline: Some(8),
//!     ..ChartOptions::default()
//! };
//! let chart = chart_batch(&batch, &options)?;
//! assert_eq!(chart.centre[0], 248.0 / 3205.0); // the first 8 months' readmissions over discharges
//! assert!(chart.sigma_signal[8]); // 70 of 410 is far above the upper limit
//! assert_eq!(chart.variation_icon[0], VariationIcon::ConcernHigh);
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use super::batch::PointsMut;
use super::exact::ExactSum;
use super::limits::{Bounds, Limits, NEAR_LIMIT, average_moving_range};
use super::rules::SegmentRules;
use super::runs::{RunsAnalysis, RunsMethod};
use super::{
    Assurance, AssuranceIcon, Improvement, PointType, Rules, SHORT_GROUP_THRESHOLD, SpecialCause, VariationIcon,
};
use crate::Error;
use crate::spc_chart::ChartKind;
use crate::stats::{Checks, Field};

super::label_enum! {
    /// What became of a point.
    pub enum PointStatus("point status") {
        /// Charted and used in the calculations.
        Charted => "charted",
        /// Charted and judged, but left out of the centre line, limits and runs analysis.
        Excluded => "excluded",
        /// No value: a gap in the chart.
        MissingValue => "missing value",
        /// No denominator: a gap in the chart.
        MissingDenominator => "missing denominator",
        /// A denominator of zero: a gap in the chart.
        ZeroDenominator => "zero denominator",
    }
}

impl PointStatus {
    /// Whether the point is a gap.
    pub const fn is_gap(self) -> bool {
        matches!(self, PointStatus::MissingValue | PointStatus::MissingDenominator | PointStatus::ZeroDenominator)
    }
}

super::label_enum! {
    /// Whether a part of a chart has limits, and if not why not.
    pub enum LimitsStatus("limits status") {
        /// Limits from enough points.
        Limits => "limits",
        /// Limits from fewer baseline points than the short-group threshold: trial limits.
        TrialLimits => "trial limits",
        /// A run chart: a median and the runs rules, no limits by design.
        MedianOnly => "median only",
        /// Too few baseline points with values for the limits (two are needed for a moving
        /// range or Laney's σz, one for a P, U or G chart).
        TooFewPoints => "too few points",
        /// The baseline points do not vary (every moving range or z-score is zero, or the
        /// proportion is 0 or 1), so the limits are undefined or collapse onto the centre line.
        NoVariation => "no variation",
    }
}

/// How to chart; the defaults are an XmR chart with Making Data Count's rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChartOptions {
    /// Which chart.
    pub chart: ChartKind,
    /// Which way is better.
    pub improvement: Improvement,
    /// A target to judge assurance against, in the chart's units (after `multiplier`).
    pub target: Option<f64>,
    /// Scales values, centre lines and limits (100 for percentages), after every calculation.
    pub multiplier: f64,
    /// Drop moving ranges `>= 3.267 ×` their mean before averaging them (XmR, T and Laney's
    /// σz; qicharts2's `qic.screenedmr`, and NHSRplotthedots' default).
    pub screened_mr: bool,
    /// The last point (1-based) whose values set the centre line and limits (qicharts2's
    /// `freeze`); all points when `None`.
    pub baseline: Option<usize>,
    /// The last point (1-based) of each part but the last (qicharts2's `part`); each part
    /// has its own centre line, limits and runs analysis.
    pub parts: Vec<usize>,
    /// Points (1-based) left out of the calculations, still charted and judged.
    pub exclude: Vec<usize>,
    /// The points are units, not times (a funnel-style prime chart): Laney's σz is the
    /// standard deviation of the z-scores, no runs analysis signals, and only a point beyond
    /// its limits is a special cause (shifts, trends and 2 in 3 need an order in time).
    pub categorical: bool,
    /// The special-cause rules.
    pub rules: Rules,
    /// The limits of the runs analysis.
    pub runs_method: RunsMethod,
    /// Parts with fewer baseline points than this have trial limits.
    pub short_group_threshold: usize,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            chart: ChartKind::Xmr,
            improvement: Improvement::Increase,
            target: None,
            multiplier: 1.0,
            screened_mr: true,
            baseline: None,
            parts: Vec::new(),
            exclude: Vec::new(),
            categorical: false,
            rules: Rules::default(),
            runs_method: RunsMethod::Anhoej,
            short_group_threshold: SHORT_GROUP_THRESHOLD,
        }
    }
}

impl ChartOptions {
    /// Refuses a multiplier that is not a positive number, a target that is not finite, point
    /// positions of 0 (they count from 1) and rule lengths outside 6 to 9.
    ///
    /// # Errors
    /// [`Error::Argument`] naming the option.
    pub fn check(&self) -> Result<(), Error> {
        crate::stats::check_multiplier(self.multiplier)?;
        if let Some(target) = self.target.filter(|t| !t.is_finite()) {
            return Err(Error::argument("target", target, "a target must be a finite number"));
        }
        if self.baseline == Some(0) {
            return Err(Error::argument("baseline", 0, "points count from 1: the baseline is the last point it uses"));
        }
        for (name, positions) in [("parts", &self.parts), ("exclude", &self.exclude)] {
            if positions.contains(&0) {
                return Err(Error::argument(name, 0, "points count from 1"));
            }
        }
        if self.baseline.is_some() && !self.parts.is_empty() {
            return Err(baseline_with_parts());
        }
        self.rules.check()
    }
}

/// A baseline counts points from the start of the series, so a later part would have none:
/// qicharts2 ignores `freeze` when given `part`, and here the pair is refused instead.
fn baseline_with_parts() -> Error {
    Error::argument("baseline", "with parts", "a baseline and parts (or rebases) cannot be combined: choose one")
}

/// One part of a chart: its own centre line, limits and runs analysis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChartPart {
    /// Position of the part's first point in its series.
    pub start: usize,
    /// Number of points.
    pub len: usize,
    /// Points with values that set the centre line and limits.
    pub baseline_points: usize,
    /// Laney's σz (P′ and U′ charts); NaN for the others or when it cannot be computed.
    pub sigma_z: f64,
    /// The runs analysis of the part's included points.
    pub runs: RunsAnalysis,
    /// Points beyond the 3σ limits.
    pub sigma_signals: usize,
    /// Whether the part has limits.
    pub status: LimitsStatus,
}

/// Charts of a batch of series, as columns: per point (aligned with the input rows), per part
/// and per series.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChartColumns {
    /// The value charted: the value, or numerator over denominator, times the multiplier; NaN
    /// for a gap.
    pub plotted: Vec<f64>,
    /// The centre line.
    pub centre: Vec<f64>,
    /// The lower 3σ limit; NaN where there is none.
    pub lower: Vec<f64>,
    /// The upper 3σ limit.
    pub upper: Vec<f64>,
    /// The lower 2σ (near) limit.
    pub lower_2sigma: Vec<f64>,
    /// The upper 2σ (near) limit.
    pub upper_2sigma: Vec<f64>,
    /// Strictly beyond a 3σ limit (qicharts2's `sigma.signal`).
    pub sigma_signal: Vec<bool>,
    /// The point's part, counted from 1 within its series.
    pub part: Vec<u32>,
    /// Within the baseline (at or before [`ChartOptions::baseline`]).
    pub baseline: Vec<bool>,
    /// What became of the point.
    pub status: Vec<PointStatus>,
    /// +1 above the centre line, −1 below, 0 on it or a gap.
    pub relative_to_centre: Vec<i8>,
    /// Beyond a 3σ limit, for the rules (`None` without limits).
    pub outside_limits: Vec<Option<bool>>,
    /// Beyond a 2σ limit but not outside (`None` without limits).
    pub close_to_limits: Vec<Option<bool>>,
    /// The Making Data Count rule that flags the point.
    pub special_cause: Vec<SpecialCause>,
    /// The special cause read under the improvement direction.
    pub point_type: Vec<PointType>,
    /// Every series' parts in turn.
    pub parts: Vec<ChartPart>,
    /// Where each series' parts start in `parts`, then `parts.len()`.
    pub part_offsets: Vec<usize>,
    /// Per series: the variation icon, from its last point with a value.
    pub variation_icon: Vec<VariationIcon>,
    /// Per series: assurance against the target at its last point with a value; `None`
    /// without a target, or when that point has no limits (a run chart, too few points),
    /// except in an XmR chart, which keeps NHSRplotthedots' `inconsistent`.
    pub assurance: Vec<Option<Assurance>>,
    /// Per series: the assurance icon.
    pub assurance_icon: Vec<Option<AssuranceIcon>>,
}

impl ChartColumns {
    /// Each point's part, point by point.
    pub fn point_parts(&self) -> impl Iterator<Item = &ChartPart> + '_ {
        self.part_offsets
            .windows(2)
            .flat_map(move |w| self.parts[w[0]..w[1]].iter().flat_map(|part| std::iter::repeat_n(part, part.len)))
    }

    /// Appends another batch's charts after these.
    fn append(&mut self, mut other: ChartColumns) {
        let before = self.parts.len();
        self.plotted.append(&mut other.plotted);
        self.centre.append(&mut other.centre);
        self.lower.append(&mut other.lower);
        self.upper.append(&mut other.upper);
        self.lower_2sigma.append(&mut other.lower_2sigma);
        self.upper_2sigma.append(&mut other.upper_2sigma);
        self.sigma_signal.append(&mut other.sigma_signal);
        self.part.append(&mut other.part);
        self.baseline.append(&mut other.baseline);
        self.status.append(&mut other.status);
        self.relative_to_centre.append(&mut other.relative_to_centre);
        self.outside_limits.append(&mut other.outside_limits);
        self.close_to_limits.append(&mut other.close_to_limits);
        self.special_cause.append(&mut other.special_cause);
        self.point_type.append(&mut other.point_type);
        self.parts.append(&mut other.parts);
        if self.part_offsets.is_empty() {
            self.part_offsets.push(0);
        }
        self.part_offsets.extend(other.part_offsets.iter().skip(1).map(|o| o + before));
        self.variation_icon.append(&mut other.variation_icon);
        self.assurance.append(&mut other.assurance);
        self.assurance_icon.append(&mut other.assurance_icon);
    }

    /// Room for `points` more points.
    fn reserve(&mut self, points: usize) {
        self.plotted.reserve_exact(points);
        self.centre.reserve_exact(points);
        self.lower.reserve_exact(points);
        self.upper.reserve_exact(points);
        self.lower_2sigma.reserve_exact(points);
        self.upper_2sigma.reserve_exact(points);
        self.sigma_signal.reserve_exact(points);
        self.part.reserve_exact(points);
        self.baseline.reserve_exact(points);
        self.status.reserve_exact(points);
        self.relative_to_centre.reserve_exact(points);
        self.outside_limits.reserve_exact(points);
        self.close_to_limits.reserve_exact(points);
        self.special_cause.reserve_exact(points);
        self.point_type.reserve_exact(points);
    }

    fn with_capacity(points: usize, series: usize) -> ChartColumns {
        ChartColumns {
            plotted: Vec::with_capacity(points),
            centre: Vec::with_capacity(points),
            lower: Vec::with_capacity(points),
            upper: Vec::with_capacity(points),
            lower_2sigma: Vec::with_capacity(points),
            upper_2sigma: Vec::with_capacity(points),
            sigma_signal: Vec::with_capacity(points),
            part: Vec::with_capacity(points),
            baseline: Vec::with_capacity(points),
            status: Vec::with_capacity(points),
            relative_to_centre: Vec::with_capacity(points),
            outside_limits: Vec::with_capacity(points),
            close_to_limits: Vec::with_capacity(points),
            special_cause: Vec::with_capacity(points),
            point_type: Vec::with_capacity(points),
            parts: Vec::with_capacity(series),
            part_offsets: vec![0],
            variation_icon: Vec::with_capacity(series),
            assurance: Vec::with_capacity(series),
            assurance_icon: Vec::with_capacity(series),
        }
    }
}

/// Series laid end to end.
#[derive(Debug, Clone, Copy)]
pub struct ChartBatch<'a> {
    /// The values, or numerators for P and U charts, in time order within each series; NaN
    /// is missing (a gap).
    pub values: Field<'a>,
    /// Denominators, for P and U charts and run charts of ratios; NaN is missing.
    pub denominators: Option<Field<'a>>,
    /// Where each series starts, then the number of values.
    pub offsets: &'a [usize],
    /// Optional, one flag per value: a new part starts at this value, as at a position in
    /// [`ChartOptions::parts`], but series by series (an accepted rebase).
    pub rebase: Option<&'a [bool]>,
    /// One target per series (NaN for none), instead of the options' single target.
    pub targets: Option<&'a [f64]>,
}

/// Charts every series of a batch with the same options.
///
/// # Errors
/// - [`Error::Argument`] for bad options or offsets, a denominator missing for a P or U chart
///   or given to a chart that takes none, columns of different lengths, positions beyond
///   every series, or targets both per series and in the options.
/// - [`Error::Data`] naming each bad row: an infinite value, a negative count or
///   denominator, a numerator above its denominator (P charts), a time between events that is
///   not positive (T charts).
pub fn chart_batch(batch: &ChartBatch<'_>, options: &ChartOptions) -> Result<ChartColumns, Error> {
    options.check()?;
    let rows = batch.values.values.len();
    let offsets = batch.offsets;
    let well_formed = offsets.len() >= 2
        && offsets.first() == Some(&0)
        && offsets.last() == Some(&rows)
        && offsets.windows(2).all(|w| w[0] < w[1]);
    if !well_formed {
        return Err(Error::argument(
            "offsets",
            format!("{} offsets", offsets.len()),
            format!("offsets must rise strictly from 0 to the {rows} values, one more than the series"),
        ));
    }
    let series = offsets.len() - 1;
    if let Some(rebase) = batch.rebase.filter(|r| r.len() != rows) {
        return Err(Error::argument(
            "rebase",
            format!("{} flags", rebase.len()),
            format!("one flag per value ({rows})"),
        ));
    }
    if let Some(targets) = batch.targets {
        if targets.len() != series {
            return Err(Error::argument(
                "targets",
                format!("{} targets", targets.len()),
                format!("one target per series ({series})"),
            ));
        }
        if options.target.is_some() {
            return Err(Error::argument("target", "both", "give targets per series or one in the options, not both"));
        }
    }
    let longest = offsets.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
    check_positions(options, longest)?;
    check_values(batch.values, batch.denominators, options)?;

    let runs = crate::threads::runs(series, (ROWS_PER_THREAD / longest.max(1)).max(1));
    let parts = crate::threads::map_parts(runs, |range| {
        let points = offsets[range.end] - offsets[range.start];
        let mut out = ChartColumns::with_capacity(points, range.len());
        let mut work = Work::default();
        for s in range {
            let (begin, end) = (offsets[s], offsets[s + 1]);
            let target = match batch.targets {
                Some(targets) => Some(targets[s]).filter(|t| !t.is_nan()),
                None => options.target,
            };
            let denominators = batch.denominators.map(|d| &d.values[begin..end]);
            let rebase = batch.rebase.map(|r| &r[begin..end]);
            work.chart(&batch.values.values[begin..end], denominators, rebase, target, options, &mut out);
        }
        out
    });
    // The first thread's columns are kept, grown once, and the others' copied after them.
    let mut parts = parts.into_iter();
    let mut columns = parts.next().unwrap_or_else(|| ChartColumns::with_capacity(0, 0));
    columns.reserve(rows - columns.plotted.len());
    for part in parts {
        columns.append(part);
    }
    Ok(columns)
}

/// Points a thread takes at least.
const ROWS_PER_THREAD: usize = 1 << 15;

/// Refuses positions beyond every series: they would change nothing, silently.
fn check_positions(options: &ChartOptions, longest: usize) -> Result<(), Error> {
    let beyond = |p: &usize| *p > longest;
    for (name, positions) in [("parts", &options.parts), ("exclude", &options.exclude)] {
        if let Some(p) = positions.iter().find(|p| beyond(p)) {
            return Err(Error::argument(name, p, format!("beyond the longest series ({longest} points)")));
        }
    }
    if let Some(p) = options.baseline.filter(|p| beyond(p)) {
        return Err(Error::argument("baseline", p, format!("beyond the longest series ({longest} points)")));
    }
    Ok(())
}

/// Refuses what the chart cannot take, naming each row.
pub(crate) fn check_values(
    values: Field<'_>,
    denominators: Option<Field<'_>>,
    options: &ChartOptions,
) -> Result<(), Error> {
    let kind = options.chart;
    match (kind.needs_denominator(), denominators) {
        (true, None) => {
            return Err(Error::argument("denominator", "none", format!("a {kind} chart needs a denominator")));
        }
        (false, Some(d)) if kind != ChartKind::Run => {
            return Err(Error::argument(d.name, "given", format!("a {kind} chart takes no denominator")));
        }
        _ => {}
    }
    if let Some(d) = denominators.filter(|d| d.values.len() != values.values.len()) {
        return Err(Error::argument(
            d.name,
            format!("{} values", d.values.len()),
            format!("one per value ({})", values.values.len()),
        ));
    }
    let mut checks = Checks::series("chart");
    checks.rows(values, f64::is_infinite, "infinite values cannot be charted");
    if let Some(d) = denominators {
        checks.rows(d, f64::is_infinite, "infinite denominators cannot be charted");
        checks.rows(d, |v| v < 0.0, "denominators cannot be negative");
        checks.rows(values, |v| v < 0.0, "counts cannot be negative");
        if kind.proportion() {
            checks.rows_where(
                values,
                |row| values.values[row] > d.values[row],
                "a numerator cannot be above its denominator in a p chart",
            );
        }
    }
    match kind {
        ChartKind::T => checks.rows(values, |v| v <= 0.0, "times between events must be greater than zero"),
        ChartKind::G => checks.rows(values, |v| v < 0.0, "opportunities between events cannot be negative"),
        _ => {}
    }
    checks.finish()
}

/// qicharts2's divisor from the average moving range to σ (d₂ for two points).
const D2: f64 = 1.128;
/// The T chart's transformation: y^(1/3.6) is near normal for exponential times.
const T_POWER: f64 = 3.6;

/// Working buffers, reused from series to series.
#[derive(Debug, Default)]
struct Work {
    sum: ExactSum,
    rules: SegmentRules,
    counts: Vec<f64>,
    denominators: Vec<f64>,
    raw: Vec<f64>,
    base: Vec<f64>,
    sigma: Vec<f64>,
}

/// One part's centre line and σ, before the multiplier.
struct PartLines {
    centre: f64,
    /// The centre line drawn, where it is not the one the limits are set from (G charts).
    drawn: f64,
    sigma_z: f64,
    status: Option<LimitsStatus>,
}

impl Work {
    /// Charts one series, appending its points, parts and summary to `out`.
    fn chart(
        &mut self,
        values: &[f64],
        denominators: Option<&[f64]>,
        rebase: Option<&[bool]>,
        target: Option<f64>,
        options: &ChartOptions,
        out: &mut ChartColumns,
    ) {
        let first = out.plotted.len();
        let m = values.len();
        self.counts.clear();
        self.denominators.clear();
        self.raw.clear();
        for i in 0..m {
            let (y, n) = (values[i], denominators.map_or(f64::NAN, |d| d[i]));
            let included = !options.exclude.contains(&(i + 1));
            let (status, point) = match denominators {
                _ if y.is_nan() => (PointStatus::MissingValue, f64::NAN),
                Some(_) if n.is_nan() => (PointStatus::MissingDenominator, f64::NAN),
                Some(_) if n == 0.0 => (PointStatus::ZeroDenominator, f64::NAN),
                Some(_) => (if included { PointStatus::Charted } else { PointStatus::Excluded }, y / n),
                None => (if included { PointStatus::Charted } else { PointStatus::Excluded }, y),
            };
            // A gap counts for nothing in the sums, as qicharts2's `n = 0`.
            let gap = status.is_gap();
            self.counts.push(if gap { f64::NAN } else { y });
            self.denominators.push(if gap { 0.0 } else { n });
            self.raw.push(point);
            out.status.push(status);
            out.baseline.push(options.baseline.is_none_or(|b| i < b));
        }
        let mut starts: Vec<usize> = options.parts.iter().copied().filter(|&e| e < m).collect();
        starts.extend(rebase.into_iter().flat_map(|r| (1..m).filter(|&i| r[i])));
        starts.push(0);
        starts.sort_unstable();
        starts.dedup();
        let ends: Vec<usize> = starts.iter().skip(1).copied().chain([m]).collect();
        out.plotted.extend(self.raw.iter().map(|y| y * options.multiplier));
        for _ in 0..m {
            out.centre.push(f64::NAN);
            out.lower.push(f64::NAN);
            out.upper.push(f64::NAN);
            out.lower_2sigma.push(f64::NAN);
            out.upper_2sigma.push(f64::NAN);
            out.sigma_signal.push(false);
            out.relative_to_centre.push(0);
            out.outside_limits.push(None);
            out.close_to_limits.push(None);
            out.special_cause.push(SpecialCause::CommonCause);
            out.point_type.push(PointType::CommonCause);
        }
        for (number, (&start, &end)) in starts.iter().zip(&ends).enumerate() {
            out.part.extend(std::iter::repeat_n(number as u32 + 1, end - start));
            let part = self.part(start..end, first, options, out);
            out.parts.push(part);
        }
        out.part_offsets.push(out.parts.len());

        // The series reads at its last point with a value.
        let last = (first..first + m).rev().find(|&i| !out.status[i].is_gap());
        let last_type = last.map_or(PointType::CommonCause, |i| out.point_type[i]);
        out.variation_icon.push(VariationIcon::new(last_type, options.improvement));
        // Only limits can say whether a target will be met: none without them, except that
        // an XmR chart keeps NHSRplotthedots' answer (inconsistent) for its NaN limits.
        let limited = |i: usize| !out.lower[i].is_nan() && !out.upper[i].is_nan();
        let assurance = match (target, last) {
            (Some(target), Some(i)) if options.chart == ChartKind::Xmr || limited(i) => {
                Assurance::new(target, out.lower[i], out.upper[i], options.improvement)
            }
            _ => None,
        };
        out.assurance.push(assurance);
        out.assurance_icon.push(assurance.map(Assurance::icon));
    }

    /// Sets the lines, limits, signals and labels of the points `range` of the series that
    /// starts at `first` in `out`.
    fn part(
        &mut self,
        range: std::ops::Range<usize>,
        first: usize,
        options: &ChartOptions,
        out: &mut ChartColumns,
    ) -> ChartPart {
        let kind = options.chart;
        let rows = first + range.start..first + range.end;
        let in_base =
            |i: usize, out: &ChartColumns| out.baseline[first + i] && out.status[first + i] != PointStatus::Excluded;
        let base: Vec<usize> = range.clone().filter(|&i| in_base(i, out)).collect();
        let baseline_points = base.iter().filter(|&&i| !out.status[first + i].is_gap()).count();
        let lines = self.lines(&base, kind, options, baseline_points);
        let k = options.multiplier;
        let clamp = |x: f64, upper: bool| -> f64 {
            if !x.is_finite() {
                f64::NAN
            } else if upper && kind.proportion() && x > 1.0 {
                1.0
            } else if !upper && x < 0.0 && kind != ChartKind::Xmr {
                0.0
            } else {
                x
            }
        };
        for i in range.clone() {
            let row = first + i;
            let (centre, sigma) = (lines.centre, self.sigma_at(i, kind, lines.centre, lines.sigma_z));
            out.centre[row] = lines.drawn * k;
            let (lower, upper, lower2, upper2) = match kind {
                ChartKind::Run => (f64::NAN, f64::NAN, f64::NAN, f64::NAN),
                ChartKind::Xmr => (
                    centre - super::LIMIT * sigma,
                    centre + super::LIMIT * sigma,
                    centre - NEAR_LIMIT * sigma,
                    centre + NEAR_LIMIT * sigma,
                ),
                ChartKind::T => {
                    let back = |x: f64| x.powf(T_POWER);
                    // A negative lower limit is 0, as in qicharts2; one that does not exist (no
                    // σ) stays missing, where qicharts2 draws 0.
                    let low = |x: f64| {
                        if x.is_nan() {
                            f64::NAN
                        } else if x < 0.0 {
                            0.0
                        } else {
                            back(x)
                        }
                    };
                    (
                        low(centre - 3.0 * sigma),
                        back(centre + 3.0 * sigma),
                        low(centre - 2.0 * sigma),
                        back(centre + 2.0 * sigma),
                    )
                }
                _ => (centre - 3.0 * sigma, centre + 3.0 * sigma, centre - 2.0 * sigma, centre + 2.0 * sigma),
            };
            out.lower[row] = clamp(lower, false) * k;
            out.upper[row] = clamp(upper, true) * k;
            out.lower_2sigma[row] = clamp(lower2, false) * k;
            out.upper_2sigma[row] = clamp(upper2, true) * k;
            let y = out.plotted[row];
            out.sigma_signal[row] = y > out.upper[row] || y < out.lower[row];
        }

        // Making Data Count's rules, stretch by stretch between gaps.
        let mut start = rows.start;
        while start < rows.end {
            if out.status[start].is_gap() {
                start += 1;
                continue;
            }
            let end = (start..rows.end).find(|&i| out.status[i].is_gap()).unwrap_or(rows.end);
            let bounds = PointBounds {
                centre: &out.centre[start..end],
                lower: &out.lower[start..end],
                upper: &out.upper[start..end],
                lower_2sigma: &out.lower_2sigma[start..end],
                upper_2sigma: &out.upper_2sigma[start..end],
            };
            let mut points = PointsMut {
                relative_to_mean: &mut out.relative_to_centre[start..end],
                outside_limits: &mut out.outside_limits[start..end],
                close_to_limits: &mut out.close_to_limits[start..end],
                special_cause: &mut out.special_cause[start..end],
                point_type: &mut out.point_type[start..end],
            };
            self.rules.classify(&out.plotted[start..end], &bounds, options.improvement, options.rules, &mut points);
            if options.categorical {
                // Units in no time order: only a point beyond its limits is special.
                let common = PointType::new(SpecialCause::CommonCause, options.improvement);
                for (cause, point_type) in points.special_cause.iter_mut().zip(points.point_type.iter_mut()) {
                    if !matches!(cause, SpecialCause::AboveUcl | SpecialCause::BelowLcl) {
                        (*cause, *point_type) = (SpecialCause::CommonCause, common);
                    }
                }
            }
            start = end;
        }

        let sides = rows.clone().filter(|&i| out.status[i] != PointStatus::Excluded).map(|i| {
            let (y, c) = (out.plotted[i], out.centre[i]);
            if y > c {
                1
            } else if y < c {
                -1
            } else {
                0
            }
        });
        let mut runs = RunsAnalysis::new(sides, options.runs_method);
        runs.signal &= !options.categorical;
        let status = lines.status.unwrap_or(if !kind.has_limits() {
            LimitsStatus::MedianOnly
        } else if baseline_points < options.short_group_threshold {
            LimitsStatus::TrialLimits
        } else {
            LimitsStatus::Limits
        });
        ChartPart {
            start: range.start,
            len: range.len(),
            baseline_points,
            sigma_z: lines.sigma_z,
            runs,
            sigma_signals: rows.filter(|&i| out.sigma_signal[i]).count(),
            status,
        }
    }

    /// σ at point `i` of the series (on the transformed scale for T charts), before the
    /// multiplier; the XmR chart's "σ" is its average moving range.
    fn sigma_at(&self, i: usize, kind: ChartKind, centre: f64, sigma_z: f64) -> f64 {
        let n = self.denominators[i];
        match kind {
            ChartKind::P => (centre * (1.0 - centre) / n).sqrt(),
            ChartKind::PPrime => (centre * (1.0 - centre) / n).sqrt() * sigma_z,
            ChartKind::U => (centre / n).sqrt(),
            ChartKind::UPrime => (centre / n).sqrt() * sigma_z,
            ChartKind::G => (centre * (centre + 1.0)).sqrt(),
            // Xmr and T: one σ for the part, kept in `sigma[0]`.
            ChartKind::Xmr | ChartKind::T => self.sigma.first().copied().unwrap_or(f64::NAN),
            ChartKind::Run => f64::NAN,
        }
    }

    /// The part's centre line (and, for XmR and T charts, its σ in `self.sigma`) from the
    /// baseline points `base`, and why there are no limits where there are none.
    fn lines(&mut self, base: &[usize], kind: ChartKind, options: &ChartOptions, baseline_points: usize) -> PartLines {
        self.sigma.clear();
        let too_few = |needed: usize| (baseline_points < needed).then_some(LimitsStatus::TooFewPoints);
        match kind {
            ChartKind::P | ChartKind::PPrime | ChartKind::U | ChartKind::UPrime => {
                let (mut y, mut n) = (0.0, 0.0);
                for &i in base {
                    if !self.counts[i].is_nan() {
                        y += self.counts[i];
                        n += self.denominators[i];
                    }
                }
                let centre = y / n;
                let flat = centre == 0.0 || (kind.proportion() && centre == 1.0);
                let mut status = too_few(1).or(flat.then_some(LimitsStatus::NoVariation));
                let mut sigma_z = f64::NAN;
                if kind.laney() {
                    self.base.clear();
                    for &i in base {
                        self.base.push((self.raw[i] - centre) / self.sigma_at(i, kind_plain(kind), centre, 1.0));
                    }
                    sigma_z = if options.categorical {
                        sample_sd(&self.base)
                    } else {
                        average_moving_range(&self.base, options.screened_mr, &mut self.sum) / D2
                    };
                    status = status
                        .or(too_few(2))
                        .or((!sigma_z.is_finite() || sigma_z == 0.0).then_some(LimitsStatus::NoVariation));
                }
                PartLines { centre, drawn: centre, sigma_z, status }
            }
            ChartKind::Run => {
                self.base.clear();
                self.base.extend(base.iter().map(|&i| self.raw[i]).filter(|y| !y.is_nan()));
                let centre = median(&mut self.base);
                PartLines { centre, drawn: centre, sigma_z: f64::NAN, status: None }
            }
            ChartKind::Xmr | ChartKind::T => {
                self.base.clear();
                let power = if kind == ChartKind::T { 1.0 / T_POWER } else { 1.0 };
                self.base.extend(base.iter().map(|&i| self.raw[i].powf(power)));
                let limits = Limits::from_baseline(&self.base, options.screened_mr, &mut self.sum);
                // XmR limits are 2.66 average moving ranges (Making Data Count); a T chart's
                // are qicharts2's 3σ of an I chart, σ = the average moving range / 1.128.
                let sigma = if kind == ChartKind::T { limits.amr / D2 } else { limits.amr };
                self.sigma.push(sigma);
                let status = too_few(2).or((!sigma.is_finite() || sigma == 0.0).then_some(LimitsStatus::NoVariation));
                let drawn = if kind == ChartKind::T { limits.mean.powf(T_POWER) } else { limits.mean };
                PartLines { centre: limits.mean, drawn, sigma_z: f64::NAN, status }
            }
            ChartKind::G => {
                self.sum.set(base.iter().map(|&i| self.raw[i]).filter(|y| !y.is_nan()));
                let centre = self.sum.mean();
                self.base.clear();
                self.base.extend(base.iter().map(|&i| self.raw[i]).filter(|y| !y.is_nan()));
                let drawn = median(&mut self.base);
                PartLines { centre, drawn, sigma_z: f64::NAN, status: too_few(1) }
            }
        }
    }
}

/// The chart whose σ a Laney chart scales.
const fn kind_plain(kind: ChartKind) -> ChartKind {
    match kind {
        ChartKind::PPrime => ChartKind::P,
        ChartKind::UPrime => ChartKind::U,
        other => other,
    }
}

/// The median of the values (sorted in place); NaN when there are none.
fn median(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// The sample standard deviation of the finite values, as R's `sd()` of a funnel-style
/// prime chart's z-scores.
fn sample_sd(values: &[f64]) -> f64 {
    let finite = || values.iter().copied().filter(|v| v.is_finite());
    let n = finite().count() as f64;
    let mean = finite().sum::<f64>() / n;
    (finite().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)).sqrt()
}

/// Each point's own limits, for the rules.
struct PointBounds<'a> {
    centre: &'a [f64],
    lower: &'a [f64],
    upper: &'a [f64],
    lower_2sigma: &'a [f64],
    upper_2sigma: &'a [f64],
}

impl Bounds for PointBounds<'_> {
    fn centre(&self, i: usize) -> f64 {
        self.centre[i]
    }

    fn outside(&self, i: usize, y: f64) -> Option<bool> {
        let (lower, upper) = (self.lower[i], self.upper[i]);
        (!(lower.is_nan() && upper.is_nan())).then_some(y > upper || y < lower)
    }

    fn close(&self, i: usize, y: f64) -> Option<bool> {
        self.outside(i, y).map(|outside| !outside && (y < self.lower_2sigma[i] || y > self.upper_2sigma[i]))
    }
}
